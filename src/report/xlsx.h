/* SPDX-License-Identifier: MIT */
/* xlsx.h — internal: the report as an XLSX workbook (libxlsxwriter), the
 * pieces its sheet files (xlsx_*.c) share. docs/report.md, "The workbook".
 *
 * Every cell is written from the text the command's CSV output writes for
 * it (same columns, same rounding), then typed by its column's kind: a
 * number as a number with a number format, a date as a date, true/false as
 * a boolean, anything else as text -- so an id stays text ("00001" keeps
 * its zeros) and a text that looks like a formula ("=1+2") stays text. */
#ifndef RMK_XLSX_H
#define RMK_XLSX_H
#include "report.h"
#include <xlsxwriter.h>

/* Rows of an Excel sheet are 1,048,576: the header and 1,048,575 data rows
 * (Excel's specifications and limits). A longer table goes on in a sheet
 * "NAME (2)", "NAME (3)", ... with the same header. */
#define XLSX_ROWS_MAX 1048575u

/* The kinds of a column (one character each, in a string per table). */
enum {
    XK_TEXT = 's',  /* text as is: ids, keys, names, rules */
    XK_INT = 'i',   /* a whole number: scores, points, levels */
    XK_COUNT = 'c', /* a count, thousands grouped */
    XK_MONEY = 'm', /* currency units, 2 decimals, thousands grouped */
    XK_D1 = '1',    /* 1 decimal */
    XK_D2 = '2',    /* 2 decimals */
    XK_D4 = '4',    /* 4 decimals */
    XK_PCT = 'p',   /* a fraction 0..1 shown as a percentage, 2 decimals */
    XK_DATE = 'd',  /* an ISO date, as an Excel date */
    XK_BOOL = 'b'   /* true / false */
};

/* Each sheet written, for the caller's check (tests): its name and the
 * data rows of its per-customer table (0 for a sheet of small tables). */
typedef struct xlsx_sheet_info {
    char name[160];
    size_t rows;
} xlsx_sheet_info;

typedef struct xw {
    lxw_workbook *wb;
    const rmk_report *r;
    int ru;
    size_t rows_max;            /* data rows per sheet */
    lxw_format *text, *head, *title, *note, *wrap, *date, *num[10];
    lxw_error err;              /* the first failure, LXW_NO_ERROR while none */
    xlsx_sheet_info *info;      /* optional: the sheets written */
    size_t ninfo, info_cap;
} xw;

#define XT(w, en, ru_) ((w)->ru ? (ru_) : (en))

/* A per-customer table: one bold header row, frozen with the first column,
 * an autofilter, column widths from the widest cell (at most 50). */
#define XT_MAXCOL 64
typedef struct xt {
    xw *w;
    lxw_worksheet *ws;
    const char *name;           /* the first sheet's name */
    int ncol;
    const char *kinds;
    const char *const *heads;
    lxw_row_t row;              /* the next row of the current sheet */
    int part;                   /* 1, 2, ...: which sheet of the table */
    unsigned short width[XT_MAXCOL];
} xt;
int xt_open(xw *w, xt *t, const char *name, int ncol, const char *kinds, const char *const *heads);
void xt_row(xt *t, const char *const *cells);
void xt_close(xt *t);

/* A sheet of small tables stacked down: titles, explanations, tables. */
typedef struct xs {
    xw *w;
    lxw_worksheet *ws;
    lxw_row_t row;              /* the next row */
    lxw_row_t keep_clear;       /* rows above it are under a chart */
    unsigned short width[XT_MAXCOL];
} xs;
int xs_open(xw *w, xs *s, const char *name);
void xs_title(xs *s, const char *text);
/* a paragraph, wrapped at ~100 characters into rows of column A */
void xs_text(xs *s, const char *text);
void xs_head(xs *s, int ncol, const char *const *heads);
void xs_row(xs *s, int ncol, const char *kinds, const char *const *cells);
void xs_gap(xs *s);
/* A native chart beside the table that starts at row `top` (its title row)
 * and spans ncol columns; the next table starts below it. */
void xs_chart(xs *s, lxw_chart *c, lxw_row_t top, int ncol);
void xs_close(xs *s);

/* A chart: title and axis names; NULL when out of memory (w->err set). */
lxw_chart *x_chart(xw *w, uint8_t type, const char *title, const char *x_name, const char *y_name);
/* a series of the cells (first..last, col) with its categories in cat_col */
void x_series(xw *w, lxw_chart *c, const char *sheet, lxw_row_t first, lxw_row_t last, int cat_col,
              int col, const char *name);

/* The texts of the CSV outputs (buffers of 32 bytes unless said). */
char *x_int(char *b, long long v);
char *x_fix(char *b, double v, int dec);            /* printf %.*f; "" when not finite */
char *x_round(char *b, double v, int dec);          /* llround(v 10^dec), half away from 0 */
char *x_money(char *b, int64_t minor);              /* 2 decimals */
char *x_frac4(char *b, int64_t num, int64_t den);   /* exact, half away from 0; "" den <= 0 */
char *x_date(char *b, int32_t day);                 /* ISO, "" without (16 bytes) */
void x_fail(xw *w, lxw_error e);                    /* keeps the first failure */
void x_sheet_done(xw *w, const char *name, size_t rows);

/* The writer with a row limit per sheet and the list of the sheets (both
 * for tests; rmk_report_xlsx uses XLSX_ROWS_MAX and no list). */
rmk_status rpt_xlsx_write(const rmk_report *r, const char *path, size_t rows_max,
                          xlsx_sheet_info *info, size_t info_cap, size_t *ninfo, char *err,
                          size_t errlen);

/* The sheets, in the report's order (each writes nothing without its data). */
void xlsx_summary(xw *w);
void xlsx_economics(xw *w);
void xlsx_lifecycle(xw *w);
void xlsx_retention(xw *w);
void xlsx_rfm(xw *w);
void xlsx_rating(xw *w);
void xlsx_portfolio(xw *w);
void xlsx_abcxyz(xw *w);
void xlsx_clv(xw *w);
void xlsx_feedback(xw *w);
void xlsx_survey(xw *w);
void xlsx_orientation(xw *w);
#endif
