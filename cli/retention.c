/* SPDX-License-Identifier: MIT */
/* retention.c — `relmark retention` and `relmark cohorts` (SPEC §3.4): the
 * library counts, this file formats. */
#include "cli.h"
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
    "  --as-of DATE        ignore rows after DATE (and group customers as of DATE)\n"
    "  --by segment|category|none   also per group: each customer's RFM segment or rating\n"
    "                      category at the as-of date (from the same one read)\n"
    "  --segments MAP  --bins N  --ties keep|split  --monetary average|total\n"
    "                      --by segment: scored as by relmark rfm (default map rfm10)\n"
    "  --customers FILE  --scale FILE   --by category: rated as by relmark rate\n"
    "Chart: --plot NAME  the report's chart as an SVG instead (-o FILE.svg; the report's\n"
    "  defaults): curve\n"
    "{reading}\n"
    "Output: --format table|csv|json   --lang en|ru   --excel   --wide\n"
    "  -o, --output FILE   --config FILE ([input], [retention], [output])   -h, --help\n"
    "CSV columns: period, active, retained, retention_rate, churn_rate (rates as fractions\n"
    "0-1 of the previous period's active customers, 4 decimals; empty for the first period).\n"
    "With --by: group, period, active, retained, retention_rate, churn_rate; the overall\n"
    "rows first (group all), then each group's members only. A group is its members at\n"
    "the as-of date: its earlier rows show how today's members behaved then, not the\n"
    "group as it was. Customers in no group (returns only; individuals left out of the\n"
    "rating) count in the overall rows only (their number goes to stderr).\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or no purchase, 66 no input, 71 out of\n"
    "memory, 73 cannot create the output, 74 I/O, 78 config error.\n";

static const char cohorts_usage[] =
    "usage: relmark cohorts FILE [options]\n"
    "\n"
    "Cohort table (SPEC §3.4): customers by the period of their first purchase (cohort)\n"
    "and periods since (0, 1, 2 ...): how many of them bought, and their net sales.\n"
    "\n"
    "  --period month|quarter|year   (default month)\n"
    "  --revenue           the table shows revenue instead of customers\n"
    "  --as-of DATE        ignore rows after DATE\n"
    "Chart: --plot NAME  the report's chart as an SVG instead (-o FILE.svg; the report's\n"
    "  defaults): heatmap\n"
    "{reading}\n"
    "Output: --format table|csv|json   --lang en|ru   --excel   --wide   --decimals N\n"
    "  -o, --output FILE   --config FILE ([input], [retention], [output])   -h, --help\n"
    "CSV columns: cohort, period, customers, revenue.\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or no purchase, 66 no input, 71 out of\n"
    "memory, 73 cannot create the output, 74 I/O, 78 config error.\n";

static const cli_option cohorts_options[] = {CLI_OPT_PERIOD, CLI_SWITCH_AT("revenue", revenue), CLI_OPT_PLOT, {0}};

/* retention: --by and the options of the grouping (rfm's, rate's) */
static const cli_option retention_options[] = {
    CLI_OPT_PERIOD, CLI_OPT_BY,        CLI_OPT_SEGMENTS, CLI_OPT_BINS, CLI_OPT_TIES,
    CLI_OPT_MONETARY, CLI_OPT_CUSTOMERS, CLI_OPT_SCALE,  CLI_OPT_PLOT, {0}};
/* no --revenue: retention has no revenue to show (cohorts' key, which a
 * [retention] section still sets for both: options.c finds it in cohorts') */

static int run_cohorts(cli_ctx *c);
static int run_retention(cli_ctx *c);

/* no money in its output (rates, counts, scores with fixed decimals:
 * docs/cli.md): --decimals is refused, not ignored */
static const char *const no_decimals[] = {"decimals", NULL};

const cli_command cli_retention = {
    .common_not = no_decimals,
    .name = "retention",
    .summary = {"retention and churn per month, quarter or year", NULL},
    .usage = retention_usage,
    .file = "transactions",
    .options = retention_options,
    .section = "retention",
    .run = run_retention,
};

