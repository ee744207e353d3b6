/* SPDX-License-Identifier: MIT */
/* csv.h — internal: a streaming reader of real exports (RFC 4180 quoting,
 * detected delimiter or blank-separated columns, CRLF, UTF-8 BOM, CP1251
 * converted to UTF-8 with iconv). Memory is bounded by the record cap, not
 * by the file. */
#ifndef RMK_CSV_H
#define RMK_CSV_H
#include "relmark.h"

#ifndef CSV_RECORD_CAP
#define CSV_RECORD_CAP (1u << 20) /* bytes in one record (a line, or more with quotes) */
#endif
#define CSV_FIELD_CAP 4096u       /* fields in one record */

typedef struct csv_field {
    const char *p; /* valid until the next csv_next() */
    size_t len;
} csv_field;

typedef struct csv_reader csv_reader;

/* Open path ("-" = stdin). encoding: NULL/"auto", "utf-8", "cp1251", "utf-16",
 * "utf-16le", "utf-16be" (input other than UTF-8 is decoded to UTF-8).
 * delimiter: 0 = detect, ' ' = blank-separated. On failure returns NULL, sets
 * *st (NOINPUT, IO, USAGE, NOMEM) and writes a message into err. */
csv_reader *csv_open(const char *path, const char *encoding, char delimiter, rmk_status *st,
                     char *err, size_t errlen);
/* Same over a memory block (fuzzing, tests); the block must outlive the reader. */
csv_reader *csv_open_mem(const char *data, size_t len, const char *name, const char *encoding,
                         char delimiter, rmk_status *st, char *err, size_t errlen);
/* The same, and an Excel workbook (.xlsx, .xls: told by its first bytes,
 * workbook.h) is read too: the rows of its sheet `sheet` (NULL: its first
 * visible worksheet) as records, csv_line() the row number, csv_name()
 * "FILE[SHEET]"; encoding and delimiter do not apply to it. A sheet given
 * for a file that is not a workbook is USAGE. csv_open and csv_open_mem
 * read workbooks too, their first sheet. */
csv_reader *csv_open_sheet(const char *path, const char *encoding, char delimiter,
                           const char *sheet, rmk_status *st, char *err, size_t errlen);
csv_reader *csv_open_mem_sheet(const char *data, size_t len, const char *name,
                               const char *encoding, char delimiter, const char *sheet,
                               rmk_status *st, char *err, size_t errlen);
void csv_close(csv_reader *r);

/* Next non-blank record. Returns 1 and the fields, 0 at the end, or -1 on
 * error (a malformed record is DATA: message in err, "file:line: ..."; the
 * reader cannot continue after a malformed quote or I/O error). */
int csv_next(csv_reader *r, const csv_field **fields, size_t *nfields, rmk_status *st,
             char *err, size_t errlen);
/* Physical line (1-based) where the last record returned starts. */
uint64_t csv_line(const csv_reader *r);
char csv_delimiter(const csv_reader *r);      /* ' ' for blank-separated */
const char *csv_encoding(const csv_reader *r); /* "utf-8", "cp1251", "utf-16le", "utf-16be" */
const char *csv_name(const csv_reader *r);
/* Input bytes read so far, and the input's size (0 when not a regular file). */
uint64_t csv_bytes_read(const csv_reader *r);
uint64_t csv_size(const csv_reader *r);
#endif
