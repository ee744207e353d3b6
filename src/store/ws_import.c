/* SPDX-License-Identifier: MIT */
/* ws_import.c — rmk_ws_import: a transactions file (and the customers and
 * feedback files) into a workspace as one SQLite transaction, each row
 * stored once by its row key (docs/workspace.md, "The row key"). */
#include "ws.h"
#include "ws_db.h"
#include "custfile.h"
#include "feedback.h"
#include "errmsg.h"
#include "hash.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* The row key's and the digest's hash key: fixed, so that a key is the
 * same in every run and every build (it is stored). SipHash-1-3, 64 bits. */
static const hash_seed ws_seed = {0x72656c6d61726b31ULL, 0x776f726b73706163ULL};

/* ------------------------------------------------ the file's digest */

/* The digest of a regular file: SipHash of each 1 MiB block, then of the
 * blocks' hashes and the size; "" for standard input or a pipe (their rows
 * are still checked one by one). */
static int file_digest(const char *path, char hex[17], int64_t *size)
{
    hex[0] = 0;
    *size = -1;
    struct stat sb;
    if (!strcmp(path, "-") || stat(path, &sb) || !S_ISREG(sb.st_mode)) return 0;
    FILE *f = fopen(path, "rb");
    if (!f) return 0; /* the reader says why */
    enum { BLOCK = 1 << 20 };
    char *buf = malloc(BLOCK);
    uint64_t *hs = NULL;
    size_t nh = 0, caph = 0, n;
    int64_t total = 0;
    int ok = buf != NULL;
    while (ok && (n = fread(buf, 1, BLOCK, f)) > 0) {
        if (nh == caph) {
            caph = caph ? caph * 2 : 256;
            uint64_t *p = realloc(hs, (caph + 1) * sizeof *hs);
            if (!p) ok = 0;
            else hs = p;
        }
        if (ok) hs[nh++] = hash_bytes(&ws_seed, buf, n);
        total += (int64_t)n;
    }
    ok = ok && !ferror(f);
    fclose(f);
    free(buf);
    if (ok) {
        if (!hs && !(hs = malloc(sizeof *hs))) ok = 0;
        else hs[nh] = (uint64_t)total;
    }
    if (ok) snprintf(hex, 17, "%016llx", (unsigned long long)hash_bytes(&ws_seed, hs, (nh + 1) * sizeof *hs));
    free(hs);
    if (ok) *size = total;
    return ok ? 0 : -1;
}

/* ------------------------------------------ two small hash tables */

/* customer id text -> customers.id, for the rows of one import */
typedef struct idmap {
    uint64_t *h;     /* hash, 0 = empty slot (a hash of 0 is stored as 1) */
    int64_t *rowid;
    uint64_t *off;   /* the id's bytes in arena */
    uint32_t *len;
    size_t cap, n;
    char *arena;
    size_t used, arena_cap;
} idmap;

/* content hash -> how many rows of this file had it (the occurrence) */
typedef struct occmap {
    uint64_t *h;
    uint32_t *count;
    size_t cap, n;
} occmap;

static uint64_t nonzero(uint64_t h) { return h ? h : 1; }

static int idmap_grow(idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    idmap g = {calloc(cap, 8), malloc(cap * 8), malloc(cap * 8), malloc(cap * 4), cap, m->n,
               m->arena, m->used, m->arena_cap};
    if (!g.h || !g.rowid || !g.off || !g.len) {
        free(g.h), free(g.rowid), free(g.off), free(g.len);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->h[i]) continue;
        size_t j = m->h[i] & (cap - 1);
        while (g.h[j]) j = (j + 1) & (cap - 1);
        g.h[j] = m->h[i], g.rowid[j] = m->rowid[i], g.off[j] = m->off[i], g.len[j] = m->len[i];
    }
    free(m->h), free(m->rowid), free(m->off), free(m->len);
    *m = g;
    return 0;
}

