/* clv_bgnbd.c — the BG/NBD model (Fader, Hardie & Lee 2005, "Counting your
 * customers the easy way: an alternative to the Pareto/NBD model",
 * Marketing Science 24(2) 275-284; "FHL" below): its log-likelihood, fit,
 * P(alive) and expectations, and the dispatch of clv_p_alive, clv_expected
 * and clv_expected_new over the models (clvmodel.h).
 *
 * Parameters p = {r, alpha, a, b}: transaction rates lambda ~ Gamma(r,
 * alpha), drop-out probabilities after each purchase p ~ Beta(a, b). */
#include "clvfit.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* ln Gamma, reentrant (lgamma writes the global signgam) */
static double lg(double x)
{
    int sign;
    return lgamma_r(x, &sign);
}

/* ln[B(a, b + x) / B(a, b)] = ln G(b+x) - ln G(b) - ln G(a+b+x) + ln G(a+b)
 * = [ln G(a+b) - ln G(b)] - [ln G(b+x+a) - ln G(b+x)] */
static double lbeta_ratio(double a, double b, double x)
{
    return x == 0 ? 0 : clv_lgamma_diff(b, a) - clv_lgamma_diff(b + x, a);
}

/* FHL eq. (6), per customer:
 *   L = B(a, b+x)/B(a, b) * G(r+x) alpha^r / (G(r) (alpha+T)^(r+x))
 *     + d(x>0) B(a+1, b+x-1)/B(a, b) * G(r+x) alpha^r / (G(r) (alpha+t_x)^(r+x))
 * In logs: A1 = ln[G(r+x) alpha^r / G(r)] + ln[B(a, b+x)/B(a, b)];
 *   L = exp(A1) (exp(u) + d(x>0) exp(v)) with u = -(r+x) ln(alpha+T) and,
 *   as B(a+1, b+x-1)/B(a, b+x) = a/(b+x-1), v = ln[a/(b+x-1)] - (r+x)
 *   ln(alpha+t_x); the sum is a log-sum-exp. */
double clv_bgnbd_ll(const double *p, double x, double t_x, double T)
{
    double r = p[0], al = p[1], a = p[2], b = p[3];
    if (!(r > 0 && al > 0 && a > 0 && b > 0 && x >= 0 && t_x >= 0 && T >= t_x)) return NAN;
    double A1 = lg(r + x) - lg(r) + r * log(al) + lbeta_ratio(a, b, x);
    double u = -(r + x) * log(al + T);
    if (x == 0) return A1 + u;
    double v = log(a) - log(b + x - 1) - (r + x) * log(al + t_x);
    return A1 + clv_logaddexp(u, v);
}

/* ---------------------------------------------------------------- fit */
/* The fast total: the terms that depend on x only once per distinct x, the
 * logs ln(alpha + t) once per distinct time t (T or t_x); per group one exp
 * and one log1p (none for x = 0). */
typedef struct bg_group {
    double n;                /* customers */
    uint32_t ix, iT, itx;    /* its x, T, t_x in xs / ts */
} bg_group;

typedef struct bg_ctx {
    size_t n, nx, nt;
    bg_group *g;             /* per group, 24 bytes: one stream per evaluation */
    double *xs, *ts;         /* distinct x, distinct times */
    double *ax, *dx, *rx;    /* per distinct x: A1, ln[a/(b+x-1)], r+x */
    double *lt;              /* per distinct time: ln(alpha + t) */
} bg_ctx;

static double bg_sum(const double *p, void *vctx)
{
    bg_ctx *c = vctx;
    double r = p[0], al = p[1], a = p[2], b = p[3];
    double c0 = -lg(r) + r * log(al), la = log(a);
    for (size_t k = 0; k < c->nx; k++) {
        double x = c->xs[k];
        c->ax[k] = lg(r + x) + c0 + lbeta_ratio(a, b, x);
        c->dx[k] = x > 0 ? la - log(b + x - 1) : 0;
        c->rx[k] = r + x;
    }
    for (size_t k = 0; k < c->nt; k++) c->lt[k] = log(al + c->ts[k]);
    double s = 0;
    for (size_t i = 0; i < c->n; i++) {
        const bg_group *g = &c->g[i];
        uint32_t k = g->ix;
        double u = -c->rx[k] * c->lt[g->iT], ll = u;
        if (c->xs[k] > 0) {
            /* log-sum-exp; beyond a gap of 40, log1p(exp(-gap)) < 5e-18
             * changes no sum */
            double v = c->dx[k] - c->rx[k] * c->lt[g->itx], d = u - v;
            if (d >= 0)
                ll = d > 40 ? u : u + log1p(exp(-d));
            else
                ll = d < -40 ? v : v + log1p(exp(d));
        }
        s += g->n * (c->ax[k] + ll);
    }
    return s;
}

