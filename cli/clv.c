/* SPDX-License-Identifier: MIT */
/* clv.c — `relmark clv`: lifetime value (lecture §1, SPEC §3.5). The
 * library summarises, fits and predicts; this file formats. */
#include "cli.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: relmark clv FILE [options]\n"
    "\n"
    "Customer lifetime value (lecture §1): each customer's repeat purchases x, t_x and T\n"
    "are summarised from the transactions in one pass; a probabilistic model (BG/NBD or\n"
    "Pareto/NBD) and the Gamma-Gamma spend model are fitted by maximum likelihood; per\n"
    "customer: probability alive, expected purchases and value, and CLV over a horizon.\n"
    "A purchase is a day with a row >= 0 (same-day purchases count once). Formulas and\n"
    "sources: docs/clv.md.\n"
    "\n"
    "Model:\n"
    "  --model bgnbd|paretonbd   (default bgnbd)\n"
    "  --unit day|week|month     time unit of x's timing, parameters and outputs (week)\n"
    "  --as-of DATE        end of the data (default: the latest transaction date)\n"
    "  --holdout DATE      fit on purchases up to DATE, check on (DATE, as-of]\n"
    "  --horizon N(m|y)    CLV and expected purchases over N months or years (12m)\n"
    "  --discount R        annual discount rate: 10% or 0.10 (default 10%)\n"
    "  --margin R          profit share of sales: 30% or 0.3 (default 100%: CLV in sales)\n"
    "  --no-spend          no Gamma-Gamma: each customer's observed mean repeat value\n"
    "  --penalizer L       L2 penalty on the parameters, as lifetimes' penalizer_coef:\n"
    "                      LL/n - L sum p^2 (alpha, beta per longest T); 0 (default) none\n"
    "  --decimals N        money decimals in the output (default 2)\n"
    "  --model-from WS[@DATE]  score with the CLV model stored with the snapshot of\n"
    "                      workspace WS as of DATE (default: the latest that has one):\n"
    "                      no fit; its model and unit replace --model and --unit\n"
    "  --summary-input     FILE holds per-customer summaries, not transactions: columns\n"
    "                      frequency, recency, T [, monetary_value] and an id, as\n"
    "                      lifetimes writes them (CLVTools: x, t.x, T.cal, Spending),\n"
    "                      times in --unit (week); no dates: no --holdout, --tracking\n"
    "Views:\n"
    "  (default)           one row per customer\n"
    "  --summary           parameters with standard errors and log-likelihood, the holdout\n"
    "                      check by calibration purchases, customers left out\n"
    "  --tracking          cumulative repeat purchases per period: actual and expected\n"
    "  --whatif retention+5   the economics of retention: CLV = m r / (1 + d - r) at this\n"
    "                      firm's retention r and at r + 5 points, profit by tenure year,\n"
    "                      beside the lecture's table by industry\n"
    "  --acquisition-cost N   subtracted from the retention-based CLV\n"
    "Chart: --plot NAME  the report's chart as an SVG instead (-o FILE.svg; the report's\n"
    "  defaults): histogram, palive, expected, calibration, tracking\n"
    "{reading}\n"
    "Output: --format table|csv|json   --lang en|ru   --excel   --wide\n"
    "  -o, --output FILE   --config FILE ([input], [clv], [output])   -h, --help\n"
    "CSV columns: customer_id, x, t_x, T, mean_value, p_alive, expected_purchases,\n"
    "expected_value, clv[, holdout_purchases, holdout_expected] (times in the unit).\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or data the model cannot be fitted on,\n"
    "66 no input, 71 out of memory, 73 cannot create the output, 74 I/O, 78 config error.\n";

static const cli_word model_words[] = {{"bgnbd", RMK_CLV_BGNBD},         {"bg/nbd", RMK_CLV_BGNBD},
                                       {"paretonbd", RMK_CLV_PARETONBD}, {"pareto/nbd", RMK_CLV_PARETONBD},
                                       {0}};
