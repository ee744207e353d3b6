/* SPDX-License-Identifier: MIT */
/* serve_api.c — the endpoints of `relmark serve` (docs/api.md): each
 * turns the library's live state (rmk_live) into JSON, or a posted batch
 * into the CSV text the library's reader checks and stores. */
#include "serve.h"
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- tokens */

/* the live tokens, loaded again at most once a second (token add, revoke
 * take effect within a second); skipped while a batch or a rescore holds
 * the workspace */
static int scope_of_request(srv *s, struct MHD_Connection *c)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || strncasecmp(h, "Bearer ", 7)) return -1;
    const char *tok = h + 7;
    while (*tok == ' ') tok++;
    pthread_mutex_lock(&s->tok_mu);
    double now = srv_now();
    if (now - s->tok_checked >= 1.0 && !pthread_mutex_trylock(&s->write_mu)) {
        s->tok_checked = now;
        rmk_tokens *t = NULL;
        rmk_ws *ws = NULL;
        char err[512];
        if (!rmk_ws_open(s->path, RMK_WS_READONLY, &ws, err, sizeof err) &&
            !rmk_ws_tokens_load(ws, &t, err, sizeof err)) {
            rmk_tokens_free(s->tokens);
            s->tokens = t;
        } else {
            rmk_tokens_free(t);
        }
        rmk_ws_close(ws);
        pthread_mutex_unlock(&s->write_mu);
    }
    int scope = rmk_tokens_check(s->tokens, tok, strlen(tok));
    pthread_mutex_unlock(&s->tok_mu);
    return scope;
}

static const char *const scope_name[] = {"", "read", "write", "admin"};

/* 0 when the request's token has scope need; else the 401 or 403 is queued (1) */
static int refused(srv *s, struct MHD_Connection *c, srv_req *q, int need, enum MHD_Result *r)
{
    int got = scope_of_request(s, c);
    if (got >= need) return 0;
    if (got < 0) *r = srv_error(c, q, 401, NULL, "this endpoint needs a token: Authorization: Bearer TOKEN");
    else if (got == 0) *r = srv_error(c, q, 401, NULL, "the token is not a live token of this workspace");
    else *r = srv_error(c, q, 403, NULL, "this endpoint needs a token of scope %s; this one is %s",
                        scope_name[need], scope_name[got]);
    return 1;
}

/* --------------------------------------------------------------- helpers */

static json_t *date_or_null(int32_t day)
{
    char d[16];
    return day == RMK_NO_DATE ? json_null() : json_string(rmk_date_format_iso(day, d));
}

static json_t *money(int64_t num, int64_t den)
{
    return json_real((double)num / (double)(den ? den : 1) / 10000.0);
}

static const char *lang_of(struct MHD_Connection *c)
{
    const char *l = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "lang");
    return l && !strcmp(l, "ru") ? "ru" : "en";
}

/* every answer says as of when the cut-offs were computed */
json_t *srv_stamped(const rmk_live *l, json_t *j)
{
    char at[32];
    time_t t = (time_t)rmk_live_computed_at(l);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_object_set_new(j, "as_of", date_or_null(rmk_live_as_of(l)));
    json_object_set_new(j, "computed_at", json_string(at));
    return j;
}

static json_t *rfm_json(const rmk_live_card *d)
{
    if (!d->scored) return json_null();
    char code[16];
    snprintf(code, sizeof code, "%d%d%d", d->r, d->f, d->m);
    return json_pack("{s:i,s:I,s:o,s:o,s:i,s:i,s:i,s:s,s:o,s:o,s:b}", "recency_days", d->recency_days,
                     "frequency", (json_int_t)d->frequency, "monetary", money(d->monetary_num, d->monetary_den),
                     "net", money(d->net_minor, 1), "r", d->r, "f", d->f, "m", d->m, "code", code,
                     "first_purchase", date_or_null(d->first_purchase), "last_purchase",
                     date_or_null(d->last_purchase), "updated", d->updated);
}

