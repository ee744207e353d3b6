/* SPDX-License-Identifier: MIT */
/* test_abcxyz.c — ABC-XYZ analysis and concentration (rmk_abcxyz_file) on
 * hand-worked files: every ABC boundary (the client that crosses 80%, a
 * cumulative share of exactly 80% and 95% before a client, ties by id),
 * every XYZ boundary (a coefficient of variation of exactly 10% and 25%,
 * one ten-thousandth of a unit either side), empty months counted as 0,
 * clients with zero or negative revenue, the window's edges, Gini and HHI by
 * hand and against an independent computation (pandas/numpy) on the B2B
 * sample. As-of 2026-06-30 unless said, so the 12 months are July 2025 ...
 * June 2026 and the window is (2025-06-30, 2026-06-30]. */
#include "relmark.h"
#include "unit.h"
#include <math.h>
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
    static char paths[4][64];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 64, "/tmp/relmark-abcxyz-XXXXXX");
    int fd = mkstemp(p);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

/* Runs the analysis on a file's text; st_out (or a CHECK for RMK_OK). */
static rmk_abcxyz *run(const char *tx, rmk_abcxyz_opts *o, rmk_status *st_out)
{
    char *t = tmp_file(tx);
    rmk_abcxyz *x = NULL;
    char err[512] = "";
    rmk_status st = rmk_abcxyz_file(t, NULL, o, &x, err, sizeof err);
    if (st_out) *st_out = st;
    else CHECK(st == RMK_OK, "%s", err);
    remove(t);
    return x;
}

static const rmk_abcxyz_client *cl(const rmk_abcxyz *x, const char *id)
{
    for (size_t i = 0; x && i < rmk_abcxyz_count(x); i++)
        if (!strcmp(rmk_abcxyz_at(x, i)->customer_id, id)) return rmk_abcxyz_at(x, i);
    CHECK(0, "no client %s", id);
    return NULL;
}

#define U(units) ((int64_t)(units) * RMK_MONEY_SCALE)

/* one row per (client, abc, xyz, rank) */
typedef struct want { const char *id; rmk_abc abc; rmk_xyz xyz; size_t rank; int64_t revenue; } want;

static void check_wants(const rmk_abcxyz *x, const want *w, size_t n)
{
    CHECK(x && rmk_abcxyz_count(x) == n, "clients %zu, want %zu", x ? rmk_abcxyz_count(x) : 0, n);
    for (size_t i = 0; x && i < n; i++) {
        const rmk_abcxyz_client *c = cl(x, w[i].id);
        if (!c) continue;
        CHECK(c->abc == w[i].abc, "%s: abc %s, want %s", w[i].id, rmk_abc_key(c->abc), rmk_abc_key(w[i].abc));
        CHECK(c->xyz == w[i].xyz, "%s: xyz %s, want %s", w[i].id, rmk_xyz_key(c->xyz), rmk_xyz_key(w[i].xyz));
        CHECK(c->rank == w[i].rank, "%s: rank %zu, want %zu", w[i].id, c->rank, w[i].rank);
        CHECK(c->revenue == w[i].revenue, "%s: revenue %lld, want %lld", w[i].id,
              (long long)c->revenue, (long long)w[i].revenue);
        CHECK(rmk_abcxyz_at(x, c->rank - 1) == c, "%s: not at its rank", w[i].id);
    }
}

/* Total 100: a 40 (above it 0% -> A), b 30 (40% -> A), c 15 (70% -> A: it
 * crosses 80%, its own cumulative is 85%), d 10 (85% -> B), e 5 (exactly
 * 95% above it -> C). Every client buys once: CV sqrt(11) > 25% -> Z. */
TEST(test_abcxyz_abc_crossing_and_95)
{
    rmk_abcxyz_opts o;
    rmk_abcxyz_opts_init(&o);
    rmk_abcxyz *x = run("customer,date,amount\n"
                        "e,2026-01-10,5\nd,2026-01-10,10\nc,2026-01-10,15\n"
                        "b,2026-01-10,30\na,2026-01-10,40\n", &o, NULL);
    const want w[] = {{"a", RMK_ABC_A, RMK_XYZ_Z, 1, U(40)}, {"b", RMK_ABC_A, RMK_XYZ_Z, 2, U(30)},
                      {"c", RMK_ABC_A, RMK_XYZ_Z, 3, U(15)}, {"d", RMK_ABC_B, RMK_XYZ_Z, 4, U(10)},
                      {"e", RMK_ABC_C, RMK_XYZ_Z, 5, U(5)}};
    check_wants(x, w, 5);
    const rmk_abcxyz_client *c = cl(x, "c");
    if (c) {
        CHECK(c->cumulative == U(85), "cumulative %lld", (long long)c->cumulative);
        CHECK(fabs(c->cumulative_share - 0.85) < 1e-12, "%.17g", c->cumulative_share);
        CHECK(fabs(c->share - 0.15) < 1e-12, "%.17g", c->share);
    }
    rmk_abcxyz_free(x);
}

