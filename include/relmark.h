/* SPDX-License-Identifier: MIT */
/*
 * relmark.h — the one public header of librelmark: relationship-marketing
 * analytics (the methods of the lecture "Relationship marketing in services").
 *
 * Conventions
 * - Errors, one convention everywhere: a fallible function returns an
 *   rmk_status (RMK_OK is 0; a constructor returns NULL and the status in
 *   *st) and writes its message into the caller's buffer `err` of `errlen`
 *   bytes ("file:line:column: what" for a bad row; NULL or 0: no message).
 *   rmk_status_exit_code() maps a status to the CLI's exit code. There is no
 *   global error state, so handles may be used from different threads as
 *   long as one handle is used by one thread at a time.
 * - Create/free pairs; every *_free() accepts NULL.
 * - Dates are day numbers: days since 1970-01-01 (proleptic Gregorian), int32.
 * - Money is exact: int64 in minor units of 1/10,000 of the currency unit
 *   (RMK_MONEY_SCALE). Sums are never taken in floating point.
 * - The library never exits or aborts on bad input or out-of-memory.
 */
#ifndef RELMARK_H
#define RELMARK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define RMK_API __attribute__((visibility("default")))
#else
#define RMK_API
#endif

#define RELMARK_VERSION "0.1.0"
#define RMK_MONEY_SCALE 10000 /* minor units per currency unit */
#define RMK_NO_DATE INT32_MIN /* "not given" for day numbers */

/* ---------------------------------------------------------------- status */

/* Stable, explicitly numbered: programs may store them. */
typedef enum rmk_status {
    RMK_OK = 0,
    RMK_ERR_USAGE = 1,   /* a bad argument or option value */
    RMK_ERR_DATA = 2,    /* malformed input data (file:line:column in message) */
    RMK_ERR_NOINPUT = 3, /* an input file cannot be opened */
    RMK_ERR_IO = 4,      /* a read or write failed */
    RMK_ERR_NOMEM = 5,   /* out of memory */
    RMK_ERR_CONFIG = 6,  /* a config file (e.g. a segment map) is invalid */
    RMK_ERR_EMPTY = 7    /* nothing to analyse (no customer with a purchase) */
} rmk_status;

/* "ok", "usage", "data", ... ; a static string, never NULL. */
RMK_API const char *rmk_status_name(rmk_status st);
/* The sysexits(3) code a program should exit with: 0, 64 usage, 65 data,
 * 66 no input, 74 I/O, 71 out of memory, 78 config, 65 empty. */
RMK_API int rmk_status_exit_code(rmk_status st);

/* ---------------------------------------------------------------- parsing */

typedef enum rmk_date_format {
    RMK_DATE_AUTO = 0, /* ISO 8601 date or date-time, YYYYMMDD, DD.MM.YYYY, YYYY/MM/DD */
    RMK_DATE_DMY = 1,  /* as AUTO, and DD/MM/YYYY or DD-MM-YYYY */
    RMK_DATE_MDY = 2   /* as AUTO, and MM/DD/YYYY or MM-DD-YYYY */
} rmk_date_format;

/* Parse one date field (no surrounding blanks expected, but tolerated).
 * A time of day after the date (ISO 'T' or a blank) is accepted and ignored.
 * Returns RMK_OK and sets *day, or RMK_ERR_DATA for anything else, including
 * impossible dates (31.02.2026) and day-month or month-day dates written with
 * '/' or '-' under RMK_DATE_AUTO (03/04/2026 cannot be told apart). */
RMK_API rmk_status rmk_date_parse(const char *s, size_t len, rmk_date_format fmt,
                                  int32_t *day);
/* Day number -> "YYYY-MM-DD" into buf (at least 11 bytes). Returns buf. */
RMK_API char *rmk_date_format_iso(int32_t day, char *buf);
/* Civil date -> day number (no validation of month/day ranges). */
RMK_API int32_t rmk_days_from_civil(int y, int m, int d);

/* Parse an amount into minor units (1/10,000). Accepts a sign, a decimal
 * point or comma, thousands separators (space, U+00A0, U+202F, apostrophe, and
 * the other of '.'/',' when both appear), and a magnitude up to
 * 922,337,203,685,477.5807 (INT64_MAX minor units). A single '.' or ','
 * is the decimal mark ("1,234" is 1.234). Digits beyond the 4th decimal are
 * rounded half away from zero.
 * Returns RMK_OK or RMK_ERR_DATA. */
RMK_API rmk_status rmk_money_parse(const char *s, size_t len, int64_t *minor);
/* Format minor units rounded half away from zero to `decimals` (0..4) places
 * with '.' or ',' as the decimal mark. buf needs 32 bytes. Returns buf. */
RMK_API char *rmk_money_format(int64_t minor, int decimals, char decimal_mark, char *buf);

/* ------------------------------------------------------- reading exports */

typedef struct rmk_read_opts {
    const char *encoding;      /* NULL or "auto": UTF-16 by its byte order
                                  mark or NUL bytes, else UTF-8, or CP1251
                                  when the first block is not valid UTF-8;
                                  "utf-8"; "cp1251" (alias "windows-1251");
                                  "utf-16", "utf-16le", "utf-16be" */
    char delimiter;            /* 0: detect among , ; TAB | and blanks;
                                  ' ': runs of blanks (whitespace-separated) */
    const char *sheet;         /* the file is an Excel workbook (.xlsx, .xls,
                                  told by its first bytes; encoding and
                                  delimiter do not apply): the sheet to read,
                                  by name; NULL: its first visible worksheet.
                                  Given for a text file: RMK_ERR_USAGE. The
                                  transactions file (or the survey's answers)
                                  only: the other files read their first sheet */
    int no_header;             /* 1: the first line is data; needs map */
    const char *map;           /* "customer=NAME|N,date=...,amount=...,invoice=..."
                                  N is a 1-based column number; NULL: by header */
    rmk_date_format date_format;
    int skip_bad;              /* 1: skip malformed rows and count them */
    int32_t as_of;             /* rows dated after it are ignored;
                                  RMK_NO_DATE: keep all */
    /* Called now and then while reading (from the reading thread): input
     * bytes read so far and the file's size (0 when unknown, e.g. a pipe).
     * NULL: no calls. */
    void (*progress)(void *ctx, uint64_t bytes_read, uint64_t size);
    void *progress_ctx;
    int threads;               /* rmk_agg_read_file and every call that reads
                                  transactions (rating, retention, stages ...):
                                  1 = read and aggregate in the caller's
                                  thread, and a book's analyses run their
                                  parts one after another; 0 (default) or 2 =
                                  a second thread reads while the caller's
                                  thread aggregates, and independent parts of
                                  an analysis (a rating beside a CLV fit) run
                                  side by side -- the same results */
    /* What the rows mean (docs/input.md, "Rows left out"). */
    int32_t from;              /* rows dated before it are left out and
                                  counted; RMK_NO_DATE: keep all */
    const char *const *include; /* n_include entries "COLUMN=V1,V2": a row is
                                  kept only when, for each entry, COLUMN's
                                  cell (blanks trimmed) is one of the values */
    size_t n_include;
    const char *const *exclude; /* n_exclude entries "COLUMN=V1,V2": a row
                                  whose COLUMN is one of the values is left out */
    size_t n_exclude;
    int id_lower;              /* 1: customer ids folded to lower case (ASCII
                                  and Cyrillic letters) after trimming */
    char decimal_mark;         /* 0: decided per money column from its values
                                  (docs/input.md, "Amounts"); '.' or ',' */
    int skip_lines;            /* -1 (default): the header is the first of
                                  the first 10 records that names the roles;
                                  N >= 0: N records are skipped, the next is
                                  the header */
    const char *rejects;       /* a file to write each row left out as bad,
                                  guest or totals row to, as CSV
                                  "line,reason,row"; NULL: none */
    /* Called from the reading thread with one line of text for the user:
     * the columns used ("columns: customer=Email, ..."), the rows left out
     * and why, doubts about the as-of date. NULL: no calls. */
    void (*note)(void *ctx, const char *text);
    void *note_ctx;
} rmk_read_opts;

/* Defaults: auto encoding, detected delimiter, header present, auto dates. */
RMK_API void rmk_read_opts_init(rmk_read_opts *o);

/* ------------------------------------------- per-customer aggregates */

/* The per-customer aggregate of a transaction log: first and last purchase
 * day, distinct purchases, net amount. Memory grows with customers and with
 * distinct (customer, invoice) or (customer, day) purchases, not with rows. */
typedef struct rmk_agg rmk_agg;

/* Returns a new, empty aggregate or NULL when out of memory. */
RMK_API rmk_agg *rmk_agg_new(void);
RMK_API void rmk_agg_free(rmk_agg *a);

/* Stream a transactions file (path "-" = stdin) into the aggregate.
 * On RMK_ERR_DATA the message names "file:line:column: what". With
 * o->skip_bad the bad rows are skipped and counted instead. The aggregate of
 * a failed read must not be used for scoring (free it). */
RMK_API rmk_status rmk_agg_read_file(rmk_agg *a, const char *path, const rmk_read_opts *o,
                                     char *err, size_t errlen);

/* Add one transaction row (for programs that have parsed data already).
 * invoice may be NULL: a purchase is then a distinct (customer, day).
 * amount < 0 is a return: it reduces the net amount, is not a purchase.
 * Returns RMK_OK, RMK_ERR_DATA (empty id, id not UTF-8, overflow),
 * RMK_ERR_USAGE (after rmk_agg_seal) or RMK_ERR_NOMEM. */
RMK_API rmk_status rmk_agg_add(rmk_agg *a, const char *customer, size_t customer_len,
                               const char *invoice, size_t invoice_len, int32_t day,
                               int64_t amount_minor, char *err, size_t errlen);

/* Done adding rows: frees the lookup tables (the larger part of the memory
 * for files with many invoices) and keeps the per-customer aggregates for
 * scoring. Adding a row afterwards returns RMK_ERR_USAGE. */
RMK_API void rmk_agg_seal(rmk_agg *a);

typedef struct rmk_agg_stats {
    uint64_t rows;           /* data rows read (not the header, not blank lines) */
    uint64_t rows_skipped;   /* malformed rows skipped under skip_bad */
    uint64_t rows_after_as_of; /* rows ignored: dated after as_of */
    uint64_t returns;        /* rows with a negative amount */
    size_t customers;        /* distinct customers seen */
    int32_t first_day, last_day; /* over all rows kept; RMK_NO_DATE when none */
    char first_error[512];   /* the first skipped row's message, "" if none */
    uint64_t rows_guest;     /* rows with an empty customer id, left out */
    uint64_t rows_totals;    /* totals rows (Итого, Total ... and no date), left out */
    uint64_t rows_filtered;  /* rows left out by include/exclude */
    uint64_t rows_before_from; /* rows dated before `from`, left out */
    char columns[512];       /* the columns used, as the note prints them:
                                "customer=Email, date='Created at', amount=Total" */
} rmk_agg_stats;
RMK_API void rmk_agg_get_stats(const rmk_agg *a, rmk_agg_stats *s);

/* ---------------------------------------------------- the customer book */

/* The customer book: ONE read of a transactions file (a path, "-" for
 * standard input, or any pipe or FIFO), holding what the analyses need --
 * the per-customer aggregate (RFM's), each customer's purchase days with
 * their net sales, the invoices' payment terms and the rows' margins when
 * asked for, the customers file and the feedback file when given, and the
 * reading statistics. Every analysis then runs on the book (rmk_rfm_score
 * on rmk_book_agg, rmk_rate_run, rmk_stages_run, ...), and an analysis that
 * needs another runs it on the same book: nothing reads the file again.
 * Memory: the aggregate's (customers and distinct purchases, freed to the
 * customers when the read ends) plus, with RMK_BOOK_DAYS, 16 bytes per
 * distinct (customer, day) -- 16 per row while reading, as consecutive rows
 * of one purchase merge; with RMK_BOOK_PAYMENTS 24 bytes per run of rows
 * with the same terms, with RMK_BOOK_MARGINS 24 per (customer, day) run.
 * docs/library.md, "The customer book". */
typedef struct rmk_book rmk_book;

#define RMK_BOOK_DAYS 1u     /* each customer's purchase days (life cycle, CLV, retention, ...) */
#define RMK_BOOK_PAYMENTS 2u /* the invoices' due date, paid date, prepaid flag (the rating) */
#define RMK_BOOK_MARGINS 4u  /* each row's margin: a margin column, or amount - cost */
#define RMK_BOOK_RFM 8u      /* each customer's distinct purchases (RFM's frequency, the life
                                cycle's purchase counts): the set of purchases is kept while
                                reading; without it the read is faster and smaller */
#define RMK_BOOK_ALL 15u

typedef struct rmk_book_opts {
    unsigned need;         /* RMK_BOOK_* bits; 0: the aggregate only, as RMK_BOOK_RFM */
    const char *customers; /* the customers file, or NULL: its clients join the
                              book (after the transactions' customers) */
    const char *feedback;  /* the feedback file (NPS, satisfaction), or NULL */
    int sat_min, sat_max;  /* the feedback file's satisfaction scale (default 1-5) */
} rmk_book_opts;
RMK_API void rmk_book_opts_init(rmk_book_opts *o);

/* Reads path once with the reading options ro (NULL: defaults; ro->as_of
 * drops later rows) and the side files of bo (NULL: none). RMK_OK and a
 * book to free with rmk_book_free(), or an error status with the message
 * ("file:line:column: what") in err. */
RMK_API rmk_status rmk_book_read(const char *path, const rmk_read_opts *ro,
                                 const rmk_book_opts *bo, rmk_book **out, char *err,
                                 size_t errlen);
RMK_API void rmk_book_free(rmk_book *b);
/* The per-customer aggregate (sealed), for rmk_rfm_score; NULL when the book
 * was read without RMK_BOOK_RFM. With a customers file it also holds that
 * file's clients without rows (no purchase). */
RMK_API rmk_agg *rmk_book_agg(const rmk_book *b);
/* What was read (rows, skipped, after the as-of date, first and last day). */
RMK_API void rmk_book_get_stats(const rmk_book *b, rmk_agg_stats *s);
/* The path it was read from, for messages. */
RMK_API const char *rmk_book_path(const rmk_book *b);

/* --------------------------------------------------------- segment maps */

/* A segment map names groups of RFM cells ("Champions: R5 F4-5"). */
typedef struct rmk_segmap rmk_segmap;

typedef enum rmk_segmap_builtin {
    RMK_SEGMAP_TEN = 0,          /* the widely used ten-segment map on R and F */
    RMK_SEGMAP_RELATIONSHIP = 1  /* the lecture's relationship groups */
} rmk_segmap_builtin;

