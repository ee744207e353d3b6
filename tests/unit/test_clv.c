/* SPDX-License-Identifier: MIT */
/* test_clv.c — the CLV models (src/clvmodel.h, src/clvfit.h): BG/NBD and
 * Gamma-Gamma log-likelihoods, P(alive) and expectations against values
 * computed independently (tests/data/clv/ll_reference.py: the papers'
 * formulas as printed, in 60- and 80-digit mpmath arithmetic); the fits on
 * the CDNOW sample against the published parameters and an independent
 * scipy fit (same script); grouped = ungrouped = the plain per-group loop;
 * the data the models cannot be fitted to. Runs from the repository root. */
#include "clvfit.h"
#include "unit.h"
#include <math.h>
#include <stdlib.h>

#define SUMMARY "examples/cdnow/cdnow_customers_summary_with_transactions.csv"
#define SAMPLE "examples/cdnow/CDNOW_sample.txt"

/* |got - want| <= rel * max(1, |want|) */
static int near(double got, double want, double rel)
{
    return fabs(got - want) <= rel * fmax(1, fabs(want));
}
static int near_rel(double got, double want, double rel)
{
    return fabs(got - want) <= rel * fabs(want);
}
/* the value rounded to d decimals equals want (given with d decimals) */
static int rounds_to(double got, double want, int d)
{
    double s = pow(10, d);
    return fabs(round(got * s) - round(want * s)) < 0.5;
}

/* ------------------------------------------------ reference values */
/* Every number below: tests/data/clv/ll_reference.py (its output is
 * tests/data/clv/ll_reference.out), mpmath, the formulas as printed. */
static const struct { double p[4], x, t_x, T, ll; } bg_ll_ref[] = {
    {{0.243, 4.414, 0.793, 2.426}, 0, 0, 38.86, -0.55471327643815845},
    {{0.243, 4.414, 0.793, 2.426}, 2, 30.43, 38.86, -9.4586063070662712},
    {{0.243, 4.414, 0.793, 2.426}, 1, 1.71, 38.86, -4.4690932750325885},
    {{0.243, 4.414, 0.793, 2.426}, 25, 38.5, 38.86, -42.414539036145765},
    {{0.243, 4.414, 0.793, 2.426}, 5000, 2999.5, 3000, -2463.4799667353069},
    {{0.243, 4.414, 0.793, 2.426}, 0, 0, 3000, -1.5851027323670843},
    {{0.243, 4.414, 0.793, 2.426}, 1, 0, 10, -3.7682578946686867},
    {{0.243, 4.414, 0.793, 2.426}, 7, 7, 7, -12.564050338508568},
    {{2.5, 30.0, 0.3, 8.0}, 0, 0, 38.86, -2.0771951906205558},
    {{2.5, 30.0, 0.3, 8.0}, 3, 20, 52, -11.784446909371399},
    {{2.5, 30.0, 0.3, 8.0}, 5000, 2990, 3000, -2484.6215770503532},
    {{2.5, 30.0, 0.3, 8.0}, 120, 100, 365, -129.93783785704029},
    {{0.05, 0.2, 5.0, 0.7}, 0, 0, 1, -0.089587973461402753},
    {{0.05, 0.2, 5.0, 0.7}, 1, 0.5, 1, -2.7562302561680434},
    {{0.05, 0.2, 5.0, 0.7}, 40, 3, 900, 40.365004618523985},
    {{1.0, 5.0, 0.4, 0.3}, 0, 0, 12, -1.2237754316221157},
    {{1.0, 5.0, 0.4, 0.3}, 4, 11, 12, -10.616914897749875},
};

/* P(alive) and E[Y(t) | x, t_x, T]; the first row is customer 1 of the
 * CDNOW sample at (rounded) published parameters */
