/* options.c — flags and config-file keys, one vocabulary for both. */
#include "cli.h"
#include <ctype.h>
#include <getopt.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

void cli_opts_init(cli_opts *o)
{
    memset(o, 0, sizeof *o);
    rmk_read_opts_init(&o->read);
    o->format = FMT_TABLE;
    o->lang = "en";
    o->as_of = RMK_NO_DATE;
    o->ties = RMK_TIES_KEEP;
    o->bins = 5;
    o->monetary = RMK_MONETARY_AVERAGE;
    o->decimals = 2;
    o->compare_to = RMK_NO_DATE;
    rmk_stage_opts_init(&o->stage);
    rmk_clv_opts_init(&o->clv);
    rmk_abcxyz_opts_init(&o->abc);
    rmk_portfolio_opts_init(&o->pf);
}

void cli_opts_free(cli_opts *o)
{
    for (int i = 0; i < o->nowned; i++) free(o->owned[i]);
    o->nowned = 0;
}

static int bad(const char *where, const char *name, const char *value, const char *expected)
{
    fprintf(stderr, "relmark: %s%s--%s %s: expected %s\n", where ? where : "", where ? ": " : "",
            name, value, expected);
    return -1;
}

/* v folded to lower case into buf (ASCII and the Russian alphabet, UTF-8);
   0 when it does not fit */
static int fold_lower(const char *v, char *buf, size_t cap)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
        unsigned char c = *p, d = p[1];
        if (n + 3 > cap) return 0;
        if (c == 0xD0 && d >= 0x90 && d <= 0x9F) { /* А..П -> а..п */
            buf[n++] = (char)0xD0, buf[n++] = (char)(d + 0x20), p++;
        } else if (c == 0xD0 && d >= 0xA0 && d <= 0xAF) { /* Р..Я -> р..я */
            buf[n++] = (char)0xD1, buf[n++] = (char)(d - 0x20), p++;
        } else if (c == 0xD0 && d == 0x81) { /* Ё -> ё */
            buf[n++] = (char)0xD1, buf[n++] = (char)0x91, p++;
        } else {
            buf[n++] = (char)tolower(c);
        }
    }
    buf[n] = 0;
    return 1;
}

/* An on/off value (docs/cli.md, "On/off keys"): 1 for true, yes, on, 1, да;
   0 for false, no, off, 0, нет -- letters in any case; -1 for anything else,
   which the caller refuses rather than read as off. */
int cli_on_off(const char *v)
{
    static const char *const on[] = {"true", "yes", "on", "1", "да"};
    static const char *const off[] = {"false", "no", "off", "0", "нет"};
    char f[16];
    if (!fold_lower(v, f, sizeof f)) return -1;
    for (size_t i = 0; i < sizeof on / sizeof on[0]; i++) {
        if (!strcmp(f, on[i])) return 1;
        if (!strcmp(f, off[i])) return 0;
    }
    return -1;
}

/* sets an on/off option or refuses the value (exit 64 for a flag, 78 in a file) */
#define ON_OFF(lvalue)                                                                      \
    do {                                                                                    \
        int b_ = cli_on_off(v);                                                             \
        if (b_ < 0) return bad(where, name, v, "on or off: true, yes, on, 1, да or false, no, off, 0, нет"); \
        (lvalue) = b_;                                                                      \
    } while (0)

/* stages' whole-number thresholds, by flag or config key (- or _) */
static int *stage_int(cli_opts *o, const char *name)
{
    static const char *const names[] = {"client-purchases", "client-quarters", "lapse-days",
                                        "lapse-factor",     "former-factor",   "friend-nps",
                                        "friend-referrals", "b2b-early-months",
                                        "b2b-early-purchases", "b2b-long-months",
                                        "b2b-long-purchases", "b2b-final-decline"};
    int *slots[] = {&o->stage.client_purchases, &o->stage.client_quarters, &o->stage.lapse_days,
                    &o->stage.lapse_factor,     &o->stage.former_factor,   &o->stage.friend_nps,
                    &o->stage.friend_referrals, &o->stage.b2b_early_months,
                    &o->stage.b2b_early_purchases, &o->stage.b2b_long_months,
                    &o->stage.b2b_long_purchases, &o->stage.b2b_final_decline};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *a = names[i], *b = name;
        while (*a && (*a == *b || (*a == '-' && *b == '_'))) a++, b++;
        if (!*a && !*b) return slots[i];
    }
    return NULL;
}

