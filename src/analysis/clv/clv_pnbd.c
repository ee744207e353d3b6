/* SPDX-License-Identifier: MIT */
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
#include "clvpar.h"
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
#define EULER_LOSS 16 /* log_I_d: Euler's relation while it cancels at most 4 bits */

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

/* ------------------------------------- derivatives of ln S in m and b
 *
 * For the gradient of the likelihood in r and s: ln S(m, b; z) with its
 * partial derivatives in m and b at fixed z, by carrying them through the
 * very operations of log_s (forward-mode differentiation: each quantity is
 * a triple value, d/dm, d/db, and every operation applies the chain rule).
 * The same three methods and the same stopping rules (on the values); the
 * split point rho0 of method (3) is held fixed (S itself does not depend on
 * it), so S0 is differentiated at fixed z0. The series' and the fraction's
 * derivatives converge with them (their terms carry a factor that grows
 * like ln n at most); checked against central differences of log_s in the
 * unit tests. */
typedef struct dual {
    double v, m, b; /* value, d/dm, d/db */
} dual;

static dual d_const(double v) { return (dual){v, 0, 0}; }
static dual d_add(dual x, dual y) { return (dual){x.v + y.v, x.m + y.m, x.b + y.b}; }
static dual d_mul(dual x, dual y)
{
    return (dual){x.v * y.v, x.m * y.v + x.v * y.m, x.b * y.v + x.v * y.b};
}
static dual d_div(dual x, dual y)
{
    double q = x.v / y.v;
    return (dual){q, (x.m - q * y.m) / y.v, (x.b - q * y.b) / y.v};
}
static dual d_scale(dual x, double k) { return (dual){k * x.v, k * x.m, k * x.b}; }
/* ln x: the derivatives of x over x */
static dual d_log(dual x) { return (dual){log(x.v), x.m / x.v, x.b / x.v}; }

/* (1) */
static dual s_series_d(double m, double b, double z, int cap)
{
    dual t = d_const(1), s = d_const(1);
    for (int n = 0; n < cap; n++) {
        double q = z * (m + n) / (m + b + n), lm = 1 / (m + n) - 1 / (m + b + n), lb = -1 / (m + b + n);
        t = (dual){t.v * q, q * (t.m + t.v * lm), q * (t.b + t.v * lb)};
        s = d_add(s, t);
        if (t.v * z <= 0.25 * U_ROUND * s.v * (1 - z)) return s;
    }
    return d_const(NAN);
}

/* one step x -> 1 + aa x (or 1 + aa / x) of the modified Lentz method,
 * with its clamp away from 0 (the derivatives kept) */
static dual lentz(dual aa, dual x, int divide)
{
    dual y = d_add(d_const(1), divide ? d_div(aa, x) : d_mul(aa, x));
    if (fabs(y.v) < TINY) y.v = TINY;
    return y;
}

/* (2) */
static dual s_cf_d(double m, double b, double z, double w)
{
    dual M = {m, 1, 0}, B = {b, 0, 1};
    dual c1 = d_add(d_add(M, B), d_const(-1));
    dual D = d_div(d_add(M, B), d_add(B, d_scale(M, w))), C = d_const(1), h = D;
    for (int k = 1; k <= CF_CAP; k++) {
        dual e1 = d_add(c1, d_const(2 * k - 1)), e2 = d_add(c1, d_const(2 * k));
        dual aa = d_div(d_scale(d_add(B, d_const(k - 1)), -k * z), d_mul(e1, e2));
        D = d_div(d_const(1), lentz(aa, D, 0));
        C = lentz(aa, C, 1);
        h = d_mul(h, d_mul(D, C));
        dual e3 = d_add(c1, d_const(2 * k + 1));
        aa = d_div(d_scale(d_mul(d_add(c1, d_const(k)), d_add(M, d_const(k))), -z), d_mul(e2, e3));
        D = d_div(d_const(1), lentz(aa, D, 0));
        C = lentz(aa, C, 1);
        dual delta = d_mul(D, C);
        h = d_mul(h, delta);
        if (fabs(delta.v - 1) < DBL_EPSILON) return h;
    }
    return d_const(NAN);
}

