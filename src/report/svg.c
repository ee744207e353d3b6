/* SPDX-License-Identifier: MIT */
/* svg.c — the report's chart writer (svg.h): bars, heat maps, lines. Sizes
 * are in the viewBox's units (the page scales the chart to its width);
 * text is 11 units high, about 6.2 wide per character. */
#include "svg.h"
#include <math.h>
#include <string.h>

/* Okabe & Ito (2008), "Color Universal Design": told apart under every
 * common colour-vision deficiency */
const char *const svg_palette[SVG_NPALETTE] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                               "#56B4E9", "#CC79A7", "#F0E442", "#000000"};

#define W 720.0    /* chart width */
#define CHARW 6.2  /* mean width of a character of the 11-unit font */

void svg_escape(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            /* control characters have no place in a page (an export's id
             * may hold them): shown as '?' as the tables do */
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n') fputc('?', f);
            else fputc(*s, f);
        }
    }
}

char *svg_num(double v, int decimals, int ru, char *buf, size_t len)
{
    if (!isfinite(v)) {
        snprintf(buf, len, "\xE2\x80\x93"); /* en dash */
        return buf;
    }
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    /* "-0" when a tiny negative rounds to zero is noise */
    int neg = v < 0 && strspn(raw, "0.") != strlen(raw);
    const char *dot = strchr(raw, '.');
    size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw), o = 0;
    if (neg && o + 1 < len) buf[o++] = '-';
    for (size_t i = 0; i < ilen && o + 4 < len; i++) {
        if (i && (ilen - i) % 3 == 0) {
            if (ru) buf[o++] = (char)0xC2, buf[o++] = (char)0xA0; /* no-break space */
            else buf[o++] = ',';
        }
        buf[o++] = raw[i];
    }
    if (dot && o + 1 < len) {
        buf[o++] = ru ? ',' : '.';
        for (const char *p = dot + 1; *p && o + 1 < len; p++) buf[o++] = *p;
    }
    buf[o < len ? o : len - 1] = 0;
    return buf;
}

/* a "nice" tick step (1, 2 or 5 x 10^k) for about `ticks` ticks over span */
static double nice_step(double span, int ticks)
{
    if (!(span > 0)) return 1;
    double raw = span / ticks, p = pow(10, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

static int step_decimals(double step)
{
    int d = 0;
    while (d < 6 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-9) d++;
    return d;
}

static void open_svg(FILE *f, double h, const char *title)
{
    fprintf(f, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
               "xmlns=\"http://www.w3.org/2000/svg\"><title>", W, h);
    svg_escape(f, title);
    fputs("</title>\n", f);
}

/* a label cut to at most `chars` characters (UTF-8 aware), "…" when cut */
static void label(FILE *f, const char *s, size_t chars)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    const unsigned char *end = p;
    while (*end && n < chars) {
        end++;
        while ((*end & 0xC0) == 0x80) end++;
        n++;
    }
    char buf[512];
    size_t len = (size_t)(end - p) < sizeof buf - 4 ? (size_t)(end - p) : sizeof buf - 4;
    memcpy(buf, p, len);
    buf[len] = 0;
    if (*end) strcat(buf, "\xE2\x80\xA6");
    svg_escape(f, buf);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The width of a label cut to max_chars (label()), in units: an ASCII
 * character is CHARW, a Cyrillic (any multi-byte) one a little wider, 7.0
 * (measured on DejaVu Sans and Noto Sans at 11 units); the ellipsis of a
 * cut label counts as one character. */
static double text_width(const char *s, size_t max_chars)
{
    double w = 0;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p & 0xC0) == 0x80) continue;
        if (n++ == max_chars) return w + CHARW;
        w += *p < 0x80 ? CHARW : 7.0;
    }
    return w;
}

/* how many characters of s label() may keep for it to be at most `width`
 * units wide, its ellipsis included */
static size_t fit_chars(const char *s, double width)
{
    size_t all = utf8_chars(s), n = all;
    while (n > 1 && text_width(s, n) > width + 0.01) n--; /* 0.01: the sums' rounding */
    return n;
}

/* the widest of n labels cut to max_chars */
static double labels_width(size_t n, const char *const *labels, size_t max_chars)
{
    double w = 0;
    for (size_t i = 0; i < n; i++)
        if (text_width(labels[i], max_chars) > w) w = text_width(labels[i], max_chars);
    return w;
}

/* ----------------------------------------------------------------- bars */
/* A legend of coloured squares from (x0, y), y the first line's text
 * baseline, wrapped at the chart's width; draw 0 only counts the lines. */
