/* SPDX-License-Identifier: MIT */
/* xlsx_in.c — one worksheet of an .xlsx workbook as rows (libzip + expat).
 * The package's parts are found by their relationships (_rels/.rels, then
 * the workbook's); the shared strings and the cell styles that say "date"
 * are held, the sheet itself is streamed: expat is suspended at the end of
 * each row, so memory holds one row whatever the sheet's size. Every part
 * is capped uncompressed (a zip bomb stops at the cap) and any damage is a
 * DATA error naming the file, the part or the sheet and cell. */
#include "workbook.h"
#include "errmsg.h"
#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define NAME_CAP 256    /* a sheet name (Excel: 31 characters), a part name */
#define LIST_CAP 4096   /* sheets, relationships, custom number formats */
#define ROW_MAX 1048576 /* Excel's rows */
#define COL_MAX 16384   /* Excel's columns (XFD) */

typedef struct sheet_ent { char name[NAME_CAP], rid[NAME_CAP]; int hidden; } sheet_ent;
typedef struct rel_ent { char id[NAME_CAP], target[NAME_CAP], type[NAME_CAP]; } rel_ent;
typedef struct fmt_ent { unsigned id; int kind; } fmt_ent;

enum { CELL_N, CELL_S, CELL_STR, CELL_INLINE, CELL_B, CELL_E, CELL_D };
enum { KIND_NUMBER, KIND_DATE, KIND_TIME };

struct xlsx_in {
    zip_t *za;
    char name[NAME_CAP];     /* the file, for messages */
    char where[2 * NAME_CAP + 4]; /* FILE[SHEET] */
    const char *part;        /* the part being parsed, for messages */
    int failed;
    rmk_status fst;
    char msg[640];
    /* the package */
    sheet_ent *sheets;
    size_t nsheets;
    rel_ent *rels;
    size_t nrels;
    fmt_ent *fmts;
    size_t nfmts;
    int date1904;
    /* the shared strings: string i is ss[ss_off[i], ss_off[i + 1]) */
    char *ss;
    size_t ss_len, ss_cap;
    size_t *ss_off;
    size_t ss_n, ss_ncap;
    unsigned char *xf_kind;  /* KIND_* of each cell style (cellXfs) */
    size_t xf_n, xf_cap;
    int in_si, in_t, in_rph, in_xfs, in_fmts;
    /* the sheet, streamed */
    zip_file_t *zf;
    XML_Parser p;
    uint64_t sheet_size, sheet_read;
    int suspended, final, done, row_ready;
    wb_row *row;
    uint64_t rownum, last_row;
    size_t col_next;
    int in_sd, in_row, in_c, in_v, in_is, has_value;
    int c_type;
    unsigned c_style;
    size_t c_col;
    char *val;
    size_t val_len, val_cap;
    char chunk[1 << 16];
};

static const char *local(const char *n)
{
    const char *c = strrchr(n, ':');
    return c ? c + 1 : n;
}

static const char *attr(const char **a, const char *name)
{
    for (; a && a[0]; a += 2)
        if (!strcmp(local(a[0]), name)) return a[1];
    return NULL;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && !strcmp(s + n - k, suffix);
}

/* the first failure is kept; the parser (if any) stops */
static void fail(xlsx_in *x, rmk_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(xlsx_in *x, rmk_status st, const char *fmt, ...)
{
    if (!x->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(x->msg, sizeof x->msg, fmt, ap);
        va_end(ap);
        x->failed = 1;
        x->fst = st;
    }
    if (x->p) XML_StopParser(x->p, XML_FALSE);
}

static void copy_name(char *dst, const char *src)
{
    snprintf(dst, NAME_CAP, "%s", src ? src : "");
}

/* a non-negative decimal integer, whole string; -1 else */
static long long parse_uint(const char *s, long long max)
{
    long long v = 0;
    if (!s || !*s) return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        v = v * 10 + (*s - '0');
        if (v > max) return -1;
    }
    return v;
}

/* OOXML's escapes of characters XML cannot hold: _xHHHH_ is U+HHHH, in
 * place (the text only shrinks). */
