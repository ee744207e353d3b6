/* SPDX-License-Identifier: MIT */
/* ws_snap.h — internal: a snapshot's rows as the store keeps them
 * (docs/workspace.md, "Snapshots"). The report layer runs the analyses on
 * one book and fills these (src/report/snapshot.c); ws_snap.c stores them
 * in one transaction and reads them back for history, paths and models. */
#ifndef RMK_WS_SNAP_H
#define RMK_WS_SNAP_H
#include "relmark.h"

/* One customer's classes at the as-of date. Strings are borrowed from the
 * analyses' results (NUL-terminated); NULL where the customer has none. */
typedef struct ws_snap_row {
    const char *id;
    size_t id_len;
    int has_rfm;               /* 0: no purchase by the date (no scores) */
    int32_t recency;           /* days */
    int64_t frequency, net;    /* purchases; net sales, minor units */
    int r, f, m;               /* 1..bins */
    const char *segment;       /* segment key */
    const char *category;      /* rating category key */
    int category_rank;         /* 1 = the scale's highest category */
    const char *stage;         /* stage key, never NULL */
    const char *abc, *xyz;     /* "A".."C", "X".."Z" */
    int has_clv;
    double clv, p_alive;
} ws_snap_row;

/* What the snapshot was taken with, and the fitted models. */
typedef struct ws_snap_meta {
    int32_t as_of;
    int bins;
    const char *ties, *segments, *scale; /* scale NULL: nothing rated */
    int abc_months;
    const char *clv_model, *clv_unit;    /* "bgnbd", "week" */
    int clv_horizon;
    double clv_discount, clv_margin;
    const char *clv_error;               /* NULL when the models were fitted */
    int has_model, has_spend;
    rmk_clv_params model, spend;
} ws_snap_meta;

/* Stores the snapshot (replacing one of the same date) as ONE transaction
 * with one prepared insert reused for every row; fills info. RMK_OK, or an
 * error with nothing stored. */
rmk_status ws_snap_store(rmk_ws *ws, const ws_snap_meta *m, const ws_snap_row *rows, size_t n,
                         rmk_ws_snapshot_info *info, char *err, size_t errlen);
/* RMK_ERR_EMPTY: "the workspace holds no snapshot" (message in err) */
rmk_status ws_no_snapshots(const rmk_ws *ws, char *err, size_t errlen);
/* The workspace's path, and whether it is open for writing (1) */
const char *ws_path(const rmk_ws *ws);
int ws_writable(const rmk_ws *ws);
/* the write-ahead log copied into the file as far as readers allow */
void ws_checkpoint(rmk_ws *ws);
#endif
