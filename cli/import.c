/* SPDX-License-Identifier: MIT */
/* import.c — `relmark import WORKSPACE FILE`: the transactions (and the
 * customers and feedback files) into a workspace, one SQLite file that
 * every analysis command reads in place of FILE (docs/workspace.md). */
#include "cli.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: relmark import WORKSPACE FILE [--customers F] [--feedback F] [reading options]\n"
    "\n"
    "Imports the transactions FILE into WORKSPACE, a SQLite file (created when absent),\n"
    "as one transaction: all or nothing. Rows the workspace holds already (their row\n"
    "key: invoice and the line's content) are skipped as known, so an overlapping\n"
    "export adds only its new rows, and a file imported before (its digest) is not\n"
    "read again. Every analysis command then reads WORKSPACE in place of FILE\n"
    "(relmark rfm shop.relmark), with the same results. docs/workspace.md.\n"
    "\n"
    "  --customers FILE    the client list: kept in the workspace (replaces the last)\n"
    "  --feedback FILE     NPS and satisfaction answers: kept (replaces the last)\n"
    "  --wait SECONDS      how long to wait for another import writing WORKSPACE\n"
    "                      (0..3600, default 5), then fail\n"
    "  --as-of DATE        leave out rows after DATE\n"
    "  -h, --help          this text\n"
    "{reading}\n"
    "The reading options apply at the import: the workspace keeps the rows as read.\n"
    "\n"
    "Prints one line: the rows read, added, skipped as known, rejected and left out.\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error (a bad row, a corrupt or foreign file,\n"
    "a workspace of a newer schema), 66 cannot open, 71 out of memory, 74 I/O (the\n"
    "workspace read-only, the disk full, another import still writing it).\n";

static int set_wait(cli_opts *o, const char *name, const char *v, const char *where)
{
    char *end;
    long s = strtol(v, &end, 10);
    if (!*v || *end || s < 0 || s > 3600) return cli_bad(where, name, v, "seconds, 0..3600");
    o->ws_wait_ms = (int)s * 1000;
    return 0;
}

static const char *const common_only[] = {"as-of", "map", "no-header", "delimiter", "encoding",
                                          "sheet", "date-format", "skip-bad", "skip-lines",
                                          "include", "exclude", "from", "id-case", "decimal-mark",
                                          "rejects", "quiet", "help", NULL};
static int run(cli_ctx *c);
static void init(cli_opts *o) { o->ws_wait_ms = 5000; }

const cli_command cli_import = {
    .name = "import",
    .summary = {"FILE into a workspace (one SQLite file) that every command reads in its place",
                NULL},
    .usage = usage_text,
    .file = "WORKSPACE and the transactions",
    .files = 2,
    .common_only = common_only,
    .options = (const cli_option[]){CLI_OPT_CUSTOMERS, CLI_OPT_FEEDBACK,
                                    CLI_VALUE_BY("wait", set_wait), {0}},
    .section = "import",
    .init = init,
    .run = run,
};

static int run(cli_ctx *c)
{
    cli_opts *o = c->o;
    const char *file = c->path2;
    char err[1024];
    rmk_ws *ws = NULL;
    rmk_status st = rmk_ws_open(c->path, 0, &ws, err, sizeof err);
    if (st) return cli_error(rmk_status_exit_code(st), "%s", err);
    rmk_ws_busy_timeout(ws, o->ws_wait_ms);
    o->read.as_of = o->as_of;
    rmk_ws_import_result r;
    cli_read_begin(c, file);
    st = rmk_ws_import(ws, file, &o->read, o->customers, o->stage.feedback, &r, err, sizeof err);
    rmk_ws_close(ws);
    int rc = cli_read_end(c, st, err);
    if (rc) return rc;
    const char *name = strcmp(file, "-") ? file : "<stdin>";
    if (r.same_file)
        printf("%s: imported before (the same digest): nothing read, nothing added\n", name);
    else
        printf("%s: %llu row%s read: %llu added, %llu skipped as known, %llu rejected, %llu left out\n",
               name, (unsigned long long)r.rows, r.rows == 1 ? "" : "s", (unsigned long long)r.added,
               (unsigned long long)r.known, (unsigned long long)r.rejected,
               (unsigned long long)r.left_out);
    if (o->customers) printf("%s: %llu clients\n", o->customers, (unsigned long long)r.customers);
    if (o->stage.feedback)
        printf("%s: %llu answers\n", o->stage.feedback, (unsigned long long)r.answers);
    cli_note_skipped(r.rejected, NULL, r.first_error);
    return 0;
}
