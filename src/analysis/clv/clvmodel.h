/* SPDX-License-Identifier: MIT */
/* clvmodel.h — internal: the probabilistic customer-base models of SPEC
 * §3.5 — BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the
 * easy way"), Pareto/NBD (Schmittlein, Morrison & Colombo 1987; the
 * likelihood as in Fader & Hardie's note "Deriving an expression for
 * P(X(t) = x) under the Pareto/NBD model" / FHL 2005) and the Gamma-Gamma
 * spend model (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value
 * curves") — their log-likelihoods, maximum-likelihood fits and
 * predictions.
 *
 * Units: x = repeat purchases (whole number >= 0); t_x = time of the last
 * purchase since the first, T = time from the first purchase to the end of
 * calibration, 0 <= t_x <= T, in the caller's time unit (days, weeks or
 * months: the parameters alpha / beta and every time argument share it).
 * Money (Gamma-Gamma) in currency units. Everything is double; the
 * likelihoods are computed in log space and stay finite for large x
 * (thousands) and long T. */
#ifndef RMK_CLVMODEL_H
#define RMK_CLVMODEL_H
#include "relmark.h"

/* Customers sharing one (x, t_x, T): the likelihood is a weighted sum over
 * distinct triples, so a fit's cost grows with triples, not customers. */
typedef struct clv_triple {
    double x, t_x, T;
    double n; /* customers with this triple, > 0 */
} clv_triple;

/* Customers for the spend model: x repeat purchases (>= 1) with mean value
 * mbar (> 0) of those purchases; n customers share the pair. */
typedef struct clv_spend {
    double x, mbar, n;
} clv_spend;

enum { CLV_BGNBD = 0, CLV_PARETONBD = 1, CLV_GAMMAGAMMA = 2 };

/* A fit. Parameters in the papers' order and names:
 *   BG/NBD      p = {r, alpha, a, b}
 *   Pareto/NBD  p = {r, alpha, s, beta}
 *   Gamma-Gamma p = {p, q, gamma} (np = 3)
 * se: standard errors from the inverse of the observed information (the
 * Hessian of -LL at the optimum in the parameters themselves: analytic for
 * BG/NBD and Gamma-Gamma, central differences of the analytic gradient for
 * Pareto/NBD; numerical for clv_mle); NaN when the Hessian is not positive
 * definite. */
typedef struct clv_fit {
    int model, np;
    double p[4], se[4];
    double log_likelihood; /* the total over customers (weights n) */
    double customers;      /* sum of n */
    size_t groups;         /* triples (or spend pairs) the likelihood summed over */
    int evaluations;       /* likelihood evaluations used */
    int converged;         /* 1: the optimiser met its tolerance */
} clv_fit;

/* How a fit runs: the threads of its sums (clvpar.h, clv_threads: 0 every
 * processor, 1 the caller's thread; the result does not depend on it) and
 * an optional progress callback, called after every step of the optimiser
 * with the model's name ("BG/NBD", "Pareto/NBD", "Gamma-Gamma"), the steps
 * so far and the log-likelihood reached (of the subsample while the start
 * values are screened, of all customers after). NULL opts: the defaults. */
typedef struct clv_fit_opts {
    int threads;
    /* L >= 0 of --penalizer (docs/clv.md, "Penalizer"): the fits maximise
     * LL / n - L sum_i (c_i p_i)^2 over the parameters p themselves, c_i = 1
     * but for the time scales alpha and beta, taken in the unit where the
     * longest T is 1 (c = 1 / max T). 0: plain maximum likelihood. */
    double penalizer;
    void (*progress)(void *ctx, const char *model, int step, double log_likelihood);
    void *progress_ctx;
} clv_fit_opts;

/* ---- log-likelihood of one customer (natural log), given parameters > 0 */
double clv_bgnbd_ll(const double *p, double x, double t_x, double T);
double clv_pnbd_ll(const double *p, double x, double t_x, double T);
/* Gamma-Gamma: the log of the density of the observed mean mbar of x
 * purchases (the "mbar" likelihood of FHL 2005, eq. in their appendix) */
double clv_gg_ll(const double *p, double x, double mbar);

