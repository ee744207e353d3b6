/* clv_pnbd.c — the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987,
 * "Counting your customers: who are they and what will they do next?",
 * Management Science 33(1) 1-24, "SMC" below), with the likelihood as
 * written by Fader & Hardie (2005), "A note on deriving the Pareto/NBD
 * model and related expressions" (brucehardie.com/notes/009, "FH" below)
 * and used in Fader, Hardie & Lee (2005), "Counting your customers the
 * easy way", Marketing Science 24(2), appendix: its log-likelihood, fit,
 * P(alive) and expectations.
 *
 * Parameters p = {r, alpha, s, beta}: while alive a customer buys at rate
 * lambda ~ Gamma(r, alpha); the lifetime is exponential with rate mu ~
 * Gamma(s, beta), lambda and mu independent.
 *
 * The likelihood (FH, the likelihood function of a randomly chosen
 * customer; FHL 2005 appendix):
 *
 *   L = G(r+x) a^r b^s / G(r) { 1 / ((a+T)^(r+x) (b+T)^s) + s/(r+s+x) A0 }
 *
 * (a = alpha, b = beta), with, for a >= b,
 *   A0 = 2F1(r+s+x, s+1; r+s+x+1; (a-b)/(a+t_x)) / (a+t_x)^(r+s+x)
 *      - 2F1(r+s+x, s+1; r+s+x+1; (a-b)/(a+T))   / (a+T)^(r+s+x)
 * and for a < b the same with 2F1(r+s+x, r+x; r+s+x+1; (b-a)/(b+t)) /
 * (b+t)^(r+s+x). Both come from one integral: A0 = (r+s+x) [I(t_x) - I(T)],
 *   I(t) = integral_t^inf (a+u)^-(r+x) (b+u)^-(s+1) du,
 * the probability (given lambda and mu, then averaged) that the customer
 * dies at some u in (t_x, T] after x purchases by t_x and none since; the
 * hypergeometric forms are I(t) written with the substitution
 * v = (a-b)/(a+u) (or (b-a)/(b+u)), so that s/(r+s+x) A0 = s [I(t_x) - I(T)].
 *
 * Everything is computed in logs: ln I(t) (via the Gaussian hypergeometric
 * function in the form of log_s below), the difference I(t_x) - I(T) as
 * ln I(t_x) + ln(1 - exp(ln I(T) - ln I(t_x))), and the sum in braces as a
 * log-sum-exp; so L is finite for large x (thousands of purchases, where
 * G(r+x) and the powers over- and underflow) and for long T. */
#include "clvfit.h"
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define U_ROUND (DBL_EPSILON / 2) /* unit roundoff, 2^-53 */

