/* SPDX-License-Identifier: MIT */
/* wb_in.c — a workbook as a source of records: its kind told by its first
 * bytes, read into memory when it comes from a pipe, its rows built cell by
 * cell, and the cell values Excel stores as numbers (amounts, date serials)
 * written as the text a CSV save of the same sheet holds (docs/input.md). */
#include "workbook.h"
#include "errmsg.h"
#include "parse.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int wb_magic(const char *p, size_t n)
{
    if (n >= 4 && memcmp(p, "PK\3\4", 4) == 0) return WB_XLSX;
    if (n >= 8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) return WB_XLS;
    return WB_NONE;
}

/* ------------------------------------------------------------ one row */

void wb_row_reset(wb_row *r) { r->len = 0, r->n = 0; }

/* room for need columns */
static int row_grow(wb_row *r, size_t need)
{
    if (need <= r->ncap) return 0;
    size_t nc = r->ncap ? r->ncap : 16;
    while (nc < need) nc *= 2;
    size_t *off = realloc(r->off, nc * sizeof *off);
    if (!off) return -2;
    r->off = off;
    size_t *fl = realloc(r->flen, nc * sizeof *fl);
    if (!fl) return -2;
    r->flen = fl;
    csv_field *f = realloc(r->fields, nc * sizeof *f);
    if (!f) return -2;
    r->fields = f;
    r->ncap = nc;
    return 0;
}

int wb_row_put(wb_row *r, size_t col, const char *s, size_t len)
{
    if (col >= CSV_FIELD_CAP || len > CSV_RECORD_CAP - r->len) return -1;
    if (row_grow(r, col + 1)) return -2;
    if (r->len + len > r->cap) {
        size_t nc = r->cap ? r->cap : 256;
        while (nc < r->len + len) nc *= 2;
        char *t = realloc(r->text, nc);
        if (!t) return -2;
        r->text = t;
        r->cap = nc;
    }
    for (; r->n < col; r->n++) r->off[r->n] = r->len, r->flen[r->n] = 0;
    if (len) memcpy(r->text + r->len, s, len);
    r->off[col] = r->len, r->flen[col] = len;
    r->len += len;
    r->n = col + 1;
    return 0;
}

int wb_row_finish(wb_row *r, const csv_field **fields, size_t *nfields)
{
    if (r->width == 0) r->width = r->n; /* the header's: Excel's CSV pads to the used range */
    size_t n = r->n > r->width ? r->n : r->width;
    if (row_grow(r, n)) return 0;
    for (size_t i = 0; i < n; i++) {
        r->fields[i].p = i < r->n && r->text ? r->text + r->off[i] : "";
        r->fields[i].len = i < r->n ? r->flen[i] : 0;
    }
    *fields = r->fields;
    *nfields = n;
    return 1;
}

void wb_row_free(wb_row *r)
{
    free(r->text);
    free(r->off);
    free(r->flen);
    free(r->fields);
    memset(r, 0, sizeof *r);
}

void wb_cell_ref(size_t col, uint64_t row, char *out)
{
    char l[8];
    int k = 0;
    for (size_t c = col + 1; c && k < 7; c = (c - 1) / 26) l[k++] = (char)('A' + (c - 1) % 26);
    int o = 0;
    while (k) out[o++] = l[--k];
    snprintf(out + o, 16 - (size_t)o, "%llu", (unsigned long long)row);
}

/* ------------------------------------------------------------ numbers */

int wb_number_text(const char *s, size_t len, char *out)
{
    size_t i = 0;
    int neg = 0;
    if (i < len && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    char d[16]; /* the first 16 significant digits: 15 kept, the 16th rounds */
    int nd = 0, any = 0, point = 0;
    long e10 = 0; /* the value is 0.d * 10^e10 */
    for (; i < len; i++) {
        char c = s[i];
        if (c == '.' || c == ',') {
            if (point) return -1;
            point = 1;
            continue;
        }
        if (c < '0' || c > '9') break;
        any = 1;
        if (nd == 0 && c == '0') {
            if (point) e10--; /* a zero before the first significant digit */
            continue;
        }
        if (nd < 16) d[nd++] = c;
        if (!point) e10++;
    }
    if (!any) return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0;
        if (i < len && (s[i] == '-' || s[i] == '+')) eneg = s[i++] == '-';
        long x = 0;
        size_t start = i;
        for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            if (x < 100000) x = x * 10 + (s[i] - '0');
        if (i == start) return -1;
        e10 += eneg ? -x : x;
    }
    if (i != len) return -1;
    if (nd == 0) return (int)(strcpy(out, "0"), 1);
    if (nd == 16) { /* half away from zero, as Excel shows 15 digits */
        int up = d[15] >= '5';
        nd = 15;
        for (int k = 14; up && k >= 0; k--) {
            if (d[k] == '9') d[k] = '0';
            else d[k]++, up = 0;
        }
        if (up) d[0] = '1', nd = 1, e10++;
    }
    while (nd > 1 && d[nd - 1] == '0') nd--;
    int o = 0;
    if (neg) out[o++] = '-';
    if (e10 >= -14 && e10 <= 20) {
        if (e10 <= 0) {
            out[o++] = '0', out[o++] = '.';
            for (long z = 0; z < -e10; z++) out[o++] = '0';
            for (int k = 0; k < nd; k++) out[o++] = d[k];
        } else {
            for (long k = 0; k < e10 || k < nd; k++) {
                if (k == e10) out[o++] = '.';
                out[o++] = k < nd ? d[k] : '0';
            }
        }
        out[o] = 0;
        return o;
    }
    out[o++] = d[0];
    if (nd > 1) out[o++] = '.';
    for (int k = 1; k < nd; k++) out[o++] = d[k];
    o += snprintf(out + o, 12, "E%c%02ld", e10 - 1 < 0 ? '-' : '+', labs(e10 - 1));
    return o;
}

