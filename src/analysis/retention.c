/* SPDX-License-Identifier: MIT */
/* retention.c — retention, churn and cohorts (lecture §1 and §4, SPEC §3.4,
 * docs/retention.md), on the customer book: per (customer, period), from
 * the customer's purchase days, whether it bought and its net sales; the
 * tables are counted from that. The grouped run asks the caller for each
 * customer's group, and counts retention per group as well (np x ngroups
 * counters). */
#include "book.h"
#include "errmsg.h"
#include "parse.h"
#include "sort.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rmk_activity {
    rmk_period period;
    int32_t p0;          /* the first period's number (months, quarters or years) */
    int32_t as_of;       /* the book's as-of date, else its latest row's (a day number) */
    size_t np;           /* periods */
    size_t *active;      /* per period */
    size_t *retained;    /* per period */
    size_t *cohort_size; /* per cohort */
    rmk_cohort_cell *cells; /* np x np: [cohort][k] */
    size_t ngroups;         /* 0 without groups */
    size_t *gactive;        /* ngroups x np: [group][period] */
    size_t *gretained;      /* ngroups x np */
    size_t ungrouped;       /* customers whose group_of was -1 */
    rmk_activity_stats stats;
};

void rmk_activity_get_stats(const rmk_activity *x, rmk_activity_stats *s) { *s = x->stats; }

#define RET_MAX_PERIODS RMK_MAX_PERIODS

/* a day's period number: months since year 0, quarters, or the year */
static int32_t period_of(rmk_period p, int32_t day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    if (p == RMK_PERIOD_YEAR) return y;
    if (p == RMK_PERIOD_QUARTER) return y * 4 + (m - 1) / 3;
    return y * 12 + (m - 1);
}

void rmk_activity_free(rmk_activity *x)
{
    if (!x) return;
    free(x->active);
    free(x->retained);
    free(x->cohort_size);
    free(x->cells);
    free(x->gactive);
    free(x->gretained);
    free(x);
}
size_t rmk_activity_periods(const rmk_activity *x) { return x->np; }
size_t rmk_activity_groups(const rmk_activity *x) { return x->ngroups; }
size_t rmk_activity_ungrouped(const rmk_activity *x) { return x->ungrouped; }

char *rmk_activity_label(const rmk_activity *x, size_t i, char *buf)
{
    int32_t p = x->p0 + (int32_t)i;
    if (x->period == RMK_PERIOD_YEAR) snprintf(buf, 16, "%04d", p);
    else if (x->period == RMK_PERIOD_QUARTER) snprintf(buf, 16, "%04d-Q%d", p / 4, p % 4 + 1);
    else snprintf(buf, 16, "%04d-%02d", p / 12, p % 12 + 1);
    return buf;
}

/* the first day of period number p */
static int32_t period_start(rmk_period period, int32_t p)
{
    if (period == RMK_PERIOD_YEAR) return rmk_days_from_civil(p, 1, 1);
    if (period == RMK_PERIOD_QUARTER) return rmk_days_from_civil(p / 4, p % 4 * 3 + 1, 1);
    return rmk_days_from_civil(p / 12, p % 12 + 1, 1);
}

int32_t rmk_activity_as_of(const rmk_activity *x) { return x->as_of; }

int rmk_activity_partial(const rmk_activity *x, size_t i, int *covered, int *days)
{
    *covered = *days = 0;
    if (i >= x->np) return 0;
    int32_t p = x->p0 + (int32_t)i, start = period_start(x->period, p);
    int32_t next = period_start(x->period, p + 1); /* the day after its last */
    *days = (int)(next - start);
    /* the as-of date is never before a period with a purchase: the period
     * is covered up to it, and in full when it ends on or before it */
    int32_t end = x->as_of < next - 1 ? x->as_of : next - 1;
    *covered = end < start ? 0 : (int)(end - start + 1);
    return *covered < *days;
}

/* period i of per-period counts active[] and retained[] */
static void retention_of(const size_t *active, const size_t *retained, size_t i, rmk_retention *r)
{
    r->active = active[i];
    r->retained = retained[i];
    r->has_previous = i > 0 && active[i - 1] > 0;
    if (r->has_previous) {
        r->retention_rate = (double)r->retained / (double)active[i - 1];
        r->churn_rate = 1.0 - r->retention_rate;
    }
}

void rmk_activity_retention(const rmk_activity *x, size_t i, rmk_retention *r)
{
    memset(r, 0, sizeof *r);
    if (i >= x->np) return;
    retention_of(x->active, x->retained, i, r);
}

