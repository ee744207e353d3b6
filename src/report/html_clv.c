/* SPDX-License-Identifier: MIT */
/* html_clv.c — the report's lifetime-value section: the CLV distribution
 * (log bins when it is skewed), the frequency x recency matrices of P(alive)
 * and expected purchases, the check on a holdout period (calibration and
 * tracking plots), the fitted parameters with standard errors, and what to
 * do per value group (docs/clv.md, docs/report.md). The model is the one of
 * `relmark clv` with its defaults; its check is `relmark clv --holdout D`. */
#include "html.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- helpers */

/* the k-th value of the 1-2-5 grid: ..., 0.5, 1, 2, 5, 10, 20, ... (k = 0: 1) */
static double grid125(int k)
{
    static const double m[3] = {1, 2, 5};
    int d = k >= 0 ? k / 3 : -((-k + 2) / 3);
    return m[k - 3 * d] * pow(10, d);
}

/* a money amount for an axis label: 950, 1.5k, 20M (ru: 1,5 тыс., 20 млн);
 * unit: the suffix alone, into *suffix */
static char *short_num(hw *w, double v, char *b, size_t len, const char **suffix)
{
    static const char *const en[4] = {"", "k", "M", "bn"}, *const ru[4] = {"", "\xC2\xA0тыс.", "\xC2\xA0млн",
                                                                         "\xC2\xA0млрд"};
    int e = 0;
    double a = fabs(v);
    while (e < 3 && a >= 1000 * pow(1000, e) - 1e-9) e++;
    double s = v / pow(1000, e);
    int dec = 0; /* as few decimals as the edge needs: 0.05, 1.5, 20 */
    while (dec < 6 && fabs(s * pow(10, dec) - round(s * pow(10, dec))) > 1e-6 * pow(10, dec)) dec++;
    h_num(w, s, dec, b, len);
    *suffix = w->ru ? ru[e] : en[e];
    return b;
}

/* "lo–hi" with the suffix once when both share it: "10–20k", "500k–1M" */
static void range_label(hw *w, double lo, double hi, char *out, size_t len)
{
    char a[32], b[32];
    const char *sa, *sb;
    short_num(w, lo, a, sizeof a, &sa);
    short_num(w, hi, b, sizeof b, &sb);
    if (!strcmp(sa, sb)) snprintf(out, len, "%s\xE2\x80\x93%s%s", a, b, sb);
    else snprintf(out, len, "%s%s\xE2\x80\x93%s%s", a, sa, b, sb);
}

static void h3(hw *w, const char *text)
{
    fputs("<h3>", w->f);
    h_esc(w, text);
    fputs("</h3>\n", w->f);
}

static int desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* ------------------------------------------------------- distribution */

#define MAXBINS 40

typedef struct bins {
    size_t n;                /* bins */
    int log;                 /* 1: the 1-2-5 log grid */
    int below;               /* 1: bin 0 holds the values under edge[1] (open below) */
    double edge[MAXBINS + 1]; /* bin i is [edge[i], edge[i+1]); the last closed */
    size_t count[MAXBINS];
    double sum[MAXBINS];
} bins;

/* Bins of the CLVs v (descending, n > 0, v[0] > 0): a 1-2-5 log grid over at
 * most 4 decades below the largest when the largest is over 20 times the
 * median of the positive ones (a long tail), else even 1-2-5 steps from 0;
 * the values under the lowest edge in one open bin. */