/* the slot of id (found: *found = 1), or of where it goes; SIZE_MAX: no memory */
static size_t idmap_slot(idmap *m, const char *id, size_t len, uint64_t h, int *found)
{
    if ((m->n + 1) * 2 > m->cap && idmap_grow(m)) return SIZE_MAX;
    size_t j = h & (m->cap - 1);
    for (; m->h[j]; j = (j + 1) & (m->cap - 1))
        if (m->h[j] == h && m->len[j] == len && !memcmp(m->arena + m->off[j], id, len)) {
            *found = 1;
            return j;
        }
    *found = 0;
    return j;
}

static int idmap_put(idmap *m, size_t j, const char *id, size_t len, uint64_t h, int64_t rowid)
{
    if (m->arena_cap - m->used < len) {
        size_t nc = m->arena_cap ? m->arena_cap : 1 << 16;
        while (nc - m->used < len) nc *= 2;
        char *p = realloc(m->arena, nc);
        if (!p) return -1;
        m->arena = p, m->arena_cap = nc;
    }
    memcpy(m->arena + m->used, id, len);
    m->h[j] = h, m->rowid[j] = rowid, m->off[j] = m->used, m->len[j] = (uint32_t)len;
    m->used += len;
    m->n++;
    return 0;
}

static void idmap_free(idmap *m)
{
    free(m->h), free(m->rowid), free(m->off), free(m->len), free(m->arena);
}

/* the number of earlier rows of this file with content hash h, and one
 * more counted; UINT32_MAX: no memory */
static uint32_t occ_next(occmap *m, uint64_t h)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1 << 14;
        occmap g = {calloc(cap, 8), calloc(cap, 4), cap, m->n};
        if (!g.h || !g.count) {
            free(g.h), free(g.count);
            return UINT32_MAX;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->h[i]) continue;
            size_t j = m->h[i] & (cap - 1);
            while (g.h[j]) j = (j + 1) & (cap - 1);
            g.h[j] = m->h[i], g.count[j] = m->count[i];
        }
        free(m->h), free(m->count);
        *m = g;
    }
    size_t j = h & (m->cap - 1);
    while (m->h[j] && m->h[j] != h) j = (j + 1) & (m->cap - 1);
    if (!m->h[j]) m->h[j] = h, m->n++;
    return m->count[j]++;
}

/* ------------------------------------------------------- the import */

/* every statement of an import, prepared once per import (the side files'
 * rows are many: a statement prepared per row cost more than its step) */
