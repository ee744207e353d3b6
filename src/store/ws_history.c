/* SPDX-License-Identifier: MIT */
/* ws_history.c — what changed between two snapshots (docs/workspace.md,
 * "History"): the migration matrix of each classification and the
 * customers who moved down, key clients first; and one customer's classes
 * over every snapshot. The two snapshots' rows are read in customer order
 * (their primary key) and merged in one pass: no join in SQL. */
#include "ws_snap.h"
#include "ws_db.h"
#include "errmsg.h"
#include "sort.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CLASSES 128 /* per classification: a map of more segments is refused */
#define DEFAULT_KEY_GROUPS "strategic_partner,regular,champions,loyal"

typedef struct dimtab {
    char *key[MAX_CLASSES + 1]; /* [0] = "" (none), then in order of first sight */
    size_t len[MAX_CLASSES + 1];    /* strlen(key) */
    uint64_t head[MAX_CLASSES + 1]; /* its first 8 bytes, 0-padded: most keys differ there */
    int stage[MAX_CLASSES + 1];     /* the stages' dimension: the rmk_stage, -1 none */
    int rank[MAX_CLASSES + 1];  /* the order to show them in (dim_rank) */
    int is_key[MAX_CLASSES + 1]; /* a key group (category, segment) */
    size_t n;
    uint64_t *cell;             /* n x n after the merge: from x to; MAX+1 squared while counting */
    size_t *order;              /* shown position -> class */
} dimtab;

typedef struct mover_work {
    int64_t cid;
    unsigned char from[RMK_WS_DIMS], to[RMK_WS_DIMS]; /* class indexes, <= MAX_CLASSES */
    unsigned down;
    int key_dim;                /* the dimension that made it a key client, -1 */
    double clv_from, clv_to;
    size_t id_off, id_len;      /* its id in the history's ids */
} mover_work;

struct rmk_ws_history {
    int32_t from, to;
    dimtab dim[RMK_WS_DIMS];
    char *ids;                  /* the movers' ids, NUL-terminated one after another */
    size_t ids_len, ids_cap;
    mover_work *mw;
    rmk_ws_mover *mv;
    size_t nmv, cap;
    const char *groups[64];
    size_t ngroups;
    char *groups_buf;
};

/* the order shown: stages as the ladder's enum, categories by their rank
 * (1 the highest), segments as the ten-segment map lists them, ABC-XYZ
 * alphabetically; none last */
static int dim_rank(rmk_ws_dim d, const char *k, int category_rank)
{
    if (!*k) return 1 << 30;
    if (d == RMK_DIM_STAGE) {
        for (int s = 0; s < RMK_STAGE_COUNT; s++)
            if (!strcmp(rmk_stage_key((rmk_stage)s), k)) return s;
        return 1000;
    }
    if (d == RMK_DIM_CATEGORY) return category_rank;
    if (d == RMK_DIM_ABCXYZ) return (k[0] << 8) | (unsigned char)k[1];
    rmk_status st;
    char err[256];
    rmk_segmap *m = rmk_segmap_builtin_new(RMK_SEGMAP_TEN, &st, err, sizeof err);
    int r = 1000;
    for (int i = 0; m && i < rmk_segmap_count(m) && r == 1000; i++)
        if (!strcmp(rmk_segmap_key(m, i), k)) r = i;
    rmk_segmap_free(m);
    return r;
}

static int in_groups(const rmk_ws_history *h, const char *k)
{
    for (size_t i = 0; i < h->ngroups; i++)
        if (!strcmp(h->groups[i], k)) return 1;
    return 0;
}

static uint64_t head8(const char *k, size_t n)
{
    uint64_t h = 0;
    memcpy(&h, k, n < 8 ? n : 8);
    return h;
}

/* the class index of key k (n bytes; NULL or "" is 0, none), added when
 * new; -1 past MAX_CLASSES or out of memory. Two million rows a history:
 * the length and the first 8 bytes decide nearly every comparison. */
