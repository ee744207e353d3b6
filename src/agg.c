/* agg.c — the hash aggregate: customer id -> aggregate, and the set of
 * distinct purchases (customer, invoice) or (customer, day) that makes
 * frequency exact whatever order rows come in. Open addressing with linear
 * probing over power-of-two tables; ids and string invoices live in arenas. */
#include "agg.h"
#include "parse.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* purchase-set tags (0 = empty slot) */
enum { TAG_EMPTY = 0, TAG_INV_NUM = 1, TAG_INV_STR = 2, TAG_DAY = 3 };

typedef struct cust_slot { uint32_t hash_hi, idx1; } cust_slot; /* idx1 = index + 1 */
typedef struct buy_slot { uint64_t key; uint32_t cust, tag; } buy_slot;

struct rmk_agg {
    hash_seed seed;
    agg_customer *cust;
    size_t ncust, cust_cap;
    cust_slot *ctab;
    size_t ctab_mask;
    char *ids;
    size_t ids_len, ids_cap;
    buy_slot *btab;
    size_t btab_mask, nbuy;
    char *inv;               /* string invoices: uint32 length + bytes */
    size_t inv_len, inv_cap;
    size_t last_cust;        /* the previous row's customer (+1), 0 = none */
    rmk_agg_stats stats;
    char err[512];
};