/* Load a map from an INI file (see docs/segment-maps.md) and check it for
 * `bins` score groups: every cell covered exactly once. On error returns NULL
 * with RMK_ERR_CONFIG/NOINPUT/NOMEM in *st and a "file:line: ..." message in
 * err (errlen bytes). Free with rmk_segmap_free(). */
RMK_API rmk_segmap *rmk_segmap_load(const char *path, int bins, rmk_status *st, char *err,
                                    size_t errlen);
/* Parse a map from INI text; `name` is used in messages (e.g. a file name). */
RMK_API rmk_segmap *rmk_segmap_parse(const char *text, size_t len, const char *name,
                                     int bins, rmk_status *st, char *err, size_t errlen);
/* A shipped map (for 5 bins). */
RMK_API rmk_segmap *rmk_segmap_builtin_new(rmk_segmap_builtin which, rmk_status *st,
                                           char *err, size_t errlen);
RMK_API void rmk_segmap_free(rmk_segmap *m);
RMK_API int rmk_segmap_count(const rmk_segmap *m);
RMK_API int rmk_segmap_bins(const rmk_segmap *m); /* the score groups it was checked for */
/* Segment index for a cell, or -1. Scores are 1..bins. */
RMK_API int rmk_segmap_lookup(const rmk_segmap *m, int r, int f, int mon);
/* Key (e.g. "champions"), English and Russian names; static for the map's life. */
RMK_API const char *rmk_segmap_key(const rmk_segmap *m, int seg);
RMK_API const char *rmk_segmap_name(const rmk_segmap *m, int seg, const char *lang);
/* What to do for the segment ("" when the map gives nothing); lang "en"/"ru". */
RMK_API const char *rmk_segmap_action(const rmk_segmap *m, int seg, const char *lang);
RMK_API const char *rmk_segmap_title(const rmk_segmap *m, const char *lang);

/* ------------------------------------------------------------------ RFM */

typedef enum rmk_ties { RMK_TIES_KEEP = 0, RMK_TIES_SPLIT = 1 } rmk_ties;
typedef enum rmk_monetary { RMK_MONETARY_AVERAGE = 0, RMK_MONETARY_TOTAL = 1 } rmk_monetary;

typedef struct rmk_rfm_opts {
    int32_t as_of;          /* RMK_NO_DATE: the latest transaction date */
    int bins;               /* score groups, 2..9 (default 5) */
    rmk_ties ties;          /* default RMK_TIES_KEEP */
    rmk_monetary monetary;  /* default RMK_MONETARY_AVERAGE */
    const rmk_segmap *segments; /* NULL: no segments; borrowed, must outlive the result */
    /* User cut-points instead of equal groups, per measure (docs/rfm.md,
     * "Cut-points"): ncuts[k] = 0 (default: equal groups) or bins - 1
     * strictly ascending values of measure k (0 R in days, 1 F in purchases,
     * 2 M in minor units, 1/10,000). R: recency <= cuts[0][0] scores bins,
     * each cut passed one less (a cut is the last day of its group); F and
     * M: a value >= cuts[k][j] scores at least j + 2 (a cut is the first
     * value of its group). */
    int ncuts[3];
    int64_t cuts[3][8];
} rmk_rfm_opts;
RMK_API void rmk_rfm_opts_init(rmk_rfm_opts *o);

/* One scored customer. monetary is the exact rational
 * monetary_num / monetary_den currency minor units (den = frequency for the
 * average, 1 for the total). */
typedef struct rmk_rfm_customer {
    const char *customer_id; /* NUL-terminated, owned by the aggregate; id_len
                                bytes (an id may hold a NUL byte of its own) */
    size_t id_len;
    int32_t recency_days;    /* as_of - last purchase day, >= 0 */
    int32_t first_purchase_day, last_purchase_day;
    int64_t frequency;       /* distinct purchases, >= 1 */
    int64_t net_minor;       /* purchases minus returns, minor units */
    int64_t monetary_num, monetary_den;
    int r, f, m;             /* scores 1..bins, bins = best */
    int segment;             /* index into the map, -1 without a map */
} rmk_rfm_customer;

typedef struct rmk_rfm rmk_rfm;

/* Score every customer with at least one purchase on or before as_of, per
 * the lecture: sort (R ascending days, F and M descending), split into `bins`
 * groups, best group scores `bins`. The aggregate must outlive the result
 * (ids point into it). Returns RMK_OK and a result to free with
 * rmk_rfm_free(), RMK_ERR_EMPTY when no customer can be scored,
 * RMK_ERR_USAGE for bad options (message in err). */
RMK_API rmk_status rmk_rfm_score(const rmk_agg *a, const rmk_rfm_opts *o, rmk_rfm **out,
                                 char *err, size_t errlen);
RMK_API void rmk_rfm_free(rmk_rfm *x);

RMK_API size_t rmk_rfm_count(const rmk_rfm *x);
/* Customers in ascending byte order of id; i < rmk_rfm_count(). */
RMK_API const rmk_rfm_customer *rmk_rfm_at(const rmk_rfm *x, size_t i);
RMK_API int32_t rmk_rfm_as_of(const rmk_rfm *x);
RMK_API int rmk_rfm_bins(const rmk_rfm *x);
/* The segment map it was scored with (borrowed by it), or NULL. */
RMK_API const rmk_segmap *rmk_rfm_segments(const rmk_rfm *x);
/* Customers seen with returns only (no purchase): not scored. */
RMK_API size_t rmk_rfm_unscored(const rmk_rfm *x);

/* The cut-offs: the range of a measure among customers with a score.
 * measure: 'r', 'f' or 'm'. Returns 0 when no customer has that score.
 * For 'r' and 'f' lo/hi are days and purchases (den = 1); for 'm' each is
 * the rational num/den minor units. */
typedef struct rmk_rfm_cutoff {
    size_t customers;
    int64_t lo_num, lo_den, hi_num, hi_den;
} rmk_rfm_cutoff;
RMK_API int rmk_rfm_cutoff_get(const rmk_rfm *x, char measure, int score, rmk_rfm_cutoff *c);

/* ---------------------------------------------------- client rating scale */

/* The firm's scale for rating corporate clients (lecture §3, "Client rating
 * scale"; SPEC §3.2): bands and points per criterion, categories by total,
 * a service package per category. Read from an INI file (docs/rating.md);
 * the lecture's table ships as the default. */
typedef struct rmk_scale rmk_scale;

typedef enum rmk_criterion {
    RMK_CRIT_SHARE = 0,       /* share of turnover in the window, percent */
    RMK_CRIT_COOPERATION = 1, /* whole months of cooperation */
    RMK_CRIT_PAYMENT = 2,     /* timeliness of payment */
    RMK_CRIT_GROWTH = 3       /* average monthly sales growth, percent */
} rmk_criterion;

/* How an invoice, and then a client, paid (SPEC §3.2). */
typedef enum rmk_payment {
    RMK_PAY_UNKNOWN = 0, /* no payment data: 0 points, flagged, never guessed */
    RMK_PAY_PREPAID = 1, /* paid on or before the invoice date, or flagged prepaid */
    RMK_PAY_ON_TIME = 2, /* paid by the due date (+ grace days) */
    RMK_PAY_LATE = 3,    /* paid after it, or unpaid and past due at the as-of date */
    RMK_PAY_PENDING = 4  /* unpaid, not yet due: not counted */
} rmk_payment;
RMK_API const char *rmk_payment_key(rmk_payment p); /* "prepaid", "on_time", ... */
/* Its label in "en" (the key) or "ru" ("предоплата", "в срок", ...). */
RMK_API const char *rmk_payment_name(rmk_payment p, const char *lang);

/* The shipped scale (the lecture's table). NULL on error (st, err). */
RMK_API rmk_scale *rmk_scale_default(rmk_status *st, char *err, size_t errlen);
/* A scale from INI text or a file, checked: bands ascending and starting at
 * the lowest value, categories covering every total from 0 to the maximum.
 * Errors are RMK_ERR_CONFIG with "name:line: what". Free with rmk_scale_free. */
RMK_API rmk_scale *rmk_scale_parse(const char *text, size_t len, const char *name,
                                   rmk_status *st, char *err, size_t errlen);
RMK_API rmk_scale *rmk_scale_load(const char *path, rmk_status *st, char *err, size_t errlen);
RMK_API void rmk_scale_free(rmk_scale *s);

RMK_API int rmk_scale_window_months(const rmk_scale *s); /* default 12 */
RMK_API int rmk_scale_grace_days(const rmk_scale *s);    /* default 0 */
RMK_API int rmk_scale_max_total(const rmk_scale *s);     /* most points a client can get */

/* Points of a measured value. Share: the client's and all clients' net sales
 * in the window (minor units), compared exactly. Growth: first and last
 * quarter sales; *known = 0 (and the "unknown" points) when the first
 * quarter has no sales. */
RMK_API int rmk_scale_share_points(const rmk_scale *s, int64_t client_net, int64_t total_net);
RMK_API int rmk_scale_cooperation_points(const rmk_scale *s, int months);
RMK_API int rmk_scale_payment_points(const rmk_scale *s, rmk_payment p);
RMK_API int rmk_scale_growth_points(const rmk_scale *s, int64_t first_quarter,
                                    int64_t last_quarter, int *known);

/* Categories, from the highest minimum total down; the category of a total. */
RMK_API int rmk_scale_category_count(const rmk_scale *s);
RMK_API int rmk_scale_category(const rmk_scale *s, int total);
RMK_API const char *rmk_scale_category_key(const rmk_scale *s, int c); /* "strategic_partner" */
RMK_API const char *rmk_scale_category_name(const rmk_scale *s, int c, const char *lang);
RMK_API const char *rmk_scale_category_package(const rmk_scale *s, int c, const char *lang);
RMK_API int rmk_scale_category_min(const rmk_scale *s, int c);

/* Calendar arithmetic of the criteria (day numbers). */
/* day + n months (n may be negative): the day of month is kept, clamped to
 * the target month's length, and a month's last day maps to the target
 * month's last day (so windows ending at a month end are calendar months). */
RMK_API int32_t rmk_add_months(int32_t day, int months);
/* Whole calendar months completed from the start day to the end of the
 * as-of day, the most n with rmk_add_months(start, n) <= as_of + 1:
 * 2026-01-01 -> 2026-06-30 is 6, 2026-01-02 -> 2026-06-30 is 5; 0 when
 * start is after as_of. */
RMK_API int rmk_months_completed(int32_t start, int32_t as_of);
/* Month k (0 = oldest) of the window of `months` months ending with as_of,
 * (as_of - (months-k) months, as_of - (months-k-1) months], for a day; -1
 * when the day is outside the window. */
RMK_API int rmk_window_month(int32_t as_of, int months, int32_t day);
/* An invoice's payment class at the as-of date. due/paid RMK_NO_DATE when
 * absent; prepaid: 1 flagged, 0 not, -1 absent. UNKNOWN when nothing tells. */
RMK_API rmk_payment rmk_invoice_payment(int32_t invoice_day, int32_t due_day, int32_t paid_day,
                                        int prepaid, int32_t as_of, int grace_days);
/* A client's payment class from the counts of its invoices' classes:
 * PREPAID if all counted were prepaid, ON_TIME if all were prepaid or on
 * time, LATE if any was late, UNKNOWN if none was counted. */
RMK_API rmk_payment rmk_client_payment(size_t prepaid, size_t on_time, size_t late);

/* ------------------------------------------------------- rating clients */

typedef struct rmk_rate_opts {
    int32_t as_of;          /* RMK_NO_DATE: the latest transaction date */
    int32_t compare_to;     /* RMK_NO_DATE, or an earlier date to rate at too */
    const rmk_scale *scale; /* borrowed; NULL: the shipped scale */
    const char *customers;  /* the customers file, or NULL */
    int margins;            /* 1: also each client's margin in the window, from a
                               margin column or amount - a cost column (the
                               portfolio's profitability); 0 (default): not read */
} rmk_rate_opts;
RMK_API void rmk_rate_opts_init(rmk_rate_opts *o);

/* One rated client at the as-of date (and at compare_to when given). */
typedef struct rmk_rated_client {
    const char *customer_id;   /* NUL-terminated, owned by the rating */
    const char *name;          /* from the customers file, "" without */
    int64_t window_net;        /* net sales in the window, minor units */
    double share_pct;          /* of all clients' window net sales (display) */
    int share_points;
    int cooperation_months;    /* from the earlier of first purchase and contract start */
    int cooperation_points;
    rmk_payment payment;       /* UNKNOWN: no payment data, flagged */
    int payment_points;
    int growth_known;          /* 0: no sales in the window's first quarter */
    double growth_pct;         /* compound monthly growth, percent (display) */
    int growth_points;
    int total, category;       /* category index in the scale */
    int previous_category;     /* at compare_to; -1 without it or without data then */
    int in_customers_file;     /* 0: only in the transactions */
    int has_transactions;      /* 0: only in the customers file */
    /* with rmk_rate_opts.margins: the window's rows whose margin is known */
    int margin_known;          /* 0: no such row (no column, or empty cells) */
    int64_t window_margin;     /* their margin, minor units */
    int64_t window_margin_base; /* their amounts (net sales), minor units */
} rmk_rated_client;

/* What the scale rates a client by, measured at the as-of date over the
 * scale's window (docs/rating.md, "The criteria"). Money in minor units. */
typedef struct rmk_client_facts {
    int64_t window_net;       /* the client's net sales in the window */
    int64_t total_net;        /* all clients' (individuals' too) */
    int64_t first_quarter;    /* the client's net sales in the window's first */
    int64_t last_quarter;     /*   and last three months */
    int32_t first_purchase;   /* by the as-of date; RMK_NO_DATE: none */
    int32_t contract_start;   /* the customers file's; RMK_NO_DATE: none */
    int32_t as_of;
    size_t prepaid, on_time, late; /* the window's invoice lines by class */
} rmk_client_facts;
/* The scale's rules for one client: fills *out's window_net .. category
 * (points, total, category index, the display share and growth); leaves
 * the ids, names, previous category and margins as they are. The one rule
 * `relmark rate` and the PostgreSQL extension both apply. */
RMK_API void rmk_scale_rate_client(const rmk_scale *s, const rmk_client_facts *f,
                                   rmk_rated_client *out);

typedef struct rmk_rating rmk_rating;

/* Rate every client of a transactions file (with the invoice payment
 * columns when present) and of the customers file, per SPEC 3.2. Individuals
 * (customers file type), and prospects without invoices (status lead,
 * qualified or disqualified) are left out and counted. Returns RMK_OK and a
 * rating to free with rmk_rating_free(); errors as rmk_agg_read_file, the
 * message in err. */