/* ------------------------------------------------- 2F1 of the likelihood
 *
 * Both branches of A0 need 2F1(c-1, q; c; z) with c - 1 = r+s+x > 0 and
 * 0 <= z < 1. Euler's transformation (Abramowitz & Stegun 15.3.3, DLMF
 * 15.8.1), 2F1(A, B; C; z) = (1-z)^(C-A-B) 2F1(C-A, C-B; C; z), turns it
 * into
 *   2F1(c-1, q; c; z) = (1-z)^(1-q) S(m, b; z),  S(m, b; z) = 2F1(1, m; m+b; z),
 * with m = c - q, b = q: for a >= b, q = s+1: m = r+x, b = s+1; for a < b,
 * q = r+x: m = s+1, b = r+x. So m > 0, b > 0 and m + b = c > 1 always, and
 *   S = sum_{n>=0} t_n,  t_0 = 1,  t_{n+1} = t_n z (m+n)/(m+b+n),
 * a series of positive terms whose ratios are below z (b > 0) and grow
 * with n: the remainder after t_n is at most t_n z/(1-z). Its terms stay
 * small whatever x (no overflow, unlike the terms of the untransformed
 * series, which grow like (r+x)^n), but the convergence is slow near z = 1:
 * some 37/(1-z) terms. Hence three methods, by w = 1 - z (passed exactly:
 * (b+t)/(a+t) or (a+t)/(b+t), not 1 - z rounded):
 *
 * (1) z <= 1/2: the series, until the remainder bound t_n z/(1-z) is below
 *     2^-55 of the sum (at most ~55 terms). Also tried first for z > 1/2
 *     with a cap of SERIES_CAP terms: with a large b (a < b and many
 *     purchases) it converges in a few terms whatever z.
 *
 * (2) 1/2 < z and w >= rho0 = min(1/2, 2/(m+b-2)): the continued fraction
 *     of Gauss for this function (the one of the incomplete beta function,
 *     A&S 26.5.8: S(m, b; z) = F(m, 1; m+b; z) = 1/(1+ d1/(1+ d2/(1+ ...))),
 *     d_{2k+1} = -(c-1+k)(m+k) z / ((c-1+2k)(c+2k)), d_{2k} = -k(b-1+k) z /
 *     ((c-2+2k)(c-1+2k))), by the modified Lentz method, with 1 + d1
 *     computed as (b + m w)/(m+b) (no cancellation near z = 1). Above rho0
 *     it converges in ~10-80 steps (measured: at most 84 over 2 million
 *     random customers, x up to 1e5, and parameters anywhere in the
 *     fitter's box e^+-19.5, none of them giving a non-finite likelihood);
 *     the stopping rule is Lentz's |delta - 1| < 2^-52 (a heuristic, not
 *     a bound: the check is the comparison with mpmath), capped at CF_CAP
 *     steps (NaN beyond; never reached there). Its rounding error grows
 *     like (m+b) eps near z = 1, which is also the conditioning of the
 *     likelihood itself (a relative change eps in alpha moves
 *     (alpha+t)^-(r+x) by (r+x) eps).
 *
 * (3) w < rho0 (z close to 1, where both the series and the fraction are
 *     slow): a transformation to the neighbourhood of z = 1 that, unlike
 *     the classical one (A&S 15.3.6), has no Gamma(b-1) and Gamma(1-b) to
 *     cancel when b = s+1 or r+x is near an integer. S solves the first-
 *     order equation z(1-z) S' + (c-1 - m z) S = c-1, i.e. (with the
 *     incomplete beta function, B_z(c-1, 1-b) = z^(c-1) (1-z)^(1-b)
 *     F(m, 1; c; z) / (c-1), DLMF 8.17(ii))
 *       S(z) = (c-1) z^(1-c) (1-z)^(b-1) integral_0^z u^(c-2) (1-u)^-b du.
 *     Split the integral at z0 = 1 - rho0 (S(z0) by (1) or (2)) and write the
 *     rest with v = 1-u:
 *       S(z) = z^(1-c) w^(b-1) [ z0^(c-1) rho0^(1-b) S(z0)
 *                               + (c-1) integral_w^rho0 (1-v)^K v^-b dv ],
 *     K = c - 2 = m+b-2. Both terms are positive. Expanding (1-v)^K
 *     binomially, sum_j (-K)_j/j! v^j (v <= rho0 <= 1/2, so it converges at
 *     least like 2^-j), every term integrates in closed form:
 *       integral_w^rho0 v^(e-1) dv = w^e expm1(e L)/e,  e = j+1-b, L = ln(rho0/w),
 *     which is smooth through e = 0 (the integer cases, = w^e L there):
 *     no special case. The signs alternate while j < K; the sum of the
 *     absolute values is at most (1-rho0)^-2K times the sum, i.e. at most
 *     2^8 (K <= 4, rho0 = 1/2) and e^4 (K large, rho0 = 2/K): a few
 *     hundred roundings at worst. The remainder after term j is at most
 *     |term j| q_j / (1 - Q), q_j = rho0 |j-K|/(j+1) the ratio of the next
 *     binomial coefficient (times rho0), Q = max(q_{j+1}, rho0) a bound on
 *     all later ratios (they fall while j < K and stay below rho0 beyond),
 *     since the integrals of v^(j-b), scaled by rho0^-j, only shrink with
 *     j; summed until that is below 2^-55 of the sum (~25 to ~60 terms;
 *     capped at BINOM_CAP, NaN beyond).
 *
 * log_s returns ln S; each piece is kept as a logarithm, so neither the
 * huge powers (w^(b-1) for w ~ 1e-200) nor the terms overflow. The
 * algorithm, prototyped in Python, was checked against mpmath (50-250
 * digits) over 3,000 random m, b, w (w down to 1e-200, b at and near
 * integers): error within 7 (m+b+10) eps in ln S; this C code against
 * mpmath on the whole likelihood (1,500 random customers and parameters,
 * and the reference rows of tests/unit/test_clv_pnbd.c, which take every
 * one of the three methods). */
