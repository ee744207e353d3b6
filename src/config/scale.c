/* SPDX-License-Identifier: MIT */
/* rating.c — the client rating scale (lecture §3 "Client rating scale",
 * SPEC §3.2): an INI file of bands, points, categories and packages, checked
 * when read, and the exact rules that turn a measured value into points.
 * Bands are lower-inclusive: a value scores the points of the highest bound
 * it reaches. */
#include "relmark.h"
#include "errmsg.h"
#include "inisrc.h"
#include "parse.h"
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char rmk_scale_default_ini[];

#define BAND_MAX 32
#define CAT_MAX 16

/* bounds: hundredths of a percent (share, growth) or months (cooperation) */
typedef struct bands {
    int n;
    int64_t bound[BAND_MAX];
    int points[BAND_MAX];
    int line[BAND_MAX];
    int below, has_below;   /* growth: values under the first bound */
    int unknown;            /* growth: no first-quarter sales */
} bands;

typedef struct category {
    char key[64];
    char name[2][128];
    char package[2][512];
    int min, has_min, line;
} category;

struct rmk_scale {
    char title[2][128];
    int window_months, grace_days;
    bands share, coop, growth;
    int pay[5]; /* by rmk_payment */
    int ncat;
    category cat[CAT_MAX]; /* sorted by min, highest first, once checked */
};

typedef struct parse_ctx {
    ini_src src;       /* first: inih's stream */
    rmk_scale *s;
    char last_key[64], last_section[80];
} parse_ctx;

const char *rmk_payment_key(rmk_payment p)
{
    switch (p) {
    case RMK_PAY_PREPAID: return "prepaid";
    case RMK_PAY_ON_TIME: return "on_time";
    case RMK_PAY_LATE: return "late";
    case RMK_PAY_PENDING: return "pending";
    case RMK_PAY_UNKNOWN: break;
    }
    return "unknown";
}

const char *rmk_payment_name(rmk_payment p, const char *lang)
{
    if (!lang || strcmp(lang, "ru") != 0) return rmk_payment_key(p);
    switch (p) {
    case RMK_PAY_PREPAID: return "предоплата";
    case RMK_PAY_ON_TIME: return "в срок";
    case RMK_PAY_LATE: return "с опозданием";
    case RMK_PAY_PENDING: return "ожидается";
    case RMK_PAY_UNKNOWN: break;
    }
    return "нет данных";
}

void rmk_scale_free(rmk_scale *s) { free(s); }
int rmk_scale_window_months(const rmk_scale *s) { return s->window_months; }
int rmk_scale_grace_days(const rmk_scale *s) { return s->grace_days; }
int rmk_scale_category_count(const rmk_scale *s) { return s->ncat; }
static int lang_ix(const char *lang) { return lang && strcmp(lang, "ru") == 0; }
const char *rmk_scale_category_key(const rmk_scale *s, int c)
{
    return c >= 0 && c < s->ncat ? s->cat[c].key : "";
}
const char *rmk_scale_category_name(const rmk_scale *s, int c, const char *lang)
{
    if (c < 0 || c >= s->ncat) return "";
    int l = lang_ix(lang);
    return s->cat[c].name[l][0] ? s->cat[c].name[l] : s->cat[c].name[0];
}
const char *rmk_scale_category_package(const rmk_scale *s, int c, const char *lang)
{
    if (c < 0 || c >= s->ncat) return "";
    int l = lang_ix(lang);
    return s->cat[c].package[l][0] ? s->cat[c].package[l] : s->cat[c].package[0];
}
int rmk_scale_category_min(const rmk_scale *s, int c) { return c >= 0 && c < s->ncat ? s->cat[c].min : -1; }

/* ------------------------------------------------------------- reading */


/* A decimal with up to 2 decimals, in hundredths; 0 ok, -1 bad. */
static int parse_hundredths(const char *v, int64_t *out)
{
    int64_t m;
    if (rmk_money_parse(v, strlen(v), &m) != RMK_OK) return -1;
    if (m % 100 != 0 || m > INT64_C(100000000000000) || m < -INT64_C(100000000000000)) return -1;
    *out = m / 100; /* minor units are 1/10000: hundredths of the value */
    return 0;
}

