/* SPDX-License-Identifier: MIT */
/* main.c — `relmark <command>`: one table of the command descriptors, from
 * which the dispatch, `relmark --help` and the suggestion for a mistyped
 * command come; and the start-up every command shares: its options parsed
 * (options.c), its run, its output closed, and the one error path. */
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const cli_command *const cli_commands[] = {&cli_report, &cli_demo,     &cli_rfm,    &cli_rate,
                                           &cli_retention, &cli_cohorts, &cli_stages, &cli_feedback,
                                           &cli_abcxyz, &cli_clv,      &cli_portfolio, &cli_survey,
                                           &cli_import, &cli_snapshot, &cli_history, &cli_serve,
                                           &cli_token, NULL};

static void help(FILE *f)
{
    fputs("usage: relmark <command> [options]\n\n"
          "Relationship-marketing analytics for services firms (lecture methods on your exports).\n\n"
          "Commands:\n", f);
    for (size_t i = 0; cli_commands[i]; i++) {
        const cli_command *c = cli_commands[i];
        fprintf(f, "  %-9s %s  %s\n", c->name, c->file ? "FILE" : "    ", c->summary[0]);
        if (c->summary[1]) fprintf(f, "                  %s\n", c->summary[1]);
    }
    fputs("\n"
          "  relmark <command> --help    options of a command\n"
          "  relmark --version           the version\n"
          "\n"
          "Docs: docs/ in the source tree, and relmark(1).\n", f);
}

static const cli_command *find(const char *name)
{
    for (size_t i = 0; cli_commands[i]; i++)
        if (!strcmp(name, cli_commands[i]->name)) return cli_commands[i];
    return NULL;
}

/* Damerau-Levenshtein distance (adjacent transpositions count 1) of two
 * short words; 99 when either is long */
static int distance(const char *a, const char *b)
{
    size_t m = strlen(a), n = strlen(b);
    if (m > 30 || n > 30) return 99;
    int d[32][32];
    for (size_t i = 0; i <= m; i++) d[i][0] = (int)i;
    for (size_t j = 0; j <= n; j++) d[0][j] = (int)j;
    for (size_t i = 1; i <= m; i++)
        for (size_t j = 1; j <= n; j++) {
            int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < c) c = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < c) c = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < c)
                c = d[i - 2][j - 2] + 1;
            d[i][j] = c;
        }
    return d[m][n];
}

/* the command nearest to a mistyped one (at most 2 edits), or NULL */
static const cli_command *nearest(const char *name)
{
    const cli_command *best = NULL;
    int bd = 3;
    for (size_t i = 0; cli_commands[i]; i++) {
        int d = distance(name, cli_commands[i]->name);
        if (d < bd) bd = d, best = cli_commands[i];
    }
    return best;
}

/* ------------------------------------------------- messages on stderr */

