/* SPDX-License-Identifier: MIT */
/* survey_questionnaire.c — the questionnaire of the relationship-quality
 * survey (lecture §4 "Evaluating the effectiveness of relationships"; SPEC
 * §3.8): parsed from INI, every key checked with file:line, then the checks
 * a questionnaire must pass as a whole (docs/survey.md). */
#include "survey.h"
#include "errmsg.h"
#include "inisrc.h"
#include "parse.h"
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char rmk_survey_default_ini[];

#define SCALE_LIMIT 1000   /* |min|, |max| of the answer scale */

/* Output columns of the per-client rows: no component may take their names. */
static const char *const reserved_components[] = {"customer_id", "overall", "weak", "weak_in",
                                                  "respondents", NULL};

/* ------------------------------------------------------ the questionnaire */

static int lang_ix(const char *lang) { return lang && strcmp(lang, "ru") == 0; }

void rmk_questionnaire_free(rmk_questionnaire *q) { free(q); }
const char *rmk_questionnaire_title(const rmk_questionnaire *q, const char *lang)
{
    int l = lang_ix(lang);
    return q->title[l][0] ? q->title[l] : q->title[0];
}
int rmk_questionnaire_scale_min(const rmk_questionnaire *q) { return q->min; }
int rmk_questionnaire_scale_max(const rmk_questionnaire *q) { return q->max; }
double rmk_questionnaire_weak_overall(const rmk_questionnaire *q) { return q->weak_overall; }
double rmk_questionnaire_weak_component(const rmk_questionnaire *q) { return q->weak_component; }
int rmk_questionnaire_component_count(const rmk_questionnaire *q) { return q->ncomp; }
static int comp_ok(const rmk_questionnaire *q, int c) { return c >= 0 && c < q->ncomp; }
static int item_ok(const rmk_questionnaire *q, int i) { return i >= 0 && i < q->nitem; }
const char *rmk_questionnaire_component_key(const rmk_questionnaire *q, int c)
{
    return comp_ok(q, c) ? q->comp[c].key : "";
}
const char *rmk_questionnaire_component_name(const rmk_questionnaire *q, int c, const char *lang)
{
    if (!comp_ok(q, c)) return "";
    const sv_component *k = &q->comp[c];
    int l = lang_ix(lang);
    return k->name[l][0] ? k->name[l] : k->name[0][0] ? k->name[0] : k->key;
}
const char *rmk_questionnaire_component_label(const rmk_questionnaire *q, int c, const char *lang)
{
    if (!comp_ok(q, c)) return "";
    const sv_component *k = &q->comp[c];
    int l = lang_ix(lang);
    return k->label[l][0] ? k->label[l] : k->label[0][0] ? k->label[0] : k->key;
}
double rmk_questionnaire_component_weight(const rmk_questionnaire *q, int c)
{
    return comp_ok(q, c) ? q->comp[c].weight : 0;
}
int rmk_questionnaire_component_items(const rmk_questionnaire *q, int c)
{
    return comp_ok(q, c) ? q->comp[c].nitems : 0;
}
int rmk_questionnaire_component_item(const rmk_questionnaire *q, int c, int j)
{
    return comp_ok(q, c) && j >= 0 && j < q->comp[c].nitems ? q->comp[c].item[j] : -1;
}
int rmk_questionnaire_item_count(const rmk_questionnaire *q) { return q->nitem; }
const char *rmk_questionnaire_item_key(const rmk_questionnaire *q, int i)
{
    return item_ok(q, i) ? q->item[i].key : "";
}
const char *rmk_questionnaire_item_text(const rmk_questionnaire *q, int i, const char *lang)
{
    if (!item_ok(q, i)) return "";
    const sv_item *t = &q->item[i];
    int l = lang_ix(lang);
    return t->text[l][0] ? t->text[l] : t->text[0][0] ? t->text[0] : t->key;
}
int rmk_questionnaire_item_component(const rmk_questionnaire *q, int i)
{
    return item_ok(q, i) ? q->item[i].component : -1;
}
int rmk_questionnaire_item_reverse(const rmk_questionnaire *q, int i)
{
    return item_ok(q, i) ? q->item[i].reverse : 0;
}

int survey_item_index(const rmk_questionnaire *q, const char *key)
{
    for (int i = 0; i < q->nitem; i++)
        if (!strcmp(q->item[i].key, key)) return i;
    return -1;
}

int rmk_questionnaire_item_find(const rmk_questionnaire *q, const char *key, size_t len)
{
    char norm[128];
    header_normalise(key, len, norm, sizeof norm);
    return survey_item_index(q, norm);
}

