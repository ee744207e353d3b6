/* SPDX-License-Identifier: MIT */
/* snapshot.c — `relmark snapshot WORKSPACE` (every customer's classes at a
 * date, kept in the workspace) and `relmark history WORKSPACE` (what
 * changed between two snapshots, or one customer's path over all of them);
 * docs/workspace.md, "Snapshots" and "History". */
#include "cli.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char snapshot_usage[] =
    "usage: relmark snapshot WORKSPACE [--as-of DATE]\n"
    "\n"
    "Takes a snapshot of WORKSPACE at DATE (default: its latest transaction date) and keeps\n"
    "it in the workspace: every customer's RFM scores and segment, rating category (with\n"
    "an imported customers file), life-cycle stage, ABC-XYZ class, CLV and P(alive), and\n"
    "the fitted CLV models. Each analysis runs with its command's defaults. A snapshot of\n"
    "the same date is replaced. One transaction: all or nothing. docs/workspace.md.\n"
    "\n"
    "  --as-of DATE        the snapshot's date: rows after it are left out\n"
    "  --quiet             no notes on stderr\n"
    "  -h, --help          this text\n"
    "\n"
    "Prints what it stored: the date, the customers and how many of them have each class,\n"
    "and the CLV model (or why none).\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error (no customer with a purchase by DATE, a\n"
    "corrupt or foreign file, a newer schema), 66 cannot open, 71 out of memory, 74 I/O\n"
    "(read-only, disk full, another import writing it).\n";

static int run_snapshot(cli_ctx *c);
static const char *const snapshot_common[] = {"as-of", "quiet", "help", NULL};

const cli_command cli_snapshot = {
    .name = "snapshot",
    .summary = {"every customer's classes at a date, kept in the workspace (history compares them)", NULL},
    .usage = snapshot_usage,
    .file = "WORKSPACE",
    .common_only = snapshot_common,
    .options = (const cli_option[]){{0}},
    .section = "snapshot",
    .run = run_snapshot,
};

static void snapshot_print(const char *ws, const rmk_ws_snapshot_info *i)
{
    char d[16];
    printf("%s: snapshot as of %s%s: %llu customers: %llu with a segment, %llu rated, %llu with an "
           "ABC-XYZ class, %llu with a CLV\n",
           ws, rmk_date_format_iso(i->as_of, d), i->replaced ? " (replaced)" : "",
           (unsigned long long)i->customers, (unsigned long long)i->segmented, (unsigned long long)i->rated,
           (unsigned long long)i->classified, (unsigned long long)i->valued);
    if (i->models) printf("%s: CLV model stored: %s\n", ws, i->models == 2 ? "BG/NBD and Gamma-Gamma" : "BG/NBD");
    else printf("%s: no CLV model stored: %s\n", ws, i->clv_error);
}

static int run_snapshot(cli_ctx *c)
{
    rmk_ws *ws = NULL;
    rmk_status st = rmk_ws_open(c->path, 0, &ws, c->err, sizeof c->err);
    if (st) return cli_error(rmk_status_exit_code(st), "%s", c->err);
    rmk_ws_snapshot_info info;
    cli_read_begin(c, c->path);
    st = rmk_ws_snapshot(ws, c->o->as_of, &info, c->err, sizeof c->err);
    rmk_ws_close(ws);
    int rc = cli_read_end(c, st, c->err);
    if (!rc) snapshot_print(c->path, &info);
    return rc;
}

/* ------------------------------------------------------------- history */

