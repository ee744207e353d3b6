/* SPDX-License-Identifier: MIT */
/* test_portfolio.c — rmk_portfolio_file on a hand-worked portfolio: the
 * quintile scores, the weighted axes over the parameters a client has,
 * the levels and cells, the budget split, and the checks of weights and
 * parameter columns. As of 2026-06-30 (window July 2025 .. June 2026). */
#include "relmark.h"
#include "unit.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char *tmpf(const char *text)
{
    static char paths[4][64];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, 64, "/tmp/relmark-pf-XXXXXX");
    int fd = mkstemp(p);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return p;
}

static const char pf_invoices[] = "customer,date,amount\n"
                                  "A,2026-06-01,100\nB,2026-06-01,200\nC,2026-06-01,300\n"
                                  "D,2026-06-01,400\nE,2026-06-01,500\n";
static const char pf_clients[] = "customer_id,name,type,profitability\n"
                                 "A,a,corporate,10\nB,b,corporate,20\nC,c,corporate,\n"
                                 "D,d,corporate,5\nE,e,corporate,30\n";

TEST(test_portfolio_by_hand)
{
    int32_t as_of;
    rmk_date_parse("2026-06-30", 10, RMK_DATE_AUTO, &as_of);
    char *inv = tmpf(pf_invoices), *cl = tmpf(pf_clients);
    rmk_portfolio_opts o;
    rmk_portfolio_opts_init(&o);
    o.as_of = as_of;
    o.customers = cl;
    o.value_clv = 0;
    o.budget = 1500;
    rmk_portfolio *x = NULL;
    char err[512] = "";
    rmk_status st = rmk_portfolio_file(inv, NULL, &o, &x, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    if (x) {
        /* sales volume 100..500: quintile scores 1..5; profitability over the
         * four clients that have it (5, 10, 20, 30 -> D 1, A 2, B 3, E 4);
         * cooperation 0 months for all: 1. Attractiveness = (25 sales + 20
         * profit) weighted mean of what a client has: A 65/45, B 110/45, C 3
         * (no profit), D 120/45, E 205/45; strength = cooperation only = 1. */
        const struct { const char *id; double sales, profit, attr; int cell; double alloc; } want[] = {
            {"A", 1, 2, 65.0 / 45, 0, 100},  {"B", 2, 3, 110.0 / 45, 3, 200}, {"C", 3, NAN, 3, 3, 300},
            {"D", 4, 1, 120.0 / 45, 3, 400}, {"E", 5, 4, 205.0 / 45, 6, 500}};
        CHECK(rmk_portfolio_count(x) == 5, "count %zu", rmk_portfolio_count(x));
        for (size_t i = 0; i < 5 && i < rmk_portfolio_count(x); i++) {
            const rmk_pf_client *c = rmk_portfolio_at(x, i);
            CHECK(!strcmp(c->customer_id, want[i].id), "order %s", c->customer_id);
            CHECK(c->score[RMK_PF_SALES_VOLUME] == want[i].sales, "%s sales %g", c->customer_id,
                  c->score[RMK_PF_SALES_VOLUME]);
            CHECK(isnan(want[i].profit) ? isnan(c->score[RMK_PF_PROFITABILITY])
                                        : c->score[RMK_PF_PROFITABILITY] == want[i].profit,
                  "%s profit %g", c->customer_id, c->score[RMK_PF_PROFITABILITY]);
            CHECK(fabs(c->axis[RMK_PF_ATTRACTIVENESS] - want[i].attr) < 1e-12, "%s attr %g", c->customer_id,
                  c->axis[RMK_PF_ATTRACTIVENESS]);
            CHECK(c->axis[RMK_PF_STRENGTH] == 1, "%s strength %g", c->customer_id, c->axis[RMK_PF_STRENGTH]);
            CHECK(c->cell == want[i].cell, "%s cell %d", c->customer_id, c->cell);
            CHECK(fabs(c->allocation - want[i].alloc) < 1e-9, "%s allocation %g", c->customer_id, c->allocation);
            /* no client has a market share: named once (absent), not per client;
             * profitability is missing for C only */
            CHECK(!(c->missing & (1u << RMK_PF_MARKET_SHARE)), "%s market share", c->customer_id);
            CHECK(!!(c->missing & (1u << RMK_PF_PROFITABILITY)) == !strcmp(c->customer_id, "C"),
                  "%s profitability missing", c->customer_id);
        }
        rmk_pf_cell_stats s;
        rmk_portfolio_cell(x, 3, &s); /* medium attractiveness, low strength */
        CHECK(s.clients == 3 && fabs(s.allocation - 900) < 1e-9 && s.revenue == 900 * RMK_MONEY_SCALE,
              "cell 3: %zu clients, %g", s.clients, s.allocation);
        CHECK(!strcmp(rmk_pf_cell_key(6), "build") && rmk_pf_cell_bond_level(8) == 3, "cell names");
        /* each cell's display name is its strategy's head, in both languages */
        for (int cell = 0; cell < 9; cell++)
            for (int ru = 0; ru < 2; ru++) {
                const char *lang = ru ? "ru" : "en", *nm = rmk_pf_cell_name(cell, lang);
                const char *sg = rmk_pf_cell_strategy(cell, lang);
                size_t k = strlen(nm);
                CHECK(k && !strncmp(sg, nm, k) && sg[k] == ':', "cell %d %s: '%s' / '%s'", cell,
                      lang, nm, sg);
            }
        CHECK(!strcmp(rmk_pf_cell_name(8, "en"), "Key partner") && !*rmk_pf_cell_name(9, "en"),
              "key partner");
        rmk_portfolio_stats ps;
        rmk_portfolio_get_stats(x, &ps);
        CHECK(ps.missing[RMK_PF_PROFITABILITY] == 1 && ps.missing[RMK_PF_MARKET_SHARE] == 5,
              "missing %zu %zu", ps.missing[RMK_PF_PROFITABILITY], ps.missing[RMK_PF_MARKET_SHARE]);
        CHECK((ps.absent & (1u << RMK_PF_MARKET_SHARE)) && !(ps.absent & (1u << RMK_PF_PROFITABILITY)),
              "absent %x", ps.absent);
        rmk_portfolio_free(x);
    }
    /* weights that do not add up to 100 */
    o.weight[RMK_PF_ATTRACTIVENESS][RMK_PF_SALES_VOLUME] = 30;
    x = NULL;
    st = rmk_portfolio_file(inv, NULL, &o, &x, err, sizeof err);
    CHECK(st == RMK_ERR_CONFIG && x == NULL && strstr(err, "105"), "weights: %d %s", st, err);
    remove(inv);
    remove(cl);
}

/* Profitability measured from the transactions (lecture §3: commercial
 * parameters from the data where it has them), the customers file's for
 * the others. By hand, as of 2026-06-30:
 *   A: 1000 - 600 = 400 of 1000 (the second row has no cost: out of both) -> 40 %
 *   B: 500 - 450 = 50, a return -100 - (-90) = -10: 40 of 400 -> 10 %
 *   C: 800 - 200 = 600 of 800 -> 75 % (the file has none)
 *   D: no cost in the data -> the file's 35 %
 *   E: a margin column wins over cost: 300 of 1200 -> 25 %; F: only before the window
 * Quintiles of 10, 25, 35, 40, 75 (F missing): B 1, E 2, D 3, A 4, C 5. */
TEST(test_portfolio_profitability_measured)
{
    int32_t as_of;
    rmk_date_parse("2026-06-30", 10, RMK_DATE_AUTO, &as_of);
    char *inv = tmpf("customer,date,amount,cost,margin\n"
                     "A,2026-01-10,1000,600,\nA,2026-02-10,1000,,\n"
                     "B,2026-01-10,500,450,\nB,2026-03-01,-100,-90,\n"
                     "C,2026-01-10,800,200,\nD,2026-01-10,300,,\n"
                     "E,2026-01-10,1200,1,300\nF,2025-01-10,100,50,\n");
    char *cl = tmpf("customer_id,name,profitability\nA,a,10\nB,b,50\nC,c,\nD,d,35\nE,e,\nF,f,\n");
    rmk_rate_opts ro;
    rmk_rate_opts_init(&ro);
    ro.as_of = as_of;
    ro.margins = 1;
    rmk_rating *r = NULL;
    char err[512];
    CHECK(rmk_rate_file(inv, NULL, &ro, &r, err, sizeof err) == RMK_OK, "%s", err);
    static const struct {
        const char *id;
        int known;
        int64_t margin, base; /* currency units */
        double score;
    } want[] = {{"A", 1, 400, 1000, 4}, {"B", 1, 40, 400, 1}, {"C", 1, 600, 800, 5},
                {"D", 0, 0, 0, 3},      {"E", 1, 300, 1200, 2}, {"F", 0, 0, 0, NAN}};
    for (size_t i = 0; r && i < rmk_rating_count(r); i++) {
        const rmk_rated_client *c = rmk_rating_at(r, i);
        CHECK(c->margin_known == want[i].known &&
                  c->window_margin == want[i].margin * RMK_MONEY_SCALE &&
                  c->window_margin_base == want[i].base * RMK_MONEY_SCALE,
              "%s: known %d margin %lld base %lld", c->customer_id, c->margin_known,
              (long long)c->window_margin, (long long)c->window_margin_base);
    }
    rmk_rating_free(r);
    rmk_portfolio_opts o;
    rmk_portfolio_opts_init(&o);
    o.as_of = as_of;
    o.customers = cl;
    o.value_clv = 0;
    rmk_portfolio *x = NULL;
    CHECK(rmk_portfolio_file(inv, NULL, &o, &x, err, sizeof err) == RMK_OK, "%s", err);
    for (size_t i = 0; x && i < rmk_portfolio_count(x); i++) {
        const rmk_pf_client *c = rmk_portfolio_at(x, i);
        double got = c->score[RMK_PF_PROFITABILITY];
        CHECK(!strcmp(c->customer_id, want[i].id) &&
                  (isnan(want[i].score) ? isnan(got) : got == want[i].score),
              "%s: profitability score %g, want %g", c->customer_id, got, want[i].score);
    }
    rmk_portfolio_stats st;
    if (x) rmk_portfolio_get_stats(x, &st);
    CHECK(x && st.profitability_measured == 4, "measured %zu", x ? st.profitability_measured : 0);
    rmk_portfolio_free(x);
    /* a cost that is no money is an error with its place */
    char *bad = tmpf("customer,date,amount,cost\nA,2026-01-10,10,ten\n");
    ro.customers = NULL;
    CHECK(rmk_rate_file(bad, NULL, &ro, &r, err, sizeof err) == RMK_ERR_DATA &&
              strstr(err, ":2:4: cannot read cost 'ten'") != NULL,
          "%s", err);
    /* without margins asked, the column is not even read */
    ro.margins = 0;
    CHECK(rmk_rate_file(bad, NULL, &ro, &r, err, sizeof err) == RMK_OK, "%s", err);
    rmk_rating_free(r);
    remove(inv), remove(cl), remove(bad);
}

TEST(test_portfolio_parameter_columns_checked)
{
    const struct { const char *text, *want; } cases[] = {
        {"customer_id,strategic_importance\nA,6\n", "x:2:2: cannot read manager score"},
        {"customer_id,relationship_strength\nA,2.5\n", "x:2:2: cannot read manager score"},
        {"customer_id,market_share\nA,101\n", "x:2:2: cannot read market share"},
        {"customer_id,name,relationship_cost\nA,a,-5\n", "x:2:3: cannot read relationship cost"}};
    char *inv = tmpf(pf_invoices);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *cl = tmpf(cases[i].text);
        rmk_portfolio_opts o;
        rmk_portfolio_opts_init(&o);
        o.customers = cl;
        o.value_clv = 0;
        rmk_portfolio *x = NULL;
        char err[512] = "";
        rmk_status st = rmk_portfolio_file(inv, NULL, &o, &x, err, sizeof err);
        /* the message names the file: compare from its first ':' */
        const char *colon = strchr(err, ':');
        char got[512];
        snprintf(got, sizeof got, "x%s", colon ? colon : "");
        CHECK(st == RMK_ERR_DATA && !strncmp(got, cases[i].want, strlen(cases[i].want)), "case %zu: %s",
              i, err);
        rmk_portfolio_free(x);
        remove(cl);
    }
    remove(inv);
}

