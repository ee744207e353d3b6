/* SPDX-License-Identifier: MIT */
/* relmark_pg.c — relmark inside PostgreSQL (docs/postgres.md), on the
 * library's own rules: amounts read by rmk_money_parse (1/10,000 units,
 * rounded half away from zero), a purchase row and the purchase it belongs to
 * as agg.h says (invoice_trim, agg_invoice_names_purchase, agg_is_purchase),
 * scores by rfm.h's rfm_run_score, segments from the library's shipped maps.
 *
 * Two aggregates:
 * - relmark.customer_agg(invoice, day, amount): one customer's state, kept
 *   as `internal` (a set of purchase keys that grows), with combine, serial
 *   and deserial functions, so PostgreSQL runs it in parallel workers;
 * - relmark.rfm_cutoffs(recency, frequency, num, den): the exact histogram of
 *   the three measures' values, a bytea state (not internal: Citus combines
 *   only those on its coordinator, docs/postgres.md). */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/numeric.h"

/* the library, after PostgreSQL's headers (its own bool and int types agree) */
#include "relmark.h"
#include "agg.h"
#include "parse.h"
#include "rfm.h"
#include "relmark_pg.h"

PG_MODULE_MAGIC;


/* ------------------------------------------------- the customer's state */

/* A purchase key: 'i' + the trimmed invoice's bytes, or 'd' + the day (4
 * bytes): two keys are one purchase exactly when their bytes are equal. */
typedef struct pkey {
    uint32 off, len; /* in the arena */
} pkey;

typedef struct cust_state {
    int64 net;          /* all rows, minor units (1/10,000) */
    int32 first, last;  /* purchase days (library numbering); valid if any */
    bool any;           /* a purchase row seen */
    pkey *keys;         /* [0, nsorted) sorted and distinct, then a tail */
    uint32 nkeys, nsorted, cap;
    char *arena;
    uint32 alen, acap;
    int32 last_key;     /* the key of the previous row, or -1: the next line
                           of the same invoice adds nothing */
} cust_state;

static int key_cmp_arena(const char *arena, const pkey *a, const pkey *b)
{
    uint32 n = a->len < b->len ? a->len : b->len;
    int r = memcmp(arena + a->off, arena + b->off, n);
    if (r) return r;
    return (a->len > b->len) - (a->len < b->len);
}

static const char *sort_arena; /* qsort has no context; one backend, one sort at a time */
static int key_qcmp(const void *a, const void *b)
{
    return key_cmp_arena(sort_arena, a, b);
}

/* Sort the keys and drop duplicates; the arena is rebuilt when mostly dead. */
static void cust_compact(cust_state *s)
{
    if (s->nsorted == s->nkeys) return;
    sort_arena = s->arena;
    qsort(s->keys, s->nkeys, sizeof *s->keys, key_qcmp);
    uint32 m = 0;
    for (uint32 i = 0; i < s->nkeys; i++)
        if (m == 0 || key_cmp_arena(s->arena, &s->keys[m - 1], &s->keys[i]) != 0)
            s->keys[m++] = s->keys[i];
    s->nkeys = s->nsorted = m;
    s->last_key = -1;
    uint64 live = 0;
    for (uint32 i = 0; i < m; i++) live += s->keys[i].len;
    if (live * 2 < s->alen) {
        char *na = palloc(live ? live : 1);
        uint32 at = 0;
        for (uint32 i = 0; i < m; i++) {
            memcpy(na + at, s->arena + s->keys[i].off, s->keys[i].len);
            s->keys[i].off = at;
            at += s->keys[i].len;
        }
        pfree(s->arena);
        s->arena = na;
        s->alen = s->acap = at ? at : 1;
        s->alen = at;
    }
}

static void cust_add_key(cust_state *s, char tag, const char *p, uint32 len)
{
    if (s->last_key >= 0) {
        const pkey *k = &s->keys[s->last_key];
        if (k->len == len + 1 && s->arena[k->off] == tag && memcmp(s->arena + k->off + 1, p, len) == 0)
            return;
    }
    if ((uint64)s->alen + len + 1 > PG_INT32_MAX)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("relmark: one customer's invoices exceed 2 GB")));
    if (s->alen + len + 1 > s->acap) {
        uint32 nc = s->acap ? s->acap : 64;
        while (nc < s->alen + len + 1) nc = nc > PG_INT32_MAX / 2 ? PG_INT32_MAX : nc * 2;
        s->arena = s->arena ? repalloc(s->arena, nc) : palloc(nc);
        s->acap = nc;
    }
    if (s->nkeys == s->cap) {
        /* the tail may grow as long as the sorted part; then it is merged */
        if (s->nkeys > 8 && s->nkeys - s->nsorted >= s->nsorted) cust_compact(s);
        if (s->nkeys == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 8;
            s->keys = s->keys ? repalloc(s->keys, s->cap * sizeof *s->keys)
                              : palloc(s->cap * sizeof *s->keys);
        }
    }
    s->arena[s->alen] = tag;
    memcpy(s->arena + s->alen + 1, p, len);
    s->keys[s->nkeys].off = s->alen;
    s->keys[s->nkeys].len = len + 1;
    s->last_key = (int32)s->nkeys++;
    s->alen += len + 1;
}

static cust_state *cust_new(void)
{
    cust_state *s = palloc0(sizeof *s);
    s->last_key = -1;
    return s;
}

static void net_add(cust_state *s, int64 v)
{
    if (__builtin_add_overflow(s->net, v, &s->net))
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                        errmsg("relmark: the customer's net amount overflows"),
                        errdetail("Net amounts are exact 64-bit sums of 1/10,000 units, at most "
                                  "922,337,203,685,477.5807 (docs/rfm.md, \"Money is exact\").")));
}