static int legend_rows(FILE *f, double x0, double y, const svg_legend *l, int draw)
{
    double x = x0;
    int lines = 1;
    for (size_t i = 0; i < l->n; i++) {
        double wi = 14 + text_width(l->names[i], 48) + 18;
        if (i && x + wi - 18 > W - 4) x = x0, y += 16, lines++;
        if (draw) {
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                       "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\">",
                    x, y - 9, svg_palette[l->colours[i] % SVG_NPALETTE], x + 14, y);
            label(f, l->names[i], 48);
            fputs("</text>", f);
        }
        x += wi;
    }
    if (draw) fputc('\n', f);
    return lines;
}

static const char *bar_colour(const svg_bars *c, const int *colours, size_t i)
{
    return svg_palette[(colours ? colours[i] : c->colour) % SVG_NPALETTE];
}

/* a bar's tooltip: "label: value" */
static void bar_title(FILE *f, const svg_bars *c, size_t i, double v, int dec)
{
    char nb[64];
    fputs("<title>", f);
    svg_escape(f, c->labels[i]);
    fputs(": ", f);
    svg_escape(f, c->value_text ? c->value_text[i] : svg_num(v, dec, c->ru, nb, sizeof nb));
    fputs("</title></rect>", f);
}

static void bars_horizontal(FILE *f, const svg_bars *c, const int *colours, const svg_legend *lg,
                            double top, double step, int dec)
{
    char nb[64];
    double t0 = lg ? 24 + 16.0 * legend_rows(f, 12, 14, lg, 0) : 24;
    /* labels up to 60 characters, in at most 45% of the width */
    double lw = labels_width(c->n, c->labels, 60), left = 12 + (lw < W * 0.45 ? lw : W * 0.45), right = W - 90, row = 22, h = t0 + 6 + row * (double)c->n + 34;
    open_svg(f, h, c->title);
    if (lg) legend_rows(f, 12, 14, lg, 1);
    for (double t = 0; t <= top + step / 2; t += step) {
        double x = left + (right - left) * t / top;
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                x, t0, x, h - 30, x, h - 16, svg_num(t, dec, c->ru, nb, sizeof nb));
    }
    for (size_t i = 0; i < c->n; i++) {
        double v = isfinite(c->values[i]) && c->values[i] > 0 ? c->values[i] : 0;
        double y = t0 + row * (double)i, bw = (right - left) * v / top;
        fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 6, y + 15);
        label(f, c->labels[i], fit_chars(c->labels[i], left - 12));
        fprintf(f, "</text><rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                   "fill=\"%s\">", left, y + 3, bw, row - 6, bar_colour(c, colours, i));
        bar_title(f, c, i, v, dec);
        if (c->value_text) {
            fprintf(f, "<text class=\"val\" x=\"%.1f\" y=\"%.1f\">", left + bw + 4, y + 15);
            svg_escape(f, c->value_text[i]);
            fputs("</text>", f);
        }
        fputc('\n', f);
    }
    if (c->axis) {
        fprintf(f, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (left + right) / 2, h - 2);
        svg_escape(f, c->axis);
        fputs("</text>", f);
    }
    fputs("</svg>\n", f);
}

/* vertical: labels under the bars, rotated when they do not fit */
static void bars_vertical(FILE *f, const svg_bars *c, const int *colours, const svg_legend *lg,
                          double top, double step, int dec)
{
    char nb[64];
    /* room for the widest tick and the rotated axis name */
    size_t tw = utf8_chars(svg_num(top, dec, c->ru, nb, sizeof nb));
    double left = tw * CHARW + 26 > 64 ? tw * CHARW + 26 : 64;
    double extra = lg ? 16.0 * legend_rows(f, left, 14, lg, 0) : 0, right = W - 12;
    double slot = (right - left) / (double)(c->n ? c->n : 1);
    /* a few bars stay bars, not walls: at most 160 units a slot, centred */
    double x0 = left;
    if (slot > 160) x0 = left + ((right - left) - 160 * (double)c->n) / 2, slot = 160;
    size_t lw = 0;
    for (size_t i = 0; i < c->n; i++)
        if (utf8_chars(c->labels[i]) > lw) lw = utf8_chars(c->labels[i]);
    int rotate = lw * CHARW > slot - 4;
    /* below the bars: rotated labels need 70 units, a line of them 26 */
    double top_y = 24 + extra, bottom = top_y + 206, h = bottom + (rotate ? 70 : 26);
    open_svg(f, h, c->title);
    if (lg) legend_rows(f, left, 14, lg, 1);
    for (double t = 0; t <= top + step / 2; t += step) {
        double y = bottom - (bottom - top_y) * t / top;
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                left, y, right, y, left - 4, y + 4, svg_num(t, dec, c->ru, nb, sizeof nb));
    }
    for (size_t i = 0; i < c->n; i++) {
        double v = isfinite(c->values[i]) && c->values[i] > 0 ? c->values[i] : 0;
        double bh = (bottom - top_y) * v / top, x = x0 + slot * (double)i;
        double bw = slot * 0.8;
        fprintf(f, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                x + slot * 0.1, bottom - bh, bw, bh, bar_colour(c, colours, i));
        bar_title(f, c, i, v, dec);
        double cx = x + slot / 2;
        if (c->value_text && utf8_chars(c->value_text[i]) * CHARW < slot) {
            fprintf(f, "<text class=\"val\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", cx, bottom - bh - 4);
            svg_escape(f, c->value_text[i]);
            fputs("</text>", f);
        }
        if (rotate)
            fprintf(f, "<text class=\"lab\" transform=\"translate(%.1f,%.1f) rotate(-40)\" text-anchor=\"end\">",
                    cx + 3, bottom + 12);
        else
            fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", cx, bottom + 14);
        label(f, c->labels[i], rotate ? 14 : 40);
        fputs("</text>\n", f);
    }
    if (c->axis) {
        fprintf(f, "<text class=\"axis\" transform=\"translate(12,%.1f) rotate(-90)\" text-anchor=\"middle\">",
                (top_y + bottom) / 2);
        svg_escape(f, c->axis);
        fputs("</text>", f);
    }
    fputs("</svg>\n", f);
}

