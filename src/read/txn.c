/* SPDX-License-Identifier: MIT */
/* txn.c — the transactions reader: roles by header name (English and
 * Russian synonyms) or by --map, then one parsed row per record. */
#include "txn.h"
#include "errmsg.h"
#include "csv.h"
#include "parse.h"
#include "txn_money.h"
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const role_name[ROLE_COUNT] = {"customer", "date",      "amount",
                                                  "invoice",  "due_date",  "paid_date",
                                                  "prepaid",  "cost",      "margin"};

/* Exact synonyms, in header_normalise() form (lower case, blanks as '_'),
 * best first: a column matching an earlier synonym wins (docs/input.md,
 * "Finding the columns"). */
static const char *const syn_customer[] = {
    "customer", "customer_id", "customerid", "customer_no", "customer_code", "customer_number",
    "client", "client_id", "clientid", "client_no", "client_code", "buyer", "buyer_id",
    "клиент", "код_клиента", "id_клиента", "контрагент", "код_контрагента", "покупатель",
    "код_покупателя", "заказчик", "email", "customer_email", "e_mail", "email_address", NULL};
static const char *const syn_date[] = {
    "date", "order_date", "invoice_date", "invoicedate", "transaction_date", "purchase_date",
    "sale_date", "sales_date", "document_date", "created_at", "order_created_at", "дата",
    "дата_документа", "дата_продажи", "дата_заказа", "дата_покупки", "период", NULL};
/* the amounts a user means come first: net sales, a total, an amount */
static const char *const syn_amount[] = {
    "net_sales", "amount", "total", "grand_total", "сумма", "sum", "revenue", "sales", "value",
    "net_amount", "order_value", "order_total", "invoice_amount", "dollar_value", "total_sales",
    "сумма_документа", "выручка", "стоимость", "сумма_продажи", NULL};
static const char *const syn_invoice[] = {
    "invoice", "invoice_id", "invoice_no", "invoiceno", "invoice_number", "order", "order_id",
    "order_no", "order_number", "document", "document_id", "document_no", "receipt",
    "receipt_id", "transaction_id", "документ", "номер", "номер_документа", "заказ",
    "номер_заказа", "чек", "номер_чека", "накладная", NULL};
static const char *const syn_due[] = {
    "due_date", "due", "date_due", "payment_due", "due_on", "pay_by", "срок_оплаты", "оплатить_до",
    "дата_оплаты_по_договору", NULL};
static const char *const syn_paid[] = {
    "paid_date", "paid", "date_paid", "payment_date", "paid_on", "дата_оплаты", "оплачено",
    "дата_платежа", NULL};
static const char *const syn_prepaid[] = {"prepaid", "prepayment", "is_prepaid", "предоплата",
                                          NULL};
/* the row's cost of sales, or its gross margin, in money (1C: Себестоимость,
 * Валовая прибыль) */
static const char *const syn_cost[] = {
    "cost", "cogs", "cost_of_goods", "cost_of_sales", "cost_amount", "total_cost",
    "себестоимость", "сумма_себестоимости", NULL};
static const char *const syn_margin[] = {
    "margin", "gross_margin", "gross_profit", "margin_amount", "profit", "маржа",
    "валовая_прибыль", "прибыль", NULL};
static const char *const *const synonyms[ROLE_COUNT] = {syn_customer, syn_date,    syn_amount,
                                                        syn_invoice,  syn_due,     syn_paid,
                                                        syn_prepaid,  syn_cost,    syn_margin};
/* Fallback stems for the required roles when no header matches exactly. */
static const char *const stem_customer[] = {"customer", "client", "клиент", "контрагент",
                                            "покупател", NULL};
static const char *const stem_date[] = {"date", "дата", NULL};
static const char *const stem_amount[] = {"amount", "revenue", "total", "сумм", "выручк", NULL};
/* Never the amount, whatever stem they hold: parts of an order's money
 * (tax, shipping, discount, cost, refund), and quantity and unit price. */
static const char *const not_amount[] = {
    "tax", "ship", "freight", "discount", "cost", "qty", "quantity", "price", "refund",
    "fee", "налог", "скидк", "доставк", "себестоим", "количеств", "цена", "возврат", NULL};
static const char *const *const stems[ROLE_COUNT] = {stem_customer, stem_date, stem_amount,
                                                     NULL, NULL, NULL, NULL, NULL, NULL};

typedef struct roles {
    long col[ROLE_COUNT]; /* 0-based column, -1 = absent */
    long amount2;         /* --map amount=A*B: B's column, -1 = none */
    size_t needed;        /* fields a row must have */
} roles;

/* For a date that failed: if it is day-month-year or month-day-year with
 * '/' or '-', say which flag reads it, and which reading it must be when
 * one of its numbers is over 12. */
static const char *date_hint(const char *p, size_t len, rmk_date_format fmt)
{
    int a = 0, b = 0, na = 0, nb = 0;
    size_t i = 0;
    while (i < len && (p[i] == ' ' || p[i] == '\t')) i++;
    while (i < len && p[i] >= '0' && p[i] <= '9' && na < 3) a = a * 10 + p[i++] - '0', na++;
    if (i >= len || (p[i] != '/' && p[i] != '-') || na == 0 || na > 2) return "";
    char sep = p[i++];
    while (i < len && p[i] >= '0' && p[i] <= '9' && nb < 3) b = b * 10 + p[i++] - '0', nb++;
    if (i >= len || p[i] != sep || nb == 0 || nb > 2) return "";
    int ny = 0;
    for (i++; i < len && p[i] >= '0' && p[i] <= '9'; i++) ny++;
    if (ny != 4 || a < 1 || b < 1 || a > 31 || b > 31) return ""; /* no reading fits */
    if (fmt != RMK_DATE_AUTO) return "";
    if (a > 12 && b <= 12) return " (day first: give --date-format dd/mm/yyyy)";
    if (b > 12 && a <= 12) return " (month first: give --date-format mm/dd/yyyy)";
    return " (DD/MM/YYYY or MM/DD/YYYY? give --date-format dd/mm/yyyy or mm/dd/yyyy)";
}


/* One column named by --map: a 1-based number, or a header name. */
static rmk_status map_column(const char *v, size_t vl, const csv_field *hdr, size_t nh, int no_header,
                             const char *role, const char *fname, uint64_t hline, long *col,
                             char *err, size_t errlen)
{
    long num = parse_small_uint(v, vl, (long)CSV_FIELD_CAP);
    if (num > 0) {
        *col = num - 1;
        return RMK_OK;
    }
    if (no_header) {
        snprintf(err, errlen, "--map %s=%.*s: without a header, give a column number", role,
                 (int)vl, v);
        return RMK_ERR_USAGE;
    }
    char want[256], got[256];
    header_normalise(v, vl, want, sizeof want);
    for (size_t i = 0; i < nh; i++) {
        header_normalise(hdr[i].p, hdr[i].len, got, sizeof got);
        if (strcmp(want, got) == 0) {
            *col = (long)i;
            return RMK_OK;
        }
    }
    snprintf(err, errlen, "%s:%llu: --map %s=%.*s: no such column in the header", fname,
             (unsigned long long)hline, role, (int)vl, v);
    return RMK_ERR_USAGE;
}

/* Parse --map: "role=NAME|N,...", amount=A*B the product of two columns.
 * Names are resolved against the header. */
