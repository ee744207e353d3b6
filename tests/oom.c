/* SPDX-License-Identifier: MIT */
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
    st = rmk_agg_read_file(a, path, &o, NULL, 0);
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

/* The client rating over an invoices file and a customers file. */
static const char *rate_invoices, *rate_clients;
static rmk_status job_rate(const char *unused, int threads)
{
    (void)unused;
    (void)threads;
    rmk_rate_opts o;
    rmk_rate_opts_init(&o);
    o.customers = rate_clients;
    rmk_rating *x = NULL;
    char err[512];
    rmk_status st = rmk_rate_file(rate_invoices, NULL, &o, &x, err, sizeof err);
    rmk_rating_free(x);
    return st;
}

/* The life cycle with every input: rating, segments, feedback, migration
 * (the feedback fixture is found from the repository root, where
 * tests/run.sh runs). */
static rmk_status job_stages(const char *unused, int threads)
{
    (void)unused;
    (void)threads;
    rmk_stage_opts o;
    rmk_stage_opts_init(&o);
    o.customers = rate_clients;
    o.feedback = "tests/cli/data/stages_feedback.csv";
    o.rate = 1;
    o.compare_months = 3;
    rmk_status st;
    char err[512];
    rmk_segmap *map = rmk_segmap_builtin_new(RMK_SEGMAP_TEN, &st, err, sizeof err);
    if (!map) return st;
    o.segments = map;
    rmk_stages *x = NULL;
    st = rmk_stages_file(rate_invoices, NULL, &o, &x, err, sizeof err);
    rmk_stages_free(x);
    rmk_segmap_free(map);
    return st;
}

/* The portfolio (revenue as the value) and the orientation facts. */
static rmk_status job_portfolio(const char *unused, int threads)
{
    (void)unused;
    (void)threads;
    rmk_portfolio_opts o;
    rmk_portfolio_opts_init(&o);
    o.customers = rate_clients;
    o.value_clv = 0;
    o.budget = 1000;
    rmk_portfolio *x = NULL;
    char err[512];
    rmk_status st = rmk_portfolio_file(rate_invoices, NULL, &o, &x, err, sizeof err);
    rmk_portfolio_free(x);
    if (st) return st;
    rmk_orientation r;
    return rmk_orientation_file(rate_invoices, NULL, RMK_NO_DATE, rate_clients,
                                "tests/cli/data/stages_feedback.csv", NULL, &r, err, sizeof err);
}

/* Retention and cohorts over the same transactions file. */
static rmk_status job_retention(const char *path, int threads)
{
    (void)threads;
    rmk_activity *x = NULL;
    char err[512];
    rmk_status st = rmk_activity_read_file(path, NULL, RMK_PERIOD_MONTH, &x, err, sizeof err);
    rmk_activity_free(x);
    return st;
}

/* The grouped read: three groups by the id's last byte, and customers in
 * none (the callback itself allocates nothing). */
static int group_by_last_byte(void *ctx, const char *id, size_t id_len)
{
    (void)ctx;
    return id_len ? (unsigned char)id[id_len - 1] % 4 - 1 : -1;
}
static rmk_status job_retention_grouped(const char *path, int threads)
{
    (void)threads;
    rmk_activity *x = NULL;
    char err[512];
    rmk_status st = rmk_activity_read_file_grouped(path, NULL, RMK_PERIOD_MONTH, 3,
                                                   group_by_last_byte, NULL, &x, err, sizeof err);
    rmk_activity_free(x);
    return st;
}

/* ABC-XYZ with its concentration figures, on the transactions file. */
static rmk_status job_abcxyz(const char *path, int threads)
{
    rmk_read_opts ro;
    rmk_read_opts_init(&ro);
    ro.threads = threads;
    rmk_abcxyz *x = NULL;
    char err[512];
    rmk_status st = rmk_abcxyz_file(path, &ro, NULL, &x, err, sizeof err);
    rmk_abcxyz_free(x);
    return st;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 4) {
        fprintf(stderr, "usage: oom FILE [INVOICES CLIENTS]\n");
        return 2;
    }
    if (argc == 4) {
        rate_invoices = argv[2];
        rate_clients = argv[3];
    }
    int passed = 0, failed = 0;
    static const struct {
        const char *name;
        rmk_status (*fn)(const char *, int);
        int threads;
    } jobs[] = {{"rfm, 1 thread", job, 1},
                {"rfm, 2 threads", job, 2},
                {"retention", job_retention, 0},
                {"retention by group", job_retention_grouped, 0},
                {"abcxyz, 1 thread", job_abcxyz, 1},
                {"abcxyz, 2 threads", job_abcxyz, 2},
                {"rate", job_rate, 0},
                {"stages", job_stages, 0},
                {"portfolio", job_portfolio, 0}}; /* the last three: only with their files */
    size_t njobs = sizeof jobs / sizeof jobs[0] - (rate_invoices ? 0 : 3);
    for (size_t run = 0; run < njobs; run++) {
        int threads = jobs[run].threads;
        rmk_status (*fn)(const char *, int) = jobs[run].fn;
        /* how many allocations a whole run makes */
        fail_at = -1;
        calls = 0;
        if (fn(argv[1], threads) != RMK_OK) {
            fprintf(stderr, "oom: the run without failures failed\n");
            return 1;
        }
        long total = 0;
        for (long k = 0;; k++) {
            fail_at = k;
            calls = 0;
            rmk_status st = fn(argv[1], threads);
            long made = calls;
            fail_at = -1;
            if (st != RMK_OK && st != RMK_ERR_NOMEM) {
                fprintf(stderr, "oom: %s, allocation %ld failed: status %s\n", jobs[run].name, k,
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
        printf("oom: %s: %ld allocation points\n", jobs[run].name, total);
    }
    printf("oom: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