/* log_expm1_over(e, L) and its derivative in e: L [1/(1 - e^-u) - 1/u],
 * u = e L (-> L/2 at u = 0; the series 1/2 + u/12 below |u| = 1e-4) */
static double log_expm1_over_de(double e, double L)
{
    double u = e * L;
    if (fabs(u) < 1e-4) return L * (0.5 + u / 12);
    return L * (-1 / expm1(-u) - 1 / u);
}

/* ln S(m, b; z) with d/dm, d/db (log_s) */
static dual log_s_d(double m, double b, double z, double w)
{
    if (z <= 0.5) return d_log(s_series_d(m, b, z, 200));
    dual S = s_series_d(m, b, z, SERIES_CAP);
    if (S.v == S.v) return d_log(S);
    double K = m + b - 2, c1 = m + b - 1;
    double rho0 = K <= 4 ? 0.5 : 1 - (1 - 2 / K);
    if (w >= rho0) return d_log(s_cf_d(m, b, z, w));
    double z0 = 1 - rho0;
    dual S0 = rho0 == 0.5 ? s_series_d(m, b, z0, 200) : s_cf_d(m, b, z0, rho0);
    double L = log(rho0 / w), lr = -L;
    /* lg0 depends on b (e = 1 - b); c_j on K = m + b - 2; g_j on b */
    double lg0 = log_expm1_over(1 - b, L), dlg0 = -log_expm1_over_de(1 - b, L);
    dual c = d_const(1), sum = d_const(1);
    int j = 0;
    for (;;) {
        /* c_{j+1} = c_j (j - K) rho0 / (j + 1), dK/dm = dK/db = 1 */
        double f = (j - K) / (j + 1) * rho0, df = -rho0 / (j + 1);
        c = (dual){c.v * f, c.m * f + c.v * df, c.b * f + c.v * df};
        j++;
        if (c.v == 0) break;
        double e = j + 1 - b;
        double lgj = j * lr + log_expm1_over(e, L) - lg0, g = exp(lgj);
        double dg = g * (-log_expm1_over_de(e, L) - dlg0); /* d/db */
        dual term = {c.v * g, c.m * g, c.b * g + c.v * dg};
        sum = d_add(sum, term);
        double qj = rho0 * fabs(j - K) / (j + 1), Q = rho0 * fabs(j + 1 - K) / (j + 2);
        if (Q < rho0) Q = rho0;
        if (Q < 1 && fabs(term.v) * qj / (1 - Q) <= 0.25 * U_ROUND * fabs(sum.v)) break;
        if (j >= BINOM_CAP) return d_const(NAN);
    }
    if (!(sum.v > 0) || !(S0.v > 0)) return d_const(NAN);
    double l1r = log1p(-rho0);
    dual lt1 = d_add((dual){(b - 1) * lr + c1 * l1r, l1r, lr + l1r}, d_log(S0));
    dual lt2 = d_add((dual){log(c1) + lg0, 1 / c1, 1 / c1 + dlg0}, d_log(sum));
    /* ln(e^lt1 + e^lt2), the weights of the two in its derivative */
    double v = clv_logaddexp(lt1.v, lt2.v), w1 = exp(lt1.v - v), w2 = exp(lt2.v - v);
    double l1w = log1p(-w);
    return (dual){-c1 * l1w + v, -l1w + w1 * lt1.m + w2 * lt2.m, -l1w + w1 * lt1.b + w2 * lt2.b};
}

/* ln I(t) (log_I) and its partial derivatives in (r, alpha, s, beta) into
 * d[4]: in r and s through log_s_d; in alpha and beta by the integrals
 * themselves, dI/dalpha = -(r+x) I[x+1] and dI/dbeta = -(s+1) I[s+1] (the
 * integrand's exponents one higher: log_I with x + 1, with s + 1). */