static size_t unescape_x(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned u = 0;
        int ok = i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';
        for (int k = 2; ok && k < 6; k++) {
            char c = s[i + k];
            int h = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10
                  : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (h < 0) ok = 0;
            u = u * 16 + (unsigned)h;
        }
        if (!ok || u == 0 || (u >= 0xD800 && u <= 0xDFFF)) {
            s[o++] = s[i++];
            continue;
        }
        if (u < 0x80) s[o++] = (char)u;
        else if (u < 0x800) s[o++] = (char)(0xC0 | u >> 6), s[o++] = (char)(0x80 | (u & 63));
        else s[o++] = (char)(0xE0 | u >> 12), s[o++] = (char)(0x80 | (u >> 6 & 63)),
             s[o++] = (char)(0x80 | (u & 63));
        i += 7;
    }
    return o;
}

/* ------------------------------------------------------------ the parts */

static void XMLCALL no_doctype(void *ud, const XML_Char *name, const XML_Char *sys,
                               const XML_Char *pub, int internal)
{
    (void)name, (void)sys, (void)pub, (void)internal;
    xlsx_in *x = ud;
    fail(x, RMK_ERR_DATA, "%s: %s: a DOCTYPE, which no workbook has (refused)",
         x->zf ? x->where : x->name, x->zf ? "the sheet's XML" : x->part);
}

static void xml_failed(xlsx_in *x, XML_Parser p)
{
    if (x->failed) return;
    fail(x, RMK_ERR_DATA, "%s: %s, line %lu: not well-formed (%s)", x->zf ? x->where : x->name,
         x->zf ? "the sheet's XML" : x->part, (unsigned long)XML_GetCurrentLineNumber(p),
         XML_ErrorString(XML_GetErrorCode(p)));
}

/* The part's entry; -1 when there is none. A claimed size over cap fails. */
static zip_int64_t locate(xlsx_in *x, const char *part, uint64_t cap, uint64_t *size)
{
    zip_int64_t i = zip_name_locate(x->za, part, ZIP_FL_NOCASE);
    if (i < 0) return -1;
    zip_stat_t sb;
    *size = 0;
    if (zip_stat_index(x->za, (zip_uint64_t)i, 0, &sb) == 0 && (sb.valid & ZIP_STAT_SIZE))
        *size = sb.size;
    if (*size > cap)
        fail(x, RMK_ERR_DATA, "%s: %s would be %llu bytes uncompressed, over the cap of %llu MiB "
             "(a zip bomb?)", x->name, part, (unsigned long long)*size,
             (unsigned long long)(cap >> 20));
    return i;
}

static zip_file_t *open_entry(xlsx_in *x, zip_int64_t i, const char *part)
{
    zip_file_t *f = zip_fopen_index(x->za, (zip_uint64_t)i, 0);
    if (!f) fail(x, RMK_ERR_DATA, "%s: cannot read %s: %s", x->name, part,
                 zip_strerror(x->za));
    return f;
}

/* One chunk of an entry; counts it against cap. -1 failed. */
static zip_int64_t read_chunk(xlsx_in *x, zip_file_t *f, const char *part, uint64_t *total,
                              uint64_t cap)
{
    zip_int64_t n = zip_fread(f, x->chunk, sizeof x->chunk);
    if (n < 0) {
        fail(x, RMK_ERR_DATA, "%s: cannot read %s: %s", x->zf ? x->where : x->name, part,
             zip_file_strerror(f));
        return -1;
    }
    *total += (uint64_t)n;
    if (*total > cap) {
        fail(x, RMK_ERR_DATA, "%s: %s is over %llu MiB uncompressed (a zip bomb?)",
             x->zf ? x->where : x->name, part, (unsigned long long)(cap >> 20));
        return -1;
    }
    return n;
}

/* Parses a whole held part with the handlers (userdata x). Returns 1 parsed,
 * 0 absent, -1 failed (x->msg). */
static int parse_part(xlsx_in *x, const char *part, XML_StartElementHandler start,
                      XML_EndElementHandler end, XML_CharacterDataHandler text)
{
    uint64_t size, total = 0;
    zip_int64_t i = locate(x, part, WB_PART_CAP, &size);
    if (x->failed) return -1;
    if (i < 0) return 0;
    zip_file_t *f = open_entry(x, i, part);
    if (!f) return -1;
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) {
        zip_fclose(f);
        fail(x, RMK_ERR_NOMEM, "out of memory");
        return -1;
    }
    x->p = p;
    x->part = part;
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, text);
    XML_SetStartDoctypeDeclHandler(p, no_doctype);
    for (;;) {
        zip_int64_t n = read_chunk(x, f, part, &total, WB_PART_CAP);
        if (n < 0) break;
        if (XML_Parse(p, x->chunk, (int)n, n == 0) == XML_STATUS_ERROR) {
            xml_failed(x, p);
            break;
        }
        if (n == 0) break;
    }
    x->p = NULL;
    XML_ParserFree(p);
    zip_fclose(f);
    return x->failed ? -1 : 1;
}