/* The level edges of docs/portfolio.md: low below 7/3, medium from 7/3, high
 * from 11/3. Strength from four manager scores at 25 % each; a client without
 * one of them has the mean of the other three (weights re-normalised), so a
 * mean of exactly 7/3 or 11/3 is reachable with whole scores:
 *   H: 4,4,3,-   -> 11/3 high      M: 3,2,2,-   -> 7/3 medium
 *   J: 4,4,3,3   -> 14/4 medium    L: 2,2,2,-   -> 6/3 low
 *   K: 5,3,-,3   -> 11/3 high      N: -,3,2,1   -> 6/3 low
 * Attractiveness is not looked at (the cell's strength level = cell % 3). */
TEST(test_portfolio_level_edges)
{
    static const char inv_text[] = "customer,date,amount\n"
                                   "H,2026-06-01,100\nM,2026-06-01,100\nJ,2026-06-01,100\n"
                                   "L,2026-06-01,100\nK,2026-06-01,100\nN,2026-06-01,100\n";
    static const char cl_text[] =
        "customer_id,relationship_strength,relationship_value,goal_compatibility,management_complexity\n"
        "H,4,4,3,\nM,3,2,2,\nJ,4,4,3,3\nL,2,2,2,\nK,5,3,,3\nN,,3,2,1\n";
    char *inv = tmpf(inv_text), *cl = tmpf(cl_text);
    int32_t as_of;
    rmk_date_parse("2026-06-30", 10, RMK_DATE_AUTO, &as_of);
    rmk_portfolio_opts o;
    rmk_portfolio_opts_init(&o);
    o.as_of = as_of;
    o.customers = cl;
    o.value_clv = 0;
    memset(o.weight[RMK_PF_STRENGTH], 0, sizeof o.weight[RMK_PF_STRENGTH]);
    o.weight[RMK_PF_STRENGTH][RMK_PF_RELATIONSHIP_STRENGTH] = 25;
    o.weight[RMK_PF_STRENGTH][RMK_PF_RELATIONSHIP_VALUE] = 25;
    o.weight[RMK_PF_STRENGTH][RMK_PF_GOAL_COMPATIBILITY] = 25;
    o.weight[RMK_PF_STRENGTH][RMK_PF_MANAGEMENT_COMPLEXITY] = 25;
    rmk_portfolio *x = NULL;
    char err[512] = "";
    rmk_status st = rmk_portfolio_file(inv, NULL, &o, &x, err, sizeof err);
    CHECK(st == RMK_OK && x, "%s", err);
    const struct { const char *id; double axis; int level; } want[] = {
        {"H", 11.0 / 3, 2}, {"J", 3.5, 1}, {"K", 11.0 / 3, 2},
        {"L", 2, 0},        {"M", 7.0 / 3, 1}, {"N", 2, 0}};
    size_t n = x ? rmk_portfolio_count(x) : 0;
    CHECK(n == 6, "count %zu", n);
    for (size_t i = 0; i < n && i < 6; i++) {
        const rmk_pf_client *c = rmk_portfolio_at(x, i);
        CHECK(!strcmp(c->customer_id, want[i].id), "order %s, want %s", c->customer_id, want[i].id);
        CHECK(fabs(c->axis[RMK_PF_STRENGTH] - want[i].axis) < 1e-12, "%s strength %.17g",
              c->customer_id, c->axis[RMK_PF_STRENGTH]);
        CHECK(c->level[RMK_PF_STRENGTH] == want[i].level && c->cell % 3 == want[i].level,
              "%s level %d cell %d, want level %d", c->customer_id, c->level[RMK_PF_STRENGTH], c->cell,
              want[i].level);
    }
    rmk_portfolio_free(x);
    remove(inv);
    remove(cl);
}

