/* SPDX-License-Identifier: MIT */
/* book.h — internal: the customer book's parts, for the analyses that run
 * on it (rate.c, retention.c, stages.c, clv.c, abcxyz.c, portfolio.c,
 * feedback_analysis.c, orientation.c). See rmk_book in relmark.h. */
#ifndef RMK_BOOK_H
#define RMK_BOOK_H
#include "custfile.h"
#include "feedback.h"
#include "history.h"

/* A run of rows (amount >= 0) of one customer and day with the same payment
 * terms: the rating counts each line of an invoice (docs/rating.md). */
typedef struct book_pay {
    uint32_t ci;
    int32_t day, due, paid; /* RMK_NO_DATE when absent or empty */
    int32_t prepaid;        /* 1, 0, -1 absent */
    uint32_t lines;
} book_pay;

/* The rows of one customer and day whose margin is known: their margin and
 * their amounts (returns too: their margin is given back), minor units. */
typedef struct book_margin {
    uint32_t ci;
    int32_t day;
    int64_t margin, base;
} book_margin;

struct rmk_book {
    history h;            /* h.ids: the aggregate; h.days, h.off with RMK_BOOK_DAYS */
    size_t row_customers; /* indices below: customers with rows; the customers
                             file's others come after */
    unsigned have;        /* the RMK_BOOK_* parts built */
    book_pay *pay;        /* in read order (with RMK_BOOK_PAYMENTS) */
    size_t npay;
    book_margin *mar;     /* in read order (with RMK_BOOK_MARGINS) */
    size_t nmar;
    custfile *cf;         /* or NULL */
    feedback *fb;         /* or NULL */
    /* with a customers or feedback file (else NULL): the customers in id
     * order, and each customer's record in each file or NULL -- found once
     * by a merge, so no analysis searches the files per customer */
    uint32_t *by_id;
    const cust_rec **rec;
    const fb_customer **fbc;
    char *path;
    int32_t as_of;        /* the read's as_of (rows after it left out), or RMK_NO_DATE */
    int threads; /* rmk_read_opts.threads of the read: the analyses' parts (par.h) */
};
/* 0 when the book holds the parts in need; else 1, with "WHAT needs a
 * book read with RMK_BOOK_..." (every part it needs) in err: the caller
 * returns RMK_ERR_USAGE. */
int book_lacks(const rmk_book *b, unsigned need, const char *what, char *err, size_t errlen);

/* For the *_file conveniences: rmk_book_read with only the parts in need
 * (and the customers file, or NULL), rows after as_of left out when it is
 * not RMK_NO_DATE; ro NULL: the defaults. */
rmk_status book_read_for(const char *path, const rmk_read_opts *ro, int32_t as_of, unsigned need,
                         const char *customers, rmk_book **out, char *err, size_t errlen);
#endif