/* _rels/.rels and the workbook's relationships: Id, Target, Type */
static void XMLCALL rel_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    xlsx_in *x = ud;
    if (strcmp(local(el), "Relationship")) return;
    const char *mode = attr(a, "TargetMode");
    if (mode && !strcmp(mode, "External")) return;
    if (x->nrels == LIST_CAP) {
        fail(x, RMK_ERR_DATA, "%s: %s: more than %d relationships", x->name, x->part, LIST_CAP);
        return;
    }
    rel_ent *r = &x->rels[x->nrels++];
    copy_name(r->id, attr(a, "Id"));
    copy_name(r->target, attr(a, "Target"));
    copy_name(r->type, attr(a, "Type"));
}
static void XMLCALL ignore_end(void *ud, const XML_Char *el) { (void)ud, (void)el; }

/* workbook.xml: the 1904 flag and the sheets in tab order */
static void XMLCALL wbk_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    xlsx_in *x = ud;
    const char *l = local(el);
    if (!strcmp(l, "workbookPr")) {
        const char *v = attr(a, "date1904");
        x->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
    } else if (!strcmp(l, "sheet")) {
        if (x->nsheets == LIST_CAP) {
            fail(x, RMK_ERR_DATA, "%s: more than %d sheets", x->name, LIST_CAP);
            return;
        }
        sheet_ent *s = &x->sheets[x->nsheets++];
        copy_name(s->name, attr(a, "name"));
        copy_name(s->rid, attr(a, "id"));
        const char *st = attr(a, "state");
        s->hidden = st && strcmp(st, "visible") != 0;
    }
}

/* sharedStrings.xml: each <si>'s text, its runs joined, phonetic runs left out */
static int ss_append(xlsx_in *x, const char *s, size_t n)
{
    if (x->ss_len + n > x->ss_cap) {
        size_t nc = x->ss_cap ? x->ss_cap : 4096;
        while (nc < x->ss_len + n) nc *= 2;
        char *t = realloc(x->ss, nc);
        if (!t) return -1;
        x->ss = t, x->ss_cap = nc;
    }
    memcpy(x->ss + x->ss_len, s, n);
    x->ss_len += n;
    return 0;
}

static void XMLCALL ss_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    (void)a;
    xlsx_in *x = ud;
    const char *l = local(el);
    if (!strcmp(l, "si")) {
        x->in_si = 1;
        if (x->ss_n + 2 > x->ss_ncap) {
            size_t nc = x->ss_ncap ? x->ss_ncap * 2 : 1024;
            size_t *t = realloc(x->ss_off, nc * sizeof *t);
            if (!t) return fail(x, RMK_ERR_NOMEM, "out of memory");
            x->ss_off = t, x->ss_ncap = nc;
        }
        x->ss_off[x->ss_n] = x->ss_len;
    } else if (!strcmp(l, "rPh")) x->in_rph = 1;
    else if (!strcmp(l, "t")) x->in_t = 1;
}

static void XMLCALL ss_end(void *ud, const XML_Char *el)
{
    xlsx_in *x = ud;
    const char *l = local(el);
    if (!strcmp(l, "si") && x->in_si) {
        size_t start = x->ss_off[x->ss_n];
        if (x->ss) x->ss_len = start + unescape_x(x->ss + start, x->ss_len - start);
        x->ss_off[++x->ss_n] = x->ss_len;
        x->in_si = 0;
    } else if (!strcmp(l, "rPh")) x->in_rph = 0;
    else if (!strcmp(l, "t")) x->in_t = 0;
}

static void XMLCALL ss_text(void *ud, const XML_Char *s, int n)
{
    xlsx_in *x = ud;
    if (x->in_si && x->in_t && !x->in_rph && ss_append(x, s, (size_t)n))
        fail(x, RMK_ERR_NOMEM, "out of memory");
}

/* A number format's kind from its code: date when it shows a year, day or
 * month, time when only hours, minutes or seconds (quoted text, escaped
 * characters and [..] colours and locales aside; the first section). */
