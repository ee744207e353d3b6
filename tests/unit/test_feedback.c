/* SPDX-License-Identifier: MIT */
/* test_feedback.c — the feedback file (NPS / satisfaction): columns by
 * name in English and Russian, UTF-8 and CP1251, several answers per
 * customer in date order, the latest score at a date, every row error with
 * its line and column, skip_bad and as_of counting. */
#include "feedback.h"
#include "unit.h"
#include <stdlib.h>
#include <unistd.h>

/* Read `in` with the default options but for delim/skip_bad/as_of. */
static rmk_status fb_read(const char *in, char delim, int skip_bad, int32_t as_of, int sat_min,
                          int sat_max, feedback **out, char *err, size_t errlen)
{
    rmk_read_opts o;
    rmk_read_opts_init(&o);
    o.delimiter = delim;
    o.skip_bad = skip_bad;
    o.as_of = as_of;
    return feedback_read_mem(in, strlen(in), "fb.csv", &o, sat_min, sat_max, out, err, errlen);
}

/* "id:date/nps/sat@line,...;" for every customer, in order (empty score "-"). */
static void dump(const feedback *f, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = 0;
    const fb_score *s = feedback_scores(f);
    for (size_t i = 0; i < feedback_customer_count(f); i++) {
        const fb_customer *c = feedback_customer_at(f, i);
        o += (size_t)snprintf(out + o, cap - o, "%s:", c->id);
        for (size_t k = c->first; k < c->first + c->count; k++) {
            char d[16], n[8], t[8];
            rmk_date_format_iso(s[k].day, d);
            snprintf(n, sizeof n, "%d", s[k].nps);
            snprintf(t, sizeof t, "%d", s[k].sat);
            o += (size_t)snprintf(out + o, cap - o, "%s%s/%s/%s@%llu", k > c->first ? "," : "", d,
                                  s[k].nps < 0 ? "-" : n, s[k].sat < 0 ? "-" : t,
                                  (unsigned long long)s[k].line);
        }
        o += (size_t)snprintf(out + o, cap - o, ";");
    }
}

