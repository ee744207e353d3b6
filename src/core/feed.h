/* SPDX-License-Identifier: MIT */
/* feed.h — internal: the transactions into the per-customer aggregate,
 * with a reading thread (feed.c). The customer book's one read. */
#ifndef RMK_FEED_H
#define RMK_FEED_H
#include "agg.h"
#include "txn.h"

#define TXN_NO_PURCHASES 4u /* txn_agg_read_file: the aggregate without its purchase set
                               (agg_add_batch_light); the hook's fresh is all 0 */

/* rmk_agg_read_file (one reading thread, unless o->threads is 1), and after
 * each batch of rows is added to the aggregate, hook() in the caller's
 * thread with the rows as added (in file order; rows skipped under
 * skip_bad are left out), their lines, customer indices and whether each
 * started a purchase. A status other than RMK_OK stops the read, with a
 * whole message in err; agg_errmsg() then holds it. */
/* The optional columns of a batch's rows, read when `want` asks for them
 * (TXN_PAYMENT, TXN_MARGIN): as in txn_row. */
typedef struct txn_extra {
    int32_t due_day, paid_day;
    int8_t prepaid, margin_known;
    int64_t margin;
} txn_extra;
/* ex is NULL when want is 0. */
typedef rmk_status (*txn_batch_hook)(void *ctx, const agg_row *rows, const uint64_t *lines,
                                     const txn_extra *ex, const uint32_t *idx,
                                     const uint8_t *fresh, size_t n, char *err, size_t errlen);
rmk_status txn_agg_read_file(rmk_agg *a, const char *path, const rmk_read_opts *o, unsigned want,
                             txn_batch_hook hook, void *hook_ctx);
#endif
