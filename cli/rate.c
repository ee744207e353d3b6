/* SPDX-License-Identifier: MIT */
/* rate.c — `relmark rate`: rate corporate clients on the firm's scale
 * (lecture §3 "Client rating scale"; SPEC §3.2). The library rates; this
 * file formats. */
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: relmark rate FILE [options]\n"
    "\n"
    "Rate every corporate client on the client rating scale (lecture §3): points for\n"
    "share of turnover, months of cooperation, timeliness of payment and average\n"
    "monthly sales growth over the 12 months ending with the as-of date; the total\n"
    "gives the category (strategic partner, regular, standard, occasional) and its\n"
    "service package. FILE holds invoices: customer, date, amount, and when known\n"
    "invoice, due_date, paid_date, prepaid (see docs/rating.md).\n"
    "\n"
    "Rating:\n"
    "  --customers FILE    the clients file: customer_id, name, type, status,\n"
    "                      contract_start (clients without sales are rated too)\n"
    "  --scale FILE        the firm's scale (INI; default: the lecture's table)\n"
    "  --as-of DATE        rate at the end of DATE (default: latest transaction date)\n"
    "  --compare-to DATE   also rate at DATE and show who changed category\n"
    "  --summary           clients, revenue and share of revenue per category\n"
    "Chart: --plot NAME  the report's chart as an SVG instead (-o FILE.svg; the report's\n"
    "  defaults): points, revenue, changes (with --customers)\n"
    "{reading}\n"
    "Output: --format table|csv|json   --lang en|ru   --excel   --wide   --decimals N\n"
    "  -o, --output FILE   --config FILE ([input], [rate], [output])   -h, --help\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or nothing to rate, 66 no input,\n"
    "71 out of memory, 73 cannot create the output, 74 I/O, 78 config or scale error.\n";

static const cli_option options[] = {CLI_DATE_AT("compare-to", compare_to, "a date such as 2025-12-31"),
                                     CLI_OPT_CUSTOMERS, CLI_OPT_SCALE, CLI_OPT_SUMMARY, CLI_OPT_PLOT, {0}};

static int run(cli_ctx *c);

const cli_command cli_rate = {
    .name = "rate",
    .summary = {"corporate clients on the client rating scale: points, category, package", NULL},
    .usage = usage_text,
    .file = "invoices",
    .options = options,
    .section = "rate",
    .section_shared = 1,
    .run = run,
};

static int ru(const cli_opts *o) { return strcmp(o->lang, "ru") == 0; }

static const char *category_label(const rmk_scale *s, int c, const cli_opts *o)
{
    if (c < 0) return "";
    /* CSV/JSON in English carry the key; tables and Russian the name */
    if (!ru(o) && o->format != FMT_TABLE) return rmk_scale_category_key(s, c);
    return rmk_scale_category_name(s, c, o->lang);
}

static void pct(char *b, double v, int dec) { snprintf(b, 32, "%.*f", dec, v); }