static void make_bins(const double *v, size_t n, bins *b)
{
    memset(b, 0, sizeof *b);
    size_t pos = 0;
    while (pos < n && v[pos] > 0) pos++;
    double max = v[0], med = v[pos / 2], minpos = v[pos - 1];
    if (max > 20 * med) {
        b->log = 1;
        double low = fmax(minpos, max * 1e-4);
        int kb = (int)floor(3 * log10(low)) - 3, kt;
        while (grid125(kb + 1) <= low) kb++;
        for (kt = kb + 1; grid125(kt) <= max; kt++) continue;
        b->below = minpos < grid125(kb) || pos < n;
        b->n = (size_t)b->below;
        for (int k = kb; k <= kt; k++) b->edge[b->n + (size_t)(k - kb)] = grid125(k);
        b->n += (size_t)(kt - kb);
        if (b->below) b->edge[0] = v[n - 1];
    } else {
        int k = (int)floor(3 * log10(max / 10)) - 3;
        while (grid125(k) * 10 < max) k++;
        double step = grid125(k);
        b->below = pos < n; /* zero or negative CLVs */
        b->n = (size_t)b->below;
        if (b->below) b->edge[0] = v[n - 1];
        for (double e = 0; b->n < MAXBINS && e < max; e += step) b->edge[b->n++] = e;
        b->edge[b->n] = b->edge[b->n - 1] + step;
    }
    for (size_t i = 0; i < n; i++) {
        size_t j = b->n - 1;
        while (j > 0 && v[i] < b->edge[j]) j--;
        b->count[j]++;
        b->sum[j] += v[i];
    }
}

static void distribution(hw *w, const double *v, size_t n, double total)
{
    bins b;
    make_bins(v, n, &b);
    char lab[MAXBINS][96], vt[MAXBINS][24], s[32];
    const char *lp[MAXBINS], *vp[MAXBINS], *suf;
    double cnt[MAXBINS];
    for (size_t i = 0; i < b.n; i++) {
        if (i == 0 && b.below) {
            short_num(w, b.edge[1], s, sizeof s, &suf);
            snprintf(lab[i], sizeof lab[i], "< %s%s", s, suf);
        } else {
            range_label(w, b.edge[i], b.edge[i + 1], lab[i], sizeof lab[i]);
        }
        cnt[i] = (double)b.count[i];
        h_num(w, cnt[i], 0, vt[i], sizeof vt[i]);
        lp[i] = lab[i], vp[i] = vt[i];
    }
    svg_bars c = {HT(w, "Customers by lifetime value over the next 12 months",
                     "Клиенты по пожизненной ценности на следующие 12 месяцев"),
                  b.n, lp, cnt, vp, HT(w, "customers", "клиентов"), 0, 0, w->ru};
    h_figure(w, "clv-histogram", c.title, b.log ? HT(w, "The bins grow by steps of 1-2-5 (a log scale): a few customers hold "
                                         "values many times the typical one.",
                                      "Интервалы растут шагами 1-2-5 (логарифмическая шкала): у немногих "
                                      "клиентов ценность во много раз выше типичной.")
                                 : HT(w, "How many customers have a lifetime value in each range.",
                                      "Сколько клиентов имеют пожизненную ценность в каждом интервале."));
    svg_bar_chart(w->f, &c);
    h_figure_end(w);
    h_table(w, HT(w, "Lifetime value by range", "Пожизненная ценность по интервалам"),
            HT(w, "From|To|Customers|Share of customers|Total CLV|Share of total CLV",
               "От|До|Клиенты|Доля клиентов|Сумма CLV|Доля суммы CLV"));
    for (size_t i = 0; i < b.n; i++) {
        h_tr(w);
        if (i == 0 && b.below) h_td_num(w, NAN, 2, -1);
        else h_td_num(w, b.edge[i], 2, -1);
        h_td_num(w, b.edge[i + 1], 2, -1);
        h_td_int(w, (long long)b.count[i]);
        h_td_pct(w, (double)b.count[i] / (double)n);
        h_td_num(w, b.sum[i], 2, -1);
        h_td_pct(w, total != 0 ? b.sum[i] / total : NAN);
        h_tr_end(w);
    }
    h_table_end(w);
}

/* ------------------------------------------- frequency x recency matrix */

/* rows: repeat purchases x from these lower bounds (the last open) */
static const int64_t xrow[] = {0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000};
#define NXROW (sizeof xrow / sizeof xrow[0])
/* columns: days since the last purchase below these bounds (1, 3, 6, 12,
 * 24 months; the last open) */
