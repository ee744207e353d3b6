/* SPDX-License-Identifier: MIT */
/* abcxyz.c — `relmark abcxyz`: ABC-XYZ analysis of the clients and the
 * concentration of revenue (SPEC §3.6, issue 6). The library classifies
 * (rmk_abcxyz_file); this file parses the options and formats. */
#include "cli.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: relmark abcxyz FILE [options]\n"
    "\n"
    "ABC-XYZ analysis of the clients (as 1C users know it) and the concentration of\n"
    "revenue: the share of the top 20% of clients, the Gini coefficient and the HHI.\n"
    "Over the window of --months calendar months ending with the as-of day, clients\n"
    "are ranked by net revenue (ties by id): A while the cumulative share of the\n"
    "clients ranked above is below 80%, B below 95%, C the rest (and every client\n"
    "with revenue <= 0). XYZ by the coefficient of variation of the monthly (or\n"
    "--period quarter, year) net revenue (population SD / mean, empty periods 0):\n"
    "X below 10%, Y 10-25%, Z above (and mean <= 0). Definitions: docs/abcxyz.md.\n"
    "\n"
    "Options (also keys of [abcxyz] in --config):\n"
    "  --as-of DATE      the window ends with DATE (default: the latest date of any row)\n"
    "  --months N        the window, 2..120 calendar months (12)\n"
    "  --period P        month (default), quarter or year: the periods of XYZ; the\n"
    "                    window holds two or more whole ones\n"
    "  --abc A,B         cumulative-share thresholds in percent (80,95)\n"
    "  --xyz X,Y         coefficient-of-variation thresholds in percent (10,25)\n"
    "  --summary         the 9-cell matrix (clients and revenue per cell) and the\n"
    "                    concentration figures instead of one row per client\n"
    "  --decimals N      decimals of revenue, 0..4 (2)\n"
    "Chart: --plot NAME  the report's chart as an SVG instead (-o FILE.svg; the report's\n"
    "  defaults): matrix, revenue, lorenz\n"
    "{reading}\n"
    "Output: --format table|csv|json   --lang en|ru   --excel   --wide\n"
    "  -o, --output FILE   --config FILE ([input], [abcxyz], [output])   -h, --help\n"
    "CSV columns: customer_id, revenue, share, cumulative_share, abc, cv, xyz (rank\n"
    "order; shares and cv as fractions, 4 decimals). --summary: abc, xyz, clients,\n"
    "client_share, revenue, revenue_share; then measure, value.\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or no row in the window, 66 no input,\n"
    "71 out of memory, 73 cannot create the output, 74 I/O, 78 config error.\n";

/* One percentage with at most 2 decimals and an optional '%', in
 * hundredths of a percent; the end of it in *end. Returns -1 when bad. */
static long hundredths(const char *s, const char **end)
{
    long v = 0;
    int digits = 0, dec = -1;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            if (dec >= 2 || v > 100000000L) return -1;
            v = v * 10 + (*s - '0');
            digits++;
            if (dec >= 0) dec++;
        } else if (*s == '.' && dec < 0 && digits) {
            dec = 0;
        } else {
            break;
        }
    }
    if (!digits || dec == 0) return -1;
    for (int k = dec < 0 ? 0 : dec; k < 2; k++) v *= 10;
    if (*s == '%') s++;
    *end = s;
    return v;
}

/* "A,B" with 0 < A < B <= max (hundredths of a percent) */
static int pair(const char *v, long max, int *a, int *b)
{
    const char *e;
    long x = hundredths(v, &e);
    if (x < 0 || *e != ',') return -1;
    long y = hundredths(e + 1, &e);
    if (y < 0 || *e || !(x > 0 && x < y && y <= max)) return -1;
    *a = (int)x;
    *b = (int)y;
    return 0;
}

/* --abc, --xyz, --months */
static int set_option(cli_opts *o, const char *name, const char *v, const char *where)
{
    const char *expected = NULL;
    if (!strcmp(name, "abc")) {
        if (pair(v, 10000, &o->abc.abc_a, &o->abc.abc_b))
            expected = "two cumulative shares in percent, 0 < A < B <= 100, such as 80,95";
    } else if (!strcmp(name, "xyz")) {
        if (pair(v, 100000, &o->abc.xyz_x, &o->abc.xyz_y))
            expected = "two coefficients of variation in percent, 0 < X < Y <= 1000, such as 10,25";
    } else { /* months */
        char *end;
        long n = strtol(v, &end, 10);
        if (*v < '0' || *v > '9' || *end || n < 2 || n > 120) expected = "a number of months 2..120";
        else o->abc.months = (int)n;
    }
    return expected ? cli_bad(where, name, v, expected) : 0;
}

