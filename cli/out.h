/* SPDX-License-Identifier: MIT */
/* out.h — the CLI's writers: aligned tables for a terminal, CSV (RFC 4180;
 * with --excel a BOM, ';' and a decimal comma), JSON. Output to -o goes to a
 * temporary file renamed into place at the end: nothing half-written (a
 * device or pipe, such as /dev/null, is written in place). */
#ifndef RMK_CLI_OUT_H
#define RMK_CLI_OUT_H
#include <stdio.h>

typedef enum { FMT_TABLE, FMT_CSV, FMT_JSON } out_format;

typedef struct out {
    FILE *f;
    out_format fmt;
    int excel;
    char delim, mark; /* CSV delimiter, decimal mark */
    const char *path; /* -o target or NULL for stdout */
    char *tmp;        /* temporary file beside the target */
    char *real;       /* -o's file, its links followed (owned); path is it */
    int direct;       /* not a regular file: written in place, no rename */
    char *buf;        /* the -o stream's buffer (owned), or NULL */
    /* table state */
    int ncol;
    const char **head;
    const char *types; /* per column: 's' text, 'n' number */
    struct out_cell {  /* a buffered table cell: its text in `text`, and */
        size_t off;    /*   its length and width in characters, worked */
        size_t len;    /*   out once */
        size_t width;
    } *cells;          /* row-major */
    size_t nrows, cap;
    char *text;        /* the cells' text, NUL-terminated one after another: */
    size_t tlen, tcap; /*   one block, not a malloc a cell (a table of a
                          million rows has millions of cells) */
    int json_first;
    int failed;
    /* tables only (docs/cli.md, "Tables"): ru groups thousands with a
     * no-break space (else ','); fit is the width in characters to fit the
     * table to, columns dropped from the right (0: every column) */
    int ru, fit;
    /* CSV only: --excel --lang ru, the header in Russian (out_head_ru) */
    int ru_head;
} out;

/* Open the destination. Returns 0, or -1 with a message printed. */
int out_open(out *o, const char *path, out_format fmt, int excel);
/* Finish: flush, check, rename into place. Returns 0, or the exit code with
 * its message printed: 71 when a table could not be kept in memory, 74
 * when the output could not be written (docs/cli.md, exit codes). */
int out_close(out *o);
/* Abandon: remove the temporary file. */
void out_abort(out *o);

/* A table: ncol columns, header names (machine names for CSV/JSON keys,
 * `labels` for table headers) and types. Then rows, then end. */
void out_table_begin(out *o, int ncol, const char **keys, const char **labels, const char *types);
void out_table_row(out *o, const char **cells);
void out_table_end(out *o);
/* The Russian header of CSV column key (--excel --lang ru), or key itself
 * when it has none. */
const char *out_head_ru(const char *key);
/* Free text (table and CSV summaries): printed as is in table format only. */
void out_text(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* JSON only: printed as is in JSON format only (the object around a table). */
void out_json(out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* JSON pieces. */
void out_json_str(out *o, const char *s);
/* v in decimal into b (at least 21 bytes), without printf: a million rows
 * print several each. Returns b. */
char *out_int(char *b, long long v);
#endif
