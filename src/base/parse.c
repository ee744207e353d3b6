/* SPDX-License-Identifier: MIT */
/* parse.c — dates, amounts, UTF-8 and header names of real exports.
 * Every parser takes a (pointer, length) field, never relies on a NUL, and
 * rejects rather than guesses. */
#include "parse.h"
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ dates */

/* Days since 1970-01-01 of a proleptic Gregorian date. The era arithmetic is
 * H. Hinnant's "days_from_civil" (chrono-compatible low-level date
 * algorithms, public domain formulas). */
int32_t rmk_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);                     /* [0, 399] */
    const unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;         /* [0, 146096] */
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

void civil_from_days(int32_t z0, int *y, int *m, int *d)
{
    int z = z0 + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int yy = (int)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yy + (*m <= 2);
}

char *rmk_date_format_iso(int32_t day, char *buf)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    if (y < 0 || y > 9999) {
        memcpy(buf, "out-range", 10);
        return buf;
    }
    buf[0] = (char)('0' + y / 1000);
    buf[1] = (char)('0' + y / 100 % 10);
    buf[2] = (char)('0' + y / 10 % 10);
    buf[3] = (char)('0' + y % 10);
    buf[4] = '-';
    buf[5] = (char)('0' + m / 10);
    buf[6] = (char)('0' + m % 10);
    buf[7] = '-';
    buf[8] = (char)('0' + d / 10);
    buf[9] = (char)('0' + d % 10);
    buf[10] = 0;
    return buf;
}

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_blank(int c) { return c == ' ' || c == '\t'; }

static int days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

/* Reads 1..maxd digits at *i. Returns the value or -1. */
static int read_num(const char *s, size_t len, size_t *i, int mind, int maxd)
{
    int v = 0, n = 0;
    while (*i < len && is_digit((unsigned char)s[*i]) && n < maxd) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    if (n < mind) return -1;
    if (*i < len && is_digit((unsigned char)s[*i])) return -1; /* too many digits */
    return v;
}

/* After the date: nothing, or 'T'/blank + a time of day (digits, ':', '.',
 * zone 'Z' or +hh:mm). The time is ignored: the date is taken as written. */
static int time_tail_ok(const char *s, size_t len, size_t i)
{
    if (i == len) return 1;
    if (s[i] != 'T' && s[i] != 't' && !is_blank((unsigned char)s[i])) return 0;
    i++;
    while (i < len && is_blank((unsigned char)s[i])) i++;
    if (i == len || !is_digit((unsigned char)s[i])) return 0;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(is_digit(c) || c == ':' || c == '.' || c == '+' || c == '-' || c == 'Z' ||
              c == 'z' || c == ' '))
            return 0;
    }
    return 1;
}

static rmk_status make_day(int y, int m, int d, int32_t *day)
{
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return RMK_ERR_DATA;
    *day = rmk_days_from_civil(y, m, d);
    return RMK_OK;
}

rmk_status rmk_date_parse(const char *s, size_t len, rmk_date_format fmt, int32_t *day)
{
    while (len && is_blank((unsigned char)s[len - 1])) len--;
    while (len && is_blank((unsigned char)*s)) s++, len--;
    if (len < 6) return RMK_ERR_DATA;
    size_t i = 0;
    size_t lead = 0;
    while (lead < len && is_digit((unsigned char)s[lead])) lead++;
    if (lead == 8) { /* YYYYMMDD */
        int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        int m = (s[4] - '0') * 10 + (s[5] - '0');
        int d = (s[6] - '0') * 10 + (s[7] - '0');
        if (!time_tail_ok(s, len, 8)) return RMK_ERR_DATA;
        return make_day(y, m, d, day);
    }
    if (lead == 4 && (s[4] == '-' || s[4] == '/' || s[4] == '.')) { /* YYYY-MM-DD */
        char sep = s[4];
        int y = read_num(s, len, &i, 4, 4);
        i++;
        int m = read_num(s, len, &i, 1, 2);
        if (m < 0 || i >= len || s[i] != sep) return RMK_ERR_DATA;
        i++;
        int d = read_num(s, len, &i, 1, 2);
        if (d < 0 || !time_tail_ok(s, len, i)) return RMK_ERR_DATA;
        return make_day(y, m, d, day);
    }
    if ((lead == 1 || lead == 2) && (s[lead] == '.' || s[lead] == '/' || s[lead] == '-')) {
        char sep = s[lead];
        int a = read_num(s, len, &i, 1, 2);
        i++;
        int b = read_num(s, len, &i, 1, 2);
        if (b < 0 || i >= len || s[i] != sep) return RMK_ERR_DATA;
        i++;
        int y = read_num(s, len, &i, 4, 4);
        if (y < 0 || !time_tail_ok(s, len, i)) return RMK_ERR_DATA;
        if (sep == '.') return make_day(y, b, a, day); /* DD.MM.YYYY (1C, Russia) */
        /* DD/MM/YYYY and MM/DD/YYYY cannot be told apart: the user says. */
        if (fmt == RMK_DATE_DMY) return make_day(y, b, a, day);
        if (fmt == RMK_DATE_MDY) return make_day(y, a, b, day);
        return RMK_ERR_DATA;
    }
    return RMK_ERR_DATA;
}