static rmk_status apply_map(const char *map, const csv_field *hdr, size_t nh, int no_header,
                            roles *rl, const char *fname, uint64_t hline, char *err, size_t errlen)
{
    const char *p = map;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', n);
        if (!eq) {
            snprintf(err, errlen, "--map: expected role=column, got '%.*s'", (int)n, p);
            return RMK_ERR_USAGE;
        }
        size_t kl = (size_t)(eq - p), vl = n - kl - 1;
        const char *v = eq + 1;
        int role = -1;
        for (int r = 0; r < ROLE_COUNT; r++)
            if (strlen(role_name[r]) == kl && memcmp(role_name[r], p, kl) == 0) role = r;
        if (role < 0) {
            snprintf(err, errlen,
                     "--map: unknown role '%.*s' (expected customer, date, amount, invoice, "
                     "due_date, paid_date, prepaid, cost, margin)",
                     (int)kl, p);
            return RMK_ERR_USAGE;
        }
        if (vl == 0) {
            snprintf(err, errlen, "--map %s=: expected a column name or number", role_name[role]);
            return RMK_ERR_USAGE;
        }
        const char *star = role == ROLE_AMOUNT ? memchr(v, '*', vl) : NULL;
        rmk_status st;
        if (role == ROLE_INVOICE && vl == 1 && v[0] == '-') {
            rl->col[role] = -2; /* explicitly none */
        } else if (star) {
            size_t l1 = (size_t)(star - v), l2 = vl - l1 - 1;
            if (l1 == 0 || l2 == 0) {
                snprintf(err, errlen, "--map amount=%.*s: expected COLUMN*COLUMN", (int)vl, v);
                return RMK_ERR_USAGE;
            }
            st = map_column(v, l1, hdr, nh, no_header, "amount", fname, hline, &rl->col[role], err,
                            errlen);
            if (!st)
                st = map_column(star + 1, l2, hdr, nh, no_header, "amount", fname, hline,
                                &rl->amount2, err, errlen);
            if (st) return st;
            if (rl->amount2 == rl->col[role]) {
                snprintf(err, errlen, "--map amount=%.*s: the same column twice", (int)vl, v);
                return RMK_ERR_USAGE;
            }
        } else {
            st = map_column(v, vl, hdr, nh, no_header, role_name[role], fname, hline,
                            &rl->col[role], err, errlen);
            if (st) return st;
        }
        p += n;
        if (*p == ',') p++;
    }
    /* one column, one role: ids scored as amounts would pass unnoticed */
    for (int a = 0; a < ROLE_COUNT; a++)
        for (int b = a + 1; b <= ROLE_COUNT; b++) {
            long cb = b < ROLE_COUNT ? rl->col[b] : rl->amount2;
            if (rl->col[a] >= 0 && rl->col[a] == cb) {
                snprintf(err, errlen, "--map: %s and %s are both column %ld", role_name[a],
                         b < ROLE_COUNT ? role_name[b] : "amount", rl->col[a] + 1);
                return RMK_ERR_USAGE;
            }
        }
    return RMK_OK;
}

/* The header's names as the messages show them: 'a', 'b', ... */
static void header_text(const csv_field *hdr, size_t nh, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = 0;
    for (size_t i = 0; i < nh && o + 8 < cap; i++) {
        char ex[64];
        field_excerpt(hdr[i].p, hdr[i].len, ex, sizeof ex);
        int w = snprintf(out + o, cap - o, "%s'%s'", i ? ", " : "", ex);
        if (w < 0 || (size_t)w >= cap - o) {
            snprintf(out + (o < cap - 5 ? o : cap - 5), 5, ", ..");
            return;
        }
        o += (size_t)w;
    }
}

/* Does header i contain one of the stems (NULL-terminated)? */
static int has_stem(const char *norm, const char *const *stem)
{
    for (; *stem; stem++)
        if (strstr(norm, *stem)) return 1;
    return 0;
}

/* Exact names: for each role, the column matching its earliest synonym.
 * Two columns of the same name are equally good: refused. Shopify's order
 * number "Name" is the invoice only beside its "Created at". */
static rmk_status exact_roles(const csv_field *hdr, size_t nh, char (*norm)[128], char *taken,
                              roles *rl, const char *fname, uint64_t hline, char *err,
                              size_t errlen)
{
    int shopify = 0;
    for (size_t i = 0; i < nh; i++) shopify |= strcmp(norm[i], "created_at") == 0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (rl->col[r] != -1) continue;
        for (const char *const *s = synonyms[r]; *s && rl->col[r] == -1; s++)
            for (size_t i = 0; i < nh; i++) {
                if (taken[i] || strcmp(norm[i], *s) != 0) continue;
                for (size_t j = i + 1; j < nh; j++)
                    if (!taken[j] && strcmp(norm[j], *s) == 0) {
                        snprintf(err, errlen,
                                 "%s:%llu: cannot tell which column is the %s: columns %zu and "
                                 "%zu are both '%.*s' (use --map %s=NUMBER)",
                                 fname, (unsigned long long)hline, role_name[r], i + 1, j + 1,
                                 (int)hdr[i].len, hdr[i].p, role_name[r]);
                        return RMK_ERR_USAGE;
                    }
                rl->col[r] = (long)i;
                taken[i] = 1;
                break;
            }
        if (r == ROLE_INVOICE && rl->col[r] == -1 && shopify)
            for (size_t i = 0; i < nh && rl->col[r] == -1; i++)
                if (!taken[i] && strcmp(norm[i], "name") == 0) rl->col[r] = (long)i, taken[i] = 1;
    }
    return RMK_OK;
}

/* Then, for a required role still without a column, the one remaining
 * header holding a stem (for the amount: none of not_amount's). */
static rmk_status stem_roles(const csv_field *hdr, size_t nh, char (*norm)[128], char *taken,
                             roles *rl, const char *fname, uint64_t hline, char *err, size_t errlen)
{
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (rl->col[r] != -1 || !stems[r]) continue;
        long found = -1;
        for (size_t i = 0; i < nh; i++) {
            if (taken[i] || !has_stem(norm[i], stems[r])) continue;
            if (r == ROLE_AMOUNT && has_stem(norm[i], not_amount)) continue;
            if (found >= 0) {
                snprintf(err, errlen,
                         "%s:%llu: cannot tell which column is the %s: '%.*s' or '%.*s' "
                         "(use --map %s=COLUMN)",
                         fname, (unsigned long long)hline, role_name[r], (int)hdr[found].len,
                         hdr[found].p, (int)hdr[i].len, hdr[i].p, role_name[r]);
                return RMK_ERR_USAGE;
            }
            found = (long)i;
        }
        if (found >= 0) {
            rl->col[r] = found;
            taken[found] = 1;
        }
    }
    return RMK_OK;
}

/* The roles by the header's names; the required ones missing are named
 * together, with the header. */