static const char history_usage[] =
    "usage: relmark history WORKSPACE [--from DATE] [--to DATE] [--customer ID] [options]\n"
    "\n"
    "What changed between two snapshots of WORKSPACE (default: the last two): the\n"
    "migration matrix of the RFM segments, the rating categories, the life-cycle stages\n"
    "and the ABC-XYZ classes (rows: the class at --from; columns: at --to; \"-\": none),\n"
    "then the customers who moved down (a lower category, down or off the ladder, a lower\n"
    "ABC class), key clients first. With --customer: that customer's classes in every\n"
    "snapshot. docs/workspace.md, \"History\".\n"
    "\n"
    "  --from DATE         the earlier snapshot (default: the one before --to)\n"
    "  --to DATE           the later snapshot (default: the latest)\n"
    "  --customer ID       one customer's path over all snapshots instead\n"
    "  --quiet             no notes on stderr\n"
    "  -h, --help          this text\n"
    "Output: --format table|csv|json   --lang en|ru   -o, --output FILE\n"
    "CSV columns: dimension, from, to, customers; then (a second table) customer_id,\n"
    "key_client, key_group, segment_from, segment_to, category_from, category_to,\n"
    "stage_from, stage_to, abcxyz_from, abcxyz_to, down, clv_from, clv_to. --customer:\n"
    "as_of, rfm, segment, category, stage, abcxyz, clv, p_alive.\n"
    "\n"
    "Exit codes: 0 ok, 64 usage (no snapshot of a date, an unknown customer), 65 fewer\n"
    "than two snapshots or a data error, 66 cannot open, 71 out of memory, 73 cannot\n"
    "create the output, 74 I/O.\n";

static int run_history(cli_ctx *c);
static void history_init(cli_opts *o) { o->hist_from = o->hist_to = RMK_NO_DATE; }
static const char *const history_common[] = {"quiet", "format", "lang", "output", "help", NULL};

const cli_command cli_history = {
    .name = "history",
    .summary = {"between two snapshots: migration matrices, who moved down; a customer's path", NULL},
    .usage = history_usage,
    .file = "WORKSPACE",
    .common_only = history_common,
    .options = (const cli_option[]){CLI_DATE_AT("from", hist_from, "a date such as 2026-03-31"),
                                    CLI_DATE_AT("to", hist_to, "a date such as 2026-06-30"),
                                    CLI_TEXT_AT("customer", hist_customer), {0}},
    .section = "history",
    .init = history_init,
    .run = run_history,
};

static const char *const dim_title[RMK_WS_DIMS][2] = {{"RFM segments", "Сегменты RFM"},
                                                      {"Rating categories", "Категории рейтинга"},
                                                      {"Life-cycle stages", "Стадии жизненного цикла"},
                                                      {"ABC-XYZ classes", "Классы ABC-XYZ"}};

static const char *shown(const char *k) { return *k ? k : "-"; }

/* a matrix as a table: rows from, columns to, and the row totals */
static void print_matrix(out *w, const rmk_ws_history *h, rmk_ws_dim d, int R)
{
    size_t n = rmk_ws_history_classes(h, d);
    const char **head = calloc(n + 2, sizeof *head);
    const char **row = calloc(n + 2, sizeof *row);
    char *types = calloc(n + 3, 1), (*cell)[24] = calloc(n + 1, sizeof *cell);
    if (!head || !row || !types || !cell) {
        w->failed = 1;
        goto done;
    }
    out_text(w, "%s\n", dim_title[d][R]);
    head[0] = R ? "была\\стала" : "from\\to";
    types[0] = 's';
    for (size_t j = 0; j < n; j++) head[j + 1] = shown(rmk_ws_history_class(h, d, j)), types[j + 1] = 'n';
    head[n + 1] = R ? "всего" : "total";
    types[n + 1] = 'n';
    out_table_begin(w, (int)n + 2, head, head, types);
    for (size_t i = 0; i < n; i++) {
        uint64_t tot = 0;
        row[0] = shown(rmk_ws_history_class(h, d, i));
        for (size_t j = 0; j < n; j++) {
            uint64_t v = rmk_ws_history_cell(h, d, i, j);
            tot += v;
            row[j + 1] = out_int(cell[j], (long long)v);
        }
        row[n + 1] = out_int(cell[n], (long long)tot);
        out_table_row(w, row);
    }
    out_table_end(w);
    out_text(w, "\n");
done:
    free(head);
    free(row);
    free(types);
    free(cell);
}