static const cli_word unit_words[] = {{"day", RMK_UNIT_DAY}, {"week", RMK_UNIT_WEEK}, {"month", RMK_UNIT_MONTH},
                                      {0}};

/* N months (at most 1200) or years (at most 100): 12m, 3y */
static int set_horizon(cli_opts *o, const char *name, const char *v, const char *where)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || n < 1 || (strcmp(end, "m") && strcmp(end, "y")) || (*end == 'm' ? n > 1200 : n > 100))
        return cli_bad(where, name, v, "N months or years: 12m, 3y (at most 100 years)");
    o->clv.horizon_months = (int)(*end == 'y' ? n * 12 : n);
    return 0;
}

/* --discount (annual, 0 to below 10) and --margin (above 0, at most 1): a
 * fraction, or a percent with its sign */
static int set_rate(cli_opts *o, const char *name, const char *v, const char *where)
{
    char *end;
    double r = strtod(v, &end);
    if (end != v && !strcmp(end, "%")) r /= 100.0;
    else if (end == v || *end || r > 1) r = -1; /* 5 is not 500 %: a percent needs its sign */
    int m = !strcmp(name, "margin");
    if (m ? !(r > 0 && r <= 1) : !(r >= 0 && r < 10))
        return cli_bad(where, name, v,
                       m ? "a share of sales: 30% or 0.3 (above 0, at most 100%)"
                         : "an annual rate: 10% or 0.1 (a fraction at most 1; above that, write %)");
    if (m) o->clv.margin = r;
    else o->clv.discount = r;
    return 0;
}

static int set_no_spend(cli_opts *o, const char *name, const char *v, const char *where)
{
    int b = cli_on_off(v);
    if (b < 0) return cli_bad(where, name, v, CLI_ON_OFF_EXPECTED);
    o->clv.spend = !b;
    return 0;
}

/* --penalizer L: the L2 penalty of lifetimes' penalizer_coef, 0 .. 1e6 */
static int set_penalizer(cli_opts *o, const char *name, const char *v, const char *where)
{
    char *end;
    double l = strtod(v, &end);
    if (end == v || *end || !(l >= 0 && l <= 1e6))
        return cli_bad(where, name, v, "a number from 0 to 1e6, such as 0.001 (0: no penalty)");
    o->clv.penalizer = l;
    return 0;
}

static int set_whatif(cli_opts *o, const char *name, const char *v, const char *where)
{
    if (strcmp(v, "retention+5")) return cli_bad(where, name, v, "retention+5 (the lecture's question)");
    o->whatif = 1;
    return 0;
}

static int set_acquisition_cost(cli_opts *o, const char *name, const char *v, const char *where)
{
    (void)name;
    char *end;
    double c = strtod(v, &end);
    if (end == v || *end || !(c >= 0) || c > 1e15)
        return cli_bad(where, "acquisition-cost", v, "an amount >= 0");
    o->acquisition_cost = c;
    return 0;
}

static const cli_option options[] = {
    CLI_CHOICE_AT("model", clv.model, model_words, "bgnbd or paretonbd"),
    CLI_CHOICE_AT("unit", clv.unit, unit_words, "day, week or month"),
    CLI_DATE_AT("holdout", clv.holdout, "a date such as 1997-09-30 (the calibration period's end)"),
    CLI_VALUE_BY("horizon", set_horizon),
    CLI_VALUE_BY("discount", set_rate),
    CLI_VALUE_BY("margin", set_rate),
    {.name = "no-spend", .kind = CLI_SWITCH, .set = set_no_spend},
    CLI_VALUE_BY("penalizer", set_penalizer),
    CLI_SWITCH_AT("summary-input", summary_input),
    CLI_TEXT_AT("model-from", model_from),
    CLI_OPT_SUMMARY,
    CLI_SWITCH_AT("tracking", tracking),
    CLI_VALUE_BY("whatif", set_whatif),
    CLI_VALUE_BY("acquisition-cost", set_acquisition_cost),
    CLI_OPT_PLOT, {0}};

