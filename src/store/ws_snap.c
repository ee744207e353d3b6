/* SPDX-License-Identifier: MIT */
/* ws_snap.c — snapshots in the workspace (docs/workspace.md, "Snapshots"):
 * storing one (one transaction, one prepared insert for every customer),
 * their dates, a stored CLV model back into rmk_clv_opts, and one
 * customer's classes over every snapshot. The history between two is
 * ws_history.c; taking one (the analyses) is src/report/snapshot.c. */
#include "ws_snap.h"
#include "ws_db.h"
#include "errmsg.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *ws_path(const rmk_ws *ws) { return ws->path; }
int ws_writable(const rmk_ws *ws) { return !ws->readonly; }

/* A new workspace's header (application_id) reaches the file at a
 * checkpoint: before then a second connection reading the file -- the
 * book's read -- would not know it for one */
void ws_checkpoint(rmk_ws *ws) { sqlite3_wal_checkpoint_v2(ws->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL); }

const char *rmk_ws_dim_key(rmk_ws_dim d)
{
    static const char *const k[RMK_WS_DIMS] = {"segment", "category", "stage", "abcxyz"};
    return (unsigned)d < RMK_WS_DIMS ? k[d] : "";
}

static void bind_str(sqlite3_stmt *s, int i, const char *v)
{
    if (v) sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(s, i);
}

static void bind_real(sqlite3_stmt *s, int i, double v)
{
    if (isfinite(v)) sqlite3_bind_double(s, i, v);
    else sqlite3_bind_null(s, i); /* SQLite keeps no NaN: NULL is "unknown" */
}

/* the snapshots row of m; *id its row id, *replaced 1 when one of the
 * same date was deleted first (its rows with it: ON DELETE CASCADE) */