/* the matrices in long form (CSV, JSON): one row per non-empty cell */
static void print_cells(out *w, const rmk_ws_history *h)
{
    static const char *k[4] = {"dimension", "from", "to", "customers"};
    out_table_begin(w, 4, k, k, "sssn");
    for (int d = 0; d < RMK_WS_DIMS; d++)
        for (size_t i = 0; i < rmk_ws_history_classes(h, (rmk_ws_dim)d); i++)
            for (size_t j = 0; j < rmk_ws_history_classes(h, (rmk_ws_dim)d); j++) {
                uint64_t v = rmk_ws_history_cell(h, (rmk_ws_dim)d, i, j);
                if (!v) continue;
                char b[24];
                const char *row[4] = {rmk_ws_dim_key((rmk_ws_dim)d), rmk_ws_history_class(h, (rmk_ws_dim)d, i),
                                      rmk_ws_history_class(h, (rmk_ws_dim)d, j), out_int(b, (long long)v)};
                out_table_row(w, row);
            }
    out_table_end(w);
}

static void down_words(char *b, size_t n, unsigned down)
{
    snprintf(b, n, "%s%s%s%s%s", down & RMK_DOWN_CATEGORY ? "category" : "",
             (down & RMK_DOWN_CATEGORY) && (down & (RMK_DOWN_STAGE | RMK_DOWN_ABC)) ? "," : "",
             down & RMK_DOWN_STAGE ? "stage" : "", (down & RMK_DOWN_STAGE) && (down & RMK_DOWN_ABC) ? "," : "",
             down & RMK_DOWN_ABC ? "abc" : "");
}

static void fmt_money(char *b, double v)
{
    if (isnan(v)) b[0] = 0;
    else snprintf(b, 32, "%.2f", v);
}

static void print_movers(out *w, const cli_opts *o, const rmk_ws_history *h)
{
    int R = !strcmp(o->lang, "ru"), K = w->fmt != FMT_TABLE;
    static const char *k[14] = {"customer_id", "key_client", "key_group", "segment_from", "segment_to",
                                "category_from", "category_to", "stage_from", "stage_to", "abcxyz_from",
                                "abcxyz_to", "down", "clv_from", "clv_to"};
    static const char *l[14] = {"клиент", "ключевой", "группа", "сегмент_был", "сегмент_стал",
                                "категория_была", "категория_стала", "стадия_была", "стадия_стала",
                                "abcxyz_был", "abcxyz_стал", "снижение", "clv_был", "clv_стал"};
    out_table_begin(w, 14, k, R && !K ? l : k, "sns" "ssssssss" "snn");
    for (size_t i = 0; i < rmk_ws_history_down_count(h); i++) {
        const rmk_ws_mover *m = rmk_ws_history_down_at(h, i);
        char dn[40], a[32], b[32];
        down_words(dn, sizeof dn, m->down);
        fmt_money(a, m->clv_from);
        fmt_money(b, m->clv_to);
        const char *row[14] = {m->customer_id, m->key ? "1" : "0", m->key_group};
        for (int d = 0; d < RMK_WS_DIMS; d++) {
            row[3 + 2 * d] = K ? m->from[d] : shown(m->from[d]);
            row[4 + 2 * d] = K ? m->to[d] : shown(m->to[d]);
        }
        row[11] = dn, row[12] = a, row[13] = b;
        out_table_row(w, row);
    }
    out_table_end(w);
}

