/* SPDX-License-Identifier: MIT */
/* xlsx.c — the report as an XLSX workbook (libxlsxwriter): the workbook,
 * its formats, the per-customer tables and the sheets of small tables, the
 * cell texts of the CSV outputs, and the summary sheet. docs/report.md,
 * "The workbook". */
#include "xlsx.h"
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------ the CSV texts */

char *x_int(char *b, long long v)
{
    snprintf(b, 32, "%lld", v);
    return b;
}

char *x_fix(char *b, double v, int dec)
{
    if (!isfinite(v)) b[0] = 0;
    else snprintf(b, 32, "%.*f", dec, v);
    return b;
}

/* as the CLI's fast fixed point (portfolio, abcxyz): v 10^dec rounded half
 * away from zero; printf beyond 9e15 */
char *x_round(char *b, double v, int dec)
{
    static const double p10[5] = {1, 10, 100, 1000, 10000};
    if (!isfinite(v) || dec < 0 || dec > 4 || fabs(v) * p10[dec] > 9e15) return x_fix(b, v, dec);
    long long q = llround(v * p10[dec]);
    unsigned long long u = q < 0 ? 0ULL - (unsigned long long)q : (unsigned long long)q;
    unsigned long long p = (unsigned long long)p10[dec];
    char t[64]; /* |v| 10^dec <= 9e15: at most 22 characters */
    int n = dec ? snprintf(t, sizeof t, "%s%llu.%0*llu", q < 0 ? "-" : "", u / p, dec, u % p)
                : snprintf(t, sizeof t, "%s%llu", q < 0 ? "-" : "", u);
    n = n < 0 ? 0 : n > 31 ? 31 : n;
    memcpy(b, t, (size_t)n);
    b[n] = 0;
    return b;
}

char *x_money(char *b, int64_t minor) { return rmk_money_format(minor, 2, '.', b); }

char *x_frac4(char *b, int64_t n, int64_t d)
{
    if (d <= 0) {
        b[0] = 0;
        return b;
    }
    unsigned long long m = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
    unsigned long long q = (unsigned long long)(((unsigned __int128)m * 20000 + (unsigned long long)d) /
                                                (2 * (unsigned __int128)d));
    snprintf(b, 40, "%s%llu.%04llu", n < 0 && q ? "-" : "", q / 10000, q % 10000);
    return b;
}

char *x_date(char *b, int32_t day)
{
    if (day == RMK_NO_DATE) b[0] = 0;
    else rmk_date_format_iso(day, b);
    return b;
}

/* ------------------------------------------------------------ cells */

void x_fail(xw *w, lxw_error e)
{
    if (e != LXW_NO_ERROR && w->err == LXW_NO_ERROR) w->err = e;
}

void x_sheet_done(xw *w, const char *name, size_t rows)
{
    if (!w->info || w->ninfo == w->info_cap) return;
    snprintf(w->info[w->ninfo].name, sizeof w->info[w->ninfo].name, "%s", name);
    w->info[w->ninfo++].rows = rows;
}

static lxw_format *num_format(xw *w, char kind)
{
    static const char kinds[] = "ic m124p";
    const char *k = strchr(kinds, kind);
    return k && kind != ' ' ? w->num[k - kinds] : NULL;
}

/* code points of UTF-8 text */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int escape_at(const char *p) /* "_xHHHH_" */
{
    if (p[0] != '_' || p[1] != 'x') return 0;
    for (int i = 2; i < 6; i++)
        if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i]) return 0;
    return p[6] == '_';
}

/* A text cell. Excel reads "_xHHHH_" in a text as the character U+HHHH
 * (ECMA-376 Part 1, ST_Xstring; libxlsxwriter writes control characters
 * so): a text that holds one literally gets its '_' written as "_x005F_".
 * Excel keeps at most 32,767 characters in a cell: a longer text (only a
 * customers file's name could be) is cut at a character's start. */
