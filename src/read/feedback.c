/* SPDX-License-Identifier: MIT */
/* feedback.c — the feedback file. Columns by header name (English and
 * Russian); every row checked; rows kept in two growing blocks (the ids
 * arena and the rows), then sorted by (id, day, line) and folded into
 * customers with their answers. */
#include "feedback.h"
#include "errmsg.h"
#include "csv.h"
#include "parse.h"
#include "ws.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct feedback {
    fb_score *s;      /* every answer, sorted by (customer id, day, line) */
    size_t ns;
    fb_customer *c;   /* in id byte order */
    size_t nc;
    char *ids;        /* the customers' ids, each NUL-terminated */
    feedback_stats st;
};

enum { F_ID, F_DATE, F_NPS, F_SAT, F_COUNT };
/* Exact synonyms in header_normalise() form; for each column the first
 * synonym in its list that some header has wins ("customer_id" before "id"). */
static const char *const syn[F_COUNT][24] = {
    {"customer_id", "customer", "customerid", "customer_no", "customer_code", "client_id",
     "client", "clientid", "client_code", "buyer", "buyer_id", "клиент", "код_клиента",
     "id_клиента", "контрагент", "код_контрагента", "покупатель", "код_покупателя", "id", NULL},
    {"date", "survey_date", "response_date", "answer_date", "feedback_date", "дата",
     "дата_опроса", "дата_ответа", "дата_отзыва", NULL},
    {"nps", "nps_score", "net_promoter_score", "likelihood_to_recommend", "индекс_лояльности",
     "индекс_nps", "оценка_nps", NULL},
    {"satisfaction", "csat", "satisfaction_score", "csat_score", "удовлетворенность",
     "удовлетворённость", "оценка_удовлетворенности", "оценка_удовлетворённости", NULL},
};

/* While reading: one answer and where its id is in the arena. The answer
 * comes first: the rows are folded in place into fb_score at the end. */
typedef struct fb_row {
    fb_score s;
    union {
        size_t off;    /* while reading (the arena moves as it grows) */
        const char *p; /* once the arena is complete */
    } id;
    size_t id_len;
} fb_row;

typedef struct reader {
    fb_row *r;
    size_t n, cap;
    char *arena; /* ids, each NUL-terminated; a run of rows of one customer shares one */
    size_t used, acap;
    size_t last_off, last_len; /* the last id added; last_len 0 = none */
    feedback_stats st;
} reader;

void feedback_free(feedback *f)
{
    if (!f) return;
    free(f->s);
    free(f->c);
    free(f->ids);
    free(f);
}

size_t feedback_customer_count(const feedback *f) { return f ? f->nc : 0; }

const fb_customer *feedback_customer_at(const feedback *f, size_t i)
{
    return f && i < f->nc ? &f->c[i] : NULL;
}

const fb_score *feedback_scores(const feedback *f) { return f ? f->s : NULL; }

void feedback_get_stats(const feedback *f, feedback_stats *s)
{
    if (f) *s = f->st;
    else memset(s, 0, sizeof *s);
}

static int cmp_id(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}

