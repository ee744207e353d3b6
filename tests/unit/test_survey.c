/* SPDX-License-Identifier: MIT */
/* test_survey.c — the relationship-quality survey (lecture §4, SPEC §3.8):
 * the shipped questionnaire and templates, hand-worked component and
 * overall indices (reverse items, missing answers, the ends of the scale,
 * several respondents, weights), Cronbach's alpha by hand and against an
 * independent pandas computation, every questionnaire error with its line,
 * every answer error with its line and column. */
#include "relmark.h"
#include "unit.h"
#include <math.h>
#include <stdlib.h>

/* A small questionnaire: component a (3 items, a3 reverse-scored), b (2
 * items, weight 3), scale 1..5. Line numbers matter for the error rows. */
static const char small_q[] =
    "[scale]\n"           /* 1 */
    "min = 1\n"           /* 2 */
    "max = 5\n"           /* 3 */
    "[component a]\n"     /* 4 */
    "items = a1, a2, a3\n" /* 5 */
    "[component b]\n"     /* 6 */
    "weight = 3\n"        /* 7 */
    "items = b1, b2\n"    /* 8 */
    "[item a1]\n"         /* 9 */
    "text = A one\n"      /* 10 */
    "[item a2]\n"         /* 11 */
    "text = A two\n"      /* 12 */
    "[item a3]\n"         /* 13 */
    "text = A three\n"    /* 14 */
    "reverse = true\n"    /* 15 */
    "[item b1]\n"         /* 16 */
    "text = B one\n"      /* 17 */
    "[item b2]\n"         /* 18 */
    "text = B two\n";     /* 19 */

/* small_q with the first `from` replaced by `to` (static buffer). */
static const char *variant(const char *base, const char *from, const char *to)
{
    static char buf[4096];
    const char *at = strstr(base, from);
    if (!at) return NULL;
    snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - base), base, to, at + strlen(from));
    return buf;
}

static rmk_questionnaire *parse_q(const char *text, rmk_status *st, char *err, size_t errlen)
{
    err[0] = 0;
    return rmk_questionnaire_parse(text, strlen(text), "t.ini", st, err, errlen);
}

static rmk_status run(const rmk_questionnaire *q, const char *answers, int skip_bad, int32_t as_of,
                      rmk_survey **out, char *err, size_t errlen)
{
    rmk_read_opts ro;
    rmk_read_opts_init(&ro);
    ro.skip_bad = skip_bad;
    rmk_survey_opts o;
    rmk_survey_opts_init(&o);
    o.as_of = as_of;
    err[0] = 0;
    return rmk_survey_mem(answers, strlen(answers), "a.csv", q, &ro, &o, out, err, errlen);
}

static void num(char *b, double v)
{
    if (isnan(v)) snprintf(b, 24, "-");
    else snprintf(b, 24, "%.4f", v);
}

/* "id:a/b/overall/respondents/weak;" per client (4 decimals, "-" for none). */
static void dump(const rmk_survey *s, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = 0;
    int nc = rmk_questionnaire_component_count(rmk_survey_questionnaire(s));
    for (size_t i = 0; i < rmk_survey_count(s) && o < cap; i++) {
        const rmk_survey_client *c = rmk_survey_at(s, i);
        char b[24];
        o += (size_t)snprintf(out + o, cap - o, "%s:", c->customer_id);
        for (int k = 0; k < nc && o < cap; k++) {
            num(b, c->index[k]);
            o += (size_t)snprintf(out + o, cap - o, "%s/", b);
        }
        num(b, c->overall);
        if (o < cap)
            o += (size_t)snprintf(out + o, cap - o, "%s/%zu/%d;", b, c->respondents, c->weak);
    }
}

