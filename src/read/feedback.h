/* SPDX-License-Identifier: MIT */
/* feedback.h — internal: the feedback file (SPEC §2 "Feedback / surveys"):
 * one row per answer with customer, date, NPS (0-10) and/or satisfaction
 * (an integer scale, usually 1-5). Read whole; several answers per
 * customer are kept (a survey each quarter), sorted by date, and looked up
 * by customer id. */
#ifndef RMK_FEEDBACK_H
#define RMK_FEEDBACK_H
#include "relmark.h"

/* One answer. day: a day number (never RMK_NO_DATE); nps 0..10 and sat
 * within [sat_min, sat_max], -1 when empty (never both); line: the
 * 1-based physical line of the row in the file. */
typedef struct fb_score {
    int32_t day;
    int8_t nps;
    int8_t sat;
    uint64_t line;
} fb_score;

/* A customer: id (UTF-8, NUL-terminated, owned by the feedback; 1..1024
 * bytes) and its answers scores[first .. first+count), sorted by day, then
 * line; count >= 1. */
typedef struct fb_customer {
    const char *id;
    size_t id_len;
    size_t first, count;
} fb_customer;

typedef struct feedback feedback;

#define FB_SAT_MIN 1 /* the usual satisfaction scale: 1-5 */
#define FB_SAT_MAX 5

/* rows: data rows read (not the header); skipped: bad rows skipped under
 * skip_bad; after_as_of: rows dated after o->as_of, ignored; first_error:
 * the first skipped row's message, "" if none. */
typedef struct feedback_stats {
    uint64_t rows, skipped, after_as_of;
    char first_error[512];
} feedback_stats;

/* Reads the file (path "-" = stdin). From o (NULL: defaults): encoding,
 * delimiter, date format, skip_bad, as_of; the map and no_header are not
 * used: columns by header name. Satisfaction is an integer in
 * [sat_min, sat_max], 0 <= sat_min < sat_max <= 100 (else RMK_ERR_USAGE);
 * the usual scale is FB_SAT_MIN..FB_SAT_MAX. A bad row is RMK_ERR_DATA with
 * "file:line:column: what" in err (unless skip_bad); a missing column is
 * RMK_ERR_DATA "file:1: ...". On success *out is the feedback (free with
 * feedback_free()); on failure *out is NULL and nothing is kept. */
rmk_status feedback_read(const char *path, const rmk_read_opts *o, int sat_min, int sat_max,
                         feedback **out, char *err, size_t errlen);
/* The same over a memory block; name is the file name in messages. */
rmk_status feedback_read_mem(const char *data, size_t len, const char *name,
                             const rmk_read_opts *o, int sat_min, int sat_max, feedback **out,
                             char *err, size_t errlen);
void feedback_free(feedback *f); /* accepts NULL */

size_t feedback_customer_count(const feedback *f);
/* Customers in id byte order, i < feedback_customer_count(); NULL past it. */
const fb_customer *feedback_customer_at(const feedback *f, size_t i);
/* The customer with this id (len bytes); NULL if absent. */
const fb_customer *feedback_find(const feedback *f, const char *id, size_t len);
/* All answers; index with fb_customer.first. */
const fb_score *feedback_scores(const feedback *f);
void feedback_get_stats(const feedback *f, feedback_stats *s);

/* The latest non-empty NPS of customer c dated on or before `day`
 * (RMK_NO_DATE: any day); of several on that day, the one lowest in the
 * file. Returns 1 and sets *nps (0..10) and *nps_day, or 0 when none. */
int feedback_latest_nps(const feedback *f, const fb_customer *c, int32_t day, int *nps,
                        int32_t *nps_day);
/* Likewise for satisfaction (*sat within the scale read with). */
int feedback_latest_sat(const feedback *f, const fb_customer *c, int32_t day, int *sat,
                        int32_t *sat_day);
#endif