static rmk_status put_snapshot(rmk_ws *ws, const ws_snap_meta *m, const char *taken, int64_t *id,
                               int *replaced, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(ws->db, "DELETE FROM snapshots WHERE as_of = ?1", -1, &s, NULL);
    if (rc == SQLITE_OK) sqlite3_bind_int64(s, 1, m->as_of), rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return ws_db_fail(ws->db, ws->path, "cannot replace the snapshot", err, errlen);
    *replaced = sqlite3_changes(ws->db) > 0;
    rc = sqlite3_prepare_v2(ws->db,
                            "INSERT INTO snapshots(as_of, taken, customers, bins, ties, segments, scale,"
                            " abc_months, clv_model, clv_unit, clv_horizon_months, clv_discount, clv_margin,"
                            " clv_error) VALUES(?1, ?2, 0, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                            -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, m->as_of);
        bind_str(s, 2, taken);
        sqlite3_bind_int(s, 3, m->bins);
        bind_str(s, 4, m->ties);
        bind_str(s, 5, m->segments);
        bind_str(s, 6, m->scale);
        sqlite3_bind_int(s, 7, m->abc_months);
        bind_str(s, 8, m->clv_model);
        bind_str(s, 9, m->clv_unit);
        sqlite3_bind_int(s, 10, m->clv_horizon);
        sqlite3_bind_double(s, 11, m->clv_discount);
        sqlite3_bind_double(s, 12, m->clv_margin);
        bind_str(s, 13, m->clv_error);
        rc = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return ws_db_fail(ws->db, ws->path, "cannot store the snapshot", err, errlen);
    *id = sqlite3_last_insert_rowid(ws->db);
    return RMK_OK;
}

/* one customer's row: its customers row found by the id (the unique
 * index); a customer the workspace does not hold (feedback only) adds none */
static int bind_row(sqlite3_stmt *s, int64_t sid, const ws_snap_row *r)
{
    char code[16];
    sqlite3_bind_int64(s, 1, sid);
    sqlite3_bind_text(s, 2, r->id, (int)r->id_len, SQLITE_STATIC);
    for (int i = 3; i <= 10; i++) sqlite3_bind_null(s, i);
    if (r->has_rfm) {
        sqlite3_bind_int64(s, 3, r->recency);
        sqlite3_bind_int64(s, 4, r->frequency);
        sqlite3_bind_int64(s, 5, r->net);
        sqlite3_bind_int(s, 6, r->r);
        sqlite3_bind_int(s, 7, r->f);
        sqlite3_bind_int(s, 8, r->m);
        snprintf(code, sizeof code, "%d%d%d", r->r, r->f, r->m);
        sqlite3_bind_text(s, 9, code, -1, SQLITE_TRANSIENT);
        bind_str(s, 10, r->segment);
    }
    bind_str(s, 11, r->category);
    if (r->category) sqlite3_bind_int(s, 12, r->category_rank);
    else sqlite3_bind_null(s, 12);
    bind_str(s, 13, r->stage);
    bind_str(s, 14, r->abc);
    bind_str(s, 15, r->xyz);
    bind_real(s, 16, r->has_clv ? r->clv : NAN);
    bind_real(s, 17, r->has_clv ? r->p_alive : NAN);
    return sqlite3_step(s);
}

static rmk_status put_rows(rmk_ws *ws, int64_t sid, const ws_snap_row *rows, size_t n,
                           rmk_ws_snapshot_info *info, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db,
                           "INSERT INTO snapshot_customers(snapshot_id, customer_id, recency, frequency, net,"
                           " r, f, m, rfm, segment, category, category_rank, stage, abc, xyz, clv, p_alive)"
                           " SELECT ?1, id, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17"
                           " FROM customers WHERE customer = ?2",
                           -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot store the snapshot", err, errlen);
    for (size_t i = 0; i < n; i++) {
        int rc = bind_row(s, sid, &rows[i]);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) {
            sqlite3_finalize(s);
            return ws_db_fail(ws->db, ws->path, "cannot store the snapshot", err, errlen);
        }
        if (sqlite3_changes(ws->db) == 0) continue;
        info->customers++;
        info->segmented += rows[i].has_rfm && rows[i].segment;
        info->rated += rows[i].category != NULL;
        info->classified += rows[i].abc != NULL;
        info->valued += rows[i].has_clv;
    }
    sqlite3_finalize(s);
    if (sqlite3_prepare_v2(ws->db, "UPDATE snapshots SET customers = ?2 WHERE id = ?1", -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot store the snapshot", err, errlen);
    sqlite3_bind_int64(s, 1, sid);
    sqlite3_bind_int64(s, 2, (int64_t)info->customers);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? RMK_OK : ws_db_fail(ws->db, ws->path, "cannot store the snapshot", err, errlen);
}

/* a fitted model (name: "bgnbd", "paretonbd", "gammagamma") and its
 * parameters in their order */
static rmk_status put_model(rmk_ws *ws, int64_t sid, const char *name, const char *unit,
                            const rmk_clv_params *p, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(ws->db,
                                "INSERT INTO snapshot_models(snapshot_id, model, unit, customers, log_likelihood,"
                                " converged) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                                -1, &s, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(s, 1, sid);
        bind_str(s, 2, name);
        bind_str(s, 3, unit);
        sqlite3_bind_double(s, 4, p->customers);
        bind_real(s, 5, p->log_likelihood);
        sqlite3_bind_int(s, 6, p->converged);
        rc = sqlite3_step(s);
    }
    sqlite3_finalize(s);
    s = NULL;
    if (rc == SQLITE_DONE)
        rc = sqlite3_prepare_v2(ws->db,
                                "INSERT INTO snapshot_params(snapshot_id, model, position, name, value, se)"
                                " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
                                -1, &s, NULL) == SQLITE_OK ? SQLITE_DONE : SQLITE_ERROR;
    for (int i = 0; i < p->np && rc == SQLITE_DONE; i++) {
        sqlite3_bind_int64(s, 1, sid);
        bind_str(s, 2, name);
        sqlite3_bind_int(s, 3, i + 1);
        bind_str(s, 4, p->name[i]);
        sqlite3_bind_double(s, 5, p->value[i]);
        bind_real(s, 6, p->se[i]);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? RMK_OK : ws_db_fail(ws->db, ws->path, "cannot store the CLV model", err, errlen);
}

static rmk_status store_all(rmk_ws *ws, const ws_snap_meta *m, const ws_snap_row *rows, size_t n,
                            rmk_ws_snapshot_info *info, char *err, size_t errlen)
{
    int64_t sid = 0;
    rmk_status st = put_snapshot(ws, m, info->taken, &sid, &info->replaced, err, errlen);
    if (!st) st = put_rows(ws, sid, rows, n, info, err, errlen);
    if (!st && m->has_model) st = put_model(ws, sid, m->clv_model, m->clv_unit, &m->model, err, errlen);
    if (!st && m->has_model) info->models = 1;
    if (!st && m->has_spend) st = put_model(ws, sid, "gammagamma", m->clv_unit, &m->spend, err, errlen);
    if (!st && m->has_spend) info->models = 2;
    return st;
}

rmk_status ws_snap_store(rmk_ws *ws, const ws_snap_meta *m, const ws_snap_row *rows, size_t n,
                         rmk_ws_snapshot_info *info, char *err, size_t errlen)
{
    if (ws->readonly)
        return rmk_fail(err, errlen, RMK_ERR_USAGE, "%s: a snapshot needs the workspace open for writing", ws->path);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(info->taken, sizeof info->taken, "%Y-%m-%dT%H:%M:%SZ", &tm);
    info->as_of = m->as_of;
    if (sqlite3_exec(ws->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot store the snapshot", err, errlen);
    rmk_status st = store_all(ws, m, rows, n, info, err, errlen);
    if (!st && sqlite3_exec(ws->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        st = ws_db_fail(ws->db, ws->path, "cannot store the snapshot", err, errlen);
    if (st) sqlite3_exec(ws->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

/* ------------------------------------------------------------- reading */

rmk_status ws_no_snapshots(const rmk_ws *ws, char *err, size_t errlen)
{
    return rmk_fail(err, errlen, RMK_ERR_EMPTY,
                    "%s: the workspace holds no snapshot: take one with relmark snapshot %s", ws->path,
                    ws->path);
}

rmk_status rmk_ws_snapshot_dates(rmk_ws *ws, int32_t **dates, size_t *n, char *err, size_t errlen)
{
    *dates = NULL;
    *n = 0;
    if (ws->version < 2) return RMK_OK; /* schema 1: no snapshot tables yet */
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db, "SELECT as_of FROM snapshots ORDER BY as_of", -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot read the snapshots", err, errlen);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            int32_t *d = realloc(*dates, (cap = cap ? cap * 2 : 16) * sizeof *d);
            if (!d) {
                sqlite3_finalize(s);
                free(*dates);
                *dates = NULL;
                *n = 0;
                return rmk_nomem(err, errlen);
            }
            *dates = d;
        }
        (*dates)[(*n)++] = (int32_t)sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) {
        free(*dates);
        *dates = NULL;
        *n = 0;
        return ws_db_fail(ws->db, ws->path, "cannot read the snapshots", err, errlen);
    }
    return RMK_OK;
}

static rmk_status model_params(rmk_ws *ws, int64_t sid, const char *model, double *p, double *se, int np,
                               char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db, "SELECT position, value, se FROM snapshot_params WHERE snapshot_id = ?1"
                                   " AND model = ?2 ORDER BY position", -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot read the CLV model", err, errlen);
    sqlite3_bind_int64(s, 1, sid);
    sqlite3_bind_text(s, 2, model, -1, SQLITE_STATIC);
    int k = 0, rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && k < np) {
        p[k] = sqlite3_column_double(s, 1);
        se[k] = sqlite3_column_type(s, 2) == SQLITE_NULL ? NAN : sqlite3_column_double(s, 2);
        k++;
    }
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return ws_db_fail(ws->db, ws->path, "cannot read the CLV model", err, errlen);
    if (k != np)
        return rmk_fail(err, errlen, RMK_ERR_DATA, "%s: the stored %s model has %d parameters, not %d", ws->path,
                        model, k, np);
    return RMK_OK;
}

/* the snapshot of as_of (RMK_NO_DATE: the latest with a model) and its
 * purchase model's name and unit */
static rmk_status find_model(rmk_ws *ws, int32_t as_of, int64_t *sid, int32_t *day, char *model, char *unit,
                             int *spend, char *err, size_t errlen)
{
    sqlite3_stmt *s = NULL;
    const char *sql = "SELECT s.id, s.as_of, m.model, m.unit, (SELECT count(*) FROM snapshot_models g"
                      " WHERE g.snapshot_id = s.id AND g.model = 'gammagamma')"
                      " FROM snapshots s JOIN snapshot_models m ON m.snapshot_id = s.id"
                      " AND m.model IN ('bgnbd', 'paretonbd')"
                      " WHERE ?1 IS NULL OR s.as_of = ?1 ORDER BY s.as_of DESC LIMIT 1";
    if (sqlite3_prepare_v2(ws->db, sql, -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot read the CLV model", err, errlen);
    if (as_of != RMK_NO_DATE) sqlite3_bind_int64(s, 1, as_of);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *sid = sqlite3_column_int64(s, 0);
        *day = (int32_t)sqlite3_column_int64(s, 1);
        snprintf(model, 16, "%s", (const char *)sqlite3_column_text(s, 2));
        snprintf(unit, 16, "%s", (const char *)sqlite3_column_text(s, 3));
        *spend = sqlite3_column_int(s, 4) > 0;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW) return RMK_OK;
    if (rc != SQLITE_DONE) return ws_db_fail(ws->db, ws->path, "cannot read the CLV model", err, errlen);
    char d[16];
    if (as_of == RMK_NO_DATE)
        return rmk_fail(err, errlen, RMK_ERR_EMPTY, "%s: no snapshot holds a CLV model: take one with relmark "
                        "snapshot (the model is stored when it can be fitted)", ws->path);
    rmk_date_format_iso(as_of, d);
    return rmk_fail(err, errlen, RMK_ERR_EMPTY, "%s: no snapshot as of %s holds a CLV model", ws->path, d);
}

rmk_status rmk_ws_model(rmk_ws *ws, int32_t as_of, rmk_clv_opts *o, int32_t *taken_as_of, char *err,
                        size_t errlen)
{
    if (ws->version < 2) return ws_no_snapshots(ws, err, errlen);
    int64_t sid = 0;
    char model[16], unit[16];
    int spend = 0;
    rmk_status st = find_model(ws, as_of, &sid, taken_as_of, model, unit, &spend, err, errlen);
    if (st) return st;
    o->model = !strcmp(model, "paretonbd") ? RMK_CLV_PARETONBD : RMK_CLV_BGNBD;
    o->unit = !strcmp(unit, "day") ? RMK_UNIT_DAY : !strcmp(unit, "month") ? RMK_UNIT_MONTH : RMK_UNIT_WEEK;
    st = model_params(ws, sid, model, o->fixed_p, o->fixed_se, 4, err, errlen);
    if (!st && spend) st = model_params(ws, sid, "gammagamma", o->spend_p, o->spend_se, 3, err, errlen);
    if (st) return st;
    o->fixed = 1;
    o->fixed_spend = spend;
    return RMK_OK;
}
