/* txn.h — internal: the transactions reader. Finds the roles (customer,
 * date, amount, invoice) by header synonyms or --map, parses each row and
 * hands it to a callback. Later analyses extend the roles. */
#ifndef RMK_TXN_H
#define RMK_TXN_H
#include "relmark.h"

enum { ROLE_CUSTOMER, ROLE_DATE, ROLE_AMOUNT, ROLE_INVOICE, ROLE_COUNT };

typedef struct txn_row {
    const char *customer;
    size_t customer_len;
    const char *invoice; /* NULL without an invoice column */
    size_t invoice_len;
    int32_t day;
    int64_t amount;      /* minor units */
    const char *file;    /* for messages: where the row is */
    uint64_t line;
    long customer_col;   /* 1-based */
    long amount_col;
} txn_row;

/* Return RMK_OK to go on; another status stops the read, with a whole
 * message ("file:line:col: what") in err. Under skip_bad a RMK_ERR_DATA
 * skips the row and counts it instead. */
typedef rmk_status (*txn_row_fn)(void *ctx, const txn_row *row, char *err, size_t errlen);

typedef struct txn_counts {
    uint64_t rows, skipped, after_as_of;
    uint64_t first_error_line;
    char first_error[512];
} txn_counts;

rmk_status txn_read(const char *path, const rmk_read_opts *o, txn_row_fn fn, void *ctx,
                    txn_counts *counts, char *err, size_t errlen);
/* The same over memory (tests, fuzzing). */
rmk_status txn_read_mem(const char *data, size_t len, const char *name, const rmk_read_opts *o,
                        txn_row_fn fn, void *ctx, txn_counts *counts, char *err,
                        size_t errlen);
#endif