static rmk_status find_roles(const csv_field *hdr, size_t nh, roles *rl, const char *fname,
                             uint64_t hline, char *err, size_t errlen)
{
    char (*norm)[128] = malloc((nh ? nh : 1) * sizeof *norm);
    char *taken = calloc(nh ? nh : 1, 1);
    if (!norm || !taken) {
        free(norm);
        free(taken);
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    for (size_t i = 0; i < nh; i++) header_normalise(hdr[i].p, hdr[i].len, norm[i], 128);
    for (int r = 0; r < ROLE_COUNT; r++)
        if (rl->col[r] >= 0 && (size_t)rl->col[r] < nh) taken[rl->col[r]] = 1;
    if (rl->amount2 >= 0 && (size_t)rl->amount2 < nh) taken[rl->amount2] = 1;
    rmk_status st = exact_roles(hdr, nh, norm, taken, rl, fname, hline, err, errlen);
    if (!st) st = stem_roles(hdr, nh, norm, taken, rl, fname, hline, err, errlen);
    /* a sales-lines export without an amount: quantity and unit price */
    long qty = -1, price = -1;
    static const char *const q_stem[] = {"quantity", "qty", "количеств", NULL};
    static const char *const p_stem[] = {"price", "цена", NULL};
    for (size_t i = 0; i < nh; i++) {
        if (qty < 0 && has_stem(norm[i], q_stem)) qty = (long)i;
        if (price < 0 && has_stem(norm[i], p_stem)) price = (long)i;
    }
    free(taken);
    free(norm);
    if (st) return st;
    char miss[64] = "", maps[256] = "";
    for (int r = 0; r < ROLE_INVOICE; r++)
        if (rl->col[r] == -1) {
            size_t m = strlen(miss), k = strlen(maps);
            snprintf(miss + m, sizeof miss - m, "%s%s", m ? ", " : "", role_name[r]);
            snprintf(maps + k, sizeof maps - k, "%s%s=COLUMN", k ? "," : "", role_name[r]);
        }
    if (!miss[0]) return RMK_OK;
    if (rl->col[ROLE_AMOUNT] == -1 && qty >= 0 && price >= 0) {
        size_t k = strlen(maps);
        snprintf(maps + k, sizeof maps - k, ", or amount=%.*s*%.*s for quantity times price",
                 (int)hdr[qty].len, hdr[qty].p, (int)hdr[price].len, hdr[price].p);
    }
    char h[256];
    header_text(hdr, nh, h, sizeof h);
    snprintf(err, errlen, "%s:%llu: no %s column found in the header %s (use --map %s)", fname,
             (unsigned long long)hline, miss, h, maps);
    return RMK_ERR_USAGE;
}

/* A yes/no field: 1, 0, or -1 when empty; -2 when unreadable. */
static int parse_flag(const char *p, size_t len)
{
    char v[32];
    header_normalise(p, len, v, sizeof v);
    if (!v[0]) return -1;
    static const char *const yes[] = {"true", "yes", "y", "1", "да", "д", "истина", NULL};
    static const char *const no[] = {"false", "no", "n", "0", "нет", "н", "ложь", NULL};
    for (int i = 0; yes[i]; i++)
        if (!strcmp(v, yes[i])) return 1;
    for (int i = 0; no[i]; i++)
        if (!strcmp(v, no[i])) return 0;
    return -2;
}

/* An optional date field: RMK_OK with RMK_NO_DATE when empty. */
static rmk_status optional_date(const csv_field *f, rmk_date_format fmt, int32_t *day)
{
    size_t k = 0;
    while (k < f->len && (f->p[k] == ' ' || f->p[k] == '\t')) k++;
    if (k == f->len) {
        *day = RMK_NO_DATE;
        return RMK_OK;
    }
    return rmk_date_parse(f->p, f->len, fmt, day);
}

/* The roles of the columns, from the header record: --map, then the
 * header's names (unless --no-header, where --map must give the three core
 * roles); the optional roles not wanted are dropped, and rl->needed set. */
static rmk_status header_roles(const rmk_read_opts *o, unsigned want, const csv_field *f,
                               size_t nf, roles *rl, const char *fname, uint64_t hline, char *err,
                               size_t errlen)
{
    rmk_status st;
    for (int r = 0; r < ROLE_COUNT; r++) rl->col[r] = -1;
    rl->amount2 = -1;
    if (o->map && *o->map) {
        st = apply_map(o->map, f, nf, o->no_header, rl, fname, hline, err, errlen);
        if (st) return st;
    }
    if (o->no_header) {
        for (int r = 0; r < ROLE_INVOICE; r++)
            if (rl->col[r] < 0) {
                snprintf(err, errlen,
                         "--no-header needs --map with customer, date and amount "
                         "column numbers (%s missing)",
                         role_name[r]);
                return RMK_ERR_USAGE;
            }
    } else {
        st = find_roles(f, nf, rl, fname, hline, err, errlen);
        if (st) return st;
        for (int r = 0; r <= ROLE_COUNT; r++) {
            long c = r < ROLE_COUNT ? rl->col[r] : rl->amount2;
            if (c >= (long)nf) {
                snprintf(err, errlen, "%s:%llu: --map %s=%ld: the header has %zu columns", fname,
                         (unsigned long long)hline, role_name[r < ROLE_COUNT ? r : ROLE_AMOUNT],
                         c + 1, nf);
                return RMK_ERR_USAGE;
            }
        }
    }
    if (rl->col[ROLE_INVOICE] == -2) rl->col[ROLE_INVOICE] = -1;
    if (!(want & TXN_PAYMENT)) /* recognised, not read */
        rl->col[ROLE_DUE] = rl->col[ROLE_PAID] = rl->col[ROLE_PREPAID] = -1;
    if (!(want & TXN_MARGIN)) rl->col[ROLE_COST] = rl->col[ROLE_MARGIN] = -1;
    /* a row must reach the core columns; the payment, cost and
     * margin columns are optional: a row cut short before them
     * (trailing empty cells left out by some exporters) has them empty */
    rl->needed = 0;
    for (int r = 0; r <= ROLE_INVOICE; r++)
        if (rl->col[r] >= 0 && (size_t)rl->col[r] + 1 > rl->needed)
            rl->needed = (size_t)rl->col[r] + 1;
    if (rl->amount2 >= 0 && (size_t)rl->amount2 + 1 > rl->needed)
        rl->needed = (size_t)rl->amount2 + 1;
    return RMK_OK;
}

/* One column as the columns line names it: its header name (in quotes
 * when it holds a blank or a comma), or its number without a header. */
static size_t column_name(const csv_field *hdr, size_t nh, int no_header, long c, char *out,
                          size_t cap)
{
    if (no_header || (size_t)c >= nh) return (size_t)snprintf(out, cap, "%ld", c + 1);
    const char *p = hdr[c].p;
    size_t n = hdr[c].len;
    field_trim(&p, &n);
    char ex[64];
    field_excerpt(p, n, ex, sizeof ex);
    int q = strpbrk(ex, " ,'") != NULL || !ex[0];
    return (size_t)snprintf(out, cap, q ? "'%s'" : "%s", ex);
}

/* "customer=Email, date='Created at', amount=Total, invoice=Name" */
static void columns_line(const roles *rl, const csv_field *hdr, size_t nh, int no_header,
                         char *out, size_t cap)
{
    size_t o = 0;
    out[0] = 0;
    for (int r = 0; r < ROLE_COUNT && o + 1 < cap; r++) {
        if (rl->col[r] < 0) continue;
        int w = snprintf(out + o, cap - o, "%s%s=", o ? ", " : "", role_name[r]);
        if (w < 0 || (size_t)w >= cap - o) break;
        o += (size_t)w;
        o += column_name(hdr, nh, no_header, rl->col[r], out + o, cap - o);
        if (o >= cap) break;
        if (r == ROLE_AMOUNT && rl->amount2 >= 0 && o + 1 < cap) {
            out[o++] = '*';
            o += column_name(hdr, nh, no_header, rl->amount2, out + o, cap - o);
        }
        if (o >= cap) break;
    }
    if (o >= cap) out[cap - 1] = 0;
}

/* The last date text read and its day: exports come in date order, so the
 * date is often the last one again (len (size_t)-1: none yet). */
typedef struct date_memo {
    char text[32];
    size_t len;
    int32_t day;
} date_memo;

/* The row's date into row->day; 0, or -1 unreadable. */
static inline int row_day(const csv_field *fd, rmk_date_format fmt, date_memo *dm, txn_row *row)
{
    if (fd->len == dm->len && fd->len <= sizeof dm->text &&
        memcmp(fd->p, dm->text, fd->len) == 0) {
        row->day = dm->day;
    } else if (rmk_date_parse(fd->p, fd->len, fmt, &row->day) == RMK_OK) {
        if (fd->len <= sizeof dm->text) {
            memcpy(dm->text, fd->p, fd->len);
            dm->len = fd->len;
            dm->day = row->day;
        }
    } else {
        return -1;
    }
    return 0;
}

/* The invoice cell, blanks trimmed; NULL without an invoice column. */
static inline void row_invoice(const csv_field *f, const roles *rl, txn_row *row)
{
    if (rl->col[ROLE_INVOICE] >= 0) {
        const csv_field *fi = &f[rl->col[ROLE_INVOICE]];
        row->invoice = fi->p;
        row->invoice_len = fi->len;
        invoice_trim(&row->invoice, &row->invoice_len);
    } else {
        row->invoice = NULL;
        row->invoice_len = 0;
    }
}

/* TXN_PAYMENT: the due and paid dates and the prepaid flag, each unknown
 * when its column is absent or the row ends before it. 0, or -1 with msg. */
static int row_payment(const csv_field *f, size_t nf, const roles *rl, rmk_date_format fmt,
                       const char *fname, uint64_t line, txn_row *row, char *msg, size_t cap)
{
    static const char *const what[2] = {"due date", "paid date"};
    const int roles2[2] = {ROLE_DUE, ROLE_PAID};
    int32_t *dst[2] = {&row->due_day, &row->paid_day};
    char ex[64];
    for (int k = 0; k < 2; k++) {
        long c = rl->col[roles2[k]];
        if (c < 0 || (size_t)c >= nf) continue; /* absent: not known */
        if (optional_date(&f[c], fmt, dst[k]) != RMK_OK) {
            field_excerpt(f[c].p, f[c].len, ex, sizeof ex);
            snprintf(msg, cap, "%s:%llu:%ld: cannot read %s '%s'%s", fname,
                     (unsigned long long)line, c + 1, what[k], ex,
                     date_hint(f[c].p, f[c].len, fmt));
            return -1;
        }
    }
    if (rl->col[ROLE_PREPAID] >= 0 && (size_t)rl->col[ROLE_PREPAID] < nf) {
        const csv_field *fp = &f[rl->col[ROLE_PREPAID]];
        row->prepaid = parse_flag(fp->p, fp->len);
        if (row->prepaid == -2) {
            field_excerpt(fp->p, fp->len, ex, sizeof ex);
            snprintf(msg, cap,
                     "%s:%llu:%ld: cannot read prepaid flag '%s' (expected true/false, "
                     "yes/no, да/нет, 1/0)",
                     fname, (unsigned long long)line, rl->col[ROLE_PREPAID] + 1, ex);
            return -1;
        }
    }
    return 0;
}

/* TXN_MARGIN: the margin cell, else the cost cell (*cost 1: the margin is
 * the amount minus row->margin); empty or absent: unknown. 0, or -1 with msg. */
static int row_margin(const csv_field *f, size_t nf, const roles *rl, const char *fname,
                      uint64_t line, txn_row *row, int *cost, char *msg, size_t cap)
{
    *cost = 0;
    for (int r2 = ROLE_MARGIN; r2 >= ROLE_COST && !row->margin_known; r2--) {
        long c = rl->col[r2];
        if (c < 0 || (size_t)c >= nf) continue; /* absent: not known */
        const csv_field *fm = &f[c];
        const char *q = fm->p;
        size_t ql = fm->len;
        field_trim(&q, &ql);
        int64_t v;
        if (ql == 0) continue;
        if (rmk_money_parse(q, ql, &v) != RMK_OK) {
            char ex[64];
            field_excerpt(fm->p, fm->len, ex, sizeof ex);
            snprintf(msg, cap, "%s:%llu:%ld: cannot read %s '%s'", fname,
                     (unsigned long long)line, c + 1, role_name[r2], ex);
            return -1;
        }
        /* a cost is taken from the amount once the amount is known (its
         * column's decimal mark may be decided later): *cost set */
        row->margin = v;
        *cost = r2 == ROLE_COST;
        row->margin_known = 1;
    }
    return 0;
}

/* ------------------------------------------------ the rows, one by one */

static const char *const reason_name[TXN_R_COUNT] = {
    "too few fields", "date unreadable",  "amount unreadable", "decimal mark unlike the column's",
    "payment columns unreadable", "cost or margin unreadable", "refused by the aggregate"};

/* --include/--exclude COLUMN=V1,V2 resolved against the header */
typedef struct filt {
    long col;
    const char *vals; /* "V1,V2", in the option's text */
    int exclude;
} filt;

/* A row's money read before its column's decimal mark is known. */
typedef struct pend {
    int64_t dec[2], grp[2]; /* each factor as decimal mark / as thousands separator */
    char c[2];              /* the factor's lone mark, 0: dec is its value */
    int nf;                 /* 1, or 2 for amount=A*B */
    int cost;               /* row->margin holds a cost: margin = amount - cost */
} pend;

/* A row held until the amount column's mark is known: its strings at
 * offsets in the arena (which moves as it grows). */
typedef struct held {
    txn_row row;
    pend pd;
    size_t cust, inv;
} held;

#define HOLD_MAX_ROWS (1u << 20) /* then the run stops naming --decimal-mark */

typedef struct rd {
    const rmk_read_opts *o;
    unsigned want;
    txn_row_fn fn;
    void *ctx;
    txn_counts *counts;
    csv_reader *cr;
    const char *fname;
    roles rl;
    money_col mc[2];
    filt *filt;
    size_t nfilt;
    char *idbuf;
    size_t idcap;
    held *h;
    size_t nh, hcap;
    char *arena;
    size_t aused, acap;
    FILE *rej;
    date_memo dm;
    int32_t max_day, next_day; /* the latest two distinct dates read */
    uint64_t max_line;
    char hname[2][80]; /* the money columns' names, for notes */
} rd;

enum { ROW_OK, ROW_HOLD, ROW_BAD, ROW_AFTER, ROW_BEFORE, ROW_GUEST, ROW_TOTALS, ROW_FILTERED };

static void note(const rmk_read_opts *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(const rmk_read_opts *o, const char *fmt, ...)
{
    if (!o->note) return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    o->note(o->note_ctx, buf);
}

/* A cell that says the row is a total: Итого, Всего, Total, Grand Total
 * (and a trailing ':'), in any case. */
static int totals_word(const csv_field *c)
{
    char v[40];
    const char *p = c->p;
    size_t n = c->len;
    field_trim(&p, &n);
    while (n && p[n - 1] == ':') n--;
    if (n == 0 || n > 24) return 0;
    header_normalise(p, n, v, sizeof v);
    static const char *const w[] = {"итого", "всего", "total", "grand_total", "totals",
                                    "итого_по_отчету", NULL};
    for (int k = 0; w[k]; k++)
        if (!strcmp(v, w[k])) return 1;
    return 0;
}

static int totals_row(const csv_field *f, size_t nf)
{
    for (size_t i = 0; i < nf; i++)
        if (totals_word(&f[i])) return 1;
    return 0;
}

/* The rows' filters from the options: "COLUMN=V1,V2" each. */
static rmk_status setup_filters(rd *x, const csv_field *hdr, size_t nh, uint64_t hline, char *err,
                                size_t errlen)
{
    const rmk_read_opts *o = x->o;
    size_t n = o->n_include + o->n_exclude;
    if (!n) return RMK_OK;
    x->filt = calloc(n, sizeof *x->filt);
    if (!x->filt) {
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    for (size_t k = 0; k < n; k++) {
        int ex = k >= o->n_include;
        const char *spec = ex ? o->exclude[k - o->n_include] : o->include[k];
        const char *what = ex ? "exclude" : "include";
        const char *eq = spec ? strchr(spec, '=') : NULL;
        if (!eq || eq == spec || !eq[1]) {
            snprintf(err, errlen, "--%s %s: expected COLUMN=VALUE[,VALUE...]", what,
                     spec ? spec : "");
            return RMK_ERR_USAGE;
        }
        rmk_status st = map_column(spec, (size_t)(eq - spec), hdr, nh, o->no_header, what,
                                   x->fname, hline, &x->filt[k].col, err, errlen);
        if (st) {
            char tmp[512], key[24];
            snprintf(key, sizeof key, "--map %s=", what);
            snprintf(tmp, sizeof tmp, "%s", err);
            char *m = strstr(tmp, key);
            if (m) /* the message names the option given: "--include COLUMN" */
                snprintf(err, errlen, "%.*s--%s %s", (int)(m - tmp), tmp, what, m + strlen(key));
            return st;
        }
        x->filt[k].vals = eq + 1;
        x->filt[k].exclude = ex;
    }
    x->nfilt = n;
    return RMK_OK;
}

/* Is the cell (trimmed) one of "V1,V2" (each trimmed)? */
static int cell_in(const csv_field *c, const char *vals)
{
    const char *p = c->p;
    size_t n = c->len;
    field_trim(&p, &n);
    while (*vals) {
        const char *e = strchr(vals, ',');
        size_t l = e ? (size_t)(e - vals) : strlen(vals);
        const char *v = vals;
        size_t vl = l;
        field_trim(&v, &vl);
        if (vl == n && memcmp(v, p, n) == 0) return 1;
        vals += l;
        if (*vals == ',') vals++;
    }
    return 0;
}

static int filtered_out(const rd *x, const csv_field *f, size_t nf)
{
    static const csv_field none = {"", 0};
    for (size_t k = 0; k < x->nfilt; k++) {
        const filt *fl = &x->filt[k];
        const csv_field *c = (size_t)fl->col < nf ? &f[fl->col] : &none;
        if (cell_in(c, fl->vals) == fl->exclude) return 1;
    }
    return 0;
}

/* --id-case lower: the id folded into x->idbuf (ASCII, А-Я and Ё). */
static int id_lower(rd *x, txn_row *row)
{
    if (row->customer_len > x->idcap) {
        char *nb = realloc(x->idbuf, row->customer_len);
        if (!nb) return -1;
        x->idbuf = nb;
        x->idcap = row->customer_len;
    }
    const unsigned char *s = (const unsigned char *)row->customer;
    unsigned char *d = (unsigned char *)x->idbuf;
    size_t n = row->customer_len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i], e = i + 1 < n ? s[i + 1] : 0;
        if (c >= 'A' && c <= 'Z') d[i] = c + 32;
        else if (c == 0xD0 && e >= 0x90 && e <= 0x9F) d[i] = 0xD0, d[i + 1] = e + 0x20, i++;
        else if (c == 0xD0 && e >= 0xA0 && e <= 0xAF) d[i] = 0xD1, d[i + 1] = e - 0x20, i++;
        else if (c == 0xD0 && e == 0x81) d[i] = 0xD1, d[i + 1] = 0x91, i++;
        else d[i] = c;
    }
    row->customer = x->idbuf;
    return 0;
}

/* The money cells of a row into pd: ROW_OK, ROW_HOLD (a lone mark in a
 * column not yet decided), or ROW_BAD with msg. */
static int row_money(rd *x, const csv_field *f, uint64_t line, pend *pd, int *reason, char *msg,
                     size_t cap)
{
    long cols[2] = {x->rl.col[ROLE_AMOUNT], x->rl.amount2};
    int hold = 0;
    pd->nf = cols[1] >= 0 ? 2 : 1;
    for (int k = 0; k < pd->nf; k++) {
        const csv_field *fa = &f[cols[k]];
        pd->c[k] = 0;
        int m = money_cell(&x->mc[k], fa->p, fa->len, line, &pd->dec[k], &pd->grp[k], &pd->c[k]);
        if (m == MONEY_AMBIG) hold = 1;
        if (m >= 0) continue;
        char ex[64];
        field_excerpt(fa->p, fa->len, ex, sizeof ex);
        if (m == MONEY_CONFLICT) {
            *reason = TXN_R_MARK;
            snprintf(msg, cap,
                     "%s:%llu:%ld: amount '%s': its decimal mark is not the column's '%c' "
                     "(line %llu: '%s'; give --decimal-mark)",
                     x->fname, (unsigned long long)line, cols[k] + 1, ex, x->mc[k].mark,
                     (unsigned long long)x->mc[k].line, x->mc[k].why);
        } else {
            *reason = TXN_R_AMOUNT;
            snprintf(msg, cap, "%s:%llu:%ld: cannot read amount '%s'", x->fname,
                     (unsigned long long)line, cols[k] + 1, ex);
        }
        return ROW_BAD;
    }
    return hold ? ROW_HOLD : ROW_OK;
}

/* The customer id, blanks trimmed. */
static inline void row_customer(const csv_field *fc, txn_row *row)
{
    row->customer = fc->p;
    row->customer_len = fc->len;
    while (row->customer_len && (*row->customer == ' ' || *row->customer == '\t'))
        row->customer++, row->customer_len--;
    while (row->customer_len &&
           (row->customer[row->customer_len - 1] == ' ' ||
            row->customer[row->customer_len - 1] == '\t'))
        row->customer_len--;
}

/* The latest two distinct dates, for the as-of check. */
static inline void track_latest(rd *x, int32_t day, uint64_t line)
{
    if (day > x->max_day) {
        x->next_day = x->max_day;
        x->max_day = day;
        x->max_line = line;
    } else if (day < x->max_day && day > x->next_day) {
        x->next_day = day;
    }
}

/* One record into *row and *pd: ROW_OK, ROW_HOLD, ROW_BAD (msg, *reason)
 * or why it is left out. */
static inline int parse_row(rd *x, const csv_field *f, size_t nf, txn_row *row, pend *pd,
                            int *reason, char *msg, size_t cap)
{
    const roles *rl = &x->rl;
    const rmk_read_opts *o = x->o;
    uint64_t line = csv_line(x->cr);
    char ex[64];
    if (nf < rl->needed) {
        if (totals_row(f, nf)) return ROW_TOTALS;
        *reason = TXN_R_FIELDS;
        snprintf(msg, cap, "%s:%llu: expected at least %zu fields, found %zu", x->fname,
                 (unsigned long long)line, rl->needed, nf);
        return ROW_BAD;
    }
    const csv_field *fd = &f[rl->col[ROLE_DATE]];
    row_customer(&f[rl->col[ROLE_CUSTOMER]], row);
    if (row_day(fd, o->date_format, &x->dm, row)) {
        if (totals_row(f, nf)) return ROW_TOTALS;
        if (row->customer_len == 0) return ROW_GUEST;
        field_excerpt(fd->p, fd->len, ex, sizeof ex);
        *reason = TXN_R_DATE;
        snprintf(msg, cap, "%s:%llu:%ld: cannot read date '%s'%s", x->fname,
                 (unsigned long long)line, rl->col[ROLE_DATE] + 1, ex,
                 date_hint(fd->p, fd->len, o->date_format));
        return ROW_BAD;
    }
    if (row->customer_len == 0) return ROW_GUEST;
    if (o->from != RMK_NO_DATE && row->day < o->from) return ROW_BEFORE;
    if (o->as_of != RMK_NO_DATE && row->day > o->as_of) return ROW_AFTER;
    if (x->nfilt && filtered_out(x, f, nf)) return ROW_FILTERED;
    int got = row_money(x, f, line, pd, reason, msg, cap);
    if (got == ROW_BAD) return got;
    row_invoice(f, rl, row);
    row->due_day = row->paid_day = RMK_NO_DATE;
    row->prepaid = -1;
    if ((x->want & TXN_PAYMENT) &&
        row_payment(f, nf, rl, o->date_format, x->fname, line, row, msg, cap)) {
        *reason = TXN_R_PAYMENT;
        return ROW_BAD;
    }
    row->margin = 0;
    row->margin_known = 0;
    pd->cost = 0;
    if ((x->want & TXN_MARGIN) && row_margin(f, nf, rl, x->fname, line, row, &pd->cost, msg, cap)) {
        *reason = TXN_R_MARGIN;
        return ROW_BAD;
    }
    if (o->id_lower && id_lower(x, row)) {
        *reason = TXN_R_ROW;
        snprintf(msg, cap, "out of memory");
        return ROW_BAD;
    }
    if (o->as_of == RMK_NO_DATE) track_latest(x, row->day, line);
    row->file = x->fname;
    row->line = line;
    row->customer_col = rl->col[ROLE_CUSTOMER] + 1;
    row->amount_col = rl->col[ROLE_AMOUNT] + 1;
    return got;
}

/* The row's amount (and margin) from pd, its columns' marks known. 0, or
 * -1 with msg on overflow. */
static int settle_row(const rd *x, txn_row *row, const pend *pd, char *msg, size_t cap)
{
    int64_t v[2] = {0, 0};
    for (int k = 0; k < pd->nf; k++)
        v[k] = pd->c[k] && x->mc[k].mark != pd->c[k] ? pd->grp[k] : pd->dec[k];
    row->amount = v[0];
    if (pd->nf == 2 && money_product(v[0], v[1], &row->amount)) {
        snprintf(msg, cap, "%s:%llu:%ld: quantity times price overflows", x->fname,
                 (unsigned long long)row->line, x->rl.amount2 + 1);
        return -1;
    }
    if (pd->cost && __builtin_sub_overflow(row->amount, row->margin, &row->margin)) {
        snprintf(msg, cap, "%s:%llu:%ld: amount minus cost overflows", x->fname,
                 (unsigned long long)row->line, x->rl.col[ROLE_COST] + 1);
        return -1;
    }
    return 0;
}

/* One CSV field into the rejects file, quoted when it needs it. */
static void rej_field(FILE *w, const char *p, size_t n)
{
    if (!memchr(p, ',', n) && !memchr(p, '"', n) && !memchr(p, '\n', n) && !memchr(p, '\r', n)) {
        fwrite(p, 1, n, w);
        return;
    }
    fputc('"', w);
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"') fputc('"', w);
        fputc(p[i], w);
    }
    fputc('"', w);
}

