/* idfeed.c — see idfeed.h. */
#include "idfeed.h"
#include "csv.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IDFEED_ROWS 512   /* a batch in the caller's thread: fits in cache */
#define IDFEED_RING_ROWS 4096 /* a batch handed between threads: fewer hand-overs */
#define IDFEED_RING 8
#define IDFEED_ARENA (2u * CSV_RECORD_CAP) /* any one row fits */
#define IDFEED_AHEAD 16 /* rows between a customer's prefetch and its use */

struct idbatch {
    txn_row *row; /* ids copied into the arena */
    agg_row *key;
    uint32_t *idx;
    size_t n, cap, used;
    char *arena;
    char file[256]; /* the rows' file name, for messages */
    int full;       /* threaded: handed to the applying side */
};

static void batch_free(idbatch *b)
{
    free(b->row);
    free(b->key);
    free(b->idx);
    free(b->arena);
}

static int batch_init(idbatch *b, size_t cap)
{
    memset(b, 0, sizeof *b);
    b->cap = cap;
    b->row = malloc(cap * sizeof *b->row);
    b->key = malloc(cap * sizeof *b->key);
    b->idx = malloc(cap * sizeof *b->idx);
    b->arena = malloc(IDFEED_ARENA);
    if (b->row && b->key && b->idx && b->arena) return 0;
    batch_free(b);
    return -1;
}

idfeed *idfeed_new(int skip_bad, idfeed_apply fn, void *ctx)
{
    idfeed *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->ids = rmk_agg_new();
    f->b = malloc(sizeof *f->b);
    if (!f->ids || !f->b || batch_init(f->b, IDFEED_ROWS)) {
        free(f->b);
        f->b = NULL;
        idfeed_free(f);
        return NULL;
    }
    f->skip_bad = skip_bad;
    f->fn = fn;
    f->ctx = ctx;
    return f;
}

void idfeed_free(idfeed *f)
{
    if (!f) return;
    rmk_agg_free(f->ids);
    if (f->b) batch_free(f->b);
    free(f->b);
    free(f);
}

uint64_t idfeed_skipped(const idfeed *f, const txn_counts *counts)
{
    return counts->skipped + f->skipped;
}

const char *idfeed_first_error(const idfeed *f, const txn_counts *counts)
{
    return f->skipped && (!counts->skipped || f->first_error_line < counts->first_error_line)
               ? f->first_error
               : counts->first_error;
}

rmk_agg *idfeed_take_ids(idfeed *f)
{
    rmk_agg *a = f->ids;
    f->ids = NULL;
    rmk_agg_seal(a);
    return a;
}

/* Find one batch's customers and apply its rows, in order. */
static rmk_status apply_batch(idfeed *f, idbatch *b, char *err, size_t errlen)
{
    rmk_status st = RMK_OK;
    size_t from = 0;
    while (from < b->n) {
        size_t failed = 0;
        st = agg_find_batch(f->ids, b->key + from, b->n - from, b->idx + from, &failed);
        size_t upto = st == RMK_OK ? b->n : from + failed;
        if (st == RMK_ERR_NOMEM) {
            snprintf(err, errlen, "out of memory");
            break;
        }
        rmk_status ast = RMK_OK;
        if (f->prefetch)
            for (size_t i = from; i < upto && i < from + IDFEED_AHEAD; i++) f->prefetch(f->ctx, b->idx[i]);
        for (size_t i = from; i < upto && ast == RMK_OK; i++) {
            if (f->prefetch && i + IDFEED_AHEAD < upto) f->prefetch(f->ctx, b->idx[i + IDFEED_AHEAD]);
            ast = f->fn(f->ctx, &b->row[i], b->idx[i], err, errlen);
        }
        if (ast) { /* the analysis refused: nothing half-applied, stop */
            st = ast;
            break;
        }
        if (st == RMK_OK) break;
        const txn_row *bad = &b->row[upto];
        char msg[512];
        snprintf(msg, sizeof msg, "%s:%llu:%ld: %s", b->file, (unsigned long long)bad->line,
                 bad->customer_col, rmk_agg_errmsg(f->ids));
        if (st != RMK_ERR_DATA || !f->skip_bad) {
            snprintf(err, errlen, "%s", msg);
            break;
        }
        if (f->skipped++ == 0) {
            snprintf(f->first_error, sizeof f->first_error, "%s", msg);
            f->first_error_line = bad->line;
        }
        st = RMK_OK;
        from = upto + 1;
    }
    b->n = b->used = 0;
    return st;
}