static const double rcol[] = {365.25 / 12, 365.25 / 4, 365.25 / 2, 365.25, 730.5};
#define NRCOL (sizeof rcol / sizeof rcol[0] + 1)

typedef struct frcell {
    size_t n;
    double alive, purchases, clv; /* sums */
} frcell;

static size_t xrow_of(int64_t x)
{
    size_t i = NXROW - 1;
    while (i > 0 && x < xrow[i]) i--;
    return i;
}

static size_t rcol_of(double days)
{
    size_t k = 0;
    while (k < NRCOL - 1 && days >= rcol[k] - 1e-9) k++;
    return k;
}

static void row_label(size_t i, char *b, size_t len)
{
    if (i + 1 == NXROW) snprintf(b, len, "%lld+", (long long)xrow[i]);
    else if (xrow[i + 1] - xrow[i] == 1) snprintf(b, len, "%lld", (long long)xrow[i]);
    else snprintf(b, len, "%lld\xE2\x80\x93%lld", (long long)xrow[i], (long long)xrow[i + 1] - 1);
}

static const char *col_label(hw *w, size_t k)
{
    static const char *const en[NRCOL] = {"< 1 month", "1-3 months", "3-6 months", "6-12 months", "1-2 years",
                                          "2+ years"};
    static const char *const ru[NRCOL] = {"< 1 мес.", "1-3 мес.", "3-6 мес.", "6-12 мес.", "1-2 года", "2+ года"};
    return w->ru ? ru[k] : en[k];
}

/* Two heat maps over the cells shown (rows: most purchases at the top,
 * columns: long ago on the left, recent on the right, as the RFM map) */
static void fr_maps(hw *w, const frcell *cell, size_t rows, size_t cols)
{
    double pa[NXROW * NRCOL], ep[NXROW * NRCOL];
    char pt[NXROW * NRCOL][16], et[NXROW * NRCOL][16], rl[NXROW][48];
    const char *ptp[NXROW * NRCOL], *etp[NXROW * NRCOL], *rp[NXROW], *cp[NRCOL];
    for (size_t i = 0; i < rows; i++) {
        row_label(rows - 1 - i, rl[i], sizeof rl[i]);
        rp[i] = rl[i];
        for (size_t j = 0; j < cols; j++) {
            const frcell *c = &cell[(rows - 1 - i) * NRCOL + (cols - 1 - j)];
            size_t k = i * cols + j;
            pa[k] = c->n ? 100 * c->alive / (double)c->n : NAN;
            ep[k] = c->n ? c->purchases / (double)c->n : NAN;
            pt[k][0] = et[k][0] = 0;
            if (c->n) {
                h_num(w, pa[k], 0, pt[k], sizeof pt[k] - 1);
                strcat(pt[k], "%");
                h_num(w, ep[k], ep[k] < 10 ? 1 : 0, et[k], sizeof et[k]);
            }
            ptp[k] = pt[k], etp[k] = et[k];
        }
    }
    for (size_t j = 0; j < cols; j++) cp[j] = col_label(w, cols - 1 - j);
    svg_heat h = {HT(w, "Probability of being still active, by frequency and recency, %",
                     "Вероятность, что клиент ещё активен, по частоте и давности, %"),
                  rows, cols, rp, cp, pa, ptp, HT(w, "time since the last purchase", "время с последней покупки"),
                  HT(w, "repeat purchases", "повторные покупки"), 0, 100, w->ru};
    h_figure(w, "clv-palive", h.title, HT(w, "The mean P(alive) of the customers in each cell: many purchases, but long ago, "
                               "means the customer has most likely left. The model lets a customer drop out only "
                               "after a repeat purchase, so a single purchase always counts as alive: read the "
                               "expected purchases below for those.",
                            "Средняя вероятность активности клиентов ячейки: много покупок, но давно — клиент, "
                            "скорее всего, ушёл. Модель допускает уход только после повторной покупки, поэтому "
                            "клиент с одной покупкой всегда считается активным: для них смотрите ожидаемые "
                            "покупки ниже."));
    svg_heatmap(w->f, &h);
    h_figure_end(w);
    svg_heat e = h;
    e.title = HT(w, "Expected purchases in the next 12 months, by frequency and recency",
                 "Ожидаемые покупки за следующие 12 месяцев, по частоте и давности");
    e.v = ep, e.cell_text = etp, e.vmin = e.vmax = 0;
    h_figure(w, "clv-expected", e.title, HT(w, "The mean number of purchases the model expects from a customer of each cell.",
                            "Среднее число покупок, которое модель ожидает от клиента ячейки."));
    svg_heatmap(w->f, &e);
    h_figure_end(w);
}

