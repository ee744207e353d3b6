/* SPDX-License-Identifier: MIT */
/* book.c — the customer book: one read of the transactions (the rfm
 * reading path, with its reading thread) whose batch hook also logs what
 * the other analyses need; see rmk_book in relmark.h and docs/library.md. */
#include "book.h"
#include "par.h"
#include "errmsg.h"
#include "sort.h"
#include "feed.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rmk_book_opts_init(rmk_book_opts *o)
{
    memset(o, 0, sizeof *o);
    o->sat_min = 1;
    o->sat_max = 5;
}

typedef struct reading {
    rmk_book *b;
    hist_log log;
    size_t cappay, capmar;
} reading;

/* room for n more entries of size sz in *v (count *len, capacity *cap) */
static int room(void **v, size_t len, size_t *cap, size_t n, size_t sz)
{
    if (*cap - len >= n) return 0;
    size_t nc = *cap ? *cap : 4096;
    while (nc - len < n) nc *= 2;
    void *p = realloc(*v, nc * sz);
    if (!p) return -1;
    *v = p;
    *cap = nc;
    return 0;
}

/* The payment terms and margins of a batch of rows the aggregate took. */
static rmk_status log_extras(reading *r, const agg_row *rows, const uint64_t *lines,
                             const txn_extra *ex, const uint32_t *idx, size_t n, char *err,
                             size_t errlen)
{
    rmk_book *b = r->b;
    if ((b->have & RMK_BOOK_PAYMENTS) &&
        room((void **)&b->pay, b->npay, &r->cappay, n, sizeof *b->pay))
        return rmk_nomem(err, errlen);
    if ((b->have & RMK_BOOK_MARGINS) &&
        room((void **)&b->mar, b->nmar, &r->capmar, n, sizeof *b->mar))
        return rmk_nomem(err, errlen);
    for (size_t i = 0; i < n; i++) {
        const txn_extra *e = &ex[i];
        uint32_t ci = idx[i];
        int32_t day = rows[i].day;
        /* credit notes owe nothing; a row without a due date, a paid date or a
         * prepaid flag is of no payment class (rmk_invoice_payment: unknown),
         * so an export without payment columns keeps no runs at all */
        if ((b->have & RMK_BOOK_PAYMENTS) && rows[i].amount >= 0 &&
            (e->due_day != RMK_NO_DATE || e->paid_day != RMK_NO_DATE || e->prepaid == 1)) {
            book_pay *last = b->npay ? &b->pay[b->npay - 1] : NULL;
            if (last && last->ci == ci && last->day == day && last->due == e->due_day &&
                last->paid == e->paid_day && last->prepaid == e->prepaid && last->lines < UINT32_MAX)
                last->lines++;
            else
                b->pay[b->npay++] = (book_pay){ci, day, e->due_day, e->paid_day, e->prepaid, 1};
        }
        if ((b->have & RMK_BOOK_MARGINS) && e->margin_known) {
            book_margin *last = b->nmar ? &b->mar[b->nmar - 1] : NULL;
            if (last && last->ci == ci && last->day == day) {
                if (__builtin_add_overflow(last->margin, e->margin, &last->margin) ||
                    __builtin_add_overflow(last->base, rows[i].amount, &last->base)) {
                    snprintf(err, errlen, "%s:%llu: the client's margin on the day overflows",
                             b->path, (unsigned long long)lines[i]);
                    return RMK_ERR_DATA;
                }
            } else {
                b->mar[b->nmar++] = (book_margin){ci, day, e->margin, rows[i].amount};
            }
        }
    }
    return RMK_OK;
}

static rmk_status on_batch(void *ctx, const agg_row *rows, const uint64_t *lines,
                           const txn_extra *ex, const uint32_t *idx, const uint8_t *fresh,
                           size_t n, char *err, size_t errlen)
{
    reading *r = ctx;
    if (r->b->have & RMK_BOOK_DAYS) {
        rmk_status st = hist_log_rows(&r->log, rows, lines, idx, fresh, n, err, errlen);
        if (st) return st;
    }
    if (ex) return log_extras(r, rows, lines, ex, idx, n, err, errlen);
    return RMK_OK;
}

/* Customers without rows (a customers file's clients): indices after the
 * rows' customers, nothing added to their aggregates */
