/* SPDX-License-Identifier: MIT */
/* fuzz_date.c — the date parser: no crash, and what it accepts prints back
 * as an ISO date that parses to the same day. */
#include "relmark.h"
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int f = 0; f < 3; f++) {
        int32_t d;
        if (rmk_date_parse((const char *)data, size, (rmk_date_format)f, &d) != RMK_OK) continue;
        char iso[16];
        rmk_date_format_iso(d, iso);
        int32_t back;
        if (rmk_date_parse(iso, strlen(iso), RMK_DATE_AUTO, &back) != RMK_OK || back != d)
            __builtin_trap();
    }
    return 0;
}
