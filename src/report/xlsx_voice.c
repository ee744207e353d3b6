/* SPDX-License-Identifier: MIT */
/* xlsx_voice.c — the workbook's sheets of what clients say: feedback (NPS
 * and satisfaction per group and per period with a native chart of the
 * NPS trend, the alerts on key clients, one row per respondent; as
 * `relmark feedback --summary / --trend / --alert / --format csv`) and the
 * relationship-quality survey (component indices and Cronbach's alpha, one
 * row per client; as `relmark survey --summary / --format csv`).
 * docs/feedback.md, docs/survey.md, docs/report.md. */
#include "xlsx.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* tenths of a point as "12.3", "-0.5" */
static char *tenths(char *b, int t)
{
    int a = t < 0 ? -t : t;
    snprintf(b, 32, "%s%d.%d", t < 0 ? "-" : "", a / 10, a % 10);
    return b;
}

/* sum / n rounded half away from zero to 2 decimals */
static char *mean2(char *b, int64_t sum, size_t n)
{
    if (!n) {
        b[0] = 0;
        return b;
    }
    int neg = sum < 0;
    unsigned long long s = neg ? 0ULL - (unsigned long long)sum : (unsigned long long)sum;
    unsigned long long q = (s * 200ULL + n) / (2ULL * n);
    snprintf(b, 32, "%s%llu.%02llu", neg && q ? "-" : "", q / 100, q % 100);
    return b;
}

static char *opt_num(char *b, int v)
{
    if (v < 0) b[0] = 0;
    else x_int(b, v);
    return b;
}

static char *change(char *b, int latest, int previous)
{
    if (latest < 0 || previous < 0) b[0] = 0;
    else x_int(b, latest - previous);
    return b;
}

/* the alert's reasons as the CSV's keys ("nps_drop new_detractor") */
static char *reasons(char *b, size_t cap, unsigned alert)
{
    snprintf(b, cap, "%s%s%s%s%s", alert & RMK_ALERT_NPS_DROP ? "nps_drop" : "",
             (alert & RMK_ALERT_NPS_DROP) && (alert & RMK_ALERT_SAT_DROP) ? " " : "",
             alert & RMK_ALERT_SAT_DROP ? "satisfaction_drop" : "",
             (alert & (RMK_ALERT_NPS_DROP | RMK_ALERT_SAT_DROP)) && (alert & RMK_ALERT_DETRACTOR) ? " " : "",
             alert & RMK_ALERT_DETRACTOR ? "new_detractor" : "");
    return b;
}

static const char *group_name(xw *w, const rmk_feedback *x, const rmk_feedback_group *g)
{
    if (g->kind == RMK_FEEDBACK_CATEGORY) return rmk_scale_category_name(rmk_feedback_scale(x), g->index, w->r->lang);
    if (g->kind == RMK_FEEDBACK_SEGMENT) return rmk_segmap_name(rmk_feedback_segments(x), g->index, w->r->lang);
    return XT(w, "All respondents", "Все ответившие");
}

static void stats_cells(const rmk_nps_stats *s, char (*b)[32])
{
    x_int(b[0], (long long)s->respondents);
    x_int(b[1], (long long)s->promoters);
    x_int(b[2], (long long)s->passives);
    x_int(b[3], (long long)s->detractors);
    if (s->nps_known) tenths(b[4], s->nps_tenths);
    else b[4][0] = 0;
    x_int(b[5], (long long)s->sat_respondents);
    mean2(b[6], s->sat_sum, s->sat_respondents);
}

