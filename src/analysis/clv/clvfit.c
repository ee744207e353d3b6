/* SPDX-License-Identifier: MIT */
/* clvfit.c — maximum likelihood for the CLV models (clvfit.h).
 *
 * The fits' own routine, clv_mle_newton (below, "the Newton fit"), uses the
 * models' analytic gradients and Hessians. The derivative-free clv_mle
 * that follows here is kept as an independent check (the tests compare the
 * two optima) and for data beyond the fast totals' indexes:
 *
 * NLopt minimises -LL over theta = ln(parameters), inside the box
 * [-THETA_BOUND, THETA_BOUND]^np so that no likelihood overflows. From every
 * start value a BOBYQA run (derivative-free, a quadratic model: few
 * evaluations on these smooth likelihoods; ftol_rel 1e-8); the best finite
 * optimum is then polished by a subplex run (robust where a quadratic model
 * is not) and a tight BOBYQA run (ftol_rel 1e-12, xtol_rel 1e-10), whose
 * status is the fit's "converged"; last, Newton steps on a numerical
 * gradient and Hessian fix the digits that a tolerance on -LL leaves open
 * (newton_polish). A non-finite likelihood is +inf for the minimiser. An
 * optimum at the edge of the box (a parameter beyond e^+-19.5) is no
 * maximum of the likelihood, which keeps rising towards 0 or infinity: the
 * data cannot identify the model, RMK_ERR_DATA.
 *
 * Standard errors: the numerical Hessian of -LL in the parameters
 * themselves (central differences, steps relative to each parameter),
 * inverted through its Cholesky factor; NaN when not positive definite.
 * "evaluations" counts every total log-likelihood computed, those of the
 * Newton steps and the Hessian included. */
#include "clvfit.h"
#include "sort.h"
#include <math.h>
#include <nlopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THETA_BOUND 20.0
#define BOUND_SLACK 0.5   /* an optimum this close to the box ran off to it */
#define HESS_STEP 1e-4    /* relative step of the numerical Hessian */
#define MAXEVAL_START 4000
#define MAXEVAL_POLISH 8000

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* A likelihood rising towards the edge of the search: the parameter by its
 * papers' name (clvmodel.h) and what its running off means, then what to do */
static void no_maximum(char *err, size_t errlen, int model, int i, int up)
{
    static const char *const names[3][4] = {
        {"r", "alpha", "a", "b"}, {"r", "alpha", "s", "beta"}, {"p", "q", "gamma", ""}};
    const char *name = model >= 0 && model <= 2 && i >= 0 && i < 4 ? names[model][i] : "?";
    set_err(err, errlen,
            "the likelihood has no maximum: it keeps rising as %s goes to %s, so the data cannot "
            "identify the model (more customers or a longer history; or --penalizer, e.g. 0.001, "
            "to keep the parameters finite%s)",
            name, up ? "infinity" : "zero",
            model == CLV_GAMMAGAMMA ? "; or --no-spend" : "; or the other --model");
}

double clv_logaddexp(double u, double v)
{
    if (u < v) {
        double w = u;
        u = v;
        v = w;
    }
    if (u == -HUGE_VAL) return u; /* both -inf */
    return u + log1p(exp(v - u));
}

/* Stirling's series of ln Gamma(w) - [(w - 1/2) ln w - w + ln(2 pi)/2],
 * w >= 20: the next term is below 1e-17 */
static double stirling_tail(double w)
{
    double u = 1 / w, u2 = u * u;
    return u * (1.0 / 12 + u2 * (-1.0 / 360 + u2 * (1.0 / 1260 + u2 * (-1.0 / 1680 +
                                                                       u2 * (1.0 / 1188)))));
}

double clv_lgamma_diff(double z, double q)
{
    int sign;
    if (z < 20 || z + q < 20) return lgamma_r(z + q, &sign) - lgamma_r(z, &sign);
    /* (z+q-1/2) ln(z+q) - (z-1/2) ln z - q = (z-1/2) ln(1+q/z) + q ln(z+q) - q */
    return (z - 0.5) * log1p(q / z) + q * log(z + q) - q + (stirling_tail(z + q) -
                                                            stirling_tail(z));
}

/* a double's bits as an unsigned key in the order of the values (the sign
 * bit set for values >= 0, every bit flipped for negative ones; -0 as +0) */
uint64_t clv_order_key(double v)
{
    uint64_t b;
    if (v == 0) v = 0;
    memcpy(&b, &v, sizeof b);
    return b >> 63 ? ~b : b | (UINT64_C(1) << 63);
}

rmk_status clv_distinct(const double *v, size_t n, double *uniq, size_t *nuniq, size_t *idx)
{
    if (n > UINT32_MAX) return RMK_ERR_NOMEM; /* beyond the radix sort's indexes */
    kv *k = malloc((n ? n : 1) * sizeof *k);
    if (!k) return RMK_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) k[i] = (kv){clv_order_key(v[i]), (uint32_t)i};
    if (radix_sort(k, n)) {
        free(k);
        return RMK_ERR_NOMEM;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double x = v[k[i].idx];
        if (m == 0 || x != uniq[m - 1]) uniq[m++] = x;
        idx[k[i].idx] = m - 1;
    }
    *nuniq = m;
    free(k);
    return RMK_OK;
}

/* ------------------------------------------------------------ objective */
typedef struct objective {
    const clv_problem *pr;
    double (*sum)(const double *p, void *ctx);
    void *ctx;
    long evals;
} objective;