static json_t *stage_json(const rmk_staged_customer *st, const char *lang)
{
    if (!st) return json_null();
    rmk_bond_info b;
    int have_bond = rmk_bond_describe(st->bond_level, lang, &b) != 0;
    rmk_phase ph = rmk_stage_phase(st->stage);
    json_t *actions = json_array();
    json_array_append_new(actions, json_string(rmk_phase_goal(ph, lang)));
    if (have_bond && b.measures) json_array_append_new(actions, json_string(b.measures));
    return json_pack("{s:s,s:s,s:s,s:i,s:s,s:o}", "key", rmk_stage_key(st->stage), "name",
                     rmk_stage_name(st->stage, lang), "phase", rmk_phase_key(ph), "bond_level", st->bond_level,
                     "bond", rmk_bond_key(st->bond_level), "actions", actions);
}

static json_t *card_json(const rmk_live *l, const rmk_live_card *d, const char *lang)
{
    const rmk_segmap *map = rmk_live_segments(l);
    const rmk_scale *sc = rmk_live_scale(l);
    json_t *j = json_pack("{s:s%}", "customer_id", d->customer_id, d->id_len);
    json_object_set_new(j, "rfm", rfm_json(d));
    if (map && d->segment >= 0) {
        json_object_set_new(j, "segment_key", json_string(rmk_segmap_key(map, d->segment)));
        json_object_set_new(j, "segment", json_pack("{s:s,s:s}", "name", rmk_segmap_name(map, d->segment, lang),
                                                    "action", rmk_segmap_action(map, d->segment, lang)));
    } else {
        json_object_set_new(j, "segment_key", json_null());
        json_object_set_new(j, "segment", json_null());
    }
    const rmk_rated_client *rc = d->rating;
    json_object_set_new(j, "rating", rc && sc && rc->category >= 0
        ? json_pack("{s:s,s:s,s:s,s:i}", "category_key", rmk_scale_category_key(sc, rc->category), "category",
                    rmk_scale_category_name(sc, rc->category, lang), "package",
                    rmk_scale_category_package(sc, rc->category, lang), "points", rc->total)
        : json_null());
    json_object_set_new(j, "stage", stage_json(d->stage, lang));
    json_object_set_new(j, "clv", d->clv ? json_pack("{s:f,s:f,s:f}", "clv", d->clv->clv, "p_alive", d->clv->p_alive,
                                                     "expected_purchases", d->clv->expected_purchases)
                                         : json_null());
    const rmk_staged_customer *st = d->stage;
    json_object_set_new(j, "feedback", st && (st->nps >= 0 || st->satisfaction >= 0)
        ? json_pack("{s:o,s:o}", "nps", st->nps >= 0 ? json_integer(st->nps) : json_null(), "satisfaction",
                    st->satisfaction >= 0 ? json_integer(st->satisfaction) : json_null())
        : json_null());
    return j;
}

/* ------------------------------------------------------------- GET ones */

static enum MHD_Result get_customer(srv *s, struct MHD_Connection *c, srv_req *q, const char *id)
{
    pthread_rwlock_rdlock(&s->live_lock);
    const rmk_live_card *d = rmk_live_find(s->live, id, strlen(id));
    json_t *j = d ? srv_stamped(s->live, card_json(s->live, d, lang_of(c))) : NULL;
    pthread_rwlock_unlock(&s->live_lock);
    if (!j) return srv_error(c, q, 404, NULL, "no customer '%s' in the workspace", id);
    return srv_json(c, q, 200, j);
}

static int stage_by_key(const char *k)
{
    for (int i = 0; i < RMK_STAGE_COUNT; i++)
        if (!strcmp(rmk_stage_key((rmk_stage)i), k)) return i;
    return -1;
}

static int segment_by_key(const rmk_segmap *m, const char *k)
{
    for (int i = 0; m && i < rmk_segmap_count(m); i++)
        if (!strcmp(rmk_segmap_key(m, i), k)) return i;
    return -1;
}