void svg_bar_chart_ex(FILE *f, const svg_bars *c, const int *colours, const svg_legend *legend)
{
    double vmax = 0;
    for (size_t i = 0; i < c->n; i++)
        if (isfinite(c->values[i]) && c->values[i] > vmax) vmax = c->values[i];
    double step = nice_step(vmax, 5), top = step * ceil(vmax / step);
    if (!(top > 0)) top = 1;
    int dec = step_decimals(step);
    if (legend && !legend->n) legend = NULL;
    if (c->horizontal) bars_horizontal(f, c, colours, legend, top, step, dec);
    else bars_vertical(f, c, colours, legend, top, step, dec);
}

void svg_bar_chart(FILE *f, const svg_bars *c) { svg_bar_chart_ex(f, c, NULL, NULL); }

/* ------------------------------------------------------------- heat map */
/* a sequential scale from pale to dark blue (readable under colour-vision
 * deficiencies: lightness carries the value) */
static void heat_colour(double t, char *buf)
{
    static const int stops[5][3] = {
        {247, 251, 255}, {198, 219, 239}, {107, 174, 214}, {33, 113, 181}, {8, 48, 107}};
    if (!(t >= 0)) t = 0;
    if (t > 1) t = 1;
    double p = t * 4;
    int k = p >= 4 ? 3 : (int)p;
    double u = p - k;
    int rgb[3];
    for (int i = 0; i < 3; i++) rgb[i] = (int)lround(stops[k][i] + u * (stops[k + 1][i] - stops[k][i]));
    sprintf(buf, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

/* below the grid (top + grid_h): the column labels -- thinned to those that fit, or
 * all of them rotated -- the axis name and the colour key */
static void heat_footer(FILE *f, const svg_heat *c, double left, double cw, double top, double grid_h,
                        double lab_h, int rotate, double lo, double hi)
{
    char col[8];
    double yb = top + grid_h;
    size_t cl = 1;
    for (size_t k = 0; k < c->cols; k++)
        if (utf8_chars(c->col_labels[k]) > cl) cl = utf8_chars(c->col_labels[k]);
    size_t every = rotate ? 1 : (size_t)ceil((cl * CHARW + 6) / cw);
    if (every < 1) every = 1;
    for (size_t k = 0; k < c->cols; k += every) {
        if (rotate)
            fprintf(f, "<text class=\"lab\" transform=\"translate(%.1f,%.1f) rotate(-40)\" text-anchor=\"end\">",
                    left + cw * ((double)k + 0.5) + 3, yb + 12);
        else
            fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                    left + cw * ((double)k + 0.5), yb + 14);
        if (rotate) label(f, c->col_labels[k], 40);
        else svg_escape(f, c->col_labels[k]);
        fputs("</text>", f);
    }
    fputc('\n', f);
    if (c->x_axis) {
        fprintf(f, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (left + W) / 2,
                yb + lab_h + 18);
        svg_escape(f, c->x_axis);
        fputs("</text>", f);
    }
    if (c->y_axis) {
        fprintf(f, "<text class=\"axis\" transform=\"translate(11,%.1f) rotate(-90)\" text-anchor=\"middle\">",
                top + grid_h / 2);
        svg_escape(f, c->y_axis);
        fputs("</text>", f);
    }
    /* the colour key */
    double kx = W - 250, ky = yb + lab_h + 26;
    for (int i = 0; i < 20; i++) {
        heat_colour(i / 19.0, col);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"8\" fill=\"%s\"/>", kx + 10 * i, ky, col);
    }
    char a[64], b[64];
    fprintf(f, "\n<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
               "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%s</text>\n",
            kx - 4, ky + 8, svg_num(lo, fabs(hi - lo) < 10 ? 2 : 0, c->ru, a, sizeof a), kx + 204, ky + 8,
            svg_num(hi, fabs(hi - lo) < 10 ? 2 : 0, c->ru, b, sizeof b));
}

