/* txn.c — the transactions reader: roles by header name (English and
 * Russian synonyms) or by --map, then one parsed row per record. */
#include "txn.h"
#include "errmsg.h"
#include "csv.h"
#include "parse.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const role_name[ROLE_COUNT] = {"customer", "date",      "amount",
                                                  "invoice",  "due_date",  "paid_date",
                                                  "prepaid",  "cost",      "margin"};

/* Exact synonyms, in header_normalise() form (lower case, blanks as '_'). */
static const char *const syn_customer[] = {
    "customer", "customer_id", "customerid", "customer_no", "customer_code", "customer_number",
    "client", "client_id", "clientid", "client_no", "client_code", "buyer", "buyer_id",
    "клиент", "код_клиента", "id_клиента", "контрагент", "код_контрагента", "покупатель",
    "код_покупателя", "заказчик", NULL};
static const char *const syn_date[] = {
    "date", "order_date", "invoice_date", "transaction_date", "purchase_date", "sale_date",
    "sales_date", "document_date", "дата", "дата_документа", "дата_продажи", "дата_заказа",
    "дата_покупки", "период", NULL};
static const char *const syn_amount[] = {
    "amount", "sum", "total", "revenue", "sales", "value", "net_amount", "order_value",
    "order_total", "invoice_amount", "dollar_value", "сумма", "сумма_документа", "выручка",
    "стоимость", "сумма_продажи", NULL};
static const char *const syn_invoice[] = {
    "invoice", "invoice_id", "invoice_no", "invoice_number", "order", "order_id", "order_no",
    "order_number", "document", "document_id", "document_no", "receipt", "receipt_id",
    "transaction_id", "документ", "номер", "номер_документа", "заказ", "номер_заказа", "чек",
    "номер_чека", "накладная", NULL};
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
static const char *const stem_amount[] = {"amount", "revenue", "сумм", "выручк", NULL};
static const char *const *const stems[ROLE_COUNT] = {stem_customer, stem_date, stem_amount,
                                                     NULL, NULL, NULL, NULL, NULL, NULL};

typedef struct roles {
    long col[ROLE_COUNT]; /* 0-based column, -1 = absent */
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


/* Parse --map: "role=NAME|N,...". Names are resolved against the header. */
static rmk_status apply_map(const char *map, const csv_field *hdr, size_t nh, int no_header,
                            roles *rl, const char *fname, char *err, size_t errlen)
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
        if (role == ROLE_INVOICE && vl == 1 && v[0] == '-') {
            rl->col[role] = -2; /* explicitly none */
        } else {
            long num = parse_small_uint(v, vl, (long)CSV_FIELD_CAP);
            if (num > 0) {
                rl->col[role] = num - 1;
            } else if (no_header) {
                snprintf(err, errlen, "--map %s=%.*s: without a header, give a column number",
                         role_name[role], (int)vl, v);
                return RMK_ERR_USAGE;
            } else {
                char want[256], got[256];
                header_normalise(v, vl, want, sizeof want);
                long found = -1;
                for (size_t i = 0; i < nh; i++) {
                    header_normalise(hdr[i].p, hdr[i].len, got, sizeof got);
                    if (strcmp(want, got) == 0) {
                        found = (long)i;
                        break;
                    }
                }
                if (found < 0) {
                    snprintf(err, errlen, "%s:1: --map %s=%.*s: no such column in the header",
                             fname, role_name[role], (int)vl, v);
                    return RMK_ERR_USAGE;
                }
                rl->col[role] = found;
            }
        }
        p += n;
        if (*p == ',') p++;
    }
    /* one column, one role: ids scored as amounts would pass unnoticed */
    for (int a = 0; a < ROLE_COUNT; a++)
        for (int b = a + 1; b < ROLE_COUNT; b++)
            if (rl->col[a] >= 0 && rl->col[a] == rl->col[b]) {
                snprintf(err, errlen, "--map: %s and %s are both column %ld", role_name[a], role_name[b],
                         rl->col[a] + 1);
                return RMK_ERR_USAGE;
            }
    return RMK_OK;
}