rmk_status idfeed_flush(idfeed *f, char *err, size_t errlen)
{
    return apply_batch(f, f->b, err, errlen);
}

/* Whether the row fits in the batch; then copied in (ids hashed: that needs
 * only the aggregate's seed, so the reading thread may do it). */
static int batch_put(idfeed *f, idbatch *b, const txn_row *row)
{
    if (b->n == b->cap || b->used + row->customer_len > IDFEED_ARENA) return 0;
    if (b->n == 0 && row->file) snprintf(b->file, sizeof b->file, "%s", row->file);
    txn_row *r = &b->row[b->n];
    *r = *row;
    r->customer = memcpy(b->arena + b->used, row->customer, row->customer_len);
    b->used += row->customer_len;
    r->invoice = NULL; /* not kept: the analyses here need no invoice */
    r->invoice_len = 0;
    r->file = b->file;
    agg_row *k = &b->key[b->n];
    memset(k, 0, sizeof *k);
    k->id = r->customer;
    k->id_len = (uint32_t)r->customer_len;
    k->day = r->day;
    agg_row_prepare(f->ids, k);
    b->n++;
    return 1;
}

rmk_status idfeed_push(idfeed *f, const txn_row *row, char *err, size_t errlen)
{
    if (!batch_put(f, f->b, row)) {
        rmk_status st = idfeed_flush(f, err, errlen);
        if (st) return st;
        batch_put(f, f->b, row); /* an empty batch takes any row */
    }
    return RMK_OK;
}

rmk_status idfeed_on_row(void *ctx, const txn_row *row, char *err, size_t errlen)
{
    idfeed *f = ctx;
    rmk_status st = idfeed_push(f, row, err, errlen);
    if (st == RMK_OK) return RMK_OK;
    /* the error of a queued row, not of this one (a skippable data error to
     * the reader): kept whole, and the read stopped by another status */
    f->fatal = st;
    snprintf(f->fatal_err, sizeof f->fatal_err, "%s", err);
    return RMK_ERR_USAGE;
}

/* ------------------------------------------------------ the threaded read */

typedef struct ring {
    idfeed *f;
    idbatch b[IDFEED_RING];
    size_t prod, cons; /* batches filled / applied so far */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int producer_done, stop;
    /* the reading side */
    const char *path;
    const rmk_read_opts *o;
    unsigned want;
    txn_counts *counts;
    rmk_status read_st;
    char read_err[512];
    /* the applying side */
    rmk_status apply_st;
    char apply_err[512];
} ring;

/* The reading side hands over the batch it filled and waits for a free one;
 * RMK_ERR_USAGE when the applying side has stopped on an error. */
static rmk_status ring_push(ring *q, char *err, size_t errlen)
{
    pthread_mutex_lock(&q->mu);
    q->b[q->prod % IDFEED_RING].full = 1;
    q->prod++;
    pthread_cond_broadcast(&q->cv);
    idbatch *next = &q->b[q->prod % IDFEED_RING];
    while (next->full && !q->stop) pthread_cond_wait(&q->cv, &q->mu);
    int stop = q->stop;
    pthread_mutex_unlock(&q->mu);
    next->n = next->used = 0;
    if (stop) {
        snprintf(err, errlen, "stopped");
        return RMK_ERR_USAGE;
    }
    return RMK_OK;
}

static rmk_status ring_row(void *ctx, const txn_row *row, char *err, size_t errlen)
{
    ring *q = ctx;
    if (batch_put(q->f, &q->b[q->prod % IDFEED_RING], row)) return RMK_OK;
    rmk_status st = ring_push(q, err, errlen);
    if (st) return st;
    batch_put(q->f, &q->b[q->prod % IDFEED_RING], row);
    return RMK_OK;
}

