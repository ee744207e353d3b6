/* SPDX-License-Identifier: MIT */
/* cli.h — shared by the command files of the relmark CLI.
 *
 * Each command file exports one descriptor (cli_command: name, help texts,
 * options, config section, run); main.c lists them. main parses the
 * options (options.c), runs the command and closes its output; a run
 * only reads, computes and prints (docs/HACKING.md, "Adding an analysis"). */
#ifndef RMK_CLI_H
#define RMK_CLI_H
#include "relmark.h"
#include "out.h"
#include <stddef.h>
#include <stdio.h>

struct cli_command;

/* The settings of a run, from config files and flags. */
typedef struct cli_opts {
    const struct cli_command *cmd; /* the command being run: which config sections apply */
    rmk_read_opts read;
    out_format format;
    int excel, summary;
    int quiet;          /* --quiet: no notes of the reader (errors still) */
    char columns[512];  /* the columns the transactions' read used, as its note
                           "columns: ..." says them ("" before a read, or none) */
#define CLI_MAX_FILTERS 8
    const char *filters[2][CLI_MAX_FILTERS]; /* --include, --exclude (read.include/exclude) */
    int wide;           /* tables: every column, whatever the width (docs/cli.md, "Tables") */
    int decimals;       /* of money in the output, 0..4 */
    const char *lang;   /* "en" or "ru" */
    const char *output; /* -o, NULL = stdout */
    const char *plot;   /* --plot NAME: the command's chart as SVG instead (cli/report.c) */
    int32_t as_of;
    /* rfm */
    rmk_ties ties;
    int bins;
    int ncuts[3];      /* rfm --cuts: per measure r, f, m (rmk_rfm_opts) */
    int64_t cuts[3][8];
    rmk_monetary monetary;
    const char *segments; /* file, or a built-in name */
    /* rate */
    const char *customers, *scale;
    int32_t compare_to;
    /* retention, cohorts */
    int period;  /* rmk_period */
    int revenue; /* cohorts: the table shows revenue */
    int by;      /* retention: CLI_BY_NONE, CLI_BY_SEGMENT or CLI_BY_CATEGORY */
    struct { rmk_feedback_opts a; const char *key_groups; int alert, trend; } fbk; /* feedback */
    /* stages */
    rmk_stage_opts stage; /* thresholds, files, migration period */
    int migration, movers, b2b;
    rmk_bond_rule bonds[32]; /* [bonds] of a config file */
    size_t nbonds;
    /* portfolio */
    rmk_portfolio_opts pf;
    int pf_axis_set[2]; /* a config file set weights of the axis: its defaults are cleared */
    int orientation;      /* portfolio --orientation */
    int pf_value_set;     /* --value given: else CLV only when a budget is split */
    const char *self;     /* its self-assessment file */
    /* clv */
    rmk_clv_opts clv;     /* model, unit, holdout, horizon, discount, margin, spend */
    int whatif, tracking;
    int summary_input; /* clv: FILE is per-customer summaries, not transactions */
    double acquisition_cost;
    int ws_wait_ms;       /* import --wait, in milliseconds */
    int32_t hist_from, hist_to; /* history --from, --to (RMK_NO_DATE: the last two) */
    const char *hist_customer;  /* history --customer ID: its path */
    const char *model_from;     /* clv --model-from WORKSPACE[@DATE] */
    struct {              /* serve and token (docs/api.md) */
        const char *name, *scope;            /* token --name, --scope */
        const char *listen, *log, *cert, *key; /* serve */
        int threads, rescore_every;          /* serve: threads 1..64; seconds, 0 never */
        int max_body, max_conn, timeout;     /* bytes; connections; seconds */
    } srv;
    rmk_abcxyz_opts abc;  /* abcxyz: --months, --abc, --xyz */
    struct { const char *questionnaire, *answers; double weak[2]; int weak_set[2], weak_only; } sv; /* survey; answers: report --survey */
    char *owned[64];      /* strings copied from a config file */
    int nowned;
} cli_opts;

