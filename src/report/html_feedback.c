/* SPDX-License-Identifier: MIT */
/* html_feedback.c — the report's feedback section: the NPS trend per period
 * and its make-up, NPS and satisfaction per rating category and RFM
 * segment, the alerts on key clients whose latest score fell, what to do
 * (docs/feedback.md, docs/report.md). The tables' data-v hold what `relmark
 * feedback --trend / --summary / --alert --format csv` prints: NPS in
 * tenths of a point, satisfaction means with 2 decimals rounded half away
 * from zero from the exact sums. */
#include "html.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* tenths of a point as "12.3", "-0.5" (the command's NPS column) */
static char *tenths(int t, char *b, size_t len)
{
    int a = t < 0 ? -t : t;
    snprintf(b, len, "%s%d.%d", t < 0 ? "-" : "", a / 10, a % 10);
    return b;
}

/* sum / n with 2 decimals, half away from zero, exactly; "" when n = 0 */
static char *mean2(int64_t sum, size_t n, char *b, size_t len)
{
    if (!n) {
        b[0] = 0;
        return b;
    }
    int neg = sum < 0;
    unsigned long long s = neg ? 0ULL - (unsigned long long)sum : (unsigned long long)sum;
    unsigned long long q = (s * 200ULL + n) / (2ULL * n);
    snprintf(b, len, "%s%llu.%02llu", neg && q ? "-" : "", q / 100, q % 100);
    return b;
}

/* a cell with its exact value (data-v) and that value shown for people */
static void td_v(hw *w, const char *exact, int decimals)
{
    char b[64];
    if (!exact[0]) fputs("<td class=\"n\" data-v=\"\">\xE2\x80\x93</td>", w->f);
    else fprintf(w->f, "<td class=\"n\" data-v=\"%s\">%s</td>", exact, h_num(w, atof(exact), decimals, b, sizeof b));
}

/* a date that does not break at its hyphens */
static void td_date(hw *w, int32_t day)
{
    char d[16];
    fprintf(w->f, "<td style=\"white-space:nowrap\">%s</td>", h_date(day, d));
}

static void td_opt(hw *w, int v) /* a score; -1 none */
{
    if (v < 0) td_v(w, "", 0);
    else h_td_int(w, v);
}

/* respondents, promoters, passives, detractors, NPS [, change], then the
 * satisfaction's respondents and mean: the columns of the command */
static void stats_cells(hw *w, const rmk_nps_stats *s, const char *change)
{
    char b[32];
    h_td_int(w, (long long)s->respondents);
    h_td_int(w, (long long)s->promoters);
    h_td_int(w, (long long)s->passives);
    h_td_int(w, (long long)s->detractors);
    td_v(w, s->nps_known ? tenths(s->nps_tenths, b, sizeof b) : "", 1);
    if (change) td_v(w, change, 1);
    h_td_int(w, (long long)s->sat_respondents);
    td_v(w, mean2(s->sat_sum, s->sat_respondents, b, sizeof b), 2);
}

static const char *group_name(hw *w, const rmk_feedback *x, const rmk_feedback_group *g)
{
    if (g->kind == RMK_FEEDBACK_CATEGORY) return rmk_scale_category_name(rmk_feedback_scale(x), g->index, w->r->lang);
    if (g->kind == RMK_FEEDBACK_SEGMENT) return rmk_segmap_name(rmk_feedback_segments(x), g->index, w->r->lang);
    return HT(w, "All respondents", "Все ответившие");
}

