/* SPDX-License-Identifier: MIT */
/* rfm.c — RFM per the lecture (§3 "FRM"): sort customers (R ascending by
 * days since the last purchase, F and M descending), split into `bins` equal
 * groups, the best group scores `bins`. Ties: SPLIT is SQL's
 * NTILE(bins) over the best-first order (ties broken by id, byte order);
 * KEEP gives every run of equal values the score SPLIT gives its last
 * member, so equal values never score differently. */
#include "agg.h"
#include "errmsg.h"
#include "rfm.h"
#include "sort.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rmk_rfm {
    rmk_rfm_customer *c; /* ascending id */
    size_t n, unscored;
    int32_t as_of;
    int bins;
    const rmk_segmap *seg;
    rmk_rfm_cutoff cut[3][10]; /* [measure][score] */
    rmk_rfm_group *codes;      /* bins^3, index (r-1)*b*b + (f-1)*b + (m-1) */
    rmk_rfm_group *segs;       /* per segment of the map */
};

void rmk_rfm_opts_init(rmk_rfm_opts *o)
{
    memset(o, 0, sizeof *o);
    o->as_of = RMK_NO_DATE;
    o->bins = 5;
    o->ties = RMK_TIES_KEEP;
    o->monetary = RMK_MONETARY_AVERAGE;
}

void rmk_rfm_free(rmk_rfm *x)
{
    if (!x) return;
    free(x->c);
    free(x->codes);
    free(x->segs);
    free(x);
}
size_t rmk_rfm_count(const rmk_rfm *x) { return x->n; }
const rmk_rfm_customer *rmk_rfm_at(const rmk_rfm *x, size_t i) { return i < x->n ? &x->c[i] : NULL; }
int32_t rmk_rfm_as_of(const rmk_rfm *x) { return x->as_of; }
int rmk_rfm_bins(const rmk_rfm *x) { return x->bins; }
const rmk_segmap *rmk_rfm_segments(const rmk_rfm *x) { return x->seg; }
size_t rmk_rfm_unscored(const rmk_rfm *x) { return x->unscored; }

/* -------------------------------------------------------------- sorting */

/* The aggregate's customers with a purchase, in id (byte) order. Fills
 * k[0..*n) with their indices. Returns 0 or -1 (out of memory). */
static int purchasers_by_id(const rmk_agg *a, kv *k, size_t *n)
{
    size_t total = agg_count(a), m = 0;
    const agg_customer *c = agg_customers(a);
    for (size_t i = 0; i < total; i++)
        if (c[i].purchases) k[m++].idx = (uint32_t)i;
    if (agg_sort_by_id(a, k, m)) return -1;
    *n = m;
    return 0;
}

typedef struct mkey { int64_t num, den; uint32_t pos; } mkey;

/* Monetary descending, exact (cross-multiplied in 128 bits), then id. */
static int m_cmp(const void *pa, const void *pb)
{
    const mkey *a = pa, *b = pb;
    __int128 l = (__int128)a->num * b->den, r = (__int128)b->num * a->den;
    if (l != r) return l > r ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

/* The score NTILE gives 0-based position p of n in `bins` groups. */
static int ntile_score(size_t p, size_t n, int bins)
{
    size_t q = n / (size_t)bins, k = n % (size_t)bins;
    size_t g = p < k * (q + 1) ? p / (q + 1) : k + (p - k * (q + 1)) / q;
    return bins - (int)g;
}

int rfm_run_score(size_t better, size_t equal, size_t tie_rank, size_t n, int bins, rmk_ties ties)
{
    return ntile_score(better + (ties == RMK_TIES_KEEP ? equal - 1 : tie_rank), n, bins);
}

/* Given the best-first order (customer positions) and a predicate telling
 * whether neighbours hold equal values, assign scores. */
typedef int (*same_fn)(const rmk_rfm *x, size_t a, size_t b, char measure);

static int same_value(const rmk_rfm *x, size_t a, size_t b, char measure)
{
    const rmk_rfm_customer *p = &x->c[a], *q = &x->c[b];
    if (measure == 'r') return p->recency_days == q->recency_days;
    if (measure == 'f') return p->frequency == q->frequency;
    return (__int128)p->monetary_num * q->monetary_den == (__int128)q->monetary_num * p->monetary_den;
}

static void assign(rmk_rfm *x, const uint32_t *order, char measure, rmk_ties ties)
{
    size_t n = x->n;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        if (ties == RMK_TIES_KEEP)
            while (j + 1 < n && same_value(x, order[j], order[j + 1], measure)) j++;
        for (size_t t = i; t <= j; t++) {
            int s = rfm_run_score(i, j - i + 1, t - i, n, x->bins, ties);
            rmk_rfm_customer *c = &x->c[order[t]];
            if (measure == 'r') c->r = s;
            else if (measure == 'f') c->f = s;
            else c->m = s;
        }
        i = j + 1;
    }
}

