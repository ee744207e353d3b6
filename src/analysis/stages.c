/* stages.c — the customer life cycle (lecture §2, SPEC §3.3) and the
 * retention bond levels (lecture §4, SPEC §3.4).
 *
 * One pass over the transactions keeps each customer's history as its
 * purchase days: per (customer, day) the purchases started that day and the
 * net sales. Memory grows with distinct purchase days, not rows. Any date's
 * stage is then a walk over the customer's days, so the as-of date (the
 * latest transaction date unless given) and the migration's earlier date
 * are both exact, from one read. The ladder's rules, the lapse threshold,
 * the B2B stages and their indicators are in classify() and measure(). */
#include "custfile.h"
#include "txn.h"
#include "feedback.h"
#include "book.h"
#include "sort.h"
#include "parse.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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
static const int stage_rung[RMK_STAGE_COUNT] = {0, 0, 0, 1, 2, 3, 4, 5, -1, -1};
static const rmk_phase stage_phase[RMK_STAGE_COUNT] = {
    RMK_PHASE_INITIAL,  RMK_PHASE_INITIAL,     RMK_PHASE_INITIAL,     RMK_PHASE_PURCHASE,
    RMK_PHASE_PURCHASE, RMK_PHASE_CONSUMPTION, RMK_PHASE_CONSUMPTION, RMK_PHASE_CONSUMPTION,
    RMK_PHASE_PURCHASE, RMK_PHASE_INITIAL};

static int ru(const char *lang) { return lang && !strcmp(lang, "ru"); }
static int stage_ok(rmk_stage s) { return (int)s >= 0 && (int)s < RMK_STAGE_COUNT; }

const char *rmk_stage_key(rmk_stage s) { return stage_ok(s) ? stage_keys[s] : ""; }
const char *rmk_stage_name(rmk_stage s, const char *lang)
{
    return stage_ok(s) ? (ru(lang) ? stage_ru : stage_en)[s] : "";
}
int rmk_stage_rung(rmk_stage s) { return stage_ok(s) ? stage_rung[s] : -1; }
rmk_phase rmk_stage_phase(rmk_stage s) { return stage_ok(s) ? stage_phase[s] : RMK_PHASE_INITIAL; }

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

int rmk_bond_describe(int level, const char *lang, rmk_bond_info *out)
{
    if (level < 1 || level > 3) return 0;
    *out = bond_text[ru(lang)][level - 1];
    return 1;
}

/* SPEC §3.4: standard -> 1, regular -> 2, strategic partner -> 3; for B2C
 * the segments whose customers buy often and recently get social bonds. */
static const rmk_bond_rule default_bonds[] = {
    {"strategic_partner", 3}, {"regular", 2}, {"standard", 1}, {"occasional", 1},
    {"champions", 2},         {"loyal", 2},   {"friends", 2}};

void rmk_stage_opts_init(rmk_stage_opts *o)
{
    memset(o, 0, sizeof *o);
    o->as_of = RMK_NO_DATE;
    o->sat_min = 1;
    o->sat_max = 5;
    o->client_purchases = 3;
    o->client_quarters = 2;
    o->lapse_factor = 3;
    o->former_factor = 2;
    o->friend_nps = 9;
    o->friend_referrals = 1;
    o->b2b_early_months = 12;
    o->b2b_early_purchases = 3;
    o->b2b_long_months = 24;
    o->b2b_long_purchases = 12;
    o->b2b_final_decline = 50;
}

/* ------------------------------------------------------------ history */

typedef struct cust {
    const cust_rec *rec;     /* customers file, or NULL */
    const fb_customer *fb;   /* feedback, or NULL */
    int has_rows, category, previous_category, segment;
} cust;

struct rmk_stages {
    rmk_staged_customer *out;
    size_t n;
    rmk_agg *ids;       /* the book's: the output points into it */
    const custfile *cf; /* the book's, or NULL */
    const feedback *fb; /* the book's, or NULL */
    rmk_book *own_book; /* rmk_stages_file's */
    rmk_rating *rating;
    rmk_scale *own_scale;
    const rmk_scale *scale;
    const rmk_segmap *segments;
    rmk_stage_opts o;
    int32_t as_of, compare;
    rmk_lapse lapse[2];
    rmk_stages_stats stats;
};

/* ------------------------------------------------------------ measures */

