/* SPDX-License-Identifier: MIT */
/* relmark_rate.c — the client rating scale and the customer ladder inside
 * PostgreSQL (docs/postgres.md, "The rating" and "The ladder"), on the
 * library's own rules: the window's calendar (rmk_add_months,
 * rmk_window_month, rmk_months_completed), an invoice's payment class
 * (rmk_invoice_payment), the scale's points and category
 * (rmk_scale_rate_client), the customers file's words for type and status
 * (custfile_type_of, custfile_status_of) and the ladder (rmk_ladder_stage).
 * SQL measures a client's facts with plain aggregates; these functions turn
 * them into what `relmark rate` and `relmark stages` print. */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"

#include "relmark.h"
#include "custfile.h"
#include "relmark_pg.h"

static int32 date_arg(FunctionCallInfo fcinfo, int i)
{
    return PG_ARGISNULL(i) ? RMK_NO_DATE : lib_day(PG_GETARG_DATEADT(i));
}

static void need(FunctionCallInfo fcinfo, int i, const char *what)
{
    if (PG_ARGISNULL(i))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("relmark: %s must not be NULL", what)));
}

static const char *lang_arg(FunctionCallInfo fcinfo, int i)
{
    char *lang = PG_ARGISNULL(i) ? "en" : text_to_cstring(PG_GETARG_TEXT_PP(i));
    if (strcmp(lang, "en") != 0 && strcmp(lang, "ru") != 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: lang must be 'en' or 'ru', got \"%s\"", lang)));
    return lang;
}

/* ---------------------------------------------------------- calendar */

/* relmark.add_months(day, n): the month-end rule of docs/rating.md. */
PG_FUNCTION_INFO_V1(rmk_add_months_pg);
Datum rmk_add_months_pg(PG_FUNCTION_ARGS)
{
    int32 n = PG_GETARG_INT32(1);
    if (n < -12000 || n > 12000)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: add_months takes -12000..12000 months")));
    PG_RETURN_DATEADT(pg_day(rmk_add_months(lib_day(PG_GETARG_DATEADT(0)), n)));
}

/* relmark.window_month(as_of, months, day): 0 (oldest) .. months-1, or -1. */
PG_FUNCTION_INFO_V1(rmk_window_month_pg);
Datum rmk_window_month_pg(PG_FUNCTION_ARGS)
{
    need(fcinfo, 0, "the as-of date");
    need(fcinfo, 1, "the window's months");
    need(fcinfo, 2, "an invoice date"); /* as an empty date cell in a file */
    int32 months = PG_GETARG_INT32(1);
    if (months < 1 || months > 1200)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: window_month takes a window of 1..1200 months")));
    PG_RETURN_INT32(rmk_window_month(lib_day(PG_GETARG_DATEADT(0)), months,
                                     lib_day(PG_GETARG_DATEADT(2))));
}

/* relmark.months_completed(start, as_of): whole months of cooperation. */
PG_FUNCTION_INFO_V1(rmk_months_completed_pg);
Datum rmk_months_completed_pg(PG_FUNCTION_ARGS)
{
    PG_RETURN_INT32(rmk_months_completed(lib_day(PG_GETARG_DATEADT(0)),
                                         lib_day(PG_GETARG_DATEADT(1))));
}

/* relmark.invoice_payment(invoice_day, due, paid, prepaid, as_of, grace):
 * 'prepaid', 'on_time', 'late', 'pending' or 'unknown'; NULL due, paid or
 * prepaid = not known, as an empty cell in a file. */
PG_FUNCTION_INFO_V1(rmk_invoice_payment_pg);
Datum rmk_invoice_payment_pg(PG_FUNCTION_ARGS)
{
    need(fcinfo, 0, "the invoice date");
    need(fcinfo, 4, "the as-of date");
    int grace = PG_ARGISNULL(5) ? 0 : PG_GETARG_INT32(5);
    if (grace < 0 || grace > 365)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: grace_days must be 0..365 (docs/rating.md)")));
    int prepaid = PG_ARGISNULL(3) ? -1 : PG_GETARG_BOOL(3) ? 1 : 0;
    rmk_payment p = rmk_invoice_payment(date_arg(fcinfo, 0), date_arg(fcinfo, 1),
                                        date_arg(fcinfo, 2), prepaid, date_arg(fcinfo, 4), grace);
    PG_RETURN_TEXT_P(cstring_to_text(rmk_payment_key(p)));
}

