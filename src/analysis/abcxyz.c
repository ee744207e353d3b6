/* SPDX-License-Identifier: MIT */
/* abcxyz.c — ABC-XYZ analysis and revenue concentration (SPEC §3.6;
 * docs/abcxyz.md). One read of the transactions keeps each customer's
 * purchase days (history.h); a walk over them gives each client's monthly
 * net sales in the window, from which its revenue and the coefficient of
 * variation follow. ABC ranks the clients by revenue; every threshold is
 * compared exactly, in integers: shares by cross-multiplying in 128 bits,
 * the coefficient of variation by squaring both sides in 256 bits. */
#include "book.h"
#include "errmsg.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MONTHS 120

/* ------------------------------------------------------------- names */

static int ru(const char *lang) { return lang && !strcmp(lang, "ru"); }
static int cls_ok(int c) { return c >= 0 && c < 3; }

const char *rmk_abc_key(rmk_abc c) { return cls_ok((int)c) ? (const char *[]){"A", "B", "C"}[c] : ""; }
const char *rmk_xyz_key(rmk_xyz c) { return cls_ok((int)c) ? (const char *[]){"X", "Y", "Z"}[c] : ""; }

/* 1C's wording (ABC/XYZ classification of clients in 1C:Trade Management) */
static const char *const abc_en[3] = {"most valuable", "intermediate", "least valuable"};
static const char *const abc_ru[3] = {"наиболее ценные", "промежуточные", "наименее ценные"};
static const char *const xyz_en[3] = {"stable", "variable", "irregular"};
static const char *const xyz_ru[3] = {"стабильные", "нестабильные", "нерегулярные"};

const char *rmk_abc_name(rmk_abc c, const char *lang)
{
    return cls_ok((int)c) ? (ru(lang) ? abc_ru : abc_en)[c] : "";
}
const char *rmk_xyz_name(rmk_xyz c, const char *lang)
{
    return cls_ok((int)c) ? (ru(lang) ? xyz_ru : xyz_en)[c] : "";
}

void rmk_abcxyz_opts_init(rmk_abcxyz_opts *o)
{
    memset(o, 0, sizeof *o);
    o->as_of = RMK_NO_DATE;
    o->months = 12;
    o->abc_a = 8000;
    o->abc_b = 9500;
    o->xyz_x = 1000;
    o->xyz_y = 2500;
    o->period_months = 1;
}

/* ------------------------------------------------------------- result */

struct rmk_abcxyz {
    rmk_abcxyz_client *out; /* rank order */
    size_t n;
    rmk_agg *ids;           /* the book's: the rows point into it */
    rmk_book *own_book;     /* rmk_abcxyz_file's */
    rmk_abcxyz_opts o;
    int32_t as_of, start;
    rmk_abcxyz_cell cell[3][3];
    rmk_concentration conc;
    rmk_abcxyz_stats stats;
};

void rmk_abcxyz_free(rmk_abcxyz *x)
{
    if (!x) return;
    free(x->out);
    rmk_book_free(x->own_book);
    free(x);
}
size_t rmk_abcxyz_count(const rmk_abcxyz *x) { return x->n; }
const rmk_abcxyz_client *rmk_abcxyz_at(const rmk_abcxyz *x, size_t i)
{
    return i < x->n ? &x->out[i] : NULL;
}
int32_t rmk_abcxyz_as_of(const rmk_abcxyz *x) { return x->as_of; }
int32_t rmk_abcxyz_window_start(const rmk_abcxyz *x) { return x->start; }
int rmk_abcxyz_months(const rmk_abcxyz *x) { return x->o.months; }
void rmk_abcxyz_get_opts(const rmk_abcxyz *x, rmk_abcxyz_opts *o) { *o = x->o; }
void rmk_abcxyz_cell_get(const rmk_abcxyz *x, rmk_abc a, rmk_xyz z, rmk_abcxyz_cell *c)
{
    if (cls_ok((int)a) && cls_ok((int)z)) *c = x->cell[a][z];
    else memset(c, 0, sizeof *c);
}
void rmk_abcxyz_concentration(const rmk_abcxyz *x, rmk_concentration *c) { *c = x->conc; }
void rmk_abcxyz_get_stats(const rmk_abcxyz *x, rmk_abcxyz_stats *s) { *s = x->stats; }

