/* SPDX-License-Identifier: MIT */
/* xlsx_rfm.c — the workbook's RFM sheets: the segments (sizes with a
 * native chart, net sales, means, actions), the cut-offs and codes (as
 * `relmark rfm --summary`), and one row per customer (as `relmark rfm
 * --format csv`). docs/rfm.md, docs/report.md. */
#include "xlsx.h"
#include <stdlib.h>

/* a group's mean monetary, exact as rfm --summary prints it (2 decimals,
 * half away from zero), the double's only when the exact one does not fit */
static char *mean_monetary(char *b, const rmk_rfm_group *g)
{
    if (g->monetary_den) return rmk_ratio_format(g->monetary_num, g->monetary_den, 2, '.', b);
    return x_fix(b, g->monetary, 2);
}

static void segments(xs *s, const rmk_rfm *x, const rmk_segmap *map)
{
    xw *w = s->w;
    int n = rmk_segmap_count(map);
    size_t total = rmk_rfm_count(x);
    int64_t *net = calloc((size_t)n + 1, sizeof *net);
    if (!net) {
        x_fail(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    for (size_t i = 0; i < total; i++) {
        const rmk_rfm_customer *c = rmk_rfm_at(x, i);
        if (c->segment >= 0 && c->segment < n) net[c->segment] += c->net_minor;
    }
    char title[300];
    snprintf(title, sizeof title, "%s: %s", XT(w, "Segments", "Сегменты"), rmk_segmap_title(map, w->r->lang));
    xs_title(s, title);
    lxw_row_t top = s->row - 1;
    const char *h[7] = {XT(w, "Segment", "Сегмент"), XT(w, "Customers", "Клиенты"),
                        XT(w, "Share of customers", "Доля клиентов"), XT(w, "Net sales", "Чистые продажи"),
                        XT(w, "Mean recency, days", "Средняя давность, дней"),
                        XT(w, "Mean frequency", "Средняя частота"),
                        XT(w, "Mean monetary", "Средняя денежная ценность")};
    xs_head(s, 7, h);
    lxw_row_t first = s->row;
    for (int g = 0; g < n; g++) {
        rmk_rfm_group st;
        rmk_rfm_segment_stats(x, g, &st);
        char b[6][40];
        x_int(b[0], (long long)st.customers);
        x_fix(b[1], total ? (double)st.customers / (double)total : 0, 4);
        x_money(b[2], net[g]);
        b[3][0] = b[4][0] = b[5][0] = 0;
        if (st.customers) x_fix(b[3], st.recency_days, 1), x_fix(b[4], st.frequency, 2), mean_monetary(b[5], &st);
        const char *row[7] = {rmk_segmap_name(map, g, w->r->lang), b[0], b[1], b[2], b[3], b[4], b[5]};
        xs_row(s, 7, "scpm12m", row);
    }
    lxw_chart *c = x_chart(w, LXW_CHART_BAR, XT(w, "Customers per segment", "Клиенты по сегментам"), NULL, NULL);
    if (c) {
        x_series(w, c, XT(w, "RFM segments", "RFM-сегменты"), first, s->row - 1, 0, 1, h[1]);
        chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
        chart_axis_set_reverse(c->y_axis); /* the map's order from the top */
    }
    xs_chart(s, c, top, 8);
    xs_gap(s);
    xs_title(s, XT(w, "What to do per segment", "Что делать с каждым сегментом"));
    const char *ha[2] = {h[0], XT(w, "Action", "Действие")};
    xs_head(s, 2, ha);
    for (int g = 0; g < n; g++) {
        const char *row[2] = {rmk_segmap_name(map, g, w->r->lang), rmk_segmap_action(map, g, w->r->lang)};
        xs_row(s, 2, "ss", row);
    }
    free(net);
}

/* the range of each measure per score: min and max as the CSV's cutoff rows */
static void cutoffs(xs *s, const rmk_rfm *x)
{
    xw *w = s->w;
    xs_gap(s);
    xs_title(s, XT(w, "Cut-offs: the range of each measure per score", "Границы: диапазон каждого показателя по оценкам"));
    const char *h[10] = {XT(w, "Score", "Оценка"), XT(w, "Customers with R", "Клиентов с R"),
                         XT(w, "Recency min, days", "Давность мин., дней"), XT(w, "Recency max, days", "Давность макс., дней"),
                         XT(w, "Customers with F", "Клиентов с F"), XT(w, "Frequency min", "Частота мин."),
                         XT(w, "Frequency max", "Частота макс."), XT(w, "Customers with M", "Клиентов с M"),
                         XT(w, "Monetary min", "Ценность мин."), XT(w, "Monetary max", "Ценность макс.")};
    xs_head(s, 10, h);
    for (int sc = rmk_rfm_bins(x); sc >= 1; sc--) {
        char b[10][40];
        x_int(b[0], sc);
        static const char measures[3] = {'r', 'f', 'm'};
        for (int k = 0; k < 3; k++) {
            rmk_rfm_cutoff cu;
            int have = rmk_rfm_cutoff_get(x, measures[k], sc, &cu);
            x_int(b[1 + 3 * k], (long long)cu.customers);
            b[2 + 3 * k][0] = b[3 + 3 * k][0] = 0;
            if (have && k < 2) x_int(b[2 + 3 * k], cu.lo_num), x_int(b[3 + 3 * k], cu.hi_num);
            else if (have)
                rmk_ratio_format(cu.lo_num, cu.lo_den, 2, '.', b[8]), rmk_ratio_format(cu.hi_num, cu.hi_den, 2, '.', b[9]);
        }
        const char *row[10] = {b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9]};
        xs_row(s, 10, "icccccccmm", row);
    }
}

static void codes(xs *s, const rmk_rfm *x)
{
    xw *w = s->w;
    int bins = rmk_rfm_bins(x);
    size_t n = rmk_rfm_count(x);
    xs_gap(s);
    xs_title(s, XT(w, "RFM codes (non-empty)", "Коды RFM (непустые)"));
    const char *h[6] = {"RFM", XT(w, "Customers", "Клиенты"), XT(w, "Share of customers", "Доля клиентов"),
                        XT(w, "Mean recency, days", "Средняя давность, дней"), XT(w, "Mean frequency", "Средняя частота"),
                        XT(w, "Mean monetary", "Средняя денежная ценность")};
    xs_head(s, 6, h);
    for (int r = bins; r >= 1; r--)
        for (int f = bins; f >= 1; f--)
            for (int m = bins; m >= 1; m--) {
                rmk_rfm_group g;
                if (!rmk_rfm_code_stats(x, r, f, m, &g)) continue;
                char b[6][40];
                snprintf(b[0], sizeof b[0], "%d%d%d", r, f, m);
                x_int(b[1], (long long)g.customers);
                x_fix(b[2], (double)g.customers / (double)n, 4);
                x_fix(b[3], g.recency_days, 1);
                x_fix(b[4], g.frequency, 2);
                mean_monetary(b[5], &g);
                const char *row[6] = {b[0], b[1], b[2], b[3], b[4], b[5]};
                xs_row(s, 6, "scp12m", row);
            }
}

static void customers(xw *w, const rmk_rfm *x, const rmk_segmap *map)
{
    const char *h[10] = {XT(w, "Customer ID", "Клиент"), XT(w, "Recency, days", "Давность, дней"),
                         XT(w, "Frequency", "Частота"), XT(w, "Monetary (average purchase)", "Средний чек"),
                         "R", "F", "M", "RFM", XT(w, "Segment", "Сегмент"),
                         XT(w, "Segment key", "Ключ сегмента")};
    xt t;
    if (xt_open(w, &t, "RFM", 10, "sccmiiisss", h)) return;
    for (size_t i = 0; i < rmk_rfm_count(x) && !w->err; i++) {
        const rmk_rfm_customer *c = rmk_rfm_at(x, i);
        char rec[32], fr[32], mon[32], r[2] = {(char)('0' + c->r), 0}, f[2] = {(char)('0' + c->f), 0},
             m[2] = {(char)('0' + c->m), 0}, code[4] = {r[0], f[0], m[0], 0};
        x_int(rec, c->recency_days);
        x_int(fr, c->frequency);
        rmk_ratio_format(c->monetary_num, c->monetary_den, 2, '.', mon);
        const char *row[10] = {c->customer_id, rec, fr, mon, r, f, m, code,
                               map && c->segment >= 0 ? rmk_segmap_name(map, c->segment, w->r->lang) : "",
                               map && c->segment >= 0 ? rmk_segmap_key(map, c->segment) : ""};
        xt_row(&t, row);
    }
    xt_close(&t);
}

void xlsx_rfm(xw *w)
{
    const rmk_report *r = w->r;
    if (!r->rfm) return;
    xs s;
    if (xs_open(w, &s, XT(w, "RFM segments", "RFM-сегменты"))) return;
    char d[16], t[200];
    snprintf(t, sizeof t, "%s %s", XT(w, "RFM: recency, frequency, monetary value as of", "RFM: давность, частота, "
                                                                                         "денежная ценность на"),
             x_date(d, rmk_rfm_as_of(r->rfm)));
    xs_title(&s, t);
    xs_text(&s, XT(w, "RFM ranks customers by how recently they bought (R), how often (F) and how much per "
                      "purchase (M), each scored 1-5 by quintiles (5 best); segments group the scores into "
                      "groups that call for different actions.",
                   "RFM ранжирует клиентов по давности покупки (R), частоте (F) и средней сумме (M), каждая "
                   "оценка 1-5 по квинтилям (5 — лучшая); сегменты объединяют оценки в группы, требующие "
                   "разных действий."));
    xs_gap(&s);
    if (r->map) segments(&s, r->rfm, r->map);
    cutoffs(&s, r->rfm);
    codes(&s, r->rfm);
    xs_close(&s);
    customers(w, r->rfm, r->map);
}
