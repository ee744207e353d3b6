/* SPDX-License-Identifier: MIT */
/* serve_post.c — POST /v1/transactions of `relmark serve` (docs/api.md):
 * the JSON batch checked for shape (depth, rows, fields), written as CSV
 * text for the library's reader (the CSV reader's fields and checks, one
 * SQLite transaction), then each stored row's customer updated at once. */
#include "serve.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the fields of a row, in the CSV header's order: the reader's role names;
 * the first `required` are required */
typedef struct row_kind {
    const char *const *fields;
    int nfields, required;
    const char *list; /* the fields, for a message */
} row_kind;
static const char *const txn_fields[] = {"customer_id", "date",     "amount", "invoice", "due_date",
                                         "paid_date",   "prepaid",  "margin", "cost"};
static const row_kind txn_kind = {txn_fields, 9, 3,
                                  "customer_id, date, amount, invoice, due_date, paid_date, prepaid, margin, cost"};
/* the feedback file's columns (docs/feedback.md); a row needs a score too,
 * which the reader checks */
static const char *const fb_fields[] = {"customer_id", "date", "nps", "satisfaction"};
static const row_kind fb_kind = {fb_fields, 4, 2, "customer_id, date, nps, satisfaction"};
#define NFIELDS 9 /* the most fields of a kind */

/* the deepest nesting under j (1 for a scalar); *where the pointer of the
 * first value past the cap */
static int too_deep(json_t *j, int depth, char *where, size_t n)
{
    if (depth > SRV_MAX_DEPTH) return 1;
    if (json_is_array(j)) {
        for (size_t i = 0; i < json_array_size(j); i++) {
            size_t k = strlen(where);
            snprintf(where + k, n - k, "/%zu", i);
            if (too_deep(json_array_get(j, i), depth + 1, where, n)) return 1;
            where[k] = 0;
        }
    } else if (json_is_object(j)) {
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v) {
            size_t k = strlen(where);
            snprintf(where + k, n - k, "/%s", key);
            if (too_deep(v, depth + 1, where, n)) return 1;
            where[k] = 0;
        }
    }
    return 0;
}

static int field_index(const row_kind *rk, const char *k)
{
    for (int i = 0; i < rk->nfields; i++)
        if (!strcmp(rk->fields[i], k)) return i;
    return -1;
}

/* one cell, quoted ("" doubles a quote); 0, or -1 for a value of no cell's kind */
static int cell(FILE *f, json_t *v)
{
    char num[64];
    const char *t = num;
    size_t len;
    if (json_is_string(v)) t = json_string_value(v), len = json_string_length(v);
    else if (json_is_integer(v)) len = (size_t)snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v)) len = (size_t)snprintf(num, sizeof num, "%.15g", json_real_value(v));
    else if (json_is_true(v)) len = (size_t)snprintf(num, sizeof num, "yes");
    else if (json_is_false(v)) len = (size_t)snprintf(num, sizeof num, "no");
    else if (json_is_null(v)) len = 0;
    else return -1;
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '"') fputc('"', f);
        fputc(t[i], f);
    }
    fputc('"', f);
    return 0;
}

typedef struct batch {
    const row_kind *kind;
    char *csv;
    size_t len;
    int used[NFIELDS];
    int col_field[NFIELDS]; /* the CSV's column k is fields[col_field[k]] */
    int ncols;
    size_t rows;
    char pointer[128], why[200];
} batch;

/* the rows' shape: an object each, known fields, the required ones, cells */
static int check_rows(json_t *rows, batch *b)
{
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *r = json_array_get(rows, i);
        if (!json_is_object(r))
            return snprintf(b->pointer, sizeof b->pointer, "/rows/%zu", i),
                   snprintf(b->why, sizeof b->why, "a row is an object"), -1;
        const char *key;
        json_t *v;
        json_object_foreach(r, key, v) {
            int k = field_index(b->kind, key);
            if (k < 0 || json_is_object(v) || json_is_array(v)) {
                snprintf(b->pointer, sizeof b->pointer, "/rows/%zu/%.60s", i, key);
                if (k < 0) snprintf(b->why, sizeof b->why, "no such field (%s)", b->kind->list);
                else snprintf(b->why, sizeof b->why, "a field is a string, a number, true, false or null");
                return -1;
            }
            b->used[k] = 1;
        }
        for (int k = 0; k < b->kind->required; k++)
            if (!json_object_get(r, b->kind->fields[k]))
                return snprintf(b->pointer, sizeof b->pointer, "/rows/%zu/%s", i, b->kind->fields[k]),
                       snprintf(b->why, sizeof b->why, "%s is required", b->kind->fields[k]), -1;
    }
    return 0;
}