static void heatmap(FILE *f, const svg_heat *c, int rotate)
{
    double lo = c->vmin, hi = c->vmax;
    if (lo == hi) {
        lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < c->rows * c->cols; i++)
            if (isfinite(c->v[i])) lo = fmin(lo, c->v[i]), hi = fmax(hi, c->v[i]);
        if (!isfinite(lo)) lo = 0, hi = 1;
        if (hi == lo) hi = lo + 1;
    }
    /* row labels up to 40 characters, in at most 40% of the width */
    double rw = labels_width(c->rows, c->row_labels, 40);
    double left = 18 + (rw < W * 0.4 ? rw : W * 0.4) + (c->y_axis ? 14 : 0), top = 22;
    double cw = (W - left - 8) / (double)(c->cols ? c->cols : 1);
    double ch = cw < 26 ? 20 : cw > 48 ? 40 : cw * 0.8;
    /* the column labels' height: one line, or the rotated longest */
    double lab_h = rotate ? 0.643 * labels_width(c->cols, c->col_labels, 40) + 8 : 14;
    double h = top + ch * (double)c->rows + lab_h + 44;
    open_svg(f, h, c->title);
    char col[8];
    for (size_t r = 0; r < c->rows; r++) {
        double y = top + ch * (double)r;
        fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 5, y + ch / 2 + 4);
        label(f, c->row_labels[r], fit_chars(c->row_labels[r], left - 18 - (c->y_axis ? 14 : 0)));
        fputs("</text>\n", f);
        for (size_t k = 0; k < c->cols; k++) {
            double v = c->v[r * c->cols + k];
            if (!isfinite(v)) continue;
            double t = (v - lo) / (hi - lo);
            heat_colour(t, col);
            double x = left + cw * (double)k;
            fprintf(f, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>",
                    x + 0.5, y + 0.5, cw - 1, ch - 1, col);
            svg_escape(f, c->row_labels[r]);
            fputs(" \xC2\xB7 ", f);
            svg_escape(f, c->col_labels[k]);
            if (c->cell_text) {
                fputs(": ", f);
                svg_escape(f, c->cell_text[r * c->cols + k]);
            }
            fputs("</title></rect>", f);
            /* a cell's text where it fits, dark on pale and pale on dark */
            if (c->cell_text && utf8_chars(c->cell_text[r * c->cols + k]) * CHARW * 0.85 < cw - 2) {
                fprintf(f, "<text class=\"cell%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                        t > 0.55 ? " dark" : "", x + cw / 2, y + ch / 2 + 4);
                svg_escape(f, c->cell_text[r * c->cols + k]);
                fputs("</text>", f);
            }
            fputc('\n', f);
        }
    }
    heat_footer(f, c, left, cw, top, ch * (double)c->rows, lab_h, rotate, lo, hi);
    fputs("</svg>\n", f);
}

void svg_heatmap(FILE *f, const svg_heat *c) { heatmap(f, c, 0); }

void svg_heatmap_rotated(FILE *f, const svg_heat *c) { heatmap(f, c, 1); }

/* ---------------------------------------------------------------- lines */
/* the x labels of a line chart, thinned to those that fit; a label at the
 * right end would be cut by the frame: it ends there, or is left out when
 * it would then touch the one before */
static void line_x_labels(FILE *f, const svg_lines *c, double left, double right, double y, double x0, double x1)
{
#define LX(i) (left + (right - left) * ((c->x ? c->x[i] : (double)(i)) - x0) / (x1 - x0))
    size_t cl = 1;
    for (size_t i = 0; i < c->n; i++)
        if (utf8_chars(c->x_labels[i]) > cl) cl = utf8_chars(c->x_labels[i]);
    double slot = (right - left) / (double)(c->n > 1 ? c->n - 1 : 1);
    size_t every = (size_t)ceil((cl * CHARW + 8) / slot);
    if (every < 1) every = 1;
    for (size_t i = 0; i < c->n; i += every) {
        double lw = (double)utf8_chars(c->x_labels[i]) * CHARW;
        int end = LX(i) + lw / 2 > W - 2;
        if (end && i >= every && W - 2 - lw < LX(i - every) + (double)utf8_chars(c->x_labels[i - every]) * CHARW / 2 + 4)
            continue;
        fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", end ? W - 2 : LX(i), y,
                end ? "end" : "middle");
        svg_escape(f, c->x_labels[i]);
        fputs("</text>", f);
    }
#undef LX
}