static const cli_option options[] = {CLI_VALUE_BY("months", set_option), CLI_OPT_PERIOD,
                                     CLI_VALUE_BY("abc", set_option), CLI_VALUE_BY("xyz", set_option),
                                     CLI_OPT_SUMMARY, CLI_OPT_PLOT, {0}};

static int run(cli_ctx *c);

const cli_command cli_abcxyz = {
    .name = "abcxyz",
    .summary = {"ABC-XYZ analysis of the clients, the 9-cell matrix; top-20% share, Gini, HHI", NULL},
    .usage = usage_text,
    .file = "transactions",
    .options = options,
    .section = "abcxyz",
    .run = run,
};

/* ---------------------------------------------------------- formatting */

/* q / 10^4 with 4 decimals, q a whole number of ten-thousandths (no
 * printf: three of them per row of a million) */
static char *dec4(char *b, long long q)
{
    unsigned long long u = q < 0 ? 0ULL - (unsigned long long)q : (unsigned long long)q;
    char *p = b;
    if (q < 0) *p++ = '-';
    out_int(p, (long long)(u / 10000));
    p += strlen(p);
    unsigned f = (unsigned)(u % 10000);
    p[0] = '.';
    p[1] = (char)('0' + f / 1000);
    p[2] = (char)('0' + f / 100 % 10);
    p[3] = (char)('0' + f / 10 % 10);
    p[4] = (char)('0' + f % 10);
    p[5] = 0;
    return b;
}

/* num / den (den > 0) to 4 decimals, rounded half away from zero, exactly */
static char *frac4(char *b, int64_t n, int64_t d)
{
    if (d <= 0) {
        b[0] = 0;
        return b;
    }
    unsigned long long m = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n, q;
    if (m < (1ULL << 48) && d < (1LL << 48)) /* the common case, in 64 bits */
        q = (m * 20000 + (unsigned long long)d) / (2 * (unsigned long long)d);
    else
        q = (unsigned long long)(((unsigned __int128)m * 20000 + (unsigned long long)d) /
                                 (2 * (unsigned __int128)d));
    return dec4(b, n < 0 ? -(long long)q : (long long)q);
}

/* a double to 4 decimals (display of cv, Gini, HHI) */
static char *dbl4(char *b, double v)
{
    return dec4(b, (long long)llround(v * 10000.0));
}

/* hundredths of a percent as percent: 8000 -> "80", 1250 -> "12.5" */
static char *pct(char *b, int h)
{
    if (h % 100 == 0) snprintf(b, 16, "%d", h / 100);
    else if (h % 10 == 0) snprintf(b, 16, "%d.%d", h / 100, h / 10 % 10);
    else snprintf(b, 16, "%d.%02d", h / 100, h % 100);
    return b;
}

static void print_rows(out *w, const cli_opts *o, const rmk_abcxyz *x)
{
    int R = !strcmp(o->lang, "ru");
    rmk_concentration k;
    rmk_abcxyz_concentration(x, &k);
    static const char *keys[7] = {"customer_id", "revenue", "share", "cumulative_share", "abc",
                                  "cv", "xyz"};
    static const char *lab_ru[7] = {"клиент", "выручка", "доля", "накопленная_доля", "класс_ABC",
                                    "коэф_вариации", "класс_XYZ"};
    out_table_begin(w, 7, keys, R && w->fmt == FMT_TABLE ? lab_ru : keys, "snnnsns");
    for (size_t i = 0; i < rmk_abcxyz_count(x); i++) {
        const rmk_abcxyz_client *c = rmk_abcxyz_at(x, i);
        char rev[32], sh[40], cs[40], cv[40] = "";
        rmk_money_format(c->revenue, o->decimals, '.', rev);
        frac4(sh, c->revenue, k.total);
        frac4(cs, c->cumulative, k.total);
        if (c->cv_known) dbl4(cv, c->cv);
        const char *row[7] = {c->customer_id, rev, sh, cs, rmk_abc_key(c->abc), cv,
                              rmk_xyz_key(c->xyz)};
        out_table_row(w, row);
    }
    out_table_end(w);
}