typedef struct parse_ctx {
    ini_src src; /* first: inih's stream */
    rmk_questionnaire *q;
    char last_key[64], last_section[80];
} parse_ctx;

/* An error at a line: the current one (fail), or the section header's
 * (fail_section: the header is what is wrong). Returns 0 (stop inih). */
static int fail_line(parse_ctx *c, int line, const char *fmt, va_list ap)
{
    char what[400];
    vsnprintf(what, sizeof what, fmt, ap);
    snprintf(c->src.err, sizeof c->src.err, "%s:%d: %s", c->src.name, line, what);
    return 0;
}
static int fail(parse_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(parse_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_line(c, c->src.line, fmt, ap);
    va_end(ap);
    return 0;
}
static int fail_section(parse_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail_section(parse_ctx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_line(c, c->src.section_line, fmt, ap);
    va_end(ap);
    return 0;
}

static int valid_key(const char *k)
{
    size_t n = strlen(k);
    if (n == 0 || n > KEY_MAX) return 0;
    for (size_t i = 0; i < n; i++)
        if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
            return 0;
    return 1;
}

static int parse_int(const char *v, int lo, int hi, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (*v == 0 || *end || x < lo || x > hi) return -1;
    *out = (int)x;
    return 0;
}

/* A number lo..hi with '.' for decimals. */
static int parse_num(const char *v, double lo, double hi, double *out)
{
    char *end;
    double x = strtod(v, &end);
    if (*v == 0 || *end || !(x >= lo && x <= hi)) return -1;
    for (const char *p = v; *p; p++) /* no hex, inf, nan, exponents */
        if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '+')) return -1;
    *out = x;
    return 0;
}

static int parse_bool(const char *v, int *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1", "да", NULL};
    static const char *const no[] = {"false", "no", "off", "0", "нет", NULL};
    for (int i = 0; yes[i]; i++)
        if (!strcmp(v, yes[i])) return *out = 1, 0;
    for (int i = 0; no[i]; i++)
        if (!strcmp(v, no[i])) return *out = 0, 0;
    return -1;
}

/* A text key: set, or go on over an indented line (cont). */
static int text_key(parse_ctx *c, char *dst, size_t cap, const char *value, int cont,
                    const char *key, const char *section)
{
    size_t used = strlen(dst);
    if (cont && used) {
        if (used + 1 + strlen(value) >= cap)
            return fail(c, "'%s' in [%s] is longer than %zu bytes", key, section, cap - 1);
        dst[used] = ' ';
        memcpy(dst + used + 1, value, strlen(value) + 1);
        return 1;
    }
    if (used) return fail(c, "'%s' given twice in [%s]", key, section);
    if (strlen(value) >= cap)
        return fail(c, "'%s' in [%s] is longer than %zu bytes", key, section, cap - 1);
    memcpy(dst, value, strlen(value) + 1);
    return 1;
}

/* text_key() into a char array field */
#define TEXT_KEY(dst) text_key(c, (dst), sizeof(dst), value, cont, key, section)

static int component_keys(parse_ctx *c, const char *section, const char *key, const char *value,
                          int cont)
{
    rmk_questionnaire *q = c->q;
    const char *ck = section + 10;
    sv_component *k = NULL;
    for (int i = 0; i < q->ncomp; i++)
        if (!strcmp(q->comp[i].key, ck)) k = &q->comp[i];
    if (!k) {
        if (!valid_key(ck))
            return fail_section(c, "[%s]: expected a key of a-z, 0-9 and _ (at most %d bytes)",
                                section, KEY_MAX);
        for (int r = 0; reserved_components[r]; r++)
            if (!strcmp(ck, reserved_components[r]))
                return fail_section(c, "[%s]: '%s' is an output column; choose another key",
                                    section, ck);
        if (q->ncomp == RMK_SURVEY_MAX_COMPONENTS)
            return fail_section(c, "more than %d components", RMK_SURVEY_MAX_COMPONENTS);
        k = &q->comp[q->ncomp++];
        memcpy(k->key, ck, strlen(ck) + 1);
        k->weight = 1;
        k->line = c->src.section_line;
    }
    if (!strcmp(key, "name")) return TEXT_KEY(k->name[0]);
    if (!strcmp(key, "name_ru")) return TEXT_KEY(k->name[1]);
    if (!strcmp(key, "label")) return TEXT_KEY(k->label[0]);
    if (!strcmp(key, "label_ru")) return TEXT_KEY(k->label[1]);
    if (!strcmp(key, "items")) {
        if (!cont) {
            if (k->has_items) return fail(c, "'items' given twice in [%s]", section);
            k->has_items = 1;
            k->items_line = c->src.line;
        }
        return text_key(c, k->items_text, sizeof k->items_text, value, cont, key, section);
    }
    if (!strcmp(key, "weight")) {
        if (cont || k->has_weight) return fail(c, "'weight' given twice in [%s]", section);
        if (parse_num(value, 0, 1000, &k->weight))
            return fail(c, "weight = %s: expected a number 0..1000", value);
        k->has_weight = 1;
        return 1;
    }
    return fail(c, "unknown key '%s' in [%s] (expected name, name_ru, label, label_ru, items, weight)",
                key, section);
}

