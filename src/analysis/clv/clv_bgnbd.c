/* SPDX-License-Identifier: MIT */
/* clv_bgnbd.c — the BG/NBD model (Fader, Hardie & Lee 2005, "Counting your
 * customers the easy way: an alternative to the Pareto/NBD model",
 * Marketing Science 24(2) 275-284; "FHL" below): its log-likelihood, fit,
 * P(alive) and expectations, and the dispatch of clv_p_alive, clv_expected
 * and clv_expected_new over the models (clvmodel.h).
 *
 * Parameters p = {r, alpha, a, b}: transaction rates lambda ~ Gamma(r,
 * alpha), drop-out probabilities after each purchase p ~ Beta(a, b). */
#include "clvfit.h"
#include "clvpar.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
/* The fast total, with its gradient and Hessian (clv_total_fn). Per
 * customer ln L = A1(x) + LSE(u, v), LSE = ln(e^u + e^v) (clv_bgnbd_ll;
 * LSE = u for x = 0):
 *   A1 = ln G(r+x) - ln G(r) + r ln alpha + ln G(a+b) - ln G(b) - ln G(a+b+x)
 *        + ln G(b+x)  (the beta ratio: 0 for x = 0),
 *   u = -(r+x) ln(alpha+T),  v = ln a - ln(b+x-1) - (r+x) ln(alpha+t_x).
 * A1 and its derivatives depend on x only: taken once per distinct x,
 * times its customers. ln(alpha+t) and 1/(alpha+t) once per distinct time
 * t (T or t_x); per group then one exp and one log1p (none for x = 0).
 * Derivatives, in p = (r, alpha, a, b), psi and psi' the di- and trigamma
 * functions:
 *   A1:  r: psi(r+x) - psi(r) + ln alpha;  alpha: r/alpha;
 *        a: psi(a+b) - psi(a+b+x);  b: psi(a+b) - psi(b) - psi(a+b+x) + psi(b+x);
 *        rr: psi'(r+x) - psi'(r);  r alpha: 1/alpha;  alpha alpha: -r/alpha^2;
 *        aa = ab: psi'(a+b) - psi'(a+b+x);
 *        bb: psi'(a+b) - psi'(b) - psi'(a+b+x) + psi'(b+x)   (a, b: x > 0 only).
 *   LSE: with w_u = e^u / (e^u + e^v), w_v = 1 - w_u,
 *        grad = w_u grad u + w_v grad v,
 *        Hess = w_u Hess u + w_v Hess v + w_u w_v (grad u - grad v)(grad u - grad v)',
 *        grad u = (-ln(alpha+T), -(r+x)/(alpha+T), 0, 0),
 *        grad v = (-ln(alpha+t_x), -(r+x)/(alpha+t_x), 1/a, -1/(b+x-1)),
 *        u: r alpha -1/(alpha+T), alpha alpha (r+x)/(alpha+T)^2; v: the same in
 *        t_x, and aa -1/a^2, bb 1/(b+x-1)^2; every other second derivative 0.
 * The groups' sums run in fixed chunks over threads (clvpar.h): the same
 * bits for any thread count. */
typedef struct bg_group {
    double n;                /* customers */
    uint32_t ix, iT, itx;    /* its x, T, t_x in xs / ts */
} bg_group;

enum { BG_ACC = 15 }; /* a chunk's sums: LL, 4 gradient, 10 Hessian (upper triangle by rows) */

typedef struct bg_ctx {
    size_t n, nx, nt;
    bg_group *g;             /* per group, 24 bytes: one stream per evaluation */
    double *xs, *nxk, *ts;   /* distinct x, their customers; distinct times */
    double *rx, *dx, *ib;    /* per distinct x: r+x, ln[a/(b+x-1)], 1/(b+x-1) */
    double *lt, *it;         /* per distinct time: ln(alpha + t), 1/(alpha + t) */
    double *part;            /* the chunks' sums (clv_par_sum) */
    double a;                /* this evaluation's a */
    int want;                /* 0: LL; 1: and the gradient; 2: and the Hessian */
    int intx;                /* every x whole, at most BG_XSUM_MAX (bg_xsums) */
    int threads;
} bg_ctx;