static void print_rows(out *w, const cli_opts *o, const rmk_rating *x)
{
    const rmk_scale *s = rmk_rating_scale(x);
    int cmp = o->compare_to != RMK_NO_DATE;
    /* CSV, JSON: the stable keys of the labels last (docs/cli.md, "Stable keys") */
    static const char *keys[16] = {"customer_id", "share_pct", "share_points", "cooperation_months",
                                   "cooperation_points", "payment", "payment_points", "growth_pct",
                                   "growth_points", "total", "category", "package",
                                   "previous_category", "payment_key", "category_key",
                                   "previous_category_key"};
    static const char *keys_now[15] = {"customer_id", "share_pct", "share_points", "cooperation_months",
                                       "cooperation_points", "payment", "payment_points", "growth_pct",
                                       "growth_points", "total", "category", "package",
                                       "payment_key", "category_key"};
    static const char *labels_ru[13] = {"клиент", "доля_%", "баллы", "мес_сотрудничества", "баллы",
                                        "оплата", "баллы", "прирост_%", "баллы", "итого",
                                        "категория", "пакет", "прежняя_категория"};
    static const char *labels_en[13] = {"customer_id", "share_%", "pts", "months", "pts", "payment",
                                        "pts", "growth_%", "pts", "total", "category", "package",
                                        "previous_category"};
    int table = w->fmt == FMT_TABLE, ncol = table ? (cmp ? 13 : 12) : (cmp ? 16 : 14);
    out_table_begin(w, ncol, cmp ? keys : keys_now, ru(o) ? labels_ru : labels_en, "snnnnsnnnnssssss");
    for (size_t i = 0; i < rmk_rating_count(x); i++) {
        const rmk_rated_client *c = rmk_rating_at(x, i);
        char sh[32], sp[16], cm[16], cpt[16], pp[16], gr[32], gp[16], tot[16];
        pct(sh, c->share_pct, o->decimals);
        snprintf(sp, sizeof sp, "%d", c->share_points);
        snprintf(cm, sizeof cm, "%d", c->cooperation_months);
        snprintf(cpt, sizeof cpt, "%d", c->cooperation_points);
        snprintf(pp, sizeof pp, "%d", c->payment_points);
        if (c->growth_known) pct(gr, c->growth_pct, o->decimals);
        else gr[0] = 0; /* unknown: no sales in the window's first quarter */
        snprintf(gp, sizeof gp, "%d", c->growth_points);
        snprintf(tot, sizeof tot, "%d", c->total);
        const char *pk = rmk_payment_key(c->payment);
        const char *ck = c->category < 0 ? "" : rmk_scale_category_key(s, c->category);
        const char *pck = c->previous_category < 0 ? "" : rmk_scale_category_key(s, c->previous_category);
        const char *cells[16] = {c->customer_id, sh, sp, cm, cpt, rmk_payment_name(c->payment, o->lang),
                                 pp, gr, gp, tot, category_label(s, c->category, o),
                                 rmk_scale_category_package(s, c->category, o->lang),
                                 category_label(s, c->previous_category, o), pk, ck, pck};
        if (!cmp) cells[12] = pk, cells[13] = ck;
        out_table_row(w, cells);
    }
    out_table_end(w);
}

static void print_summary(out *w, const cli_opts *o, const rmk_rating *x)
{
    const rmk_scale *s = rmk_rating_scale(x);
    int n = rmk_scale_category_count(s), R = ru(o);
    size_t *clients = calloc((size_t)n, sizeof *clients);
    __int128 *rev = calloc((size_t)n, sizeof *rev);
    if (!clients || !rev) {
        free(clients);
        free(rev);
        w->failed = 1;
        return;
    }
    for (size_t i = 0; i < rmk_rating_count(x); i++) {
        const rmk_rated_client *c = rmk_rating_at(x, i);
        clients[c->category]++;
        rev[c->category] += c->window_net;
    }
    char d[16];
    rmk_date_format_iso(rmk_rating_as_of(x), d);
    int64_t total = rmk_rating_total_net(x);
    rmk_rating_stats st;
    rmk_rating_get_stats(x, &st);
    char tot[32];
    rmk_money_format(total, o->decimals, '.', tot);
    out_text(w, R ? "Рейтинг %zu клиентов на %s; выручка за 12 месяцев: %s\n\n"
                  : "Rating of %zu clients as of %s; revenue in the 12-month window: %s\n\n",
             rmk_rating_count(x), d, tot);
    cli_text_columns(w, o, 1);
    static const char *keys[5] = {"category", "name", "clients", "revenue", "revenue_share"};
    static const char *lab_en[5] = {"category", "name", "clients", "revenue", "share_of_revenue"};
    static const char *lab_ru[5] = {"категория", "название", "клиентов", "выручка", "доля_выручки"};
    if (w->fmt == FMT_JSON) {
        fputs("{", w->f);
        cli_json_columns(w, o);
        fprintf(w->f, "\"as_of\": \"%s\", \"clients\": %zu, \"revenue\": %s, \"categories\": ", d,
                rmk_rating_count(x), tot);
    }
    out_table_begin(w, 5, keys, R ? lab_ru : lab_en, "ssnnn");
    for (int c = 0; c < n; c++) {
        char cn[32], rv[32], sh[32];
        snprintf(cn, sizeof cn, "%zu", clients[c]);
        int64_t r = rev[c] > INT64_MAX ? INT64_MAX : rev[c] < INT64_MIN ? INT64_MIN : (int64_t)rev[c];
        rmk_money_format(r, o->decimals, '.', rv);
        pct(sh, total > 0 ? (double)r / (double)total : 0.0, 4);
        const char *row[5] = {rmk_scale_category_key(s, c), rmk_scale_category_name(s, c, o->lang), cn,
                              rv, sh};
        out_table_row(w, row);
    }
    out_table_end(w);
    if (o->compare_to != RMK_NO_DATE) {
        char p[16];
        rmk_date_format_iso(o->compare_to, p);
        if (w->fmt == FMT_JSON) fputs(", \"changes\": ", w->f);
        else if (w->fmt == FMT_TABLE)
            out_text(w, R ? "\nСменили категорию с %s:\n" : "\nChanged category since %s:\n", p);
        static const char *ck[5] = {"customer_id", "name", "previous_category", "category", "direction"};
        static const char *cl_ru[5] = {"клиент", "название", "была", "стала", "изменение"};
        if (w->fmt == FMT_CSV) fputs("\n", w->f); /* a second table follows */
        out_table_begin(w, 5, ck, R ? cl_ru : ck, "sssss");
        for (size_t i = 0; i < rmk_rating_count(x); i++) {
            const rmk_rated_client *c = rmk_rating_at(x, i);
            if (c->previous_category == c->category) continue;
            /* categories run from the highest minimum down: a lower index is up */
            const char *dir = c->previous_category < 0 ? (R ? "новый" : "new")
                              : c->category < c->previous_category ? (R ? "вверх" : "up")
                                                                   : (R ? "вниз" : "down");
            const char *row[5] = {c->customer_id, c->name, category_label(s, c->previous_category, o),
                                  category_label(s, c->category, o), dir};
            out_table_row(w, row);
        }
        out_table_end(w);
    }
    if (w->fmt == FMT_JSON) {
        fprintf(w->f, ", \"not_in_customers_file\": %zu, \"without_transactions\": %zu, "
                      "\"individuals_left_out\": %zu, \"prospects_left_out\": %zu}\n",
                st.not_in_customers_file, st.without_transactions, st.individuals_left_out,
                st.prospects_left_out);
    }
    free(clients);
    free(rev);
}