/* the total log-likelihood at parameters p */
static double total_ll(objective *o, const double *p)
{
    o->evals++;
    if (o->sum) return o->sum(p, o->ctx);
    const clv_problem *pr = o->pr;
    const char *g = pr->groups;
    double s = 0;
    for (size_t i = 0; i < pr->ngroups; i++, g += pr->stride) s += pr->weight(g) * pr->ll(p, g);
    return s;
}

/* NLopt's objective: -LL at theta = ln p; +inf where LL is not finite */
static double neg_ll_theta(unsigned n, const double *th, double *grad, void *data)
{
    (void)grad; /* derivative-free algorithms only */
    double p[4];
    for (unsigned i = 0; i < n; i++) p[i] = exp(th[i]);
    double ll = total_ll(data, p);
    return isfinite(ll) ? -ll : HUGE_VAL;
}

/* One local run from th (updated in place to the best point found); *fmin
 * its -LL. Returns NLopt's status (NLOPT_OUT_OF_MEMORY included). */
static nlopt_result local_run(nlopt_algorithm alg, objective *o, unsigned np, double *th,
                              double step, double ftol, double xtol, int maxeval, double *fmin)
{
    nlopt_opt opt = nlopt_create(alg, np);
    if (!opt) return NLOPT_OUT_OF_MEMORY;
    nlopt_result r = nlopt_set_min_objective(opt, neg_ll_theta, o);
    if (r > 0) r = nlopt_set_lower_bounds1(opt, -THETA_BOUND);
    if (r > 0) r = nlopt_set_upper_bounds1(opt, THETA_BOUND);
    if (r > 0) r = nlopt_set_ftol_rel(opt, ftol);
    if (r > 0) r = nlopt_set_xtol_rel(opt, xtol);
    if (r > 0) r = nlopt_set_maxeval(opt, maxeval);
    if (r > 0) r = nlopt_set_initial_step1(opt, step);
    if (r > 0) r = nlopt_optimize(opt, th, fmin);
    nlopt_destroy(opt);
    return r;
}

/* NLopt's own success codes (its tolerances met); MAXEVAL is not one */
static int nlopt_converged(nlopt_result r)
{
    return r == NLOPT_SUCCESS || r == NLOPT_STOPVAL_REACHED || r == NLOPT_FTOL_REACHED ||
           r == NLOPT_XTOL_REACHED;
}

static double clamp_theta(double t)
{
    if (!(t > -THETA_BOUND)) return -THETA_BOUND; /* NaN too */
    if (t > THETA_BOUND) return THETA_BOUND;
    return t;
}

/* Cholesky H = L L' of the n x n H (lower triangle in L); 0 when H is not
 * positive definite (or not finite). */
static int cholesky(double H[4][4], double L[4][4], int n)
{
    for (int j = 0; j < n; j++) {
        double d = H[j][j];
        for (int k = 0; k < j; k++) d -= L[j][k] * L[j][k];
        if (!(d > 0) || !isfinite(d)) return 0;
        L[j][j] = sqrt(d);
        for (int i = j + 1; i < n; i++) {
            double s = H[i][j];
            for (int k = 0; k < j; k++) s -= L[i][k] * L[j][k];
            L[i][j] = s / L[j][j];
        }
    }
    return 1;
}

/* The last digits: a derivative-free minimiser stops where -LL changes by
 * less than its ftol, which on these flat likelihoods (r with alpha, a with
 * b) leaves the parameters uncertain in the 5th or 6th digit. Newton steps
 * on theta with a central-difference gradient and Hessian (step NEWTON_H)
 * take them to ~1e-8: the gradient's rounding noise is eps |f| / h, its
 * truncation h^2 f''' / 6. A step is taken only where the Hessian is
 * positive definite, the step small and -LL not worse beyond rounding. */