static int run(cli_ctx *c);

const cli_command cli_clv = {
    .name = "clv",
    .summary = {"lifetime value: BG/NBD or Pareto/NBD and Gamma-Gamma fits, CLV per customer,",
                "holdout check, the +5-points retention what-if"},
    .usage = usage_text,
    .file = "transactions",
    .options = options,
    .section = "clv",
    .run = run,
};

static void dbl(char *b, double v, int dec)
{
    if (!isfinite(v)) b[0] = 0;
    else snprintf(b, 32, "%.*f", dec, v);
}

static void print_rows(out *w, const cli_opts *o, const rmk_clv *x)
{
    int hold = rmk_clv_calibration_end(x) < rmk_clv_as_of(x);
    static const char *keys[11] = {"customer_id", "x", "t_x", "T", "mean_value", "p_alive",
                                   "expected_purchases", "expected_value", "clv",
                                   "holdout_purchases", "holdout_expected"};
    static const char *ru_l[11] = {"клиент", "x", "t_x", "T", "средняя_покупка", "p_активен",
                                   "ожид_покупок", "ожид_стоимость", "clv", "покупок_в_контроле",
                                   "ожид_в_контроле"};
    int nc = hold ? 11 : 9;
    out_table_begin(w, nc, keys, strcmp(o->lang, "ru") || w->fmt != FMT_TABLE ? keys : ru_l,
                    "snnnnnnnnnn");
    for (size_t i = 0; i < rmk_clv_count(x); i++) {
        const rmk_clv_customer *c = rmk_clv_at(x, i);
        char xs[24], tx[32], T[32], mv[32] = "", pa[32], ep[32], ev[32], cl[32], hp[24] = "", he[32] = "";
        snprintf(xs, sizeof xs, "%lld", (long long)c->x);
        dbl(tx, c->t_x, 2);
        dbl(T, c->T, 2);
        if (c->x > 0 && c->mean_exact) /* from the exact sum: 22.345 is 22.35, never 22.34 */
            rmk_ratio_format(c->repeat_net, c->x, o->decimals, '.', mv);
        else if (c->x > 0) dbl(mv, c->mean_value, o->decimals);
        dbl(pa, c->p_alive, 4);
        dbl(ep, c->expected_purchases, 4);
        dbl(ev, c->expected_value, o->decimals);
        dbl(cl, c->clv, o->decimals);
        if (hold) {
            snprintf(hp, sizeof hp, "%lld", (long long)c->holdout_purchases);
            dbl(he, c->holdout_expected, 4);
        }
        const char *row[11] = {c->customer_id, xs, tx, T, mv, pa, ep, ev, cl, hp, he};
        out_table_row(w, row);
    }
    out_table_end(w);
}

static void params_table(out *w, const cli_opts *o, const rmk_clv_params *p, const char *title)
{
    int R = !strcmp(o->lang, "ru");
    if (w->fmt == FMT_JSON) {
        fputs("{", w->f);
        for (int i = 0; i < p->np; i++) {
            fprintf(w->f, "\"%s\": %.10g, ", p->name[i], p->value[i]);
            if (isfinite(p->se[i])) fprintf(w->f, "\"%s_se\": %.6g, ", p->name[i], p->se[i]);
            else fprintf(w->f, "\"%s_se\": null, ", p->name[i]);
        }
        fprintf(w->f, "\"log_likelihood\": %.6f, \"customers\": %.0f, \"groups\": %zu, \"converged\": %s}",
                p->log_likelihood, p->customers, p->groups, p->converged ? "true" : "false");
        return;
    }
    if (w->fmt == FMT_TABLE) out_text(w, "%s\n", title);
    static const char *k[3] = {"parameter", "value", "std_error"};
    static const char *l[3] = {"параметр", "значение", "ст_ошибка"};
    out_table_begin(w, 3, k, R ? l : k, "snn");
    for (int i = 0; i < p->np; i++) {
        char v[32], s[32];
        snprintf(v, sizeof v, "%.4f", p->value[i]);
        dbl(s, p->se[i], 4);
        const char *row[3] = {p->name[i], v, s};
        out_table_row(w, row);
    }
    char ll[32];
    snprintf(ll, sizeof ll, "%.2f", p->log_likelihood);
    const char *row[3] = {"log_likelihood", ll, ""};
    out_table_row(w, row);
    out_table_end(w);
}