/* the grid of one measure: A, B, C down, X, Y, Z across, with totals */
static void grid(out *w, const cli_opts *o, const rmk_abcxyz *x, int what /* 0 clients, 1 revenue, 2 share */)
{
    int R = !strcmp(o->lang, "ru");
    rmk_concentration k;
    rmk_abcxyz_concentration(x, &k);
    const char *head[5] = {R ? "класс" : "abc", "X", "Y", "Z", R ? "всего" : "total"};
    out_table_begin(w, 5, head, head, "snnnn");
    size_t cn[4][4] = {{0}};
    int64_t rv[4][4] = {{0}};
    for (int a = 0; a < 3; a++)
        for (int z = 0; z < 3; z++) {
            rmk_abcxyz_cell c;
            rmk_abcxyz_cell_get(x, (rmk_abc)a, (rmk_xyz)z, &c);
            cn[a][z] = c.clients, rv[a][z] = c.revenue;
            cn[a][3] += c.clients, rv[a][3] += c.revenue;
            cn[3][z] += c.clients, rv[3][z] += c.revenue;
            cn[3][3] += c.clients, rv[3][3] += c.revenue;
        }
    for (int a = 0; a < 4; a++) {
        char lab[96], cell[4][40];
        if (a < 3) snprintf(lab, sizeof lab, "%s %s", rmk_abc_key((rmk_abc)a), rmk_abc_name((rmk_abc)a, o->lang));
        else snprintf(lab, sizeof lab, "%s", R ? "всего" : "total");
        const char *row[5] = {lab, cell[0], cell[1], cell[2], cell[3]};
        for (int z = 0; z < 4; z++) {
            if (what == 0) out_int(cell[z], (long long)cn[a][z]);
            else if (what == 1) rmk_money_format(rv[a][z], o->decimals, '.', cell[z]);
            else frac4(cell[z], rv[a][z], k.total);
        }
        out_table_row(w, row);
    }
    out_table_end(w);
}

/* the summary's figures, formatted ("" for the concentration when not defined) */
typedef struct figures {
    rmk_concentration k;
    int pm; /* months of an XYZ period: 1, 3, 12 */
    char d0[16], d1[16], tot[32], pa[16], pb[16], px[16], py[16];
    char top[40], gini[40], hhi[40], pts[40], topr[32], tk[24];
} figures;

static void summary_figures(const cli_opts *o, const rmk_abcxyz *x, figures *f)
{
    memset(f, 0, sizeof *f);
    rmk_abcxyz_concentration(x, &f->k);
    rmk_abcxyz_opts ao;
    rmk_abcxyz_get_opts(x, &ao);
    f->pm = ao.period_months;
    rmk_date_format_iso(rmk_abcxyz_window_start(x), f->d0);
    rmk_date_format_iso(rmk_abcxyz_as_of(x), f->d1);
    rmk_money_format(f->k.total, o->decimals, '.', f->tot);
    pct(f->pa, ao.abc_a), pct(f->pb, ao.abc_b), pct(f->px, ao.xyz_x), pct(f->py, ao.xyz_y);
    if (f->k.defined) {
        frac4(f->top, f->k.top_revenue, f->k.total);
        dbl4(f->gini, f->k.gini);
        dbl4(f->hhi, f->k.hhi);
        snprintf(f->pts, sizeof f->pts, "%.2f", f->k.hhi_points);
        rmk_money_format(f->k.top_revenue, o->decimals, '.', f->topr);
        out_int(f->tk, (long long)f->k.top_clients);
    }
}

