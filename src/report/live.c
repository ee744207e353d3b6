/* SPDX-License-Identifier: MIT */
/* live.c — the state `relmark serve` answers from (docs/api.md): every
 * analysis run once on the workspace's book (the report's), indexed by
 * customer id, and each customer's R, F, M kept up to date as rows arrive
 * (rmk_live_update) against the cut-offs of the last rescore. */
#include "report.h"
#include "sort.h"
#include "errmsg.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct live_cust {
    const char *id; /* into the analyses' results, or owned (added since the rescore) */
    size_t len;
    long rfm_i, stage_i, rate_i, clv_i; /* -1: not in that result */
    rmk_live_card card;
} live_cust;

struct rmk_live {
    rmk_book *book;
    rmk_report *rep;
    char *path;
    live_cust *c; /* id order */
    size_t n;
    live_cust *x; /* customers first seen since the rescore, id order; ids owned */
    size_t nx, capx;
    int64_t computed_at; /* Unix seconds */
    int bins;
    int have[3][10];              /* a score of R, F, M held by some customer */
    rmk_rfm_cutoff cut[3][10];    /* its range */
    size_t *seg_count;            /* customers per segment (scored ones) */
};

/* the index in x (id order) of id in one of the results, or -1 */
#define FIND_IN(count, at, x, id, len)                                                \
    do {                                                                              \
        size_t lo_ = 0, hi_ = (count);                                                \
        found = -1;                                                                   \
        while (lo_ < hi_) {                                                           \
            size_t mid_ = (lo_ + hi_) / 2;                                            \
            int c_ = id_order(at((x), mid_)->customer_id, at((x), mid_)->id_len, id, len); \
            if (!c_) { found = (long)mid_; break; }                                   \
            if (c_ < 0) lo_ = mid_ + 1; else hi_ = mid_;                              \
        }                                                                             \
    } while (0)

static long find_rfm(const rmk_rfm *x, const char *id, size_t len)
{
    long found;
    if (!x) return -1;
    FIND_IN(rmk_rfm_count(x), rmk_rfm_at, x, id, len);
    return found;
}
static long find_clv(const rmk_clv *x, const char *id, size_t len)
{
    long found;
    if (!x) return -1;
    FIND_IN(rmk_clv_count(x), rmk_clv_at, x, id, len);
    return found;
}
/* the rating's ids carry no length: they hold no NUL byte (a customers
 * file's ids are text) */