RMK_API rmk_status rmk_rate_file(const char *path, const rmk_read_opts *ro, const rmk_rate_opts *o,
                                 rmk_rating **out, char *err, size_t errlen);
/* The same on a customer book read with RMK_BOOK_DAYS | RMK_BOOK_PAYMENTS
 * (and RMK_BOOK_MARGINS for o->margins); o->customers is ignored: the book's
 * customers file counts. The rating points into the book: free it first. */
RMK_API rmk_status rmk_rate_run(const rmk_book *book, const rmk_rate_opts *o, rmk_rating **out,
                                char *err, size_t errlen);
RMK_API void rmk_rating_free(rmk_rating *x);
RMK_API size_t rmk_rating_count(const rmk_rating *x);
RMK_API const rmk_rated_client *rmk_rating_at(const rmk_rating *x, size_t i); /* id order */
RMK_API int32_t rmk_rating_as_of(const rmk_rating *x);
RMK_API const rmk_scale *rmk_rating_scale(const rmk_rating *x);
/* All clients' net sales in the window (minor units). */
RMK_API int64_t rmk_rating_total_net(const rmk_rating *x);
/* Clients counted aside: in the transactions but not the customers file,
 * in the customers file without transactions, individuals left out, rows. */
typedef struct rmk_rating_stats {
    size_t not_in_customers_file, without_transactions, individuals_left_out;
    size_t prospects_left_out; /* status lead/qualified/disqualified, no invoices */
    uint64_t rows, rows_skipped, rows_after_as_of;
    char first_error[512];
} rmk_rating_stats;
RMK_API void rmk_rating_get_stats(const rmk_rating *x, rmk_rating_stats *s);

/* ------------------------------------------------ retention and cohorts */

/* At most this many periods (100 years of months) in retention, cohorts
 * and the feedback trend: a mistyped year is an error, not a huge table. */
#define RMK_MAX_PERIODS 1200

/* Periods of retention and cohorts (SPEC §3.4). */
typedef enum rmk_period { RMK_PERIOD_MONTH = 0, RMK_PERIOD_QUARTER = 1, RMK_PERIOD_YEAR = 2 } rmk_period;

/* Which customers bought in which period, and their net sales there. */
typedef struct rmk_activity rmk_activity;

/* Read a transactions file (rmk_read_opts as for RFM; rows after as_of are
 * ignored) into periods from the first to the last purchase. A customer is
 * active in a period when it made a purchase (a row >= 0) in it. Free with
 * rmk_activity_free(). */
RMK_API rmk_status rmk_activity_read_file(const char *path, const rmk_read_opts *ro,
                                          rmk_period period, rmk_activity **out, char *err,
                                          size_t errlen);
/* The same on a customer book read with RMK_BOOK_DAYS (its customers with
 * rows); the activity keeps nothing of the book. */
RMK_API rmk_status rmk_activity_run(const rmk_book *book, rmk_period period, rmk_activity **out,
                                    char *err, size_t errlen);
RMK_API void rmk_activity_free(rmk_activity *x);
RMK_API size_t rmk_activity_periods(const rmk_activity *x);
/* "2026-03", "2026-Q1" or "2026" for period i (0 = the first); buf 16 bytes. */
RMK_API char *rmk_activity_label(const rmk_activity *x, size_t i, char *buf);
/* The as-of date (a day number): the read's as_of, else the latest date of
 * a row kept. */
RMK_API int32_t rmk_activity_as_of(const rmk_activity *x);
/* Period i's length in days (*days: 28..31 a month, 90..92 a quarter,
 * 365 or 366 a year) and the days of it up to the as-of date, inclusive
 * (*covered, 1..*days). Returns 1 when the period is partial -- the as-of
 * date falls before its last day, so its counts cover only *covered days
 * (docs/retention.md, "A partial last period") -- else 0; 0 with both 0
 * when i is out of range. Only the last period can be partial. */
RMK_API int rmk_activity_partial(const rmk_activity *x, size_t i, int *covered, int *days);

/* The read: rows, rows skipped under skip_bad (with the first one's
 * message), rows after as_of. */
typedef struct rmk_activity_stats {
    uint64_t rows, rows_skipped, rows_after_as_of;
    char first_error[512];
} rmk_activity_stats;
RMK_API void rmk_activity_get_stats(const rmk_activity *x, rmk_activity_stats *s);

/* Retention in period i: of the customers active in period i-1, the share
 * also active in i; churn = 1 - retention. has_previous = 0 for the first
 * period, or when no one was active in the previous one (rates are then
 * not defined). */
typedef struct rmk_retention {
    size_t active, retained;
    int has_previous;
    double retention_rate, churn_rate;
} rmk_retention;
RMK_API void rmk_activity_retention(const rmk_activity *x, size_t i, rmk_retention *r);

/* Cohort table: cohort c = customers whose first purchase is in period c;
 * at k periods since, how many of them bought (customers) and their net
 * sales (revenue, minor units, returns included). c + k < periods. */
typedef struct rmk_cohort_cell {
    size_t customers;
    int64_t revenue;
} rmk_cohort_cell;
RMK_API void rmk_activity_cohort(const rmk_activity *x, size_t cohort, size_t k, rmk_cohort_cell *cell);
/* Customers in cohort c (its size). */
RMK_API size_t rmk_activity_cohort_size(const rmk_activity *x, size_t cohort);

/* Retention per group (SPEC §3.4 "per segment / category"). The caller puts
 * each customer in one group, e.g. its RFM segment or rating category at the
 * as-of date: group_of(ctx, id, id_len) returns 0..ngroups-1, or -1 for a
 * customer in no group (counted in the overall rows only). id is id_len
 * bytes, NUL-terminated, valid during the call. */
typedef int (*rmk_group_fn)(void *ctx, const char *id, size_t id_len);
/* As rmk_activity_read_file (every overall result the same), and
 * group_of is called once per distinct customer after the read (returns-
 * only customers too), from the caller's thread. Keeps ngroups x periods
 * counters. RMK_ERR_USAGE when group_of is NULL or returns another value
 * than -1..ngroups-1. */
RMK_API rmk_status rmk_activity_read_file_grouped(const char *path, const rmk_read_opts *ro,
                                                  rmk_period period, size_t ngroups,
                                                  rmk_group_fn group_of, void *ctx,
                                                  rmk_activity **out, char *err, size_t errlen);
/* The same on a customer book (RMK_BOOK_DAYS). */
RMK_API rmk_status rmk_activity_run_grouped(const rmk_book *book, rmk_period period,
                                            size_t ngroups, rmk_group_fn group_of, void *ctx,
                                            rmk_activity **out, char *err, size_t errlen);
/* Grouped by each customer's RFM segment (rfm scored on the same book with
 * a map of nsegments segments; customers it did not score -- returns only
 * -- are ungrouped), or by its rating category (rating run on the same
 * book; clients it left out -- individuals -- are ungrouped). */
RMK_API rmk_status rmk_activity_run_by_segment(const rmk_book *book, rmk_period period,
                                               const rmk_rfm *rfm, int nsegments,
                                               rmk_activity **out, char *err, size_t errlen);
RMK_API rmk_status rmk_activity_run_by_category(const rmk_book *book, rmk_period period,
                                                const rmk_rating *rating, rmk_activity **out,
                                                char *err, size_t errlen);
/* ngroups of the grouped read; 0 for rmk_activity_read_file. */
RMK_API size_t rmk_activity_groups(const rmk_activity *x);
/* Customers for which group_of returned -1; 0 without groups. */
RMK_API size_t rmk_activity_ungrouped(const rmk_activity *x);
/* Retention of group g in period i, as rmk_activity_retention over the
 * group's members only: active = members who bought in i, retained =
 * members active in i-1 and in i, has_previous = 0 for the first period or
 * when no member was active in i-1. All zero when g or i is out of range. */
RMK_API void rmk_activity_group_retention(const rmk_activity *x, size_t g, size_t i,
                                          rmk_retention *r);

/* Count and means of a group of scored customers: a code (r, f, m) or a
 * segment. Means are for display: recency in days, frequency in purchases,
 * monetary in currency units (the mean of the customers' monetary values).
 * monetary_num / monetary_den is that mean exactly, in minor units (reduced;
 * for rmk_ratio_format, which rounds half away from zero as every money
 * value), when it fits in 64 bits; else monetary_den = 0 and only the
 * double is known. Returns 0 (and customers = 0) for an empty or invalid
 * group. */
typedef struct rmk_rfm_group {
    size_t customers;
    double recency_days, frequency, monetary;
    int64_t monetary_num, monetary_den;
} rmk_rfm_group;
RMK_API int rmk_rfm_code_stats(const rmk_rfm *x, int r, int f, int m, rmk_rfm_group *g);
RMK_API int rmk_rfm_segment_stats(const rmk_rfm *x, int segment, rmk_rfm_group *g);

/* Round the exact rational num/den minor units half away from zero to
 * `decimals` (0..4) and format it like rmk_money_format(). */
RMK_API char *rmk_ratio_format(int64_t num, int64_t den, int decimals, char decimal_mark,
                               char *buf);


/* ------------------------------------------------ customer life cycle */

/* The customer ladder (lecture §2, "Evolution of the customer"; SPEC §3.3)
 * with its side branch. Stable numbers: programs may store them. */
typedef enum rmk_stage {
    RMK_STAGE_POTENTIAL = 0,    /* no purchase; customers-file status empty or lead */
    RMK_STAGE_PROSPECT = 1,     /* no purchase; status qualified */
    RMK_STAGE_NON_PROSPECT = 2, /* no purchase; status disqualified */
    RMK_STAGE_FIRST_TIME = 3,   /* one purchase */
    RMK_STAGE_REPEAT = 4,       /* two or more, not (yet) regular */
    RMK_STAGE_CLIENT = 5,       /* regular: enough purchases, active in enough quarters */
    RMK_STAGE_FRIEND = 6,       /* a client who recommends: high NPS or referrals */
    RMK_STAGE_PARTNER = 7,      /* a client with a structural bond or the top category */
    RMK_STAGE_PASSIVE = 8,      /* recency beyond the lapse threshold */
    RMK_STAGE_FORMER = 9        /* recency beyond former_factor x the threshold */
} rmk_stage;
#define RMK_STAGE_COUNT 10
RMK_API const char *rmk_stage_key(rmk_stage s);                    /* "first_time" */
RMK_API const char *rmk_stage_name(rmk_stage s, const char *lang); /* "en" / "ru" */
/* The rung on the ladder: potential, prospect and non-prospect 0,
 * first-time 1, repeat 2, client 3, friend 4, partner 5; -1 for passive
 * and former (off the ladder). */
RMK_API int rmk_stage_rung(rmk_stage s);

/* Grönroos's relationship life cycle (lecture §2). */
typedef enum rmk_phase {
    RMK_PHASE_INITIAL = 0,    /* arouse interest: traditional marketing */
    RMK_PHASE_PURCHASE = 1,   /* turn interest into a purchase: traditional and interactive */
    RMK_PHASE_CONSUMPTION = 2 /* create a lasting relationship: interactive marketing */
} rmk_phase;
/* potential/prospect/non-prospect/former: initial; first-time, repeat,
 * passive: purchase; client, friend, partner: consumption. */
RMK_API rmk_phase rmk_stage_phase(rmk_stage s);
RMK_API const char *rmk_phase_key(rmk_phase p); /* "initial", "purchase", "consumption" */
RMK_API const char *rmk_phase_name(rmk_phase p, const char *lang);
RMK_API const char *rmk_phase_goal(rmk_phase p, const char *lang);
RMK_API const char *rmk_phase_marketing(rmk_phase p, const char *lang);
/* its stable key: "traditional", "traditional_and_interactive", "interactive" */
RMK_API const char *rmk_phase_marketing_key(rmk_phase p);

/* Buyer-seller relationship stages in B2B markets (lecture §2). */
typedef enum rmk_b2b_stage {
    RMK_B2B_NONE = -1,       /* not a corporate customer */
    RMK_B2B_PRE = 0,         /* pre-relationship: no purchase yet */
    RMK_B2B_EARLY = 1,       /* formation: short tenure or few purchases */
    RMK_B2B_DEVELOPMENT = 2, /* volume and regular purchases growing */
    RMK_B2B_LONG_TERM = 3,   /* long tenure and many purchases */
    RMK_B2B_FINAL = 4        /* lapsed, or annual volume collapsing */
} rmk_b2b_stage;
RMK_API const char *rmk_b2b_stage_key(rmk_b2b_stage s); /* "pre_relationship", ... "" for NONE */
RMK_API const char *rmk_b2b_stage_name(rmk_b2b_stage s, const char *lang);

/* The three levels of retention bonds (lecture §4), level 1..3: the
 * lecture's columns and measures in English or Russian. Returns 0 for a
 * level outside 1..3. */
typedef struct rmk_bond_info {
    const char *bond, *orientation, *customisation, *mix_element, *differentiation, *measures;
} rmk_bond_info;
RMK_API int rmk_bond_describe(int level, const char *lang, rmk_bond_info *out);
/* The bonds of level 1..3 as a stable key: "financial", "financial_social",
 * "financial_social_structural"; "" outside 1..3. */
RMK_API const char *rmk_bond_key(int level);

/* A group (a rating category key or an RFM segment key) and its bond level. */
typedef struct rmk_bond_rule {
    const char *group;
    int level; /* 1..3 */
} rmk_bond_rule;

