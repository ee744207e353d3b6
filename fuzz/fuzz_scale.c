/* SPDX-License-Identifier: MIT */
/* fuzz_scale.c — the rating-scale (INI) parser and its checks: no crash,
 * and a scale it accepts gives every total a category and points within
 * the maximum. */
#include "relmark.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rmk_status st;
    char err[512];
    rmk_scale *s = rmk_scale_parse((const char *)data, size, "fuzz.ini", &st, err, sizeof err);
    if (s) {
        int top = rmk_scale_max_total(s);
        for (int t = 0; t <= top && t < 10000; t++) {
            int c = rmk_scale_category(s, t);
            if (c < 0 || c >= rmk_scale_category_count(s) || rmk_scale_category_min(s, c) > t)
                __builtin_trap();
        }
        int pts = rmk_scale_share_points(s, 5, 100) + rmk_scale_cooperation_points(s, 40) +
                  rmk_scale_payment_points(s, RMK_PAY_PREPAID) +
                  rmk_scale_growth_points(s, 100, 300, NULL);
        if (pts < 0 || pts > top) __builtin_trap();
    }
    rmk_scale_free(s);
    return 0;
}
