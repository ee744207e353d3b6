/* SPDX-License-Identifier: MIT */
/* status.c — names and exit codes of rmk_status; the one place an error
 * message is formatted into a caller's buffer (errmsg.h). */
#include "errmsg.h"
#include <stdarg.h>

rmk_status rmk_fail(char *err, size_t errlen, rmk_status st, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return st;
}

rmk_status rmk_nomem(char *err, size_t errlen) { return rmk_fail(err, errlen, RMK_ERR_NOMEM, "out of memory"); }

const char *rmk_status_name(rmk_status st)
{
    switch (st) {
    case RMK_OK: return "ok";
    case RMK_ERR_USAGE: return "usage";
    case RMK_ERR_DATA: return "data";
    case RMK_ERR_NOINPUT: return "noinput";
    case RMK_ERR_IO: return "io";
    case RMK_ERR_NOMEM: return "nomem";
    case RMK_ERR_CONFIG: return "config";
    case RMK_ERR_EMPTY: return "empty";
    }
    return "unknown";
}

/* sysexits(3): EX_USAGE 64, EX_DATAERR 65, EX_NOINPUT 66, EX_OSERR 71,
 * EX_IOERR 74, EX_CONFIG 78. Nothing to score is a data error. */
int rmk_status_exit_code(rmk_status st)
{
    switch (st) {
    case RMK_OK: return 0;
    case RMK_ERR_USAGE: return 64;
    case RMK_ERR_DATA: return 65;
    case RMK_ERR_EMPTY: return 65;
    case RMK_ERR_NOINPUT: return 66;
    case RMK_ERR_NOMEM: return 71;
    case RMK_ERR_IO: return 74;
    case RMK_ERR_CONFIG: return 78;
    }
    return 70;
}
