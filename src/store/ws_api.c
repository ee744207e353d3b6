/* SPDX-License-Identifier: MIT */
/* ws_api.c — what `relmark serve` keeps in the workspace beside the
 * imported rows (docs/api.md): the API tokens (only their SHA-256), and a
 * customer's aggregate from its own rows (an index on the customer). */
#include "ws_db.h"
#include "errmsg.h"
#include <nettle/memops.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* Added by every writable open, so it never needs a schema version of its
 * own; revoked: NULL while the token is live. */
const char ws_api_ddl[] =
    "CREATE TABLE IF NOT EXISTS tokens(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " scope TEXT NOT NULL CHECK(scope IN ('read', 'write', 'admin')),"
    " hash TEXT NOT NULL UNIQUE, created TEXT NOT NULL, revoked TEXT);"
    "CREATE INDEX IF NOT EXISTS transactions_customer ON transactions(customer_id);"
    "CREATE INDEX IF NOT EXISTS feedback_customer ON feedback(customer, day);";

static const char *const scopes[] = {NULL, "read", "write", "admin"};

static int scope_of(const char *s)
{
    for (int i = 1; i <= 3; i++)
        if (s && !strcmp(s, scopes[i])) return i;
    return 0;
}

static void now_iso(char at[32])
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(at, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* the SHA-256 of a token, 64 hex digits */
static void token_hash(const char *token, size_t len, char hex[65])
{
    struct sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, len, (const uint8_t *)token);
    sha256_digest(&c, sizeof d, d);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

static rmk_status writable(rmk_ws *ws, char *err, size_t errlen)
{
    if (!ws) return rmk_fail(err, errlen, RMK_ERR_USAGE, "no workspace");
    if (ws->readonly) return rmk_fail(err, errlen, RMK_ERR_USAGE, "%s: opened read-only", ws->path);
    return RMK_OK;
}

rmk_status rmk_ws_token_add(rmk_ws *ws, const char *name, const char *scope, char token[RMK_TOKEN_LEN],
                            char *err, size_t errlen)
{
    rmk_status st = writable(ws, err, errlen);
    if (st) return st;
    if (!scope_of(scope))
        return rmk_fail(err, errlen, RMK_ERR_USAGE, "scope '%s': expected read, write or admin",
                        scope ? scope : "");
    if (!name || !*name || strlen(name) > 200)
        return rmk_fail(err, errlen, RMK_ERR_USAGE, "a token's name: 1 to 200 bytes");
    /* 256 bits from the kernel's generator: "rmk_" and 64 hex digits */
    uint8_t raw[32];
    if (getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
        return rmk_fail(err, errlen, RMK_ERR_IO, "cannot get random bytes for a token");
    memcpy(token, "rmk_", 4);
    for (size_t i = 0; i < sizeof raw; i++) snprintf(token + 4 + 2 * i, 3, "%02x", raw[i]);
    char hex[65], at[32];
    token_hash(token, strlen(token), hex);
    now_iso(at);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db, "INSERT INTO tokens(name, scope, hash, created) VALUES(?1, ?2, ?3, ?4)",
                           -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot store the token", err, errlen);
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, scope, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, hex, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 4, at, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
        return rmk_fail(err, errlen, RMK_ERR_USAGE, "%s: a token named '%s' exists already", ws->path, name);
    if (rc != SQLITE_DONE) return ws_db_fail(ws->db, ws->path, "cannot store the token", err, errlen);
    return RMK_OK;
}

rmk_status rmk_ws_token_revoke(rmk_ws *ws, const char *name, char *err, size_t errlen)
{
    rmk_status st = writable(ws, err, errlen);
    if (st) return st;
    char at[32];
    now_iso(at);
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db, "UPDATE tokens SET revoked = ?2 WHERE name = ?1 AND revoked IS NULL",
                           -1, &s, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot revoke the token", err, errlen);
    sqlite3_bind_text(s, 1, name ? name : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return ws_db_fail(ws->db, ws->path, "cannot revoke the token", err, errlen);
    if (!sqlite3_changes(ws->db))
        return rmk_fail(err, errlen, RMK_ERR_NOINPUT, "%s: no live token named '%s'", ws->path,
                        name ? name : "");
    return RMK_OK;
}

/* the tokens table, absent from a workspace only ever opened read-only */
static int has_tokens(rmk_ws *ws)
{
    sqlite3_stmt *s = NULL;
    int yes = sqlite3_prepare_v2(ws->db, "SELECT 1 FROM sqlite_master WHERE name = 'tokens'", -1, &s,
                                 NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    return yes;
}

rmk_status rmk_ws_token_list(rmk_ws *ws, rmk_token_fn fn, void *ctx, char *err, size_t errlen)
{
    if (!ws || !fn) return rmk_fail(err, errlen, RMK_ERR_USAGE, "no workspace");
    if (!has_tokens(ws)) return RMK_OK;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db, "SELECT name, scope, created, revoked FROM tokens ORDER BY id", -1, &s,
                           NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot list the tokens", err, errlen);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        rmk_token_info t = {(const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
                            (const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3)};
        fn(ctx, &t);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? RMK_OK : ws_db_fail(ws->db, ws->path, "cannot list the tokens", err, errlen);
}

struct rmk_tokens {
    size_t n;
    struct { char hash[64]; int scope; } *t;
};

rmk_status rmk_ws_tokens_load(rmk_ws *ws, rmk_tokens **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_tokens *t = calloc(1, sizeof *t);
    if (!t) return rmk_nomem(err, errlen);
    *out = t;
    if (!has_tokens(ws)) return RMK_OK;
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(ws->db, "SELECT hash, scope FROM tokens WHERE revoked IS NULL", -1, &s, NULL) !=
        SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot read the tokens", err, errlen);
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *h = (const char *)sqlite3_column_text(s, 0);
        if (!h || strlen(h) != 64) continue;
        if (t->n == cap) {
            cap = cap ? 2 * cap : 16;
            void *p = realloc(t->t, cap * sizeof *t->t);
            if (!p) {
                sqlite3_finalize(s);
                return rmk_nomem(err, errlen);
            }
            t->t = p;
        }
        memcpy(t->t[t->n].hash, h, 64);
        t->t[t->n++].scope = scope_of((const char *)sqlite3_column_text(s, 1));
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? RMK_OK : ws_db_fail(ws->db, ws->path, "cannot read the tokens", err, errlen);
}

int rmk_tokens_check(const rmk_tokens *t, const char *token, size_t len)
{
    if (!t || !token) return 0;
    char hex[65];
    token_hash(token, len, hex);
    int scope = 0;
    /* every hash compared in constant time: the time says nothing of which matched */
    for (size_t i = 0; i < t->n; i++)
        if (memeql_sec(hex, t->t[i].hash, 64)) scope = t->t[i].scope;
    return scope;
}

void rmk_tokens_free(rmk_tokens *t)
{
    if (!t) return;
    free(t->t);
    free(t);
}

/* docs/rfm.md, "Frequency": a row >= 0 is a purchase; one purchase per
 * non-empty invoice, else per day ('i' and 'd' keep the two apart) */
static const char agg_sql[] =
    "SELECT count(*), sum(amount), min(CASE WHEN amount >= 0 THEN day END),"
    " max(CASE WHEN amount >= 0 THEN day END),"
    " (SELECT count(*) FROM (SELECT DISTINCT CASE WHEN invoice IS NOT NULL AND invoice <> ''"
    "   THEN 'i' || invoice ELSE 'd' || day END FROM transactions"
    "   WHERE customer_id = c.id AND amount >= 0))"
    " FROM customers c JOIN transactions t ON t.customer_id = c.id WHERE c.customer = ?1";

rmk_status rmk_ws_customer_agg_get(rmk_ws *ws, const char *id, size_t len, rmk_ws_customer_agg *out,
                                   char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->first_purchase = out->last_purchase = RMK_NO_DATE;
    if (!ws->agg && sqlite3_prepare_v2(ws->db, agg_sql, -1, &ws->agg, NULL) != SQLITE_OK)
        return ws_db_fail(ws->db, ws->path, "cannot read a customer", err, errlen);
    sqlite3_stmt *s = ws->agg;
    sqlite3_bind_text(s, 1, id, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0) {
        out->found = 1;
        out->net = sqlite3_column_int64(s, 1);
        if (sqlite3_column_type(s, 2) != SQLITE_NULL) {
            out->first_purchase = (int32_t)sqlite3_column_int64(s, 2);
            out->last_purchase = (int32_t)sqlite3_column_int64(s, 3);
        }
        out->purchases = sqlite3_column_int64(s, 4);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? RMK_OK
                                                 : ws_db_fail(ws->db, ws->path, "cannot read a customer", err, errlen);
}