static const struct { double p[4], t, x, t_x, T, alive, e; } bg_pred_ref[] = {
    {{0.243, 4.414, 0.793, 2.426}, 39, 2, 30.43, 38.86, 0.72657857008067291, 1.2260281747671445},
    {{0.243, 4.414, 0.793, 2.426}, 39, 0, 0, 38.86, 1.0, 0.19509805201126264},
    {{0.243, 4.414, 0.793, 2.426}, 1, 2, 30.43, 38.86, 0.72657857008067291, 0.037447969741732263},
    {{0.243, 4.414, 0.793, 2.426}, 39, 25, 38.5, 38.86, 0.96427078479310967, 16.983294890363549},
    {{0.243, 4.414, 0.793, 2.426}, 39, 5000, 2999.5, 3000, 0.99963570845034766,
     64.552757113548139},
    {{0.243, 4.414, 0.793, 2.426}, 39, 5000, 2000, 3000, 0, 0}, /* ~1e-875: underflows to 0 */
    {{0.243, 4.414, 0.793, 2.426}, 5000, 2, 30.43, 38.86, 0.72657857008067291,
     19.441629834623581},
    {{0.243, 4.414, 0.793, 2.426}, 100000, 2, 30.43, 38.86, 0.72657857008067291,
     48.61684407358874},
    {{2.5, 30.0, 0.3, 8.0}, 52, 3, 20, 52, 0.68691343609752152, 2.2826668016798873},
    {{2.5, 30.0, 0.3, 8.0}, 52, 120, 100, 365, 3.1739414394858695e-57, 5.0261747711584777e-56},
    {{0.05, 0.2, 5.0, 0.7}, 10, 1, 0.5, 1, 0.07364104983380962, 0.090067462036608784},
    {{0.5, 10.0, 1.0, 3.0}, 39, 2, 30, 38, 0.71717478045220775, 1.1971794405770114}, /* a = 1 */
    {{0.5, 10.0, 1.0, 3.0}, 39, 0, 0, 38, 1.0, 0.35687704663730932},
    {{1.0, 5.0, 0.4, 0.3}, 24, 0, 0, 12, 1.0, 0.86821737934470535}, /* a + b < 1 */
    {{1.0, 5.0, 0.4, 0.3}, 24, 4, 11, 12, 0.85900981757905604, 4.786351289154107},
};

/* E[X(t)] of a new customer */
static const struct { double p[4], t, e; } bg_new_ref[] = {
    {{0.243, 4.414, 0.793, 2.426}, 39, 1.1967231933208169},
    {{0.243, 4.414, 0.793, 2.426}, 78, 1.8605190579427686},
    {{0.243, 4.414, 0.793, 2.426}, 1000, 6.5803916137382321},
    {{2.5, 30.0, 0.3, 8.0}, 52, 3.9741295071393844},
    {{0.5, 10.0, 1.0, 3.0}, 39, 1.263574083294239},
    {{1.0, 5.0, 0.4, 0.3}, 12, 1.2321700773577766},
    {{0.05, 0.2, 5.0, 0.7}, 0.5, 0.064635263237717726},
};

static const struct { double p[3], x, mbar, ll, e; } gg_ref[] = {
    {{6.25, 3.74, 15.44}, 1, 11.77, -3.7377096787408399, 18.916852057842046},
    {{6.25, 3.74, 15.44}, 2, 22.35, -3.5513167597317047, 24.663713910761155},
    {{6.25, 3.74, 15.44}, 50, 100.0, -7.1721259626364181, 99.436936936936937},
    {{6.25, 3.74, 15.44}, 5000, 35.5, -4.0228526131754479, 35.499975362160246},
    {{0.5, 1.5, 100.0}, 3, 0.01, -6.6286101481705764, 25.0075},
    {{0.5, 1.5, 100.0}, 1, 1000, -11.00383598337131, 550.0},
};

TEST(test_clv_bgnbd_ll_reference)
{
    for (size_t i = 0; i < sizeof bg_ll_ref / sizeof bg_ll_ref[0]; i++) {
        double got = clv_bgnbd_ll(bg_ll_ref[i].p, bg_ll_ref[i].x, bg_ll_ref[i].t_x, bg_ll_ref[i].T);
        CHECK(near(got, bg_ll_ref[i].ll, 1e-13), "row %zu: ll %.17g, want %.17g", i, got,
              bg_ll_ref[i].ll);
    }
    /* not a customer summary, not parameters: NaN */
    const double p[4] = {0.243, 4.414, 0.793, 2.426}, bad[4] = {0.243, 0, 0.793, 2.426};
    CHECK(isnan(clv_bgnbd_ll(p, 1, 5, 4)), "t_x > T");
    CHECK(isnan(clv_bgnbd_ll(p, -1, 0, 4)), "x < 0");
    CHECK(isnan(clv_bgnbd_ll(bad, 1, 1, 4)), "alpha = 0");
}

