/* SPDX-License-Identifier: MIT */
/* clv.c — lifetime value (lecture §1, SPEC §3.5): the transaction log
 * summarised per customer for the models (x, t_x, T and the mean repeat
 * value, in one read), the fits (clvmodel.h), per-customer predictions,
 * the holdout check and the tracking of repeat purchases; and the
 * economics of retention with the lecture's +5-points question. */
#include "clvrun.h"
#include "clvpar.h"
#include "parse.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double rmk_time_unit_days(rmk_time_unit u)
{
    return u == RMK_UNIT_DAY ? 1.0 : u == RMK_UNIT_MONTH ? 365.25 / 12.0 : 7.0;
}

const char *rmk_time_unit_key(rmk_time_unit u)
{
    return u == RMK_UNIT_DAY ? "day" : u == RMK_UNIT_MONTH ? "month" : "week";
}

void rmk_clv_opts_init(rmk_clv_opts *o)
{
    memset(o, 0, sizeof *o);
    o->as_of = RMK_NO_DATE;
    o->holdout = RMK_NO_DATE;
    o->unit = RMK_UNIT_WEEK;
    o->model = RMK_CLV_BGNBD;
    o->spend = 1;
    o->horizon_months = 12;
    o->discount = 0.10;
    o->margin = 1.0;
}



void rmk_clv_free(rmk_clv *x)
{
    if (!x) return;
    free(x->out);
    free(x->track);
    free(x->id_buf);
    rmk_book_free(x->own_book);
    free(x);
}
size_t rmk_clv_count(const rmk_clv *x) { return x->n; }
const rmk_clv_customer *rmk_clv_at(const rmk_clv *x, size_t i) { return i < x->n ? &x->out[i] : NULL; }
int32_t rmk_clv_as_of(const rmk_clv *x) { return x->as_of; }
int32_t rmk_clv_calibration_end(const rmk_clv *x) { return x->cal_end; }
void rmk_clv_get_stats(const rmk_clv *x, rmk_clv_stats *s) { *s = x->stats; }
size_t rmk_clv_tracking_count(const rmk_clv *x) { return x->ntrack; }
void rmk_clv_tracking_at(const rmk_clv *x, size_t i, rmk_clv_track_row *r)
{
    memset(r, 0, sizeof *r);
    if (i < x->ntrack) *r = x->track[i];
}

size_t rmk_clv_holdout(const rmk_clv *x, rmk_clv_holdout_row *rows, size_t max)
{
    size_t n = x->nhold < max ? x->nhold : max;
    memcpy(rows, x->hold, n * sizeof *rows);
    return n;
}

static void params_of(const clv_fit *f, rmk_clv_params *p)
{
    static const char *const names[3][4] = {
        {"r", "alpha", "a", "b"}, {"r", "alpha", "s", "beta"}, {"p", "q", "gamma", ""}};
    memset(p, 0, sizeof *p);
    p->np = f->np;
    for (int i = 0; i < f->np && i < 4; i++) {
        p->name[i] = names[f->model][i];
        p->value[i] = f->p[i];
        p->se[i] = f->se[i];
    }
    p->log_likelihood = f->log_likelihood;
    p->customers = f->customers;
    p->groups = f->groups;
    p->converged = f->converged;
}

void rmk_clv_model_params(const rmk_clv *x, rmk_clv_params *p) { params_of(&x->fit, p); }
int rmk_clv_spend_params(const rmk_clv *x, rmk_clv_params *p)
{
    if (!x->has_spend) {
        memset(p, 0, sizeof *p);
        return 0;
    }
    params_of(&x->spend, p);
    return 1;
}

static int int32_cmp(const void *pa, const void *pb)
{
    int32_t a = *(const int32_t *)pa, b = *(const int32_t *)pb;
    return (a > b) - (a < b);
}


/* A maximum the data pin down: every standard error finite (the observed
 * information positive definite). A flat likelihood gives parameters that
 * predict nothing: they are refused, with the parameter named. */
static int identified(const clv_fit *f, char *err, size_t errlen)
{
    static const char *const names[3][4] = {
        {"r", "alpha", "a", "b"}, {"r", "alpha", "s", "beta"}, {"p", "q", "gamma", ""}};
    static const char *const model[3] = {"BG/NBD", "Pareto/NBD", "Gamma-Gamma"};
    for (int i = 0; i < f->np; i++)
        if (!isfinite(f->se[i]) || !isfinite(f->p[i])) {
            snprintf(err, errlen, "%s: the data do not identify the model: the likelihood is flat in %s "
                                  "(%g) at its maximum, so its parameters would be arbitrary (more "
                                  "customers or a longer history are needed)",
                     model[f->model], names[f->model][i], f->p[i]);
            return 0;
        }
    return 1;
}