/* ---- fits: maximum likelihood over log-parameters with the likelihood's
 * analytic gradient (clv_mle_newton in clvfit.h), from several start
 * values (the best optimum kept), then standard errors. Returns RMK_OK;
 * RMK_ERR_DATA with a reason in err when the data cannot identify the
 * model (no customer, no repeat purchase, all T = 0, ...) or no start
 * converged to a finite likelihood; RMK_ERR_NOMEM. fo: NULL or how to run. */
rmk_status clv_fit_bgnbd(const clv_triple *t, size_t n, const clv_fit_opts *fo, clv_fit *out,
                         char *err, size_t errlen);
rmk_status clv_fit_pnbd(const clv_triple *t, size_t n, const clv_fit_opts *fo, clv_fit *out,
                        char *err, size_t errlen);
rmk_status clv_fit_gg(const clv_spend *s, size_t n, const clv_fit_opts *fo, clv_fit *out,
                      char *err, size_t errlen);

/* ---- the totals the fits maximise, over n groups at parameters p, with
 * the gradient g (dLL/dp_i; NULL: not wanted) and Hessian H (d2LL/dp_i
 * dp_j; NULL: not wanted; needs g) -- computed as the fits compute them,
 * in the caller's thread; NaN when out of memory. For the tests. */
double clv_bgnbd_total(const clv_triple *t, size_t n, const double *p, double *g, double H[4][4]);
double clv_gg_total(const clv_spend *s, size_t n, const double *p, double *g, double H[4][4]);
/* Pareto/NBD: the gradient only (the fit takes its Hessian from differences of it) */
double clv_pnbd_total(const clv_triple *t, size_t n, const double *p, double *g);

/* ---- predictions (fit->model says which formula) */
/* P(alive at T | x, t_x, T) */
double clv_p_alive(const clv_fit *f, double x, double t_x, double T);
/* E[X(T, T + t) | x, t_x, T]: expected purchases in the next t */
double clv_expected(const clv_fit *f, double t, double x, double t_x, double T);
/* E[X(t)]: expected purchases of a customer in its first t (since its first
 * purchase; repeat purchases only), for the tracking plot */
double clv_expected_new(const clv_fit *f, double t);
/* Added with clv_bgnbd.c (the dispatch of the three above lives there): the
 * Pareto/NBD predictions, implemented in clv_pnbd.c, p = {r, alpha, s,
 * beta}; same arguments and meaning as clv_p_alive, clv_expected and
 * clv_expected_new. */
double clv_pnbd_p_alive(const double *p, double x, double t_x, double T);
double clv_pnbd_expected(const double *p, double t, double x, double t_x, double T);
double clv_pnbd_expected_new(const double *p, double t);
/* Added for the predictions of many customers: E[X(T, T+t) | x, t_x, T]
 * is P(alive) times the expectation of a customer alive at T, which does
 * not depend on t_x: clv_expected(f, t, x, t_x, T) has the same bits as
 *   clv_expected_join(f, clv_alive_part(f, x, t_x, T), clv_expected_alive(f, t, x, T)),
 * so the second factor is taken once per (x, T) and horizon. The alive
 * part is P(alive) (BG/NBD) or ln P(alive) (Pareto/NBD, whose expected
 * part is a log too); clv_p_alive is P(alive) itself. */
double clv_alive_part(const clv_fit *f, double x, double t_x, double T);
double clv_expected_alive(const clv_fit *f, double t, double x, double T);
double clv_expected_join(const clv_fit *f, double alive, double e);
double clv_pnbd_log_p_alive(const double *p, double x, double t_x, double T);
double clv_pnbd_expected_alive(const double *p, double t, double x, double T);
/* Added for the predictions of many customers: clv_pnbd_log_p_alive of n
 * triples into out[0 .. n), the same bits, with ln I taken once per
 * distinct pair (x, t) of them (its two integrals per customer are shared
 * by all of a cohort's, as in the fit), over `threads` threads (a count
 * as clv_threads gives: the result does not depend on it). RMK_OK or
 * RMK_ERR_NOMEM. */
rmk_status clv_pnbd_log_p_alive_all(const double *p, const clv_triple *t, size_t n, int threads,
                                    double *out);
/* Gamma-Gamma: E[M | x, mbar], the expected mean value of a customer's
 * future purchases (FHL 2005); with x = 0 the population mean
 * p gamma / (q - 1) (q > 1; NaN otherwise) */
double clv_gg_expected(const clv_fit *g, double x, double mbar);
#endif
