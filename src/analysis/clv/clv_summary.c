/* SPDX-License-Identifier: MIT */
/* clv_summary.c — lifetime value from per-customer summaries (x, t_x, T
 * and the mean repeat value) as lifetimes and CLVTools users have them
 * (docs/clv.md, "From a summary"): the fits and predictions of
 * rmk_clv_run without the transactions, so without dates (no holdout, no
 * tracking). */
#include "clvrun.h"
#include "clvpar.h"
#include "csv.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the triples' order of clv.c: x, then T, then t_x (the customers of one
 * (x, T) together: they share the expectation of a living customer) */
typedef struct skey {
    double x, T, tx;
    size_t i;
} skey;
static int skey_cmp(const void *pa, const void *pb)
{
    const skey *a = pa, *b = pb;
    if (a->x != b->x) return a->x < b->x ? -1 : 1;
    if (a->T != b->T) return a->T < b->T ? -1 : 1;
    if (a->tx != b->tx) return a->tx < b->tx ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* customers in byte order of their ids (clv.c's output order) */
typedef struct sid {
    const char *id;
    size_t len, i;
} sid;
static int sid_cmp(const void *pa, const void *pb)
{
    const sid *a = pa, *b = pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->id, b->id, n);
    if (c) return c;
    return (a->len > b->len) - (a->len < b->len);
}

/* each row a customer summary the models can take; RMK_ERR_DATA naming
 * the customer and what is wrong */
static rmk_status check_rows(size_t n, const char *const *ids, const double *x, const double *t_x,
                             const double *T, const double *m, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        char nm[96];
        if (ids) snprintf(nm, sizeof nm, "customer %.64s", ids[i]);
        else snprintf(nm, sizeof nm, "summary row %zu", i + 1);
        const char *why = NULL;
        if (!(isfinite(x[i]) && x[i] >= 0 && x[i] == floor(x[i]) && x[i] <= 1e9))
            why = "frequency (x) must be a whole number of repeat purchases, 0 .. 1e9";
        else if (!(isfinite(T[i]) && T[i] >= 0 && T[i] <= 1e7))
            why = "T must be a time >= 0 (in the unit)";
        else if (!(isfinite(t_x[i]) && t_x[i] >= 0 && t_x[i] <= T[i]))
            why = "recency (t_x) must lie between 0 and T";
        else if (x[i] == 0 && t_x[i] != 0)
            why = "recency (t_x) must be 0 without a repeat purchase (x = 0): are the columns swapped?";
        else if (m && !isfinite(m[i]))
            why = "monetary_value must be a number";
        if (why) {
            snprintf(err, errlen, "%s: %s (x %g, t_x %g, T %g)", nm, why, x[i], t_x[i], T[i]);
            return RMK_ERR_DATA;
        }
    }
    return RMK_OK;
}

/* the ids, copied (or the row numbers), in id order into x->out's order */
static rmk_status own_ids(rmk_clv *x, size_t n, const char *const *ids, sid **order, char *err,
                          size_t errlen)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += (ids ? strlen(ids[i]) : 20) + 1;
    x->id_buf = malloc(total ? total : 1);
    sid *o = malloc((n ? n : 1) * sizeof *o);
    if (!x->id_buf || !o) {
        free(o);
        return RMK_ERR_NOMEM;
    }
    char *p = x->id_buf;
    for (size_t i = 0; i < n; i++) {
        size_t len = ids ? strlen(ids[i]) : (size_t)snprintf(p, 21, "%zu", i + 1);
        if (ids) memcpy(p, ids[i], len + 1);
        o[i] = (sid){p, len, i};
        p += len + 1;
    }
    qsort(o, n, sizeof *o, sid_cmp);
    for (size_t k = 1; k < n; k++)
        if (!sid_cmp(&o[k - 1], &o[k])) {
            snprintf(err, errlen, "customer %.64s appears twice in the summary", o[k].id);
            free(o);
            return RMK_ERR_DATA;
        }
    *order = o;
    return RMK_OK;
}