/* ------------------------------------------------ the customers' words */

static int word_arg(FunctionCallInfo fcinfo, int (*of)(const char *, size_t), const char *what,
                    const char *expected)
{
    text *t = PG_GETARG_TEXT_PP(0);
    const char *v = VARDATA_ANY(t);
    size_t n = VARSIZE_ANY_EXHDR(t);
    while (n && (*v == ' ' || *v == '\t')) v++, n--; /* a cell's blanks, as the reader trims */
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) n--;
    int x = of(v, n);
    if (x < 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: \"%s\" is not a %s (expected %s)",
                               text_to_cstring(t), what, expected)));
    return x;
}

/* relmark.client_type(text): 'individual', 'corporate', or NULL for an
 * empty cell; the customers file's words (юрлицо, b2c ...) are read too. */
PG_FUNCTION_INFO_V1(rmk_client_type_pg);
Datum rmk_client_type_pg(PG_FUNCTION_ARGS)
{
    int x = word_arg(fcinfo, custfile_type_of, "client type",
                     "corporate or individual, юрлицо or физлицо");
    if (x == CUST_TYPE_UNKNOWN) PG_RETURN_NULL();
    PG_RETURN_TEXT_P(cstring_to_text(x == CUST_TYPE_INDIVIDUAL ? "individual" : "corporate"));
}

/* relmark.client_status(text): 'lead', 'qualified', 'disqualified', or
 * NULL for an empty cell or a client. */
PG_FUNCTION_INFO_V1(rmk_client_status_pg);
Datum rmk_client_status_pg(PG_FUNCTION_ARGS)
{
    static const char *const key[] = {NULL, "lead", "qualified", "disqualified"};
    int x = word_arg(fcinfo, custfile_status_of, "client status",
                     "lead, qualified, disqualified or empty");
    if (!key[x]) PG_RETURN_NULL();
    PG_RETURN_TEXT_P(cstring_to_text(key[x]));
}

/* ---------------------------------------------------------- the scale */

/* The scale of an INI text (NULL: the shipped one), parsed once per backend
 * and text: rating a million clients parses it once. */
static const rmk_scale *scale_arg(FunctionCallInfo fcinfo, int i)
{
    static rmk_scale *shipped, *own;
    static char *own_text; /* malloc'd: lives with `own`, beyond any query */
    rmk_status st;
    char err[512];
    if (PG_ARGISNULL(i)) {
        if (!shipped && !(shipped = rmk_scale_default(&st, err, sizeof err)))
            ereport(ERROR, (errmsg("relmark: %s", err)));
        return shipped;
    }
    text *t = PG_GETARG_TEXT_PP(i);
    size_t n = VARSIZE_ANY_EXHDR(t);
    if (own && strlen(own_text) == n && memcmp(own_text, VARDATA_ANY(t), n) == 0) return own;
    rmk_scale *s = rmk_scale_parse(VARDATA_ANY(t), n, "scale", &st, err, sizeof err);
    if (!s)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: the scale: %s", err),
                        errdetail("A scale is the INI text of docs/rating.md, \"Changing the scale\".")));
    char *copy = malloc(n + 1);
    if (!copy) {
        rmk_scale_free(s);
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
    }
    memcpy(copy, VARDATA_ANY(t), n);
    copy[n] = 0;
    rmk_scale_free(own);
    free(own_text);
    own = s;
    own_text = copy;
    return own;
}

/* relmark.scale_window_months(scale), relmark.scale_grace_days(scale) */
PG_FUNCTION_INFO_V1(rmk_scale_window_months_pg);
Datum rmk_scale_window_months_pg(PG_FUNCTION_ARGS)
{
    PG_RETURN_INT32(rmk_scale_window_months(scale_arg(fcinfo, 0)));
}
PG_FUNCTION_INFO_V1(rmk_scale_grace_days_pg);
Datum rmk_scale_grace_days_pg(PG_FUNCTION_ARGS)
{
    PG_RETURN_INT32(rmk_scale_grace_days(scale_arg(fcinfo, 0)));
}