TEST(test_feedback_read)
{
    static const struct {
        const char *in;
        char delim;
        const char *enc;
        const char *want;
    } rows[] = {
        /* canonical header; several answers per customer come back in date order */
        {"customer_id,date,nps,satisfaction\n"
         "C2,2026-04-01,9,5\n"
         "C1,2026-03-31,6,\n"
         "C2,2026-01-15,7,4\n"
         "C1,2025-12-31,,3\n"
         "C2,2026-01-15,8,\n",
         0, NULL,
         "C1:2025-12-31/-/3@5,2026-03-31/6/-@3;"
         "C2:2026-01-15/7/4@4,2026-01-15/8/-@6,2026-04-01/9/5@2;"},
        /* Russian header in UTF-8, ';' detected, DD.MM.YYYY, ids trimmed */
        {"Клиент;Дата;Индекс лояльности;Удовлетворённость\n"
         " ООО Ромашка ;01.02.2026;10;5\n"
         "ИП Иванов;15.01.2026;0;1\n",
         0, NULL, "ИП Иванов:2026-01-15/0/1@3;ООО Ромашка:2026-02-01/10/5@2;"},
        /* the same in Windows-1251, found by detection and when named */
        {"\xCA\xEE\xED\xF2\xF0\xE0\xE3\xE5\xED\xF2;\xC4\xE0\xF2\xE0;\xC8\xED\xE4\xE5\xEA\xF1 "
         "\xEB\xEE\xFF\xEB\xFC\xED\xEE\xF1\xF2\xE8;\xD3\xE4\xEE\xE2\xEB\xE5\xF2\xE2\xEE\xF0\xE5"
         "\xED\xED\xEE\xF1\xF2\xFC\n\xCE\xCE\xCE \xD0\xEE\xEC\xE0\xF8\xEA\xE0;01.02.2026;9;4\n"
         "\xC8\xCF \xC8\xE2\xE0\xED\xEE\xE2;15.01.2026;;5\n",
         0, NULL, "ИП Иванов:2026-01-15/-/5@3;ООО Ромашка:2026-02-01/9/4@2;"},
        {"\xCA\xEE\xED\xF2\xF0\xE0\xE3\xE5\xED\xF2;\xC4\xE0\xF2\xE0;\xC8\xED\xE4\xE5\xEA\xF1 "
         "\xEB\xEE\xFF\xEB\xFC\xED\xEE\xF1\xF2\xE8;\xD3\xE4\xEE\xE2\xEB\xE5\xF2\xE2\xEE\xF0\xE5"
         "\xED\xED\xEE\xF1\xF2\xFC\n\xCE\xCE\xCE \xD0\xEE\xEC\xE0\xF8\xEA\xE0;01.02.2026;9;4\n"
         "\xC8\xCF \xC8\xE2\xE0\xED\xEE\xE2;15.01.2026;;5\n",
         ';', "cp1251", "ИП Иванов:2026-01-15/-/5@3;ООО Ромашка:2026-02-01/9/4@2;"},
        /* ';' given, decimal-comma scores "7,0" are 7; extra columns ignored */
        {"comment;client;date;NPS;CSAT\nok;A;2026-01-02;7,0;4.00\nfine, thanks;A;2026-01-01;8;\n",
         ';', NULL, "A:2026-01-01/8/-@3,2026-01-02/7/4@2;"},
        /* only an NPS column; only a satisfaction column */
        {"customer,date,nps\nA,2026-01-01,3\n", 0, NULL, "A:2026-01-01/3/-@2;"},
        {"контрагент,дата,удовлетворенность\nA,2026-01-01,2\n", 0, NULL, "A:2026-01-01/-/2@2;"},
        /* "customer_id" is the customer even after an "id" column; BOM and CRLF */
        {"\xEF\xBB\xBFid,customer_id,date,nps\r\n1,B,2026-01-01,5\r\n2,A,2026-01-01,6\r\n", 0, NULL,
         "A:2026-01-01/6/-@3;B:2026-01-01/5/-@2;"},
        /* a quoted field over two lines: the next row is on line 4 */
        {"customer_id,date,nps,note\nA,2026-01-01,5,\"two\nlines\"\nA,2026-01-02,6,x\n", 0, NULL,
         "A:2026-01-01/5/-@2,2026-01-02/6/-@4;"},
        /* a header only: no customers */
        {"customer_id,date,nps,satisfaction\n", 0, NULL, ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rmk_read_opts o;
        rmk_read_opts_init(&o);
        o.delimiter = rows[i].delim;
        o.encoding = rows[i].enc;
        feedback *f = NULL;
        char err[512] = "", out[1024];
        rmk_status st =
            feedback_read_mem(rows[i].in, strlen(rows[i].in), "fb.csv", &o, 1, 5, &f, err, sizeof err);
        CHECK(st == RMK_OK && f, "row %zu: %s", i, err);
        if (!f) continue;
        dump(f, out, sizeof out);
        CHECK(!strcmp(out, rows[i].want), "row %zu: got '%s', want '%s'", i, out, rows[i].want);
        feedback_free(f);
    }
}

TEST(test_feedback_lookup)
{
    static const char in[] = "customer_id,date,nps,satisfaction\n"
                             "B,2026-03-01,9,\n"          /* line 2 */
                             "A,2026-01-10,4,2\n"         /* line 3 */
                             "A,2026-02-10,,5\n"          /* line 4: no NPS */
                             "A,2026-03-10,8,\n"          /* line 5 */
                             "A,2026-03-10,7,\n";         /* line 6: same day, later line */
    feedback *f = NULL;
    char err[512] = "";
    CHECK(fb_read(in, 0, 0, RMK_NO_DATE, FB_SAT_MIN, FB_SAT_MAX, &f, err, sizeof err) == RMK_OK,
          "%s", err);
    if (!f) return;
    CHECK(feedback_customer_count(f) == 2, "count %zu", feedback_customer_count(f));
    CHECK(feedback_customer_at(f, 2) == NULL, "past the end");
    const fb_customer *a = feedback_find(f, "A", 1), *b = feedback_find(f, "B", 1);
    CHECK(a && a == feedback_customer_at(f, 0) && a->count == 4 && a->first == 0 && a->id_len == 1,
          "A");
    CHECK(b && b == feedback_customer_at(f, 1) && b->count == 1 && b->first == 4, "B");
    CHECK(feedback_find(f, "C", 1) == NULL && feedback_find(f, "AB", 2) == NULL &&
              feedback_find(f, "", 0) == NULL,
          "absent");
    int32_t jan9 = rmk_days_from_civil(2026, 1, 9), jan10 = rmk_days_from_civil(2026, 1, 10),
            feb10 = rmk_days_from_civil(2026, 2, 10), feb11 = rmk_days_from_civil(2026, 2, 11),
            mar10 = rmk_days_from_civil(2026, 3, 10), dec31 = rmk_days_from_civil(2026, 12, 31);
    static const struct {
        int which; /* 0 nps, 1 sat */
        int day;   /* index into days[] */
        int found, v, vday;
    } cases[] = {
        {0, 0, 0, 0, 0}, /* before the first answer */
        {0, 1, 1, 4, 1}, /* on the day of the first */
        {0, 2, 1, 4, 1}, /* Feb 10 has no NPS: the January one */
        {0, 3, 1, 4, 1}, /* after it too */
        {0, 4, 1, 7, 4}, /* two on Mar 10: the later line */
        {0, 5, 1, 7, 4}, /* after everything */
        {0, 6, 1, 7, 4}, /* RMK_NO_DATE: any */
        {1, 0, 0, 0, 0},
        {1, 1, 1, 2, 1},
        {1, 2, 1, 5, 2},
        {1, 4, 1, 5, 2}, /* the Mar 10 answers have no satisfaction */
        {1, 6, 1, 5, 2},
    };
    const int32_t days[7] = {jan9, jan10, feb10, feb11, mar10, dec31, RMK_NO_DATE};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int v = -5;
        int32_t vd = -5;
        int got = cases[i].which ? feedback_latest_sat(f, a, days[cases[i].day], &v, &vd)
                                 : feedback_latest_nps(f, a, days[cases[i].day], &v, &vd);
        CHECK(got == cases[i].found, "case %zu: found %d", i, got);
        if (got && cases[i].found)
            CHECK(v == cases[i].v && vd == days[cases[i].vday], "case %zu: %d on %d", i, v, (int)vd);
    }
    int v;
    int32_t vd;
    CHECK(feedback_latest_sat(f, b, RMK_NO_DATE, &v, &vd) == 0, "B has no satisfaction");
    CHECK(feedback_latest_nps(f, b, mar10, &v, &vd) == 1 && v == 9, "B's NPS");
    feedback_stats s;
    feedback_get_stats(f, &s);
    CHECK(s.rows == 5 && s.skipped == 0 && s.after_as_of == 0 && !s.first_error[0], "stats");
    feedback_free(f);
    feedback_free(NULL);
    CHECK(feedback_customer_count(NULL) == 0 && feedback_find(NULL, "A", 1) == NULL, "NULL");
}