static int intern(rmk_ws_history *h, rmk_ws_dim d, const char *k, size_t n, int category_rank)
{
    dimtab *t = &h->dim[d];
    if (!k || !n) return 0;
    uint64_t hd = head8(k, n);
    for (size_t i = 1; i < t->n; i++)
        if (t->len[i] == n && t->head[i] == hd && !memcmp(t->key[i], k, n)) return (int)i;
    if (t->n > MAX_CLASSES || !(t->key[t->n] = strndup(k, n))) return -1;
    t->len[t->n] = n;
    t->head[t->n] = hd;
    t->rank[t->n] = dim_rank(d, t->key[t->n], category_rank);
    t->is_key[t->n] = (d == RMK_DIM_CATEGORY || d == RMK_DIM_SEGMENT) && in_groups(h, t->key[t->n]);
    t->stage[t->n] = -1;
    for (int st = 0; d == RMK_DIM_STAGE && st < RMK_STAGE_COUNT; st++)
        if (!strcmp(rmk_stage_key((rmk_stage)st), t->key[t->n])) t->stage[t->n] = st;
    return (int)t->n++;
}

/* one snapshot's row as the merge reads it */
typedef struct snaprow {
    int64_t cid;
    int cls[RMK_WS_DIMS];
    int rank;    /* category_rank, 0 none */
    double clv;
} snaprow;

/* abc and xyz apart: joined here, not by SQL's || (a new string a row) */
static const char row_sql[] = "SELECT customer_id, segment, category, stage, abc, category_rank, clv, xyz"
                              " FROM snapshot_customers WHERE snapshot_id = ?1 ORDER BY customer_id";

/* the next row of s into r: 1, 0 at the end, -1 on an error */
static int next_row(rmk_ws_history *h, sqlite3_stmt *s, snaprow *r)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) return 0;
    if (rc != SQLITE_ROW) return -1;
    r->cid = sqlite3_column_int64(s, 0);
    r->rank = sqlite3_column_int(s, 5);
    for (int d = 0; d < RMK_WS_DIMS; d++) {
        const char *k = (const char *)sqlite3_column_text(s, 1 + d);
        size_t n = k ? (size_t)sqlite3_column_bytes(s, 1 + d) : 0;
        char ax[64];
        if (d == RMK_DIM_ABCXYZ) { /* abc || xyz as SQL has it: NULL when either is */
            const char *x = (const char *)sqlite3_column_text(s, 7);
            size_t nx = x ? (size_t)sqlite3_column_bytes(s, 7) : 0;
            if (!k || !x) n = 0;
            else if (n + nx >= sizeof ax) return -2;
            else memcpy(ax, k, n), memcpy(ax + n, x, nx), k = ax, n += nx;
        }
        if ((r->cls[d] = intern(h, (rmk_ws_dim)d, k, n, r->rank)) < 0) return -2;
    }
    r->clv = sqlite3_column_type(s, 6) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 6);
    return 1;
}

/* the ladder's rung of a stage class; -1 off it (passive, former), -2 none */
static int rung_of(const dimtab *t, int c)
{
    return c && t->stage[c] >= 0 ? rmk_stage_rung((rmk_stage)t->stage[c]) : -2;
}

/* docs/workspace.md, "Moved down": what fell from a to b */
static unsigned fell(const rmk_ws_history *h, const snaprow *a, const snaprow *b)
{
    unsigned down = 0;
    if (a->cls[RMK_DIM_CATEGORY] && (!b->cls[RMK_DIM_CATEGORY] || b->rank > a->rank)) down |= RMK_DOWN_CATEGORY;
    const dimtab *st = &h->dim[RMK_DIM_STAGE];
    int sa = a->cls[RMK_DIM_STAGE], sb = b->cls[RMK_DIM_STAGE];
    int ra = rung_of(st, sa), rb = rung_of(st, sb);
    if (ra >= 0 && rb != -2 && rb < ra) down |= RMK_DOWN_STAGE; /* down the ladder, or off it */
    if (ra == -1 && rb == -1 && st->stage[sa] == RMK_STAGE_PASSIVE && st->stage[sb] == RMK_STAGE_FORMER)
        down |= RMK_DOWN_STAGE;
    const dimtab *ax = &h->dim[RMK_DIM_ABCXYZ];
    int ca = a->cls[RMK_DIM_ABCXYZ], cb = b->cls[RMK_DIM_ABCXYZ];
    if (ca && (!cb || ax->key[cb][0] > ax->key[ca][0])) down |= RMK_DOWN_ABC;
    return down;
}