#define NEWTON_H 1e-4
static void newton_polish(objective *o, unsigned np, double *th, double *f)
{
    int n = (int)np;
    for (int iter = 0; iter < 8; iter++) {
        double g[4], H[4][4], L[4][4] = {{0}}, fp[4], fm[4], t[4], d[4];
        memcpy(t, th, sizeof t);
        for (int i = 0; i < n; i++) {
            t[i] = th[i] + NEWTON_H;
            fp[i] = neg_ll_theta(np, t, NULL, o);
            t[i] = th[i] - NEWTON_H;
            fm[i] = neg_ll_theta(np, t, NULL, o);
            t[i] = th[i];
            g[i] = (fp[i] - fm[i]) / (2 * NEWTON_H);
            H[i][i] = (fp[i] - 2 * *f + fm[i]) / (NEWTON_H * NEWTON_H);
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++) {
                double s = 0;
                for (int si = -1; si <= 1; si += 2)
                    for (int sj = -1; sj <= 1; sj += 2) {
                        t[i] = th[i] + si * NEWTON_H;
                        t[j] = th[j] + sj * NEWTON_H;
                        s += si * sj * neg_ll_theta(np, t, NULL, o);
                    }
                t[i] = th[i];
                t[j] = th[j];
                H[i][j] = H[j][i] = s / (4 * NEWTON_H * NEWTON_H);
            }
        if (!cholesky(H, L, n)) return;
        /* d = -H^-1 g: L y = -g, L' d = y */
        double step = 0;
        for (int i = 0; i < n; i++) {
            double s = -g[i];
            for (int k = 0; k < i; k++) s -= L[i][k] * d[k];
            d[i] = s / L[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = d[i];
            for (int k = i + 1; k < n; k++) s -= L[k][i] * d[k];
            d[i] = s / L[i][i];
            if (fabs(d[i]) > step) step = fabs(d[i]);
        }
        if (!(step < 0.1)) return;
        for (int i = 0; i < n; i++) t[i] = clamp_theta(th[i] + d[i]);
        double fn = neg_ll_theta(np, t, NULL, o);
        if (!(fn <= *f + 1e-13 * fabs(*f))) return;
        memcpy(th, t, (size_t)n * sizeof *t);
        *f = fn;
        if (step < 1e-6) return; /* quadratic convergence: the error is now ~step^2 */
    }
}

/* ------------------------------------------------- standard errors */
/* se[i] = sqrt of the diagonal of H^-1, H the Hessian of -LL in p; NaN
 * everywhere when H is not positive definite (or not finite). */
static void se_from_hessian(double H[4][4], int np, double *se)
{
    double L[4][4] = {{0}};
    for (int i = 0; i < np; i++) se[i] = NAN;
    if (!cholesky(H, L, np)) return;
    /* inverse(H) = inv(L)' inv(L); its diagonal i = sum over rows k of inv(L)[k][i]^2 */
    double M[4][4] = {{0}}; /* inv(L), lower triangular */
    for (int i = 0; i < np; i++) {
        M[i][i] = 1 / L[i][i];
        for (int k = i + 1; k < np; k++) {
            double s = 0;
            for (int m = i; m < k; m++) s -= L[k][m] * M[m][i];
            M[k][i] = s / L[k][k];
        }
    }
    for (int i = 0; i < np; i++) {
        double v = 0;
        for (int k = i; k < np; k++) v += M[k][i] * M[k][i];
        se[i] = sqrt(v);
    }
}

/* -LL at p with p[i] += di*h[i], p[j] += dj*h[j] */
static double f_at(objective *o, const double *p, int np, int i, double di, int j, double dj,
                   const double *h)
{
    double q[4];
    memcpy(q, p, (size_t)np * sizeof *q);
    q[i] += di * h[i];
    q[j] += dj * h[j];
    return -total_ll(o, q);
}

/* se[i] = sqrt of the diagonal of the inverse Hessian of -LL at p; NaN
 * everywhere when the Hessian is not positive definite (or not finite). */
static void standard_errors(objective *o, const double *p, int np, double f0, double *se)
{
    double h[4], H[4][4];
    for (int i = 0; i < np; i++) h[i] = HESS_STEP * p[i];
    for (int i = 0; i < np; i++) {
        H[i][i] = (f_at(o, p, np, i, 1, i, 0, h) - 2 * f0 + f_at(o, p, np, i, -1, i, 0, h)) /
                  (h[i] * h[i]);
        for (int j = 0; j < i; j++)
            H[i][j] = H[j][i] = (f_at(o, p, np, i, 1, j, 1, h) - f_at(o, p, np, i, 1, j, -1, h) -
                                 f_at(o, p, np, i, -1, j, 1, h) + f_at(o, p, np, i, -1, j, -1, h)) /
                                (4 * h[i] * h[j]);
    }
    se_from_hessian(H, np, se);
}

/* ------------------------------------------------------------------ fit */
rmk_status clv_mle_with(const clv_problem *pr, double (*sum)(const double *p, void *ctx),
                        void *ctx, clv_fit *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < 4; i++) out->p[i] = out->se[i] = NAN;
    out->log_likelihood = NAN;
    if (!pr || pr->np < 2 || pr->np > 4 || !pr->ll || !pr->weight || !pr->starts ||
        !pr->nstarts || (pr->ngroups && !pr->groups)) {
        set_err(err, errlen, "clv_mle: an incomplete problem");
        return RMK_ERR_USAGE;
    }
    out->model = pr->model;
    out->np = pr->np;
    unsigned np = (unsigned)pr->np;
    objective o = {pr, sum, ctx, 0};

    double customers = 0;
    const char *g = pr->groups;
    for (size_t i = 0; i < pr->ngroups; i++, g += pr->stride) customers += pr->weight(g);
    out->customers = customers;
    out->groups = pr->ngroups;

    /* every start: a BOBYQA run; keep the best finite optimum */
    double best[4] = {0}, fbest = HUGE_VAL;
    for (size_t s = 0; s < pr->nstarts; s++) {
        double th[4], fmin = HUGE_VAL;
        for (unsigned i = 0; i < np; i++) th[i] = clamp_theta(log(pr->starts[s][i]));
        if (!isfinite(neg_ll_theta(np, th, NULL, &o))) continue;
        nlopt_result r = local_run(NLOPT_LN_BOBYQA, &o, np, th, 0.5, 1e-8, 1e-6, MAXEVAL_START,
                                   &fmin);
        if (r == NLOPT_OUT_OF_MEMORY) return RMK_ERR_NOMEM;
        if (isfinite(fmin) && fmin < fbest) {
            fbest = fmin;
            memcpy(best, th, sizeof th);
        }
    }
    out->evaluations = (int)o.evals;
    if (!isfinite(fbest)) {
        set_err(err, errlen,
                "no start value reached a finite likelihood: the model cannot be fitted to "
                "these data");
        return RMK_ERR_DATA;
    }
    /* polish: subplex (no quadratic model to mislead it), then tight BOBYQA */
    double th[4], fmin = fbest;
    memcpy(th, best, sizeof th);
    nlopt_result r = local_run(NLOPT_LN_SBPLX, &o, np, th, 0.05, 1e-12, 1e-10, MAXEVAL_POLISH,
                               &fmin);
    if (r == NLOPT_OUT_OF_MEMORY) return RMK_ERR_NOMEM;
    if (isfinite(fmin) && fmin <= fbest) {
        fbest = fmin;
        memcpy(best, th, sizeof th);
    }
    memcpy(th, best, sizeof th);
    fmin = fbest;
    r = local_run(NLOPT_LN_BOBYQA, &o, np, th, 1e-2, 1e-12, 1e-10, MAXEVAL_POLISH, &fmin);
    if (r == NLOPT_OUT_OF_MEMORY) return RMK_ERR_NOMEM;
    if (isfinite(fmin) && fmin <= fbest) {
        fbest = fmin;
        memcpy(best, th, sizeof th);
    }
    out->converged = nlopt_converged(r);
    newton_polish(&o, np, best, &fbest);

    for (unsigned i = 0; i < np; i++)
        if (fabs(best[i]) > THETA_BOUND - BOUND_SLACK) {
            out->evaluations = (int)o.evals;
            out->converged = 0;
            no_maximum(err, errlen, o.pr->model, (int)i, best[i] > 0);
            return RMK_ERR_DATA;
        }
    double p[4];
    for (unsigned i = 0; i < np; i++) p[i] = exp(best[i]);
    double ll = total_ll(&o, p);
    memcpy(out->p, p, np * sizeof *p);
    out->log_likelihood = ll;
    standard_errors(&o, p, (int)np, -ll, out->se);
    out->evaluations = (int)o.evals;
    return RMK_OK;
}

