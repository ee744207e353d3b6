/* SPDX-License-Identifier: MIT */
/* test_feedback_analysis.c — relmark feedback (rmk_feedback_file) on
 * hand-worked cases: the NPS of a group at its extremes (-100, 0, 100) and
 * its rounding, the classes at their boundaries, the trend per quarter (a
 * client's latest answer in each quarter), the per-client fields, the alert
 * at its boundaries (a drop of exactly 3 alerts, 2 does not; a first answer
 * has no previous), and which respondents are key clients. */
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
    snprintf(p, 64, "/tmp/relmark-fbk-XXXXXX");
    int fd = mkstemp(p);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

/* rmk_feedback_file over texts (tx, customers may be NULL); st the status
 * wanted; err gets the message. */
static rmk_feedback *run(const char *answers, const char *tx, const char *customers,
                         rmk_feedback_opts *o, rmk_status want, char *err, size_t errlen)
{
    char *a = tmp_file(answers), *t = tx ? tmp_file(tx) : NULL,
         *c = customers ? tmp_file(customers) : NULL;
    o->transactions = t;
    o->customers = c;
    rmk_feedback *x = NULL;
    err[0] = 0;
    rmk_status st = rmk_feedback_file(a, NULL, o, &x, err, errlen);
    CHECK(st == want, "status %d, want %d: %s", (int)st, (int)want, err);
    CHECK((st == RMK_OK) == (x != NULL), "result %p with status %d", (void *)x, (int)st);
    remove(a);
    if (t) remove(t);
    if (c) remove(c);
    return x;
}

static const rmk_feedback_client *client(const rmk_feedback *x, const char *id)
{
    for (size_t i = 0; x && i < rmk_feedback_count(x); i++)
        if (!strcmp(rmk_feedback_at(x, i)->customer_id, id)) return rmk_feedback_at(x, i);
    CHECK(0, "no client %s", id);
    return NULL;
}

TEST(test_feedback_nps_hand_worked)
{
    static const struct {
        size_t pro, pas, det;
        int known, tenths;
    } rows[] = {
        {0, 0, 0, 0, 0},       /* no answer: not known */
        {5, 0, 0, 1, 1000},    /* all promoters: exactly 100 */
        {1, 0, 0, 1, 1000},
        {0, 0, 5, 1, -1000},   /* all detractors: exactly -100 */
        {0, 7, 0, 1, 0},       /* all passives: 0 */
        {2, 1, 2, 1, 0},       /* as many promoters as detractors: 0 */
        {3, 4, 1, 1, 250},     /* 37.5 - 12.5 = 25 */
        {1, 2, 0, 1, 333},     /* 33.33... */
        {2, 0, 1, 1, 333},     /* 66.7 - 33.3 */
        {1, 5, 0, 1, 167},     /* 16.666... rounds up */
        {0, 5, 1, 1, -167},    /* and its negative down */
        {1, 7, 0, 1, 125},     /* exactly 12.5 */
        {1, 15, 0, 1, 63},     /* exactly 6.25: half away from zero */
        {0, 15, 1, 1, -63},    /* -6.25 -> -6.3 */
        {1, 31, 0, 1, 31},     /* 3.125 -> 3.1 */
        {2, 195, 3, 1, -5},    /* -0.5 exactly */
        {1, 1998, 0, 1, 1},    /* 0.05 -> 0.1 */
        {1, 1999, 0, 1, 1},    /* 0.05 exactly -> 0.1 */
        {1, 2000, 0, 1, 0},    /* 0.04998 -> 0.0 */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int t = 12345;
        int k = rmk_nps_tenths(rows[i].pro, rows[i].pas, rows[i].det, &t);
        CHECK(k == rows[i].known && t == rows[i].tenths, "row %zu (%zu, %zu, %zu): %d %d, want %d %d",
              i, rows[i].pro, rows[i].pas, rows[i].det, k, t, rows[i].known, rows[i].tenths);
    }
    /* the classes at their boundaries */
    static const int cls[13] = {-1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 2, -1};
    for (int v = -1; v <= 11; v++)
        CHECK(rmk_nps_class_of(v) == cls[v + 1], "class of %d: %d", v, rmk_nps_class_of(v));
    CHECK_STR(rmk_nps_class_key(RMK_NPS_DETRACTOR), "detractor");
    CHECK_STR(rmk_nps_class_key(RMK_NPS_PASSIVE), "passive");
    CHECK_STR(rmk_nps_class_key(RMK_NPS_PROMOTER), "promoter");
    CHECK_STR(rmk_nps_class_name(RMK_NPS_PROMOTER, "ru"), "промоутер");
    CHECK_STR(rmk_nps_class_name(RMK_NPS_DETRACTOR, "ru"), "критик");
}

