/* SPDX-License-Identifier: MIT */
/* read_opts.h — the reader options the reading fuzz targets take from the
 * input's first byte (fuzz/README.md has the table). Bit 0x80 is each
 * target's own. */
#ifndef RMK_FUZZ_READ_OPTS_H
#define RMK_FUZZ_READ_OPTS_H
#include "relmark.h"
#include <stdint.h>

static inline void fuzz_read_opts(uint8_t opt, rmk_read_opts *o)
{
    static const char delims[4] = {0, ',', ';', ' '};
    rmk_read_opts_init(o);
    o->delimiter = delims[opt & 3];
    o->encoding = (opt & 4) ? "cp1251" : NULL;
    o->skip_bad = (opt >> 3) & 1;
    o->date_format = (rmk_date_format)((opt >> 4) % 3);
    if (opt & 0x40) {
        o->no_header = 1;
        o->map = "customer=1,date=2,amount=3,invoice=4";
    }
}
/* The reading options of issue 13 from the input's length (byte 0 is
 * full): id case, decimal mark, one skipped line, amount = A*B without a
 * header, an --exclude on column 1. */
static inline void fuzz_read_opts_len(size_t size, rmk_read_opts *o)
{
    static const char marks[3] = {0, '.', ','};
    static const char *const ex[1] = {"1=x,C1"};
    o->id_lower = (int)(size & 1);
    o->decimal_mark = marks[(size >> 1) % 3];
    o->skip_lines = (size >> 3) & 1 ? 1 : -1;
    if (o->no_header && ((size >> 4) & 1)) o->map = "customer=1,date=2,amount=3*5,invoice=4";
    if ((size >> 5) & 1) {
        o->exclude = ex;
        o->n_exclude = 1;
    }
}
#endif
