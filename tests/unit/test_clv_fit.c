/* SPDX-License-Identifier: MIT */
/* test_clv_fit.c — the fits' machinery (clvfit.h, clvpar.h): the psi
 * functions, each model's analytic gradient (and Hessian) against central
 * differences of its own total, the same bits for any thread count, the
 * progress callback, the Newton fit against the derivative-free clv_mle on
 * the CDNOW data, the standard errors against an independent 40-digit
 * computation (tests/data/clv/se_reference.py), and the predictions shared
 * per (x, T) and, for Pareto/NBD's P(alive), per pair (x, t). Runs from
 * the repository root. */
#include "clvfit.h"
#include "clvpar.h"
#include "unit.h"
#include <math.h>
#include <stdlib.h>

#define SUMMARY "examples/cdnow/cdnow_customers_summary_with_transactions.csv"

static int close_to(double got, double want, double tol) { return fabs(got - want) <= tol; }

/* ------------------------------------------------------------ psi */
TEST(test_clv_psi)
{
    const double euler = 0.57721566490153286, pi2 = 9.8696044010893586;
    CHECK(close_to(clv_digamma(1), -euler, 1e-15), "psi(1) %.17g", clv_digamma(1));
    CHECK(close_to(clv_digamma(0.5), -euler - 2 * log(2.0), 1e-15), "psi(1/2) %.17g",
          clv_digamma(0.5));
    CHECK(close_to(clv_trigamma(1), pi2 / 6, 1e-15), "psi'(1) %.17g", clv_trigamma(1));
    CHECK(close_to(clv_trigamma(0.5), pi2 / 2, 1e-14), "psi'(1/2) %.17g", clv_trigamma(0.5));
    /* psi(z+1) = psi(z) + 1/z across the switch to the series at 20 */
    for (double z = 0.3; z < 60; z *= 1.7)
        CHECK(close_to(clv_digamma(z + 1) - clv_digamma(z), 1 / z, 4e-15 * (1 + fabs(clv_digamma(z)))) &&
                  close_to(clv_trigamma(z) - clv_trigamma(z + 1), 1 / (z * z), 1e-15 * clv_trigamma(z)),
              "recurrence at z = %g", z);
    /* the differences: psi(z+2) - psi(z) = 1/z + 1/(z+1), psi'(z+2) - psi'(z)
     * = -1/z^2 - 1/(z+1)^2, to the last digits where two psi lose them all */
    for (double z = 5; z < 1e13; z *= 31) {
        double d = 1 / z + 1 / (z + 1), t = -1 / (z * z) - 1 / ((z + 1) * (z + 1));
        CHECK(fabs(clv_digamma_diff(z, 2) - d) <= 4e-15 * d, "psi diff at %g: %.17g, want %.17g", z,
              clv_digamma_diff(z, 2), d);
        CHECK(fabs(clv_trigamma_diff(z, 2) - t) <= 4e-15 * -t, "psi' diff at %g: %.17g, want %.17g",
              z, clv_trigamma_diff(z, 2), t);
    }
}

/* --------------------------------------------------- the gradients */
/* g against (f(p + h e_i) - f(p - h e_i)) / 2h, h = 1e-5 p_i; H against the
 * same differences of g; tolerances relative to the entry plus its scale
 * |f| / (p_i p_j) (the differences' rounding) */
typedef double (*total_fn)(const void *data, size_t n, const double *p, double *g, double H[4][4]);

static double bg_tot(const void *d, size_t n, const double *p, double *g, double H[4][4])
{
    return clv_bgnbd_total(d, n, p, g, H);
}
static double gg_tot(const void *d, size_t n, const double *p, double *g, double H[4][4])
{
    return clv_gg_total(d, n, p, g, H);
}
static double pn_tot(const void *d, size_t n, const double *p, double *g, double H[4][4])
{
    (void)H;
    return clv_pnbd_total(d, n, p, g);
}

