/* SPDX-License-Identifier: MIT */
/* agg.h — internal: the per-customer aggregate, read by the scoring modules. */
#ifndef RMK_AGG_H
#define RMK_AGG_H
#include "relmark.h"
#include "hash.h"
#include "sort.h"

#define AGG_ID_HEAD 20 /* id bytes kept in the record: most ids compare in-line */

/* One customer: 64 bytes, one cache line, so a lookup touches one line. */
typedef struct agg_customer {
    int64_t net;            /* sum of all rows, minor units */
    int64_t purchases;      /* distinct invoices (or days) with a row >= 0 */
    uint64_t id_off;        /* the whole id, NUL-terminated, in the id arena */
    uint64_t last_key;      /* the last purchase key (tag in the top 2 bits):
                               the next line of the same invoice skips the set */
    uint32_t id_len;
    int32_t first_purchase; /* day numbers; RMK_NO_DATE until a purchase */
    int32_t last_purchase;
    char id_head[AGG_ID_HEAD];
} agg_customer;

/* docs/rfm.md, "Frequency": a purchase row (amount >= 0) belongs to the
 * purchase its invoice names (the cell after invoice_trim, compared byte for
 * byte) when it has a non-empty one, else to its (customer, day). Shared with
 * the PostgreSQL extension (pg/), which keeps purchase sets of its own. */
static inline int agg_is_purchase(int64_t amount_minor) { return amount_minor >= 0; }
static inline int agg_invoice_names_purchase(const char *inv, size_t len) { return inv && len; }

size_t agg_count(const rmk_agg *a);
const agg_customer *agg_customers(const rmk_agg *a);
const char *agg_id(const rmk_agg *a, const agg_customer *c);
/* Stats bookkeeping for the readers. */
rmk_agg_stats *agg_stats_mut(rmk_agg *a);
void agg_set_error(rmk_agg *a, const char *msg);
/* the message of the handle's last error (the readers and the book copy it into
 * their caller's err: relmark.h's one convention) */
const char *agg_errmsg(const rmk_agg *a);
/* Which field the last row error is about: 'c' the customer, 'a' the amount. */
char agg_error_field(const rmk_agg *a);

/* A row for the batched path; the bytes must stay valid during the call. */
typedef struct agg_row {
    const char *id, *invoice; /* invoice NULL: a purchase is a (customer, day) */
    uint32_t id_len, invoice_len;
    int32_t day;
    int64_t amount;
    /* filled by agg_row_prepare(), possibly in another thread */
    int prepared;
    uint64_t id_hash;       /* hash of the id */
    uint64_t key;           /* the purchase key (text invoices: KEY_STR only) */
    uint64_t invoice_hash;  /* hash of a text invoice's bytes */
} agg_row;

/* Hash the row's id and invoice and decode its purchase key: the part of
 * adding a row that needs no table, so a reading thread can do it. Reads
 * only the aggregate's seed, which never changes. */
void agg_row_prepare(const rmk_agg *a, agg_row *r);

/* Add rows in order, overlapping the memory latency of many rows (hash,
 * prefetch, then probe). Same result as rmk_agg_add on each row. Returns
 * RMK_OK, or the status of the first row that failed with its index in
 * *failed: rows before it are added, it and the rest are not. */
rmk_status agg_add_batch(rmk_agg *a, const agg_row *rows, size_t n, size_t *failed);
/* The same, and for each row its customer index (idx[i]) and whether it
 * started a purchase (fresh[i] = 1: the first row >= 0 of a new invoice, or
 * of a new day without invoices); either may be NULL. */
rmk_status agg_add_batch_ex(rmk_agg *a, const agg_row *rows, size_t n, size_t *failed,
                            uint32_t *idx, uint8_t *fresh);
/* As agg_add_batch_ex without the purchase set: each customer's net,
 * first and last purchase and the read's stats are kept, its purchases
 * (distinct invoices or days) are not -- for analyses that need no RFM
 * frequency, at a fraction of the cost. fresh is not told. */
rmk_status agg_add_batch_light(rmk_agg *a, const agg_row *rows, size_t n, size_t *failed,
                               uint32_t *idx);
/* Only the lookup: idx[i] = the customer index of row i, created if new,
 * with the same batching; nothing is added to the customers. For analyses
 * that keep their own per-customer data beside the aggregate's ids. Same
 * error contract as agg_add_batch. */
rmk_status agg_find_batch(rmk_agg *a, const agg_row *rows, size_t n, uint32_t *idx, size_t *failed);
/* Order k[0..n) (customer indices in .idx) by id, byte order: a radix sort
 * on the ids' first 8 bytes, then a compare sort of the runs that share
 * them (.key is overwritten). Returns 0 or -1 (out of memory). */
int agg_sort_by_id(const rmk_agg *a, kv *k, size_t n);
#endif