static void print_summary(out *w, const cli_opts *o, const rmk_clv *x, int model)
{
    int R = !strcmp(o->lang, "ru");
    char d0[16] = "", d1[16] = "";
    int dated = rmk_clv_as_of(x) != RMK_NO_DATE; /* not from --summary-input */
    if (dated) rmk_date_format_iso(rmk_clv_calibration_end(x), d0);
    if (dated) rmk_date_format_iso(rmk_clv_as_of(x), d1);
    rmk_clv_stats st;
    rmk_clv_get_stats(x, &st);
    rmk_clv_params p, g;
    rmk_clv_model_params(x, &p);
    int has_g = rmk_clv_spend_params(x, &g);
    const char *mname = model == RMK_CLV_PARETONBD ? "Pareto/NBD" : "BG/NBD";
    char title[160];
    snprintf(title, sizeof title,
             R ? "%s, %zu клиентов, калибровка %s%s, единица времени: %s (%zu групп, сходимость: %s)"
               : "%s on %zu customers, calibration %s%s, time unit: %s (%zu groups, converged: %s)",
             mname, st.customers, dated ? (R ? "по " : "to ") : (R ? "из сводки" : "from the summary"),
             d0, rmk_time_unit_key(o->clv.unit), p.groups,
             p.converged ? (R ? "да" : "yes") : (R ? "нет" : "no"));
    if (w->fmt == FMT_JSON) {
        fputs("{", w->f);
        cli_json_columns(w, o);
        fprintf(w->f, "\"model\": \"%s\", \"unit\": \"%s\", \"calibration_end\": %s%s%s, \"as_of\": %s%s%s, "
                      "\"customers\": %zu, \"params\": ",
                model == RMK_CLV_PARETONBD ? "paretonbd" : "bgnbd", rmk_time_unit_key(o->clv.unit),
                dated ? "\"" : "null", d0, dated ? "\"" : "", dated ? "\"" : "null", d1, dated ? "\"" : "",
                st.customers);
        params_table(w, o, &p, title);
        fputs(", \"spend\": ", w->f);
        if (has_g) params_table(w, o, &g, "");
        else fputs("null", w->f);
        fputs(", \"spend_error\": ", w->f);
        if (st.spend_error[0]) out_json_str(w, st.spend_error);
        else fputs("null", w->f);
        fprintf(w->f, ", \"spend_left_out_no_repeat\": %zu, \"spend_left_out_nonpositive\": %zu, "
                      "\"first_purchase_in_holdout\": %zu",
                st.no_repeat, st.nonpositive_value, st.first_in_holdout);
    } else {
        cli_text_columns(w, o, 1);
        params_table(w, o, &p, title);
        if (has_g) {
            if (w->fmt == FMT_CSV) fputs("\n", w->f);
            snprintf(title, sizeof title,
                     R ? "\nGamma-Gamma (модель стоимости) на %.0f клиентах с повторными покупками:"
                       : "\nGamma-Gamma spend model on %.0f customers with repeat purchases:",
                     g.customers);
            params_table(w, o, &g, title);
        }
        if (!has_g && st.spend_error[0])
            out_text(w, R ? "\nМодель стоимости Gamma-Gamma не оценена: %s; CLV по наблюдаемой средней\n"
                          : "\nThe Gamma-Gamma spend model was not fitted: %s; CLV uses the observed mean\n",
                     st.spend_error);
        out_text(w, R ? "\nНе вошли в модель стоимости: %zu без повторных покупок, %zu со средней "
                        "стоимостью <= 0; первая покупка в контрольном периоде: %zu\n"
                      : "\nLeft out of the spend model: %zu without a repeat purchase, %zu with a mean "
                        "value <= 0; first purchase in the holdout period: %zu\n",
                 st.no_repeat, st.nonpositive_value, st.first_in_holdout);
    }
    rmk_clv_holdout_row hr[8];
    size_t nh = rmk_clv_holdout(x, hr, 8);
    if (nh) {
        if (w->fmt == FMT_JSON) fputs(", \"holdout\": ", w->f);
        else if (w->fmt == FMT_CSV) fputs("\n", w->f);
        else out_text(w, R ? "\nКонтрольный период %s .. %s: покупки в среднем, факт и модель\n"
                           : "\nHoldout period after %s to %s: mean purchases, actual and expected\n",
                      d0, d1);
        static const char *k[4] = {"x", "customers", "actual", "expected"};
        static const char *l[4] = {"x", "клиентов", "факт", "модель"};
        out_table_begin(w, 4, k, R ? l : k, "snnn");
        for (size_t i = 0; i < nh; i++) {
            char xs[24], cs[24], a[32], e[32];
            snprintf(xs, sizeof xs, i + 1 == nh ? "%d+" : "%d", hr[i].x);
            snprintf(cs, sizeof cs, "%zu", hr[i].customers);
            dbl(a, hr[i].actual, 4);
            dbl(e, hr[i].expected, 4);
            const char *row[4] = {xs, cs, a, e};
            out_table_row(w, row);
        }
        out_table_end(w);
    }
    if (w->fmt == FMT_JSON) fputs("}\n", w->f);
}