/* Six clients over three quarters (no transactions: every one is key):
 *   A 2026-01-15  9/5, 2026-04-10 6/3   NPS -3, sat -2, new detractor
 *   B 2026-01-20  8/4, 2026-04-12 6/4   NPS -2, but a new detractor
 *   C 2026-02-01 10,   2026-05-03 8     NPS -2, passive: no alert
 *   D 2026-05-05  3/2                   a first answer: no previous
 *   E 2026-01-05  7, 2026-02-25 9, 2026-04-01 -/5   two in Q1 (9 counts)
 *   F 2025-12-30  5/1, 2026-06-30 6/3   up
 * Q4 2025: F 5 -> 1 detractor: -100.0; satisfaction 1.00 (1)
 * Q1 2026: A 9, B 8, C 10, E 9 -> 3 promoters, 1 passive: 75.0; sat A5 B4 -> 4.50
 * Q2 2026: A 6, B 6, C 8, D 3, F 6 -> 1 passive, 4 detractors: -80.0;
 *          sat A3 B4 D2 E5 F3 -> 17 / 5 = 3.40
 * Latest answers: A6 B6 C8 D3 E9 F6: 1 promoter, 1 passive, 4 detractors
 * -> (1 - 4) / 6 = -50.0; latest satisfaction A3 B4 D2 E5 F3 -> 3.40 */
static const char six[] = "customer_id,date,nps,satisfaction\n"
                          "A,2026-01-15,9,5\n"
                          "B,2026-01-20,8,4\n"
                          "E,2026-02-25,9,\n"
                          "C,2026-02-01,10,\n"
                          "E,2026-01-05,7,\n"
                          "F,2025-12-30,5,1\n"
                          "A,2026-04-10,6,3\n"
                          "B,2026-04-12,6,4\n"
                          "C,2026-05-03,8,\n"
                          "D,2026-05-05,3,2\n"
                          "E,2026-04-01,,5\n"
                          "F,2026-06-30,6,3\n";

