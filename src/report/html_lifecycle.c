/* SPDX-License-Identifier: MIT */
/* html_lifecycle.c - the report's life-cycle section (lecture §2 and §4):
 * the customer ladder as a funnel with each stage's customers and net
 * sales, Grönroos's phases, the migration matrix between the date three
 * months back and the as-of date, the B2B relationship stages and the
 * retention bond levels with their measures. The numbers are those of
 * `relmark stages FILE [--customers F] [--feedback F] --summary` and
 * `... --migration` (docs/stages.md), data-v as their CSV writes them;
 * docs/report.md. */
#include "html.h"
#include "sort.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NST RMK_STAGE_COUNT
#define NB2B 5 /* pre-relationship .. final */

/* Stages in the enum's order, the CSV's: the ladder from its foot with the
 * non-prospects beside the prospects (the lecture's branch), then those
 * off it (passive, former) from here on. */
#define OFF_LADDER RMK_STAGE_PASSIVE

typedef struct lc_counts {
    size_t n, stage[NST], level[4], b2b[NB2B], nb2b;
    int64_t net[NST]; /* net sales over the data, minor units */
} lc_counts;

/* share num/den with 4 decimals rounded half up in integers, as `relmark
 * stages` writes it (cli/stages.c); "" when den is 0 */
static char *share4(size_t num, size_t den, char *b, size_t len)
{
    if (!den) {
        b[0] = 0;
        return b;
    }
    unsigned long long q = ((unsigned long long)num * 20000ULL + den) / (2ULL * den);
    snprintf(b, len, "%llu.%04llu", q / 10000, q % 10000);
    return b;
}

static void td_share(hw *w, size_t num, size_t den)
{
    char ex[32], sh[32];
    share4(num, den, ex, sizeof ex);
    h_td_exact(w, ex, den ? h_pct(w, (double)num / (double)den, sh, sizeof sh) : "");
}

/* the counts, and each stage's net sales: the RFM result's (both in id
 * order; a customer without a purchase is not in it and adds nothing) */
static void count(const rmk_stages *x, const rmk_rfm *rfm, lc_counts *k)
{
    memset(k, 0, sizeof *k);
    size_t j = 0, nr = rfm ? rmk_rfm_count(rfm) : 0;
    k->n = rmk_stages_count(x);
    for (size_t i = 0; i < k->n; i++) {
        const rmk_staged_customer *c = rmk_stages_at(x, i);
        k->stage[c->stage]++;
        if (c->bond_level >= 1 && c->bond_level <= 3) k->level[c->bond_level]++;
        if (c->b2b_stage != RMK_B2B_NONE) k->b2b[c->b2b_stage]++, k->nb2b++;
        while (j < nr && id_order(rmk_rfm_at(rfm, j)->customer_id, rmk_rfm_at(rfm, j)->id_len, c->customer_id,
                                  c->id_len) < 0)
            j++;
        if (j < nr && !id_order(rmk_rfm_at(rfm, j)->customer_id, rmk_rfm_at(rfm, j)->id_len, c->customer_id,
                                c->id_len))
            k->net[c->stage] += rmk_rfm_at(rfm, j)->net_minor;
    }
}

