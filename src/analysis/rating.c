/* SPDX-License-Identifier: MIT */
/* rate.c — rating every client on the scale (lecture §3 "Client rating
 * scale", SPEC §3.2, docs/rating.md), on the customer book: per client and
 * per rating date (the as-of date and, with compare_to, an earlier one) the
 * net sales per month of the window from its purchase days, the first
 * purchase, and how many of its invoice lines in the window were prepaid,
 * on time, late. The scale's rules (rating.c) then give points, total and
 * category. */
#include "book.h"
#include "errmsg.h"
#include "parse.h"
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
    rmk_book *own_book; /* rmk_rate_file's: the ids the output points into */
    rmk_scale *own_scale;
    const rmk_scale *scale;
    int32_t as_of;
    int64_t total_net;
    rmk_rating_stats stats;
};

typedef struct build {
    const rmk_book *book;
    client *c;      /* per client index (the book's customers) */
    size_t n;
    int nview, W, grace;
    view v[VIEWS];
    int64_t total[VIEWS]; /* all clients' window sales per view, minor units */
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
    rmk_book_free(x->own_book);
    rmk_scale_free(x->own_scale);
    free(x);
}
size_t rmk_rating_count(const rmk_rating *x) { return x->n; }
const rmk_rated_client *rmk_rating_at(const rmk_rating *x, size_t i) { return i < x->n ? &x->out[i] : NULL; }
int32_t rmk_rating_as_of(const rmk_rating *x) { return x->as_of; }
const rmk_scale *rmk_rating_scale(const rmk_rating *x) { return x->scale; }
int64_t rmk_rating_total_net(const rmk_rating *x) { return x->total_net; }
void rmk_rating_get_stats(const rmk_rating *x, rmk_rating_stats *s) { *s = x->stats; }

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

static void set_view(view *v, int32_t as_of, int W)
{
    v->as_of = as_of;
    for (int k = 0; k <= W; k++) v->bound[k] = k == W ? as_of : rmk_add_months(as_of, -(W - k));
}

static int64_t clamp64(__int128 v)
{
    return v > INT64_MAX ? INT64_MAX : v < INT64_MIN ? INT64_MIN : (int64_t)v;
}

/* A client's net sales in each month of the window of view v, from its
 * purchase days (ascending), into m[W]: 0, or -1 when a month overflows.
 * Worked out when needed, not kept: the days are the book's. */
static int client_months(const build *b, size_t ci, int v, int64_t *m)
{
    const history *h = &b->book->h;
    memset(m, 0, (size_t)b->W * sizeof *m);
    for (size_t d = h->off[ci]; d < h->off[ci + 1] && h->days[d].day <= b->v[v].as_of; d++) {
        int k = month_of(&b->v[v], b->W, h->days[d].day);
        if (k >= 0 && __builtin_add_overflow(m[k], h->days[d].net, &m[k])) return -1;
    }
    return 0;
}

/* The scale's rules for one client at view v (rmk_scale_rate_client). */
static void rate_one(const build *b, const rmk_scale *s, size_t ci, int v, int64_t total,
                     rmk_rated_client *o, int *category)
{
    const client *c = &b->c[ci];
    int64_t m[120];
    client_months(b, ci, v, m); /* checked when the totals were made */
    __int128 wide = 0, w1 = 0, w4 = 0; /* 120 int64 months fit in 128 bits */
    for (int k = 0; k < b->W; k++) {
        wide += m[k];
        if (k < 3) w1 += m[k];
        if (k >= b->W - 3) w4 += m[k];
    }
    rmk_client_facts f = {.window_net = clamp64(wide), .total_net = total,
                          .first_quarter = clamp64(w1), .last_quarter = clamp64(w4),
                          .first_purchase = c->first_purchase[v],
                          .contract_start = c->contract_start, .as_of = b->v[v].as_of,
                          .prepaid = c->pay[v][0], .on_time = c->pay[v][1], .late = c->pay[v][2]};
    rmk_rated_client tmp, *r = o ? o : &tmp;
    rmk_scale_rate_client(s, &f, r);
    *category = r->category;
}

/* Each client's record and its facts at every rating date: from its
 * purchase days (window months, first purchase), its invoices' payment runs
 * and its margins. Days are ascending and view 0 is the latest date. */
