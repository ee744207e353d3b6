/* SPDX-License-Identifier: MIT */
/* fuzz_segmap.c — the segment-map (INI) parser and its coverage check. */
#include "relmark.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int bins = 2 + data[0] % 8;
    rmk_status st;
    char err[512];
    rmk_segmap *m = rmk_segmap_parse((const char *)data + 1, size - 1, "fuzz.ini", bins, &st, err,
                                     sizeof err);
    if (m) {
        /* a valid map names every cell */
        for (int r = 1; r <= bins; r++)
            for (int f = 1; f <= bins; f++)
                for (int x = 1; x <= bins; x++)
                    if (rmk_segmap_lookup(m, r, f, x) < 0) __builtin_trap();
    }
    rmk_segmap_free(m);
    return 0;
}