static void print_tracking(out *w, const cli_opts *o, const rmk_clv *x)
{
    int R = !strcmp(o->lang, "ru");
    static const char *k[3] = {"period_end", "actual", "expected"};
    static const char *l[3] = {"конец_периода", "факт", "модель"};
    out_json(w, "{");
    cli_json_columns(w, o);
    out_json(w, "\"tracking\": ");
    out_table_begin(w, 3, k, R ? l : k, "snn");
    for (size_t i = 0; i < rmk_clv_tracking_count(x); i++) {
        rmk_clv_track_row r;
        rmk_clv_tracking_at(x, i, &r);
        char d[16], a[32], e[32];
        rmk_date_format_iso(r.period_end, d);
        snprintf(a, sizeof a, "%.0f", r.actual);
        dbl(e, r.expected, 2);
        const char *row[3] = {d, a, e};
        out_table_row(w, row);
    }
    out_table_end(w);
    if (w->fmt == FMT_JSON) fputs("}\n", w->f);
}

static void print_whatif(out *w, const cli_opts *o, const rmk_retention_economics *e)
{
    int R = !strcmp(o->lang, "ru");
    char d[16];
    rmk_date_format_iso(e->as_of, d);
    if (w->fmt == FMT_JSON) {
        fputs("{", w->f);
        cli_json_columns(w, o);
        fprintf(w->f, "\"as_of\": \"%s\", \"active_before\": %zu, \"retained\": %zu, \"retention\": %.6f, "
                      "\"retention_plus5\": %.6f, \"margin_per_customer\": %.4f, \"discount\": %.4f, "
                      "\"acquisition_cost\": %.4f, \"clv\": %.4f, \"clv_plus5\": %.4f, \"change_pct\": %.4f, "
                      "\"tenure\": [",
                d, e->active_before, e->retained, e->retention, e->retention_plus5, e->margin_per_customer,
                e->discount, e->acquisition_cost, e->clv, e->clv_plus5, e->change_pct);
        for (size_t k = 0; k < e->tenure_years; k++)
            fprintf(w->f, "%s{\"year\": %zu, \"customers\": %zu, \"profit\": %.4f}", k ? ", " : "", k + 1,
                    e->tenure_customers[k], e->tenure_profit[k]);
        fputs("], \"industries\": [", w->f);
        int pct;
        const char *nm;
        for (int i = 0; (nm = rmk_lecture_industry(i, o->lang, &pct)); i++) {
            fprintf(w->f, "%s{\"industry\": ", i ? ", " : "");
            out_json_str(w, nm);
            fprintf(w->f, ", \"profit_increase_pct\": %d}", pct);
        }
        fputs("]}\n", w->f);
        return;
    }
    out_text(w, R ? "Экономика удержания на %s (лекция §1): из %zu клиентов, покупавших в предыдущие 12 "
                    "месяцев, %zu купили и в последние 12: удержание r = %.4f; маржа на клиента m = %.2f; "
                    "ставка дисконтирования d = %.4f\n\n"
                  : "Economics of retention as of %s (lecture §1): of %zu customers who bought in the 12 "
                    "months before the last 12, %zu bought again in the last 12: retention r = %.4f; "
                    "margin per customer m = %.2f; discount rate d = %.4f\n\n",
             d, e->active_before, e->retained, e->retention, e->margin_per_customer, e->discount);
    static const char *k[3] = {"measure", "value", "note"};
    static const char *l[3] = {"показатель", "значение", "примечание"};
    out_table_begin(w, 3, k, R ? l : k, "sns");
    char a[32], b[32], c[32];
    snprintf(a, sizeof a, "%.2f", e->clv);
    snprintf(b, sizeof b, "%.2f", e->clv_plus5);
    snprintf(c, sizeof c, "%.1f", e->change_pct);
    const char *r1[3] = {"clv", a, R ? "m r / (1 + d - r) - стоимость привлечения" : "m r / (1 + d - r) - acquisition cost"};
    char r5[96];
    snprintf(r5, sizeof r5, R ? "при r = %.4f (r + 0,05%s)" : "at r = %.4f (r + 0.05%s)", e->retention_plus5,
             e->retention_plus5 < e->retention + 0.0499 ? (R ? ", не выше 0,99" : ", capped at 0.99") : "");
    const char *r2[3] = {"clv_plus5", b, r5};
    const char *r3[3] = {"change_pct", c, R ? "рост пожизненной прибыли, %" : "increase in lifetime profit, %"};
    out_table_row(w, r1);
    out_table_row(w, r2);
    out_table_row(w, r3);
    out_table_end(w);
    if (w->fmt == FMT_CSV) fputs("\n", w->f);
    else out_text(w, R ? "\nПрибыль по годам сотрудничества (среднее на клиента):\n"
                       : "\nProfit by tenure year (mean per customer):\n");
    static const char *tk[3] = {"tenure_year", "customers", "profit"};
    static const char *tl[3] = {"год", "клиентов", "прибыль"};
    out_table_begin(w, 3, tk, R ? tl : tk, "nnn");
    for (size_t y = 0; y < e->tenure_years; y++) {
        char ys[24], cs[24], ps[32];
        snprintf(ys, sizeof ys, "%zu", y + 1);
        snprintf(cs, sizeof cs, "%zu", e->tenure_customers[y]);
        snprintf(ps, sizeof ps, "%.2f", e->tenure_profit[y]);
        const char *row[3] = {ys, cs, ps};
        out_table_row(w, row);
    }
    out_table_end(w);
    if (w->fmt == FMT_CSV) fputs("\n", w->f);
    else out_text(w, R ? "\nЛекция: рост прибыли при увеличении удержания на 5 пунктов (Reichheld & Sasser, 1990):\n"
                       : "\nThe lecture: profit increase from 5 more points of retention (Reichheld & Sasser, 1990):\n");
    static const char *ik[2] = {"industry", "profit_increase_pct"};
    static const char *il[2] = {"отрасль", "рост_прибыли_%"};
    out_table_begin(w, 2, ik, R ? il : ik, "sn");
    int pct;
    const char *nm;
    for (int i = 0; (nm = rmk_lecture_industry(i, o->lang, &pct)); i++) {
        char ps[16];
        snprintf(ps, sizeof ps, "%d", pct);
        const char *row[2] = {nm, ps};
        out_table_row(w, row);
    }
    char ps[16];
    snprintf(ps, sizeof ps, "%.0f", e->change_pct);
    const char *me[2] = {R ? "Ваша фирма (эти данные)" : "Your firm (this data)", ps};
    out_table_row(w, me);
    out_table_end(w);
}

