/* clv_gg.c — the Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM
 * and CLV: using iso-value curves for customer base analysis", Journal of
 * Marketing Research 42(4) 415-430; Fader & Hardie 2013, "The Gamma-Gamma
 * model of monetary value"): the value of each purchase ~ Gamma(p, nu), nu
 * ~ Gamma(q, gamma) across customers; p = {p, q, gamma}. */
#include "clvfit.h"
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
/* The fast total: ln G(px+q) - ln G(px) once per distinct x; ln(x mbar)
 * and ln mbar once per pair (they do not depend on the parameters); per
 * pair one log1p. */
typedef struct gg_ctx {
    const clv_spend *s;
    size_t n, nx;
    size_t *ix;
    double *xs, *cx;  /* distinct x; its ln G(px+q) - ln G(px) */
    double *lxm, *k0; /* per pair: ln(x mbar); -ln mbar */
} gg_ctx;

static double gg_sum(const double *p, void *vctx)
{
    gg_ctx *c = vctx;
    double pp = p[0], q = p[1], g = p[2];
    double c0 = -lg(q) + q * log(g);
    for (size_t k = 0; k < c->nx; k++) c->cx[k] = clv_lgamma_diff(pp * c->xs[k], q) + c0;
    double s = 0;
    for (size_t i = 0; i < c->n; i++) {
        const clv_spend *e = &c->s[i];
        double px = pp * e->x;
        s += e->n * (c->cx[c->ix[i]] - (px + q) * log1p(g / (e->x * e->mbar)) - q * c->lxm[i] +
                     c->k0[i]);
    }
    return s;
}

static void gg_ctx_free(gg_ctx *c)
{
    free(c->ix);
    free(c->xs);
    free(c->cx);
    free(c->lxm);
    free(c->k0);
}

static rmk_status gg_ctx_init(gg_ctx *c, const clv_spend *s, size_t n)
{
    *c = (gg_ctx){.s = s, .n = n};
    c->ix = malloc(n * sizeof *c->ix);
    c->xs = malloc(n * sizeof *c->xs);
    c->lxm = malloc(n * sizeof *c->lxm);
    c->k0 = malloc(n * sizeof *c->k0);
    rmk_status st = RMK_ERR_NOMEM;
    if (c->ix && c->xs && c->lxm && c->k0) {
        for (size_t i = 0; i < n; i++) c->lxm[i] = s[i].x; /* the x, for clv_distinct */
        st = clv_distinct(c->lxm, n, c->xs, &c->nx, c->ix);
        for (size_t i = 0; i < n; i++) {
            c->lxm[i] = log(s[i].x * s[i].mbar);
            c->k0[i] = -log(s[i].mbar);
        }
        if (st == RMK_OK && !(c->cx = malloc(c->nx * sizeof *c->cx))) st = RMK_ERR_NOMEM;
    }
    if (st != RMK_OK) gg_ctx_free(c);
    return st;
}

static double spend_ll(const double *p, const void *g)
{
    const clv_spend *s = g;
    return clv_gg_ll(p, s->x, s->mbar);
}

static double spend_weight(const void *g) { return ((const clv_spend *)g)->n; }

rmk_status clv_fit_gg(const clv_spend *s, size_t n, const clv_fit_opts *fo, clv_fit *out,
                      char *err, size_t errlen)
{
    (void)fo;
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
    const double starts[][4] = { /* rows of 4 (clv_problem); the 4th unused */
        {1, 1, 1, 0},
        {1, 2, m, 0},
        {5, 3, 0.4 * m, 0},
        {10, 5, 0.4 * m, 0},
    };
    clv_problem pr = {
        .model = CLV_GAMMAGAMMA,
        .np = 3,
        .groups = s,
        .ngroups = n,
        .stride = sizeof *s,
        .ll = spend_ll,
        .weight = spend_weight,
        .starts = starts,
        .nstarts = sizeof starts / sizeof starts[0],
    };
    gg_ctx c;
    rmk_status st = gg_ctx_init(&c, s, n);
    if (st != RMK_OK) return st;
    st = clv_mle_with(&pr, gg_sum, &c, out, err, errlen);
    gg_ctx_free(&c);
    return clv_name_error(st, "Gamma-Gamma (p, q, gamma)", err, errlen);
}
