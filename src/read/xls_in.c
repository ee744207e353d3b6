/* SPDX-License-Identifier: MIT */
/* xls_in.c — one worksheet of an .xls workbook (Excel 97-2003, BIFF) as rows,
 * read by FreeXL. FreeXL reads a file by name: a workbook from a pipe is
 * written to a temporary file in $TMPDIR first, removed once opened.
 *
 * FreeXL runs in a child process that sends the sheet's cells down a pipe:
 * fuzzing found a damaged .xls that makes FreeXL 1.0.6 read past a buffer
 * (fuzz/README.md), so a FreeXL that crashes or loops (CPU capped at
 * XLS_CPU_SECONDS) costs an error message, never relmark. The child only
 * reads the file and writes the pipe; the caps on rows are the parent's.
 *
 * FreeXL gives dates (either date system) as "YYYY-MM-DD" text already;
 * numbers are written as the .xlsx reader writes them (wb_number_text). */
#include "workbook.h"
#include "errmsg.h"
#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define XLS_CPU_SECONDS 300 /* FreeXL's parse of the largest .xls takes seconds */

struct xls_in {
    pid_t pid;       /* the child running FreeXL; 0 once reaped */
    int fd;          /* the pipe's read end */
    char where[600]; /* FILE[SHEET] */
    char name[256];
    char *cell;      /* one cell's text */
    size_t cell_cap;
    int ended;
};

/* ------------------------------------------------------------ the child */

static int put_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t k = write(fd, c, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        c += k, n -= (size_t)k;
    }
    return 0;
}

static int put_u32(int fd, uint32_t v) { return put_all(fd, &v, sizeof v); }

/* the first message: a status and the sheet's name or the error */
static int put_head(int fd, int32_t st, const char *text)
{
    uint32_t n = (uint32_t)strlen(text);
    return put_all(fd, &st, sizeof st) || put_u32(fd, n) || put_all(fd, text, n) ? -1 : 0;
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

/* The sheet's index (by name, or the first) and its name; -1 with msg */
static int pick(const void *h, const char *file, const char *want, char *msg, size_t cap)
{
    unsigned count = 0;
    if (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0) {
        snprintf(msg, cap, "%s: the .xls workbook has no worksheet", file);
        return -1;
    }
    char list[300] = "";
    size_t o = 0;
    for (unsigned i = 0; i < count && i < 65535; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(h, (unsigned short)i, &name) != FREEXL_OK || !name)
            name = "";
        if (!want || !strcmp(name, want) || !strcasecmp(name, want)) {
            snprintf(msg, cap, "%s[%s]", file, name);
            return (int)i;
        }
        if (o < sizeof list - 40)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s'%.30s'", i ? ", " : "", name);
    }
    snprintf(msg, cap, "%s: no sheet '%s' (its sheets: %s)", file, want, list);
    return -2;
}

/* Every row with a value: u32 row (1-based), u32 cells, then u32 column,
 * u32 length and the text of each; a row 0 ends. */
static int send_rows(int fd, const void *h, unsigned rows, unsigned short cols)
{
    for (unsigned r = 0; r < rows; r++) {
        uint32_t count = 0;
        for (unsigned short c = 0; c < cols; c++) {
            FreeXL_CellValue v;
            char num[48];
            const char *p;
            size_t n;
            if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK) continue;
            cell_text(&v, num, &p, &n);
            count += n > 0;
        }
        if (!count) continue;
        if (put_u32(fd, r + 1) || put_u32(fd, count)) return -1;
        for (unsigned short c = 0; c < cols; c++) {
            FreeXL_CellValue v;
            char num[48];
            const char *p;
            size_t n;
            if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK) continue;
            cell_text(&v, num, &p, &n);
            if (n && (put_u32(fd, c) || put_u32(fd, (uint32_t)n) || put_all(fd, p, n))) return -1;
        }
    }
    return put_u32(fd, 0);
}

