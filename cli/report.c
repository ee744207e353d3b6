/* SPDX-License-Identifier: MIT */
/* report.c — `relmark report`: one read of the transactions (and the side
 * files), every analysis they allow, one HTML page or XLSX workbook. The
 * library does all of it (rmk_report_*); this file parses and writes. */
#include "cli.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: relmark report FILE [options] -o report.html | -o report.xlsx\n"
    "\n"
    "The whole relationship picture in one self-contained page: summary, economics of\n"
    "retention, life cycle, retention and cohorts, RFM, client rating, portfolio,\n"
    "ABC-XYZ, lifetime value, feedback, survey and orientation -- every analysis the\n"
    "given files allow, each with the lecture's explanation, charts, the numbers\n"
    "behind them and what to do per group. The transactions are read once. A section\n"
    "that needs a file you did not give says which. Definitions: docs/report.md.\n"
    "\n"
    "Options (also keys of [report] in --config):\n"
    "  --customers FILE      the client list: rating, portfolio, B2B stages, bonds\n"
    "  --feedback FILE       NPS and satisfaction answers: trend, alerts, friends\n"
    "  --satisfaction-scale A-B  the feedback's satisfaction scale (1-5)\n"
    "  --survey FILE         a relationship-quality survey's answers\n"
    "  --questionnaire FILE  its questionnaire (default: the lecture's components)\n"
    "  --as-of DATE          the report's date (default: the latest purchase)\n"
    "  --lang en|ru          the report's language (en)\n"
    "  -o, --output FILE     where to write it: FILE.html (default: standard output), or\n"
    "                        FILE.xlsx for a workbook: a sheet per analysis\n"
    "  --config FILE         defaults from an INI file ([input], [report], [output])\n"
    "  -h, --help            this help\n"
    "{reading}\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or no customer, 66 no input,\n"
    "71 out of memory, 73 cannot create the output, 74 I/O, 78 config error.\n";

static const cli_option options[] = {CLI_OPT_CUSTOMERS, CLI_OPT_FEEDBACK, CLI_OPT_SATISFACTION_SCALE,
                                     CLI_TEXT_AT("survey", sv.answers),
                                     CLI_TEXT_AT("questionnaire", sv.questionnaire), {0}};

/* The page has one layout, its money its own decimals: the output flags of
 * the tables are refused, not ignored (a shared config file's [output] keys
 * for the other commands still load) */
static const char *const common_not[] = {"format", "excel", "wide", "decimals", NULL};

static int run(cli_ctx *c);

const cli_command cli_report = {
    .name = "report",
    .summary = {"the whole picture: every analysis the files allow, as one HTML page with",
                "charts (or an XLSX workbook)"},
    .usage = usage_text,
    .file = "transactions",
    .options = options,
    .common_not = common_not,
    .section = "report",
    .run = run,
};

/* 1 when path ends with suffix, in any case */
static int ends_with(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    return n >= k && !strcasecmp(path + n - k, suffix);
}

/* The workbook is written by name: into out_open's temporary file beside
 * the target (renamed into place by out_close, removed by out_abort), or,
 * for a device or a pipe (-o /dev/null, a FIFO), into a temporary file of
 * $TMPDIR that is then copied there: the zip writer seeks. */
static rmk_status write_xlsx(const rmk_report *rep, out *w, char *err, size_t errlen)
{
    if (w->tmp) return rmk_report_xlsx(rep, w->tmp, err, errlen);
    const char *dir = getenv("TMPDIR");
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s/relmark-XXXXXX.xlsx", dir && *dir ? dir : "/tmp");
    int fd = mkstemps(tmp, 5);
    if (fd < 0) {
        snprintf(err, errlen, "%.400s: cannot create: %s", tmp, strerror(errno));
        return RMK_ERR_IO;
    }
    rmk_status st = rmk_report_xlsx(rep, tmp, err, errlen);
    FILE *f = st == RMK_OK ? fdopen(fd, "rb") : NULL;
    if (st == RMK_OK && !f) {
        snprintf(err, errlen, "%.400s: cannot read: %s", tmp, strerror(errno));
        st = RMK_ERR_IO;
    }
    char buf[1 << 16];
    size_t n;
    while (f && (n = fread(buf, 1, sizeof buf, f)) > 0)
        if (fwrite(buf, 1, n, w->f) != n) break; /* out_close reports the write error */
    if (f) fclose(f);
    else close(fd);
    unlink(tmp);
    return st;
}

