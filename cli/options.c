/* SPDX-License-Identifier: MIT */
/* options.c — flags and config-file keys, one vocabulary for both: the
 * options every command takes, those several share, the parser of the
 * command line and the reader of config files. A command's own options are
 * in its descriptor (cli.h, cli_command); nothing here is about one command. */
#include "cli.h"
#include <ctype.h>
#include <getopt.h>
#include <ini.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Notes of the reader (the columns used, rows left out), unless --quiet;
 * the columns line kept for --summary and JSON (from the reading thread,
 * read by the main one after the read has ended) */
static void read_note(void *ctx, const char *text)
{
    cli_opts *o = ctx;
    if (!strncmp(text, "columns: ", 9)) snprintf(o->columns, sizeof o->columns, "%s", text + 9);
    if (!o->quiet) fprintf(stderr, "relmark: %s\n", text);
}

/* The defaults, the library's for each analysis's options among them: a
 * key in a shared config section reaches every command's fields. */
void cli_opts_init(cli_opts *o)
{
    memset(o, 0, sizeof *o);
    rmk_read_opts_init(&o->read);
    o->read.note = read_note;
    o->read.note_ctx = o;
    o->format = FMT_TABLE;
    o->lang = "en";
    o->as_of = RMK_NO_DATE;
    o->ties = RMK_TIES_KEEP;
    o->bins = 5;
    o->monetary = RMK_MONETARY_AVERAGE;
    o->decimals = 2;
    o->compare_to = RMK_NO_DATE;
    rmk_feedback_opts_init(&o->fbk.a);
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

const char *cli_keep(cli_opts *o, const char *s, size_t n, const char *where)
{
    if (o->nowned == (int)(sizeof o->owned / sizeof o->owned[0])) {
        cli_say("%s: too many settings", where);
        return NULL;
    }
    char *k = strndup(s, n);
    if (!k) {
        cli_say("out of memory");
        return NULL;
    }
    o->owned[o->nowned++] = k;
    return k;
}

int cli_bad(const char *where, const char *name, const char *value, const char *expected)
{
    cli_say("%s%s--%s %s: expected %s", where ? where : "", where ? ": " : "", name, value, expected);
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

/* ------------------------------------------------- the common options */

static const cli_word format_words[] = {{"table", FMT_TABLE}, {"csv", FMT_CSV}, {"json", FMT_JSON}, {0}};

static int set_lang(cli_opts *o, const char *name, const char *v, const char *where)
{
    if (!strcmp(v, "en")) o->lang = "en";
    else if (!strcmp(v, "ru")) o->lang = "ru";
    else return cli_bad(where, name, v, "en or ru");
    return 0;
}

static int set_output(cli_opts *o, const char *name, const char *v, const char *where)
{
    if (!*v) return cli_bad(where, name, "''", "a file name, or - for standard output");
    o->output = v;
    return 0;
}

static int set_encoding(cli_opts *o, const char *name, const char *v, const char *where)
{
    static const char *const known[] = {"auto",     "utf-8",    "utf8",     "cp1251",
                                        "windows-1251", "utf-16", "utf16", "utf-16le",
                                        "utf16le",  "utf-16be", "utf16be",  NULL};
    int k = 0;
    while (known[k] && strcasecmp(v, known[k])) k++;
    if (!known[k]) return cli_bad(where, name, v, "auto, utf-8, cp1251, utf-16, utf-16le or utf-16be");
    o->read.encoding = v;
    return 0;
}

static int set_delimiter(cli_opts *o, const char *name, const char *v, const char *where)
{
    /* names too: in an INI file "; " starts a comment */
    if (!strcmp(v, ",") || !strcmp(v, ";") || !strcmp(v, "|")) o->read.delimiter = v[0];
    else if (!strcmp(v, "comma")) o->read.delimiter = ',';
    else if (!strcmp(v, "semicolon")) o->read.delimiter = ';';
    else if (!strcmp(v, "pipe")) o->read.delimiter = '|';
    else if (!strcmp(v, "tab") || !strcmp(v, "\t")) o->read.delimiter = '\t';
    else if (!strcmp(v, "space") || !strcmp(v, "blank")) o->read.delimiter = ' ';
    else if (!strcmp(v, "auto")) o->read.delimiter = 0;
    else return cli_bad(where, name, v, "auto, ',', ';', '|', tab, space (or comma, semicolon, pipe)");
    return 0;
}

static int set_date_format(cli_opts *o, const char *name, const char *v, const char *where)
{
    (void)name;
    if (!strcasecmp(v, "dd/mm/yyyy") || !strcasecmp(v, "dmy")) o->read.date_format = RMK_DATE_DMY;
    else if (!strcasecmp(v, "mm/dd/yyyy") || !strcasecmp(v, "mdy")) o->read.date_format = RMK_DATE_MDY;
    else if (!strcasecmp(v, "auto")) o->read.date_format = RMK_DATE_AUTO;
    else return cli_bad(where, "date-format", v, "dd/mm/yyyy, mm/dd/yyyy or auto");
    return 0;
}

static int set_threads(cli_opts *o, const char *name, const char *v, const char *where)
{
    if (strcmp(v, "1") && strcmp(v, "2"))
        return cli_bad(where, name, v, "1 (read and score in one thread) or 2");
    o->read.threads = v[0] - '0';
    return 0;
}

static int set_decimals(cli_opts *o, const char *name, const char *v, const char *where)
{
    if (strlen(v) != 1 || v[0] < '0' || v[0] > '4') return cli_bad(where, name, v, "0..4");
    o->decimals = v[0] - '0';
    return 0;
}

/* --include/--exclude COLUMN=V1,V2, repeatable: kept in the options */
static int add_filter(cli_opts *o, const char *name, const char *v, const char *where)
{
    int ex = name[1] == 'x';
    const char *eq = strchr(v, '=');
    if (!eq || eq == v || !eq[1]) return cli_bad(where, name, v, "COLUMN=VALUE[,VALUE...]");
    size_t *n = ex ? &o->read.n_exclude : &o->read.n_include;
    const char **list = ex ? o->filters[1] : o->filters[0];
    if (*n == CLI_MAX_FILTERS) return cli_bad(where, name, v, "at most 8 of them");
    list[(*n)++] = v;
    if (ex) o->read.exclude = list;
    else o->read.include = list;
    return 0;
}

static int set_id_case(cli_opts *o, const char *name, const char *v, const char *where)
{
    if (!strcmp(v, "lower")) o->read.id_lower = 1;
    else if (!strcmp(v, "keep")) o->read.id_lower = 0;
    else return cli_bad(where, name, v, "lower or keep");
    return 0;
}

static int set_decimal_mark(cli_opts *o, const char *name, const char *v, const char *where)
{
    if (!strcmp(v, ".") || !strcmp(v, "dot") || !strcmp(v, "point")) o->read.decimal_mark = '.';
    else if (!strcmp(v, ",") || !strcmp(v, "comma")) o->read.decimal_mark = ',';
    else if (!strcmp(v, "auto")) o->read.decimal_mark = 0;
    else return cli_bad(where, name, v, "'.', ',' (or dot, comma) or auto");
    return 0;
}

static int set_skip_lines(cli_opts *o, const char *name, const char *v, const char *where)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < 0 || n > 1000000) return cli_bad(where, name, v, "a number of lines, 0..1000000");
    o->read.skip_lines = (int)n;
    return 0;
}