static int code_kind(const char *c)
{
    int date = 0, time = 0, month = 0;
    for (; *c && *c != ';'; c++) {
        char ch = *c;
        if (ch == '"') {
            while (c[1] && c[1] != '"') c++;
            if (c[1]) c++;
        } else if (ch == '\\' || ch == '_' || ch == '*') {
            if (c[1]) c++;
        } else if (ch == '[') {
            int elapsed = c[1] == 'h' || c[1] == 'H' || c[1] == 'm' || c[1] == 'M' || c[1] == 's' ||
                          c[1] == 'S';
            while (c[1] && c[1] != ']') c++;
            if (c[1]) c++;
            time |= elapsed;
        } else if (ch == 'y' || ch == 'Y' || ch == 'd' || ch == 'D' || ch == 'e') {
            date = 1;
        } else if (ch == 'h' || ch == 'H' || ch == 's' || ch == 'S') {
            time = 1;
        } else if (ch == 'm' || ch == 'M') {
            month = 1;
        }
    }
    return date ? KIND_DATE : time ? KIND_TIME : month ? KIND_DATE : KIND_NUMBER;
}

/* The built-in formats (ECMA-376 part 1, 18.8.30) that show dates or times */
static int builtin_kind(unsigned id)
{
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
        return KIND_DATE;
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return KIND_TIME;
    return KIND_NUMBER;
}

static void XMLCALL st_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    xlsx_in *x = ud;
    const char *l = local(el);
    if (!strcmp(l, "numFmts")) x->in_fmts = 1;
    else if (!strcmp(l, "cellXfs")) x->in_xfs = 1;
    else if (!strcmp(l, "numFmt") && x->in_fmts) {
        long long id = parse_uint(attr(a, "numFmtId"), 1 << 30);
        const char *code = attr(a, "formatCode");
        if (id < 0 || !code) return;
        if (x->nfmts == LIST_CAP)
            return fail(x, RMK_ERR_DATA, "%s: %s: more than %d number formats", x->name, x->part,
                        LIST_CAP);
        x->fmts[x->nfmts].id = (unsigned)id;
        x->fmts[x->nfmts++].kind = code_kind(code);
    } else if (!strcmp(l, "xf") && x->in_xfs) {
        long long id = parse_uint(attr(a, "numFmtId"), 1 << 30);
        int kind = KIND_NUMBER;
        if (id >= 0) {
            kind = builtin_kind((unsigned)id);
            for (size_t k = 0; k < x->nfmts; k++)
                if (x->fmts[k].id == (unsigned)id) kind = x->fmts[k].kind;
        }
        if (x->xf_n == x->xf_cap) {
            size_t nc = x->xf_cap ? x->xf_cap * 2 : 64;
            unsigned char *t = realloc(x->xf_kind, nc);
            if (!t) return fail(x, RMK_ERR_NOMEM, "out of memory");
            x->xf_kind = t, x->xf_cap = nc;
        }
        x->xf_kind[x->xf_n++] = (unsigned char)kind;
    }
}

static void XMLCALL st_end(void *ud, const XML_Char *el)
{
    xlsx_in *x = ud;
    const char *l = local(el);
    if (!strcmp(l, "numFmts")) x->in_fmts = 0;
    else if (!strcmp(l, "cellXfs")) x->in_xfs = 0;
}

static void XMLCALL no_text(void *ud, const XML_Char *s, int n) { (void)ud, (void)s, (void)n; }

/* A relationship's target as a part name: from the package's root when it
 * starts with '/', else beside the part whose relationships name it. */
static void resolve(const char *dir, const char *target, char *out)
{
    if (target[0] == '/') snprintf(out, NAME_CAP, "%s", target + 1);
    else snprintf(out, NAME_CAP, "%s%s", dir, target);
}

static const rel_ent *rel_by_type(const xlsx_in *x, const char *type_end)
{
    for (size_t i = 0; i < x->nrels; i++)
        if (ends_with(x->rels[i].type, type_end)) return &x->rels[i];
    return NULL;
}

/* ------------------------------------------------------------ the sheet */