static enum MHD_Result list_customers(srv *s, struct MHD_Connection *c, srv_req *q)
{
    const char *seg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "segment");
    const char *stg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "stage");
    const char *lim = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit");
    const char *after = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "after");
    long limit = 100;
    char *end;
    if (lim && ((limit = strtol(lim, &end, 10)) < 1 || limit > SRV_MAX_LIMIT || !*lim || *end))
        return srv_error(c, q, 400, "/query/limit", "limit '%s': expected 1..%d", lim, SRV_MAX_LIMIT);
    int want_stage = stg ? stage_by_key(stg) : -1;
    if (stg && want_stage < 0) return srv_error(c, q, 400, "/query/stage", "no stage '%s'", stg);
    pthread_rwlock_rdlock(&s->live_lock);
    const rmk_live *l = s->live;
    int want_seg = seg ? segment_by_key(rmk_live_segments(l), seg) : -1;
    if (seg && want_seg < 0) {
        pthread_rwlock_unlock(&s->live_lock);
        return srv_error(c, q, 400, "/query/segment", "no segment '%s'", seg);
    }
    const char *lang = lang_of(c);
    json_t *arr = json_array();
    const rmk_live_card *d = rmk_live_next(l, after, after ? strlen(after) : 0);
    const rmk_live_card *last = NULL;
    for (; d && (long)json_array_size(arr) < limit; d = rmk_live_next(l, d->customer_id, d->id_len)) {
        if (seg && d->segment != want_seg) continue;
        if (stg && (!d->stage || (int)d->stage->stage != want_stage)) continue;
        json_array_append_new(arr, card_json(l, d, lang));
        last = d;
    }
    /* next: the last id of this page when more may follow */
    json_t *j = json_pack("{s:o,s:o}", "customers", arr, "next",
                          d && last ? json_stringn(last->customer_id, last->id_len) : json_null());
    srv_stamped(l, j);
    pthread_rwlock_unlock(&s->live_lock);
    return srv_json(c, q, 200, j);
}

static enum MHD_Result get_segments(srv *s, struct MHD_Connection *c, srv_req *q)
{
    const char *lang = lang_of(c);
    pthread_rwlock_rdlock(&s->live_lock);
    const rmk_segmap *m = rmk_live_segments(s->live);
    json_t *arr = json_array();
    for (int i = 0; m && i < rmk_segmap_count(m); i++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:I}", "key", rmk_segmap_key(m, i), "name",
                                             rmk_segmap_name(m, i, lang), "action", rmk_segmap_action(m, i, lang),
                                             "customers", (json_int_t)rmk_live_segment_count(s->live, i)));
    json_t *j = srv_stamped(s->live, json_pack("{s:o}", "segments", arr));
    pthread_rwlock_unlock(&s->live_lock);
    return srv_json(c, q, 200, j);
}

static enum MHD_Result get_stream(srv *s, struct MHD_Connection *c, srv_req *q, int report)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f) return srv_error(c, q, 500, NULL, "out of memory");
    char err[512] = "";
    rmk_status st = RMK_OK;
    if (report) {
        pthread_rwlock_rdlock(&s->live_lock);
        st = rmk_report_html_lang(rmk_live_report(s->live), lang_of(c), f, err, sizeof err);
        pthread_rwlock_unlock(&s->live_lock);
    } else {
        srv_metrics_text(s, f);
    }
    if (fclose(f) || st) {
        free(text);
        return srv_error(c, q, 500, NULL, "cannot write the %s: %s", report ? "report" : "metrics", err);
    }
    return srv_text(c, q, 200, report ? "text/html; charset=utf-8" : "text/plain; version=0.0.4", text, len);
}

/* ------------------------------------------------------------- posting */


static enum MHD_Result post_rescore(srv *s, struct MHD_Connection *c, srv_req *q)
{
    char err[1024];
    if (srv_rescore(s, err, sizeof err)) return srv_error(c, q, 500, NULL, "rescore failed: %s", err);
    pthread_rwlock_rdlock(&s->live_lock);
    json_t *j = srv_stamped(s->live, json_pack("{s:I}", "customers", (json_int_t)rmk_live_count(s->live)));
    pthread_rwlock_unlock(&s->live_lock);
    return srv_json(c, q, 200, j);
}

/* ------------------------------------------------------------- alerts */

/* "" (no class then) as null */
static json_t *cls(const char *k) { return k && *k ? json_string(k) : json_null(); }

