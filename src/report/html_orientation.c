/* SPDX-License-Identifier: MIT */
/* html_orientation.c — the report's orientation section: where the firm
 * stands on the continuum from transaction to relationship marketing, from
 * the facts the data measure, beside the lecture's seven dimensions, and
 * what moves it along (lecture §5; docs/portfolio.md "--orientation",
 * docs/report.md). The table's data-v hold what `relmark portfolio
 * --orientation --format csv` prints: percent with one decimal. */
#include "html.h"
#include <math.h>
#include <stdio.h>

enum { M_REPEAT, M_RETENTION, M_FEEDBACK, M_MANAGER, M_MEASURED, M_SELF, NMEASURES };

/* the measures in the command's order: label, the words of its table, why
 * it may be missing, what raises it */
static const struct measure {
    const char *key;
    const char *label[2], *words[2], *missing[2], *action[2];
} measures[NMEASURES] = {
    {"repeat_revenue",
     {"Repeat clients' revenue", "Выручка повторных клиентов"},
     {"revenue of the last 12 months from repeat clients", "выручка за 12 месяцев от повторных клиентов"},
     {"no sales in the last 12 months", "нет продаж за последние 12 месяцев"},
     {"Turn first purchases into second ones: follow up every new client, and make the next purchase easy.",
      "Превращайте первые покупки во вторые: работайте с каждым новым клиентом после покупки, упростите "
      "следующую покупку."}},
    {"retention",
     {"Retention", "Удержание"},
     {"customers of the previous 12 months who bought again", "клиенты прошлых 12 месяцев, купившие снова"},
     {"no customer in the 12 months before the last 12", "нет клиентов в 12 месяцах перед последними 12"},
     {"Watch who stops buying and ask why; build bonds beyond price (social, then structural) with the clients "
      "worth keeping.",
      "Следите, кто перестал покупать, и спрашивайте почему; стройте связи помимо цены (социальные, затем "
      "структурные) с клиентами, которых стоит удержать."}},
    {"feedback_coverage",
     {"Feedback coverage", "Охват обратной связью"},
     {"active customers with a feedback answer in 12 months", "активные клиенты с отзывом за 12 месяцев"},
     {"give the feedback file (--feedback FILE)", "укажите файл обратной связи (--feedback ФАЙЛ)"},
     {"Hear every active client, not a sample once a year: a short question after each delivery, answers "
      "read the same week.",
      "Слышьте каждого активного клиента, а не выборку раз в год: короткий вопрос после каждой поставки, ответы "
      "разбираются на той же неделе."}},
    {"personal_manager",
     {"Personal manager", "Персональный менеджер"},
     {"active customers with a personal manager", "активные клиенты с персональным менеджером"},
     {"give the client list with a manager column (--customers FILE)",
      "укажите список клиентов с колонкой менеджера (--customers ФАЙЛ)"},
     {"Give the key and regular clients a named person who knows their business.",
      "Закрепите за ключевыми и постоянными клиентами человека, который знает их бизнес."}},
    {"measured",
     {"Mean of the facts", "Среднее фактов"},
     {"mean of the measured facts", "среднее измеренных показателей"},
     {"no fact could be measured", "ни один показатель не измерен"},
     {NULL, NULL}},
    {"self_assessment",
     {"Self-assessment", "Самооценка"},
     {"self-assessment on the seven dimensions", "самооценка по семи параметрам"},
     {"score the seven dimensions below: relmark portfolio --orientation --self FILE",
      "оцените семь параметров ниже: relmark portfolio --orientation --self ФАЙЛ"},
     {NULL, NULL}},
};

static void continuum(hw *w, const double *v)
{
    const char *labels[NMEASURES];
    char vt[NMEASURES][32], b[32];
    const char *vp[NMEASURES];
    for (int i = 0; i < NMEASURES; i++) {
        labels[i] = measures[i].label[w->ru];
        snprintf(vt[i], sizeof vt[i], "%s%%", h_num(w, v[i], 1, b, sizeof b));
        vp[i] = vt[i];
    }
    static const double to[4] = {25, 50, 75, 100};
    const char *bands[4] = {HT(w, "transaction", "сделки"), HT(w, "leaning transaction", "ближе к сделкам"),
                            HT(w, "leaning relationship", "ближе к отношениям"),
                            HT(w, "relationship", "взаимоотношения")};
    svg_dots c = {HT(w, "The firm on the transaction-relationship continuum, %",
                     "Фирма на шкале от маркетинга сделок к маркетингу взаимоотношений, %"),
                  NMEASURES, labels, v, vp, HT(w, "no data (see the table)", "нет данных (см. таблицу)"), 0, 100, 4,
                  to, bands, M_MEASURED, w->ru};
    h_figure(w, "orientation-continuum", c.title, HT(w, "Each fact in percent, placed on the lecture's continuum; the larger dot is their "
                               "mean, the firm's position.",
                            "Каждый показатель в процентах на шкале лекции; крупная точка — их среднее, положение "
                            "фирмы."));
    svg_dot_scale(w->f, &c);
    h_figure_end(w);
}