static int add_mover(rmk_ws_history *h, const snaprow *a, const snaprow *b, unsigned down)
{
    if (h->nmv == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 256;
        mover_work *m = realloc(h->mw, cap * sizeof *m);
        if (!m) return -1;
        h->mw = m;
        h->cap = cap;
    }
    mover_work *m = &h->mw[h->nmv++];
    memset(m, 0, sizeof *m);
    m->cid = a->cid;
    m->down = down;
    m->key_dim = h->dim[RMK_DIM_CATEGORY].is_key[a->cls[RMK_DIM_CATEGORY]] ? RMK_DIM_CATEGORY
                 : h->dim[RMK_DIM_SEGMENT].is_key[a->cls[RMK_DIM_SEGMENT]] ? RMK_DIM_SEGMENT : -1;
    for (int d = 0; d < RMK_WS_DIMS; d++) {
        m->from[d] = (unsigned char)a->cls[d];
        m->to[d] = (unsigned char)b->cls[d];
    }
    m->clv_from = a->clv;
    m->clv_to = b->clv;
    return 0;
}

/* one customer: a in the earlier snapshot, b in the later (either may be
 * the empty row: not in that snapshot) */
static int count(rmk_ws_history *h, const snaprow *a, const snaprow *b)
{
    for (int d = 0; d < RMK_WS_DIMS; d++)
        h->dim[d].cell[(size_t)a->cls[d] * (MAX_CLASSES + 1) + (size_t)b->cls[d]]++;
    unsigned down = a->cid ? fell(h, a, b) : 0;
    return down ? add_mover(h, a, b, down) : 0;
}

static rmk_status merge(rmk_ws_history *h, rmk_ws *ws, int64_t sa, int64_t sb, char *err, size_t errlen)
{
    sqlite3_stmt *s[2] = {NULL, NULL};
    rmk_status st = RMK_OK;
    for (int k = 0; k < 2; k++)
        if (sqlite3_prepare_v2(ws->db, row_sql, -1, &s[k], NULL) != SQLITE_OK) goto dberr;
    sqlite3_bind_int64(s[0], 1, sa);
    sqlite3_bind_int64(s[1], 1, sb);
    snaprow a, b, none;
    memset(&none, 0, sizeof none);
    none.clv = NAN;
    int ga = next_row(h, s[0], &a), gb = next_row(h, s[1], &b);
    while (ga > 0 || gb > 0) {
        int c = ga <= 0 ? 1 : gb <= 0 ? -1 : (a.cid > b.cid) - (a.cid < b.cid);
        int bad = count(h, c <= 0 ? &a : &none, c >= 0 ? &b : &none);
        if (bad) goto nomem;
        if (c <= 0) ga = next_row(h, s[0], &a);
        if (c >= 0) gb = next_row(h, s[1], &b);
    }
    if (ga == -2 || gb == -2)
        st = rmk_fail(err, errlen, RMK_ERR_DATA, "%s: more than %d classes in one classification", ws->path,
                      MAX_CLASSES);
    else if (ga < 0 || gb < 0) goto dberr;
    goto done;
nomem:
    st = rmk_nomem(err, errlen);
    goto done;
dberr:
    st = ws_db_fail(ws->db, ws->path, "cannot read the snapshots", err, errlen);
done:
    sqlite3_finalize(s[0]);
    sqlite3_finalize(s[1]);
    return st;
}

