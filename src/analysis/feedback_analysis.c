/* SPDX-License-Identifier: MIT */
/* feedback_analysis.c — NPS and satisfaction per respondent, per group
 * (all, rating category, RFM segment) and per period, and the alert on key
 * clients whose latest score dropped (lecture §5, "real-time feedback
 * system" in its batch form; SPEC §3.8). The feedback file is read by
 * feedback.c; the groups come from relmark rfm's scoring and relmark rate's
 * rating of a transactions file. Definitions: docs/feedback.md. */
#include "book.h"
#include "errmsg.h"
#include "sort.h"
#include "txn.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rmk_feedback {
    feedback *fb;
    const custfile *cf;     /* the book's, or own_cf */
    custfile *own_cf;       /* read here when there is no book */
    rmk_agg *agg;           /* the book's, or NULL without transactions */
    size_t na;              /* its customers with rows */
    rmk_book *own_book;     /* rmk_feedback_file's */
    rmk_rfm *rfm;
    rmk_rating *rating;
    rmk_scale *own_scale;        /* the shipped scale when none was given */
    const rmk_scale *scale;      /* for category keys and names: NULL unless rated */
    const rmk_segmap *segments;  /* NULL unless scored */
    int32_t as_of;
    rmk_period period;
    rmk_feedback_client *c;
    size_t n;
    rmk_feedback_group *g;
    size_t ng;
    int64_t p0;                  /* the first period's number */
    size_t np;
    rmk_nps_stats *gp;           /* ng x np, group-major */
    rmk_feedback_stats st;
};

/* ------------------------------------------------------------ NPS basics */

int rmk_nps_class_of(int nps)
{
    if (nps < 0 || nps > 10) return -1;
    return nps >= 9 ? RMK_NPS_PROMOTER : nps >= 7 ? RMK_NPS_PASSIVE : RMK_NPS_DETRACTOR;
}

const char *rmk_nps_class_key(rmk_nps_class c)
{
    switch (c) {
    case RMK_NPS_DETRACTOR: return "detractor";
    case RMK_NPS_PASSIVE: return "passive";
    case RMK_NPS_PROMOTER: return "promoter";
    }
    return "";
}

const char *rmk_nps_class_name(rmk_nps_class c, const char *lang)
{
    int ru = lang && !strcmp(lang, "ru");
    switch (c) {
    case RMK_NPS_DETRACTOR: return ru ? "критик" : "detractor";
    case RMK_NPS_PASSIVE: return ru ? "нейтрал" : "passive";
    case RMK_NPS_PROMOTER: return ru ? "промоутер" : "promoter";
    }
    return "";
}

int rmk_nps_tenths(size_t promoters, size_t passives, size_t detractors, int *tenths)
{
    unsigned long long n = (unsigned long long)promoters + passives + detractors;
    *tenths = 0;
    if (n == 0) return 0;
    unsigned long long d = promoters >= detractors ? promoters - detractors : detractors - promoters;
    /* |1000 d / n| rounded half away from zero: (2000 d + n) div 2n */
    unsigned long long q = (2000ULL * d + n) / (2ULL * n);
    *tenths = promoters >= detractors ? (int)q : -(int)q;
    return 1;
}

/* ------------------------------------------------------------- options */

void rmk_feedback_opts_init(rmk_feedback_opts *o)
{
    memset(o, 0, sizeof *o);
    o->as_of = RMK_NO_DATE;
    o->bins = 5;
    o->ties = RMK_TIES_KEEP;
    o->monetary = RMK_MONETARY_AVERAGE;
    o->sat_min = FB_SAT_MIN;
    o->sat_max = FB_SAT_MAX;
    o->period = RMK_PERIOD_QUARTER;
    o->drop = 3;
    o->sat_drop = 2;
}

static const char *const default_keys[] = {"strategic_partner", "regular", "champions", "loyal"};

/* ------------------------------------------------------------ accessors */

void rmk_feedback_free(rmk_feedback *x)
{
    if (!x) return;
    feedback_free(x->fb);
    custfile_free(x->own_cf);
    rmk_rfm_free(x->rfm);
    rmk_rating_free(x->rating);
    rmk_book_free(x->own_book);
    rmk_scale_free(x->own_scale);
    free(x->c);
    free(x->g);
    free(x->gp);
    free(x);
}