static void funnel(hw *w, const lc_counts *k)
{
    const char *lab[NST], *tp[NST], *pn[3];
    char txt[NST][48], sh[32];
    double v[NST];
    int col[NST], pc[3] = {1, 0, 2}; /* orange, blue, green: the phases */
    for (int i = 0; i < NST; i++) {
        rmk_stage s = (rmk_stage)i;
        lab[i] = rmk_stage_name(s, w->r->lang);
        v[i] = (double)k->stage[s];
        h_num(w, v[i], 0, sh, sizeof sh);
        snprintf(txt[i], sizeof txt[i], "%s \xC2\xB7 ", sh);
        h_pct(w, k->n ? v[i] / (double)k->n : NAN, txt[i] + strlen(txt[i]), sizeof txt[i] - strlen(txt[i]));
        tp[i] = txt[i];
        col[i] = pc[rmk_stage_phase(s)];
    }
    for (int p = 0; p < 3; p++) pn[p] = rmk_phase_name((rmk_phase)p, w->r->lang);
    svg_legend lg = {3, pn, pc};
    svg_funnel fc = {HT(w, "The customer ladder", "Лестница клиентов"), NST, lab, v, tp, col, &lg, OFF_LADDER,
                     HT(w, "off the ladder", "вне лестницы")};
    h_figure(w, "stages-ladder", fc.title, HT(w, "Customers on each rung from the foot (potential) to the top (partner), then those "
                                "who left it; the colour is the Grönroos phase.",
                             "Клиенты на каждой ступени от основания (потенциальные) до вершины (партнеры), затем "
                             "вне лестницы; цвет — фаза по Грёнроосу."));
    svg_funnel_chart(w->f, &fc);
    h_figure_end(w);
    h_table(w, HT(w, "Stages", "Стадии"),
            HT(w, "Stage|Customers|Share|Net sales|Phase|Marketing",
               "Стадия|Клиенты|Доля|Чистые продажи|Фаза|Маркетинг"));
    for (int i = 0; i < NST; i++) {
        rmk_stage s = (rmk_stage)i;
        h_tr(w);
        h_td(w, lab[i]);
        h_td_int(w, (long long)k->stage[s]);
        td_share(w, k->stage[s], k->n);
        h_td_money(w, k->net[s]);
        h_td(w, rmk_phase_name(rmk_stage_phase(s), w->r->lang));
        h_td(w, rmk_phase_marketing(rmk_stage_phase(s), w->r->lang));
        h_tr_end(w);
    }
    h_table_end(w);
}

static void phases(hw *w, const lc_counts *k)
{
    const char *names[3], *acts[3];
    char act[3][400];
    h_table(w, HT(w, "Grönroos's relationship life cycle", "Жизненный цикл отношений по Грёнроосу"),
            HT(w, "Phase|Stages|Customers|Share|Goal", "Фаза|Стадии|Клиенты|Доля|Цель"));
    for (int p = 0; p < 3; p++) {
        char st[300] = "";
        size_t n = 0;
        for (int i = 0; i < NST; i++) {
            if ((int)rmk_stage_phase((rmk_stage)i) != p) continue;
            size_t len = strlen(st);
            snprintf(st + len, sizeof st - len, "%s%s", len ? ", " : "", rmk_stage_name((rmk_stage)i, w->r->lang));
            n += k->stage[(rmk_stage)i];
        }
        names[p] = rmk_phase_name((rmk_phase)p, w->r->lang);
        snprintf(act[p], sizeof act[p], HT(w, "Goal: %s. Marketing: %s.", "Цель: %s. Маркетинг: %s."),
                 rmk_phase_goal((rmk_phase)p, w->r->lang), rmk_phase_marketing((rmk_phase)p, w->r->lang));
        acts[p] = act[p];
        h_tr(w);
        h_td(w, names[p]);
        h_td(w, st);
        h_td_int(w, (long long)n);
        td_share(w, n, k->n);
        h_td(w, rmk_phase_goal((rmk_phase)p, w->r->lang));
        h_tr_end(w);
    }
    h_table_end(w);
    h_actions(w, HT(w, "The marketing each phase calls for", "Какой маркетинг нужен в каждой фазе"), 3, names, acts);
}

/* How a customer moved between the two dates, by its rung (docs/stages.md,
 * "Migration"): 0 same, 1 up, 2 down, 3 fell off, 4 returned. */
static int movement(int prev, rmk_stage cur)
{
    int p = rmk_stage_rung((rmk_stage)prev), c = rmk_stage_rung(cur);
    if (prev == (int)cur) return 0;
    if (p >= 0 && c < 0) return 3;
    if (p < 0 && c >= 0) return 4;
    if (p < 0 && c < 0) return cur == RMK_STAGE_FORMER ? 2 : 1; /* passive <-> former */
    return c > p ? 1 : c < p ? 2 : 0;
}

