/* SPDX-License-Identifier: MIT */
/* out.c — see out.h. */
#include "out.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Text for a terminal: control characters (ESC and the rest of C0, DEL, the
 * C1 range U+0080..U+009F) from ids, names or maps would act on the
 * terminal (clear it, set its title): each is shown as '?' instead; line
 * ends stay. In place; returns s. */
/* The same while copying n bytes of s to d (room for n + 1): returns the
 * bytes written; *w the width in characters (UTF-8 lead bytes). One pass
 * for a table's cell. */
static size_t visible_copy(char *d, const char *s, size_t n, size_t *w)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t k = 0, cw = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if ((c < 0x20 && c != '\n') || c == 0x7f) c = '?';
        else if (c == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) c = '?', i++;
        d[k++] = (char)c;
        cw += (c & 0xC0) != 0x80;
    }
    d[k] = 0;
    *w = cw;
    return k;
}

static char *visible(char *s)
{
    unsigned char *p = (unsigned char *)s;
    for (size_t i = 0; p[i]; i++) {
        if ((p[i] < 0x20 && p[i] != '\n') || p[i] == 0x7f) p[i] = '?';
        else if (p[i] == 0xC2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) /* C1: two bytes, one '?' */
            memmove(p + i + 1, p + i + 2, strlen((char *)p + i + 2) + 1), p[i] = '?';
    }
    return s;
}

/* The directory part of path: "." for a bare name, "/" for "/x". In buf
 * (PATH_MAX bytes); NULL when it does not fit. */
static const char *dir_of(const char *path, char *buf)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return ".";
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    if (n >= PATH_MAX) return NULL;
    memcpy(buf, path, n);
    buf[n] = 0;
    return buf;
}

/* The file a -o path names, its symbolic links followed one by one as the
 * kernel's fs.protected_symlinks would, whatever that setting is
 * (docs/cli.md, "Links and special files"): a link in a sticky,
 * world-writable directory (/tmp) is followed only when it belongs to the
 * user running relmark or to the directory's owner, so a link planted by
 * another user never makes a root run write its target. Directories on the
 * way are left to the kernel. Returns the path (owned), or NULL after the
 * message (73). */
static char *follow_links(const char *path)
{
    char *cur = strdup(path), dbuf[PATH_MAX], target[PATH_MAX];
    for (int hops = 0; cur; hops++) {
        struct stat ls, ds;
        if (lstat(cur, &ls) != 0 || !S_ISLNK(ls.st_mode)) return cur; /* absent or not a link */
        const char *dir = dir_of(cur, dbuf);
        ssize_t n = hops < 40 && dir ? readlink(cur, target, sizeof target) : -1;
        if (n < 0 || (size_t)n >= sizeof target) {
            fprintf(stderr, "relmark: %s: cannot follow the link: %s\n", cur,
                    hops < 40 && dir ? strerror(n < 0 ? errno : ENAMETOOLONG) : strerror(ELOOP));
            break;
        }
        if (stat(dir, &ds) == 0 && (ds.st_mode & S_ISVTX) && (ds.st_mode & S_IWOTH) &&
            ls.st_uid != geteuid() && ls.st_uid != ds.st_uid) {
            if (strcmp(cur, path)) fprintf(stderr, "relmark: %s (from -o %s)", cur, path);
            else fprintf(stderr, "relmark: %s", cur);
            fputs(": a symbolic link of another user in a sticky, world-writable directory: "
                  "not followed\n", stderr);
            break;
        }
        target[n] = 0;
        char *next = NULL; /* a relative target is relative to the link's directory */
        if (target[0] == '/' || !strchr(cur, '/')) next = strdup(target);
        else if (asprintf(&next, "%s/%s", dir, target) < 0) next = NULL;
        free(cur);
        cur = next;
    }
    if (!cur) fprintf(stderr, "relmark: out of memory\n");
    free(cur);
    return NULL;
}

