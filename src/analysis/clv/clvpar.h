/* SPDX-License-Identifier: MIT */
/* clvpar.h — internal: the threads of the CLV fits and predictions.
 *
 * Work is cut into fixed chunks whose bounds depend on the data only, never
 * on the number of threads; a sum is taken chunk by chunk (each chunk's
 * terms in order, into its own accumulators) and the chunks' accumulators
 * are then added in chunk order. So a total has the same bits whatever the
 * thread count (docs/clv.md, "Threads"), and a single chunk is the plain
 * loop. */
#ifndef RMK_CLVPAR_H
#define RMK_CLVPAR_H
#include <stddef.h>

#define CLV_CHUNK 4096      /* groups a chunk of a likelihood's sum */
#define CLV_MAX_THREADS 8   /* beyond this the sums are memory-bound */

/* The threads to use for a request of `threads`: 0 asks for one per online
 * processor (at most CLV_MAX_THREADS), 1 for the caller's thread only;
 * n > 1 is taken as given, capped at CLV_MAX_THREADS. */
int clv_threads(int threads);

/* f(ctx, c) for every chunk c in [0, nchunks), spread over `threads`
 * threads (the caller's among them; thread i takes the chunks i, i +
 * threads, ...). The chunks must write disjoint data. When a thread cannot
 * be started its chunks run in the caller's thread: the result is the same. */
void clv_par_for(size_t nchunks, void (*f)(void *ctx, size_t chunk), void *ctx, int threads);

/* The deterministic sum over groups [0, n): f(ctx, lo, hi, acc) adds the
 * terms of groups [lo, hi) into acc[0 .. nacc), which it finds zeroed;
 * chunks of CLV_CHUNK groups. part: scratch of clv_par_chunks(n) * nacc
 * doubles (the caller's, so that no evaluation allocates). out[0 .. nacc)
 * receives the chunks' accumulators added in chunk order. */
size_t clv_par_chunks(size_t n);
void clv_par_sum(size_t n, int nacc, void (*f)(void *ctx, size_t lo, size_t hi, double *acc),
                 void *ctx, int threads, double *part, double *out);
#endif
