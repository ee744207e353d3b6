/* cli.h — shared by the command files of the relmark CLI. */
#ifndef RMK_CLI_H
#define RMK_CLI_H
#include "relmark.h"
#include "out.h"

/* Options common to the commands that read transactions. */
typedef struct cli_opts {
    rmk_read_opts read;
    out_format format;
    int excel, summary;
    int decimals;       /* of money in the output, 0..4 */
    const char *lang;   /* "en" or "ru" */
    const char *output; /* -o, NULL = stdout */
    int32_t as_of;
    /* rfm */
    rmk_ties ties;
    int bins;
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
    const char *command;  /* "relmark stages", ...: which config sections apply */
    int period_spans;     /* set by stages: --period may be N[d|w|m|y] */
    int span_set;         /* --period N[d|w|m|y] was given (the migration period) */
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
    double acquisition_cost;
    rmk_abcxyz_opts abc;  /* abcxyz: --months, --abc, --xyz */
    struct { const char *questionnaire, *answers; double weak[2]; int weak_set[2], weak_only; } sv; /* survey */
    char *owned[64];      /* strings copied from a config file */
    int nowned;
} cli_opts;

enum { CLI_BY_NONE = 0, CLI_BY_SEGMENT = 1, CLI_BY_CATEGORY = 2 };

/* Apply one option by its long name (flags and config keys are the same
 * words). Returns 0, or -1 after printing "relmark: ..." to stderr. */
int cli_set_option(cli_opts *o, const char *name, const char *value, const char *where);
/* "true", "yes", "on", "1", "да" (any case): a switch that is on. */
int cli_on_off(const char *v); /* 1 on, 0 off, -1 neither */
/* Load an INI config file: [input], [rfm], [rate], [output] sections. */
int cli_load_config(cli_opts *o, const char *path);
void cli_opts_init(cli_opts *o);
/* The flags every reading command takes (getopt values; a command's own
 * start at CLI_O_OWN). Use CLI_COMMON_OPTIONS in a struct option table of
 * a file that includes <getopt.h>. */
enum { CLI_O_ASOF = 256, CLI_O_MAP, CLI_O_NOHEADER, CLI_O_DELIM, CLI_O_ENC, CLI_O_DATEFMT,
       CLI_O_SKIPBAD, CLI_O_THREADS, CLI_O_FORMAT, CLI_O_LANG, CLI_O_EXCEL, CLI_O_DECIMALS,
       CLI_O_CONFIG, CLI_O_OWN };
#define CLI_COMMON_OPTIONS                                                                     \
    {"as-of", required_argument, 0, CLI_O_ASOF}, {"map", required_argument, 0, CLI_O_MAP},     \
        {"no-header", no_argument, 0, CLI_O_NOHEADER},                                         \
        {"delimiter", required_argument, 0, CLI_O_DELIM},                                      \
        {"encoding", required_argument, 0, CLI_O_ENC},                                         \
        {"date-format", required_argument, 0, CLI_O_DATEFMT},                                  \
        {"skip-bad", no_argument, 0, CLI_O_SKIPBAD},                                           \
        {"threads", required_argument, 0, CLI_O_THREADS},                                      \
        {"format", required_argument, 0, CLI_O_FORMAT},                                        \
        {"lang", required_argument, 0, CLI_O_LANG}, {"excel", no_argument, 0, CLI_O_EXCEL},    \
        {"decimals", required_argument, 0, CLI_O_DECIMALS},                                    \
        {"output", required_argument, 0, 'o'}, {"config", required_argument, 0, CLI_O_CONFIG}, \
        {"help", no_argument, 0, 'h'}

struct option;
/* Parses a command's arguments (FILE and flags; a config file first, flags
 * overriding it; "-o" is --output, "-h" --help). Returns -1 to go on with
 * argv[optind] as FILE, or the exit code to stop with (0 after --help). */
int cli_parse_args(cli_opts *o, int argc, char **argv, const struct option *longopts,
                   const char *usage, const char *cmd, const char *file_what);
/* Finds --config (or an abbreviation) in argv and loads it before the
 * flags are parsed. Returns 0, or -1 after printing the error. */
int cli_prescan_config(cli_opts *o, int argc, char **argv);
void cli_opts_free(cli_opts *o);
/* The segment map of --segments (rfm10 by default, for 5 groups); NULL
 * with *st RMK_OK for none, NULL with an error printed otherwise. */
rmk_segmap *cli_open_map(const cli_opts *o, rmk_status *st);
/* The rating scale of --scale into *scale_out (NULL without one). Returns 0, or
 * the exit code after printing the error. */
int cli_open_scale(const cli_opts *o, rmk_scale **scale_out);
/* relmark feedback (cli/feedback.c): its own flags, for cli_set_option
 * (knows: 1 when the name is one of them; option: 0 or -1 printed); its
 * [feedback] config section goes to these too (options.c, own_section). */
int cli_feedback_knows(const char *name);
int cli_feedback_option(cli_opts *o, const char *name, const char *value, const char *where);
int cmd_feedback(int argc, char **argv);
const char *cli_progname(void);
/* Progress on stderr while a command reads its files, when stderr is a
 * terminal: "relmark: reading FILE: N%" at most once per whole percent (per
 * 64 MiB from a pipe), files under 64 MiB left quiet (every command reads
 * its input once). cli_progress_start sets o->read.progress;
 * cli_progress_end clears the line and unsets it. */
typedef struct cli_progress {
    const char *name;
    int last, shown;
    cli_opts *o; /* whose read.progress is set until cli_progress_end */
} cli_progress;
void cli_progress_start(cli_progress *p, cli_opts *o, const char *path);
void cli_progress_end(cli_progress *p);
/* What a run left out or could not match, on stderr, never silently:
 * "relmark: N NOUN[s] REST" when n > 0 (the nouns used all take -s). */
void cli_note(size_t n, const char *noun, const char *rest_fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "relmark: [FILE: ]skipped N bad row[s]; the first: ERR" when n > 0
 * (file NULL: the message's own file:line names it). */
void cli_note_skipped(uint64_t n, const char *file, const char *first);

int cmd_rfm(int argc, char **argv);
int cmd_rate(int argc, char **argv);
int cmd_retention(int argc, char **argv);
int cmd_cohorts(int argc, char **argv);
int cmd_stages(int argc, char **argv);
int cmd_abcxyz(int argc, char **argv);
/* --abc, --xyz, --months (cli/abcxyz.c); as cli_set_option */
int cli_abcxyz_option(cli_opts *o, const char *name, const char *value, const char *where);
int cmd_clv(int argc, char **argv);
int cmd_portfolio(int argc, char **argv);
/* relmark survey (cli/survey.c): its flags for cli_set_option (knows: 1 for
 * one of them; option: 0 or -1 printed); its [survey] section goes to these
 * too (options.c, own_section). */
int cli_survey_knows(const char *name);
int cli_survey_option(cli_opts *o, const char *name, const char *value, const char *where);
int cmd_survey(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_demo(int argc, char **argv);
#endif
