/* SPDX-License-Identifier: MIT */
/* xlsx_clients.c — the workbook's sheets of the clients' places: the life
 * cycle (stages, bond levels, B2B stages, migration; one row per customer
 * as `relmark stages --format csv`, with the stage 3 months earlier), the
 * client rating (categories; rows as `relmark rate --format csv`) and the
 * portfolio (matrix; rows as `relmark portfolio --format csv`).
 * docs/stages.md, docs/rating.md, docs/portfolio.md, docs/report.md. */
#include "xlsx.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How a customer moved between the two dates (the movers' keys of
 * `relmark stages --migration --movers`). */
static const char *movement(int prev, rmk_stage cur)
{
    if (prev < 0) return "";
    int p = rmk_stage_rung((rmk_stage)prev), c = rmk_stage_rung(cur);
    if (prev == (int)cur) return "same";
    if (p >= 0 && c < 0) return "fell_off";
    if (p < 0 && c >= 0) return "returned";
    if (p < 0 && c < 0) return cur == RMK_STAGE_FORMER ? "down" : "up"; /* passive <-> former */
    return c > p ? "up" : c < p ? "down" : "same";
}

static void stage_counts(xs *s, const rmk_stages *x)
{
    xw *w = s->w;
    size_t n = rmk_stages_count(x), cnt[RMK_STAGE_COUNT] = {0};
    for (size_t i = 0; i < n; i++) cnt[rmk_stages_at(x, i)->stage]++;
    /* the CSV's key columns too (docs/cli.md, "Stable keys") */
    const char *h[7] = {XT(w, "Stage", "Стадия"), XT(w, "Name", "Название"), XT(w, "Customers", "Клиентов"),
                        XT(w, "Share", "Доля"), XT(w, "Grönroos phase", "Фаза Грёнроса"),
                        XT(w, "Marketing it calls for", "Маркетинг"), XT(w, "Marketing key", "Маркетинг, ключ")};
    xs_head(s, 7, h);
    for (int st = 0; st < RMK_STAGE_COUNT; st++) {
        char c[32], sh[40];
        rmk_phase p = rmk_stage_phase((rmk_stage)st);
        const char *row[7] = {rmk_stage_key((rmk_stage)st), rmk_stage_name((rmk_stage)st, w->r->lang),
                              x_int(c, (long long)cnt[st]), x_frac4(sh, (int64_t)cnt[st], (int64_t)n),
                              rmk_phase_name(p, w->r->lang), rmk_phase_marketing(p, w->r->lang),
                              rmk_phase_marketing_key(p)};
        xs_row(s, 7, "sscpsss", row);
    }
}

