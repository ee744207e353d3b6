/* SPDX-License-Identifier: MIT */
/* agg.c — the hash aggregate: customer id -> aggregate, and the set of
 * distinct purchases (customer, invoice) or (customer, day) that makes
 * frequency exact whatever order rows come in. Open addressing with linear
 * probing over power-of-two tables; ids and text invoices live in arenas.
 *
 * Speed comes from memory-level parallelism: a 10M-row file with 1M
 * customers misses the cache on every table it touches, so rows are added
 * in batches — hash all, prefetch their slots, probe all, prefetch their
 * records, update all, prefetch the purchase-set slots, insert all. */
#include "agg.h"
#include "errmsg.h"
#include "parse.h"
#include "sort.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Purchase keys carry their kind in the top 2 bits (0 = empty slot). */
#define KEY_NUM ((uint64_t)1 << 62) /* numeric invoice < 10^18 < 2^60 */
#define KEY_STR ((uint64_t)2 << 62) /* text invoice: offset in the arena */
#define KEY_DAY ((uint64_t)3 << 62) /* (customer, day) without invoices */
#define KEY_TAG(k) ((k) & ((uint64_t)3 << 62))
#define KEY_VAL(k) ((k) & ~((uint64_t)3 << 62))
/* A text invoice that is a short prefix and a run of digits ("INV-000123",
 * 1C's "ЦБ-00012345", "2024/000123") is packed into a KEY_NUM key as
 * (prefix number, digit count, value): numeric values stay below 10^18 <
 * 2^60, so bit 61 marks a packed key. Exact: the prefix table gives each
 * prefix bytes one number, the prefix never ends in a digit (the digit run
 * is taken whole), and (count, value) tells digit strings apart, leading
 * zeros included. A packed key hashes and compares as a number, so such
 * invoices cost what numeric ones do (no arena, no string compare). */
#define KEY_PACK ((uint64_t)1 << 61)
#define PACK_PFX_SHIFT 48      /* bits 48..60: the prefix number */
#define PACK_ND_SHIFT 44       /* bits 44..47: the digit count, 1..13 */
#define PACK_MAX_DIGITS 13     /* 10^13 < 2^44 */
#define PACK_MAX_PREFIX 16     /* bytes */
#define PACK_PREFIXES 8192     /* 13 bits; a further prefix: the arena path */
#define PACK_SLOTS 16384       /* the prefix table's hash slots (2x the entries) */
typedef struct pack_prefix { uint8_t len; char b[PACK_MAX_PREFIX]; } pack_prefix;

typedef struct cust_slot { uint32_t hash_hi, idx1; } cust_slot; /* idx1 = index + 1 */
typedef struct __attribute__((packed)) buy_slot {
    uint64_t key;  /* 0 = empty */
    uint32_t cust;
} buy_slot; /* 12 bytes: the purchase set is the largest table */

struct rmk_agg {
    hash_seed seed;
    agg_customer *cust;      /* 64-byte aligned */
    size_t ncust, cust_cap;
    cust_slot *ctab;
    size_t ctab_mask;
    char *ids;
    size_t ids_len, ids_cap;
    buy_slot *btab;
    size_t btab_mask, nbuy;
    char *inv;               /* text invoices: uint32 length + bytes */
    size_t inv_len, inv_cap;
    pack_prefix *pfx;        /* packed invoices' prefixes, npfx of PACK_PREFIXES */
    uint16_t *pfx_slot;      /* PACK_SLOTS: 0 empty, else prefix number + 1 */
    uint32_t npfx, pfx_last; /* pfx_last: the prefix found last (rows repeat it) */
    int sealed;              /* rmk_agg_seal(): tables freed, no more rows */
    char err_field;          /* the field of the last row error: 'c'ustomer, 'a'mount */
    rmk_agg_stats stats;
    char err[512];
};

/* Tables of 2 MiB and more come straight from mmap (page-aligned, zeroed,
 * and returned to the system at once when freed). Asking for transparent
 * huge pages was measured: less user time, as much more system time. */
