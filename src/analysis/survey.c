/* survey.c — the relationship-quality survey (lecture §4 "Evaluating the
 * effectiveness of relationships"; SPEC §3.8): the questionnaire (INI,
 * checked with file:line), the answers file (long or wide, every cell
 * checked with file:line:column), the component indices 0..100, the
 * overall index, the weak flags and Cronbach's alpha (docs/survey.md). */
#include "relmark.h"
#include "csv.h"
#include "inisrc.h"
#include "parse.h"
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char rmk_survey_default_ini[];

#define KEY_MAX 32         /* bytes in a component or item key */
#define TEXT_MAX 640       /* an item's text, per language */
#define NAME_MAX_ 192      /* a title or a component name */
#define LABEL_MAX 48       /* a component's short label */
#define ITEMS_TEXT_MAX 4096
#define SCALE_LIMIT 1000   /* |min|, |max| of the answer scale */
#define MISSING INT16_MIN  /* an empty answer cell */
#define DROPPED (INT16_MIN + 1) /* a repeated answer skipped under skip_bad */
#define EPS 1e-9           /* index points: "below a threshold" ignores float noise */

typedef struct sv_item {
    char key[KEY_MAX + 1];
    char text[2][TEXT_MAX];
    int reverse, has_reverse;
    int component; /* -1 until a component lists it */
    int line;      /* of its [item KEY] header */
} sv_item;

typedef struct sv_component {
    char key[KEY_MAX + 1];
    char name[2][NAME_MAX_];
    char label[2][LABEL_MAX];
    double weight;
    int has_weight, has_items, items_line, line;
    char items_text[ITEMS_TEXT_MAX];
    int nitems;
    int item[RMK_SURVEY_MAX_ITEMS];
} sv_component;

struct rmk_questionnaire {
    char title[2][NAME_MAX_];
    int min, max, has_min, has_max, scale_line;
    double weak_overall, weak_component;
    int has_weak_overall, has_weak_component;
    int ncomp, nitem;
    sv_component comp[RMK_SURVEY_MAX_COMPONENTS];
    sv_item item[RMK_SURVEY_MAX_ITEMS];
};

/* The answers file's columns other than the items, by header_normalise()d
 * name, English and Russian; for each role the first synonym some header
 * has wins. No item key may be one of these. */
enum { C_ID, C_RESP, C_DATE, C_ITEM, C_ANSWER, C_COUNT };
static const char *const syn[C_COUNT][24] = {
    {"customer_id", "customer", "customerid", "customer_no", "customer_code", "client_id",
     "client", "clientid", "client_code", "buyer", "buyer_id", "клиент", "код_клиента",
     "id_клиента", "контрагент", "код_контрагента", "покупатель", "код_покупателя", "id", NULL},
    {"respondent", "respondent_id", "respondent_name", "contact", "contact_person", "person",
     "респондент", "контакт", "контактное_лицо", "фио", NULL},
    {"date", "survey_date", "response_date", "answer_date", "timestamp", "дата", "дата_опроса",
     "дата_ответа", NULL},
    {"item", "item_key", "question", "question_id", "вопрос", "код_вопроса", "пункт",
     "утверждение", NULL},
    {"answer", "score", "value", "rating", "response", "ответ", "оценка", "балл", "значение",
     NULL},
};
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

static int find_exact(const rmk_questionnaire *q, const char *key)
{
    for (int i = 0; i < q->nitem; i++)
        if (!strcmp(q->item[i].key, key)) return i;
    return -1;
}