static rmk_status find_roles(const csv_field *hdr, size_t nh, roles *rl, const char *fname,
                             char *err, size_t errlen)
{
    char (*norm)[128] = malloc(nh * sizeof *norm);
    if (!norm) {
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    for (size_t i = 0; i < nh; i++) header_normalise(hdr[i].p, hdr[i].len, norm[i], 128);
    rmk_status st = RMK_OK;
    char *taken = calloc(nh ? nh : 1, 1);
    if (!taken) {
        free(norm);
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    for (int r = 0; r < ROLE_COUNT; r++)
        if (rl->col[r] >= 0 && (size_t)rl->col[r] < nh) taken[rl->col[r]] = 1;
    /* exact synonyms first: the first synonym in the list that matches wins */
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (rl->col[r] != -1) continue;
        for (const char *const *s = synonyms[r]; *s && rl->col[r] == -1; s++)
            for (size_t i = 0; i < nh; i++)
                if (!taken[i] && strcmp(norm[i], *s) == 0) {
                    rl->col[r] = (long)i;
                    taken[i] = 1;
                    break;
                }
    }
    /* then a unique header containing a stem, for the required roles */
    for (int r = 0; r < ROLE_COUNT && st == RMK_OK; r++) {
        if (rl->col[r] != -1 || !stems[r]) continue;
        long found = -1;
        for (size_t i = 0; i < nh; i++) {
            if (taken[i]) continue;
            int hit = 0;
            for (const char *const *s = stems[r]; *s; s++) hit |= strstr(norm[i], *s) != NULL;
            if (!hit) continue;
            if (found >= 0) {
                snprintf(err, errlen,
                         "%s:1: cannot tell which column is the %s: '%.*s' or '%.*s' "
                         "(use --map %s=COLUMN)",
                         fname, role_name[r], (int)hdr[found].len, hdr[found].p,
                         (int)hdr[i].len, hdr[i].p, role_name[r]);
                st = RMK_ERR_USAGE;
                break;
            }
            found = (long)i;
        }
        if (found >= 0 && st == RMK_OK) {
            rl->col[r] = found;
            taken[found] = 1;
        }
    }
    for (int r = 0; r < ROLE_INVOICE && st == RMK_OK; r++) {
        if (rl->col[r] == -1) {
            snprintf(err, errlen,
                     "%s:1: no %s column found in the header (use --map %s=COLUMN)", fname,
                     role_name[r], role_name[r]);
            st = RMK_ERR_USAGE;
        }
    }
    free(taken);
    free(norm);
    return st;
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

/* The roles of the columns, from the first record: --map, then the header's
 * names (unless --no-header, where --map must give the three core roles);
 * the optional roles not wanted are dropped, and rl->needed set. */
static rmk_status header_roles(const rmk_read_opts *o, unsigned want, const csv_field *f,
                               size_t nf, roles *rl, const char *fname, char *err, size_t errlen)
{
    rmk_status st;
    if (o->map && *o->map) {
        st = apply_map(o->map, f, nf, o->no_header, rl, fname, err, errlen);
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
        st = find_roles(f, nf, rl, fname, err, errlen);
        if (st) return st;
        for (int r = 0; r < ROLE_COUNT; r++)
            if (rl->col[r] >= (long)nf) {
                snprintf(err, errlen, "%s:1: --map %s=%ld: the header has %zu columns",
                         fname, role_name[r], rl->col[r] + 1, nf);
                return RMK_ERR_USAGE;
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
    return RMK_OK;
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
        while (row->invoice_len && *row->invoice == ' ') row->invoice++, row->invoice_len--;
        while (row->invoice_len && row->invoice[row->invoice_len - 1] == ' ') row->invoice_len--;
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

/* TXN_MARGIN: the margin cell, else amount - the cost cell; empty or absent:
 * unknown. 0, or -1 with msg. */
static int row_margin(const csv_field *f, size_t nf, const roles *rl, const char *fname,
                      uint64_t line, txn_row *row, char *msg, size_t cap)
{
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
        if (r2 == ROLE_MARGIN) {
            row->margin = v;
        } else if (__builtin_sub_overflow(row->amount, v, &row->margin)) {
            snprintf(msg, cap, "%s:%llu:%ld: amount minus cost overflows", fname,
                     (unsigned long long)line, c + 1);
            return -1;
        }
        row->margin_known = 1;
    }
    return 0;
}

/* One record into *row: 1 read, 0 dated after the as-of date (its amount
 * not read), -1 unreadable with msg ("file:line:col: what"). */
static inline int parse_row(csv_reader *cr, const csv_field *f, size_t nf, const roles *rl,
                            const rmk_read_opts *o, unsigned want, const char *fname,
                            date_memo *dm, txn_row *row, char *msg, size_t cap)
{
    char ex[64];
    if (nf < rl->needed) {
        snprintf(msg, cap, "%s:%llu: expected at least %zu fields, found %zu", fname,
                 (unsigned long long)csv_line(cr), rl->needed, nf);
        return -1;
    }
    const csv_field *fc = &f[rl->col[ROLE_CUSTOMER]];
    const csv_field *fd = &f[rl->col[ROLE_DATE]];
    const csv_field *fa = &f[rl->col[ROLE_AMOUNT]];
    row->customer = fc->p;
    row->customer_len = fc->len;
    while (row->customer_len && (*row->customer == ' ' || *row->customer == '\t'))
        row->customer++, row->customer_len--;
    while (row->customer_len &&
           (row->customer[row->customer_len - 1] == ' ' ||
            row->customer[row->customer_len - 1] == '\t'))
        row->customer_len--;
    if (row->customer_len == 0) {
        snprintf(msg, cap, "%s:%llu:%ld: empty customer id", fname,
                 (unsigned long long)csv_line(cr), rl->col[ROLE_CUSTOMER] + 1);
        return -1;
    }
    if (row_day(fd, o->date_format, dm, row)) {
        field_excerpt(fd->p, fd->len, ex, sizeof ex);
        snprintf(msg, cap, "%s:%llu:%ld: cannot read date '%s'%s", fname,
                 (unsigned long long)csv_line(cr), rl->col[ROLE_DATE] + 1, ex,
                 date_hint(fd->p, fd->len, o->date_format));
        return -1;
    }
    if (o->as_of != RMK_NO_DATE && row->day > o->as_of) return 0;
    if (rmk_money_parse(fa->p, fa->len, &row->amount) != RMK_OK) {
        field_excerpt(fa->p, fa->len, ex, sizeof ex);
        snprintf(msg, cap, "%s:%llu:%ld: cannot read amount '%s'", fname,
                 (unsigned long long)csv_line(cr), rl->col[ROLE_AMOUNT] + 1, ex);
        return -1;
    }
    row_invoice(f, rl, row);
    row->due_day = row->paid_day = RMK_NO_DATE;
    row->prepaid = -1;
    if ((want & TXN_PAYMENT) &&
        row_payment(f, nf, rl, o->date_format, fname, csv_line(cr), row, msg, cap))
        return -1;
    row->margin = 0;
    row->margin_known = 0;
    if ((want & TXN_MARGIN) && row_margin(f, nf, rl, fname, csv_line(cr), row, msg, cap))
        return -1;
    row->file = fname;
    row->line = csv_line(cr);
    row->customer_col = rl->col[ROLE_CUSTOMER] + 1;
    row->amount_col = rl->col[ROLE_AMOUNT] + 1;
    return 1;
}

static rmk_status read_all(csv_reader *cr, const rmk_read_opts *o, unsigned want, txn_row_fn fn,
                           void *ctx, txn_counts *counts, char *err, size_t errlen)
{
    const char *fname = csv_name(cr);
    const csv_field *f;
    size_t nf;
    rmk_status st = RMK_OK;
    roles rl;
    if (o->progress) o->progress(o->progress_ctx, 0, csv_size(cr));
    for (int r = 0; r < ROLE_COUNT; r++) rl.col[r] = -1;
    memset(counts, 0, sizeof *counts);
    int first = 1;
    date_memo dm;
    dm.len = (size_t)-1;
    dm.day = 0;
    for (;;) {
        int rc = csv_next(cr, &f, &nf, &st, err, errlen);
        if (rc < 0) return st;
        if (rc == 0) break;
        if (first) {
            first = 0;
            st = header_roles(o, want, f, nf, &rl, fname, err, errlen);
            if (st) return st;
            if (!o->no_header) continue;
        }
        if ((++counts->rows & 0xFFFF) == 0 && o->progress)
            o->progress(o->progress_ctx, csv_bytes_read(cr), csv_size(cr));
        char msg[512];
        msg[0] = 0;
        txn_row row;
        int got = parse_row(cr, f, nf, &rl, o, want, fname, &dm, &row, msg, sizeof msg);
        if (got == 0) {
            counts->after_as_of++;
            continue;
        }
        if (got > 0) {
            char cerr[512];
            cerr[0] = 0;
            rmk_status rs = fn(ctx, &row, cerr, sizeof cerr);
            if (rs == RMK_OK) continue;
            if (rs != RMK_ERR_DATA) {
                snprintf(err, errlen, "%s", cerr);
                return rs;
            }
            snprintf(msg, sizeof msg, "%s", cerr);
        }
        /* a bad row: the read stops, or under skip_bad the row is counted */
        if (!o->skip_bad) {
            snprintf(err, errlen, "%s", msg);
            return RMK_ERR_DATA;
        }
        if (counts->skipped++ == 0) {
            snprintf(counts->first_error, sizeof counts->first_error, "%s", msg);
            counts->first_error_line = csv_line(cr);
        }
    }
    return RMK_OK;
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
    s.progress = NULL; /* the progress shown is the transactions' */
    return s;
}

void rmk_read_opts_init(rmk_read_opts *o)
{
    memset(o, 0, sizeof *o);
    o->as_of = RMK_NO_DATE;
    o->date_format = RMK_DATE_AUTO;
}
