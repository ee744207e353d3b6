/* history.c — see history.h. */
#include "history.h"
#include "txn.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* one row, or consecutive rows of one purchase on one day, in read order */
typedef struct entry {
    uint32_t cf;    /* customer index | E_PURCHASE | E_ACTIVE */
    int32_t day;
    int64_t amount; /* minor units */
} entry;
#define E_PURCHASE 0x80000000u /* the row started a purchase */
#define E_ACTIVE 0x40000000u   /* a row >= 0: a purchase day */
#define E_CUST 0x3fffffffu


typedef struct build {
    entry *log; /* the rows, in read order; customers' days are sorted later */
    size_t n, cap;
    const char *path;
} build;

/* Each batch of rows the aggregate has taken: their customers and whether
 * they started a purchase. Lines of one purchase on one day, read one after
 * the other (an invoice's lines), become one entry. */
static rmk_status log_rows(void *ctx, const agg_row *rows, const uint64_t *lines,
                           const uint32_t *idx, const uint8_t *fresh, size_t n, char *err,
                           size_t errlen)
{
    build *b = ctx;
    if (b->cap - b->n < n) {
        size_t nc = b->cap ? b->cap : 65536;
        while (nc - b->n < n) nc *= 2;
        entry *l = realloc(b->log, nc * sizeof *l);
        if (!l) return snprintf(err, errlen, "out of memory"), RMK_ERR_NOMEM;
        b->log = l;
        b->cap = nc;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t ci = idx[i];
        if (ci > E_CUST) {
            snprintf(err, errlen, "%s:%llu: more than %u customers", b->path,
                     (unsigned long long)lines[i], E_CUST);
            return RMK_ERR_DATA;
        }
        int64_t amt = rows[i].amount;
        uint32_t act = amt >= 0 ? E_ACTIVE : 0;
        entry *last = b->n ? &b->log[b->n - 1] : NULL;
        if (last && !fresh[i] && (last->cf & E_CUST) == ci && last->day == rows[i].day) {
            if (__builtin_add_overflow(last->amount, amt, &last->amount)) {
                snprintf(err, errlen, "%s:%llu: the customer's sales on the day overflow", b->path,
                         (unsigned long long)lines[i]);
                return RMK_ERR_DATA;
            }
            last->cf |= act;
            continue;
        }
        b->log[b->n++] = (entry){ci | act | (fresh[i] ? E_PURCHASE : 0), rows[i].day, amt};
    }
    return RMK_OK;
}

static int entry_day_cmp(const void *pa, const void *pb)
{
    const entry *a = pa, *b = pb;
    return (a->day > b->day) - (a->day < b->day);
}

/* The log grouped by customer (a counting sort), each customer's entries
 * sorted by day and merged into purchase days. Returns the days (*off[c] ..
 * *off[c+1] for customer c) or NULL when out of memory; frees the log. */
static hday *build_history(build *b, size_t n, size_t **off_out)
{
    size_t *off = calloc(n + 1, sizeof *off);
    entry *e = malloc((b->n ? b->n : 1) * sizeof *e);
    if (!off || !e) {
        free(off);
        free(e);
        return NULL;
    }
    for (size_t i = 0; i < b->n; i++) off[(b->log[i].cf & E_CUST) + 1]++;
    for (size_t c = 0; c < n; c++) off[c + 1] += off[c];
    size_t *fill = malloc((n ? n : 1) * sizeof *fill);
    if (!fill) {
        free(off);
        free(e);
        return NULL;
    }
    memcpy(fill, off, n * sizeof *fill);
    for (size_t i = 0; i < b->n; i++) e[fill[b->log[i].cf & E_CUST]++] = b->log[i];
    free(fill);
    free(b->log);
    b->log = NULL;
    /* sort each customer's entries by day, merge a day's into one hday,
     * written over the entries (never ahead of the one being read) */
    hday *h = (hday *)e;
    size_t w = 0;
    for (size_t c = 0; c < n; c++) {
        size_t lo = off[c], hi = off[c + 1], m = hi - lo;
        entry *s = e + lo;
        if (m > 1 && m <= 16) { /* most customers: a few days */
            for (size_t i = 1; i < m; i++) {
                entry v = s[i];
                size_t k = i;
                while (k > 0 && s[k - 1].day > v.day) s[k] = s[k - 1], k--;
                s[k] = v;
            }
        } else if (m > 16) {
            qsort(s, m, sizeof *s, entry_day_cmp);
        }
        off[c] = w;
        for (size_t i = 0; i < m;) {
            entry v = s[i++];
            uint32_t purchases = (v.cf & E_PURCHASE) ? 1 : 0, active = v.cf & E_ACTIVE;
            __int128 net = v.amount;
            while (i < m && s[i].day == v.day) {
                purchases += (s[i].cf & E_PURCHASE) ? 1 : 0;
                active |= s[i].cf & E_ACTIVE;
                net += s[i].amount;
                i++;
            }
            /* a day's sum of int64 rows: clamped (checked per row on the way in) */
            h[w].day = v.day;
            h[w].purchases = purchases | (active ? HDAY_ACTIVE : 0);
            h[w].net = net > INT64_MAX ? INT64_MAX : net < INT64_MIN ? INT64_MIN : (int64_t)net;
            w++;
        }
    }
    off[n] = w;
    *off_out = off;
    return h;
}

rmk_status history_read(const char *path, const rmk_read_opts *ro, const char *const *extra_ids,
                        const size_t *extra_len, size_t nextra, history *h, char *err,
                        size_t errlen)
{
    build b = {NULL, 0, 0, path};
    rmk_status st = RMK_OK;
    h->ids = rmk_agg_new();
    if (!h->ids) goto nomem;
    st = txn_agg_read_file(h->ids, path, ro, log_rows, &b);
    if (st) {
        snprintf(err, errlen, "%s", rmk_agg_errmsg(h->ids));
        goto fail;
    }
    for (size_t i = 0; i < nextra;) { /* ids without rows: indices only */
        agg_row r[256];
        uint32_t idx[256];
        size_t k = 0, failed;
        for (; k < 256 && i < nextra; k++, i++) {
            memset(&r[k], 0, sizeof r[k]);
            r[k].id = extra_ids[i];
            r[k].id_len = (uint32_t)extra_len[i];
            r[k].day = 0; /* the lookup checks a date; these have none to give */
        }
        st = agg_find_batch(h->ids, r, k, idx, &failed);
        if (st) {
            snprintf(err, errlen, "%s", rmk_agg_errmsg(h->ids));
            goto fail;
        }
    }
    rmk_agg_seal(h->ids); /* frees the purchase set before the history is built */
    h->customers = agg_count(h->ids);
    h->days = build_history(&b, h->customers, &h->off);
    if (!h->days) goto nomem;
    return RMK_OK;
nomem:
    st = RMK_ERR_NOMEM;
    snprintf(err, errlen, "out of memory");
fail:
    free(b.log);
    return st;
}

void history_free(history *h)
{
    rmk_agg_free(h->ids);
    free(h->days);
    free(h->off);
    memset(h, 0, sizeof *h);
}
