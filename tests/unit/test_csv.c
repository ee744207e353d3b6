/* SPDX-License-Identifier: MIT */
/* test_csv.c — the reader on small inputs: quoting, line ends, delimiters,
 * encodings; and the transactions reader's roles and errors. */
#include "csv.h"
#include "txn.h"
#include "txn_money.h"
#include "custfile.h"
#include "unit.h"
#include <stdlib.h>

/* Read all records into "a|b;c|d;" form (fields joined by '|', records by ';'). */
static rmk_status dump(const char *in, size_t len, char delim, const char *enc, char *out,
                       size_t cap, char *err, char *got_delim)
{
    rmk_status st;
    csv_reader *r = csv_open_mem(in, len, "t.csv", enc, delim, &st, err, 256);
    if (!r) return st;
    if (got_delim) *got_delim = csv_delimiter(r);
    const csv_field *f;
    size_t nf, o = 0;
    int rc;
    out[0] = 0;
    while ((rc = csv_next(r, &f, &nf, &st, err, 256)) == 1) {
        for (size_t i = 0; i < nf; i++)
            o += (size_t)snprintf(out + o, cap - o, "%s%.*s", i ? "|" : "", (int)f[i].len, f[i].p);
        o += (size_t)snprintf(out + o, cap - o, "@%llu;", (unsigned long long)csv_line(r));
    }
    csv_close(r);
    return rc < 0 ? st : RMK_OK;
}

