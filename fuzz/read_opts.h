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
#endif