TEST(test_clv_bgnbd_predictions_reference)
{
    for (size_t i = 0; i < sizeof bg_pred_ref / sizeof bg_pred_ref[0]; i++) {
        clv_fit f = {.model = CLV_BGNBD, .np = 4};
        memcpy(f.p, bg_pred_ref[i].p, sizeof f.p);
        double a = clv_p_alive(&f, bg_pred_ref[i].x, bg_pred_ref[i].t_x, bg_pred_ref[i].T);
        double e = clv_expected(&f, bg_pred_ref[i].t, bg_pred_ref[i].x, bg_pred_ref[i].t_x,
                                bg_pred_ref[i].T);
        if (bg_pred_ref[i].alive == 0) { /* underflow: 0, not NaN */
            CHECK(a == 0 && e == 0, "row %zu: P(alive) %g, E %g, want 0 (underflow)", i, a, e);
            continue;
        }
        CHECK(near_rel(a, bg_pred_ref[i].alive, 1e-13), "row %zu: P(alive) %.17g, want %.17g",
              i, a, bg_pred_ref[i].alive);
        CHECK(near_rel(e, bg_pred_ref[i].e, 1e-12), "row %zu: E %.17g, want %.17g", i, e,
              bg_pred_ref[i].e);
    }
    for (size_t i = 0; i < sizeof bg_new_ref / sizeof bg_new_ref[0]; i++) {
        clv_fit f = {.model = CLV_BGNBD, .np = 4};
        memcpy(f.p, bg_new_ref[i].p, sizeof f.p);
        double e = clv_expected_new(&f, bg_new_ref[i].t);
        CHECK(near_rel(e, bg_new_ref[i].e, 1e-12), "row %zu: E[X(t)] %.17g, want %.17g", i, e,
              bg_new_ref[i].e);
    }
    /* t = 0: nothing; a = 1 +- tiny agrees with a = 1 (the removable
     * singularity of FHL eq. 10); the predictions of another model: NaN */
    clv_fit f = {.model = CLV_BGNBD, .np = 4, .p = {0.5, 10.0, 1.0, 3.0}};
    CHECK(clv_expected(&f, 0, 2, 30, 38) == 0, "t = 0");
    CHECK(clv_expected_new(&f, 0) == 0, "t = 0");
    double e1 = clv_expected(&f, 39, 2, 30, 38);
    f.p[2] = 1 + 1e-9;
    CHECK(near_rel(clv_expected(&f, 39, 2, 30, 38), e1, 1e-8), "a = 1 + 1e-9");
    f.p[2] = 1 - 1e-9;
    CHECK(near_rel(clv_expected(&f, 39, 2, 30, 38), e1, 1e-8), "a = 1 - 1e-9");
    CHECK(isnan(clv_expected(&f, -1, 2, 30, 38)), "t < 0");
    CHECK(isnan(clv_p_alive(&f, 2, 39, 38)), "t_x > T");
    /* a degenerate fit (r far above a + b, found by fuzzing: r 1.09e8,
     * alpha 3.76e7, a 2.74e6, b 6.8e-4): the series alternates with terms
     * up to e^5000 and cannot be summed — NaN at once, not after minutes
     * (|A| z = 1.06e8 * 4.7e-5 ~ 5000 > 30); |A| z just under 30 still sums */
    clv_fit dg = {.model = CLV_BGNBD, .np = 4,
                  .p = {109037312.34937556, 37622387.423752777, 2737783.5117494315,
                        0.00067571202033900985}};
    CHECK(isnan(clv_expected_new(&dg, 1770.94)), "degenerate fit: NaN");
    dg.p[0] = 3.2, dg.p[1] = 10, dg.p[2] = 0.5, dg.p[3] = 0.6; /* A = -3.1, z = t / (10 + t) */
    CHECK(isfinite(clv_expected_new(&dg, 50)) && clv_expected_new(&dg, 50) > 0, "A < 0, small |A| z");
    f.model = CLV_GAMMAGAMMA;
    CHECK(isnan(clv_p_alive(&f, 2, 30, 38)) && isnan(clv_expected(&f, 1, 2, 30, 38)) &&
              isnan(clv_expected_new(&f, 1)),
          "Gamma-Gamma has no P(alive)");
}