static int cmp_ratio(int64_t an, int64_t ad, int64_t bn, int64_t bd)
{
    __int128 l = (__int128)an * bd, r = (__int128)bn * ad;
    return (l > r) - (l < r);
}

static void cutoffs(rmk_rfm *x)
{
    memset(x->cut, 0, sizeof x->cut);
    for (size_t i = 0; i < x->n; i++) {
        const rmk_rfm_customer *c = &x->c[i];
        int sc[3] = {c->r, c->f, c->m};
        int64_t num[3] = {c->recency_days, c->frequency, c->monetary_num};
        int64_t den[3] = {1, 1, c->monetary_den};
        for (int k = 0; k < 3; k++) {
            rmk_rfm_cutoff *cu = &x->cut[k][sc[k]];
            if (cu->customers++ == 0) {
                cu->lo_num = cu->hi_num = num[k];
                cu->lo_den = cu->hi_den = den[k];
                continue;
            }
            if (cmp_ratio(num[k], den[k], cu->lo_num, cu->lo_den) < 0)
                cu->lo_num = num[k], cu->lo_den = den[k];
            if (cmp_ratio(num[k], den[k], cu->hi_num, cu->hi_den) > 0)
                cu->hi_num = num[k], cu->hi_den = den[k];
        }
    }
}

/* The options against the aggregate; *as_of the date scored at (the last
 * purchase day unless given; the aggregate must not run past it). */
static rmk_status check_opts(const rmk_agg *a, const rmk_rfm_opts *o, int32_t *as_of, char *err,
                             size_t errlen)
{
    if (!a) { /* rmk_book_agg of a book read without RMK_BOOK_RFM */
        snprintf(err, errlen, "no aggregate to score (a customer book needs RMK_BOOK_RFM)");
        return RMK_ERR_USAGE;
    }
    if (o->bins < 2 || o->bins > 9) {
        snprintf(err, errlen, "bins must be 2..9, got %d", o->bins);
        return RMK_ERR_USAGE;
    }
    static const char *const meas[3] = {"r (recency, days)", "f (frequency)", "m (monetary)"};
    for (int k = 0; k < 3; k++) {
        int nc = o->ncuts[k];
        if (nc && nc != o->bins - 1) {
            snprintf(err, errlen, "%d cut-points for %s make %d score groups, scoring uses %d: give "
                                  "%d cut-points or --bins %d", nc, meas[k], nc + 1, o->bins,
                     o->bins - 1, nc + 1 <= 9 && nc >= 1 ? nc + 1 : 5);
            return RMK_ERR_USAGE;
        }
        for (int j = 1; j < nc; j++)
            if (o->cuts[k][j] <= o->cuts[k][j - 1]) {
                snprintf(err, errlen, "the cut-points for %s must rise strictly", meas[k]);
                return RMK_ERR_USAGE;
            }
        if (nc && k < 2 && o->cuts[k][0] < 0) {
            snprintf(err, errlen, "the cut-points for %s must not be negative", meas[k]);
            return RMK_ERR_USAGE;
        }
    }
    if (o->segments && rmk_segmap_bins(o->segments) != o->bins) {
        snprintf(err, errlen, "the segment map is for %d bins, scoring uses %d",
                 rmk_segmap_bins(o->segments), o->bins);
        return RMK_ERR_USAGE;
    }
    rmk_agg_stats st;
    rmk_agg_get_stats(a, &st);
    *as_of = o->as_of == RMK_NO_DATE ? st.last_day : o->as_of;
    if (*as_of != RMK_NO_DATE && st.last_day != RMK_NO_DATE && st.last_day > *as_of) {
        char d1[16], d2[16];
        snprintf(err, errlen, "data runs to %s, after the as-of date %s: read it with as_of set",
                 rmk_date_format_iso(st.last_day, d1), rmk_date_format_iso(*as_of, d2));
        return RMK_ERR_USAGE;
    }
    return RMK_OK;
}