TEST(test_feedback_trend_per_quarter)
{
    rmk_feedback_opts o;
    rmk_feedback_opts_init(&o);
    char err[512];
    rmk_feedback *x = run(six, NULL, NULL, &o, RMK_OK, err, sizeof err);
    if (!x) return;
    CHECK(rmk_feedback_as_of(x) == D("2026-06-30"), "as-of: the latest answer");
    CHECK(rmk_feedback_count(x) == 6, "%zu respondents", rmk_feedback_count(x));
    CHECK(rmk_feedback_groups(x) == 1, "only all without transactions");
    CHECK(rmk_feedback_periods(x) == 3, "%zu periods", rmk_feedback_periods(x));
    static const char *labels[3] = {"2025-Q4", "2026-Q1", "2026-Q2"};
    static const size_t resp[3] = {1, 4, 5}, pro[3] = {0, 3, 0}, pas[3] = {0, 1, 1},
                        det[3] = {1, 0, 4}, sn[3] = {1, 2, 5};
    static const int nps[3] = {-1000, 750, -800};
    static const int64_t ssum[3] = {1, 9, 17};
    for (size_t i = 0; i < 3; i++) {
        char b[16];
        CHECK_STR(rmk_feedback_period_label(x, i, b), labels[i]);
        rmk_nps_stats s;
        rmk_feedback_group_period(x, 0, i, &s);
        CHECK(s.respondents == resp[i] && s.promoters == pro[i] && s.passives == pas[i] &&
                  s.detractors == det[i] && s.nps_known && s.nps_tenths == nps[i] &&
                  s.sat_respondents == sn[i] && s.sat_sum == ssum[i],
              "%s: %zu = %zu/%zu/%zu nps %d sat %zu %lld", labels[i], s.respondents, s.promoters,
              s.passives, s.detractors, s.nps_tenths, s.sat_respondents, (long long)s.sat_sum);
    }
    CHECK(rmk_feedback_period_start(x, 1) == D("2026-01-01"), "Q1 starts on 1 January");
    const rmk_feedback_group *all = rmk_feedback_group_at(x, 0);
    CHECK(all && all->kind == RMK_FEEDBACK_ALL && !strcmp(all->key, "all"), "group all");
    CHECK(all && all->latest.respondents == 6 && all->latest.promoters == 1 &&
              all->latest.passives == 1 && all->latest.detractors == 4 &&
              all->latest.nps_tenths == -500 && all->latest.sat_respondents == 5 &&
              all->latest.sat_sum == 17,
          "latest answers");
    /* per client */
    const rmk_feedback_client *e = client(x, "E");
    CHECK(e && e->answers == 3 && e->nps_answers == 2 && e->nps_sum == 16 && e->nps == 9 &&
              e->nps_day == D("2026-02-25") && e->previous_nps == 7 &&
              e->previous_nps_day == D("2026-01-05") && e->nps_class == RMK_NPS_PROMOTER &&
              e->satisfaction == 5 && e->previous_satisfaction == -1,
          "E");
    const rmk_feedback_client *d = client(x, "D");
    CHECK(d && d->nps == 3 && d->previous_nps == -1 && d->previous_nps_day == RMK_NO_DATE &&
              d->nps_class == RMK_NPS_DETRACTOR && d->alert == 0,
          "D: a first answer has no previous and no alert");
    const rmk_feedback_client *f = client(x, "F");
    CHECK(f && f->nps == 6 && f->previous_nps == 5 && f->alert == 0 && f->in_transactions == -1 &&
              f->in_customers_file == -1 && f->segment == -1 && f->category == -1,
          "F");
    rmk_feedback_free(x);

    /* by month and by year */
    o.period = RMK_PERIOD_MONTH;
    x = run(six, NULL, NULL, &o, RMK_OK, err, sizeof err);
    if (x) {
        char b[16];
        CHECK(rmk_feedback_periods(x) == 7, "Dec..Jun: %zu months", rmk_feedback_periods(x));
        CHECK_STR(rmk_feedback_period_label(x, 2, b), "2026-02");
        rmk_nps_stats s;
        rmk_feedback_group_period(x, 0, 1, &s); /* January: A 9, B 8, E 7 */
        CHECK(s.respondents == 3 && s.promoters == 1 && s.passives == 2 && s.nps_tenths == 333,
              "January %zu %d", s.respondents, s.nps_tenths);
        rmk_feedback_group_period(x, 0, 3, &s); /* March: nobody */
        CHECK(s.respondents == 0 && !s.nps_known, "March");
        rmk_feedback_free(x);
    }
    o.period = RMK_PERIOD_YEAR;
    x = run(six, NULL, NULL, &o, RMK_OK, err, sizeof err);
    if (x) {
        char b[16];
        rmk_nps_stats s;
        rmk_feedback_group_period(x, 0, 1, &s); /* 2026: the latest of each: A6 B6 C8 D3 E9 F6 */
        CHECK(rmk_feedback_periods(x) == 2 && !strcmp(rmk_feedback_period_label(x, 1, b), "2026") &&
                  s.respondents == 6 && s.nps_tenths == -500,
              "2026: %zu %d", s.respondents, s.nps_tenths);
        rmk_feedback_free(x);
    }
    /* as-of cuts the answers: at 2026-03-31 the second quarter is not there */
    rmk_feedback_opts_init(&o);
    o.as_of = D("2026-03-31");
    x = run(six, NULL, NULL, &o, RMK_OK, err, sizeof err);
    if (x) {
        rmk_feedback_stats s;
        rmk_feedback_get_stats(x, &s);
        CHECK(rmk_feedback_periods(x) == 2 && rmk_feedback_count(x) == 5 && s.rows_after_as_of == 6,
              "as-of: %zu periods, %zu clients, %llu after", rmk_feedback_periods(x),
              rmk_feedback_count(x), (unsigned long long)s.rows_after_as_of);
        const rmk_feedback_client *a = client(x, "A");
        CHECK(a && a->nps == 9 && a->previous_nps == -1 && a->alert == 0, "A at 2026-03-31");
        rmk_feedback_free(x);
    }
    /* nothing on or before the as-of date */
    o.as_of = D("2025-01-01");
    x = run(six, NULL, NULL, &o, RMK_ERR_EMPTY, err, sizeof err);
    CHECK(strstr(err, "no answer on or before 2025-01-01") != NULL, "%s", err);
}