/* "C7" -> column 2 (0-based) and row 7; -1 if not a cell reference */
static int parse_ref(const char *s, size_t *col, uint64_t *row)
{
    size_t c = 0, k = 0;
    for (; s[k] >= 'A' && s[k] <= 'Z'; k++) {
        c = c * 26 + (size_t)(s[k] - 'A' + 1);
        if (c > COL_MAX) return -1;
    }
    long long r = parse_uint(s + k, ROW_MAX);
    if (k == 0 || r < 1) return -1;
    *col = c - 1, *row = (uint64_t)r;
    return 0;
}

static void cell_fail(xlsx_in *x, const char *what, const char *v)
{
    char ref[16], ex[48];
    wb_cell_ref(x->c_col, x->rownum, ref);
    snprintf(ex, sizeof ex, "%.40s", v);
    fail(x, RMK_ERR_DATA, "%s:%llu: cell %s: %s '%s'", x->where, (unsigned long long)x->rownum,
         ref, what, ex);
}

static void row_start(xlsx_in *x, const char **a)
{
    const char *r = attr(a, "r");
    long long n = r ? parse_uint(r, ROW_MAX) : (long long)x->last_row + 1;
    if (n < 1 || n > ROW_MAX)
        return fail(x, RMK_ERR_DATA, "%s: row after row %llu: row number '%.20s' is not 1..%d",
                    x->where, (unsigned long long)x->last_row, r ? r : "", ROW_MAX);
    if ((uint64_t)n <= x->last_row)
        return fail(x, RMK_ERR_DATA, "%s: row %lld comes after row %llu", x->where, n,
                    (unsigned long long)x->last_row);
    x->rownum = x->last_row = (uint64_t)n;
    x->in_row = 1;
    x->col_next = 0;
    x->has_value = 0;
    wb_row_reset(x->row);
}

static void cell_start(xlsx_in *x, const char **a)
{
    const char *r = attr(a, "r"), *t = attr(a, "t"), *s = attr(a, "s");
    size_t col = x->col_next;
    uint64_t row = x->rownum;
    x->c_col = col;
    if (r && parse_ref(r, &col, &row)) return cell_fail(x, "not a cell reference:", r);
    x->c_col = col;
    if (row != x->rownum) return cell_fail(x, "in the wrong row: reference", r);
    if (col < x->col_next) return cell_fail(x, "comes after a cell right of it: reference", r);
    static const char *const types[] = {"n", "s", "str", "inlineStr", "b", "e", "d"};
    x->c_type = CELL_N;
    if (t) {
        int k = 0;
        while (k < 7 && strcmp(t, types[k])) k++;
        if (k == 7) return cell_fail(x, "unknown cell type", t);
        x->c_type = k;
    }
    long long st = s ? parse_uint(s, 1 << 30) : 0;
    if (st < 0 || (s && (size_t)st >= x->xf_n && st != 0))
        return cell_fail(x, "no such cell style", s);
    x->c_style = (unsigned)st;
    x->in_c = 1;
    x->val_len = 0;
}

/* the cell's value as text into *p, *n (a buffer of x, or a shared string) */
static int cell_text(xlsx_in *x, const char **p, size_t *n, char *num)
{
    x->val[x->val_len] = 0; /* val_cap keeps a byte for it */
    const char *v = x->val;
    *p = v, *n = x->val_len;
    switch (x->c_type) {
    case CELL_S: {
        long long i = parse_uint(v, 1LL << 40);
        if (i < 0 || (size_t)i >= x->ss_n) {
            char what[80];
            snprintf(what, sizeof what, "shared string (the workbook has %zu) not there:", x->ss_n);
            cell_fail(x, what, v);
            return -1;
        }
        *n = x->ss_off[i + 1] - x->ss_off[i];
        *p = *n ? x->ss + x->ss_off[i] : "";
        return 0;
    }
    case CELL_STR: case CELL_INLINE:
        *n = unescape_x(x->val, x->val_len);
        return 0;
    case CELL_B:
        if (!strcmp(v, "1") || !strcmp(v, "0")) {
            *p = v[0] == '1' ? "TRUE" : "FALSE", *n = strlen(*p);
            return 0;
        }
        cell_fail(x, "a boolean is 0 or 1, not", v);
        return -1;
    case CELL_E: case CELL_D:
        return 0;
    }
    if (x->val_len == 0) return 0;
    int len = wb_number_text(v, x->val_len, num);
    if (len < 0) {
        cell_fail(x, "not a number:", v);
        return -1;
    }
    int kind = x->c_style < x->xf_n ? x->xf_kind[x->c_style] : KIND_NUMBER;
    if (kind != KIND_NUMBER) {
        /* the number as Excel keeps it: its 15 digits */
        double serial = strchr(num, 'E') ? (num[0] == '-' ? -1.0 : strstr(num, "E-") ? 0.0 : 1e300)
                                         : 0.0;
        if (!strchr(num, 'E')) {
            const char *q = num;
            int neg = *q == '-';
            q += neg;
            double ip = 0, fp = 0, scale = 1;
            for (; *q >= '0' && *q <= '9'; q++) ip = ip * 10 + (*q - '0');
            if (*q == '.')
                for (q++; *q >= '0' && *q <= '9'; q++) scale /= 10, fp += (*q - '0') * scale;
            serial = neg ? -(ip + fp) : ip + fp;
        }
        len = wb_serial_text(serial, x->date1904, kind == KIND_TIME, num);
        if (len < 0) {
            cell_fail(x, "a date serial out of 1900-01-01 .. 9999-12-31:", v);
            return -1;
        }
    }
    *p = num, *n = (size_t)len;
    return 0;
}