#define SERIES_CAP 40
#define CF_CAP 20000
#define BINOM_CAP 2000
#define TINY 1e-300

/* (1): the series; NaN when cap terms do not meet the bound */
static double s_series(double m, double b, double z, int cap)
{
    double t = 1, s = 1;
    for (int n = 0; n < cap; n++) {
        t *= z * (m + n) / (m + b + n);
        s += t;
        if (t * z <= 0.25 * U_ROUND * s * (1 - z)) return s;
    }
    return NAN;
}

/* (2): the continued fraction, w = 1 - z */
static double s_cf(double m, double b, double z, double w)
{
    double c1 = m + b - 1; /* c - 1 */
    double D = (m + b) / (b + m * w), C = 1, h = D;
    for (int k = 1; k <= CF_CAP; k++) {
        double aa = -k * (b - 1 + k) * z / ((c1 + 2 * k - 1) * (c1 + 2 * k));
        D = 1 + aa * D;
        if (fabs(D) < TINY) D = TINY;
        C = 1 + aa / C;
        if (fabs(C) < TINY) C = TINY;
        D = 1 / D;
        h *= D * C;
        aa = -(c1 + k) * (m + k) * z / ((c1 + 2 * k) * (c1 + 2 * k + 1));
        D = 1 + aa * D;
        if (fabs(D) < TINY) D = TINY;
        C = 1 + aa / C;
        if (fabs(C) < TINY) C = TINY;
        D = 1 / D;
        double delta = D * C;
        h *= delta;
        if (fabs(delta - 1) < DBL_EPSILON) return h;
    }
    return NAN;
}

/* ln(expm1(e L) / e) for L > 0: ln of integral_w^rho0 v^(e-1) dv / w^e */
static double log_expm1_over(double e, double L)
{
    double u = e * L;
    if (u == 0) return log(L);
    if (u > 30) return u - log(e) + log1p(-exp(-u));
    return log(expm1(u) / e);
}

/* ln S(m, b; z), w = 1 - z exactly; m > 0, b > 0, m + b > 1, 0 <= z < 1 */
static double log_s(double m, double b, double z, double w)
{
    if (z <= 0.5) return log(s_series(m, b, z, 200));
    double S = s_series(m, b, z, SERIES_CAP);
    if (S == S) return log(S);
    double K = m + b - 2, c1 = m + b - 1;
    /* z0 = 1 - rho0 exactly representable */
    double rho0 = K <= 4 ? 0.5 : 1 - (1 - 2 / K);
    if (w >= rho0) return log(s_cf(m, b, z, w));
    double z0 = 1 - rho0;
    double S0 = rho0 == 0.5 ? s_series(m, b, z0, 200) : s_cf(m, b, z0, rho0);
    double L = log(rho0 / w), lr = -L; /* ln(w/rho0) */
    /* J = sum_j c_j g_j, c_j = (-K)_j/j! rho0^j, g_j = (w/rho0)^j
     * expm1(e_j L)/e_j; g_j shrinks with j, so g_0 scales the sum */
    double lg0 = log_expm1_over(1 - b, L);
    double c = 1, sum = 1;
    int j = 0;
    for (;;) {
        c *= (j - K) / (j + 1) * rho0; /* c_{j+1} */
        j++;
        if (c == 0) break;
        double lgj = j * lr + log_expm1_over(j + 1 - b, L) - lg0;
        double term = c * exp(lgj);
        sum += term;
        /* the ratios |c_{i+1}/c_i| = rho0 |i-K|/(i+1) fall while i < K and
         * stay below rho0 beyond: for i > j they are at most Q, so the
         * remainder is at most |c_{j+1}| g_{j+1} / (1-Q) <= |term| qj/(1-Q) */
        double qj = rho0 * fabs(j - K) / (j + 1), Q = rho0 * fabs(j + 1 - K) / (j + 2);
        if (Q < rho0) Q = rho0;
        if (Q < 1 && fabs(term) * qj / (1 - Q) <= 0.25 * U_ROUND * fabs(sum)) break;
        if (j >= BINOM_CAP) return NAN;
    }
    if (!(sum > 0) || !(S0 > 0)) return NAN;
    double lt1 = (b - 1) * lr + c1 * log1p(-rho0) + log(S0);
    double lt2 = log(c1) + lg0 + log(sum);
    return -c1 * log1p(-w) + clv_logaddexp(lt1, lt2);
}

