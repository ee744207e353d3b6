/* SPDX-License-Identifier: MIT */
/* survey.c — the relationship-quality survey (lecture §4 "Evaluating the
 * effectiveness of relationships"; SPEC §3.8): the answers read
 * (survey_answers.c) against a questionnaire (survey_questionnaire.c) are
 * scored here: the component indices 0..100, the overall index, the weak
 * flags and Cronbach's alpha (docs/survey.md). */
#include "survey.h"
#include "errmsg.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9           /* index points: "below a threshold" ignores float noise */

struct rmk_survey {
    const rmk_questionnaire *q;
    rmk_survey_client *c;
    size_t nc;
    double *index;   /* nc x ncomp */
    char *arena;     /* the ids */
    rmk_survey_summary sum[RMK_SURVEY_MAX_COMPONENTS + 1];
    double weak_overall, weak_component;
    rmk_survey_stats st;
};

void rmk_survey_opts_init(rmk_survey_opts *o)
{
    o->as_of = RMK_NO_DATE;
    o->weak_overall = -1;
    o->weak_component = -1;
}

void rmk_survey_free(rmk_survey *s)
{
    if (!s) return;
    free(s->c);
    free(s->index);
    free(s->arena);
    free(s);
}

const rmk_questionnaire *rmk_survey_questionnaire(const rmk_survey *s) { return s->q; }
size_t rmk_survey_count(const rmk_survey *s) { return s ? s->nc : 0; }
const rmk_survey_client *rmk_survey_at(const rmk_survey *s, size_t i)
{
    return s && i < s->nc ? &s->c[i] : NULL;
}
int rmk_survey_summary_get(const rmk_survey *s, int c, rmk_survey_summary *out)
{
    if (!s || c < 0 || c > s->q->ncomp) return 0;
    *out = s->sum[c];
    return 1;
}
double rmk_survey_weak_overall(const rmk_survey *s) { return s->weak_overall; }
double rmk_survey_weak_component(const rmk_survey *s) { return s->weak_component; }
void rmk_survey_get_stats(const rmk_survey *s, rmk_survey_stats *st)
{
    if (s) *st = s->st;
    else memset(st, 0, sizeof *st);
}

/* Per component while scoring. */
typedef struct acc {
    __int128 sum_t, sum_tt; /* totals of complete responses */
    size_t complete;
} acc;

static int below(double v, double threshold) { return !isnan(v) && v < threshold - EPS; }

/* Cronbach's alpha from exact integer sums: with n complete responses,
 * n(n-1) x a sample variance = n sum x^2 - (sum x)^2 for every item and for
 * the totals, so the ratio of variances is exact before one division. */
static double alpha(int k, size_t n, const __int128 *sx, const __int128 *sxx, const int *items,
                    const acc *a)
{
    if (k < 3 || n < 2) return NAN;
    __int128 vi = 0, nn = (__int128)n;
    for (int j = 0; j < k; j++) vi += nn * sxx[items[j]] - sx[items[j]] * sx[items[j]];
    __int128 vt = nn * a->sum_tt - a->sum_t * a->sum_t;
    if (vt <= 0) return NAN;
    return (double)k / (double)(k - 1) * ((long double)(vt - vi) / (long double)vt);
}

/* The scoring's running sums. */
typedef struct work {
    int16_t *vals;      /* one response's answers by item, MISSING when none */
    __int128 *sx, *sxx; /* per item: sums of the complete responses' answers and squares */
    acc *a;             /* per component: totals of its complete responses */
    double *sum;        /* per component: one client's sum of its responses' raw scores */
    size_t *cnt;        /* per component: one client's responses with an answer in it */
    double *mean_sum;   /* per component, then overall: the sum of the clients' indices */
    size_t cap;         /* clients s->c and s->index have room for */
} work;

/* One response (w->vals) into the client's sums: per component the mean of
 * its answered items' x - min (a reversed item's x is min + max - x); a
 * response complete in a component also into alpha's sums. */