/* the distinct triples, w->tri mapping each row to its triple */
static rmk_status group_triples(clv_work *w, size_t n, const double *x, const double *t_x,
                                const double *T)
{
    skey *k = malloc(n * sizeof *k);
    w->tr = malloc(n * sizeof *w->tr);
    w->tri = malloc(n * sizeof *w->tri);
    if (!k || !w->tr || !w->tri) {
        free(k);
        return RMK_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) k[i] = (skey){x[i], T[i], t_x[i], i};
    qsort(k, n, sizeof *k, skey_cmp);
    size_t nt = 0;
    for (size_t j = 0; j < n; j++) {
        if (j == 0 || k[j].x != k[j - 1].x || k[j].T != k[j - 1].T || k[j].tx != k[j - 1].tx)
            w->tr[nt++] = (clv_triple){k[j].x, k[j].tx, k[j].T, 0};
        w->tr[nt - 1].n += 1;
        w->tri[k[j].i] = (uint32_t)(nt - 1);
    }
    w->nt = nt;
    free(k);
    return RMK_OK;
}

/* the spend records (x >= 1, mean > 0) and the pooled observed mean */
static rmk_status spend_records(rmk_clv *x, clv_work *w, size_t n, const double *xs,
                                const double *m, clv_spend **sp, size_t *nsp)
{
    *sp = malloc((n ? n : 1) * sizeof **sp);
    if (!*sp) return RMK_ERR_NOMEM;
    *nsp = 0;
    for (size_t i = 0; i < n; i++) {
        if (xs[i] == 0) {
            x->stats.no_repeat++;
            continue;
        }
        if (!m) continue;
        w->pooled_sum += m[i] * xs[i];
        w->pooled_n += xs[i];
        if (m[i] <= 0) x->stats.nonpositive_value++;
        else (*sp)[(*nsp)++] = (clv_spend){xs[i], m[i], 1};
    }
    if (!m) { /* nothing to value the purchases with */
        x->o.spend = 0;
        x->stats.no_value = 1;
    }
    return RMK_OK;
}

/* per customer in id order; a prediction that is not finite is refused
 * (clv.c's check_finite) */
static rmk_status fill(rmk_clv *x, const clv_work *w, const sid *order, size_t n,
                       const double *xs, const double *m, char *err, size_t errlen)
{
    if (!(x->out = calloc(n ? n : 1, sizeof *x->out))) return RMK_ERR_NOMEM;
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k].i, t = w->tri[i];
        rmk_clv_customer *c = &x->out[x->n++];
        c->customer_id = order[k].id;
        c->id_len = order[k].len;
        c->first_purchase = c->last_purchase = RMK_NO_DATE;
        c->x = (int64_t)xs[i];
        c->t_x = w->tr[t].t_x;
        c->T = w->tr[t].T;
        double mean = m && xs[i] > 0 ? m[i] : 0, minor = mean * RMK_MONEY_SCALE;
        c->value_known = xs[i] > 0 && mean > 0;
        c->mean_value = m ? mean : NAN; /* not known without monetary_value */
        /* the mean as given (to 1/10,000), times x: printed exactly */
        c->mean_exact = m && fabs(minor) * xs[i] < 9e18;
        c->repeat_net = c->mean_exact ? (int64_t)llround(minor) * c->x : 0;
        c->p_alive = w->pa[t];
        c->expected_purchases = w->eh[t];
        c->expected_value = clv_value_of(x, w, xs[i], mean, c->value_known);
        c->clv = x->o.margin * c->expected_value * w->wdisc[t];
        c->holdout_purchases = -1;
        if (!(c->p_alive >= 0 && c->p_alive <= 1 && c->expected_purchases >= 0 &&
              isfinite(c->expected_purchases) && (!m || isfinite(c->clv)))) {
            snprintf(err, errlen, "the fitted model gives no finite prediction for customer %.64s "
                                  "(x %g, t_x %g, T %g %ss): the data do not identify the model "
                                  "well enough (more customers, or --penalizer)",
                     c->customer_id, xs[i], c->t_x, c->T, rmk_time_unit_key(x->o.unit));
            return RMK_ERR_DATA;
        }
    }
    return RMK_OK;
}

