/* SPDX-License-Identifier: MIT */
/* stages_text.c — the customer life cycle in words: the stages, phases,
 * B2B stages and bond levels named in English and in the lecture's Russian
 * terms, and the rule that placed each customer (docs/stages.md). */
#include "stages.h"
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------- names */

static const char *const stage_keys[RMK_STAGE_COUNT] = {
    "potential", "prospect", "non_prospect", "first_time", "repeat",
    "client",    "friend",   "partner",      "passive",    "former"};
static const char *const stage_en[RMK_STAGE_COUNT] = {
    "Potential",   "Prospect", "Non-prospect",    "First-time", "Repeat",
    "Client",      "Reliable friend", "Partner", "Passive",    "Former"};
/* the lecture's Russian terms (lecture-ru, "Эволюция потребителя") */
static const char *const stage_ru[RMK_STAGE_COUNT] = {
    "Потенциальный",      "Перспективный",      "Неперспективный",
    "Впервые обратившийся", "Повторно обратившийся", "Клиент",
    "Надежный друг",      "Партнер",            "Пассивный",
    "Бывший"};

static int ru(const char *lang) { return lang && !strcmp(lang, "ru"); }
static int stage_ok(rmk_stage s) { return (int)s >= 0 && (int)s < RMK_STAGE_COUNT; }

const char *rmk_stage_key(rmk_stage s) { return stage_ok(s) ? stage_keys[s] : ""; }
const char *rmk_stage_name(rmk_stage s, const char *lang)
{
    return stage_ok(s) ? (ru(lang) ? stage_ru : stage_en)[s] : "";
}

static const char *const phase_keys[3] = {"initial", "purchase", "consumption"};
static const char *const phase_en[3] = {"Initial stage", "Purchase process", "Consumption process"};
static const char *const phase_ru[3] = {"Первоначальная стадия", "Процесс покупки",
                                        "Процесс потребления"};
static const char *const goal_en[3] = {"arouse interest in the firm and its services",
                                       "turn general interest into a purchase",
                                       "create a lasting relationship"};
static const char *const goal_ru[3] = {"вызвать интерес к фирме и ее услугам",
                                       "превратить общую заинтересованность в покупку",
                                       "создать длительные взаимоотношения"};
static const char *const mkt_en[3] = {"traditional marketing",
                                      "traditional and interactive marketing",
                                      "interactive marketing"};
static const char *const mkt_ru[3] = {"традиционный маркетинг",
                                      "традиционный маркетинг и маркетинг взаимодействия",
                                      "маркетинг взаимодействия"};
static int phase_ok(rmk_phase p) { return (int)p >= 0 && (int)p < 3; }
const char *rmk_phase_key(rmk_phase p) { return phase_ok(p) ? phase_keys[p] : ""; }
const char *rmk_phase_name(rmk_phase p, const char *lang)
{
    return phase_ok(p) ? (ru(lang) ? phase_ru : phase_en)[p] : "";
}
const char *rmk_phase_goal(rmk_phase p, const char *lang)
{
    return phase_ok(p) ? (ru(lang) ? goal_ru : goal_en)[p] : "";
}
const char *rmk_phase_marketing(rmk_phase p, const char *lang)
{
    return phase_ok(p) ? (ru(lang) ? mkt_ru : mkt_en)[p] : "";
}
/* the stable keys of the marketing of each phase (docs/cli.md, "Stable keys") */
static const char *const mkt_keys[3] = {"traditional", "traditional_and_interactive", "interactive"};
const char *rmk_phase_marketing_key(rmk_phase p) { return phase_ok(p) ? mkt_keys[p] : ""; }

static const char *const b2b_keys[5] = {"pre_relationship", "early", "development", "long_term",
                                        "final"};
static const char *const b2b_en[5] = {"Pre-relationship", "Formation (early)", "Development",
                                      "Long-term", "Final"};
static const char *const b2b_ru[5] = {"Стадия, предшествующая формированию отношений",
                                      "Стадия формирования взаимоотношений",
                                      "Стадия развития взаимоотношений",
                                      "Стадия долгосрочных взаимоотношений",
                                      "Заключительная стадия"};
static int b2b_ok(rmk_b2b_stage s) { return (int)s >= 0 && (int)s < 5; }
const char *rmk_b2b_stage_key(rmk_b2b_stage s) { return b2b_ok(s) ? b2b_keys[s] : ""; }
const char *rmk_b2b_stage_name(rmk_b2b_stage s, const char *lang)
{
    return b2b_ok(s) ? (ru(lang) ? b2b_ru : b2b_en)[s] : "";
}

