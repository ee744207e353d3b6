/* retention.c — `relmark retention` and `relmark cohorts` (SPEC §3.4): the
 * library counts, this file formats. */
#include "cli.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char retention_usage[] =
    "usage: relmark retention FILE [options]\n"
    "\n"
    "Retention and churn per period (lecture §1 and §4): of the customers who bought in\n"
    "the previous period, the share who bought again in this one. A purchase is a row\n"
    "with amount >= 0; periods run from the first to the last purchase.\n"
    "\n"
    "  --period month|quarter|year   (default month)\n"
    "  --as-of DATE        ignore rows after DATE\n"
    "Reading: --map, --no-header, --delimiter, --encoding, --date-format, --skip-bad\n"
    "  as for relmark rfm (relmark rfm --help)\n"
    "Output: --format table|csv|json   --lang en|ru   --excel   -o FILE   --config FILE\n"
    "CSV columns: period, active, retained, retention_rate, churn_rate (rates as fractions\n"
    "0-1 of the previous period's active customers, 4 decimals; empty for the first period).\n";

static const char cohorts_usage[] =
    "usage: relmark cohorts FILE [options]\n"
    "\n"
    "Cohort table (SPEC §3.4): customers by the period of their first purchase (cohort)\n"
    "and periods since (0, 1, 2 ...): how many of them bought, and their net sales.\n"
    "\n"
    "  --period month|quarter|year   (default month)\n"
    "  --revenue           the table shows revenue instead of customers\n"
    "  --as-of DATE        ignore rows after DATE\n"
    "Reading: as for relmark rfm.   Output: --format table|csv|json --lang --excel -o --decimals\n"
    "CSV columns: cohort, period, customers, revenue.\n";

enum { O_PERIOD = CLI_O_OWN, O_REVENUE };

static const struct option longopts[] = {
    {"period", required_argument, 0, O_PERIOD},
    {"revenue", no_argument, 0, O_REVENUE},
    CLI_COMMON_OPTIONS,
    {0, 0, 0, 0}};

/* num/den as a fraction 0..1 rounded half away from zero to 4 decimals */
static void fraction4(char *b, size_t num, size_t den)
{
    unsigned long long q = ((unsigned long long)num * 20000ULL + den) / (2ULL * den);
    snprintf(b, 32, "%llu.%04llu", q / 10000, q % 10000);
}