/* ------------------------------------------- the -o file's writes */

#define OUT_BUF (1u << 20) /* bytes: the -o stream's buffer, a write(2) each */

/* -o is written through write(2) here rather than stdio's own: a short
 * write is carried on, and the fault-injection shim of the tests
 * (tests/fault/fault.c) sees every write. A stream's cookie is its fd. */
static ssize_t fd_write(void *cookie, const char *buf, size_t n)
{
    int fd = (int)(intptr_t)cookie;
    size_t done = 0;
    while (done < n) {
        ssize_t k = write(fd, buf + done, n - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) { /* fopencookie: fewer bytes than asked is the error, errno says which */
            if (k == 0) errno = EIO;
            break;
        }
        done += (size_t)k;
    }
    return (ssize_t)done;
}

static int fd_close(void *cookie) { return close((int)(intptr_t)cookie); }

/* A stream over fd, closed with it; NULL (fd still open) when out of memory. */
static FILE *fd_stream(int fd)
{
    cookie_io_functions_t io = {.write = fd_write, .close = fd_close};
    return fopencookie((void *)(intptr_t)fd, "w", io);
}

/* ------------------------------- the temporary file, on a signal too */

/* The temporary file being written, removed by a signal that ends the run
 * (SIGINT, SIGTERM ...: docs/cli.md, "-o FILE"); NULL while none. Set and
 * cleared with those signals blocked. */
static char *volatile live_tmp;
static const int ending_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGXFSZ};
#define N_ENDING (sizeof ending_signals / sizeof ending_signals[0])

static void on_ending_signal(int sig)
{
    char *t = live_tmp;
    if (t) unlink(t);
    signal(sig, SIG_DFL); /* then the signal's own end: the exit status says which */
    raise(sig);
}

/* Blocks the ending signals (block 1) or restores the mask in *old (0). */
static void hold_signals(int block, sigset_t *old)
{
    if (!block) {
        sigprocmask(SIG_SETMASK, old, NULL);
        return;
    }
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < N_ENDING; i++) sigaddset(&set, ending_signals[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

/* The handler, once, for each ending signal not ignored when relmark
 * started: nohup's SIGHUP, a background job's SIGINT stay ignored. */
static void catch_ending_signals(void)
{
    static int done;
    if (done) return;
    done = 1;
    for (size_t i = 0; i < N_ENDING; i++) {
        struct sigaction old, sa;
        if (sigaction(ending_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN) continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_ending_signal;
        sigfillset(&sa.sa_mask);
        sigaction(ending_signals[i], &sa, NULL);
    }
}

/* The temporary file's name: "DIR.relmark-HASH-PID-XXXXXX", HASH the
 * FNV-1a hash (32 bits, hex) of FILE's name, PID the writer's. Short, so a
 * FILE name of 255 bytes still works (NAME_MAX), and recognisable: a run
 * killed with kill -9 leaves it, and the next run writing the same FILE
 * removes it (remove_leftovers). */
static unsigned name_hash(const char *name)
{
    unsigned h = 2166136261u;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) h = (h ^ *p) * 16777619u;
    return h;
}

/* Removes from dir (dirlen bytes of path, "" for the current directory)
 * the leftovers of FILE's runs: "prefix-PID-XXXXXX" files of this user
 * whose writer PID is gone and whose lock (flock, held by a writer until
 * it is done) is free. Anything else is left alone. */
static void remove_leftovers(const char *path, int dirlen, const char *prefix)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", dirlen ? dirlen : 1, dirlen ? path : ".");
    DIR *d = opendir(dir);
    if (!d) return;
    size_t pl = strlen(prefix);
    for (struct dirent *e; (e = readdir(d));) {
        char *end;
        if (strncmp(e->d_name, prefix, pl)) continue;
        long pid = strtol(e->d_name + pl, &end, 10);
        if (end == e->d_name + pl || *end != '-' || strlen(end + 1) != 6) continue;
        if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM)) continue; /* still running */
        int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0) continue;
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
            flock(fd, LOCK_EX | LOCK_NB) == 0)
            unlinkat(dirfd(d), e->d_name, 0);
        close(fd);
    }
    closedir(d);
}