static rmk_status add_ids(rmk_agg *a, size_t ne, const char *(*id_at)(const void *, size_t, size_t *),
                          const void *ctx, char *err, size_t errlen)
{
    for (size_t i = 0; i < ne;) {
        agg_row r[256];
        uint32_t idx[256];
        size_t k = 0, failed, len;
        for (; k < 256 && i < ne; k++, i++) {
            memset(&r[k], 0, sizeof r[k]);
            r[k].id = id_at(ctx, i, &len);
            r[k].id_len = (uint32_t)len;
            r[k].day = 0; /* the lookup checks a date; these have none to give */
        }
        rmk_status st = agg_find_batch(a, r, k, idx, &failed);
        if (st) return snprintf(err, errlen, "%s", agg_errmsg(a)), st;
    }
    return RMK_OK;
}

static const char *file_client_id(const void *cf, size_t i, size_t *len)
{
    const cust_rec *rec = custfile_at(cf, i);
    *len = rec->id_len;
    return rec->id;
}

/* by_id, rec and fbc: the customers sorted by id, merged with each file
 * (both in id byte order). Returns 0 or -1 (out of memory). */
static int link_files(rmk_book *b)
{
    size_t n = b->h.customers;
    kv *k = malloc((n ? n : 1) * sizeof *k);
    b->by_id = malloc((n ? n : 1) * sizeof *b->by_id);
    b->rec = calloc(n ? n : 1, sizeof *b->rec);
    b->fbc = calloc(n ? n : 1, sizeof *b->fbc);
    if (!k || !b->by_id || !b->rec || !b->fbc) {
        free(k);
        return -1;
    }
    for (size_t i = 0; i < n; i++) k[i].idx = (uint32_t)i;
    if (agg_sort_by_id(b->h.ids, k, n)) {
        free(k);
        return -1;
    }
    for (size_t i = 0; i < n; i++) b->by_id[i] = k[i].idx;
    free(k);
    const agg_customer *ac = agg_customers(b->h.ids);
    size_t nc = b->cf ? custfile_count(b->cf) : 0, nf = b->fb ? feedback_customer_count(b->fb) : 0;
    for (size_t t = 0, c = 0, f = 0; t < n; t++) {
        uint32_t i = b->by_id[t];
        const char *id = agg_id(b->h.ids, &ac[i]);
        size_t len = ac[i].id_len;
        while (c < nc && id_order(custfile_at(b->cf, c)->id, custfile_at(b->cf, c)->id_len, id, len) < 0) c++;
        if (c < nc && !id_order(custfile_at(b->cf, c)->id, custfile_at(b->cf, c)->id_len, id, len))
            b->rec[i] = custfile_at(b->cf, c);
        while (f < nf && id_order(feedback_customer_at(b->fb, f)->id, feedback_customer_at(b->fb, f)->id_len,
                                  id, len) < 0)
            f++;
        if (f < nf && !id_order(feedback_customer_at(b->fb, f)->id,
                                feedback_customer_at(b->fb, f)->id_len, id, len))
            b->fbc[i] = feedback_customer_at(b->fb, f);
    }
    return 0;
}

/* After the read: the purchase days (RMK_BOOK_DAYS) and the links to the
 * customers and feedback files, run by par_both. */
typedef struct finishing {
    rmk_book *b;
    hist_log *log;
    int days_failed, link_failed; /* out of memory */
} finishing;

static void build_days(void *arg)
{
    finishing *f = arg;
    if (!(f->b->have & RMK_BOOK_DAYS)) return;
    f->b->h.days = hist_build(f->log, f->b->h.customers, &f->b->h.off);
    f->days_failed = !f->b->h.days;
}

static void link_both(void *arg)
{
    finishing *f = arg;
    f->link_failed = (f->b->cf || f->b->fb) && link_files(f->b);
}