static int item_keys(parse_ctx *c, const char *section, const char *key, const char *value, int cont)
{
    rmk_questionnaire *q = c->q;
    const char *ik = section + 5;
    int i = survey_item_index(q, ik);
    if (i < 0) {
        if (!valid_key(ik))
            return fail_section(c, "[%s]: expected a key of a-z, 0-9 and _ (at most %d bytes)",
                                section, KEY_MAX);
        if (survey_answers_column(ik))
            return fail_section(c, "[%s]: '%s' names a column of the answers file; choose another key",
                                section, ik);
        if (q->nitem == RMK_SURVEY_MAX_ITEMS)
            return fail_section(c, "more than %d items", RMK_SURVEY_MAX_ITEMS);
        i = q->nitem++;
        memcpy(q->item[i].key, ik, strlen(ik) + 1);
        q->item[i].component = -1;
        q->item[i].line = c->src.section_line;
    }
    sv_item *t = &q->item[i];
    if (!strcmp(key, "text")) return TEXT_KEY(t->text[0]);
    if (!strcmp(key, "text_ru")) return TEXT_KEY(t->text[1]);
    if (!strcmp(key, "reverse")) {
        if (cont || t->has_reverse) return fail(c, "'reverse' given twice in [%s]", section);
        if (parse_bool(value, &t->reverse))
            return fail(c, "reverse = %s: expected true or false", value);
        t->has_reverse = 1;
        return 1;
    }
    return fail(c, "unknown key '%s' in [%s] (expected text, text_ru, reverse)", key, section);
}

static int handler(void *user, const char *section, const char *key, const char *value)
{
    parse_ctx *c = user;
    rmk_questionnaire *q = c->q;
    if (c->src.err[0]) return 0;
    /* an indented line goes on with the previous key's text */
    int cont = c->src.continuation && !strcmp(key, c->last_key) && !strcmp(section, c->last_section);
    snprintf(c->last_key, sizeof c->last_key, "%s", key);
    snprintf(c->last_section, sizeof c->last_section, "%s", section);
    if (!strcmp(section, "survey")) {
        if (!strcmp(key, "name")) return TEXT_KEY(q->title[0]);
        if (!strcmp(key, "name_ru")) return TEXT_KEY(q->title[1]);
        return fail(c, "unknown key '%s' in [survey] (expected name, name_ru)", key);
    }
    if (!strcmp(section, "scale")) {
        int is_min = !strcmp(key, "min");
        if (!is_min && strcmp(key, "max"))
            return fail(c, "unknown key '%s' in [scale] (expected min, max)", key);
        int *has = is_min ? &q->has_min : &q->has_max;
        if (cont || *has) return fail(c, "'%s' given twice in [scale]", key);
        if (parse_int(value, -SCALE_LIMIT, SCALE_LIMIT, is_min ? &q->min : &q->max))
            return fail(c, "%s = %s: expected a whole number %d..%d", key, value, -SCALE_LIMIT,
                        SCALE_LIMIT);
        *has = 1;
        q->scale_line = c->src.line;
        return 1;
    }
    if (!strcmp(section, "weak")) {
        int is_overall = !strcmp(key, "overall");
        if (!is_overall && strcmp(key, "component"))
            return fail(c, "unknown key '%s' in [weak] (expected overall, component)", key);
        int *has = is_overall ? &q->has_weak_overall : &q->has_weak_component;
        if (cont || *has) return fail(c, "'%s' given twice in [weak]", key);
        if (parse_num(value, 0, 100, is_overall ? &q->weak_overall : &q->weak_component))
            return fail(c, "%s = %s: expected index points 0..100", key, value);
        *has = 1;
        return 1;
    }
    if (!strncmp(section, "component ", 10)) return component_keys(c, section, key, value, cont);
    if (!strncmp(section, "item ", 5)) return item_keys(c, section, key, value, cont);
    return fail_section(c, "unknown section [%s] (expected survey, scale, weak, component KEY, "
                           "item KEY)", section);
}

