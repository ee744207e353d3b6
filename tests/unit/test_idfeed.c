/* test_idfeed.c — the rows an analysis is handed (idfeed_read) are the same,
 * in the same order, with the same customer indices, counts and errors,
 * whether one thread reads and applies or a second thread reads. The files
 * are long enough to go round the ring of batches many times. */
#include "idfeed.h"
#include "unit.h"
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct seen {
    uint64_t *line;
    uint32_t *cust;
    int64_t sum;
    size_t n, cap;
    uint64_t fail_at; /* the analysis refuses this line (0: none) */
} seen;

static rmk_status record(void *ctx, const txn_row *r, uint32_t ci, char *err, size_t errlen)
{
    seen *s = ctx;
    if (r->line == s->fail_at) {
        snprintf(err, errlen, "%s:%llu: refused", r->file, (unsigned long long)r->line);
        return RMK_ERR_DATA;
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1024;
        s->line = realloc(s->line, s->cap * sizeof *s->line);
        s->cust = realloc(s->cust, s->cap * sizeof *s->cust);
    }
    s->line[s->n] = r->line;
    s->cust[s->n++] = ci;
    s->sum += r->amount + r->paid_day;
    return RMK_OK;
}

typedef struct run {
    rmk_status st;
    char err[512];
    txn_counts counts;
    uint64_t refused;
    seen s;
    size_t customers;
} run;

static void read_with(const char *path, int threads, int skip_bad, uint64_t fail_at, run *out)
{
    memset(out, 0, sizeof *out);
    out->s.fail_at = fail_at;
    idfeed *f = idfeed_new(skip_bad, record, &out->s);
    rmk_read_opts o;
    rmk_read_opts_init(&o);
    o.threads = threads;
    o.skip_bad = skip_bad;
    o.encoding = "utf-8"; /* a bad id within the first MiB would make "auto" take CP1251 */
    out->st = idfeed_read(f, path, &o, TXN_PAYMENT, &out->counts, out->err, sizeof out->err);
    out->refused = f->skipped;
    out->customers = agg_count(f->ids);
    idfeed_free(f);
}

static int same_run(const run *a, const run *b)
{
    if (a->st != b->st || strcmp(a->err, b->err) || a->s.n != b->s.n || a->s.sum != b->s.sum ||
        a->refused != b->refused || a->customers != b->customers)
        return 0;
    /* after an error the reading thread may have read on: counts are whole only on success */
    if (a->st == RMK_OK &&
        (a->counts.rows != b->counts.rows || a->counts.skipped != b->counts.skipped))
        return 0;
    for (size_t i = 0; i < a->s.n; i++)
        if (a->s.line[i] != b->s.line[i] || a->s.cust[i] != b->s.cust[i]) return 0;
    return 1;
}

/* rows lines 2..n+1; bad_id and bad_date put a non-UTF-8 id or an
 * impossible date on that line (0: none) */
static void write_file(const char *path, int n, int bad_id, int bad_date)
{
    FILE *f = fopen(path, "w");
    fputs("customer,date,amount,due_date,paid_date\n", f);
    for (int i = 0; i < n; i++) {
        int line = i + 2;
        if (line == bad_id) fputs("\xff\xfe,2026-01-05,1,,\n", f);
        else if (line == bad_date) fputs("c1,2026-02-30,1,,\n", f);
        else
            fprintf(f, "c%d,2026-01-%02d,%d.25,2026-02-01,%s\n", (i * 7) % 1009, 1 + i % 28,
                    i % 40 - 3, i % 3 ? "2026-02-03" : "");
    }
    fclose(f);
}

TEST(test_idfeed_threads)
{
    char path[] = "/tmp/relmark-idfeed-XXXXXX";
    int fd = mkstemp(path);
    close(fd);
    static const struct {
        int rows, bad_id, bad_date, skip_bad;
        uint64_t fail_at;
        rmk_status want;
    } cases[] = {
        {100000, 0, 0, 0, 0, RMK_OK},                /* many batches round the ring */
        {100000, 70001, 0, 1, 0, RMK_OK},            /* a refused id, skipped */
        {100000, 0, 50000, 1, 0, RMK_OK},            /* a bad date, skipped */
        {100000, 9000, 9003, 0, 0, RMK_ERR_DATA},    /* the id's line first, though read before */
        {100000, 0, 40000, 0, 0, RMK_ERR_DATA},      /* the read's error */
        {100000, 0, 40000, 0, 39990, RMK_ERR_DATA},  /* the analysis refuses an earlier row */
        {100000, 0, 0, 0, 77777, RMK_ERR_DATA},      /* ... in the middle of the file */
        {100000, 0, 0, 1, 77777, RMK_ERR_DATA},      /* ... not a bad row to skip */
        {100000, 70001, 0, 1, 77777, RMK_ERR_DATA},  /* a skipped id, then a refusal */
        {3, 0, 0, 0, 0, RMK_OK},                     /* one short batch */
        {0, 0, 0, 0, 0, RMK_OK},                     /* the header only */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        write_file(path, cases[k].rows, cases[k].bad_id, cases[k].bad_date);
        run one, two;
        read_with(path, 1, cases[k].skip_bad, cases[k].fail_at, &one);
        read_with(path, 2, cases[k].skip_bad, cases[k].fail_at, &two);
        CHECK(one.st == cases[k].want, "case %zu: status %d (%s)", k, one.st, one.err);
        CHECK(same_run(&one, &two), "case %zu: one thread %d '%s' %zu rows, two %d '%s' %zu rows", k,
              one.st, one.err, one.s.n, two.st, two.err, two.s.n);
        if (cases[k].want == RMK_OK)
            CHECK(one.s.n == (size_t)cases[k].rows - (cases[k].bad_id || cases[k].bad_date),
                  "case %zu: %zu rows applied", k, one.s.n);
        if (cases[k].bad_id && !cases[k].skip_bad) {
            char want[64];
            snprintf(want, sizeof want, ":%d:1: ", cases[k].bad_id);
            CHECK(strstr(one.err, want) != NULL, "case %zu: %s", k, one.err);
        }
        free(one.s.line), free(one.s.cust), free(two.s.line), free(two.s.cust);
    }
    remove(path);
}
