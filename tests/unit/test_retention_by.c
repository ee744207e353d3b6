/* SPDX-License-Identifier: MIT */
/* test_retention_by.c — retention per group (rmk_activity_read_file_grouped,
 * SPEC §3.4 "per segment / category") on a hand-worked history. */
#include "relmark.h"
#include "unit.h"
#include <stdlib.h>
#include <unistd.h>

/* Three groups, four months (2026-01 .. 2026-04). A row >= 0 is a purchase,
 * a return is not:
 *
 *   customer group  Jan Feb Mar Apr   rows
 *   a1       0       x   x   x   x
 *   a2       0       x   .   x   .    Feb: a return only, so not active
 *   a3       0       .   x   x   x    two purchases in Mar: active once
 *   b1       1       x   x   .   .
 *   b2       1       .   x   x   .    Mar: a purchase of 0.00 (active)
 *   b3       1       .   .   .   x
 *   c1       2       x   .   .   .
 *   c2       2       .   .   .   x
 *   u1      -1       x   x   .   .    in no group: overall rows only
 *   r1      -1       .   .   .   .    returns only (Mar): in no row
 *
 * Group 0 (a1 a2 a3): active Jan 2 (a1 a2); Feb 2 (a1 a3), retained 1 (a1),
 *   rate 1/2; Mar 3, retained 2 (a1 a3 of Feb's a1 a3), rate 2/2; Apr 2
 *   (a1 a3), retained 2, rate 2/3.
 * Group 1 (b1 b2 b3): Jan 1 (b1); Feb 2 (b1 b2), retained 1 (b1), rate 1/1;
 *   Mar 1 (b2), retained 1, rate 1/2; Apr 1 (b3), retained 0, rate 0/1.
 * Group 2 (c1 c2): Jan 1 (c1); Feb 0, retained 0, rate 0/1 (churn 1); Mar 0,
 *   retained 0, no rate (no member active in Feb); Apr 1 (c2), retained 0,
 *   no rate (no member active in Mar).
 * Overall (with u1): Jan 5 (a1 a2 b1 c1 u1); Feb 5 (a1 a3 b1 b2 u1),
 *   retained 3 (a1 b1 u1), rate 3/5; Mar 4 (a1 a2 a3 b2), retained 3
 *   (a1 a3 b2), rate 3/5; Apr 4 (a1 a3 b3 c2), retained 2 (a1 a3), rate 2/4.
 * Every overall count = the groups' counts + u1's (Jan 2+1+1+1, Feb 2+2+0+1,
 *   retained Feb 1+1+0+1 ...). Ungrouped customers: u1 and r1, 2. */
static const char history[] = "customer,date,amount\n"
                              "a1,2026-01-05,10\n"
                              "a2,2026-01-15,20\n"
                              "b1,2026-01-07,30\n"
                              "c1,2026-01-31,50\n"
                              "u1,2026-01-02,9\n"
                              "a1,2026-02-10,10\n"
                              "a2,2026-02-15,-5\n"
                              "a3,2026-02-01,5\n"
                              "b1,2026-02-07,30\n"
                              "b2,2026-02-11,15\n"
                              "u1,2026-02-02,9\n"
                              "a1,2026-03-03,10\n"
                              "a2,2026-03-15,20\n"
                              "a3,2026-03-01,5\n"
                              "a3,2026-03-20,7\n"
                              "b2,2026-03-11,0\n"
                              "r1,2026-03-05,-40\n"
                              "a1,2026-04-20,10\n"
                              "a3,2026-04-01,5\n"
                              "b3,2026-04-30,12\n"
                              "c2,2026-04-02,8\n";

static const struct { const char *id; int group; } members[] = {
    {"a1", 0}, {"a2", 0}, {"a3", 0}, {"b1", 1}, {"b2", 1},
    {"b3", 1}, {"c1", 2}, {"c2", 2}, {"u1", -1}, {"r1", -1},
};
#define NMEMBERS (sizeof members / sizeof members[0])

typedef struct calls {
    int seen[NMEMBERS]; /* group_of calls per customer */
    int unknown;        /* calls with an id not in the table */
    int answer;         /* >= -1: return this instead (bad values) */
} calls;

static int group_of(void *ctx, const char *id, size_t id_len)
{
    calls *c = ctx;
    for (size_t i = 0; i < NMEMBERS; i++)
        if (strlen(members[i].id) == id_len && !memcmp(members[i].id, id, id_len) &&
            id[id_len] == 0) {
            c->seen[i]++;
            return c->answer != -100 ? c->answer : members[i].group;
        }
    c->unknown++;
    return -1;
}

static char *write_history(void)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/relmark-retby-XXXXXX");
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs(history, f);
    fclose(f);
    return path;
}

