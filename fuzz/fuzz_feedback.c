/* SPDX-License-Identifier: MIT */
/* fuzz_feedback.c — the feedback file reader (src/feedback.c): CSV reader,
 * columns by name, the date and score parsers, the sort into customers and
 * the latest-score lookups. Byte 0 = options as in fuzz_csv (read_opts.h;
 * the map and no_header are not used by this reader), except: bit 0x40 =
 * as_of 2026-01-01, bit 0x80 = satisfaction on 0..10 (else 1..5).
 * A failure: any sanitizer report or crash; an accepted file whose
 * customers, answers or lookups break what feedback.h promises. */
#include "relmark.h"
#include "feedback.h"
#include "parse.h"
#include "read_opts.h"
#include <stdint.h>
#include <string.h>

static void check(const feedback *f, int32_t as_of, int sat_min, int sat_max)
{
    const fb_score *s = feedback_scores(f);
    size_t nc = feedback_customer_count(f), next = 0;
    feedback_stats st;
    feedback_get_stats(f, &st);
    if (feedback_customer_at(f, nc) != NULL) __builtin_trap();
    for (size_t i = 0; i < nc; i++) {
        const fb_customer *c = feedback_customer_at(f, i);
        if (!c || c->first != next || c->count == 0 || c->id_len == 0 || c->id_len > 1024 ||
            c->id[c->id_len] != 0 || !utf8_valid((const unsigned char *)c->id, c->id_len))
            __builtin_trap();
        if (i) {
            const fb_customer *p = feedback_customer_at(f, i - 1);
            size_t m = p->id_len < c->id_len ? p->id_len : c->id_len;
            int cmp = memcmp(p->id, c->id, m);
            if (cmp > 0 || (cmp == 0 && p->id_len >= c->id_len)) __builtin_trap();
        }
        if (feedback_find(f, c->id, c->id_len) != c) __builtin_trap();
        next += c->count;
        for (size_t k = c->first; k < c->first + c->count; k++) {
            const fb_score *a = &s[k];
            if (a->day == RMK_NO_DATE || (as_of != RMK_NO_DATE && a->day > as_of) ||
                a->nps < -1 || a->nps > 10 || (a->sat != -1 && (a->sat < sat_min || a->sat > sat_max)) ||
                (a->nps < 0 && a->sat < 0) || a->line < 2)
                __builtin_trap();
            if (k > c->first && (s[k - 1].day > a->day ||
                                 (s[k - 1].day == a->day && s[k - 1].line >= a->line)))
                __builtin_trap();
            /* the latest score on or before this answer's day, by hand */
            for (int which = 0; which < 2; which++) {
                int want = -1;
                int32_t want_day = 0;
                for (size_t j = c->first; j < c->first + c->count && s[j].day <= a->day; j++) {
                    int v = which ? s[j].sat : s[j].nps;
                    if (v >= 0) want = v, want_day = s[j].day;
                }
                int v = -7;
                int32_t vd = 0;
                int got = which ? feedback_latest_sat(f, c, a->day, &v, &vd)
                                : feedback_latest_nps(f, c, a->day, &v, &vd);
                if (got != (want >= 0) || (got && (v != want || vd != want_day))) __builtin_trap();
            }
        }
        int v;
        int32_t vd;
        if (feedback_latest_nps(f, c, s[c->first].day - 1, &v, &vd)) __builtin_trap();
        if (feedback_latest_nps(f, c, RMK_NO_DATE, &v, &vd) !=
            feedback_latest_nps(f, c, INT32_MAX, &v, &vd))
            __builtin_trap();
    }
    if (st.rows < next + st.skipped + st.after_as_of) __builtin_trap();
    if ((st.skipped == 0) != (st.first_error[0] == 0)) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t opt = data[0];
    rmk_read_opts o;
    fuzz_read_opts(opt, &o);
    o.no_header = 0;
    o.map = NULL;
    if (opt & 0x40) o.as_of = rmk_days_from_civil(2026, 1, 1);
    int sat_min = (opt & 0x80) ? 0 : 1, sat_max = (opt & 0x80) ? 10 : 5;
    feedback *f = NULL;
    char err[512];
    err[0] = 0;
    rmk_status st = feedback_read_mem((const char *)data + 1, size - 1, "fuzz.csv", &o, sat_min,
                                      sat_max, &f, err, sizeof err);
    if (st == RMK_OK) {
        if (!f) __builtin_trap();
        check(f, o.as_of, sat_min, sat_max);
    } else if (f || !err[0] || (st != RMK_ERR_DATA && st != RMK_ERR_NOMEM)) {
        __builtin_trap();
    }
    feedback_free(f);
    return 0;
}