static void days_add(cust_state *s, int32 first, int32 last)
{
    if (!s->any || first < s->first) s->first = first;
    if (!s->any || last > s->last) s->last = last;
    s->any = true;
}

/* The amount as the library reads it: numeric's text through rmk_money_parse. */
static int64 amount_minor(Datum num)
{
    char *txt = DatumGetCString(DirectFunctionCall1(numeric_out, num));
    int64 minor;
    if (rmk_money_parse(txt, strlen(txt), &minor) != RMK_OK)
        ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                        errmsg("relmark: amount \"%s\" is out of range", txt),
                        errdetail("Amounts are read into 1/10,000 units, at most "
                                  "922,337,203,685,477.5807 in magnitude (docs/rfm.md).")));
    pfree(txt);
    return minor;
}

/* relmark.minor_units(amount): the amount in 1/10,000 units, as the
 * library reads it (what the rating's sums add up); an error for NULL, as an
 * empty amount cell is in a file. */
PG_FUNCTION_INFO_V1(rmk_minor_units_pg);
Datum rmk_minor_units_pg(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("relmark: an amount is NULL"),
                        errdetail("Every row needs an amount (docs/input.md).")));
    PG_RETURN_INT64(amount_minor(PG_GETARG_DATUM(0)));
}

PG_FUNCTION_INFO_V1(rmk_customer_trans);
Datum rmk_customer_trans(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.customer_trans called outside an aggregate");
    old = MemoryContextSwitchTo(aggctx);
    cust_state *s = PG_ARGISNULL(0) ? cust_new() : (cust_state *)PG_GETARG_POINTER(0);
    if (PG_ARGISNULL(2))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("relmark: missing date")));
    if (PG_ARGISNULL(3))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("relmark: missing amount")));
    DateADT d = PG_GETARG_DATEADT(2);
    if (DATE_NOT_FINITE(d))
        ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                        errmsg("relmark: an infinite date is not a day")));
    int64 amount = amount_minor(PG_GETARG_DATUM(3));
    int32 day = lib_day(d);
    net_add(s, amount);
    if (agg_is_purchase(amount)) { /* a return reduces net only */
        days_add(s, day, day);
        const char *inv = NULL;
        size_t len = 0;
        if (!PG_ARGISNULL(1)) {
            text *t = PG_GETARG_TEXT_PP(1);
            inv = VARDATA_ANY(t);
            len = VARSIZE_ANY_EXHDR(t);
            invoice_trim(&inv, &len);
        }
        if (agg_invoice_names_purchase(inv, len))
            cust_add_key(s, 'i', inv, (uint32)len);
        else
            cust_add_key(s, 'd', (const char *)&day, sizeof day);
    }
    MemoryContextSwitchTo(old);
    PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(rmk_customer_combine);
Datum rmk_customer_combine(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.customer_combine called outside an aggregate");
    if (PG_ARGISNULL(1)) {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        PG_RETURN_POINTER(PG_GETARG_POINTER(0));
    }
    old = MemoryContextSwitchTo(aggctx);
    cust_state *s = PG_ARGISNULL(0) ? cust_new() : (cust_state *)PG_GETARG_POINTER(0);
    cust_state *o = (cust_state *)PG_GETARG_POINTER(1);
    net_add(s, o->net);
    if (o->any) days_add(s, o->first, o->last);
    for (uint32 i = 0; i < o->nkeys; i++) {
        const pkey *k = &o->keys[i];
        cust_add_key(s, o->arena[k->off], o->arena + k->off + 1, k->len - 1);
    }
    cust_compact(s);
    MemoryContextSwitchTo(old);
    PG_RETURN_POINTER(s);
}

/* bytea: net (8), any (1), first (4), last (4), nkeys (4), then each key's
 * length (4) and bytes; keys sorted and distinct. */
PG_FUNCTION_INFO_V1(rmk_customer_serial);
Datum rmk_customer_serial(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.customer_serial called outside an aggregate");
    cust_state *s = (cust_state *)PG_GETARG_POINTER(0);
    old = MemoryContextSwitchTo(aggctx);
    cust_compact(s);
    MemoryContextSwitchTo(old);
    StringInfoData b;
    pq_begintypsend(&b);
    pq_sendint64(&b, s->net);
    pq_sendbyte(&b, s->any ? 1 : 0);
    pq_sendint32(&b, s->first);
    pq_sendint32(&b, s->last);
    pq_sendint32(&b, s->nkeys);
    for (uint32 i = 0; i < s->nkeys; i++) {
        pq_sendint32(&b, s->keys[i].len);
        pq_sendbytes(&b, s->arena + s->keys[i].off, s->keys[i].len);
    }
    PG_RETURN_BYTEA_P(pq_endtypsend(&b));
}

PG_FUNCTION_INFO_V1(rmk_customer_deserial);
Datum rmk_customer_deserial(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.customer_deserial called outside an aggregate");
    bytea *in = PG_GETARG_BYTEA_PP(0);
    StringInfoData b;
    b.data = VARDATA_ANY(in);
    b.len = VARSIZE_ANY_EXHDR(in);
    b.maxlen = b.len;
    b.cursor = 0;
    old = MemoryContextSwitchTo(aggctx);
    cust_state *s = cust_new();
    s->net = pq_getmsgint64(&b);
    s->any = pq_getmsgbyte(&b) != 0;
    s->first = (int32)pq_getmsgint(&b, 4);
    s->last = (int32)pq_getmsgint(&b, 4);
    uint32 n = pq_getmsgint(&b, 4);
    for (uint32 i = 0; i < n; i++) {
        uint32 len = pq_getmsgint(&b, 4);
        if (len < 1) elog(ERROR, "relmark: a bad customer state");
        const char *p = pq_getmsgbytes(&b, (int)len);
        cust_add_key(s, p[0], p + 1, len - 1);
        s->last_key = -1;
    }
    pq_getmsgend(&b);
    s->nsorted = s->nkeys; /* written sorted and distinct */
    MemoryContextSwitchTo(old);
    PG_RETURN_POINTER(s);
}