/* ------------------------------------------- 256-bit unsigned integers */

/* Just enough for the exact test of the coefficient of variation: the sum
 * of up to 120 squares of int64 month nets needs 134 bits, and it is then
 * multiplied by 10^8. Little-endian 64-bit limbs. */
typedef struct u256 { uint64_t w[4]; } u256;
typedef unsigned __int128 u128;

static u256 u256_of(u128 v) { return (u256){{(uint64_t)v, (uint64_t)(v >> 64), 0, 0}}; }

static u256 u256_add(u256 a, u256 b)
{
    u256 r;
    unsigned carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 s = (u128)a.w[i] + b.w[i] + carry;
        r.w[i] = (uint64_t)s;
        carry = (unsigned)(s >> 64);
    }
    return r; /* no overflow in this file's uses: at most 2^168 */
}

static u256 u256_sub(u256 a, u256 b) /* a >= b */
{
    u256 r;
    unsigned borrow = 0;
    for (int i = 0; i < 4; i++) {
        u128 d = (u128)a.w[i] - b.w[i] - borrow;
        r.w[i] = (uint64_t)d;
        borrow = (unsigned)((d >> 64) & 1);
    }
    return r;
}

static u256 u256_mul64(u256 a, uint64_t k)
{
    u256 r;
    uint64_t carry = 0;
    for (int i = 0; i < 4; i++) {
        u128 p = (u128)a.w[i] * k + carry;
        r.w[i] = (uint64_t)p;
        carry = (uint64_t)(p >> 64);
    }
    return r;
}

static int u256_cmp(u256 a, u256 b)
{
    for (int i = 3; i >= 0; i--)
        if (a.w[i] != b.w[i]) return a.w[i] < b.w[i] ? -1 : 1;
    return 0;
}

static double u256_double(u256 a)
{
    return ldexp((double)a.w[3], 192) + ldexp((double)a.w[2], 128) + ldexp((double)a.w[1], 64) +
           (double)a.w[0];
}

static u128 mag(int64_t v) { return v < 0 ? (u128)0 - (u128)(__int128)v : (u128)v; }

/* ------------------------------------------------------------ classes */

/* The XYZ class from S = the sum of the months' nets and Q = the sum of
 * their squares over M months. The population variance is
 * (M Q - S^2) / M^2 and the mean S / M, so with V = M Q - S^2 >= 0,
 * cv = sqrt(V) / S, and for S > 0 and a threshold t (hundredths of a
 * percent) cv < t / 10^4  <=>  V * 10^8 < t^2 * S^2. */
static rmk_xyz xyz_class(const rmk_abcxyz_opts *o, int64_t S, u256 V, int *known, double *cv)
{
    *known = 0;
    *cv = 0;
    if (S <= 0) return RMK_XYZ_Z;
    *known = 1;
    *cv = sqrt(u256_double(V)) / (double)S;
    u256 lhs = u256_mul64(V, 100000000u), s2 = u256_of((u128)S * (u128)S);
    if (u256_cmp(lhs, u256_mul64(s2, (uint64_t)o->xyz_x * (uint64_t)o->xyz_x)) < 0) return RMK_XYZ_X;
    if (u256_cmp(lhs, u256_mul64(s2, (uint64_t)o->xyz_y * (uint64_t)o->xyz_y)) <= 0) return RMK_XYZ_Y;
    return RMK_XYZ_Z;
}

/* ---------------------------------------------------------------- build */

static int opts_check(const rmk_abcxyz_opts *o, char *err, size_t errlen)
{
    const char *bad = NULL;
    if (o->months < 2 || o->months > MAX_MONTHS) bad = "the window must be 2..120 months";
    else if (o->period_months != 1 && o->period_months != 3 && o->period_months != 12)
        bad = "the XYZ period must be a month, a quarter or a year";
    else if (o->months % o->period_months || o->months / o->period_months < 2)
        bad = o->period_months == 3 ? "the window must be 2 or more whole quarters (6, 9, 12 ... months)"
                                    : "the window must be 2 or more whole years (24, 36 ... months)";
    else if (!(o->abc_a > 0 && o->abc_a < o->abc_b && o->abc_b <= 10000))
        bad = "ABC thresholds must be 0 < A < B <= 100 percent";
    else if (!(o->xyz_x > 0 && o->xyz_x < o->xyz_y && o->xyz_y <= 100000))
        bad = "XYZ thresholds must be 0 < X < Y <= 1000 percent";
    if (bad) snprintf(err, errlen, "%s", bad);
    return bad ? -1 : 0;
}

