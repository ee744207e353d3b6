/* SPDX-License-Identifier: MIT */
/* rfm.h — internal: RFM's score rule (docs/rfm.md, "Scores"), shared by rfm.c
 * and the PostgreSQL extension (pg/), which scores from a histogram of values
 * instead of a sorted array of customers. */
#ifndef RMK_RFM_RULE_H
#define RMK_RFM_RULE_H
#include "relmark.h"
#include <stddef.h>

/* The score (1..bins, bins best) of a customer among n, in the best-first
 * order of one measure: `better` customers hold a better value, `equal`
 * (>= 1) hold its value, and it is the tie_rank-th (0-based, < equal) of those
 * by id. SPLIT: NTILE at position better + tie_rank; KEEP: the score SPLIT
 * gives the last of the run, position better + equal - 1. */
int rfm_run_score(size_t better, size_t equal, size_t tie_rank, size_t n, int bins, rmk_ties ties);
#endif