/* relmark.customer: (frequency, net_minor, first_purchase, last_purchase);
 * frequency 0 and NULL days for a customer with returns only. */
PG_FUNCTION_INFO_V1(rmk_customer_final);
Datum rmk_customer_final(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.customer_final called outside an aggregate");
    cust_state *s = (cust_state *)PG_GETARG_POINTER(0);
    old = MemoryContextSwitchTo(aggctx); /* the state's memory: it may be used again */
    cust_compact(s);
    MemoryContextSwitchTo(old);
    TupleDesc td;
    if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
        elog(ERROR, "relmark.customer_final must return a composite type");
    td = BlessTupleDesc(td);
    Datum v[4];
    bool nulls[4] = {false, false, !s->any, !s->any};
    v[0] = Int64GetDatum(s->nkeys);
    v[1] = Int64GetDatum(s->net);
    v[2] = DateADTGetDatum(s->any ? pg_day(s->first) : 0);
    v[3] = DateADTGetDatum(s->any ? pg_day(s->last) : 0);
    PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}

/* ------------------------------------------- the cut-offs: a histogram */

/* One value of one measure and how many customers hold it. R and F have
 * den 1; M is the exact ratio num/den minor units (den > 0). */
typedef struct hent {
    int64 num, den, count;
    int64 before;  /* the final result only: customers of the measure with a
                      better value (0 in a state) */
    int32 measure; /* 0 R, 1 F, 2 M */
    int32 pad;
} hent;

#define HIST_MAGIC 0x524d4831u /* "RMH1" */
typedef struct hist {
    int32 vl_len_;
    uint32 magic;
    uint32 used, sorted, cap; /* entries [0, sorted) compacted, then a tail */
    uint32 final;             /* 1: the aggregate's result (before and n set) */
    int64 n;                  /* the result only: customers counted */
    hent e[FLEXIBLE_ARRAY_MEMBER];
} hist;

static Size hist_size(uint32 cap) { return offsetof(hist, e) + (Size)cap * sizeof(hent); }

/* Best first: R ascending, F and M descending; M compared exactly. */
static int hent_cmp(const void *pa, const void *pb)
{
    const hent *a = pa, *b = pb;
    if (a->measure != b->measure) return a->measure < b->measure ? -1 : 1;
    __int128 l = (__int128)a->num * b->den, r = (__int128)b->num * a->den;
    if (l == r) return 0;
    return a->measure == 0 ? (l < r ? -1 : 1) : (l > r ? -1 : 1);
}

static hist *hist_new(uint32 cap)
{
    hist *h = palloc0(hist_size(cap));
    SET_VARSIZE(h, hist_size(cap));
    h->magic = HIST_MAGIC;
    h->cap = cap;
    return h;
}

/* A bytea read from a tuple is only 4-byte aligned: its 8-byte fields are
 * read through memcpy (hent_at, hist_n), never in place. */
static hent hent_at(const hist *h, uint32 i)
{
    hent e;
    memcpy(&e, (const char *)h + offsetof(hist, e) + (Size)i * sizeof(hent), sizeof e);
    return e;
}
static int64 hist_n(const hist *h)
{
    int64 n;
    memcpy(&n, (const char *)h + offsetof(hist, n), sizeof n);
    return n;
}

static hist *hist_check(bytea *b)
{
    hist *h = (hist *)b;
    if (VARSIZE(b) < offsetof(hist, e) || h->magic != HIST_MAGIC || h->used > h->cap ||
        h->sorted > h->used || VARSIZE(b) != hist_size(h->cap))
        ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                        errmsg("relmark: not a relmark.rfm_cutoffs state")));
    return h;
}

/* Sort the entries and add up equal values, in place. */
static void hist_compact(hist *h)
{
    if (h->sorted == h->used) return;
    pg_qsort(h->e, h->used, sizeof(hent), hent_cmp);
    uint32 m = 0;
    for (uint32 i = 0; i < h->used; i++) {
        if (m && hent_cmp(&h->e[m - 1], &h->e[i]) == 0) {
            if (__builtin_add_overflow(h->e[m - 1].count, h->e[i].count, &h->e[m - 1].count))
                ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                                errmsg("relmark: too many customers")));
            continue;
        }
        h->e[m++] = h->e[i];
    }
    memset(&h->e[m], 0, (h->used - m) * sizeof(hent)); /* no stale bytes in the state */
    h->used = h->sorted = m;
}

/* Room for k more entries: compact, then grow (a new bytea) if still short. */
static hist *hist_room(hist *h, uint32 k)
{
    if (h->used + k <= h->cap) return h;
    hist_compact(h);
    if (h->used + k <= h->cap && h->used * 2 <= h->cap) return h;
    uint64 nc = (uint64)h->cap * 2 + k + 16;
    if (hist_size(nc) > MaxAllocSize)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("relmark: the cut-offs hold too many distinct values")));
    hist *n = hist_new((uint32)nc);
    memcpy(n->e, h->e, h->used * sizeof(hent));
    n->used = h->used;
    n->sorted = h->sorted;
    return n;
}