static int parse_int(const char *v, int lo, int hi, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (*v == 0 || *end || x < lo || x > hi) return -1;
    *out = (int)x;
    return 0;
}

static int fail(parse_ctx *c, const char *fmt, const char *a, const char *b)
{
    char what[256];
    snprintf(what, sizeof what, fmt, a, b);
    snprintf(c->src.err, sizeof c->src.err, "%s:%d: %s", c->src.name, c->src.line, what);
    return 0;
}

static int band_key(parse_ctx *c, bands *b, const char *section, const char *key, const char *v,
                    int months)
{
    int pts;
    if (!strcmp(key, "unknown") && b == &c->s->growth) {
        if (parse_int(v, 0, 1000, &pts)) return fail(c, "unknown = %s: expected points 0..1000%s", v, "");
        b->unknown = pts;
        return 1;
    }
    if (!strcmp(key, "below") && b == &c->s->growth) {
        if (b->n) return fail(c, "'below' must come before the bounds in [%s]%s", section, "");
        if (parse_int(v, 0, 1000, &pts)) return fail(c, "below = %s: expected points 0..1000%s", v, "");
        b->below = pts;
        b->has_below = 1;
        return 1;
    }
    int64_t bound;
    int ok = months ? (parse_int(key, 0, 100000, &pts) == 0 ? (bound = pts, 1) : 0)
                    : parse_hundredths(key, &bound) == 0;
    if (!ok)
        return fail(c, months ? "'%s' in [%s]: expected a bound in whole months"
                              : "'%s' in [%s]: expected a bound in percent (up to 2 decimals)",
                    key, section);
    if (b == &c->s->growth && bound <= -10000)
        return fail(c, "growth bound %s%%: must be above -100%%%s", key, "");
    if (parse_int(v, 0, 1000, &pts)) return fail(c, "%s = %s: expected points 0..1000", key, v);
    if (b->n == BAND_MAX) return fail(c, "more than 32 bands in [%s]%s", section, "");
    if (b->n && bound <= b->bound[b->n - 1])
        return fail(c, "band '%s' in [%s] is not above the previous one (bands ascend, each once)",
                    key, section);
    b->bound[b->n] = bound;
    b->points[b->n] = pts;
    b->line[b->n] = c->src.line;
    b->n++;
    return 1;
}