static void add_response(const rmk_questionnaire *q, rmk_survey *s, work *w)
{
    const int16_t *vals = w->vals;
    for (int c = 0; c < q->ncomp; c++) {
        const sv_component *k = &q->comp[c];
        long long S = 0, T = 0;
        int n = 0;
        for (int j = 0; j < k->nitems; j++) {
            int it = k->item[j];
            if (vals[it] == MISSING) continue;
            int x = q->item[it].reverse ? q->min + q->max - vals[it] : vals[it];
            S += x - q->min;
            T += x;
            n++;
        }
        if (!n) continue;
        w->sum[c] += (double)S / n;
        w->cnt[c]++;
        s->sum[c].respondents++;
        if (n == k->nitems) {
            for (int j = 0; j < k->nitems; j++) {
                int it = k->item[j];
                int x = q->item[it].reverse ? q->min + q->max - vals[it] : vals[it];
                w->sx[it] += x;
                w->sxx[it] += (__int128)x * x;
            }
            w->a[c].sum_t += T;
            w->a[c].sum_tt += (__int128)T * T;
            w->a[c].complete++;
        }
    }
}

/* One client's rows [i, e), response by response, into w's sums; the
 * responses with an answer (one without is counted as empty), and
 * *answers their answers. */
static size_t client_responses(const sv_reader *rd, size_t i, size_t e, const rmk_questionnaire *q,
                               rmk_survey *s, work *w, size_t *answers)
{
    size_t responses = 0;
    *answers = 0;
    memset(w->sum, 0, (size_t)q->ncomp * sizeof *w->sum);
    memset(w->cnt, 0, (size_t)q->ncomp * sizeof *w->cnt);
    for (size_t r = i; r < e;) {
        size_t re = r + 1;
        while (re < e && !survey_response_cmp(&rd->r[re], &rd->r[r])) re++;
        for (int t = 0; t < q->nitem; t++) w->vals[t] = MISSING;
        size_t answered = 0;
        for (size_t k = r; k < re; k++)
            if (rd->r[k].item >= 0 && rd->r[k].value != MISSING && rd->r[k].value != DROPPED) {
                w->vals[rd->r[k].item] = rd->r[k].value;
                answered++;
            }
        r = re;
        if (!answered) {
            s->st.empty_responses++;
            continue;
        }
        responses++;
        *answers += answered;
        add_response(q, s, w);
    }
    return responses;
}

/* A client with responses (its first row `first`) into the result: each
 * component's index 0..100 (the mean raw score over the scale's range), the
 * overall index (their weighted mean), the weak flags. 0, or -1 out of
 * memory. */
static int add_client(const sv_row *first, size_t responses, size_t answers,
                      const rmk_questionnaire *q, rmk_survey *s, work *w)
{
    int nc = q->ncomp;
    double range = (double)(q->max - q->min);
    if (s->nc == w->cap) {
        size_t ncap = w->cap ? w->cap * 2 : 64;
        rmk_survey_client *cl = realloc(s->c, ncap * sizeof *cl);
        if (!cl) return -1;
        s->c = cl;
        double *ix = realloc(s->index, ncap * (size_t)nc * sizeof *ix);
        if (!ix) return -1;
        s->index = ix;
        w->cap = ncap;
    }
    rmk_survey_client *cl = &s->c[s->nc];
    double *ix = s->index + s->nc * (size_t)nc;
    memset(cl, 0, sizeof *cl);
    cl->customer_id = first->id.p;
    cl->id_len = first->id_len;
    cl->respondents = responses;
    cl->answers = answers;
    double wsum = 0, wx = 0;
    for (int c = 0; c < nc; c++) {
        ix[c] = w->cnt[c] ? w->sum[c] * 100.0 / (range * (double)w->cnt[c]) : NAN;
        if (!w->cnt[c]) continue;
        s->sum[c].clients++;
        w->mean_sum[c] += ix[c];
        wsum += q->comp[c].weight;
        wx += q->comp[c].weight * ix[c];
        if (below(ix[c], s->weak_component)) {
            cl->weak_components |= 1u << c;
            s->sum[c].weak_clients++;
        }
    }
    cl->overall = wsum > 0 ? wx / wsum : NAN;
    if (!isnan(cl->overall)) {
        s->sum[nc].clients++;
        w->mean_sum[nc] += cl->overall;
    }
    cl->weak_overall = below(cl->overall, s->weak_overall);
    if (cl->weak_overall) s->sum[nc].weak_clients++;
    cl->weak = cl->weak_overall || cl->weak_components;
    if (cl->weak) s->st.weak_clients++;
    s->nc++;
    return 0;
}