/* per client, before ranking */
typedef struct pre {
    int64_t revenue;
    uint32_t cust;      /* index in the history */
    int active_months;
    int cv_known;
    double cv;
    rmk_xyz xyz;
} pre;

rmk_status rmk_abcxyz_file(const char *path, const rmk_read_opts *ro, const rmk_abcxyz_opts *o,
                           rmk_abcxyz **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_abcxyz_opts odef;
    if (!o) rmk_abcxyz_opts_init(&odef), o = &odef;
    if (opts_check(o, err, errlen)) return RMK_ERR_USAGE;
    rmk_book *book = NULL;
    rmk_status st = book_read_for(path, ro, o->as_of, RMK_BOOK_DAYS, NULL, &book, err, errlen);
    if (st == RMK_OK) st = rmk_abcxyz_run(book, o, out, err, errlen);
    if (st == RMK_OK) (*out)->own_book = book;
    else rmk_book_free(book);
    return st;
}

/* One client's months in the window, month k being (bound[k], bound[k+1]]:
 * *S its net sales, *Q the sum of its XYZ periods' (step months) squared
 * nets, *months the months with rows. 1 in the window, 0 without a row in
 * it, -1 when a net overflows int64 (err). */
static int client_months(const rmk_abcxyz *x, const history *hp, size_t c, const int32_t *bound,
                         int step, __int128 *S, u256 *Q, int *months, const char *path, char *err,
                         size_t errlen)
{
    const hday *d = hp->days + hp->off[c], *end = hp->days + hp->off[c + 1];
    /* days ascending: skip to the window (most histories are short) */
    while (d < end && d->day <= bound[0]) d++;
    if (d == end || d->day > x->as_of) return 0; /* rows after as_of were not kept */
    int k = 0, cur = -1; /* cur: the XYZ period being summed */
    __int128 per = 0;
    *S = 0;
    *Q = (u256){{0, 0, 0, 0}};
    *months = 0;
    for (;;) { /* months with rows in order; their nets summed by XYZ period */
        int more = d < end && d->day <= x->as_of; /* later rows were not kept; defensive */
        if (more) while (bound[k + 1] < d->day) k++;
        if (cur >= 0 && (!more || k / step != cur)) { /* a period ends: its square */
            if (per > INT64_MAX || per < INT64_MIN) {
                snprintf(err, errlen, "%s: client %s: net sales of a %s overflow", path,
                         agg_id(x->ids, &agg_customers(x->ids)[c]),
                         step == 1 ? "month" : step == 3 ? "quarter" : "year");
                return -1;
            }
            u128 a = mag((int64_t)per);
            *Q = u256_add(*Q, u256_of(a * a));
            per = 0;
        }
        if (!more) break;
        cur = k / step;
        __int128 m = 0;
        for (; d < end && d->day <= bound[k + 1]; d++) m += d->net;
        if (m > INT64_MAX || m < INT64_MIN) {
            snprintf(err, errlen, "%s: client %s: net sales of a month overflow", path,
                     agg_id(x->ids, &agg_customers(x->ids)[c]));
            return -1;
        }
        *S += m;
        per += m;
        ++*months;
    }
    if (*S > INT64_MAX || *S < INT64_MIN) {
        snprintf(err, errlen, "%s: client %s: net sales in the window overflow", path,
                 agg_id(x->ids, &agg_customers(x->ids)[c]));
        return -1;
    }
    return 1;
}

/* 1. each client's months: its revenue, CV and XYZ class into p[0, *n)
 * (the clients with rows in the window), *total the revenue of those with
 * a positive one, *negative the sum of the negative ones. */