static int run(int argc, char **argv, int cohorts)
{
    cli_opts o;
    cli_opts_init(&o);
    int rc = cli_parse_args(&o, argc, argv, longopts, cohorts ? cohorts_usage : retention_usage,
                            cohorts ? "relmark cohorts" : "relmark retention",
                            "missing the transactions FILE");
    if (rc >= 0) {
        cli_opts_free(&o);
        return rc;
    }
    const char *path = argv[optind];
    rmk_activity *x = NULL;
    char err[512];
    o.read.as_of = o.as_of;
    rmk_status st = rmk_activity_read_file(path, &o.read, (rmk_period)o.period, &x, err, sizeof err);
    if (st != RMK_OK) {
        fprintf(stderr, "relmark: %s\n", err);
        cli_opts_free(&o);
        return rmk_status_exit_code(st);
    }
    int R = !strcmp(o.lang, "ru");
    out w;
    if (out_open(&w, o.output, o.format, o.excel)) {
        rmk_activity_free(x);
        cli_opts_free(&o);
        return 73;
    }
    size_t np = rmk_activity_periods(x);
    char lab[16];
    if (!cohorts) {
        static const char *keys[5] = {"period", "active", "retained", "retention_rate", "churn_rate"};
        static const char *ru_l[5] = {"период", "активных", "удержано", "удержание", "отток"};
        if (o.format == FMT_JSON) fputs("{\"retention\": ", w.f);
        out_table_begin(&w, 5, keys, R ? ru_l : keys, "snnnn");
        for (size_t i = 0; i < np; i++) {
            rmk_retention r;
            rmk_activity_retention(x, i, &r);
            char a[32], rt[32] = "", rr[32] = "", cr[32] = "";
            snprintf(a, sizeof a, "%zu", r.active);
            if (i > 0) snprintf(rt, sizeof rt, "%zu", r.retained);
            if (r.has_previous) {
                rmk_retention p;
                rmk_activity_retention(x, i - 1, &p);
                fraction4(rr, r.retained, p.active);
                fraction4(cr, p.active - r.retained, p.active);
            }
            const char *row[5] = {rmk_activity_label(x, i, lab), a, rt, rr, cr};
            out_table_row(&w, row);
        }
        out_table_end(&w);
        if (o.format == FMT_JSON) fputs("}\n", w.f);
    } else if (o.format == FMT_TABLE) {
        /* a triangle: cohorts down, periods since across */
        const char **head = calloc(np + 2, sizeof *head);
        char **hbuf = calloc(np + 2, sizeof *hbuf);
        char *types = calloc(np + 3, 1);
        const char **row = calloc(np + 2, sizeof *row);
        char (*cellbuf)[32] = calloc(np + 2, sizeof *cellbuf);
        if (!head || !hbuf || !types || !row || !cellbuf) {
            w.failed = 1;
        } else {
            head[0] = R ? "когорта" : "cohort";
            head[1] = R ? "клиентов" : "customers";
            types[0] = 's';
            types[1] = 'n';
            for (size_t k = 0; k < np; k++) {
                hbuf[k + 2] = malloc(24);
                if (hbuf[k + 2]) snprintf(hbuf[k + 2], 24, "%zu", k);
                head[k + 2] = hbuf[k + 2] ? hbuf[k + 2] : "";
                types[k + 2] = 'n';
            }
            out_table_begin(&w, (int)np + 2, head, head, types);
            for (size_t c = 0; c < np; c++) {
                char lb[16];
                row[0] = rmk_activity_label(x, c, lb);
                snprintf(cellbuf[1], 32, "%zu", rmk_activity_cohort_size(x, c));
                row[1] = cellbuf[1];
                for (size_t k = 0; k < np; k++) {
                    cellbuf[k + 2][0] = 0;
                    if (k < np - c) {
                        rmk_cohort_cell cc;
                        rmk_activity_cohort(x, c, k, &cc);
                        if (o.revenue) rmk_money_format(cc.revenue, o.decimals, '.', cellbuf[k + 2]);
                        else snprintf(cellbuf[k + 2], 32, "%zu", cc.customers);
                    }
                    row[k + 2] = cellbuf[k + 2];
                }
                out_table_row(&w, row);
            }
            out_table_end(&w);
        }
        for (size_t k = 0; hbuf && k < np + 2; k++) free(hbuf[k]);
        free(head);
        free(hbuf);
        free(types);
        free(row);
        free(cellbuf);
    } else {
        static const char *keys[4] = {"cohort", "period", "customers", "revenue"};
        if (o.format == FMT_JSON) fputs("{\"cohorts\": ", w.f);
        out_table_begin(&w, 4, keys, keys, "snnn");
        for (size_t c = 0; c < np; c++)
            for (size_t k = 0; k < np - c; k++) {
                rmk_cohort_cell cc;
                rmk_activity_cohort(x, c, k, &cc);
                char kb[32], cu[32], rv[32], lb[16];
                snprintf(kb, sizeof kb, "%zu", k);
                snprintf(cu, sizeof cu, "%zu", cc.customers);
                rmk_money_format(cc.revenue, o.decimals, '.', rv);
                const char *row[4] = {rmk_activity_label(x, c, lb), kb, cu, rv};
                out_table_row(&w, row);
            }
        out_table_end(&w);
        if (o.format == FMT_JSON) fputs("}\n", w.f);
    }
    rc = out_close(&w) ? 74 : 0;
    rmk_activity_free(x);
    cli_opts_free(&o);
    return rc;
}

int cmd_retention(int argc, char **argv) { return run(argc, argv, 0); }
int cmd_cohorts(int argc, char **argv) { return run(argc, argv, 1); }
