/* SPDX-License-Identifier: MIT */
/* demo.c — `relmark demo`: the report of the shipped samples (CDNOW's
 * music buyers; the B2B services firm with its clients, feedback and
 * survey), to see what relmark does before exporting anything. */
#include "cli.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: relmark demo [-o DIR] [--lang en|ru]\n"
    "\n"
    "Writes the report (relmark report) of the shipped samples into DIR (default:\n"
    "relmark-demo): cdnow.html -- the CDNOW music buyers (transactions only), and\n"
    "b2b.html -- a services firm's invoices with its client list, feedback and\n"
    "survey (every section). Then prints where they are: open them in a browser.\n"
    "The samples are found in $RELMARK_DATA, beside the program's source tree\n"
    "(examples/) or where `make install` put them (PREFIX/share/relmark/examples).\n"
    "\n"
    "  -o, --output DIR    the directory to write to (default relmark-demo)\n"
    "  --lang en|ru        the reports' language (en)\n"
    "  -h, --help          this help\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error, 66 samples not found,\n"
    "71 out of memory, 73 cannot create the output, 74 I/O.\n";

/* 1 when dir holds both samples */
static int has_samples(const char *dir)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/cdnow/CDNOW_master.txt", dir);
    if (access(p, R_OK)) return 0;
    snprintf(p, sizeof p, "%s/b2b/invoices.csv", dir);
    return access(p, R_OK) == 0;
}

/* the samples' folder, into buf; 0 when found */
static int find_samples(char *buf, size_t len)
{
    const char *env = getenv("RELMARK_DATA");
    if (env && *env) {
        snprintf(buf, len, "%s", env);
        return has_samples(buf) ? 0 : -1;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return -1;
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (!slash) return -1;
    *slash = 0;
    /* build/relmark (or build/san/relmark, a test build) in the source tree;
     * PREFIX/bin/relmark installed */
    static const char *const rel[] = {"../examples", "../../examples", "../share/relmark/examples"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        char p[PATH_MAX + 32], real[PATH_MAX];
        /* resolved, so the pages name /usr/share/..., not /usr/bin/../share/... */
        if (snprintf(p, sizeof p, "%s/%s", exe, rel[i]) < (int)sizeof p && has_samples(p) && realpath(p, real) &&
            snprintf(buf, len, "%s", real) < (int)len)
            return 0;
    }
    return -1;
}

/* one report: the book of tx (with the side files), the page at out */
static int one(const char *tx, const char *customers, const char *feedback, const char *survey,
               const char *lang, const char *out_path)
{
    char err[512];
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_ALL;
    bo.customers = customers;
    bo.feedback = feedback;
    rmk_book *book = NULL;
    rmk_report *rep = NULL;
    rmk_status st = rmk_book_read(tx, NULL, &bo, &book, err, sizeof err);
    if (st == RMK_OK) {
        rmk_report_opts ro;
        rmk_report_opts_init(&ro);
        ro.lang = lang;
        ro.feedback = feedback;
        ro.survey = survey;
        st = rmk_report_build(book, &ro, &rep, err, sizeof err);
    }
    int rc = 0;
    out w;
    if (st != RMK_OK) {
        rc = cli_error(rmk_status_exit_code(st), "%s", err);
    } else if (out_open(&w, out_path, FMT_TABLE, 0)) {
        rc = CLI_EX_CANTCREAT;
    } else if ((st = rmk_report_html(rep, w.f, err, sizeof err)) != RMK_OK) {
        out_abort(&w);
        rc = cli_error(rmk_status_exit_code(st), "%s", err);
    } else {
        rc = out_close(&w);
    }
    rmk_report_free(rep);
    rmk_book_free(book);
    return rc;
}

static const char *const common_only[] = {"output", "lang", "help", NULL};
static int run(cli_ctx *c);

const cli_command cli_demo = {
    .name = "demo",
    .summary = {"the report of the shipped samples (CDNOW; a B2B firm), to look at first", NULL},
    .usage = usage_text,
    .file = NULL, /* no FILE: the samples are shipped */
    .common_only = common_only,
    .options = (const cli_option[]){{0}},
    .run = run,
};

static int run(cli_ctx *c)
{
    const char *dir = c->o->output ? c->o->output : "relmark-demo", *lang = c->o->lang;
    char data[PATH_MAX - 64];
    if (find_samples(data, sizeof data))
        return cli_error(66, "the samples (cdnow/, b2b/) are not found: set RELMARK_DATA to the "
                             "examples folder of relmark's source tree");
    if (mkdir(dir, 0777) && errno != EEXIST)
        return cli_error(CLI_EX_CANTCREAT, "%s: cannot create: %s", dir, strerror(errno));
    char tx[PATH_MAX], cl[PATH_MAX], fb[PATH_MAX], sv[PATH_MAX], o1[PATH_MAX], o2[PATH_MAX];
    snprintf(tx, sizeof tx, "%s/cdnow/CDNOW_master.txt", data);
    snprintf(o1, sizeof o1, "%s/cdnow.html", dir);
    int rc = one(tx, NULL, NULL, NULL, lang, o1);
    if (rc) return rc;
    snprintf(tx, sizeof tx, "%s/b2b/invoices.csv", data);
    snprintf(cl, sizeof cl, "%s/b2b/clients.csv", data);
    snprintf(fb, sizeof fb, "%s/b2b/feedback.csv", data);
    snprintf(sv, sizeof sv, "%s/b2b/survey.csv", data);
    snprintf(o2, sizeof o2, "%s/b2b.html", dir);
    if ((rc = one(tx, cl, fb, sv, lang, o2))) return rc;
    printf("%s\n%s\n", o1, o2);
    return 0;
}