static void cell_end(xlsx_in *x)
{
    const char *p;
    size_t n;
    char num[48];
    x->in_c = 0;
    x->col_next = x->c_col + 1;
    if (cell_text(x, &p, &n, num)) return;
    if (n == 0) return;
    int rc = wb_row_put(x->row, x->c_col, p, n);
    if (rc == -2) return fail(x, RMK_ERR_NOMEM, "out of memory");
    if (rc == -1) {
        char ref[16];
        wb_cell_ref(x->c_col, x->rownum, ref);
        return fail(x, RMK_ERR_DATA, "%s:%llu: cell %s: more than %u columns or %u bytes in a row",
                    x->where, (unsigned long long)x->rownum, ref, CSV_FIELD_CAP, CSV_RECORD_CAP);
    }
    x->has_value = 1;
}

static void XMLCALL sh_start(void *ud, const XML_Char *el, const XML_Char **a)
{
    xlsx_in *x = ud;
    const char *l = local(el);
    if (!strcmp(l, "sheetData")) x->in_sd = 1;
    else if (!x->in_sd) return;
    else if (!strcmp(l, "row")) row_start(x, a);
    else if (!strcmp(l, "c") && x->in_row) cell_start(x, a);
    else if (!x->in_c) return;
    else if (!strcmp(l, "v")) x->in_v = 1;
    else if (!strcmp(l, "is")) x->in_is = 1;
    else if (!strcmp(l, "rPh")) x->in_rph = 1;
    else if (!strcmp(l, "t")) x->in_t = 1;
}

static void XMLCALL sh_end(void *ud, const XML_Char *el)
{
    xlsx_in *x = ud;
    const char *l = local(el);
    if (!x->in_sd) return;
    if (!strcmp(l, "sheetData")) x->in_sd = 0;
    else if (!strcmp(l, "row")) {
        x->in_row = 0;
        if (x->has_value) {
            x->row_ready = 1;
            XML_StopParser(x->p, XML_TRUE); /* resumed by the next xlsx_in_next */
        }
    } else if (!strcmp(l, "c") && x->in_c) cell_end(x);
    else if (!strcmp(l, "v")) x->in_v = 0;
    else if (!strcmp(l, "is")) x->in_is = 0;
    else if (!strcmp(l, "rPh")) x->in_rph = 0;
    else if (!strcmp(l, "t")) x->in_t = 0;
}

static void XMLCALL sh_text(void *ud, const XML_Char *s, int n)
{
    xlsx_in *x = ud;
    if (!x->in_c || !(x->in_v || (x->in_is && x->in_t && !x->in_rph))) return;
    if (x->val_len + (size_t)n >= x->val_cap) {
        if (x->val_len + (size_t)n >= CSV_RECORD_CAP)
            return cell_fail(x, "a value longer than 1 MiB, starting", x->val);
        size_t nc = x->val_cap * 2;
        while (nc <= x->val_len + (size_t)n) nc *= 2;
        char *t = realloc(x->val, nc);
        if (!t) return fail(x, RMK_ERR_NOMEM, "out of memory");
        x->val = t, x->val_cap = nc;
    }
    memcpy(x->val + x->val_len, s, (size_t)n);
    x->val_len += (size_t)n;
}

/* ------------------------------------------------------------ opening */