static void bg_ctx_free(bg_ctx *c)
{
    free(c->g);
    free(c->xs);
    free(c->ts);
    free(c->ax);
    free(c->dx);
    free(c->rx);
    free(c->lt);
}

static rmk_status bg_ctx_init(bg_ctx *c, const clv_triple *t, size_t n)
{
    *c = (bg_ctx){.n = n};
    double *v = malloc(2 * n * sizeof *v);
    size_t *iv = malloc(2 * n * sizeof *iv);
    c->g = malloc(n * sizeof *c->g);
    c->xs = malloc(n * sizeof *c->xs);
    c->ts = malloc(2 * n * sizeof *c->ts);
    rmk_status st = RMK_ERR_NOMEM;
    if (!v || !iv || !c->g || !c->xs || !c->ts) goto out;
    for (size_t i = 0; i < n; i++) v[i] = t[i].x;
    if ((st = clv_distinct(v, n, c->xs, &c->nx, iv)) != RMK_OK) goto out;
    for (size_t i = 0; i < n; i++) {
        c->g[i].n = t[i].n;
        c->g[i].ix = (uint32_t)iv[i];
        v[i] = t[i].T;
        v[n + i] = t[i].t_x;
    }
    if ((st = clv_distinct(v, 2 * n, c->ts, &c->nt, iv)) != RMK_OK) goto out;
    for (size_t i = 0; i < n; i++) {
        c->g[i].iT = (uint32_t)iv[i];
        c->g[i].itx = (uint32_t)iv[n + i];
    }
    st = RMK_ERR_NOMEM;
    c->ax = malloc(c->nx * sizeof *c->ax);
    c->dx = malloc(c->nx * sizeof *c->dx);
    c->rx = malloc(c->nx * sizeof *c->rx);
    c->lt = malloc(c->nt * sizeof *c->lt);
    if (c->ax && c->dx && c->rx && c->lt) st = RMK_OK;
out:
    free(v);
    free(iv);
    if (st != RMK_OK) bg_ctx_free(c);
    return st;
}

static double triple_ll(const double *p, const void *g)
{
    const clv_triple *t = g;
    return clv_bgnbd_ll(p, t->x, t->t_x, t->T);
}

static double triple_weight(const void *g) { return ((const clv_triple *)g)->n; }

rmk_status clv_fit_bgnbd(const clv_triple *t, size_t n, clv_fit *out, char *err, size_t errlen)
{
    *out = (clv_fit){.model = CLV_BGNBD, .np = 4};
    for (int i = 0; i < 4; i++) out->p[i] = out->se[i] = NAN;
    out->log_likelihood = NAN;
    double sx, sT;
    rmk_status cst = clv_check_triples(t, n, "BG/NBD", "drop-out", out, &sx, &sT, err, errlen);
    if (cst) return cst;
    /* starts: the all-ones of common practice (alpha on the data's time
     * scale is another matter), then r/alpha at the observed repeat rate
     * sx/sT with a few shapes of the drop-out distribution */
    double rate = sx / sT, alpha0 = 1 / rate;
    const double starts[][4] = {
        {1, 1, 1, 1},
        {0.5, 0.5 * alpha0, 0.5, 2},
        {1, alpha0, 1, 5},
        {2, 2 * alpha0, 2, 2},
    };
    clv_problem pr = {
        .model = CLV_BGNBD,
        .np = 4,
        .groups = t,
        .ngroups = n,
        .stride = sizeof *t,
        .ll = triple_ll,
        .weight = triple_weight,
        .starts = starts,
        .nstarts = sizeof starts / sizeof starts[0],
    };
    rmk_status st;
    if (n > UINT32_MAX / 2) { /* beyond the fast total's indexes: the plain loop */
        st = clv_mle(&pr, out, err, errlen);
    } else {
        bg_ctx c;
        if ((st = bg_ctx_init(&c, t, n)) != RMK_OK) return st;
        st = clv_mle_with(&pr, bg_sum, &c, out, err, errlen);
        bg_ctx_free(&c);
    }
    return clv_name_error(st, "BG/NBD (r, alpha, a, b)", err, errlen);
}

/* ------------------------------------------------------- predictions */
/* P(alive | x, t_x, T): FHL's appendix / Fader, Hardie & Lee (2008),
 * "Computing P(alive) using the BG/NBD model":
 *   P = 1 / (1 + d(x>0) a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)) */
static double bg_p_alive(const double *p, double x, double t_x, double T)
{
    double r = p[0], al = p[1], a = p[2], b = p[3];
    if (!(x >= 0 && t_x >= 0 && T >= t_x)) return NAN;
    if (x == 0) return 1;
    double lo = log(a) - log(b + x - 1) + (r + x) * log1p((T - t_x) / (al + t_x));
    return 1 / (1 + exp(lo));
}

