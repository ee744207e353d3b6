/* book.c — the customer book: one read of the transactions (the rfm
 * reading path, with its reading thread) whose batch hook also logs what
 * the other analyses need; see rmk_book in relmark.h and docs/library.md. */
#include "book.h"
#include "txn.h"
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
        return snprintf(err, errlen, "out of memory"), RMK_ERR_NOMEM;
    if ((b->have & RMK_BOOK_MARGINS) &&
        room((void **)&b->mar, b->nmar, &r->capmar, n, sizeof *b->mar))
        return snprintf(err, errlen, "out of memory"), RMK_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const txn_extra *e = &ex[i];
        uint32_t ci = idx[i];
        int32_t day = rows[i].day;
        if ((b->have & RMK_BOOK_PAYMENTS) && rows[i].amount >= 0) { /* credit notes owe nothing */
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
        if (st) return snprintf(err, errlen, "%s", rmk_agg_errmsg(a)), st;
    }
    return RMK_OK;
}

static const char *file_client_id(const void *cf, size_t i, size_t *len)
{
    const cust_rec *rec = custfile_at(cf, i);
    *len = rec->id_len;
    return rec->id;
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
    b->have = bo->need & (RMK_BOOK_DAYS | RMK_BOOK_PAYMENTS | RMK_BOOK_MARGINS);
    r.b = b;
    r.log.path = b->path;
    /* the side files first: a mistake there is found before a long read */
    rmk_read_opts side = txn_side_opts(ro);
    if (bo->customers && (st = custfile_read(bo->customers, &side, &b->cf, err, errlen))) goto fail;
    if (bo->feedback &&
        (st = feedback_read(bo->feedback, &side, bo->sat_min, bo->sat_max, &b->fb, err, errlen)))
        goto fail;
    unsigned want = (b->have & RMK_BOOK_PAYMENTS ? TXN_PAYMENT : 0) |
                    (b->have & RMK_BOOK_MARGINS ? TXN_MARGIN : 0);
    st = txn_agg_read_file(b->h.ids, path, ro, want, b->have ? on_batch : NULL, &r);
    if (st) {
        snprintf(err, errlen, "%s", rmk_agg_errmsg(b->h.ids));
        goto fail;
    }
    b->row_customers = agg_count(b->h.ids);
    if (b->cf && (st = add_ids(b->h.ids, custfile_count(b->cf), file_client_id, b->cf, err, errlen)))
        goto fail;
    rmk_agg_seal(b->h.ids); /* frees the purchase set before the days are built */
    b->h.customers = agg_count(b->h.ids);
    if (b->have & RMK_BOOK_DAYS) {
        b->h.days = hist_build(&r.log, b->h.customers, &b->h.off);
        if (!b->h.days) goto nomem;
    }
    *out = b;
    return RMK_OK;
nomem:
    st = RMK_ERR_NOMEM;
    snprintf(err, errlen, "out of memory");
fail:
    free(r.log.log);
    rmk_book_free(b);
    return st;
}

void rmk_book_free(rmk_book *b)
{
    if (!b) return;
    history_free(&b->h);
    free(b->pay);
    free(b->mar);
    custfile_free(b->cf);
    feedback_free(b->fb);
    free(b->path);
    free(b);
}

rmk_agg *rmk_book_agg(const rmk_book *b) { return b->h.ids; }
void rmk_book_get_stats(const rmk_book *b, rmk_agg_stats *s) { rmk_agg_get_stats(b->h.ids, s); }
const char *rmk_book_path(const rmk_book *b) { return b->path; }

/* ---- until every analysis takes the book: the purchase days of a file */
typedef struct id_list { const char *const *id; const size_t *len; } id_list;
static const char *list_id(const void *ctx, size_t i, size_t *len)
{
    const id_list *l = ctx;
    *len = l->len[i];
    return l->id[i];
}

rmk_status history_read(const char *path, const rmk_read_opts *ro, const char *const *extra_ids,
                        const size_t *extra_len, size_t nextra, history *h, char *err,
                        size_t errlen)
{
    hist_log log = {NULL, 0, 0, path};
    reading r;
    memset(&r, 0, sizeof r);
    rmk_book tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.have = RMK_BOOK_DAYS;
    tmp.path = (char *)path;
    r.b = &tmp;
    r.log = log;
    rmk_status st = RMK_OK;
    h->ids = rmk_agg_new();
    if (!h->ids) goto nomem;
    st = txn_agg_read_file(h->ids, path, ro, 0, on_batch, &r);
    if (st) {
        snprintf(err, errlen, "%s", rmk_agg_errmsg(h->ids));
        goto fail;
    }
    id_list l = {extra_ids, extra_len};
    if (nextra && (st = add_ids(h->ids, nextra, list_id, &l, err, errlen))) goto fail;
    rmk_agg_seal(h->ids);
    h->customers = agg_count(h->ids);
    h->days = hist_build(&r.log, h->customers, &h->off);
    if (!h->days) goto nomem;
    return RMK_OK;
nomem:
    st = RMK_ERR_NOMEM;
    snprintf(err, errlen, "out of memory");
fail:
    free(r.log.log);
    return st;
}
