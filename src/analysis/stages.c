/* SPDX-License-Identifier: MIT */
/* stages.c — the customer life cycle (lecture §2, SPEC §3.3) and the
 * retention bond levels (lecture §4, SPEC §3.4) over the customer book.
 *
 * The book keeps each customer's history as its purchase days: per
 * (customer, day) the purchases started that day and the net sales. Any
 * date's stage is then a walk over the customer's days, so the as-of date
 * (the latest transaction date unless given) and the migration's earlier
 * date are both exact, from one read. The ladder's rules, the lapse
 * threshold, the B2B stages and their indicators are in stages_rules.c;
 * the rules in words in stages_text.c. */
#include "stages.h"
#include "par.h"
#include "errmsg.h"
#include "sort.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rmk_stage_opts_init(rmk_stage_opts *o)
{
    memset(o, 0, sizeof *o);
    o->as_of = RMK_NO_DATE;
    o->sat_min = 1;
    o->sat_max = 5;
    o->client_purchases = 3;
    o->client_quarters = 2;
    o->lapse_factor = 3;
    o->former_factor = 2;
    o->friend_nps = 9;
    o->friend_referrals = 1;
    o->b2b_early_months = 12;
    o->b2b_early_purchases = 3;
    o->b2b_long_months = 24;
    o->b2b_long_purchases = 12;
    o->b2b_final_decline = 50;
}

/* a customer's parts of the files and its groups while staging */
typedef struct cust {
    const cust_rec *rec;     /* customers file, or NULL */
    const fb_customer *fb;   /* feedback, or NULL */
    int has_rows, category, previous_category, segment;
} cust;

/* -------------------------------------------------------------- result */

void rmk_stages_free(rmk_stages *x)
{
    if (!x) return;
    free(x->out);
    rmk_rating_free(x->rating); /* before the book it points into */
    rmk_book_free(x->own_book);
    rmk_scale_free(x->own_scale);
    free(x);
}
size_t rmk_stages_count(const rmk_stages *x) { return x->n; }
const rmk_staged_customer *rmk_stages_at(const rmk_stages *x, size_t i)
{
    return i < x->n ? &x->out[i] : NULL;
}
int32_t rmk_stages_as_of(const rmk_stages *x) { return x->as_of; }
int32_t rmk_stages_compare_date(const rmk_stages *x) { return x->compare; }
void rmk_stages_lapse(const rmk_stages *x, int previous, rmk_lapse *l) { *l = x->lapse[previous ? 1 : 0]; }
const rmk_scale *rmk_stages_scale(const rmk_stages *x) { return x->rating ? x->scale : NULL; }
const rmk_segmap *rmk_stages_segments(const rmk_stages *x) { return x->segments; }
void rmk_stages_get_stats(const rmk_stages *x, rmk_stages_stats *s) { *s = x->stats; }
int rmk_stages_group_bond(const rmk_stages *x, const char *group)
{
    int lv = stages_bond_of(&x->o, group);
    return lv ? lv : 1;
}

/* ---------------------------------------------------------------- build */

static int opts_check(const rmk_stage_opts *o, char *err, size_t errlen)
{
    const char *bad = NULL;
    if (o->client_purchases < 1) bad = "client purchases must be at least 1";
    else if (o->client_quarters < 0 || o->client_quarters > 4) bad = "client quarters must be 0..4";
    else if (o->lapse_days < 0) bad = "lapse days must not be negative";
    else if (o->lapse_factor < 1 || o->former_factor < 1 || o->lapse_factor > 100000 ||
             o->former_factor > 100000)
        bad = "lapse and former factors must be 1..100000";
    else if (o->friend_nps < 0 || o->friend_nps > 10) bad = "friend NPS must be 0..10";
    else if (o->friend_referrals < 1) bad = "friend referrals must be at least 1";
    else if (o->b2b_early_months < 0 || o->b2b_long_months < 0 || o->b2b_early_purchases < 0 ||
             o->b2b_long_purchases < 0)
        bad = "B2B thresholds must not be negative";
    else if (o->b2b_final_decline < 1 || o->b2b_final_decline > 100) bad = "B2B final decline must be 1..100 percent";
    else if (o->compare_days < 0 || o->compare_months < 0) bad = "the migration period must be positive";
    for (size_t i = 0; !bad && o->bonds && i < o->nbonds; i++)
        if (o->bonds[i].level < 1 || o->bonds[i].level > 3) bad = "a bond level must be 1, 2 or 3";
    if (bad) snprintf(err, errlen, "%s", bad);
    return bad ? -1 : 0;
}