static void bg_chunk(void *vc, size_t lo, size_t hi, double *acc)
{
    const bg_ctx *c = vc;
    const int want = c->want;
    const double ia = 1 / c->a;
    for (size_t i = lo; i < hi; i++) {
        const bg_group *g = &c->g[i];
        const uint32_t k = g->ix;
        const double n = g->n, rx = c->rx[k], LT = c->lt[g->iT], u = -rx * LT;
        if (c->xs[k] == 0) {
            acc[0] += n * u;
            if (!want) continue;
            double iT = c->it[g->iT];
            acc[1] -= n * LT;
            acc[2] -= n * rx * iT;
            if (want < 2) continue;
            acc[6] -= n * iT;
            acc[9] += n * rx * iT * iT;
            continue;
        }
        /* log-sum-exp; beyond a gap of 40, log1p(exp(-gap)) < 5e-18
         * changes no sum (and the weights are 0 and 1) */
        double Ltx = c->lt[g->itx], v = c->dx[k] - rx * Ltx, d = u - v, lse, wu, wv;
        if (d >= 0) {
            double e = d > 40 ? 0 : exp(-d);
            lse = u + log1p(e);
            wu = 1 / (1 + e);
            wv = e * wu;
        } else {
            double e = d < -40 ? 0 : exp(d);
            lse = v + log1p(e);
            wv = 1 / (1 + e);
            wu = e * wv;
        }
        acc[0] += n * lse;
        if (!want) continue;
        double iT = c->it[g->iT], itx = c->it[g->itx], ib = c->ib[k];
        acc[1] -= n * (wu * LT + wv * Ltx);
        acc[2] -= n * rx * (wu * iT + wv * itx);
        acc[3] += n * wv * ia;
        acc[4] -= n * wv * ib;
        if (want < 2) continue;
        /* e = grad u - grad v */
        double w2 = n * wu * wv, e1 = Ltx - LT, e2 = rx * (itx - iT), e3 = -ia, e4 = ib;
        acc[5] += w2 * e1 * e1;
        acc[6] += w2 * e1 * e2 - n * (wu * iT + wv * itx);
        acc[7] += w2 * e1 * e3;
        acc[8] += w2 * e1 * e4;
        acc[9] += w2 * e2 * e2 + n * rx * (wu * iT * iT + wv * itx * itx);
        acc[10] += w2 * e2 * e3;
        acc[11] += w2 * e2 * e4;
        acc[12] += w2 * e3 * e3 - n * wv * ia * ia;
        acc[13] += w2 * e3 * e4;
        acc[14] += w2 * e4 * e4 + n * wv * ib * ib;
    }
}

/* The per-x terms: S[0] = ln G(r+x) - ln G(r), S[1] = ln[B(a, b+x)/B(a, b)],
 * S[2] = psi(r+x) - psi(r), S[3] = psi(a+b) - psi(a+b+x), S[4] = psi(a+b) -
 * psi(b) - psi(a+b+x) + psi(b+x), S[5..7] the same three with psi'. For
 * whole x they are sums over j = 0 .. x-1 (G(z+1) = z G(z)):
 *   S0 = sum ln(r+j),  S1 = -sum ln(1 + a/(b+j)),  S2 = sum 1/(r+j),
 *   S3 = -sum 1/(a+b+j),  S4 = sum a / ((b+j)(a+b+j)),  S5 = -sum 1/(r+j)^2,
 *   S6 = sum 1/(a+b+j)^2,  S7 = -sum a (a + 2(b+j)) / ((b+j)^2 (a+b+j)^2),
 * free of the cancellation of two large ln G or psi when a, b or r are
 * large (a fit running off along a ridge, a, b -> infinity with a/(a+b)
 * fixed: there the difference of ln G loses ~1e-6 and the steps get lost
 * in the noise); whole x up to BG_XSUM_MAX (purchase days are whole). */
enum { BG_XS = 8 };
#define BG_XSUM_MAX 100000.0

