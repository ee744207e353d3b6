/* SPDX-License-Identifier: MIT */
/* txn.h — internal: the transactions reader. Finds the roles (customer,
 * date, amount, invoice) by header synonyms or --map, parses each row and
 * hands it to a callback. Later analyses extend the roles. */
#ifndef RMK_TXN_H
#define RMK_TXN_H
#include "relmark.h"

enum {
    ROLE_CUSTOMER, ROLE_DATE, ROLE_AMOUNT, ROLE_INVOICE,
    ROLE_DUE, ROLE_PAID, ROLE_PREPAID, /* invoice payment: read with TXN_PAYMENT */
    ROLE_COST, ROLE_MARGIN,            /* the row's cost or margin: read with TXN_MARGIN */
    ROLE_COUNT
};

/* What a reader wants beyond customer, date, amount and invoice. */
#define TXN_PAYMENT 1u /* due date, paid date, prepaid flag */
#define TXN_MARGIN 2u  /* the row's margin: a margin column, or amount - a cost column */

typedef struct txn_row {
    const char *customer;
    size_t customer_len;
    const char *invoice; /* NULL without an invoice column */
    size_t invoice_len;
    int32_t day;
    int64_t amount;      /* minor units */
    int32_t due_day;     /* RMK_NO_DATE when absent or empty (TXN_PAYMENT) */
    int32_t paid_day;    /* RMK_NO_DATE when absent or empty: unpaid */
    int prepaid;         /* 1 yes, 0 no, -1 absent or empty */
    int64_t margin;      /* minor units (TXN_MARGIN) */
    int margin_known;    /* 0: no cost or margin column, or its cell empty */
    const char *file;    /* for messages: where the row is */
    uint64_t line;
    long customer_col;   /* 1-based */
    long amount_col;
} txn_row;

/* Return RMK_OK to go on; another status stops the read, with a whole
 * message ("file:line:col: what") in err. Under skip_bad a RMK_ERR_DATA
 * skips the row and counts it instead. */
typedef rmk_status (*txn_row_fn)(void *ctx, const txn_row *row, char *err, size_t errlen);

/* Why a row was skipped as bad, for the counts per reason. */
enum { TXN_R_FIELDS, TXN_R_DATE, TXN_R_AMOUNT, TXN_R_MARK, TXN_R_PAYMENT, TXN_R_MARGIN, TXN_R_ROW,
       TXN_R_COUNT };

typedef struct txn_counts {
    uint64_t rows, skipped, after_as_of;
    uint64_t first_error_line;
    char first_error[512];
    uint64_t reasons[TXN_R_COUNT]; /* skipped, by reason */
    uint64_t guest, totals, filtered, before_from; /* left out, not bad */
    uint64_t totals_line;          /* the first totals row */
    char columns[512];             /* the columns used ("customer=Email, ...") */
} txn_counts;

rmk_status txn_read(const char *path, const rmk_read_opts *o, txn_row_fn fn, void *ctx,
                    txn_counts *counts, char *err, size_t errlen);
/* The same with the optional columns in `want` (TXN_PAYMENT). Payment
 * columns are recognised by name either way (so that "due_date" is never
 * taken for the date), but parsed only when wanted. */
rmk_status txn_read_ex(const char *path, const rmk_read_opts *o, unsigned want, txn_row_fn fn,
                       void *ctx, txn_counts *counts, char *err, size_t errlen);
rmk_status txn_read_mem_ex(const char *data, size_t len, const char *name, const rmk_read_opts *o,
                           unsigned want, txn_row_fn fn, void *ctx, txn_counts *counts, char *err,
                           size_t errlen);
/* The reading options for a side file (the customers file, a feedback file
 * given with --feedback): its own delimiter and encoding are detected, as
 * it often comes from another system than the transactions; --map and
 * --no-header name the transactions' columns. Dates, skip_bad, as_of and
 * threads carry over. */
rmk_read_opts txn_side_opts(const rmk_read_opts *ro);
/* The same over memory (tests, fuzzing). */
rmk_status txn_read_mem(const char *data, size_t len, const char *name, const rmk_read_opts *o,
                        txn_row_fn fn, void *ctx, txn_counts *counts, char *err,
                        size_t errlen);
#endif
