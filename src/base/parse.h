/* SPDX-License-Identifier: MIT */
/* parse.h — internal: field-level parsers shared by the readers. */
#ifndef RMK_PARSE_H
#define RMK_PARSE_H
#include "relmark.h"
#include <stdbool.h>

/* Day number -> civil year, month (1-12), day (1-31). */
void civil_from_days(int32_t day, int *y, int *m, int *d);
/* 1 if [s, s+len) is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const unsigned char *s, size_t len);
/* Lower-cases ASCII and Cyrillic (А-Я, Ё) in UTF-8, trims blanks, maps
 * blanks/'-'/'.' to '_'. Writes at most cap-1 bytes + NUL into out. */
void header_normalise(const char *s, size_t len, char *out, size_t cap);
/* Parse a decimal integer 1..max (for column numbers, --bins). -1 if bad. */
long parse_small_uint(const char *s, size_t len, long max);

/* Blanks and tabs off both ends of a field (in place on the pointer). */
void field_trim(const char **p, size_t *len);
/* An invoice cell as it names a purchase (docs/rfm.md, "Frequency"): spaces
 * (only ' ') off both ends, in place on the pointer. Shared by the reader and
 * the PostgreSQL extension (pg/), so both count the same purchases. */
void invoice_trim(const char **p, size_t *len);
/* A field for a message into out (cap bytes): control bytes as '?', long
 * ones cut after 41 bytes with "...". */
void field_excerpt(const char *p, size_t len, char *out, size_t cap);

/* A whole-number answer or score: an optional sign, digits, and optionally
 * '.' or ',' with zeros only ("7.0" is 7). Returns 0 and *v (its size
 * capped at `cap`, enough to tell it is out of range), 1 when empty, -1
 * when not a number, -2 when a number with a fraction. */
int parse_whole_answer(const char *p, size_t len, long cap, long *v);

#define ID_MAX 1024 /* bytes in a customer id (or a survey's respondent) */
/* Why a trimmed field cannot be an id (NULL when it can): empty (unless
 * may_be_empty), longer than ID_MAX, holding a NUL byte (it would cut the id
 * short as a C string: two ids would print and merge as one) or not UTF-8.
 * The message names the field by `what` ("customer id"); written into buf. */
const char *id_problem(const char *what, const char *p, size_t len, int may_be_empty, char *buf,
                       size_t cap);
#endif
