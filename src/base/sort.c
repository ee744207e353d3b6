/* SPDX-License-Identifier: MIT */
/* sort.c — the radix sort (see sort.h). */
#include "sort.h"
#include <stdlib.h>
#include <string.h>

int radix_sort(kv *k, size_t n)
{
    kv *tmp = malloc((n ? n : 1) * sizeof *tmp);
    size_t *cnt = malloc(65536 * sizeof *cnt);
    if (!tmp || !cnt) {
        free(tmp);
        free(cnt);
        return -1;
    }
    kv *src = k, *dst = tmp;
    for (int shift = 0; shift < 64; shift += 16) {
        memset(cnt, 0, 65536 * sizeof *cnt);
        for (size_t i = 0; i < n; i++) cnt[(src[i].key >> shift) & 0xFFFF]++;
        if (n == 0 || cnt[(src[0].key >> shift) & 0xFFFF] == n) continue;
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) {
            size_t c = cnt[d];
            cnt[d] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) dst[cnt[(src[i].key >> shift) & 0xFFFF]++] = src[i];
        kv *t = src;
        src = dst;
        dst = t;
    }
    if (src != k) memcpy(k, src, n * sizeof *k);
    free(tmp);
    free(cnt);
    return 0;
}


int id_order(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}