rmk_status clv_check_opts(const rmk_clv_opts *o, char *err, size_t errlen)
{
    if (o->horizon_months < 1 || o->horizon_months > 1200 || !(o->discount >= 0 && o->discount < 10) ||
        !(o->margin > 0 && o->margin <= 1) || (int)o->unit < 0 || (int)o->unit > 2 ||
        (int)o->model < 0 || (int)o->model > 1 || !(o->penalizer >= 0 && o->penalizer <= 1e6)) {
        snprintf(err, errlen, "bad options: horizon 1..1200 months, discount 0..10, margin in (0, 1], "
                              "penalizer 0..1e6");
        return RMK_ERR_USAGE;
    }
    for (int i = 0; i < 4 && o->fixed; i++)
        if (!(isfinite(o->fixed_p[i]) && o->fixed_p[i] > 0) || (i < 3 && o->fixed_spend &&
                                                              !(isfinite(o->spend_p[i]) && o->spend_p[i] > 0))) {
            snprintf(err, errlen, "bad options: a given model's parameters are each above 0 and finite");
            return RMK_ERR_USAGE;
        }
    return RMK_OK;
}

rmk_status rmk_clv_file(const char *path, const rmk_read_opts *ro, const rmk_clv_opts *o,
                        rmk_clv **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_clv_opts odef;
    if (!o) rmk_clv_opts_init(&odef), o = &odef;
    rmk_status st = clv_check_opts(o, err, errlen);
    if (st) return st;
    rmk_book *book = NULL;
    st = book_read_for(path, ro, o->as_of, RMK_BOOK_DAYS, NULL, &book, err, errlen);
    if (st == RMK_OK) st = rmk_clv_run(book, o, out, err, errlen);
    if (st == RMK_OK) (*out)->own_book = book;
    else rmk_book_free(book);
    return st;
}


void clv_work_free(clv_work *w)
{
    free(w->sm);
    free(w->tr);
    free(w->tri);
    free(w->alive);
    free(w->pa);
    free(w->eh);
    free(w->wdisc);
    free(w->hexp);
}

/* The read's counts, the as-of date and the calibration end */
static rmk_status clv_dates(rmk_clv *x, const rmk_clv_opts *o, const char *path, char *err,
                            size_t errlen)
{
    rmk_agg_stats as;
    rmk_agg_get_stats(x->ids, &as);
    x->stats.rows = as.rows;
    x->stats.rows_skipped = as.rows_skipped;
    x->stats.rows_after_as_of = as.rows_after_as_of;
    snprintf(x->stats.first_error, sizeof x->stats.first_error, "%s", as.first_error);
    x->as_of = o->as_of != RMK_NO_DATE ? o->as_of : as.last_day;
    if (x->as_of == RMK_NO_DATE) {
        snprintf(err, errlen, "%s: no transactions", path);
        return RMK_ERR_EMPTY;
    }
    x->cal_end = o->holdout != RMK_NO_DATE ? o->holdout : x->as_of;
    if (x->cal_end > x->as_of) {
        snprintf(err, errlen, "the holdout date must not be after the as-of date");
        return RMK_ERR_USAGE;
    }
    return RMK_OK;
}

/* 1. the summary per customer, in integers */
static rmk_status summarise(rmk_clv *x, clv_work *w, char *err, size_t errlen)
{
    const history *hp = w->hp;
    size_t nc = hp->customers;
    if (!(w->sm = calloc(nc ? nc : 1, sizeof *w->sm))) return RMK_ERR_NOMEM;
    for (size_t c = 0; c < nc; c++) {
        summ s = {(uint32_t)c, RMK_NO_DATE, RMK_NO_DATE, 0, 0, 0};
        int64_t days = 0;
        for (size_t i = hp->off[c]; i < hp->off[c + 1]; i++) {
            const hday *d = &hp->days[i];
            if (!(d->purchases & HDAY_ACTIVE)) {
                if (d->day <= x->cal_end) x->stats.return_days++;
                continue;
            }
            if (d->day > x->cal_end) {
                s.holdout++;
                continue;
            }
            if (days++ == 0) s.first = d->day;
            else s.repeat_net += d->net;
            s.last = d->day;
        }
        if (days == 0) {
            if (s.holdout) x->stats.first_in_holdout++;
            continue;
        }
        s.x = days - 1;
        w->sm[w->ns++] = s;
    }
    x->stats.customers = w->ns;
    if (w->ns == 0) {
        snprintf(err, errlen, "%s: no purchase on or before %s", w->path, "the calibration end");
        return RMK_ERR_EMPTY;
    }
    return RMK_OK;
}

/* order of triples: x, then T days, then t_x days (the customers of one
 * (x, T) together: they share the expectation of a living customer) */
typedef struct tkey {
    int64_t x;
    int32_t T, tx; /* days */
    uint32_t i;    /* summary index */
} tkey;
static int tkey_cmp(const void *pa, const void *pb)
{
    const tkey *a = pa, *b = pb;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    if (a->T != b->T) return a->T < b->T ? -1 : 1;
    return (a->tx > b->tx) - (a->tx < b->tx);
}