/* detractors, passives, promoters of n groups of stats, as stacked bars */
static void make_up(hw *w, const char *title, const char *guide, size_t n, const char *const *labels,
                    const rmk_nps_stats *s)
{
    double *v = malloc((n ? n : 1) * 3 * sizeof *v);
    char (*txt)[40] = malloc((n ? n : 1) * sizeof *txt);
    const char **tp = malloc((n ? n : 1) * sizeof *tp);
    if (!v || !txt || !tp) goto done;
    for (size_t i = 0; i < n; i++) {
        v[3 * i] = (double)s[i].detractors, v[3 * i + 1] = (double)s[i].passives, v[3 * i + 2] = (double)s[i].promoters;
        char b[32], c[32];
        h_num(w, (double)s[i].respondents, 0, c, sizeof c);
        if (s[i].nps_known)
            snprintf(txt[i], sizeof txt[i], "NPS %s, n=%s", h_num(w, s[i].nps_tenths / 10.0, 1, b, sizeof b), c);
        else snprintf(txt[i], sizeof txt[i], "n=%s", c);
        tp[i] = txt[i];
    }
    const char *parts[3] = {HT(w, "detractors (0-6)", "критики (0-6)"), HT(w, "passives (7-8)", "нейтралы (7-8)"),
                            HT(w, "promoters (9-10)", "промоутеры (9-10)")};
    static const int colours[3] = {3, 6, 2}; /* vermillion, yellow, bluish green */
    svg_stack c = {title, n, labels, 3, v, parts, colours, tp, w->ru};
    h_figure(w, NULL, title, guide);
    svg_stacked_bars(w->f, &c);
    h_figure_end(w);
done:
    free(v), free(txt), free(tp);
}

/* the trend of all respondents: NPS line, make-up per period, the rows of
 * `relmark feedback --trend` for the group all */
static void trend(hw *w, const rmk_feedback *x)
{
    size_t n = rmk_feedback_periods(x);
    rmk_nps_stats *s = malloc((n ? n : 1) * sizeof *s);
    char (*lab)[16] = malloc((n ? n : 1) * sizeof *lab);
    const char **lp = malloc((n ? n : 1) * sizeof *lp);
    double *y = malloc((n ? n : 1) * sizeof *y);
    if (!s || !lab || !lp || !y) goto done;
    for (size_t i = 0; i < n; i++) {
        rmk_feedback_group_period(x, 0, i, &s[i]);
        lp[i] = rmk_feedback_period_label(x, i, lab[i]);
        y[i] = s[i].nps_known ? s[i].nps_tenths / 10.0 : NAN;
    }
    /* a partial last period (docs/feedback.md, "Trend"): labelled '*' in the
     * charts and the table, and said in words, as the retention section does */
    char star[20];
    int cov, days, part = n && rmk_feedback_partial(x, n - 1, &cov, &days);
    if (part) {
        char msg[320];
        snprintf(star, sizeof star, "%s*", lab[n - 1]);
        lp[n - 1] = star;
        snprintf(msg, sizeof msg,
                 HT(w, "* %s is a partial period: %d of its %d days up to the report's date; its answers "
                       "are only those days'.",
                    "* %s — неполный период: %d из %d дней до даты отчёта; его ответы — только за эти дни."),
                 lab[n - 1], cov, days);
        h_p(w, NULL, msg);
    }
    const char *names[1] = {HT(w, "NPS, all respondents", "NPS, все ответившие")};
    svg_lines c = {HT(w, "NPS per period", "NPS по периодам"), n, NULL, lp, 1, y, names, NULL, NULL, "NPS", 0, 0, 0, 0,
                   w->ru};
    h_figure(w, "feedback-nps", c.title, HT(w, "Each client counted once a period, with its latest answer in it; NPS runs from "
                               "-100 (all detractors) to 100 (all promoters).",
                            "Каждый клиент учтён в периоде один раз, по последнему ответу в нём; NPS — от -100 "
                            "(все критики) до 100 (все промоутеры)."));
    svg_line_chart(w->f, &c);
    h_figure_end(w);
    make_up(w, HT(w, "Promoters, passives and detractors per period", "Промоутеры, нейтралы и критики по периодам"),
            HT(w, "The share of each kind of answer; NPS is the green share minus the red one; n: respondents.",
               "Доля ответов каждого вида; NPS — зелёная доля минус красная; n — число ответивших."),
            n, lp, s);
    h_table(w, HT(w, "NPS and satisfaction per period, all respondents", "NPS и удовлетворённость по периодам, все ответившие"),
            HT(w, "Period|Respondents|Promoters|Passives|Detractors|NPS|NPS change|Satisfaction answers|Mean satisfaction",
               "Период|Ответили|Промоутеры|Нейтралы|Критики|NPS|Изменение NPS|Оценили удовлетворённость|Средняя удовлетворённость"));
    for (size_t i = 0; i < n; i++) {
        char ch[32] = "";
        if (i && s[i].nps_known && s[i - 1].nps_known) tenths(s[i].nps_tenths - s[i - 1].nps_tenths, ch, sizeof ch);
        h_tr(w);
        h_td(w, lp[i]);
        stats_cells(w, &s[i], ch);
        h_tr_end(w);
    }
    h_table_end(w);
done:
    free(s), free(lab), free(lp), free(y);
}

