/* SPDX-License-Identifier: MIT */
/* portfolio.c — managing the customer portfolio (lecture §3, SPEC §3.6):
 * every rated client scored 1..5 on the lecture's commercial, strategic and
 * technical parameters, two weighted axes (client attractiveness and
 * relationship strength), a 3x3 matrix with a strategy and a bond level per
 * cell, and a retention budget split by the value at stake. */
#include "book.h"
#include "par.h"
#include "errmsg.h"
#include "sort.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const pkey[RMK_PF_COUNT] = {
    "sales_volume",          "profitability",        "market_share",
    "solvency",              "relationship_cost",    "strategic_importance",
    "development_potential", "specialisation_fit",   "relationship_strength",
    "relationship_value",    "goal_compatibility",   "management_complexity",
    "technology_protection", "cooperation"};
static const char *const pname_en[RMK_PF_COUNT] = {
    "Sales volume", "Profitability", "Client's market share", "Solvency",
    "Relationship costs", "Strategic importance", "Potential for technical development",
    "Fit with our specialisation", "Strength of the relationship", "Value of the relationship",
    "Compatibility of goals and cultures", "Ease of managing the relationship",
    "Protection of technologies", "Period of cooperation"};
/* lecture-ru, "Параметры оценки клиентов" */
static const char *const pname_ru[RMK_PF_COUNT] = {
    "Объем продаж", "Доходность клиента", "Доля клиента на рынке", "Платежеспособность",
    "Затраты на отношения", "Стратегическая значимость клиента",
    "Потенциал технического развития", "Соответствие специализации партнера",
    "Сила отношений", "Ценность отношений", "Совместимость целей и корпоративных культур",
    "Сложность управления отношениями", "Защита технологий", "Период сотрудничества"};
static const int pgroup[RMK_PF_COUNT] = {0, 0, 0, 0, 0, 1, 2, 2, 1, 1, 1, 1, 2, 0};
/* the customers file's parameter behind each, or -1 when measured */
static const int pfile[RMK_PF_COUNT] = {-1,
                                        CP_PROFITABILITY,
                                        CP_MARKET_SHARE,
                                        -1,
                                        CP_RELATIONSHIP_COST,
                                        CP_STRATEGIC_IMPORTANCE,
                                        CP_DEVELOPMENT_POTENTIAL,
                                        CP_SPECIALISATION_FIT,
                                        CP_RELATIONSHIP_STRENGTH,
                                        CP_RELATIONSHIP_VALUE,
                                        CP_GOAL_COMPATIBILITY,
                                        CP_MANAGEMENT_COMPLEXITY,
                                        CP_TECHNOLOGY_PROTECTION,
                                        -1};

const char *rmk_pf_param_key(int p) { return p >= 0 && p < RMK_PF_COUNT ? pkey[p] : ""; }
const char *rmk_pf_param_name(int p, const char *lang)
{
    if (p < 0 || p >= RMK_PF_COUNT) return "";
    return lang && !strcmp(lang, "ru") ? pname_ru[p] : pname_en[p];
}
int rmk_pf_param_group(int p) { return p >= 0 && p < RMK_PF_COUNT ? pgroup[p] : -1; }

static const char *const cell_keys[9] = {"reconsider", "harvest_or_reconsider", "harvest",
                                         "standard", "maintain_selectively", "maintain",
                                         "build", "develop", "key_partner"};
static const char *const cell_en[9] = {
    "Reconsider: standard terms only, minimal resources, or end the relationship",
    "Harvest or reconsider: cut the cost to serve; keep only what pays",
    "Harvest: keep the routines that work at a lower cost to serve",
    "Standard: standard discounts and information support; watch for growth",
    "Maintain selectively: the standard package plus the services that pay",
    "Maintain: keep the service level and the personal contacts, efficiently",
    "Build: win a larger share of the client's purchases; social bonds",
    "Develop: invest in the relationship — personal manager, joint plans, preferential credit",
    "Key partner: special terms, personal manager, cumulative discounts, structural bonds"};
