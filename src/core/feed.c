/* SPDX-License-Identifier: MIT */
/* feed.c — the transactions into the per-customer aggregate: a reading
 * thread parses rows (txn.c) and hashes them (agg_row_prepare) into batches
 * while the caller's thread adds the batches in file order (agg.c); see
 * feed.h. */
#include "feed.h"
#include "errmsg.h"
#include "csv.h"
#include "ws.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows go to the aggregate in batches (agg_add_batch overlaps their cache
 * misses); their bytes are copied, as the reader's buffer moves on. With
 * two threads the reader fills batches while the caller's thread adds the
 * previous ones: parsing and aggregating overlap. */
#ifndef FEED_ROWS
#define FEED_ROWS 4096
#endif
#define FEED_ARENA (2u * CSV_RECORD_CAP) /* any one row fits */
#define FEED_BATCHES 8

typedef struct batch {
    agg_row rows[FEED_ROWS];
    uint64_t lines[FEED_ROWS];
    uint32_t idx[FEED_ROWS];  /* with a hook: each row's customer */
    uint8_t fresh[FEED_ROWS]; /* ... and whether it started a purchase */
    txn_extra ex[FEED_ROWS];  /* the optional columns, when wanted */
    size_t n, used;
    char *arena;
    long ccol, acol; /* the customer and amount columns, for messages */
    char file[256]; /* the file name, for messages (the reader's copy goes) */
    int full;       /* handed to the aggregating side */
} batch;

typedef struct feed {
    rmk_agg *a;
    txn_batch_hook hook; /* or NULL */
    unsigned want;       /* TXN_PAYMENT, TXN_MARGIN: kept in the batch's ex */
    int light;           /* TXN_NO_PURCHASES: agg_add_batch_light */
    void *hook_ctx;
    int skip_bad;
    batch *b;       /* FEED_BATCHES in a ring, or one without a thread */
    size_t nb;
    size_t prod, cons; /* batches filled / added so far */
    int threaded;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int producer_done, stop;
    /* the reading side's result */
    const char *path;
    const rmk_read_opts *opts;
    txn_counts counts;
    rmk_status read_st;
    char read_err[512];
    /* the aggregating side's skipped rows and error */
    uint64_t skipped, first_error_line;
    char first_error[512];
    rmk_status add_st;
    char add_err[512];
} feed;

/* Add one batch to the aggregate; under skip_bad bad rows are counted. */
static rmk_status feed_add(feed *f, batch *bt)
{
    size_t from = 0;
    while (from < bt->n) {
        size_t failed = 0;
        rmk_status st;
        if (f->light) {
            st = agg_add_batch_light(f->a, bt->rows + from, bt->n - from, &failed, bt->idx + from);
            memset(bt->fresh + from, 0, bt->n - from);
        } else {
            st = f->hook ? agg_add_batch_ex(f->a, bt->rows + from, bt->n - from, &failed,
                                            bt->idx + from, bt->fresh + from)
                         : agg_add_batch(f->a, bt->rows + from, bt->n - from, &failed);
        }
        if (f->hook) { /* the rows added, before the one that failed */
            size_t k = st == RMK_OK ? bt->n - from : failed;
            rmk_status hs = k ? f->hook(f->hook_ctx, bt->rows + from, bt->lines + from,
                                        f->want ? bt->ex + from : NULL, bt->idx + from,
                                        bt->fresh + from, k, f->add_err, sizeof f->add_err)
                              : RMK_OK;
            if (hs) return f->add_st = hs;
        }
        if (st == RMK_OK) break;
        char msg[512];
        snprintf(msg, sizeof msg, "%s:%llu:%ld: %s", bt->file,
                 (unsigned long long)bt->lines[from + failed],
                 agg_error_field(f->a) == 'a' ? bt->acol : bt->ccol, agg_errmsg(f->a));
        if (st != RMK_ERR_DATA || !f->skip_bad) {
            snprintf(f->add_err, sizeof f->add_err, "%s", msg);
            return f->add_st = st;
        }
        if (f->skipped++ == 0) {
            snprintf(f->first_error, sizeof f->first_error, "%s", msg);
            f->first_error_line = bt->lines[from + failed];
        }
        from += failed + 1;
    }
    return RMK_OK;
}

