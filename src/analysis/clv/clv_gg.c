/* SPDX-License-Identifier: MIT */
/* clv_gg.c — the Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM
 * and CLV: using iso-value curves for customer base analysis", Journal of
 * Marketing Research 42(4) 415-430; Fader & Hardie 2013, "The Gamma-Gamma
 * model of monetary value"): the value of each purchase ~ Gamma(p, nu), nu
 * ~ Gamma(q, gamma) across customers; p = {p, q, gamma}. */
#include "clvfit.h"
#include "clvpar.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static double lg(double x)
{
    int sign;
    return lgamma_r(x, &sign);
}

/* The density of the observed mean mbar of x purchases (x mbar ~ Gamma(px,
 * nu), nu mixed over Gamma(q, gamma)):
 *   f(mbar | p, q, gamma, x) = G(px+q) / (G(px) G(q)) gamma^q mbar^(px-1) x^(px)
 *                              / (gamma + x mbar)^(px+q)               */
double clv_gg_ll(const double *p, double x, double mbar)
{
    double pp = p[0], q = p[1], g = p[2];
    if (!(pp > 0 && q > 0 && g > 0 && x > 0 && mbar > 0)) return NAN;
    /* (px-1) ln mbar + px ln x - (px+q) ln(gamma + x mbar)
     *   = -(px+q) ln(1 + gamma/(x mbar)) - q ln(x mbar) - ln mbar,
     * without the cancellation of the large terms when px is large */
    double px = pp * x, xm = x * mbar;
    return clv_lgamma_diff(px, q) - lg(q) + q * log(g) - (px + q) * log1p(g / xm) -
           q * log(xm) - log(mbar);
}

/* E[M | x, mbar] = (gamma + x mbar) p / (px + q - 1) (FHL 2005, eq. 2 of
 * the note above); x = 0: the population mean p gamma / (q - 1). NaN where
 * the mean does not exist (px + q <= 1). */
double clv_gg_expected(const clv_fit *f, double x, double mbar)
{
    if (f->model != CLV_GAMMAGAMMA || !(x >= 0)) return NAN;
    double pp = f->p[0], q = f->p[1], g = f->p[2];
    if (x == 0) return q > 1 ? pp * g / (q - 1) : NAN;
    if (!(mbar >= 0) || !(pp * x + q > 1)) return NAN;
    return (g + x * mbar) * pp / (pp * x + q - 1);
}

/* ---------------------------------------------------------------- fit */
/* The fast total with its gradient and Hessian (clv_total_fn). Per pair,
 * with L1 = ln(1 + gamma/(x mbar)) and w = 1/(x mbar + gamma), n customers:
 *   ll = ln G(px+q) - ln G(px) - ln G(q) + q ln gamma - (px+q) L1
 *        - q ln(x mbar) - ln mbar.
 * ln(x mbar) and ln mbar do not depend on the parameters (summed once);
 * ln G(px+q) - ln G(px) and its derivatives depend on x only (once per
 * distinct x, times its customers N); per pair one log1p and one division
 * into the sums A = sum n L1, B = sum n x L1, C = sum n w, D = sum n x w,
 * F = sum n x w^2, G = sum n w^2. With M customers in all, psi and psi' the
 * di- and trigamma functions:
 *   LL    = sum_x N [ln G(px+q) - ln G(px)] + M (q ln gamma - ln G(q)) - pB - qA
 *           - q sum n ln(x mbar) - sum n ln mbar
 *   d/dp  = sum_x N x [psi(px+q) - psi(px)] - B
 *   d/dq  = sum_x N [psi(px+q) - psi(q)] + M ln gamma - A - sum n ln(x mbar)
 *   d/dgamma = M q/gamma - (pD + qC)
 *   pp = sum_x N x^2 [psi'(px+q) - psi'(px)],  pq = sum_x N x psi'(px+q),
 *   p gamma = -D,  qq = sum_x N [psi'(px+q) - psi'(q)],  q gamma = M/gamma - C,
 *   gamma gamma = -M q/gamma^2 + pF + qG.
 * (the differences of psi and psi' by clv_digamma_diff, clv_trigamma_diff:
 * free of cancellation when px is large). The pairs' sums run in fixed
 * chunks over threads (clvpar.h). */
enum { GG_ACC = 6 };

typedef struct gg_pair {
    double n, x, ixm; /* customers, x, 1/(x mbar) */
} gg_pair;