/* the shown order of a dimension's classes, and its matrix in that order */
static rmk_status finish_dim(dimtab *t)
{
    size_t n = t->n;
    t->order = malloc(n * sizeof *t->order);
    uint64_t *cell = calloc(n * n, sizeof *cell);
    if (!t->order || !cell) {
        free(cell);
        return RMK_ERR_NOMEM;
    }
    for (size_t i = 0; i < n; i++) t->order[i] = i;
    t->rank[0] = 1 << 30;
    for (size_t i = 1; i < n; i++) /* insertion sort: a few classes, stable */
        for (size_t j = i; j > 0; j--) {
            size_t a = t->order[j - 1], b = t->order[j];
            if (t->rank[a] < t->rank[b] || (t->rank[a] == t->rank[b] && strcmp(t->key[a], t->key[b]) <= 0)) break;
            t->order[j - 1] = b, t->order[j] = a;
        }
    /* none last, and only when some customer has none */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            cell[i * n + j] = t->cell[t->order[i] * (MAX_CLASSES + 1) + t->order[j]];
    free(t->cell);
    t->cell = cell;
    return RMK_OK;
}

/* the order of the moved-down list (docs/workspace.md): key clients
 * first, then by the earlier CLV, highest first (unknown last), then by id;
 * sorted as 24-byte keys, not the work rows */
typedef struct mover_key {
    double clv;    /* -clv_from: ascending; +inf when unknown */
    uint32_t rank; /* 0 key client, 1 not */
    uint32_t i;    /* the work row */
} mover_key;

static const rmk_ws_history *sort_h; /* qsort has no context; one sort at a time in a process */
static int mover_cmp(const void *pa, const void *pb)
{
    const mover_key *a = pa, *b = pb;
    if (a->rank != b->rank) return a->rank < b->rank ? -1 : 1;
    if (a->clv != b->clv) return a->clv < b->clv ? -1 : 1;
    const mover_work *x = &sort_h->mw[a->i], *y = &sort_h->mw[b->i];
    return id_order(sort_h->ids + x->id_off, x->id_len, sort_h->ids + y->id_off, y->id_len);
}

/* the movers' ids (a prepared lookup each, in customer order: the B-tree's
 * pages in turn), kept in one block */