/* 2. the distinct triples: the likelihood's cost grows with these. A radix
 * sort on x, T and t_x packed in 63 bits when they fit (21 bits each:
 * spans below 5,700 years), else qsort. */
static rmk_status make_triples(rmk_clv *x, clv_work *w)
{
    size_t ns = w->ns;
    tkey *tk = malloc(ns * sizeof *tk);
    kv *k = malloc(ns * sizeof *k);
    w->tr = malloc(ns * sizeof *w->tr);
    w->tri = malloc(ns * sizeof *w->tri);
    rmk_status st = RMK_ERR_NOMEM;
    if (!tk || !k || !w->tr || !w->tri) goto out;
    int packed = 1;
    for (size_t i = 0; i < ns; i++) {
        tk[i] = (tkey){w->sm[i].x, x->cal_end - w->sm[i].first, w->sm[i].last - w->sm[i].first,
                       (uint32_t)i};
        packed &= tk[i].x < (1 << 21) && tk[i].T < (1 << 21);
        k[i] = (kv){((uint64_t)tk[i].x << 42) | ((uint64_t)tk[i].T << 21) | (uint64_t)tk[i].tx,
                    (uint32_t)i};
    }
    if (packed) { /* the order in k[].idx */
        if (radix_sort(k, ns)) goto out;
    } else {
        qsort(tk, ns, sizeof *tk, tkey_cmp);
        for (size_t i = 0; i < ns; i++) k[i].idx = (uint32_t)i;
    }
    size_t nt = 0;
    for (size_t j = 0; j < ns; j++) {
        const tkey *t = &tk[k[j].idx];
        if (j == 0 || tkey_cmp(t, &tk[k[j - 1].idx]) != 0)
            w->tr[nt++] = (clv_triple){(double)t->x, t->tx / w->u, t->T / w->u, 0};
        w->tr[nt - 1].n += 1;
        w->tri[t->i] = (uint32_t)(nt - 1);
    }
    w->nt = nt;
    st = RMK_OK;
out:
    free(tk);
    free(k);
    return st;
}

/* the distinct (x, mean) of n spend records (n = 1 each), by x then mean,
 * with their customers in n: two stable radix sorts (the mean's bits, then
 * x); NULL when out of memory */
static clv_spend *spend_pairs(const clv_spend *sp, size_t n, size_t *k_out)
{
    kv *k = malloc((n ? n : 1) * sizeof *k);
    clv_spend *g = malloc((n ? n : 1) * sizeof *g);
    if (!k || !g || n > UINT32_MAX) goto nomem;
    for (size_t i = 0; i < n; i++) k[i] = (kv){clv_order_key(sp[i].mbar), (uint32_t)i};
    if (radix_sort(k, n)) goto nomem;
    for (size_t i = 0; i < n; i++) k[i].key = (uint64_t)sp[k[i].idx].x; /* whole, >= 1 */
    if (radix_sort(k, n)) goto nomem;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const clv_spend *e = &sp[k[i].idx];
        if (m && g[m - 1].x == e->x && g[m - 1].mbar == e->mbar) g[m - 1].n += 1;
        else g[m++] = *e;
    }
    free(k);
    *k_out = m;
    return g;
nomem:
    free(k);
    free(g);
    return NULL;
}

/* 3. the purchase model, then the spend model over customers with a
 * repeat purchase and a positive mean repeat value */
static rmk_status fit_models(rmk_clv *x, clv_work *w, const clv_fit_opts *fo, char *err,
                             size_t errlen)
{
    size_t nsp = 0;
    clv_spend *sp = malloc((w->ns ? w->ns : 1) * sizeof *sp);
    if (!sp) return RMK_ERR_NOMEM;
    for (size_t i = 0; i < w->ns; i++) {
        const summ *s = &w->sm[i];
        if (s->x == 0) {
            x->stats.no_repeat++;
            continue;
        }
        if (s->repeat_net <= 0) {
            x->stats.nonpositive_value++;
            continue;
        }
        sp[nsp++] = (clv_spend){(double)s->x, (double)s->repeat_net / (double)s->x / RMK_MONEY_SCALE, 1};
    }
    rmk_status st = clv_fit_both(x, w, sp, nsp, fo, err, errlen);
    free(sp);
    return st;
}

/* A given model (rmk_clv_opts.fixed): its parameters and standard errors
 * as given, its log-likelihood on these data, nothing fitted */
static void fixed_fit(clv_fit *f, int model, int np, const double *p, const double *se, double ll,
                      double customers, size_t groups)
{
    memset(f, 0, sizeof *f);
    f->model = model;
    f->np = np;
    for (int i = 0; i < np; i++) f->p[i] = p[i], f->se[i] = se[i];
    f->log_likelihood = ll;
    f->customers = customers;
    f->groups = groups;
    f->converged = 1;
}