/* Exactly 80% above a client: a 50, b 30 (above 50% -> A, cumulative 80%),
 * c 10 (above exactly 80% -> B), d 5 (90% -> B), e 5 (95% -> C). With
 * --abc 90,95 c is A (80 < 90) and d B (exactly 90 above it); with --abc
 * 80.01,95 c is A (80 < 80.01). */
TEST(test_abcxyz_abc_exactly_80_and_thresholds)
{
    static const char tx[] = "customer,date,amount\n"
                             "a,2026-01-10,50\nb,2026-01-10,30\nc,2026-01-10,10\n"
                             "d,2026-01-10,5\ne,2026-01-10,5\n";
    rmk_abcxyz_opts o;
    rmk_abcxyz_opts_init(&o);
    rmk_abcxyz *x = run(tx, &o, NULL);
    const want w[] = {{"a", RMK_ABC_A, RMK_XYZ_Z, 1, U(50)}, {"b", RMK_ABC_A, RMK_XYZ_Z, 2, U(30)},
                      {"c", RMK_ABC_B, RMK_XYZ_Z, 3, U(10)}, {"d", RMK_ABC_B, RMK_XYZ_Z, 4, U(5)},
                      {"e", RMK_ABC_C, RMK_XYZ_Z, 5, U(5)}};
    check_wants(x, w, 5);
    rmk_abcxyz_free(x);

    o.abc_a = 9000;
    x = run(tx, &o, NULL);
    const want w90[] = {{"a", RMK_ABC_A, RMK_XYZ_Z, 1, U(50)}, {"b", RMK_ABC_A, RMK_XYZ_Z, 2, U(30)},
                        {"c", RMK_ABC_A, RMK_XYZ_Z, 3, U(10)}, {"d", RMK_ABC_B, RMK_XYZ_Z, 4, U(5)},
                        {"e", RMK_ABC_C, RMK_XYZ_Z, 5, U(5)}};
    check_wants(x, w90, 5);
    rmk_abcxyz_free(x);

    o.abc_a = 8001;
    x = run(tx, &o, NULL);
    const rmk_abcxyz_client *c = cl(x, "c");
    if (c) CHECK(c->abc == RMK_ABC_A, "c: %s with 80.01%%", rmk_abc_key(c->abc));
    rmk_abcxyz_free(x);
}

/* Ties by id in byte order: M10 and M9 both 20 after X 60 (total 100).
 * "M10" < "M9", so M10 ranks 2nd (60% above -> A) and M9 3rd (80% above
 * -> B): the tie straddles the boundary and the id decides. The same
 * revenue from two rows (12 + 8) ties with one row of 20. */
TEST(test_abcxyz_ties_by_id)
{
    rmk_abcxyz_opts o;
    rmk_abcxyz_opts_init(&o);
    rmk_abcxyz *x = run("customer,date,amount\n"
                        "M9,2026-03-01,20\nX,2026-03-01,60\nM10,2026-02-01,12\nM10,2026-03-01,8\n",
                        &o, NULL);
    const want w[] = {{"X", RMK_ABC_A, RMK_XYZ_Z, 1, U(60)}, {"M10", RMK_ABC_A, RMK_XYZ_Z, 2, U(20)},
                      {"M9", RMK_ABC_B, RMK_XYZ_Z, 3, U(20)}};
    check_wants(x, w, 3);
    rmk_abcxyz_free(x);
}

/* Zero and negative revenue, and who is a client of the window:
 * P 100 (the only positive: A); ZERO a purchase of 0; NET0 10 and a return
 * of 10 in the window (revenue 0); NEG a return only (-5); OLD bought in
 * 2025-06 (before the window: left out, counted); EDGE bought on
 * 2025-06-30 (the day before the window: left out) and on 2026-06-30 (the
 * as-of day: in). LATE's row is after the as-of date (ignored). Ranked:
 * P, EDGE (100 of 103 above it: C), then NET0 and ZERO (0, by id), then NEG. Zero and negative
 * revenue: share <= 0, cumulative stays at 100%, class C, XYZ Z, no CV. */