int wb_serial_text(double serial, int date1904, int time_only, char *out)
{
    if (!(serial >= 0) || serial >= 2958466.0) return -1; /* 9999-12-31 is 2958465 */
    long days = (long)floor(serial);
    long secs = lround((serial - (double)days) * 86400.0);
    if (secs >= 86400) days++, secs -= 86400;
    int hh = (int)(secs / 3600), mm = (int)(secs / 60 % 60), ss = (int)(secs % 60);
    if (time_only) return snprintf(out, 24, "%02d:%02d:%02d", hh, mm, ss);
    int y, m, d;
    if (date1904) {
        civil_from_days(rmk_days_from_civil(1904, 1, 1) + (int32_t)days, &y, &m, &d);
    } else if (days == 0 || days == 60) { /* Excel's 1900-01-00 and 1900-02-29 */
        y = 1900, m = days ? 2 : 1, d = days ? 29 : 0;
    } else { /* day 1 is 1900-01-01; from day 61 on, one less for the day 60 that was not */
        civil_from_days(rmk_days_from_civil(1899, 12, days < 60 ? 31 : 30) + (int32_t)days, &y,
                        &m, &d);
    }
    if (y > 9999) return -1;
    if (secs)
        return snprintf(out, 24, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, hh, mm, ss);
    return snprintf(out, 24, "%04d-%02d-%02d", y, m, d);
}

/* ------------------------------------------------------------ the reader */

struct wb_reader {
    int kind;
    xlsx_in *x;
    xls_in *s;
    wb_row row;
    char *mem; /* the workbook read from a pipe */
};

/* The rest of a pipe after its head, into memory (at most WB_MEM_CAP). */
static rmk_status slurp(const wb_source *src, char **mem, size_t *len, char *err, size_t errlen)
{
    size_t cap = src->head_len + (1u << 20), n = src->head_len;
    char *b = malloc(cap);
    if (!b) return rmk_nomem(err, errlen);
    memcpy(b, src->head, n);
    while (!src->head_eof) {
        if (n == cap) {
            if (cap >= WB_MEM_CAP) {
                free(b);
                return rmk_fail(err, errlen, RMK_ERR_DATA,
                                "%s: a workbook read from a pipe may be at most %zu MiB; "
                                "give its file name instead", src->name, WB_MEM_CAP >> 20);
            }
            size_t nc = cap * 2 > WB_MEM_CAP ? WB_MEM_CAP : cap * 2;
            char *t = realloc(b, nc);
            if (!t) {
                free(b);
                return rmk_nomem(err, errlen);
            }
            b = t, cap = nc;
        }
        ssize_t got = read(src->fd, b + n, cap - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            rmk_status st = rmk_fail(err, errlen, RMK_ERR_IO, "%s: cannot read: %s", src->name,
                                     strerror(errno));
            free(b);
            return st;
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    *mem = b, *len = n;
    return RMK_OK;
}

wb_reader *wb_open(const wb_source *src, int kind, const char *sheet, char *name, size_t namecap,
                   rmk_status *st, char *err, size_t errlen)
{
    wb_reader *w = calloc(1, sizeof *w);
    if (!w) {
        *st = rmk_nomem(err, errlen);
        return NULL;
    }
    w->kind = kind;
    wb_source s = *src;
    if (!s.path && !s.mem) {
        *st = slurp(src, &w->mem, &s.mem_len, err, errlen);
        if (*st) {
            free(w);
            return NULL;
        }
        s.mem = w->mem;
    }
    if (kind == WB_XLSX) w->x = xlsx_in_open(&s, sheet, name, namecap, st, err, errlen);
    else w->s = xls_in_open(&s, sheet, name, namecap, st, err, errlen);
    if (!w->x && !w->s) {
        free(w->mem);
        free(w);
        return NULL;
    }
    return w;
}

int wb_next(wb_reader *w, const csv_field **fields, size_t *nfields, uint64_t *row,
            rmk_status *st, char *err, size_t errlen)
{
    int rc = w->x ? xlsx_in_next(w->x, &w->row, row, st, err, errlen)
                  : xls_in_next(w->s, &w->row, row, st, err, errlen);
    if (rc != 1) return rc;
    if (!wb_row_finish(&w->row, fields, nfields)) {
        *st = rmk_nomem(err, errlen);
        return -1;
    }
    return 1;
}

uint64_t wb_bytes_read(const wb_reader *w)
{
    uint64_t size;
    return w->x ? xlsx_in_bytes(w->x, &size) : 0;
}

uint64_t wb_size(const wb_reader *w)
{
    uint64_t size = 0;
    if (w->x) xlsx_in_bytes(w->x, &size);
    return size;
}

void wb_close(wb_reader *w)
{
    if (!w) return;
    xlsx_in_close(w->x);
    xls_in_close(w->s);
    wb_row_free(&w->row);
    free(w->mem);
    free(w);
}
