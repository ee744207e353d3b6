/* SPDX-License-Identifier: MIT */
/* fuzz_config.c — the loader of `--config` files (cli/options.c through
 * cli_parse_args, the CLI's own entry; docs/cli.md, "Config file").
 *
 * Input: byte 0 = options, then the file. byte 0 % 16 picks the command
 * (of cli_commands, modulo their count); bit 0x10 gives the same file twice
 * (--config F --config F: the settings of both count against the 63).
 * What must hold, checked from the documentation's rules and not from the
 * loader's code:
 * - the run goes on (-1) or stops with exit 78, nothing else; a command
 *   without --config (demo) stops with exit 64 and reads no file;
 * - a refused file says so in one line, "relmark: FILE...", and a line it
 *   names exists; a line named for a NUL byte, a CR without LF or a line
 *   over 198 bytes has that problem, and no line before it has one of them
 *   (the first problem is the one reported); a line named as "expected
 *   [section] or key = value" is neither blank nor a comment; a line named
 *   for a refused setting holds one and comes before any line problem;
 * - an accepted file has none of those three problems anywhere, and
 *   accepting it printed nothing;
 * - the same file read again gives the same answer; read twice, it is not
 *   accepted where once was refused.
 * The CLI's messages go to a memory stream (stderr swapped); sanitizer
 * reports still reach fd 2. */
#define main relmark_cli_main /* the CLI's table of commands and its messages, not its main */
#include "../cli/main.c"
#undef main
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define MAX_LINE 198 /* docs/cli.md: "lines at most 198 bytes ... without the line end" */

/* Runs cmd over --config path (twice when twice); its exit code (-1 = goes
 * on) and what it printed, in *msg (the caller frees). */
static int parse(const cli_command *cmd, const char *path, int twice, char **msg)
{
    char *argv[6];
    int argc = 0;
    argv[argc++] = "relmark";
    argv[argc++] = "--config";
    argv[argc++] = (char *)path;
    if (twice) {
        argv[argc++] = "--config";
        argv[argc++] = (char *)path;
    }
    if (cmd->file) argv[argc++] = "orders.csv";
    size_t len = 0;
    FILE *mem = open_memstream(msg, &len), *saved = stderr;
    if (!mem) abort();
    stderr = mem;
    cli_opts o;
    cli_opts_init(&o);
    o.cmd = cmd;
    if (cmd->init) cmd->init(&o);
    int rc = cli_parse_args(&o, argc, argv);
    cli_opts_free(&o);
    stderr = saved;
    fclose(mem);
    return rc;
}

/* The problem of line [s, e) (its line end not included) that the loader
 * must refuse, as the message words it, or NULL. A CR before the LF
 * belongs to the line end; any other CR is one without LF. */
static const char *line_problem(const char *s, const char *e, int last)
{
    size_t n = (size_t)(e - s);
    if (n && s[n - 1] == '\r' && !last) n--; /* CRLF */
    for (size_t i = 0; i < n; i++) {
        if (s[i] == 0) return "a NUL byte";
        if (s[i] == '\r') return "a CR without LF";
        if (i == MAX_LINE) return "line longer than"; /* a 199th byte */
    }
    /* a CR that ends the file is also a CR without LF */
    if (last && n && s[n - 1] == '\r') return "a CR without LF";
    return NULL;
}

/* whether a message names one of line_problem's problems */
static int is_line_problem(const char *what)
{
    static const char *const problems[] = {"a NUL byte", "a CR without LF", "line longer than"};
    for (size_t i = 0; i < sizeof problems / sizeof problems[0]; i++)
        if (!strncmp(what, problems[i], strlen(problems[i]))) return 1;
    return 0;
}

static int blank_or_comment(const char *s, const char *e)
{
    while (s < e && (*s == ' ' || *s == '\t' || *s == '\r')) s++;
    return s == e || *s == ';' || *s == '#';
}