/* ln I(t), I(t) = integral_t^inf (a+u)^-(r+x) (b+u)^-(s+1) du (see the
 * top): I(t) = (max+t)^-(r+s+x) 2F1(r+s+x, q; r+s+x+1; z) / (r+s+x) with
 * the Euler form of log_s; the powers are gathered as
 *   a >= b: (a+t)^-(r+x) (b+t)^-s S(r+x, s+1; z) / (r+s+x)
 *   a <  b: (b+t)^-(s+1) (a+t)^-(r+x-1) S(s+1, r+x; z) / (r+s+x)
 * la, lb = ln(a+t), ln(b+t); lrsx = ln(r+s+x). */
static double log_I(double r, double al, double s, double be, double x, double t, double la,
                    double lb, double lrsx)
{
    if (al >= be) {
        double A = al + t;
        return -(r + x) * la - s * lb + log_s(r + x, s + 1, (al - be) / A, (be + t) / A) - lrsx;
    }
    double B = be + t;
    return -(s + 1) * lb - (r + x - 1) * la + log_s(s + 1, r + x, (be - al) / B, (al + t) / B) -
           lrsx;
}

/* ln[I(t_x) - I(T)] from the two logs (t_x <= T, so I(t_x) >= I(T)); -inf
 * when they are equal (t_x = T: no time to die unseen) */
static double log_diff(double l1, double l2)
{
    double d = l2 - l1;
    if (!(d < 0)) return -HUGE_VAL;
    return l1 + (d > -0.693 ? log(-expm1(d)) : log1p(-exp(d)));
}

static int params_ok(const double *p)
{
    for (int i = 0; i < 4; i++)
        if (!(p[i] > 0 && isfinite(p[i]))) return 0;
    return 1;
}

static int history_ok(double x, double t_x, double T)
{
    return x >= 0 && t_x >= 0 && T >= t_x && isfinite(x) && isfinite(T);
}

/* v = ln[s (I(t_x) - I(T))], the second term in braces (died unseen in
 * (t_x, T]) without the prefactor G(r+x) a^r b^s / G(r); -inf for t_x = T */
static double pn_dead_term(const double *p, double x, double t_x, double T)
{
    double r = p[0], al = p[1], s = p[2], be = p[3];
    if (T == t_x) return -HUGE_VAL;
    double lrsx = log(r + s + x);
    double i1 = log_I(r, al, s, be, x, t_x, log(al + t_x), log(be + t_x), lrsx);
    double i2 = log_I(r, al, s, be, x, T, log(al + T), log(be + T), lrsx);
    return log(s) + log_diff(i1, i2);
}

double clv_pnbd_ll(const double *p, double x, double t_x, double T)
{
    if (!params_ok(p) || !history_ok(x, t_x, T)) return NAN;
    double r = p[0], al = p[1], s = p[2], be = p[3];
    /* the first term in braces with the prefactor's powers:
     * r ln a + s ln b - (r+x) ln(a+T) - s ln(b+T)
     *   = -r ln(1+T/a) - x ln(a+T) - s ln(1+T/b)
     * (no cancellation of large logs when alpha or beta is large) */
    double u0 = -r * log1p(T / al) - x * log(al + T) - s * log1p(T / be);
    double v0 = pn_dead_term(p, x, t_x, T) + r * log(al) + s * log(be);
    return clv_lgamma_diff(r, x) + clv_logaddexp(u0, v0);
}