typedef struct rmk_stage_opts {
    int32_t as_of;           /* RMK_NO_DATE: the latest transaction date */
    int32_t compare_days;    /* migration: the earlier date is as_of minus */
    int compare_months;      /*   these days and months; both 0: no migration */
    const char *customers;   /* the customers file (status, type, referrals,
                                structural bond, contract start), or NULL */
    const char *feedback;    /* the feedback file (NPS, satisfaction), or NULL */
    int sat_min, sat_max;    /* the satisfaction scale of the feedback (1..5) */
    int rate;                /* 1: rate corporate customers on the scale (the
                                file is read once more; not from stdin) */
    const rmk_scale *scale;  /* borrowed; NULL: the shipped scale */
    const rmk_segmap *segments; /* RFM segments (5 groups) for bond levels of
                                unrated customers; borrowed; NULL: none */
    int b2b_all;             /* 1: every customer not marked individual is
                                corporate; 0: those marked corporate */
    /* ladder (SPEC §3.3 defaults) */
    int client_purchases;    /* 3: purchases to be a client */
    int client_quarters;     /* 2: of the last 4 quarters active in */
    int32_t lapse_days;      /* 0: lapse_factor x the median interval */
    int lapse_factor;        /* 3 */
    int former_factor;       /* 2: former beyond this x the threshold */
    int friend_nps;          /* 9: latest NPS at least this ... */
    int friend_referrals;    /* 1: ... or at least this many referrals */
    /* B2B stages */
    int b2b_early_months, b2b_early_purchases; /* 12, 3: early below either */
    int b2b_long_months, b2b_long_purchases;   /* 24, 12: long-term at both */
    int b2b_final_decline;   /* 50: final when the last 12 months' sales fell
                                by at least this percent from the 12 before */
    const rmk_bond_rule *bonds; /* NULL: the defaults (docs/stages.md) */
    size_t nbonds;
    const rmk_rfm *rfm;      /* borrowed, or NULL: the RFM scores of the same book
                                with `segments` at the same as-of date, which a
                                caller that has them passes to save a second
                                scoring (rmk_stages_run; ignored when its as-of
                                date or map differ) */
} rmk_stage_opts;
RMK_API void rmk_stage_opts_init(rmk_stage_opts *o);

/* The lecture's B2B indicators as measured proxies (at one date). */
typedef struct rmk_b2b_indicators {
    int tenure_months;        /* experience: whole months since the first
                                 purchase or the contract start */
    int64_t purchases;        /* experience */
    int interval_cv_known;    /* uncertainty: coefficient of variation of the */
    double interval_cv;       /*   days between purchase days (>= 3 days) */
    int amount_cv_known;      /* uncertainty: CV of the purchase days' sales */
    double amount_cv;         /*   (>= 2 purchase days) */
    int active_months;        /* commitment: months of the last 12 with a purchase */
    int trend_known;          /* volume: last 12 months' net vs the 12 before, */
    double trend_pct;         /*   percent; unknown when the earlier is <= 0 */
    int structural_bond;      /* adaptation: 1, 0, -1 unknown */
} rmk_b2b_indicators;

/* One customer's place in the life cycle at the as-of date. */
typedef struct rmk_staged_customer {
    const char *customer_id;  /* NUL-terminated, owned by the result */
    size_t id_len;
    const char *name;         /* customers file, "" without */
    rmk_stage stage;
    int64_t purchases;        /* distinct purchases by the date */
    int32_t first_purchase, last_purchase; /* RMK_NO_DATE without */
    int32_t recency_days;     /* -1 without a purchase */
    int active_quarters;      /* of the last 4 (3-month windows ending with the date) */
    int nps;                  /* latest on or before the date; -1 none */
    int satisfaction;         /* latest; -1 none */
    long referrals;           /* -1 unknown */
    int structural_bond;      /* 1, 0, -1 unknown */
    int category;             /* rating category; -1 not rated */
    int segment;              /* RFM segment; -1 none */
    int bond_level;           /* recommended, 1..3 */
    int bond_source;          /* 'b' structural bond, 'c' category, 's' segment, 'd' default */
    rmk_b2b_stage b2b_stage;
    rmk_b2b_indicators b2b;
    /* at the earlier date (migration); previous_stage -1 without one */
    int previous_stage;
    rmk_b2b_stage previous_b2b_stage;
    int in_customers_file, has_transactions, in_feedback;
} rmk_staged_customer;

typedef struct rmk_stages rmk_stages;

/* Place every customer of a transactions file (and of the customers and
 * feedback files) on the ladder, the B2B stages and the bond levels, per
 * SPEC §3.3-3.4, at as_of and, with a migration period, at the earlier
 * date. Errors as rmk_agg_read_file, the message in err. */
RMK_API rmk_status rmk_stages_file(const char *path, const rmk_read_opts *ro,
                                   const rmk_stage_opts *o, rmk_stages **out, char *err,
                                   size_t errlen);
/* The same on a customer book read with RMK_BOOK_DAYS (and
 * RMK_BOOK_PAYMENTS when o->rate); o->customers and o->feedback are
 * ignored: the book's files count. The result points into the book: free
 * it first. */
RMK_API rmk_status rmk_stages_run(const rmk_book *book, const rmk_stage_opts *o, rmk_stages **out,
                                  char *err, size_t errlen);
RMK_API void rmk_stages_free(rmk_stages *x);
RMK_API size_t rmk_stages_count(const rmk_stages *x);
RMK_API const rmk_staged_customer *rmk_stages_at(const rmk_stages *x, size_t i); /* id order */
RMK_API int32_t rmk_stages_as_of(const rmk_stages *x);
RMK_API int32_t rmk_stages_compare_date(const rmk_stages *x); /* RMK_NO_DATE without */
/* The lapse threshold at the as-of date (previous = 1: at the earlier
 * date) as the exact rational num/den days; repeat = the customers with
 * two or more purchase days the median was taken over (0 with a fixed
 * lapse_days or when there are none: then no one lapses by the median). */
typedef struct rmk_lapse {
    int64_t num, den;
    size_t repeat_customers;
    int fixed;
} rmk_lapse;
RMK_API void rmk_stages_lapse(const rmk_stages *x, int previous, rmk_lapse *l);
/* One customer's facts at a date for the ladder's rule (docs/stages.md). */
typedef struct rmk_ladder_facts {
    int64_t purchases;    /* by the date, counted as RFM counts them */
    int32_t recency_days; /* the date - the last purchase day (with purchases) */
    int quarters;         /* of the last 4 three-month windows, with a purchase */
    int status;           /* customers file: 0 empty or client, 1 lead,
                             2 qualified, 3 disqualified */
    int structural_bond;  /* 1, 0, or -1 unknown */
    int top_category;     /* 1: rated in the scale's top category */
    int nps;              /* the latest NPS answer by the date, -1 none */
    long referrals;       /* -1 unknown */
} rmk_ladder_facts;
/* The stage by the ladder's rules in their order, with o's thresholds and
 * the lapse threshold l (rmk_stages_lapse's form: a fixed lapse_days, or
 * the median rational that lapse_factor multiplies). */
RMK_API rmk_stage rmk_ladder_stage(const rmk_stage_opts *o, const rmk_lapse *l,
                                   const rmk_ladder_facts *f);
/* The rule that placed customer i, in words ("en"/"ru"); returns buf. */
RMK_API char *rmk_stages_rule(const rmk_stages *x, size_t i, const char *lang, char *buf,
                              size_t len);
/* The same for the B2B stage; "" when none. */
RMK_API char *rmk_stages_b2b_rule(const rmk_stages *x, size_t i, const char *lang, char *buf,
                                  size_t len);
/* The recommended bond level of a group (a category or segment key) under
 * the mapping in use: 1..3 (1 for a group the mapping does not name). */
RMK_API int rmk_stages_group_bond(const rmk_stages *x, const char *group);
/* The scale (for category names) and segment map used, or NULL. */
RMK_API const rmk_scale *rmk_stages_scale(const rmk_stages *x);
RMK_API const rmk_segmap *rmk_stages_segments(const rmk_stages *x);
typedef struct rmk_stages_stats {
    uint64_t rows, rows_skipped, rows_after_as_of;
    size_t not_in_customers_file, without_transactions; /* with a customers file */
    size_t feedback_only;     /* in the feedback file but in neither other file */
    size_t feedback_rows;
    char first_error[512];
} rmk_stages_stats;
RMK_API void rmk_stages_get_stats(const rmk_stages *x, rmk_stages_stats *s);


/* ------------------------------------------------------- lifetime value */

/* The time unit of a model's summary, parameters and predictions: days,
 * weeks (7 days) or months (365.25 / 12 days). */
typedef enum rmk_time_unit { RMK_UNIT_DAY = 0, RMK_UNIT_WEEK = 1, RMK_UNIT_MONTH = 2 } rmk_time_unit;
RMK_API double rmk_time_unit_days(rmk_time_unit u);
RMK_API const char *rmk_time_unit_key(rmk_time_unit u); /* "day", "week", "month" */

typedef enum rmk_clv_model {
    RMK_CLV_BGNBD = 0,    /* Fader, Hardie & Lee (2005): r, alpha, a, b */
    RMK_CLV_PARETONBD = 1 /* Schmittlein, Morrison & Colombo (1987): r, alpha, s, beta */
} rmk_clv_model;

typedef struct rmk_clv_opts {
    int32_t as_of;         /* end of the data; RMK_NO_DATE: the latest transaction date */
    int32_t holdout;       /* RMK_NO_DATE; or the end of the calibration period: the
                              models are fitted on purchases up to it and checked on
                              the holdout period (holdout, as_of] */
    rmk_time_unit unit;    /* default RMK_UNIT_WEEK */
    rmk_clv_model model;   /* default BG/NBD */
    int spend;             /* 1 (default): fit the Gamma-Gamma spend model too */
    int horizon_months;    /* CLV and expected purchases over this many months (12) */
    double discount;       /* annual discount rate, a fraction (0.10) */
    double margin;         /* profit as a fraction of sales (1: CLV in sales) */
    int threads;           /* the fits' and predictions' threads: 0 (default) one per
                              processor (at most 8), 1 the caller's thread only. The
                              results do not depend on it (docs/clv.md) */
    /* Called after each step of a fit, in the caller's thread: the model
     * ("BG/NBD", "Pareto/NBD", "Gamma-Gamma"), the steps so far and the
     * log-likelihood reached (of a subsample of the customers while the
     * start values are screened, of all of them after). NULL: no calls. */
    void (*progress)(void *ctx, const char *model, int step, double log_likelihood);
    void *progress_ctx;
    /* L2 penalty on the parameters, as lifetimes' penalizer_coef
     * (docs/clv.md, "Penalizer"): 0 (default) plain maximum likelihood;
     * L > 0 maximises LL / n - L sum (c_i p_i)^2, c = 1 / (longest T) for
     * alpha and beta, 1 for the others. At most 1e6. */
    double penalizer;
    /* A given model instead of a fit (a stored one: rmk_ws_model; docs/clv.md,
     * "A stored model"): fixed = 1 scores with fixed_p, the parameters of
     * `model` in `unit` (r, alpha, a, b or r, alpha, s, beta; each > 0 and
     * finite), and with fixed_spend = 1 the spend model's spend_p (p, q,
     * gamma). fixed_se / spend_se are reported as their standard errors (NaN:
     * none); the log-likelihood reported is theirs on these data. 0: fit. */
    int fixed, fixed_spend;
    double fixed_p[4], fixed_se[4], spend_p[3], spend_se[3];
} rmk_clv_opts;
RMK_API void rmk_clv_opts_init(rmk_clv_opts *o);

/* A fitted model: parameters under the papers' names, standard errors
 * (NaN when not available), log-likelihood. */
typedef struct rmk_clv_params {
    int np;
    const char *name[4];   /* "r", "alpha", "a", "b" / "s", "beta" / "p", "q", "gamma" */
    double value[4], se[4];
    double log_likelihood;
    double customers;      /* customers the likelihood is over */
    size_t groups;         /* distinct (x, t_x, T) triples or (x, mean) pairs */
    int converged;
} rmk_clv_params;

/* One customer of the calibration period. Times in the unit. */
typedef struct rmk_clv_customer {
    const char *customer_id; /* NUL-terminated, owned by the result */
    size_t id_len;
    int32_t first_purchase, last_purchase; /* in the calibration period */
    int64_t x;               /* repeat purchases: purchase days after the first */
    double t_x, T;           /* last purchase since the first; calibration end since the first */
    int value_known;         /* 1: x >= 1 and a positive mean repeat value */
    double mean_value;       /* mean net sales of the repeat purchase days, currency units */
    double p_alive;          /* P(alive at the calibration end) */
    double expected_purchases; /* in the next horizon_months */
    double expected_value;   /* Gamma-Gamma E[M | x, mean]; without the spend model the
                                customer's mean repeat value; the population mean
                                when the customer has none */
    double clv;              /* margin x expected value x discounted expected purchases */
    int64_t holdout_purchases; /* purchase days in the holdout period; -1 without one */
    double holdout_expected;   /* the model's expectation for the holdout period */
    /* mean_value exactly: repeat_net / x in minor units (1/10,000), for
     * printing rounded half away from zero (rmk_ratio_format); mean_exact
     * 0 when the sum does not fit in 64 bits (print mean_value then) */
    int64_t repeat_net;
    int mean_exact;
} rmk_clv_customer;

typedef struct rmk_clv rmk_clv;

/* Summarise a transactions file per customer (one pass), fit the model
 * (and the spend model) by maximum likelihood and predict per customer.
 * A purchase is a day with a row >= 0 (several purchases on one day count
 * once); its value is the day's net sales; returns on days without a
 * purchase are left out of the spend model and counted. Errors:
 * RMK_ERR_DATA with a reason when the data cannot identify the model (no
 * repeat purchase, one customer, all purchases on one day), never
 * parameters that are garbage; reading errors as rmk_agg_read_file. */
RMK_API rmk_status rmk_clv_file(const char *path, const rmk_read_opts *ro, const rmk_clv_opts *o,
                                rmk_clv **out, char *err, size_t errlen);
/* The same on a customer book read with RMK_BOOK_DAYS; the result points
 * into the book: free it first. */
RMK_API rmk_status rmk_clv_run(const rmk_book *book, const rmk_clv_opts *o, rmk_clv **out,
                               char *err, size_t errlen);
/* The same from per-customer summaries instead of transactions (docs/clv.md,
 * "From a summary"), as lifetimes and CLVTools users have them: n customers,
 * x[i] repeat purchases (whole, >= 0), t_x[i] the last purchase since the
 * first and T[i] the end of calibration since the first (0 <= t_x <= T; t_x
 * = 0 when x = 0), in o->unit; m[i] the mean value of the repeat purchases
 * in currency units (NULL: no spend model, and no expected value or CLV:
 * NAN). ids: NUL-terminated, distinct (copied; NULL: "1" .. "n"). No dates:
 * as_of and calibration_end are RMK_NO_DATE, no holdout, no tracking.
 * Errors: RMK_ERR_DATA naming the customer whose summary is not one, or as
 * rmk_clv_run. */
RMK_API rmk_status rmk_clv_summary_run(size_t n, const char *const *ids, const double *x,
                                       const double *t_x, const double *T, const double *m,
                                       const rmk_clv_opts *o, rmk_clv **out, char *err,
                                       size_t errlen);
/* The summary from a CSV file with a header naming the columns: frequency
 * (or x), recency (t_x, t.x), T (T.cal), optionally monetary_value
 * (Spending, zbar, m.x, mean_value) and the id (customer_id, Id, or the
 * first other column); ro: encoding and delimiter (no map, no no_header). */
