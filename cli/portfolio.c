/* SPDX-License-Identifier: MIT */
/* portfolio.c — `relmark portfolio`: the customer portfolio (lecture §3;
 * SPEC §3.6). The library scores and places; this file formats. */
#include "cli.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: relmark portfolio FILE --customers CLIENTS [options]\n"
    "\n"
    "The customer portfolio (lecture §3): every corporate client scored 1-5 on the\n"
    "lecture's parameters — commercial (sales volume, profitability from FILE's cost or\n"
    "margin column else the customers file, client's market share, solvency from payment\n"
    "discipline, relationship costs, period of cooperation), strategic and technical\n"
    "(manager scores 1-5 in the customers file) — two weighted axes, client\n"
    "attractiveness and relationship strength, a 3x3 matrix with a strategy and a retention\n"
    "bond level per cell, and a retention budget split by the value at stake.\n"
    "Definitions, weights and the customers file's parameter columns: docs/portfolio.md.\n"
    "\n"
    "  --customers FILE    clients: type, status, contract_start, manager and the parameter\n"
    "                      columns (profitability, market_share, relationship_cost,\n"
    "                      strategic_importance, relationship_strength, ... 1-5)\n"
    "  --scale FILE        the rating scale (relmark rate --help)\n"
    "  --as-of DATE        the analysis date (default: the latest transaction date)\n"
    "  --budget N          a retention budget to split in proportion to the value at stake\n"
    "  --value clv|revenue value at stake: expected CLV over 12 months (BG/NBD on the\n"
    "                      same read) or the 12-month revenue (default: clv\n"
    "                      with --budget, revenue without)\n"
    "  --summary           the 3x3 matrix: clients, revenue, value and budget per cell\n"
    "  --orientation       transaction vs relationship marketing (lecture §5): the firm's\n"
    "                      place on the continuum from measured facts (repeat clients'\n"
    "                      revenue, retention, feedback coverage with --feedback FILE,\n"
    "                      personal managers from --customers) and from --self FILE, an INI\n"
    "                      of the seven dimensions scored 1 (transaction) .. 5 (relationship)\n"
    "  --feedback FILE     with --orientation: the feedback file (customer_id, date, nps)\n"
    "  --self FILE         with --orientation: the self-assessment\n"
    "Weights: a [portfolio] section of --config, attractiveness.PARAM = percent and\n"
    "strength.PARAM = percent; each axis adds up to 100 (the section also takes budget,\n"
    "value, orientation, feedback and self).\n"
    "Chart: --plot NAME  the report's chart as an SVG instead (-o FILE.svg; the report's\n"
    "  defaults): matrix, budget (with --customers)\n"
    "{reading}\n"
    "Output: --format table|csv|json   --lang en|ru   --excel   --wide   --decimals N\n"
    "  -o, --output FILE   --config FILE ([input], [portfolio], [output])   -h, --help\n"
    "CSV columns: customer_id, name, category, attractiveness, strength, cell, bond_level,\n"
    "value, allocation, missing, then one score column per parameter.\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or no client, 66 no input, 71 out of memory,\n"
    "73 cannot create the output, 74 I/O, 78 config error (weights that do not add up).\n";

static int set_budget(cli_opts *o, const char *name, const char *v, const char *where)
{
    char *end;
    double b = strtod(v, &end);
    if (end == v || *end || !(b >= 0) || b > 1e15) return cli_bad(where, name, v, "an amount >= 0");
    o->pf.budget = b;
    return 0;
}

static int set_value(cli_opts *o, const char *name, const char *v, const char *where)
{
    if (!strcmp(v, "clv")) o->pf.value_clv = 1;
    else if (!strcmp(v, "revenue")) o->pf.value_clv = 0;
    else return cli_bad(where, name, v, "clv or revenue");
    o->pf_value_set = 1;
    return 0;
}