static json_t *mover_json(const rmk_ws_mover *m)
{
    json_t *down = json_array();
    if (m->down & RMK_DOWN_CATEGORY) json_array_append_new(down, json_string("category"));
    if (m->down & RMK_DOWN_STAGE) json_array_append_new(down, json_string("stage"));
    if (m->down & RMK_DOWN_ABC) json_array_append_new(down, json_string("abc"));
    json_t *j = json_pack("{s:s,s:b,s:o,s:o}", "customer_id", m->customer_id, "key_client", m->key != 0,
                          "key_group", m->key ? cls(m->key_group) : json_null(), "down", down);
    static const char *const from[RMK_WS_DIMS] = {"segment_from", "category_from", "stage_from", "abcxyz_from"};
    static const char *const to[RMK_WS_DIMS] = {"segment_to", "category_to", "stage_to", "abcxyz_to"};
    for (int d = 0; d < RMK_WS_DIMS; d++) {
        json_object_set_new(j, from[d], cls(m->from[d]));
        json_object_set_new(j, to[d], cls(m->to[d]));
    }
    json_object_set_new(j, "clv_from", isfinite(m->clv_from) ? json_real(m->clv_from) : json_null());
    json_object_set_new(j, "clv_to", isfinite(m->clv_to) ? json_real(m->clv_to) : json_null());
    return j;
}

/* GET /v1/alerts?since=DATE&all=0|1&limit=N: the customers who moved down
 * between the last snapshot on or before `since` (default: the one before
 * the last) and the last snapshot, by `relmark history`'s rules
 * (docs/api.md, "Alerts"); key clients only unless all=1 */
static enum MHD_Result get_alerts(srv *s, struct MHD_Connection *c, srv_req *q)
{
    const char *since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
    const char *all = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "all");
    const char *lim = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit");
    int32_t day = RMK_NO_DATE;
    if (since && (strlen(since) != 10 || rmk_date_parse(since, 10, RMK_DATE_AUTO, &day) != RMK_OK))
        return srv_error(c, q, 400, "/query/since", "since '%s': expected YYYY-MM-DD", since);
    if (all && strcmp(all, "0") && strcmp(all, "1"))
        return srv_error(c, q, 400, "/query/all", "all '%s': expected 0 or 1", all);
    long limit = 100;
    char *end;
    if (lim && ((limit = strtol(lim, &end, 10)) < 1 || limit > SRV_MAX_LIMIT || !*lim || *end))
        return srv_error(c, q, 400, "/query/limit", "limit '%s': expected 1..%d", lim, SRV_MAX_LIMIT);
    rmk_ws *ws = NULL;
    int32_t *dates = NULL;
    size_t n = 0;
    char err[512];
    rmk_status st = rmk_ws_open(s->path, RMK_WS_READONLY, &ws, err, sizeof err);
    if (!st) st = rmk_ws_snapshot_dates(ws, &dates, &n, err, sizeof err);
    enum MHD_Result res;
    size_t k = n >= 2 ? n - 2 : 0; /* the earlier snapshot */
    if (!st && since) {
        while (k + 1 < n && dates[k + 1] <= day) k++;
        while (k > 0 && dates[k] > day) k--;
    }
    char d0[16], d1[16];
    if (st) {
        res = srv_error(c, q, 500, NULL, "%s", err);
    } else if (n < 2) {
        res = srv_error(c, q, 404, NULL, "alerts compare two snapshots; the workspace has %zu: take them with "
                                        "relmark snapshot (on a schedule, e.g. monthly)", n);
    } else if (since && dates[k] > day) {
        res = srv_error(c, q, 404, "/query/since", "no snapshot on or before %s (the first is %s)", since,
                        rmk_date_format_iso(dates[0], d0));
    } else {
        json_t *arr = json_array();
        size_t total = 0;
        rmk_ws_history *h = NULL;
        if (dates[k] < dates[n - 1]) st = rmk_ws_history_run(ws, dates[k], dates[n - 1], NULL, &h, err, sizeof err);
        for (size_t i = 0; !st && h && i < rmk_ws_history_down_count(h); i++) {
            const rmk_ws_mover *m = rmk_ws_history_down_at(h, i);
            if (!m->key && !(all && !strcmp(all, "1"))) continue;
            if (total++ < (size_t)limit) json_array_append_new(arr, mover_json(m));
        }
        rmk_ws_history_free(h);
        if (st) {
            json_decref(arr);
            res = srv_error(c, q, 500, NULL, "%s", err);
        } else {
            json_t *j = json_pack("{s:s,s:s,s:I,s:o}", "from", rmk_date_format_iso(dates[k], d0), "to",
                                  rmk_date_format_iso(dates[n - 1], d1), "total", (json_int_t)total, "alerts", arr);
            pthread_rwlock_rdlock(&s->live_lock);
            srv_stamped(s->live, j);
            pthread_rwlock_unlock(&s->live_lock);
            res = srv_json(c, q, 200, j);
        }
    }
    free(dates);
    rmk_ws_close(ws);
    return res;
}