static int handler(void *user, const char *section, const char *key, const char *value)
{
    parse_ctx *c = user;
    rmk_scale *s = c->s;
    if (c->src.err[0]) return 0;
    /* an indented line goes on with the previous key's text */
    int cont = c->src.continuation && !strcmp(key, c->last_key) && !strcmp(section, c->last_section);
    snprintf(c->last_key, sizeof c->last_key, "%s", key);
    snprintf(c->last_section, sizeof c->last_section, "%s", section);
    if (!strcmp(section, "scale")) {
        if (!strcmp(key, "name")) snprintf(s->title[0], sizeof s->title[0], "%s", value);
        else if (!strcmp(key, "name_ru")) snprintf(s->title[1], sizeof s->title[1], "%s", value);
        else if (!strcmp(key, "window_months")) {
            if (parse_int(value, 6, 120, &s->window_months))
                return fail(c, "window_months = %s: expected 6..120%s", value, "");
        } else if (!strcmp(key, "grace_days")) {
            if (parse_int(value, 0, 365, &s->grace_days))
                return fail(c, "grace_days = %s: expected 0..365%s", value, "");
        } else {
            return fail(c, "unknown key '%s' in [scale]%s", key, "");
        }
        return 1;
    }
    if (!strcmp(section, "share")) return band_key(c, &s->share, section, key, value, 0);
    if (!strcmp(section, "cooperation")) return band_key(c, &s->coop, section, key, value, 1);
    if (!strcmp(section, "growth")) return band_key(c, &s->growth, section, key, value, 0);
    if (!strcmp(section, "payment")) {
        static const char *const keys[5] = {"unknown", "prepaid", "on_time", "late", NULL};
        for (int p = 0; p < 4; p++)
            if (!strcmp(key, keys[p])) {
                if (parse_int(value, 0, 1000, &s->pay[p]))
                    return fail(c, "%s = %s: expected points 0..1000", key, value);
                return 1;
            }
        return fail(c, "unknown key '%s' in [payment] (expected prepaid, on_time, late, unknown)%s",
                    key, "");
    }
    if (!strncmp(section, "category ", 9)) {
        const char *ck = section + 9;
        category *g = NULL;
        for (int i = 0; i < s->ncat; i++)
            if (!strcmp(s->cat[i].key, ck)) g = &s->cat[i];
        if (!g) {
            if (s->ncat == CAT_MAX) return fail(c, "more than 16 categories%s%s", "", "");
            if (!*ck || strlen(ck) >= sizeof g->key)
                return fail(c, "[category %s]: expected a short key%s", ck, "");
            g = &s->cat[s->ncat++];
            memset(g, 0, sizeof *g);
            snprintf(g->key, sizeof g->key, "%s", ck);
            g->line = c->src.section_line;
        }
        char *dst = NULL;
        size_t cap = 0;
        if (!strcmp(key, "name")) dst = g->name[0], cap = sizeof g->name[0];
        else if (!strcmp(key, "name_ru")) dst = g->name[1], cap = sizeof g->name[1];
        else if (!strcmp(key, "package")) dst = g->package[0], cap = sizeof g->package[0];
        else if (!strcmp(key, "package_ru")) dst = g->package[1], cap = sizeof g->package[1];
        else if (!strcmp(key, "min")) {
            if (g->has_min) return fail(c, "'min' given twice in [category %s]%s", ck, "");
            if (parse_int(value, 0, 100000, &g->min))
                return fail(c, "min = %s: expected a total in points%s", value, "");
            g->has_min = 1;
            return 1;
        } else {
            return fail(c, "unknown key '%s' in [category %s] (expected name, name_ru, min, package, package_ru)",
                        key, ck);
        }
        size_t used = strlen(dst);
        if (cont && used) {
            if (used + 1 + strlen(value) >= cap) return fail(c, "'%s' in [category %s] is too long", key, ck);
            dst[used] = ' ';
            snprintf(dst + used + 1, cap - used - 1, "%s", value);
        } else {
            if (used) return fail(c, "'%s' given twice in [category %s]", key, ck);
            if (strlen(value) >= cap) return fail(c, "'%s' in [category %s] is too long", key, ck);
            snprintf(dst, cap, "%s", value);
        }
        return 1;
    }
    return fail(c, "unknown section [%s] (expected scale, share, cooperation, payment, growth, "
                   "category KEY)%s", section, "");
}

static int max_points(const bands *b)
{
    int m = b->has_below ? b->below : 0;
    for (int i = 0; i < b->n; i++)
        if (b->points[i] > m) m = b->points[i];
    if (b->unknown > m) m = b->unknown;
    return m;
}

int rmk_scale_max_total(const rmk_scale *s)
{
    int pay = 0;
    for (int p = 0; p < 4; p++)
        if (s->pay[p] > pay) pay = s->pay[p];
    return max_points(&s->share) + max_points(&s->coop) + pay + max_points(&s->growth);
}

static int by_min_desc(const void *a, const void *b)
{
    const category *x = a, *y = b;
    return (y->min > x->min) - (y->min < x->min);
}

