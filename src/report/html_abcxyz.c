/* SPDX-License-Identifier: MIT */
/* html_abcxyz.c — the report's ABC-XYZ section: the 9-cell matrix (clients
 * and share of revenue), the concentration curve (Lorenz) with the Gini
 * coefficient, the actions per cell (docs/abcxyz.md, docs/report.md). The
 * tables' data-v hold what `relmark abcxyz --summary --format csv` prints:
 * shares as fractions with 4 decimals rounded half away from zero from the
 * exact integers, money with 2 decimals. */
#include "html.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* n / d (d > 0) with 4 decimals, rounded half away from zero, exactly as
 * the command's CSV; "" when d <= 0 */
static char *frac4(int64_t n, int64_t d, char *b, size_t len)
{
    if (d <= 0) {
        b[0] = 0;
        return b;
    }
    unsigned __int128 m = n < 0 ? (unsigned __int128)(-(__int128)n) : (unsigned __int128)n;
    unsigned __int128 q = (m * 20000 + (unsigned __int128)d) / (2 * (unsigned __int128)d);
    unsigned long long qi = (unsigned long long)q;
    snprintf(b, len, "%s%llu.%04llu", n < 0 && qi ? "-" : "", qi / 10000, qi % 10000);
    return b;
}

/* a cell whose exact value (data-v) is given; shown with `decimals` of
 * `shown` (x 100 and a "%" when pct); "–" when exact is "" */
static void td_v(hw *w, const char *exact, double shown, int decimals, int pct)
{
    char b[64];
    if (!exact[0]) {
        fputs("<td class=\"n\" data-v=\"\">\xE2\x80\x93</td>", w->f);
        return;
    }
    fprintf(w->f, "<td class=\"n\" data-v=\"%s\">%s%s</td>", exact,
            h_num(w, pct ? shown * 100 : shown, decimals, b, sizeof b), pct ? "%" : "");
}

static void td_frac(hw *w, int64_t n, int64_t d)
{
    char b[64];
    td_v(w, frac4(n, d, b, sizeof b), d > 0 ? (double)n / (double)d : NAN, 1, 1);
}

static const char *const cell_action[2][9] = {
    {"Key and steady: guard the relationship with a personal manager, priority supply and a long-term "
     "contract.",
     "Key but uneven: plan the demand together with the client and keep a safety stock for it.",
     "Key but irregular: find out why the purchases jump, and agree on a schedule or a framework "
     "contract that smooths them.",
     "Steady middle: grow the share of the client's purchases with cross-selling and volume terms.",
     "Middle, uneven: regular contact with the manager, offers timed to the client's cycle.",
     "Middle, irregular: standard terms, and an offer to come back whenever a gap appears.",
     "Small but steady: serve at low cost with automatic reorders, self-service and online ordering.",
     "Small and uneven: standard service through low-cost channels.",
     "Small and occasional: keep the cost to serve minimal, check that each one is profitable, and "
     "look for those with potential."},
    {"Ключевые и стабильные: берегите отношения — персональный менеджер, приоритетные поставки, "
     "долгосрочный договор.",
     "Ключевые, но неравномерные: планируйте спрос вместе с клиентом, держите для него страховой запас.",
     "Ключевые, но нерегулярные: выясните, почему закупки скачут, договоритесь о графике или рамочном "
     "договоре, который их выровняет.",
     "Стабильная середина: увеличивайте долю в закупках клиента — перекрёстные продажи, условия за "
     "объём.",
     "Середина, неравномерные: регулярный контакт менеджера, предложения в такт циклу клиента.",
     "Середина, нерегулярные: стандартные условия и предложение вернуться при каждой паузе.",
     "Небольшие, но стабильные: обслуживайте недорого — автозаказ, самообслуживание, онлайн-заказы.",
     "Небольшие и неравномерные: стандартное обслуживание через недорогие каналы.",
     "Небольшие и случайные: минимальные затраты на обслуживание, проверка прибыльности каждого, "
     "поиск перспективных."}};

