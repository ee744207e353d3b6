/* SPDX-License-Identifier: MIT */
/* custfile.c — the customers file. Columns by header name (English and
 * Russian); every row checked; ids kept sorted for lookup by binary search. */
#include "custfile.h"
#include "errmsg.h"
#include "csv.h"
#include "parse.h"
#include "ws.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct custfile {
    cust_rec *r;
    size_t n, cap;
    int has[CP_COUNT];
};

const char *const custfile_param_key[CP_COUNT] = {
    "profitability",         "relationship_cost",     "market_share",
    "relationship_strength", "relationship_value",    "goal_compatibility",
    "strategic_importance",  "management_complexity", "specialisation_fit",
    "development_potential", "technology_protection"};

int custfile_has_param(const custfile *f, int p) { return f && p >= 0 && p < CP_COUNT && f->has[p]; }

enum { C_ID, C_NAME, C_TYPE, C_STATUS, C_START, C_REFERRALS, C_BOND, C_MANAGER, C_P0,
       C_COUNT = C_P0 + CP_COUNT };
static const char *const syn[C_COUNT][16] = {
    {"customer_id", "customer", "customerid", "client_id", "client", "id", "код_клиента",
     "id_клиента", "клиент", "контрагент", "код_контрагента", "покупатель", NULL},
    {"name", "customer_name", "client_name", "company", "наименование", "название",
     "наименование_клиента", "имя", NULL},
    {"type", "customer_type", "client_type", "тип", "тип_клиента", "вид", NULL},
    {"status", "customer_status", "client_status", "статус", NULL},
    {"contract_start", "contract_date", "contract_start_date", "start_date", "дата_договора",
     "начало_договора", "дата_начала_договора", NULL},
    {"referrals", "recommendations", "рекомендации", "рекомендаций", NULL},
    {"structural_bond", "structural", "структурная_связь", NULL},
    {"manager", "account_manager", "personal_manager", "менеджер", "персональный_менеджер",
     "ответственный", NULL},
    {"profitability", "margin_pct", "рентабельность", "доходность", NULL},
    {"relationship_cost", "relationship_costs", "cost_to_serve", "затраты_на_отношения", NULL},
    {"market_share", "client_market_share", "доля_рынка", "доля_рынка_клиента", NULL},
    {"relationship_strength", "сила_отношений", NULL},
    {"relationship_value", "ценность_отношений", NULL},
    {"goal_compatibility", "совместимость_целей", NULL},
    {"strategic_importance", "стратегическая_значимость", NULL},
    {"management_complexity", "сложность_управления", NULL},
    {"specialisation_fit", "specialization_fit", "соответствие_специализации", NULL},
    {"development_potential", "потенциал_развития", NULL},
    {"technology_protection", "защита_технологий", NULL},
};

void custfile_free(custfile *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->r[i].id);
        free(f->r[i].name);
    }
    free(f->r);
    free(f);
}
size_t custfile_count(const custfile *f) { return f ? f->n : 0; }
const cust_rec *custfile_at(const custfile *f, size_t i) { return i < f->n ? &f->r[i] : NULL; }

static int cmp_id(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : (al > bl) - (al < bl);
}

static int rec_cmp(const void *x, const void *y)
{
    const cust_rec *a = x, *b = y;
    return cmp_id(a->id, a->id_len, b->id, b->id_len);
}