/* ---------------------------------------------------------------- amounts */

/* Length of a thousands-separator sequence at s[i], 0 if none. */
static size_t group_sep_len(const unsigned char *s, size_t len, size_t i)
{
    if (s[i] == ' ' || s[i] == '\'') return 1;
    if (i + 1 < len && s[i] == 0xC2 && s[i + 1] == 0xA0) return 2; /* U+00A0 */
    if (i + 2 < len && s[i] == 0xE2 && s[i + 1] == 0x80 &&
        (s[i + 2] == 0xAF || s[i + 2] == 0x99)) /* U+202F, U+2019 */
        return 3;
    return 0;
}

/* The common case: [-]digits[.d{1,4}], at most 14 integer digits (no
 * overflow: 10^14 x 10^4 < 2^63). 1 with *minor when s is one, else 0. */
static inline int money_plain(const unsigned char *s, size_t len, int64_t *minor)
{
    size_t i = 0;
    int neg = len && s[0] == '-';
    i += (size_t)neg;
    size_t int_start = i;
    int64_t v = 0;
    while (i < len && is_digit(s[i]) && i - int_start < 14) v = v * 10 + (s[i++] - '0');
    size_t nint = i - int_start;
    if (nint && (i == len || (s[i] == '.' && i + 1 < len && len - i - 1 <= 4))) {
        int64_t frac = 0;
        int nf = 0;
        if (i < len) {
            for (i++; i < len && is_digit(s[i]); i++, nf++) frac = frac * 10 + (s[i] - '0');
        }
        if (i == len) {
            static const int64_t scale[5] = {10000, 1000, 100, 10, 1};
            v = v * RMK_MONEY_SCALE + frac * scale[nf];
            *minor = neg ? -v : v;
            return 1;
        }
    }
    return 0;
}

/* Blanks and no-break spaces off both ends, then one sign: '-', '+', U+2212
 * or accounting parentheses "(12.50)". 0, or -1 for two signs or nothing left. */
static int money_sign(const unsigned char **sp, size_t *lenp, int *neg)
{
    const unsigned char *s = *sp;
    size_t len = *lenp;
    for (;;) {
        if (len && is_blank(s[0])) s++, len--;
        else if (len >= 2 && s[0] == 0xC2 && s[1] == 0xA0) s += 2, len -= 2;
        else break;
    }
    for (;;) {
        if (len && is_blank(s[len - 1])) len--;
        else if (len >= 2 && s[len - 2] == 0xC2 && s[len - 1] == 0xA0) len -= 2;
        else break;
    }
    *neg = 0;
    if (len >= 2 && s[0] == '(' && s[len - 1] == ')') { /* accounting negative */
        *neg = 1;
        s++;
        len -= 2;
    }
    if (len && (s[0] == '-' || s[0] == '+')) {
        if (*neg) return -1;
        *neg = s[0] == '-';
        s++;
        len--;
    } else if (len >= 3 && s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92) { /* U+2212 */
        if (*neg) return -1;
        *neg = 1;
        s += 3;
        len -= 3;
    }
    *sp = s;
    *lenp = len;
    return len == 0 ? -1 : 0;
}

/* Which of '.' and ',' is the decimal mark (*dec) and which groups
 * thousands (*grp), 0 for none: the last one is the mark when both appear;
 * a mark that appears more than once is a thousands separator. 0, or -1
 * when the decimal mark appears twice. */