/* The reading side hands over the batch it is filling. Returns RMK_OK, or
 * RMK_ERR_USAGE when the aggregating side has stopped on an error. */
static rmk_status feed_push(feed *f, char *err, size_t errlen)
{
    batch *bt = &f->b[f->prod % f->nb];
    if (!f->threaded) {
        rmk_status st = feed_add(f, bt);
        bt->n = bt->used = 0;
        if (st) snprintf(err, errlen, "%s", f->add_err);
        return st;
    }
    pthread_mutex_lock(&f->mu);
    bt->full = 1;
    f->prod++;
    pthread_cond_broadcast(&f->cv);
    batch *next = &f->b[f->prod % f->nb];
    while (next->full && !f->stop) pthread_cond_wait(&f->cv, &f->mu);
    int stop = f->stop;
    pthread_mutex_unlock(&f->mu);
    next->n = next->used = 0;
    if (stop) {
        snprintf(err, errlen, "stopped");
        return RMK_ERR_USAGE;
    }
    return RMK_OK;
}

static rmk_status feed_row(void *ctx, const txn_row *row, char *err, size_t errlen)
{
    feed *f = ctx;
    batch *bt = &f->b[f->prod % f->nb];
    size_t need = row->customer_len + row->invoice_len;
    if (bt->n == FEED_ROWS || bt->used + need > FEED_ARENA) {
        rmk_status st = feed_push(f, err, errlen);
        if (st) return st;
        bt = &f->b[f->prod % f->nb];
    }
    if (bt->n == 0) {
        snprintf(bt->file, sizeof bt->file, "%s", row->file);
        bt->ccol = row->customer_col;
        bt->acol = row->amount_col;
    }
    agg_row *r = &bt->rows[bt->n];
    r->id = memcpy(bt->arena + bt->used, row->customer, row->customer_len);
    r->id_len = (uint32_t)row->customer_len;
    bt->used += row->customer_len;
    r->invoice = NULL;
    r->invoice_len = 0;
    if (row->invoice) {
        r->invoice = memcpy(bt->arena + bt->used, row->invoice, row->invoice_len);
        r->invoice_len = (uint32_t)row->invoice_len;
        bt->used += row->invoice_len;
    }
    r->day = row->day;
    r->amount = row->amount;
    agg_row_prepare(f->a, r); /* hashing in the reading thread */
    if (f->want)
        bt->ex[bt->n] = (txn_extra){row->due_day, row->paid_day, (int8_t)row->prepaid,
                                    (int8_t)row->margin_known, row->margin};
    bt->lines[bt->n++] = row->line;
    return RMK_OK;
}

/* The reading side: the whole file, then the last partial batch. */
static void *reader_main(void *arg)
{
    feed *f = arg;
    /* a workspace is the second source of the same rows (docs/workspace.md) */
    int ws = ws_probe(f->path, f->read_err, sizeof f->read_err);
    if (ws < 0) f->read_st = ws_probe_status(ws);
    else if (ws) f->read_st = ws_read_rows(f->path, f->opts, f->want, feed_row, f, &f->counts, f->read_err,
                                           sizeof f->read_err);
    else f->read_st = txn_read_ex(f->path, f->opts, f->want, feed_row, f, &f->counts, f->read_err,
                                  sizeof f->read_err);
    /* the last partial batch goes to the aggregate even after a read error:
     * a row before the bad one may hold an earlier error, which wins */
    if (f->b[f->prod % f->nb].n) {
        char err[512];
        rmk_status st = feed_push(f, err, sizeof err);
        if (st != RMK_OK && !f->threaded && f->read_st == RMK_OK) {
            f->read_st = st;
            snprintf(f->read_err, sizeof f->read_err, "%s", err);
        }
    }
    if (f->threaded) {
        pthread_mutex_lock(&f->mu);
        f->producer_done = 1;
        pthread_cond_broadcast(&f->cv);
        pthread_mutex_unlock(&f->mu);
    }
    return NULL;
}

