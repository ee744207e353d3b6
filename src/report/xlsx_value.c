/* SPDX-License-Identifier: MIT */
/* xlsx_value.c — the workbook's sheets of the clients' value: ABC-XYZ (the
 * 9 cells with a native chart and the concentration, as `relmark abcxyz
 * --summary`; rows as `relmark abcxyz --format csv`), lifetime value (the
 * fitted parameters, the CLV distribution with a native chart; rows as
 * `relmark clv --format csv`) and the firm's orientation (as `relmark
 * portfolio --orientation`). docs/abcxyz.md, docs/clv.md,
 * docs/portfolio.md, docs/report.md. */
#include "xlsx.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* a double to 4 decimals, as the CLI's cv, Gini and HHI */
static char *dbl4(char *b, double v) { return x_round(b, v, 4); }

static void abc_cells(xs *s, const rmk_abcxyz *x, const rmk_concentration *k)
{
    xw *w = s->w;
    const char *h[6] = {"ABC", "XYZ", XT(w, "Clients", "Клиентов"), XT(w, "Share of clients", "Доля клиентов"),
                        XT(w, "Revenue", "Выручка"), XT(w, "Share of revenue", "Доля выручки")};
    xs_head(s, 6, h);
    for (int a = 0; a < 3; a++)
        for (int z = 0; z < 3; z++) {
            rmk_abcxyz_cell c;
            rmk_abcxyz_cell_get(x, (rmk_abc)a, (rmk_xyz)z, &c);
            char b[4][40];
            const char *row[6] = {rmk_abc_key((rmk_abc)a), rmk_xyz_key((rmk_xyz)z), x_int(b[0], (long long)c.clients),
                                  x_frac4(b[1], (int64_t)c.clients, (int64_t)k->clients), x_money(b[2], c.revenue),
                                  x_frac4(b[3], c.revenue, k->total)};
            xs_row(s, 6, "sscpmp", row);
        }
}

/* clients per cell: A, B, C down, X, Y, Z across, with a clustered chart */
static void abc_grid(xs *s, const rmk_abcxyz *x)
{
    xw *w = s->w;
    xs_gap(s);
    xs_title(s, XT(w, "Clients per cell", "Клиенты по клеткам"));
    lxw_row_t top = s->row - 1;
    const char *h[4] = {XT(w, "Class", "Класс"), "X", "Y", "Z"};
    xs_head(s, 4, h);
    lxw_row_t first = s->row;
    for (int a = 0; a < 3; a++) {
        char lab[96], b[3][32];
        snprintf(lab, sizeof lab, "%s %s", rmk_abc_key((rmk_abc)a), rmk_abc_name((rmk_abc)a, w->r->lang));
        for (int z = 0; z < 3; z++) {
            rmk_abcxyz_cell c;
            rmk_abcxyz_cell_get(x, (rmk_abc)a, (rmk_xyz)z, &c);
            x_int(b[z], (long long)c.clients);
        }
        const char *row[4] = {lab, b[0], b[1], b[2]};
        xs_row(s, 4, "sccc", row);
    }
    lxw_chart *c = x_chart(w, LXW_CHART_COLUMN, XT(w, "ABC-XYZ: clients per cell", "ABC-XYZ: клиенты по клеткам"),
                           XT(w, "ABC class (by revenue)", "Класс ABC (по выручке)"), XT(w, "Clients", "Клиентов"));
    const char *sheet = XT(w, "ABC-XYZ matrix", "Матрица ABC-XYZ");
    for (int z = 0; z < 3; z++) {
        char name[200];
        snprintf(name, sizeof name, "%s %s", rmk_xyz_key((rmk_xyz)z), rmk_xyz_name((rmk_xyz)z, w->r->lang));
        x_series(w, c, sheet, first, first + 2, 0, z + 1, name);
    }
    xs_chart(s, c, top, 5);
}

