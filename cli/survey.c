/* SPDX-License-Identifier: MIT */
/* survey.c — `relmark survey`: the relationship-quality survey (lecture §4
 * "Evaluating the effectiveness of relationships"; SPEC §3.8). The library
 * reads the questionnaire and the answers and scores; this file formats. */
#include "cli.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char usage_text[] =
    "usage: relmark survey FILE [options]\n"
    "\n"
    "The quality of each client relationship (lecture §4, \"Evaluating the effectiveness\n"
    "of relationships\") from a survey of the clients: the answers to the questionnaire's\n"
    "Likert items become an index 0-100 per component (economic efficiency, strategic\n"
    "value, psychological value, evaluation of the relationship) and an overall index;\n"
    "weak relationships are flagged. --summary gives per component the items, the\n"
    "respondents, the mean index and Cronbach's alpha. Definitions: docs/survey.md.\n"
    "\n"
    "FILE holds the answers, in one of two forms told apart by the header:\n"
    "  long: customer_id, item, answer (and optionally respondent, date), a row an answer\n"
    "  wide: customer_id (respondent, date), then a column per item key, a row a response\n"
    "Empty answers are skipped, never zeros; a client's responses are averaged.\n"
    "\n"
    "Survey:\n"
    "  --questionnaire FILE  items, components, scale and thresholds (INI; default: the\n"
    "                        lecture's components, data/survey/questionnaire.ini)\n"
    "  --weak N              weak below an overall index of N (default: the\n"
    "                        questionnaire's, 50)\n"
    "  --weak-component N    ... or below N in any component (default: 40)\n"
    "  --weak-only           the weak relationships' rows only\n"
    "  --summary             per component: items, respondents, mean index, alpha\n"
    "  --as-of DATE          answers dated after DATE are ignored\n"
    "{reading}\n"
    "  (--skip-bad: in the wide form, columns that are no item are ignored too); no\n"
    "  --map: the columns are found by the header\n"
    "Output: --format table|csv|json   --lang en|ru   --excel   --wide\n"
    "  --decimals N (of the indices, 0-4, default 2)   -o, --output FILE\n"
    "  --config FILE ([input], [survey], [output])   -h, --help\n"
    "CSV columns: customer_id, a column per component key, overall, weak, respondents,\n"
    "weak_in. --summary: component, items, respondents, mean_index, cronbach_alpha.\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or no answers, 66 no input,\n"
    "71 out of memory, 73 cannot create the output, 74 I/O, 78 questionnaire or config error.\n";

static int set_weak_only(cli_opts *o, const char *name, const char *v, const char *where)
{
    (void)name;
    int b = cli_on_off(v);
    if (b < 0) return cli_bad(where, "weak-only", v, CLI_ON_OFF_EXPECTED);
    o->sv.weak_only = b;
    return 0;
}

/* --weak, --weak-component: index points 0-100 */
static int set_weak(cli_opts *o, const char *name, const char *v, const char *where)
{
    char *end;
    double x = strtod(v, &end);
    int ok = end != v && !*end && x >= 0 && x <= 100, c = name[4] != 0; /* "weak" or "weak-component" */
    for (const char *p = v; ok && *p; p++) ok = (*p >= '0' && *p <= '9') || *p == '.';
    if (!ok) return cli_bad(where, c ? "weak-component" : "weak", v, "index points 0-100");
    o->sv.weak[c] = x;
    o->sv.weak_set[c] = 1;
    return 0;
}

static const cli_option options[] = {
    CLI_TEXT_AT("questionnaire", sv.questionnaire), CLI_VALUE_BY("weak", set_weak),
    CLI_VALUE_BY("weak-component", set_weak), {.name = "weak-only", .kind = CLI_SWITCH, .set = set_weak_only},
    CLI_OPT_SUMMARY, {0}};

static int run(cli_ctx *c);

const cli_command cli_survey = {
    .name = "survey",
    .summary = {"relationship quality from a client survey: component indices 0-100,",
                "overall index, weak relationships; --summary: Cronbach's alpha"},
    .usage = usage_text,
    .file = "answers",
    .options = options,
    .by_header = 1,
    .section = "survey",
    .run = run,
};

/* ---------------------------------------------------------- formatting */

static int ru(const cli_opts *o) { return !strcmp(o->lang, "ru"); }

/* v rounded half away from zero to d decimals ("" for NaN). The indices
 * are means of whole answers: a tie like 12.5 may come out of the float
 * arithmetic a hair below it, so a tie is recognised within 1e-7 units of
 * the last digit. */
static char *fixed(char *b, double v, int d)
{
    if (isnan(v)) {
        b[0] = 0;
        return b;
    }
    long long p = 1;
    for (int i = 0; i < d; i++) p *= 10;
    double r = fabs(v) * (double)p;
    long long n = (long long)floor(r + 0.5 + 1e-7);
    const char *sign = v < 0 && n ? "-" : "";
    if (d) snprintf(b, 40, "%s%lld.%0*lld", sign, n / p, d, n % p);
    else snprintf(b, 40, "%s%lld", sign, n);
    return b;
}