/* After each command's own options, in this order (getopt's table, and so
 * the order of "possibilities" for an ambiguous prefix). */
static const cli_option common[] = {
    CLI_DATE_AT("as-of", as_of, "a date such as 2026-06-30"),
    {.name = "map", .kind = CLI_TEXT, .at = offsetof(cli_opts, read.map), .columns = 1,
     .arg = "ROLE=COL,...", .help = "columns by name or 1-based number: customer, date, amount, invoice;\n"
                                    "amount=Quantity*UnitPrice: the product of two columns"},
    {.name = "no-header", .kind = CLI_SWITCH, .at = offsetof(cli_opts, read.no_header), .columns = 1,
     .help = "the first line is data (needs --map with numbers)"},
    {.name = "delimiter", .kind = CLI_VALUE, .set = set_delimiter, .arg = "D",
     .help = "auto (default), ',', ';', '|', tab, space"},
    {.name = "encoding", .kind = CLI_VALUE, .set = set_encoding, .arg = "E",
     .help = "auto (default: UTF-16 by its mark or NULs, UTF-8, or cp1251 when\n"
             "not valid UTF-8), utf-8, cp1251, utf-16, utf-16le, utf-16be"},
    {.name = "sheet", .kind = CLI_TEXT, .at = CLI_AT(read.sheet, const char *), .arg = "NAME",
     .help = "FILE is an Excel workbook (.xlsx, .xls; any file may be): the\n"
             "sheet to read (default: the first visible one)"},
    {.name = "date-format", .kind = CLI_VALUE, .set = set_date_format, .arg = "F",
     .help = "dd/mm/yyyy or mm/dd/yyyy: how to read 03/04/2026 or 03-04-2026"},
    {.name = "skip-bad", .kind = CLI_SWITCH, .at = CLI_AT(read.skip_bad, int),
     .help = "skip malformed rows (counted by reason on stderr) instead of stopping"},
    {.name = "skip-lines", .kind = CLI_VALUE, .set = set_skip_lines, .columns = 1, .arg = "N",
     .help = "N lines above the header (default: title lines found)"},
    {.name = "include", .kind = CLI_VALUE, .set = add_filter, .columns = 1, .arg = "COL=V,...",
     .help = "keep only rows whose COL is one of the values (repeatable)"},
    {.name = "exclude", .kind = CLI_VALUE, .set = add_filter, .columns = 1, .arg = "COL=V,...",
     .help = "leave out rows whose COL is one of the values (repeatable)"},
    {.name = "from", .kind = CLI_DATE, .at = offsetof(cli_opts, read.from), .expected = "a date such as 2024-01-01",
     .columns = 1, .arg = "DATE", .help = "leave out rows dated before DATE"},
    {.name = "id-case", .kind = CLI_VALUE, .set = set_id_case, .columns = 1, .arg = "lower",
     .help = "customer ids folded to lower case (Anna@x.com = anna@x.com)"},
    {.name = "decimal-mark", .kind = CLI_VALUE, .set = set_decimal_mark, .columns = 1, .arg = "M",
     .help = "'.' or ',' for every amount (default: each column's own)"},
    {.name = "rejects", .kind = CLI_TEXT, .at = offsetof(cli_opts, read.rejects), .columns = 1, .arg = "FILE",
     .help = "write each row left out as bad, guest or totals row to FILE"},
    {.name = "quiet", .kind = CLI_SWITCH, .at = CLI_AT(quiet, int),
     .help = "no notes on stderr (the columns read, rows left out)"},
    {.name = "threads", .kind = CLI_VALUE, .set = set_threads, .columns = 1, .arg = "1|2",
     .help = "2 (default): one thread reads while another aggregates;\n"
             "1: both in one thread (the output is the same)"},
    CLI_CHOICE_AT("format", format, format_words, "table, csv or json"),
    CLI_VALUE_BY("lang", set_lang),
    CLI_SWITCH_AT("excel", excel),
    CLI_SWITCH_AT("wide", wide),
    CLI_VALUE_BY("decimals", set_decimals),
    {.name = "output", .kind = CLI_VALUE, .set = set_output, .short_name = 'o'},
    {.name = "config", .kind = CLI_FLAG},
    {.name = "help", .kind = CLI_FLAG, .short_name = 'h'},
    {0}};