/* The state to change in place: ours in an aggregate's context, a copy
 * otherwise (the initial '\x', a window's state). */
static hist *hist_writable(FunctionCallInfo fcinfo, int arg)
{
    bytea *b = PG_GETARG_BYTEA_P(arg);
    if (VARSIZE(b) == VARHDRSZ) return hist_new(16);
    hist *h = hist_check(b);
    if (AggCheckCallContext(fcinfo, NULL) == AGG_CONTEXT_AGGREGATE &&
        (Pointer)b == DatumGetPointer(PG_GETARG_DATUM(arg)))
        return h;
    hist *c = palloc(VARSIZE(b)); /* aligned */
    memcpy(c, b, VARSIZE(b));
    return c;
}

PG_FUNCTION_INFO_V1(rmk_cutoffs_trans);
Datum rmk_cutoffs_trans(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.cutoffs_trans called outside an aggregate");
    int32 rec = PG_GETARG_INT32(1);
    int64 freq = PG_GETARG_INT64(2), num = PG_GETARG_INT64(3), den = PG_GETARG_INT64(4);
    if (rec < 0 || freq < 1 || den < 1)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: a scored customer has recency >= 0, frequency >= 1 and "
                               "a monetary denominator >= 1 (got %d, " INT64_FORMAT ", " INT64_FORMAT
                               ")", rec, freq, den)));
    /* one value, one entry: num/den in lowest terms, so that equal values
     * have the same bytes whatever order the workers saw them in */
    uint64 a = num < 0 ? -(uint64)num : (uint64)num, g = (uint64)den;
    while (a) {
        uint64 t = g % a;
        g = a;
        a = t;
    }
    num = num < 0 ? -(int64)(((uint64)0 - (uint64)num) / g) : num / (int64)g;
    den /= (int64)g;
    old = MemoryContextSwitchTo(aggctx);
    hist *h = hist_room(hist_writable(fcinfo, 0), 3);
    hent e[3] = {{.num = rec, .den = 1, .count = 1, .measure = 0},
                 {.num = freq, .den = 1, .count = 1, .measure = 1},
                 {.num = num, .den = den, .count = 1, .measure = 2}};
    memcpy(&h->e[h->used], e, sizeof e);
    h->used += 3;
    MemoryContextSwitchTo(old);
    PG_RETURN_BYTEA_P((bytea *)h);
}

PG_FUNCTION_INFO_V1(rmk_cutoffs_combine);
Datum rmk_cutoffs_combine(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.cutoffs_combine called outside an aggregate");
    bytea *ob = PG_GETARG_BYTEA_P(1);
    old = MemoryContextSwitchTo(aggctx);
    hist *h = hist_writable(fcinfo, 0);
    if (VARSIZE(ob) > VARHDRSZ) {
        hist *o = hist_check(ob);
        h = hist_room(h, o->used);
        memcpy(&h->e[h->used], (const char *)o + offsetof(hist, e), o->used * sizeof(hent));
        h->used += o->used;
        hist_compact(h);
    }
    MemoryContextSwitchTo(old);
    PG_RETURN_BYTEA_P((bytea *)h);
}

/* The final state: compacted, without spare room. */
PG_FUNCTION_INFO_V1(rmk_cutoffs_final);
Datum rmk_cutoffs_final(PG_FUNCTION_ARGS)
{
    bytea *b = PG_GETARG_BYTEA_P(0);
    if (VARSIZE(b) == VARHDRSZ) PG_RETURN_NULL(); /* no customer */
    hist *h = hist_check(b);
    hist *c = hist_new(h->used);
    memcpy(c->e, (const char *)h + offsetof(hist, e), h->used * sizeof(hent));
    c->used = h->used;
    c->sorted = h->sorted;
    hist_compact(c);
    c->cap = c->used;
    SET_VARSIZE(c, hist_size(c->cap));
    int64 before = 0;
    for (uint32 i = 0; i < c->used; i++) {
        if (i && c->e[i].measure != c->e[i - 1].measure) before = 0;
        c->e[i].before = before;
        before += c->e[i].count;
        if (c->e[i].measure == 0) c->n += c->e[i].count;
    }
    c->final = 1;
    PG_RETURN_BYTEA_P((bytea *)c);
}

static int measure_of(char m)
{
    switch (m) {
    case 'r': return 0;
    case 'f': return 1;
    case 'm': return 2;
    }
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("relmark: measure must be 'r', 'f' or 'm', got '%c'", m)));
    return -1;
}

static rmk_ties ties_of(text *t)
{
    char *s = text_to_cstring(t);
    if (strcmp(s, "keep") == 0) return RMK_TIES_KEEP;
    if (strcmp(s, "split") == 0) return RMK_TIES_SPLIT;
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("relmark: ties must be 'keep' or 'split', got \"%s\"", s)));
    return RMK_TIES_KEEP;
}

/* relmark.rfm_score(cutoffs, measure, num, den, bins, ties, tie_rank): the
 * score of a customer whose value of `measure` is num/den (R: days, F:
 * purchases, den 1), tie_rank its 0-based place by id among the customers
 * of that value (split only; keep ignores it). docs/rfm.md, "Scores". */
