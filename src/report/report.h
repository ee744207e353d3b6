/* SPDX-License-Identifier: MIT */
/* report.h — internal: what a report holds (every analysis run once on one
 * customer book) and the writers' shared pieces. docs/report.md. */
#ifndef RMK_REPORT_H
#define RMK_REPORT_H
#include "relmark.h"

/* The sections, in the lecture's order (docs/report.md). */
typedef enum rpt_section {
    RPT_SUMMARY = 0,
    RPT_ECONOMICS,   /* economics of retention */
    RPT_LIFECYCLE,   /* ladder, phases, migration, B2B stages, bonds */
    RPT_RETENTION,   /* retention curve, cohorts */
    RPT_RFM,
    RPT_RATING,      /* with a customers file */
    RPT_PORTFOLIO,   /* portfolio matrix, strategies */
    RPT_ABCXYZ,      /* ABC-XYZ and concentration */
    RPT_CLV,         /* lifetime value models */
    RPT_FEEDBACK,    /* with a feedback file */
    RPT_SURVEY,      /* with a survey file */
    RPT_ORIENTATION,
    RPT_NSECTIONS
} rpt_section;

struct rmk_report {
    const rmk_book *book;
    unsigned want;              /* bit s: section s's analyses run (all for the report;
                                   one chart's for rmk_report_chart) */
    int ru;                     /* 1: Russian labels */
    const char *lang;           /* "en" / "ru" */
    rmk_agg_stats read;         /* the transactions' read */
    int32_t as_of;
    int has_customers, has_feedback, has_survey;
    /* each analysis, NULL (or *_ok 0) when it did not run: note[] says why */
    rmk_segmap *map;
    rmk_rfm *rfm;
    rmk_period period;          /* of retention and cohorts: month, quarter, year */
    rmk_activity *act;
    int econ_ok;
    rmk_retention_economics econ;
    rmk_clv *clv;
    /* the lifetime-value model's check on a holdout period (docs/report.md):
     * a second fit on the purchases up to clv_holdout, kept as its summary
     * (the fit itself is freed: it holds a row per customer) */
    int32_t clv_holdout;        /* the calibration end; RMK_NO_DATE: no check */
    int clv_check_ok;
    rmk_clv_params clv_check_params;
    rmk_clv_stats clv_check_stats;
    size_t clv_nhold;
    rmk_clv_holdout_row clv_hold[8];
    size_t clv_ntrack;
    rmk_clv_track_row *clv_track; /* the check fit's tracking */
    char clv_check_error[512];  /* why the check fit failed, "" otherwise */
    rmk_stages *stages;
    rmk_rating *rating;
    rmk_portfolio *pf;
    rmk_abcxyz *abc;
    int orient_ok;
    rmk_orientation orient;
    rmk_feedback *fb;
    rmk_questionnaire *q;
    rmk_survey *sv;
    int64_t revenue;            /* net sales of all customers, minor units */
    size_t customers;           /* with at least one row */
    char note[RPT_NSECTIONS][400];
};

/* every section; the analyses one section needs */
#define RPT_ALL ((1u << RPT_NSECTIONS) - 1)
#define RPT_WANTS(r, s) (((r)->want >> (s)) & 1u)

/* rmk_report_build for the sections of `want` only */
rmk_status report_build(const rmk_book *book, const rmk_report_opts *o, unsigned want,
                        rmk_report **out, char *err, size_t errlen);

/* "en" or "ru" text of the report's language */
#define RPT_T(r, en, ru_) ((r)->ru ? (ru_) : (en))

#endif