enum { S_CUST, S_TXN, S_PAY, S_CUST_SET, S_FEEDBACK, S_COUNT };
static const char *const stmt_sql[S_COUNT] = {
    "INSERT INTO customers(customer) VALUES(?1)",
    ("INSERT INTO transactions(import_id, customer_id, invoice, day, amount, margin, key)"
     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(key) DO NOTHING"),
    "INSERT INTO payments(transaction_id, due, paid, prepaid) VALUES(?1, ?2, ?3, ?4)",
    "UPDATE customers SET name = ?1, type = ?2, status = ?3, contract_start = ?4 WHERE id = ?5",
    "INSERT INTO feedback(import_id, customer, day, nps, sat) VALUES(?1, ?2, ?3, ?4, ?5)",
};

typedef struct importing {
    rmk_ws *ws;
    int64_t import_id;
    sqlite3_stmt *s[S_COUNT];
    idmap ids;
    occmap occ;
    uint64_t added, known;
    sqlite3_stmt *find; /* a batch of the API: a customer looked up when first met, not
                           every customer loaded (a million for a batch of ten) */
    char *touched;      /* the stored rows' customer ids: [uint32 length][bytes]... */
    size_t ntouched, captouched;
    int touch;
} importing;

/* the customer's row id, stored when new */
static rmk_status customer_id(importing *im, const char *id, size_t len, int64_t *rowid, char *err,
                              size_t errlen)
{
    uint64_t h = nonzero(hash_bytes(&ws_seed, id, len));
    int found;
    size_t j = idmap_slot(&im->ids, id, len, h, &found);
    if (j == SIZE_MAX) return rmk_nomem(err, errlen);
    if (found) return *rowid = im->ids.rowid[j], RMK_OK;
    if (im->find) {
        sqlite3_bind_text(im->find, 1, id, (int)len, SQLITE_STATIC);
        int rc = sqlite3_step(im->find);
        int64_t got = rc == SQLITE_ROW ? sqlite3_column_int64(im->find, 0) : 0;
        sqlite3_reset(im->find);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return ws_db_fail(im->ws->db, im->ws->path, "cannot look up a customer", err, errlen);
        if (got) return *rowid = got, idmap_put(&im->ids, j, id, len, h, got) ? rmk_nomem(err, errlen) : RMK_OK;
    }
    sqlite3_stmt *s = im->s[S_CUST];
    sqlite3_bind_text(s, 1, id, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return ws_db_fail(im->ws->db, im->ws->path, "cannot store a customer", err, errlen);
    *rowid = sqlite3_last_insert_rowid(im->ws->db);
    return idmap_put(&im->ids, j, id, len, h, *rowid) ? rmk_nomem(err, errlen) : RMK_OK;
}

/* The row key (docs/workspace.md): the hash of the row's content as the
 * reader gives it -- customer, invoice (or none), day, amount, due, paid,
 * prepaid, margin -- and of how many rows of the same file had the same
 * content before it, so that two equal lines are two rows. */
static uint64_t content_hash(const txn_row *r)
{
    struct {
        int64_t amount, margin;
        int32_t day, due, paid, prepaid, margin_known, has_invoice;
        uint64_t customer, invoice;
    } k;
    memset(&k, 0, sizeof k);
    k.amount = r->amount;
    k.margin = r->margin_known ? r->margin : 0;
    k.day = r->day, k.due = r->due_day, k.paid = r->paid_day, k.prepaid = r->prepaid;
    k.margin_known = r->margin_known;
    k.has_invoice = r->invoice != NULL;
    k.customer = hash_bytes(&ws_seed, r->customer, r->customer_len);
    k.invoice = r->invoice ? hash_bytes(&ws_seed, r->invoice, r->invoice_len) : 0;
    return hash_bytes(&ws_seed, &k, sizeof k);
}

/* a stored row's customer, told to the caller after the commit */
static int remember(importing *im, const char *id, size_t len)
{
    if (im->ntouched + 4 + len > im->captouched) {
        size_t cap = im->captouched ? im->captouched * 2 : 4096;
        while (cap < im->ntouched + 4 + len) cap *= 2;
        char *p = realloc(im->touched, cap);
        if (!p) return -1;
        im->touched = p, im->captouched = cap;
    }
    uint32_t n = (uint32_t)len;
    memcpy(im->touched + im->ntouched, &n, 4);
    memcpy(im->touched + im->ntouched + 4, id, len);
    im->ntouched += 4 + len;
    return 0;
}

static rmk_status store_row(void *ctx, const txn_row *r, char *err, size_t errlen)
{
    importing *im = ctx;
    int64_t cid;
    rmk_status st = customer_id(im, r->customer, r->customer_len, &cid, err, errlen);
    if (st) return st;
    uint64_t ch = nonzero(content_hash(r));
    uint32_t occ = occ_next(&im->occ, ch);
    if (occ == UINT32_MAX) return rmk_nomem(err, errlen);
    uint64_t kk[2] = {ch, occ};
    int64_t key = (int64_t)hash_bytes(&ws_seed, kk, sizeof kk);
    sqlite3_stmt *s = im->s[S_TXN];
    sqlite3_bind_int64(s, 1, im->import_id);
    sqlite3_bind_int64(s, 2, cid);
    if (r->invoice) sqlite3_bind_text(s, 3, r->invoice, (int)r->invoice_len, SQLITE_STATIC);
    else sqlite3_bind_null(s, 3);
    sqlite3_bind_int64(s, 4, r->day);
    sqlite3_bind_int64(s, 5, r->amount);
    if (r->margin_known) sqlite3_bind_int64(s, 6, r->margin);
    else sqlite3_bind_null(s, 6);
    sqlite3_bind_int64(s, 7, key);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE) return ws_db_fail(im->ws->db, im->ws->path, "cannot store a row", err, errlen);
    if (!sqlite3_changes(im->ws->db)) return im->known++, RMK_OK;
    im->added++;
    if (im->touch && remember(im, r->customer, r->customer_len)) return rmk_nomem(err, errlen);
    if (r->due_day == RMK_NO_DATE && r->paid_day == RMK_NO_DATE && r->prepaid < 0) return RMK_OK;
    s = im->s[S_PAY];
    sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(im->ws->db));
    if (r->due_day != RMK_NO_DATE) sqlite3_bind_int64(s, 2, r->due_day);
    else sqlite3_bind_null(s, 2);
    if (r->paid_day != RMK_NO_DATE) sqlite3_bind_int64(s, 3, r->paid_day);
    else sqlite3_bind_null(s, 3);
    if (r->prepaid >= 0) sqlite3_bind_int64(s, 4, r->prepaid);
    else sqlite3_bind_null(s, 4);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? RMK_OK
                             : ws_db_fail(im->ws->db, im->ws->path, "cannot store a payment", err, errlen);
}