/* a threshold: "50", "47.5" */
static char *points(char *b, double v)
{
    snprintf(b, 32, "%.4g", v);
    return b;
}

/* What fell below its threshold: keys (CSV, JSON) or labels (table). */
static void weak_in(char *b, size_t cap, const rmk_survey_client *c, const rmk_questionnaire *q,
                    const cli_opts *o, int table)
{
    size_t at = 0;
    b[0] = 0;
    if (c->weak_overall)
        at += (size_t)snprintf(b + at, cap - at, "%s", table && ru(o) ? "итог" : "overall");
    for (int k = 0; k < rmk_questionnaire_component_count(q) && at < cap; k++)
        if (c->weak_components & (1u << k))
            at += (size_t)snprintf(b + at, cap - at, "%s%s", at ? " " : "",
                                   table ? rmk_questionnaire_component_label(q, k, o->lang)
                                         : rmk_questionnaire_component_key(q, k));
}

static void print_rows(out *w, const cli_opts *o, const rmk_survey *s)
{
    const rmk_questionnaire *q = rmk_survey_questionnaire(s);
    int nc = rmk_questionnaire_component_count(q), R = ru(o), T = w->fmt == FMT_TABLE;
    int ncol = nc + 5;
    const char *keys[RMK_SURVEY_MAX_COMPONENTS + 5], *labels[RMK_SURVEY_MAX_COMPONENTS + 5];
    char types[RMK_SURVEY_MAX_COMPONENTS + 6];
    keys[0] = "customer_id";
    labels[0] = R ? "клиент" : "customer_id";
    types[0] = 's';
    for (int k = 0; k < nc; k++) {
        keys[k + 1] = rmk_questionnaire_component_key(q, k);
        labels[k + 1] = rmk_questionnaire_component_label(q, k, o->lang);
        types[k + 1] = 'n';
    }
    static const char *tail_keys[4] = {"overall", "weak", "respondents", "weak_in"};
    static const char *tail_ru[4] = {"итог", "слабые", "респондентов", "ниже_порога"};
    for (int k = 0; k < 4; k++) {
        keys[nc + 1 + k] = tail_keys[k];
        labels[nc + 1 + k] = R ? tail_ru[k] : tail_keys[k];
    }
    /* weak: true/false, bare in JSON ('n'); a word in the table */
    memcpy(types + nc + 1, T ? "nsns" : "nnns", 5);
    out_table_begin(w, ncol, keys, labels, types);
    char cell[RMK_SURVEY_MAX_COMPONENTS + 1][40], ov[40], rs[32], wi[600];
    const char *row[RMK_SURVEY_MAX_COMPONENTS + 5];
    for (size_t i = 0; i < rmk_survey_count(s); i++) {
        const rmk_survey_client *c = rmk_survey_at(s, i);
        if (o->sv.weak_only && !c->weak) continue;
        row[0] = c->customer_id;
        for (int k = 0; k < nc; k++) row[k + 1] = fixed(cell[k], c->index[k], o->decimals);
        row[nc + 1] = fixed(ov, c->overall, o->decimals);
        row[nc + 2] = T ? (c->weak ? (R ? "да" : "yes") : "") : c->weak ? "true" : "false";
        snprintf(rs, sizeof rs, "%zu", c->respondents);
        row[nc + 3] = rs;
        weak_in(wi, sizeof wi, c, q, o, T);
        row[nc + 4] = wi;
        out_table_row(w, row);
    }
    out_table_end(w);
}