TEST(test_clv_gg_reference)
{
    for (size_t i = 0; i < sizeof gg_ref / sizeof gg_ref[0]; i++) {
        double ll = clv_gg_ll(gg_ref[i].p, gg_ref[i].x, gg_ref[i].mbar);
        CHECK(near(ll, gg_ref[i].ll, 1e-13), "row %zu: ll %.17g, want %.17g", i, ll, gg_ref[i].ll);
        clv_fit g = {.model = CLV_GAMMAGAMMA, .np = 3};
        memcpy(g.p, gg_ref[i].p, sizeof gg_ref[i].p);
        double e = clv_gg_expected(&g, gg_ref[i].x, gg_ref[i].mbar);
        CHECK(near_rel(e, gg_ref[i].e, 1e-13), "row %zu: E[M] %.17g, want %.17g", i, e,
              gg_ref[i].e);
    }
    clv_fit g = {.model = CLV_GAMMAGAMMA, .np = 3, .p = {6.25, 3.74, 15.44}};
    CHECK(near_rel(clv_gg_expected(&g, 0, 0), 6.25 * 15.44 / 2.74, 1e-15), "x = 0: the mean");
    g.p[1] = 0.9;
    CHECK(isnan(clv_gg_expected(&g, 0, 0)), "q <= 1: no mean");
    g.model = CLV_BGNBD;
    CHECK(isnan(clv_gg_expected(&g, 2, 10)), "not a Gamma-Gamma fit");
    const double p[3] = {6.25, 3.74, 15.44};
    CHECK(isnan(clv_gg_ll(p, 0, 10)) && isnan(clv_gg_ll(p, 2, 0)), "x = 0 or mbar = 0");
}

/* ------------------------------------------------------- CDNOW fits */
typedef struct cdnow { size_t n; double *x, *t_x, *T, *zbar; } cdnow;

static int cdnow_read(cdnow *c)
{
    memset(c, 0, sizeof *c);
    FILE *f = fopen(SUMMARY, "r");
    CHECK(f != NULL, "cannot open %s (tests run from the repository root)", SUMMARY);
    if (!f) return 0;
    char line[256] = "";
    CHECK(fgets(line, sizeof line, f) && !strncmp(line, "ID,x,t_x,T,zbar", 15), "header %s", line);
    size_t cap = 4096;
    c->x = malloc(cap * sizeof *c->x);
    c->t_x = malloc(cap * sizeof *c->t_x);
    c->T = malloc(cap * sizeof *c->T);
    c->zbar = malloc(cap * sizeof *c->zbar);
    long id;
    while (c->x && c->t_x && c->T && c->zbar && c->n < cap && fgets(line, sizeof line, f))
        if (sscanf(line, "%ld,%lf,%lf,%lf,%lf", &id, &c->x[c->n], &c->t_x[c->n], &c->T[c->n],
                   &c->zbar[c->n]) == 5)
            c->n++;
    fclose(f);
    CHECK(c->n == 2357, "%zu customers in %s", c->n, SUMMARY);
    return c->n == 2357;
}

static void cdnow_free(cdnow *c)
{
    free(c->x);
    free(c->t_x);
    free(c->T);
    free(c->zbar);
}

static int triple_cmp(const void *a, const void *b)
{
    const clv_triple *u = a, *v = b;
    if (u->x != v->x) return u->x < v->x ? -1 : 1;
    if (u->t_x != v->t_x) return u->t_x < v->t_x ? -1 : 1;
    if (u->T != v->T) return u->T < v->T ? -1 : 1;
    return 0;
}

/* one triple per customer (ungrouped) or per distinct (x, t_x, T) */
static size_t cdnow_triples(const cdnow *c, clv_triple *t, int grouped)
{
    for (size_t i = 0; i < c->n; i++) t[i] = (clv_triple){c->x[i], c->t_x[i], c->T[i], 1};
    if (!grouped) return c->n;
    qsort(t, c->n, sizeof *t, triple_cmp);
    size_t m = 0;
    for (size_t i = 0; i < c->n; i++)
        if (m && !triple_cmp(&t[m - 1], &t[i]))
            t[m - 1].n++;
        else
            t[m++] = t[i];
    return m;
}