/* A device, pipe or socket (-o /dev/null, a FIFO): written in place, as
 * renaming a file over it would replace it. O_NOFOLLOW: path is the end of
 * its links (follow_links), and a link put there since is not followed.
 * 0, or -1 after the message. */
static int open_in_place(out *o)
{
    int fd = open(o->path, O_WRONLY | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
    if (fd >= 0 && !(o->f = fd_stream(fd))) close(fd);
    if (!o->f) {
        fprintf(stderr, "relmark: %s: cannot open: %s\n", o->path, strerror(errno));
        return -1;
    }
    o->direct = 1;
    return 0;
}

/* A regular file, or none yet: a temporary file beside it, renamed over it
 * by out_close, removed on an error or an ending signal. 0, or -1 after
 * the message. */
static int open_temporary(out *o)
{
    const char *slash = strrchr(o->path, '/');
    int dirlen = slash ? (int)(slash - o->path + 1) : 0;
    char prefix[32];
    snprintf(prefix, sizeof prefix, ".relmark-%08x-", name_hash(o->path + dirlen));
    size_t n = (size_t)dirlen + sizeof prefix + 24; /* + PID (at most 10 digits), -XXXXXX */
    o->tmp = malloc(n);
    if (!o->tmp) {
        fprintf(stderr, "relmark: out of memory\n");
        return -1;
    }
    snprintf(o->tmp, n, "%.*s%s%ld-XXXXXX", dirlen, o->path, prefix, (long)getpid());
    catch_ending_signals();
    sigset_t old;
    hold_signals(1, &old);
    int fd = mkstemp(o->tmp), why = errno;
    if (fd >= 0) live_tmp = o->tmp;
    hold_signals(0, &old);
    if (fd < 0) {
        fprintf(stderr, "relmark: %s: cannot create: %s\n", o->path, strerror(why));
        free(o->tmp);
        o->tmp = NULL;
        return -1;
    }
    (void)flock(fd, LOCK_EX | LOCK_NB); /* a new file: nobody else holds it */
    remove_leftovers(o->path, dirlen, prefix);
    /* mkstemp makes 0600: give the file the mode it would have had, or
     * keep the permissions of the file it replaces -- never its setuid,
     * setgid or sticky bits (docs/cli.md, "-o FILE") */
    struct stat st;
    mode_t um = umask(0);
    umask(um);
    (void)fchmod(fd, stat(o->path, &st) == 0 ? (st.st_mode & 0777) : (0666 & ~um));
    o->f = fd_stream(fd);
    if (!o->f) {
        fprintf(stderr, "relmark: %s: cannot create: %s\n", o->path, strerror(errno));
        close(fd);
        return -1; /* the caller's out_abort removes the file */
    }
    return 0;
}

/* Removes the temporary file, if any (renamed is 1 when it was renamed
 * into place: then only its name is forgotten). */
static void drop_temporary(out *o, int renamed)
{
    if (!o->tmp) return;
    sigset_t old;
    hold_signals(1, &old);
    if (!renamed) unlink(o->tmp);
    live_tmp = NULL;
    hold_signals(0, &old);
    free(o->tmp);
    o->tmp = NULL;
}

int out_open(out *o, const char *path, out_format fmt, int excel)
{
    memset(o, 0, sizeof *o);
    o->fmt = fmt;
    o->excel = excel && fmt == FMT_CSV;
    o->delim = o->excel ? ';' : ',';
    o->mark = o->excel ? ',' : '.';
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
    } else {
        /* a symbolic link: its target is written, the link stays */
        struct stat st;
        if (!(o->real = follow_links(path))) return -1;
        o->path = o->real;
        int special = stat(o->path, &st) == 0 && !S_ISREG(st.st_mode);
        if (special ? open_in_place(o) : open_temporary(o)) {
            out_abort(o);
            return -1;
        }
    }
    /* one writer per stream: a large buffer, unlocked calls below. glibc
     * takes a size only with a buffer (NULL gets BUFSIZ, 8 KiB: a write(2)
     * per 8 KiB), so -o gets a buffer of 1 MiB, freed after its fclose;
     * stdout keeps its own, being written after the output is closed. */
    if (o->f != stdout && (o->buf = malloc(OUT_BUF)) != NULL) setvbuf(o->f, o->buf, _IOFBF, OUT_BUF);
    else setvbuf(o->f, NULL, _IOFBF, OUT_BUF);
    if (o->excel) fputs("\xEF\xBB\xBF", o->f);
    return 0;
}