static rmk_status measure_clients(rmk_abcxyz *x, const history *hp, size_t ncust,
                                  const int32_t *bound, pre *p, size_t *n, __int128 *total,
                                  __int128 *negative, const char *path, char *err, size_t errlen)
{
    const rmk_abcxyz_opts *o = &x->o;
    const int M = o->months, step = o->period_months; /* step: months an XYZ period */
    *n = 0;
    *total = *negative = 0;
    for (size_t c = 0; c < ncust; c++) {
        __int128 S;
        u256 Q;
        int months;
        int in = client_months(x, hp, c, bound, step, &S, &Q, &months, path, err, errlen);
        if (in < 0) return RMK_ERR_DATA;
        if (in == 0) continue;
        pre *q = &p[(*n)++];
        q->cust = (uint32_t)c;
        q->revenue = (int64_t)S;
        q->active_months = months;
        u128 s2 = mag(q->revenue) * mag(q->revenue);
        u256 V = u256_sub(u256_mul64(Q, (uint64_t)(M / step)), u256_of(s2)); /* = sum_{j<k} (m_j - m_k)^2 */
        q->xyz = xyz_class(o, q->revenue, V, &q->cv_known, &q->cv);
        if (S > 0) *total += S;
        else *negative += S;
    }
    return RMK_OK;
}

/* 2. rank: order[r].idx the index in p of the client of rank r, by revenue
 * descending, equal revenue in id order. 0, or -1 out of memory. */
static int rank_clients(const rmk_abcxyz *x, const pre *p, size_t n, size_t ncust, kv *order)
{
    for (size_t i = 0; i < n; i++) order[i].idx = (uint32_t)p[i].cust;
    if (agg_sort_by_id(x->ids, order, n)) return -1;
    uint32_t *pos = malloc((ncust ? ncust : 1) * sizeof *pos); /* customer -> its pre */
    if (!pos) return -1;
    for (size_t i = 0; i < n; i++) pos[p[i].cust] = (uint32_t)i;
    for (size_t i = 0; i < n; i++) {
        uint32_t j = pos[order[i].idx];
        order[i].idx = j;
        /* descending revenue: the order-preserving unsigned image, inverted */
        order[i].key = ~((uint64_t)p[j].revenue ^ 0x8000000000000000ull);
    }
    free(pos);
    return radix_sort(order, n) ? -1 : 0;
}

/* 3. classes and cells, in rank order, and the concentration of the
 * revenue T of the clients with a positive one (negative: the others'). */
static void classify(rmk_abcxyz *x, const pre *p, const kv *order, size_t n, int64_t T,
                     __int128 negative)
{
    const rmk_abcxyz_opts *o = &x->o;
    const agg_customer *ac = agg_customers(x->ids);
    __int128 cum = 0, rank_weighted = 0; /* sum of positive revenue so far; sum (n+1-r) x_r */
    u128 squares = 0;                    /* sum x^2 <= T^2 < 2^126 */
    size_t npos = 0;
    for (size_t i = 0; i < n; i++) npos += p[i].revenue > 0;
    size_t top = (npos + 4) / 5; /* ceil(20% of the clients with revenue) */
    int64_t top_rev = 0;
    x->n = n;
    for (size_t r = 0; r < n; r++) {
        const pre *q = &p[order[r].idx];
        rmk_abcxyz_client *c = &x->out[r];
        c->customer_id = agg_id(x->ids, &ac[q->cust]);
        c->id_len = ac[q->cust].id_len;
        c->rank = r + 1;
        c->revenue = q->revenue;
        c->active_months = q->active_months;
        c->cv_known = q->cv_known;
        c->cv = q->cv;
        c->xyz = q->xyz;
        /* A while the clients above hold < abc_a of T: before * 10^4 < abc_a * T */
        __int128 before = cum, limT = T;
        if (q->revenue > 0 && before * 10000 < (__int128)o->abc_a * limT) c->abc = RMK_ABC_A;
        else if (q->revenue > 0 && before * 10000 < (__int128)o->abc_b * limT) c->abc = RMK_ABC_B;
        else c->abc = RMK_ABC_C;
        if (q->revenue > 0) {
            cum += q->revenue;
            rank_weighted += (__int128)(npos - r) * q->revenue; /* r < npos: ascending index npos - r */
            squares += (u128)q->revenue * (u128)q->revenue;
            if (r < top) top_rev += q->revenue;
        }
        c->cumulative = (int64_t)cum;
        c->share = T > 0 ? (double)q->revenue / (double)T : 0;
        c->cumulative_share = T > 0 ? (double)cum / (double)T : 0;
        rmk_abcxyz_cell *cell = &x->cell[c->abc][c->xyz];
        cell->clients++;
        cell->revenue += q->revenue; /* within [negative, T]: checked by the caller */
    }
    rmk_concentration *k = &x->conc;
    k->clients = n;
    k->positive_clients = npos;
    k->total = T;
    k->negative_total = (int64_t)negative;
    if (npos > 0) {
        k->defined = 1;
        k->top_clients = top;
        k->top_revenue = top_rev;
        k->top_share = (double)top_rev / (double)T;
        /* (2 sum_i i x_(i) - (n+1) T) / (n T), x ascending */
        __int128 gnum = 2 * rank_weighted - (__int128)(npos + 1) * T, gden = (__int128)npos * T;
        k->gini = (double)gnum / (double)gden;
        k->hhi = (double)squares / ((double)T * (double)T);
        k->hhi_points = k->hhi * 10000.0;
    }
}

