/* SPDX-License-Identifier: MIT */
/* history.c — see history.h. */
#include "history.h"
#include "errmsg.h"
#include "feed.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define E_PURCHASE 0x80000000u /* the row started a purchase */
#define E_ACTIVE 0x40000000u   /* a row >= 0: a purchase day */
#define E_CUST 0x3fffffffu
typedef hist_entry entry;
typedef hist_log build;

/* Each batch of rows the aggregate has taken: their customers and whether
 * they started a purchase. Lines of one purchase on one day, read one after
 * the other (an invoice's lines), become one entry. */
void hist_log_free(hist_log *b)
{
    for (size_t k = 0; k < b->nblk; k++) free(b->blk[k]);
    free(b->blk);
    b->blk = NULL;
    b->nblk = b->capblk = b->n = 0;
}

/* room for the next entry: a new block when the last is full */
static int log_room(hist_log *b)
{
    if (b->n < b->nblk * HIST_BLOCK) return 0;
    if (b->nblk == b->capblk) {
        size_t nc = b->capblk ? b->capblk * 2 : 64;
        entry **p = realloc(b->blk, nc * sizeof *p);
        if (!p) return -1;
        b->blk = p;
        b->capblk = nc;
    }
    if (!(b->blk[b->nblk] = malloc(HIST_BLOCK * sizeof(entry)))) return -1;
    b->nblk++;
    return 0;
}

rmk_status hist_log_rows(hist_log *b, const agg_row *rows, const uint64_t *lines,
                         const uint32_t *idx, const uint8_t *fresh, size_t n, char *err,
                         size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t ci = idx[i];
        if (ci > E_CUST) {
            snprintf(err, errlen, "%s:%llu: more than %u customers", b->path,
                     (unsigned long long)lines[i], E_CUST);
            return RMK_ERR_DATA;
        }
        int64_t amt = rows[i].amount;
        uint32_t act = amt >= 0 ? E_ACTIVE : 0;
        entry *last = b->n ? &b->blk[(b->n - 1) / HIST_BLOCK][(b->n - 1) % HIST_BLOCK] : NULL;
        if (last && !fresh[i] && (last->cf & E_CUST) == ci && last->day == rows[i].day) {
            if (__builtin_add_overflow(last->amount, amt, &last->amount)) {
                snprintf(err, errlen, "%s:%llu: the customer's sales on the day overflow", b->path,
                         (unsigned long long)lines[i]);
                return RMK_ERR_DATA;
            }
            last->cf |= act;
            continue;
        }
        if (log_room(b)) return rmk_nomem(err, errlen);
        b->blk[b->n / HIST_BLOCK][b->n % HIST_BLOCK] =
            (entry){ci | act | (fresh[i] ? E_PURCHASE : 0), rows[i].day, amt};
        b->n++;
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
hday *hist_build(hist_log *b, size_t n, size_t **off_out)
{
    size_t *off = calloc(n + 1, sizeof *off);
    entry *e = malloc((b->n ? b->n : 1) * sizeof *e);
    if (!off || !e) {
        free(off);
        free(e);
        return NULL;
    }
    for (size_t i = 0; i < b->n; i++) off[(b->blk[i / HIST_BLOCK][i % HIST_BLOCK].cf & E_CUST) + 1]++;
    for (size_t c = 0; c < n; c++) off[c + 1] += off[c];
    size_t *fill = malloc((n ? n : 1) * sizeof *fill);
    if (!fill) {
        free(off);
        free(e);
        return NULL;
    }
    memcpy(fill, off, n * sizeof *fill);
    for (size_t k = 0, i = 0; k < b->nblk; k++) { /* each block freed once scattered */
        for (size_t j = 0; j < HIST_BLOCK && i < b->n; j++, i++) {
            const entry *v = &b->blk[k][j];
            e[fill[v->cf & E_CUST]++] = *v;
        }
        free(b->blk[k]);
        b->blk[k] = NULL;
    }
    free(fill);
    hist_log_free(b);
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

void history_free(history *h)
{
    rmk_agg_free(h->ids);
    free(h->days);
    free(h->off);
    memset(h, 0, sizeof *h);
}