rmk_status clv_mle(const clv_problem *pr, clv_fit *out, char *err, size_t errlen)
{
    return clv_mle_with(pr, NULL, NULL, out, err, errlen);
}

/* ------------------------------------------------ special functions */
/* psi and psi' by the recurrences psi(x) = psi(x+1) - 1/x, psi'(x) =
 * psi'(x+1) + 1/x^2 up to x >= 20, then the asymptotic series (Abramowitz
 * & Stegun 6.3.18, 6.4.12; DLMF 5.11.2): the first term left out is below
 * 1e-19 of the sum there. */
#define PSI_FROM 20.0

double clv_digamma(double x)
{
    double s = 0;
    for (; x < PSI_FROM; x += 1) s -= 1 / x;
    double u = 1 / x, u2 = u * u;
    return s + log(x) - 0.5 * u -
           u2 * (1.0 / 12 -
                 u2 * (1.0 / 120 -
                       u2 * (1.0 / 252 - u2 * (1.0 / 240 - u2 * (1.0 / 132 - u2 * (691.0 / 32760))))));
}

double clv_trigamma(double x)
{
    double s = 0;
    for (; x < PSI_FROM; x += 1) s += 1 / (x * x);
    double u = 1 / x, u2 = u * u;
    return s + u + 0.5 * u2 +
           u * u2 *
               (1.0 / 6 -
                u2 * (1.0 / 30 -
                      u2 * (1.0 / 42 -
                            u2 * (1.0 / 30 - u2 * (5.0 / 66 - u2 * (691.0 / 2730 - u2 * (7.0 / 6)))))));
}

/* the asymptotic series' tails of psi and psi' beyond their first terms
 * (ln w - 1/(2w), and 1/w + 1/(2w^2)), w >= PSI_FROM */
static double psi_tail(double w)
{
    double u2 = 1 / (w * w);
    return -u2 * (1.0 / 12 -
                  u2 * (1.0 / 120 -
                        u2 * (1.0 / 252 - u2 * (1.0 / 240 - u2 * (1.0 / 132 - u2 * (691.0 / 32760))))));
}

static double psi1_tail(double w)
{
    double u = 1 / w, u2 = u * u;
    return u * u2 *
           (1.0 / 6 -
            u2 * (1.0 / 30 -
                  u2 * (1.0 / 42 - u2 * (1.0 / 30 - u2 * (5.0 / 66 - u2 * (691.0 / 2730 - u2 * (7.0 / 6)))))));
}

double clv_digamma_diff(double z, double q)
{
    if (z < PSI_FROM || z + q < PSI_FROM) return clv_digamma(z + q) - clv_digamma(z);
    double w = z + q;
    return log1p(q / z) + q / (2 * z * w) + (psi_tail(w) - psi_tail(z));
}

double clv_trigamma_diff(double z, double q)
{
    if (z < PSI_FROM || z + q < PSI_FROM) return clv_trigamma(z + q) - clv_trigamma(z);
    double w = z + q;
    return -q / (z * w) - q * (z + w) / (2 * z * z * w * w) + (psi1_tail(w) - psi1_tail(z));
}

rmk_status clv_screen_pick(const void *rec, size_t n, size_t size, void **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (n <= CLV_SCREEN_MAX) return RMK_OK;
    size_t k = (n + CLV_SCREEN_MAX - 1) / CLV_SCREEN_MAX, m = (n + k - 1) / k;
    char *o = malloc(m * size);
    if (!o) return RMK_ERR_NOMEM;
    for (size_t i = 0; i < m; i++) memcpy(o + i * size, (const char *)rec + i * k * size, size);
    *out = o;
    *nout = m;
    return RMK_OK;
}