static rmk_status gather(build *b, char *err, size_t errlen)
{
    const rmk_book *bk = b->book;
    const history *h = &bk->h;
    const agg_customer *ac = agg_customers(h->ids);
    for (size_t i = 0; i < b->n; i++) {
        client *c = &b->c[i];
        c->contract_start = RMK_NO_DATE;
        c->name = "";
        for (int v = 0; v < VIEWS; v++) c->first_purchase[v] = RMK_NO_DATE;
        const cust_rec *rec = bk->rec ? bk->rec[i] : NULL;
        if (rec) {
            c->in_file = 1;
            c->name = rec->name;
            c->contract_start = rec->contract_start;
            c->individual = rec->type == CUST_TYPE_INDIVIDUAL;
            c->prospect = rec->status != CUST_STATUS_NONE;
        }
        for (size_t d = h->off[i]; d < h->off[i + 1] && h->days[d].day <= b->v[0].as_of; d++) {
            const hday *dy = &h->days[d];
            c->has_rows = 1;
            for (int v = 0; v < b->nview; v++)
                if (dy->day <= b->v[v].as_of && (dy->purchases & HDAY_ACTIVE) &&
                    c->first_purchase[v] == RMK_NO_DATE)
                    c->first_purchase[v] = dy->day;
        }
        /* all clients' window sales, per view (individuals' sales count too:
         * they are part of the firm's turnover) */
        for (int v = 0; v < b->nview; v++) {
            int64_t m[120];
            if (client_months(b, i, v, m)) {
                snprintf(err, errlen, "%s: client %s: the monthly sales overflow", bk->path,
                         agg_id(h->ids, &ac[i]));
                return RMK_ERR_DATA;
            }
            for (int k = 0; k < b->W; k++)
                if (__builtin_add_overflow(b->total[v], m[k], &b->total[v])) {
                    snprintf(err, errlen, "%s: total sales overflow", bk->path);
                    return RMK_ERR_DATA;
                }
        }
    }
    for (size_t j = 0; j < bk->npay; j++) { /* each line of an invoice has its class */
        const book_pay *p = &bk->pay[j];
        for (int v = 0; v < b->nview; v++) {
            if (p->day > b->v[v].as_of || month_of(&b->v[v], b->W, p->day) < 0) continue;
            rmk_payment cls = rmk_invoice_payment(p->day, p->due, p->paid, p->prepaid, b->v[v].as_of,
                                                  b->grace);
            uint32_t *cnt = b->c[p->ci].pay[v];
            if (cls == RMK_PAY_PREPAID) cnt[0] += p->lines;
            else if (cls == RMK_PAY_ON_TIME) cnt[1] += p->lines;
            else if (cls == RMK_PAY_LATE) cnt[2] += p->lines;
        }
    }
    for (size_t j = 0; j < bk->nmar; j++) { /* the as-of window's margins */
        const book_margin *m = &bk->mar[j];
        if (m->day > b->v[0].as_of || month_of(&b->v[0], b->W, m->day) < 0) continue;
        client *c = &b->c[m->ci];
        if (__builtin_add_overflow(c->margin, m->margin, &c->margin) ||
            __builtin_add_overflow(c->mbase, m->base, &c->mbase)) {
            snprintf(err, errlen, "%s: client %s: the margin overflows", bk->path,
                     agg_id(h->ids, &ac[m->ci]));
            return RMK_ERR_DATA;
        }
        c->margin_known = 1;
    }
    return RMK_OK;
}

/* The rated clients in id order; clients that are only individuals or
 * prospects without invoices are counted aside. */
