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

/* the widest of n labels as drawn, cut to cap characters: CHARW a Latin
 * character, 7.2 a Cyrillic one (wider in the sans-serif fonts) */
static double labels_width(const char *const *labels, size_t n, size_t cap)
{
    double most = 0;
    for (size_t i = 0; i < n; i++) {
        double w = 0;
        size_t k = 0;
        for (const unsigned char *p = (const unsigned char *)(labels[i] ? labels[i] : ""); *p && k < cap; p++)
            if ((*p & 0xC0) != 0x80) w += *p < 0x80 ? CHARW : 7.2, k++;
        if (w > most) most = w;
    }
    return most;
}

/* ----------------------------------------------------------------- bars */
void svg_bar_chart(FILE *f, const svg_bars *c)
{
    double vmax = 0;
    for (size_t i = 0; i < c->n; i++)
        if (isfinite(c->values[i]) && c->values[i] > vmax) vmax = c->values[i];
    double step = nice_step(vmax, 5), top = step * ceil(vmax / step);
    if (!(top > 0)) top = 1;
    int dec = step_decimals(step);
    const char *col = svg_palette[c->colour % SVG_NPALETTE];
    char nb[64];
    if (c->horizontal) {
        double left = 12 + labels_width(c->labels, c->n, 35), right = W - 90, row = 22, h = 30 + row * (double)c->n + 34;
        open_svg(f, h, c->title);
        for (double t = 0; t <= top + step / 2; t += step) {
            double x = left + (right - left) * t / top;
            fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"24\" x2=\"%.1f\" y2=\"%.1f\"/>"
                       "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
                    x, x, h - 30, x, h - 16, svg_num(t, dec, c->ru, nb, sizeof nb));
        }
        for (size_t i = 0; i < c->n; i++) {
            double v = isfinite(c->values[i]) && c->values[i] > 0 ? c->values[i] : 0;
            double y = 24 + row * (double)i, bw = (right - left) * v / top;
            fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 6, y + 15);
            label(f, c->labels[i], 34);
            fprintf(f, "</text><rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                       "fill=\"%s\"><title>", left, y + 3, bw, row - 6, col);
            svg_escape(f, c->labels[i]);
            fputs(": ", f);
            svg_escape(f, c->value_text ? c->value_text[i] : svg_num(v, dec, c->ru, nb, sizeof nb));
            fputs("</title></rect>", f);
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
        return;
    }
    /* vertical: labels under the bars, rotated when they do not fit */
    double left = 64, right = W - 12, top_y = 24, h = 300, bottom = h - 70;
    double slot = (right - left) / (double)(c->n ? c->n : 1);
    size_t lw = 0;
    for (size_t i = 0; i < c->n; i++)
        if (utf8_chars(c->labels[i]) > lw) lw = utf8_chars(c->labels[i]);
    int rotate = lw * CHARW > slot - 4;
    open_svg(f, h, c->title);
    for (double t = 0; t <= top + step / 2; t += step) {
        double y = bottom - (bottom - top_y) * t / top;
        fprintf(f, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                   "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
                left, y, right, y, left - 4, y + 4, svg_num(t, dec, c->ru, nb, sizeof nb));
    }
    for (size_t i = 0; i < c->n; i++) {
        double v = isfinite(c->values[i]) && c->values[i] > 0 ? c->values[i] : 0;
        double bh = (bottom - top_y) * v / top, x = left + slot * (double)i;
        double bw = slot * 0.8;
        fprintf(f, "<rect class=\"mark\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>",
                x + slot * 0.1, bottom - bh, bw, bh, col);
        svg_escape(f, c->labels[i]);
        fputs(": ", f);
        svg_escape(f, c->value_text ? c->value_text[i] : svg_num(v, dec, c->ru, nb, sizeof nb));
        fputs("</title></rect>", f);
        double cx = x + slot / 2;
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

void svg_heatmap(FILE *f, const svg_heat *c)
{
    double lo = c->vmin, hi = c->vmax;
    if (lo == hi) {
        lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < c->rows * c->cols; i++)
            if (isfinite(c->v[i])) lo = fmin(lo, c->v[i]), hi = fmax(hi, c->v[i]);
        if (!isfinite(lo)) lo = 0, hi = 1;
        if (hi == lo) hi = lo + 1;
    }
    double left = 18 + labels_width(c->row_labels, c->rows, 25) + (c->y_axis ? 14 : 0), top = 22;
    double cw = (W - left - 8) / (double)(c->cols ? c->cols : 1);
    double ch = cw < 26 ? 20 : cw > 48 ? 40 : cw * 0.8;
    double h = top + ch * (double)c->rows + 58;
    open_svg(f, h, c->title);
    char col[8];
    for (size_t r = 0; r < c->rows; r++) {
        double y = top + ch * (double)r;
        fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", left - 5, y + ch / 2 + 4);
        label(f, c->row_labels[r], 24);
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
    /* column labels under the grid, thinned to those that fit */
    size_t cl = 1;
    for (size_t k = 0; k < c->cols; k++)
        if (utf8_chars(c->col_labels[k]) > cl) cl = utf8_chars(c->col_labels[k]);
    size_t every = (size_t)ceil((cl * CHARW + 6) / cw);
    if (every < 1) every = 1;
    double yb = top + ch * (double)c->rows;
    for (size_t k = 0; k < c->cols; k += every) {
        fprintf(f, "<text class=\"lab\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                left + cw * ((double)k + 0.5), yb + 14);
        svg_escape(f, c->col_labels[k]);
        fputs("</text>", f);
    }
    fputc('\n', f);
    if (c->x_axis) {
        fprintf(f, "<text class=\"axis\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (left + W) / 2, yb + 32);
        svg_escape(f, c->x_axis);
        fputs("</text>", f);
    }
    if (c->y_axis) {
        fprintf(f, "<text class=\"axis\" transform=\"translate(11,%.1f) rotate(-90)\" text-anchor=\"middle\">",
                top + ch * (double)c->rows / 2);
        svg_escape(f, c->y_axis);
        fputs("</text>", f);
    }
    /* the colour key */
    double kx = W - 250, ky = yb + 40;
    for (int i = 0; i < 20; i++) {
        heat_colour(i / 19.0, col);
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"8\" fill=\"%s\"/>", kx + 10 * i, ky, col);
    }
    char a[64], b[64];
    fprintf(f, "\n<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>"
               "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%s</text>\n",
            kx - 4, ky + 8, svg_num(lo, fabs(hi - lo) < 10 ? 2 : 0, 0, a, sizeof a), kx + 204, ky + 8,
            svg_num(hi, fabs(hi - lo) < 10 ? 2 : 0, 0, b, sizeof b));
    fputs("</svg>\n", f);
}

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

/* --------------------------------------------------------- stacked bars */
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
    double left = 12 + labels_width(c->labels, c->n, 31), right = W - 10 - (tw ? (double)tw * CHARW + 8 : 0);
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
    double left = 20 + labels_width(c->labels, c->n, 37) * 1.08, right = W - 16, row = 26, top = 30;
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