/* ------------------------------------------------------ the Newton fit
 *
 * -LL is minimised over theta = ln p in the box [-THETA_BOUND,
 * THETA_BOUND]^np by a trust-region Newton method (Nocedal & Wright,
 * "Numerical Optimization", 2nd ed., ch. 4, with the Levenberg-Marquardt
 * form of the step, section 4.3): the step d solves (H + mu I) d = -g, mu =
 * 0 when H is positive definite and the Newton step lies inside the trust
 * radius (at most NT_DMAX in every ln p), else the smallest mu of a doubling
 * sequence whose step does; coordinates on the box's edge whose gradient
 * pushes outwards stay fixed. A step is taken when -LL falls by at least
 * 1e-4 of the quadratic model's prediction. The run stops at a Newton step
 * below NT_TOL in every ln p (it is taken: with exact derivatives the error
 * left is ~NT_TOL^2); from a step below NT_FLAT whose predicted gain is
 * below NT_FTOL per customer, steps are taken when not worse beyond the
 * rounding of -LL (NT_NOISE relative) -- or not beyond NT_FTOL of -LL with
 * a smaller Newton decrement (nearer the maximum: the sum's rounding can
 * favour a point ~1e-7 off it by ~1e-14 of -LL) -- as long as they keep
 * shrinking twofold; "converged" when H is positive definite where it
 * stops. A long step with a small gain is a flat ridge: the run
 * goes on along it, and when the likelihood keeps rising, to the edge.
 * Without an analytic Hessian (Pareto/NBD) it is taken by differences of
 * the gradient (np gradients more) and kept from point to point while it
 * tells the gradient's change along the steps (hessian_holds); the run on
 * every group after the subsample's starts begins with the subsample's,
 * scaled by their customers, and the subsample's runs stop at a step of
 * NT_SCREEN_TOL. In ln p the gradient and Hessian are, from those in p,
 *   g_i = p_i dLL/dp_i,  H_ij = p_i p_j d2LL/dp_i dp_j + [i = j] p_i dLL/dp_i
 * (with the signs of -LL). */
#define NT_DMAX 2.0    /* the longest trust radius, in ln p: a factor e^2 */
#define NT_TOL 1e-8    /* the last step, in ln p */
#define NT_SCREEN_TOL 1e-3 /* the last step on the subsample (ln p): its optimum is off
                              the whole data's by ~1/sqrt(CLV_SCREEN_MAX) ~ 1e-2 anyway,
                              the run on every group goes on to NT_TOL from there */
#define NT_NOISE 1e-14 /* the rounding of a total, relative (~45 eps) */
#define NT_FTOL 1e-12  /* a gain in LL not worth a step, per customer (unit-free: LL
                          itself moves with the time unit, a density of purchase times) */
#define NT_FLAT 1e-4   /* a step this long (ln p) is no last step, whatever its gain: the
                          likelihood is flat along it (a ridge): it goes on, to the edge
                          if the likelihood keeps rising */
#define NT_MAXIT 200   /* steps a run */
#define NT_STALL 10    /* a crawl: NT_STALL steps ... */
#define NT_STALL_GAIN 1e-8 /* ... that gained less than this of -LL together */
#define NT_KEEP_STEP 0.1   /* a Hessian by differences is kept to the next point after
                              a step this short (ln p) ... */
#define NT_KEEP_SECANT 0.3 /* ... along which it told the gradient's change within this
                              share (hessian_holds) */
#define FD_GRAD_STEP 1e-5 /* relative step of a Hessian by differences of the gradient */

typedef struct npt {
    double th[4], f;         /* ln p; -LL, HUGE_VAL where not finite */
    double g[4], H[4][4];    /* of -LL in ln p */
    double gp[4], Hp[4][4];  /* of LL in p */
} npt;

typedef struct nrun {
    const clv_dproblem *pr;
    void *ctx;  /* the data the total runs on */
    long evals; /* totals computed, those of a Hessian by differences included */
    int steps;
    int central; /* a Hessian by differences: central (else forward) */
    int lazy;    /* a Hessian by differences kept from point to point (see newton) */
    double tol;  /* the last step (ln p): NT_TOL, NT_SCREEN_TOL on the subsample */
} nrun;

/* LL, its gradient and Hessian in p: the model's, or the Hessian by
 * differences of its gradient, step FD_GRAD_STEP p_j: forward while the
 * run goes (np more gradients; its error ~1e-5 of H slows Newton's last
 * steps by as much), central for the standard errors (r->central: 2 np
 * more, error ~1e-10) */
/* --penalizer: n L sum (c_i p_i)^2 at p, the term the fit subtracts from
 * LL (clvmodel.h, clv_fit_opts); with g, H: its derivatives taken off them.
 * c_i = 1 / tmax for the time scales (alpha; Pareto/NBD's beta too). Per
 * customer as lifetimes' BetaGeoFitter and GammaGammaFitter (the mean
 * negative log-likelihood plus penalizer_coef sum(params ** 2)), n the
 * customers of every group (the subsample's starts take the same weight). */
double clv_penalty(const clv_dproblem *pr, const double *p, double *g, double H[4][4])
{
    double L = pr->fo ? pr->fo->penalizer : 0, pen = 0;
    if (!(L > 0)) return 0;
    for (int i = 0; i < pr->np; i++) {
        int time = pr->model != CLV_GAMMAGAMMA && (i == 1 || (pr->model == CLV_PARETONBD && i == 3));
        double c = time && pr->tmax > 0 ? 1 / pr->tmax : 1, w = pr->customers * L * c * c;
        pen += w * p[i] * p[i];
        if (g) g[i] -= 2 * w * p[i];
        if (g && H) H[i][i] -= 2 * w;
    }
    return pen;
}

double clv_tmax(const clv_triple *t, size_t n)
{
    double m = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i].T > m) m = t[i].T;
    return m;
}

static double d_total_raw(nrun *r, const double *p, double *g, double H[4][4]);
static double d_total(nrun *r, const double *p, double *g, double H[4][4])
{
    double ll = d_total_raw(r, p, g, H);
    return isfinite(ll) ? ll - clv_penalty(r->pr, p, g, H) : ll;
}

