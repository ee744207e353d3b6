/* SPDX-License-Identifier: MIT */
/* test_rating.c — the client rating scale at every band edge (SPEC §3.2),
 * the calendar rules, invoice payment classes and the scale's checks. */
#include "relmark.h"
#include "unit.h"
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

static int32_t D(const char *iso)
{
    int32_t d = 0;
    rmk_date_parse(iso, strlen(iso), RMK_DATE_AUTO, &d);
    return d;
}

static rmk_scale *lecture_scale(void)
{
    rmk_status st;
    char err[512];
    rmk_scale *s = rmk_scale_default(&st, err, sizeof err);
    CHECK(s != NULL, "%s", err);
    return s;
}

TEST(test_rating_share_edges)
{
    rmk_scale *s = lecture_scale();
    if (!s) return;
    /* client / total in minor units; bands [0,3) 0, [3,5) 1, [5,10) 2, [10,20) 3, >=20 4 */
    static const struct { long long client, total; int points; } rows[] = {
        {0, 1000000, 0},           {299999, 10000000, 0}, {300000, 10000000, 1},
        {499999, 10000000, 1},     {500000, 10000000, 2}, {999999, 10000000, 2},
        {1000000, 10000000, 3},    {1999999, 10000000, 3}, {2000000, 10000000, 4},
        {10000000, 10000000, 4},   {-50000, 10000000, 0},  /* returns exceed sales */
        {3, 100, 1},               {1, 0, 0},              /* no turnover at all: 0% */
        {3333, 100000, 1},         /* 3.333% */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK(rmk_scale_share_points(s, rows[i].client, rows[i].total) == rows[i].points,
              "share %lld/%lld: %d points, want %d", rows[i].client, rows[i].total,
              rmk_scale_share_points(s, rows[i].client, rows[i].total), rows[i].points);
    rmk_scale_free(s);
}

TEST(test_rating_cooperation_edges)
{
    rmk_scale *s = lecture_scale();
    if (!s) return;
    static const int months[] = {0, 5, 6, 11, 12, 23, 24, 35, 36, 120};
    static const int points[] = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4};
    for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
        CHECK(rmk_scale_cooperation_points(s, months[i]) == points[i], "%d months: %d, want %d",
              months[i], rmk_scale_cooperation_points(s, months[i]), points[i]);
    /* months completed (SPEC §3.2's own examples first) */
    static const struct { const char *start, *as_of; int months; } m[] = {
        {"2026-01-01", "2026-06-30", 6}, {"2026-01-02", "2026-06-30", 5},
        {"2025-12-31", "2026-06-30", 6}, {"2020-06-30", "2026-06-30", 72},
        {"2023-07-01", "2026-06-30", 36}, {"2023-07-02", "2026-06-30", 35},
        {"2026-06-30", "2026-06-30", 0}, {"2026-07-01", "2026-06-30", 0},
        /* the month-end rule: 2026-01-31 + 1 month is 2026-02-28 */
        {"2026-01-31", "2026-02-26", 0}, {"2026-01-31", "2026-02-27", 1},
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        CHECK(rmk_months_completed(D(m[i].start), D(m[i].as_of)) == m[i].months,
              "%s..%s: %d months, want %d", m[i].start, m[i].as_of,
              rmk_months_completed(D(m[i].start), D(m[i].as_of)), m[i].months);
    rmk_scale_free(s);
}

TEST(test_rating_growth_edges)
{
    rmk_scale *s = lecture_scale();
    if (!s) return;
    /* (q4/q1)^(1/9) - 1: exactly 10% is q4/q1 = 1.1^9 = 11^9/10^9, exactly
     * 20% is 12^9/10^9; bands <10 0, [10,20) 1, >=20 3 */
    static const struct { long long q1, q4; int points, known; } rows[] = {
        {1000000000, 2357947691, 1, 1},  {1000000000, 2357947690, 0, 1},
        {1000000000, 5159780352, 3, 1},  {1000000000, 5159780351, 1, 1},
        {1000000000, 1000000000, 0, 1},  {1000000000, 500000000, 0, 1},
        {1000000000, 0, 0, 1},           {1000000000, -10000, 0, 1},
        {0, 5000000, 0, 0},              {-10000, 5000000, 0, 0},
        {20000000000000LL, 47158953820000LL, 1, 1}, /* large amounts: exact too */
        {1, 1000000000, 3, 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int known = -1;
        int p = rmk_scale_growth_points(s, rows[i].q1, rows[i].q4, &known);
        CHECK(p == rows[i].points && known == rows[i].known, "q1 %lld q4 %lld: %d points (known %d)",
              rows[i].q1, rows[i].q4, p, known);
    }
    rmk_scale_free(s);
}

TEST(test_rating_payment)
{
    rmk_scale *s = lecture_scale();
    if (!s) return;
    const int32_t inv = D("2026-03-01"), due = D("2026-03-31"), asof = D("2026-06-30");
    const int32_t N = RMK_NO_DATE;
    static const char *names[] = {"unknown", "prepaid", "on_time", "late", "pending"};
    const struct { int32_t inv, due, paid; int prepaid, grace; int32_t as_of; rmk_payment want; } rows[] = {
        {inv, due, N, 1, 0, asof, RMK_PAY_PREPAID},           /* flagged */
        {inv, due, inv, 0, 0, asof, RMK_PAY_PREPAID},         /* paid on the invoice date */
        {inv, due, inv - 5, -1, 0, asof, RMK_PAY_PREPAID},    /* paid before it */
        {inv, due, due, 0, 0, asof, RMK_PAY_ON_TIME},         /* on the due date */
        {inv, due, inv + 1, 0, 0, asof, RMK_PAY_ON_TIME},
        {inv, due, due + 1, 0, 0, asof, RMK_PAY_LATE},
        {inv, due, due + 3, 0, 3, asof, RMK_PAY_ON_TIME},     /* within grace days */
        {inv, due, due + 4, 0, 3, asof, RMK_PAY_LATE},
        {inv, due, N, 0, 0, asof, RMK_PAY_LATE},              /* unpaid, past due */
        {inv, due, N, 0, 0, due, RMK_PAY_PENDING},            /* due today: not yet late */
        {inv, due, N, 0, 0, due + 1, RMK_PAY_LATE},
        {inv, due, N, -1, 0, inv + 3, RMK_PAY_PENDING},
        {inv, due, due + 40, 0, 0, due + 10, RMK_PAY_LATE},   /* paid after as-of: unpaid then */
        {inv, due, inv + 5, 0, 0, inv + 3, RMK_PAY_PENDING},  /* paid in time, but after as-of */
        {inv, due, inv + 3, 0, 0, inv + 3, RMK_PAY_ON_TIME},  /* paid on the as-of date: counts */
        {inv, due, due + 2, 0, 0, due + 1, RMK_PAY_LATE},     /* after as-of, as-of past due */
        {inv, due, due + 2, 0, 3, due + 1, RMK_PAY_PENDING},  /* ... but within the grace days */
        {inv, N, inv + 9, 0, 0, asof, RMK_PAY_UNKNOWN},       /* no term to judge by */
        {inv, N, N, -1, 0, asof, RMK_PAY_UNKNOWN},            /* no payment data */
        {inv, N, N, 0, 0, asof, RMK_PAY_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rmk_payment p = rmk_invoice_payment(rows[i].inv, rows[i].due, rows[i].paid, rows[i].prepaid,
                                            rows[i].as_of, rows[i].grace);
        CHECK(p == rows[i].want, "row %zu: %s, want %s", i, names[p], names[rows[i].want]);
    }
    /* a client: all prepaid 2; prepaid or on time 1; one late among prepaid 0 */
    CHECK(rmk_client_payment(3, 0, 0) == RMK_PAY_PREPAID, "all prepaid");
    CHECK(rmk_client_payment(3, 1, 0) == RMK_PAY_ON_TIME, "prepaid and on time");
    CHECK(rmk_client_payment(5, 0, 1) == RMK_PAY_LATE, "one late among prepaid");
    CHECK(rmk_client_payment(0, 0, 0) == RMK_PAY_UNKNOWN, "nothing counted");
    CHECK(rmk_scale_payment_points(s, RMK_PAY_PREPAID) == 2 &&
              rmk_scale_payment_points(s, RMK_PAY_ON_TIME) == 1 &&
              rmk_scale_payment_points(s, RMK_PAY_LATE) == 0 &&
              rmk_scale_payment_points(s, RMK_PAY_UNKNOWN) == 0,
          "payment points");
    CHECK_STR(rmk_payment_key(RMK_PAY_ON_TIME), "on_time");
    rmk_scale_free(s);
}

TEST(test_rating_categories)
{
    rmk_scale *s = lecture_scale();
    if (!s) return;
    CHECK(rmk_scale_max_total(s) == 13, "max total %d", rmk_scale_max_total(s));
    static const struct { int total; const char *key; } rows[] = {
        {0, "occasional"}, {4, "occasional"}, {5, "standard"}, {8, "standard"},
        {9, "regular"},    {11, "regular"},   {12, "strategic_partner"}, {13, "strategic_partner"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK_STR(rmk_scale_category_key(s, rmk_scale_category(s, rows[i].total)), rows[i].key);
    int sp = rmk_scale_category(s, 12);
    CHECK_STR(rmk_scale_category_name(s, sp, "ru"), "Стратегический (ключевой) партнер");
    /* the package went on over an indented line and is joined with a blank */
    CHECK(strstr(rmk_scale_category_package(s, sp, "en"),
                 "cumulative discounts; a personal manager") != NULL,
          "%s", rmk_scale_category_package(s, sp, "en"));
    rmk_scale_free(s);
}

TEST(test_rating_calendar)
{
    static const struct { const char *day; int n; const char *want; } add[] = {
        {"2026-06-30", -12, "2025-06-30"}, {"2026-06-30", -11, "2025-07-31"},
        {"2026-06-30", -4, "2026-02-28"},  {"2026-01-31", 1, "2026-02-28"},
        {"2024-02-29", -12, "2023-02-28"}, {"2023-02-28", 12, "2024-02-29"},
        {"2026-03-15", -1, "2026-02-15"},  {"2026-01-30", 1, "2026-02-28"},
        {"2026-02-28", 1, "2026-03-31"},   {"2025-12-15", 1, "2026-01-15"},
    };
    for (size_t i = 0; i < sizeof add / sizeof add[0]; i++) {
        char buf[16];
        CHECK_STR(rmk_date_format_iso(rmk_add_months(D(add[i].day), add[i].n), buf), add[i].want);
    }
    /* the 12 months ending 2026-06-30 are July 2025 .. June 2026 */
    static const struct { const char *day; int k; } win[] = {
        {"2025-06-30", -1}, {"2025-07-01", 0}, {"2025-07-31", 0}, {"2025-08-01", 1},
        {"2025-09-30", 2},  {"2025-10-01", 3}, {"2026-03-31", 8}, {"2026-04-01", 9},
        {"2026-05-31", 10}, {"2026-06-01", 11}, {"2026-06-30", 11}, {"2026-07-01", -1},
    };
    for (size_t i = 0; i < sizeof win / sizeof win[0]; i++)
        CHECK(rmk_window_month(D("2026-06-30"), 12, D(win[i].day)) == win[i].k, "%s: month %d, want %d",
              win[i].day, rmk_window_month(D("2026-06-30"), 12, D(win[i].day)), win[i].k);
    /* mid-month as-of: (2025-06-15, 2026-06-15] */
    CHECK(rmk_window_month(D("2026-06-15"), 12, D("2025-06-16")) == 0, "mid-month first");
    CHECK(rmk_window_month(D("2026-06-15"), 12, D("2025-06-15")) == -1, "mid-month outside");
    CHECK(rmk_window_month(D("2026-06-15"), 12, D("2026-05-16")) == 11, "mid-month last");
}

/* A valid scale, then broken variants: each is reported with its line. */
static const char base_scale[] =
    "[scale]\n"                 /* 1 */
    "name = Test\n"             /* 2 */
    "[share]\n"                 /* 3 */
    "0 = 0\n"                   /* 4 */
    "3 = 1\n"                   /* 5 */
    "5 = 2\n"                   /* 6 */
    "[cooperation]\n"           /* 7 */
    "0 = 0\n"                   /* 8 */
    "12 = 2\n"                  /* 9 */
    "[payment]\n"               /* 10 */
    "prepaid = 2\n"             /* 11 */
    "on_time = 1\n"             /* 12 */
    "[growth]\n"                /* 13 */
    "below = 0\n"               /* 14 */
    "10 = 1\n"                  /* 15 */
    "[category top]\n"          /* 16 */
    "name = Top\n"              /* 17 */
    "min = 5\n"                 /* 18 */
    "[category rest]\n"         /* 19 */
    "name = Rest\n"             /* 20 */
    "min = 0\n";                /* 21 */

static char *variant(const char *from, const char *to)
{
    static char buf[2048];
    const char *p = strstr(base_scale, from);
    if (!p) return NULL;
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)(p - base_scale), base_scale, to, p + strlen(from));
    return buf;
}

TEST(test_rating_scale_checks)
{
    rmk_status st;
    char err[512];
    rmk_scale *s = rmk_scale_parse(base_scale, strlen(base_scale), "t.ini", &st, err, sizeof err);
    CHECK(s != NULL, "base: %s", err);
    if (s) CHECK(rmk_scale_max_total(s) == 2 + 2 + 2 + 1, "max %d", rmk_scale_max_total(s));
    rmk_scale_free(s);
    static const struct { const char *from, *to, *want; } rows[] = {
        {"5 = 2\n", "2 = 2\n", "t.ini:6: band '2' in [share] is not above the previous one"},
        {"5 = 2\n", "3 = 2\n", "t.ini:6: band '3' in [share] is not above the previous one"},
        {"[share]\n0 = 0\n", "[share]\n1 = 0\n", "t.ini:4: [share] must start at 0"},
        {"below = 0\n", "", "t.ini:14: [growth] needs 'below = POINTS'"},
        {"min = 0\n", "min = 1\n", "t.ini:19: totals 0..0 have no category"},
        {"min = 0\n", "min = 5\n", "[category top] overlaps [category rest]: both start at 5"},
        {"min = 5\n", "min = 50\n", "t.ini:16: [category top] needs 50 points; the scale gives at most 7"},
        {"name = Rest\nmin = 0\n", "name = Rest\n", "t.ini:19: [category rest] has no 'min'"},
        {"3 = 1\n", "3 = x\n", "t.ini:5: 3 = x: expected points"},
        {"3 = 1\n", "three = 1\n", "t.ini:5: 'three' in [share]: expected a bound in percent"},
        {"12 = 2\n", "12.5 = 2\n", "t.ini:9: '12.5' in [cooperation]: expected a bound in whole months"},
        {"[payment]\n", "[pay]\n", "t.ini:11: unknown section [pay]"},
        {"on_time = 1\n", "ontime = 1\n", "t.ini:12: unknown key 'ontime' in [payment]"},
        {"name = Test\n", "name = Test\nwindow_months = 2\n", "t.ini:3: window_months = 2"},
        {"10 = 1\n", "-100 = 1\n", "t.ini:15: growth bound -100%: must be above -100%"},
        {"name = Top\n", "name = Top\nname = Again\n", "t.ini:18: 'name' given twice in [category top]"},
        {"[category rest]\n", "[category rest]\nmin = 0\n", "t.ini:22: 'min' given twice"},
        {"[scale]\n", "garbage\n[scale]\n", "t.ini:1: expected [section] or key = value"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *text = variant(rows[i].from, rows[i].to);
        CHECK(text != NULL, "row %zu: no '%s' in the base", i, rows[i].from);
        if (!text) continue;
        err[0] = 0;
        s = rmk_scale_parse(text, strlen(text), "t.ini", &st, err, sizeof err);
        CHECK(s == NULL && st == RMK_ERR_CONFIG, "row %zu should fail", i);
        CHECK(strstr(err, rows[i].want) != NULL, "row %zu: '%s' lacks '%s'", i, err, rows[i].want);
        rmk_scale_free(s);
    }
    /* a growth bound with decimals still works (the long-double path) */
    char *text = variant("10 = 1\n", "10.5 = 1\n");
    s = rmk_scale_parse(text, strlen(text), "t.ini", &st, err, sizeof err);
    CHECK(s != NULL, "%s", err);
    if (s) {
        CHECK(rmk_scale_growth_points(s, 1000000000, 2357947691, NULL) == 0, "10%% < 10.5%%");
        CHECK(rmk_scale_growth_points(s, 1000000000, 2500000000LL, NULL) == 1, "10.7%% >= 10.5%%");
    }
    rmk_scale_free(s);
    rmk_scale_free(NULL);
    CHECK(rmk_scale_load("/nonexistent/scale.ini", &st, err, sizeof err) == NULL &&
              st == RMK_ERR_NOINPUT, "missing file");
}

/* ------------------------------------------------------------------
 * Hand-worked clients through the whole path (rmk_rate_file): a small
 * invoices file and customers file per criterion, as-of 2026-06-30, so
 * the window is July 2025 .. June 2026 (first quarter Jul-Sep 2025, last
 * quarter Apr-Jun 2026). */

static char *write_tmp(const char *text)
{
    static char paths[4][64];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 64, "/tmp/relmark-rate-XXXXXX");
    int fd = mkstemp(p);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

static rmk_rating *rate_text(const char *invoices, const char *clients)
{
    char *inv = write_tmp(invoices), *cl = clients ? write_tmp(clients) : NULL;
    rmk_rate_opts o;
    rmk_rate_opts_init(&o);
    o.as_of = D("2026-06-30");
    o.customers = cl;
    rmk_rating *x = NULL;
    char err[512];
    rmk_status st = rmk_rate_file(inv, NULL, &o, &x, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    remove(inv);
    if (cl) remove(cl);
    return x;
}

static const rmk_rated_client *client_of(const rmk_rating *x, const char *id)
{
    for (size_t i = 0; x && i < rmk_rating_count(x); i++)
        if (!strcmp(rmk_rating_at(x, i)->customer_id, id)) return rmk_rating_at(x, i);
    CHECK(0, "no client %s", id);
    return NULL;
}

TEST(test_rate_share_edges_end_to_end)
{
    /* window total 10,000.00: exactly 3%, 5%, 10%, 20%, just under 3% */
    rmk_rating *x = rate_text("customer,date,amount\n"
                              "A,2026-01-10,300\nB,2026-01-10,500\nC,2026-01-10,1000\n"
                              "D,2026-01-10,2000\nE,2026-01-10,299.99\nF,2026-01-10,5900.01\n"
                              "F,2025-06-30,1000000\n", /* before the window: not counted */
                              NULL);
    static const struct { const char *id; int points; } rows[] = {
        {"A", 1}, {"B", 2}, {"C", 3}, {"D", 4}, {"E", 0}, {"F", 4}};
    for (size_t i = 0; x && i < 6; i++) {
        const rmk_rated_client *c = client_of(x, rows[i].id);
        CHECK(c && c->share_points == rows[i].points, "%s: share %.4f%% -> %d, want %d", rows[i].id,
              c ? c->share_pct : 0, c ? c->share_points : -1, rows[i].points);
    }
    CHECK(x && rmk_rating_total_net(x) == 100000000, "window total %lld",
          x ? (long long)rmk_rating_total_net(x) : 0);
    rmk_rating_free(x);
}

TEST(test_rate_cooperation_edges_end_to_end)
{
    /* contract starts giving exactly 6, 12, 24, 36 months (and 5, 35);
     * S36 bought later than its contract: the earlier date counts */
    rmk_rating *x = rate_text("customer,date,amount\n"
                              "S6,2026-06-01,10\nS5,2026-06-01,10\nS12,2026-06-01,10\n"
                              "S24,2026-06-01,10\nS35,2026-06-01,10\nS36,2026-06-01,10\n"
                              "P12,2025-07-01,10\n", /* no contract: first purchase */
                              "customer_id,contract_start\nS6,2026-01-01\nS5,2026-01-02\n"
                              "S12,2025-07-01\nS24,2024-07-01\nS35,2023-07-02\nS36,2023-07-01\n");
    static const struct { const char *id; int months, points; } rows[] = {
        {"S5", 5, 0}, {"S6", 6, 1}, {"S12", 12, 2}, {"S24", 24, 3}, {"S35", 35, 3}, {"S36", 36, 4},
        {"P12", 12, 2}};
    for (size_t i = 0; x && i < 7; i++) {
        const rmk_rated_client *c = client_of(x, rows[i].id);
        CHECK(c && c->cooperation_months == rows[i].months && c->cooperation_points == rows[i].points,
              "%s: %d months -> %d", rows[i].id, c ? c->cooperation_months : -1,
              c ? c->cooperation_points : -1);
    }
    rmk_rating_free(x);
}

TEST(test_rate_growth_and_payment_end_to_end)
{
    /* growth: first quarter 100,000.00; last quarter 1.1^9 and 1.2^9 times
     * it (exactly 10% and 20% a month), and one cent less than 10%.
     * payment: one late invoice among prepaid ones; all prepaid; prepaid
     * and on time; no payment data; only a pending invoice */
    rmk_rating *x = rate_text(
        "customer,invoice,date,amount,due_date,paid_date,prepaid\n"
        "G10,1,2025-07-15,100000,,,\nG10,2,2026-05-15,235794.7691,,,\n"
        "G20,3,2025-09-30,100000,,,\nG20,4,2026-04-01,515978.0352,,,\n"
        "G9,5,2025-08-01,100000,,,\nG9,6,2026-06-30,235794.7690,,,\n"
        "GX,7,2025-10-01,100,,,\nGX,8,2026-06-01,100,,,\n" /* nothing in the first quarter */
        "PL,9,2026-01-10,10,2026-01-20,2026-01-10,true\nPL,10,2026-02-10,10,2026-02-20,2026-02-10,\n"
        "PL,11,2026-03-10,10,2026-03-20,2026-03-25,false\n"
        "PP,12,2026-01-10,10,2026-01-20,,true\nPP,13,2026-02-10,10,,2026-02-10,\n"
        "PO,14,2026-01-10,10,2026-01-20,2026-01-10,\nPO,15,2026-02-10,10,2026-02-20,2026-02-20,\n"
        "PN,16,2026-01-10,10,,,\n"
        "PD,17,2026-06-20,10,2026-07-20,,false\n",
        NULL);
    static const struct { const char *id; int known, growth_points; rmk_payment pay; int pay_points; } rows[] = {
        {"G10", 1, 1, RMK_PAY_UNKNOWN, 0}, {"G20", 1, 3, RMK_PAY_UNKNOWN, 0},
        {"G9", 1, 0, RMK_PAY_UNKNOWN, 0},  {"GX", 0, 0, RMK_PAY_UNKNOWN, 0},
        {"PL", 0, 0, RMK_PAY_LATE, 0},     {"PP", 0, 0, RMK_PAY_PREPAID, 2},
        {"PO", 0, 0, RMK_PAY_ON_TIME, 1},  {"PN", 0, 0, RMK_PAY_UNKNOWN, 0},
        {"PD", 0, 0, RMK_PAY_UNKNOWN, 0},
    };
    for (size_t i = 0; x && i < sizeof rows / sizeof rows[0]; i++) {
        const rmk_rated_client *c = client_of(x, rows[i].id);
        CHECK(c && c->growth_known == rows[i].known && c->growth_points == rows[i].growth_points &&
                  c->payment == rows[i].pay && c->payment_points == rows[i].pay_points,
              "%s: growth known %d %.4f%% -> %d, payment %s -> %d", rows[i].id,
              c ? c->growth_known : -1, c ? c->growth_pct : 0, c ? c->growth_points : -1,
              c ? rmk_payment_key(c->payment) : "?", c ? c->payment_points : -1);
    }
    rmk_rating_free(x);
}

TEST(test_rate_totals_and_files_end_to_end)
{
    /* totals of exactly 4, 5, 8, 9, 11 and 12; window sales 1,650,000.00.
     *        share             months      payment      growth            total
     *   T4   58,227.1957 3.53% 1  25  3    late     0   unknown 0           4 occasional
     *   T5  100,000      6.06% 2  25  3    late     0   unknown 0           5 standard
     *   T8  200,000     12.12% 3  36  4    on time  1   unknown 0           8 standard
     *   T9  340,000     20.61% 4  36  4    on time  1   unknown 0           9 regular
     *   T11 335,794.77  20.35% 4  36  4    prepaid  2   exactly 10%  1     11 regular
     *   T12 615,978.04  37.33% 4  36  4    on time  1   exactly 20%  3     12 strategic
     *   Q   (customers file only, contract 2020)  0 + 4 + unknown 0 + 0 = 4 occasional
     *   X   (not in the customers file, a zero invoice), I (an individual: left out) */
    rmk_rating *x = rate_text(
        "customer,invoice,date,amount,due_date,paid_date,prepaid\n"
        "T4,1,2026-06-01,58227.1957,2026-06-10,2026-06-15,\n"
        "T5,2,2026-06-01,100000,2026-06-10,2026-06-15,\n"
        "T8,3,2026-06-01,200000,2026-06-20,2026-06-10,\n"
        "T9,4,2026-06-01,340000,2026-06-20,2026-06-10,\n"
        "T11,5,2025-07-15,100000,2025-08-15,,true\n"
        "T11,6,2026-06-15,235794.7691,2026-07-15,,true\n"
        "T12,7,2025-07-15,100000,2025-08-15,2025-08-01,\n"
        "T12,8,2026-06-15,515978.0352,2026-07-15,2026-06-20,\n"
        "X,9,2026-06-01,0,,,\n"
        "I,10,2026-06-01,0,,,\n",
        "customer_id,name,type,contract_start\n"
        "T4,Four,corporate,2024-06-01\nT5,Five,corporate,2024-06-01\n"
        "T8,Eight,corporate,2023-06-01\nT9,Nine,corporate,2023-06-01\n"
        "T11,Eleven,corporate,2023-06-01\nT12,Twelve,corporate,2023-06-01\n"
        "Q,Quiet,corporate,2020-01-01\nI,Person,individual,\n");
    static const struct { const char *id; int total; const char *category; } rows[] = {
        {"T4", 4, "occasional"}, {"T5", 5, "standard"}, {"T8", 8, "standard"},
        {"T9", 9, "regular"},    {"T11", 11, "regular"}, {"T12", 12, "strategic_partner"},
        {"Q", 4, "occasional"},
    };
    for (size_t i = 0; x && i < sizeof rows / sizeof rows[0]; i++) {
        const rmk_rated_client *c = client_of(x, rows[i].id);
        CHECK(c && c->total == rows[i].total &&
                  !strcmp(rmk_scale_category_key(rmk_rating_scale(x), c->category), rows[i].category),
              "%s: total %d (%d+%d+%d+%d) %s, want %d %s", rows[i].id, c ? c->total : -1,
              c ? c->share_points : -1, c ? c->cooperation_points : -1, c ? c->payment_points : -1,
              c ? c->growth_points : -1,
              c ? rmk_scale_category_key(rmk_rating_scale(x), c->category) : "?", rows[i].total,
              rows[i].category);
    }
    if (x) {
        rmk_rating_stats st;
        rmk_rating_get_stats(x, &st);
        CHECK(st.not_in_customers_file == 1 && st.without_transactions == 1 &&
                  st.individuals_left_out == 1,
              "not in file %zu, without tx %zu, individuals %zu", st.not_in_customers_file,
              st.without_transactions, st.individuals_left_out);
        const rmk_rated_client *q = client_of(x, "Q");
        CHECK(q && !q->has_transactions && q->in_customers_file && q->share_points == 0 &&
                  !strcmp(q->name, "Quiet"), "Q");
        CHECK(rmk_rating_total_net(x) == 16500000000LL, "total %lld",
              (long long)rmk_rating_total_net(x));
    }
    rmk_rating_free(x);
}

/* rmk_scale_rate_client: the whole row from a client's measured facts
 * (what the PostgreSQL extension calls), worked by hand at the bounds */
TEST(test_rating_client_from_facts)
{
    rmk_scale *s = lecture_scale();
    if (!s) return;
    int32_t as_of = D("2026-06-30");
    static const struct {
        long long net, q1, q4;
        const char *first, *contract;
        size_t pre, ont, late;
        int sp, months, pp, known, gp, total;
        const char *category;
    } rows[] = {
        /* 3% exactly: 1; 12 months: 2; prepaid: 2; flat: 0 -> 5 standard */
        {30000, 100, 100, "2025-06-30", NULL, 1, 0, 0, 1, 12, 2, 1, 0, 5, "standard"},
        /* just under 3%: 0; on time: 1 -> 3 occasional */
        {29999, 100, 100, "2025-06-30", NULL, 0, 1, 0, 0, 12, 1, 1, 0, 3, "occasional"},
        /* 20%: 4; the earlier contract start: 78 months, 4; late: 0; 10% a month: 1 */
        {200000, 1000000000000000000LL, 2357947691000000000LL, "2023-06-30", "2020-01-01", 5, 0, 1,
         4, 78, 0, 1, 1, 9, "regular"},
        /* growth just under 10%: 0; prepaid 2 -> 4 + 4 + 2 = 10 regular */
        {200000, 1000000000000000000LL, 2357947690999999999LL, "2023-06-30", NULL, 5, 0, 0, 4, 36,
         2, 1, 0, 10, "regular"},
        /* a contract start after the date: 0 months; nothing known */
        {0, 0, 500, NULL, "2026-07-01", 0, 0, 0, 0, 0, 0, 0, 0, 0, "occasional"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rmk_client_facts f = {rows[i].net, 1000000, rows[i].q1, rows[i].q4,
                              rows[i].first ? D(rows[i].first) : RMK_NO_DATE,
                              rows[i].contract ? D(rows[i].contract) : RMK_NO_DATE, as_of,
                              rows[i].pre, rows[i].ont, rows[i].late};
        rmk_rated_client r;
        memset(&r, 0, sizeof r);
        rmk_scale_rate_client(s, &f, &r);
        CHECK(r.share_points == rows[i].sp && r.cooperation_months == rows[i].months &&
                  r.payment_points == rows[i].pp && r.growth_known == rows[i].known &&
                  r.growth_points == rows[i].gp && r.total == rows[i].total &&
                  !strcmp(rmk_scale_category_key(s, r.category), rows[i].category),
              "row %zu: share %d, months %d, payment %d, growth %d/%d, total %d, %s", i,
              r.share_points, r.cooperation_months, r.payment_points, r.growth_known,
              r.growth_points, r.total, rmk_scale_category_key(s, r.category));
        if (i == 2) CHECK(fabs(r.growth_pct - 10.0) < 1e-9, "growth %.12f%%", r.growth_pct);
    }
    CHECK(!strcmp(rmk_payment_name(RMK_PAY_LATE, "ru"), "с опозданием") &&
              !strcmp(rmk_payment_name(RMK_PAY_LATE, "en"), "late") &&
              !strcmp(rmk_payment_name(RMK_PAY_UNKNOWN, "ru"), "нет данных"),
          "payment names");
    rmk_scale_free(s);
}
