/* SPDX-License-Identifier: MIT */
/* report.c — the report: every analysis the book allows, run once on it,
 * each with the options of its command's defaults (so the report's numbers
 * equal `relmark COMMAND`'s on the same input); docs/report.md. An analysis
 * that cannot run leaves its section a note, not an error. */
#include "report.h"
#include "errmsg.h"
#include "book.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void rmk_report_opts_init(rmk_report_opts *o)
{
    memset(o, 0, sizeof *o);
    o->lang = "en";
    o->as_of = RMK_NO_DATE;
}

static void note(rmk_report *r, rpt_section s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->note[s], sizeof r->note[s], fmt, ap);
    va_end(ap);
}

/* an analysis that failed: its reason, or for out of memory the whole
 * report's error (a report silently missing sections for lack of memory
 * would mislead) */
static int failed(rmk_report *r, rpt_section s, rmk_status st, const char *err)
{
    if (st == RMK_ERR_NOMEM) return 1;
    note(r, s, "%s %s", RPT_T(r, "Could not be computed:", "Не удалось рассчитать:"), err);
    return 0;
}

/* Months from the first to the as-of day decide the period of the
 * retention curve and the cohort table: a heat map of more than ~40
 * cohorts is unreadable (months up to 3 years, quarters up to 12, years). */
static rmk_period pick_period(int32_t first, int32_t as_of)
{
    if (first == RMK_NO_DATE || as_of == RMK_NO_DATE) return RMK_PERIOD_MONTH;
    int months = rmk_months_completed(first, as_of) + 1;
    return months <= 36 ? RMK_PERIOD_MONTH : months <= 144 ? RMK_PERIOD_QUARTER : RMK_PERIOD_YEAR;
}

static rmk_status run_rfm(rmk_report *r, char *err, size_t errlen)
{
    rmk_status st = RMK_OK;
    r->map = rmk_segmap_builtin_new(RMK_SEGMAP_TEN, &st, err, errlen);
    if (!r->map) return st;
    rmk_rfm_opts o;
    rmk_rfm_opts_init(&o);
    o.as_of = r->as_of;
    o.segments = r->map;
    st = rmk_rfm_score(rmk_book_agg(r->book), &o, &r->rfm, err, errlen);
    if (st == RMK_ERR_EMPTY) {
        snprintf(err, errlen, "%s: no customer with a purchase on or before the as-of date",
                 rmk_book_path(r->book));
        return st;
    }
    if (st != RMK_OK) return st;
    if (r->as_of == RMK_NO_DATE) r->as_of = rmk_rfm_as_of(r->rfm);
    for (size_t i = 0; i < rmk_rfm_count(r->rfm); i++) r->revenue += rmk_rfm_at(r->rfm, i)->net_minor;
    r->customers = rmk_rfm_count(r->rfm);
    return RMK_OK;
}

/* The calibration end of the lifetime-value model's check: the last 12
 * months are the holdout period when the data span 24 months or more, else
 * the later half of the data (CDNOW's 78 weeks split 39 and 39, as in Fader,
 * Hardie & Lee 2005); none for data of under two weeks (a week each). */
static int32_t clv_holdout_day(int32_t first, int32_t as_of)
{
    if (first == RMK_NO_DATE || as_of == RMK_NO_DATE || as_of - first < 14) return RMK_NO_DATE;
    if (rmk_months_completed(first, as_of) >= 24) return rmk_add_months(as_of, -12);
    return first + (as_of - first) / 2;
}

/* The check: the model fitted again on the purchases up to the calibration
 * end (as `relmark clv --holdout DATE`) and compared with the holdout
 * period; the report's CLV figures stay those of the fit on every purchase
 * (the newest ones are the most telling). Returns -1 out of memory only:
 * a model the shorter data cannot identify leaves its reason. */
static int run_clv_check(rmk_report *r)
{
    r->clv_holdout = clv_holdout_day(r->read.first_day, r->as_of);
    if (!r->clv || r->clv_holdout == RMK_NO_DATE) return 0;
    rmk_clv_opts co;
    rmk_clv_opts_init(&co);
    co.as_of = r->as_of;
    co.holdout = r->clv_holdout;
    rmk_clv *x = NULL;
    rmk_status st = rmk_clv_run(r->book, &co, &x, r->clv_check_error, sizeof r->clv_check_error);
    if (st == RMK_ERR_NOMEM) return -1;
    if (st != RMK_OK) return 0;
    r->clv_check_error[0] = 0;
    rmk_clv_model_params(x, &r->clv_check_params);
    rmk_clv_get_stats(x, &r->clv_check_stats);
    r->clv_nhold = rmk_clv_holdout(x, r->clv_hold, sizeof r->clv_hold / sizeof r->clv_hold[0]);
    size_t nt = rmk_clv_tracking_count(x);
    if (nt && !(r->clv_track = malloc(nt * sizeof *r->clv_track))) {
        rmk_clv_free(x);
        return -1;
    }
    for (size_t i = 0; i < nt; i++) rmk_clv_tracking_at(x, i, &r->clv_track[i]);
    r->clv_ntrack = nt;
    r->clv_check_ok = 1;
    rmk_clv_free(x);
    return 0;
}

