/* SPDX-License-Identifier: MIT */
/* rfm.c — `relmark rfm`: read, aggregate, score, print. Nothing analytic
 * here: the library computes, this file formats. */
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: relmark rfm FILE [options]\n"
    "\n"
    "Score every customer on recency, frequency and monetary value (lecture §3, FRM):\n"
    "recency = days from the last purchase to the as-of date, frequency = distinct\n"
    "purchases (invoices, or customer-days without an invoice column), monetary =\n"
    "average purchase value; scores 1-5 by quintile, 5 best; code RFM; segment.\n"
    "FILE is a CSV/TSV/blank-separated export of transactions; '-' reads stdin.\n"
    "\n"
    "Scoring:\n"
    "  --as-of DATE        analysis at the end of DATE (default: latest transaction date)\n"
    "  --ties keep|split   keep: equal values share a score (default); split: SQL NTILE\n"
    "  --bins N            N score groups instead of 5 (2..9)\n"
    "  --cuts r=30,90,180,365   your cut-points instead of equal groups (also f=, m=;\n"
    "                      bins - 1 rising values each): R scores bins up to 30 days,\n"
    "                      one less past each cut; F and M one more from each cut on\n"
    "  --monetary average|total   average purchase value (default) or total value\n"
    "  --segments MAP      rfm10 (default), relationship, none, or an INI file\n"
    "                      (docs/segment-maps.md; ./none for a file called none)\n"
    "  --summary           cut-offs of each score, counts and means per segment and code\n"
    "  --decimals N        decimals of money in the output, 0..4 (default 2)\n"
    "Chart: --plot NAME  the report's chart as an SVG instead (-o FILE.svg; the report's\n"
    "  defaults): heatmap, monetary, segments, revenue\n"
    "{reading}\n"
    "Output:\n"
    "  --format table|csv|json   (default table)\n"
    "  --lang en|ru        labels and segment names\n"
    "  --excel             CSV for Excel: BOM, ';' and decimal comma\n"
    "  --wide              a table with every column (else fitted to COLUMNS or the\n"
    "                      terminal; the columns left out are named)\n"
    "  -o, --output FILE   write to FILE (atomically) instead of stdout\n"
    "  --config FILE       defaults from an INI file ([input], [rfm], [output])\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or nothing to score, 66 no input,\n"
    "71 out of memory, 73 cannot create the output, 74 I/O, 78 config error.\n"
    "See docs/rfm.md, docs/cli.md and relmark(1).\n";

/* one measure's cut-points, "r=30,90,180,365": r and f whole numbers >= 0,
 * m amounts; 0 or -1 (message printed) */
static int cuts_of(cli_opts *o, const char *name, const char *v, size_t len, const char *where)
{
    int k = len > 2 && v[1] == '=' ? (int)(strchr("rfmRFM", v[0]) ? (strchr("rfm", v[0] | 0x20) - "rfm") : -1) : -1;
    const char *how = "r=DAYS,... f=PURCHASES,... m=AMOUNT,... (bins - 1 rising values each), "
                      "e.g. r=30,90,180,365";
    if (k < 0) return cli_bad(where, name, v, how);
    int n = 0;
    for (const char *p = v + 2, *end = v + len; p < end; n++) {
        const char *q = memchr(p, ',', (size_t)(end - p));
        size_t l = (size_t)((q ? q : end) - p);
        int64_t val;
        char *e;
        if (n == 8 || l == 0 || l > 30) return cli_bad(where, name, v, how);
        if (k == 2) {
            if (rmk_money_parse(p, l, &val) != RMK_OK) return cli_bad(where, name, v, how);
        } else {
            char b[32];
            memcpy(b, p, l);
            b[l] = 0;
            long long w = strtoll(b, &e, 10);
            if (e == b || *e || w < 0 || w > INT32_MAX) return cli_bad(where, name, v, how);
            val = w;
        }
        o->cuts[k][n] = val;
        p += l + (q != NULL);
    }
    o->ncuts[k] = n;
    return 0;
}

/* --cuts r=30,90,180,365 (repeatable; or several in one value, separated
 * by ';' or blanks, for a config file) */
static int set_cuts(cli_opts *o, const char *name, const char *v, const char *where)
{
    const char *p = v;
    while (*p) {
        while (*p == ' ' || *p == ';') p++;
        size_t l = strcspn(p, " ;");
        if (l && cuts_of(o, name, p, l, where)) return -1;
        p += l;
    }
    return 0;
}

