/* SPDX-License-Identifier: MIT */
/* test_score.c — RFM scoring on hand-worked histories, at every tie and
 * group boundary. Expected scores are worked out in the comments. */
#include "relmark.h"
#include "unit.h"
#include <stdlib.h>
#include <unistd.h>

typedef struct txn { const char *id, *inv, *date; const char *amount; } txn;

static rmk_agg *build(const txn *t, size_t n)
{
    rmk_agg *a = rmk_agg_new();
    for (size_t i = 0; i < n; i++) {
        int32_t d;
        int64_t m;
        rmk_date_parse(t[i].date, strlen(t[i].date), RMK_DATE_AUTO, &d);
        rmk_money_parse(t[i].amount, strlen(t[i].amount), &m);
        char e[512] = "";
        rmk_status st = rmk_agg_add(a, t[i].id, strlen(t[i].id), t[i].inv,
                                    t[i].inv ? strlen(t[i].inv) : 0, d, m, e, sizeof e);
        CHECK(st == RMK_OK, "add %zu: %s", i, e);
    }
    return a;
}

/* scores as "id:rfm," in id order */
static void scores(const rmk_agg *a, rmk_ties ties, int bins, rmk_monetary mon, char *out,
                   size_t cap)
{
    rmk_rfm_opts o;
    rmk_rfm_opts_init(&o);
    o.ties = ties;
    o.bins = bins;
    o.monetary = mon;
    rmk_rfm *x = NULL;
    char err[256];
    rmk_status st = rmk_rfm_score(a, &o, &x, err, sizeof err);
    CHECK(st == RMK_OK, "%s", err);
    size_t o2 = 0;
    out[0] = 0;
    for (size_t i = 0; x && i < rmk_rfm_count(x); i++) {
        const rmk_rfm_customer *c = rmk_rfm_at(x, i);
        o2 += (size_t)snprintf(out + o2, cap - o2, "%s:%d%d%d,", c->customer_id, c->r, c->f, c->m);
    }
    rmk_rfm_free(x);
}

TEST(test_rfm_distinct_values)
{
    /* five customers, one purchase each on days 0..4 before the as-of day
     * (2026-01-05, the latest), amounts 5..1: R and M order them the same
     * way; F ties everywhere (one purchase each). */
    const txn t[] = {{"a", NULL, "2026-01-05", "5"}, {"b", NULL, "2026-01-04", "4"},
                     {"c", NULL, "2026-01-03", "3"}, {"d", NULL, "2026-01-02", "2"},
                     {"e", NULL, "2026-01-01", "1"}};
    rmk_agg *a = build(t, 5);
    char got[256];
    /* split: F by id a..e -> 5,4,3,2,1; keep: the run of five scores as its
     * last member, position 4 -> 1 */
    scores(a, RMK_TIES_SPLIT, 5, RMK_MONETARY_AVERAGE, got, sizeof got);
    CHECK_STR(got, "a:555,b:444,c:333,d:222,e:111,");
    scores(a, RMK_TIES_KEEP, 5, RMK_MONETARY_AVERAGE, got, sizeof got);
    CHECK_STR(got, "a:515,b:414,c:313,d:212,e:111,");
    rmk_agg_free(a);
}