int32_t rmk_feedback_as_of(const rmk_feedback *x) { return x ? x->as_of : RMK_NO_DATE; }
size_t rmk_feedback_count(const rmk_feedback *x) { return x ? x->n : 0; }
const rmk_feedback_client *rmk_feedback_at(const rmk_feedback *x, size_t i)
{
    return x && i < x->n ? &x->c[i] : NULL;
}
size_t rmk_feedback_groups(const rmk_feedback *x) { return x ? x->ng : 0; }
const rmk_feedback_group *rmk_feedback_group_at(const rmk_feedback *x, size_t g)
{
    return x && g < x->ng ? &x->g[g] : NULL;
}
size_t rmk_feedback_periods(const rmk_feedback *x) { return x ? x->np : 0; }
rmk_period rmk_feedback_period(const rmk_feedback *x) { return x ? x->period : RMK_PERIOD_QUARTER; }
const rmk_scale *rmk_feedback_scale(const rmk_feedback *x) { return x ? x->scale : NULL; }
const rmk_segmap *rmk_feedback_segments(const rmk_feedback *x) { return x ? x->segments : NULL; }

void rmk_feedback_group_period(const rmk_feedback *x, size_t g, size_t i, rmk_nps_stats *s)
{
    if (x && g < x->ng && i < x->np) *s = x->gp[g * x->np + i];
    else memset(s, 0, sizeof *s);
}

