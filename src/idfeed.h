/* idfeed.h — internal: transaction rows held back in batches so that the
 * aggregate finds their customers with its prefetching lookup
 * (agg_find_batch), then handed one by one, with the customer's index, to
 * an analysis that keeps its own per-customer data (rate.c, retention.c).
 * A row whose customer id the aggregate refuses (not UTF-8) is skipped and
 * counted under skip_bad, else it stops the read with its line. */
#ifndef RMK_IDFEED_H
#define RMK_IDFEED_H
#include "agg.h"
#include "txn.h"

#define IDFEED_ROWS 512

/* Called for each row in file order with its customer's index; another
 * status than RMK_OK stops the read (a whole message in err). */
typedef rmk_status (*idfeed_apply)(void *ctx, const txn_row *row, uint32_t customer, char *err,
                                   size_t errlen);

typedef struct idfeed {
    rmk_agg *ids;           /* customer id -> index; owned until taken */
    int skip_bad;
    idfeed_apply fn;
    void *ctx;
    txn_row row[IDFEED_ROWS];   /* ids copied into the arena */
    agg_row key[IDFEED_ROWS];
    uint32_t idx[IDFEED_ROWS];
    size_t n, used;
    char *arena;
    char file[256];
    uint64_t skipped, first_error_line; /* rows the aggregate refused */
    char first_error[512];
} idfeed;

/* A new feed (NULL when out of memory); free with idfeed_free(). */
idfeed *idfeed_new(int skip_bad, idfeed_apply fn, void *ctx);
void idfeed_free(idfeed *f);
/* Queue a row (the bytes are copied); a full batch is flushed first. */
rmk_status idfeed_push(idfeed *f, const txn_row *row, char *err, size_t errlen);
/* Find the queued rows' customers and apply the rows. */
rmk_status idfeed_flush(idfeed *f, char *err, size_t errlen);
/* A txn_row_fn that pushes (ctx is the idfeed). */
rmk_status idfeed_on_row(void *ctx, const txn_row *row, char *err, size_t errlen);
/* Hands over the aggregate holding the ids (sealed); the feed keeps none. */
rmk_agg *idfeed_take_ids(idfeed *f);
#endif