/* The customers to score, in id order: those with a purchase, with their
 * recency (days to the as-of date), frequency and monetary value (net
 * sales, over the purchases for an average). 0, or -1 out of memory. */
static int take_purchasers(rmk_rfm *x, const rmk_agg *a, const rmk_rfm_opts *o)
{
    size_t total = agg_count(a);
    if (total > UINT32_MAX) return -1;
    const agg_customer *ac = agg_customers(a);
    kv *byid = malloc((total ? total : 1) * sizeof *byid);
    if (!byid) return -1;
    size_t np = 0;
    if (purchasers_by_id(a, byid, &np)) {
        free(byid);
        return -1;
    }
    x->unscored = total - np; /* returns only: not a customer to score */
    x->c = malloc((np ? np : 1) * sizeof *x->c);
    if (!x->c) {
        free(byid);
        return -1;
    }
    for (size_t i = 0; i < np; i++) {
        const agg_customer *c = &ac[byid[i].idx];
        rmk_rfm_customer *r = &x->c[x->n++];
        memset(r, 0, sizeof *r);
        r->customer_id = agg_id(a, c);
        r->id_len = c->id_len;
        r->first_purchase_day = c->first_purchase;
        r->last_purchase_day = c->last_purchase;
        r->recency_days = x->as_of - c->last_purchase;
        r->frequency = c->purchases;
        r->net_minor = c->net;
        r->monetary_num = c->net;
        r->monetary_den = o->monetary == RMK_MONETARY_TOTAL ? 1 : c->purchases;
        r->segment = -1;
    }
    free(byid);
    return 0;
}

/* M's best-first order: exact rational descending, then id. A radix sort
 * on the double value orders all but equal doubles (division is correctly
 * rounded, hence monotone, while |num| and den are exact in a double); runs
 * of equal doubles are then ordered exactly. Beyond 2^53 minor units a
 * compare sort does it all. keys, mk: room for x->n. 0, or -1 out of memory. */