/* ------------------------------------------- the options several share */

const cli_word cli_ties_words[] = {{"keep", RMK_TIES_KEEP}, {"split", RMK_TIES_SPLIT}, {0}};
const cli_word cli_monetary_words[] = {{"average", RMK_MONETARY_AVERAGE}, {"total", RMK_MONETARY_TOTAL}, {0}};
const cli_word cli_period_words[] = {{"month", RMK_PERIOD_MONTH}, {"quarter", RMK_PERIOD_QUARTER},
                                     {"year", RMK_PERIOD_YEAR}, {0}};
const cli_word cli_by_words[] = {{"segment", CLI_BY_SEGMENT}, {"category", CLI_BY_CATEGORY},
                                 {"none", CLI_BY_NONE}, {0}};

int cli_set_bins(cli_opts *o, const char *name, const char *v, const char *where)
{
    char *end;
    long b = strtol(v, &end, 10);
    if (*v == 0 || *end || b < 2 || b > 9) return cli_bad(where, name, v, "a number 2..9");
    o->bins = (int)b;
    return 0;
}

int cli_set_satisfaction_scale(cli_opts *o, const char *name, const char *v, const char *where)
{
    (void)name;
    int lo, hi, k = 0;
    if (sscanf(v, "%d-%d%n", &lo, &hi, &k) != 2 || v[k] || lo < 0 || hi <= lo || hi > 100)
        return cli_bad(where, "satisfaction-scale", v, "a range such as 1-5 or 0-10");
    o->stage.sat_min = lo;
    o->stage.sat_max = hi;
    return 0;
}