/* Scores on their edges: NPS 0..10, satisfaction 1..5 or another scale. */
TEST(test_feedback_score_edges)
{
    static const struct {
        const char *value; /* the score field */
        int sat;           /* 0: the nps column, 1: satisfaction */
        int min, max;
        int want;          /* the score read, or -1: refused with `err` */
        const char *err;
    } rows[] = {
        {"0", 0, 1, 5, 0, NULL},
        {"10", 0, 1, 5, 10, NULL},
        {"7.0", 0, 1, 5, 7, NULL},
        {"7,0", 0, 1, 5, 7, NULL},
        {" 07 ", 0, 1, 5, 7, NULL},
        {"-1", 0, 1, 5, -1, "fb.csv:2:3: nps -1 is outside 0-10"},
        {"11", 0, 1, 5, -1, "fb.csv:2:3: nps 11 is outside 0-10"},
        {"99999999999999999999", 0, 1, 5, -1, "fb.csv:2:3: nps 99999999999999999999 is outside 0-10"},
        {"7.5", 0, 1, 5, -1, "fb.csv:2:3: nps 7.5 is not a whole number (expected 0-10)"},
        {"7,05", 0, 1, 5, -1, "fb.csv:2:3: nps 7,05 is not a whole number (expected 0-10)"},
        {"seven", 0, 1, 5, -1, "fb.csv:2:3: cannot read nps 'seven' (expected a whole number 0-10)"},
        {"7.", 0, 1, 5, -1, "fb.csv:2:3: cannot read nps '7.' (expected a whole number 0-10)"},
        {"+7", 0, 1, 5, 7, NULL}, /* a sign is allowed, as in the survey's answers */
        {"1", 1, 1, 5, 1, NULL},
        {"5", 1, 1, 5, 5, NULL},
        {"5.0", 1, 1, 5, 5, NULL},
        {"0", 1, 1, 5, -1, "fb.csv:2:4: satisfaction 0 is outside the 1-5 scale"},
        {"6", 1, 1, 5, -1, "fb.csv:2:4: satisfaction 6 is outside the 1-5 scale"},
        {"4.5", 1, 1, 5, -1, "fb.csv:2:4: satisfaction 4.5 is not a whole number (expected the 1-5 scale)"},
        {"good", 1, 1, 5, -1, "fb.csv:2:4: cannot read satisfaction 'good' (expected a whole number on the 1-5 scale)"},
        {"10", 1, 1, 10, 10, NULL},
        {"1", 1, 1, 10, 1, NULL},
        {"11", 1, 1, 10, -1, "fb.csv:2:4: satisfaction 11 is outside the 1-10 scale"},
        {"0", 1, 0, 100, 0, NULL},
        {"100", 1, 0, 100, 100, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char in[256];
        /* the other score is empty when this one is refused, 3 when it is not */
        snprintf(in, sizeof in, "customer_id;date;nps;satisfaction\nA;2026-01-01;%s;%s\n",
                 rows[i].sat ? "3" : rows[i].value, rows[i].sat ? rows[i].value : "3");
        feedback *f = NULL;
        char err[512] = "";
        rmk_status st = fb_read(in, ';', 0, RMK_NO_DATE, rows[i].min, rows[i].max, &f, err, sizeof err);
        if (rows[i].want >= 0) {
            CHECK(st == RMK_OK && f, "row %zu: %s", i, err);
            if (f) {
                const fb_score *s = feedback_scores(f);
                int got = rows[i].sat ? s[0].sat : s[0].nps;
                CHECK(got == rows[i].want, "row %zu: got %d", i, got);
            }
        } else {
            CHECK(st == RMK_ERR_DATA && !f && strstr(err, rows[i].err) == err, "row %zu: '%s'", i, err);
        }
        feedback_free(f);
    }
}

/* Every row error, with its exact line and column; the header's errors. */
TEST(test_feedback_errors)
{
    static const struct {
        const char *in, *want;
    } bad[] = {
        {"customer_id,date,nps,satisfaction\nA,2026-01-01,5,\n,2026-01-02,5,\n",
         "fb.csv:3:1: empty customer id"},
        {"date,nps,customer_id\n2026-01-01,5,  \n", "fb.csv:2:3: empty customer id"},
        {"customer_id,date,nps\nA\xff,2026-01-01,5\n", "fb.csv:2:1: customer id is not valid UTF-8"},
        {"customer_id,date,nps\nA,,5\n", "fb.csv:2:2: missing date"},
        {"customer_id,date,nps\nA,2026-02-30,5\n", "fb.csv:2:2: cannot read date '2026-02-30'"},
        {"customer_id,date,nps\nA,soon,5\n", "fb.csv:2:2: cannot read date 'soon'"},
        {"customer_id,date,nps\nA,2026-01-01,5\nB,2026-01-01,12\n", "fb.csv:3:3: nps 12 is outside 0-10"},
        {"satisfaction,customer_id,date\n9,A,2026-01-01\n", "fb.csv:2:1: satisfaction 9 is outside the 1-5 scale"},
        {"customer_id,date,nps,satisfaction\nA,2026-01-01,,\n",
         "fb.csv:2:3: no score (nps and satisfaction are both empty)"},
        {"customer_id,date,satisfaction,nps\nA,2026-01-01, , \n",
         "fb.csv:2:4: no score (nps and satisfaction are both empty)"},
        {"customer_id,date,nps\nA,2026-01-01,\n", "fb.csv:2:3: no score (nps is empty)"},
        {"customer_id,date,satisfaction\nA,2026-01-01,\n", "fb.csv:2:3: no score (satisfaction is empty)"},
        {"customer_id,date,nps,satisfaction\nA,2026-01-01\n", "fb.csv:2: expected at least 4 fields, found 2"},
        {"customer_id,date,nps\nA,\"2026-01-01\nx\",5\nB,x,5\n", "fb.csv:2:2: cannot read date '2026-01-01?x'"},
        {"customer_id,date,nps,note\nA,2026-01-01,5,\"a\nb\"\nB,\"\",5,x\n", "fb.csv:4:2: missing date"},
        /* the header */
        {"date,nps,satisfaction\n2026-01-01,5,5\n",
         "fb.csv:1: no customer_id column (expected customer_id, client, Клиент"},
        {"customer_id,nps\nA,5\n", "fb.csv:1: no date column (expected date or Дата)"},
        {"customer_id,date,score\nA,2026-01-01,5\n",
         "fb.csv:1: no nps or satisfaction column (expected nps, Индекс лояльности, satisfaction"},
        {"name,score\nA,5\n",
         "fb.csv:1: no customer_id column (expected customer_id, client, Клиент, Контрагент, "
         "Покупатель ...); no date column (expected date or Дата); no nps or satisfaction column"},
        {"", "fb.csv: empty file (expected a header: customer_id, date, nps, satisfaction)"},
        {"customer_id,date,nps\nA,\"2026-01-01,5\n", "fb.csv:2:"}, /* an open quote */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        feedback *f = (feedback *)&bad; /* must be reset */
        char err[512] = "";
        rmk_read_opts o;
        rmk_read_opts_init(&o);
        o.encoding = "utf-8"; /* else the \xff row is read as CP1251 */
        rmk_status st = feedback_read_mem(bad[i].in, strlen(bad[i].in), "fb.csv", &o, 1, 5, &f, err,
                                          sizeof err);
        CHECK(st == RMK_ERR_DATA && f == NULL && strstr(err, bad[i].want) == err, "row %zu: '%s'", i,
              err);
    }
    /* the satisfaction scale and the result pointer are checked first */
    static const int scales[][2] = {{5, 1}, {3, 3}, {-1, 5}, {0, 101}, {0, 0}, {0, -1}};
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++) {
        feedback *f = NULL;
        char err[512] = "";
        CHECK(fb_read("customer_id,date,nps\n", 0, 0, RMK_NO_DATE, scales[i][0], scales[i][1], &f, err,
                      sizeof err) == RMK_ERR_USAGE &&
                  f == NULL && strstr(err, "satisfaction scale"),
              "scale %zu: '%s'", i, err);
    }
    char err[512] = "";
    CHECK(fb_read("customer_id,date,nps\n", 0, 0, RMK_NO_DATE, 1, 5, NULL, err, sizeof err) ==
              RMK_ERR_USAGE,
          "NULL out");
    feedback *f = NULL;
    CHECK(feedback_read("/nonexistent/feedback.csv", NULL, 1, 5, &f, err, sizeof err) ==
                  RMK_ERR_NOINPUT && f == NULL,
          "no such file: %s", err);
}

