/* SPDX-License-Identifier: MIT */
/* segmap.c — segment maps: INI files (inih) naming groups of RFM cells.
 * A map is checked when loaded: every cell of the bins^3 cube must fall in
 * exactly one segment, so no customer is left unnamed or named twice. */
#include "relmark.h"
#include "errmsg.h"
#include "inisrc.h"
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char rmk_segmap_ten_ini[];
extern const char rmk_segmap_relationship_ini[];

#define SEG_MAX 64

typedef struct segment {
    char key[64];
    char name[2][128];   /* [0] English, [1] Russian */
    char action[2][256];
    unsigned char allow[3][10]; /* [axis r/f/m][score] */
    unsigned char set[3];       /* axis given in the file */
    int line;
} segment;

struct rmk_segmap {
    int bins, n;
    segment seg[SEG_MAX];
    signed char *cell; /* bins^3 -> segment index */
    char title[2][128];
};

typedef struct parse_ctx {
    ini_src src;       /* first: inih's stream */
    rmk_segmap *m;
    char last_key[64], last_section[80]; /* for indented continuation lines */
} parse_ctx;

int rmk_segmap_count(const rmk_segmap *m) { return m ? m->n : 0; }
int rmk_segmap_bins(const rmk_segmap *m) { return m ? m->bins : 0; }
const char *rmk_segmap_key(const rmk_segmap *m, int s)
{
    return m && s >= 0 && s < m->n ? m->seg[s].key : "";
}
static int lang_index(const char *lang) { return lang && strcmp(lang, "ru") == 0; }
const char *rmk_segmap_name(const rmk_segmap *m, int s, const char *lang)
{
    if (!m || s < 0 || s >= m->n) return "";
    const segment *g = &m->seg[s];
    int l = lang_index(lang);
    return g->name[l][0] ? g->name[l] : g->name[0];
}
const char *rmk_segmap_action(const rmk_segmap *m, int s, const char *lang)
{
    if (!m || s < 0 || s >= m->n) return "";
    const segment *g = &m->seg[s];
    int l = lang_index(lang);
    return g->action[l][0] ? g->action[l] : g->action[0];
}
const char *rmk_segmap_title(const rmk_segmap *m, const char *lang)
{
    int l = lang_index(lang);
    return m->title[l][0] ? m->title[l] : m->title[0];
}

int rmk_segmap_lookup(const rmk_segmap *m, int r, int f, int mon)
{
    int b = m->bins;
    if (r < 1 || r > b || f < 1 || f > b || mon < 1 || mon > b) return -1;
    return m->cell[(r - 1) * b * b + (f - 1) * b + (mon - 1)];
}

void rmk_segmap_free(rmk_segmap *m)
{
    if (!m) return;
    free(m->cell);
    free(m);
}


/* "5", "4-5", "1,3-4", "*": sets allow[1..bins]. Returns 0 or -1. */
static int parse_scores(const char *v, unsigned char *allow, int bins)
{
    memset(allow, 0, 10);
    if (strcmp(v, "*") == 0 || strcmp(v, "any") == 0) {
        for (int s = 1; s <= bins; s++) allow[s] = 1;
        return 0;
    }
    const char *p = v;
    int any = 0;
    while (*p) {
        while (*p == ' ') p++;
        if (*p < '1' || *p > '9') return -1;
        int lo = *p++ - '0', hi = lo;
        while (*p == ' ') p++;
        if (*p == '-' || (unsigned char)*p == 0xE2) { /* '-' or an en dash */
            if ((unsigned char)*p == 0xE2) {
                if ((unsigned char)p[1] != 0x80 || (unsigned char)p[2] != 0x93) return -1;
                p += 3;
            } else {
                p++;
            }
            while (*p == ' ') p++;
            if (*p < '1' || *p > '9') return -1;
            hi = *p++ - '0';
        }
        if (lo > hi || hi > bins) return -1;
        for (int s = lo; s <= hi; s++) allow[s] = 1;
        any = 1;
        while (*p == ' ') p++;
        if (*p == ',') p++;
        else if (*p) return -1;
    }
    return any ? 0 : -1;
}

/* "FILE:LINE: name in [S] is longer than N bytes": 0, inih's error */
static int too_long(parse_ctx *c, const char *key, const char *section, size_t cap)
{
    snprintf(c->src.err, sizeof c->src.err, "%s:%d: %s in [%s] is longer than %zu bytes", c->src.name,
             c->src.line, key, section, cap - 1);
    return 0;
}

