/* SPDX-License-Identifier: MIT */
/* svg.h — internal: the report's small SVG chart writer. Charts are drawn
 * from aggregates (bins, cells, periods), never a mark per customer, so a
 * million customers make a chart of a few KiB. Every chart is an
 * <svg class="chart"> with a <title>; its data marks have class "mark" (the
 * browser test counts them); colours are the Okabe-Ito palette, safe for
 * colour-blind readers. Text is XML-escaped; coordinates are written with
 * "." whatever the locale. Label widths are estimated (no font metrics
 * here): 7 units a character covers Latin and Cyrillic. docs/report.md. */
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
/* A key of colours: n names and their palette indices. */
typedef struct svg_legend {
    size_t n;
    const char *const *names;
    const int *colours;
} svg_legend;
/* The same with a palette index per bar (colours: n of them, or NULL: the
 * chart's colour) and a legend above the bars (or NULL). */
void svg_bar_chart_ex(FILE *f, const svg_bars *c, const int *colours, const svg_legend *legend);

/* A funnel: one centred bar per row, its width proportional to the value
 * (a ladder of stages, top to bottom). */
typedef struct svg_funnel {
    const char *title;
    size_t n;
    const char *const *labels;     /* n row labels, left of the bars */
    const double *values;          /* n values >= 0 */
    const char *const *value_text; /* n texts right of the bars */
    const int *colours;            /* n palette indices, or NULL: 0 */
    const svg_legend *legend;      /* or NULL */
    size_t side;                   /* rows from this one on are a group apart, below a
                                      rule (those off the ladder); 0: none */
    const char *side_label;        /* the rule's name, or NULL */
} svg_funnel;
void svg_funnel_chart(FILE *f, const svg_funnel *c);

/* A binned scatter: points counted in nx x ny equal bins of the plane
 * [x0, x1] x [y0, y1], each non-empty bin a circle whose area is
 * proportional to its count, with the count written in or beside it;
 * lines at the cuts divide the plane into regions named in their corners
 * (a portfolio matrix). Aggregates only: a million points draw nx x ny
 * circles at most. */
typedef struct svg_binned {
    const char *title;
    double x0, x1, y0, y1;
    size_t nx, ny;
    const double *count;        /* ny x nx, row 0 the LOWEST y bin; 0: empty */
    size_t ncuts;               /* cuts per axis */
    const double *x_cuts, *y_cuts; /* ncuts each, ascending, inside the ranges */
    const char *const *regions; /* (ncuts+1)^2 names, row-major from the lowest y,
                                   or NULL */
    const char *x_axis, *y_axis;
    int ru;
} svg_binned;
void svg_binned_scatter(FILE *f, const svg_binned *c);

typedef struct svg_heat {
    const char *title;
    size_t rows, cols;
    const char *const *row_labels, *const *col_labels;
    const double *v;             /* rows x cols, row-major; NaN: no cell */
    const char *const *cell_text; /* rows x cols texts in the cells, or NULL */
    const char *x_axis, *y_axis; /* names of the column and row axes, or NULL */
    double vmin, vmax;           /* colour range; vmin == vmax: from the data */
    int ru;                      /* number format of the colour key */
} svg_heat;
void svg_heatmap(FILE *f, const svg_heat *c);
/* The same with every column label written, rotated (long labels: stage
 * names) instead of thinned. */
void svg_heatmap_rotated(FILE *f, const svg_heat *c);

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
