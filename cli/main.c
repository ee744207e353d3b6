/* main.c — `relmark <command>`: one table of the commands, from which the
 * dispatch, `relmark --help` and the suggestion for a mistyped command
 * come. */
#include "cli.h"
#include <stdio.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is "relmark": getopt names it */
    const char *summary[2];            /* one or two lines for relmark --help */
} command;

static const command commands[] = {
    {"report", cmd_report,
     {"the whole picture: every analysis the files allow, as one HTML page with",
      "charts (or an XLSX workbook)"}},
    {"demo", cmd_demo, {"the report of the shipped samples (CDNOW; a B2B firm), to look at first", NULL}},
    {"rfm", cmd_rfm, {"RFM scores, codes and segments of every customer", NULL}},
    {"rate", cmd_rate, {"corporate clients on the client rating scale: points, category, package", NULL}},
    {"retention", cmd_retention, {"retention and churn per month, quarter or year", NULL}},
    {"cohorts", cmd_cohorts, {"cohort table: customers and revenue by first-purchase period", NULL}},
    {"stages", cmd_stages, {"life cycle: ladder stage, Grönroos phase, B2B stage, bond level, migration", NULL}},
    {"feedback", cmd_feedback,
     {"NPS and satisfaction per client, segment and category, with trend;",
      "--alert: key clients whose latest score dropped"}},
    {"abcxyz", cmd_abcxyz, {"ABC-XYZ analysis of the clients, the 9-cell matrix; top-20% share, Gini, HHI", NULL}},
    {"clv", cmd_clv,
     {"lifetime value: BG/NBD or Pareto/NBD and Gamma-Gamma fits, CLV per customer,",
      "holdout check, the +5-points retention what-if"}},
    {"portfolio", cmd_portfolio,
     {"the customer portfolio: parameters, attractiveness x relationship strength",
      "matrix, strategies, retention budget split"}},
    {"survey", cmd_survey,
     {"relationship quality from a client survey: component indices 0-100,",
      "overall index, weak relationships; --summary: Cronbach's alpha"}},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void help(FILE *f)
{
    fputs("usage: relmark <command> [options]\n\n"
          "Relationship-marketing analytics for services firms (lecture methods on your exports).\n\n"
          "Commands:\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        fprintf(f, "  %-9s %s  %s\n", commands[i].name, strcmp(commands[i].name, "demo") ? "FILE" : "    ",
                commands[i].summary[0]);
        if (commands[i].summary[1]) fprintf(f, "                  %s\n", commands[i].summary[1]);
    }
    fputs("\n"
          "  relmark <command> --help    options of a command\n"
          "  relmark --version           the version\n"
          "\n"
          "Docs: docs/ in the source tree, and relmark(1).\n", f);
}

static const command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(name, commands[i].name)) return &commands[i];
    return NULL;
}

/* Damerau-Levenshtein distance (adjacent transpositions count 1) of two
 * short words; 99 when either is long */
static int distance(const char *a, const char *b)
{
    size_t m = strlen(a), n = strlen(b);
    if (m > 30 || n > 30) return 99;
    int d[32][32];
    for (size_t i = 0; i <= m; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= n; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= m; i++)
        for (size_t j = 1; j <= n; j++) {
            int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
                c = d[i - 2][j - 2] + 1;
            d[i][j] = c;
        }
    return d[m][n];
}

/* the command nearest to a mistyped one (at most 2 edits), or NULL */
static const command *nearest(const char *name)
{
    const command *best = NULL;
    int bd = 3;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        int d = distance(name, commands[i].name);
        if (d < bd) bd = d, best = &commands[i];
    }
    return best;
}

/* runs c; every message of relmark starts "relmark: " (getopt's too, which
 * names argv[0]) -- one error prefix for the whole program */
static int run(const command *c, int argc, char **argv)
{
    argv[0] = "relmark";
    return c->run(argc, argv);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return 64;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        const command *c = argc > 2 ? find(argv[2]) : NULL;
        if (c) {
            char *av[] = {NULL, "--help", NULL};
            return run(c, 2, av);
        }
        help(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("relmark %s\n", RELMARK_VERSION);
        return 0;
    }
    const command *c = find(cmd);
    if (c) return run(c, argc - 1, argv + 1);
    const command *near = nearest(cmd);
    if (near)
        fprintf(stderr, "relmark: unknown command '%s'; did you mean '%s'?\nTry 'relmark --help'.\n", cmd,
                near->name);
    else
        fprintf(stderr, "relmark: unknown command '%s'\nTry 'relmark --help'.\n", cmd);
    return 64;
}