enum { CLI_BY_NONE = 0, CLI_BY_SEGMENT = 1, CLI_BY_CATEGORY = 2 };

/* Exit codes (sysexits; docs/cli.md, "Exit status"). */
enum { CLI_EX_USAGE = 64, CLI_EX_DATA = 65, CLI_EX_OSERR = 71, CLI_EX_CANTCREAT = 73,
       CLI_EX_CONFIG = 78 };

/* ---------------------------------------------------------------- options */

/* What an option's value is. */
typedef enum {
    CLI_SWITCH, /* on/off (cli_on_off): an int at `at`; the flag takes no value and means on */
    CLI_TEXT,   /* a file name or a word kept as given: a const char * at `at` */
    CLI_CHOICE, /* one of the words: its value, an int at `at` */
    CLI_DATE,   /* a date (2026-06-30, 30.06.2026 ...): an int32_t at `at` */
    CLI_VALUE,  /* checked and stored by set() */
    CLI_KEYS,   /* no flag: the config keys that start with the name ("strength."), by set() */
    CLI_FLAG    /* a flag the parser itself handles (--config, --help): no config key */
} cli_kind;

/* A word of a CLI_CHOICE option and the value it stands for (>= 0). */
typedef struct cli_word {
    const char *word;
    int value;
} cli_word;

/* One option: the flag --NAME and the config key NAME ('_' may stand for
 * '-' in a key). set, when there is one, stores the value; it returns 0, or
 * -1 after printing the error (name as given; where: the config file, or
 * NULL for a flag). */
typedef struct cli_option {
    const char *name;
    cli_kind kind;
    size_t at; /* CLI_SWITCH, CLI_TEXT, CLI_CHOICE without set: offsetof(cli_opts, the field) */
    int (*set)(cli_opts *o, const char *name, const char *value, const char *where);
    const cli_word *words; /* CLI_CHOICE: the words ({0} ends) */
    const char *expected;  /* CLI_CHOICE, CLI_DATE: "--NAME VALUE: expected ..." */
    char short_name;       /* -o, -h */
    char columns;          /* says how FILE's columns are read: not for a by_header command */
    /* a reading option's line of the help's "Reading:" block, the same for
     * every command that takes it (cli_usage): its value's name ("N"; NULL:
     * a switch) and what it does (lines after the first indented by '\n') */
    const char *arg, *help;
} cli_option;

/* offsetof(cli_opts, field), which must be of type T (else a compile error) */
#define CLI_AT(field, T) \
    (offsetof(cli_opts, field) + 0 * sizeof(char[sizeof(((cli_opts *)0)->field) == sizeof(T) ? 1 : -1]))
#define CLI_SWITCH_AT(n, field) {.name = (n), .kind = CLI_SWITCH, .at = CLI_AT(field, int)}
#define CLI_TEXT_AT(n, field) {.name = (n), .kind = CLI_TEXT, .at = CLI_AT(field, const char *)}
#define CLI_CHOICE_AT(n, field, w, e) \
    {.name = (n), .kind = CLI_CHOICE, .at = CLI_AT(field, int), .words = (w), .expected = (e)}
#define CLI_DATE_AT(n, field, e) {.name = (n), .kind = CLI_DATE, .at = CLI_AT(field, int32_t), .expected = (e)}
#define CLI_VALUE_BY(n, fn) {.name = (n), .kind = CLI_VALUE, .set = (fn)}

