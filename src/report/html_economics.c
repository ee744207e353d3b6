/* SPDX-License-Identifier: MIT */
/* html_economics.c — the report's economics of retention section (lecture
 * §1): retention rate, CLV at r and at r + 5 points beside the lecture's
 * table by industry, profit per customer by tenure year. The numbers are
 * those of `relmark clv FILE --whatif retention+5` (docs/clv.md, "The
 * economics of retention"): data-v as its CSV writes them, or its JSON for
 * the measures the CSV leaves out; docs/report.md. */
#include "html.h"
#include <math.h>
#include <stdlib.h>

#define NIND 16 /* the lecture's table has 11 industries */

/* a row of the measures' table: the value shown, data-v as `fmt` writes it */
static void measure(hw *w, const char *name, double v, const char *exact_fmt, const char *shown)
{
    char exact[64];
    snprintf(exact, sizeof exact, exact_fmt, v);
    h_tr(w);
    h_td(w, name);
    h_td_exact(w, exact, shown);
    h_tr_end(w);
}

static void measures(hw *w, const rmk_retention_economics *e)
{
    char b[64];
    h_table(w, HT(w, "Retention and lifetime value", "Удержание и пожизненная ценность"),
            HT(w, "Measure|Value", "Показатель|Значение"));
    h_tr(w), h_td(w, HT(w, "Customers who bought in the 12 months before the last 12",
                        "Клиенты, покупавшие в 12 месяцев до последних 12"));
    h_td_int(w, (long long)e->active_before), h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "... of them who bought again in the last 12 months",
                        "... из них купившие и в последние 12 месяцев"));
    h_td_int(w, (long long)e->retained), h_tr_end(w);
    measure(w, HT(w, "Retention rate r", "Коэффициент удержания r"), e->retention, "%.6f",
            h_pct(w, e->retention, b, sizeof b));
    measure(w, HT(w, "Margin per customer m (net sales per active customer x margin)",
                  "Маржа на клиента m (чистые продажи на активного клиента x маржа)"),
            e->margin_per_customer, "%.4f", h_num(w, e->margin_per_customer, 2, b, sizeof b));
    measure(w, HT(w, "Discount rate d", "Ставка дисконтирования d"), e->discount, "%.4f",
            h_pct(w, e->discount, b, sizeof b));
    measure(w, HT(w, "CLV = m r / (1 + d - r) - acquisition cost", "CLV = m r / (1 + d - r) - стоимость привлечения"),
            e->clv, "%.2f", h_num(w, e->clv, 2, b, sizeof b));
    measure(w, HT(w, "Retention r + 5 points (at most 99%)", "Удержание r + 5 пунктов (не выше 99%)"),
            e->retention_plus5, "%.6f", h_pct(w, e->retention_plus5, b, sizeof b));
    measure(w, HT(w, "CLV at r + 5 points", "CLV при r + 5 пунктов"), e->clv_plus5, "%.2f",
            h_num(w, e->clv_plus5, 2, b, sizeof b));
    measure(w, HT(w, "Change in lifetime profit, %", "Рост пожизненной прибыли, %"), e->change_pct, "%.1f",
            h_num(w, e->change_pct, 1, b, sizeof b));
    h_table_end(w);
}

/* the lecture's table by industry and this firm's answer as the last bar */
static void industries(hw *w, const rmk_retention_economics *e)
{
    const char *names[NIND];
    double v[NIND];
    char txt[NIND][16];
    const char *tp[NIND];
    int col[NIND], pct, n = 0;
    const char *nm;
    while (n < NIND - 1 && (nm = rmk_lecture_industry(n, w->r->lang, &pct))) {
        names[n] = nm, v[n] = pct, col[n] = 0;
        snprintf(txt[n], sizeof txt[n], "%d%%", pct);
        tp[n] = txt[n];
        n++;
    }
    names[n] = HT(w, "Your firm (this data)", "Ваша фирма (эти данные)");
    v[n] = e->change_pct, col[n] = 1;
    snprintf(txt[n], sizeof txt[n], "%.0f%%", e->change_pct);
    tp[n] = txt[n];
    n++;
    const char *keys[2] = {HT(w, "the lecture (Reichheld & Sasser, 1990)", "лекция (Reichheld & Sasser, 1990)"),
                           HT(w, "this firm (CLV at r + 5 points vs at r)", "эта фирма (CLV при r + 5 пунктов к CLV при r)")};
    int kc[2] = {0, 1};
    svg_legend lg = {2, keys, kc};
    svg_bars b = {HT(w, "Profit increase from 5 more points of retention, %",
                     "Рост прибыли при увеличении удержания на 5 пунктов, %"),
                  (size_t)n, names, v, tp, HT(w, "increase in profit, %", "рост прибыли, %"), 1, 0, w->ru};
    h_figure(w, "economics-whatif", b.title, HT(w, "The lecture's industries beside this firm: how much lifetime profit five more "
                               "points of retention would add.",
                            "Отрасли из лекции и эта фирма: насколько пять пунктов удержания увеличили бы "
                            "пожизненную прибыль."));
    svg_bar_chart_ex(w->f, &b, col, &lg);
    h_figure_end(w);
    h_table(w, HT(w, "The lecture's table and this firm", "Таблица лекции и эта фирма"),
            HT(w, "Industry|Profit increase, %", "Отрасль|Рост прибыли, %"));
    for (int i = 0; i < n; i++) {
        char ex[32], sh[32];
        snprintf(ex, sizeof ex, "%.0f", v[i]);
        h_tr(w), h_td(w, names[i]), h_td_exact(w, ex, h_num(w, v[i], 0, sh, sizeof sh)), h_tr_end(w);
    }
    h_table_end(w);
}