void svg_line_chart(FILE *f, const svg_lines *c)
{
    double x0 = c->x ? c->x[0] : 0, x1 = c->x ? c->x[c->n - 1] : (double)c->n - 1;
    if (!(x1 > x0)) x1 = x0 + 1;
    double lo = c->ymin, hi = c->ymax;
    if (lo == hi) {
        lo = 0, hi = -INFINITY;
        for (size_t i = 0; i < c->n * c->nseries; i++)
            if (isfinite(c->y[i])) lo = fmin(lo, c->y[i]), hi = fmax(hi, c->y[i]);
        if (!isfinite(hi) || hi <= lo) hi = lo + 1;
        double st = nice_step(hi - lo, 5);
        hi = st * ceil(hi / st);
        lo = st * floor(lo / st);
    }
    double step = nice_step(hi - lo, 5);
    double left = 64, right = W - 14, top = 16, h = 290 + 18.0 * (double)((c->nseries + 2) / 3);
    double bottom = 232;
    open_svg(f, h, c->title);
    char nb[64];
    int dec = c->y_decimals >= 0 ? c->y_decimals : step_decimals(step);
#define PX(v) (left + (right - left) * ((v) - x0) / (x1 - x0))
#define PY(v) (bottom - (bottom - top) * ((v) - lo) / (hi - lo))
    for (double t = lo; t <= hi + step / 2; t += step)
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                left, PY(t), right, PY(t), left - 4, PY(t) + 4, svg_num(t, dec, c->ru, nb, sizeof nb));
    if (c->x_labels) {
        line_x_labels(f, c, left, right, bottom + 15, x0, x1);
    } else {
        double xs = nice_step(x1 - x0, 8);
        int xd = step_decimals(xs);
        for (double t = xs * ceil(x0 / xs); t <= x1 + xs / 1e6; t += xs)
            fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>", PX(t),
                    bottom + 15, svg_num(t, xd, c->ru, nb, sizeof nb));
    }
    fputc('\n', f);
    if (c->diagonal) {
        double a = fmax(x0, lo), b = fmin(x1, hi);
        fprintf(f, "<line class=\"diag\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", PX(a), PY(a), PX(b), PY(b));
    }
    for (size_t s = 0; s < c->nseries; s++) {
        const char *colr = svg_palette[s % SVG_NPALETTE];
        const double *y = c->y + s * c->n;
        int pen = 0;
        size_t points = 0;
        fprintf(f, "<path class=\"mark\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s d=\"", colr,
                c->dashed && c->dashed[s] ? " stroke-dasharray=\"6 4\"" : "");
        for (size_t i = 0; i < c->n; i++) {
            if (!isfinite(y[i])) {
                pen = 0;
                continue;
            }
            double xv = c->x ? c->x[i] : (double)i;
            fprintf(f, "%s%.1f %.1f", pen ? " L" : (points ? " M" : "M"), PX(xv), PY(y[i]));
            pen = 1;
            points++;
        }
        fputs("\"/>\n", f);
        /* a lone point (or points between gaps) still shows */
        if (c->n <= 40)
            for (size_t i = 0; i < c->n; i++) {
                if (!isfinite(y[i])) continue;
                double xv = c->x ? c->x[i] : (double)i;
                fprintf(f, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>", PX(xv),
                        PY(y[i]), colr);
                svg_escape(f, c->names[s]);
                if (c->x_labels) {
                    fputs(" \xC2\xB7 ", f);
                    svg_escape(f, c->x_labels[i]);
                }
                fprintf(f, ": %s</title></circle>", svg_num(y[i], dec + 1, c->ru, nb, sizeof nb));
            }
        /* legend, three to a row under the axis */
        double lx = left + (double)(s % 3) * 215, ly = bottom + 48 + 18.0 * (double)(s / 3);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"%s/>"
                   "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\">",
                lx, ly - 4, lx + 20, ly - 4, colr, c->dashed && c->dashed[s] ? " stroke-dasharray=\"6 4\"" : "",
                lx + 26, ly);
        label(f, c->names[s], 30);
        fputs("</text>\n", f);
    }
    if (c->x_axis) {
        fprintf(f, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (left + right) / 2, bottom + 32);
        svg_escape(f, c->x_axis);
        fputs("</text>", f);
    }
    if (c->y_axis) {
        fprintf(f, "<text class=\"axis\" transform=\"translate(12,%.1f) rotate(-90)\" text-anchor=\"middle\">",
                (top + bottom) / 2);
        svg_escape(f, c->y_axis);
        fputs("</text>", f);
    }
#undef PX
#undef PY
    fputs("</svg>\n", f);
}

