/* SPDX-License-Identifier: MIT */
/* html_retention.c — the report's retention section: the retention curve
 * per period and the cohort heat map (docs/retention.md, docs/report.md). */
#include "html.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *period_word(hw *w, rmk_period p)
{
    switch (p) {
    case RMK_PERIOD_QUARTER: return HT(w, "quarter", "квартал");
    case RMK_PERIOD_YEAR: return HT(w, "year", "год");
    default: return HT(w, "month", "месяц");
    }
}

/* lp: the chart's labels (a partial last period's with '*'); lab: the
 * table's, as the CLI's CSV writes them */
static void curve(hw *w, const rmk_activity *a, size_t n, char (*lab)[16], const char **lp)
{
    double *y = malloc(2 * n * sizeof *y);
    if (!y) return;
    for (size_t i = 0; i < n; i++) {
        rmk_retention t;
        rmk_activity_retention(a, i, &t);
        y[i] = t.has_previous ? t.retention_rate * 100 : NAN;
        y[n + i] = t.has_previous ? t.churn_rate * 100 : NAN;
    }
    const char *names[2] = {HT(w, "retention, %", "удержание, %"), HT(w, "churn, %", "отток, %")};
    int dashed[2] = {0, 1};
    svg_lines c = {HT(w, "Retention and churn per period", "Удержание и отток по периодам"), n, NULL, lp, 2, y,
                   names, dashed, NULL, "%", 0, 0, 100, 0, w->ru};
    h_figure(w, "retention-curve", c.title, HT(w, "Of the customers who bought in a period, the share who bought again in the next "
                               "one; churn is the rest.",
                            "Из клиентов, купивших в периоде, доля купивших и в следующем; отток — остальные."));
    svg_line_chart(w->f, &c);
    h_figure_end(w);
    h_table_k(w, "retention", HT(w, "Retention per period", "Удержание по периодам"),
            HT(w, "Period|Active customers|Retained from the previous period|Retention|Churn",
               "Период|Активные клиенты|Удержано с прошлого периода|Удержание|Отток"));
    for (size_t i = 0; i < n; i++) {
        rmk_retention t;
        rmk_activity_retention(a, i, &t);
        h_tr(w);
        h_td(w, lab[i]);
        h_td_int(w, (long long)t.active);
        if (t.has_previous) {
            h_td_int(w, (long long)t.retained);
            h_td_pct(w, t.retention_rate);
            h_td_pct(w, t.churn_rate);
        } else {
            h_td(w, ""), h_td(w, ""), h_td(w, "");
        }
        h_tr_end(w);
    }
    h_table_end(w);
    free(y);
}