static void groups(xs *s, const rmk_feedback *x)
{
    xw *w = s->w;
    const char *h[9] = {XT(w, "Group", "Группа"), XT(w, "Name", "Название"), XT(w, "Respondents", "Ответили"),
                        XT(w, "Promoters", "Промоутеры"), XT(w, "Passives", "Нейтралы"), XT(w, "Detractors", "Критики"),
                        "NPS", XT(w, "Rated satisfaction", "Оценили удовлетворённость"),
                        XT(w, "Mean satisfaction", "Средняя удовлетворённость")};
    xs_head(s, 9, h);
    for (size_t g = 0; g < rmk_feedback_groups(x); g++) {
        const rmk_feedback_group *gr = rmk_feedback_group_at(x, g);
        char b[7][32];
        stats_cells(&gr->latest, b);
        const char *row[9] = {gr->key, group_name(w, x, gr), b[0], b[1], b[2], b[3], b[4], b[5], b[6]};
        xs_row(s, 9, "ssccccccc", row);
    }
}

/* every group's trend, one row per period, with a chart of all respondents' NPS */
static void trend(xs *s, const rmk_feedback *x)
{
    xw *w = s->w;
    xs_gap(s);
    xs_title(s, XT(w, "Trend per period (each client's latest answer in the period)",
                   "Динамика по периодам (последний ответ клиента в периоде)"));
    lxw_row_t top = s->row - 1;
    /* then the days up to the as-of date and partial (1: a partial last
     * period), as feedback --trend's CSV (docs/feedback.md, "Trend") */
    const char *h[12] = {XT(w, "Group", "Группа"), XT(w, "Period", "Период"), XT(w, "Respondents", "Ответили"),
                         XT(w, "Promoters", "Промоутеры"), XT(w, "Passives", "Нейтралы"), XT(w, "Detractors", "Критики"),
                         "NPS", XT(w, "NPS change", "Изменение NPS"), XT(w, "Rated satisfaction", "Оценили удовлетворённость"),
                         XT(w, "Mean satisfaction", "Средняя удовлетворённость"),
                         XT(w, "Days up to the report's date", "Дней до даты отчёта"),
                         XT(w, "Partial period (1)", "Неполный период (1)")};
    xs_head(s, 12, h);
    lxw_row_t first = s->row;
    size_t np = rmk_feedback_periods(x);
    for (size_t g = 0; g < rmk_feedback_groups(x); g++) {
        rmk_nps_stats prev;
        memset(&prev, 0, sizeof prev);
        for (size_t i = 0; i < np; i++) {
            rmk_nps_stats st;
            rmk_feedback_group_period(x, g, i, &st);
            char b[7][32], lab[16], ch[32] = "", dc[16], pc[16];
            int covered, days, part = rmk_feedback_partial(x, i, &covered, &days);
            x_int(dc, covered);
            x_int(pc, part);
            stats_cells(&st, b);
            if (st.nps_known && prev.nps_known) tenths(ch, st.nps_tenths - prev.nps_tenths);
            const char *row[12] = {rmk_feedback_group_at(x, g)->key, rmk_feedback_period_label(x, i, lab), b[0], b[1],
                                   b[2], b[3], b[4], ch, b[5], b[6], dc, pc};
            xs_row(s, 12, "ssccccc1ccci", row);
            prev = st;
        }
    }
    if (np > 1) {
        lxw_chart *c = x_chart(w, LXW_CHART_LINE, XT(w, "NPS of all respondents per period", "NPS всех ответивших по периодам"),
                               XT(w, "Period", "Период"), "NPS");
        if (c) {
            x_series(w, c, XT(w, "Feedback summary", "Итоги обратной связи"), first, first + (lxw_row_t)np - 1, 1, 6, "NPS");
            chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
        }
        xs_chart(s, c, top, 13);
    }
}