const cust_rec *custfile_find(const custfile *f, const char *id, size_t len)
{
    size_t lo = 0, hi = f ? f->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_id(f->r[mid].id, f->r[mid].id_len, id, len);
        if (c == 0) return &f->r[mid];
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

/* a value of a small vocabulary, after header_normalise(); -1 if none */
static int word(const char *p, size_t len, const char *const *words, const int *values)
{
    char v[64];
    header_normalise(p, len, v, sizeof v);
    for (int i = 0; words[i]; i++)
        if (!strcmp(v, words[i])) return values[i];
    return -1;
}

/* The columns by header name (col[c] -1 when absent): the first synonym of
 * a column that a header has wins, a header taken by one column is not
 * another's. */
static void find_columns(const csv_field *f, size_t nf, long *col)
{
    for (int c = 0; c < C_COUNT; c++) col[c] = -1;
    for (size_t i = 0; i < nf; i++) {
        char h[128];
        header_normalise(f[i].p, f[i].len, h, sizeof h);
        for (int c = 0; c < C_COUNT; c++)
            for (int k = 0; syn[c][k] && col[c] < 0; k++)
                if (!strcmp(h, syn[c][k])) {
                    int taken = 0;
                    for (int d = 0; d < C_COUNT; d++) taken |= col[d] == (long)i;
                    if (!taken) col[c] = (long)i;
                }
    }
}

/* A portfolio parameter's cell (k: CP_*) into *d: a number in the
 * parameter's range (docs/portfolio.md); what is wrong with it, else NULL. */
static const char *param_cell(int k, const char *v, size_t vl, double *d)
{
    int64_t m;
    *d = rmk_money_parse(v, vl, &m) == RMK_OK ? (double)m / RMK_MONEY_SCALE : NAN;
    if (k >= CP_FIRST_SCORE) {
        if (!(*d >= 1 && *d <= 5) || *d != (double)(int)*d)
            return "manager score (expected a whole number 1-5)";
    } else if (k == CP_RELATIONSHIP_COST) {
        if (!(*d >= 0)) return "relationship cost (expected an amount >= 0)";
    } else if (k == CP_MARKET_SHARE) {
        if (!(*d >= 0 && *d <= 100)) return "market share (expected a percent 0-100)";
    } else if (!isfinite(*d)) {
        return "profitability (expected a percent)";
    }
    return NULL;
}

/* the words of the type and status columns (docs/rating.md), by value */
static const char *const type_w[] = {"individual", "person", "private", "b2c", "физлицо",
                                     "физическое_лицо", "физ_лицо", "фл", "corporate",
                                     "company", "business", "legal", "b2b", "юрлицо",
                                     "юридическое_лицо", "юр_лицо", "юл", "организация", NULL};
static const int type_v[] = {1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
static const char *const status_w[] = {"client", "customer", "клиент", "lead", "лид",
                                       "qualified", "prospect", "перспективный",
                                       "квалифицирован", "disqualified", "non_prospect",
                                       "неперспективный", "дисквалифицирован", NULL};
static const int status_v[] = {0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3};

int custfile_type_of(const char *v, size_t len)
{
    return len ? word(v, len, type_w, type_v) : CUST_TYPE_UNKNOWN;
}
int custfile_status_of(const char *v, size_t len)
{
    return len ? word(v, len, status_w, status_v) : CUST_STATUS_NONE;
}

/* One non-empty cell of column c (C_TYPE and after) into r; what is wrong
 * with it, else NULL. */
static const char *read_cell(int c, const char *v, size_t vl, const rmk_read_opts *o, cust_rec *r)
{
    static const char *const flag_w[] = {"true", "yes", "y", "1", "да", "false", "no", "n", "0",
                                         "нет", NULL};
    static const int flag_v[] = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0};
    int x = 0;
    const char *what = NULL;
    if (c == C_TYPE) {
        x = custfile_type_of(v, vl);
        if (x < 0) what = "type (expected corporate or individual, юрлицо or физлицо)";
        else r->type = x;
    } else if (c == C_STATUS) {
        x = custfile_status_of(v, vl);
        if (x < 0) what = "status (expected lead, qualified, disqualified or empty)";
        else r->status = x;
    } else if (c == C_START) {
        if (rmk_date_parse(v, vl, o->date_format, &r->contract_start) != RMK_OK)
            what = "contract start date";
    } else if (c == C_REFERRALS) {
        long n = vl == 1 && v[0] == '0' ? 0 : parse_small_uint(v, vl, 1000000000L);
        if (n < 0) what = "referrals (expected a whole number)";
        else r->referrals = n;
    } else if (c == C_BOND) {
        x = word(v, vl, flag_w, flag_v);
        if (x < 0) what = "structural bond flag (expected true/false, да/нет, 1/0)";
        else r->structural_bond = x;
    } else if (c == C_MANAGER) {
        r->manager = 1;
    } else { /* a portfolio parameter */
        double d;
        what = param_cell(c - C_P0, v, vl, &d);
        if (!what) r->param[c - C_P0] = d;
    }
    return what;
}

/* Keep r with copies of its id and name (r owns them from then on); 0, or
 * -1 out of memory (nothing kept). */
static int keep_record(custfile *cf, cust_rec *r, const char *id, size_t len, const char *nm,
                       size_t nl)
{
    r->id = malloc(len + 1);
    r->name = malloc(nl + 1);
    if (r->id && r->name && cf->n == cf->cap) { /* the old block stays owned if this fails */
        size_t nc = cf->cap ? cf->cap * 2 : 64;
        cust_rec *g = realloc(cf->r, nc * sizeof *cf->r);
        if (g) cf->r = g, cf->cap = nc;
    }
    if (!r->id || !r->name || cf->n == cf->cap) {
        free(r->id);
        free(r->name);
        return -1;
    }
    memcpy(r->id, id, len);
    r->id[len] = 0;
    r->id_len = len;
    memcpy(r->name, nm, nl);
    r->name[nl] = 0;
    cf->r[cf->n++] = *r;
    return 0;
}

/* One row into a record kept in cf: every cell checked, the first bad one
 * an error "file:line:col: ...". */
static rmk_status read_row(const csv_field *f, size_t nf, size_t need, const long *col,
                           unsigned long long line, const char *fname, const rmk_read_opts *o,
                           custfile *cf, char *err, size_t errlen)
{
    if (nf < need) {
        snprintf(err, errlen, "%s:%llu: expected at least %zu fields, found %zu", fname, line,
                 need, nf);
        return RMK_ERR_DATA;
    }
    cust_rec r;
    memset(&r, 0, sizeof r);
    r.contract_start = RMK_NO_DATE;
    r.referrals = -1;
    r.structural_bond = -1;
    r.manager = col[C_MANAGER] >= 0 ? 0 : -1;
    for (int k = 0; k < CP_COUNT; k++) r.param[k] = NAN;
    r.line = line;
    const char *p = f[col[C_ID]].p;
    size_t len = f[col[C_ID]].len;
    field_trim(&p, &len);
    char why[96];
    if (id_problem("customer id", p, len, 0, why, sizeof why)) {
        snprintf(err, errlen, "%s:%llu:%ld: %s", fname, line, col[C_ID] + 1, why);
        return RMK_ERR_DATA;
    }
    for (int c = C_TYPE; c < C_COUNT; c++) {
        if (col[c] < 0) continue;
        const char *v = f[col[c]].p;
        size_t vl = f[col[c]].len;
        field_trim(&v, &vl);
        if (vl == 0) continue;
        const char *what = read_cell(c, v, vl, o, &r);
        if (what) {
            char ex[64];
            size_t k = 0;
            for (; k < vl && k < 40; k++) ex[k] = (unsigned char)v[k] < 0x20 ? '?' : v[k];
            ex[k] = 0;
            snprintf(err, errlen, "%s:%llu:%ld: cannot read %s '%s'", fname, line, col[c] + 1,
                     what, ex);
            return RMK_ERR_DATA;
        }
    }
    const char *nm = col[C_NAME] >= 0 ? f[col[C_NAME]].p : "";
    size_t nl = col[C_NAME] >= 0 ? f[col[C_NAME]].len : 0;
    field_trim(&nm, &nl);
    /* a name is printed, in JSON too: a NUL would cut it short, and JSON is UTF-8 */
    const char *bad = memchr(nm, 0, nl) ? "contains a NUL byte"
                      : !utf8_valid((const unsigned char *)nm, nl) ? "is not valid UTF-8" : NULL;
    if (bad) {
        snprintf(err, errlen, "%s:%llu:%ld: customer name %s", fname, line, col[C_NAME] + 1, bad);
        return RMK_ERR_DATA;
    }
    if (keep_record(cf, &r, p, len, nm, nl)) {
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    return RMK_OK;
}

static rmk_status read_all(csv_reader *cr, const rmk_read_opts *o, custfile *cf, char *err,
                           size_t errlen)
{
    const char *fname = csv_name(cr);
    const csv_field *f;
    size_t nf;
    rmk_status st = RMK_OK;
    long col[C_COUNT];
    int rc = csv_next(cr, &f, &nf, &st, err, errlen);
    if (rc < 0) return st;
    if (rc == 0) {
        snprintf(err, errlen, "%s: empty file (expected a header: customer_id, name, ...)", fname);
        return RMK_ERR_DATA;
    }
    find_columns(f, nf, col);
    for (int k = 0; k < CP_COUNT; k++) cf->has[k] = col[C_P0 + k] >= 0;
    if (col[C_ID] < 0) {
        snprintf(err, errlen, "%s:1: no customer_id column (expected customer_id, client, "
                              "Клиент, Контрагент ...)", fname);
        return RMK_ERR_DATA;
    }
    size_t need = 0;
    for (int c = 0; c < C_COUNT; c++)
        if (col[c] >= 0 && (size_t)col[c] + 1 > need) need = (size_t)col[c] + 1;
    while ((rc = csv_next(cr, &f, &nf, &st, err, errlen)) == 1) {
        st = read_row(f, nf, need, col, (unsigned long long)csv_line(cr), fname, o, cf, err,
                      errlen);
        if (st) return st;
    }
    if (rc < 0) return st;
    /* sorted for lookup by binary search; an id twice is an error at its later line */
    if (cf->n > 1) qsort(cf->r, cf->n, sizeof *cf->r, rec_cmp); /* a header only: r is NULL */
    for (size_t i = 1; i < cf->n; i++)
        if (rec_cmp(&cf->r[i - 1], &cf->r[i]) == 0) {
            uint64_t a = cf->r[i - 1].line, b = cf->r[i].line;
            snprintf(err, errlen, "%s:%llu: customer '%s' appears twice (lines %llu and %llu)", fname,
                     (unsigned long long)(a > b ? a : b), cf->r[i].id,
                     (unsigned long long)(a < b ? a : b), (unsigned long long)(a > b ? a : b));
            return RMK_ERR_DATA;
        }
    return RMK_OK;
}

static rmk_status finish(csv_reader *cr, const rmk_read_opts *o, custfile **out, char *err,
                         size_t errlen)
{
    custfile *cf = calloc(1, sizeof *cf);
    if (!cf) {
        csv_close(cr);
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    rmk_status st = read_all(cr, o, cf, err, errlen);
    csv_close(cr);
    if (st) {
        custfile_free(cf);
        return st;
    }
    *out = cf;
    return RMK_OK;
}

rmk_status custfile_read(const char *path, const rmk_read_opts *o, custfile **out, char *err,
                         size_t errlen)
{
    rmk_status st;
    *out = NULL;
    /* a workspace: the customers file imported into it, read as it was given */
    int ws = ws_probe(path, err, errlen);
    if (ws < 0) return ws_probe_status(ws);
    if (ws) {
        char *data, *name;
        size_t len;
        if ((st = ws_side_file(path, "customers", &data, &len, &name, err, errlen))) return st;
        st = custfile_read_mem(data, len, name, o, out, err, errlen);
        free(data);
        free(name);
        return st;
    }
    csv_reader *cr = csv_open(path, o->encoding, o->delimiter, &st, err, errlen);
    return cr ? finish(cr, o, out, err, errlen) : st;
}

rmk_status custfile_read_mem(const char *data, size_t len, const char *name,
                             const rmk_read_opts *o, custfile **out, char *err, size_t errlen)
{
    rmk_status st;
    *out = NULL;
    csv_reader *cr = csv_open_mem(data, len, name, o->encoding, o->delimiter, &st, err, errlen);
    return cr ? finish(cr, o, out, err, errlen) : st;
}
