/* SPDX-License-Identifier: MIT */
/* survey.h — internal to the relationship-quality survey (docs/survey.md),
 * in three files: the questionnaire (survey_questionnaire.c), the answers
 * file read into rows (survey_answers.c) and the scoring (survey.c). */
#ifndef RMK_SURVEY_H
#define RMK_SURVEY_H
#include "relmark.h"
#include "csv.h"
#include <string.h>

/* ---------------------------------------------------- the questionnaire */

#define KEY_MAX 32         /* bytes in a component or item key */
#define TEXT_MAX 640       /* an item's text, per language */
#define NAME_MAX_ 192      /* a title or a component name */
#define LABEL_MAX 48       /* a component's short label */
#define ITEMS_TEXT_MAX 4096

typedef struct sv_item {
    char key[KEY_MAX + 1];
    char text[2][TEXT_MAX];
    int reverse, has_reverse;
    int component; /* -1 until a component lists it */
    int line;      /* of its [item KEY] header */
} sv_item;

typedef struct sv_component {
    char key[KEY_MAX + 1];
    char name[2][NAME_MAX_];
    char label[2][LABEL_MAX];
    double weight;
    int has_weight, has_items, items_line, line;
    char items_text[ITEMS_TEXT_MAX];
    int nitems;
    int item[RMK_SURVEY_MAX_ITEMS];
} sv_component;

struct rmk_questionnaire {
    char title[2][NAME_MAX_];
    int min, max, has_min, has_max, scale_line;
    double weak_overall, weak_component;
    int has_weak_overall, has_weak_component;
    int ncomp, nitem;
    sv_component comp[RMK_SURVEY_MAX_COMPONENTS];
    sv_item item[RMK_SURVEY_MAX_ITEMS];
};

/* The item whose key is exactly key (already normalised); -1 if none. */
int survey_item_index(const rmk_questionnaire *q, const char *key);
/* 1 if key names a column of the answers file other than the items
 * (customer_id, respondent, date, item, answer and their synonyms): no item
 * may take such a key. */
int survey_answers_column(const char *key);

/* ---------------------------------------------------------- the answers */

#define MISSING INT16_MIN       /* an empty answer cell */
#define DROPPED (INT16_MIN + 1) /* a repeated answer skipped under skip_bad */

/* One answer cell while reading (or a placeholder, item -1, for a wide row
 * without any answer). Offsets into the arena until it is complete. */
typedef struct sv_row {
    union { size_t off; const char *p; } id, resp;
    size_t id_len, resp_len;
    uint64_t seq;  /* wide: the row's line (each row one response); long: 0 */
    uint64_t line;
    int32_t day;   /* RMK_NO_DATE: undated */
    int16_t item;  /* -1: placeholder */
    int16_t value; /* MISSING: empty cell */
    uint32_t col;  /* 1-based column of the item (long) or the cell (wide) */
} sv_row;

/* The rows read, their ids and respondents in one arena. */
typedef struct sv_reader {
    sv_row *r;
    size_t n, cap;
    char *arena;
    size_t used, acap;
    size_t last_id_off, last_id_len, last_resp_off, last_resp_len; /* len 0 = none */
    uint64_t first_error_line;
    rmk_survey_stats st;
} sv_reader;

/* Every row of the answers file (long or wide form) on or before as_of
 * into rd, each cell checked with file:line:column; under o->skip_bad a bad
 * row is counted and skipped. */
rmk_status survey_answers_read(csv_reader *cr, const rmk_questionnaire *q, const rmk_read_opts *o,
                               int32_t as_of, sv_reader *rd, char *err, size_t errlen);
/* The rows, their ids now pointers, sorted into responses (customer,
 * respondent, date, seq) and items; an item answered twice in a response
 * is an error (fname:line:col), or with skip_bad dropped. */
rmk_status survey_answers_sort(sv_reader *rd, const rmk_questionnaire *q, const char *fname,
                               int skip_bad, char *err, size_t errlen);

/* Byte order of two ids. */
static inline int survey_cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}

/* The response a row belongs to: (customer, respondent, date, seq). */
static inline int survey_response_cmp(const sv_row *a, const sv_row *b)
{
    int c = survey_cmp_bytes(a->id.p, a->id_len, b->id.p, b->id_len);
    if (c) return c;
    c = survey_cmp_bytes(a->resp.p, a->resp_len, b->resp.p, b->resp_len);
    if (c) return c;
    if (a->day != b->day) return a->day < b->day ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}
#endif