/* ------------------------------------------------- one option applied */

static int apply(cli_opts *o, const cli_option *p, const char *name, const char *v, const char *where)
{
    if (p->set) return p->set(o, name, v, where);
    char *field = (char *)o + p->at; /* of the type CLI_AT checked */
    if (p->kind == CLI_TEXT) {
        memcpy(field, &v, sizeof v);
        return 0;
    }
    if (p->kind == CLI_DATE) { /* the option's own name: as-of for as_of */
        int32_t d;
        if (rmk_date_parse(v, strlen(v), RMK_DATE_AUTO, &d) != RMK_OK)
            return cli_bad(where, p->name, v, p->expected);
        memcpy(field, &d, sizeof d);
        return 0;
    }
    int b = -1;
    if (p->kind == CLI_SWITCH && (b = cli_on_off(v)) < 0)
        return cli_bad(where, name, v, CLI_ON_OFF_EXPECTED);
    for (const cli_word *w = p->words; w && w->word && b < 0; w++)
        if (!strcmp(v, w->word)) b = w->value;
    if (b < 0) return cli_bad(where, name, v, p->expected);
    memcpy(field, &b, sizeof b);
    return 0;
}

/* option key of table t ('_' may stand for '-'; CLI_KEYS: a prefix), or NULL */
static const cli_option *find_in(const cli_option *t, const char *key)
{
    for (; t && t->name; t++) {
        if (t->kind == CLI_FLAG) continue;
        if (t->kind == CLI_KEYS && !strncmp(key, t->name, strlen(t->name))) return t;
        const char *a = t->name, *b = key;
        while (*a && (*a == *b || (*a == '-' && *b == '_'))) a++, b++;
        if (t->kind != CLI_KEYS && !*a && !*b) return t;
    }
    return NULL;
}

static int named(const char *const *names, const char *name);

/* A config key: the command's own option, a common one, or one of another
 * command (any key of a shared section reaches every command:
 * docs/cli.md, "Known problems"). In the command's own section (`own`:
 * [stages] for stages) a key must be one the commands of that section
 * honour: an option they do not take would be set and then ignored. */
static int set_key(cli_opts *o, const char *key, const char *v, const char *where, const char *own)
{
    const cli_command *me = o->cmd;
    const cli_option *p = find_in(me->options, key), *c = p ? NULL : find_in(common, key);
    if (own && c && me->common_not && named(me->common_not, c->name)) c = NULL;
    for (size_t i = 0; own && !p && !c && cli_commands[i]; i++) /* cohorts and retention share one */
        if (cli_commands[i]->section && !strcmp(cli_commands[i]->section, own))
            p = find_in(cli_commands[i]->options, key);
    if (own && !p && !c) {
        cli_say("%s: [%s] %s: not an option of relmark %s (see relmark %s --help)", where, own, key,
                me->name, me->name);
        return -1;
    }
    if (!p) p = c;
    for (size_t i = 0; !p && cli_commands[i]; i++) p = find_in(cli_commands[i]->options, key);
    if (!p) {
        cli_say("%s: unknown option '%s'", where, key);
        return -1;
    }
    return apply(o, p, key, v, where);
}

/* ---------------------------------------------------------- config files */

typedef struct cfg_ctx {
    cli_opts *o;
    const char *path;
    int failed;
    const int *line; /* the line being read (cfg_file's), for "FILE:LINE: ..." */
    char where[4096 + 16];
} cfg_ctx;

/* "relmark: FILE: unknown section [S] (expected input, ..., output)": the
 * sections of the commands, in the order of the command table */