static int64 count_arg(FunctionCallInfo fcinfo, int i)
{
    int64 v = PG_ARGISNULL(i) ? 0 : PG_GETARG_INT64(i);
    if (v < 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: invoice line counts must be >= 0")));
    return v;
}

/* relmark.rate_client(window_net, total_net, first_quarter, last_quarter,
 * first_purchase, contract_start, as_of, prepaid, on_time, late, scale,
 * lang, decimals): the row `relmark rate --format csv` prints for the
 * client (without its id). Money in minor units (relmark.minor_units);
 * NULL sums are 0, NULL dates and counts none. */
PG_FUNCTION_INFO_V1(rmk_rate_client_pg);
Datum rmk_rate_client_pg(PG_FUNCTION_ARGS)
{
    need(fcinfo, 6, "the as-of date");
    const rmk_scale *s = scale_arg(fcinfo, 10);
    const char *lang = lang_arg(fcinfo, 11);
    int dec = PG_ARGISNULL(12) ? 2 : PG_GETARG_INT32(12);
    if (dec < 0 || dec > 6)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: decimals must be 0..6")));
    rmk_client_facts f = {
        .window_net = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT64(0),
        .total_net = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT64(1),
        .first_quarter = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT64(2),
        .last_quarter = PG_ARGISNULL(3) ? 0 : PG_GETARG_INT64(3),
        .first_purchase = date_arg(fcinfo, 4),
        .contract_start = date_arg(fcinfo, 5),
        .as_of = date_arg(fcinfo, 6),
        .prepaid = (size_t)count_arg(fcinfo, 7),
        .on_time = (size_t)count_arg(fcinfo, 8),
        .late = (size_t)count_arg(fcinfo, 9)};
    rmk_rated_client r;
    memset(&r, 0, sizeof r);
    rmk_scale_rate_client(s, &f, &r);

    TupleDesc td;
    if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
        elog(ERROR, "relmark.rate_client must return a composite type");
    td = BlessTupleDesc(td);
    char share[64], growth[64];
    snprintf(share, sizeof share, "%.*f", dec, r.share_pct); /* as the CLI prints them */
    snprintf(growth, sizeof growth, "%.*f", dec, r.growth_pct);
    /* CSV in English carries the category's key; Russian its name (cli/rate.c) */
    int ru = strcmp(lang, "ru") == 0;
    Datum v[13] = {
        CStringGetTextDatum(share),
        Int32GetDatum(r.share_points),
        Int32GetDatum(r.cooperation_months),
        Int32GetDatum(r.cooperation_points),
        CStringGetTextDatum(rmk_payment_name(r.payment, lang)),
        Int32GetDatum(r.payment_points),
        CStringGetTextDatum(growth),
        Int32GetDatum(r.growth_points),
        Int32GetDatum(r.total),
        CStringGetTextDatum(ru ? rmk_scale_category_name(s, r.category, lang)
                               : rmk_scale_category_key(s, r.category)),
        CStringGetTextDatum(rmk_scale_category_package(s, r.category, lang)),
        CStringGetTextDatum(rmk_payment_key(r.payment)),
        CStringGetTextDatum(rmk_scale_category_key(s, r.category))};
    bool nulls[13] = {0};
    nulls[6] = !r.growth_known; /* unknown: no sales in the first quarter */
    PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, v, nulls)));
}

/* --------------------------------------------------------- the ladder */

static int32 opt_int(FunctionCallInfo fcinfo, int i, int32 def, int32 lo, int32 hi,
                     const char *name)
{
    int32 v = PG_ARGISNULL(i) ? def : PG_GETARG_INT32(i);
    if (v < lo || v > hi) /* the CLI's bounds: docs/stages.md */
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("relmark: %s must be %d..%d", name, lo, hi)));
    return v;
}

/* relmark.ladder_stage(purchases, recency_days, quarters, lapse_num,
 * lapse_den, status, structural_bond, top_category, nps, referrals,
 * lapse_days, lapse_factor, former_factor, client_purchases,
 * client_quarters, friend_nps, friend_referrals): the stage's key. The
 * lapse threshold is lapse_days when > 0, else lapse_factor x the median
 * lapse_num/lapse_den days (NULL: no customer with two purchase days, no
 * one lapses). The bounds are the CLI's options'. */