/* all respondents, the rating categories and the RFM segments over the
 * latest answers: the rows of `relmark feedback --summary --by ...` */
static void groups(hw *w, const rmk_feedback *x)
{
    size_t ng = rmk_feedback_groups(x);
    rmk_nps_stats *s = malloc((ng ? ng : 1) * sizeof *s);
    const char **names = malloc((ng ? ng : 1) * sizeof *names);
    if (!s || !names) goto done;
    /* a chart per kind of group, all respondents first for reference */
    for (int kind = RMK_FEEDBACK_CATEGORY; kind <= RMK_FEEDBACK_SEGMENT; kind++) {
        size_t k = 0;
        for (size_t g = 0; g < ng; g++) {
            const rmk_feedback_group *gr = rmk_feedback_group_at(x, g);
            if ((gr->kind != kind && gr->kind != RMK_FEEDBACK_ALL) || !gr->latest.respondents) continue;
            s[k] = gr->latest;
            names[k++] = group_name(w, x, gr);
        }
        if (k < 2) continue; /* all respondents alone: the kind is not there */
        make_up(w, kind == RMK_FEEDBACK_CATEGORY ? HT(w, "NPS per rating category", "NPS по категориям рейтинга")
                                                 : HT(w, "NPS per RFM segment", "NPS по RFM-сегментам"),
                HT(w, "Over each client's latest answer; a group is its members at the report's date; n: respondents.",
                   "По последнему ответу каждого клиента; группа — её состав на дату отчёта; n — число ответивших."),
                k, names, s);
    }
    h_table(w, HT(w, "NPS and satisfaction per group (latest answers)", "NPS и удовлетворённость по группам (последние ответы)"),
            HT(w, "Group|Kind|Respondents|Promoters|Passives|Detractors|NPS|Satisfaction answers|Mean satisfaction",
               "Группа|Вид|Ответили|Промоутеры|Нейтралы|Критики|NPS|Оценили удовлетворённость|Средняя удовлетворённость"));
    for (size_t g = 0; g < ng; g++) {
        const rmk_feedback_group *gr = rmk_feedback_group_at(x, g);
        h_tr(w);
        h_td(w, group_name(w, x, gr));
        h_td(w, gr->kind == RMK_FEEDBACK_CATEGORY  ? HT(w, "category", "категория")
                : gr->kind == RMK_FEEDBACK_SEGMENT ? HT(w, "segment", "сегмент")
                                                   : "");
        stats_cells(w, &gr->latest, NULL);
        h_tr_end(w);
    }
    h_table_end(w);
done:
    free(s), free(names);
}