/* ------------------------------------------------------------- routing */

typedef struct route {
    const char *path; /* after /v1/; a trailing '/' takes the rest as {id} */
    const char *method;
    int ep, scope;
} route;

static const route routes[] = {
    {"health", "GET", EP_HEALTH, 0},          {"customers/", "GET", EP_CUSTOMER, 1},
    {"customers", "GET", EP_CUSTOMERS, 1},    {"segments", "GET", EP_SEGMENTS, 1},
    {"metrics", "GET", EP_METRICS, 1},        {"report", "GET", EP_REPORT, 1},
    {"transactions", "POST", EP_TRANSACTIONS, 2}, {"rescore", "POST", EP_RESCORE, 3},
    {"feedback", "POST", EP_FEEDBACK, 2},     {"alerts", "GET", EP_ALERTS, 1},
};

enum MHD_Result srv_route(srv *s, struct MHD_Connection *c, srv_req *q, const char *method, const char *url)
{
    if (!strcmp(url, "/")) { /* the dashboard: a page without data, which asks /v1 with a token */
        q->ep = EP_DASHBOARD;
        if (strcmp(method, "GET") && strcmp(method, "HEAD")) return srv_error(c, q, 405, NULL, "/ takes GET only");
        return srv_dashboard(s, c, q);
    }
    if (strncmp(url, "/v1/", 4)) return srv_error(c, q, 404, NULL, "no such endpoint: the API is under /v1/");
    const char *p = url + 4;
    const route *r = NULL;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0] && !r; i++) {
        size_t n = strlen(routes[i].path);
        int prefix = routes[i].path[n - 1] == '/';
        if (prefix ? !strncmp(p, routes[i].path, n) && p[n] : !strcmp(p, routes[i].path)) r = &routes[i];
    }
    if (!r) return srv_error(c, q, 404, NULL, "no such endpoint: %s", url);
    q->ep = r->ep;
    if (strcmp(method, r->method)) return srv_error(c, q, 405, NULL, "%s takes %s only", url, r->method);
    enum MHD_Result res = MHD_NO;
    if (r->scope && refused(s, c, q, r->scope, &res)) return res;
    switch (r->ep) {
    case EP_HEALTH: {
        pthread_rwlock_rdlock(&s->live_lock);
        json_t *j = srv_stamped(s->live, json_pack("{s:s,s:I}", "status", "ok", "customers",
                                               (json_int_t)rmk_live_count(s->live)));
        pthread_rwlock_unlock(&s->live_lock);
        return srv_json(c, q, 200, j);
    }
    case EP_CUSTOMER: return get_customer(s, c, q, p + strlen("customers/"));
    case EP_CUSTOMERS: return list_customers(s, c, q);
    case EP_SEGMENTS: return get_segments(s, c, q);
    case EP_METRICS: return get_stream(s, c, q, 0);
    case EP_REPORT: return get_stream(s, c, q, 1);
    case EP_TRANSACTIONS: return srv_post_transactions(s, c, q);
    case EP_FEEDBACK: return srv_post_feedback(s, c, q);
    case EP_ALERTS: return get_alerts(s, c, q);
    default: return post_rescore(s, c, q);
    }
}