size_t agg_count(const rmk_agg *a) { return a->ncust; }
const agg_customer *agg_customers(const rmk_agg *a) { return a->cust; }
const char *agg_id(const rmk_agg *a, const agg_customer *c) { return a->ids + c->id_off; }
rmk_agg_stats *agg_stats_mut(rmk_agg *a) { return &a->stats; }
const char *rmk_agg_errmsg(const rmk_agg *a) { return a ? a->err : "no aggregate"; }
void agg_set_error(rmk_agg *a, const char *msg) { snprintf(a->err, sizeof a->err, "%s", msg); }

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
    a->ctab = calloc(a->ctab_mask + 1, sizeof *a->ctab);
    a->btab_mask = 1023;
    a->btab = calloc(a->btab_mask + 1, sizeof *a->btab);
    if (!a->ctab || !a->btab) {
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
    free(a->cust);
    free(a->ctab);
    free(a->ids);
    free(a->btab);
    free(a->inv);
    free(a);
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

static int ctab_resize(rmk_agg *a)
{
    size_t nmask = a->ctab_mask * 2 + 1;
    cust_slot *t = calloc(nmask + 1, sizeof *t);
    if (!t) return -1;
    for (size_t i = 0; i <= a->ctab_mask; i++) {
        cust_slot s = a->ctab[i];
        if (!s.idx1) continue;
        const agg_customer *c = &a->cust[s.idx1 - 1];
        uint64_t h = hash_bytes(&a->seed, a->ids + c->id_off, c->id_len);
        size_t j = (size_t)h & nmask;
        while (t[j].idx1) j = (j + 1) & nmask;
        t[j] = s;
    }
    free(a->ctab);
    a->ctab = t;
    a->ctab_mask = nmask;
    return 0;
}

/* Index of the customer, created if new; (size_t)-1 when out of memory,
 * (size_t)-2 when a new id is not valid UTF-8. */
static size_t customer_find(rmk_agg *a, const char *id, size_t len)
{
    if (a->last_cust) { /* lines of one invoice usually come together */
        agg_customer *c = &a->cust[a->last_cust - 1];
        if (c->id_len == len && memcmp(a->ids + c->id_off, id, len) == 0) return a->last_cust - 1;
    }
    uint64_t h = hash_bytes(&a->seed, id, len);
    uint32_t hi = (uint32_t)(h >> 32);
    size_t j = (size_t)h & a->ctab_mask;
    for (;;) {
        cust_slot s = a->ctab[j];
        if (!s.idx1) break;
        if (s.hash_hi == hi) {
            agg_customer *c = &a->cust[s.idx1 - 1];
            if (c->id_len == len && memcmp(a->ids + c->id_off, id, len) == 0) {
                a->last_cust = s.idx1;
                return s.idx1 - 1;
            }
        }
        j = (j + 1) & a->ctab_mask;
    }
    /* new customer: its id is printed later, so it must be text */
    for (size_t k = 0; k < len; k++)
        if ((unsigned char)id[k] >= 0x80) {
            if (!utf8_valid((const unsigned char *)id, len)) return (size_t)-2;
            break;
        }
    if (grow((void **)&a->cust, &a->cust_cap, a->ncust + 1, sizeof *a->cust) ||
        grow((void **)&a->ids, &a->ids_cap, a->ids_len + len + 1, 1))
        return (size_t)-1;
    agg_customer *c = &a->cust[a->ncust];
    memset(c, 0, sizeof *c);
    c->id_off = a->ids_len;
    c->id_len = (uint32_t)len;
    c->first_purchase = RMK_NO_DATE;
    c->last_purchase = RMK_NO_DATE;
    c->last_tag = TAG_EMPTY;
    memcpy(a->ids + a->ids_len, id, len);
    a->ids[a->ids_len + len] = 0; /* NUL-terminated for printing */
    a->ids_len += len + 1;
    a->ctab[j].hash_hi = hi;
    a->ctab[j].idx1 = (uint32_t)(a->ncust + 1);
    a->ncust++;
    a->last_cust = a->ncust;
    if (a->ncust * 10 > (a->ctab_mask + 1) * 7 && ctab_resize(a)) return (size_t)-1;
    return a->ncust - 1;
}

static uint64_t buy_hash(const rmk_agg *a, uint32_t cust, uint32_t tag, uint64_t key)
{
    if (tag == TAG_INV_STR) {
        uint32_t len;
        memcpy(&len, a->inv + key, 4);
        return hash_bytes(&a->seed, a->inv + key + 4, len) ^ hash_u64(&a->seed, cust);
    }
    return hash_u64(&a->seed, key * 0x9E3779B97F4A7C15ULL ^ ((uint64_t)cust << 2 | tag));
}

static int btab_resize(rmk_agg *a)
{
    size_t nmask = a->btab_mask * 2 + 1;
    buy_slot *t = calloc(nmask + 1, sizeof *t);
    if (!t) return -1;
    for (size_t i = 0; i <= a->btab_mask; i++) {
        buy_slot s = a->btab[i];
        if (s.tag == TAG_EMPTY) continue;
        size_t j = (size_t)buy_hash(a, s.cust, s.tag, s.key) & nmask;
        while (t[j].tag != TAG_EMPTY) j = (j + 1) & nmask;
        t[j] = s;
    }
    free(a->btab);
    a->btab = t;
    a->btab_mask = nmask;
    return 0;
}

/* Insert a purchase key; 1 if it is new, 0 if seen, -1 out of memory.
 * For string invoices `str`/`len` are the bytes and key is ignored. */
static int buy_insert(rmk_agg *a, uint32_t cust, uint32_t tag, uint64_t key, const char *str,
                      size_t len)
{
    uint64_t h;
    if (tag == TAG_INV_STR)
        h = hash_bytes(&a->seed, str, len) ^ hash_u64(&a->seed, cust);
    else
        h = buy_hash(a, cust, tag, key);
    size_t j = (size_t)h & a->btab_mask;
    for (;;) {
        buy_slot *s = &a->btab[j];
        if (s->tag == TAG_EMPTY) break;
        if (s->cust == cust && s->tag == tag) {
            if (tag != TAG_INV_STR) {
                if (s->key == key) return 0;
            } else {
                uint32_t l;
                memcpy(&l, a->inv + s->key, 4);
                if (l == len && memcmp(a->inv + s->key + 4, str, len) == 0) return 0;
            }
        }
        j = (j + 1) & a->btab_mask;
    }
    if (tag == TAG_INV_STR) {
        if (grow((void **)&a->inv, &a->inv_cap, a->inv_len + 4 + len, 1)) return -1;
        uint32_t l = (uint32_t)len;
        memcpy(a->inv + a->inv_len, &l, 4);
        memcpy(a->inv + a->inv_len + 4, str, len);
        key = a->inv_len;
        a->inv_len += 4 + len;
    }
    a->btab[j].key = key;
    a->btab[j].cust = cust;
    a->btab[j].tag = tag;
    a->nbuy++;
    if (a->nbuy * 10 > (a->btab_mask + 1) * 7 && btab_resize(a)) return -1;
    return 1;
}

/* A numeric invoice ("000123" is not "123": leading zeros keep it a string). */
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

rmk_status rmk_agg_add(rmk_agg *a, const char *id, size_t id_len, const char *invoice,
                       size_t invoice_len, int32_t day, int64_t amount)
{
    if (id_len == 0) {
        agg_set_error(a, "empty customer id");
        return RMK_ERR_DATA;
    }
    if (id_len > 1024) {
        agg_set_error(a, "customer id longer than 1024 bytes");
        return RMK_ERR_DATA;
    }
    if (day == RMK_NO_DATE) {
        agg_set_error(a, "missing date");
        return RMK_ERR_DATA;
    }
    size_t ci = customer_find(a, id, id_len);
    if (ci == (size_t)-2) {
        agg_set_error(a, "customer id is not valid UTF-8 (is the file cp1251? use --encoding cp1251)");
        return RMK_ERR_DATA;
    }
    if (ci == (size_t)-1) {
        agg_set_error(a, "out of memory");
        return RMK_ERR_NOMEM;
    }
    agg_customer *c = &a->cust[ci];
    int64_t net;
    if (__builtin_add_overflow(c->net, amount, &net)) {
        agg_set_error(a, "the customer's net amount overflows");
        return RMK_ERR_DATA;
    }
    c->net = net;
    rmk_agg_stats *st = &a->stats;
    if (st->first_day == RMK_NO_DATE || day < st->first_day) st->first_day = day;
    if (st->last_day == RMK_NO_DATE || day > st->last_day) st->last_day = day;
    if (amount < 0) { /* a return: reduces net, is not a purchase */
        st->returns++;
        return RMK_OK;
    }
    uint32_t tag;
    uint64_t key = 0;
    if (invoice && invoice_len) {
        tag = invoice_number(invoice, invoice_len, &key) ? TAG_INV_NUM : TAG_INV_STR;
    } else {
        tag = TAG_DAY;
        key = (uint64_t)(uint32_t)day;
    }
    int fresh;
    if (tag != TAG_INV_STR && c->last_tag == tag && c->last_key == key) {
        fresh = 0; /* the next line of the same purchase */
    } else {
        fresh = buy_insert(a, (uint32_t)ci, tag, key, invoice, invoice_len);
        if (fresh < 0) {
            agg_set_error(a, "out of memory");
            return RMK_ERR_NOMEM;
        }
        c->last_tag = tag == TAG_INV_STR ? TAG_EMPTY : tag;
        c->last_key = key;
    }
    c->purchases += fresh;
    if (c->first_purchase == RMK_NO_DATE || day < c->first_purchase) c->first_purchase = day;
    if (c->last_purchase == RMK_NO_DATE || day > c->last_purchase) c->last_purchase = day;
    return RMK_OK;
}