/* "line,reason,row": the row's fields joined by ',' as CSV, then quoted
 * as one field; reason without the "file:line:col: " of the message. */
static void reject(rd *x, uint64_t line, const char *reason, const csv_field *f, size_t nf)
{
    if (!x->rej) return;
    const char *r = reason;
    size_t fl = strlen(x->fname);
    if (!strncmp(r, x->fname, fl) && r[fl] == ':') { /* past "file:line:" and "col:" */
        r += fl + 1;
        for (int k = 0; k < 2 && *r >= '0' && *r <= '9'; k++) {
            while (*r >= '0' && *r <= '9') r++;
            if (*r == ':') r++;
        }
        while (*r == ' ') r++;
    }
    char *row = NULL;
    size_t rl = 0;
    FILE *m = open_memstream(&row, &rl);
    for (size_t i = 0; m && i < nf; i++) {
        if (i) fputc(',', m);
        rej_field(m, f[i].p, f[i].len);
    }
    if (m) fclose(m);
    fprintf(x->rej, "%llu,", (unsigned long long)line);
    rej_field(x->rej, r, strlen(r));
    fputc(',', x->rej);
    rej_field(x->rej, row ? row : "", row ? rl : 0);
    fputc('\n', x->rej);
    free(row);
}

/* A bad row: the read stops (RMK_ERR_DATA, err), or under skip_bad it is
 * counted by reason, and the first in file order kept. */
