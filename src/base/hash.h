/* SPDX-License-Identifier: MIT */
/* hash.h — internal: seeded hashing for keys that come from outside.
 * SipHash-1-3 (Aumasson & Bernstein, "SipHash: a fast short-input PRF",
 * 2012) for byte strings; a seeded 64-bit finaliser for integer keys. */
#ifndef RMK_HASH_H
#define RMK_HASH_H
#include <stddef.h>
#include <stdint.h>

typedef struct hash_seed { uint64_t k0, k1; } hash_seed;

/* A seed from the OS (getrandom), or a fixed one when RELMARK_HASH_SEED is set
 * (reproducible runs) or the OS has none. */
hash_seed hash_seed_new(void);
uint64_t hash_bytes(const hash_seed *s, const void *p, size_t len);
/* Integer keys: the seed is mixed in before the finaliser, so an adversary
 * who does not know it cannot choose colliding keys wholesale. */
static inline uint64_t hash_u64(const hash_seed *s, uint64_t x)
{
    x ^= s->k0;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x ^ s->k1;
}
#endif
