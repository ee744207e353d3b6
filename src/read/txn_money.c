/* SPDX-License-Identifier: MIT */
/* txn_money.c — money cells with the decimal mark decided per column and
 * currency signs or codes around the number (docs/input.md, "Amounts"). */
#include "txn_money.h"
#include "parse.h"
#include <string.h>

static int blank_at(const unsigned char *s, size_t n, size_t i)
{
    if (s[i] == ' ' || s[i] == '\t') return 1;
    if (s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0) return 2;
    return 0;
}

/* Currency signs and words, in UTF-8; a longer one before its prefix. */
static const char *const cur_sym[] = {
    "$", "\xe2\x82\xac", "\xc2\xa3", "\xc2\xa5", "\xe2\x82\xbd", "\xe2\x82\xb4", "\xe2\x82\xb8",
    "\xd1\x80\xd1\x83\xd0\xb1.", "\xd1\x80\xd1\x83\xd0\xb1", "\xd1\x80.", NULL}; /* руб. руб р. */

static int upper3(const unsigned char *s)
{
    for (int k = 0; k < 3; k++)
        if (s[k] < 'A' || s[k] > 'Z') return 0;
    return 1;
}

/* Bytes of a currency sign, word or ISO code at the start of s (0: none). */
static size_t cur_head(const unsigned char *s, size_t n)
{
    for (int k = 0; cur_sym[k]; k++) {
        size_t l = strlen(cur_sym[k]);
        if (l <= n && memcmp(s, cur_sym[k], l) == 0) return l;
    }
    if (n > 3 && upper3(s) && !(s[3] >= 'A' && s[3] <= 'Z')) return 3;
    return 0;
}

/* ... and at the end of s. */
static size_t cur_tail(const unsigned char *s, size_t n)
{
    for (int k = 0; cur_sym[k]; k++) {
        size_t l = strlen(cur_sym[k]);
        if (l <= n && memcmp(s + n - l, cur_sym[k], l) == 0) return l;
    }
    if (n > 3 && upper3(s + n - 3) && !(s[n - 4] >= 'A' && s[n - 4] <= 'Z')) return 3;
    return 0;
}

/* The number in a cell without blanks, currency and its sign moved before
 * it ("-$12" and "$-12" alike): a pointer into p, or into buf (cap bytes)
 * when a sign had to move; NULL when it does not fit. */
static const char *strip_currency(const char *p, size_t *lenp, char *buf, size_t cap)
{
    const unsigned char *s = (const unsigned char *)p;
    size_t n = *lenp, b;
    while (n && (b = blank_at(s, n, 0)) != 0) s += b, n -= b;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    while (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xA0) n -= 2;
    size_t d0 = n > 1 && s[0] == '-';
    int plain = n && s[d0] >= '0' && s[d0] <= '9' && s[n - 1] >= '0' && s[n - 1] <= '9';
    if (n == 0 || plain) {
        *lenp = n;
        return (const char *)s;
    }
    const unsigned char *s0 = s;
    size_t n0 = n, l;
    char sign = 0;
    if (n >= 2 && s[0] == '(' && s[n - 1] == ')') sign = '-', s++, n -= 2; /* accounting */
    else if ((s[0] == '-' || s[0] == '+') && n > 1 && cur_head(s + 1, n - 1)) sign = (char)s[0], s++, n--;
    int found = 0;
    if ((l = cur_head(s, n)) != 0) {
        found = 1;
        s += l, n -= l;
        while (n && (b = blank_at(s, n, 0)) != 0) s += b, n -= b;
    }
    if ((l = cur_tail(s, n)) != 0) {
        found = 1;
        n -= l;
        for (;;) {
            if (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
            else if (n >= 2 && s[n - 2] == 0xC2 && s[n - 1] == 0xA0) n -= 2;
            else break;
        }
    }
    if (!found) { /* no currency: the text as it was, the parser reads its sign */
        *lenp = n0;
        return (const char *)s0;
    }
    if (!sign) {
        *lenp = n;
        return (const char *)s;
    }
    if (n + 1 > cap) return NULL;
    buf[0] = sign;
    memcpy(buf + 1, s, n);
    *lenp = n + 1;
    return buf;
}

static void keep_text(char *dst, size_t cap, const char *p, size_t len)
{
    field_excerpt(p, len, dst, cap);
}

/* The decimal mark a cell shows by itself, 0 when it shows none (no mark,
 * or a lone mark before three digits after one to three: *lone = it). */
static char own_mark(const unsigned char *t, size_t n, char *lone, int *whole)
{
    size_t nd = 0, nc = 0, ld = 0, lc = 0;
    int blank_groups = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '.') nd++, ld = i;
        else if (t[i] == ',') nc++, lc = i;
        else if (t[i] == ' ' || t[i] == '\'' || (t[i] == 0xC2 && i + 1 < n && t[i + 1] == 0xA0) ||
                 (t[i] == 0xE2 && i + 2 < n && t[i + 1] == 0x80 && (t[i + 2] == 0xAF || t[i + 2] == 0x89)))
            blank_groups = 1; /* blanks group thousands: the mark is decimal */
    }
    *lone = 0;
    *whole = nd == 0 && nc == 0;
    if (*whole) return 0;
    if (nd && nc) return ld > lc ? '.' : ',';
    if (nd > 1) return ',';
    if (nc > 1) return '.';
    size_t k = nd ? ld : lc;
    char s = (char)t[k];
    size_t da = 0, db = 0;
    while (k + 1 + da < n && t[k + 1 + da] >= '0' && t[k + 1 + da] <= '9') da++;
    while (db < k && t[k - 1 - db] >= '0' && t[k - 1 - db] <= '9') db++;
    if (blank_groups || da != 3 || db == 0 || db > 3 || t[k - db] == '0') return s;
    *lone = s;
    return 0;
}