static int open_zip(xlsx_in *x, const wb_source *src)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *zs = src->path ? zip_source_file_create(src->path, 0, -1, &ze)
                                 : zip_source_buffer_create(src->mem, src->mem_len, 0, &ze);
    if (zs) {
        x->za = zip_open_from_source(zs, ZIP_RDONLY, &ze);
        if (!x->za) zip_source_free(zs);
    }
    if (!x->za) {
        int code = zip_error_code_zip(&ze);
        fail(x, code == ZIP_ER_OPEN || code == ZIP_ER_READ ? RMK_ERR_IO : RMK_ERR_DATA,
             "%s: starts as an .xlsx workbook (a zip archive) but cannot be read as one: %s",
             x->name, zip_error_strerror(&ze));
    }
    zip_error_fini(&ze);
    return x->za ? 0 : -1;
}

/* The workbook part (from _rels/.rels) and its folder with the '/' */
static int find_workbook(xlsx_in *x, char *wb_part, char *dir)
{
    x->nrels = 0;
    if (parse_part(x, "_rels/.rels", rel_start, ignore_end, no_text) < 0) return -1;
    const rel_ent *r = rel_by_type(x, "/officeDocument");
    resolve("", r ? r->target : "xl/workbook.xml", wb_part);
    snprintf(dir, NAME_CAP, "%s", wb_part);
    char *slash = strrchr(dir, '/');
    if (slash) slash[1] = 0;
    else dir[0] = 0;
    int got = parse_part(x, wb_part, wbk_start, ignore_end, no_text);
    if (got == 0)
        fail(x, RMK_ERR_DATA, "%s: not an Excel workbook: the zip archive has no %s", x->name,
             wb_part);
    return got == 1 ? 0 : -1;
}

/* The sheet's part: by name, or the first visible worksheet */
static int pick_sheet(xlsx_in *x, const char *want, const char *dir, char *part)
{
    size_t k = 0;
    const rel_ent *rel = NULL;
    for (; k < x->nsheets; k++) {
        const sheet_ent *s = &x->sheets[k];
        rel = NULL;
        for (size_t i = 0; i < x->nrels; i++)
            if (!strcmp(x->rels[i].id, s->rid)) rel = &x->rels[i];
        int work = rel && ends_with(rel->type, "/worksheet");
        if (want ? (!strcmp(s->name, want) || !strcasecmp(s->name, want)) : work && !s->hidden) {
            if (!rel) return fail(x, RMK_ERR_DATA, "%s: sheet '%s' has no part", x->name, s->name), -1;
            if (!work) return fail(x, RMK_ERR_USAGE, "%s: sheet '%s' is not a worksheet (a chart?)",
                                   x->name, s->name), -1;
            break;
        }
    }
    if (k == x->nsheets) {
        char list[300] = "";
        size_t o = 0;
        for (size_t i = 0; i < x->nsheets && o < sizeof list - 40; i++)
            o += (size_t)snprintf(list + o, sizeof list - o, "%s'%.30s'", i ? ", " : "",
                                  x->sheets[i].name);
        if (want) fail(x, RMK_ERR_USAGE, "%s: no sheet '%s' (its sheets: %s)", x->name, want, list);
        else fail(x, RMK_ERR_DATA, "%s: the workbook has no visible worksheet%s%s", x->name,
                  x->nsheets ? " (its sheets: " : "", x->nsheets ? list : "");
        if (!want && x->nsheets) strncat(x->msg, ")", sizeof x->msg - strlen(x->msg) - 1);
        return -1;
    }
    resolve(dir, rel->target, part);
    snprintf(x->where, sizeof x->where, "%s[%s]", x->name, x->sheets[k].name);
    return 0;
}

/* The shared strings and styles the workbook's relationships name */
static int load_tables(xlsx_in *x, const char *dir)
{
    char part[NAME_CAP];
    const rel_ent *r = rel_by_type(x, "/styles");
    if (r) {
        resolve(dir, r->target, part);
        if (parse_part(x, part, st_start, st_end, no_text) < 0) return -1;
    }
    if ((r = rel_by_type(x, "/sharedStrings"))) {
        resolve(dir, r->target, part);
        if (parse_part(x, part, ss_start, ss_end, ss_text) < 0) return -1;
    }
    return 0;
}