#define BIG_TABLE (2u << 20)
static void *table_alloc(size_t bytes)
{
    if (bytes < BIG_TABLE) return calloc(1, bytes);
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    return p;
}

static void table_free(void *p, size_t bytes)
{
    if (!p) return;
    if (bytes < BIG_TABLE) free(p);
    else munmap(p, bytes);
}

size_t agg_count(const rmk_agg *a) { return a->ncust; }
const agg_customer *agg_customers(const rmk_agg *a) { return a->cust; }
const char *agg_id(const rmk_agg *a, const agg_customer *c) { return a->ids + c->id_off; }
rmk_agg_stats *agg_stats_mut(rmk_agg *a) { return &a->stats; }
const char *agg_errmsg(const rmk_agg *a) { return a ? a->err : "no aggregate"; }
void agg_set_error(rmk_agg *a, const char *msg)
{
    snprintf(a->err, sizeof a->err, "%s", msg);
    a->err_field = 'c';
}
char agg_error_field(const rmk_agg *a) { return a->err_field; }

void rmk_agg_get_stats(const rmk_agg *a, rmk_agg_stats *s)
{
    *s = a->stats;
    s->customers = a->ncust;
}

rmk_agg *rmk_agg_new(void)
{
    rmk_agg *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->seed = hash_seed_new();
    a->ctab_mask = 1023;
    a->ctab = table_alloc((a->ctab_mask + 1) * sizeof *a->ctab);
    a->btab_mask = 1023;
    a->btab = table_alloc((a->btab_mask + 1) * sizeof *a->btab);
    /* 170 KiB of zero pages, touched only when text invoices come */
    a->pfx = calloc(PACK_PREFIXES, sizeof *a->pfx);
    a->pfx_slot = calloc(PACK_SLOTS, sizeof *a->pfx_slot);
    if (!a->ctab || !a->btab || !a->pfx || !a->pfx_slot) {
        rmk_agg_free(a);
        return NULL;
    }
    a->stats.first_day = RMK_NO_DATE;
    a->stats.last_day = RMK_NO_DATE;
    return a;
}

void rmk_agg_free(rmk_agg *a)
{
    if (!a) return;
    table_free(a->cust, a->cust_cap * sizeof *a->cust);
    if (!a->sealed) {
        table_free(a->ctab, (a->ctab_mask + 1) * sizeof *a->ctab);
        table_free(a->btab, (a->btab_mask + 1) * sizeof *a->btab);
    }
    free(a->ids);
    free(a->inv);
    free(a->pfx);
    free(a->pfx_slot);
    free(a);
}

void rmk_agg_seal(rmk_agg *a)
{
    if (!a || a->sealed) return;
    table_free(a->ctab, (a->ctab_mask + 1) * sizeof *a->ctab);
    table_free(a->btab, (a->btab_mask + 1) * sizeof *a->btab);
    free(a->inv);
    a->ctab = NULL;
    a->btab = NULL;
    a->inv = NULL;
    a->inv_len = a->inv_cap = 0;
    free(a->pfx);
    free(a->pfx_slot);
    a->pfx = NULL;
    a->pfx_slot = NULL;
    a->sealed = 1;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t nc = *cap ? *cap : 64;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q) return -1;
    *p = q;
    *cap = nc;
    return 0;
}

static int cust_grow(rmk_agg *a)
{
    size_t nc = a->cust_cap ? a->cust_cap * 2 : 1024;
    void *q = NULL;
    /* records are one cache line each: 64-byte aligned */
    if (nc * sizeof *a->cust >= BIG_TABLE) {
        q = table_alloc(nc * sizeof *a->cust); /* page-aligned */
        if (!q) return -1;
    } else if (posix_memalign(&q, 64, nc * sizeof *a->cust)) {
        return -1;
    }
    if (a->ncust) memcpy(q, a->cust, a->ncust * sizeof *a->cust);
    table_free(a->cust, a->cust_cap * sizeof *a->cust);
    a->cust = q;
    a->cust_cap = nc;
    return 0;
}