/* A customer's numbers at one date, from its purchase days. */
typedef struct meas {
    int64_t purchases;
    int32_t first, last; /* purchase days; RMK_NO_DATE without */
    uint32_t days;       /* distinct purchase days */
    int quarters;        /* of the last 4 three-month windows, with a purchase */
    int months;          /* of the last 12 months, with a purchase */
    __int128 net12, net_prev12;
    double gap_mean, gap_m2;   /* Welford over the gaps between purchase days */
    double amt_mean, amt_m2;   /* ... over the purchase days' net sales */
} meas;

/* bound[k] = date - (24-k) months, k = 0..24: month k of the last 24 is
 * (bound[k], bound[k+1]]; the last 12 are k = 12..23 */
static void month_bounds(int32_t date, int32_t *bound)
{
    for (int k = 0; k <= 24; k++) bound[k] = k == 24 ? date : rmk_add_months(date, -(24 - k));
}

static void measure(const hday *d, size_t nd, int32_t date, const int32_t *bound, meas *m)
{
    memset(m, 0, sizeof *m);
    m->first = m->last = RMK_NO_DATE;
    unsigned qmask = 0, mmask = 0;
    int k = 0; /* walks the month bounds with the ascending days */
    for (size_t i = 0; i < nd && d[i].day <= date; i++) {
        int32_t day = d[i].day;
        while (k < 25 && bound[k] < day) k++;
        int month = k - 1; /* 0..23 when day is in (bound[0], date] */
        if (month >= 12) m->net12 += d[i].net;
        else if (month >= 0) m->net_prev12 += d[i].net;
        m->purchases += d[i].purchases & ~HDAY_ACTIVE;
        if (!(d[i].purchases & HDAY_ACTIVE)) continue;
        if (month >= 12) {
            mmask |= 1u << (month - 12);
            qmask |= 1u << ((month - 12) / 3);
        }
        if (m->days > 0) { /* Welford: stable for long histories */
            double g = (double)(day - m->last), dg = g - m->gap_mean;
            m->gap_mean += dg / (double)m->days;
            m->gap_m2 += dg * (g - m->gap_mean);
        } else {
            m->first = day;
        }
        m->days++;
        double a = (double)d[i].net, da = a - m->amt_mean;
        m->amt_mean += da / (double)m->days;
        m->amt_m2 += da * (a - m->amt_mean);
        m->last = day;
    }
    m->quarters = __builtin_popcount(qmask);
    m->months = __builtin_popcount(mmask);
}

/* exact rational compare of gap means (last-first)/(days-1) */
typedef struct ratio { int64_t num, den; } ratio;
static int ratio_cmp(const void *pa, const void *pb)
{
    const ratio *a = pa, *b = pb;
    __int128 l = (__int128)a->num * b->den, r = (__int128)b->num * a->den;
    return (l > r) - (l < r);
}

/* recency > factor * lapse, exactly */
static int beyond(int32_t recency, const rmk_lapse *l, int64_t factor)
{
    if (!l->fixed && l->repeat_customers == 0) return 0;
    return (__int128)recency * l->den > (__int128)factor * l->num;
}

/* --------------------------------------------------------- classifying */

typedef struct facts {
    int status, structural_bond, nps, category; /* category: -1 not rated */
    long referrals;
} facts;

static rmk_stage classify(const rmk_stage_opts *o, const meas *m, int32_t date,
                          const rmk_lapse *l, const facts *f)
{
    if (m->purchases == 0 || m->first == RMK_NO_DATE) {
        if (f->status == CUST_STATUS_QUALIFIED) return RMK_STAGE_PROSPECT;
        if (f->status == CUST_STATUS_DISQUALIFIED) return RMK_STAGE_NON_PROSPECT;
        return RMK_STAGE_POTENTIAL;
    }
    int32_t recency = date - m->last;
    if (beyond(recency, l, (int64_t)o->former_factor * (l->fixed ? 1 : o->lapse_factor)))
        return RMK_STAGE_FORMER;
    if (beyond(recency, l, l->fixed ? 1 : o->lapse_factor)) return RMK_STAGE_PASSIVE;
    if (m->purchases == 1) return RMK_STAGE_FIRST_TIME;
    if (m->purchases < o->client_purchases || m->quarters < o->client_quarters)
        return RMK_STAGE_REPEAT;
    if (f->structural_bond == 1 || f->category == 0) return RMK_STAGE_PARTNER;
    if ((f->nps >= 0 && f->nps >= o->friend_nps) ||
        (f->referrals >= 0 && f->referrals >= o->friend_referrals))
        return RMK_STAGE_FRIEND;
    return RMK_STAGE_CLIENT;
}