TEST(test_rfm_ntile_sizes_and_keep)
{
    /* seven customers, bins 5: q = 1, k = 2 -> group sizes 2,2,1,1,1, so
     * positions 0-1 score 5, 2-3 score 4, 4 -> 3, 5 -> 2, 6 -> 1.
     * Frequencies: A 5, B 3, C 3, D..G 1 (all bought on the as-of day,
     * amount 1 per purchase so M ties everywhere).
     *   F split: A5 B5 C4 D4 E3 F2 G1
     *   F keep : A5; B,C run ends at position 2 -> 4; D..G run ends at 6 -> 1
     *   M: all 1.00: split by id A5 B5 C4 D4 E3 F2 G1; keep -> all 1
     *   R: all 0 days -> split as M; keep -> all 1 */
    txn t[32];
    size_t n = 0;
    static const char *ids[7] = {"A", "B", "C", "D", "E", "F", "G"};
    static const int freq[7] = {5, 3, 3, 1, 1, 1, 1};
    static const char *days[5] = {"2026-01-10", "2026-01-09", "2026-01-08", "2026-01-07",
                                  "2026-01-06"};
    for (int i = 0; i < 7; i++)
        for (int k = 0; k < freq[i]; k++) {
            t[n].id = ids[i];
            t[n].inv = NULL;
            t[n].date = k == 0 ? "2026-01-10" : days[k];
            t[n].amount = "1";
            n++;
        }
    rmk_agg *a = build(t, n);
    char got[256];
    scores(a, RMK_TIES_SPLIT, 5, RMK_MONETARY_AVERAGE, got, sizeof got);
    CHECK_STR(got, "A:555,B:555,C:444,D:444,E:333,F:222,G:111,");
    scores(a, RMK_TIES_KEEP, 5, RMK_MONETARY_AVERAGE, got, sizeof got);
    CHECK_STR(got, "A:151,B:141,C:141,D:111,E:111,F:111,G:111,");
    /* total monetary: A 5, B,C 3, D..G 1 -> same order as F */
    scores(a, RMK_TIES_KEEP, 5, RMK_MONETARY_TOTAL, got, sizeof got);
    CHECK_STR(got, "A:155,B:144,C:144,D:111,E:111,F:111,G:111,");
    /* 3 bins: q = 2, k = 1 -> sizes 3,2,2. F split: A3 B3 C3 D2 E2 F1 G1;
     * keep: A3, B-C run ends at 2 -> 3, D-G run ends at 6 -> 1 */
    scores(a, RMK_TIES_SPLIT, 3, RMK_MONETARY_AVERAGE, got, sizeof got);
    CHECK_STR(got, "A:333,B:333,C:333,D:222,E:222,F:111,G:111,");
    scores(a, RMK_TIES_KEEP, 3, RMK_MONETARY_AVERAGE, got, sizeof got);
    CHECK_STR(got, "A:131,B:131,C:131,D:111,E:111,F:111,G:111,");
    rmk_agg_free(a);
}

TEST(test_rfm_fewer_customers_than_bins)
{
    /* n = 3 < 5: NTILE gives groups of one: 5, 4, 3 */
    const txn t[] = {{"x", NULL, "2026-01-03", "30"}, {"y", NULL, "2026-01-02", "20"},
                     {"z", NULL, "2026-01-01", "10"}};
    rmk_agg *a = build(t, 3);
    char got[128];
    scores(a, RMK_TIES_SPLIT, 5, RMK_MONETARY_AVERAGE, got, sizeof got);
    CHECK_STR(got, "x:555,y:444,z:333,");
    scores(a, RMK_TIES_KEEP, 5, RMK_MONETARY_AVERAGE, got, sizeof got);
    CHECK_STR(got, "x:535,y:434,z:333,");
    rmk_agg_free(a);
}

TEST(test_rfm_purchases_returns_invoices)
{
    const txn t[] = {
        /* p: invoice 1 has two lines (one purchase), invoice 2 another; a
         * return later does not make p recent: recency from 2026-01-02 */
        {"p", "1", "2026-01-01", "10"}, {"q", "1", "2026-01-01", "7"},
        {"p", "1", "2026-01-01", "5"},  {"p", "2", "2026-01-02", "15"},
        {"p", "R1", "2026-01-09", "-6"},
        /* q: invoice "1" belongs to q too: per customer, so q has 1 purchase;
         * "007" and "7" are different invoices */
        {"q", "007", "2026-01-03", "1"}, {"q", "7", "2026-01-03", "1"},
        /* r: only a return -> not scored */
        {"r", "9", "2026-01-05", "-3"},
        /* s: a zero-value purchase is a purchase */
        {"s", "A-1", "2026-01-10", "0"}, {"s", "A-2", "2026-01-04", "0"},
        {"s", "A-1", "2026-01-10", "0"},
    };
    rmk_agg *a = build(t, sizeof t / sizeof t[0]);
    rmk_rfm_opts o;
    rmk_rfm_opts_init(&o);
    rmk_rfm *x = NULL;
    char err[256];
    CHECK(rmk_rfm_score(a, &o, &x, err, sizeof err) == RMK_OK, "%s", err);
    CHECK(rmk_rfm_count(x) == 3 && rmk_rfm_unscored(x) == 1, "count %zu unscored %zu",
          rmk_rfm_count(x), rmk_rfm_unscored(x));
    char d[16];
    CHECK_STR(rmk_date_format_iso(rmk_rfm_as_of(x), d), "2026-01-10");
    const rmk_rfm_customer *p = rmk_rfm_at(x, 0), *q = rmk_rfm_at(x, 1), *s = rmk_rfm_at(x, 2);
    CHECK(p->frequency == 2 && p->recency_days == 8 && p->net_minor == 240000,
          "p: f %lld rec %d net %lld", (long long)p->frequency, p->recency_days,
          (long long)p->net_minor);
    /* p's average purchase: (10+5+15-6)/2 = 12 */
    CHECK(p->monetary_num == 240000 && p->monetary_den == 2, "p monetary");
    CHECK(q->frequency == 3 && q->recency_days == 7 && q->net_minor == 90000, "q: f %lld",
          (long long)q->frequency);
    CHECK(s->frequency == 2 && s->recency_days == 0 && s->net_minor == 0, "s: f %lld",
          (long long)s->frequency);
    rmk_rfm_free(x);
    /* as_of before the data: an error, not silent nonsense */
    o.as_of = rmk_days_from_civil(2026, 1, 5);
    CHECK(rmk_rfm_score(a, &o, &x, err, sizeof err) == RMK_ERR_USAGE && x == NULL, "as_of");
    rmk_agg_free(a);
}