static lxw_error put_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                          lxw_format *f)
{
    size_t n = strlen(s), extra = 0;
    for (const char *p = strstr(s, "_x"); p; p = strstr(p + 1, "_x")) extra += escape_at(p);
    if (n <= 32767 && !extra) return worksheet_write_string(ws, row, col, s, f);
    char *t = malloc(n + 6 * extra + 1);
    if (!t) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    size_t k = 0;
    for (const char *p = s; *p; p++) {
        if (escape_at(p)) memcpy(t + k, "_x005F", 6), k += 6;
        t[k++] = *p;
    }
    while (k > 32767 || (k < n + 6 * extra && ((unsigned char)t[k] & 0xC0) == 0x80)) k--;
    t[k] = 0;
    lxw_error e = worksheet_write_string(ws, row, col, t, f);
    free(t);
    return e;
}

/* One cell from its CSV text, typed by the kind; returns its display width
 * in characters (0 for an empty cell). */
static size_t put(xw *w, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, char kind, const char *s,
                  lxw_format *textf)
{
    if (!s || !*s) return 0;
    lxw_error e = LXW_NO_ERROR;
    size_t len = strlen(s);
    if (kind == XK_BOOL && (!strcmp(s, "true") || !strcmp(s, "false"))) {
        e = worksheet_write_boolean(ws, row, col, s[0] == 't', NULL);
        x_fail(w, e);
        return 5;
    }
    int y, m, d;
    char tail;
    /* Excel's dates start on 1900-03-01 (serial 61; day 0 = 1970-01-01 is 25569) */
    if (kind == XK_DATE && sscanf(s, "%d-%d-%d%c", &y, &m, &d, &tail) == 3) {
        int32_t day = rmk_days_from_civil(y, m, d);
        if (day >= -25508) {
            x_fail(w, worksheet_write_number(ws, row, col, (double)day + 25569.0, w->date));
            return 10;
        }
    }
    lxw_format *nf = kind == XK_TEXT || kind == XK_DATE || kind == XK_BOOL ? NULL : num_format(w, kind);
    if (nf) {
        char *end;
        double v = strtod(s, &end);
        if (end != s && !*end && isfinite(v)) {
            x_fail(w, worksheet_write_number(ws, row, col, v, nf));
            return len + len / 3 + (kind == XK_PCT ? 1 : 0); /* thousands separators, '%' */
        }
    }
    x_fail(w, put_text(ws, row, col, s, textf));
    return chars(s);
}

static void widen(unsigned short *w, int col, size_t n, size_t cap)
{
    if (col >= XT_MAXCOL) return;
    if (n > cap) n = cap;
    if (n > w[col]) w[col] = (unsigned short)n;
}

static void set_widths(lxw_worksheet *ws, const unsigned short *width, int ncol)
{
    for (int c = 0; c < ncol && c < XT_MAXCOL; c++)
        if (width[c]) worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c] + 2.0, NULL);
}

/* ---------------------------------------------- per-customer tables */

static int xt_sheet(xt *t)
{
    xw *w = t->w;
    char name[160];
    if (t->part == 1) snprintf(name, sizeof name, "%s", t->name);
    else snprintf(name, sizeof name, "%s (%d)", t->name, t->part);
    t->ws = w->err ? NULL : workbook_add_worksheet(w->wb, name);
    if (!t->ws) { /* out of memory, or no temporary file for its rows */
        x_fail(w, LXW_ERROR_CREATING_TMPFILE);
        return -1;
    }
    memset(t->width, 0, sizeof t->width);
    for (int c = 0; c < t->ncol; c++) {
        x_fail(w, worksheet_write_string(t->ws, 0, (lxw_col_t)c, t->heads[c], w->head));
        widen(t->width, c, chars(t->heads[c]) + 2 /* the filter's button */, 50);
    }
    worksheet_freeze_panes(t->ws, 1, 1);
    t->row = 1;
    return 0;
}