static int open_sheet(xlsx_in *x, const char *part)
{
    zip_int64_t i = locate(x, part, WB_SHEET_CAP, &x->sheet_size);
    if (x->failed) return -1;
    if (i < 0)
        return fail(x, RMK_ERR_DATA, "%s: the workbook has no part %s for its sheet", x->where,
                    part), -1;
    if (!(x->zf = open_entry(x, i, part))) return -1;
    x->val_cap = 256;
    x->val = malloc(x->val_cap);
    x->p = XML_ParserCreate(NULL);
    if (!x->val || !x->p) return fail(x, RMK_ERR_NOMEM, "out of memory"), -1;
    x->part = "the sheet";
    XML_SetUserData(x->p, x);
    XML_SetElementHandler(x->p, sh_start, sh_end);
    XML_SetCharacterDataHandler(x->p, sh_text);
    XML_SetStartDoctypeDeclHandler(x->p, no_doctype);
    return 0;
}

xlsx_in *xlsx_in_open(const wb_source *src, const char *sheet, char *name, size_t namecap,
                      rmk_status *st, char *err, size_t errlen)
{
    xlsx_in *x = calloc(1, sizeof *x);
    if (x) {
        x->sheets = calloc(LIST_CAP, sizeof *x->sheets);
        x->rels = calloc(LIST_CAP, sizeof *x->rels);
        x->fmts = calloc(LIST_CAP, sizeof *x->fmts);
    }
    if (!x || !x->sheets || !x->rels || !x->fmts) {
        xlsx_in_close(x);
        *st = rmk_nomem(err, errlen);
        return NULL;
    }
    copy_name(x->name, src->name);
    snprintf(x->where, sizeof x->where, "%s", x->name);
    char wb_part[NAME_CAP], dir[NAME_CAP], rels[2 * NAME_CAP], sheet_part[NAME_CAP];
    if (open_zip(x, src) == 0 && find_workbook(x, wb_part, dir) == 0) {
        const char *base = wb_part + strlen(dir);
        snprintf(rels, sizeof rels, "%s_rels/%s.rels", dir, base);
        x->nrels = 0;
        int got = parse_part(x, rels, rel_start, ignore_end, no_text);
        if (got == 0)
            fail(x, RMK_ERR_DATA, "%s: not an Excel workbook: the zip archive has no %s", x->name,
                 rels);
        if (got == 1 && pick_sheet(x, sheet, dir, sheet_part) == 0 && load_tables(x, dir) == 0)
            open_sheet(x, sheet_part);
    }
    if (x->failed) {
        *st = x->fst;
        snprintf(err, errlen, "%s", x->msg);
        xlsx_in_close(x);
        return NULL;
    }
    snprintf(name, namecap, "%s", x->where);
    return x;
}

int xlsx_in_next(xlsx_in *x, wb_row *row, uint64_t *rownum, rmk_status *st, char *err,
                 size_t errlen)
{
    x->row = row;
    while (!x->failed) {
        if (x->row_ready) {
            x->row_ready = 0;
            *rownum = x->rownum;
            return 1;
        }
        if (x->done) return 0;
        enum XML_Status s;
        if (x->suspended) {
            x->suspended = 0;
            s = XML_ResumeParser(x->p);
        } else {
            zip_int64_t n = read_chunk(x, x->zf, "the sheet", &x->sheet_read, WB_SHEET_CAP);
            if (n < 0) break;
            x->final = n == 0;
            s = XML_Parse(x->p, x->chunk, (int)n, x->final);
        }
        if (s == XML_STATUS_ERROR) {
            xml_failed(x, x->p);
            break;
        }
        if (s == XML_STATUS_SUSPENDED) x->suspended = 1;
        else if (x->final) x->done = 1;
    }
    *st = x->fst;
    snprintf(err, errlen, "%s", x->msg);
    return -1;
}

uint64_t xlsx_in_bytes(const xlsx_in *x, uint64_t *size)
{
    *size = x->sheet_size;
    return x->sheet_read;
}

void xlsx_in_close(xlsx_in *x)
{
    if (!x) return;
    if (x->p) XML_ParserFree(x->p);
    if (x->zf) zip_fclose(x->zf);
    if (x->za) zip_discard(x->za);
    free(x->sheets);
    free(x->rels);
    free(x->fmts);
    free(x->ss);
    free(x->ss_off);
    free(x->xf_kind);
    free(x->val);
    free(x);
}