/* --------------------------------------------------------------- funnel */
void svg_funnel_chart(FILE *f, const svg_funnel *c)
{
    double vmax = 0;
    for (size_t i = 0; i < c->n; i++)
        if (isfinite(c->values[i]) && c->values[i] > vmax) vmax = c->values[i];
    if (!(vmax > 0)) vmax = 1;
    const svg_legend *lg = c->legend && c->legend->n ? c->legend : NULL;
    double left = 12 + labels_width(c->n, c->labels, 30), row = 26;
    double right = W - 12 - labels_width(c->n, c->value_text, 40) - 6; /* the values after the widest bar */
    double t0 = lg ? 8 + 16.0 * legend_rows(f, 12, 14, lg, 0) : 8, gap = c->side && c->side < c->n ? 22 : 0;
    double h = t0 + row * (double)c->n + gap + 8, mid = (left + right) / 2;
    open_svg(f, h, c->title);
    if (lg) legend_rows(f, 12, 14, lg, 1);
    if (gap) {
        double y = t0 + row * (double)c->side + 12;
        fprintf(f, "<line class=\"diag\" x1=\"12\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", y, W - 12, y);
        if (c->side_label) {
            fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" stroke=\"#fff\" "
                       "stroke-width=\"4\" paint-order=\"stroke\">", mid, y + 4);
            label(f, c->side_label, 60);
            fputs("</text>", f);
        }
        fputc('\n', f);
    }
    for (size_t i = 0; i < c->n; i++) {
        double v = isfinite(c->values[i]) && c->values[i] > 0 ? c->values[i] : 0;
        double bw = (right - left) * v / vmax, y = t0 + row * (double)i + (gap && i >= c->side ? gap : 0);
        if (v > 0 && bw < 2) bw = 2; /* a stage with customers never vanishes */
        fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 6, y + 17);
        label(f, c->labels[i], 30);
        fprintf(f, "</text><rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                   "<title>",
                mid - bw / 2, y + 3, bw, row - 6, svg_palette[(c->colours ? c->colours[i] : 0) % SVG_NPALETTE]);
        svg_escape(f, c->labels[i]);
        fputs(": ", f);
        svg_escape(f, c->value_text[i]);
        fprintf(f, "</title></rect><text class=\"val\" x=\"%.1f\" y=\"%.1f\">", mid + bw / 2 + 5, y + 17);
        svg_escape(f, c->value_text[i]);
        fputs("</text>\n", f);
    }
    fputs("</svg>\n", f);
}

/* ------------------------------------------------------- binned scatter */
/* The plot's geometry: the bins' area between left/right and top/bottom,
 * and above each row of regions a band of BAND units for the regions'
 * names (the cut lines run on the bands' tops), so that a name never
 * covers a count. */
#define BAND 16.0
typedef struct bgeo {
    const svg_binned *c;
    double left, right, top, bottom, band;
} bgeo;

static double bx(const bgeo *g, double v)
{
    return g->left + (g->right - g->left) * (v - g->c->x0) / (g->c->x1 - g->c->x0);
}

/* y of a value: linear inside its row of regions, the bands of the rows
 * below it added */
static double by(const bgeo *g, double v)
{
    const svg_binned *c = g->c;
    size_t below = 0;
    while (below < c->ncuts && v > c->y_cuts[below]) below++;
    double hb = g->bottom - g->top - g->band * (double)(c->regions ? c->ncuts + 1 : 0);
    return g->bottom - g->band * (double)below - hb * (v - c->y0) / (c->y1 - c->y0);
}

/* the frame: grid and ticks, cut lines, axis names */
static void binned_frame(FILE *f, const bgeo *g)
{
    const svg_binned *c = g->c;
    char nb[64];
    double xs = nice_step(c->x1 - c->x0, 4), ys = nice_step(c->y1 - c->y0, 4);
    for (double t = xs * ceil(c->x0 / xs); t <= c->x1 + xs / 1e6; t += xs)
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                bx(g, t), g->top, bx(g, t), g->bottom, bx(g, t), g->bottom + 15,
                svg_num(t, step_decimals(xs), c->ru, nb, sizeof nb));
    for (double t = ys * ceil(c->y0 / ys); t <= c->y1 + ys / 1e6; t += ys)
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                g->left, by(g, t), g->right, by(g, t), g->left - 5, by(g, t) + 4,
                svg_num(t, step_decimals(ys), c->ru, nb, sizeof nb));
    for (size_t k = 0; k < c->ncuts; k++) {
        double yc = by(g, c->y_cuts[k]) - g->band; /* on the band's top */
        fprintf(f, "<line class=\"diag\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<line class=\"diag\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                bx(g, c->x_cuts[k]), g->top, bx(g, c->x_cuts[k]), g->bottom, g->left, yc, g->right, yc);
    }
    if (c->x_axis) {
        fprintf(f, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (g->left + g->right) / 2,
                g->bottom + 32);
        svg_escape(f, c->x_axis);
        fputs("</text>", f);
    }
    if (c->y_axis) {
        fprintf(f, "<text class=\"axis\" transform=\"translate(14,%.1f) rotate(-90)\" text-anchor=\"middle\">",
                (g->top + g->bottom) / 2);
        svg_escape(f, c->y_axis);
        fputs("</text>\n", f);
    }
}