static void check_derivatives(const char *what, total_fn tot, const void *data, size_t n, int np,
                              const double *p, int hessian)
{
    double g[4], H[4][4];
    double f = tot(data, n, p, g, hessian ? H : NULL);
    CHECK(isfinite(f), "%s: LL %g", what, f);
    for (int j = 0; j < np; j++) {
        double q[4], gu[4], gd[4], Hs[4][4], h = 1e-5 * p[j];
        for (int i = 0; i < np; i++) q[i] = p[i];
        q[j] = p[j] + h;
        double fu = tot(data, n, q, gu, hessian ? Hs : NULL);
        double hu = q[j];
        q[j] = p[j] - h;
        double fd = tot(data, n, q, gd, hessian ? Hs : NULL);
        double step = hu - q[j], gfd = (fu - fd) / step;
        CHECK(fabs(g[j] - gfd) <= 2e-7 * (fabs(g[j]) + fabs(f) / p[j]),
              "%s: dLL/dp%d %.12g, differences %.12g", what, j, g[j], gfd);
        if (!hessian) continue;
        for (int i = 0; i < np; i++) {
            double hfd = (gu[i] - gd[i]) / step;
            CHECK(fabs(H[i][j] - hfd) <= 2e-7 * (fabs(H[i][j]) + fabs(f) / (p[i] * p[j])),
                  "%s: d2LL/dp%d dp%d %.12g, differences %.12g", what, i, j, H[i][j], hfd);
            CHECK(H[i][j] == H[j][i], "%s: H symmetric at %d %d", what, i, j);
        }
    }
}

TEST(test_clv_bgnbd_gradient)
{
    /* x = 0, t_x = T (no time to drop out unseen), large x, whole x (the
     * sums over j < x) and a fractional x (the psi functions) */
    static const clv_triple whole[] = {
        {0, 0, 30, 40}, {0, 0, 3, 7}, {1, 30, 30, 5}, {2, 10, 40, 9}, {7, 7, 7, 2},
        {25, 38.5, 38.86, 1}, {5000, 2999.5, 3000, 1}, {3, 0.5, 52, 4},
    };
    static const clv_triple frac[] = {{0, 0, 12, 3}, {2.5, 10, 40, 2}, {1, 12, 12, 1}, {40.25, 3, 900, 1}};
    static const double pts[][4] = {
        {0.243, 4.414, 0.793, 2.426}, {2.5, 30.0, 0.3, 8.0}, {0.05, 0.2, 5.0, 0.7},
        {1.0, 5.0, 0.4, 0.3},         {1.05, 13.8, 3.1e6, 1.7e7}, /* along the ridge a, b -> inf */
    };
    for (size_t k = 0; k < sizeof pts / sizeof pts[0]; k++) {
        char what[64];
        snprintf(what, sizeof what, "BG/NBD whole x, point %zu", k);
        check_derivatives(what, bg_tot, whole, sizeof whole / sizeof whole[0], 4, pts[k], 1);
        /* not on the ridge: there the value itself, through ln G of a, b
         * ~ 1e7, is too rough for differences (whole x: sums, exact) */
        if (k == 4) continue;
        snprintf(what, sizeof what, "BG/NBD fractional x, point %zu", k);
        check_derivatives(what, bg_tot, frac, sizeof frac / sizeof frac[0], 4, pts[k], 1);
    }
    /* the total is the sum of clv_bgnbd_ll */
    double s = 0, g[4], H[4][4];
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        s += whole[i].n * clv_bgnbd_ll(pts[0], whole[i].x, whole[i].t_x, whole[i].T);
    double f = clv_bgnbd_total(whole, sizeof whole / sizeof whole[0], pts[0], g, H);
    CHECK(fabs(f - s) <= 1e-12 * fabs(s), "total %.17g, sum of ll %.17g", f, s);
}

TEST(test_clv_gg_gradient)
{
    static const clv_spend s[] = {{1, 11.77, 30}, {2, 22.35, 12}, {50, 100.0, 1}, {5000, 35.5, 1},
                                  {3, 0.01, 2},   {1, 1000, 4},   {7, 64.96, 3}};
    static const double pts[][4] = {{6.25, 3.74, 15.44}, {0.5, 1.5, 100.0}, {1.15, 9.8, 726},
                                    {1.04e6, 1.943, 0.0416}}; /* the last along the ridge p -> inf */
    for (size_t k = 0; k < sizeof pts / sizeof pts[0]; k++) {
        char what[64];
        snprintf(what, sizeof what, "Gamma-Gamma point %zu", k);
        check_derivatives(what, gg_tot, s, sizeof s / sizeof s[0], 3, pts[k], 1);
    }
    double sum = 0, g[4];
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) sum += s[i].n * clv_gg_ll(pts[0], s[i].x, s[i].mbar);
    double f = clv_gg_total(s, sizeof s / sizeof s[0], pts[0], g, NULL);
    CHECK(fabs(f - sum) <= 1e-12 * fabs(sum), "total %.17g, sum of ll %.17g", f, sum);
}