static void unknown_section(const char *path, const char *s)
{
    char list[512];
    size_t n = 0;
    list[0] = 0;
    for (size_t i = 0; cli_commands[i]; i++) {
        const cli_command *k = cli_commands[i];
        int seen = !k->section; /* two commands may share a section; demo has none */
        for (size_t j = 0; j < i && !seen; j++)
            seen = cli_commands[j]->section && !strcmp(cli_commands[j]->section, k->section);
        if (!seen && n < sizeof list)
            n += (size_t)snprintf(list + n, sizeof list - n, ", %s%s%s", k->section,
                                  k->table ? ", " : "", k->table ? k->table : "");
    }
    cli_say("%s: unknown section [%s] (expected input%s, output)", path, s, list);
}

/* Whether the keys of [s] apply to the command run: 1 they do (*table:
 * the command whose lines they are, or NULL for options), 0 another
 * command's own section, skipped; -1 no such section (printed). */
static int section_applies(const cfg_ctx *c, const char *s, const cli_command **table)
{
    const cli_command *me = c->o->cmd;
    *table = NULL;
    if (!strcmp(s, "input") || !strcmp(s, "output")) return 1;
    for (size_t i = 0; cli_commands[i]; i++) {
        const cli_command *k = cli_commands[i];
        if (k->table && !strcmp(s, k->table)) {
            *table = k;
            return k == me;
        }
        if (k->section && !strcmp(s, k->section)) /* one command's period = 90d is not another's */
            return k->section_shared || (me->section && !strcmp(s, me->section));
    }
    unknown_section(c->where, s);
    return -1;
}

static int cfg_handler(void *user, const char *section, const char *name, const char *value)
{
    cfg_ctx *c = user;
    const cli_command *table;
    if (c->failed) return 0;
    snprintf(c->where, sizeof c->where, "%s:%d", c->path, *c->line);
    int applies = section_applies(c, section, &table);
    if (applies <= 0) {
        c->failed = applies < 0;
        return !c->failed;
    }
    /* at most 63 settings in all, a table line counting as two (docs/cli.md) */
    if (c->o->nowned + 2 > (int)(sizeof c->o->owned / sizeof c->o->owned[0])) {
        cli_say("%s: too many settings", c->where);
        c->failed = 1;
        return 0;
    }
    /* "quoted" values lose their quotes: delimiter = ";" */
    size_t vl = strlen(value);
    int quoted = vl >= 2 && value[0] == '"' && value[vl - 1] == '"';
    const char *v = cli_keep(c->o, value + quoted, quoted ? vl - 2 : vl, c->where);
    const cli_command *me = c->o->cmd; /* its own section, not one every command reads */
    const char *own = me->section && !me->section_shared && !strcmp(section, me->section) ? section : NULL;
    if (!v || (table ? table->table_line(c->o, name, v, c->where) : set_key(c->o, name, v, c->where, own)))
        c->failed = 1;
    return !c->failed;
}

/* A config file as inih reads it: one line per call, so that what inih
 * would misread silently is refused at its line (docs/cli.md, "Config
 * file") -- a line longer than inih's buffer (it would split it and read
 * the tail as a setting of its own), a CR without LF (the settings after it
 * would run into one line), a NUL byte (it would cut a value short). */
typedef struct cfg_file {
    FILE *f;
    const cfg_ctx *c;
    int line;       /* of the line just read, 1-based */
    int bad_line;   /* of the first problem found here, 0 while none */
    char why[96];   /* that problem */
} cfg_file;

/* inih's reader: the next line into str (num bytes: inih's max line, 200
 * in Debian's build), its LF or CRLF dropped; NULL at the end of the file
 * or at the first problem (in r->why), and after a setting was refused. */
static char *cfg_read_line(char *str, int num, void *stream)
{
    cfg_file *r = stream;
    int ch = r->bad_line || r->c->failed ? EOF : getc(r->f);
    if (ch == EOF) return NULL;
    r->line++;
    int n = 0, max = num - 2; /* as fgets would leave room for the LF and the NUL */
    for (; ch != EOF && ch != '\n'; ch = getc(r->f)) {
        if (ch == '\r' && getc(r->f) == '\n') break; /* CRLF */
        if (ch == '\r') /* not followed by LF */
            snprintf(r->why, sizeof r->why, "a CR without LF ends a line (save the file with LF "
                                            "or CRLF line ends)");
        else if (ch == 0)
            snprintf(r->why, sizeof r->why, "a NUL byte (not a text file)");
        else if (n == max)
            snprintf(r->why, sizeof r->why, "line longer than %d bytes", max);
        if (r->why[0]) {
            r->bad_line = r->line;
            return NULL;
        }
        str[n++] = (char)ch;
    }
    str[n] = 0;
    return str;
}