/* ------------------------------------------------------- predictions */
/* ln P(alive at T | x, t_x, T) (SMC; FH, P(alive)):
 *   P = 1 / (1 + s/(r+s+x) (a+T)^(r+x) (b+T)^s A0) = 1 / (1 + exp(v - u)),
 * u = -(r+x) ln(a+T) - s ln(b+T), v = pn_dead_term */
static double log_p_alive(const double *p, double x, double t_x, double T)
{
    double r = p[0], al = p[1], s = p[2], be = p[3];
    double u = -(r + x) * log(al + T) - s * log(be + T);
    double d = pn_dead_term(p, x, t_x, T) - u; /* -ln(1 + e^d), without overflow */
    return d > 0 ? -d - log1p(exp(-d)) : -log1p(exp(d));
}

double clv_pnbd_p_alive(const double *p, double x, double t_x, double T)
{
    if (!params_ok(p) || !history_ok(x, t_x, T)) return NAN;
    return exp(log_p_alive(p, x, t_x, T));
}

/* [1 - (1 + t/B)^-(s-1)] / (s-1), B > 0, smooth through s = 1 (where it is
 * ln(1 + t/B)): with l = ln(1 + t/B), -expm1(-(s-1) l)/(s-1) */
static double lifetime_factor(double s, double t, double B)
{
    double l = log1p(t / B), e = s - 1;
    return e == 0 ? l : -expm1(-e * l) / e;
}

/* E[X(T, T+t) | x, t_x, T] (SMC; FH, the conditional expectation):
 *   (r+x)(b+T) / ((a+T)(s-1)) [1 - ((b+T)/(b+T+t))^(s-1)] P(alive),
 * for s = 1 its limit (r+x)(b+T)/(a+T) ln(1 + t/(b+T)) P(alive). */
double clv_pnbd_expected(const double *p, double t, double x, double t_x, double T)
{
    if (!params_ok(p) || !history_ok(x, t_x, T) || !(t >= 0)) return NAN;
    if (t == 0) return 0;
    double r = p[0], al = p[1], s = p[2], be = p[3];
    double le = log(r + x) + log(be + T) - log(al + T) + log(lifetime_factor(s, t, be + T)) +
                log_p_alive(p, x, t_x, T);
    return exp(le);
}

/* E[X(t)] of a new customer (SMC), the expected repeat purchases in (0, t]:
 *   r b / (a (s-1)) [1 - (b/(b+t))^(s-1)], for s = 1: r b/a ln(1 + t/b). */
double clv_pnbd_expected_new(const double *p, double t)
{
    if (!params_ok(p) || !(t >= 0)) return NAN;
    if (t == 0) return 0;
    double r = p[0], al = p[1], s = p[2], be = p[3];
    return exp(log(r) + log(be) - log(al) + log(lifetime_factor(s, t, be)));
}

/* ---------------------------------------------------------------- fit */
/* The fast total: ln G(r+x) - ln G(r) and ln(r+s+x) once per distinct x;
 * ln(a+t), ln(b+t) once per distinct time, ln(1+t/a), ln(1+t/b) once per
 * distinct T; ln I(x, t)
 * once per distinct pair (x, t) over the pairs (x, t_x) and (x, T) of the
 * groups (the x = 0 customers share t_x = 0, cohorts share T). Per group
 * then two exp (or an exp and an expm1) and one log:
 *   ln L = ln G.. + u0 + ln(1 + e^A q),  u0 = -r ln(1+T/a) - x ln(a+T)
 *   - s ln(1+T/b), q = 1 - I(T)/I(t_x) = -expm1(ln I(T) - ln I(t_x)),
 *   A = ln s + r ln a + s ln b + ln I(t_x) - u0,
 * the same sum as clv_pnbd_ll's log-sum-exp. */