static void fr_matrix(hw *w, const rmk_clv *x, double unit_days)
{
    frcell cell[NXROW * NRCOL];
    memset(cell, 0, sizeof cell);
    size_t rows = 1, cols = 1;
    for (size_t i = 0; i < rmk_clv_count(x); i++) {
        const rmk_clv_customer *c = rmk_clv_at(x, i);
        size_t r = xrow_of(c->x), k = rcol_of((c->T - c->t_x) * unit_days);
        frcell *f = &cell[r * NRCOL + k];
        f->n++, f->alive += c->p_alive, f->purchases += c->expected_purchases, f->clv += c->clv;
        if (r + 1 > rows) rows = r + 1;
        if (k + 1 > cols) cols = k + 1;
    }
    fr_maps(w, cell, rows, cols);
    fprintf(w->f, "<details><summary>");
    h_esc(w, HT(w, "The numbers per cell", "Числа по ячейкам"));
    fputs("</summary>\n", w->f);
    h_table(w, HT(w, "Frequency and recency cells", "Ячейки частоты и давности"),
            HT(w, "Repeat purchases|Since the last purchase|Customers|Mean P(alive)|Mean expected purchases|Total CLV",
               "Повторные покупки|С последней покупки|Клиенты|Средняя P(активен)|Среднее ожидаемых покупок|Сумма CLV"));
    for (size_t r = rows; r-- > 0;)
        for (size_t k = 0; k < cols; k++) {
            const frcell *f = &cell[r * NRCOL + k];
            if (!f->n) continue;
            char rl[48];
            row_label(r, rl, sizeof rl);
            h_tr(w);
            h_td(w, rl);
            h_td(w, col_label(w, k));
            h_td_int(w, (long long)f->n);
            h_td_num(w, f->alive / (double)f->n, 4, -1);
            h_td_num(w, f->purchases / (double)f->n, 4, -1);
            h_td_num(w, f->clv, 2, -1);
            h_tr_end(w);
        }
    h_table_end(w);
    fputs("</details>\n", w->f);
}

/* ------------------------------------------------------ the model's check */

static void calibration(hw *w, const rmk_report *r)
{
    size_t n = r->clv_nhold;
    char xl[8][8];
    const char *xp[8];
    double y[16];
    for (size_t i = 0; i < n; i++) {
        snprintf(xl[i], sizeof xl[i], i + 1 == n ? "%d+" : "%d", r->clv_hold[i].x);
        xp[i] = xl[i];
        y[i] = r->clv_hold[i].customers ? r->clv_hold[i].actual : NAN;
        y[n + i] = r->clv_hold[i].customers ? r->clv_hold[i].expected : NAN;
    }
    const char *names[2] = {HT(w, "actual", "факт"), HT(w, "expected by the model", "ожидание модели")};
    int dashed[2] = {0, 1};
    svg_lines c = {HT(w, "Holdout check: purchases in the holdout period by purchases before it",
                      "Проверка на контрольном периоде: покупки в нём по числу покупок до него"),
                   n, NULL, xp, 2, y, names, dashed,
                   HT(w, "repeat purchases in the calibration period", "повторные покупки в периоде калибровки"),
                   HT(w, "mean purchases", "покупок в среднем"), -1, 0, 0, 0, w->ru};
    h_figure(w, "clv-calibration", c.title, HT(w, "Customers grouped by their repeat purchases up to the calibration end: the mean "
                               "purchases each group made afterwards, and what the model fitted before expected. "
                               "The closer the lines, the better the forecast.",
                            "Клиенты сгруппированы по числу повторных покупок до конца калибровки: сколько в "
                            "среднем купила каждая группа после, и сколько ожидала модель, оценённая до того. "
                            "Чем ближе линии, тем точнее прогноз."));
    svg_line_chart(w->f, &c);
    h_figure_end(w);
    h_table(w, HT(w, "Holdout check by calibration purchases", "Проверка по числу покупок в калибровке"),
            HT(w, "Repeat purchases|Customers|Actual|Expected", "Повторные покупки|Клиенты|Факт|Модель"));
    for (size_t i = 0; i < n; i++) {
        h_tr(w);
        h_td(w, xl[i]);
        h_td_int(w, (long long)r->clv_hold[i].customers);
        h_td_num(w, r->clv_hold[i].actual, 4, -1);
        h_td_num(w, r->clv_hold[i].expected, 4, -1);
        h_tr_end(w);
    }
    h_table_end(w);
}