static rmk_status bad_row(rd *x, uint64_t line, int reason, const char *msg, const csv_field *f,
                          size_t nf, char *err, size_t errlen)
{
    txn_counts *c = x->counts;
    if (!x->o->skip_bad) {
        snprintf(err, errlen, "%s", msg);
        return RMK_ERR_DATA;
    }
    if (c->skipped++ == 0 || line < c->first_error_line) {
        snprintf(c->first_error, sizeof c->first_error, "%s", msg);
        c->first_error_line = line;
    }
    c->reasons[reason]++;
    reject(x, line, msg, f, nf);
    return RMK_OK;
}

/* The row to the callback. */
static rmk_status emit(rd *x, const txn_row *row, char *err, size_t errlen)
{
    char cerr[512];
    cerr[0] = 0;
    rmk_status rs = x->fn(x->ctx, row, cerr, sizeof cerr);
    if (rs == RMK_OK) return RMK_OK;
    if (rs != RMK_ERR_DATA) {
        snprintf(err, errlen, "%s", cerr);
        return rs;
    }
    return bad_row(x, row->line, TXN_R_ROW, cerr, NULL, 0, err, errlen);
}

/* Keep a row until its column's mark is known: its strings copied. */
static rmk_status hold_row(rd *x, const txn_row *row, const pend *pd, char *err, size_t errlen)
{
    if (x->nh == HOLD_MAX_ROWS) {
        int k = x->mc[0].mark || !x->mc[0].ambiguous ? 1 : 0;
        snprintf(err, errlen,
                 "%s: cannot tell the decimal mark of the amount column %s: %llu values like "
                 "'%s' (line %llu) read either way (give --decimal-mark . or --decimal-mark ,)",
                 x->fname, x->hname[k], (unsigned long long)x->mc[k].ambiguous, x->mc[k].amb_text,
                 (unsigned long long)x->mc[k].amb_line);
        return RMK_ERR_DATA;
    }
    size_t need = row->customer_len + row->invoice_len;
    if (x->nh == x->hcap || x->aused + need > x->acap) {
        size_t hc = x->nh == x->hcap ? (x->hcap ? 2 * x->hcap : 1024) : x->hcap;
        size_t ac = x->aused + need > x->acap ? 2 * (x->aused + need) + 65536 : x->acap;
        held *nh = realloc(x->h, hc * sizeof *nh);
        if (nh) x->h = nh;
        char *na = nh ? realloc(x->arena, ac) : NULL;
        if (!nh || !na) {
            rmk_nomem(err, errlen);
            return RMK_ERR_NOMEM;
        }
        x->arena = na;
        x->hcap = hc;
        x->acap = ac;
    }
    held *h = &x->h[x->nh++];
    h->row = *row;
    h->pd = *pd;
    h->cust = x->aused;
    memcpy(x->arena + x->aused, row->customer, row->customer_len);
    x->aused += row->customer_len;
    h->inv = x->aused;
    if (row->invoice) memcpy(x->arena + x->aused, row->invoice, row->invoice_len);
    x->aused += row->invoice_len;
    return RMK_OK;
}