PG_FUNCTION_INFO_V1(rmk_rfm_score_pg);
Datum rmk_rfm_score_pg(PG_FUNCTION_ARGS)
{
    hist *h = hist_check(PG_GETARG_BYTEA_P(0));
    int ms = measure_of(PG_GETARG_CHAR(1));
    hent v = {.num = PG_GETARG_INT64(2), .den = PG_GETARG_INT64(3), .measure = ms};
    int32 bins = PG_GETARG_INT32(4);
    rmk_ties ties = ties_of(PG_GETARG_TEXT_PP(5));
    int64 tie_rank = PG_GETARG_INT64(6);
    if (bins < 2 || bins > 9)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: bins must be 2..9, got %d", bins)));
    if (v.den < 1)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: the denominator must be >= 1")));
    if (!h->final)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: pass relmark.rfm_cutoffs' result, not a state")));
    /* the value's entry: a binary search in the best-first order */
    uint64 n = (uint64)hist_n(h), better = 0, equal = 0;
    uint32 lo = 0, hi = h->used;
    while (lo < hi) {
        uint32 mid = lo + (hi - lo) / 2;
        hent e = hent_at(h, mid);
        int c = hent_cmp(&e, &v);
        if (c == 0) {
            better = (uint64)e.before;
            equal = (uint64)e.count;
            break;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    if (equal == 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: no customer of the cut-offs has this %s value",
                               ms == 0 ? "recency" : ms == 1 ? "frequency" : "monetary")));
    if (ties == RMK_TIES_SPLIT && (tie_rank < 0 || (uint64)tie_rank >= equal))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: tie_rank " INT64_FORMAT " is not below the %lu customers "
                               "of this value", tie_rank, (unsigned long)equal)));
    PG_RETURN_INT32(rfm_run_score(better, equal, ties == RMK_TIES_SPLIT ? (size_t)tie_rank : 0, n,
                                  bins, ties));
}

/* relmark.cutoffs_customers(cutoffs): n, the customers counted. */
PG_FUNCTION_INFO_V1(rmk_cutoffs_customers);
Datum rmk_cutoffs_customers(PG_FUNCTION_ARGS)
{
    hist *h = hist_check(PG_GETARG_BYTEA_P(0));
    if (!h->final)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: pass relmark.rfm_cutoffs' result, not a state")));
    PG_RETURN_INT64(hist_n(h));
}

/* --------------------------------------------------- segments, money */

static const rmk_segmap *builtin_map(text *name)
{
    static rmk_segmap *maps[2]; /* per backend, for its life */
    char *s = text_to_cstring(name);
    int which = strcmp(s, "rfm10") == 0 ? RMK_SEGMAP_TEN
                : strcmp(s, "relationship") == 0 ? RMK_SEGMAP_RELATIONSHIP : -1;
    if (which < 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: unknown segment map \"%s\" (expected rfm10 or "
                               "relationship)", s)));
    if (!maps[which]) {
        rmk_status st;
        char err[256];
        maps[which] = rmk_segmap_builtin_new((rmk_segmap_builtin)which, &st, err, sizeof err);
        if (!maps[which]) ereport(ERROR, (errmsg("relmark: %s", err)));
    }
    return maps[which];
}

static int segment_of(FunctionCallInfo fcinfo, const rmk_segmap **m)
{
    *m = builtin_map(PG_GETARG_TEXT_PP(3));
    int r = PG_GETARG_INT32(0), f = PG_GETARG_INT32(1), mo = PG_GETARG_INT32(2);
    int b = rmk_segmap_bins(*m);
    if (r < 1 || r > b || f < 1 || f > b || mo < 1 || mo > b)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: scores must be 1..%d for this map", b)));
    return rmk_segmap_lookup(*m, r, f, mo);
}

/* relmark.rfm_segment(r, f, m, map, lang): the segment's name ("en", "ru"). */
PG_FUNCTION_INFO_V1(rmk_segment_name_pg);
Datum rmk_segment_name_pg(PG_FUNCTION_ARGS)
{
    const rmk_segmap *m;
    int seg = segment_of(fcinfo, &m);
    if (seg < 0) PG_RETURN_NULL();
    char *lang = text_to_cstring(PG_GETARG_TEXT_PP(4));
    if (strcmp(lang, "en") != 0 && strcmp(lang, "ru") != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: lang must be 'en' or 'ru', got \"%s\"", lang)));
    PG_RETURN_TEXT_P(cstring_to_text(rmk_segmap_name(m, seg, lang)));
}

/* relmark.rfm_segment_key(r, f, m, map): the segment's stable key. */
PG_FUNCTION_INFO_V1(rmk_segment_key_pg);
Datum rmk_segment_key_pg(PG_FUNCTION_ARGS)
{
    const rmk_segmap *m;
    int seg = segment_of(fcinfo, &m);
    if (seg < 0) PG_RETURN_NULL();
    PG_RETURN_TEXT_P(cstring_to_text(rmk_segmap_key(m, seg)));
}

/* relmark.money_text(num, den, decimals): num/den minor units rounded half
 * away from zero to `decimals` (0..4), as the CLI prints monetary. */
PG_FUNCTION_INFO_V1(rmk_money_text_pg);
Datum rmk_money_text_pg(PG_FUNCTION_ARGS)
{
    int64 num = PG_GETARG_INT64(0), den = PG_GETARG_INT64(1);
    int32 dec = PG_GETARG_INT32(2);
    if (den == 0 || dec < 0 || dec > 4)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: money_text needs den <> 0 and decimals 0..4")));
    char buf[64];
    rmk_ratio_format(num, den, dec, '.', buf);
    PG_RETURN_TEXT_P(cstring_to_text(buf));
}

/* ------------------------------------------- lifetime value (docs/clv.md) */

/* One day of one customer: its net sales (all rows, minor units) and
 * whether a row of amount >= 0 made it a purchase day. */