int cli_set_option(cli_opts *o, const char *name, const char *v, const char *where)
{
    if (!strcmp(name, "format")) {
        if (!strcmp(v, "table")) o->format = FMT_TABLE;
        else if (!strcmp(v, "csv")) o->format = FMT_CSV;
        else if (!strcmp(v, "json")) o->format = FMT_JSON;
        else return bad(where, name, v, "table, csv or json");
    } else if (!strcmp(name, "lang")) {
        if (!strcmp(v, "en")) o->lang = "en";
        else if (!strcmp(v, "ru")) o->lang = "ru";
        else return bad(where, name, v, "en or ru");
    } else if (!strcmp(name, "output")) {
        if (!*v) return bad(where, name, "''", "a file name, or - for standard output");
        o->output = v;
    } else if (!strcmp(name, "excel")) {
        ON_OFF(o->excel);
    } else if (!strcmp(name, "summary")) {
        ON_OFF(o->summary);
    } else if (!strcmp(name, "as-of") || !strcmp(name, "as_of")) {
        int32_t d;
        if (rmk_date_parse(v, strlen(v), RMK_DATE_AUTO, &d) != RMK_OK)
            return bad(where, "as-of", v, "a date such as 2026-06-30");
        o->as_of = d;
    } else if (!strcmp(name, "encoding")) {
        static const char *const known[] = {"auto",     "utf-8",    "utf8",     "cp1251",
                                            "windows-1251", "utf-16", "utf16", "utf-16le",
                                            "utf16le",  "utf-16be", "utf16be",  NULL};
        int k = 0;
        while (known[k] && strcasecmp(v, known[k])) k++;
        if (!known[k]) return bad(where, name, v, "auto, utf-8, cp1251, utf-16, utf-16le or utf-16be");
        o->read.encoding = v;
    } else if (!strcmp(name, "delimiter")) {
        /* names too: in an INI file "; " starts a comment */
        if (!strcmp(v, ",") || !strcmp(v, ";") || !strcmp(v, "|")) o->read.delimiter = v[0];
        else if (!strcmp(v, "comma")) o->read.delimiter = ',';
        else if (!strcmp(v, "semicolon")) o->read.delimiter = ';';
        else if (!strcmp(v, "pipe")) o->read.delimiter = '|';
        else if (!strcmp(v, "tab") || !strcmp(v, "\t")) o->read.delimiter = '\t';
        else if (!strcmp(v, "space") || !strcmp(v, "blank")) o->read.delimiter = ' ';
        else if (!strcmp(v, "auto")) o->read.delimiter = 0;
        else return bad(where, name, v, "auto, ',', ';', '|', tab, space (or comma, semicolon, pipe)");
    } else if (!strcmp(name, "no-header") || !strcmp(name, "no_header")) {
        ON_OFF(o->read.no_header);
    } else if (!strcmp(name, "map")) {
        o->read.map = v;
    } else if (!strcmp(name, "date-format") || !strcmp(name, "date_format")) {
        if (!strcasecmp(v, "dd/mm/yyyy") || !strcasecmp(v, "dmy")) o->read.date_format = RMK_DATE_DMY;
        else if (!strcasecmp(v, "mm/dd/yyyy") || !strcasecmp(v, "mdy")) o->read.date_format = RMK_DATE_MDY;
        else if (!strcasecmp(v, "auto")) o->read.date_format = RMK_DATE_AUTO;
        else return bad(where, "date-format", v, "dd/mm/yyyy, mm/dd/yyyy or auto");
    } else if (!strcmp(name, "skip-bad") || !strcmp(name, "skip_bad")) {
        ON_OFF(o->read.skip_bad);
    } else if (!strcmp(name, "threads")) {
        if (strcmp(v, "1") && strcmp(v, "2"))
            return bad(where, name, v, "1 (read and score in one thread) or 2");
        o->read.threads = v[0] - '0';
    } else if (!strcmp(name, "decimals")) {
        if (strlen(v) != 1 || v[0] < '0' || v[0] > '4') return bad(where, name, v, "0..4");
        o->decimals = v[0] - '0';
    } else if (!strcmp(name, "ties")) {
        if (!strcmp(v, "keep")) o->ties = RMK_TIES_KEEP;
        else if (!strcmp(v, "split")) o->ties = RMK_TIES_SPLIT;
        else return bad(where, name, v, "keep or split");
    } else if (!strcmp(name, "bins")) {
        char *end;
        long b = strtol(v, &end, 10);
        if (*v == 0 || *end || b < 2 || b > 9) return bad(where, name, v, "a number 2..9");
        o->bins = (int)b;
    } else if (!strcmp(name, "monetary")) {
        if (!strcmp(v, "average")) o->monetary = RMK_MONETARY_AVERAGE;
        else if (!strcmp(v, "total")) o->monetary = RMK_MONETARY_TOTAL;
        else return bad(where, name, v, "average or total");
    } else if (!strcmp(name, "segments")) {
        o->segments = v;
    } else if (!strcmp(name, "period")) {
        /* retention's unit, and stages' migration period (also N days,
         * weeks, months or years: 90d, 13w, 3m, 1y) */
        char *end;
        long n = strtol(v, &end, 10);
        o->span_set = 0;
        o->stage.compare_days = o->stage.compare_months = 0;
        if (!strcmp(v, "month")) o->period = RMK_PERIOD_MONTH, o->stage.compare_months = 1;
        else if (!strcmp(v, "quarter")) o->period = RMK_PERIOD_QUARTER, o->stage.compare_months = 3;
        else if (!strcmp(v, "year")) o->period = RMK_PERIOD_YEAR, o->stage.compare_months = 12;
        else if (!o->period_spans)
            return bad(where, name, v, "month, quarter or year");
        else if (isdigit((unsigned char)v[0]) && end != v && n > 0 && end[0] && !end[1] &&
                 strchr("dwmy", end[0])) {
            o->span_set = 1;
            if (end[0] == 'd' && n <= 36600) o->stage.compare_days = (int32_t)n;
            else if (end[0] == 'w' && n <= 5200) o->stage.compare_days = (int32_t)n * 7;
            else if (end[0] == 'm' && n <= 1200) o->stage.compare_months = (int)n;
            else if (end[0] == 'y' && n <= 100) o->stage.compare_months = (int)n * 12;
            else return bad(where, name, v, "at most 100 years");
        } else
            return bad(where, name, v,
                       "month, quarter, year, or N days/weeks/months/years (90d, 13w, 3m, 1y)");
    } else if (cli_survey_knows(name)) { /* relmark survey's own (cli/survey.c) */
        return cli_survey_option(o, name, v, where);
    } else if (!strcmp(name, "revenue")) {
        ON_OFF(o->revenue);
    } else if (!strcmp(name, "by")) {
        if (!strcmp(v, "segment")) o->by = CLI_BY_SEGMENT;
        else if (!strcmp(v, "category")) o->by = CLI_BY_CATEGORY;
        else if (!strcmp(v, "none")) o->by = CLI_BY_NONE;
        else return bad(where, name, v, "segment, category or none");
    } else if (!strcmp(name, "model")) {
        if (!strcmp(v, "bgnbd") || !strcmp(v, "bg/nbd")) o->clv.model = RMK_CLV_BGNBD;
        else if (!strcmp(v, "paretonbd") || !strcmp(v, "pareto/nbd")) o->clv.model = RMK_CLV_PARETONBD;
        else return bad(where, name, v, "bgnbd or paretonbd");
    } else if (!strcmp(name, "unit")) {
        if (!strcmp(v, "day")) o->clv.unit = RMK_UNIT_DAY;
        else if (!strcmp(v, "week")) o->clv.unit = RMK_UNIT_WEEK;
        else if (!strcmp(v, "month")) o->clv.unit = RMK_UNIT_MONTH;
        else return bad(where, name, v, "day, week or month");
    } else if (!strcmp(name, "holdout")) {
        int32_t d;
        if (rmk_date_parse(v, strlen(v), RMK_DATE_AUTO, &d) != RMK_OK)
            return bad(where, name, v, "a date such as 1997-09-30 (the calibration period's end)");
        o->clv.holdout = d;
    } else if (!strcmp(name, "horizon")) {
        char *end;
        long n = strtol(v, &end, 10);
        if (end == v || n < 1 || (strcmp(end, "m") && strcmp(end, "y")) || (*end == 'm' ? n > 1200 : n > 100))
            return bad(where, name, v, "N months or years: 12m, 3y (at most 100 years)");
        o->clv.horizon_months = (int)(*end == 'y' ? n * 12 : n);
    } else if (!strcmp(name, "discount") || !strcmp(name, "margin")) {
        char *end;
        double r = strtod(v, &end);
        if (end != v && !strcmp(end, "%")) r /= 100.0;
        else if (end == v || *end || r > 1) r = -1; /* 5 is not 500 %: a percent needs its sign */
        int m = !strcmp(name, "margin");
        if (m ? !(r > 0 && r <= 1) : !(r >= 0 && r < 10))
            return bad(where, name, v, m ? "a share of sales: 30% or 0.3 (above 0, at most 100%)"
                                         : "an annual rate: 10% or 0.1 (a fraction at most 1; above that, write %)");
        if (m) o->clv.margin = r;
        else o->clv.discount = r;
    } else if (!strcmp(name, "no-spend") || !strcmp(name, "no_spend")) {
        ON_OFF(o->clv.spend);
        o->clv.spend = !o->clv.spend;
    } else if (!strcmp(name, "tracking")) {
        ON_OFF(o->tracking);
    } else if (!strcmp(name, "whatif")) {
        if (strcmp(v, "retention+5")) return bad(where, name, v, "retention+5 (the lecture's question)");
        o->whatif = 1;
    } else if (!strcmp(name, "acquisition-cost") || !strcmp(name, "acquisition_cost")) {
        char *end;
        double c = strtod(v, &end);
        if (end == v || *end || !(c >= 0) || c > 1e15) return bad(where, "acquisition-cost", v, "an amount >= 0");
        o->acquisition_cost = c;
    } else if (!strcmp(name, "orientation")) {
        ON_OFF(o->orientation);
    } else if (!strcmp(name, "self")) {
        o->self = v;
    } else if (!strcmp(name, "budget")) {
        char *end;
        double b = strtod(v, &end);
        if (end == v || *end || !(b >= 0) || b > 1e15) return bad(where, name, v, "an amount >= 0");
        o->pf.budget = b;
    } else if (!strcmp(name, "value")) {
        if (!strcmp(v, "clv")) o->pf.value_clv = 1;
        else if (!strcmp(v, "revenue")) o->pf.value_clv = 0;
        else return bad(where, name, v, "clv or revenue");
        o->pf_value_set = 1;
    } else if (!strncmp(name, "attractiveness.", 15) || !strncmp(name, "strength.", 9)) {
        int a = name[0] == 'a' ? RMK_PF_ATTRACTIVENESS : RMK_PF_STRENGTH;
        const char *key = strchr(name, '.') + 1;
        int p = -1;
        for (int k = 0; k < RMK_PF_COUNT; k++)
            if (!strcmp(key, rmk_pf_param_key(k))) p = k;
        if (p < 0) {
            fprintf(stderr, "relmark: %s%sunknown portfolio parameter '%s' (expected sales_volume, "
                            "profitability, market_share, solvency, relationship_cost, "
                            "strategic_importance, development_potential, specialisation_fit, "
                            "relationship_strength, relationship_value, goal_compatibility, "
                            "management_complexity, technology_protection or cooperation)\n",
                    where ? where : "", where ? ": " : "", key);
            return -1;
        }
        char *end;
        double w = strtod(v, &end);
        if (end == v || *end || !(w >= 0) || w > 100) return bad(where, name, v, "a weight 0-100 (percent)");
        if (!o->pf_axis_set[a]) { /* the file's weights replace the axis's defaults */
            memset(o->pf.weight[a], 0, sizeof o->pf.weight[a]);
            o->pf_axis_set[a] = 1;
        }
        o->pf.weight[a][p] = w;
    } else if (!strcmp(name, "abc") || !strcmp(name, "xyz") || !strcmp(name, "months")) {
        if (cli_abcxyz_option(o, name, v, where)) return -1;
    } else if (!strcmp(name, "feedback")) {
        o->stage.feedback = v;
    } else if (!strcmp(name, "migration")) {
        ON_OFF(o->migration);
    } else if (!strcmp(name, "movers")) {
        ON_OFF(o->movers);
    } else if (!strcmp(name, "b2b")) {
        ON_OFF(o->b2b);
    } else if (!strcmp(name, "satisfaction-scale") || !strcmp(name, "satisfaction_scale")) {
        int lo, hi, k = 0;
        if (sscanf(v, "%d-%d%n", &lo, &hi, &k) != 2 || v[k] || lo < 0 || hi <= lo || hi > 100)
            return bad(where, "satisfaction-scale", v, "a range such as 1-5 or 0-10");
        o->stage.sat_min = lo;
        o->stage.sat_max = hi;
    } else if (stage_int(o, name)) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*v == 0 || *end || n < 0 || n > 100000) return bad(where, name, v, "a whole number 0-100000");
        *stage_int(o, name) = (int)n;
    } else if (cli_feedback_knows(name)) { /* relmark feedback's own (cli/feedback.c) */
        return cli_feedback_option(o, name, v, where);
    } else if (!strcmp(name, "customers")) {
        o->customers = v;
    } else if (!strcmp(name, "survey")) { /* relmark report: the survey's answers */
        o->sv.answers = v;
    } else if (!strcmp(name, "scale")) {
        o->scale = v;
    } else if (!strcmp(name, "compare-to") || !strcmp(name, "compare_to")) {
        int32_t d;
        if (rmk_date_parse(v, strlen(v), RMK_DATE_AUTO, &d) != RMK_OK)
            return bad(where, "compare-to", v, "a date such as 2025-12-31");
        o->compare_to = d;
    } else {
        fprintf(stderr, "relmark: %s%sunknown option '%s'\n", where ? where : "",
                where ? ": " : "", name);
        return -1;
    }
    return 0;
}

