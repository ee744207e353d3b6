/* idfeed.c — see idfeed.h. */
#include "idfeed.h"
#include "csv.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IDFEED_ARENA (2u * CSV_RECORD_CAP) /* any one row fits */

idfeed *idfeed_new(int skip_bad, idfeed_apply fn, void *ctx)
{
    idfeed *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->ids = rmk_agg_new();
    f->arena = malloc(IDFEED_ARENA);
    if (!f->ids || !f->arena) {
        idfeed_free(f);
        return NULL;
    }
    f->skip_bad = skip_bad;
    f->fn = fn;
    f->ctx = ctx;
    return f;
}

void idfeed_free(idfeed *f)
{
    if (!f) return;
    rmk_agg_free(f->ids);
    free(f->arena);
    free(f);
}

rmk_agg *idfeed_take_ids(idfeed *f)
{
    rmk_agg *a = f->ids;
    f->ids = NULL;
    rmk_agg_seal(a);
    return a;
}

rmk_status idfeed_flush(idfeed *f, char *err, size_t errlen)
{
    rmk_status st = RMK_OK;
    size_t from = 0;
    while (from < f->n) {
        size_t failed = 0;
        st = agg_find_batch(f->ids, f->key + from, f->n - from, f->idx + from, &failed);
        size_t upto = st == RMK_OK ? f->n : from + failed;
        if (st == RMK_ERR_NOMEM) {
            snprintf(err, errlen, "out of memory");
            break;
        }
        rmk_status ast = RMK_OK;
        for (size_t i = from; i < upto && ast == RMK_OK; i++)
            ast = f->fn(f->ctx, &f->row[i], f->idx[i], err, errlen);
        if (ast) { /* the analysis refused: nothing half-applied, stop */
            st = ast;
            break;
        }
        if (st == RMK_OK) break;
        const txn_row *bad = &f->row[upto];
        char msg[512];
        snprintf(msg, sizeof msg, "%s:%llu:%ld: %s", f->file, (unsigned long long)bad->line,
                 bad->customer_col, rmk_agg_errmsg(f->ids));
        if (st != RMK_ERR_DATA || !f->skip_bad) {
            snprintf(err, errlen, "%s", msg);
            break;
        }
        if (f->skipped++ == 0) {
            snprintf(f->first_error, sizeof f->first_error, "%s", msg);
            f->first_error_line = bad->line;
        }
        st = RMK_OK;
        from = upto + 1;
    }
    f->n = f->used = 0;
    return st;
}

rmk_status idfeed_push(idfeed *f, const txn_row *row, char *err, size_t errlen)
{
    if (f->n == IDFEED_ROWS || f->used + row->customer_len > IDFEED_ARENA) {
        rmk_status st = idfeed_flush(f, err, errlen);
        if (st) return st;
    }
    if (f->n == 0 && row->file) snprintf(f->file, sizeof f->file, "%s", row->file);
    txn_row *r = &f->row[f->n];
    *r = *row;
    r->customer = memcpy(f->arena + f->used, row->customer, row->customer_len);
    f->used += row->customer_len;
    r->invoice = NULL; /* not kept: the analyses here need no invoice */
    r->invoice_len = 0;
    r->file = f->file;
    agg_row *k = &f->key[f->n];
    memset(k, 0, sizeof *k);
    k->id = r->customer;
    k->id_len = (uint32_t)r->customer_len;
    k->day = r->day;
    agg_row_prepare(f->ids, k);
    f->n++;
    return RMK_OK;
}

rmk_status idfeed_on_row(void *ctx, const txn_row *row, char *err, size_t errlen)
{
    return idfeed_push(ctx, row, err, errlen);
}
