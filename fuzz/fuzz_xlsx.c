/* SPDX-License-Identifier: MIT */
/* fuzz_xlsx.c — workbooks read as records (src/read/workbook.h, xlsx_in.c,
 * wb_in.c). Byte 0 picks the mode and the reader options (fuzz/README.md):
 * bit 0x80 clear, the rest is the sheet's XML, then optionally "\n@@\n" and
 * the shared strings, styles and workbook parts, packed here into a stored
 * zip (CRCs right), so the fuzzer works on the XML, not on deflate; bit 0x80
 * set, the rest is given as it is (a whole .xlsx or .xls, or anything). Each
 * input is read twice: every record, then the transactions reader and RFM.
 * An .xls (OLE2) input is skipped: see below. */
#include "relmark.h"
#include "read_opts.h"
#include "csv.h"
#include "txn.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    static uint32_t t[256];
    if (!t[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = t[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

static uint8_t *put16(uint8_t *o, unsigned v) { o[0] = (uint8_t)v, o[1] = (uint8_t)(v >> 8); return o + 2; }
static uint8_t *put32(uint8_t *o, uint32_t v) { return put16(put16(o, v & 0xFFFF), v >> 16); }

typedef struct part { const char *name; const uint8_t *p; size_t n; } part;

/* A stored (uncompressed) zip of the parts into out; returns its size. */
static size_t zip_stored(const part *ps, int np, uint8_t *out)
{
    uint8_t *o = out, *cd;
    uint32_t offs[8];
    for (int i = 0; i < np; i++) {
        offs[i] = (uint32_t)(o - out);
        size_t nl = strlen(ps[i].name);
        o = put32(o, 0x04034b50), o = put16(o, 20), o = put16(o, 0), o = put16(o, 0);
        o = put32(o, 0), o = put32(o, crc32_of(ps[i].p, ps[i].n));
        o = put32(o, (uint32_t)ps[i].n), o = put32(o, (uint32_t)ps[i].n);
        o = put16(o, (unsigned)nl), o = put16(o, 0);
        memcpy(o, ps[i].name, nl), o += nl;
        memcpy(o, ps[i].p, ps[i].n), o += ps[i].n;
    }
    cd = o;
    for (int i = 0; i < np; i++) {
        size_t nl = strlen(ps[i].name);
        o = put32(o, 0x02014b50), o = put16(o, 20), o = put16(o, 20), o = put16(o, 0);
        o = put16(o, 0), o = put32(o, 0), o = put32(o, crc32_of(ps[i].p, ps[i].n));
        o = put32(o, (uint32_t)ps[i].n), o = put32(o, (uint32_t)ps[i].n);
        o = put16(o, (unsigned)nl), o = put16(o, 0), o = put16(o, 0), o = put16(o, 0);
        o = put16(o, 0), o = put32(o, 0), o = put32(o, offs[i]);
        memcpy(o, ps[i].name, nl), o += nl;
    }
    uint8_t *end = o;
    o = put32(o, 0x06054b50), o = put16(o, 0), o = put16(o, 0);
    o = put16(o, (unsigned)np), o = put16(o, (unsigned)np);
    o = put32(o, (uint32_t)(end - cd)), o = put32(o, (uint32_t)(cd - out)), o = put16(o, 0);
    return (size_t)(o - out);
}

#define S(x) (const uint8_t *)(x), sizeof(x) - 1
static const char RELS[] =
    "<Relationships><Relationship Id=\"r\" Type=\"x/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";
static const char WB_RELS[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"/xl/styles.xml\"/></Relationships>";
static const char WORKBOOK[] =
    "<workbook><workbookPr date1904=\"0\"/><sheets><sheet name=\"Data\" r:id=\"rId1\"/></sheets>"
    "</workbook>";

/* the input's sections, split at "\n@@\n": sheet, shared strings, styles, workbook */
static int split(const uint8_t *d, size_t n, part *sec)
{
    int k = 0;
    size_t start = 0;
    for (size_t i = 0; i + 4 <= n && k < 3; i++)
        if (!memcmp(d + i, "\n@@\n", 4)) {
            sec[k].p = d + start, sec[k].n = i - start, k++;
            start = i + 4;
            i += 3;
        }
    sec[k].p = d + start, sec[k].n = n - start;
    return k + 1;
}

static rmk_status add(void *ctx, const txn_row *r, char *err, size_t errlen)
{
    return rmk_agg_add(ctx, r->customer, r->customer_len, r->invoice, r->invoice_len, r->day,
                       r->amount, err, errlen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > (1u << 20)) return 0;
    uint8_t opt = data[0];
    const uint8_t *body = data + 1;
    size_t n = size - 1;
    uint8_t *zip = NULL;
    /* an .xls goes to FreeXL in a child process (xls_in.c), whose crashes
     * libFuzzer's handler records as findings of this process: not fuzzed
     * here; tests/unit/test_workbook.c reads the .xls FreeXL 1.0.6 overreads */
    if (n >= 4 && !memcmp(body, "\xD0\xCF\x11\xE0", 4)) return 0;
    if (!(opt & 0x80)) {
        part sec[4] = {{0}};
        int ns = split(body, n, sec);
        part ps[7] = {{"_rels/.rels", S(RELS)},
                      {"xl/_rels/workbook.xml.rels", S(WB_RELS)},
                      {"xl/workbook.xml", S(WORKBOOK)},
                      {"xl/worksheets/sheet1.xml", sec[0].p, sec[0].n},
                      {"xl/sharedStrings.xml", NULL, 0},
                      {"xl/styles.xml", NULL, 0},
                      {0}};
        int np = 4;
        if (ns > 1) ps[np++] = (part){"xl/sharedStrings.xml", sec[1].p, sec[1].n};
        if (ns > 2) ps[np++] = (part){"xl/styles.xml", sec[2].p, sec[2].n};
        if (ns > 3) ps[2] = (part){"xl/workbook.xml", sec[3].p, sec[3].n};
        zip = malloc(n + 4096);
        if (!zip) return 0;
        n = zip_stored(ps, np, zip);
        body = zip;
    }
    rmk_read_opts o;
    fuzz_read_opts(opt & 0x7F, &o);
    o.sheet = (opt & 0x20) ? "data" : NULL;
    rmk_status st;
    char err[512];
    csv_reader *r = csv_open_mem_sheet((const char *)body, n, "fuzz.xlsx", NULL, 0, o.sheet, &st,
                                       err, sizeof err);
    if (r) {
        const csv_field *f;
        size_t nf;
        while (csv_next(r, &f, &nf, &st, err, sizeof err) == 1)
            for (size_t i = 0; i < nf; i++)
                if (f[i].len && !f[i].p) __builtin_trap();
        csv_close(r);
    }
    rmk_agg *a = rmk_agg_new();
    if (a) {
        txn_counts c;
        if (txn_read_mem((const char *)body, n, "fuzz.xlsx", &o, add, a, &c, err, sizeof err) ==
            RMK_OK) {
            rmk_rfm_opts ro;
            rmk_rfm_opts_init(&ro);
            rmk_rfm *x = NULL;
            if (rmk_rfm_score(a, &ro, &x, err, sizeof err) == RMK_OK) rmk_rfm_free(x);
        }
        rmk_agg_free(a);
    }
    free(zip);
    return 0;
}