PG_FUNCTION_INFO_V1(rmk_ladder_stage_pg);
Datum rmk_ladder_stage_pg(PG_FUNCTION_ARGS)
{
    need(fcinfo, 0, "purchases");
    rmk_stage_opts o;
    rmk_stage_opts_init(&o);
    o.lapse_days = opt_int(fcinfo, 10, 0, 0, 100000, "lapse_days");
    o.lapse_factor = opt_int(fcinfo, 11, o.lapse_factor, 1, 100000, "lapse_factor");
    o.former_factor = opt_int(fcinfo, 12, o.former_factor, 1, 100000, "former_factor");
    o.client_purchases = opt_int(fcinfo, 13, o.client_purchases, 1, 100000, "client_purchases");
    o.client_quarters = opt_int(fcinfo, 14, o.client_quarters, 0, 4, "client_quarters");
    o.friend_nps = opt_int(fcinfo, 15, o.friend_nps, 0, 10, "friend_nps");
    o.friend_referrals = opt_int(fcinfo, 16, o.friend_referrals, 1, 100000, "friend_referrals");
    rmk_lapse l = {.den = 1};
    if (o.lapse_days > 0) {
        l.fixed = 1;
        l.num = o.lapse_days;
    } else if (!PG_ARGISNULL(3) && !PG_ARGISNULL(4)) {
        l.num = PG_GETARG_INT64(3);
        l.den = PG_GETARG_INT64(4);
        if (l.num < 0 || l.den <= 0)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("relmark: the lapse median needs lapse_num >= 0 and "
                                   "lapse_den > 0")));
        l.repeat_customers = 1;
    }
    rmk_ladder_facts f = {.purchases = PG_GETARG_INT64(0), .structural_bond = -1, .nps = -1,
                          .referrals = -1};
    if (f.purchases > 0) {
        need(fcinfo, 1, "recency_days (with purchases)");
        f.recency_days = PG_GETARG_INT32(1);
        f.quarters = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT32(2);
    }
    if (!PG_ARGISNULL(5)) {
        const char *st = text_to_cstring(PG_GETARG_TEXT_PP(5));
        f.status = custfile_status_of(st, strlen(st));
        if (f.status < 0)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("relmark: \"%s\" is not a client status", st)));
    }
    if (!PG_ARGISNULL(6)) f.structural_bond = PG_GETARG_BOOL(6);
    f.top_category = !PG_ARGISNULL(7) && PG_GETARG_BOOL(7);
    if (!PG_ARGISNULL(8)) f.nps = opt_int(fcinfo, 8, 0, 0, 10, "nps");
    if (!PG_ARGISNULL(9)) f.referrals = (long)Min(PG_GETARG_INT64(9), 1000000000);
    PG_RETURN_TEXT_P(cstring_to_text(rmk_stage_key(rmk_ladder_stage(&o, &l, &f))));
}

/* relmark.stage_name(key, lang), relmark.stage_phase(key): the ladder's
 * labels (docs/stages.md); NULL for a key that is not a stage. */
static int stage_of(FunctionCallInfo fcinfo)
{
    char *k = text_to_cstring(PG_GETARG_TEXT_PP(0));
    for (int s = 0; s < RMK_STAGE_COUNT; s++)
        if (strcmp(k, rmk_stage_key((rmk_stage)s)) == 0) return s;
    return -1;
}
PG_FUNCTION_INFO_V1(rmk_stage_name_pg);
Datum rmk_stage_name_pg(PG_FUNCTION_ARGS)
{
    int s = stage_of(fcinfo);
    const char *lang = lang_arg(fcinfo, 1);
    if (s < 0) PG_RETURN_NULL();
    PG_RETURN_TEXT_P(cstring_to_text(rmk_stage_name((rmk_stage)s, lang)));
}
PG_FUNCTION_INFO_V1(rmk_stage_phase_pg);
Datum rmk_stage_phase_pg(PG_FUNCTION_ARGS)
{
    int s = stage_of(fcinfo);
    if (s < 0) PG_RETURN_NULL();
    PG_RETURN_TEXT_P(cstring_to_text(rmk_phase_key(rmk_stage_phase((rmk_stage)s))));
}
