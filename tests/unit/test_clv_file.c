/* SPDX-License-Identifier: MIT */
/* test_clv_file.c — rmk_clv_file end to end: the summary (x, t_x, T, mean
 * repeat value) from a transaction log by hand, the unit carried through,
 * the holdout counts, the published CDNOW fits from the raw log, data the
 * model cannot be fitted on, and the economics of retention by hand. */
#include "relmark.h"
#include "unit.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int32_t D(const char *s)
{
    int32_t d = 0;
    rmk_date_parse(s, strlen(s), RMK_DATE_AUTO, &d);
    return d;
}

static char *tmp_text(const char *text)
{
    static char paths[4][64];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 64, "/tmp/relmark-clv-XXXXXX");
    int fd = mkstemp(p);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

static const rmk_clv_customer *find(const rmk_clv *x, const char *id)
{
    for (size_t i = 0; x && i < rmk_clv_count(x); i++)
        if (!strcmp(rmk_clv_at(x, i)->customer_id, id)) return rmk_clv_at(x, i);
    CHECK(0, "no customer %s", id);
    return NULL;
}

/* Enough customers with repeat purchases for a fit; A, B, C worked by hand. */
static const char log_text[] =
    "customer,invoice,date,amount\n"
    "A,1,2026-01-01,10\n"
    "A,2,2026-01-01,5\n"   /* a second invoice on the first day: still one purchase day */
    "A,3,2026-01-15,20\n"  /* repeat 1: day 14 */
    "A,4,2026-01-15,-4\n"  /* a return on a purchase day: that day is worth 16 */
    "A,5,2026-01-29,30\n"  /* repeat 2: day 28 */
    "A,6,2026-02-05,-7\n"  /* a return on its own day: not a purchase */
    "B,7,2026-01-08,50\n"  /* one purchase: x = 0 */
    "C,8,2026-01-01,0\n"   /* a zero amount is a purchase */
    "C,9,2026-02-26,12\n"  /* day 56 */
    "C,10,2026-03-20,8\n"  /* after the calibration end (holdout) */
    "C,11,2026-03-21,9\n"
    "N,12,2026-03-10,5\n"  /* first purchase in the holdout period */
    "E,13,2026-01-02,5\nE,14,2026-01-20,6\nE,15,2026-02-10,7\n"
    "F,16,2026-01-03,5\nF,17,2026-02-20,6\n"
    "G,18,2026-01-05,9\n"
    "H,19,2026-01-06,9\nH,20,2026-01-07,9\nH,21,2026-01-30,9\nH,22,2026-02-27,9\n";

/* the hand-worked customers, 60 more of varied rates and lifetimes (all
 * before the calibration end) and 10 loyal ones who buy every 4 to 6 days
 * up to it, so that the model is identified: without the loyal ten every
 * customer's drop-out looks alike, and the BG/NBD likelihood keeps rising
 * as a and b go to infinity together (a drop-out probability without
 * spread) -- a fit that only stopped short of the edge by its tolerance */
static char *log_with_crowd(void)
{
    static char buf[32768];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s", log_text);
    int32_t d0 = D("2026-01-01");
    for (int k = 0; k < 60; k++) {
        /* buys every `gap` days from `start` until it drops out at `stop` */
        int start = k % 10, gap = 3 + (k * 7) % 15, stop = start + (k * 11) % 50;
        for (int j = 0, day = start; day <= stop || j == 0; j++, day += gap) {
            char iso[16];
            n += (size_t)snprintf(buf + n, sizeof buf - n, "Z%02d,%d,%s,%d\n", k, 1000 + k * 10 + j,
                                  rmk_date_format_iso(d0 + day, iso), 5 + j);
        }
    }
    for (int k = 0; k < 10; k++) /* the loyal ten, to the calibration end (day 56) */
        for (int j = 0, day = k % 5; day <= 56; j++, day += 4 + k % 3) {
            char iso[16];
            n += (size_t)snprintf(buf + n, sizeof buf - n, "Y%02d,%d,%s,%d\n", k, 2000 + k * 20 + j,
                                  rmk_date_format_iso(d0 + day, iso), 5 + j);
        }
    return buf;
}

