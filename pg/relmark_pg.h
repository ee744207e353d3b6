/* SPDX-License-Identifier: MIT */
/* relmark_pg.h — what the extension's files share (docs/postgres.md). */
#ifndef RELMARK_PG_H
#define RELMARK_PG_H
#include "postgres.h"
#include "utils/date.h"

/* PostgreSQL counts dates from 2000-01-01, the library from 1970-01-01. */
static inline int32 lib_day(DateADT d)
{
    return (int32)d + (int32)(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE);
}
static inline DateADT pg_day(int32 day)
{
    return (DateADT)(day - (int32)(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE));
}
#endif
