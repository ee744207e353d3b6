/* SPDX-License-Identifier: MIT */
/* html_rating.c — the report's client rating section (lecture §3, "Client
 * rating scale"; with a customers file): clients per total points and per
 * category with the window's revenue, each category's service package,
 * and the category changes over the last three months. The numbers are
 * those of `relmark rate FILE --customers F --summary --compare-to D`
 * (docs/rating.md), D the as-of date three months back, data-v as its CSV
 * writes them; docs/report.md. */
#include "html.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAXCAT 16   /* categories drawn in colour; a scale has a handful */
#define MAXLIST 60  /* clients listed by name among the category changes */

/* a category's colour: the best green, then blue, sky blue, orange ... */
static int cat_colour(int c)
{
    static const int order[8] = {2, 0, 4, 1, 5, 3, 6, 7};
    return order[c % 8];
}

/* the clients of each total from 0 to the scale's maximum, coloured by the
 * category the total falls in */
static void points(hw *w, const rmk_rating *x)
{
    const rmk_scale *s = rmk_rating_scale(x);
    int max = rmk_scale_max_total(s), ncat = rmk_scale_category_count(s);
    if (max < 0 || max > 1000 || ncat < 1) return;
    size_t n = (size_t)max + 1;
    double *v = calloc(n, sizeof *v);
    char (*lab)[16] = calloc(n, sizeof *lab), (*txt)[24] = calloc(n, sizeof *txt);
    const char **lp = calloc(n, sizeof *lp), **tp = calloc(n, sizeof *tp);
    int *col = calloc(n, sizeof *col);
    if (!v || !lab || !txt || !lp || !tp || !col) goto done;
    for (size_t i = 0; i < rmk_rating_count(x); i++) {
        int t = rmk_rating_at(x, i)->total;
        if (t >= 0 && t <= max) v[t] += 1;
    }
    for (size_t t = 0; t < n; t++) {
        snprintf(lab[t], sizeof lab[t], "%zu", t);
        h_num(w, v[t], 0, txt[t], sizeof txt[t]);
        lp[t] = lab[t], tp[t] = txt[t];
        col[t] = cat_colour(rmk_scale_category(s, (int)t));
    }
    const char *names[MAXCAT];
    int kc[MAXCAT], nk = ncat < MAXCAT ? ncat : MAXCAT;
    for (int c = 0; c < nk; c++) names[c] = rmk_scale_category_name(s, c, w->r->lang), kc[c] = cat_colour(c);
    svg_legend lg = {(size_t)nk, names, kc};
    svg_bars b = {HT(w, "Clients by total points", "Клиенты по сумме баллов"), n, lp, v, tp,
                  HT(w, "clients", "клиентов"), 0, 0, w->ru};
    h_figure(w, "rate-points", b.title, HT(w, "Each bar counts the clients with that total on the scale; its colour is the "
                               "category the total gives. Clients just below a boundary are the ones to move up.",
                            "Каждый столбец — число клиентов с такой суммой баллов, цвет — категория, которую она "
                            "дает. Клиенты чуть ниже границы — те, кого можно поднять."));
    svg_bar_chart_ex(w->f, &b, col, &lg);
    h_figure_end(w);
    h_table(w, HT(w, "Clients by total points", "Клиенты по сумме баллов"),
            HT(w, "Total points|Clients|Category", "Сумма баллов|Клиенты|Категория"));
    for (size_t t = 0; t < n; t++) {
        h_tr(w), h_td_int(w, (long long)t), h_td_int(w, (long long)v[t]);
        h_td(w, rmk_scale_category_name(s, rmk_scale_category(s, (int)t), w->r->lang)), h_tr_end(w);
    }
    h_table_end(w);
done:
    free(v), free(lab), free(txt), free(lp), free(tp), free(col);
}

/* clients and window revenue per category (minor units), as the summary */
typedef struct cat_sums {
    int n;
    size_t clients[MAXCAT];
    int64_t revenue[MAXCAT];
} cat_sums;