typedef struct gg_ctx {
    size_t n, nx;
    gg_pair *s;
    double *xs, *nxk;   /* distinct x; their customers */
    double m, slxm, slm; /* customers; sum n ln(x mbar); sum n ln mbar */
    double gamma;       /* this evaluation's */
    int want, threads;
    double *part;
} gg_ctx;

static void gg_chunk(void *vc, size_t lo, size_t hi, double *acc)
{
    const gg_ctx *c = vc;
    const double g = c->gamma;
    for (size_t i = lo; i < hi; i++) {
        const gg_pair *e = &c->s[i];
        double L1 = e->n * log1p(g * e->ixm);
        acc[0] += L1;
        acc[1] += e->x * L1;
        if (!c->want) continue;
        double w = e->n / (1 / e->ixm + g);
        acc[2] += w;
        acc[3] += e->x * w;
        if (c->want < 2) continue;
        w /= 1 / e->ixm + g;
        acc[4] += e->x * w;
        acc[5] += w;
    }
}

static double gg_total(const double *p, double *grad, double H[4][4], void *vctx)
{
    gg_ctx *c = vctx;
    double pp = p[0], q = p[1], g = p[2], M = c->m, lgg = log(g);
    c->want = !grad ? 0 : !H ? 1 : 2;
    c->gamma = g;
    double acc[GG_ACC];
    clv_par_sum(c->n, c->want == 0 ? 2 : c->want == 1 ? 4 : GG_ACC, gg_chunk, c, c->threads,
                c->part, acc);
    double A = acc[0], B = acc[1], s = 0, gp = 0, gq = 0, hpp = 0, hpq = 0, hqq = 0;
    for (size_t k = 0; k < c->nx; k++) {
        double x = c->xs[k], N = c->nxk[k], px = pp * x;
        s += N * clv_lgamma_diff(px, q);
        if (!c->want) continue;
        gp += N * x * clv_digamma_diff(px, q);
        gq += N * clv_digamma_diff(q, px); /* psi(px+q) - psi(q) */
        if (c->want < 2) continue;
        double t = clv_trigamma(px + q);
        hpp += N * x * x * clv_trigamma_diff(px, q);
        hpq += N * x * t;
        hqq += N * clv_trigamma_diff(q, px);
    }
    double ll = s + M * (q * lgg - lg(q)) - pp * B - q * A - q * c->slxm - c->slm;
    if (grad) {
        double C = acc[2], D = acc[3];
        grad[0] = gp - B;
        grad[1] = gq + M * lgg - A - c->slxm;
        grad[2] = M * q / g - (pp * D + q * C);
        if (H) {
            double F = acc[4], G = acc[5];
            H[0][0] = hpp;
            H[0][1] = H[1][0] = hpq;
            H[0][2] = H[2][0] = -D;
            H[1][1] = hqq;
            H[1][2] = H[2][1] = M / g - C;
            H[2][2] = -M * q / (g * g) + pp * F + q * G;
        }
    }
    return ll;
}

static void gg_ctx_free(gg_ctx *c)
{
    free(c->s);
    free(c->xs);
    free(c->nxk);
    free(c->part);
    *c = (gg_ctx){0};
}

static rmk_status gg_ctx_init(gg_ctx *c, const clv_spend *s, size_t n, int threads)
{
    *c = (gg_ctx){.n = n, .threads = threads};
    double *v = calloc(n + 1, sizeof *v); /* zeroed: gcc cannot see that n > 0 */
    size_t *ix = malloc((n ? n : 1) * sizeof *ix);
    c->s = malloc((n ? n : 1) * sizeof *c->s);
    c->xs = malloc((n ? n : 1) * sizeof *c->xs);
    c->part = malloc(clv_par_chunks(n) * GG_ACC * sizeof *c->part);
    rmk_status st = RMK_ERR_NOMEM;
    if (v && ix && c->s && c->xs && c->part) {
        for (size_t i = 0; i < n; i++) v[i] = s[i].x;
        st = clv_distinct(v, n, c->xs, &c->nx, ix);
    }
    if (st == RMK_OK && !(c->nxk = calloc(c->nx ? c->nx : 1, sizeof *c->nxk))) st = RMK_ERR_NOMEM;
    if (st == RMK_OK) {
        for (size_t i = 0; i < n; i++) {
            double xm = s[i].x * s[i].mbar;
            c->s[i] = (gg_pair){s[i].n, s[i].x, 1 / xm};
            c->nxk[ix[i]] += s[i].n;
            c->m += s[i].n;
            c->slxm += s[i].n * log(xm);
            c->slm += s[i].n * log(s[i].mbar);
        }
    }
    free(v);
    free(ix);
    if (st != RMK_OK) gg_ctx_free(c);
    return st;
}