/* The checks a questionnaire must pass, each with its line. */
static void check(parse_ctx *c)
{
    rmk_questionnaire *q = c->q;
    char *e = c->src.err;
    size_t el = sizeof c->src.err;
    const char *name = c->src.name;
    if (!q->has_min || !q->has_max) {
        snprintf(e, el, "%s: [scale] needs min and max (the answer scale, e.g. min = 1, max = 5)", name);
        return;
    }
    if (q->min >= q->max) {
        snprintf(e, el, "%s:%d: [scale] min = %d is not below max = %d", name, q->scale_line,
                 q->min, q->max);
        return;
    }
    if (q->ncomp == 0) {
        snprintf(e, el, "%s: no [component KEY] sections", name);
        return;
    }
    double weights = 0;
    for (int ci = 0; ci < q->ncomp; ci++) {
        sv_component *k = &q->comp[ci];
        if (!k->has_items) {
            snprintf(e, el, "%s:%d: [component %s] has no items (items = KEY, KEY, ...)", name,
                     k->line, k->key);
            return;
        }
        const char *p = k->items_text;
        while (*p) {
            while (*p == ',' || *p == ' ' || *p == '\t') p++;
            if (!*p) break;
            size_t n = strcspn(p, ", \t");
            char tok[KEY_MAX + 2];
            snprintf(tok, sizeof tok, "%.*s", (int)(n > KEY_MAX ? KEY_MAX + 1 : n), p);
            int i = n <= KEY_MAX ? survey_item_index(q, tok) : -1;
            if (i < 0) {
                int shown = (int)(n > 40 ? 40 : n);
                snprintf(e, el, "%s:%d: [component %s] lists unknown item '%.*s' (define it in an "
                                "[item %.*s] section)",
                         name, k->items_line, k->key, shown, p, shown, p);
                return;
            }
            if (q->item[i].component == ci) {
                snprintf(e, el, "%s:%d: [component %s] lists item '%s' twice", name, k->items_line,
                         k->key, tok);
                return;
            }
            if (q->item[i].component >= 0) {
                snprintf(e, el, "%s:%d: item '%s' is in [component %s] and in [component %s]", name,
                         k->items_line, tok, q->comp[q->item[i].component].key, k->key);
                return;
            }
            q->item[i].component = ci;
            k->item[k->nitems++] = i;
            p += n;
        }
        if (k->nitems == 0) {
            snprintf(e, el, "%s:%d: [component %s] has no items", name, k->items_line, k->key);
            return;
        }
        weights += k->weight;
    }
    for (int i = 0; i < q->nitem; i++)
        if (q->item[i].component < 0) {
            snprintf(e, el, "%s:%d: [item %s] is in no component (list it in a component's items)",
                     name, q->item[i].line, q->item[i].key);
            return;
        }
    if (!(weights > 0)) snprintf(e, el, "%s: every component has weight 0", name);
}

rmk_questionnaire *rmk_questionnaire_parse(const char *text, size_t len, const char *name,
                                           rmk_status *st, char *err, size_t errlen)
{
    *st = RMK_OK;
    rmk_questionnaire *q = calloc(1, sizeof *q);
    parse_ctx *c = calloc(1, sizeof *c);
    if (!q || !c) {
        free(q);
        free(c);
        *st = RMK_ERR_NOMEM;
        rmk_nomem(err, errlen);
        return NULL;
    }
    q->weak_overall = 50;
    q->weak_component = 40;
    c->q = q;
    c->src.name = name;
    c->src.text = text;
    c->src.len = len;
    ini_src_parse(&c->src, handler, c);
    if (!c->src.err[0]) check(c);
    if (c->src.err[0]) {
        *st = RMK_ERR_CONFIG;
        snprintf(err, errlen, "%s", c->src.err);
        free(c);
        free(q);
        return NULL;
    }
    free(c);
    return q;
}

rmk_questionnaire *rmk_questionnaire_load(const char *path, rmk_status *st, char *err, size_t errlen)
{
    size_t len;
    char *buf = ini_file_read(path, &len, st, err, errlen);
    if (!buf) return NULL;
    rmk_questionnaire *q = rmk_questionnaire_parse(buf, len, path, st, err, errlen);
    free(buf);
    return q;
}

rmk_questionnaire *rmk_questionnaire_default(rmk_status *st, char *err, size_t errlen)
{
    return rmk_questionnaire_parse(rmk_survey_default_ini, strlen(rmk_survey_default_ini),
                                   "questionnaire.ini", st, err, errlen);
}
