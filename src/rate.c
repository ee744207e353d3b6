/* rate.c — rating every client on the scale (lecture §3 "Client rating
 * scale", SPEC §3.2). One pass over the transactions keeps, per client and
 * per rating date (the as-of date and, with compare_to, an earlier one):
 * net sales per month of the window, the first purchase, and how many of
 * its invoices in the window were prepaid, on time, late. The scale's
 * rules (rating.c) then give points, total and category. */
#include "idfeed.h"
#include "custfile.h"
#include "parse.h"
#include "txn.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VIEWS 2 /* the as-of date, and compare_to */

typedef struct view {
    int32_t as_of;
    int32_t bound[121]; /* window month k is (bound[k], bound[k+1]] */
} view;

typedef struct client {
    int in_file, has_rows, individual;
    int prospect; /* a lead, qualified or disqualified status in the customers file */
    int32_t contract_start;
    const char *name;
    int32_t first_purchase[VIEWS];
    uint32_t pay[VIEWS][3]; /* prepaid, on time, late invoice lines */
    int margin_known;        /* the as-of window's rows with a margin: */
    int64_t margin, mbase;   /* their margin and amounts, minor units */
} client;

struct rmk_rating {
    rmk_rated_client *out;
    size_t n;
    rmk_agg *ids; /* the ids the output points into */
    custfile *cf;
    rmk_scale *own_scale;
    const rmk_scale *scale;
    int32_t as_of;
    int64_t total_net;
    rmk_rating_stats stats;
};

/* A row kept for the as-of view when the as-of date is not known while
 * reading: only rows that may fall in its window (see keep_row). */
typedef struct kept {
    uint32_t ci;
    int32_t day, due, paid;
    int prepaid, margin_known;
    long amount_col;
    int64_t amount, margin;
    uint64_t line;
} kept;

typedef struct build {
    idfeed *feed;   /* rows to clients (the aggregate's id table) */
    const custfile *cf;
    client *c;      /* per client index */
    size_t n, cap;
    int64_t *month; /* n * nview * W */
    int nview, W, grace;
    view v[VIEWS];
    /* one pass without an as-of date: view 0 is decided after the read */
    int deferred;
    int32_t max_day;   /* the latest row date so far */
    int32_t keep_lo;   /* rows on or before it can no longer be in the window */
    kept *keep;
    size_t nkeep, capkeep, compact_at;
} build;

void rmk_rate_opts_init(rmk_rate_opts *o)
{
    memset(o, 0, sizeof *o);
    o->as_of = RMK_NO_DATE;
    o->compare_to = RMK_NO_DATE;
}

void rmk_rating_free(rmk_rating *x)
{
    if (!x) return;
    free(x->out);
    rmk_agg_free(x->ids);
    custfile_free(x->cf);
    rmk_scale_free(x->own_scale);
    free(x);
}
size_t rmk_rating_count(const rmk_rating *x) { return x->n; }
const rmk_rated_client *rmk_rating_at(const rmk_rating *x, size_t i) { return i < x->n ? &x->out[i] : NULL; }
int32_t rmk_rating_as_of(const rmk_rating *x) { return x->as_of; }
const rmk_scale *rmk_rating_scale(const rmk_rating *x) { return x->scale; }
int64_t rmk_rating_total_net(const rmk_rating *x) { return x->total_net; }
void rmk_rating_get_stats(const rmk_rating *x, rmk_rating_stats *s) { *s = x->stats; }

/* Side arrays for the aggregate's customers 0..count-1. */
static int ensure(build *b)
{
    size_t need = agg_count(b->feed->ids);
    size_t per = (size_t)b->nview * (size_t)b->W;
    if (need > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < need) nc *= 2;
        client *c = realloc(b->c, nc * sizeof *c);
        if (!c) return -1;
        b->c = c;
        int64_t *m = realloc(b->month, nc * per * sizeof *m);
        if (!m) return -1;
        b->month = m;
        b->cap = nc;
    }
    for (; b->n < need; b->n++) {
        client *c = &b->c[b->n];
        memset(c, 0, sizeof *c);
        c->contract_start = RMK_NO_DATE;
        c->name = "";
        for (int v = 0; v < VIEWS; v++) c->first_purchase[v] = RMK_NO_DATE;
        memset(b->month + b->n * per, 0, per * sizeof *b->month);
    }
    return 0;
}

