/* SPDX-License-Identifier: MIT */
/* workbook.h — internal: an Excel workbook (.xlsx, .xls) read as another
 * source of the CSV reader's records (docs/input.md, "Excel workbooks").
 * csv_open tells a workbook by its first bytes, not by its name, and hands
 * it here; csv_next then yields one sheet's rows as records of fields, so
 * every reader above csv.h takes workbooks unchanged. */
#ifndef RMK_WORKBOOK_H
#define RMK_WORKBOOK_H
#include "csv.h"

enum { WB_NONE, WB_XLSX, WB_XLS };

/* What the first bytes say: a zip archive (PK\3\4, an .xlsx) or an OLE2
 * compound file (D0 CF 11 E0 A1 B1 1A E1, an .xls); WB_NONE else. */
int wb_magic(const char *p, size_t n);

/* A workbook from standard input or a FIFO is read whole into memory (zip
 * needs to seek): at most this many bytes. */
#define WB_MEM_CAP ((size_t)256 << 20)
/* Uncompressed bytes of one part of an .xlsx: the sheet is streamed (memory
 * bounded by one row), the shared strings, styles and workbook parts are
 * held; past these the workbook is refused as a zip bomb. */
#define WB_SHEET_CAP ((uint64_t)4 << 30)
#define WB_PART_CAP ((uint64_t)512 << 20)

/* Where the workbook is: a regular file by path, or bytes in memory (the
 * caller's, or read from fd after the head already read). */
typedef struct wb_source {
    const char *name;    /* for messages: the path, or "<stdin>" */
    const char *path;    /* a regular file to open by name; NULL otherwise */
    const char *mem;     /* the whole workbook in memory (csv_open_mem); NULL otherwise */
    size_t mem_len;
    int fd;              /* path and mem NULL: head, then the rest read from fd */
    const char *head;
    size_t head_len;
    int head_eof;        /* fd was at its end after head */
} wb_source;

typedef struct wb_reader wb_reader;

/* Opens the workbook and its sheet `sheet` (NULL: the first visible
 * worksheet). Writes the name messages give its rows ("FILE[SHEET]") into
 * name. NULL on failure, with *st (DATA for a damaged or hostile workbook,
 * USAGE for a sheet not there, IO, NOMEM) and err. */
wb_reader *wb_open(const wb_source *src, int kind, const char *sheet, char *name, size_t namecap,
                   rmk_status *st, char *err, size_t errlen);
/* As csv_next: 1 and the next row that has a value (fields valid until the
 * next call; *row its 1-based row number), 0 at the end, -1 on error. */
int wb_next(wb_reader *w, const csv_field **fields, size_t *nfields, uint64_t *row,
            rmk_status *st, char *err, size_t errlen);
/* The sheet's bytes read so far, and its size (uncompressed XML; 0 unknown). */
uint64_t wb_bytes_read(const wb_reader *w);
uint64_t wb_size(const wb_reader *w);
void wb_close(wb_reader *w);

/* ---- shared by xlsx_in.c and xls_in.c (wb_in.c) ---- */

/* One row being built: cells placed by column, the gaps empty. */
typedef struct wb_row {
    char *text;
    size_t len, cap;
    size_t *off, *flen; /* per column: where its text is */
    size_t n, ncap;     /* columns so far */
    csv_field *fields;
    size_t width;       /* the first row's width: shorter rows are padded to it */
} wb_row;

void wb_row_reset(wb_row *r);
/* The text of column col (0-based, after the ones placed): 0, -1 more
 * than CSV_FIELD_CAP columns or CSV_RECORD_CAP bytes, -2 out of memory. */
int wb_row_put(wb_row *r, size_t col, const char *s, size_t len);
/* The fields of the row (padded to the first row's width); 0 out of memory. */
int wb_row_finish(wb_row *r, const csv_field **fields, size_t *nfields);
void wb_row_free(wb_row *r);

/* A number's text as Excel shows it in General: rounded to 15 significant
 * digits, no exponent for 1e-15 <= |x| < 1e20 ("1234.5", "0.3"), else
 * "1.5E+25". s is a decimal number as written ("1.2345E-3", "-0",
 * "0.30000000000000004"; '.' or ',' as the point). Writes into out (at
 * least 40 bytes); returns its length, or -1 when s is not a number. */
int wb_number_text(const char *s, size_t len, char *out);
/* A date serial (days since the epoch of the 1900 or 1904 date system, a
 * fraction the time of day) as "YYYY-MM-DD", with " HH:MM:SS" when it has
 * a time, or "HH:MM:SS" alone when time_only. The 1900 system keeps
 * Excel's day 60, 1900-02-29, which no date parser takes. Writes into out
 * (at least 24 bytes); returns its length, or -1 out of 0 .. 9999-12-31. */
int wb_serial_text(double serial, int date1904, int time_only, char *out);
/* Column letters of a 0-based column ("A", "AB") + row into out (16 bytes). */
void wb_cell_ref(size_t col, uint64_t row, char *out);

/* the readers of each kind (xlsx_in.c, xls_in.c); src as wb_open's */
typedef struct xlsx_in xlsx_in;
xlsx_in *xlsx_in_open(const wb_source *src, const char *sheet, char *name, size_t namecap,
                      rmk_status *st, char *err, size_t errlen);
int xlsx_in_next(xlsx_in *x, wb_row *row, uint64_t *rownum, rmk_status *st, char *err,
                 size_t errlen);
uint64_t xlsx_in_bytes(const xlsx_in *x, uint64_t *size);
void xlsx_in_close(xlsx_in *x);

typedef struct xls_in xls_in;
xls_in *xls_in_open(const wb_source *src, const char *sheet, char *name, size_t namecap,
                    rmk_status *st, char *err, size_t errlen);
int xls_in_next(xls_in *x, wb_row *row, uint64_t *rownum, rmk_status *st, char *err,
                size_t errlen);
void xls_in_close(xls_in *x);
#endif
