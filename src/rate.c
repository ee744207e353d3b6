/* rate.c — rating every client on the scale (lecture §3 "Client rating
 * scale", SPEC §3.2). One pass over the transactions keeps, per client and
 * per rating date (the as-of date and, with compare_to, an earlier one):
 * net sales per month of the window, the first purchase, and how many of
 * its invoices in the window were prepaid, on time, late. The scale's
 * rules (rating.c) then give points, total and category. */
#include "agg.h"
#include "csv.h"
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
    int32_t contract_start;
    const char *name;
    int32_t first_purchase[VIEWS];
    uint32_t pay[VIEWS][3]; /* prepaid, on time, late invoice lines */
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

/* Rows wait in a batch so that the aggregate finds their clients with its
 * prefetching lookup (agg_find_batch); their bytes are copied. */
#define RATE_BATCH 512
typedef struct pending_row {
    int32_t day, due, paid;
    int prepaid;
    int64_t amount;
    uint64_t line;
    long ccol, acol;
} pending_row;

typedef struct build {
    rmk_agg *ids;   /* customer id -> index: the aggregate's table */
    client *c;      /* per index */
    size_t n, cap;
    int64_t *month; /* n * nview * W */
    int nview, W, grace;
    view v[VIEWS];
    /* the batch */
    agg_row rows[RATE_BATCH];
    pending_row pr[RATE_BATCH];
    uint32_t idx[RATE_BATCH];
    size_t nb, used;
    char *arena;
    char file[256];
    int skip_bad;
    uint64_t skipped, first_error_line; /* rows the aggregate refused */
    char first_error[512];
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
    size_t need = agg_count(b->ids);
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

/* One row's effect on its client, at every rating date. */
static rmk_status apply(build *b, size_t ci, const pending_row *r, char *err, size_t errlen)
{
    client *c = &b->c[ci];
    c->has_rows = 1;
    for (int v = 0; v < b->nview; v++) {
        const view *w = &b->v[v];
        if (r->day > w->as_of) continue;
        if (r->amount >= 0 && (c->first_purchase[v] == RMK_NO_DATE || r->day < c->first_purchase[v]))
            c->first_purchase[v] = r->day;
        int k = month_of(w, b->W, r->day);
        if (k < 0) continue;
        int64_t *m = &b->month[(ci * (size_t)b->nview + (size_t)v) * (size_t)b->W + (size_t)k];
        if (__builtin_add_overflow(*m, r->amount, m)) {
            snprintf(err, errlen, "%s:%llu:%ld: the client's monthly sales overflow", b->file,
                     (unsigned long long)r->line, r->acol);
            return RMK_ERR_DATA;
        }
        if (r->amount < 0) continue; /* credit notes owe nothing: not in timeliness */
        /* every line of an invoice has the invoice's class: counting lines
         * instead of invoices leaves the client's class the same */
        rmk_payment p = rmk_invoice_payment(r->day, r->due, r->paid, r->prepaid, w->as_of, b->grace);
        if (p == RMK_PAY_PREPAID) c->pay[v][0]++;
        else if (p == RMK_PAY_ON_TIME) c->pay[v][1]++;
        else if (p == RMK_PAY_LATE) c->pay[v][2]++;
    }
    return RMK_OK;
}

/* Find the batch's clients and apply its rows. A row the aggregate refuses
 * (an id that is not UTF-8) is skipped and counted under skip_bad, else it
 * stops the read; an overflow always stops it (nothing half-applied). */
static rmk_status flush(build *b, char *err, size_t errlen)
{
    rmk_status st = RMK_OK;
    size_t from = 0;
    while (from < b->nb) {
        size_t failed = 0;
        st = agg_find_batch(b->ids, b->rows + from, b->nb - from, b->idx + from, &failed);
        size_t upto = st == RMK_OK ? b->nb : from + failed;
        if (st == RMK_ERR_NOMEM || ensure(b)) {
            snprintf(err, errlen, "out of memory");
            st = RMK_ERR_NOMEM;
            break;
        }
        for (size_t i = from; i < upto; i++) __builtin_prefetch(&b->c[b->idx[i]]);
        rmk_status ast = RMK_OK;
        for (size_t i = from; i < upto && ast == RMK_OK; i++)
            ast = apply(b, b->idx[i], &b->pr[i], err, errlen);
        if (ast) {
            st = ast;
            break;
        }
        if (st == RMK_OK) break;
        const pending_row *bad = &b->pr[upto];
        char msg[512];
        snprintf(msg, sizeof msg, "%s:%llu:%ld: %s", b->file, (unsigned long long)bad->line,
                 bad->ccol, rmk_agg_errmsg(b->ids));
        if (st != RMK_ERR_DATA || !b->skip_bad) {
            snprintf(err, errlen, "%s", msg);
            break;
        }
        if (b->skipped++ == 0) {
            snprintf(b->first_error, sizeof b->first_error, "%s", msg);
            b->first_error_line = bad->line;
        }
        st = RMK_OK;
        from = upto + 1;
    }
    b->nb = b->used = 0;
    return st;
}

static rmk_status on_row(void *ctx, const txn_row *r, char *err, size_t errlen)
{
    build *b = ctx;
    size_t need = r->customer_len + (r->invoice ? r->invoice_len : 0);
    if (b->nb == RATE_BATCH || b->used + need > 2u * CSV_RECORD_CAP) {
        rmk_status st = flush(b, err, errlen);
        if (st) return st;
    }
    if (b->nb == 0) snprintf(b->file, sizeof b->file, "%s", r->file);
    agg_row *a = &b->rows[b->nb];
    memset(a, 0, sizeof *a);
    a->id = memcpy(b->arena + b->used, r->customer, r->customer_len);
    a->id_len = (uint32_t)r->customer_len;
    b->used += r->customer_len;
    a->day = r->day;
    a->amount = r->amount;
    agg_row_prepare(b->ids, a);
    pending_row *p = &b->pr[b->nb++];
    p->day = r->day;
    p->due = r->due_day;
    p->paid = r->paid_day;
    p->prepaid = r->prepaid;
    p->amount = r->amount;
    p->line = r->line;
    p->ccol = r->customer_col;
    p->acol = r->amount_col;
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
    b->ids = rmk_agg_new();
    b->skip_bad = ro->skip_bad;
    b->arena = malloc(2u * CSV_RECORD_CAP); /* any one row fits */
    if (!b->ids || !b->arena) goto nomem;
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
    for (size_t i0 = 0; x->cf && i0 < custfile_count(x->cf); i0 += RATE_BATCH) {
        size_t m = custfile_count(x->cf) - i0;
        if (m > RATE_BATCH) m = RATE_BATCH;
        for (size_t i = 0; i < m; i++) {
            const cust_rec *r = custfile_at(x->cf, i0 + i);
            memset(&b->rows[i], 0, sizeof b->rows[i]);
            b->rows[i].id = r->id;
            b->rows[i].id_len = (uint32_t)r->id_len;
            b->rows[i].day = r->contract_start == RMK_NO_DATE ? 0 : r->contract_start;
        }
        size_t failed;
        st = agg_find_batch(b->ids, b->rows, m, b->idx, &failed);
        if (st == RMK_OK && ensure(b)) st = RMK_ERR_NOMEM;
        if (st) {
            snprintf(err, errlen, "%s", st == RMK_ERR_NOMEM ? "out of memory" : rmk_agg_errmsg(b->ids));
            goto fail;
        }
        for (size_t i = 0; i < m; i++) {
            const cust_rec *r = custfile_at(x->cf, i0 + i);
            client *c = &b->c[b->idx[i]];
            c->in_file = 1;
            c->name = r->name;
            c->contract_start = r->contract_start;
            c->individual = r->type == CUST_TYPE_INDIVIDUAL;
        }
    }
    rmk_read_opts rr = *ro;
    rr.as_of = as_of;
    st = txn_read_ex(path, &rr, TXN_PAYMENT, on_row, b, &counts, err, errlen);
    if (st == RMK_OK && b->nb) st = flush(b, err, errlen);
    if (st) goto fail;
    x->stats.rows = counts.rows;
    x->stats.rows_skipped = counts.skipped + b->skipped;
    x->stats.rows_after_as_of = counts.after_as_of;
    snprintf(x->stats.first_error, sizeof x->stats.first_error, "%s",
             b->skipped && (!counts.skipped || b->first_error_line < counts.first_error_line)
                 ? b->first_error
                 : counts.first_error);
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
    x->ids = b->ids; /* the rating keeps the ids */
    b->ids = NULL;
    if (!x->out) goto nomem;
    rmk_agg_seal(x->ids);
    const agg_customer *ac = agg_customers(x->ids);
    kv *order = malloc((b->n ? b->n : 1) * sizeof *order);
    if (!order) goto nomem;
    for (size_t i = 0; i < b->n; i++) order[i].idx = (uint32_t)i;
    if (agg_sort_by_id(x->ids, order, b->n)) {
        free(order);
        goto nomem;
    }
    for (size_t t = 0; t < b->n; t++) { /* in id order */
        size_t i = order[t].idx;
        const client *c = &b->c[i];
        if (c->individual) {
            x->stats.individuals_left_out++;
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
        r->previous_category = -1;
        if (b->nview > 1 && (c->first_purchase[1] != RMK_NO_DATE ||
                             (c->contract_start != RMK_NO_DATE && c->contract_start <= b->v[1].as_of))) {
            rate_one(b, x->scale, i, 1, total[1], NULL, &cat);
            r->previous_category = cat;
        }
    }
    free(order);
    free(b->c);
    free(b->month);
    free(b->arena);
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
        free(b->arena);
        rmk_agg_free(b->ids);
        free(b);
    }
    rmk_rating_free(x);
    return st;
}