static int handler(void *user, const char *section, const char *key, const char *value)
{
    parse_ctx *c = user;
    rmk_segmap *m = c->m;
    if (c->src.err[0]) return 0;
    if (strcmp(section, "map") == 0) {
        char *t = !strcmp(key, "name") ? m->title[0] : !strcmp(key, "name_ru") ? m->title[1] : NULL;
        if (t && strlen(value) >= sizeof m->title[0]) return too_long(c, key, section, sizeof m->title[0]);
        if (t) snprintf(t, sizeof m->title[0], "%s", value);
        else if (strcmp(key, "description") && strcmp(key, "description_ru")) {
            snprintf(c->src.err, sizeof c->src.err, "%s:%d: unknown key '%s' in [map]", c->src.name, c->src.line, key);
            return 0;
        }
        return 1;
    }
    segment *g = NULL;
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->seg[i].key, section) == 0) g = &m->seg[i];
    if (!g) {
        if (m->n == SEG_MAX) {
            snprintf(c->src.err, sizeof c->src.err, "%s:%d: more than %d segments", c->src.name, c->src.line, SEG_MAX);
            return 0;
        }
        if (strlen(section) >= sizeof g->key) {
            snprintf(c->src.err, sizeof c->src.err, "%s:%d: section name too long", c->src.name, c->src.line);
            return 0;
        }
        g = &m->seg[m->n++];
        memset(g, 0, sizeof *g);
        snprintf(g->key, sizeof g->key, "%s", section);
        g->line = c->src.section_line ? c->src.section_line : c->src.line;
    }
    int axis = !strcmp(key, "r") ? 0 : !strcmp(key, "f") ? 1 : !strcmp(key, "m") ? 2 : -1;
    if (axis >= 0) {
        if (g->set[axis]) {
            snprintf(c->src.err, sizeof c->src.err, "%s:%d: '%s' given twice in [%s]", c->src.name, c->src.line, key, section);
            return 0;
        }
        if (parse_scores(value, g->allow[axis], m->bins)) {
            snprintf(c->src.err, sizeof c->src.err,
                     "%s:%d: %s = %s: expected scores 1-%d as 5, 4-5 or 1,3-4", c->src.name,
                     c->src.line, key, value, m->bins);
            return 0;
        }
        g->set[axis] = 1;
        return 1;
    }
    char *dst = NULL;
    size_t cap = 0;
    if (!strcmp(key, "name")) dst = g->name[0], cap = sizeof g->name[0];
    else if (!strcmp(key, "name_ru")) dst = g->name[1], cap = sizeof g->name[1];
    else if (!strcmp(key, "action")) dst = g->action[0], cap = sizeof g->action[0];
    else if (!strcmp(key, "action_ru")) dst = g->action[1], cap = sizeof g->action[1];
    if (!dst) {
        snprintf(c->src.err, sizeof c->src.err,
                 "%s:%d: unknown key '%s' in [%s] (expected name, name_ru, r, f, m, action, action_ru)",
                 c->src.name, c->src.line, key, section);
        return 0;
    }
    /* an indented line goes on with the previous key's text; a text longer
     * than its room is refused, never cut (a cut could split a letter) */
    size_t used = strlen(dst);
    if (c->src.continuation && used && !strcmp(key, c->last_key) && !strcmp(section, c->last_section)) {
        if (used + 1 + strlen(value) >= cap) return too_long(c, key, section, cap);
        dst[used] = ' ';
        snprintf(dst + used + 1, cap - used - 1, "%s", value);
    } else {
        if (strlen(value) >= cap) return too_long(c, key, section, cap);
        snprintf(dst, cap, "%s", value);
    }
    snprintf(c->last_key, sizeof c->last_key, "%s", key);
    snprintf(c->last_section, sizeof c->last_section, "%s", section);
    return 1;
}

static void cell_label(const rmk_segmap *m, int cell, int with_m, char *buf, size_t cap)
{
    int b = m->bins;
    int r = cell / (b * b) + 1, f = cell / b % b + 1, mm = cell % b + 1;
    if (with_m) snprintf(buf, cap, "R%d F%d M%d", r, f, mm);
    else snprintf(buf, cap, "R%d F%d", r, f);
}