static int32_t tenure_start(const meas *m, const cust_rec *rec, int32_t date)
{
    int32_t s = m->first;
    if (rec && rec->contract_start != RMK_NO_DATE && rec->contract_start <= date &&
        (s == RMK_NO_DATE || rec->contract_start < s))
        s = rec->contract_start;
    return s;
}

static void indicators(const meas *m, const cust_rec *rec, int32_t date, rmk_b2b_indicators *b)
{
    memset(b, 0, sizeof *b);
    int32_t s = tenure_start(m, rec, date);
    b->tenure_months = s == RMK_NO_DATE ? 0 : rmk_months_completed(s, date);
    b->purchases = m->purchases;
    if (m->days >= 3 && m->gap_mean > 0) { /* >= 2 gaps */
        b->interval_cv_known = 1;
        b->interval_cv = sqrt(m->gap_m2 / (double)(m->days - 1)) / m->gap_mean;
    }
    if (m->days >= 2 && m->amt_mean > 0) {
        b->amount_cv_known = 1;
        b->amount_cv = sqrt(m->amt_m2 / (double)m->days) / m->amt_mean;
    }
    b->active_months = m->months;
    if (m->net_prev12 > 0) {
        b->trend_known = 1;
        b->trend_pct = ((double)m->net12 / (double)m->net_prev12 - 1.0) * 100.0;
    }
    b->structural_bond = rec ? rec->structural_bond : -1;
}

/* net12 <= (1 - decline%) * net_prev12, exactly */
static int collapsing(const rmk_stage_opts *o, const meas *m)
{
    return m->net_prev12 > 0 && m->net12 * 100 <= m->net_prev12 * (100 - o->b2b_final_decline);
}

static rmk_b2b_stage classify_b2b(const rmk_stage_opts *o, const meas *m, int32_t date,
                                  const rmk_lapse *l, const rmk_b2b_indicators *b)
{
    if (m->purchases == 0 || m->first == RMK_NO_DATE) return RMK_B2B_PRE;
    if (beyond(date - m->last, l, l->fixed ? 1 : o->lapse_factor)) return RMK_B2B_FINAL;
    if (b->tenure_months >= o->b2b_early_months && collapsing(o, m)) return RMK_B2B_FINAL;
    if (b->tenure_months < o->b2b_early_months || m->purchases < o->b2b_early_purchases)
        return RMK_B2B_EARLY;
    if (b->tenure_months >= o->b2b_long_months && m->purchases >= o->b2b_long_purchases)
        return RMK_B2B_LONG_TERM;
    return RMK_B2B_DEVELOPMENT;
}

static int bond_of(const rmk_stage_opts *o, const char *key)
{
    const rmk_bond_rule *r = o->bonds ? o->bonds : default_bonds;
    size_t n = o->bonds ? o->nbonds : sizeof default_bonds / sizeof default_bonds[0];
    for (size_t i = 0; key && i < n; i++)
        if (r[i].group && !strcmp(r[i].group, key)) return r[i].level;
    return 0;
}

/* -------------------------------------------------------------- result */