static rmk_status check_all(const rmk_stage_opts *o, char *err, size_t errlen);

rmk_status rmk_stages_file(const char *path, const rmk_read_opts *ro, const rmk_stage_opts *o,
                           rmk_stages **out, char *err, size_t errlen)
{
    *out = NULL;
    rmk_read_opts rdef;
    rmk_stage_opts odef;
    if (!ro) rmk_read_opts_init(&rdef), ro = &rdef;
    if (!o) rmk_stage_opts_init(&odef), o = &odef;
    rmk_status st = check_all(o, err, errlen);
    if (st) return st;
    rmk_read_opts rr = *ro; /* every file stops at the as-of date */
    if (o->as_of != RMK_NO_DATE) rr.as_of = o->as_of;
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_DAYS | RMK_BOOK_RFM | (o->rate ? RMK_BOOK_PAYMENTS : 0);
    bo.customers = o->customers;
    bo.feedback = o->feedback;
    bo.sat_min = o->sat_min;
    bo.sat_max = o->sat_max;
    rmk_book *book = NULL;
    st = rmk_book_read(path, &rr, &bo, &book, err, errlen);
    if (st == RMK_OK) st = rmk_stages_run(book, o, out, err, errlen);
    if (st == RMK_OK) (*out)->own_book = book;
    else rmk_book_free(book);
    return st;
}

/* The options, and the bond mapping's groups against the scale's categories
 * and the map's segments: a typo is not a silent level 1 */
static rmk_status check_all(const rmk_stage_opts *o, char *err, size_t errlen)
{
    if (opts_check(o, err, errlen)) return RMK_ERR_USAGE;
    if (o->bonds) { /* a mapping names groups that exist: a typo is not a silent level 1 */
        rmk_status sst = RMK_OK;
        rmk_scale *def = o->scale ? NULL : rmk_scale_default(&sst, err, errlen);
        const rmk_scale *sc = o->scale ? o->scale : def;
        if (!sc) return sst;
        for (size_t i = 0; i < o->nbonds; i++) {
            const char *g = o->bonds[i].group ? o->bonds[i].group : "";
            int known = 0;
            for (int c = 0; c < rmk_scale_category_count(sc) && !known; c++)
                known = !strcmp(g, rmk_scale_category_key(sc, c));
            for (int k = 0; o->segments && k < rmk_segmap_count(o->segments) && !known; k++)
                known = !strcmp(g, rmk_segmap_key(o->segments, k));
            if (!known) {
                size_t u = (size_t)snprintf(err, errlen, "the bond mapping names '%s', neither a rating "
                                                         "category nor a segment (known:", g);
                for (int c = 0; c < rmk_scale_category_count(sc) && u < errlen; c++)
                    u += (size_t)snprintf(err + u, errlen - u, " %s", rmk_scale_category_key(sc, c));
                for (int k = 0; o->segments && k < rmk_segmap_count(o->segments) && u < errlen; k++)
                    u += (size_t)snprintf(err + u, errlen - u, " %s", rmk_segmap_key(o->segments, k));
                if (u < errlen) snprintf(err + u, errlen - u, ")");
                rmk_scale_free(def);
                return RMK_ERR_CONFIG;
            }
        }
        rmk_scale_free(def);
    }
    return RMK_OK;
}

/* The read's counts, the as-of date (the latest transaction's unless
 * given), the migration's earlier date and the lapse threshold at each. */