TEST(test_clv_pnbd_gradient)
{
    /* every method of ln S (series, continued fraction, the binomial form
     * near z = 1) is taken by some of these: alpha above and below beta,
     * alpha far above beta + t (w small), large x (m + b large: rho0 =
     * 2/K) */
    static const clv_triple t[] = {{0, 0, 30, 40}, {1, 30, 30, 5}, {2, 10, 40, 9}, {7, 7, 7, 2},
                                   {25, 38.5, 38.86, 1}, {500, 299.5, 300, 1}, {3, 0.5, 52, 4},
                                   {1, 0, 0.5, 3}};
    static const double pts[][4] = {
        {0.55, 10.58, 0.61, 11.67}, {0.55, 10.58, 0.61, 2.67}, {3, 1, 0.2, 11.67},
        {0.4, 2.7, 5.4, 212},       {0.8, 1000, 1.5, 0.5},     {0.3, 0.2, 2.5, 400},
        /* alpha = beta: Euler's relation for d/d alpha, d/d beta is 0/0
         * there, the integrals with x + 1 and s + 1 take over (log_I_d);
         * and alpha, beta close beside long times (it cancels). Of the
         * points above, 1 to 5 take Euler's relation for most pairs (54 to
         * 108 of 126 calls, counted when written), 0 and 6 to 8 none */
        {0.5, 5, 1, 5},             {0.5, 5, 1, 5.001},        {2, 300, 0.7, 290},
    };
    for (size_t k = 0; k < sizeof pts / sizeof pts[0]; k++) {
        char what[64];
        snprintf(what, sizeof what, "Pareto/NBD point %zu", k);
        check_derivatives(what, pn_tot, t, sizeof t / sizeof t[0], 4, pts[k], 0);
    }
    double s = 0, g[4];
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) s += t[i].n * clv_pnbd_ll(pts[0], t[i].x, t[i].t_x, t[i].T);
    double f = clv_pnbd_total(t, sizeof t / sizeof t[0], pts[0], g);
    CHECK(fabs(f - s) <= 1e-12 * fabs(s), "total %.17g, sum of ll %.17g", f, s);
}

/* ------------------------------------------------------- the threads */
/* A customer base drawn from the BG/NBD process (splitmix64, so the same
 * everywhere): rates lambda ~ Gamma(1, 8) (exponential), drop-out
 * probabilities ~ Beta(1, 3); times in days / 7, T up to a year: n
 * customers grouped into distinct (x, t_x, T). */
static uint64_t mix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}
static double unif(uint64_t *s) { return ((double)(mix(s) >> 11) + 0.5) / 9007199254740992.0; }

static int tri_cmp(const void *a, const void *b)
{
    const clv_triple *u = a, *v = b;
    if (u->x != v->x) return u->x < v->x ? -1 : 1;
    if (u->T != v->T) return u->T < v->T ? -1 : 1;
    return (u->t_x > v->t_x) - (u->t_x < v->t_x);
}

/* pareto: the Pareto/NBD process instead -- no drop-out after a purchase,
 * an exponential lifetime of rate mu ~ Gamma(1, 15) a week */
static size_t simulate(clv_triple *t, size_t n, uint64_t seed, int pareto)
{
    for (size_t i = 0; i < n; i++) {
        int T = 1 + (int)(unif(&seed) * 365), last = 0, x = 0;
        double lambda = -log(unif(&seed)) / 8, p = 1 - pow(unif(&seed), 1.0 / 3), now = 0;
        double death = -log(unif(&seed)) / (-log(unif(&seed)) / 15) * 7; /* days */
        for (;;) {
            now += -log(unif(&seed)) / lambda * 7; /* days */
            if (now > T || (pareto && now > death)) break;
            x++, last = (int)now;
            if (!pareto && unif(&seed) < p) break;
        }
        t[i] = (clv_triple){x, last / 7.0, T / 7.0, 1};
    }
    qsort(t, n, sizeof *t, tri_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m && !tri_cmp(&t[m - 1], &t[i])) t[m - 1].n++;
        else t[m++] = t[i];
    return m;
}