static rmk_status fixed_both(rmk_clv *x, clv_work *w, const clv_spend *sp, size_t nsp, char *err,
                             size_t errlen)
{
    const rmk_clv_opts *o = &x->o;
    double n = 0;
    for (size_t i = 0; i < w->nt; i++) n += w->tr[i].n;
    double ll = o->model == RMK_CLV_PARETONBD ? clv_pnbd_total(w->tr, w->nt, o->fixed_p, NULL)
                                              : clv_bgnbd_total(w->tr, w->nt, o->fixed_p, NULL, NULL);
    fixed_fit(&x->fit, o->model == RMK_CLV_PARETONBD ? CLV_PARETONBD : CLV_BGNBD, 4, o->fixed_p,
              o->fixed_se, ll, n, w->nt);
    if (!o->spend) return RMK_OK;
    if (!o->fixed_spend) {
        snprintf(x->stats.spend_error, sizeof x->stats.spend_error, "the given model has no spend model");
        return RMK_OK;
    }
    size_t k = 0;
    clv_spend *gp = nsp ? spend_pairs(sp, nsp, &k) : NULL;
    if (nsp && !gp) return RMK_ERR_NOMEM;
    double m = 0;
    for (size_t i = 0; i < k; i++) m += gp[i].n;
    fixed_fit(&x->spend, CLV_GAMMAGAMMA, 3, o->spend_p, o->spend_se,
              k ? clv_gg_total(gp, k, o->spend_p, NULL, NULL) : 0, m, k);
    free(gp);
    x->has_spend = 1;
    (void)err, (void)errlen;
    return RMK_OK;
}

rmk_status clv_fit_both(rmk_clv *x, clv_work *w, const clv_spend *sp, size_t nsp,
                        const clv_fit_opts *fo, char *err, size_t errlen)
{
    if (x->o.fixed) return fixed_both(x, w, sp, nsp, err, errlen);
    rmk_status st = x->o.model == RMK_CLV_PARETONBD
                        ? clv_fit_pnbd(w->tr, w->nt, fo, &x->fit, err, errlen)
                        : clv_fit_bgnbd(w->tr, w->nt, fo, &x->fit, err, errlen);
    if (st) return st;
    if (!identified(&x->fit, err, errlen)) return RMK_ERR_DATA;
    char *serr = x->stats.spend_error;
    size_t slen = sizeof x->stats.spend_error;
    if (x->o.spend && nsp == 0 && !serr[0])
        snprintf(serr, slen, "no customer with a repeat purchase of positive value");
    if (x->o.spend && nsp > 0) {
        size_t k = 0;
        clv_spend *gp = spend_pairs(sp, nsp, &k);
        if (!gp) return RMK_ERR_NOMEM;
        st = clv_fit_gg(gp, k, fo, &x->spend, serr, slen);
        free(gp);
        if (st == RMK_OK && !identified(&x->spend, serr, slen)) st = RMK_ERR_DATA;
        x->has_spend = st == RMK_OK;
        if (st == RMK_ERR_DATA) st = RMK_OK;
        else if (st) snprintf(err, errlen, "%s", serr);
    }
    return st;
}

/* 4. per triple: P(alive), the expected purchases over the horizon, their
 * discounted sum in monthly steps and the holdout expectation. The
 * expectation of a living customer is taken once per (x, T) and horizon
 * (clv_expected_alive), in chunks of triples over threads (a run of one
 * (x, T) that a chunk boundary cuts is taken in both: the same values). */
#define PRED_CHUNK 1024
typedef struct pred_job {
    rmk_clv *x;
    clv_work *w;
    double month, hlen;
    const double *disc; /* (1 + delta)^k, k = 0 .. horizon */
    int alive_done;     /* w->alive holds the alive parts already (Pareto/NBD) */
} pred_job;

static void pred_chunk(void *vj, size_t chunk)
{
    const pred_job *j = vj;
    const clv_fit *f = &j->x->fit;
    clv_work *w = j->w;
    int H = j->x->o.horizon_months;
    double ea[1201]; /* the expectation of a living customer at k months, k <= 1200 */
    size_t lo = chunk * PRED_CHUNK, hi = lo + PRED_CHUNK < w->nt ? lo + PRED_CHUNK : w->nt;
    for (size_t i = lo; i < hi;) {
        const clv_triple *t0 = &w->tr[i];
        size_t e = i + 1;
        while (e < hi && w->tr[e].x == t0->x && w->tr[e].T == t0->T) e++;
        for (int k = 1; k <= H; k++) ea[k] = clv_expected_alive(f, k * j->month, t0->x, t0->T);
        double eho = w->holdout ? clv_expected_alive(f, j->hlen, t0->x, t0->T) : 0;
        for (; i < e; i++) {
            const clv_triple *t = &w->tr[i];
            double a = j->alive_done ? w->alive[i] : clv_alive_part(f, t->x, t->t_x, t->T);
            double prev = 0, sum = 0, ek = 0;
            for (int k = 1; k <= H; k++) {
                ek = clv_expected_join(f, a, ea[k]);
                sum += (ek - prev) / j->disc[k];
                prev = ek;
            }
            w->alive[i] = a;
            w->pa[i] = f->model == CLV_PARETONBD ? exp(a) : a;
            w->eh[i] = ek;
            w->wdisc[i] = sum;
            w->hexp[i] = w->holdout ? clv_expected_join(f, a, eho) : 0;
        }
    }
}