static void alerts(xs *s, const rmk_feedback *x)
{
    xw *w = s->w;
    rmk_feedback_stats st;
    rmk_feedback_get_stats(x, &st);
    char t[200];
    snprintf(t, sizeof t, XT(w, "Alerts: %zu of %zu key clients whose latest score dropped",
                             "Сигналы: %zu из %zu ключевых клиентов, чья последняя оценка упала"),
             st.alerts, st.key_clients);
    xs_gap(s);
    xs_title(s, t);
    if (!st.alerts) return;
    const char *h[16] = {XT(w, "Customer ID", "Клиент"), XT(w, "Name", "Название"), XT(w, "Key group", "Ключевая группа"),
                         XT(w, "RFM segment", "RFM-сегмент"), XT(w, "Rating category", "Категория рейтинга"),
                         XT(w, "Previous NPS", "Прежний NPS"), XT(w, "Its date", "Его дата"), "NPS",
                         XT(w, "NPS date", "Дата NPS"), XT(w, "NPS change", "Изменение NPS"),
                         XT(w, "Previous satisfaction", "Прежняя удовлетворённость"), XT(w, "Its date", "Её дата"),
                         XT(w, "Satisfaction", "Удовлетворённость"), XT(w, "Satisfaction date", "Дата удовлетворённости"),
                         XT(w, "Satisfaction change", "Изменение удовлетворённости"), XT(w, "Reason", "Причина")};
    xs_head(s, 16, h);
    const rmk_segmap *map = rmk_feedback_segments(x);
    const rmk_scale *sc = rmk_feedback_scale(x);
    for (size_t i = 0; i < rmk_feedback_count(x); i++) {
        const rmk_feedback_client *c = rmk_feedback_at(x, i);
        if (!c->alert) continue;
        char b[10][32], why[128];
        const char *row[16] = {c->customer_id, c->name, c->key_group,
                               map && c->segment >= 0 ? rmk_segmap_key(map, c->segment) : "",
                               sc && c->category >= 0 ? rmk_scale_category_key(sc, c->category) : "",
                               opt_num(b[0], c->previous_nps), x_date(b[1], c->previous_nps_day),
                               opt_num(b[2], c->nps), x_date(b[3], c->nps_day), change(b[4], c->nps, c->previous_nps),
                               opt_num(b[5], c->previous_satisfaction), x_date(b[6], c->previous_satisfaction_day),
                               opt_num(b[7], c->satisfaction), x_date(b[8], c->satisfaction_day),
                               change(b[9], c->satisfaction, c->previous_satisfaction), reasons(why, sizeof why, c->alert)};
        xs_row(s, 16, "sssssididiididis", row);
    }
}

static void respondents(xw *w, const rmk_feedback *x)
{
    const char *h[21] = {
        XT(w, "Customer ID", "Клиент"), XT(w, "Name", "Название"), XT(w, "Answers", "Ответов"),
        XT(w, "NPS answers", "Оценок NPS"), XT(w, "Latest NPS", "Последний NPS"), XT(w, "NPS date", "Дата NPS"),
        XT(w, "Previous NPS", "Прежний NPS"), XT(w, "Previous NPS date", "Дата прежнего NPS"),
        XT(w, "NPS change", "Изменение NPS"), XT(w, "Mean NPS", "Средний NPS"), XT(w, "NPS class", "Группа NPS"),
        XT(w, "Satisfaction", "Удовлетворённость"), XT(w, "Satisfaction date", "Дата удовлетворённости"),
        XT(w, "Previous satisfaction", "Прежняя удовлетворённость"),
        XT(w, "Previous satisfaction date", "Дата прежней удовлетворённости"),
        XT(w, "Satisfaction change", "Изменение удовлетворённости"), XT(w, "RFM segment", "RFM-сегмент"),
        XT(w, "Rating category", "Категория рейтинга"), XT(w, "Key client", "Ключевой клиент"),
        XT(w, "Key group", "Ключевая группа"), XT(w, "Alert", "Сигнал")};
    const rmk_segmap *map = rmk_feedback_segments(x);
    const rmk_scale *sc = rmk_feedback_scale(x);
    xt t;
    if (xt_open(w, &t, XT(w, "Feedback", "Обратная связь"), 21, "ssccididi2sididissbss", h)) return;
    for (size_t i = 0; i < rmk_feedback_count(x) && !w->err; i++) {
        const rmk_feedback_client *c = rmk_feedback_at(x, i);
        char b[14][32], al[128];
        const char *row[21] = {
            c->customer_id, c->name, x_int(b[0], (long long)c->answers), x_int(b[1], (long long)c->nps_answers),
            opt_num(b[2], c->nps), x_date(b[3], c->nps_day), opt_num(b[4], c->previous_nps),
            x_date(b[5], c->previous_nps_day), change(b[6], c->nps, c->previous_nps),
            mean2(b[7], c->nps_sum, c->nps_answers),
            c->nps_class >= 0 ? rmk_nps_class_key((rmk_nps_class)c->nps_class) : "", opt_num(b[8], c->satisfaction),
            x_date(b[9], c->satisfaction_day), opt_num(b[10], c->previous_satisfaction),
            x_date(b[11], c->previous_satisfaction_day), change(b[12], c->satisfaction, c->previous_satisfaction),
            map && c->segment >= 0 ? rmk_segmap_key(map, c->segment) : "",
            sc && c->category >= 0 ? rmk_scale_category_key(sc, c->category) : "", c->key ? "true" : "false",
            c->key_group, reasons(al, sizeof al, c->alert)};
        xt_row(&t, row);
    }
    xt_close(&t);
}