/* An INI config file: [input], [output] and the commands' sections. 0, or
 * -1 after printing the error. */
static int load_config(cli_opts *o, const char *path)
{
    cfg_ctx c = {.o = o, .path = path};
    cfg_file r = {.c = &c};
    c.line = &r.line;
    struct stat st;
    r.f = fopen(path, "r");
    if (!r.f) {
        cli_say("%s: cannot open config", path);
        return -1;
    }
    if (fstat(fileno(r.f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(r.f);
        cli_say("%s: a directory, not a config file", path);
        return -1;
    }
    int rc = ini_parse_stream(cfg_read_line, &r, cfg_handler, &c);
    int ioerr = ferror(r.f);
    fclose(r.f);
    if (c.failed) return -1; /* the handler said why */
    if (rc > 0 && (!r.bad_line || rc < r.bad_line))
        cli_say("%s:%d: expected [section] or key = value", path, rc);
    else if (r.bad_line)
        cli_say("%s:%d: %s", path, r.bad_line, r.why);
    else if (ioerr || rc != 0)
        cli_say("%s: cannot read config", path);
    return rc != 0 || r.bad_line || ioerr ? -1 : 0;
}

/* Finds --config (or an abbreviation) in argv and loads it before the
 * flags are parsed. Returns 0, or -1 after printing the error. A command
 * without --config (demo) reads no file: getopt refuses the flag (exit 64). */
static int prescan_config(cli_opts *o, int argc, char **argv)
{
    const char *const *only = o->cmd->common_only;
    while (only && *only && strcmp(*only, "config")) only++;
    if (only && !*only) return 0;
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
        if (cfg && load_config(o, cfg)) return -1;
    }
    return 0;
}

/* ------------------------------------------------------ the command line */

/* getopt's has_arg: switches and --help take no value */
static int has_arg(const cli_option *p)
{
    return p->kind == CLI_SWITCH || p->short_name == 'h' ? no_argument : required_argument;
}

/* 1 when name is one of the NULL-ended names */
static int named(const char *const *names, const char *name)
{
    for (; *names; names++)
        if (!strcmp(*names, name)) return 1;
    return 0;
}

/* getopt's table of o->cmd: its own options, then the common ones (not
 * those of FILE's columns for a by_header command). by[i] is the option of
 * lo[i], whose val is 256 + i, or its short name. Returns the count. */
static size_t flag_table(const cli_command *cmd, const cli_option **by, struct option *lo)
{
    size_t n = 0;
    for (int part = 0; part < 2; part++)
        for (const cli_option *p = part ? common : cmd->options; p->name; p++) {
            if (p->kind == CLI_KEYS || (p->columns && cmd->by_header)) continue;
            if (part && cmd->common_only && !named(cmd->common_only, p->name)) continue;
            if (part && cmd->common_not && named(cmd->common_not, p->name)) continue;
            by[n] = p;
            lo[n] = (struct option){p->name, has_arg(p), NULL, p->short_name ? p->short_name : 256 + (int)n};
            n++;
        }
    return n;
}

/* One reading option's lines: "  --NAME ARG", its text from column 22 (a
 * space after a longer flag), each further line of the text indented so */
static void reading_line(FILE *f, const cli_option *p)
{
    int n = fprintf(f, "  --%s%s%s", p->name, p->arg ? " " : "", p->arg ? p->arg : "");
    fprintf(f, "%*s", n < 21 ? 22 - n : 1, "");
    for (const char *t = p->help; *t; t++) {
        fputc(*t, f);
        if (*t == '\n') fprintf(f, "%22s", "");
    }
    fputc('\n', f);
}

void cli_usage(FILE *f, const cli_command *cmd)
{
    static const char mark[] = "{reading}\n";
    const char *u = cmd->usage, *at = strstr(u, mark);
    if (!at) {
        fputs(u, f);
        return;
    }
    fwrite(u, 1, (size_t)(at - u), f);
    fputs("Reading:\n", f);
    /* the reading options getopt takes for cmd (flag_table's rule) */
    for (const cli_option *p = common; p->name; p++) {
        if (!p->help || (p->columns && cmd->by_header)) continue;
        if (cmd->common_only && !named(cmd->common_only, p->name)) continue;
        if (cmd->common_not && named(cmd->common_not, p->name)) continue;
        reading_line(f, p);
    }
    fputs(at + sizeof mark - 1, f);
}

/* The flags of argv, by getopt: -1 when all are set, else the exit code. */
static int parse_flags(cli_opts *o, int argc, char **argv, const cli_option **by,
                       const struct option *lo, size_t n)
{
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "ho:", lo, NULL)) != -1) {
        if (c == '?') {
            fprintf(stderr, "Try 'relmark %s --help'.\n", o->cmd->name);
            return CLI_EX_USAGE;
        }
        const cli_option *p = NULL;
        for (size_t i = 0; i < n && !p; i++)
            if (lo[i].val == c) p = by[i];
        if (!p) return CLI_EX_USAGE;
        if (p->short_name == 'h') {
            cli_usage(stdout, o->cmd);
            return 0;
        }
        if (p->kind == CLI_FLAG) continue; /* --config: read before the flags */
        /* a flag without a value switches its setting on */
        if (apply(o, p, p->name, p->kind == CLI_SWITCH ? "1" : optarg, NULL)) return CLI_EX_USAGE;
    }
    return -1;
}

