/* report.c — `relmark report`: one read of the transactions (and the side
 * files), every analysis they allow, one HTML page or XLSX workbook. The
 * library does all of it (rmk_report_*); this file parses and writes. */
#include "cli.h"
#include <errno.h>
#include <getopt.h>
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
    "  -o FILE               where to write it: FILE.html (default: standard output), or\n"
    "                        FILE.xlsx for a workbook: a sheet per analysis\n"
    "Reading: --map, --no-header, --delimiter, --encoding, --date-format, --skip-bad\n"
    "  --threads, as for relmark rfm (relmark rfm --help)\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or no customer, 66 no input,\n"
    "71 out of memory, 73 cannot create the output, 74 I/O, 78 config error.\n";

enum { O_CUSTOMERS = CLI_O_OWN, O_FEEDBACK, O_SATSCALE, O_SURVEY, O_QUESTIONNAIRE };

static const struct option longopts[] = {
    {"customers", required_argument, 0, O_CUSTOMERS},
    {"feedback", required_argument, 0, O_FEEDBACK},
    {"satisfaction-scale", required_argument, 0, O_SATSCALE},
    {"survey", required_argument, 0, O_SURVEY},
    {"questionnaire", required_argument, 0, O_QUESTIONNAIRE},
    CLI_COMMON_OPTIONS,
    {0, 0, 0, 0}};

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

int cmd_report(int argc, char **argv)
{
    cli_opts o;
    cli_opts_init(&o);
    int rc = 64;
    rmk_book *book = NULL;
    rmk_report *rep = NULL;
    int parsed = cli_parse_args(&o, argc, argv, longopts, usage_text, "relmark report",
                                "missing the transactions FILE");
    if (parsed >= 0) {
        cli_opts_free(&o);
        return parsed;
    }
    const char *path = argv[optind];
    int xlsx = o.output && ends_with(o.output, ".xlsx");
    char err[512];
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_ALL;
    bo.customers = o.customers;
    bo.feedback = o.stage.feedback;
    if (o.stage.sat_max) bo.sat_min = o.stage.sat_min, bo.sat_max = o.stage.sat_max;
    cli_progress prog;
    cli_progress_start(&prog, &o, path);
    rmk_read_opts ro = o.read;
    if (o.as_of != RMK_NO_DATE) ro.as_of = o.as_of;
    rmk_status st = rmk_book_read(path, &ro, &bo, &book, err, sizeof err);
    cli_progress_end(&prog);
    if (st == RMK_OK) {
        rmk_report_opts po;
        rmk_report_opts_init(&po);
        po.lang = o.lang;
        po.as_of = o.as_of;
        po.feedback = o.stage.feedback;
        po.survey = o.sv.answers;
        po.questionnaire = o.sv.questionnaire;
        st = rmk_report_build(book, &po, &rep, err, sizeof err);
    }
    if (st != RMK_OK) {
        fprintf(stderr, "relmark: %s\n", err);
        rc = rmk_status_exit_code(st);
        goto done;
    }
    rmk_agg_stats rs;
    rmk_book_get_stats(book, &rs);
    cli_note_skipped(rs.rows_skipped, NULL, rs.first_error);
    out w;
    if (out_open(&w, o.output, FMT_TABLE, 0)) {
        rc = 73;
        goto done;
    }
    st = xlsx ? write_xlsx(rep, &w, err, sizeof err) : rmk_report_html(rep, w.f, err, sizeof err);
    if (st != RMK_OK) {
        fprintf(stderr, "relmark: %s\n", err);
        out_abort(&w);
        rc = rmk_status_exit_code(st);
        goto done;
    }
    rc = out_close(&w);
done:
    rmk_report_free(rep);
    rmk_book_free(book);
    cli_opts_free(&o);
    return rc;
}