static uint64_t id_hash(const rmk_agg *a, const char *id, size_t len)
{
    return hash_bytes(&a->seed, id, len);
}

/* A customer's home slot comes from the same upper 32 hash bits the slot
 * keeps, so growing the table moves slots without touching a record or
 * hashing an id again (the table holds at most 2^32 slots). */
#define CUST_HOME(hi, mask) ((size_t)(hi) & (mask))

static int ctab_resize(rmk_agg *a)
{
    size_t nmask = a->ctab_mask * 2 + 1;
    if (nmask > UINT32_MAX) return -1;
    cust_slot *t = table_alloc((nmask + 1) * sizeof *t);
    if (!t) return -1;
    for (size_t i = 0; i <= a->ctab_mask; i++) {
        cust_slot s = a->ctab[i];
        if (!s.idx1) continue;
        size_t j = CUST_HOME(s.hash_hi, nmask);
        while (t[j].idx1) j = (j + 1) & nmask;
        t[j] = s;
    }
    table_free(a->ctab, (a->ctab_mask + 1) * sizeof *a->ctab);
    a->ctab = t;
    a->ctab_mask = nmask;
    return 0;
}

/* Short ids compare in registers: a libc memcmp call costs more than the
 * comparison of an 8-byte id. */
static inline int bytes_equal(const char *p, const char *q, size_t n)
{
    while (n >= 8) {
        uint64_t x, y;
        memcpy(&x, p, 8);
        memcpy(&y, q, 8);
        if (x != y) return 0;
        p += 8, q += 8, n -= 8;
    }
    while (n--)
        if (*p++ != *q++) return 0;
    return 1;
}

static int id_equal(const rmk_agg *a, const agg_customer *c, const char *id, size_t len)
{
    if (c->id_len != len) return 0;
    if (len <= AGG_ID_HEAD) return bytes_equal(c->id_head, id, len);
    return bytes_equal(c->id_head, id, AGG_ID_HEAD) &&
           memcmp(a->ids + c->id_off + AGG_ID_HEAD, id + AGG_ID_HEAD, len - AGG_ID_HEAD) == 0;
}

/* Index of the customer with hash h, created if new; (size_t)-1 when out of
 * memory, (size_t)-2 when a new id is not valid UTF-8, (size_t)-3 when it holds a
 * NUL byte. */
static size_t customer_find(rmk_agg *a, uint64_t h, const char *id, size_t len)
{
    uint32_t hi = (uint32_t)(h >> 32);
    size_t j = CUST_HOME(hi, a->ctab_mask);
    for (;;) {
        cust_slot s = a->ctab[j];
        if (!s.idx1) break;
        if (s.hash_hi == hi && id_equal(a, &a->cust[s.idx1 - 1], id, len)) return s.idx1 - 1;
        j = (j + 1) & a->ctab_mask;
    }
    /* new customer: its id is printed later, so it must be text — and
     * without NUL bytes, which would cut it short in every C string (two
     * customers would print, and merge with other files, as one) */
    if (memchr(id, 0, len)) return (size_t)-3;
    for (size_t k = 0; k < len; k++)
        if ((unsigned char)id[k] >= 0x80) {
            if (!utf8_valid((const unsigned char *)id, len)) return (size_t)-2;
            break;
        }
    if (a->ncust >= UINT32_MAX - 1) return (size_t)-1; /* slots hold 32-bit indices */
    if ((a->ncust == a->cust_cap && cust_grow(a)) ||
        grow((void **)&a->ids, &a->ids_cap, a->ids_len + len + 1, 1))
        return (size_t)-1;
    agg_customer *c = &a->cust[a->ncust];
    memset(c, 0, sizeof *c);
    c->id_off = a->ids_len;
    c->id_len = (uint32_t)len;
    c->first_purchase = RMK_NO_DATE;
    c->last_purchase = RMK_NO_DATE;
    memcpy(c->id_head, id, len < AGG_ID_HEAD ? len : AGG_ID_HEAD);
    memcpy(a->ids + a->ids_len, id, len);
    a->ids[a->ids_len + len] = 0; /* NUL-terminated for printing */
    a->ids_len += len + 1;
    a->ctab[j].hash_hi = hi;
    a->ctab[j].idx1 = (uint32_t)(a->ncust + 1);
    a->ncust++;
    if (a->ncust * 10 > (a->ctab_mask + 1) * 7 && ctab_resize(a)) return (size_t)-1;
    return a->ncust - 1;
}