rmk_status rmk_book_read(const char *path, const rmk_read_opts *ro, const rmk_book_opts *bo,
                         rmk_book **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_read_opts rdef;
    rmk_book_opts bdef;
    if (!ro) rmk_read_opts_init(&rdef), ro = &rdef;
    if (!bo) rmk_book_opts_init(&bdef), bo = &bdef;
    rmk_status st = RMK_OK;
    rmk_book *b = calloc(1, sizeof *b);
    reading r;
    memset(&r, 0, sizeof r);
    if (!b || !(b->path = strdup(path)) || !(b->h.ids = rmk_agg_new())) goto nomem;
    /* no part asked for: the aggregate, as rmk_agg_read_file makes it */
    b->have = bo->need ? bo->need & RMK_BOOK_ALL : RMK_BOOK_RFM;
    b->as_of = ro->as_of;
    b->threads = ro->threads;
    r.b = b;
    r.log.path = b->path;
    /* the side files first: a mistake there is found before a long read */
    rmk_read_opts side = txn_side_opts(ro);
    if (bo->customers && (st = custfile_read(bo->customers, &side, &b->cf, err, errlen))) goto fail;
    if (bo->feedback &&
        (st = feedback_read(bo->feedback, &side, bo->sat_min, bo->sat_max, &b->fb, err, errlen)))
        goto fail;
    unsigned want = (b->have & RMK_BOOK_PAYMENTS ? TXN_PAYMENT : 0) |
                    (b->have & RMK_BOOK_MARGINS ? TXN_MARGIN : 0) |
                    (b->have & RMK_BOOK_RFM ? 0 : TXN_NO_PURCHASES);
    int hook = (b->have & ~RMK_BOOK_RFM) != 0;
    st = txn_agg_read_file(b->h.ids, path, ro, want, hook ? on_batch : NULL, &r);
    if (st) {
        snprintf(err, errlen, "%s", agg_errmsg(b->h.ids));
        goto fail;
    }
    b->row_customers = agg_count(b->h.ids);
    if (b->cf && (st = add_ids(b->h.ids, custfile_count(b->cf), file_client_id, b->cf, err, errlen)))
        goto fail;
    rmk_agg_seal(b->h.ids); /* frees the purchase set before the days are built */
    b->h.customers = agg_count(b->h.ids);
    /* the purchase days and the files' links share nothing: side by side */
    finishing f = {b, &r.log, 0, 0};
    par_both(build_days, &f, link_both, &f, b->threads);
    if (f.days_failed || f.link_failed) goto nomem;
    *out = b;
    return RMK_OK;
nomem:
    st = RMK_ERR_NOMEM;
    rmk_nomem(err, errlen);
fail:
    hist_log_free(&r.log);
    rmk_book_free(b);
    return st;
}

void rmk_book_free(rmk_book *b)
{
    if (!b) return;
    history_free(&b->h);
    free(b->pay);
    free(b->mar);
    free(b->by_id);
    free(b->rec);
    free(b->fbc);
    custfile_free(b->cf);
    feedback_free(b->fb);
    free(b->path);
    free(b);
}

rmk_agg *rmk_book_agg(const rmk_book *b) { return b->have & RMK_BOOK_RFM ? b->h.ids : NULL; }
void rmk_book_get_stats(const rmk_book *b, rmk_agg_stats *s) { rmk_agg_get_stats(b->h.ids, s); }
const char *rmk_book_path(const rmk_book *b) { return b->path; }

rmk_status book_read_for(const char *path, const rmk_read_opts *ro, int32_t as_of, unsigned need,
                         const char *customers, rmk_book **out, char *err, size_t errlen)
{
    rmk_read_opts rr;
    if (ro) rr = *ro;
    else rmk_read_opts_init(&rr);
    if (as_of != RMK_NO_DATE) rr.as_of = as_of;
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = need;
    bo.customers = customers;
    return rmk_book_read(path, &rr, &bo, out, err, errlen);
}

int book_lacks(const rmk_book *b, unsigned need, const char *what, char *err, size_t errlen)
{
    if ((b->have & need) == need) return 0;
    static const struct { unsigned bit; const char *name; } parts[] = {
        {RMK_BOOK_DAYS, "RMK_BOOK_DAYS"}, {RMK_BOOK_RFM, "RMK_BOOK_RFM"},
        {RMK_BOOK_PAYMENTS, "RMK_BOOK_PAYMENTS"}, {RMK_BOOK_MARGINS, "RMK_BOOK_MARGINS"}};
    size_t u = (size_t)snprintf(err, errlen, "%s needs a book read with", what);
    const char *sep = " ";
    for (size_t i = 0; i < sizeof parts / sizeof parts[0] && u < errlen; i++)
        if (need & parts[i].bit) {
            u += (size_t)snprintf(err + u, errlen - u, "%s%s", sep, parts[i].name);
            sep = " | ";
        }
    return 1;
}