static int monetary_order(const rmk_rfm *x, kv *keys, mkey *mk, uint32_t *order)
{
    size_t n = x->n;
    int exact_doubles = 1;
    for (size_t i = 0; i < n; i++) {
        int64_t num = x->c[i].monetary_num, den = x->c[i].monetary_den;
        if (num > (INT64_C(1) << 53) || num < -(INT64_C(1) << 53) || den > (INT64_C(1) << 53))
            exact_doubles = 0;
        mk[i].num = num;
        mk[i].den = den;
        mk[i].pos = (uint32_t)i;
    }
    if (!exact_doubles) {
        qsort(mk, n, sizeof *mk, m_cmp);
        for (size_t i = 0; i < n; i++) order[i] = mk[i].pos;
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        double v = (double)mk[i].num / (double)mk[i].den;
        uint64_t b;
        memcpy(&b, &v, 8);
        b = (b >> 63) ? ~b : b | (UINT64_C(1) << 63); /* ascending as unsigned */
        keys[i].key = ~b;                              /* descending */
        keys[i].idx = (uint32_t)i;
    }
    if (radix_sort(keys, n)) return -1;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        int all_equal = 1;
        while (j < n && keys[j].key == keys[i].key) {
            const mkey *p0 = &mk[keys[i].idx], *pj = &mk[keys[j].idx];
            all_equal &= (__int128)p0->num * pj->den == (__int128)pj->num * p0->den;
            j++;
        }
        /* equal values stay in id order (the radix sort is stable) */
        if (!all_equal) {
            mkey *run = malloc((j - i) * sizeof *run);
            if (!run) return -1;
            for (size_t t = i; t < j; t++) run[t - i] = mk[keys[t].idx];
            qsort(run, j - i, sizeof *run, m_cmp);
            for (size_t t = i; t < j; t++) keys[t].idx = run[t - i].pos;
            free(run);
        }
        i = j;
    }
    for (size_t i = 0; i < n; i++) order[i] = keys[i].idx;
    return 0;
}

/* The R, F and M scores of every customer, each from its best-first order;
 * 0, or -1 out of memory. */
static int score_all(rmk_rfm *x, rmk_ties ties)
{
    size_t n = x->n;
    kv *keys = malloc(n * sizeof *keys);
    uint32_t *order = calloc(n, sizeof *order);
    mkey *mk = malloc(n * sizeof *mk);
    int rs = !keys || !order || !mk ? -1 : 0;
    /* R: days ascending, then id: the sort is stable and c[] is in id order */
    for (size_t i = 0; !rs && i < n; i++) {
        keys[i].key = (uint32_t)x->c[i].recency_days;
        keys[i].idx = (uint32_t)i;
    }
    if (!rs && (rs = radix_sort(keys, n)) == 0) {
        for (size_t i = 0; i < n; i++) order[i] = keys[i].idx;
        assign(x, order, 'r', ties);
    }
    /* F: purchases descending (a frequency beyond 2^32-1 would need more
     * rows than any file holds; it is clamped for the key only) */
    for (size_t i = 0; !rs && i < n; i++) {
        uint64_t f = (uint64_t)x->c[i].frequency;
        if (f > UINT32_MAX) f = UINT32_MAX;
        keys[i].key = UINT32_MAX - f;
        keys[i].idx = (uint32_t)i;
    }
    if (!rs && (rs = radix_sort(keys, n)) == 0) {
        for (size_t i = 0; i < n; i++) order[i] = keys[i].idx;
        assign(x, order, 'f', ties);
    }
    if (!rs && (rs = monetary_order(x, keys, mk, order)) == 0) assign(x, order, 'm', ties);
    free(keys);
    free(order);
    free(mk);
    return rs ? -1 : 0;
}

static int group_all(rmk_rfm *x);

/* The scores of the measures with user cut-points (docs/rfm.md,
 * "Cut-points"), over those of equal groups: R counts the cuts the recency
 * lies beyond (a cut ends its group), F and M the cuts the value reaches (a
 * cut starts its group); M compared exactly, num/den >= cut minor units. */
static void score_by_cuts(rmk_rfm *x, const rmk_rfm_opts *o)
{
    for (size_t i = 0; i < x->n; i++) {
        rmk_rfm_customer *c = &x->c[i];
        int below = 0, f = 1, m = 1;
        for (int j = 0; j < o->ncuts[0]; j++) below += c->recency_days > o->cuts[0][j];
        for (int j = 0; j < o->ncuts[1]; j++) f += c->frequency >= o->cuts[1][j];
        for (int j = 0; j < o->ncuts[2]; j++)
            m += (__int128)c->monetary_num >= (__int128)o->cuts[2][j] * c->monetary_den;
        if (o->ncuts[0]) c->r = o->bins - below;
        if (o->ncuts[1]) c->f = f;
        if (o->ncuts[2]) c->m = m;
    }
}