/* The value of t with its lone mark c read as a thousands separator. */
static rmk_status parse_grouped(const char *t, size_t n, char c, int64_t *v)
{
    char tmp[64];
    size_t m = 0;
    if (n > sizeof tmp) return RMK_ERR_DATA;
    for (size_t i = 0; i < n; i++)
        if (t[i] != c) tmp[m++] = t[i];
    return rmk_money_parse(tmp, m, v);
}

/* The common cell, "-1234.5" or "950": [-]digits[.1-4 digits], read in one
 * pass. 1 and *v, *dot (0: no mark, 1: a '.' that shows itself decimal,
 * 2: a '.' before three digits after one to three: ambiguous); 0 when the
 * cell is anything else (the general path reads it). */
static inline int plain_cell(const char *p, size_t n, int64_t *v, int *dot)
{
    size_t i = 0;
    int neg = n && p[0] == '-';
    i += (size_t)neg;
    size_t d0 = i;
    int64_t u = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9' && i - d0 < 15) u = u * 10 + (p[i++] - '0');
    size_t nint = i - d0;
    if (nint == 0) return 0;
    int64_t frac = 0;
    size_t nfrac = 0;
    *dot = 0;
    if (i < n && p[i] == '.') {
        for (i++; i < n && p[i] >= '0' && p[i] <= '9' && nfrac < 4; i++, nfrac++)
            frac = frac * 10 + (p[i] - '0');
        if (nfrac == 0) return 0;
        *dot = nfrac == 3 && nint <= 3 && p[d0] != '0' ? 2 : 1;
    }
    if (i != n) return 0;
    static const int64_t scale[5] = {10000, 1000, 100, 10, 1};
    if (__builtin_mul_overflow(u, (int64_t)RMK_MONEY_SCALE, &u) ||
        __builtin_add_overflow(u, frac * scale[nfrac], &u))
        return 0; /* too big: the general path refuses it */
    *v = neg ? -u : u;
    return 1;
}

int money_cell(money_col *mc, const char *p, size_t len, uint64_t line, int64_t *v, int64_t *alt,
               char *amb_char)
{
    int dot;
    if (plain_cell(p, len, v, &dot)) {
        if (dot == 0) {
            mc->whole = 1;
            return MONEY_EXACT;
        }
        if (dot == 1 && mc->mark == '.') return MONEY_EXACT;
        /* else the general path: it decides, holds or refuses */
    }
    char buf[80];
    size_t n = len;
    const char *t = strip_currency(p, &n, buf, sizeof buf);
    if (!t || n == 0) return MONEY_BAD;
    char lone;
    int whole;
    char e = own_mark((const unsigned char *)t, n, &lone, &whole);
    if (whole) {
        mc->whole = 1;
        return rmk_money_parse(t, n, v) == RMK_OK ? MONEY_EXACT : MONEY_BAD;
    }
    if (e) {
        if (rmk_money_parse(t, n, v) != RMK_OK) return MONEY_BAD;
        if (mc->mark && mc->mark != e) return MONEY_CONFLICT;
        if (!mc->mark) {
            mc->mark = e;
            mc->line = line;
            keep_text(mc->why, sizeof mc->why, p, len);
        }
        return MONEY_EXACT;
    }
    int64_t as_dec, as_grp;
    if (rmk_money_parse(t, n, &as_dec) != RMK_OK || parse_grouped(t, n, lone, &as_grp) != RMK_OK)
        return MONEY_BAD;
    if (mc->mark) {
        *v = mc->mark == lone ? as_dec : as_grp;
        return MONEY_EXACT;
    }
    if (mc->ambiguous++ == 0) {
        mc->amb_line = line;
        keep_text(mc->amb_text, sizeof mc->amb_text, p, len);
    }
    mc->amb_chars |= lone == '.' ? 1 : 2;
    *v = as_dec;
    *alt = as_grp;
    *amb_char = lone;
    return MONEY_AMBIG;
}

int money_settle(money_col *mc)
{
    if (mc->mark) return 1;
    if (!mc->whole || mc->amb_chars == 3) return 0;
    mc->mark = mc->amb_chars == 1 ? ',' : '.';
    return 1;
}

int money_product(int64_t a, int64_t b, int64_t *out)
{
    __int128 r = (__int128)a * b;
    int neg = r < 0;
    if (neg) r = -r;
    __int128 q = r / RMK_MONEY_SCALE, rem = r % RMK_MONEY_SCALE;
    if (rem * 2 >= RMK_MONEY_SCALE) q++; /* half away from zero */
    if (q > INT64_MAX) return -1;
    *out = neg ? -(int64_t)q : (int64_t)q;
    return 0;
}