static void movements(hw *w, const size_t mv[5])
{
    const char *names[5] = {HT(w, "same stage", "без изменений"), HT(w, "up the ladder", "вверх по лестнице"),
                            HT(w, "down the ladder", "вниз по лестнице"),
                            HT(w, "fell off (passive or former)", "выпали (пассивные или бывшие)"),
                            HT(w, "returned to the ladder", "вернулись на лестницу")};
    h_table(w, HT(w, "Movement between the two dates", "Движение между датами"),
            HT(w, "Movement|Customers", "Движение|Клиенты"));
    static const int order[5] = {1, 2, 3, 4, 0};
    for (int i = 0; i < 5; i++) h_tr(w), h_td(w, names[order[i]]), h_td_int(w, (long long)mv[order[i]]), h_tr_end(w);
    h_table_end(w);
}

static void migration(hw *w, const rmk_stages *x)
{
    size_t m[NST][NST] = {{0}}, from[NST] = {0}, mv[5] = {0};
    for (size_t i = 0; i < rmk_stages_count(x); i++) {
        const rmk_staged_customer *c = rmk_stages_at(x, i);
        if (c->previous_stage < 0 || c->previous_stage >= NST) continue;
        m[c->previous_stage][c->stage]++, from[c->previous_stage]++;
        mv[movement(c->previous_stage, c->stage)]++;
    }
    const char *lab[NST], *tp[NST * NST];
    double v[NST * NST];
    char txt[NST * NST][24], d0[16], d1[16], xa[96], ya[96];
    for (int a = 0; a < NST; a++) {
        lab[a] = rmk_stage_name((rmk_stage)a, w->r->lang);
        for (int b = 0; b < NST; b++) {
            size_t n = m[a][b], i = (size_t)(a * NST + b);
            /* colour: the share of the earlier stage's customers; text: how many */
            v[i] = from[a] ? 100.0 * (double)n / (double)from[a] : 0; /* an empty row stays a row */
            if (n) h_num(w, (double)n, 0, txt[i], sizeof txt[i]);
            else txt[i][0] = 0;
            tp[i] = txt[i];
        }
    }
    h_date(rmk_stages_compare_date(x), d0), h_date(rmk_stages_as_of(x), d1);
    snprintf(xa, sizeof xa, "%s %s", HT(w, "stage on", "стадия на"), d1);
    snprintf(ya, sizeof ya, "%s %s", HT(w, "stage on", "стадия на"), d0);
    svg_heat h = {HT(w, "Migration between stages", "Миграция между стадиями"), NST, NST, lab, lab, v, tp, xa, ya, 0,
                  100, w->ru};
    h_figure(w, "stages-migration", h.title, HT(w, "Rows: the stage three months ago; columns: the stage now. A cell counts the "
                               "customers who made that move; its colour is their share of the row.",
                            "Строки — стадия три месяца назад, столбцы — стадия сейчас. В клетке — число "
                            "клиентов с таким переходом, цвет — их доля в строке."));
    svg_heatmap_rotated(w->f, &h);
    h_figure_end(w);
    movements(w, mv);
    h_table(w, HT(w, "Transitions (the non-empty cells)", "Переходы (непустые клетки)"),
            HT(w, "From|To|Customers|Share of the earlier stage", "Была|Стала|Клиенты|Доля прежней стадии"));
    for (int a = 0; a < NST; a++)
        for (int b = 0; b < NST; b++) {
            if (!m[a][b]) continue;
            h_tr(w);
            h_td(w, rmk_stage_name((rmk_stage)a, w->r->lang));
            h_td(w, rmk_stage_name((rmk_stage)b, w->r->lang));
            h_td_int(w, (long long)m[a][b]);
            td_share(w, m[a][b], from[a]);
            h_tr_end(w);
        }
    h_table_end(w);
}

/* a sub-heading of the section */
static void sub(hw *w, const char *text)
{
    fputs("<h3>", w->f);
    h_esc(w, text);
    fputs("</h3>\n", w->f);
}