TEST(test_abcxyz_zero_negative_and_window_edges)
{
    rmk_abcxyz_opts o;
    rmk_abcxyz_opts_init(&o);
    o.as_of = D("2026-06-30");
    rmk_abcxyz *x = run("customer,date,amount\n"
                        "P,2026-02-01,100\nZERO,2026-02-01,0\nNET0,2026-02-01,10\n"
                        "NET0,2026-03-01,-10\nNEG,2026-04-01,-5\nOLD,2025-06-15,50\n"
                        "EDGE,2025-06-30,1000\nEDGE,2026-06-30,3\nLATE,2026-07-01,7\n", &o, NULL);
    const want w[] = {{"P", RMK_ABC_A, RMK_XYZ_Z, 1, U(100)}, {"EDGE", RMK_ABC_C, RMK_XYZ_Z, 2, U(3)},
                      {"NET0", RMK_ABC_C, RMK_XYZ_Z, 3, 0}, {"ZERO", RMK_ABC_C, RMK_XYZ_Z, 4, 0},
                      {"NEG", RMK_ABC_C, RMK_XYZ_Z, 5, U(-5)}};
    check_wants(x, w, 5);
    rmk_abcxyz_stats s;
    if (x) {
        rmk_abcxyz_get_stats(x, &s);
        CHECK(s.outside_window == 1, "outside the window: %zu", s.outside_window); /* OLD */
        CHECK(s.customers == 6, "customers %zu", s.customers); /* LATE never read */
        CHECK(s.rows_after_as_of == 1, "after as-of %llu", (unsigned long long)s.rows_after_as_of);
        CHECK(rmk_abcxyz_window_start(x) == D("2025-07-01"), "window start");
        for (size_t i = 2; i < 5; i++) {
            const rmk_abcxyz_client *c = rmk_abcxyz_at(x, i);
            CHECK(!c->cv_known, "%s: cv known", c->customer_id);
            CHECK(c->cumulative == U(103), "%s: cumulative %lld", c->customer_id, (long long)c->cumulative);
            CHECK(c->share <= 0, "%s: share %g", c->customer_id, c->share);
        }
        const rmk_abcxyz_client *n = cl(x, "NEG"), *e = cl(x, "EDGE");
        if (n) CHECK(fabs(n->share - (-5.0 / 103.0)) < 1e-12, "NEG share %.17g", n->share);
        if (e) CHECK(e->active_months == 1, "EDGE months %d", e->active_months);
        rmk_concentration k;
        rmk_abcxyz_concentration(x, &k);
        CHECK(k.clients == 5 && k.positive_clients == 2, "clients %zu, positive %zu", k.clients,
              k.positive_clients);
        CHECK(k.total == U(103) && k.negative_total == U(-5), "total %lld, negative %lld",
              (long long)k.total, (long long)k.negative_total);
        rmk_abcxyz_cell cz;
        rmk_abcxyz_cell_get(x, RMK_ABC_C, RMK_XYZ_Z, &cz);
        CHECK(cz.clients == 4 && cz.revenue == U(-2), "CZ %zu %lld", cz.clients, (long long)cz.revenue);
    }
    rmk_abcxyz_free(x);

    /* only clients without revenue: every one C and Z, nothing defined */
    x = run("customer,date,amount\nA,2026-02-01,0\nB,2026-03-01,-4\n", &o, NULL);
    if (x) {
        rmk_concentration k;
        rmk_abcxyz_concentration(x, &k);
        CHECK(!k.defined && k.total == 0 && k.clients == 2, "defined %d", k.defined);
        CHECK(rmk_abcxyz_at(x, 0)->abc == RMK_ABC_C && rmk_abcxyz_at(x, 1)->xyz == RMK_XYZ_Z, "classes");
        CHECK(rmk_abcxyz_at(x, 0)->share == 0, "share");
    }
    rmk_abcxyz_free(x);
}

/* Twelve monthly amounts on the 15th of each month July 2025 .. June 2026. */
static void months_rows(char *buf, size_t len, const char *id, const char *const amt[12])
{
    static const char *const ym[12] = {"2025-07", "2025-08", "2025-09", "2025-10", "2025-11",
                                       "2025-12", "2026-01", "2026-02", "2026-03", "2026-04",
                                       "2026-05", "2026-06"};
    size_t u = strlen(buf);
    for (int k = 0; k < 12; k++)
        if (amt[k]) u += (size_t)snprintf(buf + u, len - u, "%s,%s-15,%s\n", id, ym[k], amt[k]);
}

/* XYZ boundaries, X < 10% <= Y <= 25% < Z. With S = the sum of the 12
 * monthly nets and Q = the sum of their squares, the population variance is
 * (12 Q - S^2) / 144 and the mean S / 12, so CV = sqrt(12 Q - S^2) / S:
 * - Y10: six months of 110 and six of 90: S = 1200, Q = 6 (12100 + 8100) =
 *   121200, 12 Q - S^2 = 1454400 - 1440000 = 14400 = 120^2, CV = 120 / 1200
 *   = 0.1 exactly -> Y (the lower bound of Y is inclusive);
 * - Y25: six of 125 and six of 75: S = 1200, Q = 6 (15625 + 5625) = 127500,
 *   12 Q - S^2 = 1530000 - 1440000 = 90000 = 300^2, CV = 300 / 1200 = 0.25
 *   exactly -> Y (inclusive);
 * - X: 109.9999 and 90.0001: CV = 9.9999 / 100 = 0.099999 -> X;
 * - Z: 125.0001 and 74.9999: CV = 0.250001 -> Z;
 * - FLAT: 100 every month, CV 0 -> X;
 * - GAP: 100 in 11 months, the 12th empty: counted as 0, S = 1100,
 *   Q = 110000, 12 Q - S^2 = 110000, CV = sqrt(110000) / 1100 = 1/sqrt(11) =
 *   0.3015 -> Z (without the empty month it would be 0 -> X);
 * - HALF: 100 in 6 months, 0 in 6: CV = 50 / 50 = 1 -> Z;
 * - TWO: 110 and 90 on two days of one month each: the month's net counts,
 *   so it is FLAT's twelve months of 200 -> CV 0 -> X. */
