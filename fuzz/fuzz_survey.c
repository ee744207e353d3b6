/* SPDX-License-Identifier: MIT */
/* fuzz_survey.c — the relationship-quality survey (src/survey.c): the
 * questionnaire parser (INI via inih, its checks) and the answers reader
 * (CSV reader, long and wide forms, answer and date parsers, repeated
 * answers), then the indices, weak flags and alpha.
 * Byte 0 = options as in fuzz_csv (read_opts.h; the map and no_header are
 * not used by this reader), except: bit 0x40 = the input after byte 0 is a
 * questionnaire up to the first NUL byte and the answers after it (else the
 * shipped questionnaire and all of it answers); bit 0x80 = as_of 2026-06-15
 * and weak thresholds 60 / 30 (else none and the questionnaire's).
 * A failure: any sanitizer report or crash; an accepted questionnaire or
 * result that breaks what relmark.h promises. */
#include "relmark.h"
#include "read_opts.h"
#include <math.h>
#include <stdint.h>
#include <string.h>

static void check_questionnaire(const rmk_questionnaire *q)
{
    int nc = rmk_questionnaire_component_count(q), ni = rmk_questionnaire_item_count(q), seen = 0;
    if (nc < 1 || nc > RMK_SURVEY_MAX_COMPONENTS || ni < 1 || ni > RMK_SURVEY_MAX_ITEMS ||
        rmk_questionnaire_scale_min(q) >= rmk_questionnaire_scale_max(q))
        __builtin_trap();
    for (int c = 0; c < nc; c++) {
        int k = rmk_questionnaire_component_items(q, c);
        if (k < 1 || !rmk_questionnaire_component_key(q, c)[0]) __builtin_trap();
        for (int j = 0; j < k; j++) {
            int i = rmk_questionnaire_component_item(q, c, j);
            if (i < 0 || i >= ni || rmk_questionnaire_item_component(q, i) != c) __builtin_trap();
            const char *key = rmk_questionnaire_item_key(q, i);
            if (rmk_questionnaire_item_find(q, key, strlen(key)) != i) __builtin_trap();
        }
        seen += k;
    }
    if (seen != ni) __builtin_trap(); /* every item in exactly one component */
}

static void check_result(const rmk_survey *s, const rmk_questionnaire *q)
{
    int nc = rmk_questionnaire_component_count(q);
    double wo = rmk_survey_weak_overall(s), wc = rmk_survey_weak_component(s);
    rmk_survey_stats st;
    rmk_survey_get_stats(s, &st);
    size_t n = rmk_survey_count(s), clients[RMK_SURVEY_MAX_COMPONENTS + 1] = {0}, weak = 0;
    size_t responses = 0;
    if (n == 0 || n != st.clients || rmk_survey_at(s, n) != NULL) __builtin_trap();
    for (size_t i = 0; i < n; i++) {
        const rmk_survey_client *c = rmk_survey_at(s, i);
        if (!c || c->respondents == 0 || c->answers < c->respondents || c->id_len == 0 ||
            c->customer_id[c->id_len] != 0)
            __builtin_trap();
        if (i) {
            const rmk_survey_client *p = rmk_survey_at(s, i - 1);
            size_t m = p->id_len < c->id_len ? p->id_len : c->id_len;
            int cmp = memcmp(p->customer_id, c->customer_id, m);
            if (cmp > 0 || (cmp == 0 && p->id_len >= c->id_len)) __builtin_trap();
        }
        double lo = 1e9, hi = -1e9;
        uint32_t below = 0;
        for (int k = 0; k < nc; k++) {
            double v = c->index[k];
            if (isnan(v)) continue;
            if (v < -1e-9 || v > 100 + 1e-9) __builtin_trap();
            clients[k]++;
            if (rmk_questionnaire_component_weight(q, k) > 0) {
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
            if (v < wc - 1e-6) below |= 1u << k;
        }
        if (!isnan(c->overall)) {
            clients[nc]++;
            if (c->overall < lo - 1e-9 || c->overall > hi + 1e-9) __builtin_trap();
        }
        if ((below & ~c->weak_components) != 0) __builtin_trap();
        if (c->weak_overall && !(c->overall < wo)) __builtin_trap();
        if (c->weak != (c->weak_overall || c->weak_components != 0)) __builtin_trap();
        weak += c->weak;
        responses += c->respondents;
    }
    if (weak != st.weak_clients || responses != st.responses) __builtin_trap();
    for (int k = 0; k <= nc; k++) {
        rmk_survey_summary m;
        if (!rmk_survey_summary_get(s, k, &m) || m.clients != clients[k] ||
            m.respondents > st.responses || m.alpha_respondents > m.respondents ||
            (m.clients == 0) != isnan(m.mean_index) || m.cronbach_alpha > 1 + 1e-9 ||
            (k == nc && !isnan(m.cronbach_alpha)) ||
            (!isnan(m.mean_index) && (m.mean_index < -1e-9 || m.mean_index > 100 + 1e-9)))
            __builtin_trap();
    }
    rmk_survey_summary m;
    if (rmk_survey_summary_get(s, nc + 1, &m) || rmk_survey_summary_get(s, -1, &m)) __builtin_trap();
    if ((st.rows_skipped == 0) != (st.first_error[0] == 0)) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static rmk_questionnaire *shipped;
    if (size < 1) return 0;
    uint8_t opt = data[0];
    rmk_read_opts ro;
    fuzz_read_opts(opt, &ro);
    ro.no_header = 0;
    ro.map = NULL;
    rmk_survey_opts so;
    rmk_survey_opts_init(&so);
    if (opt & 0x80) {
        so.as_of = rmk_days_from_civil(2026, 6, 15);
        so.weak_overall = 60;
        so.weak_component = 30;
    }
    rmk_status st;
    char err[512];
    const char *text = (const char *)data + 1, *answers = text;
    size_t len = size - 1, alen = len;
    rmk_questionnaire *own = NULL;
    const rmk_questionnaire *q;
    if (opt & 0x40) {
        const char *nul = memchr(text, 0, len);
        size_t qlen = nul ? (size_t)(nul - text) : len;
        err[0] = 0;
        own = rmk_questionnaire_parse(text, qlen, "fuzz.ini", &st, err, sizeof err);
        if (!own) {
            if (!err[0] || (st != RMK_ERR_CONFIG && st != RMK_ERR_NOMEM)) __builtin_trap();
            return 0;
        }
        check_questionnaire(own);
        answers = nul ? nul + 1 : text + len;
        alen = nul ? len - qlen - 1 : 0;
        q = own;
    } else {
        if (!shipped) shipped = rmk_questionnaire_default(&st, err, sizeof err);
        if (!shipped) __builtin_trap();
        q = shipped;
    }
    rmk_survey *s = NULL;
    err[0] = 0;
    st = rmk_survey_mem(answers, alen, "fuzz.csv", q, &ro, &so, &s, err, sizeof err);
    if (st == RMK_OK) {
        if (!s || rmk_survey_questionnaire(s) != q) __builtin_trap();
        check_result(s, q);
    } else if (s || !err[0] || (st != RMK_ERR_DATA && st != RMK_ERR_EMPTY && st != RMK_ERR_NOMEM)) {
        __builtin_trap();
    }
    rmk_survey_free(s);
    rmk_questionnaire_free(own);
    return 0;
}
