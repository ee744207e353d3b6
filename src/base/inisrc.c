/* SPDX-License-Identifier: MIT */
/* inisrc.c — see inisrc.h. */
#include "inisrc.h"
#include "parse.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *ini_src_reader(char *str, int num, void *stream)
{
    ini_src *c = stream;
    if (c->pos >= c->len) return NULL;
    size_t i = 0;
    while (c->pos < c->len && i + 1 < (size_t)num) {
        char ch = c->text[c->pos++];
        str[i++] = ch;
        if (ch == '\n') break;
    }
    str[i] = 0;
    c->line++;
    c->continuation = str[0] == ' ' || str[0] == '\t';
    const char *t = str;
    while (*t == ' ' || *t == '\t') t++;
    if (*t == '[') c->section_line = c->line;
    if (i + 1 >= (size_t)num && str[i - 1] != '\n' && c->pos < c->len && !c->err[0])
        snprintf(c->err, sizeof c->err, "%s:%d: line longer than %d bytes (go on over an indented line)",
                 c->name, c->line, num - 2);
    return str;
}

void ini_src_parse(ini_src *src, ini_handler handler, void *user)
{
    if (memchr(src->text, 0, src->len)) {
        snprintf(src->err, sizeof src->err, "%s: not a text file (NUL byte)", src->name);
        return;
    }
    /* names and texts of the file are printed, in JSON too, which is UTF-8 */
    int line = 1;
    for (const char *p = src->text, *e = p + src->len; p < e; line++) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        const char *end = nl ? nl : e;
        if (!utf8_valid((const unsigned char *)p, (size_t)(end - p))) {
            snprintf(src->err, sizeof src->err, "%s:%d: not UTF-8 text (save the file as UTF-8)",
                     src->name, line);
            return;
        }
        p = end + 1;
    }
    int rc = ini_parse_stream(ini_src_reader, src, handler, user);
    if (rc != 0 && !src->err[0])
        snprintf(src->err, sizeof src->err, "%s:%d: expected [section] or key = value", src->name,
                 rc > 0 ? rc : src->line);
}

#define INI_FILE_CAP (1u << 20)

char *ini_file_read(const char *path, size_t *len, rmk_status *st, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *st = RMK_ERR_NOINPUT;
        snprintf(err, errlen, "%s: cannot open", path);
        return NULL;
    }
    char *buf = malloc(INI_FILE_CAP);
    size_t n = buf ? fread(buf, 1, INI_FILE_CAP, f) : 0;
    int big = buf && n == INI_FILE_CAP, ioerr = ferror(f);
    fclose(f);
    if (!buf || big || ioerr) {
        free(buf);
        *st = !buf ? RMK_ERR_NOMEM : big ? RMK_ERR_CONFIG : RMK_ERR_IO;
        snprintf(err, errlen, "%s: %s", path,
                 !buf ? "out of memory" : big ? "larger than 1 MiB" : "cannot read");
        return NULL;
    }
    *len = n;
    return buf;
}