static double d_total_raw(nrun *r, const double *p, double *g, double H[4][4])
{
    const clv_dproblem *pr = r->pr;
    int np = pr->np;
    r->evals++;
    if (pr->hessian || !H) return pr->total(p, g, H, r->ctx);
    double ll = pr->total(p, g, NULL, r->ctx);
    if (!isfinite(ll)) return ll;
    for (int j = 0; j < np; j++) {
        double q[4], gu[4], gd[4];
        memcpy(q, p, (size_t)np * sizeof *q);
        q[j] = p[j] * (1 + FD_GRAD_STEP);
        double hi = q[j], lo = p[j];
        double fu = pr->total(q, gu, NULL, r->ctx), fd = ll;
        r->evals++;
        if (r->central) {
            q[j] = lo = p[j] * (1 - FD_GRAD_STEP);
            fd = pr->total(q, gd, NULL, r->ctx);
            r->evals++;
        } else {
            memcpy(gd, g, (size_t)np * sizeof *gd);
        }
        if (!isfinite(fu) || !isfinite(fd)) return NAN;
        for (int i = 0; i < np; i++) H[i][j] = (gu[i] - gd[i]) / (hi - lo);
    }
    for (int i = 0; i < np; i++)
        for (int j = 0; j < i; j++) H[i][j] = H[j][i] = (H[i][j] + H[j][i]) / 2;
    return ll;
}

/* x at theta th: -LL with its gradient and Hessian in ln p; 0 where the
 * likelihood or a derivative is not finite (x->f is then HUGE_VAL). With
 * `keep` (a Hessian by differences only): the gradient alone is computed,
 * the Hessian in p is keep's (already penalised) */
static int at_point(nrun *r, const double *th, npt *x, const npt *keep)
{
    int np = r->pr->np, ok;
    double p[4] = {0};
    if (r->pr->hessian) keep = NULL;
    for (int i = 0; i < np; i++) p[i] = exp(x->th[i] = th[i]);
    double ll;
    if (keep) {
        memcpy(x->Hp, keep->Hp, sizeof x->Hp);
        ll = d_total_raw(r, p, x->gp, NULL);
        if (isfinite(ll)) ll -= clv_penalty(r->pr, p, x->gp, NULL);
    } else {
        ll = d_total(r, p, x->gp, x->Hp);
    }
    ok = isfinite(ll);
    for (int i = 0; i < np; i++)
        for (int j = 0; j < np; j++) ok &= isfinite(x->gp[i]) && isfinite(x->Hp[i][j]);
    x->f = ok ? -ll : HUGE_VAL;
    if (!ok) return 0;
    for (int i = 0; i < np; i++) {
        x->g[i] = -p[i] * x->gp[i];
        for (int j = 0; j < np; j++)
            x->H[i][j] = -p[i] * p[j] * x->Hp[i][j] - (i == j ? p[i] * x->gp[i] : 0);
    }
    return 1;
}

/* d = -(H + mu I)^-1 g over the free coordinates fr[0 .. nf) (0 elsewhere);
 * 0 when H + mu I is not positive definite there */
static int damped_step(const npt *x, const int *fr, int nf, double mu, double *d, int np)
{
    double M[4][4], L[4][4] = {{0}}, y[4];
    for (int a = 0; a < nf; a++)
        for (int b = 0; b < nf; b++) M[a][b] = x->H[fr[a]][fr[b]] + (a == b ? mu : 0);
    if (!cholesky(M, L, nf)) return 0;
    for (int a = 0; a < nf; a++) { /* L y = -g */
        double s = -x->g[fr[a]];
        for (int k = 0; k < a; k++) s -= L[a][k] * y[k];
        y[a] = s / L[a][a];
    }
    for (int a = nf - 1; a >= 0; a--) { /* L' d = y */
        double s = y[a];
        for (int k = a + 1; k < nf; k++) s -= L[k][a] * y[k];
        y[a] = s / L[a][a];
    }
    for (int i = 0; i < np; i++) d[i] = 0;
    for (int a = 0; a < nf; a++) d[fr[a]] = y[a];
    return 1;
}

/* the Newton decrement g' H^-1 g at x (all coordinates): twice the gain
 * a Newton step promises; +inf where H is not positive definite. It
 * tells a point nearer the maximum where -LL cannot: below its rounding. */
static double decrement(const npt *x, int np)
{
    int fr[4] = {0, 1, 2, 3};
    double d[4], s = 0;
    if (!damped_step(x, fr, np, 0, d, np)) return HUGE_VAL;
    for (int i = 0; i < np; i++) s -= x->g[i] * d[i];
    return s;
}

static double max_abs(const double *d, int n)
{
    double m = 0;
    for (int i = 0; i < n; i++)
        if (fabs(d[i]) > m) m = fabs(d[i]);
    return m;
}

/* The step inside the trust radius delta; *pd: H is positive definite on
 * the free coordinates. 0 when no mu gives one (not finite). */
static int tr_step(const npt *x, const int *fr, int nf, double delta, double scale, double *d,
                   int np, int *pd)
{
    *pd = damped_step(x, fr, nf, 0, d, np);
    if (*pd && max_abs(d, np) <= delta) return 1;
    double mu = 1e-10 * scale;
    for (int k = 0; k < 300; k++, mu *= 2)
        if (damped_step(x, fr, nf, mu, d, np) && max_abs(d, np) <= delta) return 1;
    return 0;
}

static void report(nrun *r, const npt *x)
{
    const clv_fit_opts *fo = r->pr->fo;
    r->steps++;
    if (fo && fo->progress) fo->progress(fo->progress_ctx, r->pr->name, r->steps, -x->f);
}

