/* SPDX-License-Identifier: MIT */
/* fuzz_csv.c — the whole reading path: CSV reader, roles, parsers,
 * aggregate and scoring. The first byte picks reader options. */
#include "relmark.h"
#include "read_opts.h"
#include "txn.h"
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static rmk_status add(void *ctx, const txn_row *r, char *err, size_t errlen)
{
    return rmk_agg_add(ctx, r->customer, r->customer_len, r->invoice, r->invoice_len, r->day,
                       r->amount, err, errlen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t opt = data[0];
    rmk_read_opts o;
    fuzz_read_opts(opt, &o);
    fuzz_read_opts_len(size, &o);
    rmk_agg *a = rmk_agg_new();
    if (!a) return 0;
    txn_counts c;
    char err[512];
    rmk_status st = txn_read_mem((const char *)data + 1, size - 1, "fuzz.csv", &o, add, a, &c,
                                 err, sizeof err);
    if (st == RMK_OK) {
        rmk_rfm_opts ro;
        rmk_rfm_opts_init(&ro);
        ro.ties = (opt & 0x80) ? RMK_TIES_SPLIT : RMK_TIES_KEEP;
        rmk_rfm *x = NULL;
        if (rmk_rfm_score(a, &ro, &x, err, sizeof err) == RMK_OK) {
            for (size_t i = 0; i < rmk_rfm_count(x); i++) {
                const rmk_rfm_customer *cu = rmk_rfm_at(x, i);
                if (cu->r < 1 || cu->r > 5 || cu->f < 1 || cu->f > 5 || cu->m < 1 || cu->m > 5)
                    __builtin_trap();
            }
        }
        rmk_rfm_free(x);
    }
    rmk_agg_free(a);
    return 0;
}