static void history_view(out *w, const cli_opts *o, const void *x)
{
    const rmk_ws_history *h = x;
    int R = !strcmp(o->lang, "ru");
    char a[16], b[16];
    rmk_date_format_iso(rmk_ws_history_from(h), a);
    rmk_date_format_iso(rmk_ws_history_to(h), b);
    size_t nd = rmk_ws_history_down_count(h), nk = 0;
    for (size_t i = 0; i < nd; i++) nk += rmk_ws_history_down_at(h, i)->key;
    out_text(w, R ? "История с %s по %s (строки: класс на %s; столбцы: на %s; \"-\": нет)\n\n"
                  : "History from %s to %s (rows: the class on %s; columns: on %s; \"-\": none)\n\n",
             a, b, a, b);
    if (w->fmt == FMT_TABLE)
        for (int d = 0; d < RMK_WS_DIMS; d++) print_matrix(w, h, (rmk_ws_dim)d, R);
    if (w->fmt == FMT_JSON) fprintf(w->f, "{\"from\": \"%s\", \"to\": \"%s\", \"migration\": ", a, b);
    if (w->fmt != FMT_TABLE) print_cells(w, h);
    out_text(w, R ? "Снизились: %zu клиентов (ключевых: %zu), ключевые первыми:\n"
                  : "Moved down: %zu customers (%zu key clients), key clients first:\n", nd, nk);
    if (w->fmt == FMT_JSON) fprintf(w->f, ", \"moved_down\": ");
    if (w->fmt == FMT_CSV) fputs("\n", w->f); /* a second table follows */
    print_movers(w, o, h);
    if (w->fmt == FMT_JSON) fputs("}\n", w->f);
}

static void path_view(out *w, const cli_opts *o, const void *x)
{
    const rmk_ws_path *p = x;
    int R = !strcmp(o->lang, "ru"), K = w->fmt != FMT_TABLE;
    static const char *k[8] = {"as_of", "rfm", "segment", "category", "stage", "abcxyz", "clv", "p_alive"};
    static const char *l[8] = {"дата", "rfm", "сегмент", "категория", "стадия", "abcxyz", "clv", "p_alive"};
    out_text(w, R ? "Клиент %s по снимкам (\"-\": нет)\n\n" : "Customer %s over the snapshots (\"-\": none)\n\n",
             o->hist_customer);
    if (w->fmt == FMT_JSON) {
        fputs("{\"customer_id\": ", w->f);
        out_json_str(w, o->hist_customer);
        fputs(", \"snapshots\": ", w->f);
    }
    out_table_begin(w, 8, k, R && !K ? l : k, "ssssssnn");
    for (size_t i = 0; i < rmk_ws_path_count(p); i++) {
        const rmk_ws_step *s = rmk_ws_path_at(p, i);
        char d[16], v[32], pa[32];
        rmk_date_format_iso(s->as_of, d);
        fmt_money(v, s->clv);
        if (isnan(s->p_alive)) pa[0] = 0;
        else snprintf(pa, sizeof pa, "%.4f", s->p_alive);
        const char *row[8] = {d, K ? s->rfm : shown(s->rfm)};
        for (int k2 = 0; k2 < RMK_WS_DIMS; k2++) row[2 + k2] = K ? s->cls[k2] : shown(s->cls[k2]);
        row[6] = v, row[7] = pa;
        out_table_row(w, row);
    }
    out_table_end(w);
    if (w->fmt == FMT_JSON) fputs("}\n", w->f);
}

static int run_history(cli_ctx *c)
{
    const cli_opts *o = c->o;
    rmk_ws *ws = NULL;
    if (o->hist_customer && (o->hist_from != RMK_NO_DATE || o->hist_to != RMK_NO_DATE))
        return cli_error(CLI_EX_USAGE, "--customer shows every snapshot: no --from or --to with it");
    rmk_status st = rmk_ws_open(c->path, RMK_WS_READONLY, &ws, c->err, sizeof c->err);
    if (st) return cli_error(rmk_status_exit_code(st), "%s", c->err);
    int rc;
    if (o->hist_customer) {
        rmk_ws_path *p = NULL;
        st = rmk_ws_customer_path(ws, o->hist_customer, &p, c->err, sizeof c->err);
        rc = st ? cli_error(rmk_status_exit_code(st), "%s", c->err) : cli_print(c, path_view, p);
        rmk_ws_path_free(p);
    } else {
        rmk_ws_history *h = NULL;
        st = rmk_ws_history_run(ws, o->hist_from, o->hist_to, NULL, &h, c->err, sizeof c->err);
        rc = st ? cli_error(rmk_status_exit_code(st), "%s", c->err) : cli_print(c, history_view, h);
        rmk_ws_history_free(h);
    }
    rmk_ws_close(ws);
    return rc;
}