int xt_open(xw *w, xt *t, const char *name, int ncol, const char *kinds, const char *const *heads)
{
    memset(t, 0, sizeof *t);
    t->w = w;
    t->name = name;
    t->ncol = ncol < XT_MAXCOL ? ncol : XT_MAXCOL;
    t->kinds = kinds;
    t->heads = heads;
    t->part = 1;
    return xt_sheet(t);
}

static void xt_finish(xt *t)
{
    if (!t->ws) return;
    worksheet_autofilter(t->ws, 0, 0, t->row - 1, (lxw_col_t)(t->ncol - 1));
    set_widths(t->ws, t->width, t->ncol);
    char name[160];
    if (t->part == 1) snprintf(name, sizeof name, "%s", t->name);
    else snprintf(name, sizeof name, "%s (%d)", t->name, t->part);
    x_sheet_done(t->w, name, t->row - 1);
}

void xt_row(xt *t, const char *const *cells)
{
    if (!t->ws || t->w->err) return;
    if (t->row > t->w->rows_max) { /* the sheet is full: the table goes on in the next */
        xt_finish(t);
        t->part++;
        if (xt_sheet(t)) return;
    }
    for (int c = 0; c < t->ncol; c++)
        widen(t->width, c, put(t->w, t->ws, t->row, (lxw_col_t)c, t->kinds[c], cells[c], t->w->text), 50);
    t->row++;
}

void xt_close(xt *t)
{
    xt_finish(t);
    t->ws = NULL;
}

/* ---------------------------------------------- sheets of small tables */

int xs_open(xw *w, xs *s, const char *name)
{
    memset(s, 0, sizeof *s);
    s->w = w;
    s->ws = w->err ? NULL : workbook_add_worksheet(w->wb, name);
    if (!s->ws) {
        x_fail(w, LXW_ERROR_CREATING_TMPFILE);
        return -1;
    }
    x_sheet_done(w, name, 0);
    return 0;
}

void xs_title(xs *s, const char *text)
{
    if (!s->ws) return;
    if (s->row < s->keep_clear) s->row = s->keep_clear;
    x_fail(s->w, worksheet_write_string(s->ws, s->row++, 0, text, s->w->title));
}

/* lines of at most ~100 characters, broken at blanks */
void xs_text(xs *s, const char *text)
{
    if (!s->ws || !text) return;
    const char *p = text;
    while (*p) {
        const char *brk = NULL, *q = p;
        size_t n = 0;
        for (; *q && n < 100; q++) {
            n += ((unsigned char)*q & 0xC0) != 0x80;
            if (*q == ' ') brk = q;
        }
        const char *end = !*q || !brk ? q : brk;
        while (*end && ((unsigned char)*end & 0xC0) == 0x80) end++; /* whole characters */
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)(end - p), p);
        x_fail(s->w, worksheet_write_string(s->ws, s->row++, 0, line, s->w->note));
        p = *end == ' ' ? end + 1 : end;
    }
}

void xs_head(xs *s, int ncol, const char *const *heads)
{
    if (!s->ws) return;
    for (int c = 0; c < ncol; c++) {
        x_fail(s->w, worksheet_write_string(s->ws, s->row, (lxw_col_t)c, heads[c], s->w->head));
        widen(s->width, c, chars(heads[c]), 40);
    }
    s->row++;
}

/* long texts (actions, measures) wrap in a column 60 characters wide */
void xs_row(xs *s, int ncol, const char *kinds, const char *const *cells)
{
    if (!s->ws) return;
    for (int c = 0; c < ncol; c++) {
        lxw_format *f = cells[c] && chars(cells[c]) > 60 ? s->w->wrap : s->w->text;
        widen(s->width, c, put(s->w, s->ws, s->row, (lxw_col_t)c, kinds[c], cells[c], f), 60);
    }
    s->row++;
}

void xs_gap(xs *s) { s->row++; }