/* S = sum_{k>=1} t_k, t_1 = A z, t_{k+1} = t_k (A+k)(B+k) z / ((C+k)(k+1)),
 * 0 <= z < 1, C > -1: the series of the Gaussian hypergeometric function
 * 2F1(A, B; C; z) = 1 + (B/C) S, written so that B = 0 or C = 0 need no
 * division. Summed until the remainder (bounded by a geometric tail of
 * ratio max(|t_{k+1}/t_k|, z) once the terms shrink) is below 1e-17 of the
 * sum; NaN when 2,000,000 terms do not get there (z within ~1e-5 of 1: a
 * horizon t of ~10^5 times alpha + T), or when the terms alternate too
 * widely to add up (below). */
static double hyp_tail(double A, double B, double C, double z)
{
    double tk = A * z, s = 0;
    if (tk == 0) return 0;
    /* A far below 0 (r far above a + b: a degenerate fit) makes the terms
     * alternate and grow like (|A| z)^k / k! before they shrink: beyond
     * |A| z = 30 their largest (~e^30) times the rounding error 1e-16
     * swamps the sum, and summing would take ~|A| z terms for nothing */
    if (A < 0 && -A * z > 30) return NAN;
    for (long k = 1; k < 2000000; k++) {
        s += tk;
        double q = (A + k) * (B + k) * z / ((C + k) * (k + 1));
        tk *= q;
        double g = fabs(q) > z ? fabs(q) : z;
        if (g < 1 && fabs(tk) <= 1e-17 * fabs(s) * (1 - g)) return s + tk;
        if (tk == 0) return s;
    }
    return NAN;
}

/* E[Y(t) | x, t_x, T], FHL eq. (10):
 *   (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x)
 *                        2F1(r+x, b+x; a+b+x-1; z)] P(alive),  z = t/(alpha+T+t)
 * By Euler's transformation 2F1(a', b'; c'; z) = (1-z)^(c'-a'-b') 2F1(c'-a',
 * c'-b'; c'; z) and (alpha+T)/(alpha+T+t) = 1 - z, the bracket is
 *   1 - (1-z)^B 2F1(A, B; C; z),  A = a+b-1-r, B = a-1, C = a+b+x-1,
 * whose series has small parameters A, B whatever x (no overflow for large
 * x, quick convergence). With 2F1 = 1 + (B/C) S (hyp_tail):
 *   E = P(alive) [C (1 - (1-z)^B)/B - (1-z)^B S],
 * finite through a = 1 (B = 0: (1 - (1-z)^B)/B -> -ln(1-z)) and a+b+x = 1.
 * With x = t_x = T = 0 it is E[X(t)] of a new customer, FHL eq. (9). */
static double bg_expected(const double *p, double t, double x, double t_x, double T)
{
    double r = p[0], al = p[1], a = p[2], b = p[3];
    if (!(t >= 0 && x >= 0 && t_x >= 0 && T >= t_x)) return NAN;
    if (t == 0) return 0;
    if (isinf(t)) return NAN;
    double z = t / (al + T + t), L = log1p(t / (al + T)); /* L = -ln(1-z) */
    double A = a + b - 1 - r, B = a - 1, C = a + b + x - 1;
    if (B * L > 600) {
        /* a (and a + b) so large that the series' terms (growing like
         * e^(B z)) overflow: the beta mixing distribution of the dropout
         * probability is then a point mass at p = a / (a + b), and the
         * expectation tends to that of a fixed p (relative error O(1 / a)):
         * E = P(alive) (1/p') [1 - ((alpha+T) / (alpha+T + p' t))^(r+x)],
         * p' = a / (a + b + x - 1), the dropout probability given x. */
        double pp = a / C;
        return bg_p_alive(p, x, t_x, T) * -expm1(-(r + x) * log1p(pp * t / (al + T))) / pp;
    }
    double S = hyp_tail(A, B, C, z);
    double w = exp(-B * L), e1 = B == 0 ? L : -expm1(-B * L) / B;
    return bg_p_alive(p, x, t_x, T) * (C * e1 - w * S);
}

/* --------------------------------------------------------- dispatch */
double clv_p_alive(const clv_fit *f, double x, double t_x, double T)
{
    switch (f->model) {
    case CLV_BGNBD: return bg_p_alive(f->p, x, t_x, T);
    case CLV_PARETONBD: return clv_pnbd_p_alive(f->p, x, t_x, T);
    default: return NAN;
    }
}

double clv_expected(const clv_fit *f, double t, double x, double t_x, double T)
{
    switch (f->model) {
    case CLV_BGNBD: return bg_expected(f->p, t, x, t_x, T);
    case CLV_PARETONBD: return clv_pnbd_expected(f->p, t, x, t_x, T);
    default: return NAN;
    }
}

double clv_expected_new(const clv_fit *f, double t)
{
    switch (f->model) {
    case CLV_BGNBD: return bg_expected(f->p, t, 0, 0, 0);
    case CLV_PARETONBD: return clv_pnbd_expected_new(f->p, t);
    default: return NAN;
    }
}
