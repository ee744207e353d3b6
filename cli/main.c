/* main.c — `relmark <command>`: dispatch and top-level help. */
#include "cli.h"
#include <stdio.h>
#include <string.h>

static const char help_text[] =
    "usage: relmark <command> [options]\n"
    "\n"
    "Relationship-marketing analytics for services firms (lecture methods on your exports).\n"
    "\n"
    "Commands:\n"
    "  rfm FILE      RFM scores, codes and segments of every customer\n"
    "  rate FILE     corporate clients on the client rating scale: points, category, package\n"
    "  retention FILE   retention and churn per month, quarter or year\n"
    "  cohorts FILE  cohort table: customers and revenue by first-purchase period\n"
    "  stages FILE   life cycle: ladder stage, Grönroos phase, B2B stage, bond level, migration\n"
    "  feedback FILE   NPS and satisfaction per client, segment and category, with trend;\n"
    "                --alert: key clients whose latest score dropped\n"
    "  abcxyz FILE   ABC-XYZ analysis of the clients, the 9-cell matrix; top-20% share, Gini, HHI\n"
    "  clv FILE      lifetime value: BG/NBD or Pareto/NBD and Gamma-Gamma fits, CLV per customer,\n"
    "                holdout check, the +5-points retention what-if\n"
    "  portfolio FILE   the customer portfolio: parameters, attractiveness x relationship\n"
    "                strength matrix, strategies, retention budget split\n"
    "  survey FILE   relationship quality from a client survey: component indices 0-100,\n"
    "                overall index, weak relationships; --summary: Cronbach's alpha\n"
    "\n"
    "  relmark <command> --help    options of a command\n"
    "  relmark --version           the version\n"
    "\n"
    "Docs: docs/ in the source tree, and relmark(1).\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(help_text, stderr);
        return 64;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        if (argc > 2 && !strcmp(argv[2], "rfm")) {
            char *av[] = {"relmark rfm", "--help", NULL};
            return cmd_rfm(2, av);
        }
        if (argc > 2 && (!strcmp(argv[2], "retention") || !strcmp(argv[2], "cohorts"))) {
            int coh = !strcmp(argv[2], "cohorts");
            char *av[] = {coh ? "relmark cohorts" : "relmark retention", "--help", NULL};
            return coh ? cmd_cohorts(2, av) : cmd_retention(2, av);
        }
        if (argc > 2 && !strcmp(argv[2], "portfolio")) {
            char *av[] = {"relmark portfolio", "--help", NULL};
            return cmd_portfolio(2, av);
        }
        if (argc > 2 && !strcmp(argv[2], "clv")) {
            char *av[] = {"relmark clv", "--help", NULL};
            return cmd_clv(2, av);
        }
        if (argc > 2 && !strcmp(argv[2], "abcxyz")) {
            char *av[] = {"relmark abcxyz", "--help", NULL};
            return cmd_abcxyz(2, av);
        }
        if (argc > 2 && !strcmp(argv[2], "stages")) {
            char *av[] = {"relmark stages", "--help", NULL};
            return cmd_stages(2, av);
        }
        if (argc > 2 && !strcmp(argv[2], "rate")) {
            char *av[] = {"relmark rate", "--help", NULL};
            return cmd_rate(2, av);
        }
        if (argc > 2 && !strcmp(argv[2], "feedback")) {
            char *av[] = {"relmark feedback", "--help", NULL};
            return cmd_feedback(2, av);
        }
        if (argc > 2 && !strcmp(argv[2], "survey")) {
            char *av[] = {"relmark survey", "--help", NULL};
            return cmd_survey(2, av);
        }
        fputs(help_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("relmark %s\n", RELMARK_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "retention") || !strcmp(cmd, "cohorts")) {
        int coh = !strcmp(cmd, "cohorts");
        argv[1] = coh ? "relmark cohorts" : "relmark retention";
        return coh ? cmd_cohorts(argc - 1, argv + 1) : cmd_retention(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "portfolio")) {
        argv[1] = "relmark portfolio";
        return cmd_portfolio(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "clv")) {
        argv[1] = "relmark clv";
        return cmd_clv(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "abcxyz")) {
        argv[1] = "relmark abcxyz";
        return cmd_abcxyz(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "stages")) {
        argv[1] = "relmark stages";
        return cmd_stages(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "rate")) {
        argv[1] = "relmark rate";
        return cmd_rate(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "feedback")) {
        argv[1] = "relmark feedback";
        return cmd_feedback(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "survey")) {
        argv[1] = "relmark survey";
        return cmd_survey(argc - 1, argv + 1);
    }
    if (!strcmp(cmd, "rfm")) {
        argv[1] = "relmark rfm"; /* getopt names the program in its messages */
        return cmd_rfm(argc - 1, argv + 1);
    }
    fprintf(stderr, "relmark: unknown command '%s'\nTry 'relmark --help'.\n", cmd);
    return 64;
}
