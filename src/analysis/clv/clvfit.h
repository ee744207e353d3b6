/* SPDX-License-Identifier: MIT */
/* clvfit.h — internal: maximum likelihood for the CLV models (clvmodel.h).
 * Two routines for every model, both over the logarithms of the parameters
 * (all parameters are > 0), from several start values: clv_mle_newton, the
 * fits' own, with the likelihood's analytic gradient and Hessian (a
 * trust-region Newton method, the starts screened on a subsample), and
 * clv_mle, derivative-free (NLopt) on any per-group likelihood -- the
 * independent check of the first in the tests, and the fallback beyond
 * the fast totals' indexes. */
#ifndef RMK_CLVFIT_H
#define RMK_CLVFIT_H
#include "clvmodel.h"
#include <stdint.h>

typedef struct clv_problem {
    int model;         /* CLV_BGNBD, ... (copied to the fit) */
    int np;            /* parameters, 2..4 */
    const void *groups; /* ngroups records of `stride` bytes */
    size_t ngroups, stride;
    /* log-likelihood of one group's customer (not weighted) at p */
    double (*ll)(const double *p, const void *group);
    /* customers in the group (its weight) */
    double (*weight)(const void *group);
    /* start values (parameters, not logs): nstarts rows of np */
    const double (*starts)[4];
    size_t nstarts;
} clv_problem;

/* Fit: the best optimum over the starts. RMK_OK, or RMK_ERR_DATA when no
 * start reaches a finite likelihood (message in err), RMK_ERR_NOMEM. */
rmk_status clv_mle(const clv_problem *pr, clv_fit *out, char *err, size_t errlen);

/* The checks every purchase-count model makes of its triples before a fit:
 * each a customer summary (x >= 0, 0 <= t_x <= T, n > 0), and data that can
 * identify the model (customers, T > 0 somewhere, a repeat purchase, two
 * customers, not all the same history). Sets out->customers and ->groups,
 * *sx = sum n x, *sT = sum n T. RMK_OK, or RMK_ERR_DATA with "MODEL: why";
 * `spread` names what the model describes besides purchase rates. */
rmk_status clv_check_triples(const clv_triple *t, size_t n, const char *model, const char *spread,
                             clv_fit *out, double *sx, double *sT, char *err, size_t errlen);

/* Added with clvfit.c, on clv_mle as implemented: it also returns
 * RMK_ERR_DATA when the best optimum lies at the edge of the search (a
 * parameter beyond e^+-19.5: the likelihood keeps rising towards 0 or
 * infinity, the data cannot identify the model), and RMK_ERR_USAGE for an
 * incomplete problem (np outside 2..4, no ll, weight or starts). On any
 * error out->p, se and log_likelihood are NaN. A flat optimum short of the
 * edge is returned (RMK_OK) with NaN standard errors. */

/* Added with clvfit.c: clv_mle with a model's own fast total. sum(p, ctx)
 * returns the weighted total sum over groups of weight * ll at p, sharing
 * work between groups (terms that depend on x only, logs of distinct
 * times); the minimiser calls it instead of the loop over pr->ll. pr still
 * describes the data (customers and groups are counted from it) and its ll
 * must agree with sum. clv_mle(pr, ...) is clv_mle_with(pr, NULL, NULL, ...). */
rmk_status clv_mle_with(const clv_problem *pr, double (*sum)(const double *p, void *ctx),
                        void *ctx, clv_fit *out, char *err, size_t errlen);

/* Added with clvfit.c: the distinct values of v[0..n) (n >= 1, no NaN):
 * sorted ascending into uniq (capacity n), their count in *nuniq, and
 * idx[i] = the position of v[i] in uniq. For the fast totals (one log per
 * distinct time, not per group); a radix sort of the values' bits.
 * RMK_OK or RMK_ERR_NOMEM (n beyond 2^32 too). */
rmk_status clv_distinct(const double *v, size_t n, double *uniq, size_t *nuniq, size_t *idx);

/* Added for the radix sorts: an unsigned key of a double (no NaN) whose
 * order is the values' (clv_distinct; the spend pairs in clv.c). */
uint64_t clv_order_key(double v);

/* Added with clvfit.c: ln(exp(u) + exp(v)) without overflow. */
double clv_logaddexp(double u, double v);