static void bonds(xs *s, const rmk_stages *x)
{
    xw *w = s->w;
    size_t lvl[4] = {0}, b2b[5] = {0}, nb2b = 0;
    for (size_t i = 0; i < rmk_stages_count(x); i++) {
        const rmk_staged_customer *c = rmk_stages_at(x, i);
        if (c->bond_level >= 1 && c->bond_level <= 3) lvl[c->bond_level]++;
        if (c->b2b_stage != RMK_B2B_NONE) b2b[c->b2b_stage]++, nb2b++;
    }
    xs_gap(s);
    xs_title(s, XT(w, "Recommended retention bond level (lecture §4)", "Рекомендуемый уровень связей (лекция §4)"));
    const char *h[9] = {XT(w, "Level", "Уровень"), XT(w, "Customers", "Клиентов"), XT(w, "Bond", "Тип связи"),
                        XT(w, "Orientation", "Ориентация"), XT(w, "Customisation", "Приспособление услуг"),
                        XT(w, "Marketing mix element", "Элемент комплекса"),
                        XT(w, "Potential for differentiation", "Потенциал дифференциации"), XT(w, "Measures", "Меры"),
                        XT(w, "Bond key", "Тип связи, ключ")};
    xs_head(s, 9, h);
    for (int v = 1; v <= 3; v++) {
        rmk_bond_info bi;
        rmk_bond_describe(v, w->r->lang, &bi);
        char lv[32], c[32];
        const char *row[9] = {x_int(lv, v), x_int(c, (long long)lvl[v]), bi.bond, bi.orientation,
                              bi.customisation, bi.mix_element, bi.differentiation, bi.measures,
                              rmk_bond_key(v)};
        xs_row(s, 9, "icsssssss", row);
    }
    if (!nb2b) return;
    xs_gap(s);
    xs_title(s, XT(w, "B2B relationship stages of corporate customers", "Стадии отношений с корпоративными клиентами"));
    const char *hb[4] = {XT(w, "B2B stage", "Стадия B2B"), XT(w, "Name", "Название"), XT(w, "Customers", "Клиентов"),
                         XT(w, "Share", "Доля")};
    xs_head(s, 4, hb);
    for (int st = 0; st < 5; st++) {
        char c[32], sh[40];
        const char *row[4] = {rmk_b2b_stage_key((rmk_b2b_stage)st), rmk_b2b_stage_name((rmk_b2b_stage)st, w->r->lang),
                              x_int(c, (long long)b2b[st]), x_frac4(sh, (int64_t)b2b[st], (int64_t)nb2b)};
        xs_row(s, 4, "sscp", row);
    }
}

/* the transition matrix: the stage at the earlier date down, now across */
static void migration(xs *s, const rmk_stages *x)
{
    xw *w = s->w;
    enum { N = RMK_STAGE_COUNT };
    size_t m[N][N] = {{0}}, from[N] = {0};
    for (size_t i = 0; i < rmk_stages_count(x); i++) {
        const rmk_staged_customer *c = rmk_stages_at(x, i);
        if (c->previous_stage < 0 || c->previous_stage >= N) continue;
        m[c->previous_stage][c->stage]++;
        from[c->previous_stage]++;
    }
    char d0[16], d1[16], t[200];
    snprintf(t, sizeof t, XT(w, "Ladder migration from %s (rows) to %s (columns)", "Миграция по лестнице: %s (строки) — %s (столбцы)"),
             x_date(d0, rmk_stages_compare_date(x)), x_date(d1, rmk_stages_as_of(x)));
    xs_gap(s);
    xs_title(s, t);
    const char *h[N + 2];
    char kinds[N + 3];
    h[0] = XT(w, "From \\ to", "Была \\ стала");
    for (int b = 0; b < N; b++) h[b + 1] = rmk_stage_key((rmk_stage)b);
    h[N + 1] = XT(w, "Total", "Всего");
    memset(kinds, XK_COUNT, sizeof kinds);
    kinds[0] = XK_TEXT, kinds[N + 2] = 0;
    xs_head(s, N + 2, h);
    for (int a = 0; a < N; a++) {
        char b[N + 1][32];
        const char *row[N + 2];
        row[0] = rmk_stage_key((rmk_stage)a);
        for (int c = 0; c < N; c++) row[c + 1] = x_int(b[c], (long long)m[a][c]);
        row[N + 1] = x_int(b[N], (long long)from[a]);
        xs_row(s, N + 2, kinds, row);
    }
}

