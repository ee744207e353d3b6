/* SPDX-License-Identifier: MIT */
/* sort.h — internal: the radix sort behind relmark's orderings. */
#ifndef RMK_SORT_H
#define RMK_SORT_H
#include <stddef.h>
#include <stdint.h>

/* A sort key and the customer it belongs to. */
typedef struct kv { uint64_t key; uint32_t idx; } kv;

/* Stable LSD radix sort by key, 16 bits a pass, skipping the passes where
 * every key has the same digit. Returns 0, or -1 when out of memory. */
int radix_sort(kv *k, size_t n);

/* Customer ids in byte order, a prefix first: the order of every result
 * sorted by id (agg_sort_by_id, rmk_rfm_at, rmk_rating_at ...). The one id
 * comparison of the library. */
int id_order(const char *a, size_t al, const char *b, size_t bl);
#endif
