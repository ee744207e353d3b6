/* clvfit.c — maximum likelihood for the CLV models (clvfit.h).
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

typedef struct { double v; size_t i; } keyed;

static int keyed_cmp(const void *a, const void *b)
{
    double x = ((const keyed *)a)->v, y = ((const keyed *)b)->v;
    return (x > y) - (x < y);
}

rmk_status clv_distinct(const double *v, size_t n, double *uniq, size_t *nuniq, size_t *idx)
{
    keyed *k = malloc((n ? n : 1) * sizeof *k);
    if (!k) return RMK_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) k[i] = (keyed){v[i], i};
    qsort(k, n, sizeof *k, keyed_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m == 0 || k[i].v != uniq[m - 1]) uniq[m++] = k[i].v;
        idx[k[i].i] = m - 1;
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
    double h[4], H[4][4], L[4][4] = {{0}};
    for (int i = 0; i < np; i++) h[i] = HESS_STEP * p[i];
    for (int i = 0; i < np; i++) {
        H[i][i] = (f_at(o, p, np, i, 1, i, 0, h) - 2 * f0 + f_at(o, p, np, i, -1, i, 0, h)) /
                  (h[i] * h[i]);
        for (int j = 0; j < i; j++)
            H[i][j] = H[j][i] = (f_at(o, p, np, i, 1, j, 1, h) - f_at(o, p, np, i, 1, j, -1, h) -
                                 f_at(o, p, np, i, -1, j, 1, h) + f_at(o, p, np, i, -1, j, -1, h)) /
                                (4 * h[i] * h[j]);
    }
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
            set_err(err, errlen,
                    "the likelihood has no maximum: it keeps rising as parameter %u of %u goes "
                    "to %s, so the data cannot identify the model",
                    i + 1, np, best[i] > 0 ? "infinity" : "zero");
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
