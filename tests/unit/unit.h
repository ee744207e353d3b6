/* SPDX-License-Identifier: MIT */
/* unit.h — a small table-driven test runner: CHECK records a failure with
 * file:line and goes on; main() prints "unit: N passed, N failed". */
#ifndef RMK_UNIT_H
#define RMK_UNIT_H
#include <stdio.h>
#include <string.h>

extern int unit_checks_failed;
#define CHECK(cond, ...)                                                                      \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            unit_checks_failed++;                                                             \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);          \
            fprintf(stderr, __VA_ARGS__);                                                     \
            fputc('\n', stderr);                                                              \
        }                                                                                     \
    } while (0)
#define CHECK_STR(got, want)                                                                  \
    CHECK(strcmp((got), (want)) == 0, "got '%s', want '%s'", (got), (want))

typedef struct unit_test { const char *name; void (*fn)(void); } unit_test;
#define TEST(name) void name(void)
#endif