void out_abort(out *o)
{
    if (o->f && o->f != stdout) fclose(o->f);
    o->f = NULL;
    free(o->buf);
    o->buf = NULL;
    drop_temporary(o, 0);
    free(o->real);
    o->real = NULL;
}

int out_close(out *o)
{
    if (o->failed) { /* the table could not be kept in memory: nothing is written */
        fprintf(stderr, "relmark: out of memory\n");
        out_abort(o);
        return 71;
    }
    /* the first failure's errno: fclose or unlink after it would overwrite it */
    int bad = 0, why = 0;
    if (fflush(o->f) != 0 || ferror(o->f)) bad = 1, why = errno;
    if (o->f == stdout) {
        if (bad) fprintf(stderr, "relmark: cannot write to standard output\n");
        return bad ? 74 : 0;
    }
    if (fclose(o->f) != 0 && !bad) bad = 1, why = errno;
    o->f = NULL;
    if (!bad && o->tmp) {
        if (rename(o->tmp, o->path) != 0) bad = 1, why = errno;
        else drop_temporary(o, 1); /* in place: nothing left to remove */
    }
    if (bad) fprintf(stderr, "relmark: %s: cannot write: %s\n", o->path, strerror(why));
    out_abort(o); /* the temporary file, if it is still there */
    return bad ? 74 : 0;
}

/* display width: code points, not bytes */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* One CSV field, quoted when it holds the delimiter, a quote, CR or LF (RFC
 * 4180). text: a text column's cell, which a spreadsheet would run as a
 * formula when it begins with =, +, -, @, TAB or CR (=HYPERLINK sends the
 * sheet's data away): it gets a leading ', as a user typing such text does
 * (docs/cli.md, "Output formats"; OWASP, "CSV Injection"). Numbers are in
 * numeric columns, never text ones, so -5 there stays a number. */
static void csv_cell(out *o, const char *s, int text)
{
    int quote = 0;
    int formula = text && s[0] && strchr("=+-@\t\r", s[0]);
    const char *p = s;
    for (; *p; p++)
        if (*p == o->delim || *p == '"' || *p == '\n' || *p == '\r') quote = 1;
    if (quote) putc_unlocked('"', o->f);
    if (formula) putc_unlocked('\'', o->f);
    if (!quote) {
        fwrite_unlocked(s, 1, (size_t)(p - s), o->f);
        return;
    }
    for (p = s; *p; p++) {
        if (*p == '"') putc_unlocked('"', o->f);
        putc_unlocked(*p, o->f);
    }
    putc_unlocked('"', o->f);
}

/* A number of a table's cell with its thousands grouped (docs/cli.md,
 * "Tables"): "-1234567.50" is "-1,234,567.50" (ru: U+00A0 NO-BREAK SPACE
 * between the groups, one character wide, never a line break). Only a cell
 * that is a whole number -?D+(.D+)? with at most one '*' or '%' after it;
 * any other text ("", "-", a code) is copied as it is. Into d, which has
 * room for strlen(s) * 5 / 3 + 2 bytes; returns the length written. */
static size_t grouped(char *d, const char *s, int ru)
{
    const char *p = s + (s[0] == '-');
    size_t nd = strspn(p, "0123456789"), n = strlen(s);
    const char *q = p + nd;
    if (*q == '.' && q[1] >= '0' && q[1] <= '9') q += 1 + strspn(q + 1, "0123456789");
    if (*q == '*' || *q == '%') q++;
    if (nd < 4 || *q) {
        memcpy(d, s, n + 1);
        return n;
    }
    const char *sep = ru ? "\xC2\xA0" : ",";
    size_t sl = strlen(sep);
    char *t = d;
    memcpy(t, s, (size_t)(p - s));
    t += p - s;
    for (size_t k = 0; k < nd; k++) {
        if (k && (nd - k) % 3 == 0) memcpy(t, sep, sl), t += sl;
        *t++ = p[k];
    }
    size_t rest = strlen(p + nd);
    memcpy(t, p + nd, rest + 1);
    return (size_t)(t - d) + rest;
}

void out_json_str(out *o, const char *s)
{
    putc('"', o->f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            putc('\\', o->f);
            putc(*p, o->f);
        } else if (*p < 0x20) {
            fprintf(o->f, "\\u%04x", *p);
        } else {
            putc(*p, o->f);
        }
    }
    putc('"', o->f);
}