static void sums(const rmk_rating *x, cat_sums *k)
{
    __int128 rev[MAXCAT] = {0}; /* a sum of int64 nets, clamped as rate --summary does */
    memset(k, 0, sizeof *k);
    k->n = rmk_scale_category_count(rmk_rating_scale(x));
    if (k->n > MAXCAT) k->n = MAXCAT;
    for (size_t i = 0; i < rmk_rating_count(x); i++) {
        const rmk_rated_client *c = rmk_rating_at(x, i);
        if (c->category < 0 || c->category >= k->n) continue;
        k->clients[c->category]++;
        rev[c->category] += c->window_net;
    }
    for (int c = 0; c < k->n; c++)
        k->revenue[c] = rev[c] > INT64_MAX ? INT64_MAX : rev[c] < INT64_MIN ? INT64_MIN : (int64_t)rev[c];
}

static void categories(hw *w, const rmk_rating *x, const cat_sums *k)
{
    const rmk_scale *s = rmk_rating_scale(x);
    int64_t total = rmk_rating_total_net(x);
    const char *names[MAXCAT], *packs[MAXCAT], *tp[MAXCAT];
    char txt[MAXCAT][64], a[32], b[32];
    double v[MAXCAT];
    int col[MAXCAT];
    for (int c = 0; c < k->n; c++) {
        names[c] = rmk_scale_category_name(s, c, w->r->lang);
        packs[c] = rmk_scale_category_package(s, c, w->r->lang);
        v[c] = total > 0 ? (double)k->revenue[c] / (double)total * 100 : 0;
        snprintf(txt[c], sizeof txt[c], "%s (%s %s)", h_pct(w, v[c] / 100, a, sizeof a),
                 HT(w, "clients:", "клиентов:"), h_num(w, (double)k->clients[c], 0, b, sizeof b));
        tp[c] = txt[c], col[c] = cat_colour(c);
    }
    svg_bars bc = {HT(w, "Share of the 12-month revenue by category", "Доля выручки за 12 месяцев по категориям"),
                   (size_t)k->n, names, v, tp, HT(w, "share of revenue, %", "доля выручки, %"), 1, 0, w->ru};
    h_figure(w, "rate-revenue", bc.title, HT(w, "Where the revenue of the rating window comes from, with the number of clients "
                                "in each category.",
                             "Откуда приходит выручка окна рейтинга, с числом клиентов в каждой категории."));
    svg_bar_chart_ex(w->f, &bc, col, NULL);
    h_figure_end(w);
    h_table(w, HT(w, "Categories", "Категории"),
            HT(w, "Category|Clients|Revenue (12 months)|Share of revenue|From points",
               "Категория|Клиенты|Выручка (12 месяцев)|Доля выручки|От баллов"));
    for (int c = 0; c < k->n; c++) {
        char ex[32];
        double sh = total > 0 ? (double)k->revenue[c] / (double)total : 0.0;
        snprintf(ex, sizeof ex, "%.4f", sh); /* as rate --summary's revenue_share */
        h_tr(w);
        h_td(w, names[c]);
        h_td_int(w, (long long)k->clients[c]);
        h_td_money(w, k->revenue[c]);
        h_td_exact(w, ex, h_pct(w, sh, a, sizeof a));
        h_td_int(w, rmk_scale_category_min(s, c));
        h_tr_end(w);
    }
    h_table_end(w);
    h_actions(w, HT(w, "Service package per category", "Пакет услуг для каждой категории"), (size_t)k->n, names, packs);
}

