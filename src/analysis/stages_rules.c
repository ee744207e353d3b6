/* SPDX-License-Identifier: MIT */
/* stages_rules.c — the rules that place a customer on the ladder of the
 * customer life cycle (lecture §2, SPEC §3.3), in a B2B stage, and give a
 * group its retention bond level (lecture §4, SPEC §3.4): a customer's
 * numbers at a date from its purchase days, the lapse threshold, and the
 * rules themselves (docs/stages.md). */
#include "stages.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* the ladder's rungs and the lecture's three phases of the life cycle */
static const int stage_rung[RMK_STAGE_COUNT] = {0, 0, 0, 1, 2, 3, 4, 5, -1, -1};
static const rmk_phase stage_phase[RMK_STAGE_COUNT] = {
    RMK_PHASE_INITIAL,  RMK_PHASE_INITIAL,     RMK_PHASE_INITIAL,     RMK_PHASE_PURCHASE,
    RMK_PHASE_PURCHASE, RMK_PHASE_CONSUMPTION, RMK_PHASE_CONSUMPTION, RMK_PHASE_CONSUMPTION,
    RMK_PHASE_PURCHASE, RMK_PHASE_INITIAL};

static int stage_ok(rmk_stage s) { return (int)s >= 0 && (int)s < RMK_STAGE_COUNT; }

int rmk_stage_rung(rmk_stage s) { return stage_ok(s) ? stage_rung[s] : -1; }
rmk_phase rmk_stage_phase(rmk_stage s) { return stage_ok(s) ? stage_phase[s] : RMK_PHASE_INITIAL; }

/* SPEC §3.4: standard -> 1, regular -> 2, strategic partner -> 3; for B2C
 * the segments whose customers buy often and recently get social bonds. */
static const rmk_bond_rule default_bonds[] = {
    {"strategic_partner", 3}, {"regular", 2}, {"standard", 1}, {"occasional", 1},
    {"champions", 2},         {"loyal", 2},   {"friends", 2}};

/* ------------------------------------------------------------ measures */

/* bound[k] = date - (24-k) months, k = 0..24: month k of the last 24 is
 * (bound[k], bound[k+1]]; the last 12 are k = 12..23 */
void stages_month_bounds(int32_t date, int32_t *bound)
{
    for (int k = 0; k <= 24; k++) bound[k] = k == 24 ? date : rmk_add_months(date, -(24 - k));
}

void stages_measure(const hday *d, size_t nd, int32_t date, const int32_t *bound, meas *m)
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

rmk_stage rmk_ladder_stage(const rmk_stage_opts *o, const rmk_lapse *l, const rmk_ladder_facts *f)
{
    if (f->purchases <= 0) {
        if (f->status == CUST_STATUS_QUALIFIED) return RMK_STAGE_PROSPECT;
        if (f->status == CUST_STATUS_DISQUALIFIED) return RMK_STAGE_NON_PROSPECT;
        return RMK_STAGE_POTENTIAL;
    }
    int32_t recency = f->recency_days;
    if (beyond(recency, l, (int64_t)o->former_factor * (l->fixed ? 1 : o->lapse_factor)))
        return RMK_STAGE_FORMER;
    if (beyond(recency, l, l->fixed ? 1 : o->lapse_factor)) return RMK_STAGE_PASSIVE;
    if (f->purchases == 1) return RMK_STAGE_FIRST_TIME;
    if (f->purchases < o->client_purchases || f->quarters < o->client_quarters)
        return RMK_STAGE_REPEAT;
    if (f->structural_bond == 1 || f->top_category) return RMK_STAGE_PARTNER;
    if ((f->nps >= 0 && f->nps >= o->friend_nps) ||
        (f->referrals >= 0 && f->referrals >= o->friend_referrals))
        return RMK_STAGE_FRIEND;
    return RMK_STAGE_CLIENT;
}

rmk_stage stages_classify(const rmk_stage_opts *o, const meas *m, int32_t date,
                          const rmk_lapse *l, const facts *f)
{
    rmk_ladder_facts lf = {.purchases = m->first == RMK_NO_DATE ? 0 : m->purchases,
                           .recency_days = m->first == RMK_NO_DATE ? 0 : date - m->last,
                           .quarters = m->quarters, .status = f->status,
                           .structural_bond = f->structural_bond, .top_category = f->category == 0,
                           .nps = f->nps, .referrals = f->referrals};
    return rmk_ladder_stage(o, l, &lf);
}

static int32_t tenure_start(const meas *m, const cust_rec *rec, int32_t date)
{
    int32_t s = m->first;
    if (rec && rec->contract_start != RMK_NO_DATE && rec->contract_start <= date &&
        (s == RMK_NO_DATE || rec->contract_start < s))
        s = rec->contract_start;
    return s;
}

void stages_indicators(const meas *m, const cust_rec *rec, int32_t date, rmk_b2b_indicators *b)
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

rmk_b2b_stage stages_classify_b2b(const rmk_stage_opts *o, const meas *m, int32_t date,
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

int stages_bond_of(const rmk_stage_opts *o, const char *key)
{
    const rmk_bond_rule *r = o->bonds ? o->bonds : default_bonds;
    size_t n = o->bonds ? o->nbonds : sizeof default_bonds / sizeof default_bonds[0];
    for (size_t i = 0; key && i < n; i++)
        if (r[i].group && !strcmp(r[i].group, key)) return r[i].level;
    return 0;
}

/* the median gap mean over customers with >= 2 purchase days at date */
int stages_lapse_at(const rmk_stage_opts *o, const hday *days, const size_t *off, size_t n,
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
