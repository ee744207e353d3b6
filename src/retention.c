/* retention.c — retention, churn and cohorts (lecture §1 and §4, SPEC §3.4).
 * One pass keeps, per (customer, period), whether the customer bought and
 * its net sales; the tables are counted from that. Customers are found with
 * the aggregate's batched lookup (agg_find_batch). */
#include "agg.h"
#include "csv.h"
#include "parse.h"
#include "txn.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* (customer, period) -> activity, open addressing */
typedef struct cell {
    uint64_t key;    /* customer index << 32 | period index + 1; 0 = empty */
    int64_t revenue; /* net sales, minor units */
    int active;      /* bought (a row >= 0) */
} cell;

struct rmk_activity {
    rmk_period period;
    int32_t p0;          /* the first period's number (months, quarters or years) */
    size_t np;           /* periods */
    size_t *active;      /* per period */
    size_t *retained;    /* per period */
    size_t *cohort_size; /* per cohort */
    rmk_cohort_cell *cells; /* np x np: [cohort][k] */
};

#define RET_BATCH 512
#define RET_MAX_PERIODS 1200 /* 100 years of months */
typedef struct build {
    rmk_agg *ids;
    cell *t;
    size_t mask, n;
    rmk_period period;
    agg_row rows[RET_BATCH];
    int32_t per[RET_BATCH];
    int64_t amount[RET_BATCH];
    uint64_t line[RET_BATCH];
    long ccol;
    uint32_t idx[RET_BATCH];
    size_t nb, used;
    char *arena;
    char file[256];
    int skip_bad;
    uint64_t skipped;
} build;

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
    free(x);
}
size_t rmk_activity_periods(const rmk_activity *x) { return x->np; }

char *rmk_activity_label(const rmk_activity *x, size_t i, char *buf)
{
    int32_t p = x->p0 + (int32_t)i;
    if (x->period == RMK_PERIOD_YEAR) snprintf(buf, 16, "%04d", p);
    else if (x->period == RMK_PERIOD_QUARTER) snprintf(buf, 16, "%04d-Q%d", p / 4, p % 4 + 1);
    else snprintf(buf, 16, "%04d-%02d", p / 12, p % 12 + 1);
    return buf;
}

