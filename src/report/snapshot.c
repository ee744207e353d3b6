/* SPDX-License-Identifier: MIT */
/* snapshot.c — a snapshot of the workspace (docs/workspace.md,
 * "Snapshots"): the workspace read once into a book, the analyses whose
 * classes a snapshot keeps run on it with their commands' defaults (as the
 * report runs them), each customer's classes joined by id, and the rows
 * handed to the store (ws_snap.c) to keep in one transaction. In the report
 * layer because it runs the analyses; the store knows none of them. */
#include "ws_snap.h"
#include "errmsg.h"
#include "sort.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct snap_run {
    rmk_book *book;
    rmk_segmap *map;
    rmk_rfm *rfm;
    rmk_stages *stages;
    rmk_abcxyz *abc;
    size_t *abc_by_id; /* abcxyz clients in id order (indices of its rank order) */
    rmk_clv *clv;
    char clv_error[256];
} snap_run;

static void run_free(snap_run *r)
{
    rmk_clv_free(r->clv);
    free(r->abc_by_id);
    rmk_abcxyz_free(r->abc);
    rmk_stages_free(r->stages);
    rmk_rfm_free(r->rfm);
    rmk_segmap_free(r->map);
    rmk_book_free(r->book);
}

static int abc_cmp(const void *pa, const void *pb, void *ctx)
{
    const rmk_abcxyz_client *a = rmk_abcxyz_at(ctx, *(const size_t *)pa);
    const rmk_abcxyz_client *b = rmk_abcxyz_at(ctx, *(const size_t *)pb);
    return id_order(a->customer_id, a->id_len, b->customer_id, b->id_len);
}

/* the book and the scores; as_of resolved to the RFM's (the latest
 * purchase day when not given) */
static rmk_status read_and_score(rmk_ws *ws, int32_t *as_of, snap_run *r, char *err, size_t errlen)
{
    const char *path = ws_path(ws);
    ws_checkpoint(ws);
    unsigned side = rmk_ws_side_files(path);
    rmk_read_opts ro;
    rmk_read_opts_init(&ro);
    ro.as_of = *as_of;
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_ALL;
    bo.customers = side & RMK_WS_CUSTOMERS ? path : NULL;
    bo.feedback = side & RMK_WS_FEEDBACK ? path : NULL;
    rmk_status st = rmk_book_read(path, &ro, &bo, &r->book, err, errlen);
    if (st) return st;
    r->map = rmk_segmap_builtin_new(RMK_SEGMAP_TEN, &st, err, errlen);
    if (!r->map) return st;
    rmk_rfm_opts o;
    rmk_rfm_opts_init(&o);
    o.as_of = *as_of;
    o.segments = r->map;
    st = rmk_rfm_score(rmk_book_agg(r->book), &o, &r->rfm, err, errlen);
    if (st == RMK_ERR_EMPTY)
        return rmk_fail(err, errlen, st, "%s: no customer with a purchase on or before the as-of date", path);
    if (st) return st;
    *as_of = rmk_rfm_as_of(r->rfm);
    rmk_stage_opts so;
    rmk_stage_opts_init(&so);
    so.as_of = *as_of;
    so.segments = r->map;
    so.rfm = r->rfm;
    so.rate = (side & RMK_WS_CUSTOMERS) != 0; /* the category of each corporate client */
    return rmk_stages_run(r->book, &so, &r->stages, err, errlen);
}

/* ABC-XYZ and CLV: data that cannot support them leave them out (a
 * snapshot still keeps the other classes), out of memory does not */
static rmk_status classify(int32_t as_of, snap_run *r, char *err, size_t errlen)
{
    rmk_abcxyz_opts ao;
    rmk_abcxyz_opts_init(&ao);
    ao.as_of = as_of;
    rmk_status st = rmk_abcxyz_run(r->book, &ao, &r->abc, err, errlen);
    if (st == RMK_ERR_NOMEM) return st;
    if (r->abc) {
        size_t n = rmk_abcxyz_count(r->abc);
        if (!(r->abc_by_id = malloc((n ? n : 1) * sizeof *r->abc_by_id))) return rmk_nomem(err, errlen);
        for (size_t i = 0; i < n; i++) r->abc_by_id[i] = i;
        qsort_r(r->abc_by_id, n, sizeof *r->abc_by_id, abc_cmp, r->abc);
    }
    rmk_clv_opts co;
    rmk_clv_opts_init(&co);
    co.as_of = as_of;
    st = rmk_clv_run(r->book, &co, &r->clv, r->clv_error, sizeof r->clv_error);
    if (st == RMK_ERR_NOMEM) return rmk_nomem(err, errlen);
    return RMK_OK;
}

/* each staged customer (every customer: the transactions' and the
 * customers file's, in id order) with the others' classes, by a merge */