/* Is every money column that read an ambiguous value decided now? */
static int marks_known(const rd *x)
{
    for (int k = 0; k < 2; k++)
        if (x->mc[k].ambiguous && !x->mc[k].mark) return 0;
    return 1;
}

/* The held rows, in file order, now that the marks are known. */
static rmk_status release(rd *x, char *err, size_t errlen)
{
    rmk_status st = RMK_OK;
    for (size_t i = 0; i < x->nh && st == RMK_OK; i++) {
        held *h = &x->h[i];
        char msg[512];
        h->row.customer = x->arena + h->cust;
        if (h->row.invoice) h->row.invoice = x->arena + h->inv;
        if (settle_row(x, &h->row, &h->pd, msg, sizeof msg))
            st = bad_row(x, h->row.line, TXN_R_AMOUNT, msg, NULL, 0, err, errlen);
        else
            st = emit(x, &h->row, err, errlen);
    }
    x->nh = 0;
    x->aused = 0;
    return st;
}

/* One data record through the filters to the callback (or held). */
static rmk_status one_row(rd *x, const csv_field *f, size_t nf, char *err, size_t errlen)
{
    txn_counts *c = x->counts;
    char msg[512];
    msg[0] = 0;
    txn_row row;
    pend pd;
    int reason = TXN_R_ROW;
    int got = parse_row(x, f, nf, &row, &pd, &reason, msg, sizeof msg);
    switch (got) {
    case ROW_AFTER: c->after_as_of++; return RMK_OK;
    case ROW_BEFORE: c->before_from++; return RMK_OK;
    case ROW_FILTERED: c->filtered++; return RMK_OK;
    case ROW_GUEST:
        c->guest++;
        reject(x, csv_line(x->cr), "guest row (empty customer id)", f, nf);
        return RMK_OK;
    case ROW_TOTALS:
        if (c->totals++ == 0) c->totals_line = csv_line(x->cr);
        reject(x, csv_line(x->cr), "totals row", f, nf);
        return RMK_OK;
    case ROW_BAD: return bad_row(x, csv_line(x->cr), reason, msg, f, nf, err, errlen);
    default: break;
    }
    if (got == ROW_HOLD || x->nh) { /* rows stay in file order */
        rmk_status st = hold_row(x, &row, &pd, err, errlen);
        if (st || !marks_known(x)) return st;
        return release(x, err, errlen);
    }
    if (settle_row(x, &row, &pd, msg, sizeof msg))
        return bad_row(x, row.line, TXN_R_AMOUNT, msg, f, nf, err, errlen);
    return emit(x, &row, err, errlen);
}