static void concentration(xs *s, const rmk_concentration *k)
{
    xw *w = s->w;
    xs_gap(s);
    xs_title(s, XT(w, "Concentration of revenue (clients with revenue > 0)",
                   "Концентрация выручки (клиенты с выручкой > 0)"));
    const char *h[2] = {XT(w, "Measure", "Показатель"), XT(w, "Value", "Значение")};
    xs_head(s, 2, h);
    char b[9][40];
    for (int i = 0; i < 9; i++) b[i][0] = 0;
    x_int(b[0], (long long)k->clients);
    x_int(b[1], (long long)k->positive_clients);
    x_money(b[2], k->total);
    if (k->defined) {
        x_int(b[3], (long long)k->top_clients);
        x_money(b[4], k->top_revenue);
        x_frac4(b[5], k->top_revenue, k->total);
        dbl4(b[6], k->gini);
        dbl4(b[7], k->hhi);
        snprintf(b[8], sizeof b[8], "%.2f", k->hhi_points);
    }
    const struct { const char *en, *ru, *kinds; } m[9] = {
        {"Clients", "Клиентов", "sc"},
        {"Clients with revenue > 0", "Клиентов с выручкой > 0", "sc"},
        {"Revenue", "Выручка", "sm"},
        {"Top 20% of clients", "Топ-20% клиентов", "sc"},
        {"Their revenue", "Их выручка", "sm"},
        {"Their share of revenue", "Их доля выручки", "sp"},
        {"Gini coefficient", "Коэффициент Джини", "s4"},
        {"Herfindahl-Hirschman index (HHI)", "Индекс Херфиндаля-Хиршмана (HHI)", "s4"},
        {"HHI, points", "HHI, пункты", "s2"}};
    for (int i = 0; i < 9; i++) {
        const char *row[2] = {w->ru ? m[i].ru : m[i].en, b[i]};
        xs_row(s, 2, m[i].kinds, row);
    }
}

static void abc_rows(xw *w, const rmk_abcxyz *x, const rmk_concentration *k)
{
    const char *h[7] = {XT(w, "Customer ID", "Клиент"), XT(w, "Revenue", "Выручка"), XT(w, "Share", "Доля"),
                        XT(w, "Cumulative share", "Накопленная доля"), XT(w, "ABC class", "Класс ABC"),
                        XT(w, "Coefficient of variation", "Коэффициент вариации"), XT(w, "XYZ class", "Класс XYZ")};
    xt t;
    if (xt_open(w, &t, "ABC-XYZ", 7, "smppsps", h)) return;
    for (size_t i = 0; i < rmk_abcxyz_count(x) && !w->err; i++) {
        const rmk_abcxyz_client *c = rmk_abcxyz_at(x, i);
        char rev[32], sh[40], cs[40], cv[40] = "";
        x_money(rev, c->revenue);
        x_frac4(sh, c->revenue, k->total);
        x_frac4(cs, c->cumulative, k->total);
        if (c->cv_known) dbl4(cv, c->cv);
        const char *row[7] = {c->customer_id, rev, sh, cs, rmk_abc_key(c->abc), cv, rmk_xyz_key(c->xyz)};
        xt_row(&t, row);
    }
    xt_close(&t);
}