rmk_status clv_predict_triples(rmk_clv *x, clv_work *w, int threads)
{
    size_t nt = w->nt;
    int H = x->o.horizon_months;
    double *disc = malloc((size_t)(H + 1) * sizeof *disc);
    w->alive = malloc(nt * sizeof *w->alive);
    w->pa = malloc(nt * sizeof *w->pa);
    w->eh = malloc(nt * sizeof *w->eh);
    w->wdisc = malloc(nt * sizeof *w->wdisc);
    w->hexp = malloc(nt * sizeof *w->hexp);
    if (!disc || !w->alive || !w->pa || !w->eh || !w->wdisc || !w->hexp) {
        free(disc);
        return RMK_ERR_NOMEM;
    }
    double delta = pow(1.0 + x->o.discount, 1.0 / 12.0) - 1.0;
    for (int k = 0; k <= H; k++) disc[k] = pow(1.0 + delta, k);
    pred_job j = {x, w, (365.25 / 12.0) / w->u, (x->as_of - x->cal_end) / w->u, disc, 0};
    if (x->fit.model == CLV_PARETONBD) { /* two 2F1 a customer: once per distinct pair */
        rmk_status st = clv_pnbd_log_p_alive_all(x->fit.p, w->tr, nt, clv_threads(threads), w->alive);
        if (st != RMK_OK) {
            free(disc);
            return st;
        }
        j.alive_done = 1;
    }
    clv_par_for((nt + PRED_CHUNK - 1) / PRED_CHUNK, pred_chunk, &j, threads);
    free(disc);
    /* the spend model's population mean, else the observed mean */
    w->pop_value = x->has_spend ? clv_gg_expected(&x->spend, 0, 0) : NAN;
    if (!isfinite(w->pop_value) && !w->sm) { /* a summary's: the caller's sums */
        w->pop_value = w->pooled_n > 0 ? w->pooled_sum / w->pooled_n : NAN;
    } else if (!isfinite(w->pop_value)) {
        __int128 sum = 0;
        int64_t cnt = 0;
        for (size_t i = 0; i < w->ns; i++) sum += w->sm[i].repeat_net, cnt += w->sm[i].x;
        w->pop_value = cnt ? (double)sum / (double)cnt / RMK_MONEY_SCALE : 0;
    }
    return RMK_OK;
}

/* a customer's expected value per purchase: the spend model's
 * expectation; without it the customer's own mean repeat value, or the
 * population's when it has none */
double clv_value_of(const rmk_clv *x, const clv_work *w, double xr, double mean, int known)
{
    if (!known) return w->pop_value;
    return x->has_spend ? clv_gg_expected(&x->spend, xr, mean) : mean;
}

static double expected_value(const rmk_clv *x, const clv_work *w, const summ *s)
{
    int known = s->x > 0 && s->repeat_net > 0;
    double mean = known ? (double)s->repeat_net / (double)s->x / RMK_MONEY_SCALE : 0;
    return clv_value_of(x, w, (double)s->x, mean, known);
}

/* a model fitted to the edge of its space can still predict nothing
 * sensible: refuse rather than print NaN (the first such customer in the
 * book's order) */
static rmk_status check_finite(const rmk_clv *x, const clv_work *w, char *err, size_t errlen)
{
    for (size_t i = 0; i < w->ns; i++) {
        const summ *s = &w->sm[i];
        size_t t = w->tri[i];
        double clv = x->o.margin * expected_value(x, w, s) * w->wdisc[t];
        if (w->pa[t] >= 0 && w->pa[t] <= 1 && w->eh[t] >= 0 && isfinite(w->eh[t]) &&
            isfinite(clv) && w->hexp[t] >= 0 && isfinite(w->hexp[t]))
            continue;
        const agg_customer *ac = &agg_customers(x->ids)[s->cust];
        snprintf(err, errlen, "%s: the fitted model (r %g, alpha %g, ...) gives no finite prediction "
                              "for customer %.64s (x %lld, t_x %g, T %g %ss): the data do not "
                              "identify the model well enough (a longer history or another --unit "
                              "may help)",
                 w->path, x->fit.p[0], x->fit.p[1], agg_id(x->ids, ac), (long long)s->x,
                 w->tr[t].t_x, w->tr[t].T, rmk_time_unit_key(x->o.unit));
        return RMK_ERR_DATA;
    }
    return RMK_OK;
}

