/* rate.c — rating every client on the scale (lecture §3 "Client rating
 * scale", SPEC §3.2). One pass over the transactions keeps, per client and
 * per rating date (the as-of date and, with compare_to, an earlier one):
 * net sales per month of the window, the first purchase, and how many of
 * its invoices in the window were prepaid, on time, late. The scale's
 * rules (rating.c) then give points, total and category. */
#include "custfile.h"
#include "hash.h"
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
    uint64_t id_off;
    uint32_t id_len;
    int in_file, has_rows, individual;
    int32_t contract_start;
    const char *name;
    int32_t first_purchase[VIEWS];
    uint32_t pay[VIEWS][3]; /* prepaid, on time, late invoice lines */
} client;

struct rmk_rating {
    rmk_rated_client *out;
    size_t n;
    char *ids;
    custfile *cf;
    rmk_scale *own_scale;
    const rmk_scale *scale;
    int32_t as_of;
    int64_t total_net;
    rmk_rating_stats stats;
};

typedef struct build {
    hash_seed seed;
    client *c;
    size_t n, cap;
    int64_t *month; /* n * nview * W */
    struct rslot { uint32_t hi, idx1; } *slot; /* upper hash bits, index + 1 */
    size_t last;    /* the previous row's client, index + 1 (0: none) */
    size_t mask;
    char *ids;
    size_t ids_len, ids_cap;
    int nview, W, grace;
    view v[VIEWS];
    int32_t max_day;
    char err[256];
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
    free(x->ids);
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

/* Slots find their home from the hash bits they keep (as in agg.c), so
 * growing rehashes nothing and most probes never touch a client. */
static int grow_tables(build *b)
{
    size_t nmask = b->mask ? b->mask * 2 + 1 : 1023;
    struct rslot *t = calloc(nmask + 1, sizeof *t);
    if (!t) return -1;
    for (size_t i = 0; b->slot && i <= b->mask; i++) {
        if (!b->slot[i].idx1) continue;
        size_t j = b->slot[i].hi & nmask;
        while (t[j].idx1) j = (j + 1) & nmask;
        t[j] = b->slot[i];
    }
    free(b->slot);
    b->slot = t;
    b->mask = nmask;
    return 0;
}

/* The client with this id, created if new; NULL when out of memory. */
static client *find(build *b, const char *id, size_t len)
{
    if (b->last) { /* an invoice's lines come together: the same client again */
        client *c = &b->c[b->last - 1];
        if (c->id_len == len && memcmp(b->ids + c->id_off, id, len) == 0) return c;
    }
    if (!b->slot && grow_tables(b)) return NULL;
    uint32_t hi = (uint32_t)(hash_bytes(&b->seed, id, len) >> 32);
    size_t j = hi & b->mask;
    for (struct rslot s; (s = b->slot[j]).idx1 != 0; j = (j + 1) & b->mask) {
        if (s.hi != hi) continue;
        client *c = &b->c[s.idx1 - 1];
        if (c->id_len == len && memcmp(b->ids + c->id_off, id, len) == 0) {
            b->last = s.idx1;
            return c;
        }
    }
    size_t per = (size_t)b->nview * (size_t)b->W;
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 256;
        client *c = realloc(b->c, nc * sizeof *c);
        if (!c) return NULL;
        b->c = c;
        int64_t *m = realloc(b->month, nc * per * sizeof *m);
        if (!m) return NULL;
        b->month = m;
        b->cap = nc;
    }
    if (b->ids_len + len + 1 > b->ids_cap) {
        size_t nc = b->ids_cap ? b->ids_cap * 2 : 4096;
        while (nc < b->ids_len + len + 1) nc *= 2;
        char *p = realloc(b->ids, nc);
        if (!p) return NULL;
        b->ids = p;
        b->ids_cap = nc;
    }
    client *c = &b->c[b->n];
    memset(c, 0, sizeof *c);
    c->id_off = b->ids_len;
    c->id_len = (uint32_t)len;
    c->contract_start = RMK_NO_DATE;
    c->name = "";
    for (int v = 0; v < VIEWS; v++) c->first_purchase[v] = RMK_NO_DATE;
    memset(b->month + b->n * per, 0, per * sizeof *b->month);
    memcpy(b->ids + b->ids_len, id, len);
    b->ids[b->ids_len + len] = 0;
    b->ids_len += len + 1;
    b->slot[j].hi = hi;
    b->slot[j].idx1 = (uint32_t)(b->n + 1);
    b->n++;
    b->last = b->n;
    if (b->n * 10 > (b->mask + 1) * 7 && grow_tables(b)) return NULL;
    return &b->c[b->n - 1];
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

static rmk_status on_row(void *ctx, const txn_row *r, char *err, size_t errlen)
{
    build *b = ctx;
    if (!utf8_valid((const unsigned char *)r->customer, r->customer_len)) {
        snprintf(err, errlen, "%s:%llu:%ld: customer id is not valid UTF-8 (is the file cp1251? use "
                              "--encoding cp1251)", r->file, (unsigned long long)r->line, r->customer_col);
        return RMK_ERR_DATA;
    }
    client *c = find(b, r->customer, r->customer_len);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return RMK_ERR_NOMEM;
    }
    size_t ci = (size_t)(c - b->c);
    c->has_rows = 1;
    if (b->max_day == RMK_NO_DATE || r->day > b->max_day) b->max_day = r->day;
    for (int v = 0; v < b->nview; v++) {
        const view *w = &b->v[v];
        if (r->day > w->as_of) continue;
        if (r->amount >= 0 && (c->first_purchase[v] == RMK_NO_DATE || r->day < c->first_purchase[v]))
            c->first_purchase[v] = r->day;
        int k = month_of(w, b->W, r->day);
        if (k < 0) continue;
        int64_t *m = &b->month[(ci * (size_t)b->nview + (size_t)v) * (size_t)b->W + (size_t)k];
        if (__builtin_add_overflow(*m, r->amount, m)) {
            snprintf(err, errlen, "%s:%llu:%ld: the client's monthly sales overflow", r->file,
                     (unsigned long long)r->line, r->amount_col);
            return RMK_ERR_DATA;
        }
        if (r->amount < 0) continue; /* credit notes owe nothing: not in timeliness */
        /* every line of an invoice has the invoice's class: counting lines
         * instead of invoices leaves the client's class the same */
        rmk_payment p = rmk_invoice_payment(r->day, r->due_day, r->paid_day, r->prepaid, w->as_of, b->grace);
        if (p == RMK_PAY_PREPAID) c->pay[v][0]++;
        else if (p == RMK_PAY_ON_TIME) c->pay[v][1]++;
        else if (p == RMK_PAY_LATE) c->pay[v][2]++;
    }
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

static int id_order(const void *a, const void *b)
{
    const rmk_rated_client *x = a, *y = b;
    return strcmp(x->customer_id, y->customer_id); /* ids hold no NUL (UTF-8 text) */
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
    b->seed = hash_seed_new();
    b->max_day = RMK_NO_DATE;
    x->scale = o->scale;
    if (!x->scale) {
        x->own_scale = rmk_scale_default(&st, err, errlen);
        if (!x->own_scale) goto fail;
        x->scale = x->own_scale;
    }
    b->W = rmk_scale_window_months(x->scale);
    b->grace = rmk_scale_grace_days(x->scale);
    if (o->customers) {
        st = custfile_read(o->customers, ro, &x->cf, err, errlen);
        if (st) goto fail;
    }
    /* the as-of date: given, or the latest transaction date (a first pass) */
    int32_t as_of = o->as_of;
    txn_counts counts;
    if (as_of == RMK_NO_DATE) {
        if (!strcmp(path, "-")) {
            snprintf(err, errlen, "reading stdin, relmark rate needs --as-of (the window is counted "
                                  "back from it)");
            st = RMK_ERR_USAGE;
            goto fail;
        }
        st = txn_read_ex(path, ro, 0, max_day_row, &as_of, &counts, err, errlen);
        if (st) goto fail;
        if (as_of == RMK_NO_DATE) {
            snprintf(err, errlen, "%s: no transactions", path);
            st = RMK_ERR_EMPTY;
            goto fail;
        }
    }
    if (o->compare_to != RMK_NO_DATE && o->compare_to >= as_of) {
        snprintf(err, errlen, "--compare-to must be before the as-of date");
        st = RMK_ERR_USAGE;
        goto fail;
    }
    x->as_of = as_of;
    set_view(&b->v[0], as_of, b->W);
    b->nview = 1;
    if (o->compare_to != RMK_NO_DATE) set_view(&b->v[b->nview++], o->compare_to, b->W);
    /* clients from the customers file first: rated even without sales */
    for (size_t i = 0; x->cf && i < custfile_count(x->cf); i++) {
        const cust_rec *r = custfile_at(x->cf, i);
        client *c = find(b, r->id, r->id_len);
        if (!c) goto nomem;
        c->in_file = 1;
        c->name = r->name;
        c->contract_start = r->contract_start;
        c->individual = r->type == CUST_TYPE_INDIVIDUAL;
    }
    rmk_read_opts rr = *ro;
    rr.as_of = as_of;
    st = txn_read_ex(path, &rr, TXN_PAYMENT, on_row, b, &counts, err, errlen);
    if (st) goto fail;
    x->stats.rows = counts.rows;
    x->stats.rows_skipped = counts.skipped;
    x->stats.rows_after_as_of = counts.after_as_of;
    snprintf(x->stats.first_error, sizeof x->stats.first_error, "%s", counts.first_error);
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
    x->ids = b->ids; /* the rating keeps the id arena */
    b->ids = NULL;
    if (!x->out) goto nomem;
    for (size_t i = 0; i < b->n; i++) {
        const client *c = &b->c[i];
        if (c->individual) {
            x->stats.individuals_left_out++;
            continue;
        }
        rmk_rated_client *r = &x->out[x->n++];
        r->customer_id = x->ids + c->id_off;
        r->name = c->name;
        r->in_customers_file = c->in_file;
        r->has_transactions = c->has_rows;
        if (!c->in_file && x->cf) x->stats.not_in_customers_file++;
        if (!c->has_rows) x->stats.without_transactions++;
        int cat;
        rate_one(b, x->scale, i, 0, total[0], r, &cat);
        r->previous_category = -1;
        if (b->nview > 1 && (c->first_purchase[1] != RMK_NO_DATE ||
                             (c->contract_start != RMK_NO_DATE && c->contract_start <= b->v[1].as_of))) {
            rate_one(b, x->scale, i, 1, total[1], NULL, &cat);
            r->previous_category = cat;
        }
    }
    qsort(x->out, x->n, sizeof *x->out, id_order);
    free(b->c);
    free(b->month);
    free(b->slot);
    free(b);
    *out = x;
    return RMK_OK;
nomem:
    st = RMK_ERR_NOMEM;
    snprintf(err, errlen, "out of memory");
fail:
    if (b) {
        free(b->c);
        free(b->month);
        free(b->slot);
        free(b->ids);
        free(b);
    }
    rmk_rating_free(x);
    return st;
}
