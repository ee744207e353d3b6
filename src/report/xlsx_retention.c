/* SPDX-License-Identifier: MIT */
/* xlsx_retention.c — the workbook's retention sheets: the retention curve
 * per period with a native line chart (as `relmark retention --format
 * csv`), the cohort tables (as `relmark cohorts --format csv`, laid out as
 * triangles), and the economics of retention (as `relmark clv --whatif
 * retention+5`). docs/retention.md, docs/clv.md, docs/report.md. */
#include "xlsx.h"
#include <stdlib.h>
#include <string.h>

static const char *period_word(xw *w, rmk_period p)
{
    switch (p) {
    case RMK_PERIOD_QUARTER: return XT(w, "quarters", "кварталы");
    case RMK_PERIOD_YEAR: return XT(w, "years", "годы");
    default: return XT(w, "months", "месяцы");
    }
}

static void curve(xw *w, const rmk_activity *a)
{
    const char *name = XT(w, "Retention", "Удержание");
    xs s;
    if (xs_open(w, &s, name)) return;
    char t[200];
    snprintf(t, sizeof t, "%s (%s)", XT(w, "Retention per period", "Удержание по периодам"), period_word(w, w->r->period));
    xs_title(&s, t);
    xs_text(&s, XT(w, "Of the customers who bought in a period, the share who bought again in the next one is "
                      "the retention rate; churn is the rest.",
                   "Из клиентов, купивших в периоде, доля купивших и в следующем — удержание; остальные — отток."));
    lxw_row_t top = s.row;
    /* days up to the as-of date and partial (1: the as-of date falls before
     * the period's end), as the CLI's CSV (docs/retention.md) */
    const char *h[7] = {XT(w, "Period", "Период"), XT(w, "Active customers", "Активные клиенты"),
                        XT(w, "Retained from the previous period", "Удержано с прошлого периода"),
                        XT(w, "Retention rate", "Удержание"), XT(w, "Churn rate", "Отток"),
                        XT(w, "Days up to the report's date", "Дней до даты отчёта"),
                        XT(w, "Partial period (1)", "Неполный период (1)")};
    xs_head(&s, 7, h);
    lxw_row_t first = s.row;
    size_t n = rmk_activity_periods(a);
    for (size_t i = 0; i < n; i++) {
        rmk_retention r, p;
        rmk_activity_retention(a, i, &r);
        char lab[16], b[6][40] = {"", "", "", "", "", ""};
        int covered, days, part = rmk_activity_partial(a, i, &covered, &days);
        x_int(b[4], covered);
        x_int(b[5], part);
        x_int(b[0], (long long)r.active);
        if (i > 0) x_int(b[1], (long long)r.retained);
        if (r.has_previous) {
            rmk_activity_retention(a, i - 1, &p);
            x_frac4(b[2], (int64_t)r.retained, (int64_t)p.active);
            x_frac4(b[3], (int64_t)(p.active - r.retained), (int64_t)p.active);
        }
        const char *row[7] = {rmk_activity_label(a, i, lab), b[0], b[1], b[2], b[3], b[4], b[5]};
        xs_row(&s, 7, "sccppci", row);
    }
    if (n > 1) {
        lxw_chart *c = x_chart(w, LXW_CHART_LINE, XT(w, "Retention rate per period", "Удержание по периодам"),
                               XT(w, "Period", "Период"), NULL);
        if (c) {
            x_series(w, c, name, first + 1, s.row - 1, 0, 3, h[3]);
            chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
            chart_axis_set_num_format(c->y_axis, "0%");
            chart_axis_set_min(c->y_axis, 0);
        }
        xs_chart(&s, c, top, 8);
    }
    xs_close(&s);
}

