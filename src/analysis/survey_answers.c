/* SPDX-License-Identifier: MIT */
/* survey_answers.c — the answers file of the relationship-quality survey
 * (docs/survey.md): long (customer_id, item, answer) or wide (a column per
 * item), every cell checked with file:line:column, the rows kept with
 * their ids in one arena, then sorted into responses. */
#include "survey.h"
#include "errmsg.h"
#include "parse.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int survey_answers_column(const char *key)
{
    for (int r = 0; r < C_COUNT; r++)
        for (int k = 0; syn[r][k]; k++)
            if (!strcmp(key, syn[r][k])) return 1;
    return 0;
}

/* Keep a string in the arena (the last one is shared by a run of rows);
 * its offset, or SIZE_MAX out of memory. */
static size_t keep(sv_reader *rd, const char *s, size_t len, size_t *last_off, size_t *last_len)
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

static int push(sv_reader *rd, const sv_row *row)
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

static void note_skip(sv_reader *rd, const char *msg, uint64_t line)
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

/* Where the answers are: the header's columns. */
typedef struct columns {
    long col[C_COUNT]; /* the roles' columns, -1 when absent */
    long *itemcol;     /* wide: item i's column, -1 when not asked */
    int wide;          /* no item and answer columns: a column per item */
    size_t need;       /* fields a row must have */
} columns;

/* The wide form's item columns, by the header's normalised names: a
 * column that is no item is an error, or under skip_bad ignored (counted,
 * the first named); an item asked nowhere is counted (the first named). */