/* skip_bad: bad rows skipped and counted, the first error kept; as_of:
 * later rows ignored and counted (even when their scores are bad). */
TEST(test_feedback_skip_and_as_of)
{
    static const char in[] = "customer_id,date,nps,satisfaction\n"
                             "A,2026-01-01,5,\n"   /* 2 */
                             "B,2026-01-02,11,\n"  /* 3 bad */
                             ",2026-01-03,5,\n"    /* 4 bad */
                             "C,2026-06-30,,4\n"   /* 5 */
                             "D,2026-07-01,,\n"    /* 6 bad, or after as_of */
                             "E,2026-07-02,x,\n"   /* 7 bad, or after as_of */
                             "A,2026-07-03,9,\n";  /* 8 after as_of */
    feedback *f = NULL;
    char err[512] = "", out[512];
    feedback_stats s;
    CHECK(fb_read(in, 0, 0, RMK_NO_DATE, 1, 5, &f, err, sizeof err) == RMK_ERR_DATA && !f &&
              !strcmp(err, "fb.csv:3:3: nps 11 is outside 0-10"),
          "without skip_bad: '%s'", err);
    CHECK(fb_read(in, 0, 1, RMK_NO_DATE, 1, 5, &f, err, sizeof err) == RMK_OK && f, "%s", err);
    if (f) {
        dump(f, out, sizeof out);
        CHECK_STR(out, "A:2026-01-01/5/-@2,2026-07-03/9/-@8;C:2026-06-30/-/4@5;");
        feedback_get_stats(f, &s);
        CHECK(s.rows == 7 && s.skipped == 4 && s.after_as_of == 0, "rows %llu skipped %llu after %llu",
              (unsigned long long)s.rows, (unsigned long long)s.skipped,
              (unsigned long long)s.after_as_of);
        CHECK_STR(s.first_error, "fb.csv:3:3: nps 11 is outside 0-10");
        feedback_free(f);
        f = NULL;
    }
    int32_t june30 = rmk_days_from_civil(2026, 6, 30);
    CHECK(fb_read(in, 0, 1, june30, 1, 5, &f, err, sizeof err) == RMK_OK && f, "%s", err);
    if (f) {
        dump(f, out, sizeof out);
        CHECK_STR(out, "A:2026-01-01/5/-@2;C:2026-06-30/-/4@5;");
        feedback_get_stats(f, &s);
        CHECK(s.rows == 7 && s.skipped == 2 && s.after_as_of == 3, "rows %llu skipped %llu after %llu",
              (unsigned long long)s.rows, (unsigned long long)s.skipped,
              (unsigned long long)s.after_as_of);
        CHECK_STR(s.first_error, "fb.csv:3:3: nps 11 is outside 0-10");
        feedback_free(f);
        f = NULL;
    }
    /* as_of without skip_bad: the bad rows after it do not stop the read,
     * the bad ones before it do */
    static const char late[] = "customer_id,date,nps\nA,2026-01-01,5\nB,2026-07-01,99\n";
    CHECK(fb_read(late, 0, 0, june30, 1, 5, &f, err, sizeof err) == RMK_OK && f, "%s", err);
    if (f) {
        feedback_get_stats(f, &s);
        CHECK(feedback_customer_count(f) == 1 && s.after_as_of == 1 && s.skipped == 0, "late");
        feedback_free(f);
        f = NULL;
    }
    /* a row with a bad date is an error even with as_of: it cannot be placed */
    CHECK(fb_read("customer_id,date,nps\nA,2026-13-01,5\n", 0, 0, june30, 1, 5, &f, err,
                  sizeof err) == RMK_ERR_DATA &&
              !strcmp(err, "fb.csv:2:2: cannot read date '2026-13-01'"),
          "'%s'", err);
    /* every row skipped: no customers, not an error */
    CHECK(fb_read("customer_id,date,nps\nA,,5\nB,x,5\n", 0, 1, RMK_NO_DATE, 1, 5, &f, err, sizeof err) ==
                  RMK_OK && f && feedback_customer_count(f) == 0,
          "%s", err);
    feedback_free(f);
}