TEST(test_rfm_exact_monetary_ties)
{
    /* u: 10/3 per purchase, v: 20/6 -- the same rational, so keep ties them;
     * w: 3.33 is below both. Floating point would see 3.3333.. twice but the
     * point is that the comparison is exact. */
    const txn t[] = {
        {"u", NULL, "2026-01-01", "3"},  {"u", NULL, "2026-01-02", "3"},
        {"u", NULL, "2026-01-03", "4"},  {"v", NULL, "2026-01-01", "5"},
        {"v", NULL, "2026-01-02", "3"},  {"v", NULL, "2026-01-03", "3"},
        {"v", NULL, "2026-01-04", "3"},  {"v", NULL, "2026-01-05", "3"},
        {"v", NULL, "2026-01-06", "3"},  {"w", NULL, "2026-01-06", "3.33"},
    };
    rmk_agg *a = build(t, sizeof t / sizeof t[0]);
    rmk_rfm_opts o;
    rmk_rfm_opts_init(&o);
    rmk_rfm *x = NULL;
    char err[256];
    CHECK(rmk_rfm_score(a, &o, &x, err, sizeof err) == RMK_OK, "%s", err);
    /* M keep: u and v tie at positions 0-1 -> score of position 1 = 4; w -> 3 */
    CHECK(rmk_rfm_at(x, 0)->m == 4 && rmk_rfm_at(x, 1)->m == 4 && rmk_rfm_at(x, 2)->m == 3,
          "m %d %d %d", rmk_rfm_at(x, 0)->m, rmk_rfm_at(x, 1)->m, rmk_rfm_at(x, 2)->m);
    rmk_rfm_cutoff c;
    CHECK(rmk_rfm_cutoff_get(x, 'm', 4, &c) && c.customers == 2, "cutoff m4");
    CHECK(rmk_rfm_cutoff_get(x, 'm', 5, &c) == 0, "m5 empty under keep");
    /* R: v and w bought on the as-of day (0 days), u 3 days before: keep
     * ties v and w at positions 0-1 -> 4; u -> 3. F: v 6 -> 5, u 3 -> 4,
     * w 1 -> 3. Codes: u 344, v 454, w 433. */
    CHECK(rmk_rfm_cutoff_get(x, 'r', 4, &c) && c.customers == 2 && c.lo_num == 0 &&
              c.hi_num == 0, "r4");
    CHECK(rmk_rfm_cutoff_get(x, 'r', 5, &c) == 0, "r5 empty under keep");
    rmk_rfm_group g;
    CHECK(rmk_rfm_code_stats(x, 4, 5, 4, &g) && g.customers == 1 && g.frequency == 6.0,
          "code 454: %zu", g.customers);
    CHECK(rmk_rfm_code_stats(x, 3, 4, 4, &g) && g.customers == 1 && g.recency_days == 3.0,
          "code 344: %zu", g.customers);
    rmk_rfm_free(x);
    rmk_agg_free(a);
}

/* a group's mean monetary is exact (docs/rfm.md): p's average purchase is
 * (625283.44 + 625283.45) / 2 = 625283.445, which rounds half away from zero
 * to 625283.45, where the double (625283.44499..) prints 625283.44 */
