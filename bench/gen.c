/* SPDX-License-Identifier: MIT */
/*
 * gen.c - deterministic generator of a synthetic transactions export for the
 * relmark benchmark.
 *
 *   gen ROWS CUSTOMERS [SEED] > file.csv
 *
 * Writes a CSV with header `customer_id,invoice_id,date,amount` followed by
 * exactly ROWS data rows.  The output depends only on (ROWS, CUSTOMERS, SEED):
 * the PRNG is splitmix64 and no libc randomness or floating-point function
 * whose result may differ between libm versions (exp, log, pow) is used on a
 * path that reaches the output -- see det_log2/det_exp2 below.
 *
 * Shape of the data (meant to look like a real e-commerce export):
 *  - customer ids `C0001234` (C + 7 digits, more if CUSTOMERS > 10^7), drawn
 *    through a random permutation, so the file is not ordered by customer;
 *  - heavy-tailed number of invoices per customer (Pareto-like: most customers
 *    have 1-3 invoices, a few have hundreds);
 *  - each customer is active over a window of the ~3-year span
 *    2022-01-01..2024-12-31; rows are written in date order (a few invoices
 *    are back-dated by 1-3 days, so the order is only "roughly" by date), so
 *    customers interleave;
 *  - an invoice has 1-4 lines: rows with the same invoice_id, customer and
 *    date, adjacent (except ~1% of invoices whose last line is written after
 *    the next invoice);
 *  - invoice ids are unique numeric strings, increasing with gaps;
 *  - amounts have 2 decimals; ~3% of the rows are returns (negative amount,
 *    their own invoice id, 1-2 lines), ~0.5% of purchase lines are 0.00.
 *    A few customers have only a return (no purchase) in the file.
 *
 * Build: cc -O2 -Wall -Wextra -Werror -std=c11 -o gen gen.c
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ PRNG */

static uint64_t rng_state;