/* each region's name in the band above it, at its left */
static void binned_regions(FILE *f, const bgeo *g)
{
    const svg_binned *c = g->c;
    size_t m = c->ncuts + 1;
    for (size_t ry = 0; ry < m; ry++)
        for (size_t rx = 0; rx < m; rx++) {
            double xa = rx ? c->x_cuts[rx - 1] : c->x0, xb = rx < c->ncuts ? c->x_cuts[rx] : c->x1;
            double yb = ry < c->ncuts ? c->y_cuts[ry] : c->y1;
            const char *name = c->regions[ry * m + rx];
            fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" style=\"font-size:10.5px;fill:#555\">",
                    bx(g, xa) + 4, by(g, yb) - 4);
            label(f, name, fit_chars(name, (bx(g, xb) - bx(g, xa) - 5) / 0.95)); /* 0.95: the smaller font */
            fputs("</text>\n", f);
        }
}

void svg_binned_scatter(FILE *f, const svg_binned *c)
{
    bgeo g = {c, 70, W - 16, 10, 400 + (c->regions ? BAND * (double)(c->ncuts + 1) : 0), c->regions ? BAND : 0};
    double h = g.bottom + 42, bw = (g.right - g.left) / (double)c->nx;
    double bh = (by(&g, c->y0) - by(&g, c->y1) - g.band * (double)(c->regions ? c->ncuts : 0)) / (double)c->ny;
    double cmax = 0;
    for (size_t i = 0; i < c->nx * c->ny; i++)
        if (c->count[i] > cmax) cmax = c->count[i];
    open_svg(f, h, c->title);
    binned_frame(f, &g);
    if (c->regions) binned_regions(f, &g);
    double rmax = (bw < bh ? bw : bh) / 2 - 1;
    char nb[64];
    for (size_t j = 0; j < c->ny; j++)
        for (size_t i = 0; i < c->nx; i++) {
            double n = c->count[j * c->nx + i];
            if (!(n > 0)) continue;
            double r = rmax * sqrt(n / cmax), cx = g.left + bw * ((double)i + 0.5);
            double cy = by(&g, c->y0 + (c->y1 - c->y0) * ((double)j + 0.5) / (double)c->ny);
            if (r < 2.5) r = 2.5;
            svg_num(n, 0, c->ru, nb, sizeof nb);
            fprintf(f, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" fill-opacity=\"0.85\">"
                       "<title>%s</title></circle>",
                    cx, cy, r, svg_palette[0], nb);
            /* the count inside when it fits, else beside the circle */
            if (utf8_chars(nb) * CHARW * 0.85 < 2 * r - 2)
                fprintf(f, "<text class=\"cell dark\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                        cx, cy + 3.5, nb);
            else
                fprintf(f, "<text class=\"cell\" x=\"%.1f\" y=\"%.1f\">%s</text>\n", cx + r + 1.5, cy + 3.5, nb);
        }
    fputs("</svg>\n", f);
}

/* 1 when dark text reads better than white on the palette colour hex */
static int pale(const char *hex)
{
    unsigned r, g, b;
    if (sscanf(hex, "#%2x%2x%2x", &r, &g, &b) != 3) return 1;
    return 0.299 * r + 0.587 * g + 0.114 * b > 150;
}

static void stack_legend(FILE *f, const svg_stack *c, double left, double y)
{
    double x = left;
    for (size_t p = 0; p < c->nparts; p++) {
        const char *col = svg_palette[c->colours[p] % SVG_NPALETTE];
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"10\" fill=\"%s\"/>"
                   "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\">", x, y - 9, col, x + 16, y);
        label(f, c->part_names[p], 28);
        fputs("</text>", f);
        x += 16 + 6.2 * (double)(utf8_chars(c->part_names[p]) < 28 ? utf8_chars(c->part_names[p]) : 29) + 18;
    }
    fputc('\n', f);
}