static const cli_option options[] = {CLI_OPT_TIES, CLI_OPT_BINS, CLI_VALUE_BY("cuts", set_cuts),
                                     CLI_OPT_MONETARY, CLI_OPT_SEGMENTS, CLI_OPT_SUMMARY, CLI_OPT_PLOT,
                                     {0}};

static int run(cli_ctx *c);

const cli_command cli_rfm = {
    .name = "rfm",
    .summary = {"RFM scores, codes and segments of every customer", NULL},
    .usage = usage_text,
    .file = "transactions",
    .options = options,
    .section = "rfm",
    .section_shared = 1,
    .run = run,
};

static int ru(const cli_opts *o) { return strcmp(o->lang, "ru") == 0; }

static void fmt_double(char *b, double v, int dec) { snprintf(b, 32, "%.*f", dec, v); }

static void print_rows(out *w, const cli_opts *o, const rmk_rfm *x, const rmk_segmap *map)
{
    static const char *keys[10] = {"customer_id", "recency_days", "frequency", "monetary", "r",
                                   "f", "m", "rfm", "segment", "segment_key"};
    const char *labels_en[9] = {"customer_id", "recency_days", "frequency",
                                o->monetary == RMK_MONETARY_TOTAL ? "monetary_total" : "monetary_avg",
                                "R", "F", "M", "RFM", "segment"};
    const char *labels_ru[9] = {"клиент", "давность_дн", "частота",
                                o->monetary == RMK_MONETARY_TOTAL ? "сумма" : "средний_чек",
                                "R", "F", "M", "RFM", "сегмент"};
    /* CSV, JSON: the segment's stable key beside its name (docs/cli.md, "Stable keys") */
    out_table_begin(w, w->fmt == FMT_TABLE ? 9 : 10, keys, ru(o) ? labels_ru : labels_en, "snnnnnnsss");
    size_t n = rmk_rfm_count(x);
    char rec[32], fr[32], mon[32], r[4], f[4], m[4], code[8];
    for (size_t i = 0; i < n; i++) {
        const rmk_rfm_customer *c = rmk_rfm_at(x, i);
        out_int(rec, c->recency_days);
        out_int(fr, c->frequency);
        rmk_ratio_format(c->monetary_num, c->monetary_den, o->decimals, '.', mon);
        /* scores are single digits (bins <= 9) */
        r[0] = (char)('0' + c->r), r[1] = 0;
        f[0] = (char)('0' + c->f), f[1] = 0;
        m[0] = (char)('0' + c->m), m[1] = 0;
        code[0] = r[0], code[1] = f[0], code[2] = m[0], code[3] = 0;
        const char *cells[10] = {c->customer_id, rec, fr, mon, r, f, m, code,
                                 map ? rmk_segmap_name(map, c->segment, o->lang) : "",
                                 map ? rmk_segmap_key(map, c->segment) : ""};
        out_table_row(w, cells);
    }
    out_table_end(w);
}

/* --summary's first lines: the run, its rows; JSON: the object's opening */
static void summary_head(out *w, const cli_opts *o, const rmk_rfm *x, const rmk_agg_stats *st)
{
    int R = ru(o), bins = rmk_rfm_bins(x);
    size_t n = rmk_rfm_count(x);
    char d[16];
    rmk_date_format_iso(rmk_rfm_as_of(x), d);
    out_json(w, "{\"as_of\": \"%s\", \"customers\": %zu, \"unscored_returns_only\": %zu, "
                "\"rows\": %llu, \"rows_skipped\": %llu, \"rows_after_as_of\": %llu, "
                "\"bins\": %d, \"ties\": \"%s\", \"monetary\": \"%s\", \"columns\": ",
             d, n, rmk_rfm_unscored(x), (unsigned long long)st->rows,
             (unsigned long long)st->rows_skipped, (unsigned long long)st->rows_after_as_of, bins,
             o->ties == RMK_TIES_SPLIT ? "split" : "keep",
             o->monetary == RMK_MONETARY_TOTAL ? "total" : "average");
    if (w->fmt == FMT_JSON) out_json_str(w, st->columns);
    out_json(w, ",\n\"cutoffs\": ");
    out_text(w, R ? "RFM: %zu клиентов на %s (группы: %d, равные значения: %s, M = %s)\n"
                  : "RFM of %zu customers as of %s (%d groups, ties %s, monetary = %s)\n",
             n, d, bins, o->ties == RMK_TIES_SPLIT ? (R ? "делятся" : "split") : (R ? "вместе" : "keep"),
             o->monetary == RMK_MONETARY_TOTAL ? (R ? "сумма покупок" : "total value")
                                               : (R ? "средний чек" : "average purchase value"));
    out_text(w, R ? "Строк: %llu прочитано, %llu пропущено, %llu после даты анализа; "
                    "клиентов только с возвратами (без оценки): %zu\n"
                  : "Rows: %llu read, %llu skipped, %llu after the as-of date; "
                    "customers with returns only (not scored): %zu\n",
             (unsigned long long)st->rows, (unsigned long long)st->rows_skipped,
             (unsigned long long)st->rows_after_as_of, rmk_rfm_unscored(x));
    out_text(w, R ? "Столбцы: %s\n\n" : "Columns: %s\n\n", st->columns);
    out_text(w, R ? "Границы оценок\n" : "Cut-offs\n");
}