static rmk_status mover_ids(rmk_ws_history *h, rmk_ws *ws, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db, "SELECT customer FROM customers WHERE id = ?1", -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot read the customers", err, errlen);
    for (size_t i = 0; i < h->nmv; i++) {
        sqlite3_bind_int64(s, 1, h->mw[i].cid);
        int rc = sqlite3_step(s);
        const char *v = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(s, 0) : "";
        size_t n = rc == SQLITE_ROW && v ? (size_t)sqlite3_column_bytes(s, 0) : 0;
        if (h->ids_cap - h->ids_len < n + 1) {
            size_t cap = h->ids_cap ? h->ids_cap : 65536;
            while (cap - h->ids_len < n + 1) cap *= 2;
            char *g = realloc(h->ids, cap);
            if (!g) {
                sqlite3_finalize(s);
                return rmk_nomem(err, errlen);
            }
            h->ids = g;
            h->ids_cap = cap;
        }
        if (n) memcpy(h->ids + h->ids_len, v, n);
        h->ids[h->ids_len + n] = 0;
        h->mw[i].id_off = h->ids_len;
        h->mw[i].id_len = n;
        h->ids_len += n + 1;
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return RMK_OK;
}

/* the movers' ids, their order, the public rows */
static rmk_status finish_movers(rmk_ws_history *h, rmk_ws *ws, char *err, size_t errlen)
{
    rmk_status st = mover_ids(h, ws, err, errlen);
    if (st || !h->nmv) return st;
    mover_key *k = malloc(h->nmv * sizeof *k);
    if (!k || !(h->mv = calloc(h->nmv, sizeof *h->mv))) {
        free(k);
        return rmk_nomem(err, errlen);
    }
    for (size_t i = 0; i < h->nmv; i++) {
        const mover_work *w = &h->mw[i];
        k[i] = (mover_key){isnan(w->clv_from) ? INFINITY : -w->clv_from, w->key_dim >= 0 ? 0 : 1,
                           (uint32_t)i};
    }
    sort_h = h;
    qsort(k, h->nmv, sizeof *k, mover_cmp);
    for (size_t i = 0; i < h->nmv; i++) {
        const mover_work *w = &h->mw[k[i].i];
        rmk_ws_mover *m = &h->mv[i];
        m->customer_id = h->ids + w->id_off;
        m->key = w->key_dim >= 0;
        m->key_group = w->key_dim >= 0 ? h->dim[w->key_dim].key[w->from[w->key_dim]] : "";
        for (int d = 0; d < RMK_WS_DIMS; d++) {
            m->from[d] = h->dim[d].key[w->from[d]];
            m->to[d] = h->dim[d].key[w->to[d]];
        }
        m->down = w->down;
        m->clv_known = !isnan(w->clv_from);
        m->clv_from = w->clv_from;
        m->clv_to = w->clv_to;
    }
    free(k);
    return RMK_OK;
}

/* the snapshot ids of from and to, resolved as rmk_ws_history_run says */
static rmk_status pick(rmk_ws *ws, int32_t *from, int32_t *to, int64_t *sa, int64_t *sb, char *err,
                       size_t errlen)
{
    int32_t *d = NULL;
    size_t n = 0;
    rmk_status st = rmk_ws_snapshot_dates(ws, &d, &n, err, errlen);
    if (st) return st;
    char a[16], b[16];
    size_t ia = n, ib = n;
    for (size_t i = 0; i < n; i++) {
        if (d[i] == *from) ia = i;
        if (d[i] == *to) ib = i;
    }
    if (!n) st = ws_no_snapshots(ws, err, errlen);
    else if (n == 1)
        st = rmk_fail(err, errlen, RMK_ERR_EMPTY,
                      "%s: the workspace holds one snapshot (as of %s): history compares two; take another "
                      "with relmark snapshot %s --as-of DATE",
                      ws->path, rmk_date_format_iso(d[0], a), ws->path);
    else if ((*from != RMK_NO_DATE && ia == n) || (*to != RMK_NO_DATE && ib == n))
        st = rmk_fail(err, errlen, RMK_ERR_USAGE, "%s: no snapshot as of %s (%zu snapshots, from %s to %s)", ws->path,
                      rmk_date_format_iso(ia == n && *from != RMK_NO_DATE ? *from : *to, a), n,
                      rmk_date_format_iso(d[0], b), rmk_date_format_iso(d[n - 1], (char[16]){0}));
    if (!st) {
        if (*from == RMK_NO_DATE && *to == RMK_NO_DATE) ia = n - 2, ib = n - 1;
        else if (*to == RMK_NO_DATE) ib = n - 1;
        else if (*from == RMK_NO_DATE) ia = ib ? ib - 1 : 0;
        if (ia >= ib)
            st = rmk_fail(err, errlen, RMK_ERR_USAGE, "%s: --from %s is not before --to %s", ws->path,
                          rmk_date_format_iso(d[ia], a), rmk_date_format_iso(d[ib], b));
    }
    if (!st) {
        *from = d[ia], *to = d[ib];
        sqlite3_stmt *s = NULL;
        if (sqlite3_prepare_v2(ws->db, "SELECT id FROM snapshots WHERE as_of = ?1", -1, &s, NULL) != SQLITE_OK)
            st = ws_db_fail(ws->db, ws->path, "cannot read the snapshots", err, errlen);
        for (int k = 0; k < 2 && !st; k++) {
            sqlite3_bind_int64(s, 1, k ? *to : *from);
            if (sqlite3_step(s) != SQLITE_ROW) st = ws_db_fail(ws->db, ws->path, "cannot read the snapshots", err, errlen);
            else *(k ? sb : sa) = sqlite3_column_int64(s, 0);
            sqlite3_reset(s);
        }
        sqlite3_finalize(s);
    }
    free(d);
    return st;
}

static rmk_status set_groups(rmk_ws_history *h, const char *list, char *err, size_t errlen)
{
    if (!(h->groups_buf = strdup(list ? list : DEFAULT_KEY_GROUPS))) return rmk_nomem(err, errlen);
    char *save = NULL;
    for (char *g = strtok_r(h->groups_buf, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
        while (*g == ' ') g++;
        if (*g && h->ngroups < sizeof h->groups / sizeof h->groups[0]) h->groups[h->ngroups++] = g;
    }
    return RMK_OK;
}

rmk_status rmk_ws_history_run(rmk_ws *ws, int32_t from, int32_t to, const char *key_groups,
                              rmk_ws_history **out, char *err, size_t errlen)
{
    *out = NULL;
    int64_t sa = 0, sb = 0;
    rmk_status st = pick(ws, &from, &to, &sa, &sb, err, errlen);
    if (st) return st;
    rmk_ws_history *h = calloc(1, sizeof *h);
    if (!h) return rmk_nomem(err, errlen);
    h->from = from;
    h->to = to;
    st = set_groups(h, key_groups, err, errlen);
    for (int d = 0; d < RMK_WS_DIMS && !st; d++) {
        h->dim[d].n = 1;
        h->dim[d].key[0] = strdup("");
        h->dim[d].cell = calloc((size_t)(MAX_CLASSES + 1) * (MAX_CLASSES + 1), sizeof *h->dim[d].cell);
        if (!h->dim[d].key[0] || !h->dim[d].cell) st = rmk_nomem(err, errlen);
    }
    if (!st && sqlite3_exec(ws->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        st = ws_db_fail(ws->db, ws->path, "cannot read the snapshots", err, errlen);
    else if (!st) {
        st = merge(h, ws, sa, sb, err, errlen);
        if (!st) st = finish_movers(h, ws, err, errlen);
        sqlite3_exec(ws->db, "COMMIT", NULL, NULL, NULL);
    }
    for (int d = 0; d < RMK_WS_DIMS && !st; d++)
        if (finish_dim(&h->dim[d])) st = rmk_nomem(err, errlen);
    if (st) {
        rmk_ws_history_free(h);
        return st;
    }
    *out = h;
    return RMK_OK;
}

void rmk_ws_history_free(rmk_ws_history *h)
{
    if (!h) return;
    for (int d = 0; d < RMK_WS_DIMS; d++) {
        for (size_t i = 0; i < h->dim[d].n; i++) free(h->dim[d].key[i]);
        free(h->dim[d].cell);
        free(h->dim[d].order);
    }
    free(h->ids);
    free(h->mw);
    free(h->mv);
    free(h->groups_buf);
    free(h);
}

int32_t rmk_ws_history_from(const rmk_ws_history *h) { return h->from; }
int32_t rmk_ws_history_to(const rmk_ws_history *h) { return h->to; }
size_t rmk_ws_history_classes(const rmk_ws_history *h, rmk_ws_dim d)
{
    return (unsigned)d < RMK_WS_DIMS ? h->dim[d].n : 0;
}
const char *rmk_ws_history_class(const rmk_ws_history *h, rmk_ws_dim d, size_t i)
{
    return (unsigned)d < RMK_WS_DIMS && i < h->dim[d].n ? h->dim[d].key[h->dim[d].order[i]] : "";
}
uint64_t rmk_ws_history_cell(const rmk_ws_history *h, rmk_ws_dim d, size_t i, size_t j)
{
    if ((unsigned)d >= RMK_WS_DIMS || i >= h->dim[d].n || j >= h->dim[d].n) return 0;
    return h->dim[d].cell[i * h->dim[d].n + j];
}
size_t rmk_ws_history_down_count(const rmk_ws_history *h) { return h->nmv; }
const rmk_ws_mover *rmk_ws_history_down_at(const rmk_ws_history *h, size_t i)
{
    return i < h->nmv ? &h->mv[i] : NULL;
}

/* ------------------------------------------------- one customer's path */

struct rmk_ws_path {
    rmk_ws_step *step;
    size_t n;
};

void rmk_ws_path_free(rmk_ws_path *p)
{
    if (!p) return;
    for (size_t i = 0; i < p->n; i++)
        for (int d = 0; d < RMK_WS_DIMS; d++) free((char *)p->step[i].cls[d]);
    free(p->step);
    free(p);
}
size_t rmk_ws_path_count(const rmk_ws_path *p) { return p->n; }
const rmk_ws_step *rmk_ws_path_at(const rmk_ws_path *p, size_t i) { return i < p->n ? &p->step[i] : NULL; }

static rmk_status customer_row(rmk_ws *ws, const char *id, int64_t *cid, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db, "SELECT id FROM customers WHERE customer = ?1", -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot read the customers", err, errlen);
    sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *cid = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW) return RMK_OK;
    if (rc != SQLITE_DONE) return ws_db_fail(ws->db, ws->path, "cannot read the customers", err, errlen);
    return rmk_fail(err, errlen, RMK_ERR_USAGE, "%s: no customer %s in the workspace", ws->path, id);
}

static rmk_status read_step(sqlite3_stmt *s, rmk_ws_step *t)
{
    memset(t, 0, sizeof *t);
    t->as_of = (int32_t)sqlite3_column_int64(s, 0);
    t->present = sqlite3_column_int(s, 1);
    const char *rfm = (const char *)sqlite3_column_text(s, 2);
    snprintf(t->rfm, sizeof t->rfm, "%s", rfm ? rfm : "");
    for (int d = 0; d < RMK_WS_DIMS; d++) {
        const char *v = (const char *)sqlite3_column_text(s, 3 + d);
        if (!(t->cls[d] = strdup(v ? v : ""))) return RMK_ERR_NOMEM;
    }
    t->clv = sqlite3_column_type(s, 7) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 7);
    t->p_alive = sqlite3_column_type(s, 8) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 8);
    return RMK_OK;
}

rmk_status rmk_ws_customer_path(rmk_ws *ws, const char *customer_id, rmk_ws_path **out, char *err,
                                size_t errlen)
{
    *out = NULL;
    int64_t cid = 0;
    size_t nsnap = 0;
    int32_t *dates = NULL;
    rmk_status st = rmk_ws_snapshot_dates(ws, &dates, &nsnap, err, errlen);
    free(dates);
    if (st) return st;
    if (!nsnap) return ws_no_snapshots(ws, err, errlen);
    if ((st = customer_row(ws, customer_id, &cid, err, errlen))) return st;
    rmk_ws_path *p = calloc(1, sizeof *p);
    if (!p || !(p->step = calloc(nsnap, sizeof *p->step))) {
        free(p);
        return rmk_nomem(err, errlen);
    }
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db, "SELECT s.as_of, sc.customer_id IS NOT NULL, sc.rfm, sc.segment, sc.category,"
                                   " sc.stage, sc.abc || sc.xyz, sc.clv, sc.p_alive FROM snapshots s"
                                   " LEFT JOIN snapshot_customers sc ON sc.snapshot_id = s.id AND sc.customer_id = ?1"
                                   " ORDER BY s.as_of", -1, &s, NULL) != SQLITE_OK) {
        rmk_ws_path_free(p);
        return ws_db_fail(ws->db, ws->path, "cannot read the snapshots", err, errlen);
    }
    sqlite3_bind_int64(s, 1, cid);
    int rc;
    while (!st && (rc = sqlite3_step(s)) == SQLITE_ROW && p->n < nsnap)
        if (read_step(s, &p->step[p->n++])) st = rmk_nomem(err, errlen);
    if (!st && rc != SQLITE_DONE && rc != SQLITE_ROW) st = ws_db_fail(ws->db, ws->path, "cannot read the snapshots", err, errlen);
    sqlite3_finalize(s);
    if (st) {
        rmk_ws_path_free(p);
        return st;
    }
    *out = p;
    return RMK_OK;
}