TEST(test_rfm_group_mean_exact)
{
    const txn t[] = {{"p", NULL, "2026-01-01", "625283.44"}, {"p", NULL, "2026-01-02", "625283.45"},
                     {"q", NULL, "2026-01-02", "1"}};
    rmk_agg *a = build(t, sizeof t / sizeof t[0]);
    rmk_rfm_opts o;
    rmk_rfm_opts_init(&o);
    rmk_rfm *x = NULL;
    char err[256], b[32];
    CHECK(rmk_rfm_score(a, &o, &x, err, sizeof err) == RMK_OK, "%s", err);
    const rmk_rfm_customer *p = rmk_rfm_at(x, 0);
    rmk_rfm_group g;
    CHECK(rmk_rfm_code_stats(x, p->r, p->f, p->m, &g) && g.customers == 1, "p's code");
    CHECK(g.monetary_den > 0 && (__int128)g.monetary_num * p->monetary_den ==
                                    (__int128)p->monetary_num * g.monetary_den,
          "exact mean %lld/%lld", (long long)g.monetary_num, (long long)g.monetary_den);
    CHECK_STR(rmk_ratio_format(g.monetary_num, g.monetary_den, 2, '.', b), "625283.45");
    snprintf(b, sizeof b, "%.2f", g.monetary);
    CHECK_STR(b, "625283.44"); /* why the double is not printed */
    rmk_rfm_free(x);
    rmk_agg_free(a);
}

TEST(test_rfm_errors)
{
    rmk_agg *a = rmk_agg_new();
    rmk_rfm *x = NULL;
    char err[256];
    rmk_rfm_opts o;
    rmk_rfm_opts_init(&o);
    CHECK(rmk_rfm_score(a, &o, &x, err, sizeof err) == RMK_ERR_EMPTY, "empty");
    char e[512] = "";
    CHECK(rmk_agg_add(a, "", 0, NULL, 0, 0, 1, e, sizeof e) == RMK_ERR_DATA, "empty id");
    CHECK(!strcmp(e, "empty customer id"), "the message in the caller's buffer: '%s'", e);
    CHECK(rmk_agg_add(a, "\xCA\xEB", 2, NULL, 0, 0, 1, NULL, 0) == RMK_ERR_DATA, "not UTF-8");
    CHECK(rmk_agg_add(a, "a", 1, NULL, 0, 0, INT64_MAX, NULL, 0) == RMK_OK, "max");
    CHECK(rmk_agg_add(a, "a", 1, NULL, 0, 0, 1, NULL, 0) == RMK_ERR_DATA, "overflow");
    rmk_agg_seal(a);
    rmk_agg_seal(a);
    CHECK(rmk_agg_add(a, "b", 1, NULL, 0, 0, 1, NULL, 0) == RMK_ERR_USAGE, "sealed");
    CHECK(rmk_rfm_score(a, &o, &x, err, sizeof err) == RMK_OK && rmk_rfm_count(x) == 1,
          "a sealed aggregate still scores");
    rmk_rfm_free(x);
    x = NULL;
    o.bins = 1;
    CHECK(rmk_rfm_score(a, &o, &x, err, sizeof err) == RMK_ERR_USAGE, "bins 1");
    o.bins = 10;
    CHECK(rmk_rfm_score(a, &o, &x, err, sizeof err) == RMK_ERR_USAGE, "bins 10");
    rmk_agg_free(a);
    rmk_agg_free(NULL);
    rmk_rfm_free(NULL);
    rmk_segmap_free(NULL);
    /* sysexits(3), as docs/cli.md's exit-code table states */
    CHECK(rmk_status_exit_code(RMK_OK) == 0 && rmk_status_exit_code(RMK_ERR_NOMEM) == 71 &&
              rmk_status_exit_code(RMK_ERR_CONFIG) == 78 && rmk_status_exit_code(RMK_ERR_EMPTY) == 65,
          "exit codes: ok %d nomem %d config %d empty %d", rmk_status_exit_code(RMK_OK),
          rmk_status_exit_code(RMK_ERR_NOMEM), rmk_status_exit_code(RMK_ERR_CONFIG),
          rmk_status_exit_code(RMK_ERR_EMPTY));
    CHECK(rmk_status_exit_code(RMK_ERR_DATA) == 65 && rmk_status_exit_code(RMK_ERR_USAGE) == 64 &&
              rmk_status_exit_code(RMK_ERR_NOINPUT) == 66 && rmk_status_exit_code(RMK_ERR_IO) == 74,
          "exit codes");
    CHECK_STR(rmk_status_name(RMK_ERR_CONFIG), "config");
}