static int same_fit(const clv_fit *a, const clv_fit *b)
{
    return !memcmp(a->p, b->p, sizeof a->p) && !memcmp(a->se, b->se, sizeof a->se) &&
           !memcmp(&a->log_likelihood, &b->log_likelihood, sizeof a->log_likelihood);
}

TEST(test_clv_threads_same_bits)
{
    /* more groups than a chunk (4096) and than the subsample (5,000) */
    size_t n = 60000;
    clv_triple *t = malloc(n * sizeof *t);
    clv_spend *s = malloc(n * sizeof *s);
    if (!t || !s) {
        CHECK(0, "out of memory");
        free(t), free(s);
        return;
    }
    size_t m = simulate(t, n, 20240601, 0), ns = 0;
    CHECK(m > 4 * CLV_CHUNK, "%zu groups", m);
    /* the spend model's process: nu ~ Gamma(3, 50) a customer, each
     * purchase's value ~ Gamma(2, nu): sums of exponentials */
    uint64_t seed = 7;
    for (size_t i = 0; i < m && ns < 30000; i++) {
        if (t[i].x < 1) continue;
        double nu = 0, sum = 0;
        for (int k = 0; k < 3; k++) nu -= log(unif(&seed)) / 50;
        for (int k = 0; k < 2 * (int)t[i].x; k++) sum -= log(unif(&seed)) / nu;
        s[ns++] = (clv_spend){t[i].x, sum / t[i].x, t[i].n};
    }
    char err[256] = "";
    clv_fit f1, f, g1, g;
    clv_fit_opts one = {.threads = 1};
    CHECK(clv_fit_bgnbd(t, m, &one, &f1, err, sizeof err) == RMK_OK, "%s", err);
    CHECK(clv_fit_gg(s, ns, &one, &g1, err, sizeof err) == RMK_OK, "%s", err);
    CHECK(f1.converged && fabs(f1.p[0] - 1) < 0.2 && fabs(f1.p[1] - 8) < 1.5 && fabs(f1.p[2] - 1) < 0.3 &&
              fabs(f1.p[3] - 3) < 1,
          "the simulation's r 1, alpha 8, a 1, b 3: %g %g %g %g", f1.p[0], f1.p[1], f1.p[2], f1.p[3]);
    CHECK(g1.converged && fabs(g1.p[0] - 2) < 0.3 && fabs(g1.p[1] - 3) < 0.5 && fabs(g1.p[2] - 50) < 12,
          "the simulation's p 2, q 3, gamma 50: %g %g %g", g1.p[0], g1.p[1], g1.p[2]);
    for (int th = 2; th <= 5; th += 3) {
        clv_fit_opts o = {.threads = th};
        CHECK(clv_fit_bgnbd(t, m, &o, &f, err, sizeof err) == RMK_OK && same_fit(&f, &f1),
              "BG/NBD, %d threads: r %.17g against %.17g", th, f.p[0], f1.p[0]);
        CHECK(clv_fit_gg(s, ns, &o, &g, err, sizeof err) == RMK_OK && same_fit(&g, &g1),
              "Gamma-Gamma, %d threads: p %.17g against %.17g", th, g.p[0], g1.p[0]);
    }
    /* Pareto/NBD on its own process: 20,000 customers, several chunks */
    m = simulate(t, 20000, 20240602, 1);
    CHECK(m > 2 * CLV_CHUNK, "%zu groups", m);
    clv_fit_opts three = {.threads = 3};
    CHECK(clv_fit_pnbd(t, m, &one, &f1, err, sizeof err) == RMK_OK && f1.converged, "%s", err);
    CHECK(clv_fit_pnbd(t, m, &three, &f, err, sizeof err) == RMK_OK && same_fit(&f, &f1),
          "Pareto/NBD, 3 threads: r %.17g against %.17g", f.p[0], f1.p[0]);
    free(t);
    free(s);
}

/* P(alive) of many customers with ln I once per distinct pair (x, t): the
 * same bits as one by one, whatever the threads */
