/* SPDX-License-Identifier: MIT */
/* fuzz_money.c — the amount parser against a second, deliberately simple
 * reading of the rules in docs/input.md ("Amounts"), written from the
 * documentation and not from src/base/parse.c: both must accept the same
 * texts with the same value. Also no crash, no overflow, and an accepted
 * amount printed with four decimals parses back to the same minor units.
 * (A round trip alone cannot see a wrong value: issue 14's defect 3, a NUL
 * byte read as the decimal mark, round-tripped fine.) */
#include "relmark.h"
#include <stdint.h>
#include <string.h>

/* ---- the oracle: docs/input.md, "Amounts", one rule at a time ---- */

/* A thousands separator other than '.'/',': space, apostrophe, U+00A0,
 * U+202F, U+2019 (the table's row). Its length in bytes at s[i], 0 if none. */
static size_t doc_sep(const unsigned char *s, size_t n, size_t i)
{
    if (s[i] == ' ' || s[i] == '\'') return 1;
    if (i + 2 <= n && !memcmp(s + i, "\xC2\xA0", 2)) return 2;
    if (i + 3 <= n && (!memcmp(s + i, "\xE2\x80\xAF", 3) || !memcmp(s + i, "\xE2\x80\x99", 3)))
        return 3;
    return 0;
}

/* 1 and *out (minor units, 1/10,000) when the documentation accepts s. */
static int doc_money(const unsigned char *s, size_t n, int64_t *out)
{
    /* "Blanks, tabs and no-break spaces around the number are ignored"
     * (no-break space: U+00A0; U+202F is only listed as a separator) */
    for (;;) {
        if (n && (s[0] == ' ' || s[0] == '\t')) s++, n--;
        else if (n >= 2 && !memcmp(s, "\xC2\xA0", 2)) s += 2, n -= 2;
        else break;
    }
    for (;;) {
        if (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
        else if (n >= 2 && !memcmp(s + n - 2, "\xC2\xA0", 2)) n -= 2;
        else break;
    }
    /* one sign: -, +, U+2212 or (…); two signs are refused */
    int neg = 0, signs = 0;
    if (n >= 2 && s[0] == '(' && s[n - 1] == ')') neg = 1, signs++, s++, n -= 2;
    if (n && (s[0] == '-' || s[0] == '+')) neg |= s[0] == '-', signs++, s++, n--;
    else if (n >= 3 && !memcmp(s, "\xE2\x88\x92", 3)) neg = 1, signs++, s += 3, n -= 3;
    if (signs > 1) return 0;
    /* the decimal mark: the last of '.'/',' when both appear (the other
     * groups thousands); a single one alone is the mark; one repeated is a
     * thousands separator */
    size_t dots = 0, commas = 0;
    unsigned char last = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.' || s[i] == ',') {
            dots += s[i] == '.';
            commas += s[i] == ',';
            last = s[i];
        }
    unsigned char mark = 0, group = 0;
    if (dots && commas) {
        mark = last;
        group = last == '.' ? ',' : '.';
        if ((last == '.' ? dots : commas) > 1) return 0; /* 1,234.5.6 */
    } else if (dots == 1 || commas == 1) {
        mark = dots ? '.' : ',';
    } else if (dots || commas) {
        group = dots ? '.' : ',';
    }
    /* the integer part: digit groups between separators, 1-3 digits first
     * and exactly 3 after each separator; no separator: any digits */
    unsigned __int128 units = 0;
    size_t i = 0, digits = 0, group_len = 0, seps = 0;
    while (i < n && !(mark && s[i] == mark)) { /* mark 0: none (a NUL is no mark) */
        if (s[i] >= '0' && s[i] <= '9') {
            if (units < (unsigned __int128)1 << 100) units = units * 10 + (s[i] - '0');
            digits++, group_len++, i++;
            continue;
        }
        size_t sl = group && s[i] == group ? 1 : doc_sep(s, n, i);
        if (!sl) return 0; /* letters, currency, NUL, exponents, ... */
        if (seps == 0 ? group_len < 1 || group_len > 3 : group_len != 3) return 0;
        seps++, group_len = 0, i += sl;
    }
    if (seps && group_len != 3) return 0;
    /* after the mark: nothing but digits; four are kept, the fifth rounds
     * half away from zero */
    size_t fdigits = 0;
    int64_t frac = 0;
    int up = 0;
    if (i < n) i++; /* the loop stopped at the mark */
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        if (fdigits < 4) frac = frac * 10 + (s[i] - '0');
        else if (fdigits == 4) up = s[i] >= '5';
        fdigits++;
    }
    if (digits + fdigits == 0) return 0; /* "", "-", "." */
    for (size_t k = fdigits; k < 4; k++) frac *= 10;
    unsigned __int128 mag = units * 10000 + (unsigned __int128)(frac + up);
    if (mag > INT64_MAX) return 0; /* above 922,337,203,685,477.5807 */
    *out = neg ? -(int64_t)mag : (int64_t)mag;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t v = 0, want = 0;
    int ok = rmk_money_parse((const char *)data, size, &v) == RMK_OK;
    int doc = doc_money(data, size, &want);
    if (ok != doc || (ok && v != want)) __builtin_trap(); /* parser and docs disagree */
    if (!ok) return 0;
    char buf[32];
    rmk_money_format(v, 4, '.', buf);
    int64_t back;
    if (rmk_money_parse(buf, strlen(buf), &back) != RMK_OK || back != v) __builtin_trap();
    return 0;
}