/* The checks a scale must pass (SPEC §3.2: reported with file and line). */
static void check(parse_ctx *c)
{
    rmk_scale *s = c->s;
    char *e = c->src.err;
    size_t el = sizeof c->src.err;
    const struct { const bands *b; const char *sec; int64_t lowest; } req[2] = {
        {&s->share, "share", 0}, {&s->coop, "cooperation", 0}};
    for (int i = 0; i < 2; i++) {
        if (req[i].b->n == 0) {
            snprintf(e, el, "%s: [%s] has no bands", c->src.name, req[i].sec);
            return;
        }
        if (req[i].b->bound[0] != req[i].lowest) {
            snprintf(e, el, "%s:%d: [%s] must start at 0: lower values would have no band", c->src.name,
                     req[i].b->line[0], req[i].sec);
            return;
        }
    }
    if (s->growth.n == 0) {
        snprintf(e, el, "%s: [growth] has no bands", c->src.name);
        return;
    }
    if (!s->growth.has_below) {
        snprintf(e, el, "%s:%d: [growth] needs 'below = POINTS' for growth under its first bound "
                        "(falling sales too)", c->src.name, s->growth.line[0]);
        return;
    }
    if (s->ncat == 0) {
        snprintf(e, el, "%s: no [category KEY] sections", c->src.name);
        return;
    }
    for (int i = 0; i < s->ncat; i++) {
        if (!s->cat[i].has_min) {
            snprintf(e, el, "%s:%d: [category %s] has no 'min'", c->src.name, s->cat[i].line, s->cat[i].key);
            return;
        }
        if (!s->cat[i].name[0][0]) {
            snprintf(e, el, "%s:%d: [category %s] has no 'name'", c->src.name, s->cat[i].line, s->cat[i].key);
            return;
        }
    }
    qsort(s->cat, (size_t)s->ncat, sizeof s->cat[0], by_min_desc);
    int top = rmk_scale_max_total(s);
    for (int i = 0; i < s->ncat; i++) {
        if (i + 1 < s->ncat && s->cat[i].min == s->cat[i + 1].min) {
            snprintf(e, el, "%s:%d: [category %s] overlaps [category %s]: both start at %d points",
                     c->src.name, s->cat[i].line > s->cat[i + 1].line ? s->cat[i].line : s->cat[i + 1].line,
                     s->cat[i].key, s->cat[i + 1].key, s->cat[i].min);
            return;
        }
        if (s->cat[i].min > top) {
            snprintf(e, el, "%s:%d: [category %s] needs %d points; the scale gives at most %d",
                     c->src.name, s->cat[i].line, s->cat[i].key, s->cat[i].min, top);
            return;
        }
    }
    if (s->cat[s->ncat - 1].min != 0) {
        snprintf(e, el, "%s:%d: totals 0..%d have no category: the lowest category must start at 0",
                 c->src.name, s->cat[s->ncat - 1].line, s->cat[s->ncat - 1].min - 1);
        return;
    }
}

rmk_scale *rmk_scale_parse(const char *text, size_t len, const char *name, rmk_status *st,
                           char *err, size_t errlen)
{
    *st = RMK_OK;
    rmk_scale *s = calloc(1, sizeof *s);
    parse_ctx *c = calloc(1, sizeof *c);
    if (!s || !c) {
        free(s);
        free(c);
        *st = RMK_ERR_NOMEM;
        rmk_nomem(err, errlen);
        return NULL;
    }
    s->window_months = 12;
    c->s = s;
    c->src.name = name;
    c->src.text = text;
    c->src.len = len;
    ini_src_parse(&c->src, handler, c);
    if (!c->src.err[0]) check(c);
    if (c->src.err[0]) {
        *st = RMK_ERR_CONFIG;
        snprintf(err, errlen, "%s", c->src.err);
        free(c);
        free(s);
        return NULL;
    }
    free(c);
    return s;
}

rmk_scale *rmk_scale_load(const char *path, rmk_status *st, char *err, size_t errlen)
{
    size_t len;
    char *buf = ini_file_read(path, &len, st, err, errlen);
    if (!buf) return NULL;
    rmk_scale *s = rmk_scale_parse(buf, len, path, st, err, errlen);
    free(buf);
    return s;
}

rmk_scale *rmk_scale_default(rmk_status *st, char *err, size_t errlen)
{
    return rmk_scale_parse(rmk_scale_default_ini, strlen(rmk_scale_default_ini), "scale.ini", st,
                           err, errlen);
}

/* ------------------------------------------------------------- points */

/* The points of the highest bound reached; values under the first bound
 * take `below` (growth) or the first band (share, cooperation start at 0). */
