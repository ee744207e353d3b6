/* SPDX-License-Identifier: MIT */
/* ws_db.h — internal to src/store/: the open workspace and its SQLite
 * connection, shared by ws.c (opening, reading) and ws_import.c. */
#ifndef RMK_WS_DB_H
#define RMK_WS_DB_H
#include "relmark.h"
#include <sqlite3.h>

/* How long a writer waits for another to finish (ms) before it fails with
 * "the workspace is busy" (rmk_ws_busy_timeout changes it). */
#define WS_BUSY_MS 5000

/* The tables and index of `relmark serve` (docs/api.md), in one constant
 * applied by every writable open: CREATE ... IF NOT EXISTS, so a workspace
 * of any schema version gains them without a version change. */
extern const char ws_api_ddl[];

struct rmk_ws {
    sqlite3 *db;
    char *path;
    int readonly;
    int version; /* its schema (user_version): 1 has no snapshots; a writable open migrates to WS_SCHEMA */
    sqlite3_stmt *agg; /* rmk_ws_customer_agg_get's, prepared once per connection */
};

/* The connection's last error as the library's: RMK_ERR_IO (busy, disk
 * full, read-only), RMK_ERR_DATA (corrupt, not a database), RMK_ERR_NOINPUT
 * (cannot open), RMK_ERR_NOMEM; "path: what: SQLite's words" in err. */
rmk_status ws_db_fail(sqlite3 *db, const char *path, const char *what, char *err, size_t errlen);
#endif
