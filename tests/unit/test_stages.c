/* SPDX-License-Identifier: MIT */
/* test_stages.c — the life cycle (rmk_stages_file) on hand-worked small
 * histories: every ladder stage at its boundaries, the lapse threshold
 * (fixed and median), the B2B stages and indicators, the bond levels and
 * the migration between two dates. As-of 2026-06-30 throughout, so the
 * last four quarters are (2025-06-30, 2025-09-30], (2025-09-30,
 * 2025-12-31], (2025-12-31, 2026-03-31], (2026-03-31, 2026-06-30]. */
#include "relmark.h"
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int32_t D(const char *s)
{
    int32_t d = 0;
    rmk_date_parse(s, strlen(s), RMK_DATE_AUTO, &d);
    return d;
}

static char *tmp_file(const char *text)
{
    static char paths[6][64];
    static int next;
    char *p = paths[next++ % 6];
    snprintf(p, 64, "/tmp/relmark-stages-XXXXXX");
    int fd = mkstemp(p);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

static rmk_stages *stages_of(const char *tx, const char *customers, const char *feedback,
                             rmk_stage_opts *o)
{
    char *t = tmp_file(tx), *c = customers ? tmp_file(customers) : NULL,
         *f = feedback ? tmp_file(feedback) : NULL;
    o->customers = c;
    o->feedback = f;
    if (o->as_of == RMK_NO_DATE) o->as_of = D("2026-06-30");
    rmk_stages *x = NULL;
    char err[512] = "";
    rmk_status st = rmk_stages_file(t, NULL, o, &x, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    remove(t);
    if (c) remove(c);
    if (f) remove(f);
    return x;
}

static const rmk_staged_customer *cust_of(const rmk_stages *x, const char *id, size_t *at)
{
    for (size_t i = 0; x && i < rmk_stages_count(x); i++)
        if (!strcmp(rmk_stages_at(x, i)->customer_id, id)) {
            if (at) *at = i;
            return rmk_stages_at(x, i);
        }
    CHECK(0, "no customer %s", id);
    return NULL;
}

#define STAGE_IS(x, id, want)                                                                 \
    do {                                                                                      \
        const rmk_staged_customer *c_ = cust_of(x, id, NULL);                                 \
        if (c_) CHECK(c_->stage == (want), "%s: stage %s, want %s", id,                       \
                      rmk_stage_key(c_->stage), rmk_stage_key(want));                         \
    } while (0)

/* Every stage, with a fixed lapse threshold of 100 days (former beyond 200). */
static const char ladder_tx[] =
    "customer,invoice,date,amount\n"
    "N2,1,2026-06-01,10\n"                       /* disqualified but bought: first-time */
    "F1,2,2026-06-01,10\n"                       /* one purchase, recency 29 */
    "F1,2,2026-06-01,5\n"                        /* the same invoice's next line */
    "R0,3,2026-06-01,10\nR0,4,2026-06-01,10\n"   /* two invoices one day: 2 purchases */
    "R1,5,2026-05-01,10\nR1,6,2026-06-01,10\n"   /* two purchases: repeat */
    "R2,7,2026-04-15,10\nR2,8,2026-05-15,10\nR2,9,2026-06-15,10\n" /* 3 in 1 quarter */
    "C1,10,2025-10-15,10\nC1,11,2026-02-15,10\nC1,12,2026-06-15,10\n" /* 3 quarters */
    "C2,13,2026-03-31,10\nC2,14,2026-04-01,10\nC2,15,2026-06-30,10\n" /* 2 quarters, edges */
    "C3,16,2025-06-30,10\nC3,17,2026-04-01,10\nC3,18,2026-06-01,10\n" /* 06-30 is outside */
    "FR1,19,2026-01-10,10\nFR1,20,2026-04-10,10\nFR1,21,2026-06-10,10\n" /* NPS 9 */
    "FR2,22,2026-01-10,10\nFR2,23,2026-04-10,10\nFR2,24,2026-06-10,10\n" /* NPS 8 */
    "FR3,25,2026-01-10,10\nFR3,26,2026-04-10,10\nFR3,27,2026-06-10,10\n" /* 1 referral */
    "FR4,28,2026-01-10,10\nFR4,29,2026-04-10,10\nFR4,30,2026-06-10,10\n" /* NPS 10 after as-of */
    "PA1,31,2026-01-10,10\nPA1,32,2026-04-10,10\nPA1,33,2026-06-10,10\n" /* structural bond */
    "PA2,34,2026-01-10,10\nPA2,35,2026-06-10,10\n" /* a bond but not a client: repeat */
    "PS0,36,2026-03-22,10\n"                     /* recency 100: not beyond */
    "PS1,37,2026-01-10,10\nPS1,38,2026-03-21,10\n" /* recency 101: passive */
    "FO0,39,2025-12-12,10\n"                     /* recency 200: passive */
    "FO1,40,2025-12-11,10\n"                     /* recency 201: former */
    "RET,41,2026-05-01,-10\n"                    /* a return only: no purchase */
    "LATE,42,2026-07-01,10\n";                   /* after the as-of date: not seen */
static const char ladder_customers[] =
    "customer_id,name,type,status,contract_start,referrals,structural_bond\n"
    "P1,One,corporate,,,,\n"
    "P2,Two,corporate,lead,,,\n"
    "Q,Three,corporate,qualified,,,\n"
    "N,Four,corporate,disqualified,,,\n"
    "N2,Five,corporate,disqualified,,,\n"
    "FR3,Six,corporate,,,1,\n"
    "PA1,Seven,corporate,,,,true\n"
    "PA2,Eight,corporate,,,,yes\n";
static const char ladder_feedback[] =
    "customer_id,date,nps,satisfaction\n"
    "FR1,2026-05-01,9,\n"
    "FR2,2026-05-01,10,\n"
    "FR2,2026-06-20,8,4\n" /* the latest counts */
    "FR4,2026-07-01,10,\n"
    "GHOST,2026-05-01,10,\n"; /* in no other file */

TEST(test_stages_ladder_rules)
{
    rmk_stage_opts o;
    rmk_stage_opts_init(&o);
    o.lapse_days = 100;
    rmk_stages *x = stages_of(ladder_tx, ladder_customers, ladder_feedback, &o);
    if (!x) return;
    STAGE_IS(x, "P1", RMK_STAGE_POTENTIAL);
    STAGE_IS(x, "P2", RMK_STAGE_POTENTIAL);
    STAGE_IS(x, "Q", RMK_STAGE_PROSPECT);
    STAGE_IS(x, "N", RMK_STAGE_NON_PROSPECT);
    STAGE_IS(x, "N2", RMK_STAGE_FIRST_TIME);
    STAGE_IS(x, "F1", RMK_STAGE_FIRST_TIME);
    STAGE_IS(x, "R0", RMK_STAGE_REPEAT);
    STAGE_IS(x, "R1", RMK_STAGE_REPEAT);
    STAGE_IS(x, "R2", RMK_STAGE_REPEAT);
    STAGE_IS(x, "C1", RMK_STAGE_CLIENT);
    STAGE_IS(x, "C2", RMK_STAGE_CLIENT);
    STAGE_IS(x, "C3", RMK_STAGE_REPEAT);
    STAGE_IS(x, "FR1", RMK_STAGE_FRIEND);
    STAGE_IS(x, "FR2", RMK_STAGE_CLIENT);
    STAGE_IS(x, "FR3", RMK_STAGE_FRIEND);
    STAGE_IS(x, "FR4", RMK_STAGE_CLIENT);
    STAGE_IS(x, "PA1", RMK_STAGE_PARTNER);
    STAGE_IS(x, "PA2", RMK_STAGE_REPEAT);
    STAGE_IS(x, "PS0", RMK_STAGE_FIRST_TIME);
    STAGE_IS(x, "PS1", RMK_STAGE_PASSIVE);
    STAGE_IS(x, "FO0", RMK_STAGE_PASSIVE);
    STAGE_IS(x, "FO1", RMK_STAGE_FORMER);
    STAGE_IS(x, "RET", RMK_STAGE_POTENTIAL);
    CHECK(rmk_stages_count(x) == 23, "customers %zu", rmk_stages_count(x)); /* not LATE, GHOST */
    size_t at = 0;
    const rmk_staged_customer *c = cust_of(x, "F1", &at);
    if (c) {
        CHECK(c->purchases == 1 && c->recency_days == 29 && c->active_quarters == 1, "F1");
        CHECK(rmk_stage_phase(c->stage) == RMK_PHASE_PURCHASE, "F1 phase");
    }
    c = cust_of(x, "R0", NULL);
    if (c) CHECK(c->purchases == 2, "R0 purchases %lld", (long long)c->purchases);
    c = cust_of(x, "C2", &at);
    if (c) {
        CHECK(c->recency_days == 0 && c->active_quarters == 2, "C2 %d %d", c->recency_days,
              c->active_quarters);
        char rule[256];
        CHECK_STR(rmk_stages_rule(x, at, "en", rule, sizeof rule),
                  "3 purchases >= 3, purchases in 2 of the last 4 quarters >= 2");
    }
    c = cust_of(x, "FR2", NULL);
    if (c) CHECK(c->nps == 8 && c->satisfaction == 4, "FR2 latest nps %d sat %d", c->nps, c->satisfaction);
    c = cust_of(x, "FO1", &at);
    if (c) {
        char rule[256];
        CHECK_STR(rmk_stages_rule(x, at, "en", rule, sizeof rule),
                  "recency 201 days > 200.0 days (2 x the lapse threshold)");
        CHECK(rmk_stage_phase(c->stage) == RMK_PHASE_INITIAL, "former: initial phase");
    }
    c = cust_of(x, "PS1", &at);
    if (c) {
        char rule[256];
        CHECK_STR(rmk_stages_rule(x, at, "en", rule, sizeof rule),
                  "recency 101 days > lapse threshold 100.0 days");
        CHECK_STR(rmk_stages_rule(x, at, "ru", rule, sizeof rule),
                  "давность 101 дн. > порога ухода 100.0 дн.");
    }
    c = cust_of(x, "PA1", &at);
    if (c) {
        CHECK(c->bond_level == 3 && c->bond_source == 'b', "PA1 bond %d", c->bond_level);
        char rule[256];
        CHECK_STR(rmk_stages_rule(x, at, "en", rule, sizeof rule),
                  "3 purchases >= 3, purchases in 2 of the last 4 quarters >= 2; structural bond");
    }
    rmk_stages_stats st;
    rmk_stages_get_stats(x, &st);
    CHECK(st.feedback_only == 1, "feedback only %zu", st.feedback_only);
    CHECK(st.not_in_customers_file == 15, "not in file %zu", st.not_in_customers_file);
    CHECK(st.without_transactions == 4, "without transactions %zu", st.without_transactions);
    rmk_stages_free(x);
}

/* Thresholds are options: a client needs 2 purchases in 1 quarter. */
TEST(test_stages_thresholds)
{
    rmk_stage_opts o;
    rmk_stage_opts_init(&o);
    o.lapse_days = 100;
    o.client_purchases = 2;
    o.client_quarters = 1;
    o.friend_nps = 10;
    rmk_stages *x = stages_of(ladder_tx, NULL, ladder_feedback, &o);
    if (!x) return;
    STAGE_IS(x, "R1", RMK_STAGE_CLIENT);
    STAGE_IS(x, "R0", RMK_STAGE_CLIENT);
    STAGE_IS(x, "FR1", RMK_STAGE_CLIENT); /* NPS 9 < 10 */
    STAGE_IS(x, "F1", RMK_STAGE_FIRST_TIME);
    rmk_stages_free(x);
    rmk_stage_opts_init(&o);
    o.client_quarters = 5;
    char err[256];
    rmk_stages *y = NULL;
    CHECK(rmk_stages_file("/nonexistent", NULL, &o, &y, err, sizeof err) == RMK_ERR_USAGE, "5 quarters");
    CHECK(y == NULL, "no result");
}

/* The median lapse threshold: the mean days between purchase days of each
 * customer with two or more purchase days, then the median of those. */
TEST(test_stages_median_lapse)
{
    rmk_stage_opts o;
    rmk_stage_opts_init(&o);
    /* A: 2026-06-01, 06-11 -> 10/1; B: 05-01, 05-31, 06-30 -> 60/2 = 30;
     * C: 04-01, 06-30 -> 90/1; D: one day twice (one purchase day) -> out;
     * E: one purchase -> out. Median of 10, 30, 90 = 30: threshold 90 days. */
    const char *tx = "customer,date,amount\n"
                     "A,2026-06-01,1\nA,2026-06-11,1\n"
                     "B,2026-05-01,1\nB,2026-05-31,1\nB,2026-06-30,1\n"
                     "C,2026-04-01,1\nC,2026-06-30,1\n"
                     "D,2026-01-01,1\nD,2026-01-01,2\n"
                     "E,2026-04-01,1\n"  /* recency 90: not beyond */
                     "G,2026-03-31,1\n"; /* recency 91: passive */
    rmk_stages *x = stages_of(tx, NULL, NULL, &o);
    if (!x) return;
    rmk_lapse l;
    rmk_stages_lapse(x, 0, &l);
    CHECK(l.repeat_customers == 3 && l.num * 1 == 30 * l.den && !l.fixed, "median %lld/%lld over %zu",
          (long long)l.num, (long long)l.den, l.repeat_customers);
    STAGE_IS(x, "E", RMK_STAGE_FIRST_TIME);
    STAGE_IS(x, "G", RMK_STAGE_PASSIVE);
    STAGE_IS(x, "D", RMK_STAGE_PASSIVE); /* recency 180 = 2 x 90: not beyond it, so not former */
    rmk_stages_free(x);
    /* even count: add F with 20/1 -> median (10 + 20)/2... the middle two of
     * 10, 20, 30, 90 are 20 and 30: 25, threshold 75 */
    const char *tx2 = "customer,date,amount\n"
                      "A,2026-06-01,1\nA,2026-06-11,1\n"
                      "B,2026-05-01,1\nB,2026-05-31,1\nB,2026-06-30,1\n"
                      "C,2026-04-01,1\nC,2026-06-30,1\n"
                      "F,2026-06-10,1\nF,2026-06-30,1\n"
                      "H,2026-04-16,1\n"  /* recency 75: not beyond */
                      "I,2026-04-15,1\n"; /* recency 76: passive */
    x = stages_of(tx2, NULL, NULL, &o);
    if (!x) return;
    rmk_stages_lapse(x, 0, &l);
    CHECK(l.repeat_customers == 4 && l.num == 25 * l.den, "median %lld/%lld", (long long)l.num,
          (long long)l.den);
    STAGE_IS(x, "H", RMK_STAGE_FIRST_TIME);
    STAGE_IS(x, "I", RMK_STAGE_PASSIVE);
    rmk_stages_free(x);
}

/* B2B stages and their indicators, every customer corporate (b2b_all). */
TEST(test_stages_b2b)
{
    rmk_stage_opts o;
    rmk_stage_opts_init(&o);
    o.lapse_days = 120;
    o.b2b_all = 1;
    char tx[8192];
    size_t n = (size_t)snprintf(tx, sizeof tx, "customer,date,amount\n"
                                                 /* early: 3 months of tenure */
                                                 "E1,2026-04-01,100\nE1,2026-05-01,100\nE1,2026-06-01,100\n");
    /* long-term: monthly purchases 2024-06-15 .. 2026-06-15 (24 months of
     * tenure, 25 purchases), steady volume: trend 0 */
    for (int k = 0; k < 25; k++)
        n += (size_t)snprintf(tx + n, sizeof tx - n, "L1,%04d-%02d-15,100\n", 2024 + (k + 5) / 12,
                              (k + 5) % 12 + 1);
    /* development: from 2025-01-15, 6 purchases, 17 months of tenure */
    n += (size_t)snprintf(tx + n, sizeof tx - n,
                          "D1,2025-01-15,100\nD1,2025-04-15,100\nD1,2025-08-15,100\n"
                          "D1,2025-11-15,100\nD1,2026-02-15,100\nD1,2026-06-15,100\n");
    /* final by decline: 2024-07..2025-06 sales 1000, 2025-07..2026-06 sales 500 (exactly -50%) */
    n += (size_t)snprintf(tx + n, sizeof tx - n,
                          "X1,2024-08-01,250\nX1,2024-11-01,250\nX1,2025-02-01,250\nX1,2025-05-01,250\n"
                          "X1,2025-08-01,125\nX1,2025-11-01,125\nX1,2026-02-01,125\nX1,2026-05-01,125\n");
    /* -49.9%: not final (501 of 1000): development (tenure 22 months) */
    n += (size_t)snprintf(tx + n, sizeof tx - n,
                          "X2,2024-08-01,250\nX2,2024-11-01,250\nX2,2025-02-01,250\nX2,2025-05-01,250\n"
                          "X2,2025-08-01,125\nX2,2025-11-01,125\nX2,2026-02-01,125\nX2,2026-05-01,126\n");
    /* lapsed: final */
    n += (size_t)snprintf(tx + n, sizeof tx - n, "Z1,2025-01-01,100\nZ1,2025-02-01,100\n");
    /* indicators: purchase days 2026-05-01, 05-11, 05-31 -> gaps 10, 20: CV 5/15;
     * amounts 100, 200, 300: mean 200, population SD 81.65: CV 0.4082 */
    snprintf(tx + n, sizeof tx - n,
             "V1,2026-05-01,100\nV1,2026-05-11,200\nV1,2026-05-31,300\n");
    const char *cust = "customer_id,name,type,status,contract_start\n"
                       "PRE,Pre,corporate,qualified,2026-01-01\n"
                       "IND,Person,individual,,\n";
    rmk_stages *x = stages_of(tx, cust, NULL, &o);
    if (!x) return;
    const struct { const char *id; rmk_b2b_stage want; } cases[] = {
        {"E1", RMK_B2B_EARLY},     {"L1", RMK_B2B_LONG_TERM}, {"D1", RMK_B2B_DEVELOPMENT},
        {"X1", RMK_B2B_FINAL},     {"X2", RMK_B2B_DEVELOPMENT}, {"Z1", RMK_B2B_FINAL},
        {"PRE", RMK_B2B_PRE},      {"IND", RMK_B2B_NONE},     {"V1", RMK_B2B_EARLY}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const rmk_staged_customer *c = cust_of(x, cases[i].id, NULL);
        if (c) CHECK(c->b2b_stage == cases[i].want, "%s: b2b %s, want %s", cases[i].id,
                     rmk_b2b_stage_key(c->b2b_stage), rmk_b2b_stage_key(cases[i].want));
    }
    const rmk_staged_customer *c = cust_of(x, "L1", NULL);
    if (c) {
        CHECK(c->b2b.tenure_months == 24, "L1 tenure %d", c->b2b.tenure_months); /* 06-15 .. 06-30 */
        CHECK(c->b2b.active_months == 12 && c->b2b.trend_known && c->b2b.trend_pct == 0.0,
              "L1 months %d trend %f", c->b2b.active_months, c->b2b.trend_pct);
    }
    c = cust_of(x, "X1", NULL);
    if (c) CHECK(c->b2b.trend_known && c->b2b.trend_pct == -50.0, "X1 trend %f", c->b2b.trend_pct);
    c = cust_of(x, "V1", NULL);
    if (c) {
        CHECK(c->b2b.interval_cv_known && c->b2b.interval_cv > 0.33333 && c->b2b.interval_cv < 0.33334,
              "V1 interval cv %f", c->b2b.interval_cv);
        CHECK(c->b2b.amount_cv_known && c->b2b.amount_cv > 0.40824 && c->b2b.amount_cv < 0.40825,
              "V1 amount cv %f", c->b2b.amount_cv);
        CHECK(!c->b2b.trend_known, "V1 no earlier year");
    }
    c = cust_of(x, "PRE", NULL);
    if (c) CHECK(c->stage == RMK_STAGE_PROSPECT && c->b2b.tenure_months == 6, "PRE %s %d",
                 rmk_stage_key(c->stage), c->b2b.tenure_months);
    rmk_stages_free(x);
}

/* Migration: the stages at as-of minus 3 months (2026-03-31), the same rules. */
TEST(test_stages_migration)
{
    rmk_stage_opts o;
    rmk_stage_opts_init(&o);
    o.lapse_days = 100;
    o.compare_months = 3;
    rmk_stages *x = stages_of(ladder_tx, ladder_customers, ladder_feedback, &o);
    if (!x) return;
    CHECK(rmk_stages_compare_date(x) == D("2026-03-31"), "compare date");
    const struct { const char *id; int was; rmk_stage now; } cases[] = {
        {"C1", RMK_STAGE_REPEAT, RMK_STAGE_CLIENT},       /* 2 purchases then: up */
        {"R1", RMK_STAGE_POTENTIAL, RMK_STAGE_REPEAT},    /* unknown then */
        {"PS1", RMK_STAGE_REPEAT, RMK_STAGE_PASSIVE},     /* fell off */
        {"FO1", RMK_STAGE_PASSIVE, RMK_STAGE_FORMER},     /* recency 110 then */
        {"FR1", RMK_STAGE_FIRST_TIME, RMK_STAGE_FRIEND},  /* NPS dated 05-01: not then */
        {"C3", RMK_STAGE_FORMER, RMK_STAGE_REPEAT},       /* recency 274 then: returned */
        {"Q", RMK_STAGE_PROSPECT, RMK_STAGE_PROSPECT}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const rmk_staged_customer *c = cust_of(x, cases[i].id, NULL);
        if (!c) continue;
        CHECK(c->previous_stage == cases[i].was && c->stage == cases[i].now, "%s: %s -> %s",
              cases[i].id, rmk_stage_key((rmk_stage)c->previous_stage), rmk_stage_key(c->stage));
    }
    rmk_stages_free(x);
}

/* Bond levels from categories and segments, with a mapping of one's own. */
TEST(test_stages_bond_levels)
{
    rmk_stage_opts o;
    rmk_stage_opts_init(&o);
    rmk_status st;
    char err[256];
    rmk_segmap *map = rmk_segmap_builtin_new(RMK_SEGMAP_RELATIONSHIP, &st, err, sizeof err);
    CHECK(map != NULL, "%s", err);
    o.segments = map;
    o.lapse_days = 100;
    rmk_stages *x = stages_of(ladder_tx, ladder_customers, NULL, &o);
    if (x) {
        for (size_t i = 0; i < rmk_stages_count(x); i++) {
            const rmk_staged_customer *c = rmk_stages_at(x, i);
            const char *seg = c->segment >= 0 ? rmk_segmap_key(map, c->segment) : "";
            int want = c->structural_bond == 1 ? 3 : !strcmp(seg, "friends") ? 2 : 1;
            CHECK(c->bond_level == want, "%s (%s): level %d want %d", c->customer_id, seg,
                  c->bond_level, want);
        }
        rmk_stages_free(x);
    }
    rmk_bond_rule own[] = {{"sympathisers", 3}, {"strangers", 2}};
    o.bonds = own;
    o.nbonds = 2;
    x = stages_of(ladder_tx, NULL, NULL, &o);
    if (x) {
        for (size_t i = 0; i < rmk_stages_count(x); i++) {
            const rmk_staged_customer *c = rmk_stages_at(x, i);
            const char *seg = c->segment >= 0 ? rmk_segmap_key(map, c->segment) : "";
            int want = !strcmp(seg, "sympathisers") ? 3 : !strcmp(seg, "strangers") ? 2 : 1;
            CHECK(c->bond_level == want, "%s (%s): level %d want %d", c->customer_id, seg,
                  c->bond_level, want);
        }
        rmk_stages_free(x);
    }
    rmk_bond_info bi;
    CHECK(rmk_bond_describe(2, "en", &bi) && !strcmp(bi.mix_element, "personal communication"), "level 2");
    CHECK(rmk_bond_describe(3, "ru", &bi) && !strcmp(bi.differentiation, "высокий"), "level 3 ru");
    CHECK(!rmk_bond_describe(4, "en", &bi), "level 4");
    rmk_segmap_free(map);
}

/* rmk_ladder_stage on its own (what the PostgreSQL extension calls): a
 * median interval of 10 days x 3 = 30 days; fixed lapse_days = 30 */
TEST(test_stages_ladder_facts)
{
    rmk_stage_opts o;
    rmk_stage_opts_init(&o);
    rmk_lapse median = {10, 1, 1, 0}, fixed = {30, 1, 0, 1}, none = {0, 1, 0, 0};
    static const struct {
        int64_t purchases;
        int32_t recency;
        int quarters, status, bond, top, nps;
        long referrals;
        int fixed;
        rmk_stage want;
    } rows[] = {
        {0, 0, 0, 0, -1, 0, -1, -1, 0, RMK_STAGE_POTENTIAL},
        {0, 0, 0, 2, -1, 0, -1, -1, 0, RMK_STAGE_PROSPECT},
        {0, 0, 0, 3, -1, 0, -1, -1, 0, RMK_STAGE_NON_PROSPECT},
        {1, 5, 1, 3, -1, 0, -1, -1, 0, RMK_STAGE_FIRST_TIME},
        {5, 30, 2, 0, -1, 0, -1, -1, 0, RMK_STAGE_CLIENT},
        {5, 31, 2, 0, -1, 0, -1, -1, 0, RMK_STAGE_PASSIVE},
        {5, 60, 2, 0, -1, 0, -1, -1, 0, RMK_STAGE_PASSIVE},
        {5, 61, 2, 0, -1, 0, -1, -1, 0, RMK_STAGE_FORMER},
        {5, 31, 2, 0, -1, 0, -1, -1, 1, RMK_STAGE_PASSIVE},
        {5, 61, 2, 0, -1, 0, -1, -1, 1, RMK_STAGE_FORMER},
        {2, 0, 2, 0, 1, 1, 10, 5, 0, RMK_STAGE_REPEAT},
        {3, 0, 1, 0, -1, 0, -1, -1, 0, RMK_STAGE_REPEAT},
        {3, 0, 2, 0, 1, 0, -1, -1, 0, RMK_STAGE_PARTNER},
        {3, 0, 2, 0, 0, 1, -1, -1, 0, RMK_STAGE_PARTNER},
        {3, 0, 2, 0, 0, 0, 9, 0, 0, RMK_STAGE_FRIEND},
        {3, 0, 2, 0, 0, 0, 8, 0, 0, RMK_STAGE_CLIENT},
        {3, 0, 2, 0, -1, 0, 8, 1, 0, RMK_STAGE_FRIEND},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rmk_ladder_facts f = {rows[i].purchases, rows[i].recency, rows[i].quarters, rows[i].status,
                              rows[i].bond, rows[i].top, rows[i].nps, rows[i].referrals};
        o.lapse_days = rows[i].fixed ? 30 : 0;
        rmk_stage s = rmk_ladder_stage(&o, rows[i].fixed ? &fixed : &median, &f);
        CHECK(s == rows[i].want, "row %zu: %s, want %s", i, rmk_stage_key(s),
              rmk_stage_key(rows[i].want));
    }
    o.lapse_days = 0;
    rmk_ladder_facts late = {3, 10000, 2, 0, -1, 0, -1, -1};
    CHECK(rmk_ladder_stage(&o, &none, &late) == RMK_STAGE_CLIENT, "no median: no one lapses");
}