static int band_points(const bands *b, int (*reaches)(int64_t bound, const void *ctx), const void *ctx)
{
    int pts = b->has_below ? b->below : b->points[0];
    for (int i = 0; i < b->n; i++) {
        if (!reaches(b->bound[i], ctx)) break;
        pts = b->points[i];
    }
    return pts;
}

typedef struct share_ctx { int64_t client, total; } share_ctx;
/* client / total * 100 >= bound / 100, exactly: client * 10^4 >= bound * total */
static int share_reaches(int64_t bound, const void *p)
{
    const share_ctx *c = p;
    if (c->total <= 0) return bound <= 0; /* no turnover: every share is 0% */
    return (__int128)c->client * 10000 >= (__int128)bound * c->total;
}

int rmk_scale_share_points(const rmk_scale *s, int64_t client_net, int64_t total_net)
{
    share_ctx c = {client_net, total_net};
    return band_points(&s->share, share_reaches, &c);
}

static int months_reach(int64_t bound, const void *p) { return *(const int *)p >= bound; }

int rmk_scale_cooperation_points(const rmk_scale *s, int months)
{
    return band_points(&s->coop, months_reach, &months);
}

int rmk_scale_payment_points(const rmk_scale *s, rmk_payment p)
{
    return p >= RMK_PAY_UNKNOWN && p <= RMK_PAY_LATE ? s->pay[p] : s->pay[RMK_PAY_UNKNOWN];
}

typedef struct growth_ctx { int64_t q1, q4; int k; } growth_ctx;

/* (q4/q1)^(1/k) - 1 >= bound/10^4 (bound in hundredths of a percent)
 * <=> q4 * 10^(4k) >= q1 * (10^4 + bound)^k, exact in 128 bits when it
 * fits (integer-percent bounds: q4 * 100^k >= q1 * (100 + b)^k); otherwise
 * in long double. */
static int mul_ok(unsigned __int128 a, unsigned __int128 b, unsigned __int128 *r)
{
    if (a && b > ~(unsigned __int128)0 / a) return 0;
    *r = a * b;
    return 1;
}

static int growth_reaches(int64_t bound, const void *p)
{
    const growth_ctx *g = p;
    if (g->q4 <= 0) return 0; /* nothing sold at the end: -100% */
    unsigned __int128 base, scale;
    if (bound % 100 == 0) {
        base = (unsigned __int128)(100 + bound / 100);
        scale = 100;
    } else {
        base = (unsigned __int128)(10000 + bound);
        scale = 10000;
    }
    unsigned __int128 pb = 1, ps = 1;
    int ok = 1;
    for (int i = 0; i < g->k && ok; i++) ok = mul_ok(pb, base, &pb) && mul_ok(ps, scale, &ps);
    unsigned __int128 lhs, rhs;
    if (ok && mul_ok((unsigned __int128)g->q4, ps, &lhs) && mul_ok((unsigned __int128)g->q1, pb, &rhs))
        return lhs >= rhs;
    long double ratio = (long double)g->q4 / (long double)g->q1;
    return powl(ratio, 1.0L / g->k) - 1.0L >= (long double)bound / 10000.0L;
}

int rmk_scale_growth_points(const rmk_scale *s, int64_t first_quarter, int64_t last_quarter,
                            int *known)
{
    if (first_quarter <= 0) {
        if (known) *known = 0;
        return s->growth.unknown;
    }
    if (known) *known = 1;
    growth_ctx g = {first_quarter, last_quarter, s->window_months - 3};
    return band_points(&s->growth, growth_reaches, &g);
}

int rmk_scale_category(const rmk_scale *s, int total)
{
    for (int i = 0; i < s->ncat; i++)
        if (total >= s->cat[i].min) return i;
    return s->ncat - 1;
}

/* ------------------------------------------------------------- calendar */

static int month_len(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : dm[m - 1];
}

/* The month-end rule: a month's last day maps to the target month's last
 * day, so a window ending 2026-06-30 is made of calendar months. */
int32_t rmk_add_months(int32_t day, int months)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    int last = d == month_len(y, m);
    int total = y * 12 + (m - 1) + months;
    y = total / 12;
    m = total % 12 + 1;
    if (last || d > month_len(y, m)) d = month_len(y, m);
    return rmk_days_from_civil(y, m, d);
}

