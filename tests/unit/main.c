/* SPDX-License-Identifier: MIT */
/* main.c — runs every test function; one test counts as passed when none of
 * its CHECKs failed. */
#include "unit.h"

int unit_checks_failed;

#define X(name) void name(void);
#include "tests.def"
#undef X

static const unit_test tests[] = {
#define X(name) {#name, name},
#include "tests.def"
#undef X
};

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (argc > 1 && !strstr(tests[i].name, argv[1])) continue;
        int before = unit_checks_failed;
        tests[i].fn();
        if (unit_checks_failed == before) {
            passed++;
        } else {
            failed++;
            fprintf(stderr, "FAIL %s\n", tests[i].name);
        }
    }
    printf("unit: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