TEST(test_survey_questionnaire_shipped)
{
    rmk_status st;
    char err[512];
    rmk_questionnaire *q = rmk_questionnaire_default(&st, err, sizeof err);
    CHECK(q != NULL, "default: %s", err);
    if (!q) return;
    /* the lecture's components, each with >= 3 items (alpha is defined),
     * every text in English and Russian */
    static const char *const keys[4] = {"economic", "strategic", "psychological", "evaluation"};
    CHECK(rmk_questionnaire_component_count(q) == 4, "%d", rmk_questionnaire_component_count(q));
    for (int c = 0; c < 4; c++) {
        CHECK_STR(rmk_questionnaire_component_key(q, c), keys[c]);
        CHECK(rmk_questionnaire_component_items(q, c) >= 3, "%s", keys[c]);
        CHECK(strcmp(rmk_questionnaire_component_name(q, c, "en"),
                     rmk_questionnaire_component_name(q, c, "ru")) != 0, "%s has no Russian name", keys[c]);
    }
    CHECK(rmk_questionnaire_item_count(q) == 14, "%d", rmk_questionnaire_item_count(q));
    for (int i = 0; i < rmk_questionnaire_item_count(q); i++) {
        const char *en = rmk_questionnaire_item_text(q, i, "en"), *ru = rmk_questionnaire_item_text(q, i, "ru");
        CHECK(strlen(en) > 20 && strcmp(en, ru) != 0, "item %s", rmk_questionnaire_item_key(q, i));
    }
    CHECK_STR(rmk_questionnaire_component_name(q, 0, "ru"), "Экономическая эффективность");
    CHECK_STR(rmk_questionnaire_item_key(q, rmk_questionnaire_component_item(q, 2, 3)), "psy_switch");
    CHECK(rmk_questionnaire_item_reverse(q, rmk_questionnaire_item_find(q, "psy_switch", 10)) == 1, "reverse");
    CHECK(rmk_questionnaire_item_find(q, " Eco Costs", 10) == 1, "by header form");
    CHECK(rmk_questionnaire_scale_min(q) == 1 && rmk_questionnaire_scale_max(q) == 5, "scale");
    CHECK(rmk_questionnaire_weak_overall(q) == 50 && rmk_questionnaire_weak_component(q) == 40, "weak");
    /* the embedded text is the shipped file, byte for byte (the build embeds
     * it with tools/embed.sh, as the segment maps and the rating scale) */
    rmk_questionnaire *f = rmk_questionnaire_load("data/survey/questionnaire.ini", &st, err, sizeof err);
    CHECK(f != NULL, "file: %s", err);
    FILE *fp = fopen("data/survey/questionnaire.ini", "rb");
    extern const char rmk_survey_default_ini[];
    char *buf = malloc(1 << 16);
    size_t n = fp && buf ? fread(buf, 1, (1 << 16) - 1, fp) : 0;
    if (fp) fclose(fp);
    CHECK(n == strlen(rmk_survey_default_ini) && buf && memcmp(buf, rmk_survey_default_ini, n) == 0,
          "the embedded questionnaire differs from data/survey/questionnaire.ini");
    free(buf);
    rmk_questionnaire_free(f);
    /* the English and Russian templates: the same keys, items and scale */
    static const char *const tpl[2] = {"examples/survey/questionnaire-en.ini",
                                       "examples/survey/questionnaire-ru.ini"};
    for (int t = 0; t < 2; t++) {
        rmk_questionnaire *e = rmk_questionnaire_load(tpl[t], &st, err, sizeof err);
        CHECK(e != NULL, "%s: %s", tpl[t], err);
        if (!e) continue;
        CHECK(rmk_questionnaire_item_count(e) == rmk_questionnaire_item_count(q), "%s", tpl[t]);
        for (int c = 0; c < rmk_questionnaire_component_count(q); c++) {
            CHECK_STR(rmk_questionnaire_component_key(e, c), rmk_questionnaire_component_key(q, c));
            for (int j = 0; j < rmk_questionnaire_component_items(q, c); j++) {
                int a = rmk_questionnaire_component_item(q, c, j), b = rmk_questionnaire_component_item(e, c, j);
                CHECK_STR(rmk_questionnaire_item_key(e, b), rmk_questionnaire_item_key(q, a));
                CHECK(rmk_questionnaire_item_reverse(e, b) == rmk_questionnaire_item_reverse(q, a), "%d", a);
                CHECK_STR(rmk_questionnaire_item_text(e, b, "en"), rmk_questionnaire_item_text(q, a, t ? "ru" : "en"));
            }
        }
        rmk_questionnaire_free(e);
    }
    rmk_questionnaire_free(q);
}

