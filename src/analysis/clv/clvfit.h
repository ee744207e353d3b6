/* clvfit.h — internal: maximum likelihood for the CLV models (clvmodel.h).
 * One routine for every model: NLopt minimises -LL over the logarithms of
 * the parameters (all parameters are > 0), from several start values, and
 * the standard errors come from a numerical Hessian at the optimum. */
#ifndef RMK_CLVFIT_H
#define RMK_CLVFIT_H
#include "clvmodel.h"

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
 * distinct time, not per group). RMK_OK or RMK_ERR_NOMEM. */
rmk_status clv_distinct(const double *v, size_t n, double *uniq, size_t *nuniq, size_t *idx);

/* Added with clvfit.c: ln(exp(u) + exp(v)) without overflow. */
double clv_logaddexp(double u, double v);

/* Added with clvfit.c: ln Gamma(z + q) - ln Gamma(z) for z > 0, z + q > 0,
 * without the cancellation of two large ln Gamma when z is large
 * (Stirling's series of the difference); reentrant (no signgam). */
double clv_lgamma_diff(double z, double q);
/* On RMK_ERR_DATA, puts the model and its parameters before clv_mle's
 * message ("BG/NBD (r, alpha, a, b): ..."); returns st. */
rmk_status clv_name_error(rmk_status st, const char *model, char *err, size_t errlen);
#endif