static double log_I_d(double r, double al, double s, double be, double x, double t, double la,
                      double lb, double lrsx, double *d)
{
    double li, irsx = 1 / (r + s + x);
    if (al >= be) {
        double A = al + t;
        dual S = log_s_d(r + x, s + 1, (al - be) / A, (be + t) / A);
        li = -(r + x) * la - s * lb + S.v - lrsx;
        d[0] = -la + S.m - irsx;
        d[2] = -lb + S.b - irsx;
    } else {
        double B = be + t;
        dual S = log_s_d(s + 1, r + x, (be - al) / B, (al + t) / B);
        li = -(s + 1) * lb - (r + x - 1) * la + S.v - lrsx;
        d[0] = -la + S.b - irsx;
        d[2] = -lb + S.m - irsx;
    }
    /* I is F(a+t, b+t), F(A, B) = integral_0^inf (A+v)^-P (B+v)^-Q dv with
     * P = r+x, Q = s+1: homogeneous of degree 1-P-Q (A dF/dA + B dF/dB =
     * (1-P-Q) F) and dF/dA + dF/dB = dI/dt = -E, E = A^-P B^-Q. Solved:
     *   d ln I/d alpha = (1-P-Q + B E/I) / (A-B),
     *   d ln I/d beta  = (1-P-Q + A E/I) / (B-A),
     * no further integral (two of the three 2F1 a pair took). The terms
     * cancel as A nears B (a, b close, or t large beside both): where a
     * numerator is below 1/EULER_LOSS of its terms' magnitudes (more than 4
     * bits lost), the integrals with x + 1 and s + 1 as before. */
    double A = al + t, B = be + t, k = 1 - (r + x) - (s + 1);
    double R = exp(-(r + x) * la - (s + 1) * lb - li); /* E / I */
    double na = k + B * R, nb = k + A * R;
    if (A != B && fabs(na) * EULER_LOSS >= fabs(k) + B * R && fabs(nb) * EULER_LOSS >= fabs(k) + A * R &&
        isfinite(R)) {
        d[1] = na / (A - B);
        d[3] = nb / (B - A);
        return li;
    }
    double lx1 = log_I(r, al, s, be, x + 1, t, la, lb, log(r + s + x + 1));
    double ls1 = log_I(r, al, s + 1, be, x, t, la, lb, log(r + s + 1 + x));
    d[1] = -(r + x) * exp(lx1 - li);
    d[3] = -(s + 1) * exp(ls1 - li);
    return li;
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
 * for s = 1 its limit (r+x)(b+T)/(a+T) ln(1 + t/(b+T)) P(alive). In logs:
 * the log of all but P(alive) (clv_pnbd_expected_alive: it depends on x, T
 * and t only) plus ln P(alive). */
double clv_pnbd_expected_alive(const double *p, double t, double x, double T)
{
    if (!params_ok(p) || !(x >= 0 && T >= 0 && isfinite(x) && isfinite(T)) || !(t >= 0)) return NAN;
    if (t == 0) return -HUGE_VAL;
    double r = p[0], al = p[1], s = p[2], be = p[3];
    return log(r + x) + log(be + T) - log(al + T) + log(lifetime_factor(s, t, be + T));
}

double clv_pnbd_log_p_alive(const double *p, double x, double t_x, double T)
{
    if (!params_ok(p) || !history_ok(x, t_x, T)) return NAN;
    return log_p_alive(p, x, t_x, T);
}

double clv_pnbd_expected(const double *p, double t, double x, double t_x, double T)
{
    if (!params_ok(p) || !history_ok(x, t_x, T) || !(t >= 0)) return NAN;
    if (t == 0) return 0;
    return exp(clv_pnbd_expected_alive(p, t, x, T) + log_p_alive(p, x, t_x, T));
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
/* The fast total with its gradient (clv_total_fn; the Hessian comes from
 * differences of this gradient, clv_mle_newton): ln G(r+x) - ln G(r) and
 * ln(r+s+x) once per distinct x; ln(a+t), ln(b+t) once per distinct time,
 * ln(1+t/a), ln(1+t/b) once per distinct T; ln I(x, t) with its
 * derivatives (log_I_d) once per distinct pair (x, t) over the pairs (x,
 * t_x) and (x, T) of the groups (the x = 0 customers share t_x = 0, cohorts
 * share T). Per group then two exp (or an exp and an expm1) and one log:
 *   ln L = ln G.. + u0 + Lam,  Lam = ln(1 + e^A q),
 *   u0 = -r ln(1+T/a) - x ln(a+T) - s ln(1+T/b),
 *   q = 1 - I(T)/I(t_x) = -expm1(d),  d = ln I(T) - ln I(t_x),
 *   A = ln s + r ln a + s ln b + ln I(t_x) - u0,
 * the same sum as clv_pnbd_ll's log-sum-exp; its derivative
 *   dLam = (q dA - e^d dd) / (e^-A + q)
 * with dA and dd from those of ln I, of u0 (r: -ln(1+T/a); a: rT/(a(a+T))
 * - x/(a+T); s: -ln(1+T/b); b: sT/(b(b+T))) and of ln s + r ln a + s ln b
 * (r: ln a; a: r/a; s: 1/s + ln b; b: s/b). The pairs and the groups run in
 * fixed chunks over threads (clvpar.h). */
typedef struct pn_group {
    double n;
    uint32_t ix, iT, itx;   /* its x, T, t_x in xs / ts */
    uint32_t pT, ptx;       /* its pairs (x, T), (x, t_x) in the pair list */
} pn_group;

typedef struct pn_pair {
    uint32_t ix, it;
} pn_pair;

enum { PN_ACC = 5 }; /* a chunk's sums: LL and the gradient */

typedef struct pn_ctx {
    size_t n, nx, nt, np;
    pn_group *g;
    pn_pair *pairs;
    double *xs, *ts;
    double *gx, *dgx, *lx; /* per x: ln G(r+x) - ln G(r), psi(r+x) - psi(r), ln(r+s+x) */
    double *la, *lb;    /* per time: ln(a+t), ln(b+t) */
    double *l1a, *l1b;  /* per time: ln(1+t/a), ln(1+t/b) (times that are a T) */
    unsigned char *isT; /* per time: 1 when some group's T */
    double *li;         /* per pair: ln I */
    double *dli;        /* per pair: its 4 derivatives (with the gradient) */
    double *part;       /* the chunks' sums (clv_par_sum) */
    double p[4], k0, dk0[4];
    int want, threads;
} pn_ctx;

static void pn_pairs_chunk(void *vc, size_t chunk)
{
    pn_ctx *c = vc;
    double r = c->p[0], al = c->p[1], s = c->p[2], be = c->p[3];
    size_t lo = chunk * CLV_CHUNK, hi = lo + CLV_CHUNK < c->np ? lo + CLV_CHUNK : c->np;
    for (size_t k = lo; k < hi; k++) {
        const pn_pair *q = &c->pairs[k];
        double x = c->xs[q->ix], t = c->ts[q->it];
        if (c->want)
            c->li[k] = log_I_d(r, al, s, be, x, t, c->la[q->it], c->lb[q->it], c->lx[q->ix],
                               &c->dli[4 * k]);
        else
            c->li[k] = log_I(r, al, s, be, x, t, c->la[q->it], c->lb[q->it], c->lx[q->ix]);
    }
}

static void pn_chunk(void *vc, size_t lo, size_t hi, double *acc)
{
    const pn_ctx *c = vc;
    const double r = c->p[0], al = c->p[1], s = c->p[2], be = c->p[3];
    for (size_t i = lo; i < hi; i++) {
        const pn_group *g = &c->g[i];
        double x = c->xs[g->ix], T = c->ts[g->iT], n = g->n;
        double u0 = -r * c->l1a[g->iT] - x * c->la[g->iT] - s * c->l1b[g->iT], ll = u0;
        double d = c->li[g->pT] - c->li[g->ptx], q = 0, A = 0;
        int dead = g->itx != g->iT && d < 0;
        if (dead) {
            /* q to full relative precision (expm1 where 1 - e^d cancels);
             * then ln(1 + y) rather than log1p: its absolute error, all
             * that matters in a sum, is within one rounding either way,
             * and log is several times faster */
            q = d > -0.5 ? -expm1(d) : 1 - exp(d);
            A = c->k0 + c->li[g->ptx] - u0;
            ll = A < 700 ? u0 + log(1 + exp(A) * q) : u0 + A + log(q) + log1p(exp(-A) / q);
        }
        acc[0] += n * (c->gx[g->ix] + ll);
        if (!c->want) continue;
        double du[4] = {-c->l1a[g->iT], r * T / (al * (al + T)) - x / (al + T), -c->l1b[g->iT],
                        s * T / (be * (be + T))};
        double dl[4] = {du[0] + c->dgx[g->ix], du[1], du[2], du[3]};
        if (dead) {
            const double *dT = &c->dli[4 * (size_t)g->pT], *dt = &c->dli[4 * (size_t)g->ptx];
            double W = 1 / (exp(-A) + q), ed = exp(d);
            for (int k = 0; k < 4; k++)
                dl[k] += W * (q * (c->dk0[k] + dt[k] - du[k]) - ed * (dT[k] - dt[k]));
        }
        for (int k = 0; k < 4; k++) acc[1 + k] += n * dl[k];
    }
}

static double pn_total(const double *p, double *grad, double H[4][4], void *vctx)
{
    (void)H; /* no analytic Hessian (see above) */
    pn_ctx *c = vctx;
    double r = p[0], al = p[1], s = p[2], be = p[3];
    c->want = grad != NULL;
    for (int k = 0; k < 4; k++) c->p[k] = p[k];
    c->k0 = log(s) + r * log(al) + s * log(be);
    c->dk0[0] = log(al), c->dk0[1] = r / al, c->dk0[2] = 1 / s + log(be), c->dk0[3] = s / be;
    for (size_t k = 0; k < c->nx; k++) {
        c->gx[k] = clv_lgamma_diff(r, c->xs[k]);
        c->dgx[k] = c->want ? clv_digamma_diff(r, c->xs[k]) : 0;
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
    clv_par_for(clv_par_chunks(c->np), pn_pairs_chunk, c, c->threads);
    double acc[PN_ACC];
    clv_par_sum(c->n, c->want ? PN_ACC : 1, pn_chunk, c, c->threads, c->part, acc);
    if (grad)
        for (int k = 0; k < 4; k++) grad[k] = acc[1 + k];
    return acc[0];
}

static void pn_ctx_free(pn_ctx *c)
{
    free(c->g);
    free(c->pairs);
    free(c->xs);
    free(c->ts);
    free(c->gx);
    free(c->dgx);
    free(c->lx);
    free(c->la);
    free(c->lb);
    free(c->l1a);
    free(c->l1b);
    free(c->isT);
    free(c->li);
    free(c->dli);
    free(c->part);
    *c = (pn_ctx){0};
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

static rmk_status pn_ctx_init(pn_ctx *c, const clv_triple *t, size_t n, int threads)
{
    *c = (pn_ctx){.n = n, .threads = threads};
    double *v = calloc(2 * n + 1, sizeof *v); /* zeroed: gcc cannot see that n > 0 */
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
    c->dgx = malloc(c->nx * sizeof *c->dgx);
    c->lx = malloc(c->nx * sizeof *c->lx);
    c->la = malloc(c->nt * sizeof *c->la);
    c->lb = malloc(c->nt * sizeof *c->lb);
    c->l1a = malloc(c->nt * sizeof *c->l1a);
    c->l1b = malloc(c->nt * sizeof *c->l1b);
    c->isT = calloc(c->nt, 1);
    c->li = malloc(m * sizeof *c->li);
    c->dli = malloc(4 * m * sizeof *c->dli);
    c->part = malloc(clv_par_chunks(n) * PN_ACC * sizeof *c->part);
    if (c->gx && c->dgx && c->lx && c->la && c->lb && c->l1a && c->l1b && c->isT && c->li &&
        c->dli && c->part) {
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
    if (n > UINT32_MAX / 2 && fo && fo->penalizer > 0) { /* the plain loop has no penalty */
        snprintf(err, errlen, "--penalizer needs fewer than 2^31 distinct histories");
        return RMK_ERR_USAGE;
    }
    if (n > UINT32_MAX / 2) /* beyond the fast total's indexes: the plain loop */
        return clv_name_error(clv_mle(&pr, out, err, errlen), "Pareto/NBD (r, alpha, s, beta)",
                              err, errlen);
    int threads = clv_threads(fo ? fo->threads : 0);
    pn_ctx all, scr = {0};
    clv_triple *sub = NULL;
    size_t nsub = 0;
    rmk_status st = clv_screen_pick(t, n, sizeof *t, (void **)&sub, &nsub);
    if (st != RMK_OK) return st;
    if ((st = pn_ctx_init(&all, t, n, threads)) != RMK_OK) {
        free(sub);
        return st;
    }
    double sub_customers = 0;
    for (size_t i = 0; i < nsub; i++) sub_customers += sub[i].n;
    if (sub && (st = pn_ctx_init(&scr, sub, nsub, threads)) != RMK_OK) {
        pn_ctx_free(&all);
        free(sub);
        return st;
    }
    clv_dproblem dp = {
        .model = CLV_PARETONBD,
        .np = 4,
        .name = "Pareto/NBD",
        .total = pn_total,
        .all = &all,
        .screen = sub ? &scr : NULL,
        .screen_customers = sub_customers,
        .hessian = 0,
        .starts = starts,
        .nstarts = sizeof starts / sizeof starts[0],
        .customers = out->customers,
        .groups = n,
        .fo = fo,
        .tmax = clv_tmax(t, n),
    };
    st = clv_mle_newton(&dp, out, err, errlen);
    pn_ctx_free(&all);
    pn_ctx_free(&scr);
    free(sub);
    return clv_name_error(st, "Pareto/NBD (r, alpha, s, beta)", err, errlen);
}

/* ln P(alive) (log_p_alive) of group i from the pairs' ln I (pn_pairs_chunk
 * at c->p): the same operations on the same values as clv_pnbd_log_p_alive */
static void pn_alive_chunk(void *vc, size_t chunk)
{
    pn_ctx *c = vc;
    double r = c->p[0], al = c->p[1], s = c->p[2], be = c->p[3];
    size_t lo = chunk * CLV_CHUNK, hi = lo + CLV_CHUNK < c->n ? lo + CLV_CHUNK : c->n;
    for (size_t i = lo; i < hi; i++) {
        const pn_group *g = &c->g[i];
        double x = c->xs[g->ix], T = c->ts[g->iT];
        /* pn_dead_term: t_x = T (one distinct time) leaves no time to die unseen */
        double dead = g->itx == g->iT ? -HUGE_VAL : log(s) + log_diff(c->li[g->ptx], c->li[g->pT]);
        double u = -(r + x) * log(al + T) - s * log(be + T), d = dead - u;
        c->part[i] = d > 0 ? -d - log1p(exp(-d)) : -log1p(exp(d));
    }
}

rmk_status clv_pnbd_log_p_alive_all(const double *p, const clv_triple *t, size_t n, int threads,
                                    double *out)
{
    int direct = !params_ok(p) || n > UINT32_MAX / 2;
    for (size_t i = 0; i < n; i++) {
        if (!history_ok(t[i].x, t[i].t_x, t[i].T)) direct = 1;
    }
    if (direct || n == 0) { /* beyond the pairs' indexes, or no summary: one by one */
        for (size_t i = 0; i < n; i++) out[i] = clv_pnbd_log_p_alive(p, t[i].x, t[i].t_x, t[i].T);
        return RMK_OK;
    }
    pn_ctx c;
    rmk_status st = pn_ctx_init(&c, t, n, threads);
    if (st != RMK_OK) return st;
    double r = p[0], al = p[1], s = p[2], be = p[3];
    for (int k = 0; k < 4; k++) c.p[k] = p[k];
    c.want = 0;
    for (size_t k = 0; k < c.nx; k++) c.lx[k] = log(r + s + c.xs[k]);
    for (size_t k = 0; k < c.nt; k++) {
        c.la[k] = log(al + c.ts[k]);
        c.lb[k] = log(be + c.ts[k]);
    }
    clv_par_for(clv_par_chunks(c.np), pn_pairs_chunk, &c, threads);
    double *part = c.part; /* the groups' results, in out */
    c.part = out;
    clv_par_for(clv_par_chunks(n), pn_alive_chunk, &c, threads);
    c.part = part;
    pn_ctx_free(&c);
    return RMK_OK;
}

double clv_pnbd_total(const clv_triple *t, size_t n, const double *p, double *g)
{
    pn_ctx c;
    if (n > UINT32_MAX / 2 || pn_ctx_init(&c, t, n, 1) != RMK_OK) return NAN;
    double ll = pn_total(p, g, NULL, &c);
    pn_ctx_free(&c);
    return ll;
}