/* the report of the book: built, then written to -o (or stdout) */
static int write_report(cli_ctx *c, const rmk_book *book)
{
    const cli_opts *o = c->o;
    rmk_report_opts po;
    rmk_report_opts_init(&po);
    po.lang = o->lang;
    po.as_of = o->as_of;
    po.feedback = o->stage.feedback;
    po.survey = o->sv.answers;
    po.questionnaire = o->sv.questionnaire;
    rmk_report *rep = NULL;
    rmk_status st = rmk_report_build(book, &po, &rep, c->err, sizeof c->err);
    int rc = 0;
    if (st != RMK_OK) {
        rc = cli_error(rmk_status_exit_code(st), "%s", c->err);
    } else if (out_open(&c->w, o->output, FMT_TABLE, 0)) {
        rc = CLI_EX_CANTCREAT;
    } else {
        c->opened = 1; /* main finishes it: renamed into place, or removed on an error */
        st = o->output && ends_with(o->output, ".xlsx") ? write_xlsx(rep, &c->w, c->err, sizeof c->err)
                                                          : rmk_report_html(rep, c->w.f, c->err, sizeof c->err);
        if (st != RMK_OK) rc = cli_error(rmk_status_exit_code(st), "%s", c->err);
    }
    rmk_report_free(rep);
    return rc;
}

/* the book of c->path with every part, and the side files of the options */
static int read_book(cli_ctx *c, rmk_book **book)
{
    cli_opts *o = c->o;
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_ALL;
    bo.customers = o->customers;
    bo.feedback = o->stage.feedback;
    if (o->stage.sat_max) bo.sat_min = o->stage.sat_min, bo.sat_max = o->stage.sat_max;
    cli_read_begin(c, c->path); /* progress on: o->read's hook */
    rmk_read_opts ro = o->read;
    if (o->as_of != RMK_NO_DATE) ro.as_of = o->as_of;
    rmk_status st = rmk_book_read(c->path, &ro, &bo, book, c->err, sizeof c->err);
    int rc = cli_read_end(c, st, c->err);
    if (!rc) {
        rmk_agg_stats rs;
        rmk_book_get_stats(*book, &rs);
        cli_note_skipped(rs.rows_skipped, NULL, rs.first_error);
    }
    return rc;
}

/* of the keys rmk_report_chart's message lists ("... expected one of
 * rfm-heatmap rfm-monetary ..."), the command's own, without its prefix,
 * in place in msg */
static const char *own_charts(char *msg, const char *name)
{
    char keys[512] = "";
    size_t n = strlen(name), u = 0;
    const char *p = strstr(msg, "one of");
    for (p = p ? p + 6 : msg + strlen(msg); *p;) {
        while (*p == ' ') p++;
        size_t k = strcspn(p, " ");
        if (k > n + 1 && !strncmp(p, name, n) && p[n] == '-' && u < sizeof keys)
            u += (size_t)snprintf(keys + u, sizeof keys - u, " %.*s", (int)(k - n - 1), p + n + 1);
        p += k;
    }
    strcpy(msg, keys);
    return msg;
}

int cli_plot(cli_ctx *c, const cli_command *cmd)
{
    const cli_opts *o = c->o;
    char key[64];
    snprintf(key, sizeof key, "%s-%s", cmd->name, o->plot);
    rmk_book *book = NULL;
    int rc = read_book(c, &book);
    if (!rc) {
        rmk_report_opts po;
        rmk_report_opts_init(&po);
        po.lang = o->lang;
        po.as_of = o->as_of;
        po.feedback = o->stage.feedback;
        if (out_open(&c->w, o->output, FMT_TABLE, 0)) {
            rc = CLI_EX_CANTCREAT;
        } else {
            c->opened = 1; /* main finishes it: renamed into place, or removed on an error */
            rmk_status st = rmk_report_chart(book, &po, key, c->w.f, c->err, sizeof c->err);
            if (st == RMK_ERR_USAGE) /* name the command's own charts, not every key */
                rc = cli_error(CLI_EX_USAGE, "--plot %s: expected%s", o->plot, own_charts(c->err, cmd->name));
            else if (st != RMK_OK) rc = cli_error(rmk_status_exit_code(st), "%s", c->err);
        }
    }
    rmk_book_free(book);
    return rc;
}

static int run(cli_ctx *c)
{
    rmk_book *book = NULL;
    int rc = read_book(c, &book);
    if (!rc) rc = write_report(c, book);
    rmk_book_free(book);
    return rc;
}