/* the batch as CSV text: a header of the fields any row uses, a line a row */
static int to_csv(json_t *rows, batch *b)
{
    FILE *f = open_memstream(&b->csv, &b->len);
    if (!f) return -1;
    for (int k = 0; k < b->kind->nfields; k++)
        if (b->used[k] || k < b->kind->required) {
            fprintf(f, "%s%s", b->ncols ? "," : "", b->kind->fields[k]);
            b->col_field[b->ncols++] = k;
        }
    fputs("\r\n", f);
    for (size_t i = 0; i < json_array_size(rows); i++) {
        json_t *r = json_array_get(rows, i);
        for (int c = 0; c < b->ncols; c++) {
            if (c) fputc(',', f);
            json_t *v = json_object_get(r, b->kind->fields[b->col_field[c]]);
            if (v) cell(f, v);
        }
        fputs("\r\n", f);
    }
    b->rows = json_array_size(rows);
    return fclose(f) ? -1 : 0;
}

/* the shape of the body: {"rows": [...]} within the caps; 0, or the
 * status with b->pointer and b->why */
static int parse_body(srv_req *q, batch *b, json_t **rows_out, json_t **doc)
{
    json_error_t e;
    memset(&e, 0, sizeof e);
    *doc = q->body ? json_loadb(q->body, q->len, JSON_REJECT_DUPLICATES, &e) : NULL;
    if (!*doc) {
        snprintf(b->why, sizeof b->why, q->body ? "malformed JSON at line %d, column %d: %s"
                                                : "no body: send {\"rows\": [...]}",
                 e.line, e.column, e.text);
        snprintf(b->pointer, sizeof b->pointer, "%s", "");
        return 400;
    }
    char where[128] = "";
    if (too_deep(*doc, 1, where, sizeof where)) {
        snprintf(b->pointer, sizeof b->pointer, "%s", where);
        snprintf(b->why, sizeof b->why, "nested deeper than %d levels", SRV_MAX_DEPTH);
        return 400;
    }
    json_t *rows = json_object_get(*doc, "rows");
    if (!json_is_object(*doc) || !json_is_array(rows) || json_object_size(*doc) != 1) {
        snprintf(b->pointer, sizeof b->pointer, json_is_object(*doc) ? "/rows" : "");
        snprintf(b->why, sizeof b->why, "the body is {\"rows\": [ROW, ...]} and nothing else");
        return 400;
    }
    if (json_array_size(rows) > SRV_MAX_ROWS) {
        snprintf(b->pointer, sizeof b->pointer, "/rows/%d", SRV_MAX_ROWS);
        snprintf(b->why, sizeof b->why, "over %d rows in one batch", SRV_MAX_ROWS);
        return 413;
    }
    *rows_out = rows;
    return check_rows(rows, b) ? 400 : 0;
}

typedef struct touched {
    srv *s;
    rmk_ws_customer_agg *agg;
    char **ids;
    size_t *lens, n, cap;
    int failed;
} touched;

/* a stored row's customer: its aggregate from its own rows (the batch is
 * committed; still under write_mu, so no other batch interleaves) */
static void touch(void *ctx, const char *id, size_t len)
{
    touched *t = ctx;
    if (t->n && t->lens[t->n - 1] == len && !memcmp(t->ids[t->n - 1], id, len)) return;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        char **ids = realloc(t->ids, cap * sizeof *ids);
        if (ids) t->ids = ids;
        size_t *lens = realloc(t->lens, cap * sizeof *lens);
        if (lens) t->lens = lens;
        rmk_ws_customer_agg *agg = realloc(t->agg, cap * sizeof *agg);
        if (agg) t->agg = agg;
        if (!ids || !lens || !agg) {
            t->failed = 1;
            return;
        }
        t->cap = cap;
    }
    char err[256];
    char *own = malloc(len + 1);
    if (!own || rmk_ws_customer_agg_get(t->s->ws, id, len, &t->agg[t->n], err, sizeof err)) {
        free(own);
        t->failed = 1;
        return;
    }
    memcpy(own, id, len);
    own[len] = 0;
    t->ids[t->n] = own, t->lens[t->n] = len;
    t->n++;
}

/* the reader's "batch:LINE:COL: ..." as the row's index and field */
static void locate(const batch *b, const char *err, char *pointer, size_t n, long *index, const char **field)
{
    unsigned long line = 0, col = 0;
    *index = -1, *field = NULL;
    pointer[0] = 0;
    if (sscanf(err, "batch:%lu:%lu", &line, &col) < 1 || line < 2) return;
    *index = (long)(line - 2);
    if (col >= 1 && col <= (unsigned long)b->ncols) *field = b->kind->fields[b->col_field[col - 1]];
    if (*field) snprintf(pointer, n, "/rows/%ld/%s", *index, *field);
    else snprintf(pointer, n, "/rows/%ld", *index);
}