/* score s's range of each measure: cells[k] = {lo, hi} ("" when no
 * customer has it), cnt[k] its customers */
static void cutoff_cells(const cli_opts *o, const rmk_rfm *x, int s, char cells[3][2][32], char cnt[3][32])
{
    static const char measures[3] = {'r', 'f', 'm'};
    for (int k = 0; k < 3; k++) {
        rmk_rfm_cutoff cu;
        int have = rmk_rfm_cutoff_get(x, measures[k], s, &cu);
        out_int(cnt[k], (long long)cu.customers);
        if (!have) {
            cells[k][0][0] = cells[k][1][0] = 0;
        } else if (k < 2) {
            out_int(cells[k][0], cu.lo_num);
            out_int(cells[k][1], cu.hi_num);
        } else {
            rmk_ratio_format(cu.lo_num, cu.lo_den, o->decimals, '.', cells[k][0]);
            rmk_ratio_format(cu.hi_num, cu.hi_den, o->decimals, '.', cells[k][1]);
        }
    }
}

/* the table's row of score sc: each measure as "lo..hi", best first */
static void cutoff_table_row(out *w, const char *sc, char cells[3][2][32], char cnt[3][32])
{
    char rng[3][200];
    for (int k = 0; k < 3; k++) {
        if (!cells[k][0][0]) snprintf(rng[k], sizeof rng[k], "-");
        else if (strcmp(cells[k][0], cells[k][1]) == 0)
            snprintf(rng[k], sizeof rng[k], "%.31s", cells[k][0]);
        else if (k == 0) /* recency: ascending is best first */
            snprintf(rng[k], sizeof rng[k], "%.31s..%.31s", cells[k][0], cells[k][1]);
        else
            snprintf(rng[k], sizeof rng[k], "%.31s..%.31s", cells[k][1], cells[k][0]);
    }
    const char *row[7] = {sc, cnt[0], rng[0], cnt[1], rng[1], cnt[2], rng[2]};
    out_table_row(w, row);
}

/* the cut-offs of each score; CSV: the first rows of the one summary table */
static void print_cutoffs(out *w, const cli_opts *o, const rmk_rfm *x)
{
    int bins = rmk_rfm_bins(x);
    size_t n = rmk_rfm_count(x);
    static const char *keys[6] = {"section", "score", "customers", "min", "max", "measure"};
    static const char *lab_en[8] = {"score", "customers_R", "recency_days", "customers_F",
                                    "frequency", "customers_M", "monetary", ""};
    static const char *lab_ru[8] = {"оценка", "клиентов_R", "давность_дн", "клиентов_F",
                                    "частота", "клиентов_M", "M", ""};
    /* key: the score, the segment's stable key or the code; name: the
     * segment's name in --lang (docs/cli.md, "Stable keys") */
    static const char *ck[10] = {"section", "key", "customers", "share", "min", "max",
                                 "recency_days", "frequency", "monetary", "name"};
    static const char *sect_csv[3] = {"cutoff_r", "cutoff_f", "cutoff_m"};
    static const char *sect[3] = {"r", "f", "m"};
    static const char *meas[3] = {"recency_days", "frequency", "monetary"};
    if (w->fmt == FMT_TABLE) out_table_begin(w, 7, lab_en, ru(o) ? lab_ru : lab_en, "snnnnnn");
    else if (w->fmt == FMT_CSV) out_table_begin(w, 10, ck, ck, "ssnnnnnnns");
    else out_table_begin(w, 6, keys, keys, "snnnns");
    for (int s = bins; s >= 1; s--) {
        char cells[3][2][32], cnt[3][32], sc[16];
        snprintf(sc, sizeof sc, "%d", s);
        cutoff_cells(o, x, s, cells, cnt);
        if (w->fmt == FMT_TABLE) {
            cutoff_table_row(w, sc, cells, cnt);
            continue;
        }
        for (int k = 0; k < 3; k++) {
            char share[32];
            fmt_double(share, n ? (double)strtoll(cnt[k], NULL, 10) / (double)n : 0, 4);
            const char *csv[10] = {sect_csv[k], sc, cnt[k], share, cells[k][0], cells[k][1], "", "", "", ""};
            const char *json[6] = {sect[k], sc, cnt[k], cells[k][0], cells[k][1], meas[k]};
            out_table_row(w, w->fmt == FMT_CSV ? csv : json);
        }
    }
    if (w->fmt != FMT_CSV) out_table_end(w);
}