/* a partial last period (docs/feedback.md, "Trend"): as retention's, its
 * days up to the as-of date; the others, and a last one that ends on it,
 * are whole */
TEST(test_feedback_partial_period)
{
    rmk_feedback_opts o;
    rmk_feedback_opts_init(&o);
    char err[512];
    int covered = -1, days = -1;
    rmk_feedback *x = run(six, NULL, NULL, &o, RMK_OK, err, sizeof err);
    if (!x) return;
    /* as of 2026-06-30, the last answer's day: 2026-Q2 whole (30 + 31 + 30) */
    CHECK(rmk_feedback_partial(x, 2, &covered, &days) == 0 && covered == 91 && days == 91,
          "Q2 to 30 June: %d of %d", covered, days);
    CHECK(rmk_feedback_partial(x, 0, &covered, &days) == 0 && covered == 92 && days == 92,
          "2025-Q4: %d of %d", covered, days);
    CHECK(rmk_feedback_partial(x, 3, &covered, &days) == 0 && covered == 0 && days == 0,
          "out of range: %d of %d", covered, days);
    rmk_feedback_free(x);
    /* as of 2026-05-10: F's answer of 30 June is not read; Q2 has April's 30
     * days and 10 of May's: 40 of 91, partial */
    o.as_of = D("2026-05-10");
    x = run(six, NULL, NULL, &o, RMK_OK, err, sizeof err);
    if (!x) return;
    CHECK(rmk_feedback_periods(x) == 3, "%zu periods", rmk_feedback_periods(x));
    CHECK(rmk_feedback_partial(x, 2, &covered, &days) == 1 && covered == 40 && days == 91,
          "Q2 to 10 May: %d of %d", covered, days);
    CHECK(rmk_feedback_partial(x, 1, &covered, &days) == 0 && covered == 90 && days == 90,
          "Q1: %d of %d", covered, days);
    rmk_feedback_free(x);
    /* per month as of 2026-05-10: May has 10 of its 31 days */
    o.period = RMK_PERIOD_MONTH;
    x = run(six, NULL, NULL, &o, RMK_OK, err, sizeof err);
    if (!x) return;
    size_t last = rmk_feedback_periods(x) - 1;
    char b[16];
    CHECK_STR(rmk_feedback_period_label(x, last, b), "2026-05");
    CHECK(rmk_feedback_partial(x, last, &covered, &days) == 1 && covered == 10 && days == 31,
          "May: %d of %d", covered, days);
    rmk_feedback_free(x);
}