int rmk_questionnaire_item_find(const rmk_questionnaire *q, const char *key, size_t len)
{
    char norm[128];
    header_normalise(key, len, norm, sizeof norm);
    return find_exact(q, norm);
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

static int reserved_item(const char *key)
{
    for (int r = 0; r < C_COUNT; r++)
        for (int k = 0; syn[r][k]; k++)
            if (!strcmp(key, syn[r][k])) return 1;
    return 0;
}

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
    int i = find_exact(q, ik);
    if (i < 0) {
        if (!valid_key(ik))
            return fail_section(c, "[%s]: expected a key of a-z, 0-9 and _ (at most %d bytes)",
                                section, KEY_MAX);
        if (reserved_item(ik))
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
            int i = n <= KEY_MAX ? find_exact(q, tok) : -1;
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
        snprintf(err, errlen, "out of memory");
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

/* ------------------------------------------------------------ the answers */

/* One answer cell while reading (or a placeholder, item -1, for a wide row
 * without any answer). Offsets into the arena until it is complete. */
typedef struct sv_row {
    union { size_t off; const char *p; } id, resp;
    size_t id_len, resp_len;
    uint64_t seq;  /* wide: the row's line (each row one response); long: 0 */
    uint64_t line;
    int32_t day;   /* RMK_NO_DATE: undated */
    int16_t item;  /* -1: placeholder */
    int16_t value; /* MISSING: empty cell */
    uint32_t col;  /* 1-based column of the item (long) or the cell (wide) */
} sv_row;

typedef struct reader {
    sv_row *r;
    size_t n, cap;
    char *arena;
    size_t used, acap;
    size_t last_id_off, last_id_len, last_resp_off, last_resp_len; /* len 0 = none */
    uint64_t first_error_line;
    rmk_survey_stats st;
} reader;

struct rmk_survey {
    const rmk_questionnaire *q;
    rmk_survey_client *c;
    size_t nc;
    double *index;   /* nc x ncomp */
    char *arena;     /* the ids */
    rmk_survey_summary sum[RMK_SURVEY_MAX_COMPONENTS + 1];
    double weak_overall, weak_component;
    rmk_survey_stats st;
};

void rmk_survey_opts_init(rmk_survey_opts *o)
{
    o->as_of = RMK_NO_DATE;
    o->weak_overall = -1;
    o->weak_component = -1;
}

void rmk_survey_free(rmk_survey *s)
{
    if (!s) return;
    free(s->c);
    free(s->index);
    free(s->arena);
    free(s);
}

const rmk_questionnaire *rmk_survey_questionnaire(const rmk_survey *s) { return s->q; }
size_t rmk_survey_count(const rmk_survey *s) { return s ? s->nc : 0; }
const rmk_survey_client *rmk_survey_at(const rmk_survey *s, size_t i)
{
    return s && i < s->nc ? &s->c[i] : NULL;
}
int rmk_survey_summary_get(const rmk_survey *s, int c, rmk_survey_summary *out)
{
    if (!s || c < 0 || c > s->q->ncomp) return 0;
    *out = s->sum[c];
    return 1;
}
double rmk_survey_weak_overall(const rmk_survey *s) { return s->weak_overall; }
double rmk_survey_weak_component(const rmk_survey *s) { return s->weak_component; }
void rmk_survey_get_stats(const rmk_survey *s, rmk_survey_stats *st)
{
    if (s) *st = s->st;
    else memset(st, 0, sizeof *st);
}



/* Keep a string in the arena (the last one is shared by a run of rows);
 * its offset, or SIZE_MAX out of memory. */
static size_t keep(reader *rd, const char *s, size_t len, size_t *last_off, size_t *last_len)
{
    if (*last_len == len + 1 && memcmp(rd->arena + *last_off, s, len) == 0) return *last_off;
    if (rd->acap - rd->used < len + 1) {
        size_t cap = rd->acap ? rd->acap : 4096;
        while (cap - rd->used < len + 1) {
            if (cap > SIZE_MAX / 2) return SIZE_MAX;
            cap *= 2;
        }
        char *a = realloc(rd->arena, cap);
        if (!a) return SIZE_MAX;
        rd->arena = a;
        rd->acap = cap;
    }
    size_t off = rd->used;
    memcpy(rd->arena + off, s, len);
    rd->arena[off + len] = 0;
    rd->used += len + 1;
    *last_off = off;
    *last_len = len + 1; /* +1: 0 means none */
    return off;
}

static int push(reader *rd, const sv_row *row)
{
    if (rd->n == rd->cap) {
        if (rd->cap > SIZE_MAX / 4 / sizeof *rd->r) return -1;
        size_t cap = rd->cap ? rd->cap * 2 : 256;
        sv_row *r = realloc(rd->r, cap * sizeof *r);
        if (!r) return -1;
        rd->r = r;
        rd->cap = cap;
    }
    rd->r[rd->n++] = *row;
    return 0;
}

static void note_skip(reader *rd, const char *msg, uint64_t line)
{
    rd->st.rows_skipped++;
    if (!rd->st.first_error[0] || line < rd->first_error_line) {
        snprintf(rd->st.first_error, sizeof rd->st.first_error, "%s", msg);
        rd->first_error_line = line;
    }
}

/* A cell's answer into *out (MISSING when empty); 0, or -1 with msg. */
static int read_answer(const rmk_questionnaire *q, const csv_field *f, int item, const char *fname,
                       unsigned long long line, size_t col, int16_t *out, char *msg, size_t cap)
{
    const char *v = f->p;
    size_t vl = f->len;
    field_trim(&v, &vl);
    long x = 0;
    int pr = parse_whole_answer(v, vl, 1000000, &x);
    if (pr == 1) {
        *out = MISSING;
        return 0;
    }
    if (pr == 0 && x >= q->min && x <= q->max) {
        *out = (int16_t)x;
        return 0;
    }
    char ex[64];
    field_excerpt(v, vl, ex, sizeof ex);
    const char *key = q->item[item].key;
    if (pr == -1)
        snprintf(msg, cap, "%s:%llu:%zu: cannot read answer '%s' to %s (expected a whole number "
                           "on the scale %d..%d, or nothing)", fname, line, col, ex, key, q->min, q->max);
    else if (pr == -2)
        snprintf(msg, cap, "%s:%llu:%zu: answer %s to %s is not a whole number (the scale is %d..%d)",
                 fname, line, col, ex, key, q->min, q->max);
    else
        snprintf(msg, cap, "%s:%llu:%zu: answer %s to %s is outside the scale %d..%d", fname, line,
                 col, ex, key, q->min, q->max);
    return -1;
}

static rmk_status read_all(csv_reader *cr, const rmk_questionnaire *q, const rmk_read_opts *o,
                           int32_t as_of, reader *rd, char *err, size_t errlen)
{
    const char *fname = csv_name(cr);
    const csv_field *f;
    size_t nf;
    rmk_status st = RMK_OK;
    long col[C_COUNT];
    int rc = csv_next(cr, &f, &nf, &st, err, errlen);
    if (rc < 0) return st;
    if (rc == 0) {
        snprintf(err, errlen, "%s: empty file (expected a header: customer_id, item, answer; or "
                              "customer_id and a column per item)", fname);
        return RMK_ERR_DATA;
    }
    char (*norm)[128] = malloc((nf ? nf : 1) * sizeof *norm);
    long *itemcol = malloc((size_t)(q->nitem ? q->nitem : 1) * sizeof *itemcol);
    if (!norm || !itemcol) {
        free(norm);
        free(itemcol);
        snprintf(err, errlen, "out of memory");
        return RMK_ERR_NOMEM;
    }
    for (size_t i = 0; i < nf; i++) header_normalise(f[i].p, f[i].len, norm[i], sizeof norm[i]);
    for (int c = 0; c < C_COUNT; c++) {
        col[c] = -1;
        for (int k = 0; syn[c][k] && col[c] < 0; k++)
            for (size_t i = 0; i < nf && col[c] < 0; i++) {
                int taken = 0;
                for (int d = 0; d < c; d++) taken |= col[d] == (long)i;
                if (!taken && !strcmp(norm[i], syn[c][k])) col[c] = (long)i;
            }
    }
    for (int i = 0; i < q->nitem; i++) itemcol[i] = -1;
    int wide = col[C_ITEM] < 0 || col[C_ANSWER] < 0;
    rd->st.wide = wide;
    if (col[C_ID] < 0) {
        snprintf(err, errlen, "%s:1: no customer_id column (expected customer_id, client, Клиент, "
                              "Контрагент, Покупатель ...)", fname);
        goto header_bad;
    }
    if (wide) {
        int nitemcols = 0;
        for (size_t i = 0; i < nf; i++) {
            if ((long)i == col[C_ID] || (long)i == col[C_RESP] || (long)i == col[C_DATE]) continue;
            int it = find_exact(q, norm[i]);
            if (it >= 0 && itemcol[it] >= 0) {
                snprintf(err, errlen, "%s:1:%zu: a second column for item %s (the first is column %ld)",
                         fname, i + 1, q->item[it].key, itemcol[it] + 1);
                goto header_bad;
            }
            if (it >= 0) {
                itemcol[it] = (long)i;
                nitemcols++;
                continue;
            }
            char ex[64];
            field_excerpt(f[i].p, f[i].len, ex, sizeof ex);
            if (o->skip_bad) {
                if (rd->st.ignored_columns++ == 0)
                    snprintf(rd->st.ignored_column, sizeof rd->st.ignored_column, "%s", ex);
                continue;
            }
            snprintf(err, errlen, "%s:1:%zu: column '%s' is not an item of the questionnaire%s", fname,
                     i + 1, ex,
                     (long)i == col[C_ITEM] || (long)i == col[C_ANSWER]
                         ? " (the long form needs both an item and an answer column)"
                         : " (--skip-bad ignores such columns)");
            goto header_bad;
        }
        if (nitemcols == 0) {
            snprintf(err, errlen, "%s:1: no item and answer columns, and no column named after an "
                                  "item (long form: customer_id, item, answer; wide form: "
                                  "customer_id, then a column per item such as %s)",
                     fname, q->item[0].key);
            goto header_bad;
        }
        for (int i = 0; i < q->nitem; i++)
            if (itemcol[i] < 0 && rd->st.unasked_items++ == 0)
                snprintf(rd->st.unasked_item, sizeof rd->st.unasked_item, "%s", q->item[i].key);
    }
    free(norm);
    norm = NULL;
    size_t need = 0;
    for (int c = 0; c < C_COUNT; c++)
        if (col[c] >= 0 && (!wide || c <= C_DATE) && (size_t)col[c] + 1 > need)
            need = (size_t)col[c] + 1;
    for (int i = 0; wide && i < q->nitem; i++)
        if (itemcol[i] >= 0 && (size_t)itemcol[i] + 1 > need) need = (size_t)itemcol[i] + 1;
    sv_row *cells = malloc((size_t)(q->nitem ? q->nitem : 1) * sizeof *cells);
    if (!cells) {
        free(itemcol);
        snprintf(err, errlen, "out of memory");
        return RMK_ERR_NOMEM;
    }
    while ((rc = csv_next(cr, &f, &nf, &st, err, errlen)) == 1) {
        unsigned long long line = (unsigned long long)csv_line(cr);
        char msg[512], ex[64];
        rd->st.rows++;
        if (nf < need) {
            snprintf(msg, sizeof msg, "%s:%llu: expected at least %zu fields, found %zu", fname, line,
                     need, nf);
            goto bad;
        }
        const char *id = f[col[C_ID]].p;
        size_t idl = f[col[C_ID]].len;
        field_trim(&id, &idl);
        char why[96];
        if (id_problem("customer id", id, idl, 0, why, sizeof why)) {
            snprintf(msg, sizeof msg, "%s:%llu:%ld: %s", fname, line, col[C_ID] + 1, why);
            goto bad;
        }
        const char *resp = "";
        size_t rl = 0;
        if (col[C_RESP] >= 0) {
            resp = f[col[C_RESP]].p;
            rl = f[col[C_RESP]].len;
            field_trim(&resp, &rl);
            if (id_problem("respondent", resp, rl, 1, why, sizeof why)) {
                snprintf(msg, sizeof msg, "%s:%llu:%ld: %s", fname, line, col[C_RESP] + 1, why);
                goto bad;
            }
        }
        int32_t day = RMK_NO_DATE;
        if (col[C_DATE] >= 0) {
            const char *dp = f[col[C_DATE]].p;
            size_t dl = f[col[C_DATE]].len;
            field_trim(&dp, &dl);
            if (dl && (rmk_date_parse(dp, dl, o->date_format, &day) != RMK_OK || day == RMK_NO_DATE)) {
                field_excerpt(dp, dl, ex, sizeof ex);
                snprintf(msg, sizeof msg, "%s:%llu:%ld: cannot read date '%s'", fname, line,
                         col[C_DATE] + 1, ex);
                goto bad;
            }
            if (dl == 0) day = RMK_NO_DATE;
        }
        if (as_of != RMK_NO_DATE && day != RMK_NO_DATE && day > as_of) {
            rd->st.rows_after_as_of++;
            continue;
        }
        sv_row row;
        memset(&row, 0, sizeof row);
        row.line = line;
        row.day = day;
        row.id_len = idl;
        row.resp_len = rl;
        size_t ncells = 0, nmissing = 0;
        if (!wide) {
            const char *ip = f[col[C_ITEM]].p;
            size_t il = f[col[C_ITEM]].len;
            field_trim(&ip, &il);
            int it = il ? rmk_questionnaire_item_find(q, ip, il) : -1;
            if (it < 0) {
                field_excerpt(ip, il, ex, sizeof ex);
                if (il)
                    snprintf(msg, sizeof msg, "%s:%llu:%ld: unknown item '%s' (not in the "
                                              "questionnaire)", fname, line, col[C_ITEM] + 1, ex);
                else
                    snprintf(msg, sizeof msg, "%s:%llu:%ld: missing item", fname, line,
                             col[C_ITEM] + 1);
                goto bad;
            }
            cells[0] = row;
            cells[0].item = (int16_t)it;
            cells[0].col = (uint32_t)col[C_ITEM] + 1;
            if (read_answer(q, &f[col[C_ANSWER]], it, fname, line, (size_t)col[C_ANSWER] + 1,
                            &cells[0].value, msg, sizeof msg))
                goto bad;
            nmissing = cells[0].value == MISSING;
            ncells = 1;
        } else {
            row.seq = line;
            for (int it = 0; it < q->nitem; it++) {
                if (itemcol[it] < 0) continue;
                sv_row *cell = &cells[ncells];
                *cell = row;
                cell->item = (int16_t)it;
                cell->col = (uint32_t)itemcol[it] + 1;
                if (read_answer(q, &f[itemcol[it]], it, fname, line, (size_t)itemcol[it] + 1,
                                &cell->value, msg, sizeof msg))
                    goto bad;
                if (cell->value == MISSING) nmissing++;
                else ncells++;
            }
            if (ncells == 0) { /* a response without answers: kept to be counted */
                cells[0] = row;
                cells[0].item = -1;
                cells[0].value = MISSING;
                ncells = 1;
            }
        }
        rd->st.missing += nmissing;
        size_t ido = keep(rd, id, idl, &rd->last_id_off, &rd->last_id_len);
        size_t ro = ido == SIZE_MAX ? SIZE_MAX
                                    : keep(rd, resp, rl, &rd->last_resp_off, &rd->last_resp_len);
        for (size_t k = 0; k < ncells && ro != SIZE_MAX; k++) {
            cells[k].id.off = ido;
            cells[k].resp.off = ro;
            if (push(rd, &cells[k])) ro = SIZE_MAX;
        }
        if (ro == SIZE_MAX) {
            free(cells);
            free(itemcol);
            snprintf(err, errlen, "out of memory");
            return RMK_ERR_NOMEM;
        }
        continue;
    bad:
        if (!o->skip_bad) {
            free(cells);
            free(itemcol);
            snprintf(err, errlen, "%s", msg);
            return RMK_ERR_DATA;
        }
        note_skip(rd, msg, line);
    }
    free(cells);
    free(itemcol);
    return rc < 0 ? st : RMK_OK;
header_bad:
    free(norm);
    free(itemcol);
    return RMK_ERR_DATA;
}

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}

/* The response a row belongs to: (customer, respondent, date, seq). */
static int response_cmp(const sv_row *a, const sv_row *b)
{
    int c = cmp_bytes(a->id.p, a->id_len, b->id.p, b->id_len);
    if (c) return c;
    c = cmp_bytes(a->resp.p, a->resp_len, b->resp.p, b->resp_len);
    if (c) return c;
    if (a->day != b->day) return a->day < b->day ? -1 : 1;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

static int row_cmp(const void *x, const void *y)
{
    const sv_row *a = x, *b = y;
    int c = response_cmp(a, b);
    if (c) return c;
    if (a->item != b->item) return a->item < b->item ? -1 : 1;
    return (a->line > b->line) - (a->line < b->line);
}

/* An item answered twice in one response (long form): an error at the
 * later row, or with skip_bad that row is dropped. Rows are sorted. */
static rmk_status repeated_answers(reader *rd, const rmk_questionnaire *q, const char *fname,
                                   int skip_bad, char *err, size_t errlen)
{
    const sv_row *worst = NULL, *worst_first = NULL;
    for (size_t i = 1; i < rd->n; i++) {
        sv_row *a = &rd->r[i - 1], *b = &rd->r[i];
        if (b->item < 0 || a->item != b->item || response_cmp(a, b)) continue;
        /* the first row of this run of repeats */
        size_t j = i - 1;
        while (j > 0 && rd->r[j - 1].item == b->item && !response_cmp(&rd->r[j - 1], b)) j--;
        if (!worst || b->line < worst->line) worst = b, worst_first = &rd->r[j];
        if (skip_bad) {
            char msg[512], ex[64];
            field_excerpt(b->id.p, b->id_len, ex, sizeof ex);
            snprintf(msg, sizeof msg, "%s:%llu:%u: item %s answered twice in one response of %s "
                                      "(first on line %llu)", fname, (unsigned long long)b->line,
                     b->col, q->item[b->item].key, ex, (unsigned long long)rd->r[j].line);
            note_skip(rd, msg, b->line);
            b->value = DROPPED;
        }
    }
    if (!worst || skip_bad) return RMK_OK;
    char ex[64];
    field_excerpt(worst->id.p, worst->id_len, ex, sizeof ex);
    snprintf(err, errlen, "%s:%llu:%u: item %s answered twice in one response of %s (first on "
                          "line %llu; a respondent or date column tells responses apart)", fname,
             (unsigned long long)worst->line, worst->col, q->item[worst->item].key, ex,
             (unsigned long long)worst_first->line);
    return RMK_ERR_DATA;
}

/* Per component while scoring. */
typedef struct acc {
    __int128 sum_t, sum_tt; /* totals of complete responses */
    size_t complete;
} acc;

static int below(double v, double threshold) { return !isnan(v) && v < threshold - EPS; }

/* Cronbach's alpha from exact integer sums: with n complete responses,
 * n(n-1) x a sample variance = n sum x^2 - (sum x)^2 for every item and for
 * the totals, so the ratio of variances is exact before one division. */
static double alpha(int k, size_t n, const __int128 *sx, const __int128 *sxx, const int *items,
                    const acc *a)
{
    if (k < 3 || n < 2) return NAN;
    __int128 vi = 0, nn = (__int128)n;
    for (int j = 0; j < k; j++) vi += nn * sxx[items[j]] - sx[items[j]] * sx[items[j]];
    __int128 vt = nn * a->sum_tt - a->sum_t * a->sum_t;
    if (vt <= 0) return NAN;
    return (double)k / (double)(k - 1) * ((long double)(vt - vi) / (long double)vt);
}

static rmk_status score(reader *rd, const rmk_questionnaire *q, rmk_survey *s, char *err,
                        size_t errlen)
{
    int nc = q->ncomp, ni = q->nitem;
    double range = (double)(q->max - q->min);
    int16_t *vals = malloc((size_t)ni * sizeof *vals);
    __int128 *sx = calloc((size_t)ni, sizeof *sx), *sxx = calloc((size_t)ni, sizeof *sxx);
    acc *a = calloc((size_t)nc, sizeof *a);
    double *sum = calloc((size_t)nc, sizeof *sum), *mean_sum = calloc((size_t)nc + 1, sizeof *mean_sum);
    size_t *cnt = calloc((size_t)nc, sizeof *cnt);
    size_t cap = 0;
    rmk_status st = RMK_OK;
    if (!vals || !sx || !sxx || !a || !sum || !mean_sum || !cnt) goto nomem;
    for (int c = 0; c <= nc; c++) {
        memset(&s->sum[c], 0, sizeof s->sum[c]);
        s->sum[c].items = c < nc ? q->comp[c].nitems : ni;
    }
    size_t i = 0;
    while (i < rd->n) {
        /* one client: rows [i, e) */
        size_t e = i + 1;
        while (e < rd->n &&
               !cmp_bytes(rd->r[e].id.p, rd->r[e].id_len, rd->r[i].id.p, rd->r[i].id_len))
            e++;
        memset(sum, 0, (size_t)nc * sizeof *sum);
        memset(cnt, 0, (size_t)nc * sizeof *cnt);
        size_t responses = 0, answers = 0;
        for (size_t r = i; r < e;) {
            size_t re = r + 1;
            while (re < e && !response_cmp(&rd->r[re], &rd->r[r])) re++;
            for (int t = 0; t < ni; t++) vals[t] = MISSING;
            size_t answered = 0;
            for (size_t k = r; k < re; k++)
                if (rd->r[k].item >= 0 && rd->r[k].value != MISSING && rd->r[k].value != DROPPED) {
                    vals[rd->r[k].item] = rd->r[k].value;
                    answered++;
                }
            r = re;
            if (!answered) {
                s->st.empty_responses++;
                continue;
            }
            responses++;
            answers += answered;
            for (int c = 0; c < nc; c++) {
                const sv_component *k = &q->comp[c];
                long long S = 0, T = 0;
                int n = 0;
                for (int j = 0; j < k->nitems; j++) {
                    int it = k->item[j];
                    if (vals[it] == MISSING) continue;
                    int x = q->item[it].reverse ? q->min + q->max - vals[it] : vals[it];
                    S += x - q->min;
                    T += x;
                    n++;
                }
                if (!n) continue;
                sum[c] += (double)S / n;
                cnt[c]++;
                s->sum[c].respondents++;
                if (n == k->nitems) {
                    for (int j = 0; j < k->nitems; j++) {
                        int it = k->item[j];
                        int x = q->item[it].reverse ? q->min + q->max - vals[it] : vals[it];
                        sx[it] += x;
                        sxx[it] += (__int128)x * x;
                    }
                    a[c].sum_t += T;
                    a[c].sum_tt += (__int128)T * T;
                    a[c].complete++;
                }
            }
        }
        s->st.responses += responses;
        s->st.answers += answers;
        if (responses) {
            if (s->nc == cap) {
                size_t ncap = cap ? cap * 2 : 64;
                rmk_survey_client *cl = realloc(s->c, ncap * sizeof *cl);
                if (!cl) goto nomem;
                s->c = cl;
                double *ix = realloc(s->index, ncap * (size_t)nc * sizeof *ix);
                if (!ix) goto nomem;
                s->index = ix;
                cap = ncap;
            }
            rmk_survey_client *cl = &s->c[s->nc];
            double *ix = s->index + s->nc * (size_t)nc;
            memset(cl, 0, sizeof *cl);
            cl->customer_id = rd->r[i].id.p;
            cl->id_len = rd->r[i].id_len;
            cl->respondents = responses;
            cl->answers = answers;
            double wsum = 0, wx = 0;
            for (int c = 0; c < nc; c++) {
                ix[c] = cnt[c] ? sum[c] * 100.0 / (range * (double)cnt[c]) : NAN;
                if (!cnt[c]) continue;
                s->sum[c].clients++;
                mean_sum[c] += ix[c];
                wsum += q->comp[c].weight;
                wx += q->comp[c].weight * ix[c];
                if (below(ix[c], s->weak_component)) {
                    cl->weak_components |= 1u << c;
                    s->sum[c].weak_clients++;
                }
            }
            cl->overall = wsum > 0 ? wx / wsum : NAN;
            if (!isnan(cl->overall)) {
                s->sum[nc].clients++;
                mean_sum[nc] += cl->overall;
            }
            cl->weak_overall = below(cl->overall, s->weak_overall);
            if (cl->weak_overall) s->sum[nc].weak_clients++;
            cl->weak = cl->weak_overall || cl->weak_components;
            if (cl->weak) s->st.weak_clients++;
            s->nc++;
        }
        i = e;
    }
    s->sum[nc].respondents = s->st.responses;
    for (int c = 0; c <= nc; c++) {
        rmk_survey_summary *m = &s->sum[c];
        m->mean_index = m->clients ? mean_sum[c] / (double)m->clients : NAN;
        m->cronbach_alpha = NAN;
        if (c < nc) {
            m->alpha_respondents = a[c].complete;
            m->cronbach_alpha = alpha(q->comp[c].nitems, a[c].complete, sx, sxx, q->comp[c].item, &a[c]);
        }
    }
    /* the index pointers, now that the block no longer moves */
    for (size_t k = 0; k < s->nc; k++) s->c[k].index = s->index + k * (size_t)nc;
    s->st.clients = s->nc;
    goto done;
nomem:
    snprintf(err, errlen, "out of memory");
    st = RMK_ERR_NOMEM;
done:
    free(vals);
    free(sx);
    free(sxx);
    free(a);
    free(sum);
    free(mean_sum);
    free(cnt);
    return st;
}

static rmk_status finish(csv_reader *cr, const rmk_questionnaire *q, const rmk_read_opts *ro,
                         const rmk_survey_opts *o, rmk_survey **out, char *err, size_t errlen)
{
    reader rd;
    memset(&rd, 0, sizeof rd);
    const char *fname = csv_name(cr);
    char name[256];
    snprintf(name, sizeof name, "%s", fname);
    rmk_survey *s = calloc(1, sizeof *s);
    rmk_status st = s ? read_all(cr, q, ro, o->as_of, &rd, err, errlen) : RMK_ERR_NOMEM;
    csv_close(cr);
    if (!s) snprintf(err, errlen, "out of memory");
    if (st == RMK_OK) {
        for (size_t i = 0; i < rd.n; i++) {
            rd.r[i].id.p = rd.arena + rd.r[i].id.off;
            rd.r[i].resp.p = rd.arena + rd.r[i].resp.off;
        }
        if (rd.n) qsort(rd.r, rd.n, sizeof *rd.r, row_cmp);
        st = repeated_answers(&rd, q, name, ro->skip_bad, err, errlen);
    }
    if (st == RMK_OK) {
        s->q = q;
        s->weak_overall = o->weak_overall >= 0 ? o->weak_overall : q->weak_overall;
        s->weak_component = o->weak_component >= 0 ? o->weak_component : q->weak_component;
        s->st = rd.st;
        st = score(&rd, q, s, err, errlen);
    }
    if (st == RMK_OK && s->nc == 0) {
        snprintf(err, errlen, "%s: no answers to score%s", name,
                 rd.st.rows_skipped ? " (every row was skipped)"
                 : rd.st.rows_after_as_of ? " on or before the as-of date" : "");
        st = RMK_ERR_EMPTY;
    }
    free(rd.r);
    if (st) {
        free(rd.arena);
        rmk_survey_free(s);
        return st;
    }
    s->arena = rd.arena;
    *out = s;
    return RMK_OK;
}

static rmk_status prepare(const rmk_questionnaire *q, const rmk_read_opts **ro, rmk_read_opts *rdef,
                          const rmk_survey_opts **o, rmk_survey_opts *odef, rmk_survey **out,
                          char *err, size_t errlen)
{
    if (out) *out = NULL;
    if (!*ro) {
        rmk_read_opts_init(rdef);
        *ro = rdef;
    }
    if (!*o) {
        rmk_survey_opts_init(odef);
        *o = odef;
    }
    if (!out || !q) {
        snprintf(err, errlen, "survey: %s", !q ? "no questionnaire" : "no place for the result");
        return RMK_ERR_USAGE;
    }
    if ((*o)->weak_overall > 100 || (*o)->weak_component > 100 || isnan((*o)->weak_overall) ||
        isnan((*o)->weak_component)) {
        snprintf(err, errlen, "survey: a weak threshold above 100 index points");
        return RMK_ERR_USAGE;
    }
    return RMK_OK;
}

rmk_status rmk_survey_file(const char *path, const rmk_questionnaire *q, const rmk_read_opts *ro,
                           const rmk_survey_opts *o, rmk_survey **out, char *err, size_t errlen)
{
    char buf[512];
    if (!err) err = buf, errlen = sizeof buf;
    rmk_read_opts rdef;
    rmk_survey_opts odef;
    rmk_status st = prepare(q, &ro, &rdef, &o, &odef, out, err, errlen);
    if (st) return st;
    csv_reader *cr = csv_open(path, ro->encoding, ro->delimiter, &st, err, errlen);
    return cr ? finish(cr, q, ro, o, out, err, errlen) : st;
}

rmk_status rmk_survey_mem(const char *data, size_t len, const char *name, const rmk_questionnaire *q,
                          const rmk_read_opts *ro, const rmk_survey_opts *o, rmk_survey **out,
                          char *err, size_t errlen)
{
    char buf[512];
    if (!err) err = buf, errlen = sizeof buf;
    rmk_read_opts rdef;
    rmk_survey_opts odef;
    rmk_status st = prepare(q, &ro, &rdef, &o, &odef, out, err, errlen);
    if (st) return st;
    csv_reader *cr = csv_open_mem(data, len, name, ro->encoding, ro->delimiter, &st, err, errlen);
    return cr ? finish(cr, q, ro, o, out, err, errlen) : st;
}