static rmk_status rate_all(rmk_rating *x, build *b, const int64_t *total)
{
    rmk_agg *ids = b->book->h.ids;
    const agg_customer *ac = agg_customers(ids);
    kv *order = malloc((b->n ? b->n : 1) * sizeof *order);
    x->out = calloc(b->n ? b->n : 1, sizeof *x->out);
    if (!order || !x->out) {
        free(order);
        return RMK_ERR_NOMEM;
    }
    if (b->book->by_id) { /* the book knows the id order */
        for (size_t i = 0; i < b->n; i++) order[i].idx = b->book->by_id[i];
    } else {
        for (size_t i = 0; i < b->n; i++) order[i].idx = (uint32_t)i;
        if (agg_sort_by_id(ids, order, b->n)) {
            free(order);
            return RMK_ERR_NOMEM;
        }
    }
    for (size_t t = 0; t < b->n; t++) { /* in id order: random clients, fetched ahead */
        if (t + 8 < b->n) {
            size_t j = order[t + 8].idx;
            __builtin_prefetch(&b->c[j]);
            __builtin_prefetch(&ac[j]);
            __builtin_prefetch(&b->book->h.off[j]);
        }
        size_t i = order[t].idx;
        const client *c = &b->c[i];
        if (!c->has_rows && !c->in_file) continue; /* rows only after the as-of date */
        if (c->individual) {
            x->stats.individuals_left_out++;
            continue;
        }
        if (c->prospect && !c->has_rows) { /* not a client yet: nothing to rate */
            x->stats.prospects_left_out++;
            continue;
        }
        rmk_rated_client *r = &x->out[x->n++];
        r->customer_id = agg_id(ids, &ac[i]);
        r->name = c->name;
        r->in_customers_file = c->in_file;
        r->has_transactions = c->has_rows;
        if (!c->in_file && b->book->cf) x->stats.not_in_customers_file++;
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
    return RMK_OK;
}

rmk_status rmk_rate_run(const rmk_book *book, const rmk_rate_opts *o, rmk_rating **out, char *err,
                        size_t errlen)
{
    *out = NULL;
    rmk_rate_opts odef;
    if (!o) rmk_rate_opts_init(&odef), o = &odef;
    if (book_lacks(book, RMK_BOOK_DAYS | RMK_BOOK_PAYMENTS | (o->margins ? RMK_BOOK_MARGINS : 0),
                   "the rating", err, errlen))
        return RMK_ERR_USAGE;
    rmk_status st = RMK_OK;
    rmk_rating *x = calloc(1, sizeof *x);
    build b;
    memset(&b, 0, sizeof b);
    b.book = book;
    if (!x) goto nomem;
    x->scale = o->scale;
    if (!x->scale) {
        x->own_scale = rmk_scale_default(&st, err, errlen);
        if (!x->own_scale) goto fail;
        x->scale = x->own_scale;
    }
    b.W = rmk_scale_window_months(x->scale);
    b.grace = rmk_scale_grace_days(x->scale);
    /* the as-of date: given, or the latest transaction date */
    rmk_agg_stats as;
    rmk_agg_get_stats(book->h.ids, &as);
    int32_t as_of = o->as_of != RMK_NO_DATE ? o->as_of : as.last_day;
    if (as_of == RMK_NO_DATE) {
        snprintf(err, errlen, "%s: no transactions", book->path);
        st = RMK_ERR_EMPTY;
        goto fail;
    }
    if (o->compare_to != RMK_NO_DATE && o->compare_to >= as_of) {
        snprintf(err, errlen, "--compare-to must be before the as-of date");
        st = RMK_ERR_USAGE;
        goto fail;
    }
    set_view(&b.v[0], as_of, b.W);
    b.nview = 1;
    if (o->compare_to != RMK_NO_DATE) set_view(&b.v[b.nview++], o->compare_to, b.W);
    b.n = book->h.customers;
    b.c = calloc(b.n ? b.n : 1, sizeof *b.c);
    if (!b.c) goto nomem;
    if ((st = gather(&b, err, errlen))) goto fail;
    x->as_of = as_of;
    x->stats.rows = as.rows;
    x->stats.rows_skipped = as.rows_skipped;
    x->stats.rows_after_as_of = as.rows_after_as_of;
    snprintf(x->stats.first_error, sizeof x->stats.first_error, "%s", as.first_error);
    int64_t *total = b.total;
    x->total_net = total[0];
    if (rate_all(x, &b, total)) goto nomem;
    *out = x;
    x = NULL;
    goto done;
nomem:
    st = RMK_ERR_NOMEM;
    rmk_nomem(err, errlen);
fail:
    rmk_rating_free(x);
done:
    free(b.c);
    return st;
}

rmk_status rmk_rate_file(const char *path, const rmk_read_opts *ro, const rmk_rate_opts *o,
                         rmk_rating **out, char *err, size_t errlen)
{
    rmk_rate_opts odef;
    if (!o) rmk_rate_opts_init(&odef), o = &odef;
    rmk_book *book = NULL;
    *out = NULL;
    rmk_status st = book_read_for(path, ro, o->as_of,
                                  RMK_BOOK_DAYS | RMK_BOOK_PAYMENTS | (o->margins ? RMK_BOOK_MARGINS : 0),
                                  o->customers, &book, err, errlen);
    if (st == RMK_OK) st = rmk_rate_run(book, o, out, err, errlen);
    if (st == RMK_OK) (*out)->own_book = book;
    else rmk_book_free(book);
    return st;
}
