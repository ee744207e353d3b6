/* SPDX-License-Identifier: MIT */
/* ws_feedback.c — the answers posted to `relmark serve` (POST /v1/feedback,
 * docs/api.md): read by the feedback file's reader, stored in the feedback
 * table as ONE transaction under an imports row whose file and
 * feedback_file are both 'batch' (so a feedback file's import, which
 * replaces the file's answers, keeps the posted ones). */
#include "ws_db.h"
#include "ws.h"
#include "feedback.h"
#include "errmsg.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* an answer equal to a posted one already stored (customer, day, both
 * scores): a retry of a batch whose answer was lost, not stored again */
static const char sql_known[] =
    "SELECT 1 FROM feedback f JOIN imports i ON i.id = f.import_id WHERE f.customer = ?1 AND f.day = ?2"
    " AND f.nps IS ?3 AND f.sat IS ?4 AND i.file = 'batch' AND i.feedback_file = 'batch' LIMIT 1";
static const char sql_add[] = "INSERT INTO feedback(import_id, customer, day, nps, sat) VALUES(?1, ?2, ?3, ?4, ?5)";

static void bind_answer(sqlite3_stmt *s, int at, const fb_customer *c, const fb_score *a)
{
    sqlite3_bind_text(s, at, c->id, (int)c->id_len, SQLITE_STATIC);
    sqlite3_bind_int(s, at + 1, a->day);
    if (a->nps >= 0) sqlite3_bind_int(s, at + 2, a->nps);
    else sqlite3_bind_null(s, at + 2);
    if (a->sat >= 0) sqlite3_bind_int(s, at + 3, a->sat);
    else sqlite3_bind_null(s, at + 3);
}

/* every answer of fb: known, or stored under import id */
static rmk_status store_answers(rmk_ws *ws, const feedback *fb, int64_t id, rmk_ws_feedback_result *res,
                                char *err, size_t errlen)
{
    sqlite3_stmt *known = NULL, *add = NULL;
    rmk_status st = RMK_OK;
    if (sqlite3_prepare_v2(ws->db, sql_known, -1, &known, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(ws->db, sql_add, -1, &add, NULL) != SQLITE_OK)
        st = ws_db_fail(ws->db, ws->path, "cannot prepare the answers", err, errlen);
    const fb_score *sc = feedback_scores(fb);
    for (size_t i = 0; !st && i < feedback_customer_count(fb); i++) {
        const fb_customer *c = feedback_customer_at(fb, i);
        for (size_t k = c->first; !st && k < c->first + c->count; k++) {
            sqlite3_reset(known);
            bind_answer(known, 1, c, &sc[k]);
            int rc = sqlite3_step(known);
            if (rc == SQLITE_ROW) {
                res->known++;
                continue;
            }
            sqlite3_reset(add);
            sqlite3_bind_int64(add, 1, id);
            bind_answer(add, 2, c, &sc[k]);
            if (rc != SQLITE_DONE || sqlite3_step(add) != SQLITE_DONE)
                st = ws_db_fail(ws->db, ws->path, "cannot store the answers", err, errlen);
            else res->added++;
        }
    }
    sqlite3_finalize(known);
    sqlite3_finalize(add);
    return st;
}

static rmk_status exec(rmk_ws *ws, const char *sql, const char *what, char *err, size_t errlen)
{
    return sqlite3_exec(ws->db, sql, NULL, NULL, NULL) == SQLITE_OK ? RMK_OK
                                                                    : ws_db_fail(ws->db, ws->path, what, err, errlen);
}

/* the imports row, its counts, the answers: BEGIN IMMEDIATE ... COMMIT */
static rmk_status store_tx(rmk_ws *ws, const feedback *fb, rmk_ws_feedback_result *res, char *err, size_t errlen)
{
    rmk_status st = exec(ws, "BEGIN IMMEDIATE", "cannot start storing the answers", err, errlen);
    if (st) return st;
    char at[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db, "INSERT INTO imports(file, at, feedback_file) VALUES('batch', ?1, 'batch')", -1,
                           &s, NULL) != SQLITE_OK ||
        sqlite3_bind_text(s, 1, at, -1, SQLITE_STATIC) != SQLITE_OK || sqlite3_step(s) != SQLITE_DONE)
        st = ws_db_fail(ws->db, ws->path, "cannot record the answers", err, errlen);
    sqlite3_finalize(s);
    res->import_id = sqlite3_last_insert_rowid(ws->db);
    if (!st) st = store_answers(ws, fb, res->import_id, res, err, errlen);
    s = NULL;
    if (!st && (sqlite3_prepare_v2(ws->db, "UPDATE imports SET rows = ?1, added = ?2, known = ?3 WHERE id = ?4",
                                   -1, &s, NULL) != SQLITE_OK ||
                sqlite3_bind_int64(s, 1, (int64_t)res->rows) || sqlite3_bind_int64(s, 2, (int64_t)res->added) ||
                sqlite3_bind_int64(s, 3, (int64_t)res->known) || sqlite3_bind_int64(s, 4, res->import_id) ||
                sqlite3_step(s) != SQLITE_DONE))
        st = ws_db_fail(ws->db, ws->path, "cannot record the answers", err, errlen);
    sqlite3_finalize(s);
    if (!st) st = exec(ws, "COMMIT", "cannot finish storing the answers", err, errlen);
    if (st) sqlite3_exec(ws->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

rmk_status rmk_ws_feedback_post(rmk_ws *ws, const char *name, const char *data, size_t len, int sat_min,
                                int sat_max, rmk_ws_feedback_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    if (!ws || !name || !data) return rmk_fail(err, errlen, RMK_ERR_USAGE, "no workspace or no answers");
    if (ws->readonly) return rmk_fail(err, errlen, RMK_ERR_USAGE, "%s: opened read-only", ws->path);
    rmk_read_opts ro;
    rmk_read_opts_init(&ro);
    ro.delimiter = ',';
    ro.decimal_mark = '.';
    feedback *fb = NULL;
    rmk_status st = feedback_read_mem(data, len, name, &ro, sat_min, sat_max, &fb, err, errlen);
    if (st) return st;
    feedback_stats fs;
    feedback_get_stats(fb, &fs);
    res->rows = fs.rows;
    st = store_tx(ws, fb, res, err, errlen);
    feedback_free(fb);
    if (st) memset(res, 0, sizeof *res);
    return st;
}