static void tenure(hw *w, const rmk_retention_economics *e)
{
    size_t n = e->tenure_years;
    if (!n) {
        h_p(w, "note", HT(w, "No customer has been observed for a whole year since the first purchase: "
                             "no profit by tenure year.",
                          "Ни один клиент не наблюдался целый год с первой покупки: прибыли по годам "
                          "сотрудничества нет."));
        return;
    }
    char lab[50][48], txt[50][32], nb[32];
    const char *lp[50], *tp[50];
    for (size_t k = 0; k < n; k++) {
        /* n: the mean of few customers is noise, the reader should see it */
        snprintf(lab[k], sizeof lab[k], "%s %zu (n = %s)", HT(w, "year", "год"), k + 1,
                 h_num(w, (double)e->tenure_customers[k], 0, nb, sizeof nb));
        h_num(w, e->tenure_profit[k], 0, txt[k], sizeof txt[k]);
        lp[k] = lab[k], tp[k] = txt[k];
    }
    svg_bars b = {HT(w, "Profit per customer by year of the relationship", "Прибыль на клиента по годам отношений"),
                  n, lp, e->tenure_profit, tp, HT(w, "mean margin per customer", "средняя маржа на клиента"), 0, 2,
                  w->ru};
    h_figure(w, "economics-tenure", b.title, HT(w, "The mean margin of the customers in their 1st, 2nd, ... year since the first "
                               "purchase: growing bars mean older customers are worth more.",
                            "Средняя маржа клиентов в 1-й, 2-й, ... год с первой покупки: растущие столбцы "
                            "значат, что давние клиенты ценнее."));
    svg_bar_chart(w->f, &b);
    h_figure_end(w);
    h_table(w, HT(w, "Profit by tenure year (mean per customer)", "Прибыль по годам сотрудничества (среднее на клиента)"),
            HT(w, "Tenure year|Customers observed|Profit per customer",
               "Год сотрудничества|Клиентов наблюдалось|Прибыль на клиента"));
    for (size_t k = 0; k < n; k++) {
        h_tr(w);
        h_td_int(w, (long long)(k + 1));
        h_td_int(w, (long long)e->tenure_customers[k]);
        h_td_num(w, e->tenure_profit[k], 2, 2);
        h_tr_end(w);
    }
    h_table_end(w);
}

void html_economics(hw *w)
{
    const rmk_report *r = w->r;
    h_section(w, "economics", HT(w, "Economics of retention", "Экономика удержания"),
              HT(w, "A customer kept is worth more each year: serving it costs less, it buys more, pays a price "
                    "premium and brings others by word of mouth. So a few points more of retention raise lifetime "
                    "profit a lot — in the lecture's table by 40 to 95% for five points. Here the firm's own "
                    "answer: the retention rate r over the last two years, the customer lifetime value "
                    "CLV = m r / (1 + d - r) at r and at r + 5 points, and the profit per customer by tenure.",
                 "Удержанный клиент с каждым годом ценнее: обслуживать его дешевле, он покупает больше, платит "
                 "ценовую надбавку и приводит других через молву. Поэтому несколько пунктов удержания сильно "
                 "увеличивают пожизненную прибыль — в таблице лекции на 40-95% за пять пунктов. Здесь ответ "
                 "самой фирмы: коэффициент удержания r за два последних года, пожизненная ценность клиента "
                 "CLV = m r / (1 + d - r) при r и при r + 5 пунктов и прибыль на клиента по годам."));
    if (!h_note(w, RPT_ECONOMICS) && r->econ_ok) {
        const rmk_retention_economics *e = &r->econ;
        char d[16], msg[400];
        if (e->first_day != RMK_NO_DATE && e->first_day > rmk_add_months(e->as_of, -24) + 1) {
            snprintf(msg, sizeof msg,
                     HT(w, "The data start on %s, inside the earlier of the two years: retention counts only "
                           "its customers from then.",
                        "Данные начинаются %s, внутри первого из двух лет: удержание учитывает только его "
                        "клиентов с этой даты."),
                     h_date(e->first_day, d));
            h_p(w, "note", msg);
        }
        h_p(w, NULL, HT(w, "Margin 100% (CLV in sales), discount rate 10% a year, no acquisition cost: the "
                           "defaults of relmark clv --whatif retention+5, which takes --margin, --discount and "
                           "--acquisition-cost for the firm's own.",
                        "Маржа 100% (CLV в продажах), ставка дисконтирования 10% в год, без стоимости "
                        "привлечения: значения по умолчанию relmark clv --whatif retention+5; свои задаются "
                        "--margin, --discount и --acquisition-cost."));
        measures(w, e);
        industries(w, e);
        tenure(w, e);
    }
    h_section_end(w);
}