const fb_customer *feedback_find(const feedback *f, const char *id, size_t len)
{
    size_t lo = 0, hi = f ? f->nc : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_id(f->c[mid].id, f->c[mid].id_len, id, len);
        if (c == 0) return &f->c[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* The latest answer of c on or before day with a non-empty score (which:
 * 0 = nps, 1 = sat): the answers are in (day, line) order, so from the end. */
static int latest(const feedback *f, const fb_customer *c, int32_t day, int which, int *v,
                  int32_t *vday)
{
    if (!f || !c || c->count == 0 || c->first + c->count > f->ns) return 0;
    const fb_score *s = f->s + c->first;
    size_t hi = c->count; /* answers [0, hi) are on or before day */
    if (day != RMK_NO_DATE) {
        size_t lo = 0;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (s[mid].day <= day) lo = mid + 1;
            else hi = mid;
        }
    }
    while (hi--) {
        int x = which ? s[hi].sat : s[hi].nps;
        if (x >= 0) {
            *v = x;
            *vday = s[hi].day;
            return 1;
        }
    }
    return 0;
}

int feedback_latest_nps(const feedback *f, const fb_customer *c, int32_t day, int *nps,
                        int32_t *nps_day)
{
    return latest(f, c, day, 0, nps, nps_day);
}

int feedback_latest_sat(const feedback *f, const fb_customer *c, int32_t day, int *sat,
                        int32_t *sat_day)
{
    return latest(f, c, day, 1, sat, sat_day);
}

/* ------------------------------------------------------------- reading */



/* Room for `more` bytes in the arena (doubling); 0, or -1 out of memory. */
static int arena_room(reader *rd, size_t more)
{
    if (rd->acap - rd->used >= more) return 0;
    size_t cap = rd->acap ? rd->acap : 4096;
    while (cap - rd->used < more) {
        if (cap > SIZE_MAX / 2) return -1;
        cap *= 2;
    }
    char *a = realloc(rd->arena, cap);
    if (!a) return -1;
    rd->arena = a;
    rd->acap = cap;
    return 0;
}

/* Keep one answer; 0, or -1 out of memory (nothing kept). */
static int add_row(reader *rd, const char *id, size_t len, const fb_score *s)
{
    if (rd->n == rd->cap) {
        size_t cap = rd->cap ? rd->cap * 2 : 256;
        if (rd->cap > SIZE_MAX / 2 / sizeof *rd->r) return -1;
        fb_row *r = realloc(rd->r, cap * sizeof *r);
        if (!r) return -1;
        rd->r = r;
        rd->cap = cap;
    }
    size_t off;
    if (rd->last_len == len && memcmp(rd->arena + rd->last_off, id, len) == 0) {
        off = rd->last_off;
    } else {
        if (arena_room(rd, len + 1)) return -1;
        off = rd->used;
        memcpy(rd->arena + off, id, len);
        rd->arena[off + len] = 0;
        rd->used += len + 1;
        rd->last_off = off;
        rd->last_len = len;
    }
    fb_row *r = &rd->r[rd->n++];
    r->s = *s;
    r->id.off = off;
    r->id_len = len;
    return 0;
}

static int row_cmp(const void *x, const void *y)
{
    const fb_row *a = x, *b = y;
    int c = cmp_id(a->id.p, a->id_len, b->id.p, b->id_len);
    if (c) return c;
    if (a->s.day != b->s.day) return a->s.day < b->s.day ? -1 : 1;
    return (a->s.line > b->s.line) - (a->s.line < b->s.line);
}

/* Sort the rows and fold them into fb: customers, their ids in one block,
 * the answers in the rows' block. On failure nothing in fb is set. */
static rmk_status fold(reader *rd, feedback *fb, char *err, size_t errlen)
{
    size_t n = rd->n;
    if (n == 0) return RMK_OK;
    for (size_t i = 0; i < n; i++) {
        size_t off = rd->r[i].id.off;
        rd->r[i].id.p = rd->arena + off;
    }
    qsort(rd->r, n, sizeof *rd->r, row_cmp);
    size_t nc = 0, bytes = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || cmp_id(rd->r[i - 1].id.p, rd->r[i - 1].id_len, rd->r[i].id.p,
                             rd->r[i].id_len) != 0)
            nc++, bytes += rd->r[i].id_len + 1;
    fb_customer *c = malloc(nc * sizeof *c);
    char *ids = malloc(bytes);
    if (!c || !ids) {
        free(c);
        free(ids);
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    size_t k = 0, at = 0;
    for (size_t i = 0; i < n; i++) {
        const fb_row *r = &rd->r[i];
        if (i == 0 || cmp_id(rd->r[i - 1].id.p, rd->r[i - 1].id_len, r->id.p, r->id_len) != 0) {
            memcpy(ids + at, r->id.p, r->id_len + 1);
            c[k].id = ids + at;
            c[k].id_len = r->id_len;
            c[k].first = i;
            c[k].count = 0;
            at += r->id_len + 1;
            k++;
        }
        c[k - 1].count++;
    }
    /* fold the rows into answers in place: answer i (at byte 16i) never
     * reaches row j > i (at byte 32j) before that row is read */
    fb_score *s = (fb_score *)(void *)rd->r;
    for (size_t i = 0; i < n; i++) memmove(&s[i], &rd->r[i].s, sizeof *s);
    fb_score *shrunk = realloc(s, n * sizeof *s);
    fb->s = shrunk ? shrunk : s;
    rd->r = NULL;
    rd->n = rd->cap = 0;
    fb->ns = n;
    fb->c = c;
    fb->nc = nc;
    fb->ids = ids;
    return RMK_OK;
}

/* The columns from the header (col[c] -1 when absent): for each column the
 * first synonym some header has, a header taken by an earlier column not
 * reused. RMK_ERR_DATA naming every column missing: an id, a date, and an
 * nps or a satisfaction. */
static rmk_status find_columns(const csv_field *f, size_t nf, const char *fname, long *col,
                               char *err, size_t errlen)
{
    char (*norm)[128] = malloc((nf ? nf : 1) * sizeof *norm);
    if (!norm) {
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    for (size_t i = 0; i < nf; i++) header_normalise(f[i].p, f[i].len, norm[i], sizeof norm[i]);
    for (int c = 0; c < F_COUNT; c++) {
        col[c] = -1;
        for (int k = 0; syn[c][k] && col[c] < 0; k++)
            for (size_t i = 0; i < nf && col[c] < 0; i++) {
                int taken = 0;
                for (int d = 0; d < c; d++) taken |= col[d] == (long)i;
                if (!taken && !strcmp(norm[i], syn[c][k])) col[c] = (long)i;
            }
    }
    free(norm);
    if (col[F_ID] < 0 || col[F_DATE] < 0 || (col[F_NPS] < 0 && col[F_SAT] < 0)) {
        static const char *const what[3] = {
            "no customer_id column (expected customer_id, client, Клиент, Контрагент, "
            "Покупатель ...)",
            "no date column (expected date or Дата)",
            "no nps or satisfaction column (expected nps, Индекс лояльности, satisfaction, csat "
            "or Удовлетворенность)"};
        const int missing[3] = {col[F_ID] < 0, col[F_DATE] < 0, col[F_NPS] < 0 && col[F_SAT] < 0};
        size_t at = (size_t)snprintf(err, errlen, "%s:1:", fname);
        for (int k = 0, sep = 0; k < 3; k++)
            if (missing[k] && at < errlen) {
                at += (size_t)snprintf(err + at, errlen - at, "%s %s", sep ? ";" : "", what[k]);
                sep = 1;
            }
        return RMK_ERR_DATA;
    }
    return RMK_OK;
}

/* The nps (0-10) and satisfaction (sat_min-sat_max) cells into s, an empty
 * one left -1; 0, or -1 with msg for a cell that is not a whole number on
 * its scale, or when both are empty. */
static int read_scores(const csv_field *f, const long *col, int sat_min, int sat_max,
                       const char *fname, unsigned long long line, fb_score *s, char *msg,
                       size_t cap)
{
    char ex[64];
    for (int c = F_NPS; c <= F_SAT; c++) {
        if (col[c] < 0) continue;
        const char *v = f[col[c]].p;
        size_t vl = f[col[c]].len;
        field_trim(&v, &vl);
        long x = 0;
        int lo = c == F_NPS ? 0 : sat_min, hi = c == F_NPS ? 10 : sat_max;
        int pr = parse_whole_answer(v, vl, 1000, &x);
        if (pr == 1) continue;
        field_excerpt(v, vl, ex, sizeof ex);
        if (pr == 0 && x >= lo && x <= hi) {
            if (c == F_NPS) s->nps = (int8_t)x;
            else s->sat = (int8_t)x;
            continue;
        }
        if (c == F_NPS)
            snprintf(msg, cap,
                     pr == -1   ? "%s:%llu:%ld: cannot read nps '%s' (expected a whole "
                                  "number 0-10)"
                     : pr == -2 ? "%s:%llu:%ld: nps %s is not a whole number (expected 0-10)"
                                : "%s:%llu:%ld: nps %s is outside 0-10",
                     fname, line, col[c] + 1, ex);
        else
            snprintf(msg, cap,
                     pr == -1   ? "%s:%llu:%ld: cannot read satisfaction '%s' (expected a "
                                  "whole number on the %d-%d scale)"
                     : pr == -2 ? "%s:%llu:%ld: satisfaction %s is not a whole number "
                                  "(expected the %d-%d scale)"
                                : "%s:%llu:%ld: satisfaction %s is outside the %d-%d scale",
                     fname, line, col[c] + 1, ex, sat_min, sat_max);
        return -1;
    }
    if (s->nps < 0 && s->sat < 0) {
        int c = col[F_NPS] >= 0 ? F_NPS : F_SAT;
        snprintf(msg, cap, "%s:%llu:%ld: no score (%s)", fname, line, col[c] + 1,
                 col[F_NPS] >= 0 && col[F_SAT] >= 0 ? "nps and satisfaction are both empty"
                 : c == F_NPS                      ? "nps is empty"
                                                   : "satisfaction is empty");
        return -1;
    }
    return 0;
}

/* One row: 1 an answer (*s, its id at *id, *len), 0 dated after the as-of
 * date (counted), -1 unreadable with msg ("file:line:col: what"). */
static int read_row(const csv_field *f, size_t nf, size_t need, const long *col,
                    const rmk_read_opts *o, int sat_min, int sat_max, const char *fname,
                    unsigned long long line, reader *rd, const char **id, size_t *len,
                    fb_score *s, char *msg, size_t cap)
{
    if (nf < need) {
        snprintf(msg, cap, "%s:%llu: expected at least %zu fields, found %zu", fname, line, need,
                 nf);
        return -1;
    }
    *id = f[col[F_ID]].p;
    *len = f[col[F_ID]].len;
    field_trim(id, len);
    char why[96];
    if (id_problem("customer id", *id, *len, 0, why, sizeof why)) {
        snprintf(msg, cap, "%s:%llu:%ld: %s", fname, line, col[F_ID] + 1, why);
        return -1;
    }
    memset(s, 0, sizeof *s);
    s->line = line;
    s->nps = s->sat = -1;
    const char *dp = f[col[F_DATE]].p;
    size_t dl = f[col[F_DATE]].len;
    field_trim(&dp, &dl);
    if (dl == 0) {
        snprintf(msg, cap, "%s:%llu:%ld: missing date", fname, line, col[F_DATE] + 1);
        return -1;
    }
    if (rmk_date_parse(dp, dl, o->date_format, &s->day) != RMK_OK || s->day == RMK_NO_DATE) {
        char ex[64];
        field_excerpt(dp, dl, ex, sizeof ex);
        snprintf(msg, cap, "%s:%llu:%ld: cannot read date '%s'", fname, line, col[F_DATE] + 1,
                 ex);
        return -1;
    }
    if (o->as_of != RMK_NO_DATE && s->day > o->as_of) {
        rd->st.after_as_of++;
        return 0;
    }
    return read_scores(f, col, sat_min, sat_max, fname, line, s, msg, cap) ? -1 : 1;
}

static rmk_status read_all(csv_reader *cr, const rmk_read_opts *o, int sat_min, int sat_max,
                           reader *rd, char *err, size_t errlen)
{
    const char *fname = csv_name(cr);
    const csv_field *f;
    size_t nf;
    rmk_status st = RMK_OK;
    long col[F_COUNT];
    int rc = csv_next(cr, &f, &nf, &st, err, errlen);
    if (rc < 0) return st;
    if (rc == 0) {
        snprintf(err, errlen, "%s: empty file (expected a header: customer_id, date, nps, "
                              "satisfaction)", fname);
        return RMK_ERR_DATA;
    }
    st = find_columns(f, nf, fname, col, err, errlen);
    if (st) return st;
    size_t need = 0;
    for (int c = 0; c < F_COUNT; c++)
        if (col[c] >= 0 && (size_t)col[c] + 1 > need) need = (size_t)col[c] + 1;
    while ((rc = csv_next(cr, &f, &nf, &st, err, errlen)) == 1) {
        unsigned long long line = (unsigned long long)csv_line(cr);
        char msg[512];
        const char *id;
        size_t len;
        fb_score s;
        rd->st.rows++;
        int got = read_row(f, nf, need, col, o, sat_min, sat_max, fname, line, rd, &id, &len, &s,
                           msg, sizeof msg);
        if (got == 0) continue;
        if (got > 0) {
            if (add_row(rd, id, len, &s)) {
                rmk_nomem(err, errlen);
                return RMK_ERR_NOMEM;
            }
            continue;
        }
        if (!o->skip_bad) {
            snprintf(err, errlen, "%s", msg);
            return RMK_ERR_DATA;
        }
        if (rd->st.skipped++ == 0)
            snprintf(rd->st.first_error, sizeof rd->st.first_error, "%s", msg);
    }
    return rc < 0 ? st : RMK_OK;
}

static rmk_status finish(csv_reader *cr, const rmk_read_opts *o, int sat_min, int sat_max,
                         feedback **out, char *err, size_t errlen)
{
    reader rd;
    memset(&rd, 0, sizeof rd);
    feedback *fb = calloc(1, sizeof *fb);
    rmk_status st = fb ? read_all(cr, o, sat_min, sat_max, &rd, err, errlen) : RMK_ERR_NOMEM;
    csv_close(cr);
    if (!fb) rmk_nomem(err, errlen);
    if (st == RMK_OK) st = fold(&rd, fb, err, errlen);
    free(rd.r);
    free(rd.arena);
    if (st) {
        feedback_free(fb);
        return st;
    }
    fb->st = rd.st;
    *out = fb;
    return RMK_OK;
}

/* The options' defaults, and a check of the scale; RMK_OK or RMK_ERR_USAGE. */
static rmk_status prepare(const rmk_read_opts **o, rmk_read_opts *def, int sat_min, int sat_max,
                          feedback **out, char *err, size_t errlen)
{
    if (out) *out = NULL;
    if (!*o) {
        rmk_read_opts_init(def);
        *o = def;
    }
    if (!out) {
        snprintf(err, errlen, "feedback: no place for the result");
        return RMK_ERR_USAGE;
    }
    if (sat_min < 0 || sat_min >= sat_max || sat_max > 100) {
        snprintf(err, errlen, "satisfaction scale %d-%d: expected 0 <= min < max <= 100", sat_min,
                 sat_max);
        return RMK_ERR_USAGE;
    }
    return RMK_OK;
}

/* The file's answers kept (file, read from the workspace) and then the
 * answers posted to the API (posted: CSV text with its header line) read
 * again as one text, so a posted answer is the later of a day's; the
 * counts are the file's plus the posted ones'. */
static rmk_status merge(const feedback *file, const char *posted, size_t plen, const char *path,
                        const rmk_read_opts *o, int sat_min, int sat_max, feedback **out, char *err,
                        size_t errlen)
{
    char *text = NULL, day[16];
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    if (!f) return rmk_nomem(err, errlen);
    const char *body = memchr(posted, '\n', plen);
    body = body ? body + 1 : posted + plen;
    fwrite(posted, 1, (size_t)(body - posted), f);
    for (size_t i = 0; file && i < file->nc; i++)
        for (size_t k = file->c[i].first; k < file->c[i].first + file->c[i].count; k++) {
            const fb_score *a = &file->s[k];
            fputc('"', f);
            for (const char *p = file->c[i].id; *p; p++) fputs(*p == '"' ? "\"\"" : (char[2]){*p, 0}, f);
            fprintf(f, "\",%s,", rmk_date_format_iso(a->day, day));
            if (a->nps >= 0) fprintf(f, "%d", a->nps);
            fputc(',', f);
            if (a->sat >= 0) fprintf(f, "%d", a->sat);
            fputs("\r\n", f);
        }
    fwrite(body, 1, (size_t)(posted + plen - body), f);
    if (fclose(f)) {
        free(text);
        return rmk_nomem(err, errlen);
    }
    rmk_read_opts ro = *o;
    ro.encoding = "utf-8", ro.delimiter = ',', ro.sheet = NULL, ro.date_format = RMK_DATE_AUTO;
    char name[1100];
    snprintf(name, sizeof name, "%.1000s (the answers posted to the API)", path);
    rmk_status st = feedback_read_mem(text, n, name, &ro, sat_min, sat_max, out, err, errlen);
    free(text);
    if (st || !file) return st;
    feedback_stats *t = &(*out)->st;
    t->rows += file->st.rows - file->ns; /* the file's rows, not its answers kept */
    t->skipped += file->st.skipped, t->after_as_of += file->st.after_as_of;
    if (file->st.first_error[0]) memcpy(t->first_error, file->st.first_error, sizeof t->first_error);
    return RMK_OK;
}

/* A workspace: the feedback file imported into it, read as it was given,
 * then the answers posted to the API (docs/api.md) after it */
static rmk_status read_ws(const char *path, const rmk_read_opts *o, int sat_min, int sat_max, feedback **out,
                          char *err, size_t errlen)
{
    char *data = NULL, *name = NULL, *posted = NULL;
    size_t len = 0, plen = 0;
    rmk_status st = ws_posted_feedback(path, &posted, &plen, err, errlen);
    if (st) return st;
    st = ws_side_file(path, "feedback", &data, &len, &name, err, errlen);
    if (st == RMK_ERR_NOINPUT && posted) st = RMK_OK; /* no file: the posted answers alone */
    feedback *file = NULL;
    if (!st && data) st = feedback_read_mem(data, len, name, o, sat_min, sat_max, posted ? &file : out, err, errlen);
    if (!st && posted) st = merge(file, posted, plen, path, o, sat_min, sat_max, out, err, errlen);
    feedback_free(file);
    free(data);
    free(name);
    free(posted);
    return st;
}

rmk_status feedback_read(const char *path, const rmk_read_opts *o, int sat_min, int sat_max,
                         feedback **out, char *err, size_t errlen)
{
    char buf[512];
    if (!err) err = buf, errlen = sizeof buf;
    rmk_read_opts def;
    rmk_status st = prepare(&o, &def, sat_min, sat_max, out, err, errlen);
    if (st) return st;
    /* a workspace: the feedback file imported into it, read as it was given */
    int ws = ws_probe(path, err, errlen);
    if (ws < 0) return ws_probe_status(ws);
    if (ws) return read_ws(path, o, sat_min, sat_max, out, err, errlen);
    csv_reader *cr = csv_open_sheet(path, o->encoding, o->delimiter, o->sheet, &st, err, errlen);
    return cr ? finish(cr, o, sat_min, sat_max, out, err, errlen) : st;
}

rmk_status feedback_read_mem(const char *data, size_t len, const char *name,
                             const rmk_read_opts *o, int sat_min, int sat_max, feedback **out,
                             char *err, size_t errlen)
{
    char buf[512];
    if (!err) err = buf, errlen = sizeof buf;
    rmk_read_opts def;
    rmk_status st = prepare(&o, &def, sat_min, sat_max, out, err, errlen);
    if (st) return st;
    csv_reader *cr = csv_open_mem_sheet(data, len, name, o->encoding, o->delimiter, o->sheet, &st,
                                        err, errlen);
    return cr ? finish(cr, o, sat_min, sat_max, out, err, errlen) : st;
}
