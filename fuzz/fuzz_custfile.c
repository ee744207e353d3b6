/* SPDX-License-Identifier: MIT */
/* fuzz_custfile.c — the customers file reader (src/read/custfile.c): CSV
 * reader, columns by name (English and Russian), the type, status, date,
 * flag, count and parameter cells, the id and name checks, the sort and the
 * lookup by id. Byte 0 = options as in fuzz_csv (read_opts.h; the map and
 * no_header are not used by this reader). A failure: any sanitizer report or
 * crash; an accepted file that breaks what custfile.h promises -- ids and
 * names NUL-free UTF-8 (they are printed, in JSON too), ids unique in byte
 * order and found by custfile_find, values in their ranges. */
#include "relmark.h"
#include "custfile.h"
#include "parse.h"
#include "read_opts.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

static void check(const custfile *f)
{
    size_t n = custfile_count(f);
    if (custfile_at(f, n) != NULL) __builtin_trap();
    for (size_t i = 0; i < n; i++) {
        const cust_rec *r = custfile_at(f, i);
        size_t nl = strlen(r->name);
        if (r->id_len == 0 || r->id_len > 1024 || strlen(r->id) != r->id_len ||
            !utf8_valid((const unsigned char *)r->id, r->id_len) ||
            !utf8_valid((const unsigned char *)r->name, nl))
            __builtin_trap();
        if (i) {
            const cust_rec *p = custfile_at(f, i - 1);
            size_t m = p->id_len < r->id_len ? p->id_len : r->id_len;
            int c = memcmp(p->id, r->id, m);
            if (c > 0 || (c == 0 && p->id_len >= r->id_len)) __builtin_trap();
        }
        if (custfile_find(f, r->id, r->id_len) != r) __builtin_trap();
        if (r->type < CUST_TYPE_UNKNOWN || r->type > CUST_TYPE_CORPORATE ||
            r->status < CUST_STATUS_NONE || r->status > CUST_STATUS_DISQUALIFIED ||
            r->referrals < -1 || r->structural_bond < -1 || r->structural_bond > 1 ||
            r->manager < -1 || r->manager > 1 || r->line < 2)
            __builtin_trap();
        for (int k = 0; k < CP_COUNT; k++) { /* docs/portfolio.md, the parameters' ranges */
            double d = r->param[k];
            if (isnan(d)) continue;
            if (!custfile_has_param(f, k) || !isfinite(d) ||
                (k >= CP_FIRST_SCORE && (d < 1 || d > 5 || d != (double)(int)d)) ||
                (k == CP_RELATIONSHIP_COST && d < 0) ||
                (k == CP_MARKET_SHARE && (d < 0 || d > 100)))
                __builtin_trap();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    rmk_read_opts o;
    fuzz_read_opts(data[0], &o);
    o.no_header = 0;
    o.map = NULL;
    custfile *f = NULL;
    char err[512];
    if (custfile_read_mem((const char *)data + 1, size - 1, "fuzz.csv", &o, &f, err, sizeof err) == RMK_OK) {
        check(f);
        custfile_free(f);
    }
    return 0;
}
