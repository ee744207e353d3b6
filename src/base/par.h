/* SPDX-License-Identifier: MIT */
/* par.h — internal: two independent pieces of work side by side. The
 * analyses after the one read (a rating beside an RFM scoring, a CLV fit
 * beside a portfolio's scores, the purchase days beside the id order) share
 * nothing but the read-only book, so on a machine with two cores their
 * wall time is the longer one's, not the sum (docs/library.md, threads). */
#ifndef RMK_PAR_H
#define RMK_PAR_H

/* Runs a(ca) on a new thread and b(cb) on the calling one, and returns when
 * both are done. threads: the caller's thread budget as rmk_read_opts has
 * it (1: one after the other, here; 0: as the machine's cores allow). A
 * thread that cannot be started runs its work here: the same results, as
 * a and b must not depend on each other. */
void par_both(void (*a)(void *), void *ca, void (*b)(void *), void *cb, int threads);
#endif