/* A Hessian by differences costs np gradients more: the one of x is kept
 * for y (r->lazy) when it told the change of the gradient along the step
 * dd (in ln p): |g(y) - g(x) - H(x) dd| within NT_KEEP_SECANT of |g(y) -
 * g(x)| (max norms). Near the maximum, where steps are short, it does; a
 * stale one that overstates the curvature would make short steps that
 * gain what they promise (rho ~ 1), a crawl that this test stops. */
static int hessian_holds(const npt *x, const npt *y, const double *dd, int np)
{
    double e = 0, s = 0;
    for (int i = 0; i < np; i++) {
        double dg = y->g[i] - x->g[i], hd = 0;
        for (int j = 0; j < np; j++) hd += x->H[i][j] * dd[j];
        if (fabs(dg - hd) > e) e = fabs(dg - hd);
        if (fabs(dg) > s) s = fabs(dg);
    }
    return e <= NT_KEEP_SECANT * s;
}

/* One run from x (finite), updated in place to where it stops; returns 1
 * when it converged (see above). */
static int newton(nrun *r, npt *x)
{
    int np = r->pr->np;
    double delta = 1, last_dn = HUGE_VAL, f_back[NT_STALL];
    for (int i = 0; i < NT_STALL; i++) f_back[i] = HUGE_VAL;
    for (int it = 0; it < NT_MAXIT; it++) {
        int fr[4], nf = 0, pd;
        double scale = 0, d[4], th[4], dd[4];
        for (int i = 0; i < np; i++) {
            if ((x->th[i] >= THETA_BOUND && x->g[i] < 0) || (x->th[i] <= -THETA_BOUND && x->g[i] > 0))
                continue; /* on the edge, pushed outwards */
            fr[nf++] = i;
            if (fabs(x->H[i][i]) > scale) scale = fabs(x->H[i][i]);
        }
        if (nf == 0) return 0; /* in a corner of the box: the edge check says why */
        if (!(scale > 0)) scale = 1;
        if (!tr_step(x, fr, nf, delta, scale, d, np, &pd)) return 0;
        double dn = max_abs(d, np), pred = 0, noise = NT_NOISE * fabs(x->f);
        for (int i = 0; i < np; i++) {
            th[i] = clamp_theta(x->th[i] + d[i]);
            dd[i] = th[i] - x->th[i];
        }
        for (int i = 0; i < np; i++) {
            pred -= x->g[i] * dd[i];
            for (int j = 0; j < np; j++) pred -= 0.5 * dd[i] * x->H[i][j] * dd[j];
        }
        npt y;
        int ok = at_point(r, th, &y, r->lazy ? x : NULL);
        if (!(pred > 0)) { /* the box cut the step down to no gain: shorter */
            delta = dn / 4;
            if (delta < NT_TOL * 1e-4) return 0;
            continue;
        }
        if ((pd && dn <= r->tol) || (pred <= NT_FTOL * r->pr->customers && dn <= NT_FLAT)) {
            /* the last steps: below the rounding of -LL a step is taken when
             * not worse beyond it, and Newton steps go on while they shrink
             * at least twofold (quadratically, near a maximum), to NT_TOL */
            if (!ok || !(y.f <= x->f + noise || (y.f <= x->f + NT_FTOL * fabs(x->f) &&
                                                 decrement(&y, np) < decrement(x, np))))
                return pd;
            *x = y;
            report(r, x);
            if (!pd || dn <= r->tol || !(dn <= 0.5 * last_dn)) return pd;
            last_dn = dn;
            continue;
        }
        if (ok && x->f - y.f >= 1e-4 * pred) {
            double rho = (x->f - y.f) / pred;
            /* a crawl: NT_STALL steps that gained less than NT_STALL_GAIN of
             * -LL together (along a ridge whose Hessian is too rough to
             * tell its flat direction, e.g. Pareto/NBD's s, beta -> inf
             * together): the run ends there, not converged */
            f_back[it % NT_STALL] = x->f;
            if (it >= NT_STALL && f_back[(it + 1) % NT_STALL] - y.f < NT_STALL_GAIN * fabs(y.f)) {
                *x = y;
                report(r, x);
                return 0;
            }
            int keep = r->lazy && dn <= NT_KEEP_STEP && hessian_holds(x, &y, dd, np);
            *x = y;
            report(r, x);
            if (r->lazy && !keep && !at_point(r, x->th, x, NULL)) return 0;
            if (rho > 0.75 && dn > 0.5 * delta) delta = fmin(2 * delta, NT_DMAX);
            else if (rho < 0.25) delta = dn / 4;
        } else {
            delta = dn / 4;
            if (delta < NT_TOL * 1e-4) return 0; /* no descent left at any length */
        }
    }
    return 0;
}

/* the best run from the starts on r->ctx into *best (f = HUGE_VAL: none
 * finite); returns its convergence */
static int run_starts(nrun *r, npt *best)
{
    const clv_dproblem *pr = r->pr;
    int conv = 0;
    best->f = HUGE_VAL;
    for (size_t s = 0; s < pr->nstarts; s++) {
        double th[4];
        npt x;
        for (int i = 0; i < pr->np; i++) th[i] = clamp_theta(log(pr->starts[s][i]));
        if (!at_point(r, th, &x, NULL)) continue;
        int c = newton(r, &x);
        if (x.f < best->f) *best = x, conv = c;
    }
    return conv;
}