/* Options several commands take (options.c), for their option tables. */
extern const cli_word cli_ties_words[], cli_monetary_words[], cli_period_words[], cli_by_words[];
int cli_set_bins(cli_opts *o, const char *name, const char *v, const char *where);
int cli_set_satisfaction_scale(cli_opts *o, const char *name, const char *v, const char *where);
#define CLI_OPT_SUMMARY CLI_SWITCH_AT("summary", summary)
#define CLI_OPT_SEGMENTS CLI_TEXT_AT("segments", segments)
#define CLI_OPT_CUSTOMERS CLI_TEXT_AT("customers", customers)
#define CLI_OPT_SCALE CLI_TEXT_AT("scale", scale)
#define CLI_OPT_FEEDBACK CLI_TEXT_AT("feedback", stage.feedback)
#define CLI_OPT_BINS CLI_VALUE_BY("bins", cli_set_bins)
#define CLI_OPT_TIES CLI_CHOICE_AT("ties", ties, cli_ties_words, "keep or split")
#define CLI_OPT_MONETARY CLI_CHOICE_AT("monetary", monetary, cli_monetary_words, "average or total")
#define CLI_OPT_PERIOD CLI_CHOICE_AT("period", period, cli_period_words, "month, quarter or year")
#define CLI_OPT_BY CLI_CHOICE_AT("by", by, cli_by_words, "segment, category or none")
#define CLI_OPT_PLOT CLI_TEXT_AT("plot", plot)
#define CLI_OPT_SATISFACTION_SCALE CLI_VALUE_BY("satisfaction-scale", cli_set_satisfaction_scale)

/* "relmark: [WHERE: ]--NAME VALUE: expected EXPECTED" on stderr; -1. */
int cli_bad(const char *where, const char *name, const char *value, const char *expected);
/* "true", "yes", "on", "1", "да" (any case): a switch that is on. */
int cli_on_off(const char *v); /* 1 on, 0 off, -1 neither */
#define CLI_ON_OFF_EXPECTED "on or off: true, yes, on, 1, да or false, no, off, 0, нет"
/* A copy of s (n bytes, or all of it when n is SIZE_MAX) kept as long as
 * the options; NULL after printing the error (too many, out of memory). */
const char *cli_keep(cli_opts *o, const char *s, size_t n, const char *where);

void cli_opts_init(cli_opts *o);
void cli_opts_free(cli_opts *o);
/* o->cmd's arguments (FILE and flags; the config files first, flags over
 * them; "-o" is --output, "-h" --help). Returns -1 to go on with
 * argv[optind] as FILE, or the exit code to stop with (0 after --help). */
int cli_parse_args(cli_opts *o, int argc, char **argv);
/* relmark CMD --help: cmd->usage with its line "{reading}" replaced by the
 * reading options cmd takes, from the one table of options.c (docs/cli.md,
 * "Reading"), so that no command's help can omit or misstate one. */
void cli_usage(FILE *f, const struct cli_command *cmd);
/* The segment map of --segments (rfm10 by default, for 5 groups); NULL
 * with *st RMK_OK for none, NULL with an error printed otherwise. */
rmk_segmap *cli_open_map(const cli_opts *o, rmk_status *st);
/* The rating scale of --scale into *scale_out (NULL without one). Returns 0, or
 * the exit code after printing the error. */
int cli_open_scale(const cli_opts *o, rmk_scale **scale_out);

/* ------------------------------------------------------------- commands */

/* Progress on stderr while a command reads its files, when stderr is a
 * terminal: "relmark: reading FILE: N%" at most once per whole percent (per
 * 64 MiB from a pipe), files under 64 MiB left quiet (every command reads
 * its input once). */
typedef struct cli_progress {
    const char *name;
    int last, shown;
} cli_progress;

/* What a command's run works with: its settings and FILE, and the steps
 * main does for every command (cli_read_begin/end, cli_print). */
typedef struct cli_ctx {
    cli_opts *o;
    const char *path; /* FILE; "-" is standard input */
    const char *path2; /* the second FILE of a command of .files = 2, else NULL */
    char err[1024];   /* for the library's message */
    cli_progress prog;
    int32_t as_of;    /* the run's as-of date, for the table's first line "as of DATE"
                         (RMK_NO_DATE: the view prints it itself, or has none) */
    out w;            /* the output, once cli_print opened it; main closes it */
    int opened;
} cli_ctx;