void svg_stacked_bars(FILE *f, const svg_stack *c)
{
    size_t tw = 0;
    for (size_t i = 0; c->row_text && i < c->n; i++)
        if (utf8_chars(c->row_text[i]) > tw) tw = utf8_chars(c->row_text[i]);
    double left = 12 + labels_width(c->n, c->labels, 31), right = W - 10 - (tw ? (double)tw * CHARW + 8 : 0);
    double row = 22, top = 8, h = top + row * (double)c->n + 34;
    open_svg(f, h, c->title);
    char nb[64], pb[64];
    for (size_t i = 0; i < c->n; i++) {
        double y = top + row * (double)i, sum = 0;
        for (size_t p = 0; p < c->nparts; p++) {
            double v = c->v[i * c->nparts + p];
            if (isfinite(v) && v > 0) sum += v;
        }
        fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 6, y + 15);
        label(f, c->labels[i], 30);
        fputs("</text>", f);
        if (!(sum > 0))
            fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                       "stroke=\"#ccc\"/>", left, y + 3, right - left, row - 6);
        double x = left;
        for (size_t p = 0; p < c->nparts && sum > 0; p++) {
            double v = c->v[i * c->nparts + p];
            if (!(isfinite(v) && v > 0)) continue;
            double share = v / sum, bw = (right - left) * share;
            const char *col = svg_palette[c->colours[p] % SVG_NPALETTE];
            fprintf(f, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>",
                    x, y + 3, bw, row - 6, col);
            svg_escape(f, c->labels[i]);
            fputs(" \xC2\xB7 ", f);
            svg_escape(f, c->part_names[p]);
            fprintf(f, ": %s%% (%s)</title></rect>", svg_num(share * 100, 1, c->ru, pb, sizeof pb),
                    svg_num(v, v == floor(v) ? 0 : 2, c->ru, nb, sizeof nb));
            svg_num(share * 100, 0, c->ru, pb, sizeof pb);
            if ((double)(utf8_chars(pb) + 1) * CHARW * 0.85 + 4 < bw)
                fprintf(f, "<text class=\"cell%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s%%</text>",
                        pale(col) ? "" : " dark", x + bw / 2, y + 15, pb);
            x += bw;
        }
        if (c->row_text) {
            fprintf(f, "<text class=\"val\" x=\"%.1f\" y=\"%.1f\">", right + 6, y + 15);
            svg_escape(f, c->row_text[i]);
            fputs("</text>", f);
        }
        fputc('\n', f);
    }
    stack_legend(f, c, left, h - 10);
    fputs("</svg>\n", f);
}

/* ------------------------------------------------------------ dot scale */
void svg_dot_scale(FILE *f, const svg_dots *c)
{
    /* the bold row's label is a little wider */
    double left = 20 + labels_width(c->n, c->labels, 37) * 1.08, right = W - 16, row = 26, top = 30;
    double h = top + row * (double)c->n + 30, span = c->hi > c->lo ? c->hi - c->lo : 1;
    open_svg(f, h, c->title);
#define DX(v) (left + (right - left) * (((v) < c->lo ? c->lo : (v) > c->hi ? c->hi : (v)) - c->lo) / span)
    char col[8], nb[64];
    double from = c->lo, yb = top + row * (double)c->n;
    for (size_t b = 0; b < c->nbands; b++) {
        double x0 = DX(from), x1 = DX(c->band_to[b]);
        /* pale tints, darker towards the top of the scale */
        heat_colour(0.06 + 0.3 * (double)b / (double)(c->nbands > 1 ? c->nbands - 1 : 1), col);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>"
                   "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                x0, top, x1 - x0, yb - top, col, (x0 + x1) / 2, top - 8);
        label(f, c->band_names[b], (size_t)((x1 - x0) / CHARW) > 1 ? (size_t)((x1 - x0) / CHARW) - 1 : 1);
        fprintf(f, "</text><text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", x0,
                yb + 14, svg_num(from, 0, c->ru, nb, sizeof nb));
        from = c->band_to[b];
    }
    fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", DX(c->hi), yb + 14,
            svg_num(c->hi, 0, c->ru, nb, sizeof nb));
    for (size_t i = 0; i < c->n; i++) {
        double y = top + row * ((double)i + 0.5);
        int bold = (int)i == c->bold_row;
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"lab%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                left, y, right, y, bold ? " axis" : "", left - 6, y + 4);
        label(f, c->labels[i], 36);
        fputs("</text>", f);
        double v = c->v[i];
        if (!isfinite(v)) {
            fprintf(f, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">", left + 6, y + 4);
            svg_escape(f, c->none_text);
            fputs("</text>\n", f);
            continue;
        }
        double x = DX(v);
        fprintf(f, "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"%d\" fill=\"%s\" stroke=\"#fff\" "
                   "stroke-width=\"1.5\"><title>", x, y, bold ? 8 : 6, svg_palette[bold ? 3 : 0]);
        svg_escape(f, c->labels[i]);
        fputs(": ", f);
        svg_escape(f, c->value_text ? c->value_text[i] : svg_num(v, 1, c->ru, nb, sizeof nb));
        fputs("</title></circle>", f);
        if (c->value_text) {
            /* beside the dot, on the side with room */
            int lefty = x > right - 60;
            fprintf(f, "<text class=\"val\" x=\"%.1f\" y=\"%.1f\"%s>", lefty ? x - 12 : x + 12, y + 4,
                    lefty ? " text-anchor=\"end\"" : "");
            svg_escape(f, c->value_text[i]);
            fputs("</text>", f);
        }
        fputc('\n', f);
    }
#undef DX
    fputs("</svg>\n", f);
}
