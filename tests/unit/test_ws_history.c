/* SPDX-License-Identifier: MIT */
/* test_ws_history.c — history between two snapshots (docs/workspace.md,
 * "History") on six hand-made customers whose classes are written into
 * the snapshot tables directly, so every expected value below follows
 * from the rules alone, not from an analysis:
 *
 *   id  segment                  category (rank)            stage              ABC-XYZ  CLV at from
 *   A1  champions -> loyal       strategic_partner(1) -> regular(2)  client -> client  AX -> AX  300
 *   B2  loyal -> at_risk         none -> none               client -> passive  AY -> BY  500
 *   C3  hibernating -> same      none                       passive -> former  CZ -> CZ  900
 *   D4  new -> potential_loyal.  none                       first_time -> repeat BX -> AX  50
 *   E5  promising -> (absent)    none                       first_time -> (absent) CX -> none  unknown
 *   F6  (absent) -> new          none                       (absent) -> first_time none      -
 *
 * Moved down ("down" rule): A1 a lower category (rank 1 -> 2); B2 off the
 * ladder (client -> passive) and A -> B; C3 passive -> former; E5 out of
 * the ABC window (CX -> none). D4 moved up everywhere; E5's stage to none
 * is no fall (it left the snapshot); F6 was in no earlier snapshot.
 * Key clients ("key" rule, default groups): A1 by its category
 * strategic_partner (the category wins over its segment champions), B2 by
 * its segment loyal; C3, E5 are not. So the order is B2 (key, CLV 500),
 * A1 (key, 300), C3 (900, not key), E5 (unknown CLV last). */
#include "relmark.h"
#include "unit.h"
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char seed_sql[] =
    "INSERT INTO customers(id, customer) VALUES (1,'A1'),(2,'B2'),(3,'C3'),(4,'D4'),(5,'E5'),(6,'F6');"
    "INSERT INTO snapshots(id, as_of, taken, customers, bins, ties, segments, abc_months, clv_model,"
    " clv_unit, clv_horizon_months, clv_discount, clv_margin) VALUES"
    " (1, 20543, 't', 5, 5, 'keep', 'ten', 12, 'bgnbd', 'days', 12, 0.1, 1),"  /* 2026-03-31 */
    " (2, 20634, 't', 5, 5, 'keep', 'ten', 12, 'bgnbd', 'days', 12, 0.1, 1);"  /* 2026-06-30 */
    "INSERT INTO snapshot_customers(snapshot_id, customer_id, rfm, segment, category, category_rank,"
    " stage, abc, xyz, clv) VALUES"
    " (1,1,'555','champions','strategic_partner',1,'client','A','X',300),"
    " (1,2,'545','loyal',NULL,NULL,'client','A','Y',500),"
    " (1,3,'111','hibernating',NULL,NULL,'passive','C','Z',900),"
    " (1,4,'511','new',NULL,NULL,'first_time','B','X',50),"
    " (1,5,'311','promising',NULL,NULL,'first_time','C','X',NULL),"
    " (2,1,'455','loyal','regular',2,'client','A','X',250),"
    " (2,2,'245','at_risk',NULL,NULL,'passive','B','Y',100),"
    " (2,3,'111','hibernating',NULL,NULL,'former','C','Z',5),"
    " (2,4,'432','potential_loyalists',NULL,NULL,'repeat','A','X',80),"
    " (2,6,'511','new',NULL,NULL,'first_time',NULL,NULL,NULL);";