/* A text invoice's set hash: its bytes' hash (computable before the
 * customer is known) mixed with the customer. */
static uint64_t buy_hash_str(const rmk_agg *a, uint32_t cust, uint64_t bytes_hash)
{
    return bytes_hash ^ hash_u64(&a->seed, cust);
}

static uint64_t buy_hash(const rmk_agg *a, uint32_t cust, uint64_t key)
{
    if (KEY_TAG(key) == KEY_STR) {
        uint32_t len;
        memcpy(&len, a->inv + KEY_VAL(key), 4);
        return buy_hash_str(a, cust, hash_bytes(&a->seed, a->inv + KEY_VAL(key) + 4, len));
    }
    return hash_u64(&a->seed, key * 0x9E3779B97F4A7C15ULL ^ cust);
}

static int btab_resize(rmk_agg *a)
{
    size_t nmask = a->btab_mask * 2 + 1;
    buy_slot *t = table_alloc((nmask + 1) * sizeof *t);
    if (!t) return -1;
    for (size_t i = 0; i <= a->btab_mask; i++) {
        buy_slot s = a->btab[i];
        if (!s.key) continue;
        size_t j = (size_t)buy_hash(a, s.cust, s.key) & nmask;
        while (t[j].key) j = (j + 1) & nmask;
        t[j] = s;
    }
    table_free(a->btab, (a->btab_mask + 1) * sizeof *a->btab);
    a->btab = t;
    a->btab_mask = nmask;
    return 0;
}

/* Insert a purchase key with hash h; 1 if new, 0 if seen, -1 out of memory.
 * For a text invoice (KEY_STR) str/len are its bytes. */
static int buy_insert(rmk_agg *a, uint32_t cust, uint64_t key, uint64_t h, const char *str,
                      size_t len)
{
    size_t j = (size_t)h & a->btab_mask;
    for (;;) {
        buy_slot *s = &a->btab[j];
        uint64_t k = s->key;
        if (!k) break;
        if (s->cust == cust) {
            if (KEY_TAG(key) != KEY_STR) {
                if (k == key) return 0;
            } else if (KEY_TAG(k) == KEY_STR) {
                uint32_t l;
                memcpy(&l, a->inv + KEY_VAL(k), 4);
                if (l == len && memcmp(a->inv + KEY_VAL(k) + 4, str, len) == 0) return 0;
            }
        }
        j = (j + 1) & a->btab_mask;
    }
    if (KEY_TAG(key) == KEY_STR) {
        if (grow((void **)&a->inv, &a->inv_cap, a->inv_len + 4 + len, 1)) return -1;
        uint32_t l = (uint32_t)len;
        memcpy(a->inv + a->inv_len, &l, 4);
        memcpy(a->inv + a->inv_len + 4, str, len);
        key = KEY_STR | a->inv_len;
        a->inv_len += 4 + len;
    }
    a->btab[j].key = key;
    a->btab[j].cust = cust;
    a->nbuy++;
    if (a->nbuy * 10 > (a->btab_mask + 1) * 7 && btab_resize(a)) return -1;
    return 1;
}

/* A numeric invoice ("000123" is not "123": leading zeros keep it text). */
static int invoice_number(const char *s, size_t len, uint64_t *v)
{
    if (len == 0 || len > 18 || (len > 1 && s[0] == '0')) return 0;
    uint64_t x = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9') return 0;
        x = x * 10 + (uint64_t)(s[i] - '0');
    }
    *v = x;
    return 1;
}