TEST(test_feedback_alert_boundaries)
{
    static const char in[] = "customer_id,date,nps,satisfaction\n"
                             "DROP3,2026-01-10,10,5\nDROP3,2026-04-10,7,4\n"   /* -3: alert */
                             "DROP2,2026-01-10,10,5\nDROP2,2026-04-10,8,4\n"   /* -2: none */
                             "DET,2026-01-10,7,\nDET,2026-04-10,6,\n"          /* 7 -> 6 */
                             "STAY,2026-01-10,6,\nSTAY,2026-04-10,5,\n"        /* was one */
                             "FIRST,2026-04-10,0,1\n"                          /* no previous */
                             "SAT2,2026-01-10,,5\nSAT2,2026-04-10,,3\n"        /* sat -2 */
                             "SAT1,2026-01-10,9,5\nSAT1,2026-04-10,9,4\n"      /* sat -1 */
                             "UP,2026-01-10,3,1\nUP,2026-04-10,10,5\n"
                             "SAMEDAY,2026-04-10,9,\nSAMEDAY,2026-04-10,5,\n"; /* file order */
    rmk_feedback_opts o;
    rmk_feedback_opts_init(&o);
    char err[512];
    rmk_feedback *x = run(in, NULL, NULL, &o, RMK_OK, err, sizeof err);
    if (!x) return;
    static const struct {
        const char *id;
        unsigned alert;
    } want[] = {{"DROP3", RMK_ALERT_NPS_DROP},
                {"DROP2", 0},
                {"DET", RMK_ALERT_DETRACTOR},
                {"STAY", 0},
                {"FIRST", 0},
                {"SAT2", RMK_ALERT_SAT_DROP},
                {"SAT1", 0},
                {"UP", 0},
                {"SAMEDAY", RMK_ALERT_NPS_DROP | RMK_ALERT_DETRACTOR}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const rmk_feedback_client *c = client(x, want[i].id);
        CHECK(c && c->key && c->alert == want[i].alert && !strcmp(c->key_group, "all"),
              "%s: alert %u, want %u", want[i].id, c ? c->alert : 99u, want[i].alert);
    }
    const rmk_feedback_client *s2 = client(x, "SAT2");
    CHECK(s2 && s2->nps == -1 && s2->nps_class == -1 && s2->nps_answers == 0, "satisfaction only");
    rmk_feedback_stats st;
    rmk_feedback_get_stats(x, &st);
    CHECK(st.all_key && st.key_clients == 9 && st.alerts == 4 && st.without_nps == 1,
          "stats: all %d, key %zu, alerts %zu, without nps %zu", st.all_key, st.key_clients,
          st.alerts, st.without_nps);
    rmk_feedback_free(x);

    /* --drop 2: now DROP2 alerts too; satisfaction drop 1: SAT1 and DROP3 */
    o.drop = 2;
    o.sat_drop = 1;
    x = run(in, NULL, NULL, &o, RMK_OK, err, sizeof err);
    if (x) {
        CHECK(client(x, "DROP2")->alert == (RMK_ALERT_NPS_DROP | RMK_ALERT_SAT_DROP), "DROP2 at 2");
        CHECK(client(x, "SAT1")->alert == RMK_ALERT_SAT_DROP, "SAT1 at 1");
        CHECK(client(x, "STAY")->alert == 0, "STAY falls 1");
        rmk_feedback_free(x);
    }
    /* bounds of the thresholds */
    rmk_feedback_opts_init(&o);
    o.drop = 0;
    x = run(in, NULL, NULL, &o, RMK_ERR_USAGE, err, sizeof err);
    CHECK(strstr(err, "NPS drop 0") != NULL, "%s", err);
    o.drop = 11;
    x = run(in, NULL, NULL, &o, RMK_ERR_USAGE, err, sizeof err);
    o.drop = 10;
    o.sat_drop = 5; /* the 1-5 scale spans 4 */
    x = run(in, NULL, NULL, &o, RMK_ERR_USAGE, err, sizeof err);
    CHECK(strstr(err, "satisfaction drop 5: expected 1-4") != NULL, "%s", err);
}

/* --alert-days N: only a latest answer within the N days ending with the
 * as-of date (2026-04-10, the latest answer) alerts. OLD's drop is dated
 * 2026-01-10, 90 days before: out with 90 days, in with 91. SAT's latest
 * NPS is old but its satisfaction drop is recent: each score by its date. */
TEST(test_feedback_alert_days)
{
    static const char in[] = "customer_id,date,nps,satisfaction\n"
                             "OLD,2025-12-01,10,\nOLD,2026-01-10,5,\n"
                             "NEW,2026-03-01,10,\nNEW,2026-04-10,5,\n"
                             "SAT,2025-11-01,10,\nSAT,2025-12-01,4,\n"
                             "SAT,2026-03-01,,5\nSAT,2026-04-09,,2\n";
    static const struct {
        int days;
        unsigned old_alert, new_alert, sat_alert;
    } rows[] = {
        {0, RMK_ALERT_NPS_DROP | RMK_ALERT_DETRACTOR, RMK_ALERT_NPS_DROP | RMK_ALERT_DETRACTOR,
         RMK_ALERT_NPS_DROP | RMK_ALERT_DETRACTOR | RMK_ALERT_SAT_DROP},
        {91, RMK_ALERT_NPS_DROP | RMK_ALERT_DETRACTOR, RMK_ALERT_NPS_DROP | RMK_ALERT_DETRACTOR,
         RMK_ALERT_SAT_DROP},
        {90, 0, RMK_ALERT_NPS_DROP | RMK_ALERT_DETRACTOR, RMK_ALERT_SAT_DROP},
        {2, 0, RMK_ALERT_NPS_DROP | RMK_ALERT_DETRACTOR, RMK_ALERT_SAT_DROP}, /* 04-09, 04-10 */
        {1, 0, RMK_ALERT_NPS_DROP | RMK_ALERT_DETRACTOR, 0},                  /* the as-of day */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rmk_feedback_opts o;
        rmk_feedback_opts_init(&o);
        o.alert_days = rows[i].days;
        char err[512];
        rmk_feedback *x = run(in, NULL, NULL, &o, RMK_OK, err, sizeof err);
        if (!x) continue;
        CHECK(client(x, "OLD")->alert == rows[i].old_alert, "%d days: OLD %u", rows[i].days,
              client(x, "OLD")->alert);
        CHECK(client(x, "NEW")->alert == rows[i].new_alert, "%d days: NEW %u", rows[i].days,
              client(x, "NEW")->alert);
        CHECK(client(x, "SAT")->alert == rows[i].sat_alert, "%d days: SAT %u", rows[i].days,
              client(x, "SAT")->alert);
        rmk_feedback_free(x);
    }
    rmk_feedback_opts o;
    rmk_feedback_opts_init(&o);
    char err[512];
    o.alert_days = -1;
    run(in, NULL, NULL, &o, RMK_ERR_USAGE, err, sizeof err);
    CHECK(strstr(err, "alert days -1") != NULL, "%s", err);
    o.alert_days = 36501;
    run(in, NULL, NULL, &o, RMK_ERR_USAGE, err, sizeof err);
}

