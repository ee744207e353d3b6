/* SPDX-License-Identifier: MIT */
/* test_book.c — the customer book (docs/library.md, "The customer book"):
 * what one read keeps, worked by hand on a small file; the parts each
 * analysis needs, refused when missing; and analyses on one book equal the
 * same analyses on the file. */
#include "book.h"
#include "unit.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *book_tmp(const char *text)
{
    static char paths[4][64];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 64, "/tmp/relmark-book-XXXXXX");
    int fd = mkstemp(p);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

static int32_t day_of(const char *s)
{
    int32_t d = 0;
    rmk_date_parse(s, strlen(s), RMK_DATE_AUTO, &d);
    return d;
}

/* By hand: A's two lines of I1 on 01-05 are one purchase day (net 15); the
 * credit note on 01-06 is a day that is no purchase day (net -3) and owes
 * nothing (no payment run); I2's two lines with the same terms are one run
 * of 2 lines; B's line has other terms; after 06-30 nothing is kept. */
static const char book_text[] =
    "customer,date,invoice,amount,due_date,paid_date,cost\n"
    "A,2026-01-05,I1,10,2026-02-04,2026-02-01,6\n"
    "A,2026-01-05,I1,5,2026-02-04,2026-02-01,\n"
    "A,2026-01-06,R1,-3,2026-01-06,,-2\n"
    "A,2026-03-01,I2,7,2026-03-31,,4\n"
    "A,2026-03-01,I2,8,2026-03-31,,5\n"
    "B,2026-02-10,I3,20,2026-03-12,2026-04-01,\n"
    "B,2026-07-01,I4,99,2026-07-31,,\n";

TEST(test_book_by_hand)
{
    char *path = book_tmp(book_text);
    rmk_read_opts ro;
    rmk_read_opts_init(&ro);
    ro.as_of = day_of("2026-06-30");
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_ALL;
    rmk_book *b = NULL;
    char err[512] = "";
    CHECK(rmk_book_read(path, &ro, &bo, &b, err, sizeof err) == RMK_OK && b, "%s", err);
    if (!b) return;
    rmk_agg_stats s;
    rmk_book_get_stats(b, &s);
    CHECK(s.rows == 7 && s.rows_after_as_of == 1 && b->row_customers == 2 && b->h.customers == 2,
          "rows %llu after %llu customers %zu", (unsigned long long)s.rows,
          (unsigned long long)s.rows_after_as_of, b->h.customers);
    /* A is index 0 (first seen): three days */
    const hday *d = b->h.days + b->h.off[0];
    CHECK(b->h.off[1] - b->h.off[0] == 3, "A's days %zu", b->h.off[1] - b->h.off[0]);
    CHECK(d[0].day == day_of("2026-01-05") && d[0].net == 15 * RMK_MONEY_SCALE &&
              HDAY_PURCHASES(d[0]) == 1 && (d[0].purchases & HDAY_ACTIVE),
          "A 01-05: net %lld purchases %u", (long long)d[0].net, d[0].purchases);
    CHECK(d[1].net == -3 * RMK_MONEY_SCALE && !(d[1].purchases & HDAY_ACTIVE) && HDAY_PURCHASES(d[1]) == 0,
          "A 01-06: a return day");
    CHECK(d[2].net == 15 * RMK_MONEY_SCALE && HDAY_PURCHASES(d[2]) == 1, "A 03-01");
    /* payment runs: A's I1 (2 lines), A's I2 (2 lines), B's I3; no credit note */
    CHECK(b->npay == 3, "%zu payment runs", b->npay);
    if (b->npay == 3) {
        CHECK(b->pay[0].ci == 0 && b->pay[0].lines == 2 && b->pay[0].paid == day_of("2026-02-01"),
              "run 0: %u lines", b->pay[0].lines);
        CHECK(b->pay[1].lines == 2 && b->pay[1].paid == RMK_NO_DATE, "run 1");
        CHECK(b->pay[2].ci == 1 && b->pay[2].lines == 1, "run 2");
    }
    /* margins: the rows with a cost -- A 01-05 the first line only (10-6),
     * the return (-3 - -2 = -1 on -3), I2 (7-4 + 8-5 = 6 on 15) */
    CHECK(b->nmar == 3, "%zu margin runs", b->nmar);
    if (b->nmar == 3) {
        CHECK(b->mar[0].margin == 4 * RMK_MONEY_SCALE && b->mar[0].base == 10 * RMK_MONEY_SCALE,
              "margin 0: %lld on %lld", (long long)b->mar[0].margin, (long long)b->mar[0].base);
        CHECK(b->mar[1].margin == -1 * RMK_MONEY_SCALE && b->mar[1].base == -3 * RMK_MONEY_SCALE,
              "margin 1");
        CHECK(b->mar[2].margin == 6 * RMK_MONEY_SCALE && b->mar[2].base == 15 * RMK_MONEY_SCALE,
              "margin 2");
    }
    /* the RFM aggregate: A 2 purchases, net 27 */
    rmk_rfm *r = NULL;
    CHECK(rmk_book_agg(b) && rmk_rfm_score(rmk_book_agg(b), NULL, &r, err, sizeof err) == RMK_OK,
          "rfm: %s", err);
    if (r) {
        const rmk_rfm_customer *a = rmk_rfm_at(r, 0);
        CHECK(a && !strcmp(a->customer_id, "A") && a->frequency == 2, "A's frequency");
        rmk_rfm_free(r);
    }
    rmk_book_free(b);
    remove(path);
}

