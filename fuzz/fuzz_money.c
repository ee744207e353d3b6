/* fuzz_money.c — the amount parser: no crash, no overflow, and an accepted
 * amount printed with four decimals parses back to the same minor units. */
#include "relmark.h"
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int64_t v;
    if (rmk_money_parse((const char *)data, size, &v) != RMK_OK) return 0;
    char buf[32];
    rmk_money_format(v, 4, '.', buf);
    int64_t back;
    if (rmk_money_parse(buf, strlen(buf), &back) != RMK_OK || back != v) __builtin_trap();
    return 0;
}
