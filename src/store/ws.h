/* SPDX-License-Identifier: MIT */
/* ws.h — internal: the workspace, a SQLite file of imported rows
 * (docs/workspace.md). A second source of the transactions' rows beside the
 * CSV reader (txn.h): the book reads a workspace through ws_read_rows with
 * the same callback, so every analysis sees the rows it would see in the
 * file they came from. */
#ifndef RMK_WS_H
#define RMK_WS_H
#include "txn.h"

#define WS_APPLICATION_ID 0x524d4b57 /* "RMKW": PRAGMA application_id */
#define WS_SCHEMA 2                  /* PRAGMA user_version this build writes (and reads, 1 too) */

/* Is path a workspace? 1 yes; 0 no (not a regular file, or not SQLite: the
 * text readers take it); -1 a SQLite file that is not one (another
 * application's: RMK_ERR_DATA), -2 its first bytes cannot be read
 * (RMK_ERR_IO), -3 out of memory (RMK_ERR_NOMEM), with a message in err;
 * ws_probe_status(-1, -2 or -3) is the status to return. Reads 100 bytes
 * of a regular file only, so a pipe or a FIFO is never consumed. */
int ws_probe(const char *path, char *err, size_t errlen);
static inline rmk_status ws_probe_status(int probe)
{
    return probe == -3 ? RMK_ERR_NOMEM : probe == -2 ? RMK_ERR_IO : RMK_ERR_DATA;
}

/* The rows of a workspace, in import order, to fn as txn_read_ex gives
 * them (want: TXN_PAYMENT, TXN_MARGIN). From o: as_of and from (rows left
 * out and counted); the options that say how to read a text (map,
 * include, exclude, sheet, skip_lines, no_header) applied at the import
 * and are refused here (RMK_ERR_USAGE). */
rmk_status ws_read_rows(const char *path, const rmk_read_opts *o, unsigned want, txn_row_fn fn,
                        void *ctx, txn_counts *counts, char *err, size_t errlen);

/* The side file of a kind ("customers", "feedback") last imported into the
 * workspace: its bytes (malloc'ed, *data; free it) and its name (*name,
 * malloc'ed). RMK_OK; RMK_ERR_NOINPUT when the workspace holds none. */
rmk_status ws_side_file(const char *path, const char *kind, char **data, size_t *len, char **name,
                        char *err, size_t errlen);

/* The answers posted to the API (rmk_ws_feedback_post) as CSV text, header
 * "customer_id,date,nps,satisfaction" and a line an answer in the order
 * stored (*data malloc'ed, NUL-terminated; free it); *data NULL when none. */
rmk_status ws_posted_feedback(const char *path, char **data, size_t *len, char *err, size_t errlen);
#endif