const cli_command cli_cohorts = {
    .name = "cohorts",
    .summary = {"cohort table: customers and revenue by first-purchase period", NULL},
    .usage = cohorts_usage,
    .file = "transactions",
    .options = cohorts_options,
    .section = "retention",
    .run = run_cohorts,
};

/* num/den as a fraction 0..1 rounded half away from zero to 4 decimals */
static void fraction4(char *b, size_t num, size_t den)
{
    unsigned long long q = ((unsigned long long)num * 20000ULL + den) / (2ULL * den);
    snprintf(b, 32, "%llu.%04llu", q / 10000, q % 10000);
}

/* --by: each customer's group at the as-of date, from relmark rfm's scoring
 * or relmark rate's rating on the same customer book. */
typedef struct grouping {
    int by;              /* CLI_BY_SEGMENT or CLI_BY_CATEGORY */
    rmk_segmap *map;
    rmk_rfm *rfm;
    rmk_scale *scale;    /* category: --scale, or NULL for the shipped one */
    rmk_rating *rating;
    int32_t as_of;
    const rmk_activity *activity; /* counted by group: what view_by_group prints */
} grouping;

static void grouping_free(grouping *g)
{
    rmk_rfm_free(g->rfm);
    rmk_segmap_free(g->map);
    rmk_rating_free(g->rating);
    rmk_scale_free(g->scale);
}

/* The map or the scale, before the read. Returns 0 or the exit code. */
static int grouping_prepare(grouping *g, cli_opts *o)
{
    rmk_status st = RMK_OK;
    g->by = o->by;
    if (o->by == CLI_BY_CATEGORY) return cli_open_scale(o, &g->scale);
    if (o->segments && !strcmp(o->segments, "none")) {
        fprintf(stderr, "relmark: --by segment needs a segment map, not --segments none\n");
        return 64;
    }
    g->map = cli_open_map(o, &st);
    if (!g->map) {
        if (st == RMK_OK) /* rfm10 with other than 5 groups */
            fprintf(stderr, "relmark: the built-in map rfm10 is for 5 groups; with "
                            "--bins %d give --segments FILE\n", o->bins);
        return st == RMK_OK ? 64 : rmk_status_exit_code(st);
    }
    return 0;
}

/* The groups on the book: fills g. Returns 0 or the exit code (message printed). */
static int grouping_open(grouping *g, cli_opts *o, const rmk_book *book)
{
    char err[512];
    rmk_status st;
    if (o->by == CLI_BY_SEGMENT) {
        rmk_rfm_opts ro;
        rmk_rfm_opts_init(&ro);
        ro.as_of = o->as_of;
        ro.bins = o->bins;
        ro.ties = o->ties;
        ro.monetary = o->monetary;
        ro.segments = g->map;
        st = rmk_rfm_score(rmk_book_agg(book), &ro, &g->rfm, err, sizeof err);
        if (st != RMK_OK) {
            fprintf(stderr, "relmark: %s: %s\n", rmk_book_path(book), err);
            return rmk_status_exit_code(st);
        }
        g->as_of = rmk_rfm_as_of(g->rfm);
        return 0;
    }
    rmk_rate_opts ro;
    rmk_rate_opts_init(&ro);
    ro.as_of = o->as_of;
    ro.scale = g->scale;
    st = rmk_rate_run(book, &ro, &g->rating, err, sizeof err);
    if (st != RMK_OK) {
        fprintf(stderr, "relmark: %s\n", err);
        return rmk_status_exit_code(st);
    }
    g->as_of = rmk_rating_as_of(g->rating);
    return 0;
}

/* key (CSV, JSON) or name in lang (table) of group i */
static const char *group_label(const grouping *g, size_t i, int table, const char *lang)
{
    if (g->by == CLI_BY_SEGMENT)
        return table ? rmk_segmap_name(g->map, (int)i, lang) : rmk_segmap_key(g->map, (int)i);
    const rmk_scale *s = rmk_rating_scale(g->rating);
    return table ? rmk_scale_category_name(s, (int)i, lang) : rmk_scale_category_key(s, (int)i);
}