RMK_API rmk_status rmk_clv_summary_file(const char *path, const rmk_read_opts *ro,
                                        const rmk_clv_opts *o, rmk_clv **out, char *err,
                                        size_t errlen);
RMK_API void rmk_clv_free(rmk_clv *x);
RMK_API size_t rmk_clv_count(const rmk_clv *x);
RMK_API const rmk_clv_customer *rmk_clv_at(const rmk_clv *x, size_t i); /* id order */
RMK_API int32_t rmk_clv_as_of(const rmk_clv *x);
RMK_API int32_t rmk_clv_calibration_end(const rmk_clv *x); /* as_of without a holdout */
RMK_API void rmk_clv_model_params(const rmk_clv *x, rmk_clv_params *p);
/* Returns 0 when the spend model was not fitted (not asked, or no customer to fit). */
RMK_API int rmk_clv_spend_params(const rmk_clv *x, rmk_clv_params *p);

typedef struct rmk_clv_stats {
    size_t customers;          /* in the calibration period */
    size_t no_repeat;          /* left out of the spend model: no repeat purchase */
    size_t nonpositive_value;  /* ... a repeat mean value <= 0 */
    size_t first_in_holdout;   /* first purchase after the calibration end: not fitted */
    size_t return_days;        /* days with returns only (not purchases) */
    char spend_error[256];     /* why the spend model was not fitted, "" if it was or not asked */
    int no_value;              /* 1: a summary without monetary_value (rmk_clv_summary_run with
                                  m NULL): expected values and CLV are NAN */
    uint64_t rows, rows_skipped, rows_after_as_of;
    char first_error[512];
} rmk_clv_stats;
RMK_API void rmk_clv_get_stats(const rmk_clv *x, rmk_clv_stats *s);

/* Holdout check by calibration purchases x = 0 .. 7 (7 = 7 or more):
 * customers, mean actual and mean expected purchases in the holdout. */
typedef struct rmk_clv_holdout_row {
    int x;
    size_t customers;
    double actual, expected;
} rmk_clv_holdout_row;
/* Returns the number of rows (0 without a holdout period). */
RMK_API size_t rmk_clv_holdout(const rmk_clv *x, rmk_clv_holdout_row *rows, size_t max);

/* Tracking: cumulative repeat purchases of the cohort per unit period from
 * the first purchase to as_of, actual and expected by the model. */
typedef struct rmk_clv_track_row {
    int32_t period_end;  /* day */
    double actual, expected;
} rmk_clv_track_row;
RMK_API size_t rmk_clv_tracking_count(const rmk_clv *x);
RMK_API void rmk_clv_tracking_at(const rmk_clv *x, size_t i, rmk_clv_track_row *r);

/* The economics of retention (lecture §1, SPEC §3.5) over the 12 months
 * ending with as_of and the 12 before: r = share of the earlier year's
 * active customers active in the later; m = margin x net sales per active
 * customer in the later year; CLV = m r / (1 + d - r) - acquisition cost;
 * and the same with r + 0.05 (capped at 0.99): the what-if of the
 * lecture's table. Profit by tenure year k = 1, 2, ...: mean margin x net
 * sales in the customer's k-th year since its first purchase, over the
 * customers observed for that whole year. */
typedef struct rmk_retention_economics {
    int32_t as_of;
    int32_t first_day;               /* the data's first day: the earlier year is
                                        short when it is after as_of - 24 months */
    size_t active_before, retained;  /* customers */
    double retention;                /* r */
    double margin_per_customer;      /* m, currency units */
    double discount, acquisition_cost;
    double retention_plus5;          /* r + 0.05, at most 0.99 */
    double clv, clv_plus5, change_pct; /* CLV at r and r + 0.05; percent change */
    size_t tenure_years;
    double tenure_profit[50];        /* index k-1 */
    size_t tenure_customers[50];
} rmk_retention_economics;
RMK_API rmk_status rmk_retention_economics_file(const char *path, const rmk_read_opts *ro,
                                                int32_t as_of, double margin, double discount,
                                                double acquisition_cost,
                                                rmk_retention_economics *out, char *err,
                                                size_t errlen);
/* The same on a customer book read with RMK_BOOK_DAYS. */
RMK_API rmk_status rmk_retention_economics_run(const rmk_book *book, int32_t as_of, double margin,
                                               double discount, double acquisition_cost,
                                               rmk_retention_economics *e, char *err,
                                               size_t errlen);
/* The lecture's table (Reichheld & Sasser 1990): industry i = 0 .. 10, its
 * name (en/ru) and the profit increase in percent; NULL past the end. */
RMK_API const char *rmk_lecture_industry(int i, const char *lang, int *profit_increase_pct);


/* ------------------------------------------------- portfolio management */

/* The parameters for evaluating B2B clients (lecture §3): commercial ones
 * measured from the data (sales volume, solvency from payment discipline,
 * months of cooperation) or given per client in the customers file
 * (profitability, relationship cost, client's market share), strategic and
 * technical ones scored 1..5 by managers in the customers file. */
typedef enum rmk_pf_param {
    RMK_PF_SALES_VOLUME = 0,   /* window net sales: scored by quintile */
    RMK_PF_PROFITABILITY,      /* customers file, percent: quintile */
    RMK_PF_MARKET_SHARE,       /* customers file, percent: quintile */
    RMK_PF_SOLVENCY,           /* payment class: prepaid 5, on time 4, late 1 */
    RMK_PF_RELATIONSHIP_COST,  /* customers file, money: quintile, lower is better */
    RMK_PF_STRATEGIC_IMPORTANCE, RMK_PF_DEVELOPMENT_POTENTIAL, RMK_PF_SPECIALISATION_FIT,
    RMK_PF_RELATIONSHIP_STRENGTH, RMK_PF_RELATIONSHIP_VALUE, RMK_PF_GOAL_COMPATIBILITY,
    RMK_PF_MANAGEMENT_COMPLEXITY, RMK_PF_TECHNOLOGY_PROTECTION, /* manager scores 1..5 */
    RMK_PF_COOPERATION,        /* whole months of cooperation: quintile */
    RMK_PF_COUNT
} rmk_pf_param;
RMK_API const char *rmk_pf_param_key(int p);                 /* "sales_volume", ... */
RMK_API const char *rmk_pf_param_name(int p, const char *lang);
RMK_API int rmk_pf_param_group(int p); /* 0 commercial, 1 strategic, 2 technical */

/* The two axes: client attractiveness and relationship strength. */
enum { RMK_PF_ATTRACTIVENESS = 0, RMK_PF_STRENGTH = 1 };

typedef struct rmk_portfolio_opts {
    int32_t as_of;                   /* RMK_NO_DATE: the latest transaction date */
    const char *customers;           /* the customers file (parameters), or NULL */
    const rmk_scale *scale;          /* borrowed; NULL: the shipped scale */
    double weight[2][RMK_PF_COUNT];  /* per axis, percent; each axis sums to 100 */
    double budget;                   /* a retention budget to split; 0: none */
    int value_clv;                   /* 1 (default): value at stake = CLV over 12
                                        months (BG/NBD, months); 0 or when the
                                        model cannot be fitted: window revenue */
} rmk_portfolio_opts;
/* Defaults: the weights of docs/portfolio.md. */
RMK_API void rmk_portfolio_opts_init(rmk_portfolio_opts *o);

/* Cells of the 3x3 matrix: attractiveness level * 3 + strength level
 * (levels 0 low, 1 medium, 2 high). */
RMK_API const char *rmk_pf_cell_key(int cell); /* "key_partner", "develop", ... */
RMK_API const char *rmk_pf_cell_name(int cell, const char *lang); /* "Key partner", "Развивать" */
RMK_API const char *rmk_pf_cell_strategy(int cell, const char *lang); /* name: what to do */
RMK_API int rmk_pf_cell_bond_level(int cell); /* lecture §4: 1..3 */

typedef struct rmk_pf_client {
    const char *customer_id, *name;
    int category;                 /* rating category */
    int64_t window_net;           /* minor units */
    double score[RMK_PF_COUNT];   /* 1..5; NAN: missing */
    double axis[2];               /* weighted means 1..5; NAN: no parameter */
    int level[2];                 /* 0 low (< 7/3), 1 medium, 2 high (>= 11/3); -1 */
    int cell;                     /* -1 when an axis is missing */
    unsigned missing;             /* bit p: parameter p weighted, missing for this client
                                     but known for others */
    double value;                 /* value at stake, currency units */
    double allocation;            /* share of the budget, currency units */
} rmk_pf_client;

typedef struct rmk_portfolio rmk_portfolio;
RMK_API rmk_status rmk_portfolio_file(const char *path, const rmk_read_opts *ro,
                                      const rmk_portfolio_opts *o, rmk_portfolio **out,
                                      char *err, size_t errlen);
/* The same on a customer book read with RMK_BOOK_DAYS | RMK_BOOK_PAYMENTS
 * | RMK_BOOK_MARGINS; o->customers is ignored: the book's file counts. The
 * rating and the CLV run on the same book. The result points into the
 * book: free it first. */
RMK_API rmk_status rmk_portfolio_run(const rmk_book *book, const rmk_portfolio_opts *o,
                                     rmk_portfolio **out, char *err, size_t errlen);
RMK_API void rmk_portfolio_free(rmk_portfolio *x);
RMK_API size_t rmk_portfolio_count(const rmk_portfolio *x);
RMK_API const rmk_pf_client *rmk_portfolio_at(const rmk_portfolio *x, size_t i); /* id order */
RMK_API const rmk_scale *rmk_portfolio_scale(const rmk_portfolio *x);
RMK_API int32_t rmk_portfolio_as_of(const rmk_portfolio *x);
typedef struct rmk_pf_cell_stats {
    size_t clients;
    int64_t revenue;            /* window net, minor units */
    double value, allocation;   /* currency units */
} rmk_pf_cell_stats;
RMK_API void rmk_portfolio_cell(const rmk_portfolio *x, int cell, rmk_pf_cell_stats *s);
typedef struct rmk_portfolio_stats {
    size_t missing[RMK_PF_COUNT]; /* clients missing a weighted parameter */
    size_t unplaced;              /* clients with an axis missing */
    unsigned absent;              /* bit p: weighted parameter p no client has (not in
                                     the clients' missing lists) */
    int value_clv;                /* 1: values are CLV; 0: revenue */
    char value_note[512];         /* why revenue when CLV was asked, "" otherwise */
    uint64_t rows_skipped;        /* the transactions' rows skipped under skip_bad */
    char first_error[512];        /* the first one's message */
    size_t profitability_measured; /* clients whose profitability comes from the
                                     transactions' cost or margin column (the
                                     others': the customers file's) */
} rmk_portfolio_stats;
RMK_API void rmk_portfolio_get_stats(const rmk_portfolio *x, rmk_portfolio_stats *s);


/* ------------------------------ transaction vs relationship orientation */

/* The lecture's seven dimensions (lecture §5) on which transaction and
 * relationship marketing differ; the firm's self-assessment scores each
 * 1 (transaction) .. 5 (relationship). */
#define RMK_ORIENT_DIMENSIONS 7
/* key ("marketing_function", ...), its name, and the two poles' texts */
RMK_API const char *rmk_orientation_dimension(int d, const char *lang, const char **transaction,
                                              const char **relationship);

typedef struct rmk_orientation {
    int32_t as_of;
    /* measured facts, percent 0..100; NAN when the data cannot tell */
    double repeat_revenue_pct;  /* window revenue from clients with >= 2 purchase days */
    double retention_pct;       /* of last year's active customers, active again this year */
    double feedback_pct;        /* active customers with a feedback answer in the window */
    double manager_pct;         /* active customers with a personal manager (customers file) */
    double measured;            /* mean of the facts known, 0..100 */
    int self_known;             /* 1: a self-assessment was given */
    int self_score[RMK_ORIENT_DIMENSIONS]; /* 1..5; 0 not given */
    double self;                /* (mean score - 1) / 4 x 100 */
} rmk_orientation;
/* Where the firm stands: "transaction" (< 25), "leaning_transaction"
 * (< 50), "leaning_relationship" (< 75), "relationship". */
RMK_API const char *rmk_orientation_position(double pct, const char *lang);

/* The facts from the transactions (12 months ending with as_of and the 12
 * before), the customers file (manager column) and the feedback file, each
 * optional; self: an INI file of the dimensions' keys = 1..5, or NULL. */
RMK_API rmk_status rmk_orientation_file(const char *path, const rmk_read_opts *ro, int32_t as_of,
                                        const char *customers, const char *feedback,
                                        const char *self, rmk_orientation *out, char *err,
                                        size_t errlen);
/* The same on a customer book read with RMK_BOOK_DAYS, its customers and
 * feedback files the book's. */
RMK_API rmk_status rmk_orientation_run(const rmk_book *book, int32_t as_of, const char *self,
                                       rmk_orientation *out, char *err, size_t errlen);

/* ------------------------------------------------------------ ABC-XYZ */

/* ABC-XYZ analysis and revenue concentration (SPEC §3.6; docs/abcxyz.md).
 * The window is the `months` calendar months ending with the as-of day,
 * month k = (as_of - (months-k) months, as_of - (months-k-1) months] as
 * rmk_window_month() counts them. The clients are the customers with at
 * least one row dated in the window; each one's revenue is its net sales
 * there (returns included). ABC: clients ranked by revenue descending, ties
 * by id (byte order); a client with revenue > 0 is A while the cumulative
 * share of the clients ranked above it is below abc_a, else B while it is
 * below abc_b, else C; revenue <= 0 is C. XYZ: the coefficient of variation
 * of the client's monthly net sales (population standard deviation / mean
 * over all `months` months, empty months 0): X below xyz_x, Y from xyz_x to
 * xyz_y inclusive, Z above; mean <= 0 is Z. Shares are of the total positive
 * revenue; every comparison is exact (integers, no floating point). */
typedef struct rmk_abcxyz_opts {
    int32_t as_of;  /* RMK_NO_DATE: the latest date of any row */
    int months;     /* window length, 2..120 (12) */
    int abc_a, abc_b; /* cumulative-share thresholds in hundredths of a percent,
                         0 < abc_a < abc_b <= 10000 (8000, 9500) */
    int xyz_x, xyz_y; /* CV thresholds in hundredths of a percent,
                         0 < xyz_x < xyz_y <= 100000 (1000, 2500) */
    int period_months; /* the XYZ periods: 1 month (default), 3 (quarters) or 12
                          (years); the window holds a whole number of them, 2 or
                          more */
} rmk_abcxyz_opts;
RMK_API void rmk_abcxyz_opts_init(rmk_abcxyz_opts *o);

