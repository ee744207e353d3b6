/* SPDX-License-Identifier: MIT */
/* fuzz_colrole.c — the column-role detector (docs/input.md, "Finding the
 * columns"): a header of fuzzed names and one row, through txn_read_mem_ex
 * (the reader's stable entry point, not the matching's internals).
 *
 * Input: byte 0 = options (below), byte 1 = an optional --map by number,
 * then the header's names, one per line (LF-separated). The target writes
 * the CSV itself: each name quoted when it must be, and a row whose every
 * field is a different date written YYYYMMDD (2026-01-01 + column), which
 * is also a valid amount, customer id and invoice, so the row handed back
 * says which column each role was given. What must hold when the file is
 * accepted: the row comes back once; each role's column is a column the
 * header names (never a field past the header, never a blank name unless
 * --map names it by number); no column has two roles; customer_col and
 * amount_col say the same columns as the values. A refused file must say
 * why. Any sanitizer report is a finding too.
 *
 * byte 0: & 7    delimiter: 0 and 7 detect (written with ','), 1 ',', 2 ';', 3 tab, 4 '|', 5 ',', 6 ';'
 *         & 8    every name quoted (else only names that need it)
 *         & 0x10 CRLF line ends (else LF)
 *         & 0x20 want the payment columns (due, paid, prepaid)
 *         & 0x40 want the margin (a margin column or amount - cost)
 *         & 0x80 the row has one field more than the header
 * byte 1: & 0x80 --map ROLE=K, ROLE = customer, date, amount, invoice by
 *         (>> 5) & 3, K = 1 + (& 31), a column number */
#include "relmark.h"
#include "txn.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 300 /* 2026-01-01 + 300 days stays in 2026: 8-digit values */

typedef struct seen {
    int calls;
    int base;            /* day number of 2026-01-01 */
    int ncols;           /* fields in the row (the header's names, + 1 with 0x80) */
    char val[MAX_COLS + 1][9];
    /* the column of each role (0-based), -1 for none */
    int customer, date, amount, invoice, due, paid, margin_col;
    long customer_col, amount_col;
    int margin_known, margin_ambiguous;
} seen;

/* the column whose value is s (len bytes), or -1 */
static int col_of_text(const seen *w, const char *s, size_t len)
{
    if (len != 8) return -1;
    for (int i = 0; i < w->ncols; i++)
        if (!memcmp(w->val[i], s, 8)) return i;
    return -1;
}

static int col_of_day(const seen *w, int32_t day)
{
    if (day == RMK_NO_DATE) return -1;
    int i = day - w->base;
    return i >= 0 && i < w->ncols ? i : -2; /* -2: a day no column holds */
}

static int col_of_amount(const seen *w, int64_t minor)
{
    if (minor % RMK_MONEY_SCALE) return -2;
    char b[32];
    snprintf(b, sizeof b, "%lld", (long long)(minor / RMK_MONEY_SCALE));
    int i = col_of_text(w, b, strlen(b));
    return i < 0 ? -2 : i;
}

static rmk_status got_row(void *ctx, const txn_row *r, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    seen *w = ctx;
    w->calls++;
    w->customer = col_of_text(w, r->customer, r->customer_len);
    if (w->customer < 0) w->customer = -2;
    w->date = col_of_day(w, r->day);
    w->amount = col_of_amount(w, r->amount);
    w->invoice = r->invoice ? col_of_text(w, r->invoice, r->invoice_len) : -1;
    if (r->invoice && w->invoice < 0) w->invoice = -2;
    w->due = col_of_day(w, r->due_day);
    w->paid = col_of_day(w, r->paid_day);
    w->customer_col = r->customer_col;
    w->amount_col = r->amount_col;
    w->margin_known = r->margin_known;
    w->margin_col = -1;
    if (r->margin_known) {
        /* a margin column holds the margin; a cost column gives amount - cost */
        int as_margin = col_of_amount(w, r->margin);
        int as_cost = col_of_amount(w, r->amount - r->margin);
        w->margin_col = as_margin >= 0 ? as_margin : as_cost;
        w->margin_ambiguous = as_margin >= 0 && as_cost >= 0;
    }
    return RMK_OK;
}

/* blank (spaces and tabs) or empty: no role may take it by name */
static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t') return 0;
    return 1;
}