typedef struct pn_group {
    double n;
    uint32_t ix, iT, itx;   /* its x, T, t_x in xs / ts */
    uint32_t pT, ptx;       /* its pairs (x, T), (x, t_x) in the pair list */
} pn_group;

typedef struct pn_pair {
    uint32_t ix, it;
} pn_pair;

typedef struct pn_ctx {
    size_t n, nx, nt, np;
    pn_group *g;
    pn_pair *pairs;
    double *xs, *ts;
    double *gx, *lx;    /* per x: ln G(r+x) - ln G(r), ln(r+s+x) */
    double *la, *lb;    /* per time: ln(a+t), ln(b+t) */
    double *l1a, *l1b;  /* per time: ln(1+t/a), ln(1+t/b) (times that are a T) */
    unsigned char *isT; /* per time: 1 when some group's T */
    double *li;         /* per pair: ln I */
} pn_ctx;

static double pn_sum(const double *p, void *vctx)
{
    pn_ctx *c = vctx;
    double r = p[0], al = p[1], s = p[2], be = p[3];
    double k0 = log(s) + r * log(al) + s * log(be);
    for (size_t k = 0; k < c->nx; k++) {
        c->gx[k] = clv_lgamma_diff(r, c->xs[k]);
        c->lx[k] = log(r + s + c->xs[k]);
    }
    for (size_t k = 0; k < c->nt; k++) {
        double t = c->ts[k];
        c->la[k] = log(al + t);
        c->lb[k] = log(be + t);
        if (c->isT[k]) {
            c->l1a[k] = log1p(t / al);
            c->l1b[k] = log1p(t / be);
        }
    }
    for (size_t k = 0; k < c->np; k++) {
        const pn_pair *q = &c->pairs[k];
        c->li[k] = log_I(r, al, s, be, c->xs[q->ix], c->ts[q->it], c->la[q->it], c->lb[q->it],
                         c->lx[q->ix]);
    }
    double tot = 0;
    for (size_t i = 0; i < c->n; i++) {
        const pn_group *g = &c->g[i];
        double x = c->xs[g->ix];
        double u0 = -r * c->l1a[g->iT] - x * c->la[g->iT] - s * c->l1b[g->iT], ll = u0;
        double d = c->li[g->pT] - c->li[g->ptx];
        if (g->itx != g->iT && d < 0) {
            /* q to full relative precision (expm1 where 1 - e^d cancels);
             * then ln(1 + y) rather than log1p: its absolute error, all
             * that matters in a sum, is within one rounding either way,
             * and log is several times faster */
            double q = d > -0.5 ? -expm1(d) : 1 - exp(d), A = k0 + c->li[g->ptx] - u0;
            ll = A < 700 ? u0 + log(1 + exp(A) * q) : u0 + A + log(q) + log1p(exp(-A) / q);
        }
        tot += g->n * (c->gx[g->ix] + ll);
    }
    return tot;
}

static void pn_ctx_free(pn_ctx *c)
{
    free(c->g);
    free(c->pairs);
    free(c->xs);
    free(c->ts);
    free(c->gx);
    free(c->lx);
    free(c->la);
    free(c->lb);
    free(c->l1a);
    free(c->l1b);
    free(c->isT);
    free(c->li);
}

static int pair_cmp(const void *a, const void *b)
{
    const pn_pair *x = a, *y = b;
    if (x->ix != y->ix) return x->ix < y->ix ? -1 : 1;
    return (x->it > y->it) - (x->it < y->it);
}

/* index of pair q in the sorted, distinct list */
static uint32_t pair_find(const pn_pair *list, size_t n, pn_pair q)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (pair_cmp(&list[mid], &q) <= 0) lo = mid;
        else hi = mid;
    }
    return (uint32_t)lo;
}

