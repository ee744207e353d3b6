/* SPDX-License-Identifier: MIT */
/* hash.c — SipHash-1-3 over byte strings. */
#include "hash.h"
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

hash_seed hash_seed_new(void)
{
    hash_seed s = {0x736f6d6570736575ULL, 0x646f72616e646f6dULL};
    const char *fixed = getenv("RELMARK_HASH_SEED");
    if (fixed && *fixed) {
        s.k0 ^= strtoull(fixed, NULL, 10);
        return s;
    }
    uint64_t r[2];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) == (ssize_t)sizeof r) {
        s.k0 ^= r[0];
        s.k1 ^= r[1];
    } else {
        s.k0 ^= (uint64_t)time(NULL);
        s.k1 ^= (uint64_t)(uintptr_t)&s;
    }
    return s;
}

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                           \
    do {                                                                                   \
        v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);                          \
        v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;                                             \
        v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;                                             \
        v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);                          \
    } while (0)

uint64_t hash_bytes(const hash_seed *s, const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t v0 = 0x736f6d6570736575ULL ^ s->k0, v1 = 0x646f72616e646f6dULL ^ s->k1;
    uint64_t v2 = 0x6c7967656e657261ULL ^ s->k0, v3 = 0x7465646279746573ULL ^ s->k1;
    size_t full = len & ~(size_t)7;
    for (size_t i = 0; i < full; i += 8) {
        uint64_t m;
        memcpy(&m, p + i, 8); /* little-endian machines; the hash need not be portable */
        v3 ^= m;
        SIPROUND;
        v0 ^= m;
    }
    uint64_t b = (uint64_t)len << 56;
    switch (len & 7) {
    case 7: b |= (uint64_t)p[full + 6] << 48; /* fall through */
    case 6: b |= (uint64_t)p[full + 5] << 40; /* fall through */
    case 5: b |= (uint64_t)p[full + 4] << 32; /* fall through */
    case 4: b |= (uint64_t)p[full + 3] << 24; /* fall through */
    case 3: b |= (uint64_t)p[full + 2] << 16; /* fall through */
    case 2: b |= (uint64_t)p[full + 1] << 8;  /* fall through */
    case 1: b |= (uint64_t)p[full]; break;
    case 0: break;
    }
    v3 ^= b;
    SIPROUND;
    v0 ^= b;
    v2 ^= 0xff;
    SIPROUND;
    SIPROUND;
    SIPROUND;
    return v0 ^ v1 ^ v2 ^ v3;
}