void xlsx_abcxyz(xw *w)
{
    const rmk_abcxyz *x = w->r->abc;
    if (!x) return;
    rmk_concentration k;
    rmk_abcxyz_concentration(x, &k);
    xs s;
    if (xs_open(w, &s, XT(w, "ABC-XYZ matrix", "Матрица ABC-XYZ"))) return;
    char d0[16], d1[16], t[300];
    snprintf(t, sizeof t, XT(w, "ABC-XYZ of the clients, window %s .. %s (%d months)",
                             "ABC-XYZ клиентов, период %s .. %s (%d мес.)"),
             x_date(d0, rmk_abcxyz_window_start(x)), x_date(d1, rmk_abcxyz_as_of(x)), rmk_abcxyz_months(x));
    xs_title(&s, t);
    xs_text(&s, XT(w, "ABC ranks the clients by revenue: A bring the first 80% of it, B the next 15%, C the rest. "
                      "XYZ tells how steady their monthly revenue is: X steady (variation below 10%), Y 10-25%, Z "
                      "erratic.",
                   "ABC ранжирует клиентов по выручке: A дают первые 80%, B следующие 15%, C остальное. XYZ "
                   "показывает стабильность помесячной выручки: X стабильные (вариация ниже 10%), Y 10-25%, Z "
                   "нерегулярные."));
    abc_cells(&s, x, &k);
    abc_grid(&s, x);
    concentration(&s, &k);
    xs_close(&s);
    abc_rows(w, x, &k);
}

/* ------------------------------------------------------------- CLV */

static void params(xs *s, const rmk_clv_params *p)
{
    xw *w = s->w;
    const char *h[3] = {XT(w, "Parameter", "Параметр"), XT(w, "Value", "Значение"), XT(w, "Standard error", "Ст. ошибка")};
    xs_head(s, 3, h);
    for (int i = 0; i < p->np; i++) {
        char v[40], se[40];
        snprintf(v, sizeof v, "%.4f", p->value[i]);
        const char *row[3] = {p->name[i], v, x_fix(se, p->se[i], 4)};
        xs_row(s, 3, "s44", row);
    }
    char ll[40];
    snprintf(ll, sizeof ll, "%.2f", p->log_likelihood);
    const char *row[3] = {XT(w, "log-likelihood", "логарифм правдоподобия"), ll, ""};
    xs_row(s, 3, "s2s", row);
}

/* The bands of the CLV distribution, in cents: 0 holds CLV <= 0; band b >=
 * 1 starts at the b-th step of 1, 2, 5, 10, 20, 50, ... cents, so each is 2
 * or 2.5 times the one before and one chart shows CLVs from cents to
 * billions (a log scale). The last band takes everything above. */
#define BANDS 40
static long long band_low(int b)
{
    long long lo = 1;
    for (int i = 1; i < b; i++) lo = (i - 1) % 3 == 1 ? lo * 5 / 2 : lo * 2;
    return lo;
}

static int band_of(double v)
{
    if (!(v > 0)) return 0;
    if (v >= (double)band_low(BANDS - 1) / 100) return BANDS - 1;
    long long c = llround(v * 100);
    int b = 1;
    while (b < BANDS - 1 && c >= band_low(b + 1)) b++;
    return b;
}

static void band_row(xs *s, int b, size_t n)
{
    char lab[96], f[40] = "", t[40] = "", c[32];
    if (b == 0) {
        snprintf(lab, sizeof lab, "<= 0");
    } else {
        rmk_money_format(band_low(b) * 100, 2, '.', f);
        if (b < BANDS - 1) rmk_money_format(band_low(b + 1) * 100, 2, '.', t);
        snprintf(lab, sizeof lab, "%s - %s", f, t);
    }
    const char *row[4] = {lab, f, t, x_int(c, (long long)n)};
    xs_row(s, 4, "smmc", row);
}