static void b2b(hw *w, const lc_counts *k)
{
    sub(w, HT(w, "B2B relationship stages", "Стадии отношений на рынке B2B"));
    if (!k->nb2b) {
        h_p(w, "note", w->r->has_customers
                           ? HT(w, "No corporate customer: the customers file marks them with type = corporate.",
                                "Нет корпоративных клиентов: в файле клиентов они отмечаются type = corporate.")
                           : HT(w, "Give the client list (--customers FILE, corporate clients with type = "
                                   "corporate) to see the stages of the relationships with them.",
                                "Укажите список клиентов (--customers ФАЙЛ, корпоративные с type = corporate), "
                                "чтобы увидеть стадии отношений с ними."));
        return;
    }
    const char *lab[NB2B], *tp[NB2B];
    char txt[NB2B][48];
    double v[NB2B];
    for (int s = 0; s < NB2B; s++) {
        lab[s] = rmk_b2b_stage_name((rmk_b2b_stage)s, w->r->lang);
        v[s] = (double)k->b2b[s];
        h_num(w, v[s], 0, txt[s], sizeof txt[s]);
        tp[s] = txt[s];
    }
    svg_bars b = {HT(w, "Corporate customers by B2B relationship stage", "Корпоративные клиенты по стадиям отношений"),
                  NB2B, lab, v, tp, HT(w, "customers", "клиентов"), 1, 4, w->ru};
    h_figure(w, "stages-b2b", b.title, HT(w, "From the first contact to the end of the relationship, measured from tenure, "
                               "purchases and the trend of the yearly volume.",
                            "От первого контакта до конца отношений, по стажу, числу покупок и динамике "
                            "годового объема."));
    svg_bar_chart(w->f, &b);
    h_figure_end(w);
    h_table(w, HT(w, "B2B relationship stages of corporate customers", "Стадии отношений с корпоративными клиентами"),
            HT(w, "Stage|Customers|Share", "Стадия|Клиенты|Доля"));
    for (int s = 0; s < NB2B; s++) {
        h_tr(w), h_td(w, lab[s]), h_td_int(w, (long long)k->b2b[s]);
        td_share(w, k->b2b[s], k->nb2b);
        h_tr_end(w);
    }
    h_table_end(w);
}

/* customers per group: the rating categories, then the RFM segments (of
 * the customers without a category), as `relmark stages --summary` */
static void bond_groups(hw *w, const rmk_stages *x)
{
    const rmk_scale *scale = rmk_stages_scale(x);
    const rmk_segmap *map = rmk_stages_segments(x);
    int ncat = scale ? rmk_scale_category_count(scale) : 0, nseg = map ? rmk_segmap_count(map) : 0;
    size_t *gc = calloc((size_t)(ncat + nseg) + 1, sizeof *gc), incat = 0, inseg = 0;
    if (!gc) return;
    for (size_t i = 0; i < rmk_stages_count(x); i++) {
        const rmk_staged_customer *c = rmk_stages_at(x, i);
        if (c->category >= 0 && c->category < ncat) gc[c->category]++, incat++;
        else if (c->segment >= 0 && c->segment < nseg) gc[ncat + c->segment]++, inseg++;
    }
    h_table(w, HT(w, "Bond level per group (rating category, else RFM segment)",
                  "Уровень связей по группам (категория рейтинга, иначе RFM-сегмент)"),
            HT(w, "Kind|Group|Customers|Bond level", "Вид|Группа|Клиенты|Уровень связей"));
    for (int g = 0; g < ncat + nseg; g++) {
        if (g < ncat ? !incat : !inseg) continue; /* a kind no customer is grouped by */
        const char *key = g < ncat ? rmk_scale_category_key(scale, g) : rmk_segmap_key(map, g - ncat);
        h_tr(w);
        h_td(w, g < ncat ? HT(w, "rating category", "категория рейтинга") : HT(w, "RFM segment", "RFM-сегмент"));
        h_td(w, g < ncat ? rmk_scale_category_name(scale, g, w->r->lang)
                         : rmk_segmap_name(map, g - ncat, w->r->lang));
        h_td_int(w, (long long)gc[g]);
        h_td_int(w, rmk_stages_group_bond(x, key));
        h_tr_end(w);
    }
    h_table_end(w);
    free(gc);
}