TEST(test_csv_table)
{
    static const struct {
        const char *in;
        char delim; /* given, 0 = detect */
        char want_delim;
        const char *want; /* records; NULL = error */
    } rows[] = {
        {"a,b\n1,2\n", 0, ',', "a|b@1;1|2@2;"},
        {"a;b\r\n1;2\r\n", 0, ';', "a|b@1;1|2@2;"},
        {"a\tb\n1\t2", 0, '\t', "a|b@1;1|2@2;"},
        {"a|b\n1|2\n", 0, '|', "a|b@1;1|2@2;"},
        {" id  date amt\r\n 01 19970101  1.5\r\n", 0, ' ', "id|date|amt@1;01|19970101|1.5@2;"},
        {"\xEF\xBB\xBFx,y\n1,2\n", 0, ',', "x|y@1;1|2@2;"},
        {"a,b\n\"1,5\",\"say \"\"hi\"\"\"\n", 0, ',', "a|b@1;1,5|say \"hi\"@2;"},
        {"a,b\n\"multi\nline\",2\n3,4\n", 0, ',', "a|b@1;multi\nline|2@2;3|4@4;"},
        {"a,b\n\n\n1,2\n", 0, ',', "a|b@1;1|2@4;"},
        {"a,b\n1,\n,2\n", 0, ',', "a|b@1;1|@2;|2@3;"},
        {"a;b\n1,5;2\n", 0, ';', "a|b@1;1,5|2@2;"},
        {"a,b\n\"x\" ,y\n", 0, ',', "a|b@1;x|y@2;"},
        {"a,b\r1,2\r", 0, ',', "a|b@1;1|2@2;"},
        {"a,b\n\"open,2\n", 0, ',', NULL},
        {"a,b\n\"x\"y,2\n", 0, ',', NULL},
        {"a,b\n1,2", ',', ',', "a|b@1;1|2@2;"},
        {"", 0, ',', ""},
        {"a b\n\"x y\" z\n", ' ', ' ', "a|b@1;x y|z@2;"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[512], err[256] = "", d = 0;
        rmk_status st = dump(rows[i].in, strlen(rows[i].in), rows[i].delim, NULL, out,
                             sizeof out, err, &d);
        if (!rows[i].want) {
            CHECK(st == RMK_ERR_DATA, "row %zu should fail", i);
            continue;
        }
        CHECK(st == RMK_OK, "row %zu: %s", i, err);
        CHECK_STR(out, rows[i].want);
        CHECK(d == rows[i].want_delim, "row %zu: delimiter '%c'", i, d);
    }
}

TEST(test_csv_cp1251)
{
    /* "Клиент;Сумма\nАО Ромашка;1 000,50\n" in Windows-1251 */
    static const char in[] = "\xCA\xEB\xE8\xE5\xED\xF2;\xD1\xF3\xEC\xEC\xE0\n"
                             "\xC0\xCE \xD0\xEE\xEC\xE0\xF8\xEA\xE0;1 000,50\n";
    char out[256], err[256] = "";
    CHECK(dump(in, sizeof in - 1, 0, NULL, out, sizeof out, err, NULL) == RMK_OK, "%s", err);
    CHECK_STR(out, "Клиент|Сумма@1;АО Ромашка|1 000,50@2;");
    CHECK(dump(in, sizeof in - 1, 0, "cp1251", out, sizeof out, err, NULL) == RMK_OK, "%s", err);
    CHECK_STR(out, "Клиент|Сумма@1;АО Ромашка|1 000,50@2;");
    /* UTF-8 stays UTF-8 */
    static const char u[] = "Клиент;Сумма\nАО;1\n";
    CHECK(dump(u, sizeof u - 1, 0, NULL, out, sizeof out, err, NULL) == RMK_OK, "%s", err);
    CHECK_STR(out, "Клиент|Сумма@1;АО|1@2;");
    rmk_status st;
    CHECK(csv_open_mem(u, 3, "t", "latin9", 0, &st, err, sizeof err) == NULL &&
              st == RMK_ERR_USAGE,
          "unknown encoding");
}

/* UTF-8 text (s) to UTF-16 bytes in out (be: big-endian; bom: with FEFF
 * first); returns the length. Enough of an encoder for the tests. */
static size_t utf16(const char *s, int be, int bom, char *out)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;
#define PUT(u)                                                                                 \
    do {                                                                                       \
        unsigned v_ = (u);                                                                     \
        out[o + (be ? 0 : 1)] = (char)(v_ >> 8), out[o + (be ? 1 : 0)] = (char)(v_ & 0xFF);    \
        o += 2;                                                                                \
    } while (0)
    if (bom) PUT(0xFEFF);
    while (*p) {
        unsigned cp;
        if (*p < 0x80) cp = *p++;
        else if (*p < 0xE0) cp = (p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu), p += 2;
        else if (*p < 0xF0) cp = (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu), p += 3;
        else
            cp = (p[0] & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu),
            p += 4;
        if (cp >= 0x10000) {
            PUT(0xD800 + ((cp - 0x10000) >> 10));
            PUT(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else
            PUT(cp);
    }
#undef PUT
    return o;
}

TEST(test_csv_utf16)
{
    static const char text[] = "customer;amount\nАО 😀;1\nК2;2,5\n";
    static const char want[] = "customer|amount@1;АО 😀|1@2;К2|2,5@3;";
    char in[512], out[512], err[256];
    static const struct {
        int be, bom;
        const char *enc; /* --encoding */
    } cases[] = {{0, 1, NULL}, {1, 1, NULL}, {0, 0, NULL}, {1, 0, NULL},
                 {1, 1, "utf-16"}, {0, 0, "utf-16le"}, {1, 0, "utf-16be"},
                 {0, 1, "utf-8"}, /* the byte order mark wins over a wrong flag */
                 {0, 0, "utf-8"}}; /* ... and so do the NULs */
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = utf16(text, cases[i].be, cases[i].bom, in);
        err[0] = 0;
        CHECK(dump(in, n, 0, cases[i].enc, out, sizeof out, err, NULL) == RMK_OK, "case %zu: %s", i,
              err);
        CHECK(!strcmp(out, want), "case %zu: '%s'", i, out);
    }
    /* with --encoding cp1251, FF FE is text: "яю" */
    static const char yayu[] = "\xFF\xFE;x\n1;2\n";
    CHECK(dump(yayu, sizeof yayu - 1, 0, "cp1251", out, sizeof out, err, NULL) == RMK_OK, "%s", err);
    CHECK_STR(out, "яю|x@1;1|2@2;");
    /* a file cut inside a character, and a lone surrogate */
    size_t n = utf16(text, 0, 1, in);
    CHECK(dump(in, n - 1, 0, NULL, out, sizeof out, err, NULL) == RMK_ERR_DATA &&
              strstr(err, "t.csv:3: the file ends inside a utf-16le character") != NULL,
          "cut: %s", err);
    n = utf16("a;b\n", 0, 1, in);
    n += utf16("x", 0, 0, in + n);
    in[n - 2] = 0x00, in[n - 1] = (char)0xD8; /* U+D800 alone, then a line end */
    n += utf16("\n", 0, 0, in + n);
    CHECK(dump(in, n, 0, NULL, out, sizeof out, err, NULL) == RMK_ERR_DATA &&
              strstr(err, "t.csv:2: an unpaired surrogate 0xD800 is not utf-16le text") != NULL,
          "lone surrogate: %s", err);
    /* megabytes: characters cut by every refill, line numbers kept */
    size_t rows = 200000;
    char *u8 = malloc(rows * 24 + 32), *p = u8;
    p += sprintf(p, "id,v\n");
    for (size_t i = 0; i < rows; i++) p += sprintf(p, "К%zu,😀%zu\n", i, i % 7);
    char *u16 = malloc((size_t)(p - u8) * 2 + 4);
    size_t n16 = utf16(u8, 1, 0, u16);
    rmk_status st;
    csv_reader *r = csv_open_mem(u16, n16, "big.csv", NULL, 0, &st, err, sizeof err);
    const csv_field *f;
    size_t nf, count = 0, bad = 0;
    int rc = -1;
    while (r && (rc = csv_next(r, &f, &nf, &st, err, sizeof err)) == 1) {
        if (count > 0) {
            char a[32], b[32];
            int al = snprintf(a, sizeof a, "К%zu", count - 1), bl = snprintf(b, sizeof b, "😀%zu", (count - 1) % 7);
            if (nf != 2 || f[0].len != (size_t)al || memcmp(f[0].p, a, (size_t)al) ||
                f[1].len != (size_t)bl || memcmp(f[1].p, b, (size_t)bl) || csv_line(r) != count + 1)
                bad++;
        }
        count++;
    }
    CHECK(r && rc == 0 && count == rows + 1 && bad == 0, "rc %d count %zu bad %zu: %s", rc, count,
          bad, err);
    CHECK(r && !strcmp(csv_encoding(r), "utf-16be"), "encoding");
    csv_close(r);
    free(u8);
    free(u16);
}

/* the first error of records read from text (memory, detected delimiter) */
static const char *first_error(const char *text, const char *name, char *err, size_t errlen)
{
    rmk_status st;
    csv_reader *r = csv_open_mem(text, strlen(text), name, NULL, ',', &st, err, errlen);
    const csv_field *f;
    size_t nf;
    if (!r) return err;
    while (csv_next(r, &f, &nf, &st, err, errlen) == 1) continue;
    csv_close(r);
    return err;
}

TEST(test_csv_unclosed_quote)
{
    /* a quote never closed says where it opened: the record's line, then the
     * quote's line and field -- at the end of the input and when the record
     * passes the cap (it would take the rest of the file), not "longer than" */
    char err[256] = "";
    CHECK(!strcmp(first_error("a,b\n1,\"abc\n", "s.csv", err, sizeof err),
                  "s.csv:2: quote opened at line 2, column 2 is never closed"), "%s", err);
    CHECK(!strcmp(first_error("a,b,c\n\"x\ny\",2,\"open\nmore\n", "q.csv", err, sizeof err),
                  "q.csv:2: quote opened at line 3, column 3 is never closed"), "%s", err);
    /* text after a closing quote is another error */
    CHECK(!strcmp(first_error("a,b\n1,\"abc\"x,2\n", "m.csv", err, sizeof err),
                  "m.csv:2:2: text after the closing quote of a quoted field"), "%s", err);
    /* over the cap: lines of text inside the quote, never closed */
    size_t n = CSV_RECORD_CAP + 100;
    char *big = malloc(n + 16);
    size_t k = (size_t)sprintf(big, "a,b\nok,1\n2,\"");
    for (; k < n; k++) big[k] = k % 50 ? 'x' : '\n';
    big[k] = 0;
    CHECK(!strcmp(first_error(big, "big.csv", err, sizeof err),
                  "big.csv:3: quote opened at line 3, column 2 is never closed"), "%s", err);
    /* one line over the cap in quotes is a field too long, whether closed later or not */
    k = (size_t)sprintf(big, "a,b\nok,1\n2,\"");
    for (; k < n; k++) big[k] = 'x';
    big[k] = 0;
    char want[64];
    snprintf(want, sizeof want, "one.csv:3: record longer than %u bytes", (unsigned)CSV_RECORD_CAP);
    CHECK(!strcmp(first_error(big, "one.csv", err, sizeof err), want), "%s", err);
    free(big);
}

TEST(test_csv_long_and_big)
{
    /* a record over the cap is an error, not a crash */
    size_t n = CSV_RECORD_CAP + 10;
    char *big = malloc(n + 8);
    memcpy(big, "a,b\n", 4);
    memset(big + 4, 'x', n);
    big[n + 4] = '\n';
    char err[256] = "";
    rmk_status st;
    csv_reader *r = csv_open_mem(big, n + 5, "big.csv", NULL, ',', &st, err, sizeof err);
    const csv_field *f;
    size_t nf;
    CHECK(csv_next(r, &f, &nf, &st, err, sizeof err) == 1, "header");
    CHECK(csv_next(r, &f, &nf, &st, err, sizeof err) == -1 && st == RMK_ERR_DATA, "too long");
    CHECK(strstr(err, "big.csv:2: record longer") != NULL, "%s", err);
    csv_close(r);
    /* many records across buffer refills keep their line numbers */
    size_t rows = 300000;
    char *s = malloc(rows * 16 + 16), *p = s;
    p += sprintf(p, "id,v\n");
    for (size_t i = 0; i < rows; i++) p += sprintf(p, "%zu,\"%zu\"\n", i, i % 7);
    r = csv_open_mem(s, (size_t)(p - s), "m.csv", NULL, 0, &st, err, sizeof err);
    size_t count = 0, bad = 0;
    int rc;
    while ((rc = csv_next(r, &f, &nf, &st, err, sizeof err)) == 1) {
        if (count > 0) {
            size_t i = count - 1;
            char want[32];
            int wl = snprintf(want, sizeof want, "%zu", i);
            if (nf != 2 || f[0].len != (size_t)wl || memcmp(f[0].p, want, (size_t)wl) ||
                csv_line(r) != count + 1)
                bad++;
        }
        count++;
    }
    CHECK(rc == 0 && count == rows + 1 && bad == 0, "rc %d count %zu bad %zu", rc, count, bad);
    csv_close(r);
    free(s);
    free(big);
}

/* ---------------------------------------------------- transactions reader */

typedef struct collect {
    char text[2048];
    size_t len;
} collect;

static rmk_status collect_row(void *ctx, const txn_row *row, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    collect *c = ctx;
    char d[16], a[32];
    c->len += (size_t)snprintf(c->text + c->len, sizeof c->text - c->len, "%.*s/%.*s/%s/%s;",
                               (int)row->customer_len, row->customer,
                               row->invoice ? (int)row->invoice_len : 1,
                               row->invoice ? row->invoice : "-", rmk_date_format_iso(row->day, d),
                               rmk_money_format(row->amount, 2, '.', a));
    return RMK_OK;
}

TEST(test_txn_roles)
{
    static const struct {
        const char *in;
        const char *map;
        int no_header;
        int skip_bad;
        const char *want;     /* rows, or NULL */
        const char *want_err; /* substring of the error */
    } rows[] = {
        {"customer_id,invoice_id,date,amount\nC1,7,2026-01-02,10.5\n", NULL, 0, 0,
         "C1/7/2026-01-02/10.50;", NULL},
        {"Дата;Контрагент;Сумма;Номер\n02.01.2026;ООО Альфа;1 200,00;А-1\n", NULL, 0, 0,
         "ООО Альфа/А-1/2026-01-02/1200.00;", NULL},
        {"Client,Order Date,Revenue\n c9 ,2026-01-02,5\n", NULL, 0, 0, "c9/-/2026-01-02/5.00;",
         NULL},
        {"who,when,how much\nA,2026-01-02,1\n", "customer=who,date=when,amount=how much", 0, 0,
         "A/-/2026-01-02/1.00;", NULL},
        {"A,x,2026-01-02,3\n", "customer=1,date=3,amount=4", 1, 0, "A/-/2026-01-02/3.00;", NULL},
        {"A,x,2026-01-02,3\n", "customer=1,date=3,amount=4,invoice=2", 1, 0,
         "A/x/2026-01-02/3.00;", NULL},
        {"customer,date,amount,order\nA,2026-01-02,1,9\n", "invoice=-", 0, 0,
         "A/-/2026-01-02/1.00;", NULL},
        {"customer,date,amount\nA,31.02.2026,1\n", NULL, 0, 0, NULL,
         "t.csv:2:2: cannot read date '31.02.2026'"},
        {"customer,date,amount\nA,2026-01-02,1\nB,2026-01-02,x1\n", NULL, 0, 0, NULL,
         "t.csv:3:3: cannot read amount 'x1'"},
        {"customer,date,amount\nA,2026-01-02\n", NULL, 0, 0, NULL,
         "t.csv:2: expected at least 3 fields, found 2"},
        {"customer,date,amount\n,2026-01-02,1\nB,2026-01-02,2\n", NULL, 0, 0,
         "B/-/2026-01-02/2.00;", NULL}, /* a guest row: left out, not an error */
        {"customer,date,amount\nA,03/04/2026,1\n", NULL, 0, 0, NULL, "give --date-format"},
        {"customer,date,amount\nA,bad,1\nB,2026-01-02,2\nC,2026-01-03,x\n", NULL, 0, 1,
         "B/-/2026-01-02/2.00;", NULL},
        {"name,when,value\nA,2026-01-02,1\n", NULL, 0, 0, NULL,
         "t.csv:1: no customer, date column found in the header 'name', 'when', 'value' (use "
         "--map customer=COLUMN,date=COLUMN)"},
        {"customer_name,client_name,date,amount\nA,1,2026-01-02,1\n", NULL, 0, 0, NULL,
         "cannot tell which column is the customer"},
        {"a,b,c\n", "customer=a,date=b,amount=zz", 0, 0, NULL, "--map amount=zz: no such column"},
        {"a,b,c\n", "client=a", 0, 0, NULL, "unknown role 'client'"},
        {"A,2026-01-02,1\n", "customer=x,date=2,amount=3", 1, 0, NULL, "give a column number"},
        {"A,2026-01-02,1\n", "customer=1,date=2", 1, 0, NULL, "amount missing"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rmk_read_opts o;
        rmk_read_opts_init(&o);
        o.map = rows[i].map;
        o.no_header = rows[i].no_header;
        o.skip_bad = rows[i].skip_bad;
        collect c = {{0}, 0};
        txn_counts counts;
        char err[512] = "";
        rmk_status st = txn_read_mem(rows[i].in, strlen(rows[i].in), "t.csv", &o, collect_row, &c,
                                     &counts, err, sizeof err);
        if (rows[i].want) {
            CHECK(st == RMK_OK, "row %zu: %s", i, err);
            CHECK_STR(c.text, rows[i].want);
        } else {
            CHECK(st != RMK_OK, "row %zu should fail", i);
            CHECK(strstr(err, rows[i].want_err) != NULL, "row %zu: '%s' lacks '%s'", i, err,
                  rows[i].want_err);
        }
        if (rows[i].skip_bad) {
            CHECK(counts.skipped == 2 && counts.rows == 3, "skipped %llu of %llu",
                  (unsigned long long)counts.skipped, (unsigned long long)counts.rows);
            CHECK(strstr(counts.first_error, "t.csv:2:2: cannot read date 'bad'") != NULL, "%s",
                  counts.first_error);
        }
    }
}

TEST(test_txn_as_of)
{
    rmk_read_opts o;
    rmk_read_opts_init(&o);
    o.as_of = rmk_days_from_civil(2026, 1, 2);
    const char *in = "customer,date,amount\nA,2026-01-02T23:59,1\nB,2026-01-03,2\n";
    collect c = {{0}, 0};
    txn_counts counts;
    char err[256];
    CHECK(txn_read_mem(in, strlen(in), "t", &o, collect_row, &c, &counts, err, sizeof err) ==
              RMK_OK, "%s", err);
    CHECK_STR(c.text, "A/-/2026-01-02/1.00;");
    CHECK(counts.after_as_of == 1 && counts.rows == 2, "after %llu",
          (unsigned long long)counts.after_as_of);
}

typedef struct pay_collect { char text[1024]; size_t len; } pay_collect;

static rmk_status collect_pay(void *ctx, const txn_row *row, char *err, size_t errlen)
{
    (void)err;
    (void)errlen;
    pay_collect *c = ctx;
    char d1[16] = "-", d2[16] = "-";
    if (row->due_day != RMK_NO_DATE) rmk_date_format_iso(row->due_day, d1);
    if (row->paid_day != RMK_NO_DATE) rmk_date_format_iso(row->paid_day, d2);
    c->len += (size_t)snprintf(c->text + c->len, sizeof c->text - c->len, "%.*s/%s/%s/%d;",
                               (int)row->customer_len, row->customer, d1, d2, row->prepaid);
    return RMK_OK;
}

/* The invoice payment columns: found by name (English, Russian), parsed only
 * when wanted, never taken for the date; errors name line and column. */
TEST(test_txn_payment_columns)
{
    static const struct {
        const char *in;
        unsigned want;
        const char *want_rows, *want_err;
    } rows[] = {
        {"customer,date,amount,due_date,paid_date,prepaid\n"
         "A,2026-01-02,10,2026-02-01,2026-01-20,false\nB,2026-01-03,5,,,\nC,2026-01-04,1,,,да\n",
         TXN_PAYMENT, "A/2026-02-01/2026-01-20/0;B/-/-/-1;C/-/-/1;", NULL},
        {"Клиент;Дата;Сумма;Срок оплаты;Дата оплаты;Предоплата\nА;02.01.2026;10;01.02.2026;;Нет\n",
         TXN_PAYMENT, "А/2026-02-01/-/0;", NULL},
        /* not wanted: recognised (so not taken for the date), not parsed */
        {"customer,due_date,date,paid_date,amount\nA,garbage,2026-01-02,x,1\n", 0, "A/-/-/-1;", NULL},
        {"customer,date,amount,due_date\nA,2026-01-02,1,31.02.2026\n", TXN_PAYMENT, NULL,
         "t.csv:2:4: cannot read due date '31.02.2026'"},
        {"customer,date,amount,prepaid\nA,2026-01-02,1,maybe\n", TXN_PAYMENT, NULL,
         "t.csv:2:4: cannot read prepaid flag 'maybe'"},
        {"a,b,c,d\nA,2026-01-02,1,2026-01-09\n", TXN_PAYMENT, "A/-/2026-01-09/-1;", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rmk_read_opts o;
        rmk_read_opts_init(&o);
        if (i == 5) o.map = "customer=a,date=b,amount=c,paid_date=d";
        pay_collect c = {{0}, 0};
        txn_counts counts;
        char err[512] = "";
        rmk_status st = txn_read_mem_ex(rows[i].in, strlen(rows[i].in), "t.csv", &o, rows[i].want,
                                        collect_pay, &c, &counts, err, sizeof err);
        if (rows[i].want_rows) {
            CHECK(st == RMK_OK, "row %zu: %s", i, err);
            CHECK_STR(c.text, rows[i].want_rows);
        } else {
            CHECK(st == RMK_ERR_DATA && strstr(err, rows[i].want_err) != NULL, "row %zu: '%s'", i, err);
        }
    }
}

/* The customers file: columns by name, every value checked, duplicates named. */
TEST(test_custfile)
{
    static const char good[] =
        "customer_id;name;type;status;contract_start;referrals;structural_bond\n"
        "C2;ООО «Бета»;юрлицо;;01.02.2023;2;да\n"
        "C1;Alpha LLC;corporate;;2024-05-06;;\n"
        "L9;Lead Ltd;corporate;lead;;;\n";
    rmk_read_opts o;
    rmk_read_opts_init(&o);
    custfile *cf = NULL;
    char err[512] = "";
    CHECK(custfile_read_mem(good, sizeof good - 1, "c.csv", &o, &cf, err, sizeof err) == RMK_OK, "%s", err);
    if (cf) {
        CHECK(custfile_count(cf) == 3, "count %zu", custfile_count(cf));
        CHECK_STR(custfile_at(cf, 0)->id, "C1"); /* sorted by id */
        const cust_rec *b = custfile_find(cf, "C2", 2);
        CHECK(b && b->type == CUST_TYPE_CORPORATE && b->referrals == 2 && b->structural_bond == 1 &&
                  b->contract_start == rmk_days_from_civil(2023, 2, 1) && !strcmp(b->name, "ООО «Бета»"),
              "C2");
        const cust_rec *l = custfile_find(cf, "L9", 2);
        CHECK(l && l->status == CUST_STATUS_LEAD && l->contract_start == RMK_NO_DATE && l->referrals == -1,
              "L9");
        CHECK(custfile_find(cf, "C3", 2) == NULL, "absent");
    }
    custfile_free(cf);
    static const struct { const char *in, *want; } bad[] = {
        {"name,type\nA,corporate\n", "c.csv:1: no customer_id column"},
        {"customer_id,type\nA,alien\n", "c.csv:2:2: cannot read type (expected corporate"},
        {"customer_id,status\nA,vip\n", "c.csv:2:2: cannot read status"},
        {"customer_id,contract_start\nA,31.02.2026\n", "c.csv:2:2: cannot read contract start date '31.02.2026'"},
        {"customer_id,referrals\nA,-3\n", "c.csv:2:2: cannot read referrals"},
        {"customer_id,name\nA,x\nB,y\nA,z\n", "c.csv:4: customer 'A' appears twice (lines 2 and 4)"},
        {"customer_id,name\n,x\n", "c.csv:2:1: empty customer id"},
        {"", "c.csv: empty file"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cf = NULL;
        err[0] = 0;
        rmk_status st = custfile_read_mem(bad[i].in, strlen(bad[i].in), "c.csv", &o, &cf, err, sizeof err);
        CHECK(st == RMK_ERR_DATA && cf == NULL && strstr(err, bad[i].want) != NULL, "row %zu: '%s'", i, err);
        custfile_free(cf);
    }
}

/* Issue 13's reading rules (docs/input.md): each row's input, options and
 * the rows read (customer/invoice/date/amount) or the error, worked by hand. */
typedef struct i13_case {
    const char *in;
    const char *map;
    char mark;            /* --decimal-mark */
    const char *include;  /* one --include, or NULL */
    const char *exclude;  /* one --exclude, or NULL */
    int32_t from;         /* 0: none */
    int id_lower, skip_lines;
    const char *want, *want_err;
    const char *columns;  /* the columns line, or NULL */
} i13_case;

static const i13_case i13[] = {
    /* ranking: the tax, shipping and discount columns are never the amount */
    {"Customer,Date,Net Sales,Tax Amount\nA,2026-01-02,10.00,2.00\n", 0, 0, 0, 0, 0, 0, -1,
     "A/-/2026-01-02/10.00;", 0, "customer=Customer, date=Date, amount='Net Sales'"},
    {"Customer,Date,Shipping Amount,Grand Total\nA,2026-01-02,5.00,105.00\n", 0, 0, 0, 0, 0, 0,
     -1, "A/-/2026-01-02/105.00;", 0, NULL},
    {"Customer,Date,Tax Amount,Discount Amount\nA,2026-01-02,1,2\n", 0, 0, 0, 0, 0, 0, -1, NULL,
     "no amount column found", NULL},
    {"Client,Date,Amount incl VAT,Amount excl VAT\nA,2026-01-02,1,2\n", 0, 0, 0, 0, 0, 0, -1, NULL,
     "cannot tell which column is the amount: 'Amount incl VAT' or 'Amount excl VAT'", NULL},
    {"customer,date,amount,amount\nA,2026-01-02,1,2\n", 0, 0, 0, 0, 0, 0, -1, NULL,
     "columns 3 and 4 are both 'amount'", NULL},
    /* Shopify: Name is the order number beside Created at; Email the customer */
    {"Name,Email,Created at,Subtotal,Shipping,Taxes,Total\n#1001,a@x.com,2026-01-02 10:11:12 +0100,"
     "9.00,1.00,0.50,10.50\n",
     0, 0, 0, 0, 0, 0, -1, "a@x.com/#1001/2026-01-02/10.50;", 0,
     "customer=Email, date='Created at', amount=Total, invoice=Name"},
    /* UCI Online Retail: InvoiceNo, amount = Quantity * UnitPrice */
    {"InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n536365,85123A,6,"
     "2010-12-01 08:26,2.55,17850\n",
     "amount=Quantity*UnitPrice", 0, 0, 0, 0, 0, -1, "17850/536365/2010-12-01/15.30;", 0,
     "customer=CustomerID, date=InvoiceDate, amount=Quantity*UnitPrice, invoice=InvoiceNo"},
    {"Quantity,Date,UnitPrice,Customer\n3,2026-01-02,0.335,A\n-2,2026-01-02,0.335,A\n",
     "amount=Quantity*UnitPrice", 0, 0, 0, 0, 0, -1,
     "A/-/2026-01-02/1.01;A/-/2026-01-02/-0.67;", 0, NULL}, /* 1.005 and -0.67 */
    /* decimal marks per column: "1,234" "12,000" beside "950" is thousands */
    {"customer,date,amount\nA,2026-01-02,\"1,234\"\nB,2026-01-02,\"12,000\"\nC,2026-01-02,950\n",
     0, 0, 0, 0, 0, 0, -1,
     "A/-/2026-01-02/1234.00;B/-/2026-01-02/12000.00;C/-/2026-01-02/950.00;", 0, NULL},
    /* a later "1234,50" decides the comma: the held rows are decimals */
    {"customer,date,amount\nA,2026-01-02,\"1,234\"\nB,2026-01-02,\"1234,50\"\n", 0, 0, 0, 0, 0, 0,
     -1, "A/-/2026-01-02/1.23;B/-/2026-01-02/1234.50;", 0, NULL},
    /* an earlier "1.50" decides the point: "1,234" groups thousands */
    {"customer,date,amount\nA,2026-01-02,1.50\nB,2026-01-02,\"1,234\"\n", 0, 0, 0, 0, 0, 0, -1,
     "A/-/2026-01-02/1.50;B/-/2026-01-02/1234.00;", 0, NULL},
    {"customer,date,amount\nA,2026-01-02,\"1.234,5\"\nB,2026-01-02,1.234\n", 0, 0, 0, 0, 0, 0, -1,
     "A/-/2026-01-02/1234.50;B/-/2026-01-02/1234.00;", 0, NULL},
    {"customer,date,amount\nA,2026-01-02,\"1,234\"\n", 0, 0, 0, 0, 0, 0, -1, NULL,
     "give --decimal-mark . or --decimal-mark ,", NULL},
    {"customer,date,amount\nA,2026-01-02,\"1,234\"\n", 0, ',', 0, 0, 0, 0, -1,
     "A/-/2026-01-02/1.23;", 0, NULL},
    {"customer,date,amount\nA,2026-01-02,\"1,50\"\nB,2026-01-02,2.50\n", 0, 0, 0, 0, 0, 0, -1, NULL,
     "t.csv:3:3: amount '2.50': its decimal mark is not the column's ','", NULL},
    /* currency signs and codes */
    {"customer;date;amount\nA;2026-01-02;$1,234.50\nC;2026-01-02;€5\nE;2026-01-02;-$3.25\n"
     "F;2026-01-02;USD 7\nG;2026-01-02;(£2.00)\n",
     0, 0, 0, 0, 0, 0, -1,
     "A/-/2026-01-02/1234.50;C/-/2026-01-02/5.00;E/-/2026-01-02/-3.25;F/-/2026-01-02/7.00;"
     "G/-/2026-01-02/-2.00;", 0, NULL},
    {"customer;date;amount\nB;2026-01-02;12 руб.\nD;2026-01-02;1 234,50 ₽\nH;2026-01-02;7 RUB\n",
     0, 0, 0, 0, 0, 0, -1, "B/-/2026-01-02/12.00;D/-/2026-01-02/1234.50;H/-/2026-01-02/7.00;", 0,
     NULL},
    /* filters, --from, --id-case */
    {"customer,date,amount,status\nA,2026-01-02,1,paid\nB,2026-01-03,2,refunded\nC,2026-01-04,3, "
     "voided \n",
     0, 0, 0, "status=refunded,voided", 0, 0, -1, "A/-/2026-01-02/1.00;", 0, NULL},
    {"customer,date,amount,currency\nA,2026-01-02,1,USD\nB,2026-01-03,2,EUR\n", 0, 0,
     "currency=EUR", 0, 0, 0, -1, "B/-/2026-01-03/2.00;", 0, NULL},
    {"customer,date,amount\nA,2026-01-01,1\nB,2026-01-02,2\n", 0, 0, 0, 0, 20455, 0, -1,
     "B/-/2026-01-02/2.00;", 0, NULL}, /* 20455 = 2026-01-02 */
    {"customer,date,amount\n Anna@X.com ,2026-01-02,1\nАННА,2026-01-02,1\n", 0, 0, 0, 0, 0, 1, -1,
     "anna@x.com/-/2026-01-02/1.00;анна/-/2026-01-02/1.00;", 0, NULL},
    /* title lines, totals rows, --skip-lines */
    {"Продажи за период;;\n;;\nКонтрагент;Дата;Сумма\nООО А;02.01.2026;\"1 200,50\"\nИтого;;1 200,50\n",
     0, 0, 0, 0, 0, 0, -1, "ООО А/-/2026-01-02/1200.50;", 0,
     "customer=Контрагент, date=Дата, amount=Сумма"},
    {"x,y,z\ncustomer,date,amount\nA,2026-01-02,1\n", 0, 0, 0, 0, 0, 0, 1, "A/-/2026-01-02/1.00;",
     0, NULL},
    {"x,y,z\ncustomer,date,amount\nA,2026-01-02,1\n", 0, 0, 0, 0, 0, 0, 0, NULL,
     "t.csv:1: no customer, date, amount column found", NULL},
};

TEST(test_txn_issue13)
{
    for (size_t i = 0; i < sizeof i13 / sizeof i13[0]; i++) {
        const i13_case *t = &i13[i];
        rmk_read_opts o;
        rmk_read_opts_init(&o);
        o.map = t->map;
        o.decimal_mark = t->mark;
        const char *inc[1] = {t->include}, *exc[1] = {t->exclude};
        if (t->include) o.include = inc, o.n_include = 1;
        if (t->exclude) o.exclude = exc, o.n_exclude = 1;
        if (t->from) o.from = t->from;
        o.id_lower = t->id_lower;
        o.skip_lines = t->skip_lines;
        collect c = {{0}, 0};
        txn_counts counts;
        char err[512] = "";
        rmk_status st = txn_read_mem(t->in, strlen(t->in), "t.csv", &o, collect_row, &c, &counts,
                                     err, sizeof err);
        if (t->want) {
            CHECK(st == RMK_OK, "row %zu: %s", i, err);
            CHECK(!strcmp(c.text, t->want), "row %zu: '%s' not '%s'", i, c.text, t->want);
        } else {
            CHECK(st != RMK_OK, "row %zu should fail", i);
            CHECK(strstr(err, t->want_err) != NULL, "row %zu: '%s' lacks '%s'", i, err, t->want_err);
        }
        if (t->columns)
            CHECK(!strcmp(counts.columns, t->columns), "row %zu: columns '%s'", i, counts.columns);
    }
}

/* amount=A*B: the product in 1/10,000, half away from zero (docs/input.md,
 * "--map"): 0.0015 x 0.5 = 0.00075 -> 0.0008; 3 x 0.335 = 1.005 exactly. */
TEST(test_txn_money_product)
{
    int64_t v;
    CHECK(money_product(15, 5000, &v) == 0 && v == 8, "%lld", (long long)v);
    CHECK(money_product(-15, 5000, &v) == 0 && v == -8, "%lld", (long long)v);
    CHECK(money_product(14, 5000, &v) == 0 && v == 7, "%lld", (long long)v);
    CHECK(money_product(30000, 3350, &v) == 0 && v == 10050, "%lld", (long long)v);
    CHECK(money_product(INT64_MAX, 20000, &v) == -1, "overflow");
}

/* The counts of rows left out, and of bad rows by reason. */
TEST(test_txn_left_out_counts)
{
    const char *in = "Отчёт\ncustomer;date;amount\n;2026-01-02;1\nA;2026-01-02;1\nA;bad;1\n"
                     "B;2026-01-03;x\nC;2026-01-03;y\nИтого;;3\n";
    rmk_read_opts o;
    rmk_read_opts_init(&o);
    o.skip_bad = 1;
    collect c = {{0}, 0};
    txn_counts n;
    char err[512] = "";
    CHECK(txn_read_mem(in, strlen(in), "t.csv", &o, collect_row, &c, &n, err, sizeof err) == RMK_OK,
          "%s", err);
    CHECK(n.guest == 1 && n.totals == 1 && n.totals_line == 8, "guest %llu totals %llu",
          (unsigned long long)n.guest, (unsigned long long)n.totals);
    CHECK(n.skipped == 3 && n.reasons[TXN_R_DATE] == 1 && n.reasons[TXN_R_AMOUNT] == 2,
          "skipped %llu", (unsigned long long)n.skipped);
    CHECK(strstr(n.first_error, "t.csv:5:2: cannot read date 'bad'") != NULL, "%s", n.first_error);
    CHECK_STR(c.text, "A/-/2026-01-02/1.00;");
}