/* Added with clvfit.c: ln Gamma(z + q) - ln Gamma(z) for z > 0, z + q > 0,
 * without the cancellation of two large ln Gamma when z is large
 * (Stirling's series of the difference); reentrant (no signgam). */
double clv_lgamma_diff(double z, double q);
/* Added for the analytic gradients: the digamma function psi = (ln
 * Gamma)' and the trigamma function psi' for x > 0 (the recurrence up to
 * x >= 20, then the asymptotic series; absolute error ~1e-15). */
double clv_digamma(double x);
double clv_trigamma(double x);
/* psi(z+q) - psi(z) and psi'(z+q) - psi'(z), z > 0, z + q > 0, without the
 * cancellation of the two when z is large (the asymptotic series of the
 * difference, as clv_lgamma_diff): a fit running off along a ridge (the
 * Gamma-Gamma p -> infinity) needs them to ~1e-16 of the difference. */
double clv_digamma_diff(double z, double q);
double clv_trigamma_diff(double z, double q);

/* ------------------------------------------------ the Newton fit
 * A model's total log-likelihood with its derivatives in the parameters p
 * (> 0): returns the total over the groups (weights n); when g is not NULL,
 * g[i] = dLL/dp_i; when H is not NULL too, H[i][j] = d2LL/dp_i dp_j (both
 * triangles). Not finite where the likelihood is not. */
typedef double (*clv_total_fn)(const double *p, double *g, double H[4][4], void *ctx);

typedef struct clv_dproblem {
    int model, np;        /* CLV_BGNBD, ...; parameters, 2..4 */
    const char *name;     /* for the progress callback: "BG/NBD", ... */
    clv_total_fn total;
    void *all;            /* the total's context over every group */
    void *screen;         /* over a subsample (clv_screen_pick), or NULL: the
                             start values are then run on `all` */
    double screen_customers; /* the subsample's customers (sum of weights), or 0:
                             with hessian = 0, its Hessian scaled by customers /
                             screen_customers starts the run on `all` */
    int hessian;          /* 1: total gives H; 0: central differences of g */
    const double (*starts)[4]; /* nstarts rows of np parameters (not logs) */
    size_t nstarts;
    double customers;     /* copied to the fit */
    size_t groups;
    const clv_fit_opts *fo; /* its progress callback and penalizer (NULL: none) */
    double tmax;          /* the longest T (the penalizer's time scale; 0: none) */
} clv_dproblem;

/* Maximum likelihood with derivatives: from every start a trust-region
 * Newton run (on the subsample when there is one), then the best optimum
 * polished on every group to a Newton step below 1e-8 in each ln p; the
 * standard errors from the Hessian there. Same results and errors as
 * clv_mle: RMK_ERR_DATA for no finite start or an optimum at the edge of
 * the search (e^+-19.5), with NaN parameters; a flat optimum short of it is
 * returned with NaN standard errors. */
rmk_status clv_mle_newton(const clv_dproblem *pr, clv_fit *out, char *err, size_t errlen);
/* The penalty the fit subtracts from LL at p (0 without --penalizer), its
 * derivatives taken off g and H when not NULL (clv_fit_opts.penalizer). */
double clv_penalty(const clv_dproblem *pr, const double *p, double *g, double H[4][4]);
/* the longest T of n triples (clv_dproblem.tmax) */
double clv_tmax(const clv_triple *t, size_t n);

/* The subsample the start values are screened on: every k-th of n records
 * of `size` bytes (k = ceil(n / CLV_SCREEN_MAX), weights unchanged) copied
 * into *out (malloc'd, the caller frees), their number in *nout. When n <=
 * CLV_SCREEN_MAX there is none: *out = NULL. RMK_OK or RMK_ERR_NOMEM. */
#define CLV_SCREEN_MAX 5000
rmk_status clv_screen_pick(const void *rec, size_t n, size_t size, void **out, size_t *nout);

/* On RMK_ERR_DATA, puts the model and its parameters before clv_mle's
 * message ("BG/NBD (r, alpha, a, b): ..."); returns st. */
rmk_status clv_name_error(rmk_status st, const char *model, char *err, size_t errlen);
#endif