/* the customers already stored, into the map */
static rmk_status load_customers(importing *im, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(im->ws->db, "SELECT id, customer FROM customers", -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(im->ws->db, im->ws->path, "cannot read the customers", err, errlen);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_blob(s, 1);
        size_t len = (size_t)sqlite3_column_bytes(s, 1);
        uint64_t h = nonzero(hash_bytes(&ws_seed, id ? id : "", len));
        int found;
        size_t j = idmap_slot(&im->ids, id ? id : "", len, h, &found);
        if (j == SIZE_MAX || (!found && idmap_put(&im->ids, j, id ? id : "", len, h, sqlite3_column_int64(s, 0)))) {
            sqlite3_finalize(s);
            return rmk_nomem(err, errlen);
        }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? RMK_OK : ws_db_fail(im->ws->db, im->ws->path, "cannot read the customers", err, errlen);
}

/* one statement with its text and integer parameters ("t" text or NULL,
 * "i" int64), run to completion */
static rmk_status run(rmk_ws *ws, const char *sql, const char *types, const void *const *v,
                      const char *what, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db, sql, -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, what, err, errlen);
    for (int i = 0; types[i]; i++) {
        if (!v[i]) sqlite3_bind_null(s, i + 1);
        else if (types[i] == 't') sqlite3_bind_text(s, i + 1, v[i], -1, SQLITE_STATIC);
        else sqlite3_bind_int64(s, i + 1, *(const int64_t *)v[i]);
    }
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? RMK_OK : ws_db_fail(ws->db, ws->path, what, err, errlen);
}

/* one step of the import's prepared statement `slot` with the values v
 * (types: 't' text, 'i' int64; NULL: SQL NULL), then reset for the next */
static rmk_status step_with(importing *im, int slot, const char *types, const void *const *v,
                            const char *what, char *err, size_t errlen)
{
    sqlite3_stmt *s = im->s[slot];
    for (int i = 0; types[i]; i++) {
        if (!v[i]) sqlite3_bind_null(s, i + 1);
        else if (types[i] == 't') sqlite3_bind_text(s, i + 1, v[i], -1, SQLITE_STATIC);
        else sqlite3_bind_int64(s, i + 1, *(const int64_t *)v[i]);
    }
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc == SQLITE_DONE ? RMK_OK : ws_db_fail(im->ws->db, im->ws->path, what, err, errlen);
}

/* the file's whole bytes ("-": standard input), for a side file */
static rmk_status slurp(const char *path, char **data, size_t *len, char *err, size_t errlen)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f) return rmk_fail(err, errlen, RMK_ERR_NOINPUT, "%s: cannot open", path);
    size_t cap = 1 << 16, n = 0, k;
    char *p = malloc(cap);
    while (p && (k = fread(p + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *q = realloc(p, cap *= 2);
            if (!q) free(p);
            p = q;
        }
    }
    int bad = ferror(f);
    if (f != stdin) fclose(f);
    if (!p) return rmk_nomem(err, errlen);
    if (bad) {
        free(p);
        return rmk_fail(err, errlen, RMK_ERR_IO, "%s: cannot read", path);
    }
    *data = p;
    *len = n;
    return RMK_OK;
}