/* The output (-o or stdout, --format, --excel) opened, then view(w, c->o,
 * x): 0, or CLI_EX_CANTCREAT after printing why it cannot be created. main
 * finishes the output after the run (out_close: 71, 74). */
int cli_print(cli_ctx *c, void (*view)(out *w, const cli_opts *o, const void *x), const void *x);
/* The read of NAME starts: progress on. */
void cli_read_begin(cli_ctx *c, const char *name);
/* It ended with st: progress off; when st is not RMK_OK prints
 * "relmark: MSG" and returns the exit code of st, else 0. */
int cli_read_end(cli_ctx *c, rmk_status st, const char *msg);
/* "relmark: MESSAGE" on stderr -- the one error path of the CLI. */
void cli_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* cli_say, then code: return cli_error(CLI_EX_DATA, "..."). */
int cli_error(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* What a run left out or could not match, on stderr, never silently:
 * "relmark: N NOUN[s] REST" when n > 0 (the nouns used all take -s). */
extern int cli_quiet; /* --quiet: cli_note, cli_tell and the progress print nothing */
/* A note in words, "relmark: MESSAGE" on stderr unless --quiet (docs/cli.md,
 * "--quiet"): what a run could not use or assumed, never an error. */
void cli_tell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_note(size_t n, const char *noun, const char *rest_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "relmark: [FILE: ]skipped N bad row[s]; the first: ERR" when n > 0
 * (file NULL: the message's own file:line names it); a note: not under --quiet. */
void cli_note_skipped(uint64_t n, const char *file, const char *first);

/* A command: what main needs to parse its options, show its help and run it. */
typedef struct cli_command {
    const char *name;       /* relmark NAME */
    const char *summary[2]; /* one or two lines for relmark --help */
    const char *usage;      /* relmark NAME --help */
    const char *file;       /* what FILE holds: "missing the transactions FILE"; NULL: no FILE */
    int files;              /* 2: two FILEs (import WORKSPACE FILE: path, path2); 0: one */
    const char *const *common_only; /* the common options it takes (NULL-ended), or NULL: all */
    const char *const *common_not;  /* common options it does not honour (NULL-ended): getopt
                                     * refuses them and --help does not list them */
    const cli_option *options; /* its own, in getopt's order (before the common ones); {0} ends */
    int by_header;          /* FILE's columns are found by its header: no --map, --no-header, --threads */
    const char *section;    /* its config section [NAME] (another command's own skips it) */
    int section_shared;     /* 1: every command reads this section (the scoring, the rating) */
    const char *table;      /* a config section of GROUP = VALUE lines, not options, or NULL */
    int (*table_line)(cli_opts *o, const char *key, const char *value, const char *where);
    void (*init)(cli_opts *o); /* its defaults, before the config and the flags, or NULL */
    int (*run)(cli_ctx *c); /* 0, or the exit code after printing the error */
} cli_command;

/* --plot NAME of command c: its chart (the report's, rmk_report_chart) as
 * an SVG to -o or stdout. 0, or the exit code after printing the error. */
int cli_plot(cli_ctx *c, const struct cli_command *cmd);

/* The columns the transactions' read used (docs/cli.md, "The columns read"):
 * JSON: "\"columns\": \"customer=Email, ...\", " (null when no transactions
 * were read), written right after an object's opening brace; a table:
 * "Columns: ...\n" (and a blank line when blank) when known, for a --summary's head. Nothing in other formats. */
void cli_json_columns(out *w, const cli_opts *o);
void cli_text_columns(out *w, const cli_opts *o, int blank);

/* main.c: every command, in the order of relmark --help; NULL ends. */
extern const cli_command *const cli_commands[];
extern const cli_command cli_rfm, cli_rate, cli_retention, cli_cohorts, cli_stages, cli_feedback,
    cli_abcxyz, cli_clv, cli_portfolio, cli_survey, cli_report, cli_demo, cli_import, cli_snapshot,
    cli_history, cli_serve, cli_token;
#endif