/* A call refuses a book without the parts it needs; RFM refuses a book read
 * without RMK_BOOK_RFM (its purchases were not counted). */
TEST(test_book_parts_checked)
{
    char *path = book_tmp(book_text);
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_DAYS;
    rmk_book *b = NULL;
    char err[512] = "";
    CHECK(rmk_book_read(path, NULL, &bo, &b, err, sizeof err) == RMK_OK && b, "%s", err);
    if (!b) return;
    CHECK(rmk_book_agg(b) == NULL, "an aggregate without purchases handed out");
    rmk_rfm *r = NULL;
    CHECK(rmk_rfm_score(rmk_book_agg(b), NULL, &r, err, sizeof err) == RMK_ERR_USAGE && !r, "rfm");
    rmk_rating *x = NULL;
    CHECK(rmk_rate_run(b, NULL, &x, err, sizeof err) == RMK_ERR_USAGE && !x &&
              strstr(err, "RMK_BOOK_PAYMENTS"),
          "rate: %s", err);
    rmk_stages *st = NULL;
    CHECK(rmk_stages_run(b, NULL, &st, err, sizeof err) == RMK_ERR_USAGE && !st &&
              strstr(err, "RMK_BOOK_RFM"),
          "stages: %s", err);
    rmk_activity *act = NULL;
    CHECK(rmk_activity_run(b, RMK_PERIOD_MONTH, &act, err, sizeof err) == RMK_OK && act, "%s", err);
    rmk_activity_free(act);
    rmk_book_free(b);
    bo.need = 0; /* the aggregate alone: no days */
    CHECK(rmk_book_read(path, NULL, &bo, &b, err, sizeof err) == RMK_OK && b && rmk_book_agg(b), "%s", err);
    if (b) {
        CHECK(rmk_activity_run(b, RMK_PERIOD_MONTH, &act, err, sizeof err) == RMK_ERR_USAGE && !act,
              "retention without days");
        rmk_clv *c = NULL;
        CHECK(rmk_clv_run(b, NULL, &c, err, sizeof err) == RMK_ERR_USAGE && !c, "clv without days");
        rmk_book_free(b);
    }
    remove(path);
}

/* The rating and the life cycle on one book are those of their own reads:
 * the same clients, categories and stages, on the shipped B2B sample. */