void rmk_activity_retention(const rmk_activity *x, size_t i, rmk_retention *r)
{
    memset(r, 0, sizeof *r);
    if (i >= x->np) return;
    r->active = x->active[i];
    r->retained = x->retained[i];
    r->has_previous = i > 0 && x->active[i - 1] > 0;
    if (r->has_previous) {
        r->retention_rate = (double)r->retained / (double)x->active[i - 1];
        r->churn_rate = 1.0 - r->retention_rate;
    }
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

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static int grow(build *b)
{
    size_t nmask = b->mask ? b->mask * 2 + 1 : 4095;
    cell *t = calloc(nmask + 1, sizeof *t);
    if (!t) return -1;
    for (size_t i = 0; b->t && i <= b->mask; i++) {
        if (!b->t[i].key) continue;
        size_t j = mix(b->t[i].key) & nmask;
        while (t[j].key) j = (j + 1) & nmask;
        t[j] = b->t[i];
    }
    free(b->t);
    b->t = t;
    b->mask = nmask;
    return 0;
}

/* the cell of (customer, period), created if new; NULL when out of memory */
static cell *cell_of(build *b, uint32_t ci, int32_t p)
{
    uint64_t key = (uint64_t)ci << 32 | (uint32_t)(p + 1);
    size_t j = mix(key) & b->mask;
    while (b->t[j].key) {
        if (b->t[j].key == key) return &b->t[j];
        j = (j + 1) & b->mask;
    }
    b->t[j].key = key;
    b->n++;
    if (b->n * 10 > (b->mask + 1) * 7) {
        if (grow(b)) return NULL;
        return cell_of(b, ci, p);
    }
    return &b->t[j];
}

static rmk_status flush(build *b, char *err, size_t errlen)
{
    size_t from = 0;
    rmk_status st = RMK_OK;
    while (from < b->nb) {
        size_t failed = 0;
        st = agg_find_batch(b->ids, b->rows + from, b->nb - from, b->idx + from, &failed);
        size_t upto = st == RMK_OK ? b->nb : from + failed;
        for (size_t i = from; i < upto; i++) {
            cell *c = cell_of(b, b->idx[i], b->per[i]);
            if (!c) {
                snprintf(err, errlen, "out of memory");
                b->nb = b->used = 0;
                return RMK_ERR_NOMEM;
            }
            if (__builtin_add_overflow(c->revenue, b->amount[i], &c->revenue)) {
                snprintf(err, errlen, "%s:%llu: the customer's sales in the period overflow", b->file,
                         (unsigned long long)b->line[i]);
                b->nb = b->used = 0;
                return RMK_ERR_DATA;
            }
            c->active |= b->amount[i] >= 0;
        }
        if (st == RMK_OK) break;
        if (st != RMK_ERR_DATA || !b->skip_bad) {
            snprintf(err, errlen, "%s:%llu:%ld: %s", b->file, (unsigned long long)b->line[upto],
                     b->ccol, rmk_agg_errmsg(b->ids));
            break;
        }
        b->skipped++;
        st = RMK_OK;
        from = upto + 1;
    }
    b->nb = b->used = 0;
    return st;
}

static rmk_status on_row(void *ctx, const txn_row *r, char *err, size_t errlen)
{
    build *b = ctx;
    if (b->nb == RET_BATCH || b->used + r->customer_len > 2u * CSV_RECORD_CAP) {
        rmk_status st = flush(b, err, errlen);
        if (st) return st;
    }
    if (b->nb == 0) {
        snprintf(b->file, sizeof b->file, "%s", r->file);
        b->ccol = r->customer_col;
    }
    agg_row *a = &b->rows[b->nb];
    memset(a, 0, sizeof *a);
    a->id = memcpy(b->arena + b->used, r->customer, r->customer_len);
    a->id_len = (uint32_t)r->customer_len;
    b->used += r->customer_len;
    a->day = r->day;
    agg_row_prepare(b->ids, a);
    b->per[b->nb] = period_of(b->period, r->day);
    b->amount[b->nb] = r->amount;
    b->line[b->nb] = r->line;
    b->nb++;
    return RMK_OK;
}

rmk_status rmk_activity_read_file(const char *path, const rmk_read_opts *ro, rmk_period period,
                                  rmk_activity **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_read_opts def;
    if (!ro) rmk_read_opts_init(&def), ro = &def;
    rmk_status st = RMK_OK;
    rmk_activity *x = calloc(1, sizeof *x);
    build *b = calloc(1, sizeof *b);
    int32_t *first = NULL;
    if (!x || !b) goto nomem;
    b->ids = rmk_agg_new();
    b->arena = malloc(2u * CSV_RECORD_CAP);
    b->period = period;
    b->skip_bad = ro->skip_bad;
    if (!b->ids || !b->arena || grow(b)) goto nomem;
    txn_counts counts;
    st = txn_read(path, ro, on_row, b, &counts, err, errlen);
    if (st == RMK_OK && b->nb) st = flush(b, err, errlen);
    if (st) goto fail;
    /* periods from the first to the last purchase */
    size_t ncust = agg_count(b->ids);
    first = malloc((ncust ? ncust : 1) * sizeof *first);
    if (!first) goto nomem;
    for (size_t i = 0; i < ncust; i++) first[i] = INT32_MAX;
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (size_t j = 0; j <= b->mask; j++) {
        const cell *c = &b->t[j];
        if (!c->key || !c->active) continue;
        uint32_t ci = (uint32_t)(c->key >> 32);
        int32_t p = (int32_t)(uint32_t)c->key - 1;
        if (p < first[ci]) first[ci] = p;
        if (p < lo) lo = p;
        if (p > hi) hi = p;
    }
    if (lo == INT32_MAX) {
        snprintf(err, errlen, "%s: no purchase on or before the as-of date", path);
        st = RMK_ERR_EMPTY;
        goto fail;
    }
    x->period = period;
    x->p0 = lo;
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
    for (size_t i = 0; i < ncust; i++)
        if (first[i] != INT32_MAX) x->cohort_size[first[i] - lo]++;
    for (size_t j = 0; j <= b->mask; j++) {
        const cell *c = &b->t[j];
        if (!c->key) continue;
        uint32_t ci = (uint32_t)(c->key >> 32);
        int32_t p = (int32_t)(uint32_t)c->key - 1;
        if (first[ci] == INT32_MAX || p < first[ci] || p > hi) continue; /* before any purchase */
        size_t pi = (size_t)(p - lo), co = (size_t)(first[ci] - lo), k = pi - co;
        rmk_cohort_cell *cc = &x->cells[co * x->np + k];
        if (__builtin_add_overflow(cc->revenue, c->revenue, &cc->revenue)) {
            snprintf(err, errlen, "%s: cohort revenue overflows", path);
            st = RMK_ERR_DATA;
            goto fail;
        }
        if (!c->active) continue;
        cc->customers++;
        x->active[pi]++;
        if (pi > 0) { /* retained: active in the previous period too */
            uint64_t prev = (uint64_t)ci << 32 | (uint32_t)p; /* period p-1, +1 */
            size_t q = mix(prev) & b->mask;
            while (b->t[q].key && b->t[q].key != prev) q = (q + 1) & b->mask;
            if (b->t[q].key == prev && b->t[q].active) x->retained[pi]++;
        }
    }
    free(first);
    free(b->t);
    free(b->arena);
    rmk_agg_free(b->ids);
    free(b);
    *out = x;
    return RMK_OK;
nomem:
    st = RMK_ERR_NOMEM;
    snprintf(err, errlen, "out of memory");
fail:
    free(first);
    if (b) {
        free(b->t);
        free(b->arena);
        rmk_agg_free(b->ids);
        free(b);
    }
    rmk_activity_free(x);
    return st;
}