static rmk_status pn_ctx_init(pn_ctx *c, const clv_triple *t, size_t n)
{
    *c = (pn_ctx){.n = n};
    double *v = malloc(2 * n * sizeof *v);
    size_t *iv = malloc(2 * n * sizeof *iv);
    c->g = malloc(n * sizeof *c->g);
    c->xs = malloc(n * sizeof *c->xs);
    c->ts = malloc(2 * n * sizeof *c->ts);
    c->pairs = malloc(2 * n * sizeof *c->pairs);
    rmk_status st = RMK_ERR_NOMEM;
    if (!v || !iv || !c->g || !c->xs || !c->ts || !c->pairs) goto out;
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
        c->pairs[2 * i] = (pn_pair){c->g[i].ix, c->g[i].iT};
        c->pairs[2 * i + 1] = (pn_pair){c->g[i].ix, c->g[i].itx};
    }
    qsort(c->pairs, 2 * n, sizeof *c->pairs, pair_cmp);
    size_t m = 0;
    for (size_t i = 0; i < 2 * n; i++)
        if (m == 0 || pair_cmp(&c->pairs[i], &c->pairs[m - 1]) != 0) c->pairs[m++] = c->pairs[i];
    c->np = m;
    for (size_t i = 0; i < n; i++) {
        c->g[i].pT = pair_find(c->pairs, m, (pn_pair){c->g[i].ix, c->g[i].iT});
        c->g[i].ptx = pair_find(c->pairs, m, (pn_pair){c->g[i].ix, c->g[i].itx});
    }
    st = RMK_ERR_NOMEM;
    c->gx = malloc(c->nx * sizeof *c->gx);
    c->lx = malloc(c->nx * sizeof *c->lx);
    c->la = malloc(c->nt * sizeof *c->la);
    c->lb = malloc(c->nt * sizeof *c->lb);
    c->l1a = malloc(c->nt * sizeof *c->l1a);
    c->l1b = malloc(c->nt * sizeof *c->l1b);
    c->isT = calloc(c->nt, 1);
    c->li = malloc(m * sizeof *c->li);
    if (c->gx && c->lx && c->la && c->lb && c->l1a && c->l1b && c->isT && c->li) {
        for (size_t i = 0; i < n; i++) c->isT[c->g[i].iT] = 1;
        st = RMK_OK;
    }
out:
    free(v);
    free(iv);
    if (st != RMK_OK) pn_ctx_free(c);
    return st;
}

static double triple_ll(const double *p, const void *g)
{
    const clv_triple *t = g;
    return clv_pnbd_ll(p, t->x, t->t_x, t->T);
}

static double triple_weight(const void *g) { return ((const clv_triple *)g)->n; }

rmk_status clv_fit_pnbd(const clv_triple *t, size_t n, const clv_fit_opts *fo, clv_fit *out,
                        char *err, size_t errlen)
{
    (void)fo;
    *out = (clv_fit){.model = CLV_PARETONBD, .np = 4};
    for (int i = 0; i < 4; i++) out->p[i] = out->se[i] = NAN;
    out->log_likelihood = NAN;
    double sx, sT;
    rmk_status cst = clv_check_triples(t, n, "Pareto/NBD", "lifetimes", out, &sx, &sT, err, errlen);
    if (cst) return cst;
    /* starts: the all-ones of common practice, then r/alpha at the observed
     * repeat rate sx/sT with lifetimes of the order of the mean T (the
     * median lifetime is beta (2^(1/s) - 1), = beta for s = 1) */
    double rate = sx / sT, alpha0 = 1 / rate, T0 = sT / out->customers;
    const double starts[][4] = {
        {1, 1, 1, 1},
        {0.5, 0.5 * alpha0, 0.5, T0},
        {1, alpha0, 1, T0},
        {2, 2 * alpha0, 2, 4 * T0},
    };
    clv_problem pr = {
        .model = CLV_PARETONBD,
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
        pn_ctx c;
        if ((st = pn_ctx_init(&c, t, n)) != RMK_OK) return st;
        st = clv_mle_with(&pr, pn_sum, &c, out, err, errlen);
        pn_ctx_free(&c);
    }
    return clv_name_error(st, "Pareto/NBD (r, alpha, s, beta)", err, errlen);
}