typedef struct cday {
    int64 net;
    int32 day;
    int32 purchase;
} cday;

typedef struct clvc_state {
    cday *d;
    uint32 n, cap;
} clvc_state;

static void clvc_push(clvc_state *s, int32 day, int64 net, int32 purchase)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        if ((Size)s->cap * sizeof(cday) > MaxAllocSize)
            ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                            errmsg("relmark: a customer with too many rows")));
        s->d = s->d ? repalloc(s->d, s->cap * sizeof(cday)) : palloc(s->cap * sizeof(cday));
    }
    s->d[s->n++] = (cday){net, day, purchase};
}

static int cday_cmp(const void *pa, const void *pb)
{
    const cday *a = pa, *b = pb;
    return (a->day > b->day) - (a->day < b->day);
}

/* one entry a day, in day order: nets added, purchase if any row was one */
static void clvc_compact(clvc_state *s)
{
    if (s->n < 2) return;
    pg_qsort(s->d, s->n, sizeof(cday), cday_cmp);
    uint32 m = 0;
    for (uint32 i = 0; i < s->n; i++) {
        if (m && s->d[m - 1].day == s->d[i].day) {
            if (__builtin_add_overflow(s->d[m - 1].net, s->d[i].net, &s->d[m - 1].net))
                ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                                errmsg("relmark: a day's net amount overflows")));
            s->d[m - 1].purchase |= s->d[i].purchase;
            continue;
        }
        s->d[m++] = s->d[i];
    }
    s->n = m;
}

PG_FUNCTION_INFO_V1(rmk_clvc_trans);
Datum rmk_clvc_trans(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.clv_customer_trans called outside an aggregate");
    if (PG_ARGISNULL(1))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("relmark: missing date")));
    if (PG_ARGISNULL(2))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("relmark: missing amount")));
    DateADT d = PG_GETARG_DATEADT(1);
    if (DATE_NOT_FINITE(d))
        ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
                        errmsg("relmark: an infinite date is not a day")));
    int64 amount = amount_minor(PG_GETARG_DATUM(2));
    old = MemoryContextSwitchTo(aggctx);
    clvc_state *s = PG_ARGISNULL(0) ? palloc0(sizeof *s) : (clvc_state *)PG_GETARG_POINTER(0);
    /* the same day as the previous row: added in place (rows come grouped) */
    int32 day = lib_day(d);
    if (s->n && s->d[s->n - 1].day == day) {
        if (__builtin_add_overflow(s->d[s->n - 1].net, amount, &s->d[s->n - 1].net))
            ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                            errmsg("relmark: a day's net amount overflows")));
        s->d[s->n - 1].purchase |= agg_is_purchase(amount);
    } else {
        clvc_push(s, day, amount, agg_is_purchase(amount));
    }
    MemoryContextSwitchTo(old);
    PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(rmk_clvc_combine);
Datum rmk_clvc_combine(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.clv_customer_combine called outside an aggregate");
    if (PG_ARGISNULL(1)) {
        if (PG_ARGISNULL(0)) PG_RETURN_NULL();
        PG_RETURN_POINTER(PG_GETARG_POINTER(0));
    }
    old = MemoryContextSwitchTo(aggctx);
    clvc_state *s = PG_ARGISNULL(0) ? palloc0(sizeof *s) : (clvc_state *)PG_GETARG_POINTER(0);
    clvc_state *o = (clvc_state *)PG_GETARG_POINTER(1);
    for (uint32 i = 0; i < o->n; i++) clvc_push(s, o->d[i].day, o->d[i].net, o->d[i].purchase);
    clvc_compact(s);
    MemoryContextSwitchTo(old);
    PG_RETURN_POINTER(s);
}

/* bytea: n (4), then each day's day (4), purchase (1), net (8) */
PG_FUNCTION_INFO_V1(rmk_clvc_serial);
Datum rmk_clvc_serial(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.clv_customer_serial called outside an aggregate");
    clvc_state *s = (clvc_state *)PG_GETARG_POINTER(0);
    old = MemoryContextSwitchTo(aggctx);
    clvc_compact(s);
    MemoryContextSwitchTo(old);
    StringInfoData b;
    pq_begintypsend(&b);
    pq_sendint32(&b, s->n);
    for (uint32 i = 0; i < s->n; i++) {
        pq_sendint32(&b, s->d[i].day);
        pq_sendbyte(&b, s->d[i].purchase ? 1 : 0);
        pq_sendint64(&b, s->d[i].net);
    }
    PG_RETURN_BYTEA_P(pq_endtypsend(&b));
}

PG_FUNCTION_INFO_V1(rmk_clvc_deserial);
Datum rmk_clvc_deserial(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.clv_customer_deserial called outside an aggregate");
    bytea *in = PG_GETARG_BYTEA_PP(0);
    StringInfoData b;
    b.data = VARDATA_ANY(in);
    b.len = VARSIZE_ANY_EXHDR(in);
    b.maxlen = b.len;
    b.cursor = 0;
    old = MemoryContextSwitchTo(aggctx);
    clvc_state *s = palloc0(sizeof *s);
    uint32 n = pq_getmsgint(&b, 4);
    for (uint32 i = 0; i < n; i++) {
        int32 day = (int32)pq_getmsgint(&b, 4);
        int32 purchase = pq_getmsgbyte(&b) != 0;
        int64 net = pq_getmsgint64(&b);
        clvc_push(s, day, net, purchase);
    }
    pq_getmsgend(&b);
    MemoryContextSwitchTo(old);
    PG_RETURN_POINTER(s);
}

