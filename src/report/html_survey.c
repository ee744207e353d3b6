/* SPDX-License-Identifier: MIT */
/* html_survey.c — the report's relationship-quality section: the mean index
 * of every component with Cronbach's alpha, the clients below the
 * thresholds, the spread of the overall index, the weak relationships and
 * what to do per component (lecture §4; docs/survey.md, docs/report.md).
 * The tables' data-v hold what `relmark survey --summary` and `relmark
 * survey --weak-only` print with --format csv: indices with 2 decimals and
 * alpha with 4, rounded half away from zero as the command rounds. */
#include "html.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* v rounded half away from zero to d decimals, a tie recognised within
 * 1e-7 of the last digit (the command's rule); "" for NaN */
static char *fixed(double v, int d, char *b, size_t len)
{
    if (isnan(v)) {
        b[0] = 0;
        return b;
    }
    long long p = 1;
    for (int i = 0; i < d; i++) p *= 10;
    long long n = (long long)floor(fabs(v) * (double)p + 0.5 + 1e-7);
    const char *sign = v < 0 && n ? "-" : "";
    if (d) snprintf(b, len, "%s%lld.%0*lld", sign, n / p, d, n % p);
    else snprintf(b, len, "%s%lld", sign, n);
    return b;
}

static void td_fixed(hw *w, double v, int d)
{
    char e[48], s[64];
    fixed(v, d, e, sizeof e);
    if (!e[0]) fputs("<td class=\"n\" data-v=\"\">\xE2\x80\x93</td>", w->f);
    else fprintf(w->f, "<td class=\"n\" data-v=\"%s\">%s</td>", e, h_num(w, atof(e), d, s, sizeof s));
}

/* the mean index per component and overall, with alpha: chart and the rows
 * of `relmark survey --summary` */
static void components(hw *w, const rmk_survey *s, const rmk_questionnaire *q)
{
    int nc = rmk_questionnaire_component_count(q);
    double v[RMK_SURVEY_MAX_COMPONENTS + 1];
    char vt[RMK_SURVEY_MAX_COMPONENTS + 1][64];
    const char *lp[RMK_SURVEY_MAX_COMPONENTS + 1], *vp[RMK_SURVEY_MAX_COMPONENTS + 1];
    for (int k = 0; k <= nc; k++) {
        rmk_survey_summary m;
        rmk_survey_summary_get(s, k, &m);
        char a[32], b[32];
        v[k] = m.mean_index;
        lp[k] = k < nc ? rmk_questionnaire_component_name(q, k, w->r->lang) : HT(w, "Overall index", "Итоговый индекс");
        h_num(w, m.mean_index, 1, a, sizeof a);
        if (isfinite(m.cronbach_alpha))
            snprintf(vt[k], sizeof vt[k], "%s (\xCE\xB1 %s)", a, h_num(w, m.cronbach_alpha, 2, b, sizeof b));
        else snprintf(vt[k], sizeof vt[k], "%s", a);
        vp[k] = vt[k];
    }
    svg_bars c = {HT(w, "Mean index per component, 0-100", "Средний индекс по компонентам, 0-100"), (size_t)nc + 1,
                  lp, v, vp, HT(w, "index points", "пункты индекса"), 1, 0, w->ru};
    h_figure(w, "survey-components", c.title, HT(w, "The mean over the clients; 50 is the middle of the answer scale. \xCE\xB1: Cronbach's "
                               "alpha, whether the component's statements measure one thing (0.7 or more is the "
                               "usual bar).",
                            "Среднее по клиентам; 50 — середина шкалы ответов. \xCE\xB1: альфа Кронбаха — измеряют ли "
                            "утверждения компонента одно и то же (обычно требуют 0,7 и выше)."));
    svg_bar_chart(w->f, &c);
    h_figure_end(w);
    h_table(w, HT(w, "Components", "Компоненты"),
            HT(w, "Component|Statements|Responses|Mean index|Cronbach's alpha",
               "Компонент|Утверждений|Анкет|Средний индекс|Альфа Кронбаха"));
    for (int k = 0; k <= nc; k++) {
        rmk_survey_summary m;
        rmk_survey_summary_get(s, k, &m);
        h_tr(w);
        h_td(w, lp[k]);
        h_td_int(w, m.items);
        h_td_int(w, (long long)m.respondents);
        td_fixed(w, m.mean_index, 2);
        td_fixed(w, m.cronbach_alpha, 4);
        h_tr_end(w);
    }
    h_table_end(w);
}

/* how many clients fall below the threshold, per component and overall */
static void below(hw *w, const rmk_survey *s, const rmk_questionnaire *q)
{
    int nc = rmk_questionnaire_component_count(q);
    rmk_survey_stats st;
    rmk_survey_get_stats(s, &st);
    h_table(w, HT(w, "Clients below the thresholds", "Клиенты ниже порогов"),
            HT(w, "Component|Threshold|Clients below|Share of the clients with an index",
               "Компонент|Порог|Клиентов ниже|Доля клиентов с индексом"));
    for (int k = 0; k <= nc; k++) {
        rmk_survey_summary m;
        rmk_survey_summary_get(s, k, &m);
        h_tr(w);
        h_td(w, k < nc ? rmk_questionnaire_component_name(q, k, w->r->lang) : HT(w, "Overall index", "Итоговый индекс"));
        h_td_num(w, k < nc ? rmk_survey_weak_component(s) : rmk_survey_weak_overall(s), 1, -1);
        h_td_int(w, (long long)m.weak_clients);
        h_td_pct(w, m.clients ? (double)m.weak_clients / (double)m.clients : NAN);
        h_tr_end(w);
    }
    h_table_end(w);
}

/* the clients' overall index in bins of 10 points */
static void spread(hw *w, const rmk_survey *s)
{
    double cnt[10] = {0};
    char lab[10][16], vt[10][24];
    const char *lp[10], *vp[10];
    for (size_t i = 0; i < rmk_survey_count(s); i++) {
        double o = rmk_survey_at(s, i)->overall;
        if (!isfinite(o)) continue;
        int b = (int)floor(o / 10);
        cnt[b < 0 ? 0 : b > 9 ? 9 : b] += 1; /* 100 is in the last bin */
    }
    for (int b = 0; b < 10; b++) {
        snprintf(lab[b], sizeof lab[b], "%d\xE2\x80\x93%d", 10 * b, 10 * b + 10);
        h_num(w, cnt[b], 0, vt[b], sizeof vt[b]);
        lp[b] = lab[b], vp[b] = vt[b];
    }
    svg_bars c = {HT(w, "Clients by overall index", "Клиенты по итоговому индексу"), 10, lp, cnt, vp,
                  HT(w, "clients", "клиентов"), 0, 0, w->ru};
    h_figure(w, "survey-index", c.title, HT(w, "How the relationships spread from weak (left) to strong (right).",
                            "Как распределены отношения: от слабых (слева) к прочным (справа)."));
    svg_bar_chart(w->f, &c);
    h_figure_end(w);
    h_table(w, HT(w, "Clients by overall index", "Клиенты по итоговому индексу"),
            HT(w, "From|To|Clients", "От|До|Клиенты"));
    for (int b = 0; b < 10; b++) {
        h_tr(w);
        h_td_int(w, 10 * b);
        h_td_int(w, 10 * b + 10);
        h_td_int(w, (long long)cnt[b]);
        h_tr_end(w);
    }
    h_table_end(w);
}

/* the weak relationships: the rows of `relmark survey --weak-only` */
static void weak(hw *w, const rmk_survey *s, const rmk_questionnaire *q)
{
    int nc = rmk_questionnaire_component_count(q);
    char head[1200];
    size_t u = (size_t)snprintf(head, sizeof head, "%s", HT(w, "Client", "Клиент"));
    for (int k = 0; k < nc && u < sizeof head; k++)
        u += (size_t)snprintf(head + u, sizeof head - u, "|%s", rmk_questionnaire_component_label(q, k, w->r->lang));
    if (u < sizeof head)
        snprintf(head + u, sizeof head - u, "%s", HT(w, "|Overall|Weak|Responses|Below the threshold in",
                                                     "|Итог|Слабые|Анкет|Ниже порога"));
    h_table(w, HT(w, "Weak relationships", "Слабые взаимоотношения"), head);
    for (size_t i = 0; i < rmk_survey_count(s); i++) {
        const rmk_survey_client *c = rmk_survey_at(s, i);
        if (!c->weak) continue;
        h_tr(w);
        h_td(w, c->customer_id);
        for (int k = 0; k < nc; k++) td_fixed(w, c->index[k], 2);
        td_fixed(w, c->overall, 2);
        h_td(w, HT(w, "yes", "да"));
        h_td_int(w, (long long)c->respondents);
        char in[800];
        size_t at = 0;
        in[0] = 0;
        if (c->weak_overall) at += (size_t)snprintf(in, sizeof in, "%s", HT(w, "overall", "итог"));
        for (int k = 0; k < nc && at < sizeof in; k++)
            if (c->weak_components & (1u << k))
                at += (size_t)snprintf(in + at, sizeof in - at, "%s%s", at ? ", " : "",
                                       rmk_questionnaire_component_label(q, k, w->r->lang));
        h_td(w, in);
        h_tr_end(w);
    }
    h_table_end(w);
}

/* what to do about a component found weak: the lecture's components by
 * their keys in the shipped questionnaire, a general step for others */
static const char *action(hw *w, const char *key)
{
    if (!strcmp(key, "economic"))
        return HT(w, "Show the client what the relationship saves and earns it: cost and quality reviews, joint "
                     "work on its competitiveness.",
                  "Покажите клиенту, что ему даёт сотрудничество: разбор затрат и качества, совместная работа над "
                  "его конкурентоспособностью.");
    if (!strcmp(key, "strategic"))
        return HT(w, "Share information and plans: joint planning, access to your technology and market knowledge, "
                     "projects that build the client's competences.",
                  "Делитесь информацией и планами: совместное планирование, доступ к вашим технологиям и знанию "
                  "рынка, проекты, развивающие компетенции клиента.");
    if (!strcmp(key, "psychological"))
        return HT(w, "Build trust: keep every promise, the same contact people, meetings beyond the deals; a client "
                     "who would switch for a small discount has no bond but the price.",
                  "Укрепляйте доверие: выполняйте каждое обещание, постоянные контактные лица, встречи помимо "
                  "сделок; клиента, готового уйти ради небольшой скидки, держит только цена.");
    if (!strcmp(key, "evaluation"))
        return HT(w, "Align the goals and settle conflicts quickly: an agreed way to handle complaints, a regular "
                     "review of the relationship with the client.",
                  "Согласуйте цели и быстро разрешайте конфликты: договорённый порядок работы с претензиями, "
                  "регулярный разбор отношений вместе с клиентом.");
    return HT(w, "Ask the clients who scored low here what lies behind it, and agree on a step with each.",
              "Спросите клиентов с низкими оценками здесь, что за ними стоит, и договоритесь с каждым о шаге.");
}

void html_survey(hw *w)
{
    const rmk_report *r = w->r;
    h_section(w, "survey", HT(w, "Relationship quality (survey)", "Качество взаимоотношений (опрос)"),
              HT(w, "The lecture judges a relationship by what it gives: economic efficiency (competitiveness, costs, "
                    "quality), strategic value (access to technology and information, competences, consistent "
                    "strategies) and psychological value (commitment, shared values, trust); and evaluates it by "
                    "compatible goals, resolved conflicts and satisfaction. The clients rate statements on each; "
                    "the answers become an index from 0 (the bottom of the scale) to 100 per component and overall. "
                    "A relationship is weak below 50 overall or 40 in any component.",
                 "Лекция оценивает отношения по тому, что они дают: экономическая эффективность "
                 "(конкурентоспособность, затраты, качество), стратегическая ценность (доступ к технологиям и "
                 "информации, компетенции, согласованность стратегий) и психологическая ценность (приверженность, "
                 "общие ценности, доверие); и по совместимости целей, разрешению конфликтов и удовлетворённости. "
                 "Клиенты оценивают утверждения по каждому из них; ответы дают индекс от 0 (низ шкалы) до 100 по "
                 "компоненту и в целом. Отношения слабые при итоге ниже 50 или ниже 40 по любому компоненту."));
    if (!h_note(w, RPT_SURVEY) && r->sv) {
        const rmk_questionnaire *q = rmk_survey_questionnaire(r->sv);
        rmk_survey_stats st;
        rmk_survey_get_stats(r->sv, &st);
        char msg[600], a[32], b[32], c[32];
        snprintf(msg, sizeof msg, HT(w, "%s: %s clients, %s responses, answers on a scale of %d to %d; %s weak relationships.",
                                     "%s: клиентов %s, анкет %s, ответы по шкале от %d до %d; слабых взаимоотношений: %s."),
                 rmk_questionnaire_title(q, r->lang), h_num(w, (double)st.clients, 0, a, sizeof a),
                 h_num(w, (double)st.responses, 0, b, sizeof b), rmk_questionnaire_scale_min(q),
                 rmk_questionnaire_scale_max(q), h_num(w, (double)st.weak_clients, 0, c, sizeof c));
        h_p(w, NULL, msg);
        components(w, r->sv, q);
        below(w, r->sv, q);
        spread(w, r->sv);
        if (st.weak_clients) weak(w, r->sv, q);
        int nc = rmk_questionnaire_component_count(q);
        const char *names[RMK_SURVEY_MAX_COMPONENTS], *acts[RMK_SURVEY_MAX_COMPONENTS];
        for (int k = 0; k < nc; k++) {
            names[k] = rmk_questionnaire_component_name(q, k, r->lang);
            acts[k] = action(w, rmk_questionnaire_component_key(q, k));
        }
        h_actions(w, HT(w, "What to do where a component is weak", "Что делать, если компонент слабый"), (size_t)nc,
                  names, acts);
    }
    h_section_end(w);
}