/* whether cmd takes --config (demo does not: docs/cli.md) */
static int takes_config(const cli_command *cmd)
{
    const char *const *p = cmd->common_only;
    while (p && *p && strcmp(*p, "config")) p++;
    return !p || *p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    static int fd = -1;
    if (fd < 0) fd = memfd_create("fuzz_config", 0);
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    if (ftruncate(fd, 0) || pwrite(fd, text, len, 0) != (ssize_t)len) return 0;
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    size_t ncmd = 0;
    while (cli_commands[ncmd]) ncmd++;
    const cli_command *cmd = cli_commands[(data[0] & 15) % ncmd];
    int twice = (data[0] & 0x10) != 0;

    char *msg = NULL, *msg2 = NULL;
    int rc = parse(cmd, path, twice, &msg);
    int rc2 = parse(cmd, path, twice, &msg2);
    if (rc != rc2 || strcmp(msg, msg2)) __builtin_trap(); /* state left over */
    if (!takes_config(cmd)) { /* demo: a usage error, the file not read */
        if (rc != CLI_EX_USAGE || strstr(msg, path)) __builtin_trap();
        goto done;
    }
    if (rc != -1 && rc != CLI_EX_CONFIG) __builtin_trap();

    /* the lines of the file: [start, end) without the LF */
    const char *first_bad = NULL; /* the first line with a problem */
    int first_bad_no = 0, nlines = 0;
    for (const char *s = text, *end = text + len; s < end;) {
        const char *e = memchr(s, '\n', (size_t)(end - s));
        int last = !e;
        if (!e) e = end;
        nlines++;
        const char *why = line_problem(s, e, last);
        if (why && !first_bad) first_bad = why, first_bad_no = nlines;
        s = e + 1;
    }

    if (rc == -1) {
        if (msg[0]) __builtin_trap();   /* accepted, yet said something */
        if (first_bad) __builtin_trap(); /* accepted a file the loader must refuse */
    } else {
        /* one line, naming the file */
        size_t pl = strlen(path), ml = strlen(msg);
        if (strncmp(msg, "relmark: ", 9) || strncmp(msg + 9, path, pl) || ml < 1 ||
            msg[ml - 1] != '\n' || memchr(msg, '\n', ml - 1))
            __builtin_trap();
        const char *after = msg + 9 + pl;
        if (after[0] == ':' && after[1] >= '0' && after[1] <= '9') {
            long line = strtol(after + 1, NULL, 10);
            if (line < 1 || line > nlines) __builtin_trap(); /* a line the file does not have */
            const char *what = strchr(after + 1, ' ');
            if (!what) __builtin_trap(); /* not "FILE:LINE: what" */
            what++;
            /* the line's own text */
            const char *s = text, *end = text + len;
            for (long k = 1; k < line; k++) s = (const char *)memchr(s, '\n', (size_t)(end - s)) + 1;
            const char *e = memchr(s, '\n', (size_t)(end - s));
            int last = !e;
            if (!e) e = end;
            if (!strncmp(what, "expected [section]", 18)) {
                if (blank_or_comment(s, e)) __builtin_trap();
                /* inih stopped there, before any problem of ours */
                if (first_bad && first_bad_no <= line) __builtin_trap();
            } else if (is_line_problem(what)) {
                const char *why = line_problem(s, e, last);
                if (!why || strncmp(what, why, strlen(why)) || first_bad_no != line) __builtin_trap();
            } else {
                /* a setting refused (an unknown key, a bad value): a line read
                 * whole, holding a setting, before any line with a problem */
                if (blank_or_comment(s, e) || (first_bad && first_bad_no <= line)) __builtin_trap();
            }
        }
    }
    /* read twice, a file is not accepted where once was refused */
    char *msg3 = NULL;
    int rc3 = parse(cmd, path, !twice, &msg3);
    int once = twice ? rc3 : rc, both = twice ? rc : rc3;
    if (once != -1 && both == -1) __builtin_trap();
    free(msg3);
done:
    free(msg);
    free(msg2);
    return 0;
}