/* window month of a day in view v: (bound[k], bound[k+1]]; -1 outside */
static int month_of(const view *v, int W, int32_t day)
{
    if (day <= v->bound[0] || day > v->bound[W]) return -1;
    int lo = 0, hi = W - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (day > v->bound[mid + 1]) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* One row's effect at view v (a rating date). */
static rmk_status apply_view(build *b, uint32_t ci, int v, const txn_row *r, char *err, size_t errlen)
{
    client *c = &b->c[ci];
    const view *w = &b->v[v];
    do {
        if (r->day > w->as_of) break;
        if (r->amount >= 0 && (c->first_purchase[v] == RMK_NO_DATE || r->day < c->first_purchase[v]))
            c->first_purchase[v] = r->day;
        int k = month_of(w, b->W, r->day);
        if (k < 0) break;
        int64_t *m = &b->month[(ci * (size_t)b->nview + (size_t)v) * (size_t)b->W + (size_t)k];
        if (__builtin_add_overflow(*m, r->amount, m)) {
            snprintf(err, errlen, "%s:%llu:%ld: the client's monthly sales overflow", r->file,
                     (unsigned long long)r->line, r->amount_col);
            return RMK_ERR_DATA;
        }
        if (v == 0 && r->margin_known) { /* returns too: their margin is given back */
            if (__builtin_add_overflow(c->margin, r->margin, &c->margin) ||
                __builtin_add_overflow(c->mbase, r->amount, &c->mbase)) {
                snprintf(err, errlen, "%s:%llu:%ld: the client's margin overflows", r->file,
                         (unsigned long long)r->line, r->amount_col);
                return RMK_ERR_DATA;
            }
            c->margin_known = 1;
        }
        if (r->amount < 0) break; /* credit notes owe nothing: not in timeliness */
        /* every line of an invoice has the invoice's class: counting lines
         * instead of invoices leaves the client's class the same */
        rmk_payment p = rmk_invoice_payment(r->day, r->due_day, r->paid_day, r->prepaid, w->as_of, b->grace);
        if (p == RMK_PAY_PREPAID) c->pay[v][0]++;
        else if (p == RMK_PAY_ON_TIME) c->pay[v][1]++;
        else if (p == RMK_PAY_LATE) c->pay[v][2]++;
    } while (0);
    return RMK_OK;
}

/* One row's effect on its client, at every rating date. */
static rmk_status apply(void *ctx, const txn_row *r, uint32_t ci, char *err, size_t errlen)
{
    build *b = ctx;
    if (ci >= b->n && ensure(b)) /* a client the feed has just met */
        return snprintf(err, errlen, "out of memory"), RMK_ERR_NOMEM;
    client *c = &b->c[ci];
    c->has_rows = 1;
    if (b->deferred) { /* view 0 = the latest date: known only at the end */
        if (b->max_day == RMK_NO_DATE || r->day > b->max_day) {
            b->max_day = r->day;
            b->keep_lo = rmk_add_months(b->max_day, -b->W);
        }
        if (r->amount >= 0 && (c->first_purchase[0] == RMK_NO_DATE || r->day < c->first_purchase[0]))
            c->first_purchase[0] = r->day;
        /* the final window starts after add_months(as_of, -W) >= add_months(max so far, -W):
         * older rows can never count */
        if (r->day > b->keep_lo) {
            if (b->nkeep == b->capkeep) {
                if (b->nkeep >= b->compact_at) { /* drop what the max has since left behind */
                    size_t w = 0;
                    for (size_t i = 0; i < b->nkeep; i++)
                        if (b->keep[i].day > b->keep_lo) b->keep[w++] = b->keep[i];
                    b->nkeep = w;
                    b->compact_at = w * 2 > 65536 ? w * 2 : 65536;
                }
                if (b->nkeep == b->capkeep) {
                    size_t nc = b->capkeep ? b->capkeep * 2 : 65536;
                    kept *k = realloc(b->keep, nc * sizeof *k);
                    if (!k) return snprintf(err, errlen, "out of memory"), RMK_ERR_NOMEM;
                    b->keep = k;
                    b->capkeep = nc;
                }
            }
            b->keep[b->nkeep++] = (kept){ci,         r->day,      r->due_day,
                                         r->paid_day, r->prepaid, r->margin_known,
                                         r->amount_col, r->amount, r->margin,
                                         r->line};
        }
    }
    for (int v = b->deferred ? 1 : 0; v < b->nview; v++) {
        rmk_status st = apply_view(b, ci, v, r, err, errlen);
        if (st) return st;
    }
    return RMK_OK;
}

/* The data of a client a coming row touches: its record and window months. */
static void prefetch(void *ctx, uint32_t ci)
{
    const build *b = ctx;
    if (ci >= b->n) return; /* a client not met yet: nothing there */
    __builtin_prefetch(&b->c[ci], 1);
    const int64_t *m = &b->month[ci * (size_t)b->nview * (size_t)b->W];
    __builtin_prefetch(m, 1);
    __builtin_prefetch(m + b->W - 1, 1);
}

/* A customers-file record: the client is known, rated even without sales. */
static rmk_status apply_record(void *ctx, const txn_row *r, uint32_t ci, char *err, size_t errlen)
{
    build *b = ctx;
    if (ci >= b->n && ensure(b)) /* a client the feed has just met */
        return snprintf(err, errlen, "out of memory"), RMK_ERR_NOMEM;
    const cust_rec *rec = custfile_find(b->cf, r->customer, r->customer_len);
    client *c = &b->c[ci];
    c->in_file = 1;
    c->name = rec->name;
    c->contract_start = rec->contract_start;
    c->individual = rec->type == CUST_TYPE_INDIVIDUAL;
    c->prospect = rec->status != CUST_STATUS_NONE;
    return RMK_OK;
}

static rmk_status max_day_row(void *ctx, const txn_row *r, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    int32_t *m = ctx;
    if (*m == RMK_NO_DATE || r->day > *m) *m = r->day;
    return RMK_OK;
}

static void set_view(view *v, int32_t as_of, int W)
{
    v->as_of = as_of;
    for (int k = 0; k <= W; k++) v->bound[k] = k == W ? as_of : rmk_add_months(as_of, -(W - k));
}

static int64_t clamp64(__int128 v)
{
    return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : (int64_t)v;
}

/* The scale's rules for one client at view v. */
static void rate_one(const build *b, const rmk_scale *s, size_t ci, int v, int64_t total,
                     rmk_rated_client *o, int *category)
{
    const client *c = &b->c[ci];
    const int64_t *m = &b->month[(ci * (size_t)b->nview + (size_t)v) * (size_t)b->W];
    __int128 wide = 0, w1 = 0, w4 = 0; /* 120 int64 months fit in 128 bits */
    for (int k = 0; k < b->W; k++) {
        wide += m[k];
        if (k < 3) w1 += m[k];
        if (k >= b->W - 3) w4 += m[k];
    }
    int64_t net = clamp64(wide), q1 = clamp64(w1), q4 = clamp64(w4);
    int32_t as_of = b->v[v].as_of;
    int32_t start = c->first_purchase[v];
    if (c->contract_start != RMK_NO_DATE && c->contract_start <= as_of &&
        (start == RMK_NO_DATE || c->contract_start < start))
        start = c->contract_start;
    int months = start == RMK_NO_DATE ? 0 : rmk_months_completed(start, as_of);
    rmk_payment pay = rmk_client_payment(c->pay[v][0], c->pay[v][1], c->pay[v][2]);
    int known;
    int gp = rmk_scale_growth_points(s, q1, q4, &known);
    int sp = rmk_scale_share_points(s, net, total);
    int cp = rmk_scale_cooperation_points(s, months);
    int pp = rmk_scale_payment_points(s, pay);
    int t = sp + cp + pp + gp;
    *category = rmk_scale_category(s, t);
    if (!o) return;
    o->window_net = net;
    o->share_pct = total > 0 ? (double)net * 100.0 / (double)total : 0.0;
    o->share_points = sp;
    o->cooperation_months = months;
    o->cooperation_points = cp;
    o->payment = pay;
    o->payment_points = pp;
    o->growth_known = known;
    o->growth_pct = known ? (q4 > 0 ? (double)(powl((long double)q4 / (long double)q1,
                                                    1.0L / (b->W - 3)) - 1.0L) * 100.0
                                     : -100.0)
                          : 0.0;
    o->growth_points = gp;
    o->total = t;
    o->category = *category;
}

rmk_status rmk_rate_file(const char *path, const rmk_read_opts *ro, const rmk_rate_opts *o,
                         rmk_rating **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_read_opts rdef;
    rmk_rate_opts odef;
    if (!ro) rmk_read_opts_init(&rdef), ro = &rdef;
    if (!o) rmk_rate_opts_init(&odef), o = &odef;
    rmk_rating *x = calloc(1, sizeof *x);
    build *b = calloc(1, sizeof *b);
    rmk_status st = RMK_OK;
    if (!x || !b) goto nomem;
    b->feed = idfeed_new(ro->skip_bad, apply_record, b);
    if (!b->feed) goto nomem;
    x->scale = o->scale;
    if (!x->scale) {
        x->own_scale = rmk_scale_default(&st, err, errlen);
        if (!x->own_scale) goto fail;
        x->scale = x->own_scale;
    }
    b->W = rmk_scale_window_months(x->scale);
    b->grace = rmk_scale_grace_days(x->scale);
    if (o->customers) {
        rmk_read_opts side = txn_side_opts(ro);
        st = custfile_read(o->customers, &side, &x->cf, err, errlen);
        if (st) goto fail;
    }
    /* the as-of date: given, or the latest transaction date — from a quick
     * first pass over a file, or found while reading standard input (one
     * pass: the rows that may fall in its window are kept; measured slower
     * and larger than the first pass on files, so files keep it) */
    int32_t as_of = o->as_of;
    txn_counts counts;
    b->max_day = RMK_NO_DATE;
    if (as_of == RMK_NO_DATE && strcmp(path, "-")) {
        st = txn_read_ex(path, ro, 0, max_day_row, &as_of, &counts, err, errlen);
        if (st) goto fail;
        if (as_of == RMK_NO_DATE) {
            snprintf(err, errlen, "%s: no transactions", path);
            st = RMK_ERR_EMPTY;
            goto fail;
        }
    }
    b->deferred = as_of == RMK_NO_DATE;
    if (!b->deferred && o->compare_to != RMK_NO_DATE && o->compare_to >= as_of) {
        snprintf(err, errlen, "--compare-to must be before the as-of date");
        st = RMK_ERR_USAGE;
        goto fail;
    }
    if (!b->deferred) set_view(&b->v[0], as_of, b->W);
    b->nview = 1;
    if (o->compare_to != RMK_NO_DATE) set_view(&b->v[b->nview++], o->compare_to, b->W);
    /* clients from the customers file first: rated even without sales */
    b->cf = x->cf;
    for (size_t i = 0; x->cf && i < custfile_count(x->cf) && st == RMK_OK; i++) {
        const cust_rec *rec = custfile_at(x->cf, i);
        txn_row r;
        memset(&r, 0, sizeof r);
        r.customer = rec->id;
        r.customer_len = rec->id_len;
        r.day = 0; /* the lookup checks a date; records have none to give */
        r.file = o->customers;
        r.line = rec->line;
        r.customer_col = 1;
        st = idfeed_push(b->feed, &r, err, errlen);
    }
    if (st == RMK_OK) st = idfeed_flush(b->feed, err, errlen);
    if (st) goto fail;
    b->feed->fn = apply; /* then the invoices */
    b->feed->prefetch = prefetch;
    rmk_read_opts rr = *ro;
    rr.as_of = as_of;
    st = idfeed_read(b->feed, path, &rr, TXN_PAYMENT | (o->margins ? TXN_MARGIN : 0), &counts,
                     err, errlen);
    if (st == RMK_OK && ensure(b)) goto nomem; /* clients without rows of their own */
    if (st) goto fail;
    if (b->deferred) { /* now the as-of date is known: its view from the kept rows */
        as_of = b->max_day;
        if (as_of == RMK_NO_DATE) {
            snprintf(err, errlen, "%s: no transactions", path);
            st = RMK_ERR_EMPTY;
            goto fail;
        }
        if (o->compare_to != RMK_NO_DATE && o->compare_to >= as_of) {
            snprintf(err, errlen, "--compare-to must be before the as-of date");
            st = RMK_ERR_USAGE;
            goto fail;
        }
        set_view(&b->v[0], as_of, b->W);
        for (size_t i = 0; i < b->nkeep; i++) {
            const kept *k = &b->keep[i];
            txn_row r;
            memset(&r, 0, sizeof r);
            r.day = k->day;
            r.amount = k->amount;
            r.due_day = k->due;
            r.paid_day = k->paid;
            r.prepaid = k->prepaid;
            r.margin = k->margin;
            r.margin_known = k->margin_known;
            r.file = path;
            r.line = k->line;
            r.amount_col = k->amount_col;
            st = apply_view(b, k->ci, 0, &r, err, errlen);
            if (st) goto fail;
        }
    }
    x->as_of = as_of;
    x->stats.rows = counts.rows;
    x->stats.rows_skipped = idfeed_skipped(b->feed, &counts);
    x->stats.rows_after_as_of = counts.after_as_of;
    snprintf(x->stats.first_error, sizeof x->stats.first_error, "%s",
             idfeed_first_error(b->feed, &counts));
    /* all clients' window sales, per view (individuals' sales count too:
     * they are part of the firm's turnover) */
    int64_t total[VIEWS] = {0, 0};
    for (size_t i = 0; i < b->n; i++)
        for (int v = 0; v < b->nview; v++)
            for (int k = 0; k < b->W; k++) {
                int64_t m = b->month[(i * (size_t)b->nview + (size_t)v) * (size_t)b->W + (size_t)k];
                if (__builtin_add_overflow(total[v], m, &total[v])) {
                    snprintf(err, errlen, "%s: total sales overflow", path);
                    st = RMK_ERR_DATA;
                    goto fail;
                }
            }
    x->total_net = total[0];
    x->out = calloc(b->n ? b->n : 1, sizeof *x->out);
    x->ids = idfeed_take_ids(b->feed); /* the rating keeps the ids */
    if (!x->out) goto nomem;
    const agg_customer *ac = agg_customers(x->ids);
    kv *order = malloc((b->n ? b->n : 1) * sizeof *order);
    if (!order) goto nomem;
    for (size_t i = 0; i < b->n; i++) order[i].idx = (uint32_t)i;
    if (agg_sort_by_id(x->ids, order, b->n)) {
        free(order);
        goto nomem;
    }
    for (size_t t = 0; t < b->n; t++) { /* in id order: random clients, fetched ahead */
        if (t + 8 < b->n) {
            size_t j = order[t + 8].idx;
            __builtin_prefetch(&b->c[j]);
            __builtin_prefetch(&ac[j]);
            __builtin_prefetch(&b->month[j * (size_t)b->nview * (size_t)b->W]);
        }
        size_t i = order[t].idx;
        const client *c = &b->c[i];
        if (c->individual) {
            x->stats.individuals_left_out++;
            continue;
        }
        if (c->prospect && !c->has_rows) { /* not a client yet: nothing to rate */
            x->stats.prospects_left_out++;
            continue;
        }
        rmk_rated_client *r = &x->out[x->n++];
        r->customer_id = agg_id(x->ids, &ac[i]);
        r->name = c->name;
        r->in_customers_file = c->in_file;
        r->has_transactions = c->has_rows;
        if (!c->in_file && x->cf) x->stats.not_in_customers_file++;
        if (!c->has_rows) x->stats.without_transactions++;
        int cat;
        rate_one(b, x->scale, i, 0, total[0], r, &cat);
        r->margin_known = c->margin_known;
        r->window_margin = c->margin;
        r->window_margin_base = c->mbase;
        r->previous_category = -1;
        if (b->nview > 1 && (c->first_purchase[1] != RMK_NO_DATE ||
                             (c->contract_start != RMK_NO_DATE && c->contract_start <= b->v[1].as_of))) {
            rate_one(b, x->scale, i, 1, total[1], NULL, &cat);
            r->previous_category = cat;
        }
    }
    free(order);
    *out = x;
    x = NULL;
    goto done;
nomem:
    st = RMK_ERR_NOMEM;
    snprintf(err, errlen, "out of memory");
fail:
    rmk_rating_free(x);
done:
    if (b) {
        free(b->c);
        free(b->month);
        free(b->keep);
        idfeed_free(b->feed);
        free(b);
    }
    return st;
}