/* The summaries, per component and overall (index nc): the mean index and,
 * per component, Cronbach's alpha over its complete responses. */
static void summaries(const rmk_questionnaire *q, rmk_survey *s, const work *w)
{
    int nc = q->ncomp;
    s->sum[nc].respondents = s->st.responses;
    for (int c = 0; c <= nc; c++) {
        rmk_survey_summary *m = &s->sum[c];
        m->mean_index = m->clients ? w->mean_sum[c] / (double)m->clients : NAN;
        m->cronbach_alpha = NAN;
        if (c < nc) {
            m->alpha_respondents = w->a[c].complete;
            m->cronbach_alpha = alpha(q->comp[c].nitems, w->a[c].complete, w->sx, w->sxx,
                                      q->comp[c].item, &w->a[c]);
        }
    }
}

/* The sorted rows into the clients' indices and the summaries. */
static rmk_status score(const sv_reader *rd, const rmk_questionnaire *q, rmk_survey *s, char *err,
                        size_t errlen)
{
    int nc = q->ncomp, ni = q->nitem;
    work w;
    memset(&w, 0, sizeof w);
    w.vals = malloc((size_t)ni * sizeof *w.vals);
    w.sx = calloc((size_t)ni, sizeof *w.sx), w.sxx = calloc((size_t)ni, sizeof *w.sxx);
    w.a = calloc((size_t)nc, sizeof *w.a);
    w.sum = calloc((size_t)nc, sizeof *w.sum);
    w.mean_sum = calloc((size_t)nc + 1, sizeof *w.mean_sum);
    w.cnt = calloc((size_t)nc, sizeof *w.cnt);
    rmk_status st = RMK_OK;
    if (!w.vals || !w.sx || !w.sxx || !w.a || !w.sum || !w.mean_sum || !w.cnt) st = RMK_ERR_NOMEM;
    for (int c = 0; c <= nc; c++) {
        memset(&s->sum[c], 0, sizeof s->sum[c]);
        s->sum[c].items = c < nc ? q->comp[c].nitems : ni;
    }
    for (size_t i = 0, e; st == RMK_OK && i < rd->n; i = e) {
        /* one client: rows [i, e) */
        e = i + 1;
        while (e < rd->n &&
               !survey_cmp_bytes(rd->r[e].id.p, rd->r[e].id_len, rd->r[i].id.p, rd->r[i].id_len))
            e++;
        size_t answers, responses = client_responses(rd, i, e, q, s, &w, &answers);
        s->st.responses += responses;
        s->st.answers += answers;
        if (responses && add_client(&rd->r[i], responses, answers, q, s, &w)) st = RMK_ERR_NOMEM;
    }
    if (st == RMK_OK) {
        summaries(q, s, &w);
        /* the index pointers, now that the block no longer moves */
        for (size_t k = 0; k < s->nc; k++) s->c[k].index = s->index + k * (size_t)nc;
        s->st.clients = s->nc;
    } else {
        rmk_nomem(err, errlen);
    }
    free(w.vals);
    free(w.sx);
    free(w.sxx);
    free(w.a);
    free(w.sum);
    free(w.mean_sum);
    free(w.cnt);
    return st;
}