rmk_status rmk_clv_summary_run(size_t n, const char *const *ids, const double *x,
                               const double *t_x, const double *T, const double *m,
                               const rmk_clv_opts *o, rmk_clv **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_clv_opts odef;
    if (!o) rmk_clv_opts_init(&odef), o = &odef;
    rmk_status st = clv_check_opts(o, err, errlen);
    if (st) return st;
    if (o->holdout != RMK_NO_DATE) {
        snprintf(err, errlen, "a summary has no dates: no holdout period");
        return RMK_ERR_USAGE;
    }
    if (!n || !x || !t_x || !T) {
        snprintf(err, errlen, "the summary has no customers");
        return RMK_ERR_EMPTY;
    }
    if (n > UINT32_MAX) { /* the triples' index */
        snprintf(err, errlen, "the summary has more than 2^32 customers");
        return RMK_ERR_DATA;
    }
    if ((st = check_rows(n, ids, x, t_x, T, m, err, errlen))) return st;
    clv_work w = {.path = "summary", .u = rmk_time_unit_days(o->unit)};
    clv_fit_opts fo = {o->threads, o->penalizer, o->progress, o->progress_ctx};
    rmk_clv *r = calloc(1, sizeof *r);
    sid *order = NULL;
    clv_spend *sp = NULL;
    size_t nsp = 0;
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return RMK_ERR_NOMEM;
    }
    r->o = *o;
    r->as_of = r->cal_end = RMK_NO_DATE;
    r->stats.customers = n;
    r->stats.rows = n;
    w.ns = n;
    if ((st = own_ids(r, n, ids, &order, err, errlen)) == RMK_OK &&
        (st = group_triples(&w, n, x, t_x, T)) == RMK_OK &&
        (st = spend_records(r, &w, n, x, m, &sp, &nsp)) == RMK_OK &&
        (st = clv_fit_both(r, &w, sp, nsp, &fo, err, errlen)) == RMK_OK &&
        (st = clv_predict_triples(r, &w, o->threads)) == RMK_OK)
        st = fill(r, &w, order, n, x, m, err, errlen);
    free(order);
    free(sp);
    clv_work_free(&w);
    if (st == RMK_ERR_NOMEM) snprintf(err, errlen, "out of memory");
    if (st) {
        rmk_clv_free(r);
        return st;
    }
    *out = r;
    return RMK_OK;
}

/* ------------------------------------------------------- the summary file */
enum { S_ID, S_X, S_TX, S_T, S_M, S_ROLES };
/* header names, compared without case: lifetimes' summary_data_from_
 * transaction_data (an id column, frequency, recency, T, monetary_value),
 * CLVTools' and BTYD's customer-by-sufficiency tables (Id, x, t.x, T.cal,
 * Spending; m.x), the CDNOW files (ID, x, t_x, T, zbar) and relmark clv's
 * own CSV (customer_id, x, t_x, T, mean_value) */
static const char *const role_names[S_ROLES][10] = {
    {"customer_id", "id", "customerid", "customer", "cust_id", "client_id", NULL},
    {"frequency", "x", NULL},
    {"recency", "t_x", "t.x", NULL},
    {"T", "T.cal", "T_cal", "age", NULL},
    {"monetary_value", "monetary", "spending", "zbar", "m.x", "m_x", "mean_value", NULL},
};
static const char *const role_key[S_ROLES] = {"id", "frequency", "recency", "T", "monetary_value"};

static int role_of(const csv_field *f)
{
    for (int r = 0; r < S_ROLES; r++)
        for (int k = 0; role_names[r][k]; k++)
            if (strlen(role_names[r][k]) == f->len && !strncasecmp(role_names[r][k], f->p, f->len))
                return r;
    return -1;
}