void xs_chart(xs *s, lxw_chart *c, lxw_row_t top, int ncol)
{
    if (!s->ws || !c) return;
    lxw_chart_options o = {.x_offset = 12, .y_offset = 4, .x_scale = 1.2, .y_scale = 1.1};
    x_fail(s->w, worksheet_insert_chart_opt(s->ws, top, (lxw_col_t)ncol, c, &o));
    /* 288 px x 1.1 high, rows of 20 px: 16 rows; and a row to spare */
    if (s->keep_clear < top + 17) s->keep_clear = top + 17;
}

void xs_close(xs *s)
{
    if (s->ws) set_widths(s->ws, s->width, XT_MAXCOL);
    s->ws = NULL;
}

lxw_chart *x_chart(xw *w, uint8_t type, const char *title, const char *x_name, const char *y_name)
{
    lxw_chart *c = w->err ? NULL : workbook_add_chart(w->wb, type);
    if (!c) {
        x_fail(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    chart_title_set_name(c, title);
    if (x_name) chart_axis_set_name(c->x_axis, x_name);
    if (y_name) chart_axis_set_name(c->y_axis, y_name);
    chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
    return c;
}

void x_series(xw *w, lxw_chart *c, const char *sheet, lxw_row_t first, lxw_row_t last, int cat_col,
              int col, const char *name)
{
    if (!c) return;
    lxw_chart_series *s = chart_add_series(c, NULL, NULL);
    if (!s) {
        x_fail(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    chart_series_set_categories(s, sheet, first, (lxw_col_t)cat_col, last, (lxw_col_t)cat_col);
    chart_series_set_values(s, sheet, first, (lxw_col_t)col, last, (lxw_col_t)col);
    if (name) chart_series_set_name(s, name);
}

/* ---------------------------------------------------- the workbook */

static int formats(xw *w)
{
    static const char *const nf[7] = {"0", "#,##0", NULL, "#,##0.00", "0.0", "0.00", "0.0000"};
    w->text = workbook_add_format(w->wb);
    w->head = workbook_add_format(w->wb);
    w->title = workbook_add_format(w->wb);
    w->note = workbook_add_format(w->wb);
    w->wrap = workbook_add_format(w->wb);
    w->date = workbook_add_format(w->wb);
    if (!w->text || !w->head || !w->title || !w->note || !w->wrap || !w->date) return -1;
    format_set_num_format(w->text, "@"); /* text stays text when a cell is edited */
    format_set_bold(w->head);
    format_set_bottom(w->head, LXW_BORDER_THIN);
    format_set_bg_color(w->head, 0xE8EEF4);
    format_set_bold(w->title);
    format_set_font_size(w->title, 13);
    format_set_font_color(w->note, 0x404040);
    format_set_num_format(w->wrap, "@");
    format_set_text_wrap(w->wrap);
    format_set_align(w->wrap, LXW_ALIGN_VERTICAL_TOP);
    format_set_num_format(w->date, "yyyy-mm-dd");
    /* by kind: i c (gap) m 1 2 4 p -- see num_format() */
    for (int i = 0; i < 8; i++) {
        if (i == 2) continue;
        w->num[i] = workbook_add_format(w->wb);
        if (!w->num[i]) return -1;
        format_set_num_format(w->num[i], i == 7 ? "0.00%" : nf[i]);
    }
    return 0;
}

typedef void (*sheet_writer)(xw *w);
static const sheet_writer sheets[] = {
    xlsx_summary, xlsx_economics, xlsx_lifecycle, xlsx_retention, xlsx_rfm, xlsx_rating,
    xlsx_portfolio, xlsx_abcxyz, xlsx_clv, xlsx_feedback, xlsx_survey, xlsx_orientation};

/* the workbook's temporary files go beside it: a million customers' sheets
 * are gigabytes of XML before compression, too much for a small /tmp */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return strdup(".");
    if (slash == path) return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

rmk_status rpt_xlsx_write(const rmk_report *r, const char *path, size_t rows_max,
                          xlsx_sheet_info *info, size_t info_cap, size_t *ninfo, char *err,
                          size_t errlen)
{
    char ebuf[256];
    if (!err || !errlen) err = ebuf, errlen = sizeof ebuf;
    err[0] = 0;
    if (ninfo) *ninfo = 0;
    if (!r || !path || !*path || !rows_max) {
        snprintf(err, errlen, "report: no report, no path or no rows per sheet");
        return RMK_ERR_USAGE;
    }
    xw w = {0};
    w.r = r;
    w.ru = r->ru;
    w.rows_max = rows_max < XLSX_ROWS_MAX ? rows_max : XLSX_ROWS_MAX;
    w.info = info;
    w.info_cap = info ? info_cap : 0;
    char *dir = dir_of(path);
    if (!dir) {
        snprintf(err, errlen, "out of memory");
        return RMK_ERR_NOMEM;
    }
    /* the directory must take the workbook and its temporary files: said
     * here, before libxlsxwriter would print its own message */
    if (access(dir, W_OK | X_OK) != 0) {
        snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
        free(dir);
        return RMK_ERR_IO;
    }
    /* numbers are written with printf: in the C locale, whatever the caller's */
    locale_t c_num = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0), old = (locale_t)0;
    if (c_num) old = uselocale(c_num);
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = dir,
                              .use_zip64 = r->customers > 1000000 ? LXW_TRUE : LXW_FALSE};
    w.wb = workbook_new_opt(path, &o);
    rmk_status st = RMK_OK;
    if (!w.wb || formats(&w)) {
        x_fail(&w, LXW_ERROR_MEMORY_MALLOC_FAILED);
    } else {
        for (size_t i = 0; i < sizeof sheets / sizeof sheets[0] && !w.err; i++) sheets[i](&w);
    }
    if (w.err == LXW_ERROR_MEMORY_MALLOC_FAILED) {
        snprintf(err, errlen, "out of memory");
        st = RMK_ERR_NOMEM;
    } else if (w.err) {
        snprintf(err, errlen, "%s: cannot write the workbook: %s", path, lxw_strerror(w.err));
        st = RMK_ERR_IO;
    }
    if (w.wb && st != RMK_OK) {
        lxw_workbook_free(w.wb); /* nothing was written yet: the file is made by the close */
    } else if (w.wb) {
        lxw_error e = workbook_close(w.wb);
        if (e != LXW_NO_ERROR) {
            snprintf(err, errlen, "%s: cannot write the workbook: %s%s%s", path, lxw_strerror(e),
                     errno ? ": " : "", errno ? strerror(errno) : "");
            st = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? RMK_ERR_NOMEM : RMK_ERR_IO;
        }
    }
    if (c_num) {
        uselocale(old);
        freelocale(c_num);
    }
    free(dir);
    if (ninfo) *ninfo = w.ninfo;
    return st;
}

rmk_status rmk_report_xlsx(const rmk_report *r, const char *path, char *err, size_t errlen)
{
    return rpt_xlsx_write(r, path, XLSX_ROWS_MAX, NULL, 0, NULL, err, errlen);
}

/* ------------------------------------------------------ the summary */

static void read_table(xs *s, const rmk_report *r)
{
    xw *w = s->w;
    char b[8][40];
    const char *k2 = "ss", *kn = "sc", *kd = "sd";
    const char *h[2] = {XT(w, "Item", "Показатель"), XT(w, "Value", "Значение")};
    xs_head(s, 2, h);
    const char *rows[][2] = {
        {XT(w, "Transactions file", "Файл транзакций"), rmk_book_path(r->book)},
        {XT(w, "As of", "На дату"), x_date(b[0], r->as_of)},
        {XT(w, "First day of the data", "Первый день данных"), x_date(b[1], r->read.first_day)},
        {XT(w, "Last day of the data", "Последний день данных"), x_date(b[2], r->read.last_day)},
        {XT(w, "Rows read", "Строк прочитано"), x_int(b[3], (long long)r->read.rows)},
        {XT(w, "Rows skipped (malformed)", "Строк пропущено (ошибки)"), x_int(b[4], (long long)r->read.rows_skipped)},
        {XT(w, "Rows after the as-of date (ignored)", "Строк после даты отчёта (не учтены)"),
         x_int(b[5], (long long)r->read.rows_after_as_of)},
        {XT(w, "Customers with purchases", "Клиентов с покупками"), x_int(b[6], (long long)r->customers)},
        {XT(w, "Net sales", "Чистые продажи"), x_money(b[7], r->revenue)}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *kinds = i == 0 ? k2 : i <= 3 ? kd : i == 8 ? "sm" : kn;
        xs_row(s, 2, kinds, rows[i]);
    }
    const char *cols[2] = {XT(w, "Columns read", "Прочитанные столбцы"), r->read.columns};
    xs_row(s, 2, k2, cols);
    if (r->read.first_error[0]) {
        const char *row[2] = {XT(w, "First skipped row", "Первая пропущенная строка"), r->read.first_error};
        xs_row(s, 2, k2, row);
    }
}

void xlsx_summary(xw *w)
{
    const rmk_report *r = w->r;
    xs s;
    if (xs_open(w, &s, XT(w, "Summary", "Сводка"))) return;
    xs_title(&s, XT(w, "Relationship report", "Отчёт об отношениях с клиентами"));
    xs_text(&s, XT(w, "Every analysis the given files allow, one sheet each; the per-customer sheets hold the "
                      "columns of the command's CSV output (relmark rfm, stages, rate, portfolio, abcxyz, clv, "
                      "feedback, survey --format csv), with the same rounding. Definitions: relmark's docs/.",
                   "Все анализы, которые позволяют данные, каждый на своём листе; листы по клиентам содержат "
                   "столбцы CSV-вывода команд (relmark rfm, stages, rate, portfolio, abcxyz, clv, feedback, "
                   "survey --format csv) с тем же округлением. Определения: документация relmark (docs/)."));
    xs_gap(&s);
    read_table(&s, r);
    static const struct { rpt_section s; const char *en, *ru; } sect[] = {
        {RPT_ECONOMICS, "Economics of retention", "Экономика удержания"},
        {RPT_LIFECYCLE, "Life cycle", "Жизненный цикл"},
        {RPT_RETENTION, "Retention and cohorts", "Удержание и когорты"},
        {RPT_RFM, "RFM", "RFM"},
        {RPT_RATING, "Client rating", "Рейтинг клиентов"},
        {RPT_PORTFOLIO, "Portfolio", "Портфель"},
        {RPT_ABCXYZ, "ABC-XYZ", "ABC-XYZ"},
        {RPT_CLV, "Lifetime value", "Пожизненная ценность"},
        {RPT_FEEDBACK, "Feedback", "Обратная связь"},
        {RPT_SURVEY, "Relationship quality survey", "Анкета качества отношений"},
        {RPT_ORIENTATION, "Orientation", "Ориентация"}};
    int any = 0;
    for (size_t i = 0; i < sizeof sect / sizeof sect[0]; i++) {
        if (!r->note[sect[i].s][0]) continue;
        if (!any++) {
            xs_gap(&s);
            xs_title(&s, XT(w, "Sections without data", "Разделы без данных"));
            const char *h[2] = {XT(w, "Section", "Раздел"), XT(w, "Why, or which file would add it",
                                                                  "Почему, или какой файл их добавит")};
            xs_head(&s, 2, h);
        }
        const char *row[2] = {w->ru ? sect[i].ru : sect[i].en, r->note[sect[i].s]};
        xs_row(&s, 2, "ss", row);
    }
    xs_close(&s);
}