/* The cumulative repeat purchases, actual and expected; with a holdout the
 * model's line is split at the calibration end (fitted | forecast). */
static void tracking(hw *w, const rmk_clv_track_row *t, size_t n, int32_t cal_end)
{
    if (!n) return; /* a span the model's tracking leaves out (docs/clv.md) */
    double *y = malloc(3 * n * sizeof *y);
    char (*lab)[16] = malloc(n * sizeof *lab);
    const char **lp = malloc(n * sizeof *lp);
    if (!y || !lab || !lp) goto done;
    for (size_t i = 0; i < n; i++) {
        lp[i] = h_date(t[i].period_end, lab[i]);
        y[i] = t[i].actual;
        /* the forecast starts at the last calibration point, so the two meet */
        int in_cal = cal_end == RMK_NO_DATE || t[i].period_end <= cal_end;
        int last_in_cal = in_cal && cal_end != RMK_NO_DATE && i + 1 < n && t[i + 1].period_end > cal_end;
        y[n + i] = in_cal ? t[i].expected : NAN;
        y[2 * n + i] = !in_cal || last_in_cal ? t[i].expected : NAN;
    }
    const char *names[3] = {HT(w, "actual", "факт"),
                            cal_end == RMK_NO_DATE ? HT(w, "model", "модель")
                                                   : HT(w, "model, calibration period", "модель, калибровка"),
                            HT(w, "model, holdout forecast", "модель, прогноз на контроль")};
    int dashed[3] = {0, 0, 1};
    svg_lines c = {HT(w, "Tracking: cumulative repeat purchases, actual and expected",
                      "Динамика: накопленные повторные покупки, факт и модель"),
                   n, NULL, lp, cal_end == RMK_NO_DATE ? 2 : 3, y, names, dashed, NULL,
                   HT(w, "repeat purchases", "повторные покупки"), 0, 0, 0, 0, w->ru};
    h_figure(w, "clv-tracking", c.title, cal_end == RMK_NO_DATE
                             ? HT(w, "All the customers' repeat purchases added up week by week, and what the model "
                                     "fitted on the same data expects (an in-sample fit).",
                                  "Повторные покупки всех клиентов нарастающим итогом по неделям и ожидание модели, "
                                  "оценённой на тех же данных.")
                             : HT(w, "All the customers' repeat purchases added up week by week; after the "
                                     "calibration end the model's line is a forecast it never saw the data of.",
                                  "Повторные покупки всех клиентов нарастающим итогом по неделям; после конца "
                                  "калибровки линия модели — прогноз по данным, которых она не видела."));
    svg_line_chart(w->f, &c);
    h_figure_end(w);
    fprintf(w->f, "<details><summary>");
    h_esc(w, HT(w, "The numbers per week", "Числа по неделям"));
    fputs("</summary>\n", w->f);
    h_table(w, HT(w, "Tracking", "Динамика"), HT(w, "Week ending|Actual|Expected", "Конец недели|Факт|Модель"));
    for (size_t i = 0; i < n; i++) {
        h_tr(w);
        h_td(w, lab[i]);
        h_td_num(w, t[i].actual, 0, -1);
        h_td_num(w, t[i].expected, 2, -1);
        h_tr_end(w);
    }
    h_table_end(w);
    fputs("</details>\n", w->f);
done:
    free(y), free(lab), free(lp);
}