/* the independent fit (ll_reference.py: scipy Nelder-Mead + BFGS on the
 * same file) */
static const double scipy_bg[4] = {0.2425928957, 4.4135314378, 0.7928863131, 2.4257541760};
static const double scipy_bg_ll = -9582.4255605674;
static const double scipy_bg_se[4] = {0.012557, 0.378221, 0.185718, 0.705342};

static double triple_ll(const double *p, const void *g)
{
    const clv_triple *t = g;
    return clv_bgnbd_ll(p, t->x, t->t_x, t->T);
}
static double triple_n(const void *g) { return ((const clv_triple *)g)->n; }

TEST(test_clv_bgnbd_cdnow)
{
    cdnow c;
    clv_triple *t = cdnow_read(&c) ? malloc(c.n * sizeof *t) : NULL;
    if (!t) {
        cdnow_free(&c);
        return;
    }
    char err[512] = "";
    clv_fit f[3];
    const char *how[3] = {"grouped", "ungrouped", "plain loop"};
    for (int k = 0; k < 3; k++) {
        size_t n = cdnow_triples(&c, t, k != 1);
        rmk_status st;
        if (k < 2) {
            st = clv_fit_bgnbd(t, n, NULL, &f[k], err, sizeof err);
        } else { /* clv_mle's own loop over clv_bgnbd_ll, no fast total */
            static const double starts[1][4] = {{1, 1, 1, 1}};
            clv_problem pr = {.model = CLV_BGNBD, .np = 4, .groups = t, .ngroups = n,
                              .stride = sizeof *t, .ll = triple_ll, .weight = triple_n,
                              .starts = starts, .nstarts = 1};
            st = clv_mle(&pr, &f[k], err, sizeof err);
        }
        CHECK(st == RMK_OK, "%s: %s", how[k], err);
        if (st != RMK_OK) continue;
        CHECK(f[k].model == CLV_BGNBD && f[k].np == 4 && f[k].converged, "%s", how[k]);
        CHECK(f[k].customers == 2357, "%s: %g customers", how[k], f[k].customers);
        CHECK(f[k].groups == n && f[k].evaluations > 0, "%s: %zu groups", how[k], f[k].groups);
        /* FHL 2005: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL -9582.4 */
        CHECK(rounds_to(f[k].p[0], 0.243, 3), "%s: r = %.10f", how[k], f[k].p[0]);
        CHECK(rounds_to(f[k].p[1], 4.414, 3), "%s: alpha = %.10f", how[k], f[k].p[1]);
        CHECK(rounds_to(f[k].p[2], 0.793, 3), "%s: a = %.10f", how[k], f[k].p[2]);
        CHECK(rounds_to(f[k].p[3], 2.426, 3), "%s: b = %.10f", how[k], f[k].p[3]);
        CHECK(rounds_to(f[k].log_likelihood, -9582.4, 1), "%s: LL = %.10f", how[k],
              f[k].log_likelihood);
        /* and the independent fit to more digits */
        for (int i = 0; i < 4; i++) {
            CHECK(near_rel(f[k].p[i], scipy_bg[i], 2e-6), "%s: p[%d] = %.10f, scipy %.10f",
                  how[k], i, f[k].p[i], scipy_bg[i]);
            CHECK(near_rel(f[k].se[i], scipy_bg_se[i], 1e-3), "%s: se[%d] = %.6f, scipy %.6f",
                  how[k], i, f[k].se[i], scipy_bg_se[i]);
        }
        CHECK(fabs(f[k].log_likelihood - scipy_bg_ll) < 1e-7, "%s: LL = %.10f, scipy %.10f",
              how[k], f[k].log_likelihood, scipy_bg_ll);
        /* the fit's fast total is the sum of clv_bgnbd_ll */
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += t[i].n * clv_bgnbd_ll(f[k].p, t[i].x, t[i].t_x, t[i].T);
        CHECK(fabs(sum - f[k].log_likelihood) < 1e-9, "%s: LL %.12f, sum of ll %.12f", how[k],
              f[k].log_likelihood, sum);
    }
    CHECK(f[0].groups < f[1].groups, "grouping: %zu of %zu", f[0].groups, f[1].groups);
    for (int i = 0; i < 4; i++)
        CHECK(near_rel(f[0].p[i], f[1].p[i], 1e-6) && near_rel(f[0].p[i], f[2].p[i], 1e-6),
              "p[%d]: grouped %.12g, ungrouped %.12g, loop %.12g", i, f[0].p[i], f[1].p[i],
              f[2].p[i]);
    CHECK(fabs(f[0].log_likelihood - f[1].log_likelihood) < 1e-8, "LL grouped %.12f, not %.12f",
          f[0].log_likelihood, f[1].log_likelihood);
    free(t);
    cdnow_free(&c);
}