/* lecture §4, "Customer retention strategies (three levels of bonds)" */
/* [0] English, [1] Russian */
static const rmk_bond_info bond_text[2][3] = {{
    {"financial", "consumer", "low", "price", "low",
     "bonus systems; preferential trade credit; favourable payment terms"},
    {"financial and social", "client", "medium", "personal communication", "medium",
     "bonus systems; preferential trade credit; favourable payment terms; personal manager; "
     "customers' club; hot lines"},
    {"financial, social and structural", "client", "medium to high", "service delivery", "high",
     "bonus systems; preferential trade credit; favourable payment terms; personal manager; "
     "customers' club; hot lines; technical and functional links (structural bonds)"}}, {
    {"финансовая", "потребитель", "низкая", "цена", "низкий",
     "бонусные системы; льготный товарный кредит; выгодные условия платежа"},
    {"финансовая и социальная", "клиент", "средняя", "персональная коммуникация", "средний",
     "бонусные системы; льготный товарный кредит; выгодные условия платежа; персональный "
     "менеджер; клуб покупателей; телефонные линии"},
    {"финансовая, социальная, структурная", "клиент", "от средней до высокой", "оказание услуг",
     "высокий",
     "бонусные системы; льготный товарный кредит; выгодные условия платежа; персональный "
     "менеджер; клуб покупателей; телефонные линии; технико-функциональные связи"}}};

/* the bonds of each level, as stable keys: level 1 financial, 2 adds social,
 * 3 adds structural ones (lecture §4) */
const char *rmk_bond_key(int level)
{
    static const char *const keys[3] = {"financial", "financial_social", "financial_social_structural"};
    return level >= 1 && level <= 3 ? keys[level - 1] : "";
}

int rmk_bond_describe(int level, const char *lang, rmk_bond_info *out)
{
    if (level < 1 || level > 3) return 0;
    *out = bond_text[ru(lang)][level - 1];
    return 1;
}

/* A rule's words are built for a million customers at a time: a small
 * builder instead of snprintf. Truncates at the buffer's end. */
typedef struct sb {
    char *p;
    size_t n, cap;
} sb;

static void sb_s(sb *b, const char *s)
{
    while (*s && b->n + 1 < b->cap) b->p[b->n++] = *s++;
    b->p[b->n] = 0;
}

static void sb_i(sb *b, long long v)
{
    char t[24];
    int k = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do t[k++] = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) t[k++] = '-';
    while (k && b->n + 1 < b->cap) b->p[b->n++] = t[--k];
    b->p[b->n] = 0;
}

/* factor x num/den days (>= 0), rounded half away from zero to 1 decimal */
static void sb_days(sb *b, const rmk_lapse *l, int64_t factor)
{
    __int128 num = (__int128)l->num * factor * 10, den = l->den;
    long long tenths = (long long)((2 * num + den) / (2 * den));
    sb_i(b, tenths / 10);
    sb_s(b, ".");
    sb_i(b, tenths % 10);
}

/* "N purchases >= P, purchases in Q of the last 4 quarters >= R" */
static void sb_regular(sb *b, const rmk_staged_customer *c, const rmk_stage_opts *o, int R)
{
    sb_i(b, c->purchases);
    sb_s(b, R ? " покуп. >= " : " purchases >= ");
    sb_i(b, o->client_purchases);
    sb_s(b, R ? ", активность в " : ", purchases in ");
    sb_i(b, c->active_quarters);
    sb_s(b, R ? " из 4 кварталов >= " : " of the last 4 quarters >= ");
    sb_i(b, o->client_quarters);
}