static rmk_status build_rows(const snap_run *r, ws_snap_row **out, size_t *nout)
{
    size_t n = rmk_stages_count(r->stages), ir = 0, ia = 0, ic = 0;
    size_t nr = rmk_rfm_count(r->rfm), na = r->abc ? rmk_abcxyz_count(r->abc) : 0;
    size_t nc = r->clv ? rmk_clv_count(r->clv) : 0;
    const rmk_scale *scale = rmk_stages_scale(r->stages);
    ws_snap_row *rows = calloc(n ? n : 1, sizeof *rows);
    if (!rows) return RMK_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        const rmk_staged_customer *c = rmk_stages_at(r->stages, i);
        ws_snap_row *w = &rows[i];
        w->id = c->customer_id;
        w->id_len = c->id_len;
        w->stage = rmk_stage_key(c->stage);
        if (c->category >= 0 && scale) {
            w->category = rmk_scale_category_key(scale, c->category);
            w->category_rank = c->category + 1; /* the scale lists its highest category first */
        }
        while (ir < nr && id_order(rmk_rfm_at(r->rfm, ir)->customer_id, rmk_rfm_at(r->rfm, ir)->id_len, w->id, w->id_len) < 0) ir++;
        const rmk_rfm_customer *f = ir < nr ? rmk_rfm_at(r->rfm, ir) : NULL;
        if (f && !id_order(f->customer_id, f->id_len, w->id, w->id_len)) {
            w->has_rfm = 1;
            w->recency = f->recency_days;
            w->frequency = f->frequency;
            w->net = f->net_minor;
            w->r = f->r, w->f = f->f, w->m = f->m;
            w->segment = f->segment >= 0 ? rmk_segmap_key(r->map, f->segment) : NULL;
        }
        while (ia < na && id_order(rmk_abcxyz_at(r->abc, r->abc_by_id[ia])->customer_id,
                                   rmk_abcxyz_at(r->abc, r->abc_by_id[ia])->id_len, w->id, w->id_len) < 0) ia++;
        const rmk_abcxyz_client *a = ia < na ? rmk_abcxyz_at(r->abc, r->abc_by_id[ia]) : NULL;
        if (a && !id_order(a->customer_id, a->id_len, w->id, w->id_len)) w->abc = rmk_abc_key(a->abc), w->xyz = rmk_xyz_key(a->xyz);
        while (ic < nc && id_order(rmk_clv_at(r->clv, ic)->customer_id, rmk_clv_at(r->clv, ic)->id_len, w->id, w->id_len) < 0) ic++;
        const rmk_clv_customer *v = ic < nc ? rmk_clv_at(r->clv, ic) : NULL;
        if (v && !id_order(v->customer_id, v->id_len, w->id, w->id_len)) {
            w->has_clv = 1;
            w->clv = v->clv;
            w->p_alive = v->p_alive;
        }
    }
    *out = rows;
    *nout = n;
    return RMK_OK;
}

static void fill_meta(const snap_run *r, int32_t as_of, ws_snap_meta *m)
{
    memset(m, 0, sizeof *m);
    m->as_of = as_of;
    m->bins = rmk_rfm_bins(r->rfm);
    m->ties = "keep";
    m->segments = "rfm10";
    m->scale = rmk_stages_scale(r->stages) ? "default" : NULL;
    rmk_abcxyz_opts ao;
    rmk_abcxyz_opts_init(&ao);
    m->abc_months = ao.months;
    rmk_clv_opts co;
    rmk_clv_opts_init(&co);
    m->clv_model = co.model == RMK_CLV_PARETONBD ? "paretonbd" : "bgnbd";
    m->clv_unit = rmk_time_unit_key(co.unit);
    m->clv_horizon = co.horizon_months;
    m->clv_discount = co.discount;
    m->clv_margin = co.margin;
    m->clv_error = r->clv ? NULL : r->clv_error;
    if (r->clv) {
        m->has_model = 1;
        rmk_clv_model_params(r->clv, &m->model);
        m->has_spend = rmk_clv_spend_params(r->clv, &m->spend);
    }
}

rmk_status rmk_ws_snapshot(rmk_ws *ws, int32_t as_of, rmk_ws_snapshot_info *info, char *err, size_t errlen)
{
    memset(info, 0, sizeof *info);
    if (!ws_writable(ws))
        return rmk_fail(err, errlen, RMK_ERR_USAGE, "%s: a snapshot needs the workspace open for writing", ws_path(ws));
    snap_run r;
    memset(&r, 0, sizeof r);
    ws_snap_row *rows = NULL;
    size_t n = 0;
    rmk_status st = read_and_score(ws, &as_of, &r, err, errlen);
    if (!st) st = classify(as_of, &r, err, errlen);
    if (!st && build_rows(&r, &rows, &n)) st = rmk_nomem(err, errlen);
    if (!st) {
        ws_snap_meta m;
        fill_meta(&r, as_of, &m);
        st = ws_snap_store(ws, &m, rows, n, info, err, errlen);
        if (!r.clv) snprintf(info->clv_error, sizeof info->clv_error, "%s", r.clv_error);
    }
    free(rows);
    run_free(&r);
    return st;
}