static rmk_status set_dates(rmk_stages *x, const rmk_book *book, const rmk_stage_opts *o,
                            char *err, size_t errlen)
{
    rmk_agg_stats as;
    rmk_agg_get_stats(x->ids, &as);
    x->stats.rows = as.rows;
    x->stats.rows_skipped = as.rows_skipped;
    x->stats.rows_after_as_of = as.rows_after_as_of;
    snprintf(x->stats.first_error, sizeof x->stats.first_error, "%s", as.first_error);
    size_t n = agg_count(x->ids);
    x->as_of = o->as_of != RMK_NO_DATE ? o->as_of : as.last_day;
    if (x->as_of == RMK_NO_DATE) {
        snprintf(err, errlen, "%s: no transactions (give --as-of to place the customers of the "
                              "customers file)", book->path);
        return RMK_ERR_EMPTY;
    }
    if (o->compare_days || o->compare_months)
        x->compare = rmk_add_months(x->as_of, -o->compare_months) - o->compare_days;
    if (stages_lapse_at(o, book->h.days, book->h.off, n, x->as_of, &x->lapse[0]) ||
        (x->compare != RMK_NO_DATE &&
         stages_lapse_at(o, book->h.days, book->h.off, n, x->compare, &x->lapse[1]))) {
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    return RMK_OK;
}

/* o->rate: the rating at both dates, each customer's category (cu[i]);
 * order lists the customers in id order, as the rating is. */
static rmk_status join_rating(rmk_stages *x, const rmk_book *book, const rmk_stage_opts *o,
                              const kv *order, cust *cu, char *err, size_t errlen)
{
    size_t n = agg_count(x->ids);
    const agg_customer *ac = agg_customers(x->ids);
    rmk_rate_opts rt;
    rmk_rate_opts_init(&rt);
    rt.as_of = x->as_of;
    rt.compare_to = x->compare;
    rt.scale = o->scale;
    rt.customers = o->customers;
    rmk_status st = rmk_rate_run(book, &rt, &x->rating, err, errlen);
    if (st) return st;
    x->scale = rmk_rating_scale(x->rating);
    /* both in id order: merge */
    size_t r = 0, nr = rmk_rating_count(x->rating);
    for (size_t t = 0; t < n && r < nr; t++) {
        size_t i = order[t].idx;
        const char *id = agg_id(x->ids, &ac[i]);
        while (r < nr && id_order(rmk_rating_at(x->rating, r)->customer_id,
                                strlen(rmk_rating_at(x->rating, r)->customer_id), id,
                                ac[i].id_len) < 0)
            r++;
        const rmk_rated_client *rc = r < nr ? rmk_rating_at(x->rating, r) : NULL;
        if (rc && id_order(rc->customer_id, strlen(rc->customer_id), id, ac[i].id_len) == 0) {
            cu[i].category = rc->category;
            cu[i].previous_category = rc->previous_category;
        }
    }
    return RMK_OK;
}

/* o->segments: the RFM scores at the as-of date, each customer's segment
 * (cu[i]); *rfm the scoring, freed by the caller. */
static rmk_status join_segments(rmk_stages *x, const rmk_stage_opts *o, const kv *order, cust *cu,
                                rmk_rfm **rfm, char *err, size_t errlen)
{
    size_t n = agg_count(x->ids);
    const agg_customer *ac = agg_customers(x->ids);
    const rmk_rfm *scores = o->rfm; /* the caller's, when they are these */
    if (!scores || rmk_rfm_as_of(scores) != x->as_of || rmk_rfm_segments(scores) != o->segments) {
        rmk_rfm_opts ropt;
        rmk_rfm_opts_init(&ropt);
        ropt.as_of = x->as_of;
        ropt.segments = o->segments;
        ropt.bins = rmk_segmap_bins(o->segments);
        rmk_status st = rmk_rfm_score(x->ids, &ropt, rfm, err, errlen);
        if (st == RMK_ERR_EMPTY) st = RMK_OK; /* no purchase at all: no segments */
        if (st) return st;
        scores = *rfm;
    }
    size_t r = 0, nr = scores ? rmk_rfm_count(scores) : 0;
    for (size_t t = 0; t < n && r < nr; t++) {
        size_t i = order[t].idx;
        const char *id = agg_id(x->ids, &ac[i]);
        while (r < nr && id_order(rmk_rfm_at(scores, r)->customer_id, rmk_rfm_at(scores, r)->id_len,
                                id, ac[i].id_len) < 0)
            r++;
        const rmk_rfm_customer *rc = r < nr ? rmk_rfm_at(scores, r) : NULL;
        if (rc && id_order(rc->customer_id, rc->id_len, id, ac[i].id_len) == 0)
            cu[i].segment = rc->segment;
    }
    return RMK_OK;
}

/* The rating's categories and the RFM segments share nothing but the
 * read-only book (each writes its own fields of cu[i]): par_both runs them
 * side by side. */
typedef struct joining {
    rmk_stages *x;
    const rmk_book *book;
    const rmk_stage_opts *o;
    const kv *order;
    cust *cu;
    rmk_rfm **rfm; /* segments_part's scoring, freed by the caller */
    rmk_status st;
    char err[512];
} joining;

static void rating_part(void *arg)
{
    joining *j = arg;
    if (j->o->rate) j->st = join_rating(j->x, j->book, j->o, j->order, j->cu, j->err, sizeof j->err);
}

static void segments_part(void *arg)
{
    joining *j = arg;
    if (j->o->segments)
        j->st = join_segments(j->x, j->o, j->order, j->cu, j->rfm, j->err, sizeof j->err);
}

/* Customer i's stage and B2B stage at the as-of date (v 0) and the
 * migration's earlier date (v 1), from its purchase days d[0, nd); the
 * as-of date's numbers into s. */
static void stage_customer(const rmk_stages *x, const cust *c, const hday *d, size_t nd,
                           int corporate, int32_t bound[2][25], rmk_staged_customer *s)
{
    const rmk_stage_opts *o = &x->o;
    const cust_rec *rec = c->rec;
    facts f = {rec ? rec->status : CUST_STATUS_NONE, rec ? rec->structural_bond : -1, -1,
               c->category, rec ? rec->referrals : -1};
    s->previous_stage = -1;
    s->previous_b2b_stage = RMK_B2B_NONE;
    for (int v = x->compare != RMK_NO_DATE ? 1 : 0; v >= 0; v--) {
        int32_t date = v ? x->compare : x->as_of;
        meas m;
        stages_measure(d, nd, date, bound[v], &m);
        int nps = -1, sat = -1;
        int32_t day;
        if (c->fb) {
            feedback_latest_nps(x->fb, c->fb, date, &nps, &day);
            feedback_latest_sat(x->fb, c->fb, date, &sat, &day);
        }
        f.nps = nps;
        f.category = v ? c->previous_category : c->category;
        rmk_stage stage = stages_classify(o, &m, date, &x->lapse[v], &f);
        rmk_b2b_indicators bi;
        stages_indicators(&m, rec, date, &bi);
        rmk_b2b_stage b2b =
            corporate ? stages_classify_b2b(o, &m, date, &x->lapse[v], &bi) : RMK_B2B_NONE;
        if (v) {
            s->previous_stage = (int)stage;
            s->previous_b2b_stage = b2b;
            continue;
        }
        s->stage = stage;
        s->purchases = m.purchases;
        s->first_purchase = m.first;
        s->last_purchase = m.last;
        s->recency_days = m.last == RMK_NO_DATE ? -1 : date - m.last;
        s->active_quarters = m.quarters;
        s->nps = nps;
        s->satisfaction = sat;
        s->b2b_stage = b2b;
        s->b2b = bi;
    }
}

/* The recommended bond level: an existing structural bond is kept; then
 * the rating category's level, then the segment's; else 1. */
static void bond_level(const rmk_stages *x, const cust *c, rmk_staged_customer *s)
{
    const rmk_stage_opts *o = &x->o;
    int lv = 0;
    if (s->structural_bond == 1) lv = 3, s->bond_source = 'b';
    if (!lv && c->category >= 0 &&
        (lv = stages_bond_of(o, rmk_scale_category_key(x->scale, c->category))))
        s->bond_source = 'c';
    if (!lv && c->segment >= 0 &&
        (lv = stages_bond_of(o, rmk_segmap_key(o->segments, c->segment))))
        s->bond_source = 's';
    if (!lv) lv = 1, s->bond_source = 'd';
    s->bond_level = lv;
}

/* Every customer staged: in the order of their histories (memory order),
 * each written to its place in id order (order[t].idx: the t-th in id order). */
static void stage_all(rmk_stages *x, const rmk_book *book, const cust *cu, kv *order)
{
    const rmk_stage_opts *o = &x->o;
    const agg_customer *ac = agg_customers(x->ids);
    size_t n = agg_count(x->ids);
    const size_t *off = book->h.off;
    int32_t bound[2][25];
    stages_month_bounds(x->as_of, bound[0]);
    if (x->compare != RMK_NO_DATE) stages_month_bounds(x->compare, bound[1]);
    for (size_t t = 0; t < n; t++) order[order[t].idx].key = t; /* .key: the id rank */
    x->n = n;
    for (size_t i = 0; i < n; i++) {
        const cust *c = &cu[i];
        const cust_rec *rec = c->rec;
        rmk_staged_customer *s = &x->out[order[i].key];
        s->customer_id = agg_id(x->ids, &ac[i]);
        s->id_len = ac[i].id_len;
        s->name = rec && rec->name ? rec->name : "";
        s->in_customers_file = rec != NULL;
        s->has_transactions = c->has_rows;
        s->in_feedback = c->fb != NULL;
        if (x->cf && !rec) x->stats.not_in_customers_file++;
        if (x->cf && !c->has_rows) x->stats.without_transactions++;
        int corporate = rec ? rec->type == CUST_TYPE_CORPORATE
                                  || (o->b2b_all && rec->type != CUST_TYPE_INDIVIDUAL)
                            : o->b2b_all;
        stage_customer(x, c, book->h.days + off[i], off[i + 1] - off[i], corporate, bound, s);
        s->referrals = rec ? rec->referrals : -1;
        s->structural_bond = rec ? rec->structural_bond : -1;
        s->category = c->category;
        s->segment = c->segment;
        bond_level(x, c, s);
    }
}

/* The feedback file's counts: its rows, and its respondents known to
 * neither other file. */
static void feedback_counts(rmk_stages *x)
{
    if (!x->fb) return;
    for (size_t k = 0; k < feedback_customer_count(x->fb); k++) {
        const fb_customer *fc = feedback_customer_at(x->fb, k);
        size_t lo = 0, hi = x->n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (id_order(x->out[mid].customer_id, x->out[mid].id_len, fc->id, fc->id_len) < 0) lo = mid + 1;
            else hi = mid;
        }
        if (lo == x->n || id_order(x->out[lo].customer_id, x->out[lo].id_len, fc->id, fc->id_len))
            x->stats.feedback_only++;
    }
    feedback_stats fs;
    feedback_get_stats(x->fb, &fs);
    x->stats.feedback_rows = fs.rows;
}