char *rmk_stages_rule(const rmk_stages *x, size_t i, const char *lang, char *buf, size_t len)
{
    sb b = {buf, 0, len};
    if (!len) return buf;
    buf[0] = 0;
    if (i >= x->n) return buf;
    const rmk_staged_customer *c = &x->out[i];
    const rmk_stage_opts *o = &x->o;
    const rmk_lapse *l = &x->lapse[0];
    int R = ru(lang), lf = l->fixed ? 1 : o->lapse_factor;
    switch (c->stage) {
    case RMK_STAGE_POTENTIAL:
        sb_s(&b, c->in_customers_file
                     ? (R ? "нет покупок; статус пуст или lead" : "no purchase; status empty or lead")
                     : (R ? "нет покупок" : "no purchase"));
        break;
    case RMK_STAGE_PROSPECT:
        sb_s(&b, R ? "нет покупок; статус qualified" : "no purchase; status qualified");
        break;
    case RMK_STAGE_NON_PROSPECT:
        sb_s(&b, R ? "нет покупок; статус disqualified" : "no purchase; status disqualified");
        break;
    case RMK_STAGE_FORMER:
        sb_s(&b, R ? "давность " : "recency ");
        sb_i(&b, c->recency_days);
        sb_s(&b, R ? " дн. > " : " days > ");
        sb_days(&b, l, (int64_t)lf * o->former_factor);
        sb_s(&b, R ? " дн. (" : " days (");
        sb_i(&b, o->former_factor);
        sb_s(&b, R ? " x порог ухода)" : " x the lapse threshold)");
        break;
    case RMK_STAGE_PASSIVE:
        sb_s(&b, R ? "давность " : "recency ");
        sb_i(&b, c->recency_days);
        sb_s(&b, R ? " дн. > порога ухода " : " days > lapse threshold ");
        sb_days(&b, l, lf);
        sb_s(&b, R ? " дн." : " days");
        break;
    case RMK_STAGE_FIRST_TIME:
        sb_s(&b, R ? "1 покупка" : "1 purchase");
        break;
    case RMK_STAGE_REPEAT:
        sb_i(&b, c->purchases);
        sb_s(&b, R ? " покуп.; клиент: >= " : " purchases; a client has >= ");
        sb_i(&b, o->client_purchases);
        sb_s(&b, R ? " покуп. и активность в >= " : " and purchases in >= ");
        sb_i(&b, o->client_quarters);
        sb_s(&b, R ? " из 4 кварталов (" : " of the last 4 quarters (");
        sb_i(&b, c->active_quarters);
        sb_s(&b, ")");
        break;
    case RMK_STAGE_CLIENT:
        sb_regular(&b, c, o, R);
        break;
    case RMK_STAGE_PARTNER:
        sb_regular(&b, c, o, R);
        if (c->structural_bond == 1) {
            sb_s(&b, R ? "; структурная связь" : "; structural bond");
        } else {
            sb_s(&b, R ? "; высшая категория рейтинга (" : "; top rating category (");
            sb_s(&b, x->scale ? rmk_scale_category_name(x->scale, 0, lang) : "");
            sb_s(&b, ")");
        }
        break;
    case RMK_STAGE_FRIEND:
        sb_regular(&b, c, o, R);
        if (c->nps >= 0 && c->nps >= o->friend_nps) {
            sb_s(&b, "; NPS ");
            sb_i(&b, c->nps);
            sb_s(&b, " >= ");
            sb_i(&b, o->friend_nps);
        } else {
            sb_s(&b, R ? "; рекомендаций " : "; referrals ");
            sb_i(&b, c->referrals);
            sb_s(&b, " >= ");
            sb_i(&b, o->friend_referrals);
        }
        break;
    }
    return buf;
}

char *rmk_stages_b2b_rule(const rmk_stages *x, size_t i, const char *lang, char *buf, size_t len)
{
    sb b = {buf, 0, len};
    if (!len) return buf;
    buf[0] = 0;
    if (i >= x->n) return buf;
    const rmk_staged_customer *c = &x->out[i];
    const rmk_stage_opts *o = &x->o;
    const rmk_b2b_indicators *ind = &c->b2b;
    int R = ru(lang);
    switch (c->b2b_stage) {
    case RMK_B2B_NONE: break;
    case RMK_B2B_PRE: sb_s(&b, R ? "нет покупок" : "no purchase"); break;
    case RMK_B2B_FINAL:
        if (c->stage == RMK_STAGE_PASSIVE || c->stage == RMK_STAGE_FORMER) {
            sb_s(&b, R ? "покупки прекратились (давность " : "lapsed (recency ");
            sb_i(&b, c->recency_days);
            sb_s(&b, R ? " дн.)" : " days)");
        } else { /* rare: snprintf for the percent */
            snprintf(buf, len, R ? "продажи за 12 мес. %+.1f%% к предыдущим 12 (<= -%d%%)"
                                 : "sales of the last 12 months %+.1f%% on the 12 before (<= -%d%%)",
                     ind->trend_pct, o->b2b_final_decline);
        }
        break;
    case RMK_B2B_EARLY:
        if (ind->tenure_months < o->b2b_early_months) {
            sb_s(&b, R ? "стаж " : "tenure ");
            sb_i(&b, ind->tenure_months);
            sb_s(&b, R ? " мес. < " : " months < ");
            sb_i(&b, o->b2b_early_months);
        } else {
            sb_i(&b, ind->purchases);
            sb_s(&b, R ? " покуп. < " : " purchases < ");
            sb_i(&b, o->b2b_early_purchases);
        }
        break;
    case RMK_B2B_LONG_TERM:
        sb_s(&b, R ? "стаж " : "tenure ");
        sb_i(&b, ind->tenure_months);
        sb_s(&b, R ? " мес. >= " : " months >= ");
        sb_i(&b, o->b2b_long_months);
        sb_s(&b, R ? " и " : " and ");
        sb_i(&b, ind->purchases);
        sb_s(&b, R ? " покуп. >= " : " purchases >= ");
        sb_i(&b, o->b2b_long_purchases);
        break;
    case RMK_B2B_DEVELOPMENT:
        sb_s(&b, R ? "стаж " : "tenure ");
        sb_i(&b, ind->tenure_months);
        sb_s(&b, R ? " мес., " : " months, ");
        sb_i(&b, ind->purchases);
        sb_s(&b, R ? " покуп.: не ранняя и не долгосрочная" : " purchases: past early, not yet long-term");
        break;
    }
    return buf;
}