/* relmark.clv_customer: (first_purchase, last_purchase, x, repeat_net_minor)
 * by docs/clv.md's rules: a purchase is a day with a row of amount >= 0; x
 * the purchase days after the first; repeat_net the net sales of those days
 * (returns on other days count in none). NULL without a purchase day. */
PG_FUNCTION_INFO_V1(rmk_clvc_final);
Datum rmk_clvc_final(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (PG_ARGISNULL(0)) PG_RETURN_NULL();
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.clv_customer_final called outside an aggregate");
    clvc_state *s = (clvc_state *)PG_GETARG_POINTER(0);
    old = MemoryContextSwitchTo(aggctx);
    clvc_compact(s);
    MemoryContextSwitchTo(old);
    int32 first = 0, last = 0;
    int64 x = 0, repeat = 0;
    bool any = false;
    for (uint32 i = 0; i < s->n; i++) {
        if (!s->d[i].purchase) continue;
        if (any) {
            x++;
            if (__builtin_add_overflow(repeat, s->d[i].net, &repeat))
                ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                                errmsg("relmark: the customer's repeat net amount overflows")));
        } else {
            first = s->d[i].day;
        }
        last = s->d[i].day;
        any = true;
    }
    if (!any) PG_RETURN_NULL();
    TupleDesc td;
    if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
        elog(ERROR, "relmark.clv_customer_final must return a composite type");
    td = BlessTupleDesc(td);
    Datum v[4] = {DateADTGetDatum(pg_day(first)), DateADTGetDatum(pg_day(last)), Int64GetDatum(x),
                  Int64GetDatum(repeat)};
    bool nulls[4] = {false, false, false, false};
    PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}

/* The customers' summaries for a fit: a bytea state (not internal: Citus
 * combines it on the coordinator, docs/postgres.md) of (x, t_x days, T
 * days, repeat net) int64 quadruples, [0, used) of cap; grown by doubling
 * in place in an aggregate's context (a copy per row would be quadratic). */
#define SUMM_FIELDS 4
#define SUMM_MAGIC 0x524d5331u /* "RMS1" */
typedef struct summ {
    int32 vl_len_;
    uint32 magic;
    uint32 used, cap; /* quadruples */
    int64 q[FLEXIBLE_ARRAY_MEMBER];
} summ;

static Size summ_size(uint32 cap) { return offsetof(summ, q) + (Size)cap * SUMM_FIELDS * sizeof(int64); }

static summ *summ_new(uint32 cap)
{
    if (summ_size(cap) > MaxAllocSize)
        ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
                        errmsg("relmark: too many customers for one fit")));
    summ *m = palloc0(summ_size(cap));
    SET_VARSIZE(m, summ_size(cap));
    m->magic = SUMM_MAGIC;
    m->cap = cap;
    return m;
}

static const summ *summ_check(const bytea *b)
{
    const summ *m = (const summ *)b;
    if (VARSIZE(b) < offsetof(summ, q) || m->magic != SUMM_MAGIC || m->used > m->cap ||
        VARSIZE(b) != summ_size(m->cap))
        ereport(ERROR, (errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
                        errmsg("relmark: not a relmark.clv_summaries state")));
    return m;
}

/* The state to append k quadruples to: ours in place when it has room (in
 * an aggregate's context), else a larger copy. */
static summ *summ_room(FunctionCallInfo fcinfo, int arg, uint32 k)
{
    bytea *b = PG_GETARG_BYTEA_P(arg);
    if (VARSIZE(b) == VARHDRSZ) return summ_new(k > 64 ? k : 64);
    const summ *m = summ_check(b);
    if (m->used + k <= m->cap && AggCheckCallContext(fcinfo, NULL) == AGG_CONTEXT_AGGREGATE &&
        (Pointer)b == DatumGetPointer(PG_GETARG_DATUM(arg)))
        return (summ *)b;
    uint64 cap = m->used + k <= m->cap ? m->cap : (uint64)m->cap * 2 + k;
    if (cap > PG_UINT32_MAX) cap = PG_UINT32_MAX;
    summ *n = summ_new((uint32)cap);
    memcpy(n->q, (const char *)m + offsetof(summ, q), (Size)m->used * SUMM_FIELDS * sizeof(int64));
    n->used = m->used;
    return n;
}

PG_FUNCTION_INFO_V1(rmk_clv_summ_trans);
Datum rmk_clv_summ_trans(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old;
    if (!AggCheckCallContext(fcinfo, &aggctx))
        elog(ERROR, "relmark.clv_summaries_trans called outside an aggregate");
    int64 q[SUMM_FIELDS] = {PG_GETARG_INT64(1), PG_GETARG_INT32(2), PG_GETARG_INT32(3), PG_GETARG_INT64(4)};
    if (q[0] < 0 || q[1] < 0 || q[2] < q[1] || (q[0] == 0 && q[1] > 0))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: not a customer summary: x " INT64_FORMAT ", t_x " INT64_FORMAT
                               " days, T " INT64_FORMAT " days (x >= 0, 0 <= t_x <= T, t_x 0 when x is)",
                               q[0], q[1], q[2])));
    old = MemoryContextSwitchTo(aggctx);
    summ *m = summ_room(fcinfo, 0, 1);
    memcpy(&m->q[(Size)m->used * SUMM_FIELDS], q, sizeof q);
    m->used++;
    MemoryContextSwitchTo(old);
    PG_RETURN_BYTEA_P(m);
}