static const char *const cell_ru[9] = {
    "Пересмотреть: только стандартные условия, минимум ресурсов или прекращение отношений",
    "Снимать урожай или пересмотреть: снизить затраты на обслуживание",
    "Снимать урожай: сохранить отлаженные процедуры при меньших затратах",
    "Стандарт: стандартные скидки и информационная поддержка; следить за ростом",
    "Поддерживать выборочно: стандартный пакет и окупающиеся услуги",
    "Поддерживать: сохранить уровень обслуживания и личные контакты",
    "Наращивать: увеличить долю в закупках клиента; социальные связи",
    "Развивать: инвестировать в отношения — персональный менеджер, совместные планы, льготный кредит",
    "Ключевой партнер: особые условия, персональный менеджер, накопительные скидки, структурные связи"};
static const char *const cell_name_en[9] = {
    "Reconsider", "Harvest or reconsider", "Harvest", "Standard", "Maintain selectively",
    "Maintain", "Build", "Develop", "Key partner"};
static const char *const cell_name_ru[9] = {
    "Пересмотреть", "Снимать урожай или пересмотреть", "Снимать урожай", "Стандарт",
    "Поддерживать выборочно", "Поддерживать", "Наращивать", "Развивать", "Ключевой партнер"};
static const int cell_bond[9] = {1, 1, 1, 1, 1, 2, 2, 2, 3};

const char *rmk_pf_cell_key(int c) { return c >= 0 && c < 9 ? cell_keys[c] : ""; }
const char *rmk_pf_cell_strategy(int c, const char *lang)
{
    if (c < 0 || c >= 9) return "";
    return lang && !strcmp(lang, "ru") ? cell_ru[c] : cell_en[c];
}
const char *rmk_pf_cell_name(int c, const char *lang)
{
    if (c < 0 || c >= 9) return "";
    return lang && !strcmp(lang, "ru") ? cell_name_ru[c] : cell_name_en[c];
}
int rmk_pf_cell_bond_level(int c) { return c >= 0 && c < 9 ? cell_bond[c] : 0; }

void rmk_portfolio_opts_init(rmk_portfolio_opts *o)
{
    memset(o, 0, sizeof *o);
    o->as_of = RMK_NO_DATE;
    o->value_clv = 1;
    double *a = o->weight[RMK_PF_ATTRACTIVENESS], *s = o->weight[RMK_PF_STRENGTH];
    a[RMK_PF_SALES_VOLUME] = 25;
    a[RMK_PF_PROFITABILITY] = 20;
    a[RMK_PF_MARKET_SHARE] = 10;
    a[RMK_PF_SOLVENCY] = 10;
    a[RMK_PF_RELATIONSHIP_COST] = 5;
    a[RMK_PF_STRATEGIC_IMPORTANCE] = 15;
    a[RMK_PF_DEVELOPMENT_POTENTIAL] = 10;
    a[RMK_PF_SPECIALISATION_FIT] = 5;
    s[RMK_PF_RELATIONSHIP_STRENGTH] = 25;
    s[RMK_PF_RELATIONSHIP_VALUE] = 20;
    s[RMK_PF_GOAL_COMPATIBILITY] = 15;
    s[RMK_PF_MANAGEMENT_COMPLEXITY] = 10;
    s[RMK_PF_TECHNOLOGY_PROTECTION] = 5;
    s[RMK_PF_COOPERATION] = 25;
}

struct rmk_portfolio {
    rmk_pf_client *c;
    size_t n;
    rmk_rating *rating; /* the ids and names, in the book */
    rmk_book *own_book; /* rmk_portfolio_file's */
    int32_t as_of;
    rmk_pf_cell_stats cell[9];
    rmk_portfolio_stats stats;
};

void rmk_portfolio_free(rmk_portfolio *x)
{
    if (!x) return;
    free(x->c);
    rmk_rating_free(x->rating);
    rmk_book_free(x->own_book);
    free(x);
}
size_t rmk_portfolio_count(const rmk_portfolio *x) { return x->n; }
const rmk_pf_client *rmk_portfolio_at(const rmk_portfolio *x, size_t i) { return i < x->n ? &x->c[i] : NULL; }
const rmk_scale *rmk_portfolio_scale(const rmk_portfolio *x) { return rmk_rating_scale(x->rating); }
int32_t rmk_portfolio_as_of(const rmk_portfolio *x) { return x->as_of; }
void rmk_portfolio_get_stats(const rmk_portfolio *x, rmk_portfolio_stats *s) { *s = x->stats; }
void rmk_portfolio_cell(const rmk_portfolio *x, int c, rmk_pf_cell_stats *s)
{
    memset(s, 0, sizeof *s);
    if (c >= 0 && c < 9) *s = x->cell[c];
}