/* the economics, after a word on data that start inside the two years */
static void view_whatif(out *w, const cli_opts *o, const void *arg)
{
    const rmk_retention_economics *e = arg;
    if (e->first_day != RMK_NO_DATE && e->first_day > rmk_add_months(e->as_of, -24) + 1) {
        char fd[16];
        cli_tell("the data start on %s, inside the earlier of the two years: retention counts only its "
                "customers from then", rmk_date_format_iso(e->first_day, fd));
    }
    print_whatif(w, o, e);
}

/* --whatif retention+5: the economics of retention, of their own read */
static int run_whatif(cli_ctx *c)
{
    const cli_opts *o = c->o;
    rmk_retention_economics e;
    cli_read_begin(c, c->path);
    int rc = cli_read_end(c, rmk_retention_economics_file(c->path, &c->o->read, o->as_of, o->clv.margin,
                                                          o->clv.discount, o->acquisition_cost, &e, c->err,
                                                          sizeof c->err),
                          c->err);
    return rc ? rc : cli_print(c, view_whatif, &e);
}

static void view(out *w, const cli_opts *o, const void *x)
{
    char d[16];
    if (o->summary) {
        print_summary(w, o, x, o->clv.model);
    } else if (o->tracking) {
        print_tracking(w, o, x);
    } else {
        out_json(w, "{");
        cli_json_columns(w, o); /* null with --summary-input */
        if (rmk_clv_as_of(x) == RMK_NO_DATE) /* --summary-input: no dates */
            out_json(w, "\"as_of\": null, \"unit\": \"%s\", \"customers\": ", rmk_time_unit_key(o->clv.unit));
        else
            out_json(w, "\"as_of\": \"%s\", \"unit\": \"%s\", \"customers\": ",
                     rmk_date_format_iso(rmk_clv_as_of(x), d), rmk_time_unit_key(o->clv.unit));
        print_rows(w, o, x);
        out_json(w, "}\n");
    }
}