/* Period i's label into lab (64 bytes) and, for CSV and JSON, its days up
 * to the as-of date and whether it is partial (docs/retention.md, "A
 * partial last period"); a table shows a partial period's days beside its
 * label instead: "2026-06 (15 of 30 days)". */
static const char *period_cells(const out *w, const rmk_activity *x, size_t i, char lab[64],
                                char days[16], char partial[4])
{
    int covered, n, part = rmk_activity_partial(x, i, &covered, &n);
    rmk_activity_label(x, i, lab);
    out_int(days, covered);
    snprintf(partial, 4, "%d", part);
    if (part && w->fmt == FMT_TABLE)
        snprintf(lab + strlen(lab), 48, w->ru ? " (%d из %d дн.)" : " (%d of %d days)", covered, n);
    return lab;
}

/* The rows of one group (g = SIZE_MAX: all customers), with `group` in the
 * first cell when it is not NULL; CSV and JSON end with days and partial. */
static void retention_rows(out *w, const rmk_activity *x, size_t g, const char *group)
{
    size_t np = rmk_activity_periods(x);
    char lab[64], days[16], part[4];
    for (size_t i = 0; i < np; i++) {
        rmk_retention r, p;
        if (g == SIZE_MAX) rmk_activity_retention(x, i, &r);
        else rmk_activity_group_retention(x, g, i, &r);
        char a[32], rt[32] = "", rr[32] = "", cr[32] = "";
        snprintf(a, sizeof a, "%zu", r.active);
        if (i > 0) snprintf(rt, sizeof rt, "%zu", r.retained);
        if (r.has_previous) {
            if (g == SIZE_MAX) rmk_activity_retention(x, i - 1, &p);
            else rmk_activity_group_retention(x, g, i - 1, &p);
            fraction4(rr, r.retained, p.active);
            fraction4(cr, p.active - r.retained, p.active);
        }
        const char *row[8] = {group, period_cells(w, x, i, lab, days, part), a, rt, rr, cr, days, part};
        out_table_row(w, group ? row : row + 1);
    }
}

/* Reads the book of FILE (the days; for the categories also the invoices'
 * payments and the customers file, in the same one read), its groups
 * when by is not CLI_BY_NONE, and the activity. 0 or the exit code. */
static int read_activity(cli_ctx *c, int by, grouping *g, rmk_book **book, rmk_activity **x)
{
    cli_opts *o = c->o;
    o->read.as_of = o->as_of;
    int rc = by != CLI_BY_NONE ? grouping_prepare(g, o) : 0;
    if (rc) return rc;
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_DAYS | (by == CLI_BY_CATEGORY ? RMK_BOOK_PAYMENTS : 0) |
              (by == CLI_BY_SEGMENT ? RMK_BOOK_RFM : 0);
    if (by == CLI_BY_CATEGORY) bo.customers = o->customers;
    cli_read_begin(c, c->path);
    rc = cli_read_end(c, rmk_book_read(c->path, &o->read, &bo, book, c->err, sizeof c->err), c->err);
    if (!rc && by != CLI_BY_NONE) rc = grouping_open(g, o, *book);
    if (rc) return rc;
    rmk_status st;
    rmk_period p = (rmk_period)o->period;
    if (by == CLI_BY_SEGMENT)
        st = rmk_activity_run_by_segment(*book, p, g->rfm, rmk_segmap_count(g->map), x, c->err,
                                         sizeof c->err);
    else if (by == CLI_BY_CATEGORY)
        st = rmk_activity_run_by_category(*book, p, g->rating, x, c->err, sizeof c->err);
    else
        st = rmk_activity_run(*book, p, x, c->err, sizeof c->err);
    if (st != RMK_OK) return cli_error(rmk_status_exit_code(st), "%s", c->err);
    rmk_activity_stats as;
    rmk_activity_get_stats(*x, &as);
    cli_note_skipped(as.rows_skipped, NULL, as.first_error);
    return 0;
}