/* the reasons of an alert in words, as the command's table writes them */
static char *reasons(hw *w, const rmk_feedback_client *c, char *b, size_t cap)
{
    size_t u = 0;
    b[0] = 0;
    if (c->alert & RMK_ALERT_NPS_DROP)
        u += (size_t)snprintf(b, cap, HT(w, "NPS fell %d points (%d \xE2\x86\x92 %d)", "NPS упал на %d (%d \xE2\x86\x92 %d)"),
                              c->previous_nps - c->nps, c->previous_nps, c->nps);
    if ((c->alert & RMK_ALERT_SAT_DROP) && u < cap)
        u += (size_t)snprintf(b + u, cap - u,
                              HT(w, "%ssatisfaction fell %d points (%d \xE2\x86\x92 %d)",
                                 "%sудовлетворённость упала на %d (%d \xE2\x86\x92 %d)"),
                              u ? "; " : "", c->previous_satisfaction - c->satisfaction, c->previous_satisfaction,
                              c->satisfaction);
    if ((c->alert & RMK_ALERT_DETRACTOR) && u < cap)
        snprintf(b + u, cap - u, "%s%s", u ? "; " : "", HT(w, "became a detractor", "стал критиком"));
    return b;
}

/* the name of the group that made a client key */
static const char *key_group_name(hw *w, const rmk_feedback *x, const rmk_feedback_client *c)
{
    for (size_t g = 0; g < rmk_feedback_groups(x); g++) {
        const rmk_feedback_group *t = rmk_feedback_group_at(x, g);
        if (t->kind != RMK_FEEDBACK_ALL && !strcmp(t->key, c->key_group) &&
            ((t->kind == RMK_FEEDBACK_CATEGORY && t->index == c->category) ||
             (t->kind == RMK_FEEDBACK_SEGMENT && t->index == c->segment)))
            return group_name(w, x, t);
    }
    return !strcmp(c->key_group, "all") ? HT(w, "all", "все") : c->key_group;
}

/* the alerted key clients: the columns of `relmark feedback --alert` */
static void alerts(hw *w, const rmk_feedback *x)
{
    rmk_feedback_stats st;
    rmk_feedback_get_stats(x, &st);
    char msg[300], a[32], b[32];
    snprintf(msg, sizeof msg, HT(w, "Alerts: %s of %s key clients (NPS down 3 points or more, satisfaction down 2 or "
                                    "more, or a new detractor).",
                                 "Сигналы: %s из %s ключевых клиентов (NPS упал на 3 и более, удовлетворённость на 2 "
                                 "и более, или клиент стал критиком)."),
             h_num(w, (double)st.alerts, 0, a, sizeof a), h_num(w, (double)st.key_clients, 0, b, sizeof b));
    h_p(w, NULL, msg);
    if (!st.alerts) return;
    h_table(w, HT(w, "Key clients whose latest score fell", "Ключевые клиенты, чья последняя оценка упала"),
            HT(w, "Client|Group|Previous NPS|Date|NPS|Date|Change|Previous satisfaction|Satisfaction|Why",
               "Клиент|Группа|Прежний NPS|Дата|NPS|Дата|Изменение|Прежняя удовл.|Удовл.|Причина"));
    for (size_t i = 0; i < rmk_feedback_count(x); i++) {
        const rmk_feedback_client *c = rmk_feedback_at(x, i);
        if (!c->alert) continue;
        char why[400];
        h_tr(w);
        /* the id, and the name under it: a column less for the reasons */
        fputs("<td>", w->f);
        h_esc(w, c->customer_id);
        if (c->name && c->name[0]) {
            fputs("<br><small>", w->f);
            h_esc(w, c->name);
            fputs("</small>", w->f);
        }
        fputs("</td>", w->f);
        h_td(w, key_group_name(w, x, c));
        td_opt(w, c->previous_nps);
        td_date(w, c->previous_nps_day);
        td_opt(w, c->nps);
        td_date(w, c->nps_day);
        if (c->nps >= 0 && c->previous_nps >= 0) h_td_int(w, c->nps - c->previous_nps);
        else td_opt(w, -1);
        td_opt(w, c->previous_satisfaction);
        td_opt(w, c->satisfaction);
        fputs("<td style=\"min-width:14em\">", w->f);
        h_esc(w, reasons(w, c, why, sizeof why));
        fputs("</td>", w->f);
        h_tr_end(w);
    }
    h_table_end(w);
}