/* [portfolio] attractiveness.PARAM = percent, strength.PARAM = percent */
static int set_weight(cli_opts *o, const char *name, const char *v, const char *where)
{
    int a = name[0] == 'a' ? RMK_PF_ATTRACTIVENESS : RMK_PF_STRENGTH;
    const char *key = strchr(name, '.') + 1;
    int p = -1;
    for (int k = 0; k < RMK_PF_COUNT; k++)
        if (!strcmp(key, rmk_pf_param_key(k))) p = k;
    if (p < 0) {
        cli_say("%s%sunknown portfolio parameter '%s' (expected sales_volume, profitability, "
                "market_share, solvency, relationship_cost, strategic_importance, "
                "development_potential, specialisation_fit, relationship_strength, "
                "relationship_value, goal_compatibility, management_complexity, "
                "technology_protection or cooperation)", where ? where : "", where ? ": " : "", key);
        return -1;
    }
    char *end;
    double w = strtod(v, &end);
    if (end == v || *end || !(w >= 0) || w > 100) return cli_bad(where, name, v, "a weight 0-100 (percent)");
    if (!o->pf_axis_set[a]) { /* the file's weights replace the axis's defaults */
        memset(o->pf.weight[a], 0, sizeof o->pf.weight[a]);
        o->pf_axis_set[a] = 1;
    }
    o->pf.weight[a][p] = w;
    return 0;
}

static const cli_option options[] = {
    CLI_OPT_CUSTOMERS, CLI_OPT_SCALE, CLI_VALUE_BY("budget", set_budget), CLI_VALUE_BY("value", set_value),
    CLI_OPT_SUMMARY, CLI_SWITCH_AT("orientation", orientation), CLI_OPT_FEEDBACK, CLI_TEXT_AT("self", self),
    {.name = "attractiveness.", .kind = CLI_KEYS, .set = set_weight},
    {.name = "strength.", .kind = CLI_KEYS, .set = set_weight}, CLI_OPT_PLOT, {0}};

static int run(cli_ctx *c);

const cli_command cli_portfolio = {
    .name = "portfolio",
    .summary = {"the customer portfolio: parameters, attractiveness x relationship strength",
                "matrix, strategies, retention budget split"},
    .usage = usage_text,
    .file = "invoices",
    .options = options,
    .section = "portfolio",
    .run = run,
};

static void num(char *b, double v, int dec)
{
    if (!isfinite(v)) b[0] = 0;
    else snprintf(b, 32, "%.*f", dec, v);
}

/* the same for a million rows: fixed point without printf (v rounded half
 * away from zero at dec decimals, |v| < 9e15 / 10^dec, else printf) */
static void fastnum(char *b, double v, int dec)
{
    static const double p10[5] = {1, 10, 100, 1000, 10000};
    if (!isfinite(v) || dec < 0 || dec > 4 || fabs(v) * p10[dec] > 9e15) {
        num(b, v, dec);
        return;
    }
    long long q = llround(v * p10[dec]);
    char t[32];
    int k = 0, n = 0;
    unsigned long long u = q < 0 ? 0ULL - (unsigned long long)q : (unsigned long long)q;
    for (int d = 0; d < dec; d++) t[k++] = (char)('0' + u % 10), u /= 10;
    if (dec) t[k++] = '.';
    do t[k++] = (char)('0' + u % 10); while (u /= 10);
    if (q < 0) b[n++] = '-';
    while (k) b[n++] = t[--k];
    b[n] = 0;
}

static void print_rows(out *w, const cli_opts *o, const rmk_portfolio *x)
{
    int R = !strcmp(o->lang, "ru"), K = w->fmt != FMT_TABLE;
    const rmk_scale *s = rmk_portfolio_scale(x);
    enum { NB = 10 };
    const char *keys[NB + RMK_PF_COUNT] = {"customer_id", "name", "category", "attractiveness",
                                           "strength", "cell", "bond_level", "value", "allocation",
                                           "missing"};
    static const char *ru_l[NB] = {"клиент", "название", "категория", "привлекательность",
                                   "сила_отношений", "клетка", "уровень_связей", "ценность",
                                   "бюджет", "нет_данных"};
    const char *labels[NB + RMK_PF_COUNT];
    char types[NB + RMK_PF_COUNT + 1];
    int nc = K ? NB + RMK_PF_COUNT : NB;
    for (int i = 0; i < nc; i++) {
        if (i >= NB) keys[i] = rmk_pf_param_key(i - NB);
        labels[i] = R && i < NB ? ru_l[i] : keys[i];
        types[i] = (i >= 3 && i <= 4) || (i >= 6 && i <= 8) || i >= NB ? 'n' : 's';
    }
    types[nc] = 0;
    out_table_begin(w, nc, keys, labels, types);
    for (size_t i = 0; i < rmk_portfolio_count(x); i++) {
        const rmk_pf_client *c = rmk_portfolio_at(x, i);
        char at[32], st[32], bl[8] = "", va[32], al[32], miss[400] = "", sc[RMK_PF_COUNT][32];
        fastnum(at, c->axis[0], 2);
        fastnum(st, c->axis[1], 2);
        if (c->cell >= 0) snprintf(bl, sizeof bl, "%d", rmk_pf_cell_bond_level(c->cell));
        fastnum(va, c->value, o->decimals);
        fastnum(al, c->allocation, o->decimals);
        size_t u = 0; /* the keys, blank-separated: memcpy, a million rows */
        for (int p = 0; p < RMK_PF_COUNT; p++) {
            if (!(c->missing & (1u << p))) continue;
            const char *key = rmk_pf_param_key(p);
            size_t kl = strlen(key);
            if (u + kl + 2 > sizeof miss) break;
            if (u) miss[u++] = ' ';
            memcpy(miss + u, key, kl);
            u += kl;
        }
        miss[u] = 0;
        const char *row[NB + RMK_PF_COUNT] = {
            c->customer_id, c->name,
            K ? rmk_scale_category_key(s, c->category) : rmk_scale_category_name(s, c->category, o->lang),
            at, st, K ? rmk_pf_cell_key(c->cell) : rmk_pf_cell_name(c->cell, o->lang), bl, va, al,
            miss};
        for (int p = 0; p < RMK_PF_COUNT; p++) {
            fastnum(sc[p], c->score[p], 0);
            row[NB + p] = sc[p];
        }
        out_table_row(w, row);
    }
    out_table_end(w);
}