static void histogram(xs *s, const rmk_clv *x)
{
    xw *w = s->w;
    size_t cnt[BANDS] = {0};
    for (size_t i = 0; i < rmk_clv_count(x); i++) {
        char b[40];
        /* the CSV's rounded value: the bands count what the rows show */
        cnt[band_of(strtod(x_fix(b, rmk_clv_at(x, i)->clv, 2), NULL))]++;
    }
    int lo = 0, hi = 0;
    for (int b = 1; b < BANDS; b++)
        if (cnt[b]) lo = lo ? lo : b, hi = b;
    xs_gap(s);
    xs_title(s, XT(w, "Distribution of CLV", "Распределение CLV"));
    xs_text(s, XT(w, "Customers per CLV band; each band is 2 or 2.5 times the one before (a log scale).",
                  "Клиенты по интервалам CLV; каждый интервал в 2 или 2,5 раза больше предыдущего "
                  "(логарифмическая шкала)."));
    lxw_row_t top = s->row;
    const char *h[4] = {XT(w, "CLV band", "Интервал CLV"), XT(w, "From", "От"), XT(w, "Below", "До"),
                        XT(w, "Customers", "Клиентов")};
    xs_head(s, 4, h);
    lxw_row_t first = s->row;
    if (cnt[0]) band_row(s, 0, cnt[0]);
    for (int b = lo; lo && b <= hi; b++) band_row(s, b, cnt[b]);
    lxw_chart *c = x_chart(w, LXW_CHART_COLUMN, XT(w, "Customers per CLV band", "Клиенты по интервалам CLV"),
                           "CLV", XT(w, "Customers", "Клиентов"));
    if (c) {
        x_series(w, c, XT(w, "CLV model", "Модель CLV"), first, s->row - 1, 0, 3, h[3]);
        chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
    }
    xs_chart(s, c, top, 5);
}

static void clv_rows(xw *w, const rmk_clv *x)
{
    int hold = rmk_clv_calibration_end(x) < rmk_clv_as_of(x);
    const char *h[11] = {XT(w, "Customer ID", "Клиент"), XT(w, "Repeat purchases x", "Повторных покупок x"),
                         "t_x", "T", XT(w, "Mean repeat purchase", "Средняя повторная покупка"),
                         XT(w, "P(alive)", "P(активен)"), XT(w, "Expected purchases", "Ожидаемых покупок"),
                         XT(w, "Expected purchase value", "Ожидаемая сумма покупки"), "CLV",
                         XT(w, "Holdout purchases", "Покупок в контроле"),
                         XT(w, "Holdout expected", "Ожидалось в контроле")};
    xt t;
    if (xt_open(w, &t, "CLV", hold ? 11 : 9, "sc22m44mmc4", h)) return;
    for (size_t i = 0; i < rmk_clv_count(x) && !w->err; i++) {
        const rmk_clv_customer *c = rmk_clv_at(x, i);
        char b[10][40] = {""};
        x_int(b[0], c->x);
        x_fix(b[1], c->t_x, 2);
        x_fix(b[2], c->T, 2);
        if (c->x > 0 && c->mean_exact) rmk_ratio_format(c->repeat_net, c->x, 2, '.', b[3]);
        else if (c->x > 0) x_fix(b[3], c->mean_value, 2);
        x_fix(b[4], c->p_alive, 4);
        x_fix(b[5], c->expected_purchases, 4);
        x_fix(b[6], c->expected_value, 2);
        x_fix(b[7], c->clv, 2);
        if (hold) x_int(b[8], c->holdout_purchases), x_fix(b[9], c->holdout_expected, 4);
        const char *row[11] = {c->customer_id, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9]};
        xt_row(&t, row);
    }
    xt_close(&t);
}

