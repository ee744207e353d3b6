/* inisrc.c — see inisrc.h. */
#include "inisrc.h"
#include <stdio.h>

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