static void stage_row(xt *t, const rmk_stages *x, size_t i, int cmp)
{
    const rmk_report *r = t->w->r;
    const rmk_staged_customer *c = rmk_stages_at(x, i);
    const rmk_scale *scale = rmk_stages_scale(x);
    const rmk_segmap *map = rmk_stages_segments(x);
    char pu[32], fp[16], lp[16], re[32] = "", aq[32], np[32] = "", sa[32] = "", rf[32] = "", bl[32],
         rule[400], brule[400], tm[32] = "", icv[32] = "", acv[32] = "", am[32] = "", tr[32] = "";
    int corp = c->b2b_stage != RMK_B2B_NONE;
    x_int(pu, c->purchases);
    x_date(fp, c->first_purchase);
    x_date(lp, c->last_purchase);
    if (c->recency_days >= 0) x_int(re, c->recency_days);
    x_int(aq, c->active_quarters);
    if (c->nps >= 0) x_int(np, c->nps);
    if (c->satisfaction >= 0) x_int(sa, c->satisfaction);
    if (c->referrals >= 0) x_int(rf, c->referrals);
    x_int(bl, c->bond_level);
    rmk_stages_rule(x, i, r->lang, rule, sizeof rule);
    rmk_stages_b2b_rule(x, i, r->lang, brule, sizeof brule);
    if (corp && c->b2b.interval_cv_known) snprintf(icv, sizeof icv, "%.4f", c->b2b.interval_cv);
    if (corp && c->b2b.amount_cv_known) snprintf(acv, sizeof acv, "%.4f", c->b2b.amount_cv);
    if (corp) {
        x_int(tm, c->b2b.tenure_months);
        x_int(am, c->b2b.active_months);
        if (c->b2b.trend_known) snprintf(tr, sizeof tr, "%.2f", c->b2b.trend_pct);
    }
    const char *row[25] = {
        c->customer_id, rmk_stage_key(c->stage), rmk_phase_key(rmk_stage_phase(c->stage)), rule, pu, fp, lp,
        re, aq, np, sa, rf, c->structural_bond < 0 ? "" : c->structural_bond ? "true" : "false",
        c->segment >= 0 && map ? rmk_segmap_key(map, c->segment) : "",
        c->category >= 0 && scale ? rmk_scale_category_key(scale, c->category) : "", bl,
        rmk_b2b_stage_key(c->b2b_stage), brule, tm, icv, acv, am, tr,
        cmp && c->previous_stage >= 0 ? rmk_stage_key((rmk_stage)c->previous_stage) : "",
        cmp ? movement(c->previous_stage, c->stage) : ""};
    xt_row(t, row);
}

static void stage_rows(xw *w, const rmk_stages *x)
{
    int cmp = rmk_stages_compare_date(x) != RMK_NO_DATE;
    const char *h[25] = {
        XT(w, "Customer ID", "Клиент"), XT(w, "Stage", "Стадия"), XT(w, "Phase", "Фаза"), XT(w, "Rule", "Правило"),
        XT(w, "Purchases", "Покупок"), XT(w, "First purchase", "Первая покупка"),
        XT(w, "Last purchase", "Последняя покупка"), XT(w, "Recency, days", "Давность, дней"),
        XT(w, "Active quarters of 4", "Активных кварталов из 4"), "NPS", XT(w, "Satisfaction", "Удовлетворённость"),
        XT(w, "Referrals", "Рекомендаций"), XT(w, "Structural bond", "Структурная связь"),
        XT(w, "RFM segment", "RFM-сегмент"), XT(w, "Rating category", "Категория рейтинга"),
        XT(w, "Bond level", "Уровень связей"), XT(w, "B2B stage", "Стадия B2B"), XT(w, "B2B rule", "Правило B2B"),
        XT(w, "Tenure, months", "Стаж, мес."), XT(w, "Interval CV", "CV интервалов"),
        XT(w, "Amount CV", "CV сумм"), XT(w, "Active months of 12", "Активных месяцев из 12"),
        XT(w, "Volume trend, %", "Динамика объёма, %"), XT(w, "Stage 3 months earlier", "Стадия 3 месяца назад"),
        XT(w, "Movement", "Движение")};
    xt t;
    if (xt_open(w, &t, XT(w, "Stages", "Стадии"), cmp ? 25 : 23, "sssscddciiicbssissc44c2ss", h)) return;
    for (size_t i = 0; i < rmk_stages_count(x) && !w->err; i++) stage_row(&t, x, i, cmp);
    xt_close(&t);
}