/* The header: the first record (after --skip-lines N), or with the
 * default the first of the first 10 records that names the roles (title
 * lines above it are passed over). 1 found, 0 no record, -1 error. */
static int find_header(rd *x, const csv_field **fp, size_t *nfp, rmk_status *st, char *err,
                       size_t errlen)
{
    const rmk_read_opts *o = x->o;
    char first[512] = "";
    rmk_status first_st = RMK_OK;
    uint64_t first_line = 0;
    for (int tries = 0;;) {
        int rc = csv_next(x->cr, fp, nfp, st, err, errlen);
        if (rc < 0) return -1;
        if (rc == 0 && !first_st) return 0;
        if (rc == 0) break;
        uint64_t line = csv_line(x->cr);
        if (o->skip_lines > 0 && line <= (uint64_t)o->skip_lines) continue;
        if (!first_line) first_line = line;
        *st = header_roles(o, x->want, *fp, *nfp, &x->rl, x->fname, line, err, errlen);
        if (*st == RMK_OK) {
            if (line != first_line)
                note(o, "the header is line %llu: %llu line%s above it skipped (--skip-lines N "
                        "to choose)",
                     (unsigned long long)line, (unsigned long long)(line - 1), line > 2 ? "s" : "");
            return 1;
        }
        if (*st == RMK_ERR_NOMEM) return -1;
        if (!first_st) {
            first_st = *st;
            snprintf(first, sizeof first, "%s", err);
        }
        if (o->no_header || o->skip_lines >= 0 || ++tries == 10) break;
    }
    *st = first_st;
    snprintf(err, errlen, "%s", first);
    return -1;
}

/* The notes of a read that ended well. */
static void end_notes(rd *x)
{
    const rmk_read_opts *o = x->o;
    txn_counts *c = x->counts;
    if (c->guest)
        note(o, "%llu guest row%s (empty customer id) left out", (unsigned long long)c->guest,
             c->guest > 1 ? "s" : "");
    if (c->totals)
        note(o, "%llu totals row%s left out (line %llu)", (unsigned long long)c->totals,
             c->totals > 1 ? "s" : "", (unsigned long long)c->totals_line);
    if (c->before_from) {
        char d[16];
        rmk_date_format_iso(o->from, d);
        note(o, "%llu row%s dated before %s (--from) left out", (unsigned long long)c->before_from,
             c->before_from > 1 ? "s" : "", d);
    }
    if (c->filtered)
        note(o, "%llu row%s left out by --include/--exclude", (unsigned long long)c->filtered,
             c->filtered > 1 ? "s" : "");
    if (c->skipped) {
        char by[256] = "";
        for (int r = 0; r < TXN_R_COUNT; r++) {
            if (!c->reasons[r]) continue;
            size_t l = strlen(by);
            snprintf(by + l, sizeof by - l, "%s%llu %s", l ? ", " : "",
                     (unsigned long long)c->reasons[r], reason_name[r]);
        }
        if (by[0]) note(o, "bad rows by reason: %s", by);
    }
    for (int k = 0; k < 2; k++) {
        const money_col *m = &x->mc[k];
        if (!m->ambiguous || m->forced) continue;
        if (m->line)
            note(o, "amounts like '%s' (line %llu) read with '%c' as the decimal mark of %s, as "
                    "line %llu ('%s') shows",
                 m->amb_text, (unsigned long long)m->amb_line, m->mark, x->hname[k],
                 (unsigned long long)m->line, m->why);
        else
            note(o, "amounts like '%s' (line %llu) read with '%c' grouping thousands: %s has "
                    "whole numbers and no value with decimals (--decimal-mark %c if not)",
                 m->amb_text, (unsigned long long)m->amb_line, m->mark == '.' ? ',' : '.',
                 x->hname[k], m->mark == '.' ? ',' : '.');
    }
}

/* As-of sanity (docs/input.md, "The as-of date"): with no as-of date given,
 * the latest date becomes it; it is named when it lies after today or more
 * than 365 days after the next latest date. */