void rmk_activity_group_retention(const rmk_activity *x, size_t g, size_t i, rmk_retention *r)
{
    memset(r, 0, sizeof *r);
    if (g >= x->ngroups || i >= x->np) return;
    retention_of(x->gactive + g * x->np, x->gretained + g * x->np, i, r);
}

void rmk_activity_cohort(const rmk_activity *x, size_t c, size_t k, rmk_cohort_cell *out)
{
    memset(out, 0, sizeof *out);
    if (c < x->np && k < x->np - c) *out = x->cells[c * x->np + k];
}

size_t rmk_activity_cohort_size(const rmk_activity *x, size_t c)
{
    return c < x->np ? x->cohort_size[c] : 0;
}

/* A customer's periods, ascending, from its purchase days (ascending):
 * calls walk_next until it returns 0. */
typedef struct pwalk {
    const hday *d, *end;
    rmk_period period;
    int32_t p;       /* the period */
    int64_t revenue; /* its net sales, minor units */
    int active;      /* bought in it (a row >= 0 on one of its days) */
} pwalk;

static void walk_start(pwalk *w, const history *h, size_t ci, rmk_period period)
{
    w->d = h->days + h->off[ci];
    w->end = h->days + h->off[ci + 1];
    w->period = period;
}

/* 1 and the next period in w, 0 at the end, -1 when its sales overflow */
static int walk_next(pwalk *w)
{
    if (w->d == w->end) return 0;
    w->p = period_of(w->period, w->d->day);
    w->revenue = 0;
    w->active = 0;
    for (; w->d < w->end && period_of(w->period, w->d->day) == w->p; w->d++) {
        if (__builtin_add_overflow(w->revenue, w->d->net, &w->revenue)) return -1;
        w->active |= (w->d->purchases & HDAY_ACTIVE) != 0;
    }
    return 1;
}

static rmk_status overflow(const history *h, size_t ci, const char *path, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s: customer %s: the sales in the period overflow", path,
             agg_id(h->ids, &agg_customers(h->ids)[ci]));
    return RMK_ERR_DATA;
}

/* The first walk: each customer's first period with a purchase (INT32_MAX:
 * none) and the span of all purchases' periods [lo, hi] */
static rmk_status span(const history *h, size_t ncust, rmk_period period, int32_t *first,
                       int32_t *lo, int32_t *hi, const char *path, char *err, size_t errlen)
{
    *lo = INT32_MAX, *hi = INT32_MIN;
    for (size_t i = 0; i < ncust; i++) {
        pwalk w;
        int k;
        first[i] = INT32_MAX;
        walk_start(&w, h, i, period);
        while ((k = walk_next(&w)) > 0) {
            if (!w.active) continue;
            if (w.p < first[i]) first[i] = w.p;
            if (w.p < *lo) *lo = w.p;
            if (w.p > *hi) *hi = w.p;
        }
        if (k < 0) return overflow(h, i, path, err, errlen);
    }
    return RMK_OK;
}

/* Each distinct customer's group (returns-only ones too): group_of's
 * answer, -1 for none; an answer out of range is RMK_ERR_USAGE. */
static rmk_status groups(rmk_activity *x, const history *h, size_t ncust, rmk_group_fn group_of,
                         void *ctx, int *group, char *err, size_t errlen)
{
    const agg_customer *ac = agg_customers(h->ids);
    for (size_t i = 0; i < ncust; i++) {
        const char *id = agg_id(h->ids, &ac[i]);
        int g = group_of(ctx, id, ac[i].id_len);
        if (g < -1 || (g >= 0 && (size_t)g >= x->ngroups)) {
            snprintf(err, errlen, "group_of returned %d for customer %.64s: expected -1 or "
                                  "a group below %zu", g, id, x->ngroups);
            return RMK_ERR_USAGE;
        }
        group[i] = g;
        if (g < 0) x->ungrouped++;
    }
    return RMK_OK;
}

/* The second walk, over customer i's periods from its cohort's (first) to
 * the last one with a purchase (hi): its cohort's revenue and customers,
 * the active and retained counts, in group g too (-1: none). */