static int money_marks(const unsigned char *s, size_t len, unsigned char *dec, unsigned char *grp)
{
    size_t ndot = 0, ncomma = 0, lastdot = 0, lastcomma = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '.') ndot++, lastdot = i;
        else if (s[i] == ',') ncomma++, lastcomma = i;
    }
    *dec = *grp = 0;
    if (ndot && ncomma) {
        *dec = lastdot > lastcomma ? '.' : ',';
        *grp = *dec == '.' ? ',' : '.';
        if ((*dec == '.' && ndot > 1) || (*dec == ',' && ncomma > 1)) return -1;
    } else if (ndot == 1) {
        *dec = '.';
    } else if (ncomma == 1) {
        *dec = ',';
    } else if (ndot > 1) {
        *grp = '.';
    } else if (ncomma > 1) {
        *grp = ',';
    }
    return 0;
}

/* The unsigned amount in minor units (1/10^4): digits in groups of three
 * between separators (1-3 digits first), then the decimal mark and digits,
 * the fifth decimal rounding half up. RMK_ERR_DATA when malformed or over
 * INT64_MAX minor units. */
static rmk_status money_digits(const unsigned char *s, size_t len, unsigned char dec,
                               unsigned char grp, int64_t *minor)
{
    int64_t units = 0; /* integer part */
    int64_t frac = 0;  /* 4 decimals */
    int intdigits = 0, fracdigits = 0, group_digits = -1, first_group = 0;
    int round_up = 0, seen_dec = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (is_digit(c)) {
            if (!seen_dec) {
                if (__builtin_mul_overflow(units, 10, &units) ||
                    __builtin_add_overflow(units, c - '0', &units))
                    return RMK_ERR_DATA;
                intdigits++;
                if (group_digits >= 0) group_digits++;
                else first_group++;
            } else {
                if (fracdigits < 4) frac = frac * 10 + (c - '0');
                else if (fracdigits == 4) round_up = c >= '5';
                fracdigits++;
            }
            i++;
            continue;
        }
        if (seen_dec) return RMK_ERR_DATA; /* nothing but digits after the mark */
        if (dec && c == dec) { /* dec 0: no mark in the text (a NUL byte is none) */
            if (group_digits >= 0 && group_digits != 3) return RMK_ERR_DATA;
            seen_dec = 1;
            i++;
            continue;
        }
        size_t gl = (c == grp && grp) ? 1 : group_sep_len(s, len, i);
        if (gl == 0) return RMK_ERR_DATA;
        /* a separator sits between digit groups: 1-3 digits first, then 3s */
        if (intdigits == 0) return RMK_ERR_DATA;
        if (group_digits < 0) {
            if (first_group > 3) return RMK_ERR_DATA;
        } else if (group_digits != 3) {
            return RMK_ERR_DATA;
        }
        group_digits = 0;
        i += gl;
    }
    if (intdigits == 0 && fracdigits == 0) return RMK_ERR_DATA;
    if (group_digits >= 0 && !seen_dec && group_digits != 3) return RMK_ERR_DATA;
    if (seen_dec && fracdigits == 0 && intdigits == 0) return RMK_ERR_DATA;
    for (int k = fracdigits; k < 4; k++) frac *= 10;
    if (__builtin_mul_overflow(units, (int64_t)RMK_MONEY_SCALE, minor) ||
        __builtin_add_overflow(*minor, frac + round_up, minor))
        return RMK_ERR_DATA;
    return RMK_OK;
}

rmk_status rmk_money_parse(const char *str, size_t len, int64_t *minor)
{
    const unsigned char *s = (const unsigned char *)str;
    if (money_plain(s, len, minor)) return RMK_OK;
    int neg;
    unsigned char dec, grp;
    if (money_sign(&s, &len, &neg) || money_marks(s, len, &dec, &grp)) return RMK_ERR_DATA;
    int64_t v;
    if (money_digits(s, len, dec, grp, &v) != RMK_OK) return RMK_ERR_DATA;
    *minor = neg ? -v : v;
    return RMK_OK;
}

char *rmk_money_format(int64_t minor, int decimals, char mark, char *buf)
{
    if (decimals < 0) decimals = 0;
    if (decimals > 4) decimals = 4;
    static const int64_t p10[5] = {1, 10, 100, 1000, 10000};
    int64_t div = RMK_MONEY_SCALE / p10[decimals];
    /* round half away from zero, in unsigned to survive INT64_MIN */
    uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    uint64_t q = mag / (uint64_t)div, r = mag % (uint64_t)div;
    if (r * 2 >= (uint64_t)div) q++;
    int neg = minor < 0 && q != 0;
    uint64_t ip = q / (uint64_t)p10[decimals], fp = q % (uint64_t)p10[decimals];
    char tmp[32];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    char *o = buf;
    if (neg) *o++ = '-';
    while (n) *o++ = tmp[--n];
    if (decimals) {
        *o++ = mark;
        for (int k = decimals - 1; k >= 0; k--) {
            o[k] = (char)('0' + fp % 10);
            fp /= 10;
        }
        o += decimals;
    }
    *o = 0;
    return buf;
}