/* The aggregating side, in the caller's thread: batches in the order read. */
static void consume(feed *f)
{
    for (;;) {
        pthread_mutex_lock(&f->mu);
        batch *bt = &f->b[f->cons % f->nb];
        while (!bt->full && !f->producer_done) pthread_cond_wait(&f->cv, &f->mu);
        int have = bt->full;
        pthread_mutex_unlock(&f->mu);
        if (!have) return; /* the reader is done and every batch is in */
        rmk_status st = feed_add(f, bt);
        pthread_mutex_lock(&f->mu);
        bt->full = 0;
        f->cons++;
        if (st) f->stop = 1;
        pthread_cond_broadcast(&f->cv);
        pthread_mutex_unlock(&f->mu);
        if (st) return;
    }
}

rmk_status rmk_agg_read_file(rmk_agg *a, const char *path, const rmk_read_opts *opts, char *err,
                             size_t errlen)
{
    if (!a) return rmk_fail(err, errlen, RMK_ERR_USAGE, "no aggregate");
    rmk_status st = txn_agg_read_file(a, path, opts, 0, NULL, NULL);
    return st ? rmk_fail(err, errlen, st, "%s", agg_errmsg(a)) : RMK_OK;
}

rmk_status txn_agg_read_file(rmk_agg *a, const char *path, const rmk_read_opts *opts, unsigned want,
                             txn_batch_hook hook, void *hook_ctx)
{
    rmk_read_opts def;
    if (!opts) {
        rmk_read_opts_init(&def);
        opts = &def;
    }
    feed *f = calloc(1, sizeof *f);
    int threaded = opts->threads != 1;
    size_t nb = threaded ? FEED_BATCHES : 1;
    batch *b = f ? calloc(nb, sizeof *b) : NULL;
    int ok = f && b;
    for (size_t i = 0; ok && i < nb; i++) ok = (b[i].arena = malloc(FEED_ARENA)) != NULL;
    if (!ok) {
        for (size_t i = 0; b && i < nb; i++) free(b[i].arena);
        free(b);
        free(f);
        agg_set_error(a, "out of memory");
        return RMK_ERR_NOMEM;
    }
    f->a = a;
    f->hook = hook;
    f->hook_ctx = hook_ctx;
    f->want = hook ? want & (TXN_PAYMENT | TXN_MARGIN) : 0;
    f->light = hook && (want & TXN_NO_PURCHASES);
    f->b = b;
    f->nb = nb;
    f->skip_bad = opts->skip_bad;
    f->path = path;
    f->opts = opts;
    pthread_t th;
    if (threaded) {
        pthread_mutex_init(&f->mu, NULL);
        pthread_cond_init(&f->cv, NULL);
        f->threaded = 1;
        if (pthread_create(&th, NULL, reader_main, f) != 0) {
            f->threaded = threaded = 0;
            pthread_mutex_destroy(&f->mu);
            pthread_cond_destroy(&f->cv);
        }
    }
    if (threaded) {
        consume(f);
        pthread_join(th, NULL);
        pthread_mutex_destroy(&f->mu);
        pthread_cond_destroy(&f->cv);
    } else {
        reader_main(f);
    }
    /* an error of the aggregating side comes from an earlier row than the
     * reader's (batches are added in order), so it is the one reported */
    rmk_status st = f->add_st ? f->add_st : f->read_st;
    const char *err = f->add_st ? f->add_err : f->read_err;
    txn_counts *c = &f->counts;
    rmk_agg_stats *s = agg_stats_mut(a);
    s->rows += c->rows;
    s->rows_skipped += c->skipped + f->skipped;
    s->rows_after_as_of += c->after_as_of;
    s->rows_guest += c->guest;
    s->rows_totals += c->totals;
    s->rows_filtered += c->filtered;
    s->rows_before_from += c->before_from;
    if (!s->columns[0]) snprintf(s->columns, sizeof s->columns, "%s", c->columns);
    /* the first skipped row in file order, from the reader or the aggregate */
    const char *first = c->first_error;
    if (f->skipped && (!c->skipped || f->first_error_line < c->first_error_line))
        first = f->first_error;
    if ((c->skipped || f->skipped) && !s->first_error[0])
        snprintf(s->first_error, sizeof s->first_error, "%s", first);
    agg_set_error(a, st ? err : "");
    for (size_t i = 0; i < nb; i++) free(b[i].arena);
    free(b);
    free(f);
    return st;
}
