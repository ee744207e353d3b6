/* out.c — see out.h. */
#include "out.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Text for a terminal: control characters (ESC and the rest of C0, DEL, the
 * C1 range U+0080..U+009F) from ids, names or maps would act on the
 * terminal (clear it, set its title): each is shown as '?' instead; line
 * ends stay. In place; returns s. */
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

int out_open(out *o, const char *path, out_format fmt, int excel)
{
    struct stat st;
    memset(o, 0, sizeof *o);
    o->fmt = fmt;
    o->excel = excel && fmt == FMT_CSV;
    o->delim = o->excel ? ';' : ',';
    o->mark = o->excel ? ',' : '.';
    /* a symbolic link: its target is replaced, the link stays */
    int std = !path || strcmp(path, "-") == 0;
    int link = !std && lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
    if (link) o->real = realpath(path, NULL);
    if (std) {
        o->f = stdout;
    } else if ((stat(path, &st) == 0 && !S_ISREG(st.st_mode)) || (link && !o->real)) {
        /* a device, pipe or socket (-o /dev/null, a FIFO), or a link to a
         * file not there yet: written in place — renaming a temporary file
         * over it would replace it */
        free(o->real); /* a link to a device or pipe: written through, nothing renamed */
        o->real = NULL;
        o->f = fopen(path, "w");
        if (!o->f) {
            fprintf(stderr, "relmark: %s: cannot open: %s\n", path, strerror(errno));
            return -1;
        }
        o->direct = 1;
        o->path = path;
    } else {
        if (o->real) path = o->real;
        o->path = path;
        /* the temporary file beside the target, under a short name of its
         * own: a 250-byte target name plus a suffix would pass NAME_MAX */
        const char *slash = strrchr(path, '/');
        int dirlen = slash ? (int)(slash - path + 1) : 0;
        size_t n = (size_t)dirlen + 24;
        o->tmp = malloc(n);
        if (!o->tmp) {
            fprintf(stderr, "relmark: out of memory\n");
            free(o->real);
            o->real = NULL;
            return -1;
        }
        snprintf(o->tmp, n, "%.*s.relmark-XXXXXX", dirlen, path);
        int fd = mkstemp(o->tmp);
        if (fd < 0) {
            fprintf(stderr, "relmark: %s: cannot create: %s\n", path, strerror(errno));
            free(o->tmp);
            o->tmp = NULL;
            free(o->real);
            o->real = NULL;
            return -1;
        }
        /* mkstemp makes 0600: give the file the mode it would have had, or
         * keep the permissions of the file it replaces -- never its setuid,
         * setgid or sticky bits (docs/cli.md, "-o FILE") */
        mode_t um = umask(0);
        umask(um);
        (void)fchmod(fd, stat(path, &st) == 0 ? (st.st_mode & 0777) : (0666 & ~um));
        o->f = fdopen(fd, "w");
        if (!o->f) {
            fprintf(stderr, "relmark: %s: cannot create: %s\n", path, strerror(errno));
            close(fd);
            unlink(o->tmp);
            free(o->tmp);
            o->tmp = NULL;
            free(o->real);
            o->real = NULL;
            return -1;
        }
    }
    /* one writer per stream: a large buffer, unlocked calls below */
    setvbuf(o->f, NULL, _IOFBF, 1 << 20);
    if (o->excel) fputs("\xEF\xBB\xBF", o->f);
    return 0;
}

void out_abort(out *o)
{
    if (o->f && o->f != stdout) fclose(o->f);
    if (o->tmp) unlink(o->tmp);
    free(o->tmp);
    o->tmp = NULL;
    free(o->real);
    o->real = NULL;
    o->f = NULL;
}

int out_close(out *o)
{
    if (o->failed) { /* the table could not be kept in memory: nothing is written */
        fprintf(stderr, "relmark: out of memory\n");
        out_abort(o);
        return 71;
    }
    int bad = fflush(o->f) != 0 || ferror(o->f);
    if (o->f != stdout) {
        bad |= fclose(o->f) != 0;
        o->f = NULL;
        if (o->direct) {
            if (bad) fprintf(stderr, "relmark: %s: cannot write: %s\n", o->path, strerror(errno));
            return bad ? 74 : 0;
        }
        if (!bad && rename(o->tmp, o->path) != 0) bad = 1;
        if (bad) {
            fprintf(stderr, "relmark: %s: cannot write: %s\n", o->path, strerror(errno));
            unlink(o->tmp);
        }
        free(o->tmp);
        o->tmp = NULL;
        free(o->real);
        o->real = NULL;
    } else if (bad) {
        fprintf(stderr, "relmark: cannot write to standard output\n");
    }
    return bad ? 74 : 0;
}

/* display width: code points, not bytes */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void csv_cell(out *o, const char *s)
{
    int quote = 0;
    const char *p = s;
    for (; *p; p++)
        if (*p == o->delim || *p == '"' || *p == '\n' || *p == '\r') quote = 1;
    if (!quote) {
        fwrite_unlocked(s, 1, (size_t)(p - s), o->f);
        return;
    }
    putc('"', o->f);
    for (p = s; *p; p++) {
        if (*p == '"') putc('"', o->f);
        putc(*p, o->f);
    }
    putc('"', o->f);
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
            csv_cell(o, keys[i]);
        }
        fputs(o->excel ? "\r\n" : "\n", o->f);
        return;
    }
    o->head = keys;
    fputs("[", o->f);
}

void out_table_row(out *o, const char **cells)
{
    if (o->fmt == FMT_TABLE) {
        if (o->nrows == o->cap) {
            size_t nc = o->cap ? o->cap * 2 : 256;
            char **c = realloc(o->cells, nc * (size_t)o->ncol * sizeof *c);
            if (!c) {
                o->failed = 1;
                return;
            }
            o->cells = c;
            o->cap = nc;
        }
        for (int i = 0; i < o->ncol; i++) {
            char *d = strdup(cells[i]);
            if (!d) o->failed = 1;
            else visible(d);
            o->cells[o->nrows * (size_t)o->ncol + (size_t)i] = d;
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
                csv_cell(o, buf);
            } else {
                csv_cell(o, cells[i]);
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
            const char *c = o->cells[r * (size_t)o->ncol + (size_t)i];
            size_t cw = c ? width(c) : 0;
            if (cw > w[i]) w[i] = cw;
        }
    for (size_t r = 0; r <= o->nrows; r++) {
        for (int i = 0; i < o->ncol; i++) {
            const char *c = r == 0 ? o->head[i] : o->cells[(r - 1) * (size_t)o->ncol + (size_t)i];
            if (!c) c = "";
            size_t pad = w[i] - width(c);
            int right = o->types[i] == 'n' && r > 0;
            int last = i == o->ncol - 1;
            if (i) fputs("  ", o->f);
            if (right)
                for (size_t k = 0; k < pad; k++) putc(' ', o->f);
            fputs(c, o->f);
            if (!right && !last)
                for (size_t k = 0; k < pad; k++) putc(' ', o->f);
        }
        putc('\n', o->f);
    }
done:
    for (size_t k = 0; k < o->nrows * (size_t)o->ncol; k++) free(o->cells[k]);
    free(o->cells);
    o->cells = NULL;
    o->cap = o->nrows = 0;
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