/* never dropped silently: bad rows, a spend model not fitted, customers
 * the fit left out */
static void notes(const rmk_clv *x, int spend)
{
    rmk_clv_stats stats;
    rmk_clv_get_stats(x, &stats);
    cli_note_skipped(stats.rows_skipped, NULL, stats.first_error);
    if (stats.no_value)
        cli_tell("the summary has no monetary_value column: no expected value and no CLV, only "
                "P(alive) and expected purchases");
    if (spend && stats.spend_error[0])
        cli_tell("the Gamma-Gamma spend model was not fitted (%s): expected values are the customers' "
                "observed means", stats.spend_error);
    cli_note(stats.first_in_holdout, "customer", "with a first purchase in the holdout period (not in the fit)");
}

/* The fit's progress on a terminal (stderr only, so that no output and no
 * golden sees it): one line rewritten in place after every step of the
 * optimiser, "relmark: fitting MODEL: step N, log-likelihood LL" (LL of
 * the subsample while the start values are screened, then of all
 * customers; docs/clv.md, "Progress"); it overwrites the read's
 * progress line, and cli_read_end clears it (prog.shown). */
static void show_fit(void *ctx, const char *model, int step, double ll)
{
    cli_progress *p = ctx;
    p->shown = 1;
    fprintf(stderr, "\rrelmark: fitting %s: step %d, log-likelihood %.2f\033[K", model, step, ll);
}