TEST(test_survey_indices_hand_worked)
{
    rmk_status st;
    char err[512], got[2048];
    rmk_questionnaire *q = parse_q(small_q, &st, err, sizeof err);
    CHECK(q != NULL, "small: %s", err);
    if (!q) return;
    static const struct {
        const char *in, *want;
    } rows[] = {
        /* the top of the scale is 100, the bottom 0; a3 is reverse-scored
         * (1 counts as 5) */
        {"customer_id,item,answer\nC1,a1,5\nC1,a2,5\nC1,a3,1\nC1,b1,5\nC1,b2,5\n",
         "C1:100.0000/100.0000/100.0000/1/0;"},
        {"customer_id,item,answer\nC1,a1,1\nC1,a2,1\nC1,a3,5\nC1,b1,1\nC1,b2,1\n",
         "C1:0.0000/0.0000/0.0000/1/1;"},
        /* reverse: 5, 5 and a3 = 5 -> 1: mean 11/3, (11/3 - 1)/4 x 100 = 66.6667 */
        {"customer_id,item,answer\nC1,a1,5\nC1,a2,5\nC1,a3,5\n", "C1:66.6667/-/66.6667/1/0;"},
        /* missing answers are skipped: a2 empty, a3 absent: a = (4-1)/4 = 75;
         * no b: overall = a; a client without any answer is not a client */
        {"customer_id,item,answer\nC1,a1,4\nC1,a2,\nC2,b1,\n", "C1:75.0000/-/75.0000/1/0;"},
        /* weights: overall = (1 x a + 3 x b) / 4 = (100 + 0) / 4 = 25 */
        {"customer_id,item,answer\nC1,a1,5\nC1,a2,5\nC1,a3,1\nC1,b1,1\nC1,b2,1\n",
         "C1:100.0000/0.0000/25.0000/1/1;"},
        /* two respondents averaged per component: R1 a = (5+3+3)/3 -> 66.6667,
         * R2 a = (2+2)/2 -> 25: a = 45.8333; b only from R1: (4-1)/4 = 75;
         * overall = (45.8333 + 3 x 75) / 4 = 67.7083 */
        {"customer_id,respondent,item,answer\nC1,R1,a1,5\nC1,R1,a2,3\nC1,R1,a3,3\nC1,R1,b1,4\n"
         "C1,R2,a1,2\nC1,R2,a2,2\n",
         "C1:45.8333/75.0000/67.7083/2/0;"},
        /* the same person on two dates is two responses; undated rows are one */
        {"customer_id,respondent,date,item,answer\nC1,R1,2026-01-10,a1,5\nC1,R1,2026-02-10,a1,1\n"
         "C2,,,b1,3\nC2,,,b2,4\n",
         "C1:50.0000/-/50.0000/2/0;C2:-/62.5000/62.5000/1/0;"},
        /* the wide form: a row per response; the same numbers */
        {"customer_id,respondent,a1,a2,a3,b1,b2\nC1,R1,5,3,3,4,\nC1,R2,2,2,,,\n",
         "C1:45.8333/75.0000/67.7083/2/0;"},
        /* ids in byte order; a Russian header; "4.0" is 4 */
        {"Клиент;Вопрос;Ответ\nБ;a1;4.0\nА;b1;2\n", "А:-/25.0000/25.0000/1/1;Б:75.0000/-/75.0000/1/0;"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rmk_survey *s = NULL;
        st = run(q, rows[i].in, 0, RMK_NO_DATE, &s, err, sizeof err);
        CHECK(st == RMK_OK, "row %zu: %s", i, err);
        if (st) continue;
        dump(s, got, sizeof got);
        CHECK(strcmp(got, rows[i].want) == 0, "row %zu: got %s, want %s", i, got, rows[i].want);
        rmk_survey_free(s);
    }
    /* another scale: 0..10 (its ends and a middle value) */
    const char *q10 = variant(small_q, "min = 1\nmax = 5\n", "min = 0\nmax = 10\n");
    rmk_questionnaire *t = parse_q(q10, &st, err, sizeof err);
    CHECK(t != NULL, "0..10: %s", err);
    rmk_survey *s = NULL;
    if (t && run(t, "customer_id,item,answer\nC1,a1,10\nC1,a2,0\nC1,a3,3\nC2,b1,7\nC2,b2,0\n", 0,
                 RMK_NO_DATE, &s, err, sizeof err) == RMK_OK) {
        /* C1: 10, 0 and a3 = 3 -> 7: mean 17/3 -> 56.6667; C2: 70 and 0 -> 35 */
        dump(s, got, sizeof got);
        CHECK_STR(got, "C1:56.6667/-/56.6667/1/0;C2:-/35.0000/35.0000/1/1;");
    } else {
        CHECK(0, "0..10 run: %s", err);
    }
    rmk_survey_free(s);
    rmk_questionnaire_free(t);
    /* weak: below the threshold, not at it; --weak overrides the file */
    s = NULL;
    st = run(q, "customer_id,item,answer\nC1,a1,3\nC1,a2,3\nC1,a3,3\nC2,a1,2\nC2,a2,3\nC2,a3,3\n", 0,
             RMK_NO_DATE, &s, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (s) {
        /* C1 = 50 exactly (not below 50); C2 = (1+2+2)/3/4 = 41.67 (below 50, not below 40) */
        const rmk_survey_client *c1 = rmk_survey_at(s, 0), *c2 = rmk_survey_at(s, 1);
        CHECK(!c1->weak && c2->weak && c2->weak_overall && c2->weak_components == 0, "weak flags");
        rmk_survey_summary m;
        CHECK(rmk_survey_summary_get(s, 2, &m) && m.weak_clients == 1 && m.clients == 2, "overall row");
        CHECK(fabs(m.mean_index - (50 + 125.0 / 3) / 2) < 1e-9, "%.10f", m.mean_index);
        CHECK(!rmk_survey_summary_get(s, 3, &m), "past the overall");
        rmk_survey_free(s);
    }
    rmk_read_opts ro;
    rmk_read_opts_init(&ro);
    rmk_survey_opts o;
    rmk_survey_opts_init(&o);
    o.weak_overall = 41;
    o.weak_component = 45;
    const char *in = "customer_id,item,answer\nC2,a1,2\nC2,a2,3\nC2,a3,3\n";
    s = NULL;
    CHECK(rmk_survey_mem(in, strlen(in), "a.csv", q, &ro, &o, &s, err, sizeof err) == RMK_OK, "%s", err);
    if (s) {
        const rmk_survey_client *c = rmk_survey_at(s, 0);
        CHECK(c->weak && !c->weak_overall && c->weak_components == 1u, "thresholds 41/45");
        CHECK(rmk_survey_weak_overall(s) == 41 && rmk_survey_weak_component(s) == 45, "in use");
        rmk_survey_free(s);
    }
    /* as_of: later answers ignored and counted; undated kept */
    s = NULL;
    st = run(q, "customer_id,date,item,answer\nC1,2026-01-01,a1,5\nC1,2026-03-01,a2,1\nC1,,a3,3\n", 0,
             rmk_days_from_civil(2026, 1, 31), &s, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (s) {
        rmk_survey_stats stt;
        rmk_survey_get_stats(s, &stt);
        dump(s, got, sizeof got);
        /* two responses: dated 2026-01-01 (a1 = 5: 100) and undated (a3 = 3: 50) */
        CHECK_STR(got, "C1:75.0000/-/75.0000/2/0;");
        CHECK(stt.rows == 3 && stt.rows_after_as_of == 1 && stt.answers == 2, "stats");
        rmk_survey_free(s);
    }
    rmk_questionnaire_free(q);
}

TEST(test_survey_alpha_hand_worked)
{
    rmk_status st;
    char err[512];
    rmk_questionnaire *q = parse_q(small_q, &st, err, sizeof err);
    if (!q) {
        CHECK(0, "%s", err);
        return;
    }
    /* Component a over four complete responses (a3 as scored, i.e. after
     * flipping: the file holds 6 - x):
     *          a1 a2 a3 | total
     *     R1    1  2  2 |   5
     *     R2    2  3  3 |   8
     *     R3    4  4  5 |  13
     *     R4    5  4  4 |  13
     * sample variances (n - 1 = 3): a1: SS 10 -> 10/3; a2: mean 3.25,
     * SS 2.75 -> 2.75/3; a3: mean 3.5, SS 5 -> 5/3; sum 17.75/3.
     * totals: mean 9.75, SS 22.5625 + 3.0625 + 10.5625 + 10.5625 = 46.75
     * -> 46.75/3. alpha = 3/2 x (1 - 17.75/46.75) = 43.5/46.75 = 174/187.
     * A fifth response misses a2: it counts as a respondent of a, not in
     * alpha. b has 2 items: no alpha. */
    const char *in = "customer_id,respondent,item,answer\n"
                     "C1,R1,a1,1\nC1,R1,a2,2\nC1,R1,a3,4\n"
                     "C1,R2,a1,2\nC1,R2,a2,3\nC1,R2,a3,3\n"
                     "C2,R3,a1,4\nC2,R3,a2,4\nC2,R3,a3,1\n"
                     "C3,R4,a1,5\nC3,R4,a2,4\nC3,R4,a3,2\n"
                     "C3,R5,a1,5\nC3,R5,a3,2\nC3,R5,b1,3\nC3,R5,b2,4\n";
    rmk_survey *s = NULL;
    st = run(q, in, 0, RMK_NO_DATE, &s, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (s) {
        rmk_survey_summary a, b, all;
        rmk_survey_summary_get(s, 0, &a);
        rmk_survey_summary_get(s, 1, &b);
        rmk_survey_summary_get(s, 2, &all);
        CHECK(fabs(a.cronbach_alpha - 174.0 / 187.0) < 1e-12, "alpha %.15f", a.cronbach_alpha);
        CHECK(a.items == 3 && a.respondents == 5 && a.alpha_respondents == 4 && a.clients == 3,
              "a: %d %zu %zu %zu", a.items, a.respondents, a.alpha_respondents, a.clients);
        CHECK(isnan(b.cronbach_alpha) && b.respondents == 1 && b.alpha_respondents == 1, "b");
        CHECK(isnan(all.cronbach_alpha) && all.items == 5 && all.respondents == 5 && all.clients == 3, "overall");
        rmk_survey_free(s);
    }
    /* undefined: one complete response; totals without variance */
    static const char *const undefined[2] = {
        "customer_id,item,answer\nC1,a1,1\nC1,a2,2\nC1,a3,4\n",
        "customer_id,respondent,item,answer\nC1,R1,a1,3\nC1,R1,a2,3\nC1,R1,a3,3\n"
        "C1,R2,a1,3\nC1,R2,a2,3\nC1,R2,a3,3\n"};
    for (int i = 0; i < 2; i++) {
        s = NULL;
        CHECK(run(q, undefined[i], 0, RMK_NO_DATE, &s, err, sizeof err) == RMK_OK, "%s", err);
        rmk_survey_summary m;
        if (s) {
            rmk_survey_summary_get(s, 0, &m);
            CHECK(isnan(m.cronbach_alpha), "case %d: %f", i, m.cronbach_alpha);
        }
        rmk_survey_free(s);
    }
    rmk_questionnaire_free(q);
}

TEST(test_survey_b2b_against_reference)
{
    /* Pasted from
     *   /usr/bin/python3 tests/data/survey/alpha_reference.py \
     *       data/survey/questionnaire.ini examples/b2b/survey.csv
     * (pandas 1.5.3, numpy 1.24.2; sample variances, ddof = 1; the output is
     * kept in tests/data/survey/alpha_reference.out). relmark agrees to about
     * 2e-16 relative (its alpha is one division of exact integer sums):
     * component items respondents mean_index alpha alpha_respondents
     * economic 3 82 69.155092592592595 0.77273557341124888 73
     * strategic 4 82 67.013888888888886 0.87606162146213973 73
     * psychological 4 82 68.524305555555557 0.84703333048213736 69
     * evaluation 3 82 67.083333333333329 0.84323651452282145 75 */
    static const struct {
        int items;
        size_t respondents;
        double mean_index, alpha;
        size_t alpha_respondents;
    } want[4] = {
        {3, 82, 69.155092592592595, 0.77273557341124888, 73},
        {4, 82, 67.013888888888886, 0.87606162146213973, 73},
        {4, 82, 68.524305555555557, 0.84703333048213736, 69},
        {3, 82, 67.083333333333329, 0.84323651452282145, 75},
    };
    rmk_status st;
    char err[512];
    rmk_questionnaire *q = rmk_questionnaire_default(&st, err, sizeof err);
    if (!q) {
        CHECK(0, "%s", err);
        return;
    }
    rmk_survey *s = NULL, *w = NULL;
    st = rmk_survey_file("examples/b2b/survey.csv", q, NULL, NULL, &s, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    /* the same answers in the wide form give the same numbers */
    st = rmk_survey_file("examples/b2b/survey-wide.csv", q, NULL, NULL, &w, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    for (int c = 0; s && w && c < 4; c++) {
        rmk_survey_summary m, mw;
        rmk_survey_summary_get(s, c, &m);
        rmk_survey_summary_get(w, c, &mw);
        CHECK(m.items == want[c].items && m.respondents == want[c].respondents &&
                  m.alpha_respondents == want[c].alpha_respondents,
              "component %d: %d %zu %zu", c, m.items, m.respondents, m.alpha_respondents);
        CHECK(fabs(m.cronbach_alpha - want[c].alpha) < 1e-12, "component %d alpha %.17g", c, m.cronbach_alpha);
        CHECK(fabs(m.mean_index - want[c].mean_index) < 1e-9, "component %d mean %.17g", c, m.mean_index);
        CHECK(m.cronbach_alpha == mw.cronbach_alpha && fabs(m.mean_index - mw.mean_index) < 1e-12 &&
                  m.respondents == mw.respondents, "wide differs in component %d", c);
    }
    if (s && w) {
        rmk_survey_stats a, b;
        rmk_survey_get_stats(s, &a);
        rmk_survey_get_stats(w, &b);
        CHECK(a.clients == 60 && a.responses == 82 && a.missing == 40 && !a.wide && b.wide &&
                  b.clients == 60 && b.missing == 40 && a.weak_clients == b.weak_clients,
              "stats %zu %zu %llu", a.clients, a.responses, (unsigned long long)a.missing);
        for (size_t i = 0; i < rmk_survey_count(s); i++) {
            const rmk_survey_client *x = rmk_survey_at(s, i), *y = rmk_survey_at(w, i);
            CHECK(!strcmp(x->customer_id, y->customer_id) && fabs(x->overall - y->overall) < 1e-12 &&
                      x->weak == y->weak && x->respondents == y->respondents, "client %zu", i);
        }
    }
    rmk_survey_free(s);
    rmk_survey_free(w);
    rmk_questionnaire_free(q);
}

TEST(test_survey_questionnaire_errors)
{
    static const struct { const char *from, *to, *want; } rows[] = {
        {"items = a1, a2, a3\n", "items = a1, a2, a4\n",
         "t.ini:5: [component a] lists unknown item 'a4' (define it in an [item a4] section)"},
        {"max = 5\n", "max = 1\n", "t.ini:3: [scale] min = 1 is not below max = 1"},
        {"min = 1\n", "min = 7\n", "t.ini:3: [scale] min = 7 is not below max = 5"},
        {"items = b1, b2\n", "items =\n", "t.ini:8: [component b] has no items"},
        {"items = b1, b2\n", "name = B\n", "t.ini:6: [component b] has no items (items = KEY"},
        {"items = b1, b2\n", "items = b1\n", "t.ini:18: [item b2] is in no component"},
        {"items = b1, b2\n", "items = b1, b2, a1\n", "t.ini:8: item 'a1' is in [component a] and in [component b]"},
        {"items = b1, b2\n", "items = b1, b2, b1\n", "t.ini:8: [component b] lists item 'b1' twice"},
        {"reverse = true\n", "reverse = maybe\n", "t.ini:15: reverse = maybe: expected true or false"},
        {"[scale]\nmin = 1\nmax = 5\n", "", "t.ini: [scale] needs min and max"},
        {"max = 5\n", "max = 5\nmin = 2\n", "t.ini:4: 'min' given twice in [scale]"},
        {"max = 5\n", "max = five\n", "t.ini:3: max = five: expected a whole number -1000..1000"},
        {"max = 5\n", "max = 5\nlabels = x\n", "t.ini:4: unknown key 'labels' in [scale]"},
        {"[item b2]\n", "[item B-2]\n", "t.ini:18: [item B-2]: expected a key of a-z, 0-9 and _"},
        {"[item b2]\n", "[item date]\n", "t.ini:18: [item date]: 'date' names a column of the answers file"},
        {"[component b]\n", "[component overall]\n", "t.ini:6: [component overall]: 'overall' is an output column"},
        {"weight = 3\n", "weight = -1\n", "t.ini:7: weight = -1: expected a number 0..1000"},
        {"weight = 3\n", "weight = 0\n[weak]\noverall = 150\n", "t.ini:9: overall = 150: expected index points 0..100"},
        {"text = B two\n", "txt = B two\n", "t.ini:19: unknown key 'txt' in [item b2] (expected text, text_ru, reverse)"},
        {"[item b1]\n", "[items b1]\n", "t.ini:16: unknown section [items b1]"},
        {"[scale]\n", "garbage\n[scale]\n", "t.ini:1: expected [section] or key = value"},
        {"text = A one\n", "text = A one\ntext = again\n", "t.ini:11: 'text' given twice in [item a1]"},
    };
    rmk_status st;
    char err[512];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *text = variant(small_q, rows[i].from, rows[i].to);
        CHECK(text != NULL, "row %zu: no '%s'", i, rows[i].from);
        if (!text) continue;
        rmk_questionnaire *q = parse_q(text, &st, err, sizeof err);
        CHECK(q == NULL && st == RMK_ERR_CONFIG, "row %zu should fail", i);
        CHECK(strstr(err, rows[i].want) != NULL, "row %zu: '%s' lacks '%s'", i, err, rows[i].want);
        rmk_questionnaire_free(q);
    }
    /* no components at all; every weight 0; a missing file */
    rmk_questionnaire *q = parse_q("[scale]\nmin = 1\nmax = 5\n", &st, err, sizeof err);
    CHECK(!q && strstr(err, "t.ini: no [component KEY] sections"), "%s", err);
    q = parse_q("[scale]\nmin = 1\nmax = 5\n[component a]\nweight = 0\nitems = a1\n[item a1]\n"
                "text = A\n", &st, err, sizeof err);
    CHECK(!q && strstr(err, "t.ini: every component has weight 0"), "%s", err);
    q = rmk_questionnaire_load("no/such/questionnaire.ini", &st, err, sizeof err);
    CHECK(!q && st == RMK_ERR_NOINPUT, "%s", err);
    /* a text goes on over indented lines; '=' and ':' may stand in it */
    const char *cont = variant(small_q, "text = B two\n", "text = B two: a long\n  statement = fine\n");
    q = parse_q(cont, &st, err, sizeof err);
    CHECK(q != NULL, "%s", err);
    if (q) CHECK_STR(rmk_questionnaire_item_text(q, 4, "ru"), "B two: a long statement = fine");
    rmk_questionnaire_free(q);
}

TEST(test_survey_answer_errors)
{
    rmk_status st;
    char err[512];
    rmk_questionnaire *q = parse_q(small_q, &st, err, sizeof err);
    if (!q) {
        CHECK(0, "%s", err);
        return;
    }
    static const struct {
        const char *in;
        rmk_status st;
        const char *want;
    } rows[] = {
        {"customer_id,item,answer\nC1,a1,5\nC1,zz,3\n", RMK_ERR_DATA,
         "a.csv:3:2: unknown item 'zz' (not in the questionnaire)"},
        {"customer_id,item,answer\nC1,a1,6\n", RMK_ERR_DATA, "a.csv:2:3: answer 6 to a1 is outside the scale 1..5"},
        {"customer_id,item,answer\nC1,a1,0\n", RMK_ERR_DATA, "a.csv:2:3: answer 0 to a1 is outside the scale 1..5"},
        {"customer_id,item,answer\nC1,a1,-2\n", RMK_ERR_DATA, "a.csv:2:3: answer -2 to a1 is outside the scale"},
        {"customer_id,item,answer\nC1,a1,good\n", RMK_ERR_DATA,
         "a.csv:2:3: cannot read answer 'good' to a1 (expected a whole number on the scale 1..5"},
        {"customer_id,item,answer\nC1,a1,3.5\n", RMK_ERR_DATA,
         "a.csv:2:3: answer 3.5 to a1 is not a whole number (the scale is 1..5)"},
        {"customer_id,item,answer\nC1,,3\n", RMK_ERR_DATA, "a.csv:2:2: missing item"},
        {"customer_id,item,answer\n,a1,3\n", RMK_ERR_DATA, "a.csv:2:1: empty customer id"},
        {"customer_id,item,answer\nC1,a1\n", RMK_ERR_DATA, "a.csv:2: expected at least 3 fields, found 2"},
        {"customer_id,date,item,answer\nC1,2026-02-30,a1,3\n", RMK_ERR_DATA, "a.csv:2:2: cannot read date '2026-02-30'"},
        {"customer_id,item,answer\nC1,a1,3\nC1,a2,3\nC1,a1,4\n", RMK_ERR_DATA,
         "a.csv:4:2: item a1 answered twice in one response of C1 (first on line 2"},
        {"customer_id,a1,comment,a2\nC1,3,fine,4\n", RMK_ERR_DATA,
         "a.csv:1:3: column 'comment' is not an item of the questionnaire"},
        {"customer_id,a1,A1\nC1,3,4\n", RMK_ERR_DATA, "a.csv:1:3: a second column for item a1 (the first is column 2)"},
        {"customer_id,a1,a2,b1\nC1,3,9,2\n", RMK_ERR_DATA, "a.csv:2:3: answer 9 to a2 is outside the scale 1..5"},
        {"customer_id,answer\nC1,3\n", RMK_ERR_DATA,
         "a.csv:1:2: column 'answer' is not an item of the questionnaire (the long form needs both"},
        {"customer_id,name\nC1,x\n", RMK_ERR_DATA, "a.csv:1:2: column 'name' is not an item"},
        {"customer_id\nC1\n", RMK_ERR_DATA, "a.csv:1: no item and answer columns, and no column named after an item"},
        {"item,answer\na1,3\n", RMK_ERR_DATA, "a.csv:1: no customer_id column"},
        {"", RMK_ERR_DATA, "a.csv: empty file"},
        {"customer_id,item,answer\nC1,a1,\n", RMK_ERR_EMPTY, "a.csv: no answers to score"},
        {"customer_id,a1\nC1,\n", RMK_ERR_EMPTY, "a.csv: no answers to score"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rmk_survey *s = NULL;
        st = run(q, rows[i].in, 0, RMK_NO_DATE, &s, err, sizeof err);
        CHECK(st == rows[i].st && s == NULL, "row %zu: status %d", i, (int)st);
        CHECK(strstr(err, rows[i].want) != NULL, "row %zu: '%s' lacks '%s'", i, err, rows[i].want);
        rmk_survey_free(s);
    }
    rmk_questionnaire_free(q);
}

TEST(test_survey_skip_bad)
{
    rmk_status st;
    char err[512], got[1024];
    rmk_questionnaire *q = parse_q(small_q, &st, err, sizeof err);
    if (!q) {
        CHECK(0, "%s", err);
        return;
    }
    /* long: bad rows and a repeated answer skipped and counted; the first
     * error is the lowest line (the repeat is found after reading) */
    rmk_survey *s = NULL;
    st = run(q, "customer_id,item,answer\nC1,a1,5\nC1,a1,1\nC1,zz,3\nC1,a2,7\nC1,a2,\nC1,b1,4\n", 1,
             RMK_NO_DATE, &s, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (s) {
        rmk_survey_stats t;
        rmk_survey_get_stats(s, &t);
        dump(s, got, sizeof got);
        CHECK_STR(got, "C1:100.0000/75.0000/81.2500/1/0;");
        CHECK(t.rows == 6 && t.rows_skipped == 3 && t.missing == 1 && t.answers == 2,
              "rows %llu skipped %llu missing %llu answers %llu", (unsigned long long)t.rows,
              (unsigned long long)t.rows_skipped, (unsigned long long)t.missing, (unsigned long long)t.answers);
        CHECK(strstr(t.first_error, "a.csv:3:2: item a1 answered twice") != NULL, "%s", t.first_error);
        rmk_survey_free(s);
    }
    /* wide: columns that are no item ignored and counted; an item without
     * a column named; a row without answers counted */
    s = NULL;
    st = run(q, "customer_id,comment,a1,a2,a3,b1,note\nC1,ok,5,5,1,4,x\nC2,,,,,,\nC3,bad,9,1,1,1,\n", 1,
             RMK_NO_DATE, &s, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (s) {
        rmk_survey_stats t;
        rmk_survey_get_stats(s, &t);
        dump(s, got, sizeof got);
        CHECK_STR(got, "C1:100.0000/75.0000/81.2500/1/0;");
        CHECK(t.wide && t.ignored_columns == 2 && !strcmp(t.ignored_column, "comment") &&
                  t.unasked_items == 1 && !strcmp(t.unasked_item, "b2") && t.empty_responses == 1 &&
                  t.rows_skipped == 1 && t.missing == 4,
              "wide stats");
        CHECK(strstr(t.first_error, "a.csv:4:3: answer 9 to a1 is outside") != NULL, "%s", t.first_error);
        rmk_survey_free(s);
    }
    rmk_questionnaire_free(q);
}