TEST(test_clv_pnbd_alive_shared)
{
    size_t n = 20000;
    clv_triple *t = malloc(n * sizeof *t);
    double *a1 = malloc(n * sizeof *a1), *a3 = malloc(n * sizeof *a3);
    if (!t || !a1 || !a3) {
        CHECK(0, "out of memory");
        free(t), free(a1), free(a3);
        return;
    }
    size_t m = simulate(t, n, 20240603, 1);
    CHECK(m > 2 * CLV_CHUNK, "%zu groups", m);
    static const double pts[][4] = {{0.55, 10.58, 0.61, 11.67}, {0.4, 2.7, 5.4, 212}, {3, 1, 0.2, 11.67}};
    for (size_t k = 0; k < sizeof pts / sizeof pts[0]; k++) {
        CHECK(clv_pnbd_log_p_alive_all(pts[k], t, m, 1, a1) == RMK_OK, "point %zu", k);
        CHECK(clv_pnbd_log_p_alive_all(pts[k], t, m, 3, a3) == RMK_OK, "point %zu", k);
        size_t bad = 0, first = 0;
        for (size_t i = 0; i < m; i++) {
            double one = clv_pnbd_log_p_alive(pts[k], t[i].x, t[i].t_x, t[i].T);
            if (memcmp(&one, &a1[i], sizeof one) || memcmp(&one, &a3[i], sizeof one)) {
                if (!bad) first = i;
                bad++;
            }
        }
        CHECK(bad == 0, "point %zu: %zu of %zu differ, the first (%g, %g, %g): %.17g, %.17g shared", k, bad,
              m, t[first].x, t[first].t_x, t[first].T,
              clv_pnbd_log_p_alive(pts[k], t[first].x, t[first].t_x, t[first].T), a1[first]);
    }
    free(t), free(a1), free(a3);
}

/* ------------------------------------------------------ progress */
typedef struct seen {
    int calls, last_step, increasing;
    double last_ll;
    const char *model;
} seen;

static void on_step(void *ctx, const char *model, int step, double ll)
{
    seen *s = ctx;
    s->increasing &= step == s->last_step + 1;
    s->calls++, s->last_step = step, s->last_ll = ll, s->model = model;
}

static int read_cdnow(clv_triple *t, clv_spend *s, size_t *nt, size_t *ns)
{
    FILE *f = fopen(SUMMARY, "r");
    CHECK(f != NULL, "cannot open %s", SUMMARY);
    if (!f) return 0;
    char line[256];
    long id;
    double x, tx, T, z;
    *nt = *ns = 0;
    if (!fgets(line, sizeof line, f)) line[0] = 0;
    while (*nt < 2357 && fgets(line, sizeof line, f))
        if (sscanf(line, "%ld,%lf,%lf,%lf,%lf", &id, &x, &tx, &T, &z) == 5) {
            t[(*nt)++] = (clv_triple){x, tx, T, 1};
            if (x >= 1) s[(*ns)++] = (clv_spend){x, z, 1};
        }
    fclose(f);
    CHECK(*nt == 2357 && *ns == 946, "%zu customers, %zu with a repeat purchase", *nt, *ns);
    return *nt == 2357;
}

TEST(test_clv_progress)
{
    static clv_triple t[2357];
    static clv_spend s[2357];
    size_t nt, ns;
    if (!read_cdnow(t, s, &nt, &ns)) return;
    seen sn = {0, 0, 1, 0, NULL};
    clv_fit_opts o = {.threads = 0, .progress = on_step, .progress_ctx = &sn};
    clv_fit f;
    char err[256] = "";
    CHECK(clv_fit_bgnbd(t, nt, &o, &f, err, sizeof err) == RMK_OK, "%s", err);
    CHECK(sn.calls > 3 && sn.increasing && sn.model && !strcmp(sn.model, "BG/NBD"),
          "%d calls, steps one by one %d", sn.calls, sn.increasing);
    /* the last step reported is the optimum returned */
    CHECK(sn.last_ll == f.log_likelihood, "last reported LL %.17g, fit %.17g", sn.last_ll,
          f.log_likelihood);
    sn = (seen){0, 0, 1, 0, NULL};
    CHECK(clv_fit_gg(s, ns, &o, &f, err, sizeof err) == RMK_OK, "%s", err);
    CHECK(sn.calls > 3 && sn.increasing && sn.model && !strcmp(sn.model, "Gamma-Gamma") &&
              sn.last_ll == f.log_likelihood,
          "Gamma-Gamma: %d calls", sn.calls);
}