typedef struct cfg_ctx {
    cli_opts *o;
    const char *path;
    int failed;
} cfg_ctx;

/* A key of [survey] or [feedback]: set for that command only (the others
 * ignore the section); the value is kept (without "quotes") as long as the
 * options, since the commands keep pointers into it. 0, or -1 printed. */
static int own_section(cfg_ctx *c, const char *section, const char *name, const char *value)
{
    cli_opts *o = c->o;
    if (!o->command || strncmp(o->command, "relmark ", 8) || strcmp(o->command + 8, section))
        return 0;
    if (o->nowned + 1 > (int)(sizeof o->owned / sizeof o->owned[0])) {
        fprintf(stderr, "relmark: %s: too many settings\n", c->path);
        return -1;
    }
    size_t vl = strlen(value);
    char *v = (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') ? strndup(value + 1, vl - 2)
                                                                 : strdup(value);
    if (!v) {
        fprintf(stderr, "relmark: out of memory\n");
        return -1;
    }
    o->owned[o->nowned++] = v;
    return cli_set_option(o, name, v, c->path);
}

static int cfg_handler(void *user, const char *section, const char *name, const char *value)
{
    cfg_ctx *c = user;
    if (c->failed) return 0;
    if (!strcmp(section, "survey") || !strcmp(section, "feedback")) /* their command's only */
        return (c->failed = own_section(c, section, name, value) != 0) ? 0 : 1;
    if (strcmp(section, "input") && strcmp(section, "rfm") && strcmp(section, "rate") &&
        strcmp(section, "retention") && strcmp(section, "stages") && strcmp(section, "bonds") &&
        strcmp(section, "abcxyz") &&
        strcmp(section, "clv") && strcmp(section, "portfolio") && strcmp(section, "output")) {
        fprintf(stderr, "relmark: %s: unknown section [%s] (expected input, rfm, rate, retention, abcxyz, "
                        "stages, bonds, clv, portfolio, survey, feedback, output)\n", c->path, section);
        c->failed = 1;
        return 0;
    }
    /* a command's own sections apply to it only: [stages] period = 90d is
     * not retention's period; [input], [rfm], [rate], [output] are shared
     * (stages and retention --by use the rfm and rate settings) */
    const char *cmd = c->o->command ? c->o->command : "";
    int is_stages = !strcmp(cmd, "relmark stages");
    int is_ret = !strcmp(cmd, "relmark retention") || !strcmp(cmd, "relmark cohorts");
    if (((!strcmp(section, "stages") || !strcmp(section, "bonds")) && !is_stages) ||
        (!strcmp(section, "retention") && !is_ret) ||
        (!strcmp(section, "abcxyz") && strcmp(cmd, "relmark abcxyz")) ||
        (!strcmp(section, "clv") && strcmp(cmd, "relmark clv")) ||
        (!strcmp(section, "portfolio") && strcmp(cmd, "relmark portfolio")))
        return 1;
    if (c->o->nowned + 2 > (int)(sizeof c->o->owned / sizeof c->o->owned[0])) {
        fprintf(stderr, "relmark: %s: too many settings\n", c->path);
        c->failed = 1;
        return 0;
    }
    /* "quoted" values lose their quotes: delimiter = ";" */
    size_t vl = strlen(value);
    char *v = (vl >= 2 && value[0] == '"' && value[vl - 1] == '"') ? strndup(value + 1, vl - 2)
                                                                 : strdup(value);
    if (!v) return 0;
    c->o->owned[c->o->nowned++] = v;
    if (!strcmp(section, "bonds")) { /* group = level: a category or segment key */
        char *k = strdup(name);
        if (!k) return 0;
        c->o->owned[c->o->nowned++] = k;
        if ((strcmp(v, "1") && strcmp(v, "2") && strcmp(v, "3")) ||
            c->o->nbonds == sizeof c->o->bonds / sizeof c->o->bonds[0]) {
            fprintf(stderr, "relmark: %s: [bonds] %s = %s: expected a level 1, 2 or 3 (at most %zu "
                            "groups)\n", c->path, name, v, sizeof c->o->bonds / sizeof c->o->bonds[0]);
            c->failed = 1;
            return 0;
        }
        c->o->bonds[c->o->nbonds++] = (rmk_bond_rule){k, v[0] - '0'};
        return 1;
    }
    if (cli_set_option(c->o, name, v, c->path)) {
        c->failed = 1;
        return 0;
    }
    return 1;
}

int cli_parse_args(cli_opts *o, int argc, char **argv, const struct option *longopts,
                   const char *usage, const char *cmd, const char *file_what)
{
    o->command = cmd;
    if (cli_prescan_config(o, argc, argv)) return 78; /* a config file first: flags override it */
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", longopts, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            return 0;
        }
        if (c == '?') {
            fprintf(stderr, "Try '%s --help'.\n", cmd);
            return 64;
        }
        const struct option *lo = NULL;
        for (const struct option *p = longopts; p->name && !lo; p++)
            if (p->val == c) lo = p;
        if (!lo) return 64;
        if (!strcmp(lo->name, "config")) continue; /* read before the flags */
        /* a flag without a value switches its setting on */
        if (cli_set_option(o, lo->name, lo->has_arg == no_argument ? "1" : optarg, NULL)) return 64;
    }
    if (optind != argc - 1) {
        fprintf(stderr, "relmark: %s\nTry '%s --help'.\n",
                optind >= argc ? file_what : "give exactly one FILE", cmd);
        return 64;
    }
    if (o->excel && o->format == FMT_JSON) {
        fprintf(stderr, "relmark: --excel writes CSV; it does not go with --format json\n");
        return 64;
    }
    if (o->excel) o->format = FMT_CSV;
    return -1;
}