/* customers, share and mean measures of one group, into b[5] */
static void group_cells(const cli_opts *o, const rmk_rfm_group *g, size_t n, char b[5][32])
{
    out_int(b[0], (long long)g->customers);
    fmt_double(b[1], n ? (double)g->customers / (double)n : 0, 4);
    if (g->customers) {
        fmt_double(b[2], g->recency_days, 1);
        fmt_double(b[3], g->frequency, 2);
        /* exact when it fits (docs/rfm.md, "Summary"): 625283.445 is 625283.45 */
        if (g->monetary_den) rmk_ratio_format(g->monetary_num, g->monetary_den, o->decimals, '.', b[4]);
        else fmt_double(b[4], g->monetary, o->decimals);
    } else {
        b[2][0] = b[3][0] = b[4][0] = 0;
    }
}

/* the segments of the map; CSV: rows of the one summary table */
static void print_segments(out *w, const cli_opts *o, const rmk_rfm *x, const rmk_segmap *map)
{
    int R = ru(o);
    size_t n = rmk_rfm_count(x);
    static const char *gkeys[7] = {"key", "name", "customers", "share", "recency_days",
                                   "frequency", "monetary"};
    static const char *glab_en[8] = {"segment", "customers", "share", "recency_days", "frequency",
                                     "monetary", "action", ""};
    static const char *glab_ru[8] = {"сегмент", "клиентов", "доля", "давность_дн", "частота", "M",
                                     "что делать", ""};
    out_json(w, ",\n\"segment_map\": ");
    if (w->fmt == FMT_JSON) out_json_str(w, rmk_segmap_title(map, o->lang));
    out_json(w, ",\n\"segments\": ");
    out_text(w, "\n%s: %s\n", R ? "Сегменты" : "Segments", rmk_segmap_title(map, o->lang));
    if (w->fmt == FMT_JSON) out_table_begin(w, 7, gkeys, gkeys, "ssnnnnn");
    else if (w->fmt == FMT_TABLE) out_table_begin(w, 7, glab_en, R ? glab_ru : glab_en, "snnnnns");
    for (int s = 0; s < rmk_segmap_count(map); s++) {
        rmk_rfm_group g;
        rmk_rfm_segment_stats(x, s, &g);
        char b[5][32];
        group_cells(o, &g, n, b);
        const char *name = rmk_segmap_name(map, s, o->lang);
        const char *table[7] = {name, b[0], b[1], b[2][0] ? b[2] : "-", b[3][0] ? b[3] : "-",
                                b[4][0] ? b[4] : "-", rmk_segmap_action(map, s, o->lang)};
        const char *csv[10] = {"segment", rmk_segmap_key(map, s), b[0], b[1], "", "", b[2], b[3], b[4], name};
        const char *json[7] = {rmk_segmap_key(map, s), name, b[0], b[1], b[2], b[3], b[4]};
        out_table_row(w, w->fmt == FMT_TABLE ? table : w->fmt == FMT_CSV ? csv : json);
    }
    if (w->fmt != FMT_CSV) out_table_end(w);
}