static rmk_status count_customer(rmk_activity *x, const history *h, size_t i, int32_t first,
                                 int32_t hi, int g, const char *path, char *err, size_t errlen)
{
    int32_t lo = x->p0;
    x->cohort_size[first - lo]++;
    size_t co = (size_t)(first - lo);
    int32_t prev_active = INT32_MIN; /* the last period it bought in */
    pwalk w;
    walk_start(&w, h, i, x->period);
    while (walk_next(&w) > 0) { /* no overflow: the first walk saw the same sums */
        if (w.p < first || w.p > hi) continue; /* before any purchase */
        size_t pi = (size_t)(w.p - lo), k = pi - co;
        rmk_cohort_cell *cc = &x->cells[co * x->np + k];
        if (__builtin_add_overflow(cc->revenue, w.revenue, &cc->revenue)) {
            snprintf(err, errlen, "%s: cohort revenue overflows", path);
            return RMK_ERR_DATA;
        }
        if (!w.active) continue;
        cc->customers++;
        x->active[pi]++;
        if (g >= 0) x->gactive[(size_t)g * x->np + pi]++;
        if (pi > 0 && prev_active == w.p - 1) { /* retained: active in the previous period too */
            x->retained[pi]++;
            if (g >= 0) x->gretained[(size_t)g * x->np + pi]++;
        }
        prev_active = w.p;
    }
    return RMK_OK;
}

/* Without groups (group_of NULL, ngroups 0) and with them. Two walks over
 * each customer's periods: the first finds the span of periods, the
 * second counts. */
static rmk_status run_activity(const rmk_book *bk, rmk_period period, size_t ngroups,
                               rmk_group_fn group_of, void *ctx, rmk_activity **out, char *err,
                               size_t errlen)
{
    *out = NULL;
    const char *path = bk->path;
    if (book_lacks(bk, RMK_BOOK_DAYS, "retention", err, errlen)) return RMK_ERR_USAGE;
    rmk_status st = RMK_OK;
    rmk_activity *x = calloc(1, sizeof *x);
    const history *h = &bk->h;
    size_t ncust = bk->row_customers; /* the customers with rows */
    int32_t *first = malloc((ncust ? ncust : 1) * sizeof *first);
    int *group = NULL; /* per customer index: 0..ngroups-1 or -1 */
    if (!x || !first) goto nomem;
    rmk_agg_stats as;
    rmk_book_get_stats(bk, &as);
    x->stats.rows = as.rows;
    x->stats.rows_skipped = as.rows_skipped;
    x->stats.rows_after_as_of = as.rows_after_as_of;
    snprintf(x->stats.first_error, sizeof x->stats.first_error, "%s", as.first_error);
    /* periods from the first to the last purchase */
    int32_t lo, hi;
    if ((st = span(h, ncust, period, first, &lo, &hi, path, err, errlen))) goto fail;
    if (lo == INT32_MAX) {
        snprintf(err, errlen, "%s: no purchase on or before the as-of date", path);
        st = RMK_ERR_EMPTY;
        goto fail;
    }
    x->period = period;
    x->p0 = lo;
    x->as_of = bk->as_of != RMK_NO_DATE ? bk->as_of : as.last_day;
    x->np = (size_t)(hi - lo + 1);
    if (x->np > RET_MAX_PERIODS) { /* the cohort triangle grows with its square */
        char a[16], z[16];
        snprintf(err, errlen, "%s: purchases from %s to %s span %zu periods, more than %d (a mistyped "
                              "year? a longer --period, or --as-of)",
                 path, rmk_activity_label(x, 0, a), rmk_activity_label(x, x->np - 1, z), x->np,
                 RET_MAX_PERIODS);
        st = RMK_ERR_DATA;
        goto fail;
    }
    x->active = calloc(x->np, sizeof *x->active);
    x->retained = calloc(x->np, sizeof *x->retained);
    x->cohort_size = calloc(x->np, sizeof *x->cohort_size);
    x->cells = calloc(x->np * x->np, sizeof *x->cells);
    if (!x->active || !x->retained || !x->cohort_size || !x->cells) goto nomem;
    if (group_of) {
        size_t ncell;
        if (__builtin_mul_overflow(ngroups, x->np, &ncell)) goto nomem;
        x->ngroups = ngroups;
        x->gactive = calloc(ncell ? ncell : 1, sizeof *x->gactive);
        x->gretained = calloc(ncell ? ncell : 1, sizeof *x->gretained);
        group = malloc((ncust ? ncust : 1) * sizeof *group);
        if (!x->gactive || !x->gretained || !group) goto nomem;
        if ((st = groups(x, h, ncust, group_of, ctx, group, err, errlen))) goto fail;
    }
    for (size_t i = 0; i < ncust; i++) {
        if (first[i] == INT32_MAX) continue; /* returns only: in no cohort */
        st = count_customer(x, h, i, first[i], hi, group ? group[i] : -1, path, err, errlen);
        if (st) goto fail;
    }
    *out = x;
    x = NULL;
    goto done;
nomem:
    st = RMK_ERR_NOMEM;
    rmk_nomem(err, errlen);
fail:
    rmk_activity_free(x);
done:
    free(first);
    free(group);
    return st;
}

