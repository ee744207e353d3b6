/* svg.h — internal: the report's small SVG chart writer. Charts are drawn
 * from aggregates (bins, cells, periods), never a mark per customer, so a
 * million customers make a chart of a few KiB. Every chart is an
 * <svg class="chart"> with a <title>; its data marks have class "mark" (the
 * browser test counts them); colours are the Okabe-Ito palette, safe for
 * colour-blind readers. Text is XML-escaped; numbers are written with "."
 * whatever the locale. docs/report.md. */
#ifndef RMK_SVG_H
#define RMK_SVG_H
#include <stddef.h>
#include <stdio.h>

#define SVG_NPALETTE 8
extern const char *const svg_palette[SVG_NPALETTE];

/* text escaped for XML/HTML (&, <, >, ", ') */
void svg_escape(FILE *f, const char *s);
/* a number for people: thousands grouped (en "1,234.5", ru "1 234,5"),
 * `decimals` after the mark; "–" for NaN */
char *svg_num(double v, int decimals, int ru, char *buf, size_t len);

typedef struct svg_bars {
    const char *title;          /* the chart's name (its <title>) */
    size_t n;
    const char *const *labels;  /* n category labels */
    const double *values;       /* n values >= 0 (negative drawn as 0) */
    const char *const *value_text; /* n labels at the bars' ends, or NULL */
    const char *axis;           /* the value axis' name, or NULL */
    int horizontal;             /* 1: categories down the left (long labels) */
    int colour;                 /* palette index of the bars */
    int ru;                     /* number format of the ticks */
} svg_bars;
void svg_bar_chart(FILE *f, const svg_bars *c);

typedef struct svg_heat {
    const char *title;
    size_t rows, cols;
    const char *const *row_labels, *const *col_labels;
    const double *v;             /* rows x cols, row-major; NaN: no cell */
    const char *const *cell_text; /* rows x cols texts in the cells, or NULL */
    const char *x_axis, *y_axis; /* names of the column and row axes, or NULL */
    double vmin, vmax;           /* colour range; vmin == vmax: from the data */
} svg_heat;
void svg_heatmap(FILE *f, const svg_heat *c);

typedef struct svg_lines {
    const char *title;
    size_t n;                    /* points per series */
    const double *x;             /* n x values ascending; NULL: 0 .. n-1 */
    const char *const *x_labels; /* n labels (thinned to fit), or NULL: x ticks */
    size_t nseries;
    const double *y;             /* nseries x n; NaN: a gap */
    const char *const *names;    /* nseries legend names */
    const int *dashed;           /* nseries flags, or NULL */
    const char *x_axis, *y_axis;
    int y_decimals;              /* of the y ticks */
    double ymin, ymax;           /* ymin == ymax: from the data (and 0) */
    int diagonal;                /* 1: draw y = x (a Lorenz or calibration plot) */
    int ru;
} svg_lines;
void svg_line_chart(FILE *f, const svg_lines *c);

/* Horizontal 100% stacked bars: each row's parts drawn as shares of the
 * row's sum (an NPS's detractors, passives and promoters), the share in a
 * part where it fits, a legend under the bars. A row whose sum is 0 is an
 * empty frame. */
typedef struct svg_stack {
    const char *title;
    size_t n;                      /* rows */
    const char *const *labels;     /* n row labels */
    size_t nparts;                 /* parts per row, 1..8 */
    const double *v;               /* n x nparts values >= 0, row-major */
    const char *const *part_names; /* nparts legend names */
    const int *colours;            /* nparts palette indices */
    const char *const *row_text;   /* n texts right of the bars, or NULL */
    int ru;
} svg_stack;
void svg_stacked_bars(FILE *f, const svg_stack *c);

/* A dot per row on one scale lo..hi, over bands that name its ranges (the
 * transaction-relationship continuum): rows without a value say so. */
typedef struct svg_dots {
    const char *title;
    size_t n;                      /* rows */
    const char *const *labels;     /* n row labels */
    const double *v;               /* n values in lo..hi; NaN: no value */
    const char *const *value_text; /* n texts beside the dots, or NULL */
    const char *none_text;         /* written on a row without a value */
    double lo, hi;
    size_t nbands;                 /* 1..8 */
    const double *band_to;         /* nbands upper ends, ascending, the last hi */
    const char *const *band_names; /* nbands names above the bands */
    int bold_row;                  /* a row drawn larger (a mean), or -1 */
    int ru;
} svg_dots;
void svg_dot_scale(FILE *f, const svg_dots *c);

#endif