/* the analyses of the transactions alone */
static int run_transactions(rmk_report *r)
{
    char err[512];
    rmk_status st;
    r->period = pick_period(r->read.first_day, r->as_of);
    if (RPT_WANTS(r, RPT_RETENTION)) {
        st = rmk_activity_run(r->book, r->period, &r->act, err, sizeof err);
        if (st != RMK_OK && failed(r, RPT_RETENTION, st, err)) return -1;
    }
    if (RPT_WANTS(r, RPT_ECONOMICS)) {
        /* the CLI's defaults: margin 1 (CLV in sales), 10% discount, no acquisition cost */
        st = rmk_retention_economics_run(r->book, r->as_of, 1.0, 0.10, 0, &r->econ, err, sizeof err);
        if (st == RMK_OK) r->econ_ok = 1;
        else if (failed(r, RPT_ECONOMICS, st, err)) return -1;
    }
    if (RPT_WANTS(r, RPT_CLV)) {
        rmk_clv_opts co;
        rmk_clv_opts_init(&co);
        co.as_of = r->as_of;
        st = rmk_clv_run(r->book, &co, &r->clv, err, sizeof err);
        if (st != RMK_OK && failed(r, RPT_CLV, st, err)) return -1;
        if (run_clv_check(r)) return -1;
    }
    if (RPT_WANTS(r, RPT_ABCXYZ)) {
        rmk_abcxyz_opts ao;
        rmk_abcxyz_opts_init(&ao);
        ao.as_of = r->as_of;
        st = rmk_abcxyz_run(r->book, &ao, &r->abc, err, sizeof err);
        if (st != RMK_OK && failed(r, RPT_ABCXYZ, st, err)) return -1;
    }
    if (RPT_WANTS(r, RPT_ORIENTATION)) {
        st = rmk_orientation_run(r->book, r->as_of, NULL, &r->orient, err, sizeof err);
        if (st == RMK_OK) r->orient_ok = 1;
        else if (failed(r, RPT_ORIENTATION, st, err)) return -1;
    }
    return 0;
}

/* the life cycle (with the migration of the last 3 months, as `stages
 * --migration`), the rating (with its category changes over the same 3
 * months) and the portfolio (with a customers file) */
static int run_clients(rmk_report *r)
{
    char err[512];
    rmk_status st;
    rmk_stage_opts so;
    rmk_stage_opts_init(&so);
    so.as_of = r->as_of;
    so.segments = r->map;
    so.rfm = r->rfm; /* the report's own RFM: not scored twice */
    so.rate = r->has_customers;
    so.compare_months = 3;
    if (RPT_WANTS(r, RPT_LIFECYCLE)) {
        st = rmk_stages_run(r->book, &so, &r->stages, err, sizeof err);
        if (st != RMK_OK && failed(r, RPT_LIFECYCLE, st, err)) return -1;
    }

    if (!r->has_customers) {
        note(r, RPT_RATING, "%s",
             RPT_T(r, "Give the client list (--customers FILE) to rate corporate clients on the "
                      "scale: points, category and service package.",
                   "Укажите список клиентов (--customers ФАЙЛ), чтобы оценить корпоративных "
                   "клиентов по шкале: баллы, категория и пакет услуг."));
        note(r, RPT_PORTFOLIO, "%s",
             RPT_T(r, "Give the client list (--customers FILE) with the managers' scores to place "
                      "clients on the attractiveness x relationship strength matrix.",
                   "Укажите список клиентов (--customers ФАЙЛ) с оценками менеджеров, чтобы "
                   "разместить клиентов в матрице привлекательность x сила отношений."));
        return 0;
    }
    rmk_rate_opts ro;
    rmk_rate_opts_init(&ro);
    ro.as_of = r->as_of;
    /* the category changes since the life cycle's earlier date, as `rate
     * --compare-to` (the rating's numbers at as_of do not depend on it) */
    ro.compare_to = rmk_add_months(r->as_of, -3);
    if (RPT_WANTS(r, RPT_RATING)) {
        st = rmk_rate_run(r->book, &ro, &r->rating, err, sizeof err);
        if (st != RMK_OK && failed(r, RPT_RATING, st, err)) return -1;
    }
    if (!RPT_WANTS(r, RPT_PORTFOLIO)) return 0;

    rmk_portfolio_opts po;
    rmk_portfolio_opts_init(&po);
    po.as_of = r->as_of;
    po.value_clv = 0; /* as `relmark portfolio` without a budget: window revenue */
    /* a budget of 100 makes each allocation the percent of any retention
     * budget the client gets: `relmark portfolio --budget 100 --value revenue` */
    po.budget = 100;
    st = rmk_portfolio_run(r->book, &po, &r->pf, err, sizeof err);
    if (st != RMK_OK && failed(r, RPT_PORTFOLIO, st, err)) return -1;
    return 0;
}