/* Many random customers: keep never gives equal values different scores,
 * split group sizes follow NTILE, and keep equals split without ties. */
TEST(test_rfm_properties)
{
    rmk_agg *a = rmk_agg_new();
    uint64_t s = 42;
    char id[16];
    for (int i = 0; i < 5000; i++) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        int c = (int)(s >> 33) % 1237;
        int day = (int)(s >> 20) % 400;
        int amt = (int)(s >> 45) % 50000 - 2000;
        snprintf(id, sizeof id, "c%04d", c);
        CHECK(rmk_agg_add(a, id, strlen(id), NULL, 0, 20000 + day, amt, NULL, 0) == RMK_OK, "add");
    }
    rmk_rfm_opts o;
    rmk_rfm_opts_init(&o);
    rmk_rfm *k = NULL, *sp = NULL;
    char err[256];
    CHECK(rmk_rfm_score(a, &o, &k, err, sizeof err) == RMK_OK, "%s", err);
    o.ties = RMK_TIES_SPLIT;
    CHECK(rmk_rfm_score(a, &o, &sp, err, sizeof err) == RMK_OK, "%s", err);
    size_t n = rmk_rfm_count(k), cnt[6] = {0};
    for (size_t i = 0; i < n; i++) cnt[rmk_rfm_at(sp, i)->r]++;
    size_t q = n / 5, rem = n % 5;
    for (int sc = 5; sc >= 1; sc--)
        CHECK(cnt[sc] == q + ((size_t)(5 - sc) < rem), "r=%d has %zu", sc, cnt[sc]);
    size_t viol = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n && j < i + 50; j++) {
            const rmk_rfm_customer *x = rmk_rfm_at(k, i), *y = rmk_rfm_at(k, j);
            if (x->recency_days == y->recency_days && x->r != y->r) viol++;
            if (x->frequency == y->frequency && x->f != y->f) viol++;
            if ((x->recency_days < y->recency_days && x->r < y->r) ||
                (x->frequency > y->frequency && x->f < y->f))
                viol++; /* better value, worse score */
        }
    CHECK(viol == 0, "%zu violations", viol);
    rmk_rfm_free(k);
    rmk_rfm_free(sp);
    rmk_agg_free(a);
}

/* Two averages whose doubles are equal but whose values are not: the order
 * must come from the exact comparison, not the double nor the id. u/7 and
 * v/7 differ by 1/7 minor unit near 1.29e15, where doubles are 0.25 apart:
 * both round to ...284.25. */
TEST(test_rfm_monetary_equal_doubles)
{
    rmk_agg *a = rmk_agg_new();
    for (int d = 0; d < 7; d++) {
        int64_t last_u = d == 6 ? INT64_C(1286742750677286) : INT64_C(1286742750677284);
        int64_t last_v = d == 6 ? INT64_C(1286742750677285) : INT64_C(1286742750677284);
        CHECK(rmk_agg_add(a, "b_u", 3, NULL, 0, 20000 + d, last_u, NULL, 0) == RMK_OK, "u");
        CHECK(rmk_agg_add(a, "a_v", 3, NULL, 0, 20000 + d, last_v, NULL, 0) == RMK_OK, "v");
    }
    double du = (double)INT64_C(9007199254740990) / 7, dv = (double)INT64_C(9007199254740989) / 7;
    CHECK(du == dv, "the doubles are meant to be equal here");
    rmk_rfm_opts o;
    rmk_rfm_opts_init(&o);
    o.ties = RMK_TIES_SPLIT;
    rmk_rfm *x = NULL;
    char err[256];
    CHECK(rmk_rfm_score(a, &o, &x, err, sizeof err) == RMK_OK, "%s", err);
    /* id order: a_v, b_u; M: u is larger -> 5, v -> 4 */
    CHECK(x && rmk_rfm_at(x, 0)->m == 4 && rmk_rfm_at(x, 1)->m == 5, "m %d %d",
          x ? rmk_rfm_at(x, 0)->m : 0, x ? rmk_rfm_at(x, 1)->m : 0);
    rmk_rfm_free(x);
    o.ties = RMK_TIES_KEEP;
    CHECK(rmk_rfm_score(a, &o, &x, err, sizeof err) == RMK_OK, "%s", err);
    CHECK(x && rmk_rfm_at(x, 0)->m == 4 && rmk_rfm_at(x, 1)->m == 5, "keep: not a tie");
    rmk_rfm_free(x);
    rmk_agg_free(a);
}