static void child(int fd, const char *path, const char *file, const char *sheet)
{
    struct rlimit cpu = {XLS_CPU_SECONDS, XLS_CPU_SECONDS};
    setrlimit(RLIMIT_CPU, &cpu);
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC); /* FreeXL has nothing to say */
    if (null >= 0) dup2(null, 2);
    const void *h = NULL;
    char msg[600];
    unsigned info = 0, rows = 0;
    unsigned short cols = 0;
    int rc = freexl_open(path, &h), idx = -1;
    if (rc == FREEXL_OK && freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
        info == FREEXL_BIFF_OBFUSCATED) {
        snprintf(msg, sizeof msg, "%s: the .xls workbook is protected by a password: save it "
                 "without one", file);
        put_head(fd, RMK_ERR_DATA, msg);
    } else if (rc != FREEXL_OK) {
        snprintf(msg, sizeof msg, "%s: starts as an .xls workbook (an OLE2 file) but cannot be "
                 "read as one (FreeXL error %d; an encrypted .xlsx starts so too)", file, rc);
        put_head(fd, rc == FREEXL_INSUFFICIENT_MEMORY ? RMK_ERR_NOMEM : RMK_ERR_DATA, msg);
    } else if ((idx = pick(h, file, sheet, msg, sizeof msg)) < 0) {
        put_head(fd, idx == -2 ? RMK_ERR_USAGE : RMK_ERR_DATA, msg);
    } else if (freexl_select_active_worksheet(h, (unsigned short)idx) != FREEXL_OK ||
               freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
        char where[600];
        snprintf(where, sizeof where, "%s", msg);
        snprintf(msg, sizeof msg, "%.500s: the sheet cannot be read", where);
        put_head(fd, RMK_ERR_DATA, msg);
    } else if (put_head(fd, RMK_OK, msg) == 0) {
        send_rows(fd, h, rows, cols);
    }
    if (h) freexl_close(h);
    _exit(0); /* not exit(): nothing of the parent's (atexit, buffers) runs twice */
}

/* ------------------------------------------------------------ the parent */

/* A workbook in memory to a file FreeXL can open: its name into path. */
static rmk_status to_temp(const wb_source *src, char *path, size_t cap, char *err, size_t errlen)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, cap, "%s/relmark-xls-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return rmk_fail(err, errlen, RMK_ERR_IO, "%s: cannot make a temporary file %s: %s",
                        src->name, path, strerror(errno));
    if (put_all(fd, src->mem, src->mem_len)) {
        int e = errno;
        close(fd);
        unlink(path);
        return rmk_fail(err, errlen, RMK_ERR_IO, "%s: cannot write the temporary file %s: %s",
                        src->name, path, strerror(e));
    }
    close(fd);
    return RMK_OK;
}