void xlsx_clv(xw *w)
{
    const rmk_clv *x = w->r->clv;
    if (!x) return;
    xs s;
    if (xs_open(w, &s, XT(w, "CLV model", "Модель CLV"))) return;
    rmk_clv_params p, g;
    rmk_clv_model_params(x, &p);
    rmk_clv_stats st;
    rmk_clv_get_stats(x, &st);
    char d[16], t[300];
    snprintf(t, sizeof t, XT(w, "BG/NBD on %zu customers to %s, time unit: week, CLV over 12 months",
                             "BG/NBD на %zu клиентах по %s, единица времени: неделя, CLV за 12 месяцев"),
             st.customers, x_date(d, rmk_clv_calibration_end(x)));
    xs_title(&s, t);
    xs_text(&s, XT(w, "The model reads each customer's repeat purchases (x), the time of the last one (t_x) and "
                      "the time observed (T): how often the customer buys while alive and the chance that it is "
                      "still alive; Gamma-Gamma gives the value of a purchase. CLV = margin x expected value x "
                      "discounted expected purchases.",
                   "Модель использует число повторных покупок (x), время последней (t_x) и время наблюдения (T): "
                   "как часто клиент покупает, пока активен, и вероятность того, что он ещё активен; модель "
                   "Gamma-Gamma даёт стоимость покупки. CLV = маржа x ожидаемая стоимость x дисконтированное "
                   "число ожидаемых покупок."));
    params(&s, &p);
    if (rmk_clv_spend_params(x, &g)) {
        xs_gap(&s);
        xs_title(&s, XT(w, "Gamma-Gamma spend model", "Модель стоимости Gamma-Gamma"));
        params(&s, &g);
    } else if (st.spend_error[0]) {
        xs_gap(&s);
        xs_text(&s, st.spend_error);
    }
    histogram(&s, x);
    xs_close(&s);
    clv_rows(w, x);
}

/* ------------------------------------------------------ orientation */

void xlsx_orientation(xw *w)
{
    const rmk_report *r = w->r;
    if (!r->orient_ok) return;
    const rmk_orientation *o = &r->orient;
    xs s;
    if (xs_open(w, &s, XT(w, "Orientation", "Ориентация"))) return;
    xs_title(&s, XT(w, "Transaction or relationship marketing (lecture §5)", "Маркетинг сделок или взаимоотношений (лекция §5)"));
    xs_text(&s, XT(w, "Where the firm stands between transaction marketing (single sales) and relationship "
                      "marketing (long relationships), from measured facts, 0-100%.",
                   "Где фирма находится между маркетингом сделок (разовые продажи) и маркетингом "
                   "взаимоотношений (долгие отношения), по измеренным фактам, 0-100%."));
    const char *h[4] = {XT(w, "Measure", "Показатель"), XT(w, "Value, %", "Значение, %"),
                        XT(w, "Position", "Положение"), XT(w, "Source", "Источник")};
    xs_head(&s, 4, h);
    const struct { const char *en, *ru; double v; } m[] = {
        {"Revenue of the last 12 months from repeat clients", "Выручка за 12 месяцев от повторных клиентов",
         o->repeat_revenue_pct},
        {"Customers of the previous 12 months who bought again", "Клиенты прошлых 12 месяцев, купившие снова",
         o->retention_pct},
        {"Active customers with a feedback answer in 12 months", "Активные клиенты с отзывом за 12 месяцев",
         o->feedback_pct},
        {"Active customers with a personal manager", "Активные клиенты с персональным менеджером", o->manager_pct},
        {"Mean of the measured facts", "Среднее измеренных показателей", o->measured}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        char v[40];
        const char *row[4] = {w->ru ? m[i].ru : m[i].en, x_fix(v, m[i].v, 1),
                              rmk_orientation_position(m[i].v, r->lang),
                              isfinite(m[i].v) ? "" : XT(w, "no data", "нет данных")};
        xs_row(&s, 4, "s1ss", row);
    }
    xs_gap(&s);
    xs_title(&s, XT(w, "The lecture's seven dimensions", "Семь параметров лекции"));
    const char *hd[3] = {XT(w, "Dimension", "Параметр"), XT(w, "Transaction marketing", "Маркетинг сделок"),
                         XT(w, "Relationship marketing", "Маркетинг взаимоотношений")};
    xs_head(&s, 3, hd);
    for (int i = 0; i < RMK_ORIENT_DIMENSIONS; i++) {
        const char *tr, *rel, *name = rmk_orientation_dimension(i, r->lang, &tr, &rel);
        const char *row[3] = {name, tr, rel};
        xs_row(&s, 3, "sss", row);
    }
    xs_close(&s);
}