/* The purchase key of a row. A packable text invoice gets KEY_NUM |
 * KEY_PACK with its digit count and value but prefix number 0: the prefix
 * is numbered by pack_resolve() in the aggregating thread (this may run in
 * the reading thread, which must not touch the table). */
static uint64_t purchase_key(const char *inv, size_t len, int32_t day)
{
    uint64_t v;
    if (!agg_invoice_names_purchase(inv, len)) return KEY_DAY | (uint32_t)day;
    if (invoice_number(inv, len, &v)) return KEY_NUM | v;
    size_t nd = 0;
    while (nd < len && nd <= PACK_MAX_DIGITS && inv[len - 1 - nd] >= '0' && inv[len - 1 - nd] <= '9')
        nd++;
    if (nd >= 1 && nd <= PACK_MAX_DIGITS && len - nd <= PACK_MAX_PREFIX) {
        v = 0;
        for (size_t i = len - nd; i < len; i++) v = v * 10 + (uint64_t)(inv[i] - '0');
        return KEY_NUM | KEY_PACK | (uint64_t)nd << PACK_ND_SHIFT | v;
    }
    return KEY_STR; /* resolved to an arena offset on insert */
}

static int is_unresolved_pack(uint64_t key)
{
    return KEY_TAG(key) == KEY_NUM && (key & KEY_PACK);
}

/* Number the prefix of a packed key (its first len - digit count bytes of
 * inv) and put the number in *key. 1 done; 0 when the table is full and the
 * prefix is not in it: the invoice takes the arena path (KEY_STR) -- the same
 * invoice always does, as the table only grows. */
static int pack_resolve(rmk_agg *a, uint64_t *key, const char *inv, size_t len)
{
    size_t pl = len - (size_t)((*key >> PACK_ND_SHIFT) & 15);
    uint32_t i = a->pfx_last;
    if (i < a->npfx && a->pfx[i].len == pl && memcmp(a->pfx[i].b, inv, pl) == 0) goto found;
    uint32_t h = 2166136261u; /* FNV-1a over at most 16 bytes */
    for (size_t k = 0; k < pl; k++) h = (h ^ (unsigned char)inv[k]) * 16777619u;
    size_t j = h & (PACK_SLOTS - 1);
    for (uint16_t sl; (sl = a->pfx_slot[j]); j = (j + 1) & (PACK_SLOTS - 1)) {
        i = sl - 1u;
        if (a->pfx[i].len == pl && memcmp(a->pfx[i].b, inv, pl) == 0) goto found;
    }
    if (a->npfx == PACK_PREFIXES) return 0;
    i = a->npfx++;
    a->pfx[i].len = (uint8_t)pl;
    memcpy(a->pfx[i].b, inv, pl);
    a->pfx_slot[j] = (uint16_t)(i + 1);
found:
    a->pfx_last = i;
    *key |= (uint64_t)i << PACK_PFX_SHIFT;
    return 1;
}

static rmk_status check_row(rmk_agg *a, const agg_row *r)
{
    if (r->id_len == 0) {
        agg_set_error(a, "empty customer id");
        return RMK_ERR_DATA;
    }
    if (r->id_len > 1024) {
        agg_set_error(a, "customer id longer than 1024 bytes");
        return RMK_ERR_DATA;
    }
    if (r->day == RMK_NO_DATE) {
        agg_set_error(a, "missing date");
        return RMK_ERR_DATA;
    }
    return RMK_OK;
}

void agg_row_prepare(const rmk_agg *a, agg_row *r)
{
    r->id_hash = id_hash(a, r->id, r->id_len);
    r->key = purchase_key(r->invoice, r->invoice_len, r->day);
    r->invoice_hash = r->key == KEY_STR ? hash_bytes(&a->seed, r->invoice, r->invoice_len) : 0;
    r->prepared = 1;
}

#define BATCH 64

