/* SPDX-License-Identifier: MIT */
/* html_rfm.c — the report's RFM section: the R x F heat maps (customers and
 * mean monetary value), segment sizes and revenue, the cut-offs of every
 * score and what to do per segment (docs/rfm.md, docs/report.md). */
#include "html.h"
#include <math.h>
#include <stdlib.h>

#define MAXB 9 /* rmk_rfm_opts.bins is 2..9 */

static void rf_maps(hw *w, const rmk_rfm *x)
{
    int bins = rmk_rfm_bins(x);
    double cnt[MAXB * MAXB] = {0}, mon[MAXB * MAXB] = {0};
    for (size_t i = 0; i < rmk_rfm_count(x); i++) {
        const rmk_rfm_customer *c = rmk_rfm_at(x, i);
        /* rows: F best at the top; columns: R worst to best */
        size_t k = (size_t)(bins - c->f) * (size_t)bins + (size_t)(c->r - 1);
        cnt[k] += 1;
        mon[k] += (double)c->monetary_num / (double)c->monetary_den / RMK_MONEY_SCALE;
    }
    char rl[MAXB][16], cl[MAXB][16], txt[MAXB * MAXB][24], mtxt[MAXB * MAXB][24];
    const char *rp[MAXB], *cp[MAXB], *tp[MAXB * MAXB], *mp[MAXB * MAXB];
    for (int i = 0; i < bins; i++) {
        snprintf(rl[i], sizeof rl[i], "F%d", bins - i);
        snprintf(cl[i], sizeof cl[i], "R%d", i + 1);
        rp[i] = rl[i], cp[i] = cl[i];
    }
    for (int k = 0; k < bins * bins; k++) {
        if (cnt[k] > 0) {
            mon[k] /= cnt[k];
            h_num(w, cnt[k], 0, txt[k], sizeof txt[k]);
            h_num(w, mon[k], 0, mtxt[k], sizeof mtxt[k]);
        } else {
            cnt[k] = mon[k] = NAN;
            txt[k][0] = mtxt[k][0] = 0;
        }
        tp[k] = txt[k], mp[k] = mtxt[k];
    }
    svg_heat h = {HT(w, "Customers by recency and frequency score", "Клиенты по оценкам давности и частоты"),
                  (size_t)bins, (size_t)bins, rp, cp, cnt, tp,
                  HT(w, "Recency score (R): higher = bought more recently", "Оценка давности (R): выше — покупал недавно"),
                  HT(w, "Frequency score (F)", "Оценка частоты (F)"), 0, 0, w->ru};
    h_figure(w, "rfm-heatmap", h.title, HT(w, "Each cell counts the customers with that R and F score; the top right holds "
                               "the best customers, the top left the valuable ones slipping away.",
                            "Каждая клетка — число клиентов с такими оценками R и F; справа вверху лучшие "
                            "клиенты, слева вверху — ценные, но уходящие."));
    svg_heatmap(w->f, &h);
    h_figure_end(w);
    svg_heat m = h;
    m.title = HT(w, "Mean monetary value by recency and frequency score",
                 "Средняя денежная ценность по оценкам давности и частоты");
    m.v = mon, m.cell_text = mp;
    h_figure(w, "rfm-monetary", m.title, HT(w, "The mean of the customers' monetary values (average purchase) in each cell.",
                            "Среднее денежной ценности (средней покупки) клиентов в каждой клетке."));
    svg_heatmap(w->f, &m);
    h_figure_end(w);
}