static void bg_xsums(double *S, double j, double r, double a, double b, int want)
{
    double rj = r + j, bj = b + j, abj = a + b + j;
    S[0] += log(rj);
    S[1] -= log1p(a / bj);
    if (!want) return;
    S[2] += 1 / rj;
    S[3] -= 1 / abj;
    S[4] += a / (bj * abj);
    if (want < 2) return;
    S[5] -= 1 / (rj * rj);
    S[6] += 1 / (abj * abj);
    S[7] -= a * (a + 2 * bj) / (bj * bj * abj * abj);
}

/* A1 = S0 + r ln alpha + S1 and its derivatives (above), N customers */
static void bg_xterms(const double *S, double N, double r, double al, double lal, double *s,
                      double *g, double h[4][4])
{
    *s += N * (S[0] + r * lal + S[1]);
    g[0] += N * (S[2] + lal);
    g[1] += N * r / al;
    g[2] += N * S[3];
    g[3] += N * S[4];
    h[0][0] += N * S[5];
    h[0][1] += N / al;
    h[1][1] -= N * r / (al * al);
    h[2][2] += N * S[6];
    h[2][3] += N * S[6];
    h[3][3] += N * S[7];
}

static double bg_total(const double *p, double *grad, double H[4][4], void *vctx)
{
    bg_ctx *c = vctx;
    double r = p[0], al = p[1], a = p[2], b = p[3];
    c->want = !grad ? 0 : !H ? 1 : 2;
    c->a = a;
    double lal = log(al), la = log(a);
    for (size_t k = 0; k < c->nt; k++) {
        c->lt[k] = log(al + c->ts[k]);
        c->it[k] = 1 / (al + c->ts[k]);
    }
    for (size_t k = 0; k < c->nx; k++) {
        double x = c->xs[k];
        c->rx[k] = r + x;
        c->dx[k] = x > 0 ? la - log(b + x - 1) : 0;
        c->ib[k] = x > 0 ? 1 / (b + x - 1) : 0;
    }
    double acc[BG_ACC];
    clv_par_sum(c->n, c->want == 0 ? 1 : c->want == 1 ? 5 : BG_ACC, bg_chunk, c, c->threads,
                c->part, acc);
    /* the per-x terms A1, weighted by their customers */
    double s = 0, g[4] = {0}, h[4][4] = {{0}}, S[BG_XS] = {0};
    if (c->intx) { /* whole x: the sums over j < x, x ascending */
        size_t k = 0;
        for (double j = 0; k < c->nx; j++) {
            for (; k < c->nx && c->xs[k] == j; k++) bg_xterms(S, c->nxk[k], r, al, lal, &s, g, h);
            if (k < c->nx) bg_xsums(S, j, r, a, b, c->want);
        }
    } else {
        for (size_t k = 0; k < c->nx; k++) {
            double x = c->xs[k];
            S[0] = clv_lgamma_diff(r, x);
            S[1] = lbeta_ratio(a, b, x);
            if (c->want) {
                S[2] = clv_digamma_diff(r, x);
                S[3] = -clv_digamma_diff(a + b, x);
                S[4] = clv_digamma_diff(b, x) - clv_digamma_diff(a + b, x);
            }
            if (c->want > 1) {
                S[5] = clv_trigamma_diff(r, x);
                S[6] = -clv_trigamma_diff(a + b, x);
                S[7] = clv_trigamma_diff(b, x) - clv_trigamma_diff(a + b, x);
            }
            bg_xterms(S, c->nxk[k], r, al, lal, &s, g, h);
        }
    }
    if (grad)
        for (int i = 0; i < 4; i++) grad[i] = g[i] + acc[1 + i];
    if (H) {
        for (int i = 0, m = 5; i < 4; i++)
            for (int j = i; j < 4; j++, m++) H[i][j] = H[j][i] = h[i][j] + acc[m];
    }
    return s + acc[0];
}

static void bg_ctx_free(bg_ctx *c)
{
    free(c->g);
    free(c->xs);
    free(c->nxk);
    free(c->ts);
    free(c->rx);
    free(c->dx);
    free(c->ib);
    free(c->lt);
    free(c->it);
    free(c->part);
    *c = (bg_ctx){0};
}