typedef struct pending { uint64_t key, h; uint32_t cust, row; } pending;

/* Insert the queued purchase keys in order and count the new ones.
 * Returns 0, or -1 out of memory (*failed = that row). */
static int settle(rmk_agg *a, const agg_row *r, const pending *pend, size_t np, size_t done,
                  size_t *failed, uint8_t *fresh_out)
{
    for (size_t k = 0; k < np; k++) {
        const pending *p = &pend[k];
        int fresh = buy_insert(a, p->cust, p->key, p->h, r[p->row].invoice, r[p->row].invoice_len);
        if (fresh < 0) {
            agg_set_error(a, "out of memory");
            *failed = done + p->row;
            return -1;
        }
        a->cust[p->cust].purchases += fresh;
        if (fresh_out) fresh_out[done + p->row] = (uint8_t)fresh;
    }
    return 0;
}

/* Stages 1 and 2 of a batch of m <= BATCH rows: hash every id and prefetch
 * its slot; then take the slot whose kept hash bits match as the candidate
 * record and prefetch it (verified by resolve()). */
static void probe(const rmk_agg *a, const agg_row *r, size_t m, uint64_t *h, size_t *cand)
{
    for (size_t i = 0; i < m; i++) {
        h[i] = r[i].prepared ? r[i].id_hash : id_hash(a, r[i].id, r[i].id_len);
        __builtin_prefetch(&a->ctab[CUST_HOME(h[i] >> 32, a->ctab_mask)]);
    }
    for (size_t i = 0; i < m; i++) {
        uint32_t hi = (uint32_t)(h[i] >> 32);
        size_t j = CUST_HOME(hi, a->ctab_mask);
        cand[i] = (size_t)-1;
        for (cust_slot s; (s = a->ctab[j]).idx1; j = (j + 1) & a->ctab_mask)
            if (s.hash_hi == hi) {
                cand[i] = s.idx1 - 1;
                __builtin_prefetch(&a->cust[cand[i]]);
                break;
            }
    }
}

/* Stage 3's lookup: the row's customer index, created if new (rows in
 * order); *st is RMK_OK or the row's error (message set). */
static size_t resolve(rmk_agg *a, const agg_row *r, uint64_t h, size_t cand, rmk_status *st)
{
    *st = check_row(a, r);
    if (*st != RMK_OK) return (size_t)-1;
    if (cand != (size_t)-1 && id_equal(a, &a->cust[cand], r->id, r->id_len)) return cand;
    size_t ci = customer_find(a, h, r->id, r->id_len);
    if (ci == (size_t)-2) {
        agg_set_error(a, "customer id is not valid UTF-8 (is the file cp1251? use --encoding cp1251)");
        *st = RMK_ERR_DATA;
    } else if (ci == (size_t)-3) {
        agg_set_error(a, "customer id contains a NUL byte (is the file UTF-16? use --encoding utf-16)");
        *st = RMK_ERR_DATA;
    } else if (ci == (size_t)-1) {
        agg_set_error(a, "out of memory");
        *st = RMK_ERR_NOMEM;
    }
    return ci;
}

rmk_status agg_find_batch(rmk_agg *a, const agg_row *rows, size_t n, uint32_t *idx, size_t *failed)
{
    uint64_t h[BATCH];
    size_t cand[BATCH];
    if (a->sealed && n) {
        agg_set_error(a, "the aggregate is sealed: no rows can be added");
        *failed = 0;
        return RMK_ERR_USAGE;
    }
    for (size_t done = 0; done < n;) {
        size_t m = n - done < BATCH ? n - done : BATCH;
        const agg_row *r = rows + done;
        probe(a, r, m, h, cand);
        for (size_t i = 0; i < m; i++) {
            rmk_status st;
            size_t ci = resolve(a, &r[i], h[i], cand[i], &st);
            if (st != RMK_OK) {
                *failed = done + i;
                return st;
            }
            idx[done + i] = (uint32_t)ci;
        }
        done += m;
    }
    return RMK_OK;
}