/* Five customers, as-of 2026-06-30, ranked 1..5 on R and F alike:
 *   T1 5 purchases, last on 06-30 -> R5 F5 champions
 *   T2 4, last 06-29 -> R4 F4 loyal
 *   T3 3, last 06-28 -> R3 F3 need_attention
 *   T4 2, last 06-27 -> R2 F2 hibernating
 *   T5 1, last 06-26 -> R1 F1 hibernating (no answer)
 * All buy in June 2026 only: no cooperation months, no first-quarter sales,
 * no payment data: share points alone, at most 4 -> all occasional. */
static const char tx5[] = "customer,date,amount\n"
                          "T1,2026-06-26,100\nT1,2026-06-27,100\nT1,2026-06-28,100\n"
                          "T1,2026-06-29,100\nT1,2026-06-30,100\n"
                          "T2,2026-06-26,100\nT2,2026-06-27,100\nT2,2026-06-28,100\n"
                          "T2,2026-06-29,100\n"
                          "T3,2026-06-26,100\nT3,2026-06-27,100\nT3,2026-06-28,100\n"
                          "T4,2026-06-26,100\nT4,2026-06-27,100\n"
                          "T5,2026-06-26,100\n";
static const char fb5[] = "customer_id,date,nps,satisfaction\n"
                          "T1,2026-02-01,9,\nT1,2026-05-01,6,\n"
                          "T2,2026-02-01,10,\nT2,2026-05-01,7,\n"
                          "T3,2026-02-01,10,\nT3,2026-05-01,7,\n"
                          "T4,2026-02-01,10,\nT4,2026-05-01,7,\n"
                          "GHOST,2026-02-01,10,\nGHOST,2026-05-01,2,\n";
static const char cl5[] = "customer_id,name\nT1,First\nT9,Nobody\n";