/* the previous category (rows; the last: no data then) by the category now */
static void change_matrix(hw *w, const rmk_rating *x, int n, const char *d0)
{
    const rmk_scale *s = rmk_rating_scale(x);
    size_t m[MAXCAT + 1][MAXCAT] = {{0}}, row[MAXCAT + 1] = {0};
    for (size_t i = 0; i < rmk_rating_count(x); i++) {
        const rmk_rated_client *c = rmk_rating_at(x, i);
        int p = c->previous_category >= 0 && c->previous_category < n ? c->previous_category : n;
        if (c->category < 0 || c->category >= n) continue;
        m[p][c->category]++, row[p]++;
    }
    const char *rl[MAXCAT + 1], *cl[MAXCAT], *tp[(MAXCAT + 1) * MAXCAT];
    char txt[(MAXCAT + 1) * MAXCAT][24], xa[96], ya[96], hd[600];
    double v[(MAXCAT + 1) * MAXCAT];
    for (int c = 0; c < n; c++) rl[c] = cl[c] = rmk_scale_category_name(s, c, w->r->lang);
    rl[n] = HT(w, "no data then (new)", "нет данных (новый)");
    for (int p = 0; p <= n; p++)
        for (int c = 0; c < n; c++) {
            size_t i = (size_t)(p * n + c);
            v[i] = row[p] ? 100.0 * (double)m[p][c] / (double)row[p] : 0; /* an empty row stays a row */
            if (m[p][c]) h_num(w, (double)m[p][c], 0, txt[i], sizeof txt[i]);
            else txt[i][0] = 0;
            tp[i] = txt[i];
        }
    snprintf(xa, sizeof xa, "%s %s", HT(w, "category on", "категория на"), h_date(rmk_rating_as_of(x), hd));
    snprintf(ya, sizeof ya, "%s %s", HT(w, "on", "на"), d0);
    svg_heat h = {HT(w, "Category then and now", "Категория тогда и сейчас"), (size_t)n + 1, (size_t)n, rl, cl, v, tp, xa, ya, 0,
                  100, w->ru};
    h_figure(w, "rate-changes", h.title, HT(w, "Rows: the category three months ago; columns: the category now. A cell counts the "
                               "clients; its colour is their share of the row.",
                            "Строки — категория три месяца назад, столбцы — сейчас. В клетке — число клиентов, "
                            "цвет — их доля в строке."));
    svg_heatmap_rotated(w->f, &h);
    h_figure_end(w);
    /* the numbers behind it: the same matrix */
    int len = snprintf(hd, sizeof hd, "%s", HT(w, "Before \\ now", "Было \\ стало"));
    for (int c = 0; c < n && len < (int)sizeof hd; c++) len += snprintf(hd + len, sizeof hd - (size_t)len, "|%s", cl[c]);
    h_table(w, HT(w, "Clients by category then and now", "Клиенты по категориям тогда и сейчас"), hd);
    for (int p = 0; p <= n; p++) {
        h_tr(w), h_td(w, rl[p]);
        for (int c = 0; c < n; c++) h_td_int(w, (long long)m[p][c]);
        h_tr_end(w);
    }
    h_table_end(w);
}

/* the clients whose category changed, as rate --summary --compare-to lists
 * them (id order), the first MAXLIST by name */