typedef enum rmk_abc { RMK_ABC_A = 0, RMK_ABC_B = 1, RMK_ABC_C = 2 } rmk_abc;
typedef enum rmk_xyz { RMK_XYZ_X = 0, RMK_XYZ_Y = 1, RMK_XYZ_Z = 2 } rmk_xyz;
RMK_API const char *rmk_abc_key(rmk_abc c); /* "A", "B", "C"; "" out of range */
RMK_API const char *rmk_xyz_key(rmk_xyz c); /* "X", "Y", "Z" */
/* What the class means, "en" or "ru" (1C's terms): "most valuable" ... */
RMK_API const char *rmk_abc_name(rmk_abc c, const char *lang);
RMK_API const char *rmk_xyz_name(rmk_xyz c, const char *lang);

/* One client of the window. */
typedef struct rmk_abcxyz_client {
    const char *customer_id; /* NUL-terminated, owned by the result; id_len bytes */
    size_t id_len;
    size_t rank;             /* 1 = the highest revenue */
    int64_t revenue;         /* net sales in the window, minor units */
    int64_t cumulative;      /* the positive revenue of the clients ranked at or
                                above it (its own only when > 0), minor units */
    double share, cumulative_share; /* revenue / total, cumulative / total
                                (display; 0 when the total is 0) */
    int cv_known;            /* 0 when the mean is <= 0 (revenue <= 0) */
    double cv;               /* population SD / mean of the monthly nets (display) */
    int active_months;       /* months of the window with a row */
    rmk_abc abc;
    rmk_xyz xyz;
} rmk_abcxyz_client;

typedef struct rmk_abcxyz rmk_abcxyz;

/* Read a transactions file (one read, the reading thread of rmk_agg_read_file)
 * and classify the clients of the window. Returns RMK_OK and a result to free
 * with rmk_abcxyz_free(); RMK_ERR_USAGE for bad options, RMK_ERR_EMPTY when no
 * row falls in the window, RMK_ERR_DATA when a client's monthly or the
 * window's total revenue leaves int64; reading errors as rmk_agg_read_file.
 * The message is in err. */
RMK_API rmk_status rmk_abcxyz_file(const char *path, const rmk_read_opts *ro,
                                   const rmk_abcxyz_opts *o, rmk_abcxyz **out, char *err,
                                   size_t errlen);
/* The same on a customer book read with RMK_BOOK_DAYS (its customers with
 * rows); the result points into the book: free it first. */
RMK_API rmk_status rmk_abcxyz_run(const rmk_book *book, const rmk_abcxyz_opts *o, rmk_abcxyz **out,
                                  char *err, size_t errlen);
RMK_API void rmk_abcxyz_free(rmk_abcxyz *x);
RMK_API size_t rmk_abcxyz_count(const rmk_abcxyz *x);
/* Clients in rank order (revenue descending, ties by id); i < count. */
RMK_API const rmk_abcxyz_client *rmk_abcxyz_at(const rmk_abcxyz *x, size_t i);
RMK_API int32_t rmk_abcxyz_as_of(const rmk_abcxyz *x);
RMK_API int32_t rmk_abcxyz_window_start(const rmk_abcxyz *x); /* its first day */
RMK_API int rmk_abcxyz_months(const rmk_abcxyz *x);
/* The options in force (the defaults filled in). */
RMK_API void rmk_abcxyz_get_opts(const rmk_abcxyz *x, rmk_abcxyz_opts *o);

/* A cell of the 3x3 matrix: its clients and their revenue (minor units;
 * the C and Z cells include the clients with revenue <= 0). */
typedef struct rmk_abcxyz_cell {
    size_t clients;
    int64_t revenue;
} rmk_abcxyz_cell;
RMK_API void rmk_abcxyz_cell_get(const rmk_abcxyz *x, rmk_abc a, rmk_xyz z, rmk_abcxyz_cell *c);

/* Revenue concentration over the clients with revenue > 0 (n of them, total
 * revenue T): the share of the top ceil(20% of n) clients in rank order;
 * the Gini coefficient sum_i sum_j |x_i - x_j| / (2 n^2 mean) = (2 sum_i i
 * x_(i) - (n+1) T) / (n T) over x ascending (0 equal ... (n-1)/n one client);
 * HHI = sum (x_i / T)^2 as a fraction 0..1 and in points 0..10,000. The
 * doubles are computed from exact integer sums. defined = 0 when n = 0. */
typedef struct rmk_concentration {
    size_t clients;            /* in the window */
    size_t positive_clients;   /* n: with revenue > 0 */
    int64_t total;             /* T, minor units */
    int64_t negative_total;    /* the revenue of the clients with revenue < 0 */
    int defined;
    size_t top_clients;        /* ceil(n / 5) */
    int64_t top_revenue;       /* their revenue, minor units */
    double top_share;          /* top_revenue / T */
    double gini;
    double hhi, hhi_points;    /* points = 10,000 x hhi */
} rmk_concentration;
RMK_API void rmk_abcxyz_concentration(const rmk_abcxyz *x, rmk_concentration *c);

typedef struct rmk_abcxyz_stats {
    uint64_t rows, rows_skipped, rows_after_as_of;
    size_t customers;          /* every customer read (rows on or before the as-of date) */
    size_t outside_window;     /* customers without a row in the window: left out */
    char first_error[512];
} rmk_abcxyz_stats;
RMK_API void rmk_abcxyz_get_stats(const rmk_abcxyz *x, rmk_abcxyz_stats *s);

/* ---------------------------------------------------- feedback analysis */

/* NPS and satisfaction per respondent, per RFM segment and rating category,
 * with their trend per period, and an alert on key clients whose latest
 * score dropped: the "real-time feedback system" of lecture §5 in its batch
 * form (SPEC §3.8). The feedback file has customer_id, date, nps (0-10) and
 * satisfaction (docs/feedback.md, docs/stages.md). */

/* The class of an NPS answer. Stable numbers. */
typedef enum rmk_nps_class {
    RMK_NPS_DETRACTOR = 0, /* 0-6 */
    RMK_NPS_PASSIVE = 1,   /* 7-8 */
    RMK_NPS_PROMOTER = 2   /* 9-10 */
} rmk_nps_class;
/* The class of a score 0..10; -1 outside it. */
RMK_API int rmk_nps_class_of(int nps);
RMK_API const char *rmk_nps_class_key(rmk_nps_class c); /* "detractor", "passive", "promoter" */
RMK_API const char *rmk_nps_class_name(rmk_nps_class c, const char *lang);
/* Net Promoter Score of a group, % promoters - % detractors, in tenths of a
 * point: 1000 (promoters - detractors) / (promoters + passives + detractors)
 * rounded half away from zero, -1000..1000, in integers. Returns 0 (and
 * *tenths = 0) for a group without answers, 1 otherwise. */
RMK_API int rmk_nps_tenths(size_t promoters, size_t passives, size_t detractors, int *tenths);

/* Why a key client is alerted: bits of rmk_feedback_client.alert. */
#define RMK_ALERT_NPS_DROP 1u  /* latest NPS - previous NPS <= -drop */
#define RMK_ALERT_SAT_DROP 2u  /* latest satisfaction - previous <= -sat_drop */
#define RMK_ALERT_DETRACTOR 4u /* latest NPS 0-6 after a previous 7-10 */

typedef struct rmk_feedback_opts {
    int32_t as_of;              /* RMK_NO_DATE: the latest transaction date, or
                                   without transactions the latest answer's */
    const char *transactions;   /* the transactions file (RFM segments, rating
                                   categories), read twice (not "-"); NULL:
                                   no groups, every respondent is a key client */
    const char *customers;      /* the customers file: names, and the rating's
                                   clients; or NULL */
    const rmk_scale *scale;     /* borrowed; NULL: the shipped scale */
    const rmk_segmap *segments; /* borrowed; NULL: no segments */
    int bins;                   /* RFM scoring for the segments: 5 groups, */
    rmk_ties ties;              /*   ties kept, */
    rmk_monetary monetary;      /*   average monetary (as relmark rfm) */
    int sat_min, sat_max;       /* the satisfaction scale: 1-5 */
    rmk_period period;          /* of the trend: RMK_PERIOD_QUARTER */
    int drop;                   /* NPS points, 1..10: 3 */
    int sat_drop;               /* satisfaction points, 1..sat_max-sat_min: 2 */
    int alert_days;             /* an alert needs its latest answer in the N
                                   days ending with the as-of date, 1..36500;
                                   0 (default): of any age */
    const char *const *key_groups; /* rating category or segment keys of the
                                   key clients, each known (else
                                   RMK_ERR_USAGE); NULL: strategic_partner,
                                   regular, champions, loyal (those that exist) */
    size_t nkey_groups;
} rmk_feedback_opts;
RMK_API void rmk_feedback_opts_init(rmk_feedback_opts *o);

/* One respondent: a customer with an answer on or before the as-of date.
 * "Previous" is the answer with that score just before the latest (by date,
 * then file line). */
typedef struct rmk_feedback_client {
    const char *customer_id;    /* NUL-terminated, owned by the result */
    size_t id_len;
    const char *name;           /* customers file; "" without */
    size_t answers;             /* rows on or before the as-of date */
    size_t nps_answers;         /* ... with an NPS; */
    int64_t nps_sum;            /*   their sum: mean = nps_sum / nps_answers */
    int nps, previous_nps;      /* 0..10; -1 none */
    int32_t nps_day, previous_nps_day; /* RMK_NO_DATE none */
    int nps_class;              /* rmk_nps_class of the latest NPS; -1 none */
    int satisfaction, previous_satisfaction; /* on the scale; -1 none */
    int32_t satisfaction_day, previous_satisfaction_day;
    int segment, category;      /* RFM segment, rating category at the as-of
                                   date; -1 none (or no transactions) */
    int key;                    /* 1: a key client */
    const char *key_group;      /* the category (first) or segment that made
                                   it key; "all" without transactions; "" */
    unsigned alert;             /* RMK_ALERT_* bits; 0 unless key */
    int in_transactions, in_customers_file; /* 1, 0; -1: file not given */
} rmk_feedback_client;

/* Answers of a group: per respondent one NPS and one satisfaction answer
 * (its latest overall, or its latest in a period). */
typedef struct rmk_nps_stats {
    size_t respondents;         /* with an NPS answer */
    size_t promoters, passives, detractors;
    int nps_known, nps_tenths;  /* as rmk_nps_tenths */
    size_t sat_respondents;     /* with a satisfaction answer; */
    int64_t sat_sum;            /*   mean = sat_sum / sat_respondents */
} rmk_nps_stats;

/* A group: all respondents, a rating category or an RFM segment; members
 * by their category or segment at the as-of date. */
enum { RMK_FEEDBACK_ALL = 0, RMK_FEEDBACK_CATEGORY = 1, RMK_FEEDBACK_SEGMENT = 2 };
typedef struct rmk_feedback_group {
    int kind;                   /* RMK_FEEDBACK_* */
    int index;                  /* the category or segment; -1 for all */
    const char *key;            /* "all", or the category or segment key */
    rmk_nps_stats latest;       /* over the members' latest answers */
} rmk_feedback_group;

typedef struct rmk_feedback rmk_feedback;

/* Read the feedback file (path; "-" = stdin), and the transactions and
 * customers files of o, and compute everything of docs/feedback.md.
 * Errors: reading errors with file:line:column (RMK_ERR_DATA ...),
 * RMK_ERR_USAGE for bad options, RMK_ERR_EMPTY without any answer; the
 * message in err. Free the result with rmk_feedback_free(). */
RMK_API rmk_status rmk_feedback_file(const char *path, const rmk_read_opts *ro,
                                     const rmk_feedback_opts *o, rmk_feedback **out, char *err,
                                     size_t errlen);
/* The same with the transactions from a customer book read with
 * RMK_BOOK_DAYS | RMK_BOOK_PAYMENTS (o->transactions and o->customers are
 * then ignored: the book's count), or book NULL for the answers alone. The
 * result points into the book: free it first. */
RMK_API rmk_status rmk_feedback_run(const rmk_book *book, const char *path,
                                    const rmk_read_opts *ro, const rmk_feedback_opts *o,
                                    rmk_feedback **out, char *err, size_t errlen);
RMK_API void rmk_feedback_free(rmk_feedback *x);
RMK_API int32_t rmk_feedback_as_of(const rmk_feedback *x);
RMK_API size_t rmk_feedback_count(const rmk_feedback *x);
RMK_API const rmk_feedback_client *rmk_feedback_at(const rmk_feedback *x, size_t i); /* id order */
/* Groups: 0 is all; then the scale's categories (when rated), then the
 * map's segments (when scored). */
RMK_API size_t rmk_feedback_groups(const rmk_feedback *x);
RMK_API const rmk_feedback_group *rmk_feedback_group_at(const rmk_feedback *x, size_t g);
/* Periods from the first answer's to the last answer's, every one. */
RMK_API rmk_period rmk_feedback_period(const rmk_feedback *x);
RMK_API size_t rmk_feedback_periods(const rmk_feedback *x);
RMK_API int32_t rmk_feedback_period_start(const rmk_feedback *x, size_t i);
/* "2026-05", "2026-Q2" or "2026"; buf 16 bytes. */
RMK_API char *rmk_feedback_period_label(const rmk_feedback *x, size_t i, char *buf);
/* Period i's days up to the as-of date (*covered) and its length in days
 * (*days), as rmk_activity_partial: 1 when covered < days (a partial last
 * period, docs/feedback.md "Trend"), else 0; all 0 when i is out of range. */
RMK_API int rmk_feedback_partial(const rmk_feedback *x, size_t i, int *covered, int *days);
/* Group g in period i: each member's latest answer in the period. */
RMK_API void rmk_feedback_group_period(const rmk_feedback *x, size_t g, size_t i,
                                       rmk_nps_stats *s);
/* The scale and segment map of the groups; NULL when not rated / scored. */
RMK_API const rmk_scale *rmk_feedback_scale(const rmk_feedback *x);
RMK_API const rmk_segmap *rmk_feedback_segments(const rmk_feedback *x);
typedef struct rmk_feedback_stats {
    uint64_t rows, rows_skipped, rows_after_as_of; /* the feedback file */
    char first_error[512];
    uint64_t tx_rows, tx_rows_skipped, tx_rows_after_as_of; /* the transactions */
    char tx_first_error[512];
    size_t respondents, without_nps; /* without_nps: satisfaction answers only */
    size_t key_clients, alerts;
    int all_key;                   /* no transactions: every respondent is key */
    size_t without_transactions;   /* respondents not in the transactions */
    size_t not_in_customers_file;  /* respondents not in the customers file */
    size_t transactions_without_answer; /* customers with transactions, no answer */
    size_t customers_without_answer;    /* customers-file clients, no answer */
} rmk_feedback_stats;
RMK_API void rmk_feedback_get_stats(const rmk_feedback *x, rmk_feedback_stats *s);