TEST(test_feedback_key_groups)
{
    rmk_feedback_opts o;
    rmk_feedback_opts_init(&o);
    char err[512];
    rmk_status st = RMK_OK;
    rmk_segmap *map = rmk_segmap_builtin_new(RMK_SEGMAP_TEN, &st, err, sizeof err);
    CHECK(map != NULL, "%s", err);
    if (!map) return;
    o.segments = map;
    rmk_feedback *x = run(fb5, tx5, cl5, &o, RMK_OK, err, sizeof err);
    if (x) {
        static const struct {
            const char *id, *segment, *group;
            int key;
            unsigned alert;
        } want[] = {
            {"T1", "champions", "champions", 1, RMK_ALERT_NPS_DROP | RMK_ALERT_DETRACTOR},
            {"T2", "loyal", "loyal", 1, RMK_ALERT_NPS_DROP},
            {"T3", "need_attention", "", 0, 0},
            {"T4", "hibernating", "", 0, 0},
            {"GHOST", "", "", 0, 0},
        };
        const rmk_segmap *m = rmk_feedback_segments(x);
        const rmk_scale *sc = rmk_feedback_scale(x);
        CHECK(m && sc, "segments and scale");
        for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
            const rmk_feedback_client *c = client(x, want[i].id);
            if (!c) continue;
            const char *seg = c->segment >= 0 && m ? rmk_segmap_key(m, c->segment) : "";
            CHECK(!strcmp(seg, want[i].segment) && !strcmp(c->key_group, want[i].group) &&
                      c->key == want[i].key && c->alert == want[i].alert,
                  "%s: segment %s group '%s' key %d alert %u", want[i].id, seg, c->key_group,
                  c->key, c->alert);
            if (strcmp(want[i].id, "GHOST"))
                CHECK(c->category >= 0 && sc &&
                          !strcmp(rmk_scale_category_key(sc, c->category), "occasional"),
                      "%s: category %d", want[i].id, c->category);
        }
        CHECK(client(x, "GHOST")->in_transactions == 0 && client(x, "T1")->in_transactions == 1,
              "in the transactions");
        CHECK_STR(client(x, "T1")->name, "First");
        CHECK_STR(client(x, "T2")->name, "");
        rmk_feedback_stats s;
        rmk_feedback_get_stats(x, &s);
        CHECK(!s.all_key && s.key_clients == 2 && s.alerts == 2 && s.without_transactions == 1 &&
                  s.transactions_without_answer == 1 && s.not_in_customers_file == 4 &&
                  s.customers_without_answer == 1,
              "stats: key %zu alerts %zu no-tx %zu tx-no-answer %zu not-in-cf %zu cf-no-answer %zu",
              s.key_clients, s.alerts, s.without_transactions, s.transactions_without_answer,
              s.not_in_customers_file, s.customers_without_answer);
        CHECK(rmk_feedback_as_of(x) == D("2026-06-30"), "as-of: the latest transaction");
        /* groups: all, 4 categories, 10 segments; champions' latest: T1 6 */
        CHECK(rmk_feedback_groups(x) == 15, "%zu groups", rmk_feedback_groups(x));
        for (size_t g = 0; g < rmk_feedback_groups(x); g++) {
            const rmk_feedback_group *gr = rmk_feedback_group_at(x, g);
            if (!strcmp(gr->key, "champions"))
                CHECK(gr->kind == RMK_FEEDBACK_SEGMENT && gr->latest.respondents == 1 &&
                          gr->latest.nps_tenths == -1000,
                      "champions");
            if (!strcmp(gr->key, "occasional"))
                CHECK(gr->kind == RMK_FEEDBACK_CATEGORY && gr->latest.respondents == 4 &&
                          gr->latest.detractors == 1 && gr->latest.passives == 3 &&
                          gr->latest.nps_tenths == -250,
                      "occasional: %zu", gr->latest.respondents);
            if (!strcmp(gr->key, "all"))
                CHECK(gr->latest.respondents == 5, "all: GHOST too");
        }
        rmk_feedback_free(x);
    }
    /* a list of one's own: a segment, a category */
    const char *k1[] = {"need_attention"};
    o.key_groups = k1;
    o.nkey_groups = 1;
    x = run(fb5, tx5, NULL, &o, RMK_OK, err, sizeof err);
    if (x) {
        CHECK(client(x, "T3")->key && !client(x, "T1")->key && client(x, "T3")->alert,
              "need_attention only");
        rmk_feedback_free(x);
    }
    const char *k2[] = {"occasional", "champions"};
    o.key_groups = k2;
    o.nkey_groups = 2;
    x = run(fb5, tx5, NULL, &o, RMK_OK, err, sizeof err);
    if (x) {
        CHECK(!strcmp(client(x, "T1")->key_group, "occasional") && client(x, "T4")->key &&
                  !client(x, "GHOST")->key,
              "the category first; GHOST has no group");
        rmk_feedback_free(x);
    }
    /* a name that is neither */
    const char *k3[] = {"champions", "vip"};
    o.key_groups = k3;
    x = run(fb5, tx5, NULL, &o, RMK_ERR_USAGE, err, sizeof err);
    CHECK(strstr(err, "key group 'vip' is neither a rating category nor a segment") != NULL, "%s",
          err);
    /* without a map: segments are not there, the default list keeps the categories */
    rmk_feedback_opts_init(&o);
    x = run(fb5, tx5, NULL, &o, RMK_OK, err, sizeof err);
    if (x) {
        CHECK(rmk_feedback_groups(x) == 5 && !client(x, "T1")->key && client(x, "T1")->segment == -1,
              "no segments: %zu groups", rmk_feedback_groups(x));
        rmk_feedback_free(x);
    }
    /* the answers and the transactions cannot both come from stdin */
    rmk_feedback_opts_init(&o);
    o.transactions = "-";
    rmk_feedback *y = NULL;
    CHECK(rmk_feedback_file("-", NULL, &o, &y, err, sizeof err) == RMK_ERR_USAGE && !y &&
              strstr(err, "both be standard input"),
          "stdin twice: %s", err);
    rmk_segmap_free(map);
}
