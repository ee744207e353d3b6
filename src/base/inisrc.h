/* SPDX-License-Identifier: MIT */
/* inisrc.h — internal: INI text fed to inih line by line, so that a handler
 * knows the line it is called for (Debian's inih is built without
 * INI_HANDLER_LINENO), the line of the last [section] header and whether
 * the line was indented (a continuation). Shared by the segment maps and
 * the rating scale. */
#ifndef RMK_INISRC_H
#define RMK_INISRC_H
#include "relmark.h"
#include <ini.h>
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

/* Runs inih over src's text with the handler; the first problem (a NUL
 * byte, a line that is neither [section] nor key = value) in src->err,
 * unless the handler put one there first. */
void ini_src_parse(ini_src *src, ini_handler handler, void *user);

/* A config file read whole: at most 1 MiB (maps and scales are small).
 * Returns the bytes (the caller frees) and *len, or NULL with *st
 * (NOINPUT, CONFIG for too large, IO, NOMEM) and a message in err. */
char *ini_file_read(const char *path, size_t *len, rmk_status *st, char *err, size_t errlen);
#endif
