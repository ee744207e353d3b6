/* rfm.c — `relmark rfm`: read, aggregate, score, print. Nothing analytic
 * here: the library computes, this file formats. */
#include "cli.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
    "  --monetary average|total   average purchase value (default) or total value\n"
    "  --segments MAP      rfm10 (default), relationship, none, or an INI file\n"
    "                      (docs/segment-maps.md; ./none for a file called none)\n"
    "  --summary           cut-offs of each score, counts and means per segment and code\n"
    "  --decimals N        decimals of money in the output, 0..4 (default 2)\n"
    "Reading:\n"
    "  --map ROLE=COL,...  columns by name or 1-based number: customer, date, amount, invoice\n"
    "  --no-header         the first line is data (needs --map with numbers)\n"
    "  --delimiter D       auto (default), ',', ';', '|', tab, space\n"
    "  --encoding E        auto (default: UTF-16 by its mark or NULs, UTF-8, or cp1251 when\n"
    "                      not valid UTF-8), utf-8, cp1251, utf-16, utf-16le, utf-16be\n"
    "  --date-format F     dd/mm/yyyy or mm/dd/yyyy: how to read 03/04/2026 or 03-04-2026\n"
    "  --skip-bad          skip malformed rows (counted on stderr) instead of stopping\n"
    "  --threads 1|2       2 (default): one thread reads while another aggregates;\n"
    "                      1: both in one thread (the output is the same)\n"
    "Output:\n"
    "  --format table|csv|json   (default table)\n"
    "  --lang en|ru        labels and segment names\n"
    "  --excel             CSV for Excel: BOM, ';' and decimal comma\n"
    "  -o, --output FILE   write to FILE (atomically) instead of stdout\n"
    "  --config FILE       defaults from an INI file ([input], [rfm], [output])\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or nothing to score, 66 no input,\n"
    "71 out of memory, 73 cannot create the output, 74 I/O, 78 config error.\n"
    "See docs/rfm.md, docs/cli.md and relmark(1).\n";

enum { O_TIES = CLI_O_OWN, O_BINS, O_MONETARY, O_SEGMENTS, O_SUMMARY };

static const struct option longopts[] = {
    {"ties", required_argument, 0, O_TIES},
    {"bins", required_argument, 0, O_BINS},
    {"monetary", required_argument, 0, O_MONETARY},
    {"segments", required_argument, 0, O_SEGMENTS},
    {"summary", no_argument, 0, O_SUMMARY},
    CLI_COMMON_OPTIONS,
    {0, 0, 0, 0}};

static int ru(const cli_opts *o) { return strcmp(o->lang, "ru") == 0; }

