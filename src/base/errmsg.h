/* SPDX-License-Identifier: MIT */
/* errmsg.h — internal: the library's one error convention (relmark.h,
 * "Conventions"): a call that fails returns its rmk_status and writes the
 * message into the caller's buffer err of errlen bytes (NULL or 0: no
 * message). These are the only places a message is formatted into it. */
#ifndef RMK_ERRMSG_H
#define RMK_ERRMSG_H
#include "relmark.h"

/* the message fmt into err; returns st */
rmk_status rmk_fail(char *err, size_t errlen, rmk_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* "out of memory" into err; returns RMK_ERR_NOMEM */
rmk_status rmk_nomem(char *err, size_t errlen);
#endif