static rmk_status item_columns(const csv_field *f, size_t nf, char (*norm)[128],
                               const rmk_questionnaire *q, const rmk_read_opts *o,
                               const char *fname, columns *cs, sv_reader *rd, char *err,
                               size_t errlen)
{
    const long *col = cs->col;
    long *itemcol = cs->itemcol;
    int nitemcols = 0;
    for (size_t i = 0; i < nf; i++) {
        if ((long)i == col[C_ID] || (long)i == col[C_RESP] || (long)i == col[C_DATE]) continue;
        int it = survey_item_index(q, norm[i]);
        if (it >= 0 && itemcol[it] >= 0) {
            snprintf(err, errlen, "%s:1:%zu: a second column for item %s (the first is column %ld)",
                     fname, i + 1, q->item[it].key, itemcol[it] + 1);
            return RMK_ERR_DATA;
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
        return RMK_ERR_DATA;
    }
    if (nitemcols == 0) {
        snprintf(err, errlen, "%s:1: no item and answer columns, and no column named after an "
                              "item (long form: customer_id, item, answer; wide form: "
                              "customer_id, then a column per item such as %s)",
                 fname, q->item[0].key);
        return RMK_ERR_DATA;
    }
    for (int i = 0; i < q->nitem; i++)
        if (itemcol[i] < 0 && rd->st.unasked_items++ == 0)
            snprintf(rd->st.unasked_item, sizeof rd->st.unasked_item, "%s", q->item[i].key);
    return RMK_OK;
}

/* The header: each role's column (for each role the first synonym some
 * header has, a header taken by an earlier role not reused), the form, the
 * item columns of the wide form, and the fields a row needs. */
static rmk_status read_header(const csv_field *f, size_t nf, const rmk_questionnaire *q,
                              const rmk_read_opts *o, const char *fname, columns *cs,
                              sv_reader *rd, char *err, size_t errlen)
{
    long *col = cs->col;
    char (*norm)[128] = malloc((nf ? nf : 1) * sizeof *norm);
    if (!norm) {
        rmk_nomem(err, errlen);
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
    for (int i = 0; i < q->nitem; i++) cs->itemcol[i] = -1;
    int wide = col[C_ITEM] < 0 || col[C_ANSWER] < 0;
    cs->wide = wide;
    rd->st.wide = wide;
    rmk_status st = RMK_OK;
    if (col[C_ID] < 0) {
        snprintf(err, errlen, "%s:1: no customer_id column (expected customer_id, client, Клиент, "
                              "Контрагент, Покупатель ...)", fname);
        st = RMK_ERR_DATA;
    } else if (wide) {
        st = item_columns(f, nf, norm, q, o, fname, cs, rd, err, errlen);
    }
    free(norm);
    if (st) return st;
    cs->need = 0;
    for (int c = 0; c < C_COUNT; c++)
        if (col[c] >= 0 && (!wide || c <= C_DATE) && (size_t)col[c] + 1 > cs->need)
            cs->need = (size_t)col[c] + 1;
    for (int i = 0; wide && i < q->nitem; i++)
        if (cs->itemcol[i] >= 0 && (size_t)cs->itemcol[i] + 1 > cs->need)
            cs->need = (size_t)cs->itemcol[i] + 1;
    return RMK_OK;
}

/* A row's customer, respondent (may be empty) and date (RMK_NO_DATE when
 * empty) into row, the texts at *id and *resp: 1 read, 0 dated after
 * as_of, -1 unreadable with msg. */
static int row_keys(const csv_field *f, const columns *cs, const rmk_read_opts *o, int32_t as_of,
                    const char *fname, unsigned long long line, const char **id,
                    const char **resp, sv_row *row, char *msg, size_t cap)
{
    const long *col = cs->col;
    size_t idl = f[col[C_ID]].len;
    *id = f[col[C_ID]].p;
    field_trim(id, &idl);
    char why[96];
    if (id_problem("customer id", *id, idl, 0, why, sizeof why)) {
        snprintf(msg, cap, "%s:%llu:%ld: %s", fname, line, col[C_ID] + 1, why);
        return -1;
    }
    size_t rl = 0;
    *resp = "";
    if (col[C_RESP] >= 0) {
        *resp = f[col[C_RESP]].p;
        rl = f[col[C_RESP]].len;
        field_trim(resp, &rl);
        if (id_problem("respondent", *resp, rl, 1, why, sizeof why)) {
            snprintf(msg, cap, "%s:%llu:%ld: %s", fname, line, col[C_RESP] + 1, why);
            return -1;
        }
    }
    int32_t day = RMK_NO_DATE;
    if (col[C_DATE] >= 0) {
        const char *dp = f[col[C_DATE]].p;
        size_t dl = f[col[C_DATE]].len;
        field_trim(&dp, &dl);
        if (dl && (rmk_date_parse(dp, dl, o->date_format, &day) != RMK_OK || day == RMK_NO_DATE)) {
            char ex[64];
            field_excerpt(dp, dl, ex, sizeof ex);
            snprintf(msg, cap, "%s:%llu:%ld: cannot read date '%s'", fname, line, col[C_DATE] + 1,
                     ex);
            return -1;
        }
        if (dl == 0) day = RMK_NO_DATE;
    }
    if (as_of != RMK_NO_DATE && day != RMK_NO_DATE && day > as_of) return 0;
    memset(row, 0, sizeof *row);
    row->line = line;
    row->day = day;
    row->id_len = idl;
    row->resp_len = rl;
    return 1;
}

/* The long form: the row's one cell, its item by key; the count of cells
 * (1), or -1 with msg. *nmissing: 1 when the answer is empty. */
static long long_cell(const csv_field *f, const columns *cs, const rmk_questionnaire *q,
                      const char *fname, unsigned long long line, const sv_row *row,
                      sv_row *cells, size_t *nmissing, char *msg, size_t cap)
{
    const long *col = cs->col;
    const char *ip = f[col[C_ITEM]].p;
    size_t il = f[col[C_ITEM]].len;
    field_trim(&ip, &il);
    int it = il ? rmk_questionnaire_item_find(q, ip, il) : -1;
    if (it < 0) {
        char ex[64];
        field_excerpt(ip, il, ex, sizeof ex);
        if (il)
            snprintf(msg, cap, "%s:%llu:%ld: unknown item '%s' (not in the questionnaire)", fname,
                     line, col[C_ITEM] + 1, ex);
        else
            snprintf(msg, cap, "%s:%llu:%ld: missing item", fname, line, col[C_ITEM] + 1);
        return -1;
    }
    cells[0] = *row;
    cells[0].item = (int16_t)it;
    cells[0].col = (uint32_t)col[C_ITEM] + 1;
    if (read_answer(q, &f[col[C_ANSWER]], it, fname, line, (size_t)col[C_ANSWER] + 1,
                    &cells[0].value, msg, cap))
        return -1;
    *nmissing = cells[0].value == MISSING;
    return 1;
}

/* The wide form: a cell per answered item of the row (each row one
 * response, seq its line), or one placeholder when it answers none; the
 * count of cells, or -1 with msg. *nmissing: the empty answers. */
static long wide_cells(const csv_field *f, const columns *cs, const rmk_questionnaire *q,
                       const char *fname, unsigned long long line, sv_row *row, sv_row *cells,
                       size_t *nmissing, char *msg, size_t cap)
{
    size_t ncells = 0;
    row->seq = line;
    for (int it = 0; it < q->nitem; it++) {
        long c = cs->itemcol[it];
        if (c < 0) continue;
        sv_row *cell = &cells[ncells];
        *cell = *row;
        cell->item = (int16_t)it;
        cell->col = (uint32_t)c + 1;
        if (read_answer(q, &f[c], it, fname, line, (size_t)c + 1, &cell->value, msg, cap))
            return -1;
        if (cell->value == MISSING) ++*nmissing;
        else ncells++;
    }
    if (ncells == 0) { /* a response without answers: kept to be counted */
        cells[0] = *row;
        cells[0].item = -1;
        cells[0].value = MISSING;
        ncells = 1;
    }
    return (long)ncells;
}

/* Keep the cells of a row with its customer and respondent (their lengths
 * in each cell) in the arena; 0, or -1 out of memory. */
static int keep_cells(sv_reader *rd, sv_row *cells, long ncells, const char *id, const char *resp)
{
    size_t idl = cells[0].id_len, rl = cells[0].resp_len;
    size_t ido = keep(rd, id, idl, &rd->last_id_off, &rd->last_id_len);
    size_t ro = ido == SIZE_MAX ? SIZE_MAX
                                : keep(rd, resp, rl, &rd->last_resp_off, &rd->last_resp_len);
    for (long k = 0; k < ncells && ro != SIZE_MAX; k++) {
        cells[k].id.off = ido;
        cells[k].resp.off = ro;
        if (push(rd, &cells[k])) ro = SIZE_MAX;
    }
    return ro == SIZE_MAX ? -1 : 0;
}

/* One row into cells: their count, 0 when dated after as_of (counted), -1
 * unreadable with msg. *id, *resp: the customer and respondent texts. */
static long read_row(const csv_field *f, size_t nf, const columns *cs, const rmk_questionnaire *q,
                     const rmk_read_opts *o, int32_t as_of, const char *fname,
                     unsigned long long line, sv_reader *rd, const char **id, const char **resp,
                     sv_row *cells, char *msg, size_t cap)
{
    if (nf < cs->need) {
        snprintf(msg, cap, "%s:%llu: expected at least %zu fields, found %zu", fname, line,
                 cs->need, nf);
        return -1;
    }
    sv_row row;
    int k = row_keys(f, cs, o, as_of, fname, line, id, resp, &row, msg, cap);
    if (k <= 0) {
        if (k == 0) rd->st.rows_after_as_of++;
        return k;
    }
    size_t nmissing = 0;
    long ncells = cs->wide ? wide_cells(f, cs, q, fname, line, &row, cells, &nmissing, msg, cap)
                           : long_cell(f, cs, q, fname, line, &row, cells, &nmissing, msg, cap);
    if (ncells > 0) rd->st.missing += nmissing;
    return ncells;
}

rmk_status survey_answers_read(csv_reader *cr, const rmk_questionnaire *q, const rmk_read_opts *o,
                               int32_t as_of, sv_reader *rd, char *err, size_t errlen)
{
    const char *fname = csv_name(cr);
    const csv_field *f;
    size_t nf;
    rmk_status st = RMK_OK;
    int rc = csv_next(cr, &f, &nf, &st, err, errlen);
    if (rc < 0) return st;
    if (rc == 0) {
        snprintf(err, errlen, "%s: empty file (expected a header: customer_id, item, answer; or "
                              "customer_id and a column per item)", fname);
        return RMK_ERR_DATA;
    }
    columns cs;
    size_t nitem = (size_t)(q->nitem ? q->nitem : 1);
    sv_row *cells = NULL; /* one row's: at most one per item */
    cs.itemcol = malloc(nitem * sizeof *cs.itemcol);
    st = cs.itemcol ? read_header(f, nf, q, o, fname, &cs, rd, err, errlen) : RMK_ERR_NOMEM;
    if (st == RMK_OK && !(cells = malloc(nitem * sizeof *cells))) st = RMK_ERR_NOMEM;
    if (st == RMK_ERR_NOMEM) rmk_nomem(err, errlen);
    while (st == RMK_OK && (rc = csv_next(cr, &f, &nf, &st, err, errlen)) == 1) {
        unsigned long long line = (unsigned long long)csv_line(cr);
        char msg[512];
        const char *id, *resp;
        rd->st.rows++;
        long n = read_row(f, nf, &cs, q, o, as_of, fname, line, rd, &id, &resp, cells, msg,
                          sizeof msg);
        if (n > 0) {
            if (keep_cells(rd, cells, n, id, resp)) {
                rmk_nomem(err, errlen);
                st = RMK_ERR_NOMEM;
            }
        } else if (n < 0 && !o->skip_bad) {
            snprintf(err, errlen, "%s", msg);
            st = RMK_ERR_DATA;
        } else if (n < 0) {
            note_skip(rd, msg, line);
        }
    }
    free(cells);
    free(cs.itemcol);
    return st;
}

static int row_cmp(const void *x, const void *y)
{
    const sv_row *a = x, *b = y;
    int c = survey_response_cmp(a, b);
    if (c) return c;
    if (a->item != b->item) return a->item < b->item ? -1 : 1;
    return (a->line > b->line) - (a->line < b->line);
}

/* An item answered twice in one response (long form): an error at the
 * later row, or with skip_bad that row is dropped. Rows are sorted. */
static rmk_status repeated_answers(sv_reader *rd, const rmk_questionnaire *q, const char *fname,
                                   int skip_bad, char *err, size_t errlen)
{
    const sv_row *worst = NULL, *worst_first = NULL;
    for (size_t i = 1; i < rd->n; i++) {
        sv_row *a = &rd->r[i - 1], *b = &rd->r[i];
        if (b->item < 0 || a->item != b->item || survey_response_cmp(a, b)) continue;
        /* the first row of this run of repeats */
        size_t j = i - 1;
        while (j > 0 && rd->r[j - 1].item == b->item && !survey_response_cmp(&rd->r[j - 1], b))
            j--;
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

rmk_status survey_answers_sort(sv_reader *rd, const rmk_questionnaire *q, const char *fname,
                               int skip_bad, char *err, size_t errlen)
{
    for (size_t i = 0; i < rd->n; i++) {
        rd->r[i].id.p = rd->arena + rd->r[i].id.off;
        rd->r[i].resp.p = rd->arena + rd->r[i].resp.off;
    }
    if (rd->n) qsort(rd->r, rd->n, sizeof *rd->r, row_cmp);
    return repeated_answers(rd, q, fname, skip_bad, err, errlen);
}