/* 5. per customer, in id order */
static rmk_status fill_customers(rmk_clv *x, const clv_work *w)
{
    size_t ns = w->ns;
    kv *order = malloc(ns * sizeof *order);
    x->out = calloc(ns, sizeof *x->out);
    if (!order || !x->out) {
        free(order);
        return RMK_ERR_NOMEM;
    }
    for (size_t i = 0; i < ns; i++) order[i] = (kv){0, w->sm[i].cust};
    if (agg_sort_by_id(x->ids, order, ns)) {
        free(order);
        return RMK_ERR_NOMEM;
    }
    /* the summaries are in customer order: summary of customer c by a map */
    uint32_t *of = malloc(w->hp->customers * sizeof *of);
    if (!of) {
        free(order);
        return RMK_ERR_NOMEM;
    }
    for (size_t i = 0; i < ns; i++) of[w->sm[i].cust] = (uint32_t)i;
    const agg_customer *ac = agg_customers(x->ids);
    for (size_t k = 0; k < ns; k++) {
        const summ *s = &w->sm[of[order[k].idx]];
        size_t t = w->tri[of[order[k].idx]];
        rmk_clv_customer *c = &x->out[x->n++];
        c->customer_id = agg_id(x->ids, &ac[s->cust]);
        c->id_len = ac[s->cust].id_len;
        c->first_purchase = s->first;
        c->last_purchase = s->last;
        c->x = s->x;
        c->t_x = w->tr[t].t_x;
        c->T = w->tr[t].T;
        c->value_known = s->x > 0 && s->repeat_net > 0;
        c->mean_value = s->x > 0 ? (double)s->repeat_net / (double)s->x / RMK_MONEY_SCALE : 0;
        c->mean_exact = s->repeat_net >= INT64_MIN && s->repeat_net <= INT64_MAX;
        c->repeat_net = c->mean_exact ? (int64_t)s->repeat_net : 0;
        c->p_alive = w->pa[t];
        c->expected_purchases = w->eh[t];
        c->expected_value = expected_value(x, w, s);
        c->clv = x->o.margin * c->expected_value * w->wdisc[t];
        c->holdout_purchases = w->holdout ? s->holdout : -1;
        c->holdout_expected = w->holdout ? w->hexp[t] : 0;
    }
    free(of);
    free(order);
    return RMK_OK;
}

/* 6. the holdout check by calibration purchases */
static void holdout_rows(rmk_clv *x)
{
    x->nhold = HOLDOUT_ROWS;
    for (int k = 0; k < HOLDOUT_ROWS; k++) x->hold[k].x = k;
    for (size_t i = 0; i < x->n; i++) {
        const rmk_clv_customer *c = &x->out[i];
        rmk_clv_holdout_row *r = &x->hold[c->x < HOLDOUT_ROWS - 1 ? c->x : HOLDOUT_ROWS - 1];
        r->customers++;
        r->actual += (double)c->holdout_purchases;
        r->expected += c->holdout_expected;
    }
    for (int k = 0; k < HOLDOUT_ROWS; k++)
        if (x->hold[k].customers) {
            x->hold[k].actual /= (double)x->hold[k].customers;
            x->hold[k].expected /= (double)x->hold[k].customers;
        }
}

/* 7. tracking: cumulative repeat purchases per unit period, actual (every
 * purchase day after a customer's first, up to as_of) and expected (the
 * sum over first-purchase days of E[X(t)]) */
static size_t tracking_periods(const rmk_clv *x, const clv_work *w, int32_t *lo_out)
{
    int32_t lo = INT32_MAX;
    for (size_t i = 0; i < w->ns; i++)
        if (w->sm[i].first < lo) lo = w->sm[i].first;
    *lo_out = lo;
    double span = (x->as_of - lo + 1) / w->u;
    size_t np = (size_t)ceil(span);
    if (np > MAX_TRACK) return 0; /* days over centuries: no tracking table */
    /* E[X(t)] is taken once per day difference t (memo below); for BG/NBD
     * each costs ~39 / (1 - z) series terms, z = t / (alpha + t), so all of
     * them ~39 D^2 / (2 alpha) in units: beyond 2e8 (seconds; spans of
     * centuries against a small alpha, never seen in real data) there is no
     * tracking table either, rather than minutes */
    double D = (double)(x->as_of - lo) / w->u;
    if (x->fit.model == CLV_BGNBD && x->fit.p[1] > 0 && 39.0 * D * D / (2.0 * x->fit.p[1]) + D > 2e8)
        return 0;
    return np;
}