static int spend_cmp(const void *a, const void *b)
{
    const clv_spend *u = a, *v = b;
    if (u->x != v->x) return u->x < v->x ? -1 : 1;
    if (u->mbar != v->mbar) return u->mbar < v->mbar ? -1 : 1;
    return 0;
}

static size_t spend_group(clv_spend *s, size_t n)
{
    qsort(s, n, sizeof *s, spend_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m && !spend_cmp(&s[m - 1], &s[i]))
            s[m - 1].n += s[i].n;
        else
            s[m++] = s[i];
    return m;
}

typedef struct { long id; int32_t day; double usd; } sample_row;

static int sample_cmp(const void *a, const void *b)
{
    const sample_row *u = a, *v = b;
    if (u->id != v->id) return u->id < v->id ? -1 : 1;
    return (u->day > v->day) - (u->day < v->day);
}

/* The customers' (x, mbar) from the raw CDNOW sample: purchases counted per
 * day (a day's rows are one purchase), repeat purchases = the days after
 * the first up to 1997-09-30, mbar their mean value, unrounded. */
static size_t sample_spend(clv_spend *s, size_t cap)
{
    FILE *f = fopen(SAMPLE, "r");
    CHECK(f != NULL, "cannot open %s", SAMPLE);
    if (!f) return 0;
    size_t n = 0, rcap = 8192, m = 0;
    sample_row *r = malloc(rcap * sizeof *r);
    char line[256], date[16];
    long master, id, cds;
    double usd;
    int32_t end = 0;
    rmk_date_parse("19970930", 8, RMK_DATE_AUTO, &end);
    while (r && n < rcap && fgets(line, sizeof line, f))
        if (sscanf(line, "%ld %ld %15s %ld %lf", &master, &id, date, &cds, &usd) == 5) {
            r[n] = (sample_row){id, 0, usd};
            CHECK(rmk_date_parse(date, strlen(date), RMK_DATE_AUTO, &r[n].day) == RMK_OK, "%s",
                  date);
            n++;
        }
    fclose(f);
    CHECK(n == 6919, "%zu rows in %s", n, SAMPLE);
    if (!r) return 0;
    qsort(r, n, sizeof *r, sample_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        int32_t first = r[i].day, last = first;
        double x = 0, sum = 0;
        for (; j < n && r[j].id == r[i].id; j++) {
            if (r[j].day == first || r[j].day > end) continue;
            if (r[j].day != last) x++;
            last = r[j].day;
            sum += r[j].usd;
        }
        if (x >= 1 && sum > 0 && m < cap) s[m++] = (clv_spend){x, sum / x, 1};
        i = j;
    }
    free(r);
    return m;
}