rmk_status rmk_stages_run(const rmk_book *book, const rmk_stage_opts *o, rmk_stages **out,
                          char *err, size_t errlen)
{
    *out = NULL;
    rmk_stage_opts odef;
    if (!o) rmk_stage_opts_init(&odef), o = &odef;
    rmk_status st = check_all(o, err, errlen);
    if (st) return st;
    if (book_lacks(book, RMK_BOOK_DAYS | RMK_BOOK_RFM | (o->rate ? RMK_BOOK_PAYMENTS : 0), "the life cycle",
                   err, errlen))
        return RMK_ERR_USAGE;
    rmk_stages *x = calloc(1, sizeof *x);
    const size_t *off = book->h.off;
    cust *cu = NULL;
    kv *order = NULL;
    rmk_rfm *rfm = NULL;
    if (!x) goto nomem;
    x->o = *o;
    x->compare = RMK_NO_DATE;
    x->segments = o->segments;
    /* the transactions' customers, then the customers file's (on the ladder
     * even without purchases) */
    x->cf = book->cf;
    x->fb = book->fb;
    x->ids = book->h.ids;
    size_t n = agg_count(x->ids);
    st = set_dates(x, book, o, err, errlen);
    if (st) goto fail;

    /* per customer: files, category, segment */
    cu = calloc(n ? n : 1, sizeof *cu);
    order = malloc((n ? n : 1) * sizeof *order);
    x->out = calloc(n ? n : 1, sizeof *x->out);
    if (!cu || !order || !x->out) goto nomem;
    if (book->by_id) { /* the book knows the id order */
        for (size_t i = 0; i < n; i++) order[i].idx = book->by_id[i];
    } else {
        for (size_t i = 0; i < n; i++) order[i].idx = (uint32_t)i;
        if (agg_sort_by_id(x->ids, order, n)) goto nomem;
    }
    for (size_t i = 0; i < n; i++) {
        cust *c = &cu[i];
        c->rec = book->rec ? book->rec[i] : NULL;
        c->fb = book->fbc ? book->fbc[i] : NULL;
        c->has_rows = off[i + 1] > off[i];
        c->category = c->previous_category = c->segment = -1;
    }
    joining jr = {x, book, o, order, cu, NULL, RMK_OK, ""}, js = jr;
    js.rfm = &rfm;
    par_both(rating_part, &jr, segments_part, &js, book->threads);
    if ((st = jr.st) || (st = js.st)) {
        snprintf(err, errlen, "%s", jr.st ? jr.err : js.err);
        goto fail;
    }
    stage_all(x, book, cu, order);
    feedback_counts(x);
    *out = x;
    x = NULL;
    goto done;
nomem:
    st = RMK_ERR_NOMEM;
    rmk_nomem(err, errlen);
fail:
    rmk_stages_free(x);
done:
    rmk_rfm_free(rfm);
    free(order);
    free(cu);
    return st;
}