static rmk_status bg_ctx_init(bg_ctx *c, const clv_triple *t, size_t n, int threads)
{
    *c = (bg_ctx){.n = n, .threads = threads};
    double *v = calloc(2 * n + 1, sizeof *v); /* zeroed: gcc cannot see that n > 0 */
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
    c->nxk = calloc(c->nx, sizeof *c->nxk);
    c->rx = malloc(c->nx * sizeof *c->rx);
    c->dx = malloc(c->nx * sizeof *c->dx);
    c->ib = malloc(c->nx * sizeof *c->ib);
    c->lt = malloc(c->nt * sizeof *c->lt);
    c->it = malloc(c->nt * sizeof *c->it);
    c->part = malloc(clv_par_chunks(n) * BG_ACC * sizeof *c->part);
    if (c->nxk && c->rx && c->dx && c->ib && c->lt && c->it && c->part) {
        for (size_t i = 0; i < n; i++) c->nxk[c->g[i].ix] += t[i].n;
        c->intx = c->nx > 0 && c->xs[c->nx - 1] <= BG_XSUM_MAX;
        for (size_t k = 0; k < c->nx; k++) c->intx &= c->xs[k] == floor(c->xs[k]);
        st = RMK_OK;
    }
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

/* The method of moments for the rates, lambda ~ Gamma(r, alpha): the
 * observed rates x/T of the customers with T > 0 have mean r/alpha and
 * variance r/alpha^2 + E[lambda/T] (the Poisson noise of x given lambda),
 * so r = m^2 / V, alpha = m / V with V = var(x/T) - mean(x/T^2). The
 * dropouts understate the rates: a start value, not an estimate. 0 when V
 * <= 0 (no spread to measure). */
static int moments_rates(const clv_triple *t, size_t n, double *r, double *alpha)
{
    double w = 0, m = 0, m2 = 0, noise = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(t[i].T > 0)) continue;
        double l = t[i].x / t[i].T;
        w += t[i].n;
        m += t[i].n * l;
        m2 += t[i].n * l * l;
        noise += t[i].n * l / t[i].T;
    }
    if (!(w > 0)) return 0;
    m /= w;
    double V = m2 / w - m * m - noise / w;
    if (!(V > 0 && m > 0)) return 0;
    *r = m * m / V;
    *alpha = m / V;
    return isfinite(*r) && isfinite(*alpha) && *r > 0 && *alpha > 0;
}