TEST(test_clv_gg_cdnow)
{
    cdnow c;
    clv_spend *s = cdnow_read(&c) ? malloc(c.n * sizeof *s) : NULL;
    if (!s) {
        cdnow_free(&c);
        return;
    }
    size_t m = 0;
    for (size_t i = 0; i < c.n; i++)
        if (c.x[i] >= 1) s[m++] = (clv_spend){c.x[i], c.zbar[i], 1};
    CHECK(m == 946, "%zu customers with a repeat purchase", m);
    char err[512] = "";
    clv_fit g[2];
    for (int k = 0; k < 2; k++) {
        size_t n = k ? spend_group(s, m) : m;
        rmk_status st = clv_fit_gg(s, n, NULL, &g[k], err, sizeof err);
        CHECK(st == RMK_OK, "%s", err);
        CHECK(g[k].model == CLV_GAMMAGAMMA && g[k].np == 3 && g[k].converged &&
                  g[k].customers == 946 && g[k].groups == n,
              "%d: %g customers, %zu groups", k, g[k].customers, g[k].groups);
        /* The summary's zbar is rounded to cents: its optimum is p =
         * 6.2488, q = 3.7446, gamma = 15.4477 (scipy, ll_reference.py), so
         * gamma rounds to 15.45, not the published 15.44, which comes from
         * the unrounded means (below). */
        static const double scipy_gg[3] = {6.2488026949, 3.7445884393, 15.4477472178};
        static const double scipy_gg_se[3] = {1.189674, 0.290164, 4.159947};
        for (int i = 0; i < 3; i++) {
            CHECK(near_rel(g[k].p[i], scipy_gg[i], 2e-6), "p[%d] = %.10f, scipy %.10f", i,
                  g[k].p[i], scipy_gg[i]);
            CHECK(near_rel(g[k].se[i], scipy_gg_se[i], 1e-3), "se[%d] = %.6f, scipy %.6f", i,
                  g[k].se[i], scipy_gg_se[i]);
        }
        CHECK(fabs(g[k].log_likelihood - -4055.9232435029) < 1e-7, "LL %.10f",
              g[k].log_likelihood);
        double sum = 0;
        for (size_t i = 0; i < n; i++) sum += s[i].n * clv_gg_ll(g[k].p, s[i].x, s[i].mbar);
        CHECK(fabs(sum - g[k].log_likelihood) < 1e-9, "LL %.12f, sum of ll %.12f",
              g[k].log_likelihood, sum);
        CHECK(rounds_to(g[k].p[0], 6.25, 2) && rounds_to(g[k].p[1], 3.74, 2) &&
                  rounds_to(g[k].p[2], 15.45, 2),
              "p q gamma = %.10f %.10f %.10f", g[k].p[0], g[k].p[1], g[k].p[2]);
    }
    /* the published FHL 2005 fit from the unrounded mean values of the raw
     * sample: p = 6.25, q = 3.74, gamma = 15.44 */
    clv_spend *raw = malloc(c.n * sizeof *raw);
    size_t nr = raw ? sample_spend(raw, c.n) : 0;
    CHECK(nr == 946, "%zu customers with a repeat purchase in the raw sample", nr);
    if (nr) {
        clv_fit h;
        CHECK(clv_fit_gg(raw, nr, NULL, &h, err, sizeof err) == RMK_OK, "%s", err);
        CHECK(rounds_to(h.p[0], 6.25, 2) && rounds_to(h.p[1], 3.74, 2) &&
                  rounds_to(h.p[2], 15.44, 2),
              "raw sample: p q gamma = %.10f %.10f %.10f", h.p[0], h.p[1], h.p[2]);
    }
    free(raw);
    free(s);
    cdnow_free(&c);
}