void out_table_begin(out *o, int ncol, const char **keys, const char **labels, const char *types)
{
    o->ncol = ncol;
    o->types = types;
    o->nrows = 0;
    o->json_first = 1;
    if (o->fmt == FMT_TABLE) {
        o->head = labels;
        return;
    }
    if (o->fmt == FMT_CSV) {
        for (int i = 0; i < ncol; i++) {
            if (i) putc(o->delim, o->f);
            csv_cell(o, o->ru_head ? out_head_ru(keys[i]) : keys[i], 0);
        }
        fputs(o->excel ? "\r\n" : "\n", o->f);
        return;
    }
    o->head = keys;
    fputs("[", o->f);
}

/* Room for n more bytes of cell text; 0, or -1 out of memory. */
static int text_room(out *o, size_t n)
{
    if (o->tcap - o->tlen >= n) return 0;
    size_t cap = o->tcap ? o->tcap : 65536;
    while (cap - o->tlen < n) {
        if (cap > SIZE_MAX / 2) return -1;
        cap *= 2;
    }
    char *t = realloc(o->text, cap);
    if (!t) return -1;
    o->text = t;
    o->tcap = cap;
    return 0;
}

void out_table_row(out *o, const char **cells)
{
    if (o->fmt == FMT_TABLE) {
        if (o->failed) return;
        if (o->nrows == o->cap) {
            size_t nc = o->cap ? o->cap * 2 : 256;
            struct out_cell *c = realloc(o->cells, nc * (size_t)o->ncol * sizeof *c);
            if (!c) {
                o->failed = 1;
                return;
            }
            o->cells = c;
            o->cap = nc;
        }
        for (int i = 0; i < o->ncol; i++) {
            size_t n = strlen(cells[i]);
            if (n > SIZE_MAX / 4 || text_room(o, n * 3 + 3)) {
                o->failed = 1;
                return;
            }
            char *d = o->text + o->tlen;
            struct out_cell *c = &o->cells[o->nrows * (size_t)o->ncol + (size_t)i];
            c->off = o->tlen;
            if (o->types[i] == 'n') { /* grouped (n + 2n/3 + 1 bytes at most) from a copy past it */
                char *g = d + 2 * n + 2;
                visible_copy(g, cells[i], n, &c->width);
                c->len = grouped(d, g, o->ru);
                c->width = width(d);
            } else {
                c->len = visible_copy(d, cells[i], n, &c->width);
            }
            o->tlen += c->len + 1;
        }
        o->nrows++;
        return;
    }
    if (o->fmt == FMT_CSV) {
        for (int i = 0; i < o->ncol; i++) {
            if (i) putc_unlocked(o->delim, o->f);
            if (o->types[i] == 'n' && o->mark != '.') {
                char buf[64];
                snprintf(buf, sizeof buf, "%s", cells[i]);
                char *dot = strchr(buf, '.');
                if (dot) *dot = o->mark;
                csv_cell(o, buf, 0);
            } else {
                csv_cell(o, cells[i], o->types[i] != 'n');
            }
        }
        if (o->excel) putc_unlocked('\r', o->f);
        putc_unlocked('\n', o->f);
        return;
    }
    fputs(o->json_first ? "\n  {" : ",\n  {", o->f);
    o->json_first = 0;
    for (int i = 0; i < o->ncol; i++) {
        if (i) fputs(", ", o->f);
        out_json_str(o, o->head[i]);
        fputs(": ", o->f);
        if (o->types[i] == 'n' && cells[i][0]) fputs(cells[i], o->f);
        else if (o->types[i] == 'n') fputs("null", o->f);
        else out_json_str(o, cells[i]);
    }
    putc('}', o->f);
}