static void facts(hw *w, const double *v)
{
    h_table(w, HT(w, "The facts", "Показатели"),
            HT(w, "Measure|Value, %|Position|Source", "Показатель|Значение, %|Положение|Источник"));
    for (int i = 0; i < NMEASURES; i++) {
        h_tr(w);
        h_td(w, measures[i].words[w->ru]);
        h_td_num(w, v[i], 1, -1); /* "%.1f", as the command */
        h_td(w, rmk_orientation_position(v[i], w->r->lang));
        h_td(w, isfinite(v[i]) ? "" : measures[i].missing[w->ru]);
        h_tr_end(w);
    }
    h_table_end(w);
}

static void dimensions(hw *w)
{
    h_table(w, HT(w, "The lecture's seven dimensions", "Семь параметров лекции"),
            HT(w, "Dimension|Transaction marketing|Relationship marketing",
               "Параметр|Маркетинг сделок|Маркетинг взаимоотношений"));
    for (int i = 0; i < RMK_ORIENT_DIMENSIONS; i++) {
        const char *t, *rel, *name = rmk_orientation_dimension(i, w->r->lang, &t, &rel);
        h_tr(w);
        h_td(w, name);
        h_td(w, t);
        h_td(w, rel);
        h_tr_end(w);
    }
    h_table_end(w);
}

void html_orientation(hw *w)
{
    const rmk_report *r = w->r;
    h_section(w, "orientation", HT(w, "Transaction or relationship marketing", "Маркетинг сделок или взаимоотношений"),
              HT(w, "The lecture sets two ways of marketing at the ends of one scale: transaction marketing wins "
                    "single sales through the marketing mix and measures market share; relationship marketing keeps "
                    "clients through interaction, measures the customer base itself and listens to it all the "
                    "time. Where a firm stands shows in facts: how much revenue comes from clients who return, how "
                    "many clients stay, how many are heard and how many have a person of their own.",
                 "Лекция ставит два подхода к маркетингу на концы одной шкалы: маркетинг сделок добивается "
                 "отдельных продаж через комплекс маркетинга и измеряет долю рынка; маркетинг взаимоотношений "
                 "удерживает клиентов через взаимодействие, управляет клиентской базой и постоянно её слышит. "
                 "Положение фирмы видно по фактам: какая доля выручки приходит от возвращающихся клиентов, сколько "
                 "клиентов остаётся, скольких слышат и у скольких есть свой менеджер."));
    if (!h_note(w, RPT_ORIENTATION) && r->orient_ok) {
        const rmk_orientation *o = &r->orient;
        double v[NMEASURES] = {o->repeat_revenue_pct, o->retention_pct, o->feedback_pct, o->manager_pct,
                               o->measured, o->self_known ? o->self : NAN};
        char msg[300], b[32], d[16];
        if (isfinite(o->measured))
            snprintf(msg, sizeof msg, "%s %s: %s%% \xE2\x80\x94 %s.", HT(w, "As of", "На"), h_date(o->as_of, d),
                     h_num(w, o->measured, 1, b, sizeof b), rmk_orientation_position(o->measured, r->lang));
        else
            snprintf(msg, sizeof msg, "%s", HT(w, "No fact could be measured.", "Ни один показатель не измерен."));
        h_p(w, NULL, msg);
        continuum(w, v);
        facts(w, v);
        dimensions(w);
        const char *names[M_MEASURED], *acts[M_MEASURED];
        for (int i = 0; i < M_MEASURED; i++) names[i] = measures[i].label[w->ru], acts[i] = measures[i].action[w->ru];
        h_actions(w, HT(w, "What moves the firm towards relationship marketing",
                        "Что продвигает фирму к маркетингу взаимоотношений"),
                  M_MEASURED, names, acts);
    }
    h_section_end(w);
}