/* ------------------------------------------------------------ errors */
TEST(test_clv_fit_errors)
{
    static const struct {
        const char *what;
        clv_triple t[3];
        size_t n;
        const char *msg; /* a piece of the message */
    } bg[] = {
        {"no customers", {{0, 0, 0, 0}}, 0, "no customers"},
        {"no repeat purchases", {{0, 0, 30, 10}, {0, 0, 12, 5}}, 2, "no customer has a repeat"},
        {"everything on one day", {{0, 0, 0, 7}}, 1, "T = 0"},
        {"everything on one day, many", {{0, 0, 0, 7}, {0, 0, 0, 3}}, 2, "T = 0"},
        {"a single customer", {{2, 20, 30, 1}}, 1, "single customer"},
        {"t_x > T", {{2, 40, 30, 1}, {0, 0, 30, 4}}, 2, "group 1"},
        {"n = 0", {{2, 20, 30, 0}, {0, 0, 30, 4}}, 2, "group 1"},
        {"x < 0", {{0, 0, 30, 4}, {-1, 0, 30, 1}}, 2, "group 2"},
        {"NaN", {{0, 0, 30, 4}, {1, NAN, 30, 1}}, 2, "group 2"},
    };
    for (size_t i = 0; i < sizeof bg / sizeof bg[0]; i++) {
        clv_fit f;
        char err[512] = "";
        rmk_status st = clv_fit_bgnbd(bg[i].t, bg[i].n, NULL, &f, err, sizeof err);
        CHECK(st == RMK_ERR_DATA, "%s: status %d", bg[i].what, (int)st);
        CHECK(strstr(err, bg[i].msg) != NULL, "%s: message '%s'", bg[i].what, err);
        CHECK(isnan(f.p[0]) && isnan(f.p[3]) && isnan(f.log_likelihood), "%s: parameters",
              bg[i].what);
    }
    static const struct {
        const char *what;
        clv_spend s[3];
        size_t n;
        const char *msg;
    } gg[] = {
        {"no customers", {{0, 0, 0}}, 0, "no customer with a repeat purchase"},
        {"x = 0", {{2, 10, 1}, {0, 0, 4}}, 2, "group 2"},
        {"mbar = 0", {{2, 0, 1}, {3, 5, 4}}, 2, "group 1"},
        {"a single customer", {{2, 10, 1}}, 1, "single customer"},
        {"all the same mean", {{2, 10, 1}, {5, 10, 3}}, 2, "same mean value"},
    };
    for (size_t i = 0; i < sizeof gg / sizeof gg[0]; i++) {
        clv_fit f;
        char err[512] = "";
        rmk_status st = clv_fit_gg(gg[i].s, gg[i].n, NULL, &f, err, sizeof err);
        CHECK(st == RMK_ERR_DATA, "%s: status %d", gg[i].what, (int)st);
        CHECK(strstr(err, gg[i].msg) != NULL, "%s: message '%s'", gg[i].what, err);
        CHECK(isnan(f.p[0]) && isnan(f.p[2]), "%s: parameters", gg[i].what);
    }
}

/* Data without an interior maximum: the likelihood keeps rising as a
 * parameter goes to 0 or infinity, so the optimum lands wherever it gets
 * flat. The fit must then say so (RMK_ERR_DATA, the parameters NaN) or,
 * when the optimum stops short of the search's bounds, flag the missing
 * curvature with NaN standard errors -- never hand out a plain number. */
TEST(test_clv_fit_degenerate)
{
    static const struct {
        const char *what;
        clv_triple t[3];
        size_t n;
    } cases[] = {
        /* all but one customer alike: r, alpha -> infinity (no spread of
         * rates), a -> 0 (nobody drops out) */
        {"1000 alike and one", {{3, 20, 30, 1000}, {0, 0, 30, 1}}, 2},
        {"two customers", {{3, 20, 30, 1}, {0, 0, 30, 1}}, 2},
        /* every customer's last purchase at the end: a -> 0 */
        {"nobody drops out", {{3, 30, 30, 10}, {1, 30, 30, 10}, {5, 30, 30, 1}}, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clv_fit f;
        char err[512] = "";
        rmk_status st = clv_fit_bgnbd(cases[i].t, cases[i].n, NULL, &f, err, sizeof err);
        CHECK(st == RMK_OK || st == RMK_ERR_DATA, "%s: status %d", cases[i].what, (int)st);
        if (st == RMK_OK) {
            int flat = 0;
            for (int k = 0; k < 4; k++) {
                CHECK(isfinite(f.p[k]) && f.p[k] > 0, "%s: p[%d] = %g", cases[i].what, k,
                      f.p[k]);
                flat |= isnan(f.se[k]);
            }
            CHECK(flat, "%s: a flat optimum with standard errors", cases[i].what);
        } else {
            CHECK(isnan(f.p[0]) && strstr(err, "BG/NBD (r, alpha, a, b)") &&
                      strstr(err, "cannot identify"),
                  "%s: %s", cases[i].what, err);
        }
    }
    /* every customer with one history: said before any fit */
    const clv_triple same[1] = {{3, 20, 30, 10}};
    clv_fit f;
    char err[512] = "";
    CHECK(clv_fit_bgnbd(same, 1, NULL, &f, err, sizeof err) == RMK_ERR_DATA &&
              strstr(err, "same history"),
          "%s", err);
}