double clv_gg_total(const clv_spend *s, size_t n, const double *p, double *g, double H[4][4])
{
    gg_ctx c;
    if (gg_ctx_init(&c, s, n, 1) != RMK_OK) return NAN;
    double ll = gg_total(p, g, g ? H : NULL, &c);
    gg_ctx_free(&c);
    return ll;
}

rmk_status clv_fit_gg(const clv_spend *s, size_t n, const clv_fit_opts *fo, clv_fit *out,
                      char *err, size_t errlen)
{
    *out = (clv_fit){.model = CLV_GAMMAGAMMA, .np = 3};
    for (int i = 0; i < 4; i++) out->p[i] = out->se[i] = NAN;
    out->log_likelihood = NAN;
    double customers = 0, sm = 0, mlo = HUGE_VAL, mhi = 0;
    for (size_t i = 0; i < n; i++) {
        const clv_spend *e = &s[i];
        if (!(e->x >= 1 && isfinite(e->x) && e->mbar > 0 && isfinite(e->mbar) && e->n > 0 &&
              isfinite(e->n))) {
            if (err && errlen)
                snprintf(err, errlen,
                         "Gamma-Gamma: group %zu: x = %g, mbar = %g, n = %g: the spend model "
                         "takes only customers with a repeat purchase (x >= 1) and a positive "
                         "mean value",
                         i + 1, e->x, e->mbar, e->n);
            return RMK_ERR_DATA;
        }
        customers += e->n;
        sm += e->n * e->mbar;
        if (e->mbar < mlo) mlo = e->mbar;
        if (e->mbar > mhi) mhi = e->mbar;
    }
    out->customers = customers;
    out->groups = n;
    const char *why = NULL;
    if (n == 0)
        why = "no customer with a repeat purchase and a positive mean value: the spend model "
              "cannot be fitted";
    else if (customers < 2)
        why = "a single customer cannot identify the spend model's three parameters";
    else if (mlo == mhi)
        why = "every customer has the same mean value: the spread of spending the model "
              "describes cannot be estimated";
    if (why) {
        if (err && errlen) snprintf(err, errlen, "Gamma-Gamma: %s", why);
        return RMK_ERR_DATA;
    }
    /* starts: the mean value pgamma/(q-1) at the observed mean m for a few
     * shapes, and all ones */
    double m = sm / customers;
    const double starts[][4] = { /* rows of 4 (clv_dproblem); the 4th unused */
        {1, 1, 1, 0},
        {1, 2, m, 0},
        {5, 3, 0.4 * m, 0},
        {10, 5, 0.4 * m, 0},
    };
    int threads = clv_threads(fo ? fo->threads : 0);
    gg_ctx all, scr = {0};
    clv_spend *sub = NULL;
    size_t nsub = 0;
    rmk_status st = clv_screen_pick(s, n, sizeof *s, (void **)&sub, &nsub);
    if (st != RMK_OK) return st;
    if ((st = gg_ctx_init(&all, s, n, threads)) != RMK_OK) {
        free(sub);
        return st;
    }
    if (sub && (st = gg_ctx_init(&scr, sub, nsub, threads)) != RMK_OK) {
        gg_ctx_free(&all);
        free(sub);
        return st;
    }
    clv_dproblem dp = {
        .model = CLV_GAMMAGAMMA,
        .np = 3,
        .name = "Gamma-Gamma",
        .total = gg_total,
        .all = &all,
        .screen = sub ? &scr : NULL,
        .hessian = 1,
        .starts = starts,
        .nstarts = sizeof starts / sizeof starts[0],
        .customers = customers,
        .groups = n,
        .fo = fo,
    };
    st = clv_mle_newton(&dp, out, err, errlen);
    gg_ctx_free(&all);
    gg_ctx_free(&scr);
    free(sub);
    return clv_name_error(st, "Gamma-Gamma (p, q, gamma)", err, errlen);
}