/* expected per period: active, retained, has_previous, retained/prev-active */
typedef struct want { size_t active, retained; int has_previous; size_t num, den; } want;

static void check_rows(const rmk_activity *x, long g, const want *w, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        rmk_retention r;
        if (g < 0) rmk_activity_retention(x, i, &r);
        else rmk_activity_group_retention(x, (size_t)g, i, &r);
        CHECK(r.active == w[i].active && r.retained == w[i].retained &&
                  r.has_previous == w[i].has_previous,
              "%s period %zu: active %zu retained %zu has_previous %d, want %zu %zu %d", what, i,
              r.active, r.retained, r.has_previous, w[i].active, w[i].retained,
              w[i].has_previous);
        double rate = w[i].has_previous ? (double)w[i].num / (double)w[i].den : 0.0;
        double churn = w[i].has_previous ? 1.0 - rate : 0.0;
        CHECK(r.retention_rate == rate && r.churn_rate == churn,
              "%s period %zu: rates %.6f %.6f, want %.6f %.6f", what, i, r.retention_rate,
              r.churn_rate, rate, churn);
    }
}

TEST(test_retention_by_groups_hand_worked)
{
    char *path = write_history();
    calls c = {{0}, 0, -100};
    rmk_activity *x = NULL;
    char err[512] = "";
    rmk_status st = rmk_activity_read_file_grouped(path, NULL, RMK_PERIOD_MONTH, 3, group_of, &c,
                                                   &x, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (!x) {
        remove(path);
        return;
    }
    CHECK(rmk_activity_periods(x) == 4, "%zu periods", rmk_activity_periods(x));
    CHECK(rmk_activity_groups(x) == 3, "%zu groups", rmk_activity_groups(x));
    CHECK(rmk_activity_ungrouped(x) == 2, "%zu ungrouped (u1, r1)", rmk_activity_ungrouped(x));
    /* once per distinct customer, returns-only r1 too */
    for (size_t i = 0; i < NMEMBERS; i++)
        CHECK(c.seen[i] == 1, "group_of called %d times for %s", c.seen[i], members[i].id);
    CHECK(c.unknown == 0, "%d calls with an unknown id", c.unknown);

    static const want all[] = {{5, 0, 0, 0, 0}, {5, 3, 1, 3, 5}, {4, 3, 1, 3, 5}, {4, 2, 1, 2, 4}};
    static const want g0[] = {{2, 0, 0, 0, 0}, {2, 1, 1, 1, 2}, {3, 2, 1, 2, 2}, {2, 2, 1, 2, 3}};
    static const want g1[] = {{1, 0, 0, 0, 0}, {2, 1, 1, 1, 1}, {1, 1, 1, 1, 2}, {1, 0, 1, 0, 1}};
    static const want g2[] = {{1, 0, 0, 0, 0}, {0, 0, 1, 0, 1}, {0, 0, 0, 0, 0}, {1, 0, 0, 0, 0}};
    check_rows(x, -1, all, 4, "all");
    check_rows(x, 0, g0, 4, "group 0");
    check_rows(x, 1, g1, 4, "group 1");
    check_rows(x, 2, g2, 4, "group 2");

    /* out of range: all zero */
    rmk_retention r;
    memset(&r, 0xff, sizeof r);
    rmk_activity_group_retention(x, 3, 1, &r);
    CHECK(r.active == 0 && r.retained == 0 && !r.has_previous && r.retention_rate == 0,
          "group 3 of 3 not zero");
    memset(&r, 0xff, sizeof r);
    rmk_activity_group_retention(x, 0, 4, &r);
    CHECK(r.active == 0 && r.retained == 0 && !r.has_previous, "period 4 of 4 not zero");

    /* the ungrouped read gives the same overall numbers and cohorts, no groups */
    rmk_activity *plain = NULL;
    st = rmk_activity_read_file(path, NULL, RMK_PERIOD_MONTH, &plain, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (plain) {
        check_rows(plain, -1, all, 4, "plain");
        CHECK(rmk_activity_groups(plain) == 0 && rmk_activity_ungrouped(plain) == 0,
              "plain read has groups");
        rmk_activity_group_retention(plain, 0, 1, &r);
        CHECK(r.active == 0 && !r.has_previous, "plain read: a group's row not zero");
        for (size_t co = 0; co < 4; co++) {
            CHECK(rmk_activity_cohort_size(plain, co) == rmk_activity_cohort_size(x, co),
                  "cohort %zu size differs", co);
            for (size_t k = 0; k + co < 4; k++) {
                rmk_cohort_cell p, q;
                rmk_activity_cohort(plain, co, k, &p);
                rmk_activity_cohort(x, co, k, &q);
                CHECK(p.customers == q.customers && p.revenue == q.revenue,
                      "cohort %zu+%zu differs", co, k);
            }
        }
    }
    rmk_activity_free(plain);
    rmk_activity_free(x);
    remove(path);
}

TEST(test_retention_by_quarter_and_as_of)
{
    char *path = write_history();
    calls c = {{0}, 0, -100};
    rmk_activity *x = NULL;
    char err[512] = "";
    /* quarters: Q1 = Jan-Mar, Q2 = Apr. Group 0: Q1 a1 a2 a3 (3), Q2 a1 a3
     * (2), retained 2, rate 2/3. Group 2: Q1 c1, Q2 c2, retained 0, rate 0/1. */
    rmk_status st = rmk_activity_read_file_grouped(path, NULL, RMK_PERIOD_QUARTER, 3, group_of, &c,
                                                   &x, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (x) {
        static const want g0[] = {{3, 0, 0, 0, 0}, {2, 2, 1, 2, 3}};
        static const want g2[] = {{1, 0, 0, 0, 0}, {1, 0, 1, 0, 1}};
        CHECK(rmk_activity_periods(x) == 2, "%zu quarters", rmk_activity_periods(x));
        check_rows(x, 0, g0, 2, "quarter group 0");
        check_rows(x, 2, g2, 2, "quarter group 2");
    }
    rmk_activity_free(x);
    x = NULL;

    /* as of 2026-03-31: April's rows are not read, so b3 and c2 (April only)
     * are not customers of the read and group_of never sees them */
    memset(&c, 0, sizeof c);
    c.answer = -100;
    rmk_read_opts ro;
    rmk_read_opts_init(&ro);
    rmk_date_parse("2026-03-31", 10, RMK_DATE_AUTO, &ro.as_of);
    st = rmk_activity_read_file_grouped(path, &ro, RMK_PERIOD_MONTH, 3, group_of, &c, &x, err,
                                        sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (x) {
        static const want g2[] = {{1, 0, 0, 0, 0}, {0, 0, 1, 0, 1}, {0, 0, 0, 0, 0}};
        CHECK(rmk_activity_periods(x) == 3, "%zu periods", rmk_activity_periods(x));
        check_rows(x, 2, g2, 3, "as-of group 2");
        int total = 0;
        for (size_t i = 0; i < NMEMBERS; i++) total += c.seen[i];
        CHECK(total == 8 && c.seen[5] == 0 && c.seen[7] == 0, "%d calls; b3 %d, c2 %d", total,
              c.seen[5], c.seen[7]);
    }
    rmk_activity_free(x);
    remove(path);
}

TEST(test_retention_by_errors)
{
    char *path = write_history();
    char err[512];
    static const struct { int answer; size_t ngroups; rmk_status st; size_t ungrouped; } rows[] = {
        {3, 3, RMK_ERR_USAGE, 0},  /* a group beyond ngroups - 1 */
        {-2, 3, RMK_ERR_USAGE, 0}, /* below -1 */
        {0, 0, RMK_ERR_USAGE, 0},  /* no groups: only -1 is valid */
        {-1, 0, RMK_OK, 10},       /* no groups, everyone in none */
        {-1, 3, RMK_OK, 10},       /* groups, all empty */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        calls c = {{0}, 0, rows[i].answer};
        rmk_activity *x = (rmk_activity *)&c; /* must be reset */
        err[0] = 0;
        rmk_status st = rmk_activity_read_file_grouped(path, NULL, RMK_PERIOD_MONTH, rows[i].ngroups,
                                                       group_of, &c, &x, err, sizeof err);
        CHECK(st == rows[i].st, "row %zu: status %s (%s), want %s", i, rmk_status_name(st), err,
              rmk_status_name(rows[i].st));
        if (st != RMK_OK) {
            CHECK(x == NULL && err[0], "row %zu: no result and a message expected", i);
            continue;
        }
        CHECK(rmk_activity_ungrouped(x) == rows[i].ungrouped, "row %zu: %zu ungrouped", i,
              rmk_activity_ungrouped(x));
        for (size_t g = 0; g < rows[i].ngroups; g++)
            for (size_t p = 0; p < 4; p++) {
                rmk_retention r;
                rmk_activity_group_retention(x, g, p, &r);
                CHECK(r.active == 0 && !r.has_previous, "row %zu: group %zu period %zu not empty",
                      i, g, p);
            }
        rmk_retention r;
        rmk_activity_retention(x, 1, &r);
        CHECK(r.active == 5 && r.retained == 3, "row %zu: overall Feb %zu %zu", i, r.active,
              r.retained);
        rmk_activity_free(x);
    }
    rmk_activity *x = (rmk_activity *)err;
    rmk_status st = rmk_activity_read_file_grouped(path, NULL, RMK_PERIOD_MONTH, 3, NULL, NULL, &x,
                                                   err, sizeof err);
    CHECK(st == RMK_ERR_USAGE && x == NULL, "group_of NULL: %s", rmk_status_name(st));
    /* the reading errors are those of the plain read */
    x = (rmk_activity *)err;
    calls c = {{0}, 0, -100};
    st = rmk_activity_read_file_grouped("/nonexistent/relmark.csv", NULL, RMK_PERIOD_MONTH, 3,
                                        group_of, &c, &x, err, sizeof err);
    CHECK(st == RMK_ERR_NOINPUT && x == NULL, "missing file: %s", rmk_status_name(st));
    remove(path);
}

/* one period's (partial, covered, days) as rmk_activity_partial gives them */
static void check_partial(const rmk_activity *x, size_t i, int part, int covered, int days, const char *what)
{
    int c = -1, d = -1, p = rmk_activity_partial(x, i, &c, &d);
    CHECK(p == part && c == covered && d == days, "%s period %zu: partial %d, %d of %d days; want %d, %d of %d",
          what, i, p, c, d, part, covered, days);
}

/* A partial last period (docs/retention.md, "A partial last period"), by
 * hand on the history above, whose latest row is 2026-04-30 (b3):
 *   months, no --as-of: the as-of date is 2026-04-30, April's last day:
 *     Jan 31/31, Feb 28/28, Mar 31/31, Apr 30/30, none partial;
 *   --as-of 2026-04-15: a1's 04-20 and b3's 04-30 are left out, April
 *     still has a3 and c2: 15 of its 30 days, partial;
 *   --as-of 2026-05-10, after the last purchase's month: the periods end
 *     with April, whole (May, with no purchase, is no period);
 *   quarters: Q2 is Apr-Jun, 30+31+30 = 91 days, 30 up to 04-30: partial;
 *   years: 2026 has 365 days, 31+28+31+30 = 120 up to 04-30: partial;
 *   a period out of range: 0, with 0 of 0 days. */
TEST(test_retention_partial_periods)
{
    char *path = write_history();
    char err[512] = "";
    rmk_activity *x = NULL;
    rmk_read_opts ro;
    rmk_read_opts_init(&ro);
    CHECK(rmk_activity_read_file(path, &ro, RMK_PERIOD_MONTH, &x, err, sizeof err) == RMK_OK && x, "%s", err);
    if (x) {
        CHECK(rmk_activity_as_of(x) == rmk_days_from_civil(2026, 4, 30), "as-of %d", (int)rmk_activity_as_of(x));
        check_partial(x, 0, 0, 31, 31, "months");
        check_partial(x, 1, 0, 28, 28, "months");
        check_partial(x, 2, 0, 31, 31, "months");
        check_partial(x, 3, 0, 30, 30, "months");
        check_partial(x, 4, 0, 0, 0, "months, out of range:");
    }
    rmk_activity_free(x);
    x = NULL;
    ro.as_of = rmk_days_from_civil(2026, 4, 15);
    CHECK(rmk_activity_read_file(path, &ro, RMK_PERIOD_MONTH, &x, err, sizeof err) == RMK_OK && x, "%s", err);
    if (x) {
        CHECK(rmk_activity_periods(x) == 4, "%zu periods to 04-15", rmk_activity_periods(x));
        CHECK(rmk_activity_as_of(x) == ro.as_of, "as-of %d", (int)rmk_activity_as_of(x));
        check_partial(x, 2, 0, 31, 31, "to 04-15");
        check_partial(x, 3, 1, 15, 30, "to 04-15");
    }
    rmk_activity_free(x);
    x = NULL;
    ro.as_of = rmk_days_from_civil(2026, 5, 10);
    CHECK(rmk_activity_read_file(path, &ro, RMK_PERIOD_MONTH, &x, err, sizeof err) == RMK_OK && x, "%s", err);
    if (x) {
        CHECK(rmk_activity_periods(x) == 4, "%zu periods to 05-10", rmk_activity_periods(x));
        check_partial(x, 3, 0, 30, 30, "to 05-10");
    }
    rmk_activity_free(x);
    x = NULL;
    ro.as_of = RMK_NO_DATE;
    CHECK(rmk_activity_read_file(path, &ro, RMK_PERIOD_QUARTER, &x, err, sizeof err) == RMK_OK && x, "%s", err);
    if (x) {
        check_partial(x, 0, 0, 90, 90, "quarters");
        check_partial(x, 1, 1, 30, 91, "quarters");
    }
    rmk_activity_free(x);
    x = NULL;
    CHECK(rmk_activity_read_file(path, &ro, RMK_PERIOD_YEAR, &x, err, sizeof err) == RMK_OK && x, "%s", err);
    if (x) check_partial(x, 0, 1, 120, 365, "years");
    rmk_activity_free(x);
    remove(path);
}