/* never dropped silently: who is known to one file only */
static void notes(const rmk_rating *x)
{
    rmk_rating_stats stats;
    rmk_rating_get_stats(x, &stats);
    cli_note_skipped(stats.rows_skipped, NULL, stats.first_error);
    cli_note(stats.not_in_customers_file, "client",
             "with invoices but not in the customers file (rated)");
    cli_note(stats.without_transactions, "client",
             "in the customers file without invoices (rated, share 0)");
    cli_note(stats.prospects_left_out, "prospect",
             "without invoices left out (status lead, qualified or disqualified)");
    cli_note(stats.individuals_left_out, "individual",
             "left out (the scale rates corporate clients)");
}

static void view(out *w, const cli_opts *o, const void *x)
{
    if (o->summary) {
        print_summary(w, o, x);
        return;
    }
    char d[16];
    out_json(w, "{");
    cli_json_columns(w, o);
    out_json(w, "\"as_of\": \"%s\", \"clients\": ", rmk_date_format_iso(rmk_rating_as_of(x), d));
    print_rows(w, o, x);
    out_json(w, "}\n");
}

static int run(cli_ctx *c)
{
    const cli_opts *o = c->o;
    rmk_scale *scale = NULL;
    rmk_rating *x = NULL;
    int rc = cli_open_scale(o, &scale);
    if (rc) return rc;
    rmk_rate_opts ro;
    rmk_rate_opts_init(&ro);
    ro.as_of = o->as_of;
    ro.compare_to = o->compare_to;
    ro.scale = scale;
    ro.customers = o->customers;
    cli_read_begin(c, c->path);
    rc = cli_read_end(c, rmk_rate_file(c->path, &c->o->read, &ro, &x, c->err, sizeof c->err), c->err);
    if (!rc) {
        notes(x);
        if (!o->summary) c->as_of = rmk_rating_as_of(x); /* the summary's title has it */
        rc = rmk_rating_count(x) ? cli_print(c, view, x)
                                 : cli_error(CLI_EX_DATA, "%s: no client to rate", c->path);
    }
    rmk_rating_free(x);
    rmk_scale_free(scale);
    return rc;
}