void rmk_feedback_get_stats(const rmk_feedback *x, rmk_feedback_stats *s)
{
    if (x) *s = x->st;
    else memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------- periods */

static int64_t floordiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* day number -> civil year and month (H. Hinnant's algorithm) */
static void civil_ym(int32_t day, int64_t *y, int *m)
{
    int64_t z = (int64_t)day + 719468;
    int64_t era = floordiv(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (mm <= 2);
    *m = mm;
}

static int64_t period_of(rmk_period p, int32_t day)
{
    int64_t y;
    int m;
    civil_ym(day, &y, &m);
    if (p == RMK_PERIOD_MONTH) return y * 12 + (m - 1);
    if (p == RMK_PERIOD_YEAR) return y;
    return y * 4 + (m - 1) / 3;
}

int32_t rmk_feedback_period_start(const rmk_feedback *x, size_t i)
{
    if (!x || i >= x->np) return RMK_NO_DATE;
    int64_t k = x->p0 + (int64_t)i;
    if (x->period == RMK_PERIOD_MONTH)
        return rmk_days_from_civil((int)floordiv(k, 12), (int)(k - 12 * floordiv(k, 12)) + 1, 1);
    if (x->period == RMK_PERIOD_YEAR) return rmk_days_from_civil((int)k, 1, 1);
    return rmk_days_from_civil((int)floordiv(k, 4), (int)(k - 4 * floordiv(k, 4)) * 3 + 1, 1);
}

int rmk_feedback_partial(const rmk_feedback *x, size_t i, int *covered, int *days)
{
    *covered = *days = 0;
    if (!x || i >= x->np) return 0;
    int64_t k = x->p0 + (int64_t)i + 1; /* the next period: its first day is the day after */
    int32_t start = rmk_feedback_period_start(x, i), next;
    if (x->period == RMK_PERIOD_MONTH)
        next = rmk_days_from_civil((int)floordiv(k, 12), (int)(k - 12 * floordiv(k, 12)) + 1, 1);
    else if (x->period == RMK_PERIOD_YEAR) next = rmk_days_from_civil((int)k, 1, 1);
    else next = rmk_days_from_civil((int)floordiv(k, 4), (int)(k - 4 * floordiv(k, 4)) * 3 + 1, 1);
    *days = (int)(next - start);
    /* answers after the as-of date are not read: the as-of date is never
     * before the last period; covered up to it, in full when it ends before */
    int32_t end = x->as_of < next - 1 ? x->as_of : next - 1;
    *covered = end < start ? 0 : (int)(end - start + 1);
    return *covered < *days;
}

char *rmk_feedback_period_label(const rmk_feedback *x, size_t i, char *buf)
{
    buf[0] = 0;
    if (!x || i >= x->np) return buf;
    int64_t k = x->p0 + (int64_t)i;
    char t[64]; /* years of day numbers (int32) have at most 7 digits */
    if (x->period == RMK_PERIOD_MONTH)
        snprintf(t, sizeof t, "%04d-%02d", (int)floordiv(k, 12), (int)(k - 12 * floordiv(k, 12)) + 1);
    else if (x->period == RMK_PERIOD_YEAR) snprintf(t, sizeof t, "%04d", (int)k);
    else snprintf(t, sizeof t, "%04d-Q%d", (int)floordiv(k, 4), (int)(k - 4 * floordiv(k, 4)) + 1);
    size_t l = strlen(t);
    if (l > 15) l = 15;
    memcpy(buf, t, l);
    buf[l] = 0;
    return buf;
}

/* ------------------------------------------------------------- helpers */


static int segment_of(const rmk_rfm *x, const char *id, size_t len)
{
    size_t lo = 0, hi = x ? rmk_rfm_count(x) : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const rmk_rfm_customer *c = rmk_rfm_at(x, mid);
        int k = id_order(c->customer_id, c->id_len, id, len);
        if (!k) return c->segment;
        if (k < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static int category_of(const rmk_rating *x, const char *id, size_t len)
{
    size_t lo = 0, hi = x ? rmk_rating_count(x) : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const rmk_rated_client *c = rmk_rating_at(x, mid);
        int k = id_order(c->customer_id, strlen(c->customer_id), id, len);
        if (!k) return c->category;
        if (k < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

static void add_nps(rmk_nps_stats *s, int nps)
{
    s->respondents++;
    switch (rmk_nps_class_of(nps)) {
    case RMK_NPS_PROMOTER: s->promoters++; break;
    case RMK_NPS_PASSIVE: s->passives++; break;
    default: s->detractors++; break;
    }
}

static void add_sat(rmk_nps_stats *s, int sat)
{
    s->sat_respondents++;
    s->sat_sum += sat;
}

static void finish_stats(rmk_nps_stats *s)
{
    s->nps_known = rmk_nps_tenths(s->promoters, s->passives, s->detractors, &s->nps_tenths);
}

/* The scale and map give the known group keys; a key list names them. */
static int category_index(const rmk_scale *s, const char *key)
{
    for (int c = 0; s && c < rmk_scale_category_count(s); c++)
        if (!strcmp(key, rmk_scale_category_key(s, c))) return c;
    return -1;
}

static int segment_index(const rmk_segmap *m, const char *key)
{
    for (int k = 0; m && k < rmk_segmap_count(m); k++)
        if (!strcmp(key, rmk_segmap_key(m, k))) return k;
    return -1;
}

static rmk_status check_opts(const char *path, const rmk_feedback_opts *o, char *err,
                             size_t errlen)
{
    if (!path) {
        snprintf(err, errlen, "feedback: no feedback file");
        return RMK_ERR_USAGE;
    }
    if (o->sat_min < 0 || o->sat_min >= o->sat_max || o->sat_max > 100) {
        snprintf(err, errlen, "satisfaction scale %d-%d: expected 0 <= min < max <= 100", o->sat_min,
                 o->sat_max);
        return RMK_ERR_USAGE;
    }
    if (o->drop < 1 || o->drop > 10) {
        snprintf(err, errlen, "NPS drop %d: expected 1-10 points", o->drop);
        return RMK_ERR_USAGE;
    }
    if (o->sat_drop < 1 || o->sat_drop > o->sat_max - o->sat_min) {
        snprintf(err, errlen, "satisfaction drop %d: expected 1-%d points (the %d-%d scale)",
                 o->sat_drop, o->sat_max - o->sat_min, o->sat_min, o->sat_max);
        return RMK_ERR_USAGE;
    }
    if (o->alert_days < 0 || o->alert_days > 36500) {
        snprintf(err, errlen, "alert days %d: expected 1-36500 (0: answers of any age)",
                 o->alert_days);
        return RMK_ERR_USAGE;
    }
    if ((int)o->period < RMK_PERIOD_MONTH || (int)o->period > RMK_PERIOD_YEAR) {
        snprintf(err, errlen, "feedback: unknown period %d", (int)o->period);
        return RMK_ERR_USAGE;
    }
    if (o->transactions && !strcmp(o->transactions, "-") && !strcmp(path, "-")) {
        snprintf(err, errlen, "the answers and the transactions cannot both be standard input");
        return RMK_ERR_USAGE;
    }
    if (o->nkey_groups && !o->key_groups) {
        snprintf(err, errlen, "feedback: %zu key groups but no list", o->nkey_groups);
        return RMK_ERR_USAGE;
    }
    return RMK_OK;
}

/* ----------------------------------------------------------- the work */

rmk_status rmk_feedback_file(const char *path, const rmk_read_opts *ro, const rmk_feedback_opts *o,
                             rmk_feedback **out, char *err, size_t errlen)
{
    char ebuf[512];
    if (!err || !errlen) err = ebuf, errlen = sizeof ebuf;
    err[0] = 0;
    rmk_read_opts rdef;
    rmk_feedback_opts odef;
    if (!ro) rmk_read_opts_init(&rdef), ro = &rdef;
    if (!o) rmk_feedback_opts_init(&odef), o = &odef;
    if (!o->transactions) return rmk_feedback_run(NULL, path, ro, o, out, err, errlen);
    rmk_status st = check_opts(path, o, err, errlen); /* before a long read */
    if (st) return st;
    rmk_read_opts rr = *ro;
    if (o->as_of != RMK_NO_DATE) rr.as_of = o->as_of;
    rr.sheet = NULL; /* --sheet names the sheet of the answers (FILE) */
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_DAYS | RMK_BOOK_PAYMENTS | (o->segments ? RMK_BOOK_RFM : 0);
    bo.customers = o->customers;
    rmk_book *book = NULL;
    st = rmk_book_read(o->transactions, &rr, &bo, &book, err, errlen);
    if (st == RMK_OK) st = rmk_feedback_run(book, path, ro, o, out, err, errlen);
    if (st == RMK_OK) (*out)->own_book = book;
    else rmk_book_free(book);
    return st;
}

/* What the run's steps share. */
typedef struct run {
    const rmk_scale *scale;          /* the categories': given, or the shipped one */
    int ncat, nseg;                  /* the scale's categories, the map's segments */
    unsigned char *key_cat, *key_seg; /* per category and segment: 1 a key group */
    kv *order;                       /* the transactions' customers in id order */
    size_t na;                       /* ... of them */
} run;

/* The scale, and the key groups: a given list must name known groups
 * (categories of the scale, segments of the map); the default list keeps
 * those that exist. */
static rmk_status key_groups(rmk_feedback *x, const rmk_feedback_opts *o, run *r, char *err,
                             size_t errlen)
{
    rmk_status st = RMK_OK;
    r->scale = o->scale;
    if (!r->scale) {
        x->own_scale = rmk_scale_default(&st, err, errlen);
        if (!x->own_scale) return st;
        r->scale = x->own_scale;
    }
    r->ncat = rmk_scale_category_count(r->scale);
    r->nseg = o->segments ? rmk_segmap_count(o->segments) : 0;
    r->key_cat = calloc((size_t)(r->ncat ? r->ncat : 1), 1);
    r->key_seg = calloc((size_t)(r->nseg ? r->nseg : 1), 1);
    if (!r->key_cat || !r->key_seg) {
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    const char *const *keys = o->key_groups ? o->key_groups : default_keys;
    size_t nk = o->key_groups ? o->nkey_groups : sizeof default_keys / sizeof default_keys[0];
    for (size_t i = 0; i < nk; i++) {
        const char *k = keys[i] ? keys[i] : "";
        int c = category_index(r->scale, k), s = segment_index(o->segments, k);
        if (c >= 0) r->key_cat[c] = 1;
        if (s >= 0) r->key_seg[s] = 1;
        if (c < 0 && s < 0 && o->key_groups) {
            size_t u = (size_t)snprintf(err, errlen, "key group '%s' is neither a rating category "
                                                     "nor a segment (known:", k);
            for (int q = 0; q < r->ncat && u < errlen; q++)
                u += (size_t)snprintf(err + u, errlen - u, " %s", rmk_scale_category_key(r->scale, q));
            for (int q = 0; q < r->nseg && u < errlen; q++)
                u += (size_t)snprintf(err + u, errlen - u, " %s", rmk_segmap_key(o->segments, q));
            if (u < errlen) snprintf(err + u, errlen - u, ")");
            return RMK_ERR_USAGE;
        }
    }
    return RMK_OK;
}

/* The transactions (the book): their counts, and their last day as the
 * default as-of date, where the answers' read stops (rr). */
static rmk_status take_book(rmk_feedback *x, const rmk_book *book, const rmk_feedback_opts *o,
                            rmk_read_opts *rr, char *err, size_t errlen)
{
    if (book_lacks(book, RMK_BOOK_DAYS | RMK_BOOK_PAYMENTS | (o->segments ? RMK_BOOK_RFM : 0),
                   "feedback", err, errlen))
        return RMK_ERR_USAGE;
    x->agg = book->h.ids;
    x->na = book->row_customers;
    rmk_agg_stats as;
    rmk_agg_get_stats(x->agg, &as);
    x->st.tx_rows = as.rows;
    x->st.tx_rows_skipped = as.rows_skipped;
    x->st.tx_rows_after_as_of = as.rows_after_as_of;
    snprintf(x->st.tx_first_error, sizeof x->st.tx_first_error, "%s", as.first_error);
    if (x->as_of == RMK_NO_DATE) x->as_of = as.last_day;
    if (x->as_of == RMK_NO_DATE) {
        snprintf(err, errlen, "%s: no transactions (give --as-of, or leave the transactions "
                              "out)", book->path);
        return RMK_ERR_EMPTY;
    }
    rr->as_of = x->as_of;
    return RMK_OK;
}

/* The answers: the feedback file read to the as-of date (without one, the
 * latest answer's day becomes it); no answer is RMK_ERR_EMPTY. */
static rmk_status read_answers(rmk_feedback *x, const char *path, const rmk_read_opts *rr,
                               const rmk_feedback_opts *o, char *err, size_t errlen)
{
    rmk_status st = feedback_read(path, rr, o->sat_min, o->sat_max, &x->fb, err, errlen);
    if (st) return st;
    feedback_stats fs;
    feedback_get_stats(x->fb, &fs);
    x->st.rows = fs.rows;
    x->st.rows_skipped = fs.skipped;
    x->st.rows_after_as_of = fs.after_as_of;
    snprintf(x->st.first_error, sizeof x->st.first_error, "%s", fs.first_error);
    const fb_score *sc = feedback_scores(x->fb);
    size_t nfc = feedback_customer_count(x->fb);
    if (x->as_of == RMK_NO_DATE)
        for (size_t i = 0; i < nfc; i++) {
            const fb_customer *fc = feedback_customer_at(x->fb, i);
            int32_t d = sc[fc->first + fc->count - 1].day;
            if (x->as_of == RMK_NO_DATE || d > x->as_of) x->as_of = d;
        }
    if (nfc == 0) {
        char d[16];
        if (x->as_of != RMK_NO_DATE)
            snprintf(err, errlen, "%s: no answer on or before %s", path, rmk_date_format_iso(x->as_of, d));
        else snprintf(err, errlen, "%s: no answer", path);
        return RMK_ERR_EMPTY;
    }
    return RMK_OK;
}

/* The customers file (the book's, or read here without transactions), and
 * with transactions the groups: the RFM segments (with a map) and the
 * rating's categories. Without transactions every respondent is key. */
static rmk_status join_groups(rmk_feedback *x, const rmk_book *book, const rmk_feedback_opts *o,
                              const rmk_read_opts *rr, const run *r, char *err, size_t errlen)
{
    rmk_status st;
    if (book) {
        x->cf = book->cf;
    } else if (o->customers) {
        rmk_read_opts side = txn_side_opts(rr);
        st = custfile_read(o->customers, &side, &x->own_cf, err, errlen);
        if (st) return st;
        x->cf = x->own_cf;
    }
    if (!book) {
        x->st.all_key = 1;
        return RMK_OK;
    }
    if (o->segments) {
        rmk_rfm_opts ropt;
        rmk_rfm_opts_init(&ropt);
        ropt.as_of = x->as_of;
        ropt.bins = o->bins;
        ropt.ties = o->ties;
        ropt.monetary = o->monetary;
        ropt.segments = o->segments;
        st = rmk_rfm_score(x->agg, &ropt, &x->rfm, err, errlen);
        if (st == RMK_ERR_EMPTY) st = RMK_OK; /* no purchase at all: no segments */
        if (st) return st;
        x->segments = o->segments;
    }
    rmk_rate_opts rt;
    rmk_rate_opts_init(&rt);
    rt.as_of = x->as_of;
    rt.scale = r->scale;
    rt.customers = o->customers;
    st = rmk_rate_run(book, &rt, &x->rating, err, errlen);
    if (st) return st;
    x->scale = r->scale;
    return RMK_OK;
}

/* A respondent's latest and previous score of each kind, from its answers
 * in (day, line) order, and its NPS count and sum. */
static void respondent_scores(rmk_feedback_client *c, const fb_customer *fc, const fb_score *sc)
{
    for (size_t k = fc->first; k < fc->first + fc->count; k++) {
        if (sc[k].nps >= 0) {
            c->nps_answers++;
            c->nps_sum += sc[k].nps;
            c->previous_nps = c->nps;
            c->previous_nps_day = c->nps_day;
            c->nps = sc[k].nps;
            c->nps_day = sc[k].day;
        }
        if (sc[k].sat >= 0) {
            c->previous_satisfaction = c->satisfaction;
            c->previous_satisfaction_day = c->satisfaction_day;
            c->satisfaction = sc[k].sat;
            c->satisfaction_day = sc[k].day;
        }
    }
    c->nps_class = rmk_nps_class_of(c->nps);
}

/* A respondent in the other files: its name in the customers file, whether
 * the transactions have it, its segment and category. *in_cf, *in_tx count
 * the respondents found in each. */
static void respondent_files(rmk_feedback *x, const run *r, rmk_feedback_client *c,
                             const fb_customer *fc, size_t *in_cf, size_t *in_tx)
{
    if (x->cf) {
        const cust_rec *rec = custfile_find(x->cf, fc->id, fc->id_len);
        c->in_customers_file = rec != NULL;
        if (rec) {
            ++*in_cf;
            if (rec->name) c->name = rec->name;
        } else {
            x->st.not_in_customers_file++;
        }
    }
    if (!x->agg) return;
    const agg_customer *ac = agg_customers(x->agg);
    size_t lo = 0, hi = r->na;
    int found = 0;
    while (lo < hi && !found) {
        size_t mid = lo + (hi - lo) / 2;
        const agg_customer *a = &ac[r->order[mid].idx];
        int k = id_order(agg_id(x->agg, a), a->id_len, fc->id, fc->id_len);
        if (!k) found = 1;
        else if (k < 0) lo = mid + 1;
        else hi = mid;
    }
    c->in_transactions = found;
    if (found) ++*in_tx;
    else x->st.without_transactions++;
    c->segment = x->rfm ? segment_of(x->rfm, fc->id, fc->id_len) : -1;
    c->category = category_of(x->rating, fc->id, fc->id_len);
}

/* Is the respondent a key client (its group), and its alerts: the latest
 * score dropped by o->drop / o->sat_drop or more on the previous, or a
 * promoter or passive turned detractor (docs/feedback.md). */
static void key_and_alerts(rmk_feedback *x, const rmk_feedback_opts *o, const run *r,
                           rmk_feedback_client *c)
{
    if (x->st.all_key) {
        c->key = 1;
        c->key_group = "all";
    } else if (c->category >= 0 && c->category < r->ncat && r->key_cat[c->category]) {
        c->key = 1;
        c->key_group = rmk_scale_category_key(r->scale, c->category);
    } else if (c->segment >= 0 && c->segment < r->nseg && r->key_seg[c->segment]) {
        c->key = 1;
        c->key_group = rmk_segmap_key(o->segments, c->segment);
    }
    if (!c->key) return;
    x->st.key_clients++;
    /* with alert_days, a latest answer older than the N days ending
     * with the as-of date is news no more */
    int32_t since = o->alert_days ? x->as_of - o->alert_days : INT32_MIN;
    if (c->nps >= 0 && c->previous_nps >= 0 && c->nps_day > since) {
        if (c->nps - c->previous_nps <= -o->drop) c->alert |= RMK_ALERT_NPS_DROP;
        if (c->nps <= 6 && c->previous_nps >= 7) c->alert |= RMK_ALERT_DETRACTOR;
    }
    if (c->satisfaction >= 0 && c->previous_satisfaction >= 0 &&
        c->satisfaction_day > since &&
        c->satisfaction - c->previous_satisfaction <= -o->sat_drop)
        c->alert |= RMK_ALERT_SAT_DROP;
    if (c->alert) x->st.alerts++;
}

/* Every respondent, in id order; 0, or -1 out of memory. */
static int respondents(rmk_feedback *x, const rmk_feedback_opts *o, const run *r)
{
    const fb_score *sc = feedback_scores(x->fb);
    size_t nfc = feedback_customer_count(x->fb);
    x->n = nfc;
    x->c = calloc(nfc, sizeof *x->c);
    if (!x->c) return -1;
    size_t in_tx = 0, in_cf = 0;
    for (size_t i = 0; i < nfc; i++) {
        const fb_customer *fc = feedback_customer_at(x->fb, i);
        rmk_feedback_client *c = &x->c[i];
        c->customer_id = fc->id;
        c->id_len = fc->id_len;
        c->name = "";
        c->answers = fc->count;
        c->nps = c->previous_nps = c->satisfaction = c->previous_satisfaction = -1;
        c->nps_day = c->previous_nps_day = c->satisfaction_day = c->previous_satisfaction_day =
            RMK_NO_DATE;
        c->nps_class = c->segment = c->category = -1;
        c->key_group = "";
        c->in_transactions = c->in_customers_file = -1;
        respondent_scores(c, fc, sc);
        respondent_files(x, r, c, fc, &in_cf, &in_tx);
        key_and_alerts(x, o, r, c);
        if (c->nps < 0) x->st.without_nps++;
    }
    x->st.respondents = nfc;
    if (x->agg) x->st.transactions_without_answer = r->na - in_tx;
    if (x->cf) x->st.customers_without_answer = custfile_count(x->cf) - in_cf;
    return 0;
}

/* The groups: all, the categories (rated), the segments (scored); 0, or
 * -1 out of memory. */
static int make_groups(rmk_feedback *x, const rmk_feedback_opts *o, const run *r)
{
    int gcat = x->rating ? r->ncat : 0, gseg = x->rfm ? r->nseg : 0;
    x->ng = 1 + (size_t)gcat + (size_t)gseg;
    x->g = calloc(x->ng, sizeof *x->g);
    if (!x->g) return -1;
    x->g[0].kind = RMK_FEEDBACK_ALL;
    x->g[0].index = -1;
    x->g[0].key = "all";
    for (int q = 0; q < gcat; q++) {
        rmk_feedback_group *g = &x->g[1 + q];
        g->kind = RMK_FEEDBACK_CATEGORY;
        g->index = q;
        g->key = rmk_scale_category_key(r->scale, q);
    }
    for (int q = 0; q < gseg; q++) {
        rmk_feedback_group *g = &x->g[1 + gcat + q];
        g->kind = RMK_FEEDBACK_SEGMENT;
        g->index = q;
        g->key = rmk_segmap_key(o->segments, q);
    }
    return 0;
}

/* The periods: from the first answer's to the last answer's, at most
 * RMK_MAX_PERIODS (the same rule as retention's). */
static rmk_status set_periods(rmk_feedback *x, const char *path, char *err, size_t errlen)
{
    const fb_score *sc = feedback_scores(x->fb);
    size_t nfc = feedback_customer_count(x->fb);
    int64_t pmin = 0, pmax = 0;
    for (size_t i = 0; i < nfc; i++) {
        const fb_customer *fc = feedback_customer_at(x->fb, i);
        int64_t a = period_of(x->period, sc[fc->first].day);
        int64_t b = period_of(x->period, sc[fc->first + fc->count - 1].day);
        if (i == 0 || a < pmin) pmin = a;
        if (i == 0 || b > pmax) pmax = b;
    }
    x->p0 = pmin;
    if (pmax - pmin >= RMK_MAX_PERIODS) { /* the same rule as retention's */
        char a[16], z[16];
        x->np = (size_t)(pmax - pmin) + 1;
        snprintf(err, errlen, "%s: answers from %s to %s span %zu periods, more than %d (a mistyped "
                              "year? a longer --period, or --as-of)",
                 path, rmk_feedback_period_label(x, 0, a), rmk_feedback_period_label(x, x->np - 1, z),
                 x->np, RMK_MAX_PERIODS);
        x->np = 0;
        return RMK_ERR_DATA;
    }
    x->np = (size_t)(pmax - pmin) + 1;
    return RMK_OK;
}

/* The groups' statistics: of the latest scores, and per period of the
 * last score of each kind in the period; 0, or -1 out of memory. */
static int tally(rmk_feedback *x, const run *r)
{
    const fb_score *sc = feedback_scores(x->fb);
    size_t nfc = feedback_customer_count(x->fb);
    int gcat = x->rating ? r->ncat : 0, gseg = x->rfm ? r->nseg : 0;
    x->gp = calloc(x->ng * x->np, sizeof *x->gp);
    if (!x->gp) return -1;
    for (size_t i = 0; i < nfc; i++) {
        const fb_customer *fc = feedback_customer_at(x->fb, i);
        const rmk_feedback_client *c = &x->c[i];
        size_t gi[3], ngi = 0;
        gi[ngi++] = 0;
        if (gcat && c->category >= 0 && c->category < gcat) gi[ngi++] = 1 + (size_t)c->category;
        if (gseg && c->segment >= 0 && c->segment < gseg)
            gi[ngi++] = 1 + (size_t)gcat + (size_t)c->segment;
        for (size_t t = 0; t < ngi; t++) {
            rmk_nps_stats *s = &x->g[gi[t]].latest;
            if (c->nps >= 0) add_nps(s, c->nps);
            if (c->satisfaction >= 0) add_sat(s, c->satisfaction);
        }
        /* per period: the last answer of each score in the period */
        for (int which = 0; which < 2; which++) {
            int have = 0, v = -1;
            int64_t per = 0;
            for (size_t k = fc->first; k <= fc->first + fc->count; k++) {
                int last = k == fc->first + fc->count;
                int s = last ? -1 : which ? sc[k].sat : sc[k].nps;
                if (!last && s < 0) continue;
                int64_t pk = last ? 0 : period_of(x->period, sc[k].day);
                if (have && (last || pk != per)) {
                    for (size_t t = 0; t < ngi; t++) {
                        rmk_nps_stats *ps = &x->gp[gi[t] * x->np + (size_t)(per - x->p0)];
                        if (which) add_sat(ps, v);
                        else add_nps(ps, v);
                    }
                }
                if (last) break;
                have = 1;
                per = pk;
                v = s;
            }
        }
    }
    for (size_t g = 0; g < x->ng; g++) {
        finish_stats(&x->g[g].latest);
        for (size_t i = 0; i < x->np; i++) finish_stats(&x->gp[g * x->np + i]);
    }
    return 0;
}

rmk_status rmk_feedback_run(const rmk_book *book, const char *path, const rmk_read_opts *ro,
                            const rmk_feedback_opts *o, rmk_feedback **out, char *err,
                            size_t errlen)
{
    char ebuf[512];
    if (!err || !errlen) err = ebuf, errlen = sizeof ebuf;
    err[0] = 0;
    if (!out) {
        snprintf(err, errlen, "feedback: no place for the result");
        return RMK_ERR_USAGE;
    }
    *out = NULL;
    rmk_read_opts rdef;
    rmk_feedback_opts odef;
    if (!ro) rmk_read_opts_init(&rdef), ro = &rdef;
    if (!o) rmk_feedback_opts_init(&odef), o = &odef;
    rmk_status st = check_opts(path, o, err, errlen);
    if (st) return st;

    rmk_feedback *x = calloc(1, sizeof *x);
    run r;
    memset(&r, 0, sizeof r);
    if (!x) goto nomem;
    x->period = o->period;
    x->as_of = o->as_of;
    if ((st = key_groups(x, o, &r, err, errlen))) goto fail;
    rmk_read_opts rr = *ro; /* every file stops at the as-of date */
    if (o->as_of != RMK_NO_DATE) rr.as_of = o->as_of;
    /* the transactions first: their last day is the default as-of date */
    if (book && (st = take_book(x, book, o, &rr, err, errlen))) goto fail;
    if ((st = read_answers(x, path, &rr, o, err, errlen))) goto fail;
    if ((st = join_groups(x, book, o, &rr, &r, err, errlen))) goto fail;
    /* the transactions' customers in id order, to tell who has none */
    r.na = x->agg ? x->na : 0;
    r.order = malloc((r.na ? r.na : 1) * sizeof *r.order);
    if (!r.order) goto nomem;
    for (size_t i = 0; i < r.na; i++) r.order[i].idx = (uint32_t)i;
    if (r.na && agg_sort_by_id(x->agg, r.order, r.na)) goto nomem;
    if (respondents(x, o, &r) || make_groups(x, o, &r)) goto nomem;
    if ((st = set_periods(x, path, err, errlen))) goto fail;
    if (tally(x, &r)) goto nomem;
    free(r.order);
    free(r.key_cat);
    free(r.key_seg);
    *out = x;
    return RMK_OK;
nomem:
    rmk_nomem(err, errlen);
    st = RMK_ERR_NOMEM;
fail:
    free(r.order);
    free(r.key_cat);
    free(r.key_seg);
    rmk_feedback_free(x);
    return st;
}
