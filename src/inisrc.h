/* inisrc.h — internal: INI text fed to inih line by line, so that a handler
 * knows the line it is called for (Debian's inih is built without
 * INI_HANDLER_LINENO), the line of the last [section] header and whether
 * the line was indented (a continuation). Shared by the segment maps and
 * the rating scale. */
#ifndef RMK_INISRC_H
#define RMK_INISRC_H
#include <stddef.h>

typedef struct ini_src {
    const char *name;  /* for messages: a file name */
    const char *text;
    size_t len, pos;
    int line;          /* of the line just read, 1-based */
    int section_line;  /* of the last [section] header */
    int continuation;  /* the line just read starts with a blank */
    char err[512];     /* the first error, "" while none */
} ini_src;

/* An ini_reader for ini_parse_stream(); stream is an ini_src. A line longer
 * than inih's buffer is an error in src->err. */
char *ini_src_reader(char *str, int num, void *stream);
#endif