TEST(test_abcxyz_xyz_boundaries)
{
    static char tx[8192];
    snprintf(tx, sizeof tx, "customer,date,amount\n");
    const char *y10[12] = {"110", "90", "110", "90", "110", "90", "110", "90", "110", "90", "110", "90"};
    const char *y25[12] = {"125", "75", "125", "75", "125", "75", "125", "75", "125", "75", "125", "75"};
    const char *xb[12] = {"109.9999", "90.0001", "109.9999", "90.0001", "109.9999", "90.0001",
                          "109.9999", "90.0001", "109.9999", "90.0001", "109.9999", "90.0001"};
    const char *zb[12] = {"125.0001", "74.9999", "125.0001", "74.9999", "125.0001", "74.9999",
                          "125.0001", "74.9999", "125.0001", "74.9999", "125.0001", "74.9999"};
    const char *flat[12] = {"100", "100", "100", "100", "100", "100", "100", "100", "100", "100", "100", "100"};
    const char *gap[12] = {"100", "100", "100", "100", "100", "100", "100", "100", "100", "100", "100", NULL};
    const char *half[12] = {"100", NULL, "100", NULL, "100", NULL, "100", NULL, "100", NULL, "100", NULL};
    months_rows(tx, sizeof tx, "Y10", y10);
    months_rows(tx, sizeof tx, "Y25", y25);
    months_rows(tx, sizeof tx, "XB", xb);
    months_rows(tx, sizeof tx, "ZB", zb);
    months_rows(tx, sizeof tx, "FLAT", flat);
    months_rows(tx, sizeof tx, "GAP", gap);
    months_rows(tx, sizeof tx, "HALF", half);
    months_rows(tx, sizeof tx, "TWO", flat);
    for (int k = 0; k < 12; k++) { /* TWO: a second 100 on the 20th */
        size_t u = strlen(tx);
        snprintf(tx + u, sizeof tx - u, "TWO,%04d-%02d-20,100\n", k < 6 ? 2025 : 2026, (k + 6) % 12 + 1);
    }
    rmk_abcxyz_opts o;
    rmk_abcxyz_opts_init(&o);
    o.as_of = D("2026-06-30");
    rmk_abcxyz *x = run(tx, &o, NULL);
    static const struct { const char *id; rmk_xyz xyz; double cv; int months; } w[] = {
        {"Y10", RMK_XYZ_Y, 0.1, 12},       {"Y25", RMK_XYZ_Y, 0.25, 12},
        {"XB", RMK_XYZ_X, 0.099999, 12},   {"ZB", RMK_XYZ_Z, 0.250001, 12},
        {"FLAT", RMK_XYZ_X, 0, 12},        {"GAP", RMK_XYZ_Z, 0.30151134457776363, 11},
        {"HALF", RMK_XYZ_Z, 1, 6},         {"TWO", RMK_XYZ_X, 0, 12}};
    for (size_t i = 0; x && i < sizeof w / sizeof w[0]; i++) {
        const rmk_abcxyz_client *c = cl(x, w[i].id);
        if (!c) continue;
        CHECK(c->xyz == w[i].xyz, "%s: %s, want %s (cv %.17g)", w[i].id, rmk_xyz_key(c->xyz),
              rmk_xyz_key(w[i].xyz), c->cv);
        CHECK(c->cv_known && fabs(c->cv - w[i].cv) < 1e-12, "%s: cv %.17g, want %.17g", w[i].id,
              c->cv, w[i].cv);
        CHECK(c->active_months == w[i].months, "%s: months %d", w[i].id, c->active_months);
    }
    rmk_abcxyz_free(x);

    /* --xyz 10,24.99: Y25 becomes Z; --xyz 10.01,25: Y10 becomes X */
    o.xyz_y = 2499;
    x = run(tx, &o, NULL);
    const rmk_abcxyz_client *c = cl(x, "Y25");
    if (c) CHECK(c->xyz == RMK_XYZ_Z, "Y25 with 24.99%%: %s", rmk_xyz_key(c->xyz));
    rmk_abcxyz_free(x);
    o.xyz_y = 2500;
    o.xyz_x = 1001;
    x = run(tx, &o, NULL);
    c = cl(x, "Y10");
    if (c) CHECK(c->xyz == RMK_XYZ_X, "Y10 with 10.01%%: %s", rmk_xyz_key(c->xyz));
    rmk_abcxyz_free(x);
}