/* the non-empty RFM codes; CSV: the last rows of the one summary table */
static void print_codes(out *w, const cli_opts *o, const rmk_rfm *x)
{
    int bins = rmk_rfm_bins(x);
    size_t n = rmk_rfm_count(x);
    static const char *ckeys[6] = {"rfm", "customers", "share", "recency_days", "frequency", "monetary"};
    static const char *lab_ru[6] = {"rfm", "клиентов", "доля", "давность_дн", "частота", "M"};
    out_json(w, ",\n\"codes\": ");
    out_text(w, "\n%s\n", ru(o) ? "Коды RFM (непустые)" : "RFM codes (non-empty)");
    if (w->fmt != FMT_CSV) out_table_begin(w, 6, ckeys, ru(o) ? lab_ru : ckeys, "snnnnn");
    for (int r = bins; r >= 1; r--)
        for (int f = bins; f >= 1; f--)
            for (int m = bins; m >= 1; m--) {
                rmk_rfm_group g;
                if (!rmk_rfm_code_stats(x, r, f, m, &g)) continue;
                char code[40], b[5][32];
                snprintf(code, sizeof code, "%d%d%d", r, f, m);
                group_cells(o, &g, n, b);
                const char *csv[10] = {"code", code, b[0], b[1], "", "", b[2], b[3], b[4], ""};
                const char *row[6] = {code, b[0], b[1], b[2], b[3], b[4]};
                out_table_row(w, w->fmt == FMT_CSV ? csv : row);
            }
    out_table_end(w);
    out_json(w, "}\n");
}

/* Reads FILE into a and scores it: 0, or the exit code (printed). */
static int score(cli_ctx *c, rmk_agg *a, const rmk_segmap *map, rmk_agg_stats *stats, rmk_rfm **x)
{
    cli_opts *o = c->o;
    o->read.as_of = o->as_of;
    cli_read_begin(c, c->path);
    rmk_status st = rmk_agg_read_file(a, c->path, &o->read, c->err, sizeof c->err);
    int rc = cli_read_end(c, st, c->err);
    if (rc) return rc;
    rmk_agg_get_stats(a, stats);
    rmk_agg_seal(a); /* all rows are in: free the lookup tables before scoring */
    cli_note_skipped(stats->rows_skipped, NULL, stats->first_error);
    rmk_rfm_opts ro;
    rmk_rfm_opts_init(&ro);
    ro.as_of = o->as_of;
    ro.bins = o->bins;
    ro.ties = o->ties;
    ro.monetary = o->monetary;
    ro.segments = map;
    memcpy(ro.ncuts, o->ncuts, sizeof ro.ncuts);
    memcpy(ro.cuts, o->cuts, sizeof ro.cuts);
    st = rmk_rfm_score(a, &ro, x, c->err, sizeof c->err);
    if (st != RMK_OK)
        return cli_error(rmk_status_exit_code(st), "%s: %s", strcmp(c->path, "-") ? c->path : "<stdin>",
                         c->err);
    if (!o->summary) cli_note(rmk_rfm_unscored(*x), "customer", "with returns only, not scored");
    return 0;
}

/* what the view prints: the scores, their map, the read's counts */
typedef struct scored {
    const rmk_rfm *x;
    const rmk_segmap *map;
    rmk_agg_stats stats;
} scored;

static void view(out *w, const cli_opts *o, const void *arg)
{
    const scored *r = arg;
    if (o->summary) {
        summary_head(w, o, r->x, &r->stats);
        print_cutoffs(w, o, r->x);
        if (r->map) print_segments(w, o, r->x, r->map);
        print_codes(w, o, r->x);
        return;
    }
    char d[16];
    out_json(w, "{\"as_of\": \"%s\", \"bins\": %d, \"ties\": \"%s\", \"monetary\": \"%s\", \"columns\": ",
             rmk_date_format_iso(rmk_rfm_as_of(r->x), d), o->bins,
             o->ties == RMK_TIES_SPLIT ? "split" : "keep", o->monetary == RMK_MONETARY_TOTAL ? "total" : "average");
    if (w->fmt == FMT_JSON) out_json_str(w, r->stats.columns); /* the columns read (docs/input.md) */
    out_json(w, ", \"customers\": ");
    print_rows(w, o, r->x, r->map);
    out_json(w, "}\n");
}

static int run(cli_ctx *c)
{
    rmk_status st = RMK_OK;
    rmk_segmap *map = cli_open_map(c->o, &st);
    if (st != RMK_OK) return rmk_status_exit_code(st);
    rmk_agg *a = rmk_agg_new();
    rmk_rfm *x = NULL;
    scored r = {NULL, map, {0}};
    int rc = a ? score(c, a, map, &r.stats, &x) : cli_error(CLI_EX_OSERR, "out of memory");
    r.x = x;
    if (!rc && !c->o->summary) c->as_of = rmk_rfm_as_of(x); /* the summary's title has it */
    if (!rc) rc = cli_print(c, view, &r);
    rmk_rfm_free(x);
    rmk_segmap_free(map);
    rmk_agg_free(a);
    return rc;
}