/* ------------------------------------- against the derivative-free fit */
static double tri_ll_bg(const double *p, const void *g)
{
    const clv_triple *t = g;
    return clv_bgnbd_ll(p, t->x, t->t_x, t->T);
}
static double tri_ll_pn(const double *p, const void *g)
{
    const clv_triple *t = g;
    return clv_pnbd_ll(p, t->x, t->t_x, t->T);
}
static double tri_n(const void *g) { return ((const clv_triple *)g)->n; }
static double sp_ll(const double *p, const void *g)
{
    const clv_spend *s = g;
    return clv_gg_ll(p, s->x, s->mbar);
}
static double sp_n(const void *g) { return ((const clv_spend *)g)->n; }

/* the sum of the per-customer likelihood at p, in long double: one
 * yardstick for both fits (its rounding ~1e-15 of the sum) */
static double plain(const clv_problem *pr, const double *p)
{
    long double s = 0;
    const char *g = pr->groups;
    for (size_t i = 0; i < pr->ngroups; i++, g += pr->stride) s += pr->weight(g) * pr->ll(p, g);
    return (double)s;
}

/* the length of the gradient of the fits' total at p, in ln p */
static double grad_len(int k, const clv_triple *t, size_t nt, const clv_spend *s, size_t ns,
                       const double *p)
{
    double g[4] = {0}, H[4][4], n = 0;
    if (k == 0) clv_bgnbd_total(t, nt, p, g, H);
    else if (k == 1) clv_pnbd_total(t, nt, p, g);
    else clv_gg_total(s, ns, p, g, H);
    for (int i = 0; i < (k == 2 ? 3 : 4); i++) n += g[i] * p[i] * g[i] * p[i];
    return sqrt(n);
}

TEST(test_clv_newton_not_below_the_old_fit)
{
    /* the fit before the analytic gradients was clv_mle's algorithm (BOBYQA
     * from each start, Subplex, BOBYQA, a numerical Newton polish): the
     * Newton fit must reach at least its log-likelihood on the CDNOW data
     * (up to the yardstick's rounding, 1e-11 of ~1e4: the two optima differ
     * by ~1e-13 in LL, 1e-8 in the parameters), for every model, and lie
     * nearer the maximum by its gradient */
    static clv_triple t[2357];
    static clv_spend s[2357];
    size_t nt, ns;
    if (!read_cdnow(t, s, &nt, &ns)) return;
    static const double bg_starts[4][4] = {{1, 1, 1, 1}, {0.5, 2.3, 0.5, 2}, {1, 4.6, 1, 5}, {2, 9.2, 2, 2}};
    static const double pn_starts[1][4] = {{1, 1, 1, 1}};
    static const double gg_starts[2][4] = {{1, 1, 1, 0}, {1, 2, 35, 0}};
    clv_problem pr[3] = {
        {CLV_BGNBD, 4, t, nt, sizeof *t, tri_ll_bg, tri_n, bg_starts, 4},
        {CLV_PARETONBD, 4, t, nt, sizeof *t, tri_ll_pn, tri_n, pn_starts, 1},
        {CLV_GAMMAGAMMA, 3, s, ns, sizeof *s, sp_ll, sp_n, gg_starts, 2},
    };
    static const char *name[3] = {"BG/NBD", "Pareto/NBD", "Gamma-Gamma"};
    for (int k = 0; k < 3; k++) {
        clv_fit old, now;
        char err[256] = "";
        CHECK(clv_mle(&pr[k], &old, err, sizeof err) == RMK_OK, "%s old: %s", name[k], err);
        rmk_status st = k == 0   ? clv_fit_bgnbd(t, nt, NULL, &now, err, sizeof err)
                        : k == 1 ? clv_fit_pnbd(t, nt, NULL, &now, err, sizeof err)
                                 : clv_fit_gg(s, ns, NULL, &now, err, sizeof err);
        CHECK(st == RMK_OK && now.converged, "%s: %s", name[k], err);
        double lo = plain(&pr[k], old.p), ln = plain(&pr[k], now.p);
        CHECK(ln >= lo - 1e-11, "%s: LL %.13f below the old fit's %.13f", name[k], ln, lo);
        /* the finer measure of the two optima: the gradient there */
        double go = grad_len(k, t, nt, s, ns, old.p), gn = grad_len(k, t, nt, s, ns, now.p);
        CHECK(gn < go && gn < 1e-8, "%s: |gradient| %.3g, the old fit's %.3g", name[k], gn, go);
        CHECK(now.evaluations < old.evaluations, "%s: %d totals against %d", name[k],
              now.evaluations, old.evaluations);
    }
}