static void matrix(hw *w, const rmk_abcxyz *x, const rmk_concentration *k)
{
    char rl[3][64], cl[3][64], ct[9][24], st[9][24];
    const char *rp[3], *cp[3], *ctp[9], *stp[9];
    double cnt[9], share[9];
    for (int a = 0; a < 3; a++) {
        snprintf(rl[a], sizeof rl[a], "%s %s", rmk_abc_key((rmk_abc)a), rmk_abc_name((rmk_abc)a, w->r->lang));
        snprintf(cl[a], sizeof cl[a], "%s %s", rmk_xyz_key((rmk_xyz)a), rmk_xyz_name((rmk_xyz)a, w->r->lang));
        rp[a] = rl[a], cp[a] = cl[a];
        for (int z = 0; z < 3; z++) {
            rmk_abcxyz_cell c;
            rmk_abcxyz_cell_get(x, (rmk_abc)a, (rmk_xyz)z, &c);
            int i = a * 3 + z;
            cnt[i] = (double)c.clients;
            share[i] = k->total > 0 ? 100.0 * (double)c.revenue / (double)k->total : NAN;
            h_num(w, cnt[i], 0, ct[i], sizeof ct[i]);
            h_num(w, share[i], 1, st[i], sizeof st[i]);
            if (isfinite(share[i])) strcat(st[i], "%");
            ctp[i] = ct[i], stp[i] = st[i];
        }
    }
    svg_heat h = {HT(w, "Clients per ABC-XYZ cell", "Клиенты по ячейкам ABC-XYZ"), 3, 3, rp, cp, cnt, ctp,
                  HT(w, "XYZ: how steadily the client buys", "XYZ: насколько равномерно покупает клиент"),
                  HT(w, "ABC: revenue", "ABC: выручка"), 0, 0, w->ru};
    h_figure(w, "abcxyz-matrix", h.title, HT(w, "How many clients fall in each cell: revenue class down, steadiness across.",
                            "Сколько клиентов в каждой ячейке: класс по выручке — по вертикали, "
                            "равномерность — по горизонтали."));
    svg_heatmap(w->f, &h);
    h_figure_end(w);
    svg_heat s = h;
    s.title = HT(w, "Share of revenue per ABC-XYZ cell, %", "Доля выручки по ячейкам ABC-XYZ, %");
    s.v = share, s.cell_text = stp;
    h_figure(w, "abcxyz-revenue", s.title, HT(w, "Where the revenue is: a large share in AX is safe, a large share in AZ is a risk "
                               "to plan for.",
                            "Где выручка: большая доля в AX надёжна, большая доля в AZ — риск, который "
                            "нужно планировать."));
    svg_heatmap(w->f, &s);
    h_figure_end(w);
    h_table(w, HT(w, "The 9 cells", "9 ячеек"),
            HT(w, "ABC|XYZ|Clients|Share of clients|Revenue|Share of revenue",
               "ABC|XYZ|Клиенты|Доля клиентов|Выручка|Доля выручки"));
    for (int a = 0; a < 3; a++)
        for (int z = 0; z < 3; z++) {
            rmk_abcxyz_cell c;
            rmk_abcxyz_cell_get(x, (rmk_abc)a, (rmk_xyz)z, &c);
            h_tr(w);
            h_td(w, rmk_abc_key((rmk_abc)a));
            h_td(w, rmk_xyz_key((rmk_xyz)z));
            h_td_int(w, (long long)c.clients);
            td_frac(w, (int64_t)c.clients, (int64_t)k->clients);
            h_td_money(w, c.revenue);
            td_frac(w, c.revenue, k->total);
            h_tr_end(w);
        }
    h_table_end(w);
}

