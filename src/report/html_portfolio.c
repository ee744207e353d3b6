/* SPDX-License-Identifier: MIT */
/* html_portfolio.c — the report's portfolio section (lecture §3; with a
 * customers file): the clients on the client attractiveness x
 * relationship strength plane as a binned scatter with the 3 x 3 matrix's
 * cells, each cell's clients, revenue, value at stake, share of a
 * retention budget, bond level and strategy, and the parameters clients
 * lack. The numbers are those of `relmark portfolio FILE --customers F
 * --summary --budget 100 --value revenue` (docs/portfolio.md): the
 * allocation is the percent of any budget; data-v as its CSV writes them;
 * docs/report.md. */
#include "html.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Bins of a third of a score point: the axes run 1..5 and the levels
 * change at 7/3 and 11/3, so each cell of the matrix holds 4 x 4 bins and
 * no bin straddles a boundary. */
#define BINS 12

/* a client's bin on an axis: by its value, kept inside its level's four
 * bins (the level is the library's exact comparison) */
static size_t bin_of(double v, int level)
{
    double b = floor((v - 1) * 3);
    double lo = 4.0 * level, hi = lo + 3;
    if (!(b >= lo)) b = lo; /* NaN too */
    if (b > hi) b = hi;
    return (size_t)b;
}

static void scatter(hw *w, const rmk_portfolio *x)
{
    double count[BINS * BINS] = {0};
    for (size_t i = 0; i < rmk_portfolio_count(x); i++) {
        const rmk_pf_client *c = rmk_portfolio_at(x, i);
        if (c->cell < 0) continue;
        count[bin_of(c->axis[0], c->level[0]) * BINS + bin_of(c->axis[1], c->level[1])] += 1;
    }
    static const double cuts[2] = {7.0 / 3, 11.0 / 3};
    const char *regions[9];
    for (int a = 0; a < 3; a++)
        for (int s = 0; s < 3; s++) regions[a * 3 + s] = rmk_pf_cell_name(a * 3 + s, w->r->lang);
    svg_binned b = {HT(w, "Clients on the portfolio matrix", "Клиенты в матрице портфеля"), 1, 5, 1, 5, BINS, BINS, count,
                    2, cuts, cuts, regions,
                    HT(w, "relationship strength (1-5)", "сила отношений (1-5)"),
                    HT(w, "client attractiveness (1-5)", "привлекательность клиента (1-5)"), w->ru};
    h_figure(w, "portfolio-matrix", b.title, HT(w, "Each circle counts the clients in a small square of the plane (a third of a point "
                               "each way); dashed lines split it into the nine cells of the matrix.",
                            "Каждый круг — число клиентов в маленьком квадрате плоскости (треть балла по каждой "
                            "оси); пунктир делит ее на девять клеток матрицы."));
    svg_binned_scatter(w->f, &b);
    h_figure_end(w);
}

static void cells(hw *w, const rmk_portfolio *x)
{
    static const char *lv_en[3] = {"low", "medium", "high"}, *lv_ru[3] = {"низкая", "средняя", "высокая"};
    h_table(w, HT(w, "The cells of the matrix", "Клетки матрицы"),
            HT(w, "Attractiveness|Strength|Cell|Clients|Revenue (12 months)|Value at stake|Budget share, %|Bond level",
               "Привлекательность|Сила отношений|Клетка|Клиенты|Выручка (12 месяцев)|Ценность под риском|Доля "
               "бюджета, %|Уровень связей"));
    for (int c = 8; c >= 0; c--) { /* as portfolio --summary: high attractiveness first */
        rmk_pf_cell_stats cs;
        rmk_portfolio_cell(x, c, &cs);
        h_tr(w);
        h_td(w, w->ru ? lv_ru[c / 3] : lv_en[c / 3]);
        h_td(w, w->ru ? lv_ru[c % 3] : lv_en[c % 3]);
        h_td(w, rmk_pf_cell_name(c, w->r->lang));
        h_td_int(w, (long long)cs.clients);
        h_td_money(w, cs.revenue);
        h_td_num(w, cs.value, 2, 2);
        h_td_num(w, cs.allocation, 2, 2);
        h_td_int(w, rmk_pf_cell_bond_level(c));
        h_tr_end(w);
    }
    h_table_end(w);
}

/* the budget split: a cell's share is its clients' positive value at stake
 * over all clients' (docs/portfolio.md, "Resource allocation") */
