/* SPDX-License-Identifier: MIT */
/* ws.c — the workspace: opening (schema, application_id, user_version),
 * telling a workspace from a text file, and reading its rows back as the
 * CSV reader gives them (docs/workspace.md). The import is ws_import.c. */
#include "ws.h"
#include "ws_db.h"
#include "errmsg.h"
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The schema of WS_SCHEMA (docs/workspace.md, "The schema"): days are day
 * numbers (0 = 1970-01-01), amounts minor units (1/10,000 of the currency unit, RMK_MONEY_SCALE); the views give
 * dates and money for a user's SQL. */
static const char schema_sql[] =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE imports(id INTEGER PRIMARY KEY, file TEXT NOT NULL, digest TEXT, size INTEGER,"
    " at TEXT NOT NULL, rows INTEGER NOT NULL DEFAULT 0, added INTEGER NOT NULL DEFAULT 0,"
    " known INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0,"
    " left_out INTEGER NOT NULL DEFAULT 0, customers_file TEXT, feedback_file TEXT, columns TEXT);"
    "CREATE INDEX imports_digest ON imports(digest);"
    "CREATE TABLE customers(id INTEGER PRIMARY KEY, customer TEXT NOT NULL UNIQUE, name TEXT,"
    " type TEXT, status TEXT, contract_start INTEGER);"
    "CREATE TABLE transactions(id INTEGER PRIMARY KEY,"
    " import_id INTEGER NOT NULL REFERENCES imports(id),"
    " customer_id INTEGER NOT NULL REFERENCES customers(id), invoice TEXT,"
    " day INTEGER NOT NULL, amount INTEGER NOT NULL, margin INTEGER, key INTEGER NOT NULL UNIQUE);"
    "CREATE TABLE payments(transaction_id INTEGER PRIMARY KEY REFERENCES transactions(id),"
    " due INTEGER, paid INTEGER, prepaid INTEGER);"
    "CREATE TABLE feedback(id INTEGER PRIMARY KEY, import_id INTEGER NOT NULL REFERENCES imports(id),"
    " customer TEXT NOT NULL, day INTEGER NOT NULL, nps INTEGER, sat INTEGER);"
    "CREATE TABLE side_files(kind TEXT PRIMARY KEY, import_id INTEGER NOT NULL REFERENCES imports(id),"
    " name TEXT NOT NULL, content BLOB NOT NULL);"
    "CREATE VIEW sales AS SELECT t.id AS id, c.customer AS customer, t.invoice AS invoice,"
    " date(t.day * 86400, 'unixepoch') AS date, t.amount / 10000.0 AS amount,"
    " t.margin / 10000.0 AS margin, date(p.due * 86400, 'unixepoch') AS due,"
    " date(p.paid * 86400, 'unixepoch') AS paid, p.prepaid AS prepaid, t.import_id AS import_id"
    " FROM transactions t JOIN customers c ON c.id = t.customer_id"
    " LEFT JOIN payments p ON p.transaction_id = t.id;"
    "INSERT INTO meta(key, value) VALUES('created_by', 'relmark'), ('schema', '1');";

/* The first n bytes of path into h; 0, or -1 with errno. Through SQLite's
 * own VFS, not open()/close(): POSIX locks belong to the process, and
 * closing any descriptor of a file drops every lock the process holds on it
 * -- those of this process's open connections to the workspace too (then
 * another process's close deletes the WAL under them). SQLite's unix VFS
 * keeps such a descriptor open until its connections let go. */
static int read_head(const char *path, unsigned char *h, int n)
{
    sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
    sqlite3_file *f = vfs ? calloc(1, (size_t)vfs->szOsFile) : NULL;
    if (!f) return errno = ENOMEM, -1;
    int out = 0, rc = vfs->xOpen(vfs, path, f, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, &out);
    if (rc == SQLITE_OK) {
        rc = f->pMethods->xRead(f, h, n, 0);
        f->pMethods->xClose(f);
    } else if (f->pMethods) {
        f->pMethods->xClose(f);
    }
    free(f);
    if (rc != SQLITE_OK)
        errno = (rc & 0xff) == SQLITE_CANTOPEN ? EACCES : (rc & 0xff) == SQLITE_NOMEM ? ENOMEM : EIO;
    return rc == SQLITE_OK ? 0 : -1;
}

/* Schema 2 adds the snapshots (docs/workspace.md, "Snapshots"): a new
 * workspace gets it after schema_sql, a workspace of schema 1 when it is
 * first opened for writing (migrate), in one transaction either way. */
static const char snapshot_sql[] =
    "CREATE TABLE snapshots(id INTEGER PRIMARY KEY, as_of INTEGER NOT NULL UNIQUE, taken TEXT NOT NULL,"
    " customers INTEGER NOT NULL, bins INTEGER NOT NULL, ties TEXT NOT NULL, segments TEXT NOT NULL,"
    " scale TEXT, abc_months INTEGER NOT NULL, clv_model TEXT NOT NULL, clv_unit TEXT NOT NULL,"
    " clv_horizon_months INTEGER NOT NULL, clv_discount REAL NOT NULL, clv_margin REAL NOT NULL,"
    " clv_error TEXT);"
    "CREATE TABLE snapshot_customers(snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,"
    " customer_id INTEGER NOT NULL REFERENCES customers(id), recency INTEGER, frequency INTEGER,"
    " net INTEGER, r INTEGER, f INTEGER, m INTEGER, rfm TEXT, segment TEXT, category TEXT,"
    " category_rank INTEGER, stage TEXT NOT NULL, abc TEXT, xyz TEXT, clv REAL, p_alive REAL,"
    " PRIMARY KEY(snapshot_id, customer_id)) WITHOUT ROWID;"
    "CREATE TABLE snapshot_models(snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,"
    " model TEXT NOT NULL, unit TEXT NOT NULL, customers REAL NOT NULL, log_likelihood REAL,"
    " converged INTEGER NOT NULL, PRIMARY KEY(snapshot_id, model));"
    "CREATE TABLE snapshot_params(snapshot_id INTEGER NOT NULL, model TEXT NOT NULL,"
    " position INTEGER NOT NULL, name TEXT NOT NULL, value REAL NOT NULL, se REAL,"
    " PRIMARY KEY(snapshot_id, model, position), FOREIGN KEY(snapshot_id, model)"
    " REFERENCES snapshot_models(snapshot_id, model) ON DELETE CASCADE);"
    "CREATE VIEW snapshot_classes AS SELECT date(s.as_of * 86400, 'unixepoch') AS as_of,"
    " c.customer AS customer, sc.rfm AS rfm, sc.segment AS segment, sc.category AS category,"
    " sc.stage AS stage, sc.abc || sc.xyz AS abcxyz, sc.clv AS clv, sc.p_alive AS p_alive"
    " FROM snapshot_customers sc JOIN snapshots s ON s.id = sc.snapshot_id"
    " JOIN customers c ON c.id = sc.customer_id;"
    "UPDATE meta SET value = '2' WHERE key = 'schema';";

int ws_probe(const char *path, char *err, size_t errlen)
{
    struct stat sb;
    if (!path || stat(path, &sb) || !S_ISREG(sb.st_mode) || sb.st_size < 100) return 0;
    if (access(path, R_OK)) return 0; /* the text reader says why it cannot open it */
    unsigned char h[100];
    size_t got = sizeof h;
    if (read_head(path, h, (int)sizeof h)) {
        int e = errno;
        if (e == EACCES) return 0;
        if (e == ENOMEM) return rmk_nomem(err, errlen), -3;
        rmk_fail(err, errlen, RMK_ERR_IO, "%s: cannot read: %s", path, strerror(e));
        return -2;
    }
    if (got != sizeof h || memcmp(h, "SQLite format 3", 16)) return 0;
    /* the header's application_id: a big-endian 32-bit integer at byte 68 */
    uint32_t app = (uint32_t)h[68] << 24 | (uint32_t)h[69] << 16 | (uint32_t)h[70] << 8 | h[71];
    if (app == WS_APPLICATION_ID) return 1;
    rmk_fail(err, errlen, RMK_ERR_DATA,
             "%s: a SQLite database but not a relmark workspace (application_id %#x, not %#x)",
             path, app, WS_APPLICATION_ID);
    return -1;
}

rmk_status ws_db_fail(sqlite3 *db, const char *path, const char *what, char *err, size_t errlen)
{
    int code = db ? sqlite3_extended_errcode(db) : SQLITE_NOMEM;
    const char *msg = db ? sqlite3_errmsg(db) : "out of memory";
    rmk_status st = RMK_ERR_IO;
    if ((code & 0xff) == SQLITE_NOMEM) st = RMK_ERR_NOMEM;
    else if ((code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB) st = RMK_ERR_DATA;
    else if ((code & 0xff) == SQLITE_CANTOPEN) st = RMK_ERR_NOINPUT;
    if ((code & 0xff) == SQLITE_BUSY)
        return rmk_fail(err, errlen, RMK_ERR_IO,
                        "%s: %s: the workspace is busy (another import is writing it); try again "
                        "when it is done",
                        path, what);
    return rmk_fail(err, errlen, st, "%s: %s: %s", path, what, msg);
}

/* application_id and user_version of an open workspace: 0, or -1 with the
 * message (a foreign database, a newer schema) */
static rmk_status check_version(sqlite3 *db, const char *path, int *empty, int *version, char *err,
                                size_t errlen)
{
    sqlite3_stmt *s = NULL;
    int64_t app = 0, ver = 0, tables = 0;
    const char *sql = "SELECT (SELECT application_id FROM pragma_application_id),"
                      " (SELECT user_version FROM pragma_user_version),"
                      " (SELECT count(*) FROM sqlite_schema)";
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK || sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        return ws_db_fail(db, path, "cannot read the workspace", err, errlen);
    }
    app = sqlite3_column_int64(s, 0);
    ver = sqlite3_column_int64(s, 1);
    tables = sqlite3_column_int64(s, 2);
    sqlite3_finalize(s);
    *empty = app == 0 && ver == 0 && tables == 0;
    *version = (int)ver;
    if (*empty) return RMK_OK;
    if (app != WS_APPLICATION_ID)
        return rmk_fail(err, errlen, RMK_ERR_DATA,
                        "%s: a SQLite database but not a relmark workspace (application_id %#llx, not %#x)",
                        path, (unsigned long long)app, WS_APPLICATION_ID);
    if (ver > WS_SCHEMA)
        return rmk_fail(err, errlen, RMK_ERR_DATA,
                        "%s: a workspace of schema version %lld, newer than this relmark's %d: "
                        "use a newer relmark",
                        path, (long long)ver, WS_SCHEMA);
    if (ver < 1)
        return rmk_fail(err, errlen, RMK_ERR_DATA, "%s: a workspace without a schema version", path);
    return RMK_OK;
}

/* A new workspace (version 0: empty) or one of schema 1 brought to
 * WS_SCHEMA, as one transaction: a kill leaves it as it was */
static rmk_status create_schema(sqlite3 *db, const char *path, int version, char *err, size_t errlen)
{
    char sql[96];
    const char *what = version ? "cannot migrate the workspace to schema 2" : "cannot create the workspace";
    /* WAL: readers go on while an import writes; journal_mode is kept in the file */
    if (!version && sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
        return ws_db_fail(db, path, what, err, errlen);
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
             WS_APPLICATION_ID, WS_SCHEMA);
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return ws_db_fail(db, path, what, err, errlen);
    if ((!version && sqlite3_exec(db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) ||
        sqlite3_exec(db, snapshot_sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        rmk_status st = ws_db_fail(db, path, what, err, errlen);
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    /* the header (application_id, user_version) into the file itself, not
     * only the WAL: ws_probe reads the file's first 100 bytes, and a kill
     * before the last connection closes would leave them in the WAL. A
     * reader keeping the WAL busy makes it partial: SQLITE_BUSY is then no
     * error, the next open's checkpoint finishes it. */
    int rc = sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) return ws_db_fail(db, path, what, err, errlen);
    return RMK_OK;
}

/* A connection that can read (writable: and write) the workspace at path.
 * A read-only one falls back to an immutable open when the directory lets
 * it create no -shm file (a workspace on read-only media). */
static rmk_status open_db(const char *path, int writable, sqlite3 **out, int *version_out, char *err,
                          size_t errlen)
{
    sqlite3 *db = NULL;
    int flags = writable ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    int rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    int empty = 0, version = 0;
    rmk_status st = RMK_OK;
    if (rc == SQLITE_OK) {
        sqlite3_extended_result_codes(db, 1);
        /* before the first read: a connection opening the file at the same
         * moment may be recovering its WAL index (SQLITE_BUSY_RECOVERY),
         * which a reader without a busy handler takes as a failure */
        sqlite3_busy_timeout(db, WS_BUSY_MS);
        /* SQLite opens a file it may not write read-only, without a word */
        if (writable && sqlite3_db_readonly(db, "main") == 1)
            st = rmk_fail(err, errlen, RMK_ERR_IO, "%s: cannot write the workspace: it is read-only", path);
        else
            st = check_version(db, path, &empty, &version, err, errlen);
    }
    if (!writable && (rc != SQLITE_OK || (st && access(path, W_OK)))) {
        /* read-only media: nobody writes it, so reading it as immutable is safe */
        sqlite3_close(db);
        db = NULL;
        char *uri = sqlite3_mprintf("file:%s?immutable=1", path);
        rc = uri ? sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) : SQLITE_NOMEM;
        sqlite3_free(uri);
        if (rc == SQLITE_OK) st = check_version(db, path, &empty, &version, err, errlen);
    }
    if (rc != SQLITE_OK) {
        st = ws_db_fail(db, path, writable ? "cannot open or create the workspace" : "cannot open the workspace",
                        err, errlen);
        sqlite3_close(db);
        return st;
    }
    if (!st && empty && !writable) st = rmk_fail(err, errlen, RMK_ERR_DATA, "%s: an empty workspace", path);
    if (!st) sqlite3_busy_timeout(db, WS_BUSY_MS);
    if (!st && sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
        st = ws_db_fail(db, path, "cannot open the workspace", err, errlen);
    if (!st && writable && (empty || version < WS_SCHEMA)) {
        st = create_schema(db, path, empty ? 0 : version, err, errlen);
        version = WS_SCHEMA;
    }
    /* the API's tables (tokens) and index, idempotent: any writable open adds them */
    if (!st && writable && sqlite3_exec(db, ws_api_ddl, NULL, NULL, NULL) != SQLITE_OK)
        st = ws_db_fail(db, path, "cannot add the API's tables", err, errlen);
    if (st) {
        sqlite3_close(db);
        return st;
    }
    *out = db;
    if (version_out) *version_out = version;
    return RMK_OK;
}

rmk_status rmk_ws_open(const char *path, unsigned flags, rmk_ws **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!path || !*path || !strcmp(path, "-"))
        return rmk_fail(err, errlen, RMK_ERR_USAGE, "a workspace is a file: give its path");
    rmk_ws *ws = calloc(1, sizeof *ws);
    if (!ws || !(ws->path = strdup(path))) {
        free(ws);
        return rmk_nomem(err, errlen);
    }
    ws->readonly = (flags & RMK_WS_READONLY) != 0;
    rmk_status st = open_db(path, !ws->readonly, &ws->db, &ws->version, err, errlen);
    if (st) {
        free(ws->path);
        free(ws);
        return st;
    }
    *out = ws;
    return RMK_OK;
}

void rmk_ws_close(rmk_ws *ws)
{
    if (!ws) return;
    sqlite3_finalize(ws->agg);
    sqlite3_close(ws->db);
    free(ws->path);
    free(ws);
}

rmk_status rmk_ws_busy_timeout(rmk_ws *ws, int ms)
{
    if (!ws || ms < 0) return RMK_ERR_USAGE;
    sqlite3_busy_timeout(ws->db, ms);
    return RMK_OK;
}

/* ------------------------------------------------------------- reading */

/* every customer's id, by its row id in customers (dense from 1) */
typedef struct idtab {
    char *arena;
    size_t *off, *len; /* off[id], len[id]; len SIZE_MAX: no such id */
    size_t n;          /* max id + 1 */
} idtab;

static void idtab_free(idtab *t)
{
    free(t->arena);
    free(t->off);
    free(t->len);
}

static rmk_status load_ids(sqlite3 *db, const char *path, idtab *t, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    memset(t, 0, sizeof *t);
    if (sqlite3_prepare_v2(db, "SELECT coalesce(max(id), 0), coalesce(sum(length(CAST(customer AS BLOB))), 0)"
                               " FROM customers", -1, &s, NULL) != SQLITE_OK ||
        sqlite3_step(s) != SQLITE_ROW) {
        sqlite3_finalize(s);
        return ws_db_fail(db, path, "cannot read the customers", err, errlen);
    }
    int64_t maxid = sqlite3_column_int64(s, 0), bytes = sqlite3_column_int64(s, 1);
    sqlite3_finalize(s);
    t->n = (size_t)maxid + 1;
    t->arena = malloc((size_t)bytes + 1);
    t->off = malloc(t->n * sizeof *t->off);
    t->len = malloc(t->n * sizeof *t->len);
    if (!t->arena || !t->off || !t->len) return rmk_nomem(err, errlen);
    for (size_t i = 0; i < t->n; i++) t->len[i] = SIZE_MAX;
    if (sqlite3_prepare_v2(db, "SELECT id, customer FROM customers", -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(db, path, "cannot read the customers", err, errlen);
    size_t used = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(s, 0);
        const void *p = sqlite3_column_blob(s, 1);
        size_t n = (size_t)sqlite3_column_bytes(s, 1);
        if (id < 0 || id >= maxid + 1 || used + n > (size_t)bytes) break; /* changed under us */
        memcpy(t->arena + used, p, n);
        t->off[id] = used;
        t->len[id] = n;
        used += n;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return ws_db_fail(db, path, "cannot read the customers", err, errlen);
    return RMK_OK;
}

/* the reading options that describe a text, not rows: refused */
static const char *text_option(const rmk_read_opts *o)
{
    if (o->map) return "--map";
    if (o->no_header) return "--no-header";
    if (o->n_include) return "--include";
    if (o->n_exclude) return "--exclude";
    if (o->sheet) return "--sheet";
    if (o->skip_lines >= 0) return "--skip-lines";
    if (o->rejects) return "--rejects";
    if (o->id_lower) return "--id-case";
    return NULL;
}

typedef struct row_reading {
    sqlite3 *db;
    sqlite3_stmt *s;
    idtab ids;
} row_reading;

static rmk_status each_row(row_reading *r, const char *path, const rmk_read_opts *o, unsigned want,
                           txn_row_fn fn, void *ctx, txn_counts *c, char *err, size_t errlen)
{
    int pay = (want & TXN_PAYMENT) != 0, rc;
    txn_row row;
    memset(&row, 0, sizeof row);
    row.file = path;
    row.customer_col = 1; /* no columns in a workspace: messages name the row (its id) */
    row.amount_col = 1;
    while ((rc = sqlite3_step(r->s)) == SQLITE_ROW) {
        int64_t cid = sqlite3_column_int64(r->s, 1);
        c->rows++;
        row.line = (uint64_t)sqlite3_column_int64(r->s, 0);
        row.day = (int32_t)sqlite3_column_int64(r->s, 3);
        if (o->as_of != RMK_NO_DATE && row.day > o->as_of) {
            c->after_as_of++;
            continue;
        }
        if (o->from != RMK_NO_DATE && row.day < o->from) {
            c->before_from++;
            continue;
        }
        if (cid < 0 || (size_t)cid >= r->ids.n || r->ids.len[cid] == SIZE_MAX)
            return rmk_fail(err, errlen, RMK_ERR_DATA, "%s: transaction %lld: no customer %lld", path,
                            (long long)row.line, (long long)cid);
        row.customer = r->ids.arena + r->ids.off[cid];
        row.customer_len = r->ids.len[cid];
        row.invoice = sqlite3_column_type(r->s, 2) == SQLITE_NULL ? NULL : (const char *)sqlite3_column_blob(r->s, 2);
        row.invoice_len = row.invoice ? (size_t)sqlite3_column_bytes(r->s, 2) : 0;
        if (row.invoice && !row.invoice_len) row.invoice = ""; /* an empty cell, not no column */
        row.amount = sqlite3_column_int64(r->s, 4);
        row.margin_known = sqlite3_column_type(r->s, 5) != SQLITE_NULL;
        row.margin = row.margin_known ? sqlite3_column_int64(r->s, 5) : 0;
        row.due_day = row.paid_day = RMK_NO_DATE;
        row.prepaid = -1;
        if (pay) {
            if (sqlite3_column_type(r->s, 6) != SQLITE_NULL) row.due_day = (int32_t)sqlite3_column_int64(r->s, 6);
            if (sqlite3_column_type(r->s, 7) != SQLITE_NULL) row.paid_day = (int32_t)sqlite3_column_int64(r->s, 7);
            if (sqlite3_column_type(r->s, 8) != SQLITE_NULL) row.prepaid = (int)sqlite3_column_int64(r->s, 8);
        }
        rmk_status st = fn(ctx, &row, err, errlen);
        if (st) return st;
    }
    return rc == SQLITE_DONE ? RMK_OK : ws_db_fail(r->db, path, "cannot read the transactions", err, errlen);
}

/* The columns the imports that added rows read, as the note printed them
 * ("customer=Email, ..."): one line when they all read the same, else each
 * distinct line in import order joined by "; " (cut at n bytes). */
static void read_columns(sqlite3 *db, char *out, size_t n)
{
    sqlite3_stmt *s = NULL;
    size_t len = 0;
    out[0] = '\0';
    if (sqlite3_prepare_v2(db, "SELECT columns FROM imports WHERE added > 0 AND columns IS NOT NULL"
                               " GROUP BY columns ORDER BY min(id)",
                           -1, &s, NULL) == SQLITE_OK)
        while (sqlite3_step(s) == SQLITE_ROW && len + 1 < n) {
            const char *c = (const char *)sqlite3_column_text(s, 0);
            int w = snprintf(out + len, n - len, "%s%s", len ? "; " : "", c ? c : "");
            len = w < 0 || (size_t)w >= n - len ? n - 1 : len + (size_t)w;
        }
    sqlite3_finalize(s);
    if (!out[0]) snprintf(out, n, "the workspace's rows");
}

rmk_status ws_read_rows(const char *path, const rmk_read_opts *o, unsigned want, txn_row_fn fn,
                        void *ctx, txn_counts *counts, char *err, size_t errlen)
{
    memset(counts, 0, sizeof *counts);
    const char *opt = text_option(o);
    if (opt)
        return rmk_fail(err, errlen, RMK_ERR_USAGE,
                        "%s: %s applies to reading a text file: give it to relmark import", path, opt);
    row_reading r;
    memset(&r, 0, sizeof r);
    rmk_status st = open_db(path, 0, &r.db, NULL, err, errlen);
    if (st) return st;
    /* one read transaction: the customers and the rows of the same state,
     * whatever an import does meanwhile (WAL) */
    const char *sql = want & TXN_PAYMENT
                          ? "SELECT t.id, t.customer_id, t.invoice, t.day, t.amount, t.margin, p.due,"
                            " p.paid, p.prepaid FROM transactions t"
                            " LEFT JOIN payments p ON p.transaction_id = t.id ORDER BY t.id"
                          : "SELECT id, customer_id, invoice, day, amount, margin FROM transactions"
                            " ORDER BY id";
    if (sqlite3_exec(r.db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        st = ws_db_fail(r.db, path, "cannot read the workspace", err, errlen);
    if (!st) st = load_ids(r.db, path, &r.ids, err, errlen);
    if (!st && sqlite3_prepare_v2(r.db, sql, -1, &r.s, NULL) != SQLITE_OK)
        st = ws_db_fail(r.db, path, "cannot read the transactions", err, errlen);
    if (!st) st = each_row(&r, path, o, want, fn, ctx, counts, err, errlen);
    if (!st) read_columns(r.db, counts->columns, sizeof counts->columns);
    sqlite3_finalize(r.s);
    sqlite3_exec(r.db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(r.db);
    idtab_free(&r.ids);
    return st;
}

rmk_status ws_side_file(const char *path, const char *kind, char **data, size_t *len, char **name,
                        char *err, size_t errlen)
{
    *data = *name = NULL;
    *len = 0;
    sqlite3 *db;
    rmk_status st = open_db(path, 0, &db, NULL, err, errlen);
    if (st) return st;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT name, content FROM side_files WHERE kind = ?1", -1, &s, NULL);
    if (rc == SQLITE_OK) sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
    if (rc == SQLITE_OK) rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(s, 1);
        const char *nm = (const char *)sqlite3_column_text(s, 0);
        *data = malloc(n + 1);
        *name = nm ? strdup(nm) : NULL;
        if (!*data || !*name) {
            free(*data);
            free(*name);
            *data = *name = NULL;
            st = rmk_nomem(err, errlen);
        } else {
            if (n) memcpy(*data, sqlite3_column_blob(s, 1), n);
            (*data)[n] = 0;
            *len = n;
        }
    } else if (rc == SQLITE_DONE) {
        st = rmk_fail(err, errlen, RMK_ERR_NOINPUT, "%s: the workspace holds no %s file", path, kind);
    } else {
        st = ws_db_fail(db, path, "cannot read the workspace", err, errlen);
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return st;
}

/* one CSV cell, quoted ("" doubles a quote) */
static void quoted(FILE *f, const unsigned char *t, int n)
{
    fputc('"', f);
    for (int i = 0; i < n; i++) {
        if (t[i] == '"') fputc('"', f);
        fputc(t[i], f);
    }
    fputc('"', f);
}

static const char posted_sql[] =
    "SELECT f.customer, f.day, f.nps, f.sat FROM feedback f JOIN imports i ON i.id = f.import_id"
    " WHERE i.file = 'batch' AND i.feedback_file = 'batch' ORDER BY f.id";

rmk_status ws_posted_feedback(const char *path, char **data, size_t *len, char *err, size_t errlen)
{
    *data = NULL;
    *len = 0;
    sqlite3 *db;
    rmk_status st = open_db(path, 0, &db, NULL, err, errlen);
    if (st) return st;
    sqlite3_stmt *s = NULL;
    char *text = NULL;
    size_t n = 0, rows = 0;
    FILE *f = open_memstream(&text, &n);
    int rc = f ? sqlite3_prepare_v2(db, posted_sql, -1, &s, NULL) : SQLITE_NOMEM;
    if (f) fputs("customer_id,date,nps,satisfaction\r\n", f);
    while (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        char day[16];
        quoted(f, sqlite3_column_text(s, 0), sqlite3_column_bytes(s, 0));
        fprintf(f, ",%s,", rmk_date_format_iso((int32_t)sqlite3_column_int(s, 1), day));
        if (sqlite3_column_type(s, 2) != SQLITE_NULL) fprintf(f, "%d", sqlite3_column_int(s, 2));
        fputc(',', f);
        if (sqlite3_column_type(s, 3) != SQLITE_NULL) fprintf(f, "%d", sqlite3_column_int(s, 3));
        fputs("\r\n", f);
        rows++;
        rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE) st = rc == SQLITE_NOMEM ? rmk_nomem(err, errlen)
                                                   : ws_db_fail(db, path, "cannot read the answers", err, errlen);
    sqlite3_finalize(s);
    sqlite3_close(db);
    if (f && fclose(f) && !st) st = rmk_nomem(err, errlen);
    if (st || !rows) {
        free(text);
        return st;
    }
    *data = text, *len = n;
    return RMK_OK;
}

unsigned rmk_ws_side_files(const char *path)
{
    char err[256];
    if (ws_probe(path, err, sizeof err) != 1) return 0;
    sqlite3 *db;
    if (open_db(path, 0, &db, NULL, err, sizeof err)) return 0;
    sqlite3_stmt *s = NULL;
    unsigned have = 0;
    if (sqlite3_prepare_v2(db, "SELECT kind FROM side_files", -1, &s, NULL) == SQLITE_OK)
        while (sqlite3_step(s) == SQLITE_ROW) {
            const char *k = (const char *)sqlite3_column_text(s, 0);
            if (k && !strcmp(k, "customers")) have |= RMK_WS_CUSTOMERS;
            if (k && !strcmp(k, "feedback")) have |= RMK_WS_FEEDBACK;
        }
    sqlite3_finalize(s);
    s = NULL;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM imports WHERE file = 'batch' AND feedback_file = 'batch'"
                               " AND added > 0 LIMIT 1", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        have |= RMK_WS_FEEDBACK;
    sqlite3_finalize(s);
    sqlite3_close(db);
    return have;
}