/* How many columns, from the left, fit in o->fit characters (each column
 * w[i] wide, two spaces between): all of them when o->fit is 0 or they
 * fit, else the most that fit, and at least the first (the id). */
static int fitted(const out *o, const size_t *w)
{
    int n = o->ncol;
    if (o->fit <= 0) return n;
    size_t total = 0;
    for (int i = 0; i < n; i++) total += w[i] + (i ? 2 : 0);
    while (n > 1 && total > (size_t)o->fit) total -= w[--n] + 2;
    return n;
}

/* n spaces, in blocks */
static void pad(FILE *f, size_t n)
{
    static const char sp[] = "                                                                ";
    for (; n > sizeof sp - 1; n -= sizeof sp - 1) fwrite_unlocked(sp, 1, sizeof sp - 1, f);
    fwrite_unlocked(sp, 1, n, f);
}

void out_table_end(out *o)
{
    if (o->fmt == FMT_JSON) {
        fputs(o->json_first ? "]" : "\n]", o->f);
        return;
    }
    if (o->fmt != FMT_TABLE) return;
    size_t *w = o->failed ? NULL : calloc((size_t)o->ncol, sizeof *w);
    if (!w) { /* out of memory: nothing printed, out_close says so */
        o->failed = 1;
        goto done;
    }
    for (int i = 0; i < o->ncol; i++) w[i] = width(o->head[i]);
    for (size_t r = 0; r < o->nrows; r++)
        for (int i = 0; i < o->ncol; i++) {
            size_t cw = o->cells[r * (size_t)o->ncol + (size_t)i].width;
            if (cw > w[i]) w[i] = cw;
        }
    int shown = fitted(o, w);
    for (size_t r = 0; r <= o->nrows; r++) {
        for (int i = 0; i < shown; i++) {
            const struct out_cell *cell = r ? &o->cells[(r - 1) * (size_t)o->ncol + (size_t)i] : NULL;
            const char *c = cell ? o->text + cell->off : o->head[i];
            size_t gap = w[i] - (cell ? cell->width : width(c));
            int right = o->types[i] == 'n' && r > 0;
            int last = i == shown - 1;
            if (i) fputs_unlocked("  ", o->f);
            if (right) pad(o->f, gap);
            fwrite_unlocked(c, 1, cell ? cell->len : strlen(c), o->f);
            if (!right && !last) pad(o->f, gap);
        }
        putc_unlocked('\n', o->f);
    }
    if (shown < o->ncol) { /* never silently: which columns, and how to see them */
        fprintf(o->f, o->ru ? "(не показано столбцов: %d —" : "(%d more column%s:", o->ncol - shown,
                o->ru || o->ncol - shown == 1 ? "" : "s");
        for (int i = shown; i < o->ncol; i++) fprintf(o->f, "%s %s", i > shown ? "," : "", o->head[i]);
        fputs(o->ru ? "; все: --wide)\n" : "; --wide shows them)\n", o->f);
    }
done:
    free(o->cells);
    free(o->text);
    o->cells = NULL;
    o->text = NULL;
    o->cap = o->nrows = 0;
    o->tlen = o->tcap = 0;
    free(w);
}