int cli_prescan_config(cli_opts *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *cfg = NULL;
        if (!strcmp(argv[i], "--")) break;
        /* getopt_long takes any unique prefix: --c, --conf, --config */
        const char *arg = argv[i], *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        if (len > 2 && !strncmp(arg, "--", 2) && !strncmp(arg + 2, "config", len - 2) &&
            len - 2 <= 6) {
            if (eq) cfg = eq + 1;
            else if (i + 1 < argc) cfg = argv[++i];
        }
        if (cfg && cli_load_config(o, cfg)) return -1;
    }
    return 0;
}

int cli_load_config(cli_opts *o, const char *path)
{
    cfg_ctx c = {o, path, 0};
    int rc = ini_parse(path, cfg_handler, &c);
    if (rc == -1) {
        fprintf(stderr, "relmark: %s: cannot open config\n", path);
        return -1;
    }
    if (rc != 0 && !c.failed) {
        fprintf(stderr, "relmark: %s:%d: expected [section] or key = value\n", path, rc);
        return -1;
    }
    return c.failed ? -1 : 0;
}

rmk_segmap *cli_open_map(const cli_opts *o, rmk_status *st)
{
    char err[512];
    rmk_segmap *m = NULL;
    const char *s = o->segments;
    *st = RMK_OK;
    if (!s || !strcmp(s, "rfm10") || !strcmp(s, "default")) {
        if (o->bins != 5) {
            if (s) {
                fprintf(stderr, "relmark: the built-in map rfm10 is for 5 groups; with --bins %d "
                                "give --segments FILE\n", o->bins);
                *st = RMK_ERR_USAGE;
            }
            return NULL; /* no segments for other than 5 groups unless a map is given */
        }
        m = rmk_segmap_builtin_new(RMK_SEGMAP_TEN, st, err, sizeof err);
    } else if (!strcmp(s, "relationship")) {
        if (o->bins != 5) {
            fprintf(stderr, "relmark: the built-in map relationship is for 5 groups\n");
            *st = RMK_ERR_USAGE;
            return NULL;
        }
        m = rmk_segmap_builtin_new(RMK_SEGMAP_RELATIONSHIP, st, err, sizeof err);
    } else if (!strcmp(s, "none")) {
        return NULL;
    } else {
        m = rmk_segmap_load(s, o->bins, st, err, sizeof err);
    }
    if (!m) fprintf(stderr, "relmark: %s\n", err);
    return m;
}

