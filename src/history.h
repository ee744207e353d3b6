/* history.h — internal: each customer's purchase days, from one read of
 * the transactions (the rfm reading path, with its reading thread): per
 * (customer, day) the purchases started that day, whether a row >= 0 was
 * on it (a purchase day) and the day's net sales. Memory grows with the
 * rows while reading (consecutive lines of one purchase are merged) and
 * with distinct (customer, day) pairs after. Used by the life cycle
 * (stages.c) and the lifetime-value summary (clv.c). */
#ifndef RMK_HISTORY_H
#define RMK_HISTORY_H
#include "agg.h"

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

/* Read path into h (zeroed by the caller). Rows after ro->as_of are
 * ignored. extra_ids/nextra: more customer ids (e.g. a customers file's)
 * to give indices to, without rows. On error the message is in err and h
 * holds nothing to free beyond history_free(). */
rmk_status history_read(const char *path, const rmk_read_opts *ro, const char *const *extra_ids,
                        const size_t *extra_len, size_t nextra, history *h, char *err,
                        size_t errlen);
void history_free(history *h);
#endif