/* the table's summary: the rules, the grids, the concentration */
static void summary_table(out *w, const cli_opts *o, const rmk_abcxyz *x, const figures *f)
{
    int R = !strcmp(o->lang, "ru"), pm = f->pm;
    const rmk_concentration *k = &f->k;
    size_t other = k->clients - k->positive_clients;
    if (R)
        out_text(w, "ABC-XYZ-анализ %zu клиентов на %s; период %s .. %s (%d мес.)\n"
                    "Выручка: %s от %zu клиентов с выручкой > 0 (без выручки или с отрицательной: %zu, "
                    "классы C и Z)\n"
                    "ABC по накопленной доле выручки клиентов выше в рейтинге: A < %s%%, B < %s%%, "
                    "C остальные\n"
                    "XYZ по коэффициенту вариации %s выручки: X < %s%%, Y %s-%s%%, Z > %s%%\n",
                 k->clients, f->d1, f->d0, f->d1, rmk_abcxyz_months(x), f->tot, k->positive_clients, other,
                 f->pa, f->pb, pm == 3 ? "поквартальной" : pm == 12 ? "погодовой" : "помесячной", f->px,
                 f->px, f->py, f->py);
    else
        out_text(w, "ABC-XYZ analysis of %zu clients as of %s; window %s .. %s (%d months)\n"
                    "Revenue: %s from %zu clients with revenue > 0 (none or negative: %zu, "
                    "classes C and Z)\n"
                    "ABC by the cumulative revenue share of the clients ranked above: A < %s%%, "
                    "B < %s%%, C the rest\n"
                    "XYZ by the coefficient of variation of %s revenue: X < %s%%, Y %s-%s%%, "
                    "Z > %s%%\n",
                 k->clients, f->d1, f->d0, f->d1, rmk_abcxyz_months(x), f->tot, k->positive_clients, other,
                 f->pa, f->pb, pm == 3 ? "quarterly" : pm == 12 ? "yearly" : "monthly", f->px, f->px,
                 f->py, f->py);
    cli_text_columns(w, o, 0);
    const char *names[3] = {R ? "\nКлиенты:\n" : "\nClients:\n", R ? "\nВыручка:\n" : "\nRevenue:\n",
                            R ? "\nДоля выручки:\n" : "\nShare of revenue:\n"};
    for (int g = 0; g < (k->defined ? 3 : 2); g++) { /* no shares of a total of 0 */
        out_text(w, "%s", names[g]);
        grid(w, o, x, g);
    }
    if (!k->defined)
        out_text(w, R ? "\nКонцентрация выручки: не определена (нет клиентов с выручкой > 0)\n"
                      : "\nConcentration of revenue: not defined (no client with revenue > 0)\n");
    else if (R)
        out_text(w, "\nКонцентрация выручки (клиенты с выручкой > 0):\n"
                    "  доля топ-20%% клиентов (%s из %zu): %s (%s)\n"
                    "  коэффициент Джини: %s\n"
                    "  индекс Херфиндаля-Хиршмана (HHI): %s (в пунктах: %s)\n",
                 f->tk, k->positive_clients, f->top, f->topr, f->gini, f->hhi, f->pts);
    else
        out_text(w, "\nConcentration of revenue (clients with revenue > 0):\n"
                    "  share of the top 20%% of clients (%s of %zu): %s (%s)\n"
                    "  Gini coefficient: %s\n"
                    "  Herfindahl-Hirschman index (HHI): %s (%s points)\n",
                 f->tk, k->positive_clients, f->top, f->topr, f->gini, f->hhi, f->pts);
}

/* CSV and JSON: the 9 cells, then the concentration (JSON: in the object
 * around them; CSV: a table of measure, value below) */
static void summary_cells(out *w, const cli_opts *o, const rmk_abcxyz *x, const figures *f)
{
    const rmk_concentration *k = &f->k;
    const char *nul = k->defined ? NULL : "null";
    out_json(w, "{");
    cli_json_columns(w, o);
    out_json(w, "\"as_of\": \"%s\", \"window_start\": \"%s\", \"months\": %d, \"period\": \"%s\", "
                "\"abc\": [%s, %s], \"xyz\": [%s, %s], \"clients\": %zu, \"clients_with_revenue\": %zu, "
                "\"revenue\": %s, \"top20_clients\": %s, \"top20_revenue\": %s, "
                "\"top20_share\": %s, \"gini\": %s, \"hhi\": %s, \"hhi_points\": %s, \"cells\": ",
             f->d1, f->d0, rmk_abcxyz_months(x), f->pm == 3 ? "quarter" : f->pm == 12 ? "year" : "month",
             f->pa, f->pb, f->px, f->py, k->clients, k->positive_clients, f->tot, nul ? nul : f->tk,
             nul ? nul : f->topr, nul ? nul : f->top, nul ? nul : f->gini, nul ? nul : f->hhi,
             nul ? nul : f->pts);
    static const char *ck[6] = {"abc", "xyz", "clients", "client_share", "revenue", "revenue_share"};
    out_table_begin(w, 6, ck, ck, "ssnnnn");
    for (int a = 0; a < 3; a++)
        for (int z = 0; z < 3; z++) {
            rmk_abcxyz_cell c;
            rmk_abcxyz_cell_get(x, (rmk_abc)a, (rmk_xyz)z, &c);
            char cn[24], csh[40], rv[32], rsh[40];
            out_int(cn, (long long)c.clients);
            frac4(csh, (int64_t)c.clients, (int64_t)k->clients);
            rmk_money_format(c.revenue, o->decimals, '.', rv);
            frac4(rsh, c.revenue, k->total);
            const char *row[6] = {rmk_abc_key((rmk_abc)a), rmk_xyz_key((rmk_xyz)z), cn, csh, rv, rsh};
            out_table_row(w, row);
        }
    out_table_end(w);
    if (w->fmt == FMT_JSON) {
        fputs("}\n", w->f);
        return;
    }
    fputs(w->excel ? "\r\n" : "\n", w->f);
    static const char *mk[2] = {"measure", "value"};
    out_table_begin(w, 2, mk, mk, "sn");
    char nc[24], np[24];
    out_int(nc, (long long)k->clients);
    out_int(np, (long long)k->positive_clients);
    const char *rows[10][2] = {{"clients", nc},           {"clients_with_revenue", np},
                               {"revenue", f->tot},       {"top20_clients", f->tk},
                               {"top20_revenue", f->topr}, {"top20_share", f->top},
                               {"gini", f->gini},         {"hhi", f->hhi},
                               {"hhi_points", f->pts},    {NULL, NULL}};
    for (int i = 0; rows[i][0]; i++) out_table_row(w, rows[i]);
    out_table_end(w);
}