rmk_status clv_mle_newton(const clv_dproblem *pr, clv_fit *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < 4; i++) out->p[i] = out->se[i] = NAN;
    out->log_likelihood = NAN;
    if (!pr || pr->np < 2 || pr->np > 4 || !pr->total || !pr->all || !pr->starts || !pr->nstarts) {
        set_err(err, errlen, "clv_mle_newton: an incomplete problem");
        return RMK_ERR_USAGE;
    }
    int np = pr->np;
    out->model = pr->model;
    out->np = np;
    out->customers = pr->customers;
    out->groups = pr->groups;
    nrun r = {pr, pr->screen ? pr->screen : pr->all, 0, 0, 0, !pr->hessian,
              pr->screen ? NT_SCREEN_TOL : NT_TOL};
    npt best;
    int conv = run_starts(&r, &best);
    if (pr->screen && isfinite(best.f)) { /* polish the subsample's best on every group */
        r.ctx = pr->all;
        r.tol = NT_TOL;
        npt x, keep = best;
        /* a Hessian by differences: the subsample's, scaled to every
         * customer, kept while it holds (hessian_holds), np gradients fewer */
        double k = pr->screen_customers > 0 ? pr->customers / pr->screen_customers : 0;
        for (int i = 0; i < np; i++)
            for (int j = 0; j < np; j++) keep.Hp[i][j] *= k;
        if (at_point(&r, best.th, &x, r.lazy && k > 0 ? &keep : NULL)) {
            best = x;
            conv = newton(&r, &best);
        } else {
            conv = run_starts(&r, &best); /* not finite on all groups: every start on them */
        }
    } else if (isfinite(best.f)) {
        /* the starts' optima differ by the rounding of -LL, and the lowest
         * may be a run that stopped there short of NT_TOL: Newton again */
        conv = newton(&r, &best);
    }
    out->evaluations = (int)r.evals;
    if (!isfinite(best.f)) {
        set_err(err, errlen,
                "no start value reached a finite likelihood: the model cannot be fitted to "
                "these data");
        return RMK_ERR_DATA;
    }
    for (int i = 0; i < np; i++)
        if (fabs(best.th[i]) > THETA_BOUND - BOUND_SLACK) {
            no_maximum(err, errlen, pr->model, i, best.th[i] > 0);
            return RMK_ERR_DATA;
        }
    if (!pr->hessian) { /* the standard errors' Hessian: central differences */
        npt x;
        r.central = 1;
        if (at_point(&r, best.th, &x, NULL)) best = x;
    }
    out->evaluations = (int)r.evals;
    out->converged = conv;
    double H[4][4];
    for (int i = 0; i < np; i++) {
        out->p[i] = exp(best.th[i]);
        for (int j = 0; j < np; j++) H[i][j] = -best.Hp[i][j];
    }
    /* the log-likelihood itself at the (penalised) maximum */
    out->log_likelihood = -best.f + clv_penalty(pr, out->p, NULL, NULL);
    se_from_hessian(H, np, out->se);
    return RMK_OK;
}

static int same_history(const clv_triple *t, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (t[i].x != t[0].x || t[i].T != t[0].T || (t[0].x > 0 && t[i].t_x != t[0].t_x))
            return 0;
    return 1;
}

rmk_status clv_check_triples(const clv_triple *t, size_t n, const char *model, const char *spread,
                             clv_fit *out, double *sx_out, double *sT_out, char *err, size_t errlen)
{
    double customers = 0, repeaters = 0, maxT = 0, sx = 0, sT = 0;
    for (size_t i = 0; i < n; i++) {
        const clv_triple *g = &t[i];
        if (!(g->x >= 0 && g->t_x >= 0 && g->T >= g->t_x && isfinite(g->x) && isfinite(g->T) &&
              g->n > 0 && isfinite(g->n))) {
            if (err && errlen)
                snprintf(err, errlen,
                         "group %zu: x = %g, t_x = %g, T = %g, n = %g is no customer summary "
                         "(need x >= 0, 0 <= t_x <= T, n > 0)",
                         i + 1, g->x, g->t_x, g->T, g->n);
            return RMK_ERR_DATA;
        }
        customers += g->n;
        if (g->x > 0) repeaters += g->n;
        if (g->T > maxT) maxT = g->T;
        sx += g->n * g->x;
        sT += g->n * g->T;
    }
    out->customers = customers;
    out->groups = n;
    *sx_out = sx;
    *sT_out = sT;
    const char *why = NULL;
    if (customers == 0)
        why = "no customers: the model cannot be fitted";
    else if (maxT == 0)
        why = "every customer's calibration period is empty (T = 0: all purchases on one "
              "day): the model cannot be fitted";
    else if (repeaters == 0)
        why = "no customer has a repeat purchase: the model cannot be fitted";
    else if (customers < 2)
        why = "a single customer cannot identify the model's four parameters";
    if (why) {
        if (err && errlen) snprintf(err, errlen, "%s: %s", model, why);
        return RMK_ERR_DATA;
    }
    if (same_history(t, n)) {
        if (err && errlen)
            snprintf(err, errlen, "%s: every customer has the same history (x, t_x, T): the spread "
                                  "of purchase rates and %s the model describes cannot be estimated",
                     model, spread);
        return RMK_ERR_DATA;
    }
    return RMK_OK;
}

rmk_status clv_name_error(rmk_status st, const char *model, char *err, size_t errlen)
{
    if (st == RMK_ERR_DATA && err && errlen) {
        char m[512];
        snprintf(m, sizeof m, "%s: %s", model, err);
        snprintf(err, errlen, "%s", m);
    }
    return st;
}