static void print_summary(out *w, const cli_opts *o, const rmk_survey *s, const char *qname)
{
    const rmk_questionnaire *q = rmk_survey_questionnaire(s);
    int nc = rmk_questionnaire_component_count(q), R = ru(o);
    rmk_survey_stats st;
    rmk_survey_get_stats(s, &st);
    char t1[32], t2[32];
    points(t1, rmk_survey_weak_overall(s));
    points(t2, rmk_survey_weak_component(s));
    out_text(w, R ? "%s (%s): клиентов %zu, анкет %zu, шкала %d..%d\n"
                    "Слабые взаимоотношения: %zu (итоговый индекс ниже %s или индекс компонента ниже %s)\n\n"
                  : "%s (%s): %zu clients, %zu responses, scale %d..%d\n"
                    "Weak relationships: %zu (overall index below %s or a component below %s)\n\n",
             rmk_questionnaire_title(q, o->lang), qname, st.clients, st.responses,
             rmk_questionnaire_scale_min(q), rmk_questionnaire_scale_max(q), st.weak_clients, t1, t2);
    if (w->fmt == FMT_JSON) {
        fputs("{\"questionnaire\": ", w->f);
        out_json_str(w, rmk_questionnaire_title(q, o->lang));
        fprintf(w->f, ", \"scale_min\": %d, \"scale_max\": %d, \"clients\": %zu, \"responses\": %zu, "
                      "\"weak_clients\": %zu, \"weak_overall\": %s, \"weak_component\": %s, "
                      "\"components\": ",
                rmk_questionnaire_scale_min(q), rmk_questionnaire_scale_max(q), st.clients,
                st.responses, st.weak_clients, t1, t2);
    }
    static const char *keys[5] = {"component", "items", "respondents", "mean_index", "cronbach_alpha"};
    static const char *lab_ru[5] = {"компонент", "пунктов", "респондентов", "средний_индекс",
                                    "альфа_Кронбаха"};
    out_table_begin(w, 5, keys, R ? lab_ru : keys, "snnnn");
    for (int k = 0; k <= nc; k++) {
        rmk_survey_summary m;
        rmk_survey_summary_get(s, k, &m);
        char it[16], rs[32], mi[40], al[40];
        snprintf(it, sizeof it, "%d", m.items);
        snprintf(rs, sizeof rs, "%zu", m.respondents);
        fixed(mi, m.mean_index, o->decimals);
        fixed(al, m.cronbach_alpha, 4);
        const char *name = k < nc ? (w->fmt == FMT_TABLE ? rmk_questionnaire_component_name(q, k, o->lang)
                                                         : rmk_questionnaire_component_key(q, k))
                                  : (w->fmt == FMT_TABLE && R ? "Итоговый индекс"
                                     : w->fmt == FMT_TABLE    ? "Overall index"
                                                              : "overall");
        const char *row[5] = {name, it, rs, mi, al};
        out_table_row(w, row);
    }
    out_table_end(w);
    if (w->fmt == FMT_JSON) fputs("}\n", w->f);
}

/* nothing left out without a word */
static void notes(const rmk_survey *s)
{
    rmk_survey_stats stats;
    rmk_survey_get_stats(s, &stats);
    cli_note_skipped(stats.rows_skipped, NULL, stats.first_error);
    if (stats.ignored_columns)
        cli_tell("ignored %zu column%s that %s no item of the questionnaire; the first: '%s'",
                stats.ignored_columns, stats.ignored_columns > 1 ? "s" : "",
                stats.ignored_columns > 1 ? "are" : "is", stats.ignored_column);
    cli_note(stats.unasked_items, "item", "of the questionnaire %s no column, so no answers; the first: %s",
             stats.unasked_items > 1 ? "have" : "has", stats.unasked_item);
    if (stats.missing)
        cli_tell("%llu empty answer%s, not scored", (unsigned long long)stats.missing,
                stats.missing > 1 ? "s" : "");
    cli_note(stats.empty_responses, "response", "without any answer, left out");
}

static void view(out *w, const cli_opts *o, const void *x)
{
    if (o->summary) {
        const char *qname = o->sv.questionnaire ? o->sv.questionnaire : "questionnaire.ini";
        const char *slash = strrchr(qname, '/');
        print_summary(w, o, x, slash ? slash + 1 : qname);
        return;
    }
    if (w->fmt == FMT_JSON) {
        const rmk_questionnaire *q = rmk_survey_questionnaire(x);
        char t1[32], t2[32];
        fputs("{\"components\": [", w->f);
        for (int k = 0; k < rmk_questionnaire_component_count(q); k++) {
            if (k) fputs(", ", w->f);
            out_json_str(w, rmk_questionnaire_component_key(q, k));
        }
        fprintf(w->f, "], \"weak_overall\": %s, \"weak_component\": %s, \"clients\": ",
                points(t1, rmk_survey_weak_overall(x)), points(t2, rmk_survey_weak_component(x)));
    }
    print_rows(w, o, x);
    out_json(w, "}\n");
}

static int run(cli_ctx *c)
{
    const cli_opts *o = c->o;
    rmk_survey *s = NULL;
    rmk_status st = RMK_OK;
    rmk_questionnaire *q = o->sv.questionnaire
                               ? rmk_questionnaire_load(o->sv.questionnaire, &st, c->err, sizeof c->err)
                               : rmk_questionnaire_default(&st, c->err, sizeof c->err);
    if (!q) return cli_error(rmk_status_exit_code(st), "%s", c->err);
    rmk_survey_opts so;
    rmk_survey_opts_init(&so);
    so.as_of = o->as_of;
    if (o->sv.weak_set[0]) so.weak_overall = o->sv.weak[0];
    if (o->sv.weak_set[1]) so.weak_component = o->sv.weak[1];
    cli_read_begin(c, c->path);
    int rc = cli_read_end(c, rmk_survey_file(c->path, q, &c->o->read, &so, &s, c->err, sizeof c->err),
                          c->err);
    if (!rc) {
        notes(s);
        rc = cli_print(c, view, s);
    }
    rmk_survey_free(s);
    rmk_questionnaire_free(q);
    return rc;
}