/* ------------------------------------------- relationship-quality survey */

/* A questionnaire for evaluating the effectiveness of relationships
 * (lecture §4; SPEC §3.8): Likert items grouped into components (economic
 * efficiency, strategic value, psychological value, the evaluation
 * criteria ...), some reverse-scored, on one integer scale; weights of the
 * components in the overall index; the thresholds below which a
 * relationship is weak. Read from an INI file (docs/survey.md); the
 * lecture's components ship as the default (data/survey/questionnaire.ini). */
typedef struct rmk_questionnaire rmk_questionnaire;

#define RMK_SURVEY_MAX_COMPONENTS 32
#define RMK_SURVEY_MAX_ITEMS 256

/* The shipped questionnaire. NULL on error (*st, err). */
RMK_API rmk_questionnaire *rmk_questionnaire_default(rmk_status *st, char *err, size_t errlen);
/* A questionnaire from INI text (`name` is the file name in messages) or a
 * file, checked: a scale with min < max, every component with items, every
 * item listed by exactly one component and defined by an [item KEY]
 * section. Errors are RMK_ERR_CONFIG with "name:line: what" (NOINPUT, IO,
 * NOMEM for the file). Free with rmk_questionnaire_free(). */
RMK_API rmk_questionnaire *rmk_questionnaire_parse(const char *text, size_t len, const char *name,
                                                   rmk_status *st, char *err, size_t errlen);
RMK_API rmk_questionnaire *rmk_questionnaire_load(const char *path, rmk_status *st, char *err,
                                                  size_t errlen);
RMK_API void rmk_questionnaire_free(rmk_questionnaire *q);

/* The strings below are owned by q; lang "en" or "ru" (the English text
 * when there is no Russian one). */
RMK_API const char *rmk_questionnaire_title(const rmk_questionnaire *q, const char *lang);
RMK_API int rmk_questionnaire_scale_min(const rmk_questionnaire *q);
RMK_API int rmk_questionnaire_scale_max(const rmk_questionnaire *q);
/* The thresholds of the questionnaire's [weak] section, index points 0..100. */
RMK_API double rmk_questionnaire_weak_overall(const rmk_questionnaire *q);
RMK_API double rmk_questionnaire_weak_component(const rmk_questionnaire *q);

RMK_API int rmk_questionnaire_component_count(const rmk_questionnaire *q);
/* Component c in the file's order, 0 <= c < count; "" (or 0) past it. */
RMK_API const char *rmk_questionnaire_component_key(const rmk_questionnaire *q, int c);
RMK_API const char *rmk_questionnaire_component_name(const rmk_questionnaire *q, int c,
                                                     const char *lang);
/* A short label for column headings (the key when the file gives none). */
RMK_API const char *rmk_questionnaire_component_label(const rmk_questionnaire *q, int c,
                                                      const char *lang);
RMK_API double rmk_questionnaire_component_weight(const rmk_questionnaire *q, int c);
RMK_API int rmk_questionnaire_component_items(const rmk_questionnaire *q, int c);
/* The j-th item of component c (in its `items` order): an item index. */
RMK_API int rmk_questionnaire_component_item(const rmk_questionnaire *q, int c, int j);

RMK_API int rmk_questionnaire_item_count(const rmk_questionnaire *q);
RMK_API const char *rmk_questionnaire_item_key(const rmk_questionnaire *q, int i);
RMK_API const char *rmk_questionnaire_item_text(const rmk_questionnaire *q, int i,
                                                const char *lang);
RMK_API int rmk_questionnaire_item_component(const rmk_questionnaire *q, int i);
RMK_API int rmk_questionnaire_item_reverse(const rmk_questionnaire *q, int i); /* 1: reverse-scored */
/* The item with this key (ASCII case and blanks as in headers: "Eco costs"
 * finds eco_costs), or -1. */
RMK_API int rmk_questionnaire_item_find(const rmk_questionnaire *q, const char *key, size_t len);

typedef struct rmk_survey_opts {
    int32_t as_of;          /* answers dated after it are ignored; RMK_NO_DATE: all */
    double weak_overall;    /* a relationship is weak below these index points; */
    double weak_component;  /*   < 0: the questionnaire's thresholds */
} rmk_survey_opts;
RMK_API void rmk_survey_opts_init(rmk_survey_opts *o);

/* One client's relationship quality. An index is 0..100: the mean of the
 * answers to the component's items (reverse items flipped: min + max - x)
 * rescaled, (mean - min) / (max - min) x 100, per response, then averaged
 * over the client's responses that answered the component. */
typedef struct rmk_survey_client {
    const char *customer_id;  /* NUL-terminated, owned by the result */
    size_t id_len;
    size_t respondents;       /* responses: distinct (respondent, date) with an answer */
    size_t answers;           /* answered items, over its responses */
    const double *index;      /* [component]: 0..100, NaN when no response answered
                                 the component; owned by the result */
    double overall;           /* the weighted mean of the defined component indices */
    int weak;                 /* weak_overall or weak_components */
    int weak_overall;         /* 1: overall below its threshold */
    uint32_t weak_components; /* bit c: index[c] below the component threshold */
} rmk_survey_client;

/* A component's summary, or the overall one. */
typedef struct rmk_survey_summary {
    int items;                /* the component's items (all items: overall) */
    size_t respondents;       /* responses that answered at least one of them */
    size_t clients;           /* clients with an index */
    double mean_index;        /* mean of the clients' indices; NaN without clients */
    size_t alpha_respondents; /* responses that answered every item: alpha's sample */
    double cronbach_alpha;    /* k/(k-1) x (1 - sum of item variances / variance of
                                 the totals); NaN: fewer than 3 items, fewer than 2
                                 complete responses, totals without variance, and
                                 always for the overall */
    size_t weak_clients;      /* clients below the threshold (component or overall) */
} rmk_survey_summary;

typedef struct rmk_survey rmk_survey;

/* Read a file of answers (path "-" = stdin), in the long form (columns
 * customer_id, item, answer, and optionally respondent and date) or the
 * wide form (customer_id, optionally respondent and date, then one column
 * per item key), told apart by the header; and score every client on the
 * questionnaire q (borrowed; it must outlive the result). From ro (NULL:
 * defaults): encoding, delimiter, date format, skip_bad. A bad row (an
 * unknown item, an answer that is not a whole number on the scale, a bad
 * id or date, an item answered twice in one response) is RMK_ERR_DATA
 * with "file:line:column: what" in err, unless skip_bad; a wide column
 * that is not an item is an error "file:1:column" unless skip_bad (then
 * ignored and counted). No answer at all is RMK_ERR_EMPTY. */
RMK_API rmk_status rmk_survey_file(const char *path, const rmk_questionnaire *q,
                                   const rmk_read_opts *ro, const rmk_survey_opts *o,
                                   rmk_survey **out, char *err, size_t errlen);
/* The same over a memory block; name is the file name in messages. */
RMK_API rmk_status rmk_survey_mem(const char *data, size_t len, const char *name,
                                  const rmk_questionnaire *q, const rmk_read_opts *ro,
                                  const rmk_survey_opts *o, rmk_survey **out, char *err,
                                  size_t errlen);
RMK_API void rmk_survey_free(rmk_survey *s);
RMK_API const rmk_questionnaire *rmk_survey_questionnaire(const rmk_survey *s);
RMK_API size_t rmk_survey_count(const rmk_survey *s);
/* Clients in ascending byte order of id; NULL past the end. */
RMK_API const rmk_survey_client *rmk_survey_at(const rmk_survey *s, size_t i);
/* c = 0 .. component count - 1, or the component count for the overall.
 * Returns 0 (and leaves *out) for another c. */
RMK_API int rmk_survey_summary_get(const rmk_survey *s, int c, rmk_survey_summary *out);
/* The thresholds in use. */
RMK_API double rmk_survey_weak_overall(const rmk_survey *s);
RMK_API double rmk_survey_weak_component(const rmk_survey *s);

typedef struct rmk_survey_stats {
    int wide;                 /* 1: one column per item; 0: item and answer columns */
    uint64_t rows;            /* data rows read */
    uint64_t rows_skipped;    /* bad rows (and repeated answers) skipped under skip_bad */
    uint64_t rows_after_as_of;
    uint64_t answers;         /* answers scored */
    uint64_t missing;         /* empty answer cells: not scored, never zeros */
    size_t responses;         /* responses with at least one answer */
    size_t empty_responses;   /* responses without any answer: left out */
    size_t clients, weak_clients;
    size_t ignored_columns;   /* wide, skip_bad: columns that are no item */
    char ignored_column[64];  /* the first of them */
    size_t unasked_items;     /* wide: items of the questionnaire without a column */
    char unasked_item[64];    /* the first of them */
    char first_error[512];    /* the first (lowest-line) skipped row's message */
} rmk_survey_stats;
RMK_API void rmk_survey_get_stats(const rmk_survey *s, rmk_survey_stats *st);

/* ------------------------------------------------------------- the report */

/* The whole relationship picture of one customer book (docs/report.md):
 * every analysis the book's files allow, run once on the book, then written
 * as one self-contained HTML page (inline SVG charts, no network request) or
 * as an XLSX workbook. An analysis the data cannot support (no repeat
 * purchase for the CLV models, no customers file for the rating, ...) is
 * not an error: its section says why, or which file would add it. */
typedef struct rmk_report rmk_report;

typedef struct rmk_report_opts {
    const char *lang;          /* "en" (default) or "ru": every label */
    int32_t as_of;             /* RMK_NO_DATE: the latest purchase day */
    const char *feedback;      /* the feedback file the book was read with, or NULL:
                                  its trend and alerts (read once more) */
    const char *survey;        /* answers of a relationship-quality survey, or NULL */
    const char *questionnaire; /* its questionnaire (INI); NULL: the shipped one */
    const rmk_read_opts *survey_read; /* reading options of the survey file; NULL: defaults */
} rmk_report_opts;
RMK_API void rmk_report_opts_init(rmk_report_opts *o);

/* Runs every analysis on the book (read with RMK_BOOK_ALL). RMK_OK and a
 * report to free with rmk_report_free() (before the book); an error only
 * when the book holds no customer to report on, for bad options, the survey
 * file's errors, or out of memory (message in err). */
RMK_API rmk_status rmk_report_build(const rmk_book *book, const rmk_report_opts *o,
                                    rmk_report **out, char *err, size_t errlen);
RMK_API void rmk_report_free(rmk_report *r);
/* Writes the report as one HTML page to f. RMK_ERR_IO when f fails. */
RMK_API rmk_status rmk_report_html(const rmk_report *r, FILE *f, char *err, size_t errlen);
/* The same page with its labels in lang ("en" or "ru"; another: the
 * report's own), whatever the language the report was built in; the notes
 * on what a section left out stay in the build's language. */
RMK_API rmk_status rmk_report_html_lang(const rmk_report *r, const char *lang, FILE *f, char *err,
                                        size_t errlen);
/* The report page's style sheet (CSS text, static), for a page that shows
 * the report's charts beside its own content (relmark serve's dashboard). */
RMK_API const char *rmk_report_css(void);
/* One chart of the report as a standalone SVG document, written to f: only
 * the analyses it needs run on the book. chart is a key of docs/report.md
 * ("rfm-heatmap", "retention-curve", "abcxyz-lorenz", "clv-histogram", ...);
 * another is RMK_ERR_USAGE with the keys in err; a chart the data give
 * nothing to draw (no customers file for "rate-points", ...) RMK_ERR_DATA. */
RMK_API rmk_status rmk_report_chart(const rmk_book *book, const rmk_report_opts *o,
                                    const char *chart, FILE *f, char *err, size_t errlen);
/* Writes the report as an XLSX workbook to path (created or replaced). */
RMK_API rmk_status rmk_report_xlsx(const rmk_report *r, const char *path, char *err,
                                   size_t errlen);

/* ---------------------------------------------------------- the workspace */

/* A workspace: one SQLite file that keeps the imported transactions, the
 * customers file and the feedback (docs/workspace.md). Every call that
 * reads a transactions FILE (rmk_book_read and the *_file calls) reads a
 * workspace in its place, told by its header, with the results of the
 * files it was imported from; its customers and feedback files are read
 * when the workspace's path is given as the customers or feedback path. */
typedef struct rmk_ws rmk_ws;

#define RMK_WS_READONLY 1u /* rmk_ws_open: read only; else created when absent */

/* Opens (or creates, unless RMK_WS_READONLY) the workspace at path.
 * RMK_ERR_DATA: a corrupt file, another application's SQLite database, a
 * workspace of a newer schema (named in err); RMK_ERR_NOINPUT: it cannot be
 * opened; RMK_ERR_IO: it cannot be written. */
RMK_API rmk_status rmk_ws_open(const char *path, unsigned flags, rmk_ws **out, char *err,
                               size_t errlen);
RMK_API void rmk_ws_close(rmk_ws *ws); /* accepts NULL */
/* How long an import waits for another writer before failing, in
 * milliseconds (>= 0; default 5000). */
RMK_API rmk_status rmk_ws_busy_timeout(rmk_ws *ws, int ms);
#define RMK_WS_CUSTOMERS 1u /* rmk_ws_side_files: a customers file was imported */
#define RMK_WS_FEEDBACK 2u  /* ... a feedback file, or answers posted to the API */
/* Which side files the workspace at path holds (RMK_WS_* bits); 0 when
 * path is no workspace (a text file, a pipe) or holds none. */
RMK_API unsigned rmk_ws_side_files(const char *path);

typedef struct rmk_ws_import_result {
    int64_t import_id;   /* the row of the imports table; 0 when nothing was imported */
    int same_file;       /* 1: a file with this digest was imported before: its rows
                            were not read again (added, known ... are 0) */
    uint64_t rows;       /* data rows read */
    uint64_t added;      /* rows stored */
    uint64_t known;      /* rows the workspace held already (their row key) */
    uint64_t rejected;   /* bad rows skipped (with ro->skip_bad; else the first fails) */
    uint64_t left_out;   /* guest, totals, filtered rows and rows out of from..as_of */
    uint64_t customers;  /* the customers file's clients stored (0 without one) */
    uint64_t answers;    /* the feedback file's answers stored (0 without one) */
    char first_error[512]; /* the first rejected row's message, "" if none */
} rmk_ws_import_result;