/* ------------------------------------------ the standard errors */
TEST(test_clv_standard_errors)
{
    /* tests/data/clv/se_reference.out: 40-digit differences of the papers'
     * likelihoods at these fits' optima (the gradient there is ~1e-12) */
    static clv_triple t[2357];
    static clv_spend s[2357];
    size_t nt, ns;
    if (!read_cdnow(t, s, &nt, &ns)) return;
    static const double bg_se[4] = {0.0125573195838, 0.378221415527, 0.185719143096, 0.705345755104};
    static const double gg_se[3] = {1.18968703766, 0.290165615135, 4.15999387833};
    static const double pn_se[4] = {0.0476287544296, 0.842723923504, 0.187279569471, 6.21102931987};
    clv_fit f;
    char err[256] = "";
    CHECK(clv_fit_bgnbd(t, nt, NULL, &f, err, sizeof err) == RMK_OK, "%s", err);
    for (int i = 0; i < 4; i++)
        CHECK(fabs(f.se[i] - bg_se[i]) <= 1e-7 * bg_se[i], "BG/NBD se[%d] %.12g, want %.12g", i,
              f.se[i], bg_se[i]);
    CHECK(clv_fit_gg(s, ns, NULL, &f, err, sizeof err) == RMK_OK, "%s", err);
    for (int i = 0; i < 3; i++)
        CHECK(fabs(f.se[i] - gg_se[i]) <= 1e-7 * gg_se[i], "Gamma-Gamma se[%d] %.12g, want %.12g", i,
              f.se[i], gg_se[i]);
    CHECK(clv_fit_pnbd(t, nt, NULL, &f, err, sizeof err) == RMK_OK, "%s", err);
    /* a Hessian from differences of the gradient: 1e-6 */
    for (int i = 0; i < 4; i++)
        CHECK(fabs(f.se[i] - pn_se[i]) <= 1e-6 * pn_se[i], "Pareto/NBD se[%d] %.12g, want %.12g", i,
              f.se[i], pn_se[i]);
}

/* ------------------------------------ the predictions per (x, T) */
TEST(test_clv_expected_shared)
{
    static const struct { int model; double p[4]; } fits[] = {
        {CLV_BGNBD, {0.243, 4.414, 0.793, 2.426}},     {CLV_BGNBD, {0.5, 10.0, 1.0, 3.0}},
        {CLV_BGNBD, {1.05, 13.8, 3.1e6, 1.7e7}},        {CLV_PARETONBD, {0.55, 10.58, 0.61, 11.67}},
        {CLV_PARETONBD, {0.55, 10.58, 1.0, 11.67}},
    };
    static const double rows[][4] = {{39, 2, 30.43, 38.86}, {39, 0, 0, 38.86}, {0, 3, 1, 5},
                                     {5000, 25, 38.5, 38.86}, {52, 5000, 2999.5, 3000}, {1, 1, 12, 12}};
    for (size_t k = 0; k < sizeof fits / sizeof fits[0]; k++) {
        clv_fit f = {.model = fits[k].model, .np = 4};
        memcpy(f.p, fits[k].p, sizeof f.p);
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
            double t = rows[i][0], x = rows[i][1], tx = rows[i][2], T = rows[i][3];
            double e = clv_expected(&f, t, x, tx, T);
            double j = clv_expected_join(&f, clv_alive_part(&f, x, tx, T), clv_expected_alive(&f, t, x, T));
            CHECK(!memcmp(&e, &j, sizeof e), "fit %zu row %zu: %.17g against %.17g", k, i, e, j);
        }
    }
}
