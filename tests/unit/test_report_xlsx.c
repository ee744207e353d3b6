/* SPDX-License-Identifier: MIT */
/* test_report_xlsx.c — the workbook's per-customer tables past a sheet's
 * rows (docs/report.md, "The workbook"): a table of n rows with at most k
 * per sheet fills ceil(n / k) sheets "NAME", "NAME (2)", ... of k rows, the
 * last with the rest; and a workbook that cannot be written is an error
 * that leaves no file. The cells themselves are compared with the CSV
 * outputs by tests/cli/cases/report_xlsx*.sh. */
#include "unit.h"
#include "xlsx.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* 7 customers with purchases, every one in the ABC-XYZ window */
static const char seven[] = "customer,date,amount\n"
                            "A,2026-01-05,10\nB,2026-02-05,20\nC,2026-03-05,30\nD,2026-04-05,40\n"
                            "E,2026-05-05,50\nF,2026-06-05,60\nG,2026-06-20,70\nA,2026-06-25,15\n";

static rmk_book *seven_book(char *dir)
{
    char path[128];
    snprintf(path, sizeof path, "%s/tx.csv", dir);
    FILE *f = fopen(path, "w");
    if (!f) return NULL;
    fputs(seven, f);
    fclose(f);
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_ALL;
    rmk_book *b = NULL;
    char err[512];
    CHECK(rmk_book_read(path, NULL, &bo, &b, err, sizeof err) == RMK_OK, "%s", err);
    unlink(path);
    return b;
}

/* the rows of sheet `name`, -1 when there is no such sheet */
static long rows_of(const xlsx_sheet_info *info, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(info[i].name, name)) return (long)info[i].rows;
    return -1;
}

TEST(test_xlsx_sheets_split)
{
    char dir[] = "/tmp/relmark-xlsx-XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    rmk_book *b = seven_book(dir);
    rmk_report *r = NULL;
    char err[512], path[160];
    CHECK(b && rmk_report_build(b, NULL, &r, err, sizeof err) == RMK_OK, "%s", err);
    snprintf(path, sizeof path, "%s/r.xlsx", dir);
    /* k = 3: 3 + 3 + 1; k = 6: 6 + 1; k = 7: one sheet of 7 */
    static const struct { size_t k; long rows[3]; } want[] = {{3, {3, 3, 1}}, {6, {6, 1, -1}}, {7, {7, -1, -1}}};
    for (size_t t = 0; r && t < sizeof want / sizeof want[0]; t++) {
        xlsx_sheet_info info[64];
        size_t n = 0;
        CHECK(rpt_xlsx_write(r, path, want[t].k, info, 64, &n, err, sizeof err) == RMK_OK, "%s", err);
        CHECK(n > 3 && !strcmp(info[0].name, "Summary") && info[0].rows == 0, "k %zu: first sheet %s", want[t].k,
              n ? info[0].name : "none");
        static const char *tables[3] = {"RFM", "Stages", "ABC-XYZ"};
        for (int s = 0; s < 3; s++)
            for (int part = 0; part < 3; part++) {
                char name[64];
                if (part) snprintf(name, sizeof name, "%s (%d)", tables[s], part + 1);
                else snprintf(name, sizeof name, "%s", tables[s]);
                long got = rows_of(info, n, name);
                CHECK(got == want[t].rows[part], "k %zu: %s: %ld rows, want %ld", want[t].k, name, got,
                      want[t].rows[part]);
            }
        CHECK(access(path, F_OK) == 0, "k %zu: no workbook", want[t].k);
        unlink(path);
    }
    /* into a directory that is not there: an I/O error naming the file, no file */
    snprintf(path, sizeof path, "%s/missing/r.xlsx", dir);
    rmk_status st = r ? rmk_report_xlsx(r, path, err, sizeof err) : RMK_ERR_USAGE;
    CHECK(st == RMK_ERR_IO && strstr(err, "missing/r.xlsx"), "status %d: %s", st, err);
    CHECK(access(path, F_OK) != 0, "a file was left");
    CHECK(rmk_report_xlsx(r, "", err, sizeof err) == RMK_ERR_USAGE, "an empty path");
    rmk_report_free(r);
    rmk_book_free(b);
    rmdir(dir);
}