/* the fit's progress on when stderr is a terminal */
static void fit_progress(cli_ctx *c, rmk_clv_opts *co)
{
    if (!isatty(STDERR_FILENO) || cli_quiet) return;
    co->progress = show_fit;
    co->progress_ctx = &c->prog;
}

/* --summary-input: the fits on per-customer summaries (no dates) */
static int run_summary(cli_ctx *c)
{
    const cli_opts *o = c->o;
    if (o->whatif || o->tracking || o->clv.holdout != RMK_NO_DATE || o->as_of != RMK_NO_DATE)
        return cli_error(CLI_EX_USAGE, "--summary-input: a summary has no dates, so no --whatif, "
                                       "--tracking, --holdout or --as-of (give the transactions for those)");
    rmk_clv *x = NULL;
    rmk_clv_opts co = o->clv;
    fit_progress(c, &co);
    cli_read_begin(c, c->path);
    int rc = cli_read_end(c, rmk_clv_summary_file(c->path, &c->o->read, &co, &x, c->err, sizeof c->err),
                          c->err);
    if (!rc) notes(x, o->clv.spend);
    if (!rc) rc = cli_print(c, view, x);
    rmk_clv_free(x);
    return rc;
}

/* --model-from WS[@DATE]: the stored model into co (docs/workspace.md,
 * "Saved models"); "@DATE" is split off only when it reads as a date */
static int model_from(const char *spec, rmk_clv_opts *co)
{
    char path[4096], err[1024];
    int32_t day = RMK_NO_DATE, taken;
    snprintf(path, sizeof path, "%s", spec);
    char *at = strrchr(path, '@');
    if (at && rmk_date_parse(at + 1, strlen(at + 1), RMK_DATE_AUTO, &day) == RMK_OK) *at = 0;
    else day = RMK_NO_DATE;
    rmk_ws *ws = NULL;
    rmk_status st = rmk_ws_open(path, RMK_WS_READONLY, &ws, err, sizeof err);
    if (!st) st = rmk_ws_model(ws, day, co, &taken, err, sizeof err);
    rmk_ws_close(ws);
    if (st) return cli_error(rmk_status_exit_code(st), "--model-from: %s", err);
    char d[16];
    cli_tell("scoring with the CLV model of %s as of %s (not fitted)", path, rmk_date_format_iso(taken, d));
    return 0;
}

static int run(cli_ctx *c)
{
    const cli_opts *o = c->o;
    if (o->summary_input && o->model_from)
        return cli_error(CLI_EX_USAGE, "--model-from scores transactions: not with --summary-input");
    if (o->whatif && o->model_from) /* the what-if fits no BG/NBD: it would go unused */
        return cli_error(CLI_EX_USAGE, "--model-from scores with a stored model: not with --whatif");
    if (o->summary_input) return run_summary(c);
    if (o->whatif) return run_whatif(c);
    rmk_clv *x = NULL;
    rmk_clv_opts co = o->clv;
    co.as_of = o->as_of;
    if (o->model_from && o->clv.holdout != RMK_NO_DATE)
        return cli_error(CLI_EX_USAGE, "--model-from scores without a fit: no --holdout with it");
    int mrc = o->model_from ? model_from(o->model_from, &co) : 0;
    if (mrc) return mrc;
    fit_progress(c, &co);
    cli_read_begin(c, c->path);
    int rc = cli_read_end(c, rmk_clv_file(c->path, &c->o->read, &co, &x, c->err, sizeof c->err), c->err);
    if (!rc) notes(x, co.spend);
    if (!rc && !o->summary) c->as_of = rmk_clv_as_of(x); /* the summary's title has it */
    if (!rc) rc = cli_print(c, view, x);
    rmk_clv_free(x);
    return rc;
}
