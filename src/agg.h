/* agg.h — internal: the per-customer aggregate, read by the scoring modules. */
#ifndef RMK_AGG_H
#define RMK_AGG_H
#include "relmark.h"
#include "hash.h"

typedef struct agg_customer {
    uint64_t id_off;        /* into the id arena */
    uint32_t id_len;
    int32_t first_purchase; /* day numbers; RMK_NO_DATE until a purchase */
    int32_t last_purchase;
    int64_t purchases;      /* distinct invoices (or days) with a row >= 0 */
    int64_t net;            /* sum of all rows, minor units */
    uint64_t last_key;      /* the last purchase key seen: skips the set for
                               the next line of the same invoice or day */
    uint32_t last_tag;
} agg_customer;

size_t agg_count(const rmk_agg *a);
const agg_customer *agg_customers(const rmk_agg *a);
const char *agg_id(const rmk_agg *a, const agg_customer *c);
/* Stats bookkeeping for the readers. */
rmk_agg_stats *agg_stats_mut(rmk_agg *a);
void agg_set_error(rmk_agg *a, const char *msg);
#endif