static rmk_status tracking(rmk_clv *x, const clv_work *w)
{
    int32_t lo;
    size_t np = tracking_periods(x, w, &lo), ns = w->ns;
    if (!np) return RMK_OK;
    const history *hp = w->hp;
    x->track = calloc(np, sizeof *x->track);
    int32_t *fd = malloc(ns * sizeof *fd);
    size_t nd = (size_t)(x->as_of - lo) + 1;
    double *memo = malloc(nd * sizeof *memo); /* E[X(d / u)] by day difference d; -1 unset */
    if (!x->track || !fd || !memo) {
        free(fd);
        free(memo);
        return RMK_ERR_NOMEM;
    }
    for (size_t k = 0; k < np; k++) {
        double e = lo - 1 + (k + 1) * w->u; /* the period's end, a day (may be fractional) */
        x->track[k].period_end = (int32_t)floor(e);
        if (x->track[k].period_end > x->as_of) x->track[k].period_end = x->as_of;
    }
    x->ntrack = np;
    /* actual: count repeat purchase days per period, then cumulate */
    for (size_t i = 0; i < ns; i++) {
        size_t c = w->sm[i].cust;
        int first = 1;
        for (size_t d = hp->off[c]; d < hp->off[c + 1]; d++) {
            if (!(hp->days[d].purchases & HDAY_ACTIVE)) continue;
            if (first) {
                first = 0;
                continue;
            }
            size_t k = (size_t)floor((hp->days[d].day - lo + 1) / w->u - 1e-9);
            if (k < np) x->track[k].actual += 1;
        }
    }
    for (size_t k = 1; k < np; k++) x->track[k].actual += x->track[k - 1].actual;
    /* expected: customers grouped by first purchase day */
    for (size_t i = 0; i < ns; i++) fd[i] = w->sm[i].first;
    qsort(fd, ns, sizeof *fd, int32_cmp);
    for (size_t d = 0; d < nd; d++) memo[d] = -1;
    for (size_t i = 0; i < ns;) {
        size_t j = i;
        while (j < ns && fd[j] == fd[i]) j++;
        double n = (double)(j - i);
        for (size_t k = 0; k < np; k++) {
            int32_t e = x->track[k].period_end;
            if (e < fd[i]) continue;
            size_t d = (size_t)(e - fd[i]); /* < nd: fd[i] >= lo, e <= as_of */
            if (memo[d] == -1) memo[d] = clv_expected_new(&x->fit, d / w->u);
            double ev = memo[d];
            x->track[k].expected += isfinite(ev) ? n * ev : NAN;
        }
        i = j;
    }
    free(memo);
    free(fd);
    return RMK_OK;
}

rmk_status rmk_clv_run(const rmk_book *book, const rmk_clv_opts *o, rmk_clv **out, char *err,
                       size_t errlen)
{
    *out = NULL;
    rmk_clv_opts odef;
    if (!o) rmk_clv_opts_init(&odef), o = &odef;
    rmk_status st = clv_check_opts(o, err, errlen);
    if (st) return st;
    if (book_lacks(book, RMK_BOOK_DAYS, "the lifetime value", err, errlen)) return RMK_ERR_USAGE;
    clv_work w = {.hp = &book->h, .path = book->path, .u = rmk_time_unit_days(o->unit)};
    clv_fit_opts fo = {o->threads, o->penalizer, o->progress, o->progress_ctx};
    rmk_clv *x = calloc(1, sizeof *x);
    if (!x) goto nomem;
    x->o = *o;
    x->ids = book->h.ids;
    if ((st = clv_dates(x, o, w.path, err, errlen))) goto fail;
    w.holdout = x->cal_end < x->as_of;
    if ((st = summarise(x, &w, err, errlen))) goto fail;
    if ((st = make_triples(x, &w))) goto fail;
    if ((st = fit_models(x, &w, &fo, err, errlen))) goto fail;
    if ((st = clv_predict_triples(x, &w, o->threads))) goto fail;
    if ((st = check_finite(x, &w, err, errlen))) goto fail;
    if ((st = fill_customers(x, &w))) goto fail;
    if (w.holdout) holdout_rows(x);
    if ((st = tracking(x, &w))) goto fail;
    goto done;
nomem:
    st = RMK_ERR_NOMEM;
fail:
    if (st == RMK_ERR_NOMEM) snprintf(err, errlen, "out of memory");
    rmk_clv_free(x);
    x = NULL;
done:
    clv_work_free(&w);
    *out = x;
    return st;
}

/* ------------------------------------------------- economics of retention */

/* lecture §1 (Reichheld & Sasser 1990) */
static const struct {
    const char *en, *ru;
    int pct;
} industries[] = {{"Advertising agency", "Рекламное агентство", 95},
                  {"Life insurance company", "Компания по страхованию жизни", 90},
                  {"Branch bank deposits", "Депозиты в филиале банка", 85},
                  {"Publishing", "Издательское дело", 85},
                  {"Auto service and repair", "Обслуживание и ремонт автомобилей", 81},
                  {"Home and auto insurance", "Страхование домов и автомобилей", 80},
                  {"Credit cards", "Кредитные карты", 75},
                  {"Industrial brokerage", "Промышленное брокерство", 50},
                  {"Industrial distribution", "Промышленная дистрибуция", 45},
                  {"Industrial laundry", "Промышленная стирка", 45},
                  {"Office building management", "Управление офисным зданием", 40}};

const char *rmk_lecture_industry(int i, const char *lang, int *pct)
{
    if (i < 0 || i >= (int)(sizeof industries / sizeof industries[0])) return NULL;
    if (pct) *pct = industries[i].pct;
    return lang && !strcmp(lang, "ru") ? industries[i].ru : industries[i].en;
}

