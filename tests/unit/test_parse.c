/* SPDX-License-Identifier: MIT */
/* test_parse.c — dates and amounts, one row per case. */
#include "parse.h"
#include "unit.h"

TEST(test_date_table)
{
    static const struct {
        const char *in;
        rmk_date_format fmt;
        const char *want; /* ISO, or NULL = rejected */
    } rows[] = {
        {"2026-06-30", RMK_DATE_AUTO, "2026-06-30"},
        {"2026-6-3", RMK_DATE_AUTO, "2026-06-03"},
        {"2026-06-30T23:59:59", RMK_DATE_AUTO, "2026-06-30"},
        {"2026-06-30T23:59:59.123+03:00", RMK_DATE_AUTO, "2026-06-30"},
        {"2026-06-30 10:00", RMK_DATE_AUTO, "2026-06-30"},
        {"2026-06-30Z", RMK_DATE_AUTO, NULL},
        {"  2026-06-30 ", RMK_DATE_AUTO, "2026-06-30"},
        {"19970101", RMK_DATE_AUTO, "1997-01-01"},
        {"19970230", RMK_DATE_AUTO, NULL},
        {"31.12.2025", RMK_DATE_AUTO, "2025-12-31"},
        {"1.2.2026", RMK_DATE_AUTO, "2026-02-01"},
        {"01.02.2026 0:00:00", RMK_DATE_AUTO, "2026-02-01"},
        {"31.02.2026", RMK_DATE_AUTO, NULL},
        {"29.02.2024", RMK_DATE_AUTO, "2024-02-29"},
        {"29.02.2025", RMK_DATE_AUTO, NULL},
        {"29.02.2000", RMK_DATE_AUTO, "2000-02-29"},
        {"29.02.1900", RMK_DATE_AUTO, NULL},
        {"03/04/2026", RMK_DATE_AUTO, NULL},
        {"03/04/2026", RMK_DATE_DMY, "2026-04-03"},
        {"03/04/2026", RMK_DATE_MDY, "2026-03-04"},
        {"13/04/2026", RMK_DATE_MDY, NULL},
        {"2026/04/03", RMK_DATE_AUTO, "2026-04-03"},
        {"2026-13-01", RMK_DATE_AUTO, NULL},
        {"2026-00-10", RMK_DATE_AUTO, NULL},
        {"2026-01-00", RMK_DATE_AUTO, NULL},
        {"2026-01-32", RMK_DATE_AUTO, NULL},
        {"2026-01", RMK_DATE_AUTO, NULL},
        {"202601011", RMK_DATE_AUTO, NULL},
        {"20260101 12:00", RMK_DATE_AUTO, "2026-01-01"},
        {"0999-01-01", RMK_DATE_AUTO, NULL},
        {"", RMK_DATE_AUTO, NULL},
        {"yesterday", RMK_DATE_AUTO, NULL},
        {"2026-01-01x", RMK_DATE_AUTO, NULL},
        {"1970-01-01", RMK_DATE_AUTO, "1970-01-01"},
        {"1969-12-31", RMK_DATE_AUTO, "1969-12-31"},
        {"9999-12-31", RMK_DATE_AUTO, "9999-12-31"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int32_t d = 0;
        rmk_status st = rmk_date_parse(rows[i].in, strlen(rows[i].in), rows[i].fmt, &d);
        if (!rows[i].want) {
            CHECK(st == RMK_ERR_DATA, "'%s' should be rejected", rows[i].in);
            continue;
        }
        char buf[16];
        CHECK(st == RMK_OK, "'%s' should parse", rows[i].in);
        if (st == RMK_OK) CHECK_STR(rmk_date_format_iso(d, buf), rows[i].want);
    }
    CHECK(rmk_days_from_civil(1970, 1, 1) == 0, "epoch");
    CHECK(rmk_days_from_civil(2000, 3, 1) == 11017, "2000-03-01");
    /* round trip over 400 years: every day once, in order */
    int32_t prev = rmk_days_from_civil(1899, 12, 31);
    for (int y = 1900; y < 2300; y++)
        for (int m = 1; m <= 12; m++)
            for (int dd = 1; dd <= 31; dd++) {
                char s[48];
                snprintf(s, sizeof s, "%04d-%02d-%02d", y, m, dd);
                int32_t d;
                if (rmk_date_parse(s, 10, RMK_DATE_AUTO, &d) != RMK_OK) continue;
                if (d != prev + 1) {
                    CHECK(d == prev + 1, "%s is not the day after the previous", s);
                    return;
                }
                char back[16];
                rmk_date_format_iso(d, back);
                if (strcmp(back, s)) {
                    CHECK_STR(back, s);
                    return;
                }
                prev = d;
            }
}

TEST(test_money_table)
{
    /* a NUL byte is no decimal mark (nor anything else in a number) */
    {
        int64_t v = 0;
        CHECK(rmk_money_parse("1\0009", 3, &v) == RMK_ERR_DATA, "1<NUL>9 read as %lld", (long long)v);
        CHECK(rmk_money_parse("12\000", 3, &v) == RMK_ERR_DATA, "12<NUL> read as %lld", (long long)v);
        CHECK(rmk_money_parse("1,5\000", 4, &v) == RMK_ERR_DATA, "1,5<NUL> read as %lld", (long long)v);
    }
    static const struct {
        const char *in;
        int ok;
        long long want; /* minor units, 1/10000 */
    } rows[] = {
        {"0", 1, 0},
        {"12", 1, 120000},
        {"12.5", 1, 125000},
        {"12,5", 1, 125000},
        {"-12.34", 1, -123400},
        {"+7", 1, 70000},
        {"(12.50)", 1, -125000},
        {"1 234,56", 1, 12345600},
        {"1\xC2\xA0" "234,56", 1, 12345600},        /* no-break space */
        {"1\xE2\x80\xAF" "234\xE2\x80\xAF" "567,8", 1, 12345678000LL}, /* narrow nbsp */
        {"1'234.50", 1, 12345000},
        {"1,234.56", 1, 12345600},
        {"1.234,56", 1, 12345600},
        {"1,234,567", 1, 12345670000LL},
        {"1.234.567", 1, 12345670000LL},
        {"1,2345", 1, 12345},
        {"0.00005", 1, 1},   /* half away from zero at the 5th decimal */
        {"0.00004", 1, 0},
        {"-0.00005", 1, -1},
        {"0.12344999", 1, 1234},
        {".5", 1, 5000},
        {"5.", 1, 50000},
        {" 42 ", 1, 420000},
        {"\xE2\x88\x92" "3", 1, -30000}, /* U+2212 minus */
        {"922337203685477", 1, 9223372036854770000LL},
        {"922337203685478", 0, 0}, /* overflows int64 minor units */
        {"", 0, 0},
        {"-", 0, 0},
        {".", 0, 0},
        {"abc", 0, 0},
        {"12a", 0, 0},
        {"1e3", 0, 0},
        {"1 23", 0, 0},      /* a group must have 3 digits */
        {"1234 567", 0, 0},  /* the first group has at most 3 */
        {"1,23,456.00", 0, 0},
        {"1.2.3,4.5", 0, 0},
        {"--1", 0, 0},
        {"(-1)", 0, 0},
        {"1,234.5.6", 0, 0},
        /* the fast path's edges: 14 integer digits, 4 decimals */
        {"99999999999999.9999", 1, 999999999999999999LL},
        {"-99999999999999.9999", 1, -999999999999999999LL},
        {"999999999999999", 0, 0}, /* 15 digits: beyond INT64_MAX minor units */
        {"12.34567", 1, 123457},
        {"12.3456", 1, 123456},
        {"-0.0001", 1, -1},
        {"007.50", 1, 75000},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t v = 0;
        rmk_status st = rmk_money_parse(rows[i].in, strlen(rows[i].in), &v);
        if (rows[i].ok) {
            CHECK(st == RMK_OK, "'%s' should parse", rows[i].in);
            CHECK(v == rows[i].want, "'%s' = %lld, want %lld", rows[i].in, (long long)v,
                  rows[i].want);
        } else {
            CHECK(st == RMK_ERR_DATA, "'%s' should be rejected (got %lld)", rows[i].in,
                  (long long)v);
        }
    }
}

TEST(test_money_format)
{
    static const struct { long long minor; int dec; const char *want; } rows[] = {
        {0, 2, "0.00"}, {125000, 2, "12.50"}, {-125000, 2, "-12.50"}, {50, 2, "0.01"},
        {49, 2, "0.00"}, {-50, 2, "-0.01"}, {-49, 2, "0.00"}, {12345678, 4, "1234.5678"},
        {12345678, 0, "1235"}, {INT64_MAX, 2, "922337203685477.58"},
        {INT64_MIN, 2, "-922337203685477.58"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char buf[32];
        CHECK_STR(rmk_money_format(rows[i].minor, rows[i].dec, '.', buf), rows[i].want);
    }
    char buf[32];
    CHECK_STR(rmk_money_format(125000, 2, ',', buf), "12,50");
    /* exact rationals: 10.005 = 100050/10000 -> 10.01; 1001 cents / 2 */
    CHECK_STR(rmk_ratio_format(100050, 1, 2, '.', buf), "10.01");
    CHECK_STR(rmk_ratio_format(-100050, 1, 2, '.', buf), "-10.01");
    CHECK_STR(rmk_ratio_format(100100, 2, 2, '.', buf), "5.01");
    CHECK_STR(rmk_ratio_format(100000, 3, 2, '.', buf), "3.33");
    CHECK_STR(rmk_ratio_format(200000, 3, 2, '.', buf), "6.67");
    CHECK_STR(rmk_ratio_format(-200000, 3, 2, '.', buf), "-6.67");
    CHECK_STR(rmk_ratio_format(1, 3, 2, '.', buf), "0.00");
}

TEST(test_utf8_and_headers)
{
    CHECK(utf8_valid((const unsigned char *)"Клиент", strlen("Клиент")), "cyrillic");
    CHECK(!utf8_valid((const unsigned char *)"\xCA\xEB\xE8", 3), "cp1251 bytes");
    CHECK(!utf8_valid((const unsigned char *)"\xC0\xAF", 2), "overlong");
    CHECK(!utf8_valid((const unsigned char *)"\xED\xA0\x80", 3), "surrogate");
    CHECK(!utf8_valid((const unsigned char *)"\xE2\x82", 2), "truncated");
    char out[64];
    header_normalise(" Customer ID ", 13, out, sizeof out);
    CHECK_STR(out, "customer_id");
    header_normalise("КЛИЕНТ", strlen("КЛИЕНТ"), out, sizeof out);
    CHECK_STR(out, "клиент");
    header_normalise("Дата документа", strlen("Дата документа"), out, sizeof out);
    CHECK_STR(out, "дата_документа");
    header_normalise("ЁЖ", strlen("ЁЖ"), out, sizeof out);
    CHECK_STR(out, "ёж");
}

TEST(test_id_problem)
{
    static char big[ID_MAX + 1];
    memset(big, 'x', sizeof big);
    static const struct {
        const char *p;
        size_t len;
        int may_be_empty;
        const char *want; /* NULL: a good id */
    } cases[] = {
        {"C1", 2, 0, NULL},
        {"Клиент", sizeof "Клиент" - 1, 0, NULL},
        {"", 0, 0, "empty customer id"},
        {"", 0, 1, NULL},                       /* a respondent may be blank */
        {big, ID_MAX, 0, NULL},                 /* exactly 1024 bytes */
        {big, ID_MAX + 1, 0, "customer id longer than 1024 bytes"},
        {"A\0x", 3, 0, "customer id contains a NUL byte (is the file UTF-16? use --encoding utf-16)"},
        {"\0", 1, 1, "customer id contains a NUL byte (is the file UTF-16? use --encoding utf-16)"},
        {"\xCA\xEB", 2, 0, "customer id is not valid UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char buf[128];
        const char *got = id_problem("customer id", cases[i].p, cases[i].len, cases[i].may_be_empty,
                                     buf, sizeof buf);
        if (!cases[i].want) CHECK(got == NULL, "case %zu: %s", i, got);
        else CHECK(got && !strcmp(got, cases[i].want), "case %zu: got '%s'", i, got ? got : "(none)");
    }
}