TEST(test_book_shared_equals_own_reads)
{
    const char *inv = "examples/b2b/invoices.csv", *cl = "examples/b2b/clients.csv"; /* from the top */
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_DAYS | RMK_BOOK_PAYMENTS | RMK_BOOK_RFM;
    bo.customers = cl;
    rmk_book *b = NULL;
    char err[512] = "";
    CHECK(rmk_book_read(inv, NULL, &bo, &b, err, sizeof err) == RMK_OK && b, "%s", err);
    if (!b) return;
    rmk_rate_opts ro;
    rmk_rate_opts_init(&ro);
    ro.customers = cl;
    rmk_rating *shared = NULL, *own = NULL;
    CHECK(rmk_rate_run(b, &ro, &shared, err, sizeof err) == RMK_OK, "%s", err);
    CHECK(rmk_rate_file(inv, NULL, &ro, &own, err, sizeof err) == RMK_OK, "%s", err);
    if (shared && own) {
        CHECK(rmk_rating_count(shared) == rmk_rating_count(own) && rmk_rating_count(own) > 250,
              "%zu vs %zu clients", rmk_rating_count(shared), rmk_rating_count(own));
        size_t differ = 0;
        for (size_t i = 0; i < rmk_rating_count(own) && i < rmk_rating_count(shared); i++) {
            const rmk_rated_client *p = rmk_rating_at(shared, i), *q = rmk_rating_at(own, i);
            differ += strcmp(p->customer_id, q->customer_id) || p->total != q->total ||
                      p->category != q->category || p->window_net != q->window_net;
        }
        CHECK(differ == 0, "%zu clients rated differently", differ);
    }
    rmk_stage_opts so;
    rmk_stage_opts_init(&so);
    so.rate = 1;
    so.customers = cl;
    rmk_stages *s1 = NULL, *s2 = NULL;
    CHECK(rmk_stages_run(b, &so, &s1, err, sizeof err) == RMK_OK, "%s", err);
    CHECK(rmk_stages_file(inv, NULL, &so, &s2, err, sizeof err) == RMK_OK, "%s", err);
    if (s1 && s2) {
        size_t differ = rmk_stages_count(s1) != rmk_stages_count(s2);
        for (size_t i = 0; !differ && i < rmk_stages_count(s1); i++)
            differ += rmk_stages_at(s1, i)->stage != rmk_stages_at(s2, i)->stage ||
                      rmk_stages_at(s1, i)->category != rmk_stages_at(s2, i)->category;
        CHECK(differ == 0, "stages differ");
    }
    rmk_stages_free(s1);
    rmk_stages_free(s2);
    rmk_rating_free(shared);
    rmk_rating_free(own);
    rmk_book_free(b);
}

/* Months of cooperation count from the first purchase (docs/rating.md), not
 * from an earlier credit note: R's return on 2025-01-15 is no purchase,
 * its first purchase 2026-01-02 -> 2026-06-30 is 5 whole months; S's first
 * purchase 2026-01-01 -> 6 months (docs/rating.md's own examples). */
TEST(test_book_rating_first_purchase)
{
    char *path = book_tmp("customer,date,amount\n"
                          "R,2025-01-15,-5\nR,2026-01-02,100\nS,2026-01-01,50\n");
    rmk_rate_opts ro;
    rmk_rate_opts_init(&ro);
    ro.as_of = day_of("2026-06-30");
    rmk_rating *x = NULL;
    char err[512] = "";
    CHECK(rmk_rate_file(path, NULL, &ro, &x, err, sizeof err) == RMK_OK && x, "%s", err);
    if (x) {
        CHECK(rmk_rating_count(x) == 2, "%zu clients", rmk_rating_count(x));
        const rmk_rated_client *r = rmk_rating_at(x, 0), *s = rmk_rating_at(x, 1);
        CHECK(r && !strcmp(r->customer_id, "R") && r->cooperation_months == 5, "R: %d months",
              r ? r->cooperation_months : -1);
        CHECK(s && s->cooperation_months == 6, "S: %d months", s ? s->cooperation_months : -1);
        rmk_rating_free(x);
    }
    remove(path);
}

/* One thread or two (a reading thread, ring of batches) give the same
 * book: the same days, payment runs, customers and counts, the same error
 * (the earliest in file order) -- on files long enough to go round the
 * ring many times. Rows lines 2..n+1; bad_id and bad_date put a non-UTF-8
 * id or an impossible date on that line (0: none). */
