/* SPDX-License-Identifier: MIT */
/* stages.h — internal to the customer life cycle and the bond levels
 * (docs/stages.md), in three files: the rules that place a customer
 * (stages_rules.c), the rules and stages in words (stages_text.c) and the
 * pipeline over the book (stages.c). */
#ifndef RMK_STAGES_H
#define RMK_STAGES_H
#include "book.h"

struct rmk_stages {
    rmk_staged_customer *out;
    size_t n;
    rmk_agg *ids;       /* the book's: the output points into it */
    const custfile *cf; /* the book's, or NULL */
    const feedback *fb; /* the book's, or NULL */
    rmk_book *own_book; /* rmk_stages_file's */
    rmk_rating *rating;
    rmk_scale *own_scale;
    const rmk_scale *scale;
    const rmk_segmap *segments;
    rmk_stage_opts o;
    int32_t as_of, compare;
    rmk_lapse lapse[2];
    rmk_stages_stats stats;
};

/* A customer's numbers at one date, from its purchase days. */
typedef struct meas {
    int64_t purchases;
    int32_t first, last; /* purchase days; RMK_NO_DATE without */
    uint32_t days;       /* distinct purchase days */
    int quarters;        /* of the last 4 three-month windows, with a purchase */
    int months;          /* of the last 12 months, with a purchase */
    __int128 net12, net_prev12;
    double gap_mean, gap_m2;   /* Welford over the gaps between purchase days */
    double amt_mean, amt_m2;   /* ... over the purchase days' net sales */
} meas;

/* What the files say of a customer at one date. */
typedef struct facts {
    int status, structural_bond, nps, category; /* category: -1 not rated */
    long referrals;
} facts;

/* bound[k] = date - (24-k) months, k = 0..24 (25 entries) */
void stages_month_bounds(int32_t date, int32_t *bound);
/* The numbers at date from a customer's nd purchase days d (ascending). */
void stages_measure(const hday *d, size_t nd, int32_t date, const int32_t *bound, meas *m);
/* The lapse threshold at date: o->lapse_days, else the median gap mean over
 * the customers with two or more purchase days. 0, or -1 out of memory. */
int stages_lapse_at(const rmk_stage_opts *o, const hday *days, const size_t *off, size_t n,
                    int32_t date, rmk_lapse *l);
/* The ladder's stage, and the B2B stage with its indicators (b). */
rmk_stage stages_classify(const rmk_stage_opts *o, const meas *m, int32_t date,
                          const rmk_lapse *l, const facts *f);
void stages_indicators(const meas *m, const cust_rec *rec, int32_t date, rmk_b2b_indicators *b);
rmk_b2b_stage stages_classify_b2b(const rmk_stage_opts *o, const meas *m, int32_t date,
                                  const rmk_lapse *l, const rmk_b2b_indicators *b);
/* The bond level 1..3 the mapping in use gives a group key; 0 if none. */
int stages_bond_of(const rmk_stage_opts *o, const char *key);
#endif