/* The most n with start + n months <= the end of the as-of day (as_of + 1). */
int rmk_months_completed(int32_t start, int32_t as_of)
{
    if (start > as_of) return 0;
    int sy, sm, sd, ey, em, ed;
    civil_from_days(start, &sy, &sm, &sd);
    civil_from_days(as_of + 1, &ey, &em, &ed);
    int n = (ey - sy) * 12 + (em - sm);
    while (n > 0 && rmk_add_months(start, n) > as_of + 1) n--;
    return n;
}

int rmk_window_month(int32_t as_of, int months, int32_t day)
{
    if (day > as_of) return -1;
    for (int k = months - 1; k >= 0; k--)
        if (day > rmk_add_months(as_of, -(months - k))) return k;
    return -1;
}

rmk_payment rmk_invoice_payment(int32_t invoice_day, int32_t due_day, int32_t paid_day,
                                int prepaid, int32_t as_of, int grace_days)
{
    if (paid_day != RMK_NO_DATE && paid_day > as_of) paid_day = RMK_NO_DATE; /* not yet, at as-of */
    if (prepaid == 1) return RMK_PAY_PREPAID;
    if (paid_day != RMK_NO_DATE && paid_day <= invoice_day) return RMK_PAY_PREPAID;
    if (due_day == RMK_NO_DATE) return RMK_PAY_UNKNOWN; /* paid later, or not: no term to judge by */
    int64_t deadline = (int64_t)due_day + grace_days;
    if (paid_day != RMK_NO_DATE) return paid_day <= deadline ? RMK_PAY_ON_TIME : RMK_PAY_LATE;
    return as_of > deadline ? RMK_PAY_LATE : RMK_PAY_PENDING;
}

rmk_payment rmk_client_payment(size_t prepaid, size_t on_time, size_t late)
{
    if (late) return RMK_PAY_LATE;
    if (on_time) return RMK_PAY_ON_TIME;
    if (prepaid) return RMK_PAY_PREPAID;
    return RMK_PAY_UNKNOWN;
}

/* docs/rating.md, "The criteria": cooperation from the earlier of the first
 * purchase and a contract start on or before the as-of date; growth over
 * window_months - 3 months (9 for 12), shown as -100% when the last quarter
 * sold nothing. The share and growth percents are for display: the points
 * come from the exact comparisons of rmk_scale_*_points. */
void rmk_scale_rate_client(const rmk_scale *s, const rmk_client_facts *f, rmk_rated_client *o)
{
    int32_t start = f->first_purchase;
    if (f->contract_start != RMK_NO_DATE && f->contract_start <= f->as_of &&
        (start == RMK_NO_DATE || f->contract_start < start))
        start = f->contract_start;
    int months = start == RMK_NO_DATE ? 0 : rmk_months_completed(start, f->as_of);
    rmk_payment pay = rmk_client_payment(f->prepaid, f->on_time, f->late);
    int known;
    int gp = rmk_scale_growth_points(s, f->first_quarter, f->last_quarter, &known);
    int sp = rmk_scale_share_points(s, f->window_net, f->total_net);
    int cp = rmk_scale_cooperation_points(s, months);
    int pp = rmk_scale_payment_points(s, pay);
    int t = sp + cp + pp + gp;
    o->window_net = f->window_net;
    o->share_pct = f->total_net > 0 ? (double)f->window_net * 100.0 / (double)f->total_net : 0.0;
    o->share_points = sp;
    o->cooperation_months = months;
    o->cooperation_points = cp;
    o->payment = pay;
    o->payment_points = pp;
    o->growth_known = known;
    o->growth_pct = 0.0;
    if (known && f->last_quarter > 0)
        o->growth_pct = (double)(powl((long double)f->last_quarter / (long double)f->first_quarter,
                                      1.0L / (rmk_scale_window_months(s) - 3)) - 1.0L) * 100.0;
    else if (known)
        o->growth_pct = -100.0;
    o->growth_points = gp;
    o->total = t;
    o->category = rmk_scale_category(s, t);
}