/* Scores 1..5 by quintile: 1 + floor(5 * (clients with a strictly smaller
 * value) / (clients with a value)); lower_better reverses the order. Equal
 * values get equal scores. v[i] NAN: no score. */
typedef struct qv { double v; size_t i; } qv;
static int qv_cmp(const void *pa, const void *pb)
{
    const qv *a = pa, *b = pb;
    return (a->v > b->v) - (a->v < b->v);
}
/* whole numbers (money in minor units, months) sort by radix: a million
 * clients in a few passes instead of a comparison sort */
static int quintiles_int(const double *v, size_t n, int lower_better, double *score, int *done)
{
    *done = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i])) continue;
        if (v[i] != floor(v[i]) || fabs(v[i]) > 9007199254740992.0) return 0; /* not exact */
        m++;
    }
    kv *k = malloc((m ? m : 1) * sizeof *k);
    if (!k) return -1;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        score[i] = NAN;
        if (!isfinite(v[i])) continue;
        int64_t x = (int64_t)v[i];
        if (lower_better) x = -x;
        k[j++] = (kv){(uint64_t)x ^ 0x8000000000000000ULL, (uint32_t)i}; /* order-preserving */
    }
    if (radix_sort(k, m)) {
        free(k);
        return -1;
    }
    for (size_t a = 0; a < m;) {
        size_t e = a;
        while (e < m && k[e].key == k[a].key) e++;
        double sc = 1 + floor(5.0 * (double)a / (double)m);
        for (size_t t = a; t < e; t++) score[k[t].idx] = sc > 5 ? 5 : sc;
        a = e;
    }
    free(k);
    *done = 1;
    return 0;
}

static int quintiles(const double *v, size_t n, int lower_better, double *score)
{
    int done = 0;
    if (n <= UINT32_MAX && quintiles_int(v, n, lower_better, score, &done)) return -1;
    if (done) return 0;
    qv *q = malloc((n ? n : 1) * sizeof *q);
    if (!q) return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        score[i] = NAN;
        if (isfinite(v[i])) q[m++] = (qv){lower_better ? -v[i] : v[i], i};
    }
    qsort(q, m, sizeof *q, qv_cmp);
    for (size_t k = 0; k < m;) {
        size_t e = k;
        while (e < m && q[e].v == q[k].v) e++;
        double s = 1 + floor(5.0 * (double)k / (double)m);
        for (size_t j = k; j < e; j++) score[q[j].i] = s > 5 ? 5 : s;
        k = e;
    }
    free(q);
    return 0;
}

static int level_of(double a)
{
    if (!isfinite(a)) return -1;
    return a * 3 >= 11 ? 2 : a * 3 >= 7 ? 1 : 0; /* thirds of [1, 5] */
}

static int id_cmp(const char *a, const char *b)
{
    return strcmp(a, b);
}

static rmk_status check_opts(const rmk_portfolio_opts *o, char *err, size_t errlen);

rmk_status rmk_portfolio_file(const char *path, const rmk_read_opts *ro, const rmk_portfolio_opts *o,
                              rmk_portfolio **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_portfolio_opts def;
    if (!o) rmk_portfolio_opts_init(&def), o = &def;
    rmk_status st = check_opts(o, err, errlen);
    if (st) return st;
    rmk_book *book = NULL;
    st = book_read_for(path, ro, o->as_of, RMK_BOOK_DAYS | RMK_BOOK_PAYMENTS | RMK_BOOK_MARGINS,
                       o->customers, &book, err, errlen);
    if (st == RMK_OK) st = rmk_portfolio_run(book, o, out, err, errlen);
    if (st == RMK_OK) (*out)->own_book = book;
    else rmk_book_free(book);
    return st;
}

