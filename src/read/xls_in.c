/* xls_in.c — one worksheet of an .xls workbook (Excel 97-2003, BIFF) as rows,
 * read by FreeXL. FreeXL reads a file by name and holds the sheet's cells
 * (at most 65,536 rows of 256 columns in the format): a workbook from a pipe
 * is written to a temporary file in $TMPDIR first, removed once opened.
 * FreeXL gives dates (either date system) as "YYYY-MM-DD" text already;
 * numbers are written as the .xlsx reader writes them (wb_number_text). */
#include "workbook.h"
#include "errmsg.h"
#include <errno.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

struct xls_in {
    const void *h;
    char where[600];
    unsigned rows, row; /* the sheet's rows, the next one */
    unsigned short cols;
};

/* A workbook in memory to a file FreeXL can open: its name into path. */
static rmk_status to_temp(const wb_source *src, char *path, size_t cap, char *err, size_t errlen)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, cap, "%s/relmark-xls-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return rmk_fail(err, errlen, RMK_ERR_IO, "%s: cannot make a temporary file %s: %s",
                        src->name, path, strerror(errno));
    size_t done = 0;
    while (done < src->mem_len) {
        ssize_t n = write(fd, src->mem + done, src->mem_len - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int e = n < 0 ? errno : ENOSPC;
            close(fd);
            unlink(path);
            return rmk_fail(err, errlen, RMK_ERR_IO, "%s: cannot write the temporary file %s: %s",
                            src->name, path, strerror(e));
        }
        done += (size_t)n;
    }
    close(fd);
    return RMK_OK;
}

/* The sheet's index: by name, or the first */
static int pick(xls_in *x, const wb_source *src, const char *want, rmk_status *st, char *err,
                size_t errlen)
{
    unsigned count = 0;
    if (freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0) {
        *st = rmk_fail(err, errlen, RMK_ERR_DATA, "%s: the .xls workbook has no worksheet",
                       src->name);
        return -1;
    }
    char list[300] = "";
    size_t o = 0;
    for (unsigned i = 0; i < count && i < 65535; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(x->h, (unsigned short)i, &name) != FREEXL_OK || !name)
            name = "";
        if (!want || !strcmp(name, want) || !strcasecmp(name, want)) {
            snprintf(x->where, sizeof x->where, "%s[%s]", src->name, name);
            return (int)i;
        }
        if (o < sizeof list - 40)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s'%.30s'", i ? ", " : "", name);
    }
    *st = rmk_fail(err, errlen, RMK_ERR_USAGE, "%s: no sheet '%s' (its sheets: %s)", src->name,
                   want, list);
    return -1;
}

xls_in *xls_in_open(const wb_source *src, const char *sheet, char *name, size_t namecap,
                    rmk_status *st, char *err, size_t errlen)
{
    xls_in *x = calloc(1, sizeof *x);
    if (!x) {
        *st = rmk_nomem(err, errlen);
        return NULL;
    }
    char tmp[4096];
    const char *path = src->path;
    if (!path) {
        if ((*st = to_temp(src, tmp, sizeof tmp, err, errlen))) {
            free(x);
            return NULL;
        }
        path = tmp;
    }
    int rc = freexl_open(path, &x->h);
    if (!src->path) unlink(tmp);
    unsigned info = 0;
    if (rc == FREEXL_OK && freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
        info == FREEXL_BIFF_OBFUSCATED) {
        *st = rmk_fail(err, errlen, RMK_ERR_DATA,
                       "%s: the .xls workbook is protected by a password: save it without one",
                       src->name);
        xls_in_close(x);
        return NULL;
    }
    if (rc != FREEXL_OK) {
        *st = rc == FREEXL_INSUFFICIENT_MEMORY ? rmk_nomem(err, errlen)
            : rmk_fail(err, errlen, RMK_ERR_DATA,
                       "%s: starts as an .xls workbook (an OLE2 file) but cannot be read as one "
                       "(FreeXL error %d; an encrypted .xlsx starts so too)", src->name, rc);
        xls_in_close(x);
        return NULL;
    }
    int idx = pick(x, src, sheet, st, err, errlen);
    if (idx < 0) {
        xls_in_close(x);
        return NULL;
    }
    if (freexl_select_active_worksheet(x->h, (unsigned short)idx) != FREEXL_OK ||
        freexl_worksheet_dimensions(x->h, &x->rows, &x->cols) != FREEXL_OK) {
        *st = rmk_fail(err, errlen, RMK_ERR_DATA, "%s: the sheet cannot be read", x->where);
        xls_in_close(x);
        return NULL;
    }
    snprintf(name, namecap, "%s", x->where);
    return x;
}

/* One cell's text into *p, *n (num is the buffer for numbers) */
static void cell_text(const FreeXL_CellValue *v, char *num, const char **p, size_t *n)
{
    *p = "", *n = 0;
    switch (v->type) {
    case FREEXL_CELL_INT:
        *n = (size_t)snprintf(num, 48, "%d", v->value.int_value);
        *p = num;
        break;
    case FREEXL_CELL_DOUBLE: {
        /* 21 significant digits, then Excel's 15 (the point may be a ',' in
         * the caller's locale: wb_number_text takes either) */
        char full[64];
        int len = snprintf(full, sizeof full, "%.20e", v->value.double_value);
        int k = len > 0 ? wb_number_text(full, (size_t)len, num) : -1;
        if (k > 0) *p = num, *n = (size_t)k;
        break;
    }
    case FREEXL_CELL_TEXT: case FREEXL_CELL_SST_TEXT: case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME: case FREEXL_CELL_TIME:
        if (v->value.text_value) *p = v->value.text_value, *n = strlen(*p);
        /* midnight, as the .xlsx reader writes it: the date alone */
        if (v->type == FREEXL_CELL_DATETIME && *n == 19 && !strcmp(*p + 10, " 00:00:00")) *n = 10;
        break;
    }
}

int xls_in_next(xls_in *x, wb_row *row, uint64_t *rownum, rmk_status *st, char *err,
                size_t errlen)
{
    for (; x->row < x->rows; x->row++) {
        int any = 0;
        wb_row_reset(row);
        for (unsigned short c = 0; c < x->cols; c++) {
            FreeXL_CellValue v;
            if (freexl_get_cell_value(x->h, x->row, c, &v) != FREEXL_OK) continue;
            char num[48];
            const char *p;
            size_t n;
            cell_text(&v, num, &p, &n);
            if (n == 0) continue;
            int rc = wb_row_put(row, c, p, n);
            if (rc == -2) {
                *st = rmk_nomem(err, errlen);
                return -1;
            }
            if (rc == -1) {
                char ref[16];
                wb_cell_ref(c, x->row + 1, ref);
                *st = rmk_fail(err, errlen, RMK_ERR_DATA,
                               "%s:%u: cell %s: more than %u bytes in a row", x->where,
                               x->row + 1, ref, CSV_RECORD_CAP);
                return -1;
            }
            any = 1;
        }
        if (any) {
            *rownum = ++x->row; /* 1-based: the row just read */
            return 1;
        }
    }
    return 0;
}

void xls_in_close(xls_in *x)
{
    if (!x) return;
    if (x->h) freexl_close(x->h);
    free(x);
}
