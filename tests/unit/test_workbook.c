/* SPDX-License-Identifier: MIT */
/* test_workbook.c — workbooks read as records (docs/input.md, "Excel
 * workbooks"): numbers as Excel's 15 digits, date serials of both date
 * systems, cell references, the kinds told by their first bytes, and the
 * hand-written edge sheet of tests/data/workbooks (make_fixtures.py). */
#include "workbook.h"
#include "unit.h"
#include <stdlib.h>

TEST(test_workbook_numbers)
{
    /* worked by hand: the decimal text rounded half away from zero at the
     * 15th significant digit, no exponent for 1e-15 <= |x| < 1e20 */
    static const struct { const char *in, *want; } rows[] = {
        {"1234.5", "1234.5"},
        {"1234.50", "1234.5"},
        {"0.30000000000000004", "0.3"},
        {"0.1", "0.1"},
        {"-20", "-20"},
        {"-0", "0"},
        {"0", "0"},
        {"007", "7"},
        {"12000", "12000"},
        {"1.2345E3", "1234.5"},
        {"2.5e-3", "0.0025"},
        {"1E-3", "0.001"},
        {"12345678901234567", "12345678901234600"},
        {"123456789012345.5", "123456789012346"},
        {"0.99999999999999999", "1"},
        {"99999999999999999999", "1E+20"},
        {"1E+20", "1E+20"},
        {"99999999999999900000", "99999999999999900000"},
        {"0.000000000000001", "0.000000000000001"},
        {"1e-16", "1E-16"},
        {"-1.5E-20", "-1.5E-20"},
        {"1,5", "1.5"},
        {"+3", "3"},
        {"", NULL},
        {"-", NULL},
        {"1.2.3", NULL},
        {"1e", NULL},
        {"12abc", NULL},
        {"1 000", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[48] = "";
        int n = wb_number_text(rows[i].in, strlen(rows[i].in), out);
        if (!rows[i].want) CHECK(n == -1, "'%s' gave '%s'", rows[i].in, out);
        else CHECK(n == (int)strlen(rows[i].want) && !strcmp(out, rows[i].want),
                   "'%s': got '%s' (%d), want '%s'", rows[i].in, out, n, rows[i].want);
    }
}

TEST(test_workbook_serials)
{
    /* 1900 system: day 1 is 1900-01-01, day 60 Excel's 1900-02-29, day 61
     * 1900-03-01; 2024-01-01 is 45292, + 152 days = 2024-06-01 = 45444.
     * 1904 system: day 0 is 1904-01-01, 1462 days after 1900's day 0 ... so
     * 2024-06-01 = 45444 - 1462 = 43982. 9999-12-31 is 2958465. */
    static const struct { double s; int d1904, time_only; const char *want; } rows[] = {
        {1, 0, 0, "1900-01-01"},
        {0, 0, 0, "1900-01-00"},
        {59, 0, 0, "1900-02-28"},
        {60, 0, 0, "1900-02-29"},
        {61, 0, 0, "1900-03-01"},
        {45292, 0, 0, "2024-01-01"},
        {45444, 0, 0, "2024-06-01"},
        {45444.5, 0, 0, "2024-06-01 12:00:00"},
        {45444.75, 0, 0, "2024-06-01 18:00:00"},
        {45444.999999999, 0, 0, "2024-06-02"},
        {0.75, 0, 1, "18:00:00"},
        {45444.5, 0, 1, "12:00:00"},
        {0, 1, 0, "1904-01-01"},
        {43982, 1, 0, "2024-06-01"},
        {2958465, 0, 0, "9999-12-31"},
        {2958466, 0, 0, NULL},
        {2957003, 1, 0, "9999-12-31"},
        {2957004, 1, 0, NULL},
        {-1, 0, 0, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[32] = "";
        int n = wb_serial_text(rows[i].s, rows[i].d1904, rows[i].time_only, out);
        if (!rows[i].want) CHECK(n == -1, "%.9g gave '%s'", rows[i].s, out);
        else CHECK(n == (int)strlen(rows[i].want) && !strcmp(out, rows[i].want),
                   "%.9g (1904 %d): got '%s', want '%s'", rows[i].s, rows[i].d1904, out,
                   rows[i].want);
    }
}

TEST(test_workbook_refs_and_magic)
{
    char ref[16];
    wb_cell_ref(0, 1, ref);
    CHECK_STR(ref, "A1");
    wb_cell_ref(25, 7, ref);
    CHECK_STR(ref, "Z7");
    wb_cell_ref(26, 7, ref);
    CHECK_STR(ref, "AA7");
    wb_cell_ref(16383, 1048576, ref);
    CHECK_STR(ref, "XFD1048576");
    CHECK(wb_magic("PK\3\4rest", 8) == WB_XLSX, "zip");
    CHECK(wb_magic("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == WB_XLS, "ole2");
    CHECK(wb_magic("\xD0\xCF\x11\xE0\xA1\xB1\x1A", 7) == WB_NONE, "ole2 cut");
    CHECK(wb_magic("PK\3", 3) == WB_NONE, "zip cut");
    CHECK(wb_magic("PK\5\6", 4) == WB_NONE, "an empty zip is no workbook");
    CHECK(wb_magic("customer_id,date", 16) == WB_NONE, "csv");
}

/* a file's records as "a|b@row;" */
static rmk_status dump_file(const char *path, const char *sheet, char *out, size_t cap, char *err,
                            size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) return snprintf(err, errlen, "cannot open %s", path), RMK_ERR_NOINPUT;
    static char data[1 << 16];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    rmk_status st;
    csv_reader *r = csv_open_mem_sheet(data, len, "e.xlsx", NULL, 0, sheet, &st, err, errlen);
    if (!r) return st;
    const csv_field *fl;
    size_t nf, o = 0;
    int rc;
    out[0] = 0;
    while ((rc = csv_next(r, &fl, &nf, &st, err, errlen)) == 1) {
        for (size_t i = 0; i < nf; i++)
            o += (size_t)snprintf(out + o, cap - o, "%s%.*s", i ? "|" : "", (int)fl[i].len, fl[i].p);
        o += (size_t)snprintf(out + o, cap - o, "@%llu;", (unsigned long long)csv_line(r));
    }
    CHECK(!strcmp(csv_name(r), sheet ? "e.xlsx[Refunds]" : "e.xlsx[Data]") ||
          !strcmp(csv_name(r), "e.xlsx[Orders]"), "name %s", csv_name(r));
    csv_close(r);
    return rc < 0 ? st : RMK_OK;
}

TEST(test_workbook_edge_sheet)
{
    char out[2048], err[512];
    /* make_fixtures.py's EDGE: shared strings with runs and a phonetic run
     * left out, inline strings, a formula's cached string, #N/A, a styled
     * but empty row skipped, a row and cells without r=, the built-in date
     * style 14 and a custom [$-419]dd\.mm\.yyyy, #,##0.00 on 1.2345E3,
     * days 60 and 61, a 17-digit number, a boolean */
    rmk_status st = dump_file("tests/data/workbooks/edge.xlsx", NULL, out, sizeof out, err,
                              sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    CHECK_STR(out, "Клиент|Дата|Сумма|Номер@1;"
                   "ООО \"Ромашка\"|2024-06-01|1234.5|N-1@3;"
                   "ИП Иванов|2024-06-02 12:00:00|0.3|#N/A@4;"
                   "day 60|1900-02-29|0.001|@6;"
                   "day 61|1900-03-01|12345678901234600|TRUE@7;");
    st = dump_file("tests/data/workbooks/orders.xlsx", "refunds", out, sizeof out, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    CHECK_STR(out, "Order|Customer|Date|Amount@1;#1007|anna@example.com|2024-05-30|-20@2;");
    static const struct { const char *file, *msg; } bad[] = {
        {"bad_shared_index.xlsx", "e.xlsx[Data]:2: cell B2: shared string (the workbook has 3) not there: '7'"},
        {"rows_backwards.xlsx", "e.xlsx[Data]: row 2 comes after row 5"},
        {"huge_dimension.xlsx", "e.xlsx[Data]:2: cell XFD2: more than 4096 columns or 1048576 bytes in a row"},
        {"entity_bomb.xlsx", "e.xlsx[Data]: the sheet's XML: a DOCTYPE, which no workbook has (refused)"},
    };
    /* FreeXL 1.0.6 reads past a buffer on this one (found by fuzz_xlsx): in
     * its child process; a DATA error here whatever it does there */
    st = dump_file("tests/data/workbooks/freexl_overread.xls", NULL, out, sizeof out, err, sizeof err);
    CHECK(st == RMK_ERR_DATA && !strncmp(err, "e.xlsx: ", 8), "freexl_overread.xls: %d '%s'", st, err);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "tests/data/workbooks/%s", bad[i].file);
        err[0] = 0;
        st = dump_file(path, NULL, out, sizeof out, err, sizeof err);
        CHECK(st == RMK_ERR_DATA && !strcmp(err, bad[i].msg), "%s: %d '%s'", bad[i].file, st, err);
    }
}