static rmk_status finish(csv_reader *cr, const rmk_questionnaire *q, const rmk_read_opts *ro,
                         const rmk_survey_opts *o, rmk_survey **out, char *err, size_t errlen)
{
    sv_reader rd;
    memset(&rd, 0, sizeof rd);
    const char *fname = csv_name(cr);
    char name[256];
    snprintf(name, sizeof name, "%s", fname);
    rmk_survey *s = calloc(1, sizeof *s);
    rmk_status st = s ? survey_answers_read(cr, q, ro, o->as_of, &rd, err, errlen) : RMK_ERR_NOMEM;
    csv_close(cr);
    if (!s) rmk_nomem(err, errlen);
    if (st == RMK_OK) st = survey_answers_sort(&rd, q, name, ro->skip_bad, err, errlen);
    if (st == RMK_OK) {
        s->q = q;
        s->weak_overall = o->weak_overall >= 0 ? o->weak_overall : q->weak_overall;
        s->weak_component = o->weak_component >= 0 ? o->weak_component : q->weak_component;
        s->st = rd.st;
        st = score(&rd, q, s, err, errlen);
    }
    if (st == RMK_OK && s->nc == 0) {
        snprintf(err, errlen, "%s: no answers to score%s", name,
                 rd.st.rows_skipped ? " (every row was skipped)"
                 : rd.st.rows_after_as_of ? " on or before the as-of date" : "");
        st = RMK_ERR_EMPTY;
    }
    free(rd.r);
    if (st) {
        free(rd.arena);
        rmk_survey_free(s);
        return st;
    }
    s->arena = rd.arena;
    *out = s;
    return RMK_OK;
}

static rmk_status prepare(const rmk_questionnaire *q, const rmk_read_opts **ro, rmk_read_opts *rdef,
                          const rmk_survey_opts **o, rmk_survey_opts *odef, rmk_survey **out,
                          char *err, size_t errlen)
{
    if (out) *out = NULL;
    if (!*ro) {
        rmk_read_opts_init(rdef);
        *ro = rdef;
    }
    if (!*o) {
        rmk_survey_opts_init(odef);
        *o = odef;
    }
    if (!out || !q) {
        snprintf(err, errlen, "survey: %s", !q ? "no questionnaire" : "no place for the result");
        return RMK_ERR_USAGE;
    }
    if ((*o)->weak_overall > 100 || (*o)->weak_component > 100 || isnan((*o)->weak_overall) ||
        isnan((*o)->weak_component)) {
        snprintf(err, errlen, "survey: a weak threshold above 100 index points");
        return RMK_ERR_USAGE;
    }
    return RMK_OK;
}

rmk_status rmk_survey_file(const char *path, const rmk_questionnaire *q, const rmk_read_opts *ro,
                           const rmk_survey_opts *o, rmk_survey **out, char *err, size_t errlen)
{
    char buf[512];
    if (!err) err = buf, errlen = sizeof buf;
    rmk_read_opts rdef;
    rmk_survey_opts odef;
    rmk_status st = prepare(q, &ro, &rdef, &o, &odef, out, err, errlen);
    if (st) return st;
    csv_reader *cr = csv_open_sheet(path, ro->encoding, ro->delimiter, ro->sheet, &st, err, errlen);
    return cr ? finish(cr, q, ro, o, out, err, errlen) : st;
}

rmk_status rmk_survey_mem(const char *data, size_t len, const char *name, const rmk_questionnaire *q,
                          const rmk_read_opts *ro, const rmk_survey_opts *o, rmk_survey **out,
                          char *err, size_t errlen)
{
    char buf[512];
    if (!err) err = buf, errlen = sizeof buf;
    rmk_read_opts rdef;
    rmk_survey_opts odef;
    rmk_status st = prepare(q, &ro, &rdef, &o, &odef, out, err, errlen);
    if (st) return st;
    csv_reader *cr = csv_open_mem_sheet(data, len, name, ro->encoding, ro->delimiter, ro->sheet, &st,
                                        err, errlen);
    return cr ? finish(cr, q, ro, o, out, err, errlen) : st;
}