static rmk_status store_side(importing *im, const char *kind, const char *name, const char *data,
                             size_t len, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(im->ws->db,
                           "INSERT OR REPLACE INTO side_files(kind, import_id, name, content)"
                           " VALUES(?1, ?2, ?3, ?4)",
                           -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(im->ws->db, im->ws->path, "cannot store a file", err, errlen);
    sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, im->import_id);
    sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(s, 4, data, len, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? RMK_OK : ws_db_fail(im->ws->db, im->ws->path, "cannot store a file", err, errlen);
}

static const char *const type_name[] = {NULL, "individual", "corporate"};
static const char *const status_name[] = {NULL, "lead", "qualified", "disqualified"};

/* The customers file: checked by its reader, its clients' fields into
 * customers, its bytes kept for the analyses (they read it as given). */
static rmk_status import_customers(importing *im, const char *path, const rmk_read_opts *side,
                                   uint64_t *stored, char *err, size_t errlen)
{
    char *data;
    size_t len;
    custfile *cf = NULL;
    rmk_status st = slurp(path, &data, &len, err, errlen);
    if (st) return st;
    st = custfile_read_mem(data, len, path, side, &cf, err, errlen);
    if (!st) st = store_side(im, "customers", path, data, len, err, errlen);
    size_t n = cf ? custfile_count(cf) : 0;
    for (size_t i = 0; !st && i < n; i++) {
        const cust_rec *r = custfile_at(cf, i);
        int64_t cid, start = r->contract_start;
        st = customer_id(im, r->id, r->id_len, &cid, err, errlen);
        const void *v[5] = {r->name && *r->name ? r->name : NULL,
                            r->type >= 1 && r->type <= 2 ? type_name[r->type] : NULL,
                            r->status >= 1 && r->status <= 3 ? status_name[r->status] : NULL,
                            r->contract_start != RMK_NO_DATE ? &start : NULL, &cid};
        if (!st)
            st = step_with(im, S_CUST_SET, "tttii", v, "cannot store a customer", err, errlen);
    }
    if (!st) *stored = n;
    custfile_free(cf);
    free(data);
    return st;
}

/* The feedback file: every answer into feedback (the previous file's
 * answers replaced, the API's kept), its bytes kept. Read on the widest scale (0-100), as
 * the analyses read it with theirs. */
static rmk_status import_feedback(importing *im, const char *path, const rmk_read_opts *side,
                                  uint64_t *stored, char *err, size_t errlen)
{
    char *data;
    size_t len;
    feedback *fb = NULL;
    rmk_status st = slurp(path, &data, &len, err, errlen);
    if (st) return st;
    st = feedback_read_mem(data, len, path, side, 0, 100, &fb, err, errlen);
    if (!st) st = store_side(im, "feedback", path, data, len, err, errlen);
    /* the answers posted to the API (docs/api.md) stay */
    if (!st)
        st = run(im->ws, "DELETE FROM feedback WHERE import_id NOT IN (SELECT id FROM imports"
                         " WHERE file = 'batch' AND feedback_file = 'batch')",
                 "", NULL, "cannot store the feedback", err, errlen);
    size_t n = fb ? feedback_customer_count(fb) : 0, answers = 0;
    const fb_score *sc = fb ? feedback_scores(fb) : NULL;
    for (size_t i = 0; !st && i < n; i++) {
        const fb_customer *c = feedback_customer_at(fb, i);
        for (size_t k = c->first; !st && k < c->first + c->count; k++, answers++) {
            int64_t day = sc[k].day, nps = sc[k].nps, sat = sc[k].sat;
            const void *v[5] = {&im->import_id, c->id, &day, nps >= 0 ? &nps : NULL, sat >= 0 ? &sat : NULL};
            st = step_with(im, S_FEEDBACK, "itiii", v, "cannot store the feedback", err, errlen);
        }
    }
    if (!st) *stored = answers;
    feedback_free(fb);
    free(data);
    return st;
}

/* the imports row, counts 0 until the end */
static rmk_status begin_import(importing *im, const char *path, const char *digest, int64_t size,
                               const char *customers, const char *fbfile, char *err, size_t errlen)
{
    char at[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    const void *v[6] = {path, *digest ? digest : NULL, size >= 0 ? &size : NULL, at, customers, fbfile};
    rmk_status st = run(im->ws, "INSERT INTO imports(file, digest, size, at, customers_file, feedback_file)"
                                " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                        "ttittt", v, "cannot record the import", err, errlen);
    im->import_id = sqlite3_last_insert_rowid(im->ws->db);
    return st;
}

/* 1 when a file of this digest and size was imported before */
static int seen_before(rmk_ws *ws, const char *digest, int64_t size)
{
    if (!*digest) return 0;
    sqlite3_stmt *s = NULL;
    int seen = 0;
    if (sqlite3_prepare_v2(ws->db, "SELECT 1 FROM imports WHERE digest = ?1 AND size = ?2 AND rows > 0",
                           -1, &s, NULL) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, digest, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, size);
        seen = sqlite3_step(s) == SQLITE_ROW;
    }
    sqlite3_finalize(s);
    return seen;
}

/* text: a batch of the API in memory (len bytes), path its name; else the file path */
static rmk_status import_rows(importing *im, const char *path, const char *text, size_t len,
                              const rmk_read_opts *ro, rmk_ws_import_result *res, char *err,
                              size_t errlen)
{
    rmk_status st = RMK_OK;
    if (!text) st = load_customers(im, err, errlen);
    else if (sqlite3_prepare_v2(im->ws->db, "SELECT id FROM customers WHERE customer = ?1", -1,
                                &im->find, NULL) != SQLITE_OK)
        st = ws_db_fail(im->ws->db, im->ws->path, "cannot prepare the import", err, errlen);
    txn_counts c;
    memset(&c, 0, sizeof c);
    if (!st && text)
        st = txn_read_mem_ex(text, len, path, ro, TXN_PAYMENT | TXN_MARGIN, store_row, im, &c, err, errlen);
    else if (!st) st = txn_read_ex(path, ro, TXN_PAYMENT | TXN_MARGIN, store_row, im, &c, err, errlen);
    if (st) return st;
    res->rows = c.rows;
    res->added = im->added;
    res->known = im->known;
    res->rejected = c.skipped;
    snprintf(res->first_error, sizeof res->first_error, "%s", c.first_error);
    res->left_out = c.after_as_of + c.guest + c.totals + c.filtered + c.before_from;
    int64_t v6[6] = {(int64_t)res->rows, (int64_t)res->added, (int64_t)res->known,
                     (int64_t)res->rejected, (int64_t)res->left_out, im->import_id};
    const void *v[7] = {&v6[0], &v6[1], &v6[2], &v6[3], &v6[4], &v6[5], c.columns};
    return run(im->ws, "UPDATE imports SET rows = ?1, added = ?2, known = ?3, rejected = ?4, left_out = ?5,"
                       " columns = ?7 WHERE id = ?6",
               "iiiiiit", v, "cannot record the import", err, errlen);
}

static rmk_status import_all(importing *im, const char *path, const rmk_read_opts *ro,
                             const char *customers, const char *fbfile, rmk_ws_import_result *res,
                             char *err, size_t errlen)
{
    char digest[17];
    int64_t size;
    if (file_digest(path, digest, &size)) return rmk_fail(err, errlen, RMK_ERR_IO, "%s: cannot read", path);
    res->same_file = seen_before(im->ws, digest, size);
    rmk_status st = begin_import(im, path, digest, size, customers, fbfile, err, errlen);
    if (!st && !res->same_file) st = import_rows(im, path, NULL, 0, ro, res, err, errlen);
    rmk_read_opts side = txn_side_opts(ro);
    if (!st && res->same_file && (customers || fbfile)) st = load_customers(im, err, errlen);
    if (!st && customers) st = import_customers(im, customers, &side, &res->customers, err, errlen);
    if (!st && fbfile) st = import_feedback(im, fbfile, &side, &res->answers, err, errlen);
    return st;
}

/* BEGIN IMMEDIATE, the import (a file, or text: an API batch), COMMIT; on
 * any error ROLLBACK and nothing stored */
static rmk_status import_tx(importing *im, const char *path, const char *text, size_t len,
                            const rmk_read_opts *ro, const char *customers, const char *fbfile,
                            rmk_ws_import_result *res, char *err, size_t errlen)
{
    rmk_ws *ws = im->ws;
    /* a large cache keeps the row keys' index in memory (KiB, negative: a size);
     * a checkpoint every 16,384 WAL pages (64 MiB), not 1,000: an API batch
     * of 1,000 rows dirties ~2,000 pages, and each checkpoint is an fsync
     * (bench/README.md, "The API") */
    sqlite3_exec(ws->db, "PRAGMA cache_size = -262144; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 16384", NULL, NULL, NULL);
    /* IMMEDIATE: the write lock now (or busy_timeout, then "busy"), never halfway */
    rmk_status st = run(ws, "BEGIN IMMEDIATE", "", NULL, "cannot start the import", err, errlen);
    if (st) return st;
    /* prepared before anything: the side files of a file seen before store too */
    for (int i = 0; !st && i < S_COUNT; i++)
        if (sqlite3_prepare_v2(ws->db, stmt_sql[i], -1, &im->s[i], NULL) != SQLITE_OK)
            st = ws_db_fail(ws->db, ws->path, "cannot prepare the import", err, errlen);
    if (!st && text) {
        st = begin_import(im, path, "", -1, NULL, NULL, err, errlen);
        if (!st) st = import_rows(im, path, text, len, ro, res, err, errlen);
    } else if (!st) {
        st = import_all(im, path, ro, customers, fbfile, res, err, errlen);
    }
    for (int i = 0; i < S_COUNT; i++) sqlite3_finalize(im->s[i]);
    sqlite3_finalize(im->find);
    idmap_free(&im->ids);
    free(im->occ.h), free(im->occ.count);
    if (!st) st = run(ws, "COMMIT", "", NULL, "cannot finish the import", err, errlen);
    if (st) {
        sqlite3_exec(ws->db, "ROLLBACK", NULL, NULL, NULL);
        memset(res, 0, sizeof *res);
        return st;
    }
    res->import_id = im->import_id;
    return RMK_OK;
}

rmk_status rmk_ws_import(rmk_ws *ws, const char *path, const rmk_read_opts *ro, const char *customers,
                         const char *fbfile, rmk_ws_import_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    if (!ws || !path) return rmk_fail(err, errlen, RMK_ERR_USAGE, "no workspace or no file");
    if (ws->readonly) return rmk_fail(err, errlen, RMK_ERR_USAGE, "%s: opened read-only", ws->path);
    rmk_read_opts def;
    if (!ro) rmk_read_opts_init(&def), ro = &def;
    importing im;
    memset(&im, 0, sizeof im);
    im.ws = ws;
    return import_tx(&im, path, NULL, 0, ro, customers, fbfile, res, err, errlen);
}

rmk_status rmk_ws_import_text(rmk_ws *ws, const char *name, const char *data, size_t len,
                              const rmk_read_opts *ro, rmk_ws_touch_fn touch, void *ctx,
                              rmk_ws_import_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    if (!ws || !name || !data) return rmk_fail(err, errlen, RMK_ERR_USAGE, "no workspace or no rows");
    if (ws->readonly) return rmk_fail(err, errlen, RMK_ERR_USAGE, "%s: opened read-only", ws->path);
    rmk_read_opts def;
    if (!ro) rmk_read_opts_init(&def), ro = &def;
    importing im;
    memset(&im, 0, sizeof im);
    im.ws = ws;
    im.touch = touch != NULL;
    rmk_status st = import_tx(&im, name, data, len, ro, NULL, NULL, res, err, errlen);
    for (size_t at = 0; !st && touch && at < im.ntouched;) {
        uint32_t n;
        memcpy(&n, im.touched + at, 4);
        touch(ctx, im.touched + at + 4, n);
        at += 4 + n;
    }
    free(im.touched);
    return st;
}