static void segments(hw *w, const rmk_rfm *x, const rmk_segmap *map)
{
    int n = rmk_segmap_count(map);
    double *cust = calloc((size_t)n, sizeof *cust), *rev = calloc((size_t)n, sizeof *rev);
    int64_t *net = calloc((size_t)n, sizeof *net);
    const char **names = calloc((size_t)n, sizeof *names), **acts = calloc((size_t)n, sizeof *acts);
    char (*ct)[32] = calloc((size_t)n, sizeof *ct), (*rt)[32] = calloc((size_t)n, sizeof *rt);
    const char **ctp = calloc((size_t)n, sizeof *ctp), **rtp = calloc((size_t)n, sizeof *rtp);
    if (!cust || !rev || !net || !names || !acts || !ct || !rt || !ctp || !rtp) goto done;
    for (size_t i = 0; i < rmk_rfm_count(x); i++) {
        const rmk_rfm_customer *c = rmk_rfm_at(x, i);
        if (c->segment >= 0) cust[c->segment] += 1, net[c->segment] += c->net_minor;
    }
    for (int s = 0; s < n; s++) {
        names[s] = rmk_segmap_name(map, s, w->r->lang);
        acts[s] = rmk_segmap_action(map, s, w->r->lang);
        rev[s] = (double)net[s] / RMK_MONEY_SCALE;
        h_num(w, cust[s], 0, ct[s], sizeof ct[s]);
        h_num(w, rev[s], 0, rt[s], sizeof rt[s]);
        ctp[s] = ct[s], rtp[s] = rt[s];
    }
    svg_bars b = {HT(w, "Customers per segment", "Клиенты по сегментам"), (size_t)n, names, cust, ctp,
                  HT(w, "customers", "клиентов"), 1, 0, w->ru};
    h_figure(w, "rfm-segments", b.title, HT(w, "How many customers each segment of the map holds.",
                            "Сколько клиентов в каждом сегменте карты."));
    svg_bar_chart(w->f, &b);
    h_figure_end(w);
    svg_bars v = {HT(w, "Net sales per segment", "Чистые продажи по сегментам"), (size_t)n, names, rev, rtp,
                  HT(w, "net sales", "чистые продажи"), 1, 2, w->ru};
    h_figure(w, "rfm-revenue", v.title, HT(w, "Where the money comes from: the segments' net sales over the whole data.",
                            "Откуда приходят деньги: чистые продажи сегментов за весь период данных."));
    svg_bar_chart(w->f, &v);
    h_figure_end(w);

    h_table_k(w, "rfm-segments", HT(w, "Segments", "Сегменты"),
            HT(w, "Segment|Customers|Share of customers|Net sales|Mean recency, days|Mean frequency|Mean monetary",
               "Сегмент|Клиенты|Доля клиентов|Чистые продажи|Средняя давность, дней|Средняя частота|Средняя ценность"));
    for (int s = 0; s < n; s++) {
        rmk_rfm_group g;
        rmk_rfm_segment_stats(x, s, &g);
        h_tr(w);
        h_td(w, names[s]);
        h_td_int(w, (long long)g.customers);
        h_td_pct(w, rmk_rfm_count(x) ? (double)g.customers / (double)rmk_rfm_count(x) : NAN);
        h_td_money(w, net[s]);
        h_td_num(w, g.customers ? g.recency_days : NAN, 1, -1);
        h_td_num(w, g.customers ? g.frequency : NAN, 2, -1);
        if (g.customers && g.monetary_den) { /* exact, as rfm --summary prints it */
            char ex[32], sh[64];
            rmk_ratio_format(g.monetary_num, g.monetary_den, 2, '.', ex);
            h_td_exact(w, ex, h_num(w, strtod(ex, NULL), 2, sh, sizeof sh));
        } else {
            h_td_num(w, g.customers ? g.monetary : NAN, 2, -1);
        }
        h_tr_end(w);
    }
    h_table_end(w);
    h_actions(w, HT(w, "What to do per segment", "Что делать с каждым сегментом"), (size_t)n, names, acts);
done:
    free(cust), free(rev), free(net), free(names), free(acts), free(ct), free(rt), free(ctp), free(rtp);
}

static void cutoffs(hw *w, const rmk_rfm *x)
{
    int bins = rmk_rfm_bins(x);
    h_table_k(w, "rfm-cutoffs", HT(w, "Cut-offs: the range of each measure per score", "Границы: диапазон каждого показателя по оценкам"),
            HT(w, "Score|Recency from, days|to|Frequency from|to|Monetary from|to",
               "Оценка|Давность от, дней|до|Частота от|до|Ценность от|до"));
    for (int s = bins; s >= 1; s--) {
        h_tr(w);
        h_td_int(w, s);
        static const char measures[3] = {'r', 'f', 'm'};
        for (int k = 0; k < 3; k++) {
            rmk_rfm_cutoff c;
            if (!rmk_rfm_cutoff_get(x, measures[k], s, &c)) {
                h_td(w, ""), h_td(w, "");
                continue;
            }
            if (k < 2) {
                h_td_int(w, (long long)c.lo_num), h_td_int(w, (long long)c.hi_num);
            } else {
                h_td_ratio(w, c.lo_num, c.lo_den);
                h_td_ratio(w, c.hi_num, c.hi_den);
            }
        }
        h_tr_end(w);
    }
    h_table_end(w);
}

void html_rfm(hw *w)
{
    const rmk_report *r = w->r;
    h_section(w, "rfm", HT(w, "RFM: recency, frequency, monetary value", "RFM: давность, частота, денежная ценность"),
              HT(w, "RFM analysis ranks customers by how recently they bought (R), how often (F) and how much "
                    "(M), scores each 1-5 (5 best) by quintiles, and groups the scores into segments that call "
                    "for different actions: reward the best, win back the valuable ones slipping away.",
                 "RFM-анализ ранжирует клиентов по давности последней покупки (R), частоте (F) и сумме (M), "
                 "ставит каждому оценки 1-5 (5 — лучшая) по квинтилям и объединяет оценки в сегменты, "
                 "требующие разных действий: поощрять лучших, возвращать ценных, но уходящих."));
    if (!h_note(w, RPT_RFM) && r->rfm) {
        rf_maps(w, r->rfm);
        segments(w, r->rfm, r->map);
        cutoffs(w, r->rfm);
    }
    h_section_end(w);
}