typedef struct prog_seen { int calls; uint64_t last, size; int bad; } prog_seen;
static void on_progress(void *ctx, uint64_t done, uint64_t size)
{
    prog_seen *p = ctx;
    if (done < p->last || (size && done > size)) p->bad = 1;
    p->calls++;
    p->last = done;
    p->size = size;
}

/* rmk_agg_read_file on a real file, one and two threads: same aggregate,
 * progress reported in order, rows and skipped rows counted. */
TEST(test_agg_read_file_threads)
{
    char path[] = "/tmp/relmark-unit-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs("customer,invoice,date,amount\n", f);
    for (int i = 0; i < 140000; i++)
        fprintf(f, "c%d,%d,2026-01-%02d,%d.5\n", i % 977, i / 3, 1 + i % 28, i % 50 - 2);
    fputs("bad,1,2026-02-30,1\n", f);
    long size = ftell(f);
    fclose(f);
    rmk_rfm *x[2] = {NULL, NULL};
    rmk_agg *a[2] = {NULL, NULL};
    for (int t = 0; t < 2; t++) {
        a[t] = rmk_agg_new();
        rmk_read_opts o;
        rmk_read_opts_init(&o);
        o.threads = t + 1;
        o.skip_bad = 1;
        prog_seen p = {0, 0, 0, 0};
        o.progress = on_progress;
        o.progress_ctx = &p;
        char e[512] = "";
        CHECK(rmk_agg_read_file(a[t], path, &o, e, sizeof e) == RMK_OK, "%s", e);
        CHECK(p.calls >= 3 && !p.bad && p.size == (uint64_t)size, "progress: %d calls, size %llu",
              p.calls, (unsigned long long)p.size);
        rmk_agg_stats st;
        rmk_agg_get_stats(a[t], &st);
        CHECK(st.rows == 140001 && st.rows_skipped == 1 && st.customers == 977,
              "rows %llu skipped %llu customers %zu", (unsigned long long)st.rows,
              (unsigned long long)st.rows_skipped, st.customers);
        rmk_rfm_opts ro;
        rmk_rfm_opts_init(&ro);
        char err[256];
        CHECK(rmk_rfm_score(a[t], &ro, &x[t], err, sizeof err) == RMK_OK, "%s", err);
    }
    int same = x[0] && x[1] && rmk_rfm_count(x[0]) == rmk_rfm_count(x[1]);
    for (size_t i = 0; same && i < rmk_rfm_count(x[0]); i++) {
        const rmk_rfm_customer *p = rmk_rfm_at(x[0], i), *q = rmk_rfm_at(x[1], i);
        same = !strcmp(p->customer_id, q->customer_id) && p->frequency == q->frequency &&
               p->net_minor == q->net_minor && p->r == q->r && p->f == q->f && p->m == q->m;
    }
    CHECK(same, "one and two threads differ");
    for (int t = 0; t < 2; t++) {
        rmk_rfm_free(x[t]);
        rmk_agg_free(a[t]);
    }
    remove(path);
}

/* Text invoices: a prefix and a run of digits is packed into a number key
 * (src/core/agg.c, KEY_PACK); every other text invoice is kept as bytes.
 * Either way a purchase is one distinct invoice text per customer
 * (docs/input.md), so the counts below are worked from the texts alone. */