/* the parameters as `relmark clv --summary --format csv` prints them */
static void params_table(hw *w, const rmk_clv_params *p, const char *caption)
{
    h_table(w, caption, HT(w, "Parameter|Value|Standard error", "Параметр|Значение|Стандартная ошибка"));
    for (int i = 0; i < p->np; i++) {
        h_tr(w);
        h_td(w, p->name[i]);
        h_td_num(w, p->value[i], 4, -1);
        h_td_num(w, p->se[i], 4, -1);
        h_tr_end(w);
    }
    h_tr(w);
    h_td(w, HT(w, "log-likelihood", "логарифм правдоподобия"));
    h_td_num(w, p->log_likelihood, 2, -1);
    h_td_num(w, NAN, 2, -1);
    h_tr_end(w);
    h_table_end(w);
}

static void params(hw *w, const rmk_clv *x)
{
    rmk_clv_params p, g;
    rmk_clv_model_params(x, &p);
    rmk_clv_stats st;
    rmk_clv_get_stats(x, &st);
    char cap[256], nb[32];
    h3(w, HT(w, "The fitted model", "Оценённая модель"));
    snprintf(cap, sizeof cap, "%s %s %s", HT(w, "BG/NBD purchase model on", "Модель покупок BG/NBD на"),
             h_num(w, p.customers, 0, nb, sizeof nb), HT(w, "customers", "клиентах"));
    h_p(w, NULL, HT(w, "The fitted parameters: r and alpha describe how often customers buy (alpha in weeks), a "
                       "and b how likely they are to drop out after a purchase; the spend model's p, q and gamma "
                       "how much they spend. A standard error large beside its value means the data pin the "
                       "parameter down poorly.",
                    "Оценённые параметры: r и alpha описывают, как часто клиенты покупают (alpha в неделях), a "
                    "и b — насколько вероятен уход после покупки; p, q и gamma модели трат — сколько они тратят. "
                    "Стандартная ошибка, большая рядом со значением, значит, что данные плохо определяют параметр."));
    params_table(w, &p, cap);
    if (rmk_clv_spend_params(x, &g)) {
        snprintf(cap, sizeof cap, "%s %s %s", HT(w, "Gamma-Gamma spend model on", "Модель трат Gamma-Gamma на"),
                 h_num(w, g.customers, 0, nb, sizeof nb),
                 HT(w, "customers with repeat purchases", "клиентах с повторными покупками"));
        params_table(w, &g, cap);
    } else if (st.spend_error[0]) {
        char msg[700];
        snprintf(msg, sizeof msg, "%s %s", HT(w, "The spend model could not be fitted, so a customer's expected "
                                                 "purchase value is its own mean repeat purchase:",
                                              "Модель трат не удалось оценить, поэтому ожидаемая стоимость покупки "
                                              "клиента — его средняя повторная покупка:"),
                 st.spend_error);
        h_p(w, "note", msg);
    }
}