/* --period quarter (and year): the CV over the window's periods, by hand.
 * As of 2026-06-30 the quarters are Jul-Sep 2025, Oct-Dec, Jan-Mar 2026,
 * Apr-Jun. With P periods of nets n_i, CV = sqrt(P sum n_i^2 - S^2) / S:
 * - Q10: quarters 110, 90, 110, 90 (each in one month of its quarter):
 *   S = 400, P sum = 4 * 40400 = 161600, 161600 - 160000 = 1600 = 40^2,
 *   CV = 40 / 400 = 10 % exactly: Y (monthly: Z, most months are empty);
 * - QFLAT: 100 a quarter, in different months: CV 0, X (monthly 1.73, Z);
 * - Q25: 125, 75, 125, 75: CV 25 % exactly, Y; QZ: 125.0001, 74.9999: Z;
 * - QHALF: 100, 0, 100, 0: CV 1, Z; two active months.
 * --months 24 --period year: two years of 100 each: CV 0, X. */
TEST(test_abcxyz_xyz_by_quarter)
{
    static char tx[8192];
    snprintf(tx, sizeof tx, "customer,date,amount\n");
    const char *q10[12] = {"110", NULL, NULL, NULL, "90", NULL, NULL, NULL, "110", "90", NULL, NULL};
    const char *qflat[12] = {NULL, NULL, "100", "50", "50", NULL, "100", NULL, NULL, NULL, NULL, "100"};
    const char *q25[12] = {"125", NULL, NULL, "75", NULL, NULL, "125", NULL, NULL, "75", NULL, NULL};
    const char *qz[12] = {"125.0001", NULL, NULL, "74.9999", NULL, NULL,
                          "125.0001", NULL, NULL, "74.9999", NULL, NULL};
    const char *qhalf[12] = {"100", NULL, NULL, NULL, NULL, NULL, NULL, "100", NULL, NULL, NULL, NULL};
    months_rows(tx, sizeof tx, "Q10", q10);
    months_rows(tx, sizeof tx, "QFLAT", qflat);
    months_rows(tx, sizeof tx, "Q25", q25);
    months_rows(tx, sizeof tx, "QZ", qz);
    months_rows(tx, sizeof tx, "QHALF", qhalf);
    rmk_abcxyz_opts o;
    rmk_abcxyz_opts_init(&o);
    o.as_of = D("2026-06-30");
    o.period_months = 3;
    rmk_abcxyz *x = run(tx, &o, NULL);
    static const struct { const char *id; rmk_xyz xyz; double cv; int months; } w[] = {
        {"Q10", RMK_XYZ_Y, 0.1, 4},  {"QFLAT", RMK_XYZ_X, 0, 5}, {"Q25", RMK_XYZ_Y, 0.25, 4},
        {"QZ", RMK_XYZ_Z, 0.250001, 4}, {"QHALF", RMK_XYZ_Z, 1, 2}};
    for (size_t i = 0; x && i < sizeof w / sizeof w[0]; i++) {
        const rmk_abcxyz_client *c = cl(x, w[i].id);
        if (!c) continue;
        CHECK(c->xyz == w[i].xyz && c->cv_known && fabs(c->cv - w[i].cv) < 1e-12 &&
                  c->active_months == w[i].months,
              "%s: %s cv %.17g months %d", w[i].id, rmk_xyz_key(c->xyz), c->cv, c->active_months);
    }
    rmk_abcxyz_free(x);
    o.period_months = 1; /* the same clients by month: all Z */
    x = run(tx, &o, NULL);
    for (size_t i = 0; x && i < sizeof w / sizeof w[0]; i++) {
        const rmk_abcxyz_client *c = cl(x, w[i].id);
        if (c) CHECK(c->xyz == RMK_XYZ_Z, "%s by month: %s", w[i].id, rmk_xyz_key(c->xyz));
    }
    rmk_abcxyz_free(x);
    /* years: 24 months, two years of 100 */
    o.period_months = 12;
    o.months = 24;
    x = run("customer,date,amount\nY,2024-08-01,100\nY,2026-02-01,60\nY,2026-03-01,40\n", &o, NULL);
    const rmk_abcxyz_client *y = cl(x, "Y");
    if (y) CHECK(y->xyz == RMK_XYZ_X && y->cv == 0, "years: %s %g", rmk_xyz_key(y->xyz), y->cv);
    rmk_abcxyz_free(x);
    /* a window that is not whole periods, or one period only, is refused */
    static const struct { int months, per; } bad[] = {{12, 12}, {10, 3}, {3, 3}, {12, 2}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rmk_abcxyz_opts_init(&o);
        o.months = bad[i].months;
        o.period_months = bad[i].per;
        rmk_status st;
        x = run("customer,date,amount\nA,2026-01-01,1\n", &o, &st);
        CHECK(st == RMK_ERR_USAGE && !x, "%d months by %d: status %d", bad[i].months, bad[i].per, st);
        rmk_abcxyz_free(x);
    }
}

/* The window's months when the as-of day is not a month end (the months of
 * relmark rate, rmk_window_month): as-of 2026-06-15, month 0 is
 * (2025-06-15, 2025-07-15], month 1 (2025-07-15, 2025-08-15]. A: 2025-07-15
 * and 2025-07-16 are two months; B: 2025-07-16 and 2025-08-15 one; C:
 * 2025-06-15 is outside. --months 3: the window starts 2026-03-16. */