/* retention of every customer, one row a period */
static void print_retention(out *w, const cli_opts *o, const void *x)
{
    static const char *keys[7] = {"period", "active", "retained", "retention_rate", "churn_rate",
                                  "days", "partial"};
    static const char *ru_l[5] = {"период", "активных", "удержано", "удержание", "отток"};
    char d[16];
    out_json(w, "{");
    cli_json_columns(w, o);
    out_json(w, "\"as_of\": \"%s\", \"retention\": ", rmk_date_format_iso(rmk_activity_as_of(x), d));
    out_table_begin(w, w->fmt == FMT_TABLE ? 5 : 7, keys, !strcmp(o->lang, "ru") ? ru_l : keys, "snnnnnn");
    retention_rows(w, x, SIZE_MAX, NULL);
    out_table_end(w);
    out_json(w, "}\n");
}

/* retention of all, then of each group's members at the as-of date */
static void view_by_group(out *w, const cli_opts *o, const void *arg)
{
    const grouping *g = arg;
    const rmk_activity *x = g->activity;
    static const char *keys[8] = {"group", "period", "active", "retained", "retention_rate", "churn_rate",
                                  "days", "partial"};
    static const char *ru_l[6] = {"группа", "период", "активных", "удержано", "удержание", "отток"};
    int R = !strcmp(o->lang, "ru"), table = w->fmt == FMT_TABLE;
    char d[16];
    rmk_date_format_iso(g->as_of, d);
    out_json(w, "{");
    cli_json_columns(w, o);
    out_json(w, "\"by\": \"%s\", \"as_of\": \"%s\", \"ungrouped\": %zu, \"retention\": ",
             g->by == CLI_BY_SEGMENT ? "segment" : "category", d, rmk_activity_ungrouped(x));
    if (g->by == CLI_BY_SEGMENT)
        out_text(w, R ? "Удержание по RFM-сегментам (%s): клиенты по сегменту на %s\n\n"
                      : "Retention by RFM segment (%s): customers by their segment as of %s\n\n",
                 rmk_segmap_title(g->map, o->lang), d);
    else
        out_text(w, R ? "Удержание по категориям рейтинга: клиенты по категории на %s\n\n"
                      : "Retention by rating category: clients by their category as of %s\n\n",
                 d);
    out_table_begin(w, table ? 6 : 8, keys, R ? ru_l : keys, "ssnnnnnn");
    retention_rows(w, x, SIZE_MAX, table ? (R ? "Все" : "All") : "all");
    for (size_t k = 0; k < rmk_activity_groups(x); k++)
        retention_rows(w, x, k, group_label(g, k, table, o->lang));
    out_table_end(w);
    out_json(w, "}\n");
}

static int run_retention(cli_ctx *c)
{
    const cli_opts *o = c->o;
    rmk_activity *x = NULL;
    rmk_book *book = NULL;
    grouping g = {0};
    int rc = read_activity(c, o->by, &g, &book, &x);
    if (!rc && o->by != CLI_BY_NONE) {
        size_t n = rmk_activity_ungrouped(x);
        cli_note(n, "customer", "in no %s (%s): counted in the overall rows only",
                 o->by == CLI_BY_SEGMENT ? "RFM segment" : "category",
                 o->by == CLI_BY_SEGMENT ? "returns only, not scored"
                 : n > 1                 ? "individuals, left out of the rating"
                                         : "an individual, left out of the rating");
    }
    g.activity = x;
    if (!rc && o->by == CLI_BY_NONE) c->as_of = rmk_activity_as_of(x); /* by: its title has it */
    if (!rc) rc = o->by == CLI_BY_NONE ? cli_print(c, print_retention, x) : cli_print(c, view_by_group, &g);
    rmk_activity_free(x);
    grouping_free(&g); /* the scoring and the rating point into the book */
    rmk_book_free(book);
    return rc;
}