static void check(hw *w, const rmk_report *r)
{
    char d[16], d2[16], msg[900], nb[32];
    h3(w, HT(w, "How well the model predicts", "Насколько точно прогнозирует модель"));
    if (r->clv_check_ok) {
        int k = snprintf(msg, sizeof msg, "%s %s (%s %s), %s %s %s",
                 HT(w, "The model was fitted again on the purchases up to", "Модель оценена заново по покупкам до"),
                 h_date(r->clv_holdout, d), h_num(w, (double)r->clv_check_stats.customers, 0, nb, sizeof nb),
                 HT(w, "customers", "клиентов"),
                 HT(w, "and its forecast compared with what they bought from then to", "и её прогноз сравнён с тем, что они купили с тех пор до"),
                 h_date(r->as_of, d2), HT(w, "(as relmark clv --holdout with that date).", "(как relmark clv --holdout с этой датой)."));
        if (r->clv_check_stats.first_in_holdout && k > 0 && (size_t)k < sizeof msg)
            snprintf(msg + k, sizeof msg - (size_t)k, " %s %s.",
                     h_num(w, (double)r->clv_check_stats.first_in_holdout, 0, nb, sizeof nb),
                     HT(w, "customers who first bought after the calibration end are not in the check",
                        "клиентов с первой покупкой после конца калибровки в проверку не вошли"));
        h_p(w, NULL, msg);
        calibration(w, r);
        tracking(w, r->clv_track, r->clv_ntrack, r->clv_holdout);
        return;
    }
    if (r->clv_holdout == RMK_NO_DATE)
        snprintf(msg, sizeof msg, "%s", HT(w, "The data span less than two weeks: too short to hold a period back for a check.",
                                         "Данные охватывают меньше двух недель: слишком мало, чтобы отложить период для проверки."));
    else
        snprintf(msg, sizeof msg, "%s %s %s %s", HT(w, "The check on a holdout period (a fit on the purchases up to",
                                                    "Проверку на контрольном периоде (оценку по покупкам до"),
                 h_date(r->clv_holdout, d), HT(w, ") could not be made:", ") выполнить не удалось:"), r->clv_check_error);
    h_p(w, "note", msg);
    size_t n = rmk_clv_tracking_count(r->clv);
    rmk_clv_track_row *t = malloc((n ? n : 1) * sizeof *t);
    if (!t) return;
    for (size_t i = 0; i < n; i++) rmk_clv_tracking_at(r->clv, i, &t[i]);
    if (n) tracking(w, t, n, RMK_NO_DATE);
    free(t);
}

/* ----------------------------------------------------- groups, actions */

enum { G_TOP, G_SLIPPING, G_ONCE, G_REST, NGROUPS };

/* the group of a customer: the top 20% by CLV first (at or above the CLV
 * of the customer ranked ceil(n/5)), then those who bought again but whom
 * the model more likely than not counts as gone, then the one-time buyers */
static int group_of(const rmk_clv_customer *c, double cutoff)
{
    if (c->clv >= cutoff && c->clv > 0) return G_TOP;
    if (c->x >= 1 && c->p_alive < 0.5) return G_SLIPPING;
    if (c->x == 0) return G_ONCE;
    return G_REST;
}