/* one triangle: cohorts down, periods since the first purchase across */
static void triangle(xs *s, const rmk_activity *a, int revenue)
{
    xw *w = s->w;
    size_t n = rmk_activity_periods(a);
    int nc = (int)n + 2;
    const char **h = calloc((size_t)nc, sizeof *h);
    const char **row = calloc((size_t)nc, sizeof *row);
    char (*b)[40] = calloc((size_t)nc, sizeof *b);
    char *kinds = calloc((size_t)nc + 1, 1);
    if (!h || !row || !b || !kinds) {
        x_fail(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
        goto done;
    }
    h[0] = XT(w, "Cohort (first purchase)", "Когорта (первая покупка)");
    h[1] = XT(w, "Customers", "Клиентов");
    memset(kinds, revenue ? XK_MONEY : XK_COUNT, (size_t)nc);
    kinds[0] = XK_TEXT, kinds[1] = XK_COUNT;
    for (size_t k = 0; k < n; k++) h[k + 2] = x_int(b[k + 2], (long long)k);
    xs_head(s, nc, h);
    lxw_row_t first = s->row;
    for (size_t c = 0; c < n; c++) {
        char lab[16];
        row[0] = rmk_activity_label(a, c, lab);
        row[1] = x_int(b[1], (long long)rmk_activity_cohort_size(a, c));
        for (size_t k = 0; k < n; k++) {
            b[k + 2][0] = 0;
            if (k < n - c) {
                rmk_cohort_cell cc;
                rmk_activity_cohort(a, c, k, &cc);
                if (revenue) x_money(b[k + 2], cc.revenue);
                else x_int(b[k + 2], (long long)cc.customers);
            }
            row[k + 2] = b[k + 2];
        }
        xs_row(s, nc, kinds, row);
    }
    if (n && s->ws) { /* a heat map: pale to dark blue, lightness carries the value */
        lxw_conditional_format cf = {.type = LXW_CONDITIONAL_2_COLOR_SCALE, .min_color = 0xF7FBFF,
                                     .max_color = 0x2171B5};
        x_fail(w, worksheet_conditional_format_range(s->ws, first, 2, s->row - 1, (lxw_col_t)(nc - 1), &cf));
    }
done:
    free(h), free(row), free(b), free(kinds);
}

static void cohorts(xw *w, const rmk_activity *a)
{
    xs s;
    if (xs_open(w, &s, XT(w, "Cohorts", "Когорты"))) return;
    xs_title(&s, XT(w, "Cohorts: customers who bought, by periods since their first purchase",
                    "Когорты: купившие клиенты по периодам с первой покупки"));
    xs_text(&s, XT(w, "A cohort is the customers whose first purchase fell in the same period; each row follows "
                      "one cohort: how many of them bought again 1, 2, ... periods later.",
                   "Когорта — клиенты с первой покупкой в одном периоде; строка прослеживает когорту: сколько "
                   "из них покупали через 1, 2, ... периода."));
    triangle(&s, a, 0);
    xs_gap(&s);
    xs_title(&s, XT(w, "Cohorts: net sales, by periods since the first purchase",
                    "Когорты: чистые продажи по периодам с первой покупки"));
    triangle(&s, a, 1);
    xs_close(&s);
}

void xlsx_retention(xw *w)
{
    if (!w->r->act) return;
    curve(w, w->r->act);
    cohorts(w, w->r->act);
}

static void econ_measures(xs *s, const rmk_retention_economics *e)
{
    xw *w = s->w;
    const char *h[3] = {XT(w, "Measure", "Показатель"), XT(w, "Value", "Значение"), XT(w, "Note", "Примечание")};
    xs_head(s, 3, h);
    char b[8][40], r5[120];
    snprintf(r5, sizeof r5, XT(w, "at r = %.4f (r + 0.05%s)", "при r = %.4f (r + 0,05%s)"), e->retention_plus5,
             e->retention_plus5 < e->retention + 0.0499 ? XT(w, ", capped at 0.99", ", не выше 0,99") : "");
    const struct { const char *label, *kind, *value, *note; } m[] = {
        {XT(w, "Customers of the earlier 12 months", "Клиенты прежних 12 месяцев"), "sc",
         x_int(b[0], (long long)e->active_before), NULL},
        {XT(w, "... who bought again in the last 12", "... купившие и в последние 12"), "sc",
         x_int(b[1], (long long)e->retained), NULL},
        {XT(w, "Retention rate r", "Удержание r"), "sp", x_fix(b[2], e->retention, 4), NULL},
        {XT(w, "Margin per customer m", "Маржа на клиента m"), "sm", x_fix(b[3], e->margin_per_customer, 2),
         XT(w, "net sales per active customer in the last 12 months", "чистые продажи на активного клиента за 12 месяцев")},
        {XT(w, "Discount rate d", "Ставка дисконтирования d"), "sp", x_fix(b[4], e->discount, 4), NULL},
        {"CLV", "sm", x_fix(b[5], e->clv, 2), XT(w, "m r / (1 + d - r) - acquisition cost",
                                                  "m r / (1 + d - r) - стоимость привлечения")},
        {XT(w, "CLV at r + 5 points", "CLV при r + 5 пунктов"), "sm", x_fix(b[6], e->clv_plus5, 2), r5},
        {XT(w, "Increase in lifetime profit, %", "Рост пожизненной прибыли, %"), "s1", x_fix(b[7], e->change_pct, 1),
         NULL}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        const char *row[3] = {m[i].label, m[i].value, m[i].note ? m[i].note : ""};
        char kinds[4];
        snprintf(kinds, sizeof kinds, "%ss", m[i].kind);
        xs_row(s, 3, kinds, row);
    }
}

static void econ_tables(xs *s, const rmk_retention_economics *e)
{
    xw *w = s->w;
    xs_gap(s);
    xs_title(s, XT(w, "Profit by tenure year (mean per customer)", "Прибыль по годам сотрудничества (среднее на клиента)"));
    const char *th[3] = {XT(w, "Tenure year", "Год"), XT(w, "Customers", "Клиентов"), XT(w, "Profit", "Прибыль")};
    xs_head(s, 3, th);
    for (size_t y = 0; y < e->tenure_years; y++) {
        char b[3][40];
        const char *row[3] = {x_int(b[0], (long long)y + 1), x_int(b[1], (long long)e->tenure_customers[y]),
                              x_fix(b[2], e->tenure_profit[y], 2)};
        xs_row(s, 3, "icm", row);
    }
    xs_gap(s);
    xs_title(s, XT(w, "The lecture: profit increase from 5 more points of retention (Reichheld & Sasser, 1990)",
                   "Лекция: рост прибыли при увеличении удержания на 5 пунктов (Reichheld & Sasser, 1990)"));
    lxw_row_t top = s->row - 1;
    const char *ih[2] = {XT(w, "Industry", "Отрасль"), XT(w, "Profit increase, %", "Рост прибыли, %")};
    xs_head(s, 2, ih);
    lxw_row_t first = s->row;
    int pct;
    const char *nm;
    for (int i = 0; (nm = rmk_lecture_industry(i, w->r->lang, &pct)); i++) {
        char b[32];
        const char *row[2] = {nm, x_int(b, pct)};
        xs_row(s, 2, "si", row);
    }
    char b[40];
    const char *me[2] = {XT(w, "Your firm (this data)", "Ваша фирма (эти данные)"), x_fix(b, e->change_pct, 0)};
    xs_row(s, 2, "si", me);
    lxw_chart *c = x_chart(w, LXW_CHART_BAR, ih[1], NULL, NULL);
    if (c) {
        x_series(w, c, XT(w, "Economics", "Экономика удержания"), first, s->row - 1, 0, 1, ih[1]);
        chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
        chart_axis_set_reverse(c->y_axis);
    }
    xs_chart(s, c, top, 3);
}

void xlsx_economics(xw *w)
{
    const rmk_report *r = w->r;
    if (!r->econ_ok) return;
    xs s;
    if (xs_open(w, &s, XT(w, "Economics", "Экономика удержания"))) return;
    char d[16], t[200];
    snprintf(t, sizeof t, "%s %s", XT(w, "Economics of retention as of", "Экономика удержания на"), x_date(d, r->econ.as_of));
    xs_title(&s, t);
    xs_text(&s, XT(w, "A customer kept longer buys more and costs less to serve: retention r is the share of the "
                      "earlier year's customers who bought again in the last year; CLV = m r / (1 + d - r). Five "
                      "more points of retention raise it as the lecture's table shows by industry.",
                   "Удержанный клиент покупает больше и обходится дешевле: удержание r — доля клиентов прошлого "
                   "года, купивших и в последний год; CLV = m r / (1 + d - r). Пять пунктов удержания "
                   "увеличивают её так, как показывает таблица лекции по отраслям."));
    econ_measures(&s, &r->econ);
    econ_tables(&s, &r->econ);
    xs_close(&s);
}