PG_FUNCTION_INFO_V1(rmk_clv_summ_combine);
Datum rmk_clv_summ_combine(PG_FUNCTION_ARGS)
{
    MemoryContext aggctx, old = NULL;
    bytea *bb = PG_GETARG_BYTEA_PP(1);
    if (VARSIZE_ANY_EXHDR(bb) == 0) PG_RETURN_BYTEA_P(PG_GETARG_BYTEA_P(0));
    bytea *b = PG_GETARG_BYTEA_P(1); /* aligned, unpacked */
    const summ *o = summ_check(b);
    if (AggCheckCallContext(fcinfo, &aggctx)) old = MemoryContextSwitchTo(aggctx);
    summ *m = summ_room(fcinfo, 0, o->used);
    memcpy(&m->q[(Size)m->used * SUMM_FIELDS], (const char *)o + offsetof(summ, q),
           (Size)o->used * SUMM_FIELDS * sizeof(int64));
    m->used += o->used;
    if (old) MemoryContextSwitchTo(old);
    PG_RETURN_BYTEA_P(m);
}

static void params_json(StringInfo s, const rmk_clv_params *p)
{
    appendStringInfoChar(s, '{');
    for (int i = 0; i < p->np; i++) {
        appendStringInfo(s, "\"%s\": %.10g, ", p->name[i], p->value[i]);
        if (isfinite(p->se[i])) appendStringInfo(s, "\"%s_se\": %.6g, ", p->name[i], p->se[i]);
        else appendStringInfo(s, "\"%s_se\": null, ", p->name[i]);
    }
    appendStringInfo(s, "\"log_likelihood\": %.6f, \"customers\": %.0f, \"groups\": %zu, \"converged\": %s}",
                     p->log_likelihood, p->customers, p->groups, p->converged ? "true" : "false");
}

/* relmark.clv_fit(summaries, model, unit, penalizer): the BG/NBD or Pareto/NBD fit and
 * the Gamma-Gamma spend model by the library (rmk_clv_summary_run), as JSON
 * with the keys and digits of `relmark clv --summary --format json`. */
PG_FUNCTION_INFO_V1(rmk_clv_fit_pg);
Datum rmk_clv_fit_pg(PG_FUNCTION_ARGS)
{
    bytea *b = PG_GETARG_BYTEA_P(0);
    const char *model = text_to_cstring(PG_GETARG_TEXT_PP(1));
    const char *unit = text_to_cstring(PG_GETARG_TEXT_PP(2));
    rmk_clv_opts o;
    rmk_clv_opts_init(&o);
    o.threads = 1; /* no threads inside a backend */
    o.penalizer = PG_GETARG_FLOAT8(3);
    if (!(o.penalizer >= 0 && o.penalizer <= 1e6))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: penalizer %g: from 0 to 1e6", o.penalizer)));
    if (!strcmp(model, "bgnbd")) o.model = RMK_CLV_BGNBD;
    else if (!strcmp(model, "paretonbd")) o.model = RMK_CLV_PARETONBD;
    else
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: model \"%s\": bgnbd or paretonbd", model)));
    if (!strcmp(unit, "day")) o.unit = RMK_UNIT_DAY;
    else if (!strcmp(unit, "week")) o.unit = RMK_UNIT_WEEK;
    else if (!strcmp(unit, "month")) o.unit = RMK_UNIT_MONTH;
    else
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: unit \"%s\": day, week or month", unit)));
    Size n = VARSIZE(b) == VARHDRSZ ? 0 : summ_check(b)->used;
    if (n == 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: no customer to fit")));
    int64 *q = palloc(n * SUMM_FIELDS * sizeof(int64)); /* aligned */
    memcpy(q, (const char *)b + offsetof(summ, q), n * SUMM_FIELDS * sizeof(int64));
    double *x = palloc(n * sizeof(double)), *tx = palloc(n * sizeof(double));
    double *T = palloc(n * sizeof(double)), *m = palloc(n * sizeof(double));
    double u = rmk_time_unit_days(o.unit);
    for (Size i = 0; i < n; i++) {
        const int64 *r = q + i * SUMM_FIELDS;
        x[i] = (double)r[0];
        tx[i] = (double)r[1] / u;
        T[i] = (double)r[2] / u;
        m[i] = r[0] > 0 ? (double)r[3] / (double)r[0] / RMK_MONEY_SCALE : 0;
    }
    rmk_clv *fit = NULL;
    char err[512];
    rmk_status st = rmk_clv_summary_run(n, NULL, x, tx, T, m, &o, &fit, err, sizeof err);
    if (st != RMK_OK)
        ereport(ERROR, (errcode(st == RMK_ERR_NOMEM ? ERRCODE_OUT_OF_MEMORY : ERRCODE_DATA_EXCEPTION),
                        errmsg("relmark: %s", err)));
    rmk_clv_params p;
    rmk_clv_stats stats;
    rmk_clv_model_params(fit, &p);
    rmk_clv_get_stats(fit, &stats);
    StringInfoData s;
    initStringInfo(&s);
    appendStringInfo(&s, "{\"model\": \"%s\", \"unit\": \"%s\", \"customers\": %zu, \"params\": ", model,
                     unit, stats.customers);
    params_json(&s, &p);
    appendStringInfoString(&s, ", \"spend\": ");
    if (rmk_clv_spend_params(fit, &p)) params_json(&s, &p);
    else appendStringInfoString(&s, "null");
    appendStringInfo(&s, ", \"spend_left_out_no_repeat\": %zu, \"spend_left_out_nonpositive\": %zu}",
                     stats.no_repeat, stats.nonpositive_value);
    rmk_clv_free(fit);
    PG_RETURN_TEXT_P(cstring_to_text(s.data));
}
