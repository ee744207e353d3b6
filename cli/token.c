/* SPDX-License-Identifier: MIT */
/* token.c — `relmark token add|list|revoke WORKSPACE`: the tokens of
 * `relmark serve`'s API (docs/api.md, "Tokens"); only a hash is kept. */
#include "cli.h"
#include <stdio.h>
#include <string.h>

static const char usage_text[] =
    "usage: relmark token add WORKSPACE --name NAME --scope read|write|admin\n"
    "       relmark token list WORKSPACE\n"
    "       relmark token revoke WORKSPACE --name NAME\n"
    "\n"
    "The tokens of relmark serve's API (docs/api.md). add prints the new token once:\n"
    "the workspace keeps only its SHA-256. read reads customers, segments, alerts,\n"
    "metrics and the report; write also posts transactions and feedback; admin also\n"
    "rescores. list prints each token's name, scope, creation and revocation time;\n"
    "revoke ends a token (a running server refuses it within a second).\n"
    "\n"
    "  --name NAME         the token's name (1 to 200 bytes, unique in the workspace)\n"
    "  --scope SCOPE       read, write or admin\n"
    "  -h, --help          this text\n"
    "\n"
    "Exit codes: 0 ok, 64 usage (a bad action or scope, a name in use), 65 data error\n"
    "(a corrupt or foreign file), 66 no such token or workspace, 74 I/O.\n";

static const char *const common_only[] = {"help", NULL};
static int run(cli_ctx *c);

const cli_command cli_token = {
    .name = "token",
    .summary = {"add, list or revoke the API tokens of a workspace (relmark serve)", NULL},
    .usage = usage_text,
    .file = "ACTION (add, list, revoke) and WORKSPACE",
    .files = 2,
    .common_only = common_only,
    .options = (const cli_option[]){CLI_TEXT_AT("name", srv.name), CLI_TEXT_AT("scope", srv.scope), {0}},
    .section = "token",
    .run = run,
};

static void print_one(void *ctx, const rmk_token_info *t)
{
    (void)ctx;
    printf("%s\t%s\t%s\t%s\n", t->name, t->scope, t->created, t->revoked ? t->revoked : "-");
}

static int run(cli_ctx *c)
{
    const char *act = c->path;
    int add = !strcmp(act, "add"), list = !strcmp(act, "list"), revoke = !strcmp(act, "revoke");
    if (!add && !list && !revoke)
        return cli_error(CLI_EX_USAGE, "token %s: expected add, list or revoke\nTry 'relmark token --help'.", act);
    if ((add || revoke) && !c->o->srv.name) return cli_error(CLI_EX_USAGE, "token %s needs --name NAME", act);
    if (add && !c->o->srv.scope) return cli_error(CLI_EX_USAGE, "token add needs --scope read|write|admin");
    if (!add && c->o->srv.scope) return cli_error(CLI_EX_USAGE, "token %s takes no --scope", act);
    if (list && c->o->srv.name) return cli_error(CLI_EX_USAGE, "token list takes no --name");
    rmk_ws *ws = NULL;
    rmk_status st = rmk_ws_open(c->path2, list ? RMK_WS_READONLY : 0, &ws, c->err, sizeof c->err);
    if (!st && add) {
        char tok[RMK_TOKEN_LEN];
        st = rmk_ws_token_add(ws, c->o->srv.name, c->o->srv.scope, tok, c->err, sizeof c->err);
        if (!st) printf("%s\n", tok);
    } else if (!st && revoke) {
        st = rmk_ws_token_revoke(ws, c->o->srv.name, c->err, sizeof c->err);
        if (!st) printf("revoked %s\n", c->o->srv.name);
    } else if (!st) {
        printf("name\tscope\tcreated\trevoked\n");
        st = rmk_ws_token_list(ws, print_one, NULL, c->err, sizeof c->err);
    }
    rmk_ws_close(ws);
    return st ? cli_error(rmk_status_exit_code(st), "%s", c->err) : 0;
}
