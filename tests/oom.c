/* oom.c — allocation-failure injection: the n-th malloc, calloc, realloc or
 * posix_memalign of the library fails, for every n until a whole run needs
 * no more; each run must end in RMK_OK or RMK_ERR_NOMEM (never a crash or
 * another error), and under ASan/LSan nothing may leak. The library is linked
 * with -Wl,--wrap for those functions (see the Makefile). */
#include "relmark.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long calls, fail_at = -1;

static int should_fail(void) { return fail_at >= 0 && calls++ == fail_at; }

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
int __real_posix_memalign(void **p, size_t a, size_t n);
void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return should_fail() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { return should_fail() ? NULL : __real_realloc(p, n); }
int __wrap_posix_memalign(void **p, size_t a, size_t n)
{
    return should_fail() ? 12 /* ENOMEM */ : __real_posix_memalign(p, a, n);
}

/* One whole job; returns its status (the first that is not OK). */
static rmk_status job(const char *path, int threads)
{
    rmk_status st;
    char err[512];
    rmk_segmap *map = rmk_segmap_builtin_new(RMK_SEGMAP_TEN, &st, err, sizeof err);
    if (!map) return st;
    rmk_agg *a = rmk_agg_new();
    if (!a) {
        rmk_segmap_free(map);
        return RMK_ERR_NOMEM;
    }
    rmk_read_opts o;
    rmk_read_opts_init(&o);
    o.threads = threads;
    st = rmk_agg_read_file(a, path, &o);
    if (st == RMK_OK) {
        rmk_agg_seal(a);
        rmk_rfm_opts ro;
        rmk_rfm_opts_init(&ro);
        ro.segments = map;
        rmk_rfm *x = NULL;
        st = rmk_rfm_score(a, &ro, &x, err, sizeof err);
        rmk_rfm_free(x);
    }
    rmk_agg_free(a);
    rmk_segmap_free(map);
    return st;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: oom FILE\n");
        return 2;
    }
    int passed = 0, failed = 0;
    for (int threads = 1; threads <= 2; threads++) {
        /* how many allocations a whole run makes */
        fail_at = -1;
        calls = 0;
        if (job(argv[1], threads) != RMK_OK) {
            fprintf(stderr, "oom: the run without failures failed\n");
            return 1;
        }
        long total = 0;
        for (long k = 0;; k++) {
            fail_at = k;
            calls = 0;
            rmk_status st = job(argv[1], threads);
            long made = calls;
            fail_at = -1;
            if (st != RMK_OK && st != RMK_ERR_NOMEM) {
                fprintf(stderr, "oom: threads %d, allocation %ld failed: status %s\n", threads, k,
                        rmk_status_name(st));
                failed++;
            } else {
                passed++;
            }
            if (made <= k) { /* the run needed fewer allocations: all points covered */
                total = k;
                break;
            }
        }
        printf("oom: threads %d: %ld allocation points\n", threads, total);
    }
    printf("oom: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
