/* SPDX-License-Identifier: MIT */
/* clvpar.c — the threads of the CLV fits and predictions (clvpar.h). */
#include "clvpar.h"
#include <pthread.h>
#include <string.h>
#include <unistd.h>

int clv_threads(int threads)
{
    if (threads == 1) return 1;
    if (threads <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 0 ? (int)(n < CLV_MAX_THREADS ? n : CLV_MAX_THREADS) : 1;
    }
    return threads < CLV_MAX_THREADS ? threads : CLV_MAX_THREADS;
}

typedef struct par_job {
    size_t nchunks, first, step;
    void (*f)(void *ctx, size_t chunk);
    void *ctx;
} par_job;

static void *par_worker(void *arg)
{
    const par_job *j = arg;
    for (size_t c = j->first; c < j->nchunks; c += j->step) j->f(j->ctx, c);
    return NULL;
}

void clv_par_for(size_t nchunks, void (*f)(void *ctx, size_t chunk), void *ctx, int threads)
{
    int nt = clv_threads(threads);
    if ((size_t)nt > nchunks) nt = (int)nchunks;
    if (nt <= 1) {
        for (size_t c = 0; c < nchunks; c++) f(ctx, c);
        return;
    }
    pthread_t tid[CLV_MAX_THREADS];
    par_job job[CLV_MAX_THREADS];
    int started[CLV_MAX_THREADS] = {0};
    for (int i = 0; i < nt; i++) job[i] = (par_job){nchunks, (size_t)i, (size_t)nt, f, ctx};
    for (int i = 1; i < nt; i++) started[i] = pthread_create(&tid[i], NULL, par_worker, &job[i]) == 0;
    par_worker(&job[0]);
    for (int i = 1; i < nt; i++) {
        if (started[i]) pthread_join(tid[i], NULL);
        else par_worker(&job[i]); /* no thread: its chunks here, the same result */
    }
}

size_t clv_par_chunks(size_t n) { return n ? (n + CLV_CHUNK - 1) / CLV_CHUNK : 1; }

typedef struct sum_job {
    size_t n;
    int nacc;
    void (*f)(void *ctx, size_t lo, size_t hi, double *acc);
    void *ctx;
    double *part;
} sum_job;

static void sum_chunk(void *arg, size_t c)
{
    const sum_job *j = arg;
    double *acc = j->part + c * (size_t)j->nacc;
    memset(acc, 0, (size_t)j->nacc * sizeof *acc);
    size_t lo = c * CLV_CHUNK, hi = lo + CLV_CHUNK < j->n ? lo + CLV_CHUNK : j->n;
    if (lo < hi) j->f(j->ctx, lo, hi, acc);
}

void clv_par_sum(size_t n, int nacc, void (*f)(void *ctx, size_t lo, size_t hi, double *acc),
                 void *ctx, int threads, double *part, double *out)
{
    size_t nc = clv_par_chunks(n);
    sum_job j = {n, nacc, f, ctx, part};
    clv_par_for(nc, sum_chunk, &j, threads);
    for (int k = 0; k < nacc; k++) out[k] = part[k];
    for (size_t c = 1; c < nc; c++)
        for (int k = 0; k < nacc; k++) out[k] += part[c * (size_t)nacc + k];
}