void xlsx_feedback(xw *w)
{
    const rmk_feedback *x = w->r->fb;
    if (!x) return;
    xs s;
    if (xs_open(w, &s, XT(w, "Feedback summary", "Итоги обратной связи"))) return;
    char d[16], t[200];
    snprintf(t, sizeof t, "%s %s", XT(w, "NPS and satisfaction as of", "NPS и удовлетворённость на"),
             x_date(d, rmk_feedback_as_of(x)));
    xs_title(&s, t);
    xs_text(&s, XT(w, "NPS is the share of promoters (9-10) minus the share of detractors (0-6) among the clients' "
                      "latest answers; an alert marks a key client whose latest score dropped.",
                   "NPS — доля промоутеров (9-10) минус доля критиков (0-6) среди последних ответов клиентов; "
                   "сигнал отмечает ключевого клиента, чья последняя оценка упала."));
    groups(&s, x);
    trend(&s, x);
    alerts(&s, x);
    xs_close(&s);
    respondents(w, x);
}

/* ------------------------------------------------------------ survey */

/* v rounded half away from zero to d decimals, a tie recognised within
 * 1e-7 of the last digit (the indices are means of whole answers), as
 * `relmark survey`; "" for NaN */
static char *fixed(char *b, double v, int d)
{
    if (isnan(v)) {
        b[0] = 0;
        return b;
    }
    long long p = 1;
    for (int i = 0; i < d; i++) p *= 10;
    long long n = (long long)floor(fabs(v) * (double)p + 0.5 + 1e-7);
    const char *sign = v < 0 && n ? "-" : "";
    if (d) snprintf(b, 40, "%s%lld.%0*lld", sign, n / p, d, n % p);
    else snprintf(b, 40, "%s%lld", sign, n);
    return b;
}

static void components(xs *s, const rmk_survey *sv, const rmk_questionnaire *q)
{
    xw *w = s->w;
    int nc = rmk_questionnaire_component_count(q);
    const char *h[6] = {XT(w, "Component", "Компонент"), XT(w, "Name", "Название"), XT(w, "Items", "Пунктов"),
                        XT(w, "Responses", "Ответов"), XT(w, "Mean index, 0-100", "Средний индекс, 0-100"),
                        XT(w, "Cronbach's alpha", "Альфа Кронбаха")};
    xs_head(s, 6, h);
    for (int k = 0; k <= nc; k++) {
        rmk_survey_summary m;
        if (!rmk_survey_summary_get(sv, k, &m)) continue;
        char it[32], rs[32], mi[40], al[40];
        const char *row[6] = {k < nc ? rmk_questionnaire_component_key(q, k) : "overall",
                              k < nc ? rmk_questionnaire_component_name(q, k, w->r->lang)
                                     : XT(w, "Overall index", "Итоговый индекс"),
                              x_int(it, m.items), x_int(rs, (long long)m.respondents), fixed(mi, m.mean_index, 2),
                              fixed(al, m.cronbach_alpha, 4)};
        xs_row(s, 6, "ssic24", row);
    }
}