/* weights that do not add up are an error, not a guess */
static rmk_status check_opts(const rmk_portfolio_opts *o, char *err, size_t errlen)
{
    static const char *const axis_name[2] = {"attractiveness", "strength"};
    for (int a = 0; a < 2; a++) { /* weights that do not add up are an error, not a guess */
        double sum = 0;
        for (int p = 0; p < RMK_PF_COUNT; p++) {
            if (!(o->weight[a][p] >= 0)) {
                snprintf(err, errlen, "portfolio weight %s.%s is negative", axis_name[a], pkey[p]);
                return RMK_ERR_CONFIG;
            }
            sum += o->weight[a][p];
        }
        if (fabs(sum - 100) > 1e-9) {
            snprintf(err, errlen, "the %s weights add up to %g, not 100 (percent)", axis_name[a], sum);
            return RMK_ERR_CONFIG;
        }
    }
    if (!(o->budget >= 0)) {
        snprintf(err, errlen, "the budget must not be negative");
        return RMK_ERR_USAGE;
    }
    return RMK_OK;
}

/* The rating of every client (as_of, scale, customers file; profitability
 * measured from the rows' cost or margin where there is one): the clients,
 * in id order, with no parameter scored yet. */
static rmk_status rate_clients(rmk_portfolio *x, const rmk_book *book, const rmk_portfolio_opts *o,
                               char *err, size_t errlen)
{
    rmk_rate_opts rt;
    rmk_rate_opts_init(&rt);
    rt.as_of = o->as_of;
    rt.scale = o->scale;
    rt.customers = o->customers;
    rt.margins = 1; /* profitability from the data where it has a cost or margin column */
    rmk_status st = rmk_rate_run(book, &rt, &x->rating, err, errlen);
    if (st) return st;
    x->as_of = rmk_rating_as_of(x->rating);
    rmk_rating_stats rs;
    rmk_rating_get_stats(x->rating, &rs);
    x->stats.rows_skipped = rs.rows_skipped;
    snprintf(x->stats.first_error, sizeof x->stats.first_error, "%s", rs.first_error);
    size_t n = rmk_rating_count(x->rating);
    x->c = calloc(n ? n : 1, sizeof *x->c);
    if (!x->c) {
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    x->n = n;
    for (size_t i = 0; i < n; i++) {
        const rmk_rated_client *r = rmk_rating_at(x->rating, i);
        rmk_pf_client *c = &x->c[i];
        c->customer_id = r->customer_id;
        c->name = r->name;
        c->category = r->category;
        c->window_net = r->window_net;
        c->cell = -1;
    }
    return RMK_OK;
}

/* Parameter p's value for rated client r (NAN: none): measured from the
 * data (sales, cooperation, solvency, profitability where a cost or margin
 * is known), else the customers file's record rec. */
static double param_value(rmk_portfolio *x, int p, const rmk_rated_client *r, const cust_rec *rec)
{
    double v = NAN;
    if (p == RMK_PF_SALES_VOLUME) v = (double)r->window_net;
    else if (p == RMK_PF_COOPERATION) v = r->cooperation_months;
    else if (p == RMK_PF_SOLVENCY)
        v = r->payment == RMK_PAY_PREPAID ? 5 : r->payment == RMK_PAY_ON_TIME ? 4
            : r->payment == RMK_PAY_LATE  ? 1 : NAN;
    else if (p == RMK_PF_PROFITABILITY && r->margin_known && r->window_margin_base > 0) {
        /* measured: the window's margin over the sales it was known for,
         * percent (rows without a cost or margin are left out of both) */
        v = 100.0 * (double)r->window_margin / (double)r->window_margin_base;
        x->stats.profitability_measured++;
    } else if (rec) v = rec->param[pfile[p]];
    return v;
}

/* Each rated client's record in the customers file (NULL: none), found
 * once by walking the book's id order beside the rating's (both by id; the
 * rating leaves some customers out, and its ids are the book's own strings,
 * so a pointer compare matches them): 13 parameters x a million clients
 * must not search the file 13 million times. 0, or -1 out of memory. */
static int client_records(const rmk_portfolio *x, const rmk_book *book, const cust_rec ***out)
{
    *out = NULL;
    if (!book->cf) return 0;
    const cust_rec **recs = calloc(x->n ? x->n : 1, sizeof *recs);
    if (!recs) return -1;
    const rmk_agg *ids = book->h.ids;
    const agg_customer *ac = agg_customers(ids);
    size_t nb = book->h.customers, t = 0;
    for (size_t i = 0; i < x->n; i++) {
        const char *id = rmk_rating_at(x->rating, i)->customer_id;
        while (t < nb && agg_id(ids, &ac[book->by_id[t]]) != id) t++;
        if (t < nb) recs[i] = book->rec[book->by_id[t]];
        else recs[i] = custfile_find(book->cf, id, strlen(id)); /* not the book's string */
    }
    *out = recs;
    return 0;
}

/* Each parameter's scores 1..5: quintiles of a measured or amount-like
 * value, the manager's score as given. col, sc: n doubles of room. 0, or
 * -1 out of memory. */
static int score_params(rmk_portfolio *x, const rmk_book *book, double *col, double *sc)
{
    size_t n = x->n;
    const cust_rec **recs;
    if (client_records(x, book, &recs)) return -1;
    for (int p = 0; p < RMK_PF_COUNT; p++) {
        for (size_t i = 0; i < n; i++)
            col[i] = param_value(x, p, rmk_rating_at(x->rating, i), recs ? recs[i] : NULL);
        int quint = p == RMK_PF_SALES_VOLUME || p == RMK_PF_COOPERATION || p == RMK_PF_PROFITABILITY ||
                    p == RMK_PF_MARKET_SHARE || p == RMK_PF_RELATIONSHIP_COST;
        if (quint) {
            if (quintiles(col, n, p == RMK_PF_RELATIONSHIP_COST, sc)) {
                free(recs);
                return -1;
            }
        } else {
            memcpy(sc, col, n * sizeof *sc);
        }
        for (size_t i = 0; i < n; i++) x->c[i].score[p] = sc[i];
    }
    free(recs);
    return 0;
}

/* The axes: weighted means over the parameters a client has, their levels
 * and the matrix cell; a parameter no client has (its column absent) is
 * named once, not in every client's list. */
static void place_clients(rmk_portfolio *x, const rmk_portfolio_opts *o)
{
    size_t n = x->n;
    for (size_t i = 0; i < n; i++) {
        rmk_pf_client *c = &x->c[i];
        for (int a = 0; a < 2; a++) {
            double sw = 0, sv = 0;
            for (int p = 0; p < RMK_PF_COUNT; p++) {
                double w = o->weight[a][p];
                if (w <= 0) continue;
                if (!isfinite(c->score[p])) {
                    c->missing |= 1u << p;
                    continue;
                }
                sw += w;
                sv += w * c->score[p];
            }
            c->axis[a] = sw > 0 ? sv / sw : NAN;
            c->level[a] = level_of(c->axis[a]);
        }
        if (c->level[0] >= 0 && c->level[1] >= 0) c->cell = c->level[0] * 3 + c->level[1];
        else x->stats.unplaced++;
        for (int p = 0; p < RMK_PF_COUNT; p++)
            if (c->missing & (1u << p)) x->stats.missing[p]++;
    }
    for (int p = 0; p < RMK_PF_COUNT; p++)
        if (n && x->stats.missing[p] == n) x->stats.absent |= 1u << p;
    for (size_t i = 0; i < n; i++) x->c[i].missing &= ~x->stats.absent;
}

/* The CLV of every customer (o->value_clv), fitted beside the rating and
 * the scores (par_both: they share nothing but the read-only book). The
 * as-of date is the rating's default, the book's latest purchase date, when
 * the caller gives none -- the same date the rating settles on. */
typedef struct clv_part {
    const rmk_book *book;
    const rmk_portfolio_opts *o;
    rmk_clv *clv;
    rmk_status st;
    char err[512];
} clv_part;

static void fit_clv(void *arg)
{
    clv_part *c = arg;
    if (!c->o->value_clv) return;
    rmk_clv_opts co;
    rmk_clv_opts_init(&co);
    co.as_of = c->o->as_of;
    co.unit = RMK_UNIT_MONTH;
    co.threads = c->book->threads;
    c->st = rmk_clv_run(c->book, &co, &c->clv, c->err, sizeof c->err);
}

/* The value at stake: CLV where the model could be fitted (a model that
 * cannot is noted, and revenue used), else revenue; then the budget split
 * in proportion to it, and the cells' totals. */
static rmk_status value_and_budget(rmk_portfolio *x, clv_part *cp, char *err, size_t errlen)
{
    rmk_clv *clv = cp->clv;
    x->stats.value_clv = 0;
    if (cp->o->value_clv) {
        if (cp->st == RMK_OK) {
            x->stats.value_clv = 1;
        } else if (cp->st == RMK_ERR_DATA || cp->st == RMK_ERR_EMPTY) {
            snprintf(x->stats.value_note, sizeof x->stats.value_note, "%s", cp->err);
        } else {
            snprintf(err, errlen, "%s", cp->err);
            return cp->st;
        }
    }
    const rmk_portfolio_opts *o = cp->o;
    size_t k = 0, nk = x->stats.value_clv ? rmk_clv_count(clv) : 0;
    double total = 0;
    for (size_t i = 0; i < x->n; i++) { /* both in id order */
        rmk_pf_client *c = &x->c[i];
        if (x->stats.value_clv) {
            while (k < nk && id_cmp(rmk_clv_at(clv, k)->customer_id, c->customer_id) < 0) k++;
            c->value = k < nk && !id_cmp(rmk_clv_at(clv, k)->customer_id, c->customer_id)
                           ? rmk_clv_at(clv, k)->clv
                           : 0; /* no purchase in the data: nothing at stake yet */
        } else {
            c->value = (double)c->window_net / RMK_MONEY_SCALE;
        }
        if (c->value > 0) total += c->value;
    }
    for (size_t i = 0; i < x->n; i++) {
        rmk_pf_client *c = &x->c[i];
        c->allocation = o->budget > 0 && total > 0 && c->value > 0 ? o->budget * c->value / total : 0;
        if (c->cell < 0) continue;
        rmk_pf_cell_stats *s = &x->cell[c->cell];
        s->clients++;
        /* the rating checked the total of all clients; a cell's share of
         * large credits and sales can still pass int64 (a fuzzed file did) */
        if (__builtin_add_overflow(s->revenue, c->window_net, &s->revenue)) {
            snprintf(err, errlen, "%s: client %s: the revenue of its portfolio cell overflows",
                     cp->book->path, c->customer_id);
            return RMK_ERR_DATA;
        }
        s->value += c->value;
        s->allocation += c->allocation;
    }
    return RMK_OK;
}

/* The rating, each parameter's scores and the matrix cells: the part that
 * runs beside the CLV fit. */
typedef struct place_part {
    rmk_portfolio *x;
    const rmk_book *book;
    const rmk_portfolio_opts *o;
    rmk_status st;
    char err[512];
} place_part;

static void rate_and_place(void *arg)
{
    place_part *p = arg;
    p->st = rate_clients(p->x, p->book, p->o, p->err, sizeof p->err);
    if (p->st) return;
    size_t n = p->x->n ? p->x->n : 1;
    double *col = malloc(n * sizeof *col), *sc = malloc(n * sizeof *sc);
    if (!col || !sc || score_params(p->x, p->book, col, sc)) {
        rmk_nomem(p->err, sizeof p->err);
        p->st = RMK_ERR_NOMEM;
    } else {
        place_clients(p->x, p->o);
    }
    free(col);
    free(sc);
}

rmk_status rmk_portfolio_run(const rmk_book *book, const rmk_portfolio_opts *o, rmk_portfolio **out,
                             char *err, size_t errlen)
{
    *out = NULL;
    rmk_portfolio_opts def;
    if (!o) rmk_portfolio_opts_init(&def), o = &def;
    rmk_status st = check_opts(o, err, errlen);
    if (st) return st;
    if (book_lacks(book, RMK_BOOK_DAYS | RMK_BOOK_PAYMENTS | RMK_BOOK_MARGINS, "the portfolio", err,
                   errlen))
        return RMK_ERR_USAGE;
    rmk_portfolio *x = calloc(1, sizeof *x);
    if (!x) {
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    place_part pp = {x, book, o, RMK_OK, ""};
    clv_part cp = {book, o, NULL, RMK_OK, ""};
    par_both(fit_clv, &cp, rate_and_place, &pp, book->threads);
    if (pp.st) snprintf(err, errlen, "%s", pp.err);
    st = pp.st ? pp.st : value_and_budget(x, &cp, err, errlen);
    rmk_clv_free(cp.clv);
    if (st) {
        rmk_portfolio_free(x);
        return st;
    }
    *out = x;
    return RMK_OK;
}