/* part: the last period is partial, its cells (the diagonal) get a '*' */
static void cohorts(hw *w, const rmk_activity *a, size_t n, const char **lp, int part)
{
    double *v = malloc(n * n * sizeof *v);
    char (*txt)[12] = malloc(n * n * sizeof *txt);
    const char **tp = malloc(n * n * sizeof *tp), **kl = malloc(n * sizeof *kl);
    char (*kb)[24] = malloc(n * sizeof *kb);
    if (!v || !txt || !tp || !kl || !kb) goto done;
    for (size_t k = 0; k < n; k++) {
        snprintf(kb[k], sizeof kb[k], "%zu", k);
        kl[k] = kb[k];
    }
    for (size_t c = 0; c < n; c++) {
        size_t size = rmk_activity_cohort_size(a, c);
        for (size_t k = 0; k < n; k++) {
            size_t i = c * n + k;
            txt[i][0] = 0;
            tp[i] = txt[i];
            v[i] = NAN;
            if (c + k >= n || !size) continue;
            rmk_cohort_cell cell;
            rmk_activity_cohort(a, c, k, &cell);
            v[i] = 100.0 * (double)cell.customers / (double)size;
            h_num(w, v[i], 0, txt[i], sizeof txt[i]);
            if (part && c + k == n - 1 && strlen(txt[i]) + 1 < sizeof txt[i]) strcat(txt[i], "*");
        }
    }
    char xa[96];
    snprintf(xa, sizeof xa, "%s (%s)", HT(w, "periods since the first purchase", "периодов с первой покупки"),
             period_word(w, w->r->period));
    svg_heat h = {HT(w, "Cohorts: share of each cohort buying k periods later, %",
                     "Когорты: доля когорты, купившей через k периодов, %"),
                  n, n, lp, kl, v, tp, xa, HT(w, "cohort (first purchase)", "когорта (первая покупка)"), 0, 100, w->ru};
    h_figure(w, "cohorts-heatmap", h.title, HT(w, "Each row is the customers who first bought in that period; reading along it "
                               "shows how many of them still buy as time passes.",
                            "Каждая строка — клиенты, впервые купившие в этом периоде; вдоль строки видно, "
                            "сколько из них продолжают покупать со временем."));
    svg_heatmap(w->f, &h);
    h_figure_end(w);
    h_table_k(w, "cohort-sizes", HT(w, "Cohort sizes", "Размеры когорт"),
            HT(w, "Cohort|Customers|Bought again in the next period", "Когорта|Клиенты|Купили в следующем периоде"));
    for (size_t c = 0; c < n; c++) {
        size_t size = rmk_activity_cohort_size(a, c);
        rmk_cohort_cell cell = {0, 0};
        if (c + 1 < n) rmk_activity_cohort(a, c, 1, &cell);
        char plain[16]; /* as the CLI's CSV writes it, without the chart's '*' */
        h_tr(w);
        h_td(w, rmk_activity_label(a, c, plain));
        h_td_int(w, (long long)size);
        if (c + 1 < n) h_td_int(w, (long long)cell.customers);
        else h_td(w, "");
        h_tr_end(w);
    }
    h_table_end(w);
done:
    free(v), free(txt), free(tp), free(kl), free(kb);
}

void html_retention(hw *w)
{
    const rmk_report *r = w->r;
    h_section(w, "retention", HT(w, "Retention and cohorts", "Удержание и когорты"),
              HT(w, "Retention is the share of customers who stay from one period to the next; churn is the share "
                    "who leave. Cohorts follow the customers who started in the same period, to tell whether "
                    "newer customers stay longer than older ones.",
                 "Удержание — доля клиентов, остающихся от периода к периоду; отток — доля уходящих. Когорты "
                 "следят за клиентами, начавшими в одном периоде: остаются ли новые клиенты дольше прежних."));
    if (!h_note(w, RPT_RETENTION) && r->act) {
        size_t n = rmk_activity_periods(r->act);
        char (*lab)[16] = malloc((n ? n : 1) * sizeof *lab);
        const char **lp = malloc((n ? n : 1) * sizeof *lp);
        if (lab && lp) {
            for (size_t i = 0; i < n; i++) lp[i] = rmk_activity_label(r->act, i, lab[i]);
            char msg[320], star[20];
            snprintf(msg, sizeof msg, "%s: %s", HT(w, "Period", "Период"), period_word(w, r->period));
            h_p(w, NULL, msg);
            /* a partial last period (docs/retention.md): labelled '*' in the
             * charts, and said in words, so it does not read as a churn spike */
            int cov, days, part = n && rmk_activity_partial(r->act, n - 1, &cov, &days);
            if (part) {
                snprintf(star, sizeof star, "%s*", lab[n - 1]);
                lp[n - 1] = star;
                snprintf(msg, sizeof msg,
                         HT(w, "* %s is a partial period: %d of its %d days up to the report's date; its "
                               "retention and the cohorts' last cells count only those days.",
                            "* %s — неполный период: %d из %d дней до даты отчёта; его удержание и "
                            "последние ячейки когорт учитывают только эти дни."),
                         lab[n - 1], cov, days);
                h_p(w, NULL, msg);
            }
            curve(w, r->act, n, lab, lp);
            cohorts(w, r->act, n, lp, part);
        }
        free(lab), free(lp);
    }
    h_section_end(w);
}