rmk_status rmk_rfm_score(const rmk_agg *a, const rmk_rfm_opts *o, rmk_rfm **out, char *err,
                         size_t errlen)
{
    *out = NULL;
    rmk_rfm_opts def;
    if (!o) {
        rmk_rfm_opts_init(&def);
        o = &def;
    }
    int32_t as_of;
    rmk_status st = check_opts(a, o, &as_of, err, errlen);
    if (st) return st;
    rmk_rfm *x = calloc(1, sizeof *x);
    if (!x) goto nomem;
    x->as_of = as_of;
    x->bins = o->bins;
    x->seg = o->segments;
    if (take_purchasers(x, a, o)) goto nomem;
    if (x->n == 0) {
        snprintf(err, errlen, "no customer with a purchase on or before the as-of date");
        rmk_rfm_free(x);
        return RMK_ERR_EMPTY;
    }
    if (score_all(x, o->ties)) goto nomem;
    score_by_cuts(x, o);
    if (x->seg)
        for (size_t i = 0; i < x->n; i++)
            x->c[i].segment = rmk_segmap_lookup(x->seg, x->c[i].r, x->c[i].f, x->c[i].m);
    cutoffs(x);
    if (group_all(x)) goto nomem;
    *out = x;
    return RMK_OK;
nomem:
    rmk_rfm_free(x);
    rmk_nomem(err, errlen);
    return RMK_ERR_NOMEM;
}

int rmk_rfm_cutoff_get(const rmk_rfm *x, char measure, int score, rmk_rfm_cutoff *c)
{
    int k = measure == 'r' ? 0 : measure == 'f' ? 1 : measure == 'm' ? 2 : -1;
    memset(c, 0, sizeof *c);
    if (k < 0 || score < 1 || score > x->bins) return 0;
    *c = x->cut[k][score];
    return c->customers > 0;
}

/* An exact sum of fractions n/d (d > 0), kept reduced; den = 0 once it no
 * longer fits in 128 bits (then only the long double mean is known). */
typedef struct exact_sum {
    __int128 num, den;
} exact_sum;

static __int128 gcd128(__int128 a, __int128 b)
{
    if (a < 0) a = -a;
    while (b) {
        __int128 t = a % b;
        a = b, b = t;
    }
    return a;
}

static void exact_add(exact_sum *s, int64_t n, int64_t d)
{
    if (!s->den) return;
    __int128 g = gcd128(s->den, d), num, a, den;
    if (__builtin_mul_overflow(s->num, (__int128)(d / g), &num) ||
        __builtin_mul_overflow((__int128)n, s->den / g, &a) || __builtin_add_overflow(num, a, &num) ||
        __builtin_mul_overflow(s->den / g, (__int128)d, &den)) {
        s->den = 0;
        return;
    }
    g = gcd128(num, den);
    s->num = num / g, s->den = den / g;
}

/* the mean sum / count into g's exact monetary, when it fits in 64 bits */
static void exact_mean(const exact_sum *s, rmk_rfm_group *g)
{
    __int128 den;
    g->monetary_num = g->monetary_den = 0;
    if (!s->den || __builtin_mul_overflow(s->den, (__int128)g->customers, &den)) return;
    __int128 k = gcd128(s->num, den), num = s->num / k;
    den /= k;
    if (num > INT64_MAX || num < -INT64_MAX || den > INT64_MAX) return;
    g->monetary_num = (int64_t)num, g->monetary_den = (int64_t)den;
}