/* lecture §5: the measured facts by hand, and the self-assessment. As of
 * 2026-06-30: the last year is (2025-06-30, 2026-06-30], the one before
 * (2024-06-30, 2025-06-30]. */
TEST(test_orientation_by_hand)
{
    /* A: 2025-01-10 and 2026-01-10 (repeat, retained); B: 2025-02-01 only
     * (lost); C: 2026-02-01 and 2026-03-01 (new, repeat); D: 2026-04-01 once.
     * Last-year revenue: A 100, C 50 + 50, D 200 = 400; from repeat clients
     * (two or more purchase days) A and C: 200 -> 50 %. Retention: A of A, B
     * -> 50 %. Active last year: A, C, D; with an answer in it: A -> 33.3 %;
     * with a manager (among those in the customers file: A, C): C -> 50 %. */
    char *inv = tmpf("customer,date,amount\nA,2025-01-10,70\nA,2026-01-10,100\nB,2025-02-01,30\n"
                     "C,2026-02-01,50\nC,2026-03-01,50\nD,2026-04-01,200\n");
    char *cl = tmpf("customer_id,manager\nA,\nC,Ivanova\n");
    char *fb = tmpf("customer_id,date,nps\nA,2026-05-05,9\nC,2025-05-05,8\n");
    char *self = tmpf("marketing_function = 5\nprice_elasticity = 1\n");
    int32_t as_of;
    rmk_date_parse("2026-06-30", 10, RMK_DATE_AUTO, &as_of);
    rmk_orientation r;
    char err[512] = "";
    rmk_status st = rmk_orientation_file(inv, NULL, as_of, cl, fb, self, &r, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    CHECK(fabs(r.repeat_revenue_pct - 50) < 1e-9, "repeat %g", r.repeat_revenue_pct);
    CHECK(fabs(r.retention_pct - 50) < 1e-9, "retention %g", r.retention_pct);
    CHECK(fabs(r.feedback_pct - 100.0 / 3) < 1e-9, "feedback %g", r.feedback_pct);
    CHECK(fabs(r.manager_pct - 50) < 1e-9, "manager %g", r.manager_pct);
    CHECK(fabs(r.measured - (50 + 50 + 100.0 / 3 + 50) / 4) < 1e-9, "measured %g", r.measured);
    CHECK(r.self_known && fabs(r.self - 50) < 1e-9, "self %g", r.self); /* (3 - 1) / 4 */
    CHECK(!strcmp(rmk_orientation_position(r.measured, "key"), "leaning_transaction"), "position");
    CHECK(!strcmp(rmk_orientation_position(75, "key"), "relationship") &&
              !strcmp(rmk_orientation_position(24.999, "key"), "transaction"),
          "boundaries");
    char *bad = tmpf("quality = 6\n");
    st = rmk_orientation_file(inv, NULL, as_of, NULL, NULL, bad, &r, err, sizeof err);
    CHECK(st == RMK_ERR_CONFIG && strstr(err, ":1: quality = 6"), "bad self: %s", err);
    remove(inv);
    remove(cl);
    remove(fb);
    remove(self);
    remove(bad);
}