typedef struct inv_case { const char *id, *inv; } inv_case;
static const inv_case inv_cases[] = {
    /* a: leading zeros make different invoices; INV-1 twice is one: 3 */
    {"a", "INV-0001"}, {"a", "INV-001"}, {"a", "INV-1"}, {"a", "INV-1"},
    /* b: 1C's document numbers, the second line of one document: 2 */
    {"b", "ЦБ-00012345"}, {"b", "ЦБ-00012345"}, {"b", "ЦБ-0012345"},
    /* c: a number, and the same digits with leading zeros (empty prefix): 3 */
    {"c", "123"}, {"c", "0123"}, {"c", "00123"}, {"c", "123"},
    /* d: a 17-byte prefix (kept as bytes) beside a 16-byte one (packed): 2 */
    {"d", "ABCDEFGHIJKLMNOPQ1"}, {"d", "ABCDEFGHIJKLMNOP1"}, {"d", "ABCDEFGHIJKLMNOPQ1"},
    /* e: 14 digits (kept as bytes) beside 13 (packed); the 14 again; and two
     * 14-digit runs that would share a key if 14 digits were packed (2^45 + 5
     * spills into the digit count's bits: 14 | 2 = 14): 4 */
    {"e", "X12345678901234"}, {"e", "X1234567890123"}, {"e", "X12345678901234"},
    {"e", "X35184372088837"}, {"e", "X00000000000005"},
    /* f: digits inside the prefix; no digits at all; a digit-only 19-digit text: 5 */
    {"f", "A1B2"}, {"f", "A1B02"}, {"f", "A1B2"}, {"f", "AB"}, {"f", "AB"},
    {"f", "1234567890123456789"}, {"f", "1234567890123456789"}, {"f", "A1B"},
    /* g: "INV-1" is per customer: a's invoice is g's first purchase too: 1 */
    {"g", "INV-1"},
};
static const int64_t inv_expect[] = {3, 2, 3, 2, 4, 5, 1};
#define INV_PREFIXES 8300 /* more than the table's 8192: the rest kept as bytes */

static void inv_rows(FILE *f, void (*add)(void *, const char *, const char *), void *ctx)
{
    for (size_t i = 0; i < sizeof inv_cases / sizeof inv_cases[0]; i++)
        add(ctx, inv_cases[i].id, inv_cases[i].inv);
    /* h: 8300 prefixes, each invoice twice, the second round after the table
     * has filled: 8300 purchases whichever way each is kept */
    char b[32];
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < INV_PREFIXES; i++) {
            snprintf(b, sizeof b, "P%05d-%d", i, i % 7);
            add(ctx, "h", b);
        }
    (void)f;
}

static void inv_add_agg(void *ctx, const char *id, const char *inv)
{
    char e[512] = "";
    rmk_status st = rmk_agg_add(ctx, id, strlen(id), inv, strlen(inv),
                                rmk_days_from_civil(2026, 1, 5), 100, e, sizeof e);
    CHECK(st == RMK_OK, "%s %s: %s", id, inv, e);
}

static void inv_add_csv(void *ctx, const char *id, const char *inv)
{
    fprintf(ctx, "%s,%s,2026-01-05,1.00\n", id, inv);
}

static void inv_check(rmk_agg *a, const char *how)
{
    rmk_rfm_opts o;
    rmk_rfm_opts_init(&o);
    rmk_rfm *x = NULL;
    char err[256];
    CHECK(rmk_rfm_score(a, &o, &x, err, sizeof err) == RMK_OK, "%s", err);
    CHECK(x && rmk_rfm_count(x) == 8, "%s: %zu customers", how, x ? rmk_rfm_count(x) : 0);
    for (size_t i = 0; x && i < rmk_rfm_count(x) && i < 8; i++) {
        const rmk_rfm_customer *c = rmk_rfm_at(x, i);
        int64_t want = i < 7 ? inv_expect[i] : INV_PREFIXES;
        CHECK(c->frequency == want, "%s: customer %s has %lld purchases, want %lld", how,
              c->customer_id, (long long)c->frequency, (long long)want);
    }
    rmk_rfm_free(x);
}

TEST(test_agg_text_invoices)
{
    rmk_agg *a = rmk_agg_new();
    inv_rows(NULL, inv_add_agg, a);
    inv_check(a, "rmk_agg_add");
    rmk_agg_free(a);
    /* the same rows through the file reader, its keys made in the reading thread */
    char path[] = "/tmp/relmark-unit-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    fputs("customer,invoice,date,amount\n", f);
    inv_rows(f, inv_add_csv, f);
    fclose(f);
    for (int t = 1; t <= 2; t++) {
        a = rmk_agg_new();
        rmk_read_opts o;
        rmk_read_opts_init(&o);
        o.threads = t;
        char e[512] = "";
        CHECK(rmk_agg_read_file(a, path, &o, e, sizeof e) == RMK_OK, "%s", e);
        inv_check(a, t == 1 ? "file, 1 thread" : "file, 2 threads");
        rmk_agg_free(a);
    }
    remove(path);
}