static void print_summary(out *w, const cli_opts *o, const rmk_portfolio *x)
{
    int R = !strcmp(o->lang, "ru");
    rmk_portfolio_stats st;
    rmk_portfolio_get_stats(x, &st);
    char d[16];
    rmk_date_format_iso(rmk_portfolio_as_of(x), d);
    static const char *lv_en[3] = {"low", "medium", "high"}, *lv_ru[3] = {"низкая", "средняя", "высокая"};
    if (w->fmt == FMT_TABLE) {
        out_text(w, R ? "Портфель клиентов на %s: %zu клиентов; ценность под риском: %s\n\n"
                      : "Customer portfolio as of %s: %zu clients; value at stake: %s\n\n",
                 d, rmk_portfolio_count(x),
                 st.value_clv ? (R ? "ожидаемая CLV за 12 месяцев" : "expected CLV over 12 months")
                              : (R ? "выручка за 12 месяцев" : "revenue of the last 12 months"));
        cli_text_columns(w, o, 1);
        /* the matrix: attractiveness down (high first), strength across */
        const char *head[4] = {R ? "привлекательность\\сила" : "attractiveness\\strength",
                               R ? lv_ru[0] : lv_en[0], R ? lv_ru[1] : lv_en[1], R ? lv_ru[2] : lv_en[2]};
        out_table_begin(w, 4, head, head, "ssss");
        char cellb[3][64];
        for (int a = 2; a >= 0; a--) {
            const char *row[4] = {R ? lv_ru[a] : lv_en[a], cellb[0], cellb[1], cellb[2]};
            for (int s = 0; s < 3; s++) {
                rmk_pf_cell_stats cs;
                rmk_portfolio_cell(x, a * 3 + s, &cs);
                snprintf(cellb[s], 64, "%s: %zu", rmk_pf_cell_name(a * 3 + s, o->lang), cs.clients);
            }
            out_table_row(w, row);
        }
        out_table_end(w);
        out_text(w, "\n");
    }
    if (w->fmt == FMT_JSON) {
        fputs("{", w->f);
        cli_json_columns(w, o);
        fprintf(w->f, "\"as_of\": \"%s\", \"clients\": %zu, \"value\": \"%s\", \"cells\": ", d,
                rmk_portfolio_count(x), st.value_clv ? "clv" : "revenue");
    }
    static const char *k[9] = {"attractiveness", "strength", "cell", "clients", "revenue", "value",
                               "allocation", "bond_level", "strategy"};
    static const char *l[9] = {"привлекательность", "сила_отношений", "клетка", "клиентов", "выручка",
                               "ценность", "бюджет", "уровень_связей", "стратегия"};
    out_table_begin(w, 9, k, R ? l : k, "sssnnnnns");
    for (int c = 8; c >= 0; c--) {
        rmk_pf_cell_stats cs;
        rmk_portfolio_cell(x, c, &cs);
        char n[24], rv[32], va[32], al[32], bl[8];
        snprintf(n, sizeof n, "%zu", cs.clients);
        rmk_money_format(cs.revenue, o->decimals, '.', rv);
        num(va, cs.value, o->decimals);
        num(al, cs.allocation, o->decimals);
        snprintf(bl, sizeof bl, "%d", rmk_pf_cell_bond_level(c));
        int K = w->fmt != FMT_TABLE;
        const char *row[9] = {K || !R ? lv_en[c / 3] : lv_ru[c / 3], K || !R ? lv_en[c % 3] : lv_ru[c % 3],
                              K ? rmk_pf_cell_key(c) : rmk_pf_cell_name(c, o->lang), n, rv, va, al,
                              bl, rmk_pf_cell_strategy(c, o->lang)};
        out_table_row(w, row);
    }
    out_table_end(w);
    if (w->fmt == FMT_JSON) {
        fprintf(w->f, ", \"unplaced\": %zu, \"missing\": {", st.unplaced);
        int first = 1;
        for (int p = 0; p < RMK_PF_COUNT; p++)
            if (st.missing[p]) {
                fprintf(w->f, "%s\"%s\": %zu", first ? "" : ", ", rmk_pf_param_key(p), st.missing[p]);
                first = 0;
            }
        fputs("}}\n", w->f);
    } else if (w->fmt == FMT_TABLE) {
        int any = 0;
        for (int p = 0; p < RMK_PF_COUNT; p++) any |= st.missing[p] > 0;
        if (any) {
            out_text(w, R ? "\nНет данных (параметр с весом, не заданный для клиента; ось считается по "
                            "остальным):\n"
                          : "\nMissing (a weighted parameter a client lacks; its axis uses the others):\n");
            for (int p = 0; p < RMK_PF_COUNT; p++)
                if (st.missing[p])
                    out_text(w, "  %-24s %zu\n", rmk_pf_param_key(p), st.missing[p]);
        }
    }
}