/* Counts and means per code and per segment, in one pass. */
static int group_all(rmk_rfm *x)
{
    size_t ncode = (size_t)x->bins * x->bins * x->bins;
    int nseg = x->seg ? rmk_segmap_count(x->seg) : 0;
    x->codes = calloc(ncode, sizeof *x->codes);
    x->segs = calloc(nseg ? (size_t)nseg : 1, sizeof *x->segs);
    long double *sum = calloc((ncode + (size_t)nseg) * 3, sizeof *sum);
    exact_sum *ex = malloc((ncode + (size_t)nseg) * sizeof *ex);
    if (!x->codes || !x->segs || !sum || !ex) {
        free(sum);
        free(ex);
        return -1;
    }
    for (size_t k = 0; k < ncode + (size_t)nseg; k++) ex[k] = (exact_sum){0, 1};
    for (size_t i = 0; i < x->n; i++) {
        const rmk_rfm_customer *c = &x->c[i];
        size_t gi[2] = {(size_t)((c->r - 1) * x->bins * x->bins + (c->f - 1) * x->bins + (c->m - 1)),
                        c->segment >= 0 ? ncode + (size_t)c->segment : (size_t)-1};
        for (int k = 0; k < 2; k++) {
            if (gi[k] == (size_t)-1) continue;
            rmk_rfm_group *g = gi[k] < ncode ? &x->codes[gi[k]] : &x->segs[gi[k] - ncode];
            g->customers++;
            sum[gi[k] * 3] += c->recency_days;
            sum[gi[k] * 3 + 1] += (long double)c->frequency;
            sum[gi[k] * 3 + 2] +=
                (long double)c->monetary_num / (long double)c->monetary_den / RMK_MONEY_SCALE;
            exact_add(&ex[gi[k]], c->monetary_num, c->monetary_den);
        }
    }
    for (size_t k = 0; k < ncode + (size_t)nseg; k++) {
        rmk_rfm_group *g = k < ncode ? &x->codes[k] : &x->segs[k - ncode];
        if (!g->customers) continue;
        g->recency_days = (double)(sum[k * 3] / g->customers);
        g->frequency = (double)(sum[k * 3 + 1] / g->customers);
        g->monetary = (double)(sum[k * 3 + 2] / g->customers);
        exact_mean(&ex[k], g);
    }
    free(sum);
    free(ex);
    return 0;
}

int rmk_rfm_code_stats(const rmk_rfm *x, int r, int f, int m, rmk_rfm_group *g)
{
    memset(g, 0, sizeof *g);
    int b = x->bins;
    if (r < 1 || r > b || f < 1 || f > b || m < 1 || m > b) return 0;
    *g = x->codes[(r - 1) * b * b + (f - 1) * b + (m - 1)];
    return g->customers > 0;
}

int rmk_rfm_segment_stats(const rmk_rfm *x, int segment, rmk_rfm_group *g)
{
    memset(g, 0, sizeof *g);
    if (!x->seg || segment < 0 || segment >= rmk_segmap_count(x->seg)) return 0;
    *g = x->segs[segment];
    return g->customers > 0;
}

char *rmk_ratio_format(int64_t num, int64_t den, int decimals, char mark, char *buf)
{
    if (den < 0) num = -num, den = -den;
    if (den == 0) {
        snprintf(buf, 32, "nan");
        return buf;
    }
    if (decimals < 0) decimals = 0;
    if (decimals > 4) decimals = 4;
    static const int64_t p10[5] = {1, 10, 100, 1000, 10000};
    /* value in units of 10^-decimals currency: num / (den * 10^(4-decimals)) */
    __int128 d = (__int128)den * (RMK_MONEY_SCALE / p10[decimals]);
    __int128 mag = num < 0 ? -(__int128)num : num;
    __int128 q = mag / d, rem = mag % d;
    if (rem * 2 >= d) q++;
    /* back to minor units at full scale for the formatter */
    __int128 minor = q * (RMK_MONEY_SCALE / p10[decimals]);
    if (minor > INT64_MAX) minor = INT64_MAX;
    return rmk_money_format(num < 0 ? -(int64_t)minor : (int64_t)minor, decimals, mark, buf);
}
