/* SPDX-License-Identifier: MIT */
/* txn_money.h — internal: the money cells of the transactions, each column's
 * decimal mark decided from its values (docs/input.md, "Amounts"), currency
 * signs and codes around a number dropped. */
#ifndef RMK_TXN_MONEY_H
#define RMK_TXN_MONEY_H
#include "relmark.h"

typedef struct money_col {
    char mark;          /* the decimal mark: '.', ',' or 0 while not known */
    char forced;        /* 1: given by the user (--decimal-mark) */
    char amb_chars;     /* bit 1: a '.' value was ambiguous, bit 2: a ',' one */
    int whole;          /* a value with neither '.' nor ',' was read */
    uint64_t line;      /* the line whose value decided the mark (0: none) */
    char why[40];       /* that value, for messages */
    uint64_t ambiguous; /* ambiguous values read (like 1,234) */
    uint64_t amb_line;  /* the first of them */
    char amb_text[40];
} money_col;

enum { MONEY_BAD = -1, MONEY_CONFLICT = -2, MONEY_EXACT = 0, MONEY_AMBIG = 1 };

/* Reads one cell into minor units (1/10^4). MONEY_EXACT: *v. MONEY_AMBIG
 * (only while mc->mark is 0): a lone '.' or ',' before exactly three digits
 * and after one to three: *v reads it as the decimal mark, *alt as a
 * thousands separator, *amb_char is the mark. MONEY_BAD: not a number.
 * MONEY_CONFLICT: the cell's own decimal mark is not the column's. A cell
 * that shows its mark (1,5 or 1.234,50 or 1,234,567) decides the column's. */
int money_cell(money_col *mc, const char *p, size_t len, uint64_t line, int64_t *v, int64_t *alt,
               char *amb_char);
/* The mark an ambiguous column takes when the input ends undecided: the
 * thousands reading when whole numbers were read beside the ambiguous ones
 * (sets mc->mark and returns 1), else 0 (the caller stops, naming
 * --decimal-mark). */
int money_settle(money_col *mc);
/* A product of two amounts in minor units, rounded half away from zero;
 * -1 on overflow. */
int money_product(int64_t a, int64_t b, int64_t *out);
#endif