static rmk_ws *seeded(char *path)
{
    snprintf(path, 64, "/tmp/relmark-hist-XXXXXX");
    int fd = mkstemp(path);
    close(fd);
    unlink(path); /* rmk_ws_open creates it */
    char err[256];
    rmk_ws *ws = NULL;
    CHECK(rmk_ws_open(path, 0, &ws, err, sizeof err) == RMK_OK, "%s", err);
    rmk_ws_close(ws);
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    CHECK(sqlite3_exec(db, seed_sql, NULL, NULL, NULL) == SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
    ws = NULL;
    CHECK(rmk_ws_open(path, RMK_WS_READONLY, &ws, err, sizeof err) == RMK_OK, "%s", err);
    return ws;
}

static void drop(const char *path)
{
    char p[80];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* the classes of d in shown order, joined by '|' ("-" for none) */
static void classes(const rmk_ws_history *h, rmk_ws_dim d, char *b, size_t n)
{
    size_t k = 0;
    b[0] = 0;
    for (size_t i = 0; i < rmk_ws_history_classes(h, d); i++) {
        const char *c = rmk_ws_history_class(h, d, i);
        k += (size_t)snprintf(b + k, n - k, "%s%s", i ? "|" : "", *c ? c : "-");
    }
}

/* cell (from, to) by class key ("" none); ~0 when a key is not shown */
static uint64_t cell(const rmk_ws_history *h, rmk_ws_dim d, const char *from, const char *to)
{
    size_t i = SIZE_MAX, j = SIZE_MAX;
    for (size_t k = 0; k < rmk_ws_history_classes(h, d); k++) {
        if (!strcmp(rmk_ws_history_class(h, d, k), from)) i = k;
        if (!strcmp(rmk_ws_history_class(h, d, k), to)) j = k;
    }
    return i == SIZE_MAX || j == SIZE_MAX ? ~(uint64_t)0 : rmk_ws_history_cell(h, d, i, j);
}

static uint64_t total(const rmk_ws_history *h, rmk_ws_dim d)
{
    uint64_t t = 0;
    size_t n = rmk_ws_history_classes(h, d);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) t += rmk_ws_history_cell(h, d, i, j);
    return t;
}

TEST(test_ws_history_matrices)
{
    char path[64], err[256], b[512];
    rmk_ws *ws = seeded(path);
    rmk_ws_history *h = NULL;
    CHECK(rmk_ws_history_run(ws, RMK_NO_DATE, RMK_NO_DATE, NULL, &h, err, sizeof err) == RMK_OK, "%s", err);
    if (!h) goto out;
    CHECK(rmk_ws_history_from(h) == 20543 && rmk_ws_history_to(h) == 20634, "dates");
    /* segments in the ten-segment map's order, none last */
    classes(h, RMK_DIM_SEGMENT, b, sizeof b);
    CHECK_STR(b, "champions|loyal|potential_loyalists|new|promising|at_risk|hibernating|-");
    CHECK(cell(h, RMK_DIM_SEGMENT, "champions", "loyal") == 1, "A1");
    CHECK(cell(h, RMK_DIM_SEGMENT, "loyal", "at_risk") == 1, "B2");
    CHECK(cell(h, RMK_DIM_SEGMENT, "hibernating", "hibernating") == 1, "C3");
    CHECK(cell(h, RMK_DIM_SEGMENT, "new", "potential_loyalists") == 1, "D4");
    CHECK(cell(h, RMK_DIM_SEGMENT, "promising", "") == 1, "E5");
    CHECK(cell(h, RMK_DIM_SEGMENT, "", "new") == 1, "F6");
    /* six customers in either snapshot: every matrix sums to 6 */
    for (int d = 0; d < RMK_WS_DIMS; d++) CHECK(total(h, (rmk_ws_dim)d) == 6, "dim %d", d);
    /* categories by rank (1 the highest) */
    classes(h, RMK_DIM_CATEGORY, b, sizeof b);
    CHECK_STR(b, "strategic_partner|regular|-");
    CHECK(cell(h, RMK_DIM_CATEGORY, "strategic_partner", "regular") == 1, "A1");
    CHECK(cell(h, RMK_DIM_CATEGORY, "", "") == 5, "the unrated");
    /* stages in the ladder's order */
    classes(h, RMK_DIM_STAGE, b, sizeof b);
    CHECK_STR(b, "first_time|repeat|client|passive|former|-");
    CHECK(cell(h, RMK_DIM_STAGE, "client", "client") == 1 && cell(h, RMK_DIM_STAGE, "client", "passive") == 1 &&
              cell(h, RMK_DIM_STAGE, "passive", "former") == 1 && cell(h, RMK_DIM_STAGE, "first_time", "repeat") == 1 &&
              cell(h, RMK_DIM_STAGE, "first_time", "") == 1 && cell(h, RMK_DIM_STAGE, "", "first_time") == 1,
          "stages");
    classes(h, RMK_DIM_ABCXYZ, b, sizeof b);
    CHECK_STR(b, "AX|AY|BX|BY|CX|CZ|-");
    CHECK(cell(h, RMK_DIM_ABCXYZ, "BX", "AX") == 1 && cell(h, RMK_DIM_ABCXYZ, "AY", "BY") == 1 &&
              cell(h, RMK_DIM_ABCXYZ, "CX", "") == 1 && cell(h, RMK_DIM_ABCXYZ, "", "") == 1,
          "abcxyz");
out:
    rmk_ws_history_free(h);
    rmk_ws_close(ws);
    drop(path);
}

TEST(test_ws_history_moved_down)
{
    char path[64], err[256];
    rmk_ws *ws = seeded(path);
    rmk_ws_history *h = NULL;
    CHECK(rmk_ws_history_run(ws, 20543, 20634, NULL, &h, err, sizeof err) == RMK_OK, "%s", err);
    if (!h) goto out;
    static const struct {
        const char *id, *group;
        unsigned down;
        double clv_from;
    } want[] = {{"B2", "loyal", RMK_DOWN_STAGE | RMK_DOWN_ABC, 500},
                {"A1", "strategic_partner", RMK_DOWN_CATEGORY, 300},
                {"C3", "", RMK_DOWN_STAGE, 900},
                {"E5", "", RMK_DOWN_ABC, NAN}};
    CHECK(rmk_ws_history_down_count(h) == 4, "got %zu movers", rmk_ws_history_down_count(h));
    for (size_t i = 0; i < 4 && i < rmk_ws_history_down_count(h); i++) {
        const rmk_ws_mover *m = rmk_ws_history_down_at(h, i);
        CHECK_STR(m->customer_id, want[i].id);
        CHECK_STR(m->key_group, want[i].group);
        CHECK(m->key == (*want[i].group != 0), "%s key %d", m->customer_id, m->key);
        CHECK(m->down == want[i].down, "%s down %u", m->customer_id, m->down);
        CHECK(isnan(want[i].clv_from) ? !m->clv_known : m->clv_from == want[i].clv_from, "%s clv", m->customer_id);
    }
    /* a narrower key list: only segment loyal makes one (A1 is then not key) */
    rmk_ws_history_free(h);
    h = NULL;
    CHECK(rmk_ws_history_run(ws, RMK_NO_DATE, RMK_NO_DATE, "loyal", &h, err, sizeof err) == RMK_OK, "%s", err);
    if (h) {
        CHECK_STR(rmk_ws_history_down_at(h, 0)->customer_id, "B2");
        CHECK_STR(rmk_ws_history_down_at(h, 1)->customer_id, "C3"); /* by CLV: 900 before A1's 300 */
        CHECK(!rmk_ws_history_down_at(h, 2)->key, "A1 not key");
    }
out:
    rmk_ws_history_free(h);
    rmk_ws_close(ws);
    drop(path);
}

TEST(test_ws_history_errors_and_path)
{
    char path[64], err[256];
    rmk_ws *ws = seeded(path);
    rmk_ws_history *h = NULL;
    CHECK(rmk_ws_history_run(ws, 20600, RMK_NO_DATE, NULL, &h, err, sizeof err) == RMK_ERR_USAGE && !h,
          "unknown date");
    CHECK(strstr(err, "no snapshot as of 2026-05-27") != NULL, "%s", err);
    CHECK(rmk_ws_history_run(ws, 20634, 20543, NULL, &h, err, sizeof err) == RMK_ERR_USAGE && !h, "from after to");
    rmk_ws_path *p = NULL;
    CHECK(rmk_ws_customer_path(ws, "Z9", &p, err, sizeof err) == RMK_ERR_USAGE && !p, "unknown customer");
    CHECK(rmk_ws_customer_path(ws, "E5", &p, err, sizeof err) == RMK_OK, "%s", err);
    if (p) {
        CHECK(rmk_ws_path_count(p) == 2, "two snapshots");
        const rmk_ws_step *a = rmk_ws_path_at(p, 0), *b = rmk_ws_path_at(p, 1);
        CHECK(a->present && !strcmp(a->rfm, "311") && !strcmp(a->cls[RMK_DIM_SEGMENT], "promising") &&
                  !strcmp(a->cls[RMK_DIM_ABCXYZ], "CX") && isnan(a->clv),
              "E5 at 2026-03-31");
        CHECK(!b->present && b->as_of == 20634 && !*b->cls[RMK_DIM_STAGE], "E5 gone at 2026-06-30");
    }
    rmk_ws_path_free(p);
    rmk_ws_close(ws);
    /* one snapshot left: history compares two */
    sqlite3 *db = NULL;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA foreign_keys = ON; DELETE FROM snapshots WHERE id = 1", NULL, NULL, NULL);
    sqlite3_close(db);
    ws = NULL;
    CHECK(rmk_ws_open(path, RMK_WS_READONLY, &ws, err, sizeof err) == RMK_OK, "%s", err);
    CHECK(rmk_ws_history_run(ws, RMK_NO_DATE, RMK_NO_DATE, NULL, &h, err, sizeof err) == RMK_ERR_EMPTY && !h,
          "one snapshot");
    CHECK(strstr(err, "holds one snapshot (as of 2026-06-30)") != NULL, "%s", err);
    rmk_ws_close(ws);
    drop(path);
}

/* a new workspace's header is in the file itself while its connection is
 * still open (a kill now must leave a file ws_probe recognises): the
 * application_id at byte 68 and user_version 2 at byte 60, big-endian */
TEST(test_ws_new_header_on_disk)
{
    char path[64], err[256];
    unsigned char h[72] = {0};
    snprintf(path, sizeof path, "/tmp/relmark-hdr-XXXXXX");
    close(mkstemp(path));
    unlink(path);
    rmk_ws *ws = NULL;
    CHECK(rmk_ws_open(path, 0, &ws, err, sizeof err) == RMK_OK, "%s", err);
    FILE *f = fopen(path, "rb");
    CHECK(f && fread(h, 1, sizeof h, f) == sizeof h, "the file's header");
    if (f) fclose(f);
    CHECK(h[60] == 0 && h[61] == 0 && h[62] == 0 && h[63] == 2, "user_version %u", h[63]);
    CHECK(!memcmp(h + 68, "RMKW", 4), "application_id %02x%02x%02x%02x", h[68], h[69], h[70], h[71]);
    rmk_ws_close(ws);
    drop(path);
}