void html_feedback(hw *w)
{
    static const char *const grp[2][4] = {
        {"Promoters (9-10)", "Passives (7-8)", "Detractors (0-6)", "Alerted key clients"},
        {"Промоутеры (9-10)", "Нейтралы (7-8)", "Критики (0-6)", "Ключевые клиенты с сигналом"}};
    static const char *const act[2][4] = {
        {"Ask them to recommend you: referral offers, reviews, case studies; their word of mouth is one of the "
         "gains of a lasting relationship.",
         "Find out what is missing for a 9 or 10, and fix it; they leave for a slightly better offer.",
         "Call back within days, find the cause and fix it, then ask again; an unresolved complaint spreads.",
         "A personal call from the account manager this week: a key client whose score fell is the earliest sign "
         "of a relationship at risk."},
        {"Попросите рекомендовать вас: реферальные предложения, отзывы, кейсы; их молва — одна из выгод долгих "
         "отношений.",
         "Выясните, чего не хватает до 9 или 10, и исправьте; они уходят ради чуть лучшего предложения.",
         "Перезвоните в течение нескольких дней, найдите причину и устраните её, затем спросите снова; "
         "нерешённая жалоба распространяется.",
         "Личный звонок менеджера на этой неделе: упавшая оценка ключевого клиента — самый ранний признак "
         "отношений под угрозой."}};
    const rmk_report *r = w->r;
    h_section(w, "feedback", HT(w, "Feedback: NPS and satisfaction", "Обратная связь: NPS и удовлетворённость"),
              HT(w, "Relationship marketing replaces the occasional satisfaction survey with a feedback system that "
                    "hears every client all the time. NPS (Net Promoter Score) asks how likely the client is to "
                    "recommend the firm, 0 to 10: the share of promoters (9-10) minus the share of detractors "
                    "(0-6). Each client counts once, with its latest answer. An alert names the key clients whose "
                    "latest answer fell, so that someone calls them before they leave.",
                 "Маркетинг взаимоотношений заменяет эпизодические опросы удовлетворённости системой обратной "
                 "связи, которая постоянно слышит каждого клиента. NPS (индекс лояльности) спрашивает, насколько "
                 "вероятно, что клиент порекомендует фирму, от 0 до 10: доля промоутеров (9-10) минус доля критиков "
                 "(0-6). Каждый клиент учитывается один раз, по последнему ответу. Сигнал называет ключевых "
                 "клиентов, чья последняя оценка упала, чтобы им позвонили до того, как они уйдут."));
    if (!h_note(w, RPT_FEEDBACK) && r->fb) {
        rmk_feedback_stats st;
        rmk_feedback_get_stats(r->fb, &st);
        const rmk_feedback_group *all = rmk_feedback_group_at(r->fb, 0);
        char msg[300], d[16], a[32], b[32];
        snprintf(msg, sizeof msg, HT(w, "%s respondents as of %s; NPS over their latest answers: %s.",
                                     "%s ответивших на %s; NPS по их последним ответам: %s."),
                 h_num(w, (double)st.respondents, 0, a, sizeof a), h_date(rmk_feedback_as_of(r->fb), d),
                 all->latest.nps_known ? h_num(w, all->latest.nps_tenths / 10.0, 1, b, sizeof b) : "\xE2\x80\x93");
        h_p(w, NULL, msg);
        trend(w, r->fb);
        groups(w, r->fb);
        alerts(w, r->fb);
        h_actions(w, HT(w, "What to do", "Что делать"), 4, grp[w->ru], act[w->ru]);
    }
    h_section_end(w);
}