/* Imports the transactions file path (read with ro, NULL: defaults; "-" is
 * standard input), and the customers and feedback files when not NULL
 * (each replaces the workspace's previous one), as ONE transaction: on
 * any error nothing is stored. Rows already held (their row key) are
 * counted as known, not stored twice. */
RMK_API rmk_status rmk_ws_import(rmk_ws *ws, const char *path, const rmk_read_opts *ro,
                                 const char *customers, const char *feedback,
                                 rmk_ws_import_result *res, char *err, size_t errlen);

/* ---------------------------------------------------- snapshots and history */

/* A snapshot: every customer's classes at an as-of date, stored in the
 * workspace (docs/workspace.md, "Snapshots"): RFM scores and segment (the
 * ten-segment map), rating category (when a customers file was imported),
 * life-cycle stage, ABC-XYZ class, CLV and P(alive), and the fitted CLV
 * models. Each analysis runs with its command's defaults, as the report's. */
typedef struct rmk_ws_snapshot_info {
    int32_t as_of;
    char taken[24];      /* when, UTC: YYYY-MM-DDTHH:MM:SSZ */
    uint64_t customers;  /* rows stored */
    uint64_t segmented, rated, classified, valued; /* of them with a segment, a category,
                            an ABC-XYZ class, a CLV */
    int replaced;        /* 1: the snapshot of this as-of date it replaced */
    int models;          /* CLV models stored: 0, 1 (purchases) or 2 (and spend) */
    char clv_error[256]; /* why no CLV model was stored, "" when one was */
} rmk_ws_snapshot_info;

/* Takes a snapshot at as_of (RMK_NO_DATE: the latest transaction date) of
 * the workspace's rows up to it, as ONE transaction; a snapshot of the same
 * date is replaced. The workspace must be open for writing. RMK_ERR_EMPTY
 * when no customer has a purchase by then; errors as rmk_book_read. */
RMK_API rmk_status rmk_ws_snapshot(rmk_ws *ws, int32_t as_of, rmk_ws_snapshot_info *info,
                                   char *err, size_t errlen);
/* The snapshots' as-of dates, ascending, into *dates (malloc'ed; free it;
 * NULL when none), their number in *n. A workspace of schema 1 has none. */
RMK_API rmk_status rmk_ws_snapshot_dates(rmk_ws *ws, int32_t **dates, size_t *n, char *err,
                                         size_t errlen);

/* The classifications history compares, in this order. */
typedef enum rmk_ws_dim {
    RMK_DIM_SEGMENT = 0,  /* RFM segment key */
    RMK_DIM_CATEGORY = 1, /* rating category key */
    RMK_DIM_STAGE = 2,    /* life-cycle stage key */
    RMK_DIM_ABCXYZ = 3    /* ABC-XYZ class, "AX" ... "CZ" */
} rmk_ws_dim;
#define RMK_WS_DIMS 4
RMK_API const char *rmk_ws_dim_key(rmk_ws_dim d); /* "segment", "category", "stage", "abcxyz" */

/* What fell for a customer that moved down (bits of rmk_ws_mover.down). */
#define RMK_DOWN_CATEGORY 1u /* a lower rating category, or no longer rated */
#define RMK_DOWN_STAGE 2u    /* down the ladder, off it (passive, former), passive to former */
#define RMK_DOWN_ABC 4u      /* A to B or C, B to C, or out of the ABC window */

/* A customer that moved down between the two snapshots. Class keys are ""
 * where the customer had none (not in the snapshot, not rated ...). */
typedef struct rmk_ws_mover {
    const char *customer_id;   /* NUL-terminated, owned by the history */
    int key;                   /* 1: a key client at the earlier date */
    const char *key_group;     /* the group that made it one, "" when not */
    const char *from[RMK_WS_DIMS], *to[RMK_WS_DIMS];
    unsigned down;             /* RMK_DOWN_* bits */
    int clv_known;             /* 1: clv_from is known */
    double clv_from, clv_to;   /* NaN where unknown */
} rmk_ws_mover;

typedef struct rmk_ws_history rmk_ws_history;

/* Compares the snapshots of from and to (RMK_NO_DATE for both: the last
 * two; from only: from and the last; to only: the one before to and to).
 * key_groups: the groups (category or segment keys) that make a key client,
 * comma-separated; NULL: "strategic_partner,regular,champions,loyal" (as
 * feedback's). RMK_ERR_EMPTY with fewer than two snapshots, RMK_ERR_USAGE
 * for a date that has none or from not before to (messages in err). */
RMK_API rmk_status rmk_ws_history_run(rmk_ws *ws, int32_t from, int32_t to, const char *key_groups,
                                      rmk_ws_history **out, char *err, size_t errlen);
RMK_API void rmk_ws_history_free(rmk_ws_history *h);
RMK_API int32_t rmk_ws_history_from(const rmk_ws_history *h);
RMK_API int32_t rmk_ws_history_to(const rmk_ws_history *h);
/* The migration matrix of a dimension: its classes (keys; "" = none: not in
 * that snapshot or not classified), in the order of docs/workspace.md,
 * and cell (i at from, j at to) = customers. */
RMK_API size_t rmk_ws_history_classes(const rmk_ws_history *h, rmk_ws_dim d);
RMK_API const char *rmk_ws_history_class(const rmk_ws_history *h, rmk_ws_dim d, size_t i);
RMK_API uint64_t rmk_ws_history_cell(const rmk_ws_history *h, rmk_ws_dim d, size_t i, size_t j);
/* The customers that moved down: key clients first, then by CLV at from
 * (highest first, unknown last), then id order. */
RMK_API size_t rmk_ws_history_down_count(const rmk_ws_history *h);
RMK_API const rmk_ws_mover *rmk_ws_history_down_at(const rmk_ws_history *h, size_t i);

/* One customer's classes in one snapshot. */
typedef struct rmk_ws_step {
    int32_t as_of;
    int present;               /* 0: not in this snapshot (the rest empty) */
    char rfm[16];              /* "545", "" without a purchase */
    const char *cls[RMK_WS_DIMS]; /* keys ("" none); owned by the path */
    double clv, p_alive;       /* NaN when unknown */
} rmk_ws_step;
typedef struct rmk_ws_path rmk_ws_path;
/* A customer's classes in every snapshot, oldest first. RMK_ERR_USAGE when
 * the workspace knows no such customer, RMK_ERR_EMPTY without snapshots. */
RMK_API rmk_status rmk_ws_customer_path(rmk_ws *ws, const char *customer_id, rmk_ws_path **out,
                                        char *err, size_t errlen);
RMK_API void rmk_ws_path_free(rmk_ws_path *p);
RMK_API size_t rmk_ws_path_count(const rmk_ws_path *p);
RMK_API const rmk_ws_step *rmk_ws_path_at(const rmk_ws_path *p, size_t i);

/* The CLV model stored with the snapshot of as_of (RMK_NO_DATE: the
 * latest snapshot that has one), into o: model, unit, fixed = 1 and its
 * parameters (fixed_spend with the spend model's); *taken_as_of the
 * snapshot's date. RMK_ERR_EMPTY when there is none (message in err). */
RMK_API rmk_status rmk_ws_model(rmk_ws *ws, int32_t as_of, rmk_clv_opts *o, int32_t *taken_as_of,
                                char *err, size_t errlen);

/* ------------------------------------------------- the API's store (serve) */

/* The rows of a JSON batch of `relmark serve` (docs/api.md), given as CSV
 * text with a header (data, len; name for messages) and read by the CSV
 * reader with ro, stored as rmk_ws_import stores a file's: ONE transaction,
 * each row once by its row key (a batch re-posted adds nothing), the first
 * bad row failing the whole batch with nothing stored ("name:LINE:COL: ..."
 * in err, LINE 2 the first row). touch (may be NULL) is called with the
 * customer id of each row stored, after the commit only. */
typedef void (*rmk_ws_touch_fn)(void *ctx, const char *id, size_t len);
RMK_API rmk_status rmk_ws_import_text(rmk_ws *ws, const char *name, const char *data, size_t len,
                                      const rmk_read_opts *ro, rmk_ws_touch_fn touch, void *ctx,
                                      rmk_ws_import_result *res, char *err, size_t errlen);

/* The answers of a JSON batch of POST /v1/feedback (docs/api.md), given as
 * CSV text with a header (customer_id, date, nps, satisfaction; name for
 * messages), read by the feedback file's reader with satisfaction on
 * sat_min..sat_max (0 <= min < max <= 100), stored in the feedback table
 * as ONE transaction: the first bad answer fails the batch with nothing
 * stored ("name:LINE:COL: ..." in err, LINE 2 the first answer). An answer
 * equal (customer, day, NPS, satisfaction) to one posted before is known,
 * not stored again. Posted answers are read after the feedback file's
 * wherever the workspace stands for a feedback file. */
typedef struct rmk_ws_feedback_result {
    int64_t import_id; /* the row of imports (file and feedback_file 'batch') */
    uint64_t rows;     /* answers read */
    uint64_t added;    /* answers stored */
    uint64_t known;    /* answers posted before */
} rmk_ws_feedback_result;
RMK_API rmk_status rmk_ws_feedback_post(rmk_ws *ws, const char *name, const char *data, size_t len,
                                        int sat_min, int sat_max, rmk_ws_feedback_result *res, char *err,
                                        size_t errlen);

/* One customer's aggregate computed from its stored rows alone (an indexed
 * look-up, never a read of the whole workspace): net sales (minor units),
 * distinct purchases (invoices, else days, of rows >= 0, as docs/rfm.md),
 * the first and last purchase day (RMK_NO_DATE without). found 0: no row. */
typedef struct rmk_ws_customer_agg {
    int found;
    int64_t net, purchases;
    int32_t first_purchase, last_purchase;
} rmk_ws_customer_agg;
RMK_API rmk_status rmk_ws_customer_agg_get(rmk_ws *ws, const char *id, size_t len,
                                           rmk_ws_customer_agg *out, char *err, size_t errlen);

/* API tokens (docs/api.md, "Tokens"): only the SHA-256 of a token is
 * stored. scope: "read", "write" or "admin" (each includes the ones
 * before). rmk_ws_token_add writes the new token (72 bytes with the NUL)
 * into token; RMK_ERR_USAGE for a bad scope or a name in use. */
#define RMK_TOKEN_LEN 72
RMK_API rmk_status rmk_ws_token_add(rmk_ws *ws, const char *name, const char *scope,
                                    char token[RMK_TOKEN_LEN], char *err, size_t errlen);
/* RMK_ERR_NOINPUT when no live token has that name. */
RMK_API rmk_status rmk_ws_token_revoke(rmk_ws *ws, const char *name, char *err, size_t errlen);
typedef struct rmk_token_info {
    const char *name, *scope, *created, *revoked; /* revoked NULL: live; times UTC ISO 8601 */
} rmk_token_info;
typedef void (*rmk_token_fn)(void *ctx, const rmk_token_info *t);
RMK_API rmk_status rmk_ws_token_list(rmk_ws *ws, rmk_token_fn fn, void *ctx, char *err,
                                     size_t errlen);
/* The live tokens' hashes, loaded once, for checking requests without the
 * database: rmk_tokens_check returns the scope (1 read, 2 write, 3 admin)
 * of the token presented, or 0 when none matches (every stored hash is
 * compared, each in constant time). */
typedef struct rmk_tokens rmk_tokens;
RMK_API rmk_status rmk_ws_tokens_load(rmk_ws *ws, rmk_tokens **out, char *err, size_t errlen);
RMK_API int rmk_tokens_check(const rmk_tokens *t, const char *token, size_t len);
RMK_API void rmk_tokens_free(rmk_tokens *t);


/* ------------------------------------------------ the live state (serve) */

/* What `relmark serve` answers from (docs/api.md): the workspace's book
 * read once and every analysis run on it (the report's, rmk_report_build),
 * indexed by customer id; rmk_live_update then keeps a customer's R, F, M
 * and their scores up to date from its own rows against the cut-offs of
 * the build (the rescore). Not thread-safe: the server locks around it. */
typedef struct rmk_live rmk_live;
typedef struct rmk_live_card {
    const char *customer_id; /* id_len bytes, NUL-terminated */
    size_t id_len;
    int scored;              /* 0: no purchase (a customers file's client, returns only) */
    int32_t recency_days;    /* to the cut-offs' as-of date; 0 for a purchase after it */
    int64_t frequency, net_minor, monetary_num, monetary_den; /* as rmk_rfm_customer */
    int32_t first_purchase, last_purchase; /* RMK_NO_DATE without */
    int r, f, m, segment;    /* scores 1..bins against the rescore's cut-offs; segment -1 none */
    int updated;             /* 1: a row arrived since the rescore */
    const rmk_staged_customer *stage; /* at the rescore; NULL: not placed */
    const rmk_rated_client *rating;   /* NULL: not rated (no customers file, an individual) */
    const rmk_clv_customer *clv;      /* NULL: no model, or not in it */
} rmk_live_card;
RMK_API rmk_status rmk_live_build(const char *workspace, rmk_live **out, char *err, size_t errlen);
RMK_API void rmk_live_free(rmk_live *l);
/* The card of a customer, NULL when unknown; valid until the next update. */
RMK_API const rmk_live_card *rmk_live_find(const rmk_live *l, const char *id, size_t len);
/* The first card whose id follows after (NULL: the first of all), in id
 * order (the paging order), NULL at the end. */
RMK_API const rmk_live_card *rmk_live_next(const rmk_live *l, const char *after, size_t len);
/* A customer's aggregate from rmk_ws_customer_agg_get: its card rescored. */
RMK_API rmk_status rmk_live_update(rmk_live *l, const char *id, size_t len,
                                   const rmk_ws_customer_agg *a, char *err, size_t errlen);
RMK_API int32_t rmk_live_as_of(const rmk_live *l);        /* the cut-offs' as-of day */
RMK_API int64_t rmk_live_computed_at(const rmk_live *l);  /* when built, Unix seconds */
RMK_API size_t rmk_live_count(const rmk_live *l);
RMK_API const rmk_segmap *rmk_live_segments(const rmk_live *l);
RMK_API const rmk_scale *rmk_live_scale(const rmk_live *l); /* NULL: no rating */
RMK_API size_t rmk_live_segment_count(const rmk_live *l, int segment); /* scored customers */
RMK_API const rmk_report *rmk_live_report(const rmk_live *l);
RMK_API int rmk_live_cutoff(const rmk_live *l, char measure, int score, rmk_rfm_cutoff *c);

#ifdef __cplusplus
}
#endif
#endif /* RELMARK_H */