rmk_status agg_add_batch_light(rmk_agg *a, const agg_row *rows, size_t n, size_t *failed,
                               uint32_t *idx)
{
    uint64_t h[BATCH];
    size_t cand[BATCH];
    if (a->sealed && n) {
        agg_set_error(a, "the aggregate is sealed: no rows can be added");
        *failed = 0;
        return RMK_ERR_USAGE;
    }
    for (size_t done = 0; done < n;) {
        size_t m = n - done < BATCH ? n - done : BATCH;
        const agg_row *r = rows + done;
        probe(a, r, m, h, cand);
        for (size_t i = 0; i < m; i++) {
            rmk_status st;
            size_t ci = resolve(a, &r[i], h[i], cand[i], &st);
            agg_customer *c = st == RMK_OK ? &a->cust[ci] : NULL;
            if (c && __builtin_add_overflow(c->net, r[i].amount, &c->net)) {
                agg_set_error(a, "the customer's net amount overflows");
                a->err_field = 'a';
                st = RMK_ERR_DATA;
            }
            if (st != RMK_OK) {
                *failed = done + i;
                return st;
            }
            idx[done + i] = (uint32_t)ci;
            int32_t day = r[i].day;
            rmk_agg_stats *s = &a->stats;
            if (s->first_day == RMK_NO_DATE || day < s->first_day) s->first_day = day;
            if (s->last_day == RMK_NO_DATE || day > s->last_day) s->last_day = day;
            if (!agg_is_purchase(r[i].amount)) {
                s->returns++;
                continue;
            }
            if (c->first_purchase == RMK_NO_DATE || day < c->first_purchase) c->first_purchase = day;
            if (c->last_purchase == RMK_NO_DATE || day > c->last_purchase) c->last_purchase = day;
        }
        done += m;
    }
    return RMK_OK;
}

rmk_status agg_add_batch(rmk_agg *a, const agg_row *rows, size_t n, size_t *failed)
{
    return agg_add_batch_ex(a, rows, n, failed, NULL, NULL);
}

rmk_status agg_add_batch_ex(rmk_agg *a, const agg_row *rows, size_t n, size_t *failed,
                            uint32_t *idx, uint8_t *fresh)
{
    uint64_t h[BATCH];
    size_t cand[BATCH];
    pending pend[BATCH];
    size_t done = 0;
    if (a->sealed && n) {
        agg_set_error(a, "the aggregate is sealed: no rows can be added");
        *failed = 0;
        return RMK_ERR_USAGE;
    }
    while (done < n) {
        size_t m = n - done < BATCH ? n - done : BATCH;
        const agg_row *r = rows + done;
        probe(a, r, m, h, cand);
        /* 3: in order: find (or create) the customer, update it, queue the
         * purchase keys the set must decide */
        size_t np = 0;
        for (size_t i = 0; i < m; i++) {
            rmk_status st;
            size_t ci = resolve(a, &r[i], h[i], cand[i], &st);
            agg_customer *c = st == RMK_OK ? &a->cust[ci] : NULL;
            int64_t net = 0;
            if (c && __builtin_add_overflow(c->net, r[i].amount, &net)) {
                agg_set_error(a, "the customer's net amount overflows");
                a->err_field = 'a';
                st = RMK_ERR_DATA;
            }
            if (st != RMK_OK) {
                /* rows before i are in: settle their queued purchases */
                if (settle(a, r, pend, np, done, failed, fresh)) return RMK_ERR_NOMEM;
                *failed = done + i;
                return st;
            }
            c->net = net;
            if (idx) idx[done + i] = (uint32_t)ci;
            if (fresh) fresh[done + i] = 0; /* set by settle() for a new purchase */
            int32_t day = r[i].day;
            rmk_agg_stats *s = &a->stats;
            if (s->first_day == RMK_NO_DATE || day < s->first_day) s->first_day = day;
            if (s->last_day == RMK_NO_DATE || day > s->last_day) s->last_day = day;
            if (!agg_is_purchase(r[i].amount)) { /* a return: reduces net, is not a purchase */
                s->returns++;
                continue;
            }
            if (c->first_purchase == RMK_NO_DATE || day < c->first_purchase) c->first_purchase = day;
            if (c->last_purchase == RMK_NO_DATE || day > c->last_purchase) c->last_purchase = day;
            uint64_t key = r[i].prepared ? r[i].key : purchase_key(r[i].invoice, r[i].invoice_len, day);
            if (is_unresolved_pack(key) && !pack_resolve(a, &key, r[i].invoice, r[i].invoice_len))
                key = KEY_STR;
            if (key != KEY_STR && c->last_key == key) continue; /* next line, same purchase */
            c->last_key = key == KEY_STR ? 0 : key;
            pend[np].key = key;
            pend[np].cust = (uint32_t)ci;
            pend[np].row = (uint32_t)i;
            pend[np].h = key == KEY_STR
                             ? buy_hash_str(a, (uint32_t)ci,
                                            r[i].prepared && r[i].key == KEY_STR ? r[i].invoice_hash
                                                          : hash_bytes(&a->seed, r[i].invoice,
                                                                       r[i].invoice_len))
                             : buy_hash(a, (uint32_t)ci, key);
            __builtin_prefetch(&a->btab[(size_t)pend[np].h & a->btab_mask]);
            np++;
        }
        /* 4: the purchase set, in order */
        if (settle(a, r, pend, np, done, failed, fresh)) return RMK_ERR_NOMEM;
        done += m;
    }
    return RMK_OK;
}

