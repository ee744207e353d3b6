/* SPDX-License-Identifier: MIT */
/* history.h — internal: each customer's purchase days, from the one read
 * of the transactions that builds the customer book (book.c): per
 * (customer, day) the purchases started that day, whether a row >= 0 was
 * on it (a purchase day) and the day's net sales. Memory grows with the
 * rows while reading (consecutive lines of one purchase are merged) and
 * with distinct (customer, day) pairs after. Used by the life cycle
 * (stages.c) and the lifetime-value summary (clv.c). */
#ifndef RMK_HISTORY_H
#define RMK_HISTORY_H
#include "feed.h"

/* a day of a customer's history, days ascending */
typedef struct hday {
    int32_t day;
    uint32_t purchases; /* purchases started that day; top bit: a purchase day */
    int64_t net;        /* the day's net sales, minor units (clamped to int64) */
} hday;
#define HDAY_ACTIVE 0x80000000u
#define HDAY_PURCHASES(h) ((h).purchases & ~HDAY_ACTIVE)

typedef struct history {
    rmk_agg *ids;  /* the customers (sealed): index -> id, RFM's aggregate */
    hday *days;    /* customer c's days: days[off[c] .. off[c+1]) */
    size_t *off;   /* customers + 1 */
    size_t customers;
} history;

/* The rows as read (the customer book's reading hook builds it): one entry
 * a row, or consecutive rows of one purchase on one day. */
typedef struct hist_entry {
    uint32_t cf;    /* customer index | a purchase started | a row >= 0 */
    int32_t day;
    int64_t amount; /* minor units */
} hist_entry;
#define HIST_BLOCK 65536 /* entries a block: the log grows without copying */
typedef struct hist_log {
    hist_entry **blk; /* the rows, in read order, in blocks of HIST_BLOCK;
                         customers' days are sorted later */
    size_t nblk, capblk;
    size_t n;         /* entries in all */
    const char *path; /* for messages */
} hist_log;
void hist_log_free(hist_log *b);
/* Logs a batch of rows the aggregate has taken (txn_batch_hook's arguments). */
rmk_status hist_log_rows(hist_log *b, const agg_row *rows, const uint64_t *lines,
                         const uint32_t *idx, const uint8_t *fresh, size_t n, char *err,
                         size_t errlen);
/* The log grouped by customer (n of them), each customer's entries sorted by
 * day and merged into purchase days: days[*off[c] .. *off[c+1]). NULL when
 * out of memory (the log is then the caller's to free); frees it on success,
 * block by block as the days take its place (the peak is about one log). */
hday *hist_build(hist_log *b, size_t n, size_t **off);
void history_free(history *h);
#endif
