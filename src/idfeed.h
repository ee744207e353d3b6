/* idfeed.h — internal: transaction rows held back in batches so that the
 * aggregate finds their customers with its prefetching lookup
 * (agg_find_batch), then handed one by one, with the customer's index, to
 * an analysis that keeps its own per-customer data (rate.c, retention.c).
 * A row whose customer id the aggregate refuses (not UTF-8) is skipped and
 * counted under skip_bad, else it stops the read with its line.
 *
 * idfeed_read() reads a whole file the way rmk_agg_read_file does: a second
 * thread parses rows (and hashes their ids) while the caller's thread finds
 * the customers and applies the rows, in file order. */
#ifndef RMK_IDFEED_H
#define RMK_IDFEED_H
#include "agg.h"
#include "txn.h"

/* Called for each row in file order with its customer's index; another
 * status than RMK_OK stops the read (a whole message in err). Always in
 * the caller's thread. */
typedef rmk_status (*idfeed_apply)(void *ctx, const txn_row *row, uint32_t customer, char *err,
                                   size_t errlen);

/* Optional: called a few rows ahead of fn with a coming row's customer, so
 * that the analysis can prefetch that customer's data (its arrays are
 * random-access: each row is a cache miss otherwise). The index may be one
 * fn has not yet seen. */
typedef void (*idfeed_prefetch)(void *ctx, uint32_t customer);

typedef struct idbatch idbatch; /* rows queued with their ids' bytes */

typedef struct idfeed {
    rmk_agg *ids;           /* customer id -> index; owned until taken */
    int skip_bad;
    idfeed_apply fn;
    idfeed_prefetch prefetch; /* or NULL */
    void *ctx;
    idbatch *b;             /* one, or a ring while idfeed_read runs threaded */
    uint64_t skipped, first_error_line; /* rows the aggregate refused */
    char first_error[512];
    rmk_status fatal;       /* an applied row's error: it stops the read even
                               under skip_bad (it is no bad row to skip) */
    char fatal_err[512];
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
/* txn_read_ex(path, o, want) into the feed, every row applied when it
 * returns RMK_OK; with o->threads != 1 the parsing runs in a second thread.
 * Rows queued before are applied first. counts as txn_read's. */
rmk_status idfeed_read(idfeed *f, const char *path, const rmk_read_opts *o, unsigned want,
                       txn_counts *counts, char *err, size_t errlen);
/* After a read: the rows skipped under skip_bad by the reader (counts) and
 * by the feed (refused ids), and the first of them in file order. */
uint64_t idfeed_skipped(const idfeed *f, const txn_counts *counts);
const char *idfeed_first_error(const idfeed *f, const txn_counts *counts);
/* Hands over the aggregate holding the ids (sealed); the feed keeps none. */
rmk_agg *idfeed_take_ids(idfeed *f);
#endif
