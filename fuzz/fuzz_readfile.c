/* SPDX-License-Identifier: MIT */
/* fuzz_readfile.c — the path the CLI takes: rmk_agg_read_file (batches,
 * the reading thread, the aggregate's batched adds) over a memfd, then
 * scoring; the rating, retention and the life cycle of the same file.
 * Byte 0 = options as in fuzz_csv; bit 0x80 here = two threads. */

#include "relmark.h"
#include "read_opts.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t opt = data[0];
    static int fd = -1;
    if (fd < 0) fd = memfd_create("fuzz", 0);
    if (ftruncate(fd, 0) || pwrite(fd, data + 1, size - 1, 0) != (ssize_t)(size - 1)) return 0;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    rmk_read_opts o;
    fuzz_read_opts(opt, &o);
    fuzz_read_opts_len(size, &o);
    o.threads = (opt & 0x80) ? 2 : 1;
    rmk_agg *a = rmk_agg_new();
    if (!a) return 0;
    if (rmk_agg_read_file(a, path, &o, NULL, 0) == RMK_OK) {
        rmk_rfm_opts ro;
        rmk_rfm_opts_init(&ro);
        rmk_rfm *x = NULL;
        char err[512];
        if (rmk_rfm_score(a, &ro, &x, err, sizeof err) == RMK_OK)
            for (size_t i = 0; i < rmk_rfm_count(x); i++) {
                const rmk_rfm_customer *cu = rmk_rfm_at(x, i);
                if (cu->r < 1 || cu->r > 5 || cu->f < 1 || cu->f > 5 || cu->m < 1 || cu->m > 5)
                    __builtin_trap();
            }
        rmk_rfm_free(x);
    }
    rmk_agg_free(a);
    /* the client rating reads the same file (twice: the as-of date first) */
    rmk_rate_opts rt;
    rmk_rate_opts_init(&rt);
    rmk_rating *rx = NULL;
    char rerr[512];
    if (rmk_rate_file(path, &o, &rt, &rx, rerr, sizeof rerr) == RMK_OK)
        for (size_t i = 0; i < rmk_rating_count(rx); i++) {
            const rmk_rated_client *c = rmk_rating_at(rx, i);
            if (c->total < 0 || c->total > rmk_scale_max_total(rmk_rating_scale(rx))) __builtin_trap();
        }
    rmk_rating_free(rx);
    /* and its retention and cohorts */
    rmk_activity *ac = NULL;
    if (rmk_activity_read_file(path, &o, (rmk_period)(opt % 3), &ac, rerr, sizeof rerr) == RMK_OK) {
        for (size_t i = 0; i < rmk_activity_periods(ac); i++) {
            rmk_retention r;
            rmk_activity_retention(ac, i, &r);
            if (r.retained > r.active || (r.has_previous && (r.retention_rate < 0 || r.retention_rate > 1)))
                __builtin_trap();
        }
    }
    rmk_activity_free(ac);
    /* and the life cycle, with a migration period; invariants of its rules */
    rmk_stage_opts so;
    rmk_stage_opts_init(&so);
    so.compare_months = opt % 4;
    rmk_stages *sx = NULL;
    if (rmk_stages_file(path, &o, &so, &sx, rerr, sizeof rerr) == RMK_OK) {
        char rule[512];
        for (size_t i = 0; i < rmk_stages_count(sx); i++) {
            const rmk_staged_customer *c = rmk_stages_at(sx, i);
            if ((int)c->stage < 0 || (int)c->stage >= RMK_STAGE_COUNT) __builtin_trap();
            if ((c->purchases == 0) != (c->stage <= RMK_STAGE_NON_PROSPECT)) __builtin_trap();
            if (c->stage == RMK_STAGE_FIRST_TIME && c->purchases != 1) __builtin_trap();
            if (c->active_quarters < 0 || c->active_quarters > 4) __builtin_trap();
            if (c->bond_level < 1 || c->bond_level > 3) __builtin_trap();
            if (so.compare_months && (c->previous_stage < 0 || c->previous_stage >= RMK_STAGE_COUNT))
                __builtin_trap();
            rmk_stages_rule(sx, i, (opt & 1) ? "ru" : "en", rule, sizeof rule);
            if (!rule[0]) __builtin_trap();
        }
    }
    rmk_stages_free(sx);
    /* the portfolio on the measured parameters (revenue as the value) */
    rmk_portfolio_opts po;
    rmk_portfolio_opts_init(&po);
    po.value_clv = 0;
    po.budget = 100;
    rmk_portfolio *px = NULL;
    if (rmk_portfolio_file(path, &o, &po, &px, rerr, sizeof rerr) == RMK_OK)
        for (size_t i = 0; i < rmk_portfolio_count(px); i++) {
            const rmk_pf_client *c = rmk_portfolio_at(px, i);
            for (int ax = 0; ax < 2; ax++)
                if (!isnan(c->axis[ax]) && !(c->axis[ax] >= 1 && c->axis[ax] <= 5)) __builtin_trap();
            if (c->cell < -1 || c->cell > 8 || c->allocation < 0 || c->allocation > 100.0001)
                __builtin_trap();
        }
    rmk_portfolio_free(px);
    /* and lifetime value: a fit on whatever the data is, or a clear refusal
     * (a fit costs milliseconds: one input in 16, chosen by the option byte) */
    if (opt & 0x3c) return 0;
    rmk_clv_opts co;
    rmk_clv_opts_init(&co);
    co.model = (opt & 2) ? RMK_CLV_PARETONBD : RMK_CLV_BGNBD;
    co.unit = (rmk_time_unit)(opt % 3);
    rmk_clv *cx = NULL;
    rmk_status cst = rmk_clv_file(path, &o, &co, &cx, rerr, sizeof rerr);
    if (cst == RMK_OK) {
        for (size_t i = 0; i < rmk_clv_count(cx); i++) {
            const rmk_clv_customer *c = rmk_clv_at(cx, i);
            if (!(c->p_alive >= 0 && c->p_alive <= 1) || !(c->expected_purchases >= 0) || c->x < 0 ||
                c->t_x > c->T)
                __builtin_trap();
        }
    } else if (cx || !rerr[0]) {
        __builtin_trap(); /* a failure leaves nothing and says why */
    }
    rmk_clv_free(cx);
    return 0;
}