TEST(test_abcxyz_months_of_the_window)
{
    CHECK(rmk_window_month(D("2026-06-15"), 12, D("2025-07-15")) == 0, "month of 07-15");
    CHECK(rmk_window_month(D("2026-06-15"), 12, D("2025-07-16")) == 1, "month of 07-16");
    static const char tx[] = "customer,date,amount\n"
                             "A,2025-07-15,10\nA,2025-07-16,10\nB,2025-07-16,10\nB,2025-08-15,10\n"
                             "C,2025-06-15,10\nC,2026-06-15,10\nD,2026-03-16,5\nE,2026-03-15,5\n";
    rmk_abcxyz_opts o;
    rmk_abcxyz_opts_init(&o);
    o.as_of = D("2026-06-15");
    rmk_abcxyz *x = run(tx, &o, NULL);
    const rmk_abcxyz_client *a = cl(x, "A"), *b = cl(x, "B"), *c = cl(x, "C");
    if (a) CHECK(a->active_months == 2, "A: %d", a->active_months);
    if (b) CHECK(b->active_months == 1, "B: %d", b->active_months);
    if (c) CHECK(c->revenue == U(10) && c->active_months == 1, "C: %lld", (long long)c->revenue);
    if (x) CHECK(rmk_abcxyz_window_start(x) == D("2025-06-16"), "start");
    rmk_abcxyz_free(x);
    o.months = 3;
    x = run(tx, &o, NULL);
    if (x) {
        CHECK(rmk_abcxyz_window_start(x) == D("2026-03-16"), "3-month start");
        CHECK(rmk_abcxyz_count(x) == 2, "3 months: %zu clients", rmk_abcxyz_count(x)); /* C, D */
        rmk_abcxyz_stats s;
        rmk_abcxyz_get_stats(x, &s);
        CHECK(s.outside_window == 3, "outside %zu", s.outside_window); /* A, B, E */
    }
    rmk_abcxyz_free(x);
}

/* Gini, HHI and the top 20% by hand: revenues 10, 20, 30, 40 (T = 100),
 * plus Z0 (0) and N (-3), which are left out of the measures.
 * Gini by definition: the pairs' differences 10+20+30+10+20+10 = 100, over
 * ordered pairs 200; G = 200 / (2 n^2 mean) = 200 / (2 * 16 * 25) = 0.25.
 * HHI = .1^2 + .2^2 + .3^2 + .4^2 = 0.30 = 3000 points. Top 20%: ceil(4/5)
 * = 1 client, 40 = 0.4. Six positive clients (1..6): top ceil(6/5) = 2.
 * One client: G = 0, HHI = 1. */
TEST(test_abcxyz_concentration_by_hand)
{
    rmk_abcxyz_opts o;
    rmk_abcxyz_opts_init(&o);
    rmk_abcxyz *x = run("customer,date,amount\nq,2026-01-05,10\nr,2026-01-05,20\ns,2026-01-05,30\n"
                        "t,2026-01-05,40\nZ0,2026-01-05,0\nN,2026-01-05,-3\n", &o, NULL);
    rmk_concentration k;
    if (x) {
        rmk_abcxyz_concentration(x, &k);
        CHECK(k.defined && k.clients == 6 && k.positive_clients == 4, "clients %zu %zu", k.clients,
              k.positive_clients);
        CHECK(k.total == U(100), "total %lld", (long long)k.total);
        CHECK(fabs(k.gini - 0.25) < 1e-15, "gini %.17g", k.gini);
        CHECK(fabs(k.hhi - 0.30) < 1e-15 && fabs(k.hhi_points - 3000) < 1e-9, "hhi %.17g", k.hhi);
        CHECK(k.top_clients == 1 && k.top_revenue == U(40) && fabs(k.top_share - 0.4) < 1e-15,
              "top %zu %lld", k.top_clients, (long long)k.top_revenue);
    }
    rmk_abcxyz_free(x);
    x = run("customer,date,amount\na,2026-01-05,1\nb,2026-01-05,2\nc,2026-01-05,3\n"
            "d,2026-01-05,4\ne,2026-01-05,5\nf,2026-01-05,6\n", &o, NULL);
    if (x) {
        rmk_abcxyz_concentration(x, &k);
        /* sum of |xi - xj| over i<j for 1..6 = 35; G = 70 / (2 * 36 * 3.5) = 5/18 */
        CHECK(fabs(k.gini - 5.0 / 18.0) < 1e-15, "gini %.17g", k.gini);
        CHECK(k.top_clients == 2 && k.top_revenue == U(11), "top %zu %lld", k.top_clients,
              (long long)k.top_revenue);
        CHECK(fabs(k.hhi - 91.0 / 441.0) < 1e-15, "hhi %.17g", k.hhi); /* (1+4+...+36)/21^2 */
    }
    rmk_abcxyz_free(x);
    x = run("customer,date,amount\nsolo,2026-01-05,7\n", &o, NULL);
    if (x) {
        rmk_abcxyz_concentration(x, &k);
        CHECK(k.gini == 0 && k.hhi == 1 && k.top_clients == 1 && k.top_share == 1, "one client");
    }
    rmk_abcxyz_free(x);
}