static void vsay(const char *fmt, va_list ap)
{
    fputs("relmark: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
}

int cli_error(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
    return code;
}

int cli_quiet;

void cli_tell(const char *fmt, ...)
{
    if (cli_quiet) return;
    va_list ap;
    va_start(ap, fmt);
    vsay(fmt, ap);
    va_end(ap);
}

void cli_note(size_t n, const char *noun, const char *rest_fmt, ...)
{
    if (!n || cli_quiet) return;
    fprintf(stderr, "relmark: %zu %s%s ", n, noun, n > 1 ? "s" : "");
    va_list ap;
    va_start(ap, rest_fmt);
    vfprintf(stderr, rest_fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_note_skipped(uint64_t n, const char *file, const char *first)
{
    if (!n) return;
    cli_tell("%s%sskipped %llu bad row%s; the first: %s", file ? file : "", file ? ": " : "",
            (unsigned long long)n, n > 1 ? "s" : "", first);
}

/* -------------------------------------------------- what a run shares */

static void show_progress(void *ctx, uint64_t done, uint64_t size)
{
    cli_progress *p = ctx;
    int now = size ? (int)(done * 100 / size) : (int)(done >> 26);
    if (now == p->last) return;
    p->last = now;
    if (size && size < (64u << 20)) return; /* small files are quick */
    p->shown = 1;
    if (size)
        fprintf(stderr, "\rrelmark: reading %s: %d%%", p->name, now);
    else
        fprintf(stderr, "\rrelmark: reading %s: %llu MiB", p->name, (unsigned long long)(done >> 20));
}

void cli_read_begin(cli_ctx *c, const char *name)
{
    cli_progress *p = &c->prog;
    p->name = strcmp(name, "-") ? name : "<stdin>";
    p->last = -1;
    p->shown = 0;
    if (isatty(STDERR_FILENO) && !cli_quiet) {
        c->o->read.progress = show_progress;
        c->o->read.progress_ctx = p;
    }
}

int cli_read_end(cli_ctx *c, rmk_status st, const char *msg)
{
    cli_progress *p = &c->prog;
    if (p->shown) fputs("\r\033[K", stderr); /* clear the progress line */
    p->shown = 0;
    c->o->read.progress = NULL; /* the next read starts its own */
    c->o->read.progress_ctx = NULL;
    return st == RMK_OK ? 0 : cli_error(rmk_status_exit_code(st), "%s", msg);
}

/* The width to fit a table on standard output to: COLUMNS when it is a
 * number (1..10000), else the terminal's when stdout is one, else 0 (no
 * fitting: a pipe or a file gets every column). */
static int table_width(void)
{
    const char *e = getenv("COLUMNS");
    char *end;
    long n = e && *e ? strtol(e, &end, 10) : 0;
    if (e && *e && !*end && n > 0 && n <= 10000) return (int)n;
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}

void cli_json_columns(out *w, const cli_opts *o)
{
    if (w->fmt != FMT_JSON) return;
    fputs("\"columns\": ", w->f);
    if (o->columns[0]) out_json_str(w, o->columns);
    else fputs("null", w->f);
    fputs(", ", w->f);
}

void cli_text_columns(out *w, const cli_opts *o, int blank)
{
    if (o->columns[0])
        out_text(w, w->ru ? "Столбцы: %s\n%s" : "Columns: %s\n%s", o->columns, blank ? "\n" : "");
}

int cli_print(cli_ctx *c, void (*view)(out *w, const cli_opts *o, const void *x), const void *x)
{
    const cli_opts *o = c->o;
    if (out_open(&c->w, o->output, o->format, o->excel)) return CLI_EX_CANTCREAT;
    c->opened = 1;
    c->w.ru = !strcmp(o->lang, "ru");
    c->w.ru_head = c->w.ru && c->w.excel;
    c->w.fit = o->wide || c->w.f != stdout ? 0 : table_width();
    if (o->format == FMT_TABLE && c->as_of != RMK_NO_DATE) {
        char d[16]; /* every view shows its as-of date (docs/cli.md, "Tables") */
        out_text(&c->w, c->w.ru ? "на дату %s\n\n" : "as of %s\n\n", rmk_date_format_iso(c->as_of, d));
    }
    view(&c->w, o, x);
    return 0;
}

/* 1 when the command takes the option --name */
static int takes(const cli_command *c, const char *name)
{
    for (const cli_option *p = c->options; p->name; p++)
        if (!strcmp(p->name, name)) return 1;
    return 0;
}

/* FILE a workspace with a customers or feedback file: they stand for
 * --customers and --feedback when the command takes them and they are not
 * given (docs/workspace.md) */
static void ws_sides(cli_opts *o, const cli_command *c, const char *path)
{
    int cust = takes(c, "customers") && !o->customers, fb = takes(c, "feedback") && !o->stage.feedback;
    unsigned have = cust || fb ? rmk_ws_side_files(path) : 0;
    if (cust && (have & RMK_WS_CUSTOMERS)) o->customers = path;
    if (fb && (have & RMK_WS_FEEDBACK)) o->stage.feedback = path;
}

/* Runs c: its options (the config files first, flags over them), then its
 * run, then its output finished (out_close: 71, 74). Every message of
 * relmark starts "relmark: " (getopt's too, which names argv[0]). */
static int run(const cli_command *c, int argc, char **argv)
{
    argv[0] = "relmark";
    cli_opts o;
    cli_opts_init(&o);
    o.cmd = c;
    if (c->init) c->init(&o);
    int rc = cli_parse_args(&o, argc, argv);
    cli_quiet = o.quiet;
    if (rc < 0) {
        cli_ctx x;
        memset(&x, 0, sizeof x);
        x.o = &o;
        x.path = argv[optind];
        x.path2 = c->files == 2 ? argv[optind + 1] : NULL;
        x.as_of = RMK_NO_DATE;
        if (c->file && c->files != 2) ws_sides(&o, c, x.path);
        rc = o.plot ? cli_plot(&x, c) : c->run(&x);
        if (x.opened && rc) out_abort(&x.w);
        else if (x.opened) rc = out_close(&x.w);
    }
    cli_opts_free(&o);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return CLI_EX_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        const cli_command *c = argc > 2 ? find(argv[2]) : NULL;
        if (c) {
            char *av[] = {NULL, "--help", NULL};
            return run(c, 2, av);
        }
        help(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("relmark %s\n", RELMARK_VERSION);
        return 0;
    }
    const cli_command *c = find(cmd);
    if (c) return run(c, argc - 1, argv + 1);
    const cli_command *near = nearest(cmd);
    if (near) cli_say("unknown command '%s'; did you mean '%s'?", cmd, near->name);
    else cli_say("unknown command '%s'", cmd);
    fputs("Try 'relmark --help'.\n", stderr);
    return CLI_EX_USAGE;
}