/* the columns of each role from the header; the id without a name of its
 * own is the first column no other role took (lifetimes writes its index,
 * named after the transactions' id column) */
static rmk_status find_roles(const csv_field *f, size_t nf, long *col, const char *name, char *err,
                             size_t errlen)
{
    for (int r = 0; r < S_ROLES; r++) col[r] = -1;
    for (size_t i = 0; i < nf; i++) {
        int r = role_of(&f[i]);
        if (r >= 0 && col[r] < 0) col[r] = (long)i;
    }
    for (size_t i = 0; i < nf && col[S_ID] < 0; i++) {
        int taken = 0;
        for (int r = 1; r < S_ROLES; r++) taken |= col[r] == (long)i;
        if (!taken) col[S_ID] = (long)i;
    }
    char miss[128] = "";
    for (int r = S_X; r <= S_T; r++)
        if (col[r] < 0)
            snprintf(miss + strlen(miss), sizeof miss - strlen(miss), "%s%s", miss[0] ? ", " : "",
                     role_key[r]);
    if (miss[0]) {
        snprintf(err, errlen, "%s: the summary's header names no column for %s (lifetimes: "
                              "frequency, recency, T, monetary_value; CLVTools: x, t.x, T.cal, "
                              "Spending)", name, miss);
        return RMK_ERR_DATA;
    }
    return RMK_OK;
}

/* a number in a cell: a decimal point, or a decimal comma alone; "" and
 * NA are NAN (allowed for monetary_value without a repeat purchase) */
static int cell_number(const csv_field *f, double *v)
{
    char b[64];
    size_t len = f->len, k = 0;
    while (len && (f->p[len - 1] == ' ')) len--;
    const char *p = f->p;
    while (len && *p == ' ') p++, len--;
    if (len == 0 || (len == 2 && !strncasecmp(p, "NA", 2))) {
        *v = NAN;
        return 0;
    }
    if (len >= sizeof b) return -1;
    int dots = 0, commas = 0;
    for (size_t i = 0; i < len; i++) dots += p[i] == '.', commas += p[i] == ',';
    for (size_t i = 0; i < len; i++) b[k++] = p[i] == ',' && commas == 1 && !dots ? '.' : p[i];
    b[k] = 0;
    char *end;
    *v = strtod(b, &end);
    return end != b && *end == 0 && isfinite(*v) ? 0 : -1;
}

typedef struct srows {
    size_t n, cap;
    double *v[4];   /* x, t_x, T, m */
    size_t *idoff;  /* offsets into ids */
    char *ids;
    size_t idlen, idcap;
} srows;

static void srows_free(srows *s)
{
    for (int k = 0; k < 4; k++) free(s->v[k]);
    free(s->idoff);
    free(s->ids);
}

static int srows_grow(srows *s, size_t idneed)
{
    if (s->n == s->cap) {
        size_t c = s->cap ? 2 * s->cap : 1024;
        for (int k = 0; k < 4; k++) {
            double *p = realloc(s->v[k], c * sizeof *p);
            if (!p) return -1;
            s->v[k] = p;
        }
        size_t *q = realloc(s->idoff, c * sizeof *q);
        if (!q) return -1;
        s->idoff = q;
        s->cap = c;
    }
    if (s->idlen + idneed > s->idcap) {
        size_t c = (s->idlen + idneed) * 2 + 4096;
        char *p = realloc(s->ids, c);
        if (!p) return -1;
        s->ids = p;
        s->idcap = c;
    }
    return 0;
}