static void *ring_reader(void *arg)
{
    ring *q = arg;
    q->read_st = txn_read_ex(q->path, q->o, q->want, ring_row, q, q->counts, q->read_err,
                             sizeof q->read_err);
    /* the last rows, also after a read error: an error the applying side
     * finds in them is on an earlier line, and so the one reported */
    if (q->b[q->prod % IDFEED_RING].n) {
        char err[512];
        ring_push(q, err, sizeof err); /* a stop is the applying side's error */
    }
    pthread_mutex_lock(&q->mu);
    q->producer_done = 1;
    pthread_cond_broadcast(&q->cv);
    pthread_mutex_unlock(&q->mu);
    return NULL;
}

/* The applying side, in the caller's thread: batches in the order read. */
static void ring_apply(ring *q)
{
    for (;;) {
        pthread_mutex_lock(&q->mu);
        idbatch *b = &q->b[q->cons % IDFEED_RING];
        while (!b->full && !q->producer_done) pthread_cond_wait(&q->cv, &q->mu);
        int have = b->full;
        pthread_mutex_unlock(&q->mu);
        if (!have) return; /* the reader is done and every batch is applied */
        rmk_status st = apply_batch(q->f, b, q->apply_err, sizeof q->apply_err);
        pthread_mutex_lock(&q->mu);
        b->full = 0;
        q->cons++;
        if (st) {
            q->apply_st = st;
            q->stop = 1;
        }
        pthread_cond_broadcast(&q->cv);
        pthread_mutex_unlock(&q->mu);
        if (st) return;
    }
}

rmk_status idfeed_read(idfeed *f, const char *path, const rmk_read_opts *o, unsigned want,
                       txn_counts *counts, char *err, size_t errlen)
{
    rmk_status st = idfeed_flush(f, err, errlen); /* rows queued before come first */
    if (st) return st;
    ring *q = o->threads == 1 ? NULL : calloc(1, sizeof *q);
    size_t ready = 0;
    while (q && ready < IDFEED_RING && batch_init(&q->b[ready], IDFEED_RING_ROWS) == 0) ready++;
    pthread_t th;
    int threaded = q && ready == IDFEED_RING;
    if (threaded) {
        q->f = f;
        q->path = path;
        q->o = o;
        q->want = want;
        q->counts = counts;
        pthread_mutex_init(&q->mu, NULL);
        pthread_cond_init(&q->cv, NULL);
        if (pthread_create(&th, NULL, ring_reader, q) != 0) {
            threaded = 0;
            pthread_mutex_destroy(&q->mu);
            pthread_cond_destroy(&q->cv);
        }
    }
    if (!threaded) { /* one thread: asked for, or no memory or thread for two */
        for (size_t i = 0; i < ready; i++) batch_free(&q->b[i]);
        free(q);
        f->fatal = RMK_OK;
        st = txn_read_ex(path, o, want, idfeed_on_row, f, counts, err, errlen);
        if (f->fatal) {
            snprintf(err, errlen, "%s", f->fatal_err);
            return f->fatal;
        }
        /* the queued rows, also after a read error: an error in them is on
         * an earlier line, and so the one reported */
        char ferr[512];
        rmk_status fst = idfeed_flush(f, ferr, sizeof ferr);
        if (fst && (st == RMK_OK || st == RMK_ERR_DATA)) {
            st = fst;
            snprintf(err, errlen, "%s", ferr);
        }
        return st;
    }
    ring_apply(q);
    pthread_join(th, NULL);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->cv);
    /* the applying side's error is from an earlier row than the reader's
     * (batches are applied in order), so it is the one reported */
    st = q->apply_st ? q->apply_st : q->read_st;
    if (st) snprintf(err, errlen, "%s", q->apply_st ? q->apply_err : q->read_err);
    for (size_t i = 0; i < IDFEED_RING; i++) batch_free(&q->b[i]);
    free(q);
    return st;
}