static void print_orientation(out *w, const cli_opts *o, const void *arg)
{
    const rmk_orientation *r = arg;
    int R = !strcmp(o->lang, "ru"), K = w->fmt != FMT_TABLE;
    char d[16];
    rmk_date_format_iso(r->as_of, d);
    static const char *k[4] = {"measure", "value_pct", "position", "source"};
    static const char *l[4] = {"показатель", "значение_%", "положение", "источник"};
    out_json(w, "{");
    cli_json_columns(w, o);
    if (w->fmt == FMT_JSON) fprintf(w->f, "\"as_of\": \"%s\", \"measures\": ", d);
    else out_text(w, R ? "Маркетинг сделок или взаимоотношений (лекция §5), на %s:\n\n"
                       : "Transaction or relationship marketing (lecture §5), as of %s:\n\n", d);
    out_table_begin(w, 4, k, R ? l : k, "snss");
    const struct { const char *key, *en, *ru; double v; } m[] = {
        {"repeat_revenue", "revenue of the last 12 months from repeat clients",
         "выручка за 12 месяцев от повторных клиентов", r->repeat_revenue_pct},
        {"retention", "customers of the previous 12 months who bought again",
         "клиенты прошлых 12 месяцев, купившие снова", r->retention_pct},
        {"feedback_coverage", "active customers with a feedback answer in 12 months",
         "активные клиенты с отзывом за 12 месяцев", r->feedback_pct},
        {"personal_manager", "active customers with a personal manager",
         "активные клиенты с персональным менеджером", r->manager_pct},
        {"measured", "mean of the measured facts", "среднее измеренных показателей", r->measured},
        {"self_assessment", "self-assessment on the seven dimensions", "самооценка по семи параметрам",
         r->self}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        char v[32];
        num(v, m[i].v, 1);
        const char *row[4] = {K ? m[i].key : (R ? m[i].ru : m[i].en), v,
                              rmk_orientation_position(m[i].v, K ? "key" : o->lang),
                              isfinite(m[i].v) ? "" : K ? "no_data" : (R ? "нет данных" : "no data")};
        out_table_row(w, row);
    }
    out_table_end(w);
    if (w->fmt == FMT_JSON) fputs(", \"dimensions\": ", w->f);
    else if (w->fmt == FMT_CSV) fputs("\n", w->f);
    else out_text(w, R ? "\nСемь параметров лекции (1 = маркетинг сделок, 5 = маркетинг взаимоотношений):\n"
                       : "\nThe lecture's seven dimensions (1 = transaction, 5 = relationship marketing):\n");
    static const char *dk[4] = {"dimension", "transaction", "relationship", "self_score"};
    static const char *dl[4] = {"параметр", "маркетинг_сделок", "маркетинг_взаимоотношений", "самооценка"};
    out_table_begin(w, 4, dk, R ? dl : dk, "sssn");
    for (int i = 0; i < RMK_ORIENT_DIMENSIONS; i++) {
        const char *t, *rel, *name = rmk_orientation_dimension(i, o->lang, &t, &rel);
        char sc[8] = "";
        if (r->self_score[i]) snprintf(sc, sizeof sc, "%d", r->self_score[i]);
        const char *row[4] = {K ? rmk_orientation_dimension(i, "key", NULL, NULL) : name, t, rel, sc};
        out_table_row(w, row);
    }
    out_table_end(w);
    if (w->fmt == FMT_JSON) fputs("}\n", w->f);
}