void out_text(out *o, const char *fmt, ...)
{
    if (o->fmt != FMT_TABLE) return;
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0) {
        o->failed = 1; /* out of memory: out_close says so */
        return;
    }
    fputs(visible(s), o->f);
    free(s);
}

void out_json(out *o, const char *fmt, ...)
{
    if (o->fmt != FMT_JSON) return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(o->f, fmt, ap);
    va_end(ap);
}

char *out_int(char *b, long long v)
{
    char t[24];
    int k = 0, n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do t[k++] = (char)('0' + u % 10); while (u /= 10);
    if (v < 0) b[n++] = '-';
    while (k) b[n++] = t[--k];
    b[n] = 0;
    return b;
}

/* The Russian headers of --excel --lang ru (docs/cli.md, "Stable keys"),
 * by CSV key, sorted by key (strcmp) for the binary search; a key not
 * here keeps its name. */
static const struct { const char *key, *ru; } head_ru[] = {
    {"T", "T"},
    {"abc", "ABC"},
    {"active", "активных"},
    {"active_months", "активных_месяцев"},
    {"active_quarters", "активных_кварталов"},
    {"actual", "факт"},
    {"alert", "тревога"},
    {"allocation", "бюджет"},
    {"amount_cv", "вариация_суммы"},
    {"answers", "ответов"},
    {"attractiveness", "привлекательность"},
    {"b2b_rule", "правило_b2b"},
    {"b2b_stage", "стадия_b2b"},
    {"b2b_stage_key", "стадия_b2b_ключ"},
    {"bond_key", "тип_связи_ключ"},
    {"bond_level", "уровень_связей"},
    {"category", "категория"},
    {"category_key", "категория_ключ"},
    {"cell", "ячейка"},
    {"cell_key", "ячейка_ключ"},
    {"churn_rate", "отток"},
    {"client_share", "доля_клиентов"},
    {"clients", "клиентов"},
    {"clv", "CLV"},
    {"cohort", "когорта"},
    {"component", "компонент"},
    {"cooperation", "сотрудничество"},
    {"cooperation_months", "месяцев_сотрудничества"},
    {"cooperation_points", "баллы_сотрудничество"},
    {"cronbach_alpha", "альфа_Кронбаха"},
    {"cumulative_share", "накопленная_доля"},
    {"customer_id", "клиент"},
    {"customers", "клиентов"},
    {"cv", "коэф_вариации"},
    {"days", "дней"},
    {"detractors", "критики"},
    {"development_potential", "потенциал_развития"},
    {"economic", "экономические"},
    {"evaluation", "оценка"},
    {"expected", "ожидание"},
    {"expected_purchases", "ожидаемых_покупок"},
    {"expected_value", "ожидаемый_чек"},
    {"f", "F"},
    {"first_purchase", "первая_покупка"},
    {"frequency", "частота"},
    {"from_stage", "из_стадии"},
    {"goal_compatibility", "совместимость_целей"},
    {"group", "группа"},
    {"growth_pct", "рост_%"},
    {"growth_points", "баллы_рост"},
    {"interval_cv", "вариация_интервалов"},
    {"items", "пунктов"},
    {"key", "ключ"},
    {"key_client", "ключевой_клиент"},
    {"key_group", "ключевая_группа"},
    {"last_purchase", "последняя_покупка"},
    {"m", "M"},
    {"management_complexity", "сложность_управления"},
    {"market_share", "доля_рынка"},
    {"marketing", "маркетинг"},
    {"marketing_key", "маркетинг_ключ"},
    {"max", "макс"},
    {"mean_index", "средний_индекс"},
    {"mean_nps", "средний_NPS"},
    {"mean_value", "средний_чек"},
    {"measure", "показатель"},
    {"min", "мин"},
    {"missing", "нет_данных"},
    {"monetary", "M_значение"},
    {"movement", "движение"},
    {"name", "название"},
    {"nps", "NPS"},
    {"nps_answers", "ответов_NPS"},
    {"nps_change", "изменение_NPS"},
    {"nps_class", "группа_NPS"},
    {"nps_class_key", "группа_NPS_ключ"},
    {"nps_date", "дата_NPS"},
    {"overall", "общий"},
    {"p_alive", "P_активен"},
    {"package", "пакет"},
    {"parameter", "параметр"},
    {"partial", "неполный"},
    {"passives", "нейтралы"},
    {"payment", "оплата"},
    {"payment_key", "оплата_ключ"},
    {"payment_points", "баллы_оплата"},
    {"period", "период"},
    {"period_end", "конец_периода"},
    {"phase", "фаза"},
    {"position", "позиция"},
    {"position_key", "позиция_ключ"},
    {"previous_nps", "прежний_NPS"},
    {"previous_nps_date", "дата_прежнего_NPS"},
    {"previous_satisfaction", "прежняя_удовлетворенность"},
    {"previous_satisfaction_date", "дата_прежней_удовлетворенности"},
    {"previous_stage", "прежняя_стадия"},
    {"profitability", "рентабельность"},
    {"promoters", "промоутеры"},
    {"psychological", "психологические"},
    {"purchases", "покупок"},
    {"r", "R"},
    {"reason", "причина"},
    {"recency_days", "давность_дн"},
    {"referrals", "рекомендации"},
    {"relationship_cost", "затраты_на_отношения"},
    {"relationship_strength", "прочность_отношений"},
    {"relationship_value", "ценность_отношений"},
    {"respondents", "респондентов"},
    {"retained", "удержано"},
    {"retention_rate", "удержание"},
    {"revenue", "выручка"},
    {"revenue_share", "доля_выручки"},
    {"rfm", "RFM"},
    {"rule", "правило"},
    {"sales_volume", "объем_продаж"},
    {"satisfaction", "удовлетворенность"},
    {"satisfaction_change", "изменение_удовлетворенности"},
    {"satisfaction_date", "дата_удовлетворенности"},
    {"satisfaction_mean", "средняя_удовлетворенность"},
    {"satisfaction_respondents", "ответов_удовлетворенность"},
    {"section", "раздел"},
    {"segment", "сегмент"},
    {"segment_key", "сегмент_ключ"},
    {"share", "доля"},
    {"share_pct", "доля_%"},
    {"share_points", "баллы_доля"},
    {"solvency", "платежеспособность"},
    {"source", "источник"},
    {"source_key", "источник_ключ"},
    {"specialisation_fit", "соответствие_специализации"},
    {"stage", "стадия"},
    {"std_error", "станд_ошибка"},
    {"strategic", "стратегические"},
    {"strategic_importance", "стратегическая_важность"},
    {"strategy", "стратегия"},
    {"strength", "сила_позиции"},
    {"structural_bond", "структурная_связь"},
    {"t_x", "t_x"},
    {"technology_protection", "защита_технологий"},
    {"tenure_months", "месяцев_с_первой_покупки"},
    {"to_stage", "в_стадию"},
    {"total", "итого"},
    {"value", "ценность"},
    {"value_pct", "значение_%"},
    {"volume_trend_pct", "тренд_объема_%"},
    {"weak", "слабый"},
    {"weak_in", "слабые_места"},
    {"x", "x"},
    {"xyz", "XYZ"},
};

const char *out_head_ru(const char *key)
{
    size_t lo = 0, hi = sizeof head_ru / sizeof head_ru[0];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(key, head_ru[mid].key);
        if (!c) return head_ru[mid].ru;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return key;
}