static void change_list(hw *w, const rmk_rating *x, int n)
{
    const rmk_scale *s = rmk_rating_scale(x);
    size_t dir[3] = {0}, listed = 0, changed = 0;
    for (size_t i = 0; i < rmk_rating_count(x); i++) {
        const rmk_rated_client *c = rmk_rating_at(x, i);
        if (c->previous_category == c->category) continue;
        /* categories run from the highest minimum down: a lower index is up */
        dir[c->previous_category < 0 ? 2 : c->category < c->previous_category ? 0 : 1]++;
        changed++;
    }
    h_table(w, HT(w, "Direction of the changes", "Направление смены категорий"),
            HT(w, "Direction|Clients", "Направление|Клиенты"));
    const char *dn[3] = {HT(w, "up", "вверх"), HT(w, "down", "вниз"), HT(w, "new (no data then)", "новые (не было данных)")};
    for (int d = 0; d < 3; d++) h_tr(w), h_td(w, dn[d]), h_td_int(w, (long long)dir[d]), h_tr_end(w);
    h_table_end(w);
    if (!changed) return;
    h_table(w, HT(w, "Clients who changed category", "Клиенты, сменившие категорию"),
            HT(w, "Client|Name|Was|Now|Direction", "Клиент|Название|Была|Стала|Изменение"));
    for (size_t i = 0; i < rmk_rating_count(x) && listed < MAXLIST; i++) {
        const rmk_rated_client *c = rmk_rating_at(x, i);
        if (c->previous_category == c->category) continue;
        int d = c->previous_category < 0 ? 2 : c->category < c->previous_category ? 0 : 1;
        h_tr(w);
        h_td(w, c->customer_id), h_td(w, c->name);
        h_td(w, c->previous_category >= 0 && c->previous_category < n
                    ? rmk_scale_category_name(s, c->previous_category, w->r->lang) : "");
        h_td(w, rmk_scale_category_name(s, c->category, w->r->lang));
        h_td(w, d == 2 ? HT(w, "new", "новый") : dn[d]);
        h_tr_end(w);
        listed++;
    }
    h_table_end(w);
    if (changed > listed) {
        char msg[300], a[32];
        snprintf(msg, sizeof msg,
                 HT(w, "%s more: relmark rate with --compare-to and --summary lists every one.",
                    "Еще %s: relmark rate с --compare-to и --summary перечисляет всех."),
                 h_num(w, (double)(changed - listed), 0, a, sizeof a));
        h_p(w, "note", msg);
    }
}

void html_rating(hw *w)
{
    const rmk_report *r = w->r;
    h_section(w, "rating", HT(w, "Client rating", "Рейтинг клиентов"),
              HT(w, "Corporate clients earn points on the firm's scale for their share of turnover, the months of "
                    "cooperation, how they pay and how fast their purchases grow over the last 12 months; the "
                    "total puts each in a category, and each category gets its own service package, so the best "
                    "clients receive more than standard terms.",
                 "Корпоративные клиенты получают баллы по шкале фирмы за долю в обороте, срок сотрудничества, "
                 "своевременность оплат и темп роста закупок за последние 12 месяцев; сумма баллов определяет "
                 "категорию, а каждой категории соответствует свой пакет услуг: лучшие клиенты получают больше "
                 "стандартных условий."));
    if (!h_note(w, RPT_RATING) && r->rating) {
        const rmk_rating *x = r->rating;
        rmk_rating_stats st;
        rmk_rating_get_stats(x, &st);
        cat_sums k;
        sums(x, &k);
        char msg[600], d[16], d0[16], a[32], b[48];
        h_date(rmk_add_months(rmk_rating_as_of(x), -3), d0);
        snprintf(msg, sizeof msg,
                 HT(w, "%s clients rated as of %s on the 12 months before it (revenue %s); categories compared "
                       "with %s. Left out: %zu individuals and %zu prospects without invoices.",
                    "Оценено клиентов: %s на %s за 12 месяцев до этой даты (выручка %s); категории сравниваются "
                    "с %s. Не оценены: %zu физических лиц и %zu потенциальных клиентов без счетов."),
                 h_num(w, (double)rmk_rating_count(x), 0, a, sizeof a), h_date(rmk_rating_as_of(x), d),
                 h_num(w, (double)rmk_rating_total_net(x) / RMK_MONEY_SCALE, 2, b, sizeof b), d0,
                 st.individuals_left_out, st.prospects_left_out);
        h_p(w, NULL, msg);
        points(w, x);
        categories(w, x, &k);
        fputs("<h3>", w->f);
        h_esc(w, HT(w, "Category changes over three months", "Смена категорий за три месяца"));
        fputs("</h3>\n", w->f);
        change_matrix(w, x, k.n, d0);
        change_list(w, x, k.n);
    }
    h_section_end(w);
}