static void bonds(hw *w, const rmk_stages *x, const lc_counts *k)
{
    const char *names[3], *acts[3];
    char nm[3][160];
    sub(w, HT(w, "Retention bond levels (lecture §4)", "Уровни связей для удержания (лекция §4)"));
    h_table(w, HT(w, "Recommended bond level", "Рекомендуемый уровень связей"),
            HT(w, "Level|Customers|Bond|Orientation|Customisation|Main marketing-mix element|Differentiation potential",
               "Уровень|Клиенты|Тип связи|Ориентация|Приспособление услуг|Главный элемент комплекса "
               "маркетинга|Потенциал дифференциации"));
    for (int v = 1; v <= 3; v++) {
        rmk_bond_info bi;
        rmk_bond_describe(v, w->r->lang, &bi);
        h_tr(w);
        h_td_int(w, v);
        h_td_int(w, (long long)k->level[v]);
        h_td(w, bi.bond), h_td(w, bi.orientation), h_td(w, bi.customisation), h_td(w, bi.mix_element);
        h_td(w, bi.differentiation);
        h_tr_end(w);
        snprintf(nm[v - 1], sizeof nm[v - 1], "%s %d: %s", HT(w, "Level", "Уровень"), v, bi.bond);
        names[v - 1] = nm[v - 1], acts[v - 1] = bi.measures;
    }
    h_table_end(w);
    h_actions(w, HT(w, "Measures per bond level", "Меры для каждого уровня связей"), 3, names, acts);
    bond_groups(w, x);
}

static void lapse_line(hw *w, const rmk_stages *x, size_t n)
{
    rmk_lapse l;
    rmk_stage_opts so;
    rmk_stage_opts_init(&so); /* the report's factor: the default (report.c) */
    rmk_stages_lapse(x, 0, &l);
    char msg[400], d[16], a[32], b[32];
    int len = snprintf(msg, sizeof msg, HT(w, "%s customers as of %s. ", "%s клиентов на %s. "),
                       h_num(w, (double)n, 0, a, sizeof a), h_date(rmk_stages_as_of(x), d));
    if (l.fixed || l.repeat_customers) {
        double med = (double)l.num / (double)l.den;
        snprintf(msg + len, sizeof msg - (size_t)len,
                 HT(w, "A customer lapses (passive) after %s days without a purchase: %d x the median interval "
                       "between purchase days, %s days.",
                    "Клиент становится пассивным после %s дн. без покупки: %d x медиана интервала между днями "
                    "покупок, %s дн."),
                 h_num(w, l.fixed ? med : so.lapse_factor * med, 1, a, sizeof a), l.fixed ? 1 : so.lapse_factor,
                 h_num(w, med, 1, b, sizeof b));
    } else {
        snprintf(msg + len, sizeof msg - (size_t)len, "%s",
                 HT(w, "No customer bought on two different days: no one lapses.",
                    "Ни один клиент не покупал в два разных дня: никто не считается ушедшим."));
    }
    h_p(w, NULL, msg);
}

void html_lifecycle(hw *w)
{
    const rmk_report *r = w->r;
    h_section(w, "lifecycle", HT(w, "Customer life cycle", "Жизненный цикл клиента"),
              HT(w, "A relationship grows in steps: a potential customer becomes a first-time buyer, a repeat "
                    "buyer, a regular client, a friend who recommends the firm and finally a partner bound to it; "
                    "a customer who stops buying falls off the ladder. Grönroos groups the steps into three "
                    "phases, each calling for its own marketing, and the lecture's three levels of bonds — "
                    "financial, social, structural — say how firmly to tie each group.",
                 "Отношения развиваются по ступеням: потенциальный клиент становится впервые обратившимся, "
                 "повторным, постоянным клиентом, надежным другом, который рекомендует фирму, и наконец "
                 "партнером; переставший покупать клиент выпадает с лестницы. Грёнроос объединяет ступени в "
                 "три фазы, каждой нужен свой маркетинг, а три уровня связей из лекции — финансовые, "
                 "социальные, структурные — показывают, насколько прочно привязывать каждую группу."));
    if (!h_note(w, RPT_LIFECYCLE) && r->stages) {
        lc_counts k;
        count(r->stages, r->rfm, &k);
        lapse_line(w, r->stages, k.n);
        funnel(w, &k);
        phases(w, &k);
        if (rmk_stages_compare_date(r->stages) != RMK_NO_DATE) migration(w, r->stages);
        b2b(w, &k);
        bonds(w, r->stages, &k);
    }
    h_section_end(w);
}