/* The Lorenz curve of the n clients with revenue > 0 (the first n in rank
 * order): L(j) = the revenue of the j smallest / T = (T - cumulative of
 * rank n - j) / T. Points at every j for n <= 100, else at each percent. */
static void lorenz(hw *w, const rmk_abcxyz *x, const rmk_concentration *k)
{
    size_t n = k->positive_clients, np = n <= 100 ? n + 1 : 101;
    double *px = malloc(np * sizeof *px), *py = malloc(np * sizeof *py);
    if (!px || !py) goto done;
    for (size_t i = 0; i < np; i++) {
        size_t j = n <= 100 ? i : (i * n + 50) / 100;
        int64_t low = j == 0 ? 0 : j >= n ? k->total : k->total - rmk_abcxyz_at(x, n - j - 1)->cumulative;
        px[i] = 100.0 * (double)j / (double)n;
        py[i] = 100.0 * (double)low / (double)k->total;
    }
    char title[160], gini[32];
    snprintf(title, sizeof title, "%s %s", HT(w, "Concentration curve (Lorenz); Gini", "Кривая концентрации (Лоренца); Джини"),
             h_num(w, k->gini, 4, gini, sizeof gini));
    const char *names[1] = {HT(w, "cumulative share of revenue, %", "накопленная доля выручки, %")};
    svg_lines c = {title, np, px, NULL, 1, py, names, NULL,
                   HT(w, "clients from the smallest to the largest, cumulative %",
                      "клиенты от меньшего к большему, накопленный %"),
                   "%", 0, 0, 100, 1, w->ru};
    h_figure(w, "abcxyz-lorenz", title, HT(w, "The dashed diagonal is revenue spread evenly; the further the curve sags below it, "
                             "the more the revenue rests on a few clients.",
                          "Пунктирная диагональ — выручка, распределённая поровну; чем сильнее кривая "
                          "провисает под ней, тем больше выручка зависит от немногих клиентов."));
    svg_line_chart(w->f, &c);
    h_figure_end(w);
    h_table(w, HT(w, "The curve at every tenth of the clients", "Кривая через каждую десятую часть клиентов"),
            HT(w, "Share of clients (smallest first)|Clients|Share of revenue",
               "Доля клиентов (от меньших)|Клиенты|Доля выручки"));
    for (int p = 0; p <= 100; p += 10) {
        size_t j = ((size_t)p * n + 50) / 100;
        int64_t low = j == 0 ? 0 : j >= n ? k->total : k->total - rmk_abcxyz_at(x, n - j - 1)->cumulative;
        h_tr(w);
        td_frac(w, (int64_t)j, (int64_t)n);
        h_td_int(w, (long long)j);
        td_frac(w, low, k->total);
        h_tr_end(w);
    }
    h_table_end(w);
done:
    free(px), free(py);
}

/* a double with 4 decimals as the command prints Gini and HHI: rounded
 * from v x 10^4 half away from zero (v >= 0) */
static char *dbl4(double v, char *b, size_t len)
{
    long long q = llround(v * 10000.0);
    snprintf(b, len, "%lld.%04lld", q / 10000, q % 10000);
    return b;
}