static uint64_t next_u64(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* uniform in [0, n), n > 0 (Lemire's multiply-shift with rejection) */
static uint64_t below(uint64_t n)
{
    uint64_t x = next_u64();
    __uint128_t m = (__uint128_t)x * n;
    uint64_t l = (uint64_t)m;
    if (l < n) {
        uint64_t t = -n % n;
        while (l < t) {
            x = next_u64();
            m = (__uint128_t)x * n;
            l = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

/* uniform double in (0, 1): 53 random bits, never 0 */
static double unif(void)
{
    return ((double)(next_u64() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

/* true with probability num/den */
static int chance(uint64_t num, uint64_t den)
{
    return below(den) < num;
}

/* ------------------------------------------- deterministic log2 / exp2
 * Only +, -, *, / and comparisons (all correctly rounded in IEEE 754), so the
 * generated file is the same whatever the libm.  Accuracy ~1e-12 relative,
 * far more than a synthetic distribution needs. */

static double det_log2(double x) /* x > 0, finite */
{
    int e = 0;
    while (x >= 2.0) { x *= 0.5; e++; }
    while (x < 1.0) { x *= 2.0; e--; }
    /* x in [1,2): ln x = 2 atanh(t), t = (x-1)/(x+1) in [0, 1/3) */
    double t = (x - 1.0) / (x + 1.0), t2 = t * t, term = t, s = 0.0;
    for (int k = 1; k < 26; k += 2) { /* t^2 < 1/9: 13 terms ~ 1e-13 */
        s += term / k;
        term *= t2;
    }
    return (double)e + 2.0 * s * 1.4426950408889634; /* 1/ln 2 */
}

static double det_exp2(double y) /* |y| < ~1000 */
{
    double fl = (double)(long long)y;
    if (fl > y) fl -= 1.0;
    double f = (y - fl) * 0.6931471805599453; /* in [0, ln 2) */
    /* Horner form of sum f^k/k!, k = 0..15 (0.7^16/16! ~ 1e-16) */
    double s = 1.0;
    for (int k = 15; k >= 1; k--) s = 1.0 + s * f / k;
    long long e = (long long)fl;
    double p = e >= 0 ? 2.0 : 0.5;
    if (e < 0) e = -e;
    while (e) { /* exact: powers of two */
        if (e & 1) s *= p;
        p *= p;
        e >>= 1;
    }
    return s;
}

/* approximately standard normal: Irwin-Hall sum of 8 uniforms (16-bit each,
 * from two 64-bit draws), centred and scaled; tails cut at ~4.9 sigma, which
 * is fine for synthetic prices and needs no sqrt/log */
static double normal(void)
{
    uint64_t a = next_u64(), b = next_u64();
    uint64_t s = 0;
    for (int i = 0; i < 4; i++) {
        s += (a >> (16 * i)) & 0xFFFF;
        s += (b >> (16 * i)) & 0xFFFF;
    }
    /* mean 8 * 32767.5, sd sqrt(8/12) * 65536 */
    return ((double)s - 262140.0) / (0.816496580927726 * 65536.0);
}

/* --------------------------------------------------------------- dates */

#define DAY0_Y 2022
#define NDAYS 1096 /* 2022-01-01 .. 2024-12-31 */

static char date_str[NDAYS][11];

static void init_dates(void)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = DAY0_Y, m = 1, d = 1;
    for (int i = 0; i < NDAYS; i++) {
        char *p = date_str[i];
        p[0] = (char)('0' + y / 1000 % 10);
        p[1] = (char)('0' + y / 100 % 10);
        p[2] = (char)('0' + y / 10 % 10);
        p[3] = (char)('0' + y % 10);
        p[4] = '-';
        p[5] = (char)('0' + m / 10);
        p[6] = (char)('0' + m % 10);
        p[7] = '-';
        p[8] = (char)('0' + d / 10);
        p[9] = (char)('0' + d % 10);
        p[10] = '\0';
        int ml = mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
        if (++d > ml) {
            d = 1;
            if (++m > 12) { m = 1; y++; }
        }
    }
}

/* -------------------------------------------------------------- output */

static char outbuf[1 << 20];
static size_t outlen;

static void flush_out(void)
{
    if (outlen && fwrite(outbuf, 1, outlen, stdout) != outlen) {
        perror("gen: write");
        exit(1);
    }
    outlen = 0;
}

static void put_str(const char *s, size_t n)
{
    if (outlen + n > sizeof outbuf) flush_out();
    memcpy(outbuf + outlen, s, n);
    outlen += n;
}

static char *fmt_u64(char *end, uint64_t v) /* writes backwards, returns start */
{
    do { *--end = (char)('0' + v % 10); v /= 10; } while (v);
    return end;
}

/* ---------------------------------------------------------------- model */

typedef struct {
    uint32_t cust;   /* customer id number (1-based) */
    uint16_t day;    /* day the invoice is filed (sort key) */
    uint8_t lines;   /* number of rows */
    uint8_t flags;   /* F_RETURN, F_BACKDATE_n */
} invoice;

#define F_RETURN 1u
#define F_BACK_SHIFT 1 /* bits 1-2: back-date by 0..3 days */

static uint64_t parse_u64(const char *s, const char *what)
{
    char *end;
    errno = 0;
    if (!*s || *s == '-') goto bad;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) goto bad;
    return (uint64_t)v;
bad:
    fprintf(stderr, "gen: bad %s: '%s'\n", what, s);
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "gen: out of memory (%zu bytes)\n", n);
        exit(1);
    }
    return p;
}

/* purchase line amount in cents: log-normal, median ~ 25.00, long right tail */
static int64_t purchase_cents(void)
{
    if (chance(5, 1000)) return 0; /* free item / voucher line */
    /* exp(7.8 + 1.1 N(0,1)) cents: median ~24.40 */
    double c = det_exp2((7.8 + 1.1 * normal()) * 1.4426950408889634);
    int64_t v = (int64_t)c;
    if (v < 1) v = 1;
    if (v > 5000000) v = 5000000; /* 50,000.00 */
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: gen ROWS CUSTOMERS [SEED] > file.csv\n");
        return 2;
    }
    uint64_t rows = parse_u64(argv[1], "ROWS");
    uint64_t ncust = parse_u64(argv[2], "CUSTOMERS");
    uint64_t seed = argc > 3 ? parse_u64(argv[3], "SEED") : 20240601;
    if (ncust == 0 || ncust >= UINT32_MAX) {
        fprintf(stderr, "gen: CUSTOMERS must be in 1..%" PRIu32 "\n", UINT32_MAX - 1);
        return 2;
    }
    if (rows > (uint64_t)UINT32_MAX * 2) {
        fprintf(stderr, "gen: ROWS too large\n");
        return 2;
    }
    rng_state = seed ^ UINT64_C(0x5DEECE66D2B7E151);
    init_dates();
    put_str("customer_id,invoice_id,date,amount\n", 35);
    if (rows == 0) {
        flush_out();
        return 0;
    }

    /* --- how many invoices: mean lines per purchase invoice is 1.97 */
    uint64_t ninv_target = (uint64_t)((double)rows / 1.97 + 0.5);
    if (ninv_target < 1) ninv_target = 1;
    uint64_t active = ncust < ninv_target ? ncust : ninv_target;

    /* --- heavy-tailed invoice counts: 1 + Pareto(alpha) extra, capped */
    uint32_t *count = xmalloc(active * sizeof *count);
    double *x = xmalloc(active * sizeof *x);
    double sumx = 0.0;
    const double alpha = 1.25, xcap = 800.0;
    for (uint64_t i = 0; i < active; i++) {
        /* u^(-1/alpha) - 1 */
        double v = det_exp2(-det_log2(unif()) / alpha) - 1.0;
        if (v > xcap) v = xcap;
        x[i] = v;
        sumx += v;
    }
    double extra = (double)(ninv_target - active);
    double scale = sumx > 0 ? extra / sumx : 0.0;
    uint64_t ninv = 0;
    for (uint64_t i = 0; i < active; i++) {
        count[i] = 1 + (uint32_t)(x[i] * scale + unif());
        ninv += count[i];
    }
    free(x);

    /* --- customer index -> id number: random permutation of 0..ncust-1 */
    uint32_t *perm = xmalloc(ncust * sizeof *perm);
    for (uint64_t i = 0; i < ncust; i++) perm[i] = (uint32_t)i;
    for (uint64_t i = ncust - 1; i > 0; i--) {
        uint64_t j = below(i + 1);
        uint32_t t = perm[i]; perm[i] = perm[j]; perm[j] = t;
    }

    /* --- invoices: customer active over [start, start+len]; first invoice on
     * the start day is a purchase, later ones are returns with prob. p_ret */
    invoice *inv = xmalloc(ninv * sizeof *inv);
    uint64_t later = ninv - active;
    /* ~3% of rows are returns; returns have 1.2 lines on average */
    double p_ret = later ? 0.03 * 1.97 / 1.2 * (double)ninv / (double)later : 0.0;
    if (p_ret > 0.5) p_ret = 0.5;
    uint64_t p_ret_ppm = (uint64_t)(p_ret * 1e6);
    uint64_t k = 0;
    for (uint64_t i = 0; i < active; i++) {
        uint32_t c = count[i];
        uint32_t start = (uint32_t)below(NDAYS);
        uint32_t span = NDAYS - 1 - start, len = 0;
        if (c > 1) {
            /* heavier customers tend to stay longer */
            double f = unif();
            if (c > 10) f = 1.0 - (1.0 - f) * (1.0 - f);
            len = (uint32_t)(span * f);
        }
        for (uint32_t j = 0; j < c; j++, k++) {
            invoice *v = &inv[k];
            v->cust = perm[i] + 1; /* the id number */
            v->flags = 0;
            if (j == 0) {
                v->day = (uint16_t)start;
                /* a customer whose only invoice is a return (bought before the
                 * export window) */
                if (c == 1 && chance(3, 1000)) v->flags |= F_RETURN;
            } else {
                v->day = (uint16_t)(start + below((uint64_t)len + 1));
                if (chance(p_ret_ppm, 1000000)) v->flags |= F_RETURN;
            }
            if (v->flags & F_RETURN) {
                v->lines = chance(1, 5) ? 2 : 1;
            } else {
                uint64_t r = below(100);
                v->lines = r < 45 ? 1 : r < 70 ? 2 : r < 88 ? 3 : 4;
            }
            if (chance(2, 100)) {
                uint32_t back = 1 + (uint32_t)below(3);
                if (back > v->day) back = v->day;
                v->flags |= (uint8_t)(back << F_BACK_SHIFT);
            }
        }
    }
    free(count);

    /* --- make the total exactly ROWS */
    uint64_t total = 0;
    for (uint64_t i = 0; i < ninv; i++) total += inv[i].lines;
    while (total > rows) {
        /* remove a line from a random invoice; drop 1-line invoices only when
         * they are all 1-line (tiny ROWS relative to CUSTOMERS) */
        uint64_t i = below(ninv);
        int tries = 0;
        while (inv[i].lines <= 1 && tries++ < 64) i = below(ninv);
        if (inv[i].lines == 0) continue;
        inv[i].lines--;
        total--;
    }
    while (total < rows) {
        uint64_t i = below(ninv);
        int tries = 0;
        while ((inv[i].lines >= 4 || inv[i].lines == 0 || (inv[i].flags & F_RETURN)) && tries++ < 64)
            i = below(ninv);
        if (inv[i].lines == 255 || inv[i].lines == 0) continue;
        inv[i].lines++;
        total++;
    }

    /* --- order invoices by filing day (stable counting sort into a new
     * array, so the writer reads it sequentially) */
    uint64_t *bucket = xmalloc((NDAYS + 1) * sizeof *bucket);
    memset(bucket, 0, (NDAYS + 1) * sizeof *bucket);
    for (uint64_t i = 0; i < ninv; i++) bucket[inv[i].day + 1]++;
    for (int d = 0; d < NDAYS; d++) bucket[d + 1] += bucket[d];
    invoice *sorted = xmalloc(ninv * sizeof *sorted);
    for (uint64_t i = 0; i < ninv; i++) sorted[bucket[inv[i].day]++] = inv[i];
    free(bucket);
    free(inv);
    inv = sorted;
    /* customers were generated in index order; shuffle locally within a day
     * so they interleave */
    for (uint64_t i = 1; i < ninv; i++) {
        uint64_t j = i - below((i < 32 ? i : 32) + 1);
        if (j < i && inv[j].day == inv[i].day) {
            invoice t = inv[i]; inv[i] = inv[j]; inv[j] = t;
        }
    }

    /* --- write */
    int idw = 7;
    for (uint64_t lim = 10000000; ncust > lim && idw < 10; lim *= 10) idw++;
    uint64_t invoice_no = 100000 + below(900000);
    char line[128];
    char held[128];
    size_t held_len = 0;
    int held_pending = 0; /* 1: flush after the next invoice is written */
    for (uint64_t oi = 0; oi < ninv; oi++) {
        invoice *v = &inv[oi];
        if (v->lines == 0) continue;
        invoice_no += 1 + (chance(1, 4) ? below(3) : 0);
        /* fixed part: customer_id,invoice_id,date, */
        char fixed[64];
        char *p = fixed;
        *p++ = 'C';
        {
            char tmp[24];
            char *e = tmp + sizeof tmp;
            char *s = fmt_u64(e, v->cust);
            int nd = (int)(e - s);
            for (int z = nd; z < idw; z++) *p++ = '0';
            memcpy(p, s, (size_t)nd);
            p += nd;
        }
        *p++ = ',';
        {
            char tmp[24];
            char *e = tmp + sizeof tmp;
            char *s = fmt_u64(e, invoice_no);
            memcpy(p, s, (size_t)(e - s));
            p += e - s;
        }
        *p++ = ',';
        int back = (v->flags >> F_BACK_SHIFT) & 3;
        memcpy(p, date_str[v->day - back], 10);
        p += 10;
        *p++ = ',';
        size_t fixed_len = (size_t)(p - fixed);

        int hold = v->lines > 1 && !held_pending && chance(1, 100);
        for (int l = 0; l < v->lines; l++) {
            int64_t cents = purchase_cents();
            if (v->flags & F_RETURN) {
                if (cents == 0) cents = 100 + (int64_t)below(2000);
                cents = -cents;
            }
            char *q = line;
            memcpy(q, fixed, fixed_len);
            q += fixed_len;
            uint64_t a = cents < 0 ? (uint64_t)(-cents) : (uint64_t)cents;
            if (cents < 0) *q++ = '-';
            char tmp[24];
            char *e = tmp + sizeof tmp;
            char *s = fmt_u64(e, a / 100);
            memcpy(q, s, (size_t)(e - s));
            q += e - s;
            *q++ = '.';
            *q++ = (char)('0' + (a / 10) % 10);
            *q++ = (char)('0' + a % 10);
            *q++ = '\n';
            if (hold && l == v->lines - 1) {
                memcpy(held, line, (size_t)(q - line));
                held_len = (size_t)(q - line);
                held_pending = 2;
            } else {
                put_str(line, (size_t)(q - line));
            }
        }
        if (held_pending == 1) {
            put_str(held, held_len);
            held_pending = 0;
        } else if (held_pending == 2) {
            held_pending = 1;
        }
    }
    if (held_pending) put_str(held, held_len);
    flush_out();
    if (fflush(stdout) != 0) {
        perror("gen: write");
        return 1;
    }
    free(inv);
    free(perm);
    return 0;
}