/* Many answers: the blocks grow, ids repeat, the file is read from disk. */
TEST(test_feedback_many)
{
    char path[] = "/tmp/relmark-fb-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd < 0) return;
    FILE *fp = fdopen(fd, "w");
    fprintf(fp, "Покупатель;Дата опроса;NPS;CSAT\n");
    /* 3,000 answers of 300 customers, in reverse date order, runs of one customer */
    for (int i = 2999; i >= 0; i--)
        fprintf(fp, "client-%03d;%s;%d;%d\n", (i / 10 * 7) % 300, i % 2 ? "2026-02-01" : "2026-01-01",
                i % 11, 1 + i % 5);
    fclose(fp);
    rmk_read_opts o;
    rmk_read_opts_init(&o);
    feedback *f = NULL;
    char err[512] = "";
    CHECK(feedback_read(path, &o, 1, 5, &f, err, sizeof err) == RMK_OK && f, "%s", err);
    unlink(path);
    if (!f) return;
    CHECK(feedback_customer_count(f) == 300, "customers %zu", feedback_customer_count(f));
    const fb_score *s = feedback_scores(f);
    size_t total = 0;
    int ok = 1;
    for (size_t i = 0; i < feedback_customer_count(f); i++) {
        const fb_customer *c = feedback_customer_at(f, i);
        ok &= c->first == total && c->count == 10 && feedback_find(f, c->id, c->id_len) == c;
        ok &= strlen(c->id) == c->id_len;
        if (i) ok &= strcmp(feedback_customer_at(f, i - 1)->id, c->id) < 0;
        for (size_t k = c->first + 1; k < c->first + c->count; k++)
            ok &= s[k - 1].day < s[k].day || (s[k - 1].day == s[k].day && s[k - 1].line < s[k].line);
        total += c->count;
    }
    CHECK(ok && total == 3000, "order");
    feedback_free(f);
}