int cli_open_scale(const cli_opts *o, rmk_scale **scale_out)
{
    *scale_out = NULL;
    if (!o->scale) return 0;
    char err[512];
    rmk_status st = RMK_OK;
    *scale_out = rmk_scale_load(o->scale, &st, err, sizeof err);
    if (*scale_out) return 0;
    fprintf(stderr, "relmark: %s\n", err);
    return rmk_status_exit_code(st);
}

void cli_note(size_t n, const char *noun, const char *rest_fmt, ...) {
    if (!n)
        return;
    fprintf(stderr, "relmark: %zu %s%s ", n, noun, n > 1 ? "s" : "");
    va_list ap;
    va_start(ap, rest_fmt);
    vfprintf(stderr, rest_fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_note_skipped(uint64_t n, const char *file, const char *first) {
    if (!n)
        return;
    fprintf(stderr, "relmark: %s%sskipped %llu bad row%s; the first: %s\n", file ? file : "",
            file ? ": " : "", (unsigned long long)n, n > 1 ? "s" : "", first);
}

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

void cli_progress_start(cli_progress *p, cli_opts *o, const char *path)
{
    p->name = strcmp(path, "-") ? path : "<stdin>";
    p->last = -1;
    p->shown = 0;
    p->o = o;
    if (isatty(STDERR_FILENO)) {
        o->read.progress = show_progress;
        o->read.progress_ctx = p;
    }
}

void cli_progress_end(cli_progress *p)
{
    if (p->shown) fputs("\r\033[K", stderr); /* clear the progress line */
    p->shown = 0;
    p->o->read.progress = NULL; /* p goes out of scope: no call may reach it */
    p->o->read.progress_ctx = NULL;
}