rmk_status rmk_agg_add(rmk_agg *a, const char *id, size_t id_len, const char *invoice,
                       size_t invoice_len, int32_t day, int64_t amount, char *err, size_t errlen)
{
    if (!a) return rmk_fail(err, errlen, RMK_ERR_USAGE, "no aggregate");
    if (id_len > 1024 || invoice_len > UINT32_MAX)
        return rmk_fail(err, errlen, RMK_ERR_DATA, "%s",
                        id_len > 1024 ? "customer id longer than 1024 bytes" : "invoice too long");
    agg_row r = {id, invoice, (uint32_t)id_len, (uint32_t)invoice_len, day, amount, 0, 0, 0, 0};
    size_t failed;
    rmk_status st = agg_add_batch(a, &r, 1, &failed);
    return st ? rmk_fail(err, errlen, st, "%s", a->err) : RMK_OK;
}

/* ------------------------------------------------------------ id order */

/* The first 8 bytes of an id as a big-endian number: byte order of ids is
 * the numeric order of these keys, up to ties that a full compare settles. */
static uint64_t id_prefix(const char *id, size_t len)
{
    uint64_t k = 0;
    for (size_t i = 0; i < 8; i++) k = k << 8 | (i < len ? (unsigned char)id[i] : 0);
    return k;
}

static int idx_id_cmp(const void *pa, const void *pb, void *ctx)
{
    const kv *x = pa, *y = pb;
    const rmk_agg *a = ctx;
    const agg_customer *p = &a->cust[x->idx], *q = &a->cust[y->idx];
    size_t n = p->id_len < q->id_len ? p->id_len : q->id_len;
    int r = memcmp(a->ids + p->id_off, a->ids + q->id_off, n);
    if (r) return r;
    return (p->id_len > q->id_len) - (p->id_len < q->id_len);
}

int agg_sort_by_id(const rmk_agg *a, kv *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const agg_customer *c = &a->cust[k[i].idx];
        k[i].key = id_prefix(a->ids + c->id_off, c->id_len);
    }
    if (radix_sort(k, n)) return -1;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && k[j].key == k[i].key) j++;
        /* qsort_r (glibc): the aggregate is the context, no global state */
        if (j - i > 1) qsort_r(k + i, j - i, sizeof *k, idx_id_cmp, (void *)a);
        i = j;
    }
    return 0;
}