static rmk_status run_feedback(rmk_report *r, const rmk_report_opts *o, char *err, size_t errlen)
{
    if (!RPT_WANTS(r, RPT_FEEDBACK)) return RMK_OK;
    if (!o->feedback) {
        note(r, RPT_FEEDBACK, "%s",
             RPT_T(r, "Give the feedback file (--feedback FILE: customer_id, date, nps, "
                      "satisfaction) to see the NPS trend and alerts on key clients.",
                   "Укажите файл обратной связи (--feedback ФАЙЛ: customer_id, date, nps, "
                   "satisfaction), чтобы увидеть динамику NPS и сигналы по ключевым клиентам."));
        return RMK_OK;
    }
    rmk_feedback_opts fo;
    rmk_feedback_opts_init(&fo);
    fo.as_of = r->as_of;
    fo.segments = r->map;
    char e[512];
    rmk_status st = rmk_feedback_run(r->book, o->feedback, NULL, &fo, &r->fb, e, sizeof e);
    if (st == RMK_OK) return RMK_OK;
    if (st == RMK_ERR_NOMEM || st == RMK_ERR_IO || st == RMK_ERR_NOINPUT) {
        snprintf(err, errlen, "%s", e);
        return st;
    }
    failed(r, RPT_FEEDBACK, st, e);
    return RMK_OK;
}

/* the survey's errors are the user's to fix (a file given on purpose) */
static rmk_status run_survey(rmk_report *r, const rmk_report_opts *o, char *err, size_t errlen)
{
    if (!RPT_WANTS(r, RPT_SURVEY)) return RMK_OK;
    if (!o->survey) {
        note(r, RPT_SURVEY, "%s",
             RPT_T(r, "Give the answers of a relationship-quality survey (--survey FILE) to see "
                      "the component indices and Cronbach's alpha.",
                   "Укажите ответы анкеты качества отношений (--survey ФАЙЛ), чтобы увидеть "
                   "индексы компонентов и альфу Кронбаха."));
        return RMK_OK;
    }
    rmk_status st = RMK_OK;
    r->q = o->questionnaire ? rmk_questionnaire_load(o->questionnaire, &st, err, errlen)
                            : rmk_questionnaire_default(&st, err, errlen);
    if (!r->q) return st;
    rmk_survey_opts so;
    rmk_survey_opts_init(&so);
    so.as_of = r->as_of;
    return rmk_survey_file(o->survey, r->q, o->survey_read, &so, &r->sv, err, errlen);
}

rmk_status rmk_report_build(const rmk_book *book, const rmk_report_opts *o, rmk_report **out,
                            char *err, size_t errlen)
{
    return report_build(book, o, RPT_ALL, out, err, errlen);
}

rmk_status report_build(const rmk_book *book, const rmk_report_opts *o, unsigned want,
                        rmk_report **out, char *err, size_t errlen)
{
    char ebuf[512];
    if (!err || !errlen) err = ebuf, errlen = sizeof ebuf;
    err[0] = 0;
    if (!out || !book) {
        snprintf(err, errlen, "report: no book or no place for the result");
        return RMK_ERR_USAGE;
    }
    *out = NULL;
    rmk_report_opts def;
    if (!o) rmk_report_opts_init(&def), o = &def;
    if (o->lang && strcmp(o->lang, "en") && strcmp(o->lang, "ru")) {
        snprintf(err, errlen, "report: language '%s': expected en or ru", o->lang);
        return RMK_ERR_USAGE;
    }
    if (book_lacks(book, RMK_BOOK_ALL, "the report", err, errlen)) return RMK_ERR_USAGE;
    rmk_report *r = calloc(1, sizeof *r);
    if (!r) goto nomem;
    r->book = book;
    r->want = want;
    r->ru = o->lang && !strcmp(o->lang, "ru");
    r->lang = r->ru ? "ru" : "en";
    r->as_of = o->as_of;
    r->has_customers = book->cf != NULL;
    r->has_feedback = o->feedback != NULL;
    r->has_survey = o->survey != NULL;
    rmk_book_get_stats(book, &r->read);

    rmk_status st = run_rfm(r, err, errlen);
    if (st != RMK_OK) goto fail;
    if (run_transactions(r) || run_clients(r)) goto nomem;
    if ((st = run_feedback(r, o, err, errlen)) != RMK_OK) goto fail;
    if ((st = run_survey(r, o, err, errlen)) != RMK_OK) goto fail;
    *out = r;
    return RMK_OK;
nomem:
    rmk_nomem(err, errlen);
    st = RMK_ERR_NOMEM;
fail:
    rmk_report_free(r);
    return st;
}

void rmk_report_free(rmk_report *r)
{
    if (!r) return;
    rmk_survey_free(r->sv);
    rmk_questionnaire_free(r->q);
    rmk_feedback_free(r->fb);
    rmk_abcxyz_free(r->abc);
    rmk_portfolio_free(r->pf);
    rmk_rating_free(r->rating);
    rmk_stages_free(r->stages);
    rmk_clv_free(r->clv);
    free(r->clv_track);
    rmk_activity_free(r->act);
    rmk_rfm_free(r->rfm);
    rmk_segmap_free(r->map);
    free(r);
}