/* n bytes from the pipe: 0, or -1 at its end or on an error */
static int get_all(xls_in *x, void *p, size_t n)
{
    char *c = p;
    while (n) {
        ssize_t k = read(x->fd, c, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return -1;
        c += k, n -= (size_t)k;
    }
    return 0;
}

/* The child's end: how it went, as an error into err */
static rmk_status reap(xls_in *x, const char *doing, char *err, size_t errlen)
{
    int ws = 0;
    pid_t pid = x->pid;
    x->pid = 0;
    while (pid > 0 && waitpid(pid, &ws, 0) < 0 && errno == EINTR) continue;
    if (WIFSIGNALED(ws))
        return rmk_fail(err, errlen, RMK_ERR_DATA, "%s: FreeXL stopped (signal %d) %s: the .xls "
                        "is damaged; open it in Excel and save it again, or as .xlsx", x->name,
                        WTERMSIG(ws), doing);
    return rmk_fail(err, errlen, RMK_ERR_DATA, "%s: FreeXL stopped %s: the .xls is damaged",
                    x->name, doing);
}

xls_in *xls_in_open(const wb_source *src, const char *sheet, char *name, size_t namecap,
                    rmk_status *st, char *err, size_t errlen)
{
    xls_in *x = calloc(1, sizeof *x);
    if (!x) {
        *st = rmk_nomem(err, errlen);
        return NULL;
    }
    x->fd = -1;
    snprintf(x->name, sizeof x->name, "%s", src->name);
    char tmp[4096];
    const char *path = src->path;
    if (!path) {
        if ((*st = to_temp(src, tmp, sizeof tmp, err, errlen))) {
            free(x);
            return NULL;
        }
        path = tmp;
    }
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0 || (x->pid = fork()) < 0) {
        *st = rmk_fail(err, errlen, RMK_ERR_IO, "%s: cannot start reading the .xls: %s",
                       src->name, strerror(errno));
        if (!src->path) unlink(tmp);
        free(x);
        return NULL;
    }
    if (x->pid == 0) {
        close(p[0]);
        child(p[1], path, src->name, sheet);
    }
    close(p[1]);
    x->fd = p[0];
    int32_t hst;
    uint32_t len;
    char msg[600];
    int got = get_all(x, &hst, sizeof hst) == 0 && get_all(x, &len, sizeof len) == 0 &&
              len < sizeof msg && get_all(x, msg, len) == 0;
    if (!src->path) unlink(tmp); /* the child has it open, or is gone */
    if (!got) {
        *st = reap(x, "opening it", err, errlen);
    } else {
        msg[len] = 0;
        *st = (rmk_status)hst;
        if (*st) rmk_fail(err, errlen, *st, "%s", msg);
        else snprintf(x->where, sizeof x->where, "%s", msg);
    }
    if (*st) {
        xls_in_close(x);
        return NULL;
    }
    snprintf(name, namecap, "%s", x->where);
    return x;
}

int xls_in_next(xls_in *x, wb_row *row, uint64_t *rownum, rmk_status *st, char *err,
                size_t errlen)
{
    if (x->ended) return 0;
    uint32_t r, count;
    if (get_all(x, &r, sizeof r) || (r && get_all(x, &count, sizeof count))) {
        *st = reap(x, "reading its cells", err, errlen);
        return -1;
    }
    if (r == 0) {
        x->ended = 1;
        while (waitpid(x->pid, NULL, 0) < 0 && errno == EINTR) continue;
        x->pid = 0;
        return 0;
    }
    wb_row_reset(row);
    for (uint32_t i = 0; i < count; i++) {
        uint32_t c, n;
        if (get_all(x, &c, sizeof c) || get_all(x, &n, sizeof n)) {
            *st = reap(x, "reading its cells", err, errlen);
            return -1;
        }
        char ref[16];
        wb_cell_ref(c, r, ref);
        if (n > CSV_RECORD_CAP || c >= CSV_FIELD_CAP) {
            *st = rmk_fail(err, errlen, RMK_ERR_DATA, "%s:%u: cell %s: more than %u columns or "
                           "%u bytes in a row", x->where, r, ref, CSV_FIELD_CAP, CSV_RECORD_CAP);
            return -1;
        }
        if (n > x->cell_cap) {
            char *t = realloc(x->cell, n);
            if (!t) {
                *st = rmk_nomem(err, errlen);
                return -1;
            }
            x->cell = t, x->cell_cap = n;
        }
        if (get_all(x, x->cell, n)) {
            *st = reap(x, "reading its cells", err, errlen);
            return -1;
        }
        int rc = wb_row_put(row, c, x->cell, n);
        if (rc == -2) {
            *st = rmk_nomem(err, errlen);
            return -1;
        }
        if (rc == -1) {
            *st = rmk_fail(err, errlen, RMK_ERR_DATA, "%s:%u: cell %s: more than %u columns or "
                           "%u bytes in a row", x->where, r, ref, CSV_FIELD_CAP, CSV_RECORD_CAP);
            return -1;
        }
    }
    *rownum = r;
    return 1;
}

void xls_in_close(xls_in *x)
{
    if (!x) return;
    if (x->fd >= 0) close(x->fd);
    if (x->pid > 0) { /* stopped early: the child may still be writing */
        kill(x->pid, SIGKILL);
        while (waitpid(x->pid, NULL, 0) < 0 && errno == EINTR) continue;
    }
    free(x->cell);
    free(x);
}