void xlsx_lifecycle(xw *w)
{
    const rmk_stages *x = w->r->stages;
    if (!x) return;
    xs s;
    if (xs_open(w, &s, XT(w, "Life cycle", "Жизненный цикл"))) return;
    char d[16], t[200];
    snprintf(t, sizeof t, "%s %s", XT(w, "Customers on the ladder as of", "Клиенты на лестнице на"),
             x_date(d, rmk_stages_as_of(x)));
    xs_title(&s, t);
    xs_text(&s, XT(w, "A customer climbs from a prospect to a first-time buyer, a repeat customer, a client, a "
                      "friend who recommends and a partner; one who stops buying becomes passive, then former. "
                      "Each stage calls for the marketing of its Grönroos phase.",
                   "Клиент поднимается от потенциального к впервые купившему, повторному, клиенту, другу, "
                   "который рекомендует, и партнёру; переставший покупать становится пассивным, затем бывшим. "
                   "Каждая стадия требует маркетинга своей фазы по Грёнросу."));
    stage_counts(&s, x);
    bonds(&s, x);
    if (rmk_stages_compare_date(x) != RMK_NO_DATE) migration(&s, x);
    xs_close(&s);
    stage_rows(w, x);
}

/* ------------------------------------------------------------ rating */

static void categories(xs *s, const rmk_rating *x)
{
    xw *w = s->w;
    const rmk_scale *sc = rmk_rating_scale(x);
    int n = rmk_scale_category_count(sc);
    size_t *clients = calloc((size_t)n, sizeof *clients);
    __int128 *rev = calloc((size_t)n, sizeof *rev);
    if (!clients || !rev) {
        x_fail(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
        goto done;
    }
    for (size_t i = 0; i < rmk_rating_count(x); i++) {
        const rmk_rated_client *c = rmk_rating_at(x, i);
        if (c->category >= 0 && c->category < n) clients[c->category]++, rev[c->category] += c->window_net;
    }
    int64_t total = rmk_rating_total_net(x);
    const char *h[6] = {XT(w, "Category", "Категория"), XT(w, "Name", "Название"), XT(w, "Clients", "Клиентов"),
                        XT(w, "Revenue of the 12 months", "Выручка за 12 месяцев"),
                        XT(w, "Share of revenue", "Доля выручки"), XT(w, "Service package", "Пакет услуг")};
    xs_head(s, 6, h);
    for (int c = 0; c < n; c++) {
        char cn[32], rv[32], sh[32];
        int64_t v = rev[c] > INT64_MAX ? INT64_MAX : rev[c] < INT64_MIN ? INT64_MIN : (int64_t)rev[c];
        const char *row[6] = {rmk_scale_category_key(sc, c), rmk_scale_category_name(sc, c, w->r->lang),
                              x_int(cn, (long long)clients[c]), x_money(rv, v),
                              x_fix(sh, total > 0 ? (double)v / (double)total : 0.0, 4),
                              rmk_scale_category_package(sc, c, w->r->lang)};
        xs_row(s, 6, "sscmps", row);
    }
done:
    free(clients);
    free(rev);
}

static void rated(xw *w, const rmk_rating *x)
{
    const rmk_scale *sc = rmk_rating_scale(x);
    const char *h[14] = {XT(w, "Customer ID", "Клиент"), XT(w, "Share of turnover, %", "Доля оборота, %"),
                         XT(w, "Share points", "Баллы за долю"), XT(w, "Months of cooperation", "Месяцев сотрудничества"),
                         XT(w, "Cooperation points", "Баллы за срок"), XT(w, "Payment", "Оплата"),
                         XT(w, "Payment points", "Баллы за оплату"), XT(w, "Monthly growth, %", "Прирост в месяц, %"),
                         XT(w, "Growth points", "Баллы за прирост"), XT(w, "Total points", "Итого баллов"),
                         XT(w, "Category", "Категория"), XT(w, "Service package", "Пакет услуг"),
                         XT(w, "Payment key", "Ключ оплаты"), XT(w, "Category key", "Ключ категории")};
    xt t;
    if (xt_open(w, &t, XT(w, "Rating", "Рейтинг"), 14, "s2icisi2iissss", h)) return;
    for (size_t i = 0; i < rmk_rating_count(x) && !w->err; i++) {
        const rmk_rated_client *c = rmk_rating_at(x, i);
        char b[8][32];
        x_fix(b[0], c->share_pct, 2);
        if (c->growth_known) x_fix(b[1], c->growth_pct, 2);
        else b[1][0] = 0;
        /* the CSV carries the category's key in English, its name in Russian */
        const char *cat = c->category < 0 ? "" : w->ru ? rmk_scale_category_name(sc, c->category, "ru")
                                                       : rmk_scale_category_key(sc, c->category);
        const char *row[14] = {c->customer_id, b[0], x_int(b[2], c->share_points), x_int(b[3], c->cooperation_months),
                               x_int(b[4], c->cooperation_points), rmk_payment_name(c->payment, w->ru ? "ru" : "en"),
                               x_int(b[5], c->payment_points), b[1], x_int(b[6], c->growth_points),
                               x_int(b[7], c->total), cat, rmk_scale_category_package(sc, c->category, w->r->lang),
                               rmk_payment_key(c->payment),
                               c->category < 0 ? "" : rmk_scale_category_key(sc, c->category)};
        xt_row(&t, row);
    }
    xt_close(&t);
}

void xlsx_rating(xw *w)
{
    const rmk_rating *x = w->r->rating;
    if (!x) return;
    xs s;
    if (xs_open(w, &s, XT(w, "Rating categories", "Категории рейтинга"))) return;
    char d[16], t[200];
    snprintf(t, sizeof t, "%s %s", XT(w, "Client rating as of", "Рейтинг клиентов на"), x_date(d, rmk_rating_as_of(x)));
    xs_title(&s, t);
    xs_text(&s, XT(w, "Corporate clients get points for their share of turnover, the length of cooperation, payment "
                      "discipline and sales growth over 12 months; the total gives the category and its service "
                      "package.",
                   "Корпоративные клиенты получают баллы за долю оборота, срок сотрудничества, платёжную "
                   "дисциплину и рост продаж за 12 месяцев; сумма баллов даёт категорию и её пакет услуг."));
    categories(&s, x);
    xs_close(&s);
    rated(w, x);
}

/* --------------------------------------------------------- portfolio */

static void matrix(xs *s, const rmk_portfolio *x)
{
    xw *w = s->w;
    static const char *lv_en[3] = {"low", "medium", "high"}, *lv_ru[3] = {"низкая", "средняя", "высокая"};
    const char *h[9] = {XT(w, "Attractiveness", "Привлекательность"), XT(w, "Relationship strength", "Сила отношений"),
                        XT(w, "Cell", "Клетка"), XT(w, "Clients", "Клиентов"), XT(w, "Revenue", "Выручка"),
                        XT(w, "Value at stake", "Ценность"), XT(w, "Budget", "Бюджет"),
                        XT(w, "Bond level", "Уровень связей"), XT(w, "Strategy", "Стратегия")};
    xs_head(s, 9, h);
    for (int c = 8; c >= 0; c--) {
        rmk_pf_cell_stats cs;
        rmk_portfolio_cell(x, c, &cs);
        char b[5][40];
        const char *row[9] = {w->ru ? lv_ru[c / 3] : lv_en[c / 3], w->ru ? lv_ru[c % 3] : lv_en[c % 3],
                              rmk_pf_cell_name(c, w->r->lang), x_int(b[0], (long long)cs.clients),
                              x_money(b[1], cs.revenue), x_fix(b[2], cs.value, 2), x_fix(b[3], cs.allocation, 2),
                              x_int(b[4], rmk_pf_cell_bond_level(c)), rmk_pf_cell_strategy(c, w->r->lang)};
        xs_row(s, 9, "ssscmmmis", row);
    }
}

static void placed(xw *w, const rmk_portfolio *x)
{
    enum { NB = 10 };
    const char *h[NB + RMK_PF_COUNT] = {
        XT(w, "Customer ID", "Клиент"), XT(w, "Name", "Название"), XT(w, "Category", "Категория"),
        XT(w, "Attractiveness", "Привлекательность"), XT(w, "Relationship strength", "Сила отношений"),
        XT(w, "Cell", "Клетка"), XT(w, "Bond level", "Уровень связей"), XT(w, "Value at stake", "Ценность"),
        XT(w, "Budget", "Бюджет"), XT(w, "Missing parameters", "Нет данных")};
    char kinds[NB + RMK_PF_COUNT + 1] = "sss22simms";
    for (int p = 0; p < RMK_PF_COUNT; p++) h[NB + p] = rmk_pf_param_name(p, w->r->lang), kinds[NB + p] = XK_INT;
    kinds[NB + RMK_PF_COUNT] = 0;
    const rmk_scale *sc = rmk_portfolio_scale(x);
    xt t;
    if (xt_open(w, &t, XT(w, "Portfolio", "Портфель"), NB + RMK_PF_COUNT, kinds, h)) return;
    for (size_t i = 0; i < rmk_portfolio_count(x) && !w->err; i++) {
        const rmk_pf_client *c = rmk_portfolio_at(x, i);
        char at[32], st[32], bl[32] = "", va[32], al[32], miss[400] = "", sc_[RMK_PF_COUNT][32];
        x_round(at, c->axis[0], 2);
        x_round(st, c->axis[1], 2);
        if (c->cell >= 0) x_int(bl, rmk_pf_cell_bond_level(c->cell));
        x_round(va, c->value, 2);
        x_round(al, c->allocation, 2);
        size_t u = 0;
        for (int p = 0; p < RMK_PF_COUNT && u < sizeof miss; p++)
            if (c->missing & (1u << p))
                u += (size_t)snprintf(miss + u, sizeof miss - u, "%s%s", u ? " " : "", rmk_pf_param_key(p));
        const char *row[NB + RMK_PF_COUNT] = {c->customer_id, c->name, rmk_scale_category_key(sc, c->category),
                                              at, st, rmk_pf_cell_key(c->cell), bl, va, al, miss};
        for (int p = 0; p < RMK_PF_COUNT; p++) row[NB + p] = x_round(sc_[p], c->score[p], 0);
        xt_row(&t, row);
    }
    xt_close(&t);
}

void xlsx_portfolio(xw *w)
{
    const rmk_portfolio *x = w->r->pf;
    if (!x) return;
    xs s;
    if (xs_open(w, &s, XT(w, "Portfolio matrix", "Матрица портфеля"))) return;
    char d[16], t[200];
    snprintf(t, sizeof t, "%s %s", XT(w, "Customer portfolio as of", "Портфель клиентов на"), x_date(d, rmk_portfolio_as_of(x)));
    xs_title(&s, t);
    xs_text(&s, XT(w, "Each corporate client is scored 1-5 on the lecture's commercial, strategic and technical "
                      "parameters; two weighted axes, the client's attractiveness and the strength of the "
                      "relationship, place it in a 3 x 3 matrix whose cell gives the strategy and the bond level.",
                   "Каждый корпоративный клиент оценивается 1-5 по коммерческим, стратегическим и техническим "
                   "параметрам лекции; две взвешенные оси, привлекательность клиента и сила отношений, "
                   "помещают его в матрицу 3 x 3, клетка которой задаёт стратегию и уровень связей."));
    matrix(&s, x);
    xs_close(&s);
    placed(w, x);
}