/* examples/b2b/invoices.csv against tests/data/abcxyz/gini_reference.py
 * (pandas 1.5.3, numpy 1.24.2, Gini from the mean absolute difference of
 * all pairs), whose output was:
 *   as_of 2026-06-30  window (2025-06-30, 2026-06-30]  clients 282  with revenue 282
 *   revenue 577488649.45
 *   top20 clients 57  revenue 519226703.02  share 0.8991115297
 *   gini 0.8674708477
 *   hhi 0.0914498658  points 914.498658
 *   cell AX clients 10 revenue 264205888.95
 *   cell AY clients 4 revenue 41970520.61
 *   cell AZ clients 7 revenue 157699980.50
 *   cell BX clients 3 revenue 4973672.76
 *   cell BY clients 3 revenue 4602588.66
 *   cell BZ clients 77 revenue 75206431.31
 *   cell CY clients 1 revenue 401682.82
 *   cell CZ clients 177 revenue 28427883.84 */
TEST(test_abcxyz_b2b_reference)
{
    rmk_abcxyz_opts o;
    rmk_abcxyz_opts_init(&o);
    rmk_abcxyz *x = NULL;
    char err[512] = "";
    rmk_status st = rmk_abcxyz_file("examples/b2b/invoices.csv", NULL, &o, &x, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (!x) return;
    rmk_concentration k;
    rmk_abcxyz_concentration(x, &k);
    CHECK(rmk_abcxyz_as_of(x) == D("2026-06-30"), "as-of");
    CHECK(k.clients == 282 && k.positive_clients == 282, "clients %zu %zu", k.clients, k.positive_clients);
    CHECK(k.total == 5774886494500LL, "revenue %lld", (long long)k.total);
    CHECK(k.top_clients == 57 && k.top_revenue == 5192267030200LL, "top %zu %lld", k.top_clients,
          (long long)k.top_revenue);
    CHECK(fabs(k.top_share - 0.8991115297) < 5e-11, "top share %.12f", k.top_share);
    CHECK(fabs(k.gini - 0.8674708477) < 5e-11, "gini %.12f", k.gini);
    CHECK(fabs(k.hhi - 0.0914498658) < 5e-11, "hhi %.12f", k.hhi);
    CHECK(fabs(k.hhi_points - 914.498658) < 5e-7, "hhi points %.9f", k.hhi_points);
    static const struct { rmk_abc a; rmk_xyz z; size_t clients; int64_t revenue; } cells[9] = {
        {RMK_ABC_A, RMK_XYZ_X, 10, 2642058889500LL}, {RMK_ABC_A, RMK_XYZ_Y, 4, 419705206100LL},
        {RMK_ABC_A, RMK_XYZ_Z, 7, 1576999805000LL},  {RMK_ABC_B, RMK_XYZ_X, 3, 49736727600LL},
        {RMK_ABC_B, RMK_XYZ_Y, 3, 46025886600LL},    {RMK_ABC_B, RMK_XYZ_Z, 77, 752064313100LL},
        {RMK_ABC_C, RMK_XYZ_X, 0, 0},                {RMK_ABC_C, RMK_XYZ_Y, 1, 4016828200LL},
        {RMK_ABC_C, RMK_XYZ_Z, 177, 284278838400LL}};
    for (int i = 0; i < 9; i++) {
        rmk_abcxyz_cell c;
        rmk_abcxyz_cell_get(x, cells[i].a, cells[i].z, &c);
        CHECK(c.clients == cells[i].clients && c.revenue == cells[i].revenue, "%s%s: %zu %lld",
              rmk_abc_key(cells[i].a), rmk_xyz_key(cells[i].z), c.clients, (long long)c.revenue);
    }
    /* rank order: revenue descending, ties by id */
    for (size_t i = 1; i < rmk_abcxyz_count(x); i++) {
        const rmk_abcxyz_client *p = rmk_abcxyz_at(x, i - 1), *c = rmk_abcxyz_at(x, i);
        CHECK(p->revenue > c->revenue || (p->revenue == c->revenue && strcmp(p->customer_id, c->customer_id) < 0),
              "order at %zu", i);
    }
    rmk_abcxyz_free(x);
}

TEST(test_abcxyz_errors)
{
    static const char tx[] = "customer,date,amount\nA,2026-01-05,10\n";
    rmk_abcxyz_opts o;
    rmk_status st;
    static const int bad[][5] = {/* months, a, b, x, y */
                                 {1, 8000, 9500, 1000, 2500},   {121, 8000, 9500, 1000, 2500},
                                 {12, 8000, 8000, 1000, 2500},  {12, 0, 9500, 1000, 2500},
                                 {12, 8000, 10001, 1000, 2500}, {12, 9500, 8000, 1000, 2500},
                                 {12, 8000, 9500, 2500, 1000},  {12, 8000, 9500, 0, 2500},
                                 {12, 8000, 9500, 1000, 100001}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rmk_abcxyz_opts_init(&o);
        o.months = bad[i][0], o.abc_a = bad[i][1], o.abc_b = bad[i][2];
        o.xyz_x = bad[i][3], o.xyz_y = bad[i][4];
        rmk_abcxyz *x = run(tx, &o, &st);
        CHECK(st == RMK_ERR_USAGE && !x, "bad options %zu: %s", i, rmk_status_name(st));
        rmk_abcxyz_free(x);
    }
    /* the edges that are allowed */
    rmk_abcxyz_opts_init(&o);
    o.months = 120, o.abc_a = 1, o.abc_b = 10000, o.xyz_x = 1, o.xyz_y = 100000;
    rmk_abcxyz *x = run(tx, &o, &st);
    CHECK(st == RMK_OK && x, "edges: %s", rmk_status_name(st));
    if (x) CHECK(rmk_abcxyz_at(x, 0)->abc == RMK_ABC_A, "B up to 100%%");
    rmk_abcxyz_free(x);
    /* an empty window: as-of a year and a day after the last row */
    rmk_abcxyz_opts_init(&o);
    o.as_of = D("2027-01-06");
    x = run(tx, &o, &st);
    CHECK(st == RMK_ERR_EMPTY && !x, "empty window: %s", rmk_status_name(st));
    rmk_abcxyz_free(x);
    o.as_of = D("2027-01-05"); /* the window (2026-01-05, 2027-01-05]: the row is not in it */
    x = run(tx, &o, &st);
    CHECK(st == RMK_ERR_EMPTY, "2027-01-05: %s", rmk_status_name(st));
    rmk_abcxyz_free(x);
    o.as_of = D("2027-01-04");
    x = run(tx, &o, &st);
    CHECK(st == RMK_OK, "2027-01-04: %s", rmk_status_name(st));
    rmk_abcxyz_free(x);
    /* no rows at all; as-of before every row */
    rmk_abcxyz_opts_init(&o);
    x = run("customer,date,amount\n", &o, &st);
    CHECK(st == RMK_ERR_EMPTY, "header only: %s", rmk_status_name(st));
    rmk_abcxyz_free(x);
    o.as_of = D("2020-01-01");
    x = run(tx, &o, &st);
    CHECK(st == RMK_ERR_EMPTY, "as-of before the rows: %s", rmk_status_name(st));
    rmk_abcxyz_free(x);
    char err[512];
    x = NULL;
    st = rmk_abcxyz_file("/nonexistent/relmark.csv", NULL, NULL, &x, err, sizeof err);
    CHECK(st == RMK_ERR_NOINPUT && !x, "missing file: %s", rmk_status_name(st));
    /* names */
    CHECK_STR(rmk_abc_key(RMK_ABC_B), "B");
    CHECK_STR(rmk_xyz_key(RMK_XYZ_Z), "Z");
    CHECK_STR(rmk_abc_key((rmk_abc)3), "");
    CHECK_STR(rmk_abc_name(RMK_ABC_A, "ru"), "наиболее ценные");
    CHECK_STR(rmk_xyz_name(RMK_XYZ_X, "en"), "stable");
}

/* Large amounts stay exact: two clients of 900,000,000,000.0000 each in
 * one month (minor units 9e15; the squares need 107 bits, their sums more),
 * and a month net beyond int64 is an error, not a wrap. */
TEST(test_abcxyz_large_amounts)
{
    rmk_abcxyz_opts o;
    rmk_abcxyz_opts_init(&o);
    rmk_abcxyz *x = run("customer,date,amount\nA,2026-01-05,900000000000\nB,2026-01-05,900000000000\n"
                        "A,2026-02-05,900000000000\n", &o, NULL);
    if (x) {
        const rmk_abcxyz_client *a = cl(x, "A");
        /* A: two months of 9e11 in 12: CV = sqrt(12 * 2 - 4) / 2 = sqrt(5) */
        if (a) CHECK(fabs(a->cv - sqrt(5.0)) < 1e-12 && a->xyz == RMK_XYZ_Z, "A cv %.17g", a->cv);
        rmk_concentration k;
        rmk_abcxyz_concentration(x, &k);
        CHECK(k.total == 27000000000000000LL, "total %lld", (long long)k.total);
    }
    rmk_abcxyz_free(x);
    rmk_status st;
    /* the customer's net never leaves int64 (-9e18, 0, 9e18), January's does */
    x = run("customer,date,amount\nA,2025-12-05,-900000000000000\nA,2026-01-05,900000000000000\n"
            "A,2026-01-06,900000000000000\n", &o, &st);
    CHECK(st == RMK_ERR_DATA && !x, "overflow: %s", rmk_status_name(st));
    rmk_abcxyz_free(x);
}