void rmk_stages_free(rmk_stages *x)
{
    if (!x) return;
    free(x->out);
    rmk_rating_free(x->rating); /* before the book it points into */
    rmk_book_free(x->own_book);
    rmk_scale_free(x->own_scale);
    free(x);
}
size_t rmk_stages_count(const rmk_stages *x) { return x->n; }
const rmk_staged_customer *rmk_stages_at(const rmk_stages *x, size_t i)
{
    return i < x->n ? &x->out[i] : NULL;
}
int32_t rmk_stages_as_of(const rmk_stages *x) { return x->as_of; }
int32_t rmk_stages_compare_date(const rmk_stages *x) { return x->compare; }
void rmk_stages_lapse(const rmk_stages *x, int previous, rmk_lapse *l) { *l = x->lapse[previous ? 1 : 0]; }
const rmk_scale *rmk_stages_scale(const rmk_stages *x) { return x->rating ? x->scale : NULL; }
const rmk_segmap *rmk_stages_segments(const rmk_stages *x) { return x->segments; }
void rmk_stages_get_stats(const rmk_stages *x, rmk_stages_stats *s) { *s = x->stats; }
int rmk_stages_group_bond(const rmk_stages *x, const char *group)
{
    int lv = bond_of(&x->o, group);
    return lv ? lv : 1;
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

/* ---------------------------------------------------------------- build */

static int opts_check(const rmk_stage_opts *o, char *err, size_t errlen)
{
    const char *bad = NULL;
    if (o->client_purchases < 1) bad = "client purchases must be at least 1";
    else if (o->client_quarters < 0 || o->client_quarters > 4) bad = "client quarters must be 0..4";
    else if (o->lapse_days < 0) bad = "lapse days must not be negative";
    else if (o->lapse_factor < 1 || o->former_factor < 1 || o->lapse_factor > 100000 ||
             o->former_factor > 100000)
        bad = "lapse and former factors must be 1..100000";
    else if (o->friend_nps < 0 || o->friend_nps > 10) bad = "friend NPS must be 0..10";
    else if (o->friend_referrals < 1) bad = "friend referrals must be at least 1";
    else if (o->b2b_early_months < 0 || o->b2b_long_months < 0 || o->b2b_early_purchases < 0 ||
             o->b2b_long_purchases < 0)
        bad = "B2B thresholds must not be negative";
    else if (o->b2b_final_decline < 1 || o->b2b_final_decline > 100) bad = "B2B final decline must be 1..100 percent";
    else if (o->compare_days < 0 || o->compare_months < 0) bad = "the migration period must be positive";
    for (size_t i = 0; !bad && o->bonds && i < o->nbonds; i++)
        if (o->bonds[i].level < 1 || o->bonds[i].level > 3) bad = "a bond level must be 1, 2 or 3";
    if (bad) snprintf(err, errlen, "%s", bad);
    return bad ? -1 : 0;
}

/* the median gap mean over customers with >= 2 purchase days at date */
static int lapse_at(const rmk_stage_opts *o, const hday *days, const size_t *off, size_t n,
                    int32_t date, rmk_lapse *l)
{
    memset(l, 0, sizeof *l);
    if (o->lapse_days > 0) {
        l->fixed = 1;
        l->num = o->lapse_days;
        l->den = 1;
        return 0;
    }
    ratio *r = malloc((n ? n : 1) * sizeof *r);
    if (!r) return -1;
    size_t k = 0;
    for (size_t c = 0; c < n; c++) {
        int32_t first = RMK_NO_DATE, last = RMK_NO_DATE;
        int64_t nd = 0;
        for (size_t i = off[c]; i < off[c + 1] && days[i].day <= date; i++)
            if (days[i].purchases & HDAY_ACTIVE) {
                if (first == RMK_NO_DATE) first = days[i].day;
                last = days[i].day;
                nd++;
            }
        if (nd >= 2) r[k++] = (ratio){(int64_t)last - first, nd - 1};
    }
    if (k) {
        qsort(r, k, sizeof *r, ratio_cmp);
        if (k % 2) {
            l->num = r[k / 2].num;
            l->den = r[k / 2].den;
        } else { /* the mean of the middle two: (a/b + c/d) / 2 */
            ratio a = r[k / 2 - 1], b = r[k / 2];
            l->num = a.num * b.den + b.num * a.den;
            l->den = 2 * a.den * b.den;
        }
        l->repeat_customers = k;
    } else {
        l->den = 1;
    }
    free(r);
    return 0;
}


static rmk_status check_all(const rmk_stage_opts *o, char *err, size_t errlen);

rmk_status rmk_stages_file(const char *path, const rmk_read_opts *ro, const rmk_stage_opts *o,
                           rmk_stages **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_read_opts rdef;
    rmk_stage_opts odef;
    if (!ro) rmk_read_opts_init(&rdef), ro = &rdef;
    if (!o) rmk_stage_opts_init(&odef), o = &odef;
    rmk_status st = check_all(o, err, errlen);
    if (st) return st;
    rmk_read_opts rr = *ro; /* every file stops at the as-of date */
    if (o->as_of != RMK_NO_DATE) rr.as_of = o->as_of;
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_DAYS | RMK_BOOK_RFM | (o->rate ? RMK_BOOK_PAYMENTS : 0);
    bo.customers = o->customers;
    bo.feedback = o->feedback;
    bo.sat_min = o->sat_min;
    bo.sat_max = o->sat_max;
    rmk_book *book = NULL;
    st = rmk_book_read(path, &rr, &bo, &book, err, errlen);
    if (st == RMK_OK) st = rmk_stages_run(book, o, out, err, errlen);
    if (st == RMK_OK) (*out)->own_book = book;
    else rmk_book_free(book);
    return st;
}

/* The options, and the bond mapping's groups against the scale's categories
 * and the map's segments: a typo is not a silent level 1 */
static rmk_status check_all(const rmk_stage_opts *o, char *err, size_t errlen)
{
    if (opts_check(o, err, errlen)) return RMK_ERR_USAGE;
    if (o->bonds) { /* a mapping names groups that exist: a typo is not a silent level 1 */
        rmk_status sst = RMK_OK;
        rmk_scale *def = o->scale ? NULL : rmk_scale_default(&sst, err, errlen);
        const rmk_scale *sc = o->scale ? o->scale : def;
        if (!sc) return sst;
        for (size_t i = 0; i < o->nbonds; i++) {
            const char *g = o->bonds[i].group ? o->bonds[i].group : "";
            int known = 0;
            for (int c = 0; c < rmk_scale_category_count(sc) && !known; c++)
                known = !strcmp(g, rmk_scale_category_key(sc, c));
            for (int k = 0; o->segments && k < rmk_segmap_count(o->segments) && !known; k++)
                known = !strcmp(g, rmk_segmap_key(o->segments, k));
            if (!known) {
                size_t u = (size_t)snprintf(err, errlen, "the bond mapping names '%s', neither a rating "
                                                         "category nor a segment (known:", g);
                for (int c = 0; c < rmk_scale_category_count(sc) && u < errlen; c++)
                    u += (size_t)snprintf(err + u, errlen - u, " %s", rmk_scale_category_key(sc, c));
                for (int k = 0; o->segments && k < rmk_segmap_count(o->segments) && u < errlen; k++)
                    u += (size_t)snprintf(err + u, errlen - u, " %s", rmk_segmap_key(o->segments, k));
                if (u < errlen) snprintf(err + u, errlen - u, ")");
                rmk_scale_free(def);
                return RMK_ERR_CONFIG;
            }
        }
        rmk_scale_free(def);
    }
    return RMK_OK;
}

rmk_status rmk_stages_run(const rmk_book *book, const rmk_stage_opts *o, rmk_stages **out,
                          char *err, size_t errlen)
{
    *out = NULL;
    rmk_stage_opts odef;
    if (!o) rmk_stage_opts_init(&odef), o = &odef;
    rmk_status st = check_all(o, err, errlen);
    if (st) return st;
    if (book_lacks(book, RMK_BOOK_DAYS | RMK_BOOK_RFM | (o->rate ? RMK_BOOK_PAYMENTS : 0), "the life cycle",
                   err, errlen))
        return RMK_ERR_USAGE;
    const char *path = book->path;
    rmk_stages *x = calloc(1, sizeof *x);
    const hday *days = book->h.days;
    const size_t *off = book->h.off;
    cust *cu = NULL;
    kv *order = NULL;
    rmk_rfm *rfm = NULL;
    if (!x) goto nomem;
    x->o = *o;
    x->compare = RMK_NO_DATE;
    x->segments = o->segments;
    /* the transactions' customers, then the customers file's (on the ladder
     * even without purchases) */
    x->cf = book->cf;
    x->fb = book->fb;
    x->ids = book->h.ids;
    rmk_agg_stats as;
    rmk_agg_get_stats(x->ids, &as);
    x->stats.rows = as.rows;
    x->stats.rows_skipped = as.rows_skipped;
    x->stats.rows_after_as_of = as.rows_after_as_of;
    snprintf(x->stats.first_error, sizeof x->stats.first_error, "%s", as.first_error);
    size_t n = agg_count(x->ids);
    x->as_of = o->as_of != RMK_NO_DATE ? o->as_of : as.last_day;
    if (x->as_of == RMK_NO_DATE) {
        snprintf(err, errlen, "%s: no transactions (give --as-of to place the customers of the "
                              "customers file)", path);
        st = RMK_ERR_EMPTY;
        goto fail;
    }
    if (o->compare_days || o->compare_months)
        x->compare = rmk_add_months(x->as_of, -o->compare_months) - o->compare_days;
    if (lapse_at(o, days, off, n, x->as_of, &x->lapse[0])) goto nomem;
    if (x->compare != RMK_NO_DATE && lapse_at(o, days, off, n, x->compare, &x->lapse[1])) goto nomem;

    /* per customer: files, category, segment */
    cu = calloc(n ? n : 1, sizeof *cu);
    order = malloc((n ? n : 1) * sizeof *order);
    x->out = calloc(n ? n : 1, sizeof *x->out);
    if (!cu || !order || !x->out) goto nomem;
    if (book->by_id) { /* the book knows the id order */
        for (size_t i = 0; i < n; i++) order[i].idx = book->by_id[i];
    } else {
        for (size_t i = 0; i < n; i++) order[i].idx = (uint32_t)i;
        if (agg_sort_by_id(x->ids, order, n)) goto nomem;
    }
    const agg_customer *ac = agg_customers(x->ids);
    for (size_t i = 0; i < n; i++) {
        cust *c = &cu[i];
        c->rec = book->rec ? book->rec[i] : NULL;
        c->fb = book->fbc ? book->fbc[i] : NULL;
        c->has_rows = off[i + 1] > off[i];
        c->category = c->previous_category = c->segment = -1;
    }
    if (o->rate) {
        rmk_rate_opts rt;
        rmk_rate_opts_init(&rt);
        rt.as_of = x->as_of;
        rt.compare_to = x->compare;
        rt.scale = o->scale;
        rt.customers = o->customers;
        st = rmk_rate_run(book, &rt, &x->rating, err, errlen);
        if (st) goto fail;
        x->scale = rmk_rating_scale(x->rating);
        /* both in id order: merge */
        size_t r = 0, nr = rmk_rating_count(x->rating);
        for (size_t t = 0; t < n && r < nr; t++) {
            size_t i = order[t].idx;
            const char *id = agg_id(x->ids, &ac[i]);
            while (r < nr && id_order(rmk_rating_at(x->rating, r)->customer_id,
                                    strlen(rmk_rating_at(x->rating, r)->customer_id), id,
                                    ac[i].id_len) < 0)
                r++;
            const rmk_rated_client *rc = r < nr ? rmk_rating_at(x->rating, r) : NULL;
            if (rc && id_order(rc->customer_id, strlen(rc->customer_id), id, ac[i].id_len) == 0) {
                cu[i].category = rc->category;
                cu[i].previous_category = rc->previous_category;
            }
        }
    }
    if (o->segments) {
        rmk_rfm_opts ropt;
        rmk_rfm_opts_init(&ropt);
        ropt.as_of = x->as_of;
        ropt.segments = o->segments;
        ropt.bins = rmk_segmap_bins(o->segments);
        st = rmk_rfm_score(x->ids, &ropt, &rfm, err, errlen);
        if (st == RMK_ERR_EMPTY) st = RMK_OK; /* no purchase at all: no segments */
        if (st) goto fail;
        size_t r = 0, nr = rfm ? rmk_rfm_count(rfm) : 0;
        for (size_t t = 0; t < n && r < nr; t++) {
            size_t i = order[t].idx;
            const char *id = agg_id(x->ids, &ac[i]);
            while (r < nr && id_order(rmk_rfm_at(rfm, r)->customer_id, rmk_rfm_at(rfm, r)->id_len,
                                    id, ac[i].id_len) < 0)
                r++;
            const rmk_rfm_customer *rc = r < nr ? rmk_rfm_at(rfm, r) : NULL;
            if (rc && id_order(rc->customer_id, rc->id_len, id, ac[i].id_len) == 0)
                cu[i].segment = rc->segment;
        }
    }

    /* classify: customers in the order of their histories (memory order),
     * each written to its place in id order */
    int32_t bound[2][25];
    month_bounds(x->as_of, bound[0]);
    if (x->compare != RMK_NO_DATE) month_bounds(x->compare, bound[1]);
    for (size_t t = 0; t < n; t++) order[order[t].idx].key = t; /* .key: the id rank */
    x->n = n;
    for (size_t i = 0; i < n; i++) {
        const cust *c = &cu[i];
        const cust_rec *rec = c->rec;
        rmk_staged_customer *s = &x->out[order[i].key];
        s->customer_id = agg_id(x->ids, &ac[i]);
        s->id_len = ac[i].id_len;
        s->name = rec && rec->name ? rec->name : "";
        s->in_customers_file = rec != NULL;
        s->has_transactions = c->has_rows;
        s->in_feedback = c->fb != NULL;
        if (x->cf && !rec) x->stats.not_in_customers_file++;
        if (x->cf && !c->has_rows) x->stats.without_transactions++;
        int corporate = rec ? rec->type == CUST_TYPE_CORPORATE
                                  || (o->b2b_all && rec->type != CUST_TYPE_INDIVIDUAL)
                            : o->b2b_all;
        facts f = {rec ? rec->status : CUST_STATUS_NONE, rec ? rec->structural_bond : -1, -1,
                   c->category, rec ? rec->referrals : -1};
        s->previous_stage = -1;
        s->previous_b2b_stage = RMK_B2B_NONE;
        for (int v = x->compare != RMK_NO_DATE ? 1 : 0; v >= 0; v--) {
            int32_t date = v ? x->compare : x->as_of;
            meas m;
            measure(days + off[i], off[i + 1] - off[i], date, bound[v], &m);
            int nps = -1, sat = -1;
            int32_t d;
            if (c->fb) {
                feedback_latest_nps(x->fb, c->fb, date, &nps, &d);
                feedback_latest_sat(x->fb, c->fb, date, &sat, &d);
            }
            f.nps = nps;
            f.category = v ? c->previous_category : c->category;
            rmk_stage stage = classify(o, &m, date, &x->lapse[v], &f);
            rmk_b2b_indicators bi;
            indicators(&m, rec, date, &bi);
            rmk_b2b_stage b2b = corporate ? classify_b2b(o, &m, date, &x->lapse[v], &bi) : RMK_B2B_NONE;
            if (v) {
                s->previous_stage = (int)stage;
                s->previous_b2b_stage = b2b;
                continue;
            }
            s->stage = stage;
            s->purchases = m.purchases;
            s->first_purchase = m.first;
            s->last_purchase = m.last;
            s->recency_days = m.last == RMK_NO_DATE ? -1 : date - m.last;
            s->active_quarters = m.quarters;
            s->nps = nps;
            s->satisfaction = sat;
            s->b2b_stage = b2b;
            s->b2b = bi;
        }
        s->referrals = rec ? rec->referrals : -1;
        s->structural_bond = rec ? rec->structural_bond : -1;
        s->category = c->category;
        s->segment = c->segment;
        /* the recommended bond level: an existing structural bond is kept;
         * then the rating category's level, then the segment's */
        int lv = 0;
        if (s->structural_bond == 1) lv = 3, s->bond_source = 'b';
        if (!lv && c->category >= 0 && (lv = bond_of(o, rmk_scale_category_key(x->scale, c->category))))
            s->bond_source = 'c';
        if (!lv && c->segment >= 0 && (lv = bond_of(o, rmk_segmap_key(o->segments, c->segment))))
            s->bond_source = 's';
        if (!lv) lv = 1, s->bond_source = 'd';
        s->bond_level = lv;
    }
    /* feedback respondents known to neither other file */
    for (size_t k = 0; x->fb && k < feedback_customer_count(x->fb); k++) {
        const fb_customer *fc = feedback_customer_at(x->fb, k);
        size_t lo = 0, hi = x->n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (id_order(x->out[mid].customer_id, x->out[mid].id_len, fc->id, fc->id_len) < 0) lo = mid + 1;
            else hi = mid;
        }
        if (lo == x->n || id_order(x->out[lo].customer_id, x->out[lo].id_len, fc->id, fc->id_len))
            x->stats.feedback_only++;
    }
    if (x->fb) {
        feedback_stats fs;
        feedback_get_stats(x->fb, &fs);
        x->stats.feedback_rows = fs.rows;
    }
    *out = x;
    x = NULL;
    goto done;
nomem:
    st = RMK_ERR_NOMEM;
    snprintf(err, errlen, "out of memory");
fail:
    rmk_stages_free(x);
done:
    rmk_rfm_free(rfm);
    free(order);
    free(cu);
    return st;
}