/* the cohort triangle of a table: cohorts down, periods since across */
static void print_triangle(out *w, const cli_opts *o, const void *x)
{
    int R = !strcmp(o->lang, "ru");
    size_t np = rmk_activity_periods(x);
    /* a partial last period: its cells (the diagonal) marked '*', and a line says why */
    int covered, ndays, part = rmk_activity_partial(x, np - 1, &covered, &ndays);
    const char **head = calloc(np + 2, sizeof *head);
    char (*hbuf)[24] = calloc(np + 2, sizeof *hbuf);
    char *types = calloc(np + 3, 1);
    const char **row = calloc(np + 2, sizeof *row);
    char (*cellbuf)[32] = calloc(np + 2, sizeof *cellbuf);
    if (!head || !hbuf || !types || !row || !cellbuf) {
        w->failed = 1;
    } else {
        head[0] = R ? "когорта" : "cohort";
        head[1] = R ? "клиентов" : "customers";
        types[0] = 's';
        types[1] = 'n';
        for (size_t k = 0; k < np; k++) {
            head[k + 2] = out_int(hbuf[k + 2], (long long)k);
            types[k + 2] = 'n';
        }
        out_table_begin(w, (int)np + 2, head, head, types);
        for (size_t c = 0; c < np; c++) {
            char lb[16];
            row[0] = rmk_activity_label(x, c, lb);
            row[1] = out_int(cellbuf[1], (long long)rmk_activity_cohort_size(x, c));
            for (size_t k = 0; k < np; k++) {
                cellbuf[k + 2][0] = 0;
                if (k < np - c) {
                    rmk_cohort_cell cc;
                    rmk_activity_cohort(x, c, k, &cc);
                    if (o->revenue) rmk_money_format(cc.revenue, o->decimals, '.', cellbuf[k + 2]);
                    else out_int(cellbuf[k + 2], (long long)cc.customers);
                    if (k == np - 1 - c && part) strcat(cellbuf[k + 2], "*");
                }
                row[k + 2] = cellbuf[k + 2];
            }
            out_table_row(w, row);
        }
        out_table_end(w);
        if (part) {
            char lb[16];
            rmk_activity_label(x, np - 1, lb);
            out_text(w, R ? "* %s: неполный период, %d из %d дн. до даты анализа\n"
                          : "* %s: a partial period, %d of its %d days up to the as-of date\n",
                     lb, covered, ndays);
        }
    }
    free(head);
    free(hbuf);
    free(types);
    free(row);
    free(cellbuf);
}

/* CSV, JSON: one row a cohort and period since */
static void print_cohort_cells(out *w, const cli_opts *o, const void *x)
{
    static const char *keys[6] = {"cohort", "period", "customers", "revenue", "days", "partial"};
    size_t np = rmk_activity_periods(x);
    char d[16];
    out_json(w, "{");
    cli_json_columns(w, o);
    out_json(w, "\"as_of\": \"%s\", \"cohorts\": ", rmk_date_format_iso(rmk_activity_as_of(x), d));
    out_table_begin(w, 6, keys, keys, "snnnnn");
    for (size_t c = 0; c < np; c++)
        for (size_t k = 0; k < np - c; k++) {
            rmk_cohort_cell cc;
            rmk_activity_cohort(x, c, k, &cc);
            char kb[32], cu[32], rv[32], lb[16], dy[16], pt[4];
            int covered, ndays, part = rmk_activity_partial(x, c + k, &covered, &ndays);
            out_int(kb, (long long)k);
            out_int(cu, (long long)cc.customers);
            out_int(dy, covered);
            snprintf(pt, sizeof pt, "%d", part);
            rmk_money_format(cc.revenue, o->decimals, '.', rv);
            const char *row[6] = {rmk_activity_label(x, c, lb), kb, cu, rv, dy, pt};
            out_table_row(w, row);
        }
    out_table_end(w);
    out_json(w, "}\n");
}

static int run_cohorts(cli_ctx *c)
{
    rmk_activity *x = NULL;
    rmk_book *book = NULL;
    grouping g = {0};
    int rc = read_activity(c, CLI_BY_NONE, &g, &book, &x); /* a config's [retention] by is not for cohorts */
    if (!rc) c->as_of = rmk_activity_as_of(x);
    if (!rc) rc = cli_print(c, c->o->format == FMT_TABLE ? print_triangle : print_cohort_cells, x);
    rmk_activity_free(x);
    rmk_book_free(book);
    return rc;
}