/* ------------------------------------------------------------ text helpers */

bool utf8_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) n = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF) n = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4) n = 3, cp = c & 0x07;
        else return false;
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

void header_normalise(const char *str, size_t len, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)str;
    while (len && (is_blank(s[len - 1]) || s[len - 1] == '"')) len--;
    while (len && (is_blank(*s) || *s == '"')) s++, len--;
    size_t o = 0;
    for (size_t i = 0; i < len && o + 3 < cap; i++) {
        unsigned char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            out[o++] = (char)(c + 32);
        } else if (c == ' ' || c == '-' || c == '.' || c == '\t') {
            if (o && out[o - 1] != '_') out[o++] = '_';
        } else if (c == 0xD0 && i + 1 < len) {
            unsigned char d = s[i + 1];
            /* U+0410..U+042F (D0 90..D0 AF) -> U+0430..U+044F */
            if (d >= 0x90 && d <= 0x9F) { out[o++] = (char)0xD0; out[o++] = (char)(d + 0x20); }
            else if (d >= 0xA0 && d <= 0xAF) { out[o++] = (char)0xD1; out[o++] = (char)(d - 0x20); }
            else if (d == 0x81) { out[o++] = (char)0xD1; out[o++] = (char)0x91; } /* Ё -> ё */
            else { out[o++] = (char)c; out[o++] = (char)d; }
            i++;
        } else {
            out[o++] = (char)c;
        }
    }
    while (o && out[o - 1] == '_') o--;
    out[o] = 0;
}

long parse_small_uint(const char *s, size_t len, long max)
{
    if (len == 0 || len > 9) return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (!is_digit((unsigned char)s[i])) return -1;
        v = v * 10 + (s[i] - '0');
    }
    return (v >= 1 && v <= max) ? v : -1;
}

void invoice_trim(const char **p, size_t *len)
{
    while (*len && **p == ' ') (*p)++, (*len)--;
    while (*len && (*p)[*len - 1] == ' ') (*len)--;
}

void field_trim(const char **p, size_t *len)
{
    while (*len && (**p == ' ' || **p == '\t')) (*p)++, (*len)--;
    while (*len && ((*p)[*len - 1] == ' ' || (*p)[*len - 1] == '\t')) (*len)--;
}

void field_excerpt(const char *p, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < len && o + 4 < cap; i++) {
        unsigned char c = (unsigned char)p[i];
        out[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
        if (i == 40 && len > 44) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
    }
    out[o] = 0;
}

const char *id_problem(const char *what, const char *p, size_t len, int may_be_empty, char *buf,
                       size_t cap)
{
    const char *why = len == 0 && !may_be_empty  ? "is empty"
                      : len > ID_MAX             ? "longer than 1024 bytes"
                      : memchr(p, 0, len)        ? "contains a NUL byte (is the file UTF-16? use --encoding utf-16)"
                      : !utf8_valid((const unsigned char *)p, len) ? "is not valid UTF-8"
                                                                     : NULL;
    if (!why) return NULL;
    if (len == 0 && !may_be_empty) snprintf(buf, cap, "empty %s", what);
    else snprintf(buf, cap, "%s %s", what, why);
    return buf;
}

int parse_whole_answer(const char *p, size_t len, long cap, long *v)
{
    size_t i = 0;
    int neg = 0, frac = 0;
    long x = 0;
    if (len == 0) return 1;
    if (p[0] == '-' || p[0] == '+') neg = p[0] == '-', i++;
    size_t d0 = i;
    for (; i < len && p[i] >= '0' && p[i] <= '9'; i++)
        if (x < cap) x = x * 10 + (p[i] - '0');
    if (i == d0) return -1;
    if (i < len && (p[i] == '.' || p[i] == ',')) {
        size_t f0 = ++i;
        for (; i < len && p[i] >= '0' && p[i] <= '9'; i++) frac |= p[i] != '0';
        if (i == f0) return -1;
    }
    if (i != len) return -1;
    if (frac) return -2;
    *v = neg ? -x : x;
    return 0;
}