rmk_status rmk_activity_run(const rmk_book *book, rmk_period period, rmk_activity **out, char *err,
                            size_t errlen)
{
    return run_activity(book, period, 0, NULL, NULL, out, err, errlen);
}

rmk_status rmk_activity_run_grouped(const rmk_book *book, rmk_period period, size_t ngroups,
                                    rmk_group_fn group_of, void *ctx, rmk_activity **out,
                                    char *err, size_t errlen)
{
    if (!group_of) {
        *out = NULL;
        snprintf(err, errlen, "rmk_activity_run_grouped: group_of is NULL");
        return RMK_ERR_USAGE;
    }
    return run_activity(book, period, ngroups, group_of, ctx, out, err, errlen);
}

/* The file conveniences: a book of days, the run, the book freed (the
 * activity keeps nothing of it). */
static rmk_status read_activity(const char *path, const rmk_read_opts *ro, rmk_period period,
                                size_t ngroups, rmk_group_fn group_of, void *ctx,
                                rmk_activity **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_book *book = NULL;
    rmk_status st = book_read_for(path, ro, RMK_NO_DATE, RMK_BOOK_DAYS, NULL, &book, err, errlen);
    if (st == RMK_OK) st = run_activity(book, period, ngroups, group_of, ctx, out, err, errlen);
    rmk_book_free(book);
    return st;
}

rmk_status rmk_activity_read_file(const char *path, const rmk_read_opts *ro, rmk_period period,
                                  rmk_activity **out, char *err, size_t errlen)
{
    return read_activity(path, ro, period, 0, NULL, NULL, out, err, errlen);
}

rmk_status rmk_activity_read_file_grouped(const char *path, const rmk_read_opts *ro,
                                          rmk_period period, size_t ngroups, rmk_group_fn group_of,
                                          void *ctx, rmk_activity **out, char *err, size_t errlen)
{
    if (!group_of) {
        *out = NULL;
        snprintf(err, errlen, "rmk_activity_read_file_grouped: group_of is NULL");
        return RMK_ERR_USAGE;
    }
    return read_activity(path, ro, period, ngroups, group_of, ctx, out, err, errlen);
}

/* --by segment and --by category: each customer's group at the as-of date,
 * from an RFM scoring or a rating run on the same book (both in id order) */
static int segment_of(void *ctx, const char *id, size_t len)
{
    const rmk_rfm *x = ctx;
    size_t lo = 0, hi = rmk_rfm_count(x);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const rmk_rfm_customer *c = rmk_rfm_at(x, mid);
        int k = id_order(c->customer_id, c->id_len, id, len);
        if (!k) return c->segment;
        if (k < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1; /* not scored: returns only */
}

static int category_of(void *ctx, const char *id, size_t len)
{
    const rmk_rating *x = ctx;
    size_t lo = 0, hi = rmk_rating_count(x);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const rmk_rated_client *c = rmk_rating_at(x, mid);
        int k = id_order(c->customer_id, strlen(c->customer_id), id, len);
        if (!k) return c->category;
        if (k < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1; /* not rated: an individual left out */
}

rmk_status rmk_activity_run_by_segment(const rmk_book *book, rmk_period period, const rmk_rfm *rfm,
                                       int nsegments, rmk_activity **out, char *err, size_t errlen)
{
    if (!rfm || nsegments < 1) {
        *out = NULL;
        snprintf(err, errlen, "rmk_activity_run_by_segment: no scoring or no segments");
        return RMK_ERR_USAGE;
    }
    return run_activity(book, period, (size_t)nsegments, segment_of, (void *)rfm, out, err, errlen);
}

rmk_status rmk_activity_run_by_category(const rmk_book *book, rmk_period period,
                                        const rmk_rating *rating, rmk_activity **out, char *err,
                                        size_t errlen)
{
    if (!rating) {
        *out = NULL;
        snprintf(err, errlen, "rmk_activity_run_by_category: no rating");
        return RMK_ERR_USAGE;
    }
    size_t ng = (size_t)rmk_scale_category_count(rmk_rating_scale(rating));
    return run_activity(book, period, ng, category_of, (void *)rating, out, err, errlen);
}
