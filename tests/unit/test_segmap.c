/* SPDX-License-Identifier: MIT */
/* test_segmap.c — shipped maps cover every cell once; broken maps are
 * reported with file and line. */
#include "relmark.h"
#include "unit.h"

TEST(test_segmap_builtin)
{
    rmk_status st;
    char err[512];
    rmk_segmap *m = rmk_segmap_builtin_new(RMK_SEGMAP_TEN, &st, err, sizeof err);
    CHECK(m != NULL, "%s", err);
    if (!m) return;
    CHECK(rmk_segmap_count(m) == 10, "ten");
    static const struct { int r, f; const char *key; } cells[] = {
        {5, 5, "champions"}, {5, 4, "champions"}, {4, 5, "loyal"}, {3, 4, "loyal"},
        {5, 3, "potential_loyalists"}, {4, 2, "potential_loyalists"}, {5, 1, "new"},
        {4, 1, "promising"}, {3, 3, "need_attention"}, {3, 2, "about_to_sleep"},
        {3, 1, "about_to_sleep"}, {2, 4, "at_risk"}, {1, 3, "at_risk"},
        {1, 5, "cant_lose_them"}, {2, 5, "cant_lose_them"}, {2, 2, "hibernating"},
        {1, 1, "hibernating"},
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        for (int mm = 1; mm <= 5; mm++)
            CHECK_STR(rmk_segmap_key(m, rmk_segmap_lookup(m, cells[i].r, cells[i].f, mm)),
                      cells[i].key);
    CHECK_STR(rmk_segmap_name(m, 8, "en"), "Can't lose them");
    CHECK_STR(rmk_segmap_name(m, 0, "ru"), "Чемпионы");
    CHECK(rmk_segmap_lookup(m, 6, 1, 1) == -1, "out of range");
    {   /* a long action goes on over an indented line */
        static const char t[] = "[a]\nname = A\naction = first part\n  second part\n";
        rmk_segmap *c = rmk_segmap_parse(t, sizeof t - 1, "c.ini", 5, &st, err, sizeof err);
        CHECK(c != NULL, "%s", err);
        if (c) CHECK_STR(rmk_segmap_action(c, 0, "en"), "first part second part");
        rmk_segmap_free(c);
    }
    rmk_segmap_free(m);
    m = rmk_segmap_builtin_new(RMK_SEGMAP_RELATIONSHIP, &st, err, sizeof err);
    CHECK(m != NULL, "%s", err);
    if (!m) return;
    CHECK_STR(rmk_segmap_name(m, rmk_segmap_lookup(m, 4, 4, 1), "ru"), "Друзья");
    CHECK_STR(rmk_segmap_name(m, rmk_segmap_lookup(m, 5, 3, 2), "ru"), "Симпатизирующие");
    CHECK_STR(rmk_segmap_name(m, rmk_segmap_lookup(m, 3, 5, 5), "en"), "Drifting");
    CHECK_STR(rmk_segmap_name(m, rmk_segmap_lookup(m, 1, 1, 1), "en"), "Strangers");
    rmk_segmap_free(m);
}

TEST(test_segmap_errors)
{
    static const struct { const char *text; int bins; const char *want; } rows[] = {
        {"[a]\nname = A\n", 5, NULL},
        {"[a]\nname = A\nr = 1-3\n[b]\nname = B\nr = 3-5\n", 5,
         "m.ini:4: segment [b] overlaps [a] at R3 F1"},
        {"[a]\nname = A\nr = 1-2\n[b]\nname = B\nr = 4-5\n", 5,
         "m.ini: 5 cells not covered by any segment: R3 F1, R3 F2, R3 F3, R3 F4, R3 F5"},
        {"[a]\nname = A\nm = 1-2\n[b]\nname=B\nm = 3-4\n", 5, "cells not covered"},
        {"[a]\nname = A\nr = 0-5\n", 5, "m.ini:3: r = 0-5: expected scores 1-5"},
        {"[a]\nname = A\nr = 1-6\n", 5, "m.ini:3: r = 1-6"},
        {"[a]\nname = A\nr = 5-1\n", 5, "m.ini:3: r = 5-1"},
        {"[a]\nname = A\nq = 1\n", 5, "m.ini:3: unknown key 'q' in [a]"},
        {"[a]\nr = 1-5\n", 5, "m.ini:1: segment [a] has no name"},
        {"[a]\nname = A\nr = 1\nr = 2-5\n", 5, "m.ini:4: 'r' given twice"},
        {"", 5, "m.ini: no segments"},
        {"garbage line\n", 5, "m.ini:1: expected [section] or key = value"},
        {"[a]\nname = A\nr = 1,3-5\n[b]\nname = B\nr = 2\n", 5, NULL},
        {"[a]\nname = A\nr = 1-2\n[b]\nname = B\nr = 3\n", 3, NULL},
        {"[a]\nname = A\nr = 4\n", 3, "r = 4"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rmk_status st;
        char err[512] = "";
        rmk_segmap *m = rmk_segmap_parse(rows[i].text, strlen(rows[i].text), "m.ini", rows[i].bins,
                                         &st, err, sizeof err);
        if (!rows[i].want) {
            CHECK(m != NULL && st == RMK_OK, "row %zu: %s", i, err);
        } else {
            CHECK(m == NULL && st == RMK_ERR_CONFIG, "row %zu should fail", i);
            CHECK(strstr(err, rows[i].want) != NULL, "row %zu: '%s' lacks '%s'", i, err,
                  rows[i].want);
        }
        rmk_segmap_free(m);
    }
}