int cli_parse_args(cli_opts *o, int argc, char **argv)
{
    const cli_command *cmd = o->cmd;
    if (prescan_config(o, argc, argv)) return CLI_EX_CONFIG; /* a config file first: flags override it */
    size_t cap = sizeof common / sizeof common[0];
    for (const cli_option *p = cmd->options; p->name; p++) cap++;
    const cli_option **by = calloc(cap, sizeof *by);
    struct option *lo = calloc(cap + 1, sizeof *lo); /* ends with a zero entry */
    int rc = by && lo ? parse_flags(o, argc, argv, by, lo, flag_table(cmd, by, lo))
                      : cli_error(CLI_EX_OSERR, "out of memory");
    free(by);
    free(lo);
    if (rc >= 0) return rc;
    if (!cmd->file && optind != argc)
        return cli_error(CLI_EX_USAGE, "%s takes no FILE\nTry 'relmark %s --help'.", cmd->name, cmd->name);
    int nfiles = cmd->files ? cmd->files : 1;
    if (cmd->file && optind != argc - nfiles) {
        if (optind > argc - nfiles) cli_say("missing the %s FILE", cmd->file);
        else cli_say(nfiles == 1 ? "give exactly one FILE" : "give exactly %d FILEs", nfiles);
        fprintf(stderr, "Try 'relmark %s --help'.\n", cmd->name);
        return CLI_EX_USAGE;
    }
    if (o->excel && o->format == FMT_JSON)
        return cli_error(CLI_EX_USAGE, "--excel writes CSV; it does not go with --format json");
    if (o->excel) o->format = FMT_CSV;
    return -1;
}

/* ------------------------------------------ files named by the options */

rmk_segmap *cli_open_map(const cli_opts *o, rmk_status *st)
{
    char err[512];
    rmk_segmap *m = NULL;
    const char *s = o->segments;
    *st = RMK_OK;
    if (!s || !strcmp(s, "rfm10") || !strcmp(s, "default")) {
        if (o->bins != 5) {
            if (s) {
                cli_say("the built-in map rfm10 is for 5 groups; with --bins %d give --segments FILE",
                        o->bins);
                *st = RMK_ERR_USAGE;
            }
            return NULL; /* no segments for other than 5 groups unless a map is given */
        }
        m = rmk_segmap_builtin_new(RMK_SEGMAP_TEN, st, err, sizeof err);
    } else if (!strcmp(s, "relationship")) {
        if (o->bins != 5) {
            cli_say("the built-in map relationship is for 5 groups");
            *st = RMK_ERR_USAGE;
            return NULL;
        }
        m = rmk_segmap_builtin_new(RMK_SEGMAP_RELATIONSHIP, st, err, sizeof err);
    } else if (!strcmp(s, "none")) {
        return NULL;
    } else {
        m = rmk_segmap_load(s, o->bins, st, err, sizeof err);
    }
    if (!m) cli_say("%s", err);
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
    cli_say("%s", err);
    return rmk_status_exit_code(st);
}