TEST(test_clv_summary_by_hand)
{
    char *path = tmp_text(log_with_crowd());
    rmk_clv_opts o;
    rmk_clv_opts_init(&o);
    o.as_of = D("2026-03-31");
    o.holdout = D("2026-02-26"); /* calibration ends 2026-02-26 */
    o.unit = RMK_UNIT_DAY;
    rmk_clv *x = NULL;
    char err[512] = "";
    rmk_status st = rmk_clv_file(path, NULL, &o, &x, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (x) {
        const rmk_clv_customer *a = find(x, "A");
        if (a) {
            CHECK(a->x == 2 && a->t_x == 28 && a->T == 56, "A: x %lld t_x %g T %g", (long long)a->x,
                  a->t_x, a->T);
            CHECK(fabs(a->mean_value - 23.0) < 1e-9, "A mean (16 + 30) / 2, got %g", a->mean_value);
            CHECK(a->holdout_purchases == 0, "A holdout %lld", (long long)a->holdout_purchases);
        }
        const rmk_clv_customer *b = find(x, "B");
        if (b) CHECK(b->x == 0 && b->t_x == 0 && b->T == 49 && !b->value_known, "B");
        const rmk_clv_customer *c = find(x, "C");
        if (c) {
            CHECK(c->x == 1 && c->t_x == 56 && c->T == 56, "C: x %lld t_x %g T %g", (long long)c->x,
                  c->t_x, c->T);
            CHECK(c->holdout_purchases == 2, "C holdout %lld", (long long)c->holdout_purchases);
            CHECK(c->p_alive > 0 && c->p_alive <= 1, "C p_alive %g", c->p_alive);
        }
        rmk_clv_stats s;
        rmk_clv_get_stats(x, &s);
        CHECK(s.customers == 77 && s.first_in_holdout == 1, "customers %zu, first in holdout %zu",
              s.customers, s.first_in_holdout);
        CHECK(s.return_days == 1, "return days %zu", s.return_days);
        CHECK(rmk_clv_count(x) == 77, "count %zu", rmk_clv_count(x));
        rmk_clv_free(x);
    }
    /* weeks: the same customer in another unit */
    o.unit = RMK_UNIT_WEEK;
    st = rmk_clv_file(path, NULL, &o, &x, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (x) {
        const rmk_clv_customer *a = find(x, "A");
        if (a) CHECK(a->t_x == 4 && a->T == 8, "A in weeks: t_x %g T %g", a->t_x, a->T);
        rmk_clv_free(x);
    }
    remove(path);
}

TEST(test_clv_cdnow_published_from_the_log)
{
    /* FHL 2005: BG/NBD r 0.243, alpha 4.414, a 0.793, b 2.426, LL -9582.4;
     * Gamma-Gamma p 6.25, q 3.74, gamma 15.44 (data/cdnow/README.md) */
    rmk_read_opts ro;
    rmk_read_opts_init(&ro);
    ro.no_header = 1;
    ro.map = "customer=2,date=3,amount=5";
    rmk_clv_opts o;
    rmk_clv_opts_init(&o);
    o.as_of = D("1997-09-30");
    rmk_clv *x = NULL;
    char err[512] = "";
    rmk_status st = rmk_clv_file("examples/cdnow/CDNOW_sample.txt", &ro, &o, &x, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (!x) return;
    rmk_clv_params p, g;
    rmk_clv_model_params(x, &p);
    const double want[4] = {0.243, 4.414, 0.793, 2.426};
    for (int i = 0; i < 4; i++)
        CHECK(fabs(p.value[i] - want[i]) < 0.0005, "%s = %.5f, published %.3f", p.name[i], p.value[i],
              want[i]);
    CHECK(fabs(p.log_likelihood - -9582.4) < 0.05, "LL %.3f", p.log_likelihood);
    CHECK(!strcmp(p.name[0], "r") && !strcmp(p.name[3], "b"), "names");
    CHECK(rmk_clv_spend_params(x, &g), "spend fitted");
    const double gw[3] = {6.25, 3.74, 15.44};
    for (int i = 0; i < 3; i++)
        CHECK(fabs(g.value[i] - gw[i]) < 0.005, "%s = %.4f, published %.2f", g.name[i], g.value[i], gw[i]);
    CHECK(g.customers == 946, "spend customers %g", g.customers);
    CHECK(rmk_clv_count(x) == 2357, "customers %zu", rmk_clv_count(x));
    rmk_clv_free(x);
    /* Pareto/NBD on the same log: FHL 2005 report r 0.55, alpha 10.58, s 0.61,
     * beta 11.67, LL -9595.0 */
    o.model = RMK_CLV_PARETONBD;
    st = rmk_clv_file("examples/cdnow/CDNOW_sample.txt", &ro, &o, &x, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (!x) return;
    rmk_clv_model_params(x, &p);
    const double pw[4] = {0.55, 10.58, 0.61, 11.67};
    for (int i = 0; i < 4; i++)
        CHECK(fabs(p.value[i] - pw[i]) < 0.005, "%s = %.4f, published %.2f", p.name[i], p.value[i], pw[i]);
    CHECK(fabs(p.log_likelihood - -9595.0) < 0.05, "LL %.3f", p.log_likelihood);
    CHECK(!strcmp(p.name[2], "s") && !strcmp(p.name[3], "beta"), "names");
    rmk_clv_free(x);
}

TEST(test_clv_unfittable_data)
{
    const struct { const char *text, *why; } cases[] = {
        {"customer,date,amount\nA,2026-01-01,5\nB,2026-01-02,5\nC,2026-01-03,5\n", "no repeat"},
        {"customer,date,amount\nA,2026-01-01,5\nA,2026-01-09,5\nA,2026-02-01,5\n", "one customer"},
        {"customer,invoice,date,amount\nA,1,2026-01-01,5\nA,2,2026-01-01,5\nB,3,2026-01-01,5\n",
         "one day"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *path = tmp_text(cases[i].text);
        rmk_clv *x = NULL;
        char err[512] = "";
        rmk_status st = rmk_clv_file(path, NULL, NULL, &x, err, sizeof err);
        CHECK(st == RMK_ERR_DATA && x == NULL && err[0], "%s: status %d '%s'", cases[i].why, st, err);
        remove(path);
    }
}

TEST(test_retention_economics_by_hand)
{
    /* as of 2026-06-30: the earlier year (2024-06-30, 2025-06-30] has A, B,
     * C, D active; the later year A and B (and E, new): r = 2/4 = 0.5.
     * Later-year net: A 100, B 300, E 200 -> m = 600 / 3 = 200 with margin
     * 1. d = 0.1: CLV = 200 * 0.5 / 0.6 = 166.67; at 0.55: 200 * 0.55 /
     * 0.55 = 200; change 20%. */
    char *path = tmp_text("customer,date,amount\n"
                          "A,2025-01-10,50\nA,2026-01-10,100\n"
                          "B,2024-08-01,70\nB,2026-03-01,300\n"
                          "C,2025-05-05,40\n"
                          "D,2024-12-12,30\n"
                          "E,2026-02-02,200\n");
    rmk_retention_economics e;
    char err[512] = "";
    rmk_status st = rmk_retention_economics_file(path, NULL, D("2026-06-30"), 1.0, 0.10, 0, &e, err,
                                                 sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    CHECK(e.active_before == 4 && e.retained == 2 && e.retention == 0.5, "r %zu/%zu", e.retained,
          e.active_before);
    CHECK(fabs(e.margin_per_customer - 200) < 1e-9, "m %g", e.margin_per_customer);
    CHECK(fabs(e.clv - 200.0 * 0.5 / 0.6) < 1e-9 && fabs(e.clv_plus5 - 200) < 1e-9, "clv %g %g", e.clv,
          e.clv_plus5);
    CHECK(fabs(e.change_pct - 20) < 1e-9, "change %g", e.change_pct);
    /* tenure year 1 of A (2025-01-10 .. 2026-01-09): 50; B (2024-08-01 ..
     * 2025-07-31): 70; C (2025-05-05 .. 2026-05-04): 40; D: 30; E: not a
     * whole year yet. Mean 190 / 4 = 47.5. Year 2: B (2025-08-01 ..
     * 2026-07-31) not observed whole: none. */
    CHECK(e.tenure_years == 1 && e.tenure_customers[0] == 4 && fabs(e.tenure_profit[0] - 47.5) < 1e-9,
          "tenure %zu: %zu customers, %g", e.tenure_years, e.tenure_customers[0], e.tenure_profit[0]);
    int pct;
    CHECK(!strcmp(rmk_lecture_industry(0, "en", &pct), "Advertising agency") && pct == 95, "table");
    CHECK(rmk_lecture_industry(11, "en", &pct) == NULL, "11 rows");
    remove(path);
}