static void groups(hw *w, const rmk_clv *x, const double *v, size_t n, double total)
{
    static const char *const name[2][NGROUPS] = {
        {"Most valuable ahead (top 20% by CLV)", "Slipping away (bought again, P(alive) < 50%)",
         "One purchase so far", "The rest"},
        {"Самые ценные впереди (20% лучших по CLV)", "Уходящие (покупали повторно, P(активен) < 50%)",
         "Пока одна покупка", "Остальные"}};
    static const char *const act[2][NGROUPS] = {
        {"Keep and develop them: personal attention, the best service level, bonds beyond price; losing one of "
         "them costs the most.",
         "Win them back now, while there is still a chance: ask what went wrong and make a personal offer; they "
         "know the firm, which makes them cheaper to win back than a new customer is to win.",
         "Earn the second purchase: a welcome, a reason to come back soon; the step from first-time to repeat "
         "customer is the first rung of the ladder.",
         "Serve them efficiently: standard offers through low-cost channels, and watch for those who move up."},
        {"Удерживайте и развивайте: личное внимание, лучший уровень сервиса, связи помимо цены; потеря каждого "
         "из них обходится дороже всего.",
         "Возвращайте сейчас, пока есть шанс: узнайте, что пошло не так, сделайте личное предложение; они знают "
         "фирму, и вернуть их дешевле, чем привлечь нового клиента.",
         "Добейтесь второй покупки: приветствие, повод вернуться вскоре; переход от впервые обратившегося к "
         "повторному — первая ступень лестницы.",
         "Обслуживайте эффективно: стандартные предложения через недорогие каналы; замечайте тех, кто растёт."}};
    double cutoff = v[(n + 4) / 5 - 1], sum[NGROUPS] = {0}, alive[NGROUPS] = {0}, purch[NGROUPS] = {0};
    size_t cnt[NGROUPS] = {0};
    for (size_t i = 0; i < rmk_clv_count(x); i++) {
        const rmk_clv_customer *c = rmk_clv_at(x, i);
        int g = group_of(c, cutoff);
        cnt[g]++, sum[g] += c->clv, alive[g] += c->p_alive, purch[g] += c->expected_purchases;
    }
    h3(w, HT(w, "Value groups", "Группы по ценности"));
    h_table(w, NULL,
            HT(w, "Group|Customers|Share of customers|Total CLV|Share of total CLV|Mean P(alive)|Expected purchases",
               "Группа|Клиенты|Доля клиентов|Сумма CLV|Доля суммы CLV|Средняя P(активен)|Ожидаемые покупки"));
    for (int g = 0; g < NGROUPS; g++) {
        h_tr(w);
        h_td(w, name[w->ru][g]);
        h_td_int(w, (long long)cnt[g]);
        h_td_pct(w, (double)cnt[g] / (double)n);
        h_td_num(w, sum[g], 2, -1);
        h_td_pct(w, total != 0 ? sum[g] / total : NAN);
        h_td_num(w, cnt[g] ? alive[g] / (double)cnt[g] : NAN, 4, -1);
        h_td_num(w, purch[g], 2, -1);
        h_tr_end(w);
    }
    h_table_end(w);
    h_actions(w, HT(w, "What to do per group", "Что делать с каждой группой"), NGROUPS, name[w->ru], act[w->ru]);
}

void html_clv(hw *w)
{
    const rmk_report *r = w->r;
    h_section(w, "clv", HT(w, "Lifetime value", "Пожизненная ценность клиентов"),
              HT(w, "A customer's lifetime value (CLV) is what the relationship is worth ahead: the purchases to "
                    "expect in the next 12 months times the expected value of a purchase, discounted at 10% a year. "
                    "A model of how customers buy and drop out (BG/NBD), with one of how much they spend "
                    "(Gamma-Gamma), is fitted on every purchase; it gives each customer the probability of still "
                    "being active, P(alive), even after a single purchase. Fitting it again on the earlier data and "
                    "comparing its forecast with the later months shows how far to trust it.",
                 "Пожизненная ценность клиента (CLV) — то, чего стоят отношения в будущем: ожидаемые покупки за "
                 "следующие 12 месяцев, умноженные на ожидаемую стоимость покупки, с дисконтом 10% в год. Модель "
                 "того, как клиенты покупают и уходят (BG/NBD), вместе с моделью трат (Gamma-Gamma) оценивается по "
                 "всем покупкам; она даёт каждому клиенту вероятность, что он ещё активен, P(активен), даже после "
                 "одной покупки. Оценка той же модели по более ранним данным и сравнение её прогноза с последующими "
                 "месяцами показывают, насколько ей можно доверять."));
    if (!h_note(w, RPT_CLV) && r->clv && rmk_clv_count(r->clv)) {
        size_t n = rmk_clv_count(r->clv);
        double *v = malloc(n * sizeof *v), total = 0;
        if (v) {
            for (size_t i = 0; i < n; i++) v[i] = rmk_clv_at(r->clv, i)->clv, total += v[i];
            qsort(v, n, sizeof *v, desc);
            if (v[0] > 0) distribution(w, v, n, total);
            fr_matrix(w, r->clv, 7.0); /* report.c fits in the default unit, weeks */
            check(w, r);
            params(w, r->clv);
            groups(w, r->clv, v, n, total);
        }
        free(v);
    }
    h_section_end(w);
}