static enum MHD_Result stored(srv *s, struct MHD_Connection *c, srv_req *q, const rmk_ws_import_result *r,
                              touched *t)
{
    char err[256];
    pthread_rwlock_wrlock(&s->live_lock);
    for (size_t i = 0; i < t->n; i++)
        if (rmk_live_update(s->live, t->ids[i], t->lens[i], &t->agg[i], err, sizeof err)) t->failed = 1;
    json_t *j = json_pack("{s:I,s:I,s:I,s:I,s:I}", "rows", (json_int_t)r->rows, "added", (json_int_t)r->added,
                          "known", (json_int_t)r->known, "rejected", (json_int_t)0, "left_out",
                          (json_int_t)r->left_out);
    if (j) json_object_set_new(j, "as_of", json_null()); /* set below */
    char at[32];
    time_t tt = (time_t)rmk_live_computed_at(s->live);
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    char d[16];
    int32_t asof = rmk_live_as_of(s->live);
    json_object_set_new(j, "as_of", asof == RMK_NO_DATE ? json_null() : json_string(rmk_date_format_iso(asof, d)));
    json_object_set_new(j, "computed_at", json_string(at));
    pthread_rwlock_unlock(&s->live_lock);
    __atomic_fetch_add(&s->rows_ingested, r->added, __ATOMIC_RELAXED);
    if (t->failed) /* stored, but a card could not be updated: the next rescore will */
        json_object_set_new(j, "note", json_string("out of memory updating the customers: rescore"));
    return srv_json(c, q, 200, j);
}

static enum MHD_Result rejected(struct MHD_Connection *c, srv_req *q, const batch *b, rmk_status st,
                                const char *err)
{
    if (st != RMK_ERR_DATA)
        return srv_error(c, q, st == RMK_ERR_IO ? 503 : 500, NULL, "nothing stored: %s", err);
    char pointer[128];
    long index;
    const char *field;
    locate(b, err, pointer, sizeof pointer, &index, &field);
    json_t *e = json_pack("{s:i,s:s,s:s}", "status", 422, "message", err, "pointer", pointer);
    json_t *rej = json_pack("{s:I,s:o}", "index", (json_int_t)index, "field", field ? json_string(field) : json_null());
    return srv_json(c, q, 422, json_pack("{s:o,s:i,s:i,s:o}", "error", e, "added", 0, "known", 0, "rejected", rej));
}

enum MHD_Result srv_post_transactions(srv *s, struct MHD_Connection *c, srv_req *q)
{
    batch b;
    memset(&b, 0, sizeof b);
    b.kind = &txn_kind;
    json_t *doc = NULL, *rows = NULL;
    int status = parse_body(q, &b, &rows, &doc);
    if (!status && to_csv(rows, &b)) status = 500, snprintf(b.why, sizeof b.why, "out of memory");
    json_decref(doc);
    if (status) {
        free(b.csv);
        return srv_error(c, q, status, status == 500 ? NULL : b.pointer, "%s", b.why);
    }
    rmk_read_opts ro;
    rmk_read_opts_init(&ro);
    ro.delimiter = ',';
    ro.decimal_mark = '.';
    touched t = {.s = s};
    rmk_ws_import_result r;
    char err[1024];
    /* the writer connection, open as long as the server (a rescore's own
     * read keeps its locks: docs/workspace.md) */
    pthread_mutex_lock(&s->write_mu);
    rmk_status st = rmk_ws_import_text(s->ws, "batch", b.csv, b.len, &ro, touch, &t, &r, err, sizeof err);
    enum MHD_Result res = st ? rejected(c, q, &b, st, err) : stored(s, c, q, &r, &t);
    pthread_mutex_unlock(&s->write_mu);
    for (size_t i = 0; i < t.n; i++) free(t.ids[i]);
    free(t.ids), free(t.lens), free(t.agg);
    free(b.csv);
    return res;
}

/* POST /v1/feedback: the answers as the feedback file's CSV text, read by
 * its reader on the scale the server reads feedback with (the report's,
 * 1-5), stored as one transaction; the cards show them from the next
 * rescore (their feedback is the rescore's, like their stage) */
enum MHD_Result srv_post_feedback(srv *s, struct MHD_Connection *c, srv_req *q)
{
    batch b;
    memset(&b, 0, sizeof b);
    b.kind = &fb_kind;
    json_t *doc = NULL, *rows = NULL;
    int status = parse_body(q, &b, &rows, &doc);
    if (!status && to_csv(rows, &b)) status = 500, snprintf(b.why, sizeof b.why, "out of memory");
    json_decref(doc);
    if (status) {
        free(b.csv);
        return srv_error(c, q, status, status == 500 ? NULL : b.pointer, "%s", b.why);
    }
    rmk_ws_feedback_result r;
    char err[1024];
    pthread_mutex_lock(&s->write_mu); /* the writer connection, as a batch of transactions */
    rmk_status st = rmk_ws_feedback_post(s->ws, "batch", b.csv, b.len, SRV_SAT_MIN, SRV_SAT_MAX, &r, err, sizeof err);
    pthread_mutex_unlock(&s->write_mu);
    enum MHD_Result res;
    if (st) {
        res = rejected(c, q, &b, st, err);
    } else {
        pthread_rwlock_rdlock(&s->live_lock);
        json_t *j = srv_stamped(s->live, json_pack("{s:I,s:I,s:I,s:I}", "rows", (json_int_t)r.rows, "added",
                                                   (json_int_t)r.added, "known", (json_int_t)r.known,
                                                   "rejected", (json_int_t)0));
        pthread_rwlock_unlock(&s->live_lock);
        res = srv_json(c, q, 200, j);
    }
    free(b.csv);
    return res;
}