static void survey_rows(xw *w, const rmk_survey *sv, const rmk_questionnaire *q)
{
    int nc = rmk_questionnaire_component_count(q);
    const char *h[RMK_SURVEY_MAX_COMPONENTS + 5];
    char kinds[RMK_SURVEY_MAX_COMPONENTS + 6];
    h[0] = XT(w, "Customer ID", "Клиент");
    kinds[0] = XK_TEXT;
    for (int k = 0; k < nc; k++) h[k + 1] = rmk_questionnaire_component_label(q, k, w->r->lang), kinds[k + 1] = XK_D2;
    h[nc + 1] = XT(w, "Overall index", "Итоговый индекс");
    h[nc + 2] = XT(w, "Weak", "Слабые");
    h[nc + 3] = XT(w, "Responses", "Ответов");
    h[nc + 4] = XT(w, "Below the threshold in", "Ниже порога");
    memcpy(kinds + nc + 1, "2bcs", 5);
    xt t;
    if (xt_open(w, &t, XT(w, "Survey", "Анкета"), nc + 5, kinds, h)) return;
    char cell[RMK_SURVEY_MAX_COMPONENTS + 1][40], rs[32], wi[600];
    const char *row[RMK_SURVEY_MAX_COMPONENTS + 5];
    for (size_t i = 0; i < rmk_survey_count(sv) && !w->err; i++) {
        const rmk_survey_client *c = rmk_survey_at(sv, i);
        row[0] = c->customer_id;
        for (int k = 0; k < nc; k++) row[k + 1] = fixed(cell[k], c->index[k], 2);
        row[nc + 1] = fixed(cell[nc], c->overall, 2);
        row[nc + 2] = c->weak ? "true" : "false";
        row[nc + 3] = x_int(rs, (long long)c->respondents);
        size_t at = 0;
        wi[0] = 0;
        if (c->weak_overall) at += (size_t)snprintf(wi, sizeof wi, "overall");
        for (int k = 0; k < nc && at < sizeof wi; k++)
            if (c->weak_components & (1u << k))
                at += (size_t)snprintf(wi + at, sizeof wi - at, "%s%s", at ? " " : "",
                                       rmk_questionnaire_component_key(q, k));
        row[nc + 4] = wi;
        xt_row(&t, row);
    }
    xt_close(&t);
}

void xlsx_survey(xw *w)
{
    const rmk_survey *sv = w->r->sv;
    if (!sv) return;
    const rmk_questionnaire *q = rmk_survey_questionnaire(sv);
    rmk_survey_stats st;
    rmk_survey_get_stats(sv, &st);
    xs s;
    if (xs_open(w, &s, XT(w, "Survey summary", "Итоги анкеты"))) return;
    char t[400];
    snprintf(t, sizeof t, XT(w, "%s: %zu clients, %zu responses, %zu weak relationships",
                             "%s: клиентов %zu, анкет %zu, слабых взаимоотношений %zu"),
             rmk_questionnaire_title(q, w->r->lang), st.clients, st.responses, st.weak_clients);
    xs_title(&s, t);
    xs_text(&s, XT(w, "Each component's index is the mean of its items' answers rescaled to 0-100; Cronbach's "
                      "alpha tells whether the items measure one thing (0.7 and above is usually enough).",
                   "Индекс компонента — среднее ответов на его пункты, пересчитанное в шкалу 0-100; альфа "
                   "Кронбаха показывает, измеряют ли пункты одно и то же (обычно достаточно 0,7 и выше)."));
    components(&s, sv, q);
    xs_close(&s);
    survey_rows(w, sv, q);
}
