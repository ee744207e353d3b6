/* SPDX-License-Identifier: MIT */
/* clvrun.h — internal: one run of the lifetime value (clv.c), shared with
 * its run on customer summaries (clv_summary.c): the result, the work
 * between the steps, and the steps both take. */
#ifndef RMK_CLVRUN_H
#define RMK_CLVRUN_H
#include "clvfit.h"
#include "book.h"

/* per customer, in integers: the triple is exact before it is scaled */
typedef struct summ {
    uint32_t cust;         /* index in the history */
    int32_t first, last;   /* purchase days up to the calibration end */
    int64_t x;             /* repeat purchase days */
    __int128 repeat_net;   /* net of the repeat purchase days, minor units */
    int64_t holdout;       /* purchase days in the holdout period */
} summ;

#define HOLDOUT_ROWS 8
#define MAX_TRACK 100000

struct rmk_clv {
    rmk_clv_customer *out;
    size_t n;
    rmk_agg *ids;       /* the book's: the output points into it */
    rmk_book *own_book; /* rmk_clv_file's */
    rmk_clv_opts o;
    int32_t as_of, cal_end;
    clv_fit fit, spend;
    int has_spend;
    rmk_clv_stats stats;
    rmk_clv_holdout_row hold[HOLDOUT_ROWS];
    size_t nhold;
    rmk_clv_track_row *track;
    size_t ntrack;
    char *id_buf;       /* rmk_clv_summary_run's: the ids, NUL-terminated */
};

/* The work of one run, between its steps */
typedef struct clv_work {
    const history *hp;
    const char *path;
    double u;            /* the unit, days */
    int holdout;         /* a holdout period after the calibration end */
    summ *sm;            /* per customer of the calibration period, ns of them */
    size_t ns;
    clv_triple *tr;      /* distinct (x, t_x, T), ordered by x, T, t_x: nt of them */
    size_t nt;
    uint32_t *tri;       /* summary index -> triple */
    double *alive, *pa;  /* per triple: the alive part (clv_alive_part), P(alive) */
    double *eh, *wdisc, *hexp; /* per triple: E over the horizon, discounted sum, holdout E */
    double pop_value;    /* the expected value of a customer without a mean of its own */
    /* without sm (a summary's input): the pooled observed mean's sum of
     * repeat values (currency units) and repeat purchases */
    double pooled_sum, pooled_n;
} clv_work;

/* the options' bounds (docs/clv.md): RMK_OK or RMK_ERR_USAGE */
rmk_status clv_check_opts(const rmk_clv_opts *o, char *err, size_t errlen);
/* the purchase model on w->tr, then the spend model on sp[0 .. nsp) (one
 * record per customer: x >= 1, mean > 0); the spend model alone failing
 * leaves CLV with the observed means (x->stats.spend_error) */
rmk_status clv_fit_both(rmk_clv *x, clv_work *w, const clv_spend *sp, size_t nsp,
                        const clv_fit_opts *fo, char *err, size_t errlen);
/* per triple: P(alive), expectations, discounted sums; w->pop_value */
rmk_status clv_predict_triples(rmk_clv *x, clv_work *w, int threads);
/* a customer's expected value per purchase: x repeat purchases of mean
 * value `mean` (known: x >= 1 and mean > 0) */
double clv_value_of(const rmk_clv *x, const clv_work *w, double xr, double mean, int known);
void clv_work_free(clv_work *w);
void rmk_clv_free(rmk_clv *x);
#endif