rmk_status clv_fit_bgnbd(const clv_triple *t, size_t n, const clv_fit_opts *fo, clv_fit *out,
                         char *err, size_t errlen)
{
    *out = (clv_fit){.model = CLV_BGNBD, .np = 4};
    for (int i = 0; i < 4; i++) out->p[i] = out->se[i] = NAN;
    out->log_likelihood = NAN;
    double sx, sT;
    rmk_status cst = clv_check_triples(t, n, "BG/NBD", "drop-out", out, &sx, &sT, err, errlen);
    if (cst) return cst;
    /* starts: the rates by the method of moments (when they spread), the
     * all-ones of common practice (alpha on the data's time scale is
     * another matter), then r/alpha at the observed repeat rate sx/sT with
     * a few shapes of the drop-out distribution */
    double rate = sx / sT, alpha0 = 1 / rate, mr, ma;
    double starts[5][4] = {
        {1, 1, 1, 1},
        {0.5, 0.5 * alpha0, 0.5, 2},
        {1, alpha0, 1, 5},
        {2, 2 * alpha0, 2, 2},
        {0, 0, 0, 0},
    };
    size_t nstarts = 4;
    if (moments_rates(t, n, &mr, &ma)) {
        memmove(starts[1], starts[0], 4 * sizeof starts[0]);
        starts[0][0] = mr, starts[0][1] = ma, starts[0][2] = 1, starts[0][3] = 3;
        nstarts = 5;
    }
    clv_problem pr = {
        .model = CLV_BGNBD,
        .np = 4,
        .groups = t,
        .ngroups = n,
        .stride = sizeof *t,
        .ll = triple_ll,
        .weight = triple_weight,
        .starts = (const double(*)[4])starts,
        .nstarts = nstarts,
    };
    rmk_status st;
    if (n > UINT32_MAX / 2 && fo && fo->penalizer > 0) { /* the plain loop has no penalty */
        snprintf(err, errlen, "--penalizer needs fewer than 2^31 distinct histories");
        return RMK_ERR_USAGE;
    }
    if (n > UINT32_MAX / 2) /* beyond the fast total's indexes: the plain loop */
        return clv_name_error(clv_mle(&pr, out, err, errlen), "BG/NBD (r, alpha, a, b)", err,
                              errlen);
    int threads = clv_threads(fo ? fo->threads : 0);
    bg_ctx all, scr = {0};
    clv_triple *sub = NULL;
    size_t nsub = 0;
    if ((st = clv_screen_pick(t, n, sizeof *t, (void **)&sub, &nsub)) != RMK_OK) return st;
    if ((st = bg_ctx_init(&all, t, n, threads)) != RMK_OK) {
        free(sub);
        return st;
    }
    if (sub && (st = bg_ctx_init(&scr, sub, nsub, threads)) != RMK_OK) {
        bg_ctx_free(&all);
        free(sub);
        return st;
    }
    clv_dproblem dp = {
        .model = CLV_BGNBD,
        .np = 4,
        .name = "BG/NBD",
        .total = bg_total,
        .all = &all,
        .screen = sub ? &scr : NULL,
        .hessian = 1,
        .starts = (const double(*)[4])starts,
        .nstarts = nstarts,
        .customers = out->customers,
        .groups = n,
        .fo = fo,
        .tmax = clv_tmax(t, n),
    };
    st = clv_mle_newton(&dp, out, err, errlen);
    bg_ctx_free(&all);
    bg_ctx_free(&scr);
    free(sub);
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
/* E[Y(t) | x, t_x, T] / P(alive): the bracket above, which depends on x, T
 * and t only (not on t_x): shared by the customers of one (x, T) */
static double bg_expected_alive(const double *p, double t, double x, double T)
{
    double r = p[0], al = p[1], a = p[2], b = p[3];
    if (!(t >= 0 && x >= 0 && T >= 0)) return NAN;
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
        return -expm1(-(r + x) * log1p(pp * t / (al + T))) / pp;
    }
    double S = hyp_tail(A, B, C, z);
    double w = exp(-B * L), e1 = B == 0 ? L : -expm1(-B * L) / B;
    return C * e1 - w * S;
}

static double bg_expected(const double *p, double t, double x, double t_x, double T)
{
    if (!(t >= 0 && x >= 0 && t_x >= 0 && T >= t_x)) return NAN;
    return bg_p_alive(p, x, t_x, T) * bg_expected_alive(p, t, x, T);
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

double clv_alive_part(const clv_fit *f, double x, double t_x, double T)
{
    switch (f->model) {
    case CLV_BGNBD: return bg_p_alive(f->p, x, t_x, T);
    case CLV_PARETONBD: return clv_pnbd_log_p_alive(f->p, x, t_x, T);
    default: return NAN;
    }
}

double clv_expected_alive(const clv_fit *f, double t, double x, double T)
{
    switch (f->model) {
    case CLV_BGNBD: return bg_expected_alive(f->p, t, x, T);
    case CLV_PARETONBD: return clv_pnbd_expected_alive(f->p, t, x, T);
    default: return NAN;
    }
}

double clv_expected_join(const clv_fit *f, double alive, double e)
{
    return f->model == CLV_PARETONBD ? exp(e + alive) : alive * e;
}

double clv_expected_new(const clv_fit *f, double t)
{
    switch (f->model) {
    case CLV_BGNBD: return bg_expected(f->p, t, 0, 0, 0);
    case CLV_PARETONBD: return clv_pnbd_expected_new(f->p, t);
    default: return NAN;
    }
}

double clv_bgnbd_total(const clv_triple *t, size_t n, const double *p, double *g, double H[4][4])
{
    bg_ctx c;
    if (n > UINT32_MAX / 2 || bg_ctx_init(&c, t, n, 1) != RMK_OK) return NAN;
    double ll = bg_total(p, g, g ? H : NULL, &c);
    bg_ctx_free(&c);
    return ll;
}