static int needs_quotes(const char *s, size_t n, char delim, int detect)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"' || c == '\r' || c == '\n' || c == delim) return 1;
        /* detection counts the candidates outside quotes on every line */
        if (detect && (c == ',' || c == ';' || c == '\t' || c == '|')) return 1;
    }
    /* bytes that would make the file UTF-16 (a mark at its start) */
    return n >= 2 && (((unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE) ||
                      ((unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF));
}

static void put_name(char **o, const char *s, size_t n, int quote)
{
    if (quote) *(*o)++ = '"';
    for (size_t i = 0; i < n; i++) {
        if (quote && s[i] == '"') *(*o)++ = '"';
        *(*o)++ = s[i];
    }
    if (quote) *(*o)++ = '"';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3) return 0;
    uint8_t opt = data[0], mapb = data[1];
    static const char delims[8] = {',', ',', ';', '\t', '|', ',', ';', ','};
    int detect = (opt & 7) == 0 || (opt & 7) == 7;
    char delim = delims[opt & 7];
    const char *eol = (opt & 0x10) ? "\r\n" : "\n";

    /* the names: NUL bytes dropped (they would make the file UTF-16 by
     * its NULs, which is the reader's business, not the roles') */
    const char *text = (const char *)data + 2;
    size_t tlen = size - 2;
    char *names = malloc(tlen + 1);
    size_t nl = 0;
    for (size_t i = 0; i < tlen; i++)
        if (text[i]) names[nl++] = text[i];
    const char *name[MAX_COLS];
    size_t nlen[MAX_COLS];
    int nnames = 0;
    for (size_t i = 0, start = 0; i <= nl && nnames < MAX_COLS; i++)
        if (i == nl || names[i] == '\n') {
            name[nnames] = names + start;
            nlen[nnames++] = i - start;
            start = i + 1;
        }
    if (detect && nnames < 2) detect = 0; /* one column: no delimiter to detect */

    seen w = {.base = rmk_days_from_civil(2026, 1, 1)};
    w.ncols = nnames + ((opt & 0x80) ? 1 : 0);
    for (int i = 0; i < w.ncols; i++) {
        char iso[11];
        rmk_date_format_iso(w.base + i, iso);
        snprintf(w.val[i], sizeof w.val[i], "%.4s%.2s%.2s", iso, iso + 5, iso + 8);
    }

    /* the file: header, row; at most 2 + 2 bytes a name byte, 10 a field */
    char *csv = malloc(2 * nl + (size_t)w.ncols * 12 + 16);
    char *o = csv;
    for (int i = 0; i < nnames; i++) {
        if (i) *o++ = delim;
        put_name(&o, name[i], nlen[i], (opt & 8) || needs_quotes(name[i], nlen[i], delim, detect));
    }
    o += sprintf(o, "%s", eol);
    for (int i = 0; i < w.ncols; i++) o += sprintf(o, "%s%s", i ? (char[]){delim, 0} : "", w.val[i]);
    o += sprintf(o, "%s", eol);

    rmk_read_opts ro;
    rmk_read_opts_init(&ro);
    ro.delimiter = detect ? 0 : delim;
    char map[32];
    static const char *const roles[4] = {"customer", "date", "amount", "invoice"};
    int mapped_role = -1, mapped_col = -1;
    if (mapb & 0x80) {
        mapped_role = (mapb >> 5) & 3;
        mapped_col = mapb & 31; /* 0-based */
        snprintf(map, sizeof map, "%s=%d", roles[mapped_role], mapped_col + 1);
        ro.map = map;
    }
    unsigned want = ((opt & 0x20) ? TXN_PAYMENT : 0) | ((opt & 0x40) ? TXN_MARGIN : 0);
    txn_counts counts;
    char err[512] = "";
    rmk_status st = txn_read_mem_ex(csv, (size_t)(o - csv), "colrole.csv", &ro, want, got_row, &w,
                                    &counts, err, sizeof err);
    if (st != RMK_OK) {
        if (!err[0]) __builtin_trap(); /* refused without a word */
        goto done;
    }
    /* a blank header line (one unquoted blank name) is passed over: the
     * row is then the header, and there is no row */
    if (w.calls == 0 && nnames == 1 && !(opt & 8) && blank(name[0], nlen[0])) goto done;
    if (w.calls != 1) __builtin_trap();
    int col[7] = {w.customer, w.date, w.amount, w.invoice, -1, -1, -1};
    if (want & TXN_PAYMENT) col[4] = w.due, col[5] = w.paid;
    if ((want & TXN_MARGIN) && !w.margin_ambiguous) col[6] = w.margin_col;
    /* the required roles are there, and the values say which column */
    if (w.customer < 0 || w.date < 0 || w.amount < 0) __builtin_trap();
    if (w.customer_col != w.customer + 1 || w.amount_col != w.amount + 1) __builtin_trap();
    if (mapped_role >= 0 && col[mapped_role] != mapped_col) __builtin_trap();
    for (int i = 0; i < 7; i++) {
        if (col[i] == -1) continue;
        if (col[i] < 0) __builtin_trap(); /* a value no column holds */
        /* a role only on a column the header names: not a field past it,
         * not a blank name (unless --map gave it by number) */
        if (col[i] >= nnames) __builtin_trap();
        if (i != mapped_role && blank(name[col[i]], nlen[col[i]])) __builtin_trap();
        for (int j = 0; j < i; j++)
            if (col[j] == col[i]) __builtin_trap(); /* one column, two roles */
    }
done:
    free(csv);
    free(names);
    return 0;
}