static int economics_opts_bad(double margin, double discount, double acquisition_cost, char *err,
                              size_t errlen)
{
    if (!(margin > 0 && margin <= 1) || !(discount >= 0 && discount < 10) || !(acquisition_cost >= 0)) {
        snprintf(err, errlen, "bad options: margin in (0, 1], discount 0..10, acquisition cost >= 0");
        return 1;
    }
    return 0;
}

rmk_status rmk_retention_economics_file(const char *path, const rmk_read_opts *ro, int32_t as_of,
                                        double margin, double discount, double acquisition_cost,
                                        rmk_retention_economics *e, char *err, size_t errlen)
{
    memset(e, 0, sizeof *e);
    if (economics_opts_bad(margin, discount, acquisition_cost, err, errlen)) return RMK_ERR_USAGE;
    rmk_book *book = NULL;
    rmk_status st = book_read_for(path, ro, as_of, RMK_BOOK_DAYS, NULL, &book, err, errlen);
    if (st == RMK_OK)
        st = rmk_retention_economics_run(book, as_of, margin, discount, acquisition_cost, e, err, errlen);
    rmk_book_free(book);
    return st;
}

rmk_status rmk_retention_economics_run(const rmk_book *book, int32_t as_of, double margin,
                                       double discount, double acquisition_cost,
                                       rmk_retention_economics *e, char *err, size_t errlen)
{
    memset(e, 0, sizeof *e);
    if (economics_opts_bad(margin, discount, acquisition_cost, err, errlen)) return RMK_ERR_USAGE;
    if (book_lacks(book, RMK_BOOK_DAYS, "the retention economics", err, errlen)) return RMK_ERR_USAGE;
    const char *path = book->path;
    const history *hp = &book->h;
    rmk_agg_stats as;
    rmk_agg_get_stats(hp->ids, &as);
    e->as_of = as_of != RMK_NO_DATE ? as_of : as.last_day;
    e->first_day = as.first_day;
    if (e->as_of == RMK_NO_DATE) {
        snprintf(err, errlen, "%s: no transactions", path);
        return RMK_ERR_EMPTY;
    }
    /* years ending with as_of: (as_of - 12 months, as_of] and the one before */
    int32_t y1 = rmk_add_months(e->as_of, -12), y0 = rmk_add_months(e->as_of, -24);
    __int128 net_last = 0;
    size_t active_last = 0;
    __int128 tnet[50] = {0};
    for (size_t c = 0; c < hp->customers; c++) {
        int before = 0, last = 0;
        int32_t first = RMK_NO_DATE;
        __int128 cnet = 0;
        for (size_t i = hp->off[c]; i < hp->off[c + 1]; i++) {
            const hday *d = &hp->days[i];
            int active = (d->purchases & HDAY_ACTIVE) != 0;
            if (active && first == RMK_NO_DATE) first = d->day;
            if (d->day > y1) {
                cnet += d->net;
                last |= active;
            } else if (d->day > y0) {
                before |= active;
            }
        }
        if (before) {
            e->active_before++;
            e->retained += last;
        }
        if (last) {
            active_last++;
            net_last += cnet;
        }
        if (first == RMK_NO_DATE) continue;
        /* tenure years fully observed: year k is [first + (k-1) years, first + k years) */
        for (int k = 1; k <= 50; k++) {
            int32_t ks = rmk_add_months(first, 12 * (k - 1)), ke = rmk_add_months(first, 12 * k);
            if (ke - 1 > e->as_of) break;
            __int128 yn = 0;
            for (size_t i = hp->off[c]; i < hp->off[c + 1]; i++)
                if (hp->days[i].day >= ks && hp->days[i].day < ke) yn += hp->days[i].net;
            tnet[k - 1] += yn;
            e->tenure_customers[k - 1]++;
            if ((size_t)k > e->tenure_years) e->tenure_years = (size_t)k;
        }
    }
    if (e->active_before == 0 || active_last == 0) {
        snprintf(err, errlen, "%s: the retention economics need customers active in both of the two "
                              "years ending with the as-of date", path);
        return RMK_ERR_DATA;
    }
    e->retention = (double)e->retained / (double)e->active_before;
    e->margin_per_customer = margin * (double)net_last / (double)active_last / RMK_MONEY_SCALE;
    e->discount = discount;
    e->acquisition_cost = acquisition_cost;
    double r = e->retention, r5 = r + 0.05 < 0.99 ? r + 0.05 : 0.99, m = e->margin_per_customer;
    e->clv = m * r / (1 + discount - r) - acquisition_cost;
    e->clv_plus5 = m * r5 / (1 + discount - r5) - acquisition_cost;
    e->retention_plus5 = r5;
    e->change_pct = e->clv != 0 ? (e->clv_plus5 - e->clv) / fabs(e->clv) * 100.0 : 0;
    for (size_t k = 0; k < e->tenure_years; k++)
        e->tenure_profit[k] = e->tenure_customers[k]
                                  ? margin * (double)tnet[k] / (double)e->tenure_customers[k] / RMK_MONEY_SCALE
                                  : 0;
    return RMK_OK;
}