rmk_status rmk_abcxyz_run(const rmk_book *book, const rmk_abcxyz_opts *o, rmk_abcxyz **out,
                          char *err, size_t errlen)
{
    *out = NULL;
    rmk_abcxyz_opts odef;
    if (!o) rmk_abcxyz_opts_init(&odef), o = &odef;
    if (opts_check(o, err, errlen)) return RMK_ERR_USAGE;
    if (book_lacks(book, RMK_BOOK_DAYS, "ABC-XYZ", err, errlen)) return RMK_ERR_USAGE;
    rmk_status st = RMK_OK;
    const char *path = book->path;
    const history *hp = &book->h;
    const size_t ncust = book->row_customers; /* the customers with rows */
    rmk_abcxyz *x = calloc(1, sizeof *x);
    pre *p = NULL;
    kv *order = NULL;
    if (!x) goto nomem;
    x->o = *o;
    x->ids = hp->ids;
    rmk_agg_stats as;
    rmk_agg_get_stats(x->ids, &as);
    x->stats.rows = as.rows;
    x->stats.rows_skipped = as.rows_skipped;
    x->stats.rows_after_as_of = as.rows_after_as_of;
    x->stats.customers = ncust;
    snprintf(x->stats.first_error, sizeof x->stats.first_error, "%s", as.first_error);
    x->as_of = o->as_of != RMK_NO_DATE ? o->as_of : as.last_day;
    if (x->as_of == RMK_NO_DATE) {
        snprintf(err, errlen, "%s: no transactions", path);
        st = RMK_ERR_EMPTY;
        goto fail;
    }
    const int M = o->months;
    int32_t bound[MAX_MONTHS + 1]; /* month k is (bound[k], bound[k+1]] */
    for (int k = 0; k <= M; k++) bound[k] = k == M ? x->as_of : rmk_add_months(x->as_of, -(M - k));
    x->start = bound[0] + 1;

    p = malloc((ncust ? ncust : 1) * sizeof *p);
    if (!p) goto nomem;
    size_t n;
    __int128 pos_total, neg_total;
    st = measure_clients(x, hp, ncust, bound, p, &n, &pos_total, &neg_total, path, err, errlen);
    if (st) goto fail;
    x->stats.outside_window = ncust - n;
    if (n == 0) {
        char a[16], b[16];
        snprintf(err, errlen, "%s: no transactions in the window %s .. %s: nothing to analyse", path,
                 rmk_date_format_iso(x->start, a), rmk_date_format_iso(x->as_of, b));
        st = RMK_ERR_EMPTY;
        goto fail;
    }
    if (pos_total > INT64_MAX || neg_total < INT64_MIN) {
        snprintf(err, errlen, "%s: the clients' revenue in the window overflows", path);
        st = RMK_ERR_DATA;
        goto fail;
    }
    order = malloc(n * sizeof *order);
    x->out = calloc(n, sizeof *x->out);
    if (!order || !x->out || rank_clients(x, p, n, ncust, order)) goto nomem;
    classify(x, p, order, n, (int64_t)pos_total, neg_total);
    *out = x;
    x = NULL;
    goto done;
nomem:
    st = RMK_ERR_NOMEM;
    rmk_nomem(err, errlen);
fail:
    rmk_abcxyz_free(x);
done:
    free(order);
    free(p);
    return st;
}