/* one data row into s; RMK_ERR_DATA "FILE:LINE: ..." */
static rmk_status read_row(csv_reader *cr, const csv_field *f, size_t nf, const long *col, srows *s,
                           char *err, size_t errlen)
{
    size_t il = col[S_ID] >= 0 && (size_t)col[S_ID] < nf ? f[col[S_ID]].len : 0;
    if (srows_grow(s, il + 1)) return RMK_ERR_NOMEM;
    double v[4];
    for (int r = S_X; r <= S_M; r++) {
        v[r - 1] = NAN;
        if (col[r] < 0) continue;
        if ((size_t)col[r] >= nf || cell_number(&f[col[r]], &v[r - 1]) ||
            (r != S_M && isnan(v[r - 1]))) {
            const csv_field *c = (size_t)col[r] < nf ? &f[col[r]] : NULL;
            snprintf(err, errlen, "%s:%llu: %s '%.*s' is not a number", csv_name(cr),
                     (unsigned long long)csv_line(cr), role_key[r], c ? (int)(c->len > 40 ? 40 : c->len) : 0,
                     c ? c->p : "");
            return RMK_ERR_DATA;
        }
    }
    if (col[S_M] >= 0 && isnan(v[3])) {
        if (v[0] > 0) {
            snprintf(err, errlen, "%s:%llu: monetary_value is empty for a customer with repeat "
                                  "purchases", csv_name(cr), (unsigned long long)csv_line(cr));
            return RMK_ERR_DATA;
        }
        v[3] = 0;
    }
    if (il == 0) {
        snprintf(err, errlen, "%s:%llu: no customer id", csv_name(cr), (unsigned long long)csv_line(cr));
        return RMK_ERR_DATA;
    }
    for (int k = 0; k < 4; k++) s->v[k][s->n] = v[k];
    s->idoff[s->n++] = s->idlen;
    memcpy(s->ids + s->idlen, f[col[S_ID]].p, il);
    s->ids[s->idlen + il] = 0;
    s->idlen += il + 1;
    return RMK_OK;
}

static rmk_status read_summary(csv_reader *cr, srows *s, int *has_m, char *err, size_t errlen)
{
    const csv_field *f;
    size_t nf;
    rmk_status st = RMK_OK;
    int got = csv_next(cr, &f, &nf, &st, err, errlen);
    if (got <= 0) {
        if (got == 0) snprintf(err, errlen, "%s: empty summary", csv_name(cr));
        return got == 0 ? RMK_ERR_EMPTY : st;
    }
    long col[S_ROLES];
    if ((st = find_roles(f, nf, col, csv_name(cr), err, errlen))) return st;
    *has_m = col[S_M] >= 0;
    while ((got = csv_next(cr, &f, &nf, &st, err, errlen)) > 0)
        if ((st = read_row(cr, f, nf, col, s, err, errlen))) return st;
    return got < 0 ? st : RMK_OK;
}

rmk_status rmk_clv_summary_file(const char *path, const rmk_read_opts *ro, const rmk_clv_opts *o,
                                rmk_clv **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_read_opts rdef;
    if (!ro) rmk_read_opts_init(&rdef), ro = &rdef;
    if (ro->no_header || ro->map) {
        snprintf(err, errlen, "a summary is read by its header: no --map, no --no-header");
        return RMK_ERR_USAGE;
    }
    rmk_status st = RMK_OK;
    csv_reader *cr = csv_open(path, ro->encoding, ro->delimiter, &st, err, errlen);
    if (!cr) return st;
    srows s = {0};
    int has_m = 0;
    st = read_summary(cr, &s, &has_m, err, errlen);
    const char **ids = st ? NULL : malloc((s.n ? s.n : 1) * sizeof *ids);
    if (!st && !ids) st = RMK_ERR_NOMEM;
    if (!st) {
        for (size_t i = 0; i < s.n; i++) ids[i] = s.ids + s.idoff[i];
        st = rmk_clv_summary_run(s.n, ids, s.v[0], s.v[1], s.v[2], has_m ? s.v[3] : NULL, o, out,
                                 err, errlen);
    }
    if (st == RMK_ERR_NOMEM) snprintf(err, errlen, "out of memory");
    free(ids);
    srows_free(&s);
    csv_close(cr);
    return st;
}