/* --orientation: the firm on the continuum, of its own read */
static int run_orientation(cli_ctx *c)
{
    const cli_opts *o = c->o;
    rmk_orientation r;
    cli_read_begin(c, c->path);
    rmk_status st = rmk_orientation_file(c->path, &c->o->read, o->as_of, o->customers, o->stage.feedback,
                                         o->self, &r, c->err, sizeof c->err);
    int rc = cli_read_end(c, st, c->err);
    return rc ? rc : cli_print(c, print_orientation, &r);
}

/* never dropped silently: what the axes could not use */
static void notes(const rmk_portfolio_stats *ps, int value_clv)
{
    if (value_clv && !ps->value_clv)
        cli_tell("value at stake is revenue: the CLV model could not be fitted (%s)", ps->value_note);
    if (ps->absent) {
        char list[512];
        size_t n = 0;
        list[0] = 0;
        for (int p = 0; p < RMK_PF_COUNT && n < sizeof list; p++)
            if (ps->absent & (1u << p))
                n += (size_t)snprintf(list + n, sizeof list - n, " %s", rmk_pf_param_key(p));
        cli_tell("no client has%s: the axes use the other parameters", list);
    }
    size_t miss = 0;
    for (int p = 0; p < RMK_PF_COUNT; p++)
        if (!(ps->absent & (1u << p))) miss += ps->missing[p];
    cli_note(miss, "missing parameter value", "(scored on the others; see the 'missing' column)");
    cli_note_skipped(ps->rows_skipped, NULL, ps->first_error);
    cli_note(ps->unplaced, "client", "without any parameter of an axis: not placed");
    cli_note(ps->profitability_measured, "client",
             "with profitability measured from the transactions' cost or margin column (the "
             "others': the customers file's)");
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
    out_json(w, "\"as_of\": \"%s\", \"clients\": ", rmk_date_format_iso(rmk_portfolio_as_of(x), d));
    print_rows(w, o, x);
    out_json(w, "}\n");
}

static int run(cli_ctx *c)
{
    const cli_opts *o = c->o;
    rmk_scale *scale = NULL;
    rmk_portfolio *x = NULL;
    int rc = cli_open_scale(o, &scale);
    if (rc) return rc;
    if (o->orientation) {
        rc = run_orientation(c);
        rmk_scale_free(scale);
        return rc;
    }
    rmk_portfolio_opts po = o->pf;
    if (!o->pf_value_set && !(po.budget > 0))
        po.value_clv = 0; /* the model is fitted for a budget to split, or when asked */
    po.as_of = o->as_of;
    po.customers = o->customers;
    po.scale = scale;
    if (!o->customers)
        cli_tell("no --customers file: only the measured parameters (sales volume, solvency, cooperation) "
                "are scored");
    cli_read_begin(c, c->path);
    rc = cli_read_end(c, rmk_portfolio_file(c->path, &c->o->read, &po, &x, c->err, sizeof c->err), c->err);
    if (!rc) {
        rmk_portfolio_stats ps;
        rmk_portfolio_get_stats(x, &ps);
        notes(&ps, po.value_clv);
        if (!o->summary) c->as_of = rmk_portfolio_as_of(x); /* the summary's title has it */
        rc = rmk_portfolio_count(x) ? cli_print(c, view, x)
                                    : cli_error(CLI_EX_DATA, "%s: no client to place", c->path);
    }
    rmk_portfolio_free(x);
    rmk_scale_free(scale);
    return rc;
}