/* Decimal of v into b (32 bytes): a million rows print 5 integers each. */
static void fmt_int(char *b, long long v)
{
    char t[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        t[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) *b++ = '-';
    while (n) *b++ = t[--n];
    *b = 0;
}
static void fmt_double(char *b, double v, int dec) { snprintf(b, 32, "%.*f", dec, v); }

static void print_rows(out *w, const cli_opts *o, const rmk_rfm *x, const rmk_segmap *map)
{
    static const char *keys[9] = {"customer_id", "recency_days", "frequency", "monetary", "r",
                                  "f", "m", "rfm", "segment"};
    const char *labels_en[9] = {"customer_id", "recency_days", "frequency",
                                o->monetary == RMK_MONETARY_TOTAL ? "monetary_total" : "monetary_avg",
                                "R", "F", "M", "RFM", "segment"};
    const char *labels_ru[9] = {"клиент", "давность_дн", "частота",
                                o->monetary == RMK_MONETARY_TOTAL ? "сумма" : "средний_чек",
                                "R", "F", "M", "RFM", "сегмент"};
    out_table_begin(w, 9, keys, ru(o) ? labels_ru : labels_en, "snnnnnnss");
    size_t n = rmk_rfm_count(x);
    char rec[32], fr[32], mon[32], r[4], f[4], m[4], code[8];
    for (size_t i = 0; i < n; i++) {
        const rmk_rfm_customer *c = rmk_rfm_at(x, i);
        fmt_int(rec, c->recency_days);
        fmt_int(fr, c->frequency);
        rmk_ratio_format(c->monetary_num, c->monetary_den, o->decimals, '.', mon);
        /* scores are single digits (bins <= 9) */
        r[0] = (char)('0' + c->r), r[1] = 0;
        f[0] = (char)('0' + c->f), f[1] = 0;
        m[0] = (char)('0' + c->m), m[1] = 0;
        code[0] = r[0], code[1] = f[0], code[2] = m[0], code[3] = 0;
        const char *cells[9] = {c->customer_id, rec, fr, mon, r, f, m, code,
                                map ? rmk_segmap_name(map, c->segment, o->lang) : ""};
        out_table_row(w, cells);
    }
    out_table_end(w);
}

static void print_summary(out *w, const cli_opts *o, const rmk_rfm *x, const rmk_segmap *map,
                          const rmk_agg_stats *st)
{
    int R = ru(o), bins = rmk_rfm_bins(x);
    size_t n = rmk_rfm_count(x);
    char d[16];
    rmk_date_format_iso(rmk_rfm_as_of(x), d);
    if (w->fmt == FMT_JSON) {
        fprintf(w->f, "{\"as_of\": \"%s\", \"customers\": %zu, \"unscored_returns_only\": %zu, "
                      "\"rows\": %llu, \"rows_skipped\": %llu, \"rows_after_as_of\": %llu, "
                      "\"bins\": %d, \"ties\": \"%s\", \"monetary\": \"%s\",\n\"cutoffs\": ",
                d, n, rmk_rfm_unscored(x), (unsigned long long)st->rows,
                (unsigned long long)st->rows_skipped, (unsigned long long)st->rows_after_as_of,
                bins, o->ties == RMK_TIES_SPLIT ? "split" : "keep",
                o->monetary == RMK_MONETARY_TOTAL ? "total" : "average");
    } else {
        out_text(w, R ? "RFM: %zu клиентов на %s (группы: %d, равные значения: %s, M = %s)\n"
                      : "RFM of %zu customers as of %s (%d groups, ties %s, monetary = %s)\n",
                 n, d, bins,
                 o->ties == RMK_TIES_SPLIT ? (R ? "делятся" : "split") : (R ? "вместе" : "keep"),
                 o->monetary == RMK_MONETARY_TOTAL ? (R ? "сумма покупок" : "total value")
                                                   : (R ? "средний чек" : "average purchase value"));
        out_text(w, R ? "Строк: %llu прочитано, %llu пропущено, %llu после даты анализа; "
                        "клиентов только с возвратами (без оценки): %zu\n\n"
                      : "Rows: %llu read, %llu skipped, %llu after the as-of date; "
                        "customers with returns only (not scored): %zu\n\n",
                 (unsigned long long)st->rows, (unsigned long long)st->rows_skipped,
                 (unsigned long long)st->rows_after_as_of, rmk_rfm_unscored(x));
        out_text(w, R ? "Границы оценок\n" : "Cut-offs\n");
    }
    /* cut-offs */
    {
        static const char *keys[6] = {"section", "score", "customers", "min", "max", "measure"};
        const char *lab_en[8] = {"score", "customers_R", "recency_days", "customers_F",
                                 "frequency", "customers_M", "monetary", ""};
        const char *lab_ru[8] = {"оценка", "клиентов_R", "давность_дн", "клиентов_F",
                                 "частота", "клиентов_M", "M", ""};
        if (w->fmt == FMT_TABLE) {
            out_table_begin(w, 7, lab_en, R ? lab_ru : lab_en, "snnnnnn");
        } else if (w->fmt == FMT_CSV) {
            static const char *ck[9] = {"section", "key", "customers", "share", "min", "max",
                                        "recency_days", "frequency", "monetary"};
            out_table_begin(w, 9, ck, ck, "ssnnnnnnn");
        } else {
            out_table_begin(w, 6, keys, keys, "snnnns");
        }
        for (int s = bins; s >= 1; s--) {
            char cells[3][2][32], cnt[3][32], sc[16];
            snprintf(sc, sizeof sc, "%d", s);
            const char measures[3] = {'r', 'f', 'm'};
            for (int k = 0; k < 3; k++) {
                rmk_rfm_cutoff cu;
                int have = rmk_rfm_cutoff_get(x, measures[k], s, &cu);
                fmt_int(cnt[k], (long long)cu.customers);
                if (!have) {
                    cells[k][0][0] = cells[k][1][0] = 0;
                } else if (k < 2) {
                    fmt_int(cells[k][0], cu.lo_num);
                    fmt_int(cells[k][1], cu.hi_num);
                } else {
                    rmk_ratio_format(cu.lo_num, cu.lo_den, o->decimals, '.', cells[k][0]);
                    rmk_ratio_format(cu.hi_num, cu.hi_den, o->decimals, '.', cells[k][1]);
                }
            }
            if (w->fmt == FMT_TABLE) {
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
            } else {
                static const char *sect_csv[3] = {"cutoff_r", "cutoff_f", "cutoff_m"};
                static const char *meas[3] = {"recency_days", "frequency", "monetary"};
                for (int k = 0; k < 3; k++) {
                    if (w->fmt == FMT_CSV) {
                        char share[32];
                        fmt_double(share, n ? (double)strtoll(cnt[k], NULL, 10) / (double)n : 0, 4);
                        const char *row[9] = {sect_csv[k], sc, cnt[k], share, cells[k][0],
                                              cells[k][1], "", "", ""};
                        out_table_row(w, row);
                    } else {
                        char sect[8];
                        snprintf(sect, sizeof sect, "%c", measures[k]);
                        const char *row[6] = {sect, sc, cnt[k], cells[k][0], cells[k][1], meas[k]};
                        out_table_row(w, row);
                    }
                }
            }
        }
        if (w->fmt != FMT_CSV) out_table_end(w);
    }
    /* segments and codes share a layout */
    static const char *gkeys[7] = {"key", "name", "customers", "share", "recency_days",
                                   "frequency", "monetary"};
    const char *glab_en[8] = {"segment", "customers", "share", "recency_days", "frequency",
                              "monetary", "action", ""};
    const char *glab_ru[8] = {"сегмент", "клиентов", "доля", "давность_дн", "частота", "M",
                              "что делать", ""};
    if (map) {
        if (w->fmt == FMT_JSON) {
            fputs(",\n\"segment_map\": ", w->f);
            out_json_str(w, rmk_segmap_title(map, o->lang));
            fputs(",\n\"segments\": ", w->f);
            out_table_begin(w, 7, gkeys, gkeys, "ssnnnnn");
        } else if (w->fmt == FMT_TABLE) {
            out_text(w, "\n%s: %s\n", R ? "Сегменты" : "Segments", rmk_segmap_title(map, o->lang));
            out_table_begin(w, 7, glab_en, R ? glab_ru : glab_en, "snnnnns");
        }
        for (int s = 0; s < rmk_segmap_count(map); s++) {
            rmk_rfm_group g;
            rmk_rfm_segment_stats(x, s, &g);
            char cnt[32], share[32], rr[32], ff[32], mm[32];
            fmt_int(cnt, (long long)g.customers);
            fmt_double(share, n ? (double)g.customers / (double)n : 0, 4);
            if (g.customers) {
                fmt_double(rr, g.recency_days, 1);
                fmt_double(ff, g.frequency, 2);
                fmt_double(mm, g.monetary, o->decimals);
            } else {
                rr[0] = ff[0] = mm[0] = 0;
            }
            const char *name = rmk_segmap_name(map, s, o->lang);
            if (w->fmt == FMT_TABLE) {
                const char *row[7] = {name, cnt, share, rr[0] ? rr : "-", ff[0] ? ff : "-",
                                      mm[0] ? mm : "-", rmk_segmap_action(map, s, o->lang)};
                out_table_row(w, row);
            } else if (w->fmt == FMT_CSV) {
                const char *row[9] = {"segment", name, cnt, share, "", "", rr, ff, mm};
                out_table_row(w, row);
            } else {
                const char *row[7] = {rmk_segmap_key(map, s), name, cnt, share, rr, ff, mm};
                out_table_row(w, row);
            }
        }
        if (w->fmt != FMT_CSV) out_table_end(w);
    }
    if (w->fmt == FMT_JSON) {
        fputs(",\n\"codes\": ", w->f);
        static const char *ckeys[6] = {"rfm", "customers", "share", "recency_days", "frequency",
                                       "monetary"};
        out_table_begin(w, 6, ckeys, ckeys, "snnnnn");
    } else if (w->fmt == FMT_TABLE) {
        out_text(w, "\n%s\n", R ? "Коды RFM (непустые)" : "RFM codes (non-empty)");
        static const char *lab_en[6] = {"rfm", "customers", "share", "recency_days", "frequency",
                                        "monetary"};
        static const char *lab_ru[6] = {"rfm", "клиентов", "доля", "давность_дн", "частота", "M"};
        out_table_begin(w, 6, lab_en, R ? lab_ru : lab_en, "snnnnn");
    }
    for (int r = bins; r >= 1; r--)
        for (int f = bins; f >= 1; f--)
            for (int m = bins; m >= 1; m--) {
                rmk_rfm_group g;
                if (!rmk_rfm_code_stats(x, r, f, m, &g)) continue;
                char code[40], cnt[32], share[32], rr[32], ff[32], mm[32];
                snprintf(code, sizeof code, "%d%d%d", r, f, m);
                fmt_int(cnt, (long long)g.customers);
                fmt_double(share, (double)g.customers / (double)n, 4);
                fmt_double(rr, g.recency_days, 1);
                fmt_double(ff, g.frequency, 2);
                fmt_double(mm, g.monetary, o->decimals);
                if (w->fmt == FMT_CSV) {
                    const char *row[9] = {"code", code, cnt, share, "", "", rr, ff, mm};
                    out_table_row(w, row);
                } else {
                    const char *row[6] = {code, cnt, share, rr, ff, mm};
                    out_table_row(w, row);
                }
            }
    out_table_end(w);
    if (w->fmt == FMT_JSON) fputs("}\n", w->f);
}

int cmd_rfm(int argc, char **argv)
{
    cli_opts o;
    cli_opts_init(&o);
    int rc = 64;
    rmk_agg *a = NULL;
    rmk_rfm *x = NULL;
    rmk_segmap *map = NULL;
    int parsed = cli_parse_args(&o, argc, argv, longopts, usage_text, "relmark rfm",
                                "missing the transactions FILE");
    if (parsed >= 0) {
        cli_opts_free(&o);
        return parsed;
    }
    const char *path = argv[optind];
    rmk_status st = RMK_OK;
    map = cli_open_map(&o, &st);
    if (st != RMK_OK) {
        rc = rmk_status_exit_code(st);
        goto done;
    }
    a = rmk_agg_new();
    if (!a) {
        fprintf(stderr, "relmark: out of memory\n");
        rc = 71;
        goto done;
    }
    o.read.as_of = o.as_of;
    cli_progress prog;
    cli_progress_start(&prog, &o, path);
    st = rmk_agg_read_file(a, path, &o.read);
    cli_progress_end(&prog);
    rmk_agg_stats stats;
    rmk_agg_get_stats(a, &stats);
    if (st != RMK_OK) {
        fprintf(stderr, "relmark: %s\n", rmk_agg_errmsg(a));
        rc = rmk_status_exit_code(st);
        goto done;
    }
    rmk_agg_seal(a); /* all rows are in: free the lookup tables before scoring */
    cli_note_skipped(stats.rows_skipped, NULL, stats.first_error);
    rmk_rfm_opts ro;
    rmk_rfm_opts_init(&ro);
    ro.as_of = o.as_of;
    ro.bins = o.bins;
    ro.ties = o.ties;
    ro.monetary = o.monetary;
    ro.segments = map;
    char err[512];
    st = rmk_rfm_score(a, &ro, &x, err, sizeof err);
    if (st != RMK_OK) {
        fprintf(stderr, "relmark: %s: %s\n", strcmp(path, "-") ? path : "<stdin>", err);
        rc = rmk_status_exit_code(st);
        goto done;
    }
    if (!o.summary)
        cli_note(rmk_rfm_unscored(x), "customer", "with returns only, not scored");
    out w;
    if (out_open(&w, o.output, o.format, o.excel)) {
        rc = 73;
        goto done;
    }
    if (o.summary) {
        print_summary(&w, &o, x, map, &stats);
    } else if (o.format == FMT_JSON) {
        char d[16];
        fprintf(w.f, "{\"as_of\": \"%s\", \"bins\": %d, \"ties\": \"%s\", \"monetary\": \"%s\", "
                     "\"customers\": ",
                rmk_date_format_iso(rmk_rfm_as_of(x), d), o.bins,
                o.ties == RMK_TIES_SPLIT ? "split" : "keep",
                o.monetary == RMK_MONETARY_TOTAL ? "total" : "average");
        print_rows(&w, &o, x, map);
        fputs("}\n", w.f);
    } else {
        print_rows(&w, &o, x, map);
    }
    rc = out_close(&w);
done:
    rmk_rfm_free(x);
    rmk_segmap_free(map);
    rmk_agg_free(a);
    cli_opts_free(&o);
    return rc;
}