static void print_summary(out *w, const cli_opts *o, const rmk_abcxyz *x)
{
    figures f;
    summary_figures(o, x, &f);
    if (w->fmt == FMT_TABLE) summary_table(w, o, x, &f);
    else summary_cells(w, o, x, &f);
}

static void view(out *w, const cli_opts *o, const void *arg)
{
    const rmk_abcxyz *x = arg;
    if (o->summary) {
        print_summary(w, o, x);
        return;
    }
    rmk_concentration k;
    rmk_abcxyz_concentration(x, &k);
    rmk_abcxyz_opts ao;
    rmk_abcxyz_get_opts(x, &ao);
    char d0[16], d1[16], tot[32];
    rmk_date_format_iso(rmk_abcxyz_window_start(x), d0);
    rmk_date_format_iso(rmk_abcxyz_as_of(x), d1);
    rmk_money_format(k.total, o->decimals, '.', tot);
    if (!strcmp(o->lang, "ru"))
        out_text(w, "ABC-XYZ-анализ %zu клиентов на %s; период %s .. %s (%d мес.); выручка %s\n\n",
                 k.clients, d1, d0, d1, rmk_abcxyz_months(x), tot);
    else
        out_text(w, "ABC-XYZ of %zu clients as of %s; window %s .. %s (%d months); revenue %s\n\n",
                 k.clients, d1, d0, d1, rmk_abcxyz_months(x), tot);
    out_json(w, "{");
    cli_json_columns(w, o);
    out_json(w, "\"as_of\": \"%s\", \"window_start\": \"%s\", \"months\": %d, \"period\": \"%s\", "
                "\"revenue\": %s, \"customers\": ", d1, d0, rmk_abcxyz_months(x),
             ao.period_months == 3 ? "quarter" : ao.period_months == 12 ? "year" : "month", tot);
    print_rows(w, o, x);
    out_json(w, "}\n");
}

/* never dropped silently: bad rows, customers outside the window */
static void notes(const rmk_abcxyz *x)
{
    rmk_abcxyz_stats stats;
    rmk_abcxyz_get_stats(x, &stats);
    cli_note_skipped(stats.rows_skipped, NULL, stats.first_error);
    char d0[16], d1[16];
    rmk_date_format_iso(rmk_abcxyz_window_start(x), d0);
    rmk_date_format_iso(rmk_abcxyz_as_of(x), d1);
    cli_note(stats.outside_window, "customer", "without rows in the window %s .. %s (left out)", d0, d1);
}

static int run(cli_ctx *c)
{
    const cli_opts *o = c->o;
    rmk_abcxyz *x = NULL;
    rmk_abcxyz_opts ao = o->abc;
    ao.as_of = o->as_of;
    ao.period_months = o->period == RMK_PERIOD_QUARTER ? 3 : o->period == RMK_PERIOD_YEAR ? 12 : 1;
    cli_read_begin(c, c->path);
    int rc = cli_read_end(c, rmk_abcxyz_file(c->path, &c->o->read, &ao, &x, c->err, sizeof c->err), c->err);
    if (!rc) notes(x);
    if (!rc) rc = cli_print(c, view, x);
    rmk_abcxyz_free(x);
    return rc;
}