static void budget(hw *w, const rmk_portfolio *x)
{
    const char *names[9], *tp[9];
    char txt[9][32];
    double v[9];
    int col[9];
    for (int i = 0; i < 9; i++) {
        int c = 8 - i;
        rmk_pf_cell_stats cs;
        rmk_portfolio_cell(x, c, &cs);
        names[i] = rmk_pf_cell_name(c, w->r->lang);
        v[i] = cs.allocation;
        h_pct(w, cs.allocation / 100, txt[i], sizeof txt[i]);
        tp[i] = txt[i];
        col[i] = rmk_pf_cell_bond_level(c) == 3 ? 2 : rmk_pf_cell_bond_level(c) == 2 ? 0 : 4;
    }
    const char *keys[3] = {HT(w, "bond level 3", "уровень связей 3"), HT(w, "bond level 2", "уровень связей 2"),
                           HT(w, "bond level 1", "уровень связей 1")};
    int kc[3] = {2, 0, 4};
    svg_legend lg = {3, keys, kc};
    svg_bars b = {HT(w, "How to split a retention budget", "Как разделить бюджет удержания"), 9, names, v, tp,
                  HT(w, "share of the budget, %", "доля бюджета, %"), 1, 0, w->ru};
    h_figure(w, "portfolio-budget", b.title, HT(w, "Each cell's share of any retention budget, in proportion to its clients' revenue of "
                               "the last 12 months (the value at stake).",
                            "Доля каждой клетки в любом бюджете удержания, пропорционально выручке ее клиентов "
                            "за 12 месяцев (ценности под риском)."));
    svg_bar_chart_ex(w->f, &b, col, &lg);
    h_figure_end(w);
}

/* the weighted parameters clients lack (their axes use the others) */
static void missing(hw *w, const rmk_portfolio_stats *st)
{
    int any = 0;
    for (int p = 0; p < RMK_PF_COUNT; p++) any |= st->missing[p] > 0 || (st->absent >> p & 1u);
    if (!any) return;
    static const char *group_en[3] = {"commercial", "strategic", "technical"};
    static const char *group_ru[3] = {"коммерческий", "стратегический", "технический"};
    h_table(w, HT(w, "Parameters missing for some clients (their axes use the others)",
                  "Параметры, которых нет у части клиентов (оси считаются по остальным)"),
            HT(w, "Parameter|Group|Clients without it", "Параметр|Группа|Клиентов без него"));
    for (int p = 0; p < RMK_PF_COUNT; p++) {
        int absent = st->absent >> p & 1u;
        if (!st->missing[p] && !absent) continue;
        int g = rmk_pf_param_group(p);
        h_tr(w);
        h_td(w, rmk_pf_param_name(p, w->r->lang));
        h_td(w, g >= 0 && g < 3 ? (w->ru ? group_ru[g] : group_en[g]) : "");
        if (absent) h_td(w, HT(w, "every client (no such column)", "все клиенты (нет такого столбца)"));
        else h_td_int(w, (long long)st->missing[p]);
        h_tr_end(w);
    }
    h_table_end(w);
}

void html_portfolio(hw *w)
{
    const rmk_report *r = w->r;
    h_section(w, "portfolio", HT(w, "Customer portfolio", "Портфель клиентов"),
              HT(w, "Managing the portfolio means knowing the clients, telling them apart by their value to the "
                    "firm, giving each group its own strategy and spending the retention effort where it pays. "
                    "Each corporate client is scored 1-5 on commercial, strategic and technical parameters; two "
                    "weighted means place it on the matrix of client attractiveness and relationship strength, "
                    "whose nine cells each carry a strategy and a level of retention bonds.",
                 "Управлять портфелем — значит знать клиентов, различать их по ценности для фирмы, выбирать для "
                 "каждой группы свою стратегию и тратить усилия по удержанию там, где они окупаются. Каждый "
                 "корпоративный клиент получает оценки 1-5 по коммерческим, стратегическим и техническим "
                 "параметрам; два взвешенных средних помещают его в матрицу привлекательности клиента и силы "
                 "отношений, где каждой из девяти клеток соответствуют стратегия и уровень связей."));
    if (!h_note(w, RPT_PORTFOLIO) && r->pf) {
        const rmk_portfolio *x = r->pf;
        rmk_portfolio_stats st;
        rmk_portfolio_get_stats(x, &st);
        char msg[600], d[16], a[32], b[32];
        snprintf(msg, sizeof msg,
                 HT(w, "%s clients as of %s; %s of them lack every parameter of an axis and are not placed. Value "
                       "at stake: %s.",
                    "Клиентов на %2$s: %1$s; из них %3$s без единого параметра одной из осей, они не размещены. "
                    "Ценность под риском: %4$s."),
                 h_num(w, (double)rmk_portfolio_count(x), 0, a, sizeof a), h_date(rmk_portfolio_as_of(x), d),
                 h_num(w, (double)st.unplaced, 0, b, sizeof b),
                 st.value_clv ? HT(w, "the expected CLV over 12 months", "ожидаемая CLV за 12 месяцев")
                              : HT(w, "the revenue of the last 12 months", "выручка за последние 12 месяцев"));
        h_p(w, NULL, msg);
        scatter(w, x);
        cells(w, x);
        const char *names[9], *acts[9];
        for (int i = 0; i < 9; i++) {
            names[i] = rmk_pf_cell_name(8 - i, r->lang), acts[i] = rmk_pf_cell_strategy(8 - i, r->lang);
            /* the strategy starts "Name: ": the name is the heading already */
            size_t len = strlen(names[i]);
            if (!strncmp(acts[i], names[i], len) && acts[i][len] == ':' && acts[i][len + 1] == ' ') acts[i] += len + 2;
        }
        h_actions(w, HT(w, "Strategy per cell", "Стратегия для каждой клетки"), 9, names, acts);
        budget(w, x);
        missing(w, &st);
    }
    h_section_end(w);
}