static void write_rows(const char *path, int n, int bad_id, int bad_date)
{
    FILE *f = fopen(path, "w");
    fputs("customer,date,amount,due_date,paid_date\n", f);
    for (int i = 0; i < n; i++) {
        int line = i + 2;
        if (line == bad_id) fputs("\xff\xfe,2026-01-05,1,,\n", f);
        else if (line == bad_date) fputs("c1,2026-02-30,1,,\n", f);
        else
            fprintf(f, "c%d,2026-01-%02d,%d.25,2026-02-01,%s\n", (i * 7) % 1009, 1 + i % 28,
                    i % 40 - 3, i % 3 ? "2026-02-03" : "");
    }
    fclose(f);
}

static rmk_status book_with(const char *path, int threads, int skip_bad, rmk_book **b, char *err)
{
    rmk_read_opts o;
    rmk_read_opts_init(&o);
    o.threads = threads;
    o.skip_bad = skip_bad;
    o.encoding = "utf-8"; /* a bad id within the first MiB would make "auto" take CP1251 */
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_ALL;
    return rmk_book_read(path, &o, &bo, b, err, 512);
}

static int same_book(const rmk_book *a, const rmk_book *b)
{
    rmk_agg_stats sa, sb;
    rmk_book_get_stats(a, &sa);
    rmk_book_get_stats(b, &sb);
    return a->h.customers == b->h.customers && a->npay == b->npay && sa.rows == sb.rows &&
           sa.rows_skipped == sb.rows_skipped && !strcmp(sa.first_error, sb.first_error) &&
           !memcmp(a->h.off, b->h.off, (a->h.customers + 1) * sizeof *a->h.off) &&
           !memcmp(a->h.days, b->h.days, a->h.off[a->h.customers] * sizeof *a->h.days) &&
           (a->npay == 0 || !memcmp(a->pay, b->pay, a->npay * sizeof *a->pay));
}

TEST(test_book_threads)
{
    char path[] = "/tmp/relmark-book-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    static const struct {
        int rows, bad_id, bad_date, skip_bad;
        rmk_status want;
    } cases[] = {
        {100000, 0, 0, 0, RMK_OK},             /* many batches round the ring */
        {100000, 70001, 0, 1, RMK_OK},         /* a refused id, skipped */
        {100000, 0, 50000, 1, RMK_OK},         /* a bad date, skipped */
        {100000, 9000, 9003, 0, RMK_ERR_DATA}, /* the id's line first, though read before */
        {100000, 0, 40000, 0, RMK_ERR_DATA},   /* the read's error */
        {3, 0, 0, 0, RMK_OK},                  /* one short batch */
        {0, 0, 0, 0, RMK_OK},                  /* the header only */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        write_rows(path, cases[k].rows, cases[k].bad_id, cases[k].bad_date);
        rmk_book *one = NULL, *two = NULL;
        char e1[512] = "", e2[512] = "";
        rmk_status s1 = book_with(path, 1, cases[k].skip_bad, &one, e1);
        rmk_status s2 = book_with(path, 2, cases[k].skip_bad, &two, e2);
        CHECK(s1 == cases[k].want && s2 == s1 && !strcmp(e1, e2), "case %zu: %d '%s' / %d '%s'", k,
              s1, e1, s2, e2);
        if (one && two) CHECK(same_book(one, two), "case %zu: the books differ", k);
        if (cases[k].want == RMK_OK && one) {
            rmk_agg_stats s;
            rmk_book_get_stats(one, &s);
            CHECK(s.rows_skipped == (uint64_t)(cases[k].bad_id || cases[k].bad_date), "case %zu: %llu skipped",
                  k, (unsigned long long)s.rows_skipped);
        }
        if (cases[k].bad_id && !cases[k].skip_bad) {
            char want[64];
            snprintf(want, sizeof want, ":%d:1: ", cases[k].bad_id);
            CHECK(strstr(e1, want) != NULL, "case %zu: %s", k, e1);
        }
        rmk_book_free(one);
        rmk_book_free(two);
    }
    remove(path);
}