static long find_rated(const rmk_rating *x, const char *id, size_t len)
{
    if (!x) return -1;
    size_t lo = 0, hi = rmk_rating_count(x);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const char *m = rmk_rating_at(x, mid)->customer_id;
        int c = id_order(m, strlen(m), id, len);
        if (!c) return (long)mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

/* R scores best for the fewest days; F and M for the most (docs/rfm.md).
 * A value between two groups' ranges takes the better group's score only
 * when it reaches that group's range: R at most its highest recency, F and
 * M at least its lowest value; below every group's range: score 1. */
static int score_of(const rmk_live *l, int k, int64_t num, int64_t den)
{
    for (int s = l->bins; s >= 1; s--) {
        if (!l->have[k][s]) continue;
        const rmk_rfm_cutoff *c = &l->cut[k][s];
        if (k == 0 ? num <= c->hi_num
                   : (__int128)num * c->lo_den >= (__int128)c->lo_num * den)
            return s;
    }
    return 1;
}

static void rescore_card(rmk_live *l, rmk_live_card *d)
{
    const rmk_segmap *map = l->rep->map;
    if (d->scored && d->segment >= 0 && l->seg_count) l->seg_count[d->segment]--;
    d->scored = d->frequency >= 1 && d->last_purchase != RMK_NO_DATE;
    d->segment = -1;
    if (!d->scored) return;
    /* a purchase dated after the cut-offs' as-of date has recency 0 */
    d->recency_days = l->rep->as_of > d->last_purchase ? l->rep->as_of - d->last_purchase : 0;
    d->monetary_num = d->net_minor;
    d->monetary_den = d->frequency;
    d->r = score_of(l, 0, d->recency_days, 1);
    d->f = score_of(l, 1, d->frequency, 1);
    d->m = score_of(l, 2, d->monetary_num, d->monetary_den);
    d->segment = map ? rmk_segmap_lookup(map, d->r, d->f, d->m) : -1;
    if (d->segment >= 0 && l->seg_count) l->seg_count[d->segment]++;
}

static void fill(rmk_live *l, live_cust *c)
{
    rmk_report *r = l->rep;
    rmk_live_card *d = &c->card;
    memset(d, 0, sizeof *d);
    d->customer_id = c->id;
    d->id_len = c->len;
    d->segment = -1;
    d->first_purchase = d->last_purchase = RMK_NO_DATE;
    d->stage = c->stage_i >= 0 ? rmk_stages_at(r->stages, (size_t)c->stage_i) : NULL;
    d->rating = c->rate_i >= 0 ? rmk_rating_at(r->rating, (size_t)c->rate_i) : NULL;
    d->clv = c->clv_i >= 0 ? rmk_clv_at(r->clv, (size_t)c->clv_i) : NULL;
    if (c->rfm_i < 0) return;
    const rmk_rfm_customer *f = rmk_rfm_at(r->rfm, (size_t)c->rfm_i);
    d->scored = 1;
    d->recency_days = f->recency_days;
    d->frequency = f->frequency;
    d->net_minor = f->net_minor;
    d->monetary_num = f->monetary_num, d->monetary_den = f->monetary_den;
    d->first_purchase = f->first_purchase_day, d->last_purchase = f->last_purchase_day;
    d->r = f->r, d->f = f->f, d->m = f->m;
    d->segment = f->segment;
    if (d->segment >= 0 && l->seg_count) l->seg_count[d->segment]++;
}

/* every customer of the life cycle (the transactions', the customers
 * file's), else of the RFM, with its place in each result */
static int index_customers(rmk_live *l)
{
    rmk_report *r = l->rep;
    size_t n = r->stages ? rmk_stages_count(r->stages) : rmk_rfm_count(r->rfm);
    l->c = calloc(n ? n : 1, sizeof *l->c);
    if (!l->c) return -1;
    for (size_t i = 0; i < n; i++) {
        live_cust *c = &l->c[i];
        if (r->stages) {
            const rmk_staged_customer *s = rmk_stages_at(r->stages, i);
            c->id = s->customer_id, c->len = s->id_len, c->stage_i = (long)i;
            c->rfm_i = find_rfm(r->rfm, c->id, c->len);
        } else {
            const rmk_rfm_customer *f = rmk_rfm_at(r->rfm, i);
            c->id = f->customer_id, c->len = f->id_len, c->stage_i = -1;
            c->rfm_i = (long)i;
        }
        c->rate_i = find_rated(r->rating, c->id, c->len);
        c->clv_i = find_clv(r->clv, c->id, c->len);
        fill(l, c);
    }
    l->n = n;
    return 0;
}

static void keep_cutoffs(rmk_live *l)
{
    l->bins = rmk_rfm_bins(l->rep->rfm);
    for (int k = 0; k < 3; k++)
        for (int s = 1; s <= l->bins && s < 10; s++)
            l->have[k][s] = rmk_rfm_cutoff_get(l->rep->rfm, "rfm"[k], s, &l->cut[k][s]);
}

rmk_status rmk_live_build(const char *path, rmk_live **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_live *l = calloc(1, sizeof *l);
    if (!l || !(l->path = strdup(path))) {
        free(l);
        return rmk_nomem(err, errlen);
    }
    unsigned sides = rmk_ws_side_files(path);
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_ALL;
    bo.customers = sides & RMK_WS_CUSTOMERS ? path : NULL;
    bo.feedback = sides & RMK_WS_FEEDBACK ? path : NULL;
    rmk_status st = rmk_book_read(path, NULL, &bo, &l->book, err, errlen);
    rmk_report_opts ro;
    rmk_report_opts_init(&ro);
    ro.feedback = bo.feedback;
    if (!st) st = rmk_report_build(l->book, &ro, &l->rep, err, errlen);
    if (!st) {
        keep_cutoffs(l);
        int nseg = l->rep->map ? rmk_segmap_count(l->rep->map) : 0;
        l->seg_count = calloc((size_t)nseg + 1, sizeof *l->seg_count);
        if (!l->seg_count || index_customers(l)) st = rmk_nomem(err, errlen);
    }
    if (st) {
        rmk_live_free(l);
        return st;
    }
    l->computed_at = (int64_t)time(NULL);
    *out = l;
    return RMK_OK;
}

void rmk_live_free(rmk_live *l)
{
    if (!l) return;
    for (size_t i = 0; i < l->nx; i++) free((char *)l->x[i].id);
    free(l->x);
    free(l->c);
    free(l->seg_count);
    rmk_report_free(l->rep);
    rmk_book_free(l->book);
    free(l->path);
    free(l);
}

/* the first of a (n, id order) whose id is >= id; *eq 1 when equal */
static size_t lower(const live_cust *a, size_t n, const char *id, size_t len, int *eq)
{
    size_t lo = 0, hi = n;
    *eq = 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = id_order(a[mid].id, a[mid].len, id, len);
        if (!c) return *eq = 1, mid;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

const rmk_live_card *rmk_live_find(const rmk_live *l, const char *id, size_t len)
{
    int eq;
    size_t i = lower(l->c, l->n, id, len, &eq);
    if (eq) return &l->c[i].card;
    i = lower(l->x, l->nx, id, len, &eq);
    return eq ? &l->x[i].card : NULL;
}

const rmk_live_card *rmk_live_next(const rmk_live *l, const char *after, size_t len)
{
    int eq;
    size_t i = after ? lower(l->c, l->n, after, len, &eq) : 0;
    if (after && eq) i++;
    size_t j = after ? lower(l->x, l->nx, after, len, &eq) : 0;
    if (after && eq) j++;
    const live_cust *a = i < l->n ? &l->c[i] : NULL, *b = j < l->nx ? &l->x[j] : NULL;
    if (a && b) return id_order(a->id, a->len, b->id, b->len) < 0 ? &a->card : &b->card;
    return a ? &a->card : b ? &b->card : NULL;
}

rmk_status rmk_live_update(rmk_live *l, const char *id, size_t len, const rmk_ws_customer_agg *a,
                           char *err, size_t errlen)
{
    int eq;
    size_t i = lower(l->c, l->n, id, len, &eq);
    live_cust *c = eq ? &l->c[i] : NULL;
    if (!c) {
        i = lower(l->x, l->nx, id, len, &eq);
        if (eq) c = &l->x[i];
    }
    if (!c) { /* first seen since the rescore: into x, kept in id order */
        if (l->nx == l->capx) {
            size_t cap = l->capx ? 2 * l->capx : 64;
            live_cust *p = realloc(l->x, cap * sizeof *p);
            if (!p) return rmk_nomem(err, errlen);
            l->x = p, l->capx = cap;
        }
        char *own = malloc(len + 1);
        if (!own) return rmk_nomem(err, errlen);
        memcpy(own, id, len);
        own[len] = 0;
        memmove(&l->x[i + 1], &l->x[i], (l->nx - i) * sizeof *l->x);
        l->nx++;
        c = &l->x[i];
        memset(c, 0, sizeof *c);
        c->id = own, c->len = len;
        c->rfm_i = c->stage_i = c->rate_i = c->clv_i = -1;
        fill(l, c);
    }
    rmk_live_card *d = &c->card;
    d->net_minor = a->net;
    d->frequency = a->purchases;
    d->first_purchase = a->first_purchase;
    d->last_purchase = a->last_purchase;
    d->updated = 1;
    rescore_card(l, d);
    return RMK_OK;
}

int32_t rmk_live_as_of(const rmk_live *l) { return l->rep->as_of; }
int64_t rmk_live_computed_at(const rmk_live *l) { return l->computed_at; }
size_t rmk_live_count(const rmk_live *l) { return l->n + l->nx; }
const rmk_segmap *rmk_live_segments(const rmk_live *l) { return l->rep->map; }
const rmk_scale *rmk_live_scale(const rmk_live *l) { return l->rep->rating ? rmk_rating_scale(l->rep->rating) : NULL; }
size_t rmk_live_segment_count(const rmk_live *l, int seg)
{
    return l->seg_count && seg >= 0 && (!l->rep->map || seg < rmk_segmap_count(l->rep->map)) ? l->seg_count[seg] : 0;
}
const rmk_report *rmk_live_report(const rmk_live *l) { return l->rep; }
int rmk_live_cutoff(const rmk_live *l, char measure, int score, rmk_rfm_cutoff *c)
{
    return rmk_rfm_cutoff_get(l->rep->rfm, measure, score, c);
}