static void asof_check(rd *x)
{
    if (x->o->as_of != RMK_NO_DATE || x->max_day == INT32_MIN) return;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    int32_t today = rmk_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    char d[16], n[16];
    rmk_date_format_iso(x->max_day, d);
    int far = x->next_day != INT32_MIN && x->max_day - x->next_day > 365;
    if (far) rmk_date_format_iso(x->next_day, n);
    if (x->max_day > today + 1) /* a day of grace for the time zones */
        note(x->o, "the latest date, %s (line %llu), is after today: the as-of date is "
                   "taken from it; give --as-of DATE%s%s%s if it is a typo",
             d, (unsigned long long)x->max_line, far ? " (the next latest date is " : "",
             far ? n : "", far ? ")" : "");
    else if (far)
        note(x->o, "the latest date, %s (line %llu), is %d days after the next latest, %s: the "
                   "as-of date is taken from it; give --as-of DATE if it is a typo",
             d, (unsigned long long)x->max_line, x->max_day - x->next_day, n);
}

/* At the end: the rows still held, their columns settled by the rule for
 * whole numbers, or the read stops naming --decimal-mark. */
static rmk_status end_hold(rd *x, char *err, size_t errlen)
{
    if (!x->nh) return RMK_OK;
    for (int k = 0; k < 2; k++) {
        money_col *m = &x->mc[k];
        if (!m->ambiguous || m->mark || money_settle(m)) continue;
        snprintf(err, errlen,
                 "%s: cannot tell the decimal mark of the amount column %s: values like '%s' "
                 "(line %llu) read either way and no value shows it (give --decimal-mark . or "
                 "--decimal-mark ,)",
                 x->fname, x->hname[k], m->amb_text, (unsigned long long)m->amb_line);
        return RMK_ERR_DATA;
    }
    return release(x, err, errlen);
}

/* After the header: the columns line, the filters, the money columns. */
static rmk_status after_header(rd *x, const csv_field *f, size_t nf, uint64_t hline, char *err,
                               size_t errlen)
{
    const rmk_read_opts *o = x->o;
    columns_line(&x->rl, f, nf, o->no_header, x->counts->columns, sizeof x->counts->columns);
    note(o, "columns: %s", x->counts->columns);
    long cols[2] = {x->rl.col[ROLE_AMOUNT], x->rl.amount2};
    for (int k = 0; k < 2; k++) {
        if (cols[k] >= 0) {
            char nm[72];
            column_name(f, nf, o->no_header, cols[k], nm, sizeof nm);
            snprintf(x->hname[k], sizeof x->hname[k], nm[0] == '\'' ? "%s" : "'%s'", nm);
        }
        x->mc[k].mark = o->decimal_mark;
        x->mc[k].forced = o->decimal_mark != 0;
    }
    return setup_filters(x, f, nf, hline, err, errlen);
}

static rmk_status read_all(csv_reader *cr, const rmk_read_opts *o, unsigned want, txn_row_fn fn,
                           void *ctx, txn_counts *counts, char *err, size_t errlen)
{
    const csv_field *f;
    size_t nf;
    rmk_status st = RMK_OK;
    rd x;
    memset(&x, 0, sizeof x);
    memset(counts, 0, sizeof *counts);
    x.o = o, x.want = want, x.fn = fn, x.ctx = ctx, x.counts = counts, x.cr = cr;
    x.fname = csv_name(cr);
    x.dm.len = (size_t)-1;
    x.max_day = x.next_day = INT32_MIN;
    if (o->progress) o->progress(o->progress_ctx, 0, csv_size(cr));
    if (o->rejects && !(x.rej = fopen(o->rejects, "w"))) {
        snprintf(err, errlen, "%s: cannot create the rejects file: %s", o->rejects, strerror(errno));
        return RMK_ERR_IO;
    }
    if (x.rej) fputs("line,reason,row\n", x.rej);
    int hr = find_header(&x, &f, &nf, &st, err, errlen);
    if (hr > 0) st = after_header(&x, f, nf, csv_line(cr), err, errlen);
    if (hr > 0 && !st && o->no_header) {
        counts->rows++;
        st = one_row(&x, f, nf, err, errlen);
    }
    while (hr > 0 && st == RMK_OK) {
        int rc = csv_next(cr, &f, &nf, &st, err, errlen);
        if (rc <= 0) break;
        if ((++counts->rows & 0xFFFF) == 0 && o->progress)
            o->progress(o->progress_ctx, csv_bytes_read(cr), csv_size(cr));
        st = one_row(&x, f, nf, err, errlen);
    }
    if (hr > 0 && st == RMK_OK) st = end_hold(&x, err, errlen);
    if (hr >= 0 && st == RMK_OK) {
        end_notes(&x);
        asof_check(&x);
    }
    if (x.rej && fclose(x.rej) && st == RMK_OK) {
        snprintf(err, errlen, "%s: cannot write the rejects file", o->rejects);
        st = RMK_ERR_IO;
    }
    free(x.filt);
    free(x.idbuf);
    free(x.h);
    free(x.arena);
    return hr < 0 && st == RMK_OK ? RMK_ERR_DATA : st;
}

rmk_status txn_read_ex(const char *path, const rmk_read_opts *o, unsigned want, txn_row_fn fn,
                       void *ctx, txn_counts *counts, char *err, size_t errlen)
{
    rmk_status st;
    csv_reader *cr = csv_open_sheet(path, o->encoding, o->delimiter, o->sheet, &st, err, errlen);
    if (!cr) return st;
    st = read_all(cr, o, want, fn, ctx, counts, err, errlen);
    csv_close(cr);
    return st;
}

rmk_status txn_read(const char *path, const rmk_read_opts *o, txn_row_fn fn, void *ctx,
                    txn_counts *counts, char *err, size_t errlen)
{
    return txn_read_ex(path, o, 0, fn, ctx, counts, err, errlen);
}

rmk_status txn_read_mem_ex(const char *data, size_t len, const char *name, const rmk_read_opts *o,
                           unsigned want, txn_row_fn fn, void *ctx, txn_counts *counts, char *err,
                           size_t errlen)
{
    rmk_status st;
    csv_reader *cr = csv_open_mem_sheet(data, len, name, o->encoding, o->delimiter, o->sheet, &st,
                                        err, errlen);
    if (!cr) return st;
    st = read_all(cr, o, want, fn, ctx, counts, err, errlen);
    csv_close(cr);
    return st;
}

rmk_status txn_read_mem(const char *data, size_t len, const char *name, const rmk_read_opts *o,
                        txn_row_fn fn, void *ctx, txn_counts *counts, char *err, size_t errlen)
{
    return txn_read_mem_ex(data, len, name, o, 0, fn, ctx, counts, err, errlen);
}

/* ------------------------------------------------ the aggregate's reader */

rmk_read_opts txn_side_opts(const rmk_read_opts *ro)
{
    rmk_read_opts s = *ro;
    s.encoding = NULL;
    s.delimiter = 0;
    s.sheet = NULL; /* --sheet names the transactions' sheet */
    s.map = NULL;
    s.no_header = 0;
    s.skip_lines = -1;
    s.include = s.exclude = NULL;
    s.n_include = s.n_exclude = 0;
    s.decimal_mark = 0;
    s.rejects = NULL;
    s.note = NULL;
    s.progress = NULL; /* the progress shown is the transactions' */
    return s;
}

void rmk_read_opts_init(rmk_read_opts *o)
{
    memset(o, 0, sizeof *o);
    o->as_of = RMK_NO_DATE;
    o->date_format = RMK_DATE_AUTO;
    o->from = RMK_NO_DATE;
    o->skip_lines = -1;
}