static rmk_status check_cells(rmk_segmap *m, parse_ctx *c)
{
    int b = m->bins, ncell = b * b * b;
    int with_m = 0;
    m->cell = malloc((size_t)ncell);
    if (!m->cell) return RMK_ERR_NOMEM;
    memset(m->cell, -1, (size_t)ncell);
    for (int i = 0; i < m->n; i++) {
        segment *g = &m->seg[i];
        if (!g->name[0][0]) {
            snprintf(c->src.err, sizeof c->src.err, "%s:%d: segment [%s] has no name", c->src.name, g->line, g->key);
            return RMK_ERR_CONFIG;
        }
        for (int a = 0; a < 3; a++)
            if (!g->set[a])
                for (int s = 1; s <= b; s++) g->allow[a][s] = 1;
        with_m |= g->set[2];
    }
    for (int i = 0; i < m->n; i++) {
        segment *g = &m->seg[i];
        for (int cell = 0; cell < ncell; cell++) {
            int r = cell / (b * b) + 1, f = cell / b % b + 1, mm = cell % b + 1;
            if (!(g->allow[0][r] && g->allow[1][f] && g->allow[2][mm])) continue;
            if (m->cell[cell] >= 0) {
                char lab[64];
                cell_label(m, cell, with_m, lab, sizeof lab);
                snprintf(c->src.err, sizeof c->src.err, "%s:%d: segment [%s] overlaps [%s] at %s", c->src.name,
                         g->line, g->key, m->seg[m->cell[cell]].key, lab);
                return RMK_ERR_CONFIG;
            }
            m->cell[cell] = (signed char)i;
        }
    }
    int missing = 0;
    char list[256] = "";
    size_t used = 0;
    for (int cell = 0; cell < ncell; cell++) {
        if (m->cell[cell] >= 0) continue;
        if (!with_m && cell % b != 0) continue; /* report R-F cells once */
        if (missing++ < 8) {
            char lab[64];
            cell_label(m, cell, with_m, lab, sizeof lab);
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", lab);
            if (used >= sizeof list) used = sizeof list - 1;
        }
    }
    if (missing) {
        snprintf(c->src.err, sizeof c->src.err, "%s: %d cell%s not covered by any segment: %s%s", c->src.name,
                 missing, missing > 1 ? "s" : "", list, missing > 8 ? ", ..." : "");
        return RMK_ERR_CONFIG;
    }
    return RMK_OK;
}

rmk_segmap *rmk_segmap_parse(const char *text, size_t len, const char *name, int bins,
                             rmk_status *st, char *err, size_t errlen)
{
    *st = RMK_OK;
    if (bins < 2 || bins > 9) {
        *st = RMK_ERR_USAGE;
        snprintf(err, errlen, "bins must be 2..9, got %d", bins);
        return NULL;
    }
    rmk_segmap *m = calloc(1, sizeof *m);
    parse_ctx *c = calloc(1, sizeof *c);
    if (!m || !c) {
        free(m);
        free(c);
        *st = RMK_ERR_NOMEM;
        rmk_nomem(err, errlen);
        return NULL;
    }
    m->bins = bins;
    c->m = m;
    c->src.name = name;
    c->src.text = text;
    c->src.len = len;
    ini_src_parse(&c->src, handler, c);
    if (!c->src.err[0] && m->n == 0) snprintf(c->src.err, sizeof c->src.err, "%s: no segments", name);
    rmk_status cs = RMK_OK;
    if (!c->src.err[0]) cs = check_cells(m, c);
    if (c->src.err[0] || cs) {
        *st = cs == RMK_ERR_NOMEM ? RMK_ERR_NOMEM : RMK_ERR_CONFIG;
        snprintf(err, errlen, "%s", c->src.err[0] ? c->src.err : "out of memory");
        free(c);
        rmk_segmap_free(m);
        return NULL;
    }
    free(c);
    return m;
}

rmk_segmap *rmk_segmap_load(const char *path, int bins, rmk_status *st, char *err,
                            size_t errlen)
{
    size_t len;
    char *buf = ini_file_read(path, &len, st, err, errlen);
    if (!buf) return NULL;
    rmk_segmap *m = rmk_segmap_parse(buf, len, path, bins, st, err, errlen);
    free(buf);
    return m;
}

rmk_segmap *rmk_segmap_builtin_new(rmk_segmap_builtin which, rmk_status *st, char *err,
                                   size_t errlen)
{
    const char *t = which == RMK_SEGMAP_RELATIONSHIP ? rmk_segmap_relationship_ini : rmk_segmap_ten_ini;
    const char *n = which == RMK_SEGMAP_RELATIONSHIP ? "relationship.ini" : "rfm10.ini";
    return rmk_segmap_parse(t, strlen(t), n, 5, st, err, errlen);
}