/* the concentration figures, in the rows of the command's CSV */
static void concentration(hw *w, const rmk_concentration *k)
{
    char b[64];
    h_table(w, HT(w, "Concentration of revenue (clients with revenue > 0)",
                  "Концентрация выручки (клиенты с выручкой > 0)"),
            HT(w, "Measure|Value", "Показатель|Значение"));
    h_tr(w), h_td(w, HT(w, "Clients in the window", "Клиенты в периоде")), h_td_int(w, (long long)k->clients), h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Clients with revenue > 0", "Клиенты с выручкой > 0")),
        h_td_int(w, (long long)k->positive_clients), h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Their revenue", "Их выручка")), h_td_money(w, k->total), h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Top 20% of them: clients", "Лучшие 20% из них: клиенты"));
    if (k->defined) h_td_int(w, (long long)k->top_clients);
    else td_v(w, "", 0, 0, 0);
    h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Top 20%: revenue", "Лучшие 20%: выручка"));
    if (k->defined) h_td_money(w, k->top_revenue);
    else td_v(w, "", 0, 0, 0);
    h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Top 20%: share of revenue", "Лучшие 20%: доля выручки"));
    if (k->defined) td_frac(w, k->top_revenue, k->total);
    else td_v(w, "", 0, 0, 0);
    h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Gini coefficient (0 even ... 1 one client)", "Коэффициент Джини (0 поровну ... 1 один клиент)"));
    td_v(w, k->defined ? dbl4(k->gini, b, sizeof b) : "", k->gini, 4, 0);
    h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Herfindahl-Hirschman index (HHI)", "Индекс Херфиндаля-Хиршмана (HHI)"));
    td_v(w, k->defined ? dbl4(k->hhi, b, sizeof b) : "", k->hhi, 4, 0);
    h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "HHI, points (0 ... 10,000)", "HHI, пункты (0 ... 10 000)"));
    if (k->defined) snprintf(b, sizeof b, "%.2f", k->hhi_points);
    td_v(w, k->defined ? b : "", k->hhi_points, 2, 0);
    h_tr_end(w);
    h_table_end(w);
}

void html_abcxyz(hw *w)
{
    const rmk_report *r = w->r;
    h_section(w, "abcxyz", HT(w, "ABC-XYZ: value and steadiness of the clients", "ABC-XYZ: ценность и стабильность клиентов"),
              HT(w, "ABC-XYZ asks two questions about every client of the last 12 months: how much revenue it brings "
                    "(A: the clients that make the first 80% of the revenue, B: the next 15%, C: the last 5%) and how "
                    "steadily it buys (the coefficient of variation of its monthly revenue: X below 10%, Y up to 25%, "
                    "Z above). The concentration curve shows how much of the revenue rests on a few clients; the Gini "
                    "coefficient sums it up: 0 when every client brings the same, close to 1 when one brings it all.",
                 "ABC-XYZ-анализ задаёт два вопроса о каждом клиенте за последние 12 месяцев: сколько выручки он "
                 "приносит (A — клиенты, дающие первые 80% выручки, B — следующие 15%, C — последние 5%) и насколько "
                 "равномерно покупает (коэффициент вариации помесячной выручки: X — до 10%, Y — до 25%, Z — выше). "
                 "Кривая концентрации показывает, насколько выручка зависит от немногих клиентов; коэффициент Джини "
                 "подытоживает её: 0, когда все клиенты приносят поровну, около 1, когда всё приносит один."));
    if (!h_note(w, RPT_ABCXYZ) && r->abc) {
        rmk_concentration k;
        rmk_abcxyz_concentration(r->abc, &k);
        char d0[16], d1[16], msg[256];
        snprintf(msg, sizeof msg, "%s %s \xE2\x80\x94 %s (%d %s)", HT(w, "Window:", "Период:"),
                 h_date(rmk_abcxyz_window_start(r->abc), d0), h_date(rmk_abcxyz_as_of(r->abc), d1),
                 rmk_abcxyz_months(r->abc), HT(w, "months", "мес."));
        h_p(w, NULL, msg);
        matrix(w, r->abc, &k);
        if (k.defined) lorenz(w, r->abc, &k);
        concentration(w, &k);
        const char *cells[9];
        char cb[9][8];
        for (int i = 0; i < 9; i++) {
            snprintf(cb[i], sizeof cb[i], "%s%s", rmk_abc_key((rmk_abc)(i / 3)), rmk_xyz_key((rmk_xyz)(i % 3)));
            cells[i] = cb[i];
        }
        h_actions(w, HT(w, "What to do per cell", "Что делать с каждой ячейкой"), 9, cells, cell_action[w->ru]);
    }
    h_section_end(w);
}
