/* SPDX-License-Identifier: MIT */
/* csv.c — the streaming reader. One buffer of BUF_CAP bytes holds decoded
 * UTF-8 text; a record that reaches the end of the buffer is moved to its
 * start and the buffer refilled, so a record may be as long as
 * CSV_RECORD_CAP whatever the block boundaries. */
#include "csv.h"
#include "errmsg.h"
#include "parse.h"
#include "workbook.h"
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BUF_CAP /* -DBUF_CAP=1024 in a fuzz build: refills within -max_len */
#define BUF_CAP (4u << 20)
#endif
#define RAW_CAP (BUF_CAP / 4) /* CP1251 -> UTF-8 grows at most 3x, UTF-16 1.5x */
/* a record cut by the end of the buffer is moved to its start: room must remain to refill
 * (decoding refills need 3 bytes of room per raw byte, and a UTF-16 character cut by a
 * read keeps up to 3 bytes back) */
_Static_assert(CSV_RECORD_CAP + 12 <= BUF_CAP, "BUF_CAP too small for CSV_RECORD_CAP");

struct csv_reader {
    int fd;              /* -1 for memory input */
    const char *mem;     /* memory input */
    size_t mem_len, mem_pos;
    uint64_t bytes_read, size; /* input bytes so far; size 0 if unknown */
    char *buf;
    size_t pos, end;     /* unread text is buf[pos, end) */
    int eof;             /* no more input beyond buf[end] */
    iconv_t cd;          /* (iconv_t)-1 unless transcoding (CP1251, UTF-16) */
    char *raw;           /* undecoded bytes */
    size_t raw_keep;     /* of them, the start of a UTF-16 character cut by a read */
    char delim;          /* ' ' = blanks */
    unsigned char stop[256]; /* bytes that end an unquoted field */
    int enc;             /* ENC_*: what the input is decoded from */
    int cut_at_end;      /* UTF-16 input ended inside a character (fill() failed) */
    uint64_t bad_line;   /* line of a byte that does not decode (fill() failed) */
    unsigned char bad_byte;
    unsigned bad_unit;   /* the UTF-16 code unit that does not decode */
    uint64_t line;       /* physical line of buf[pos] */
    uint64_t rec_line;   /* line where the last record starts */
    int in_quote;        /* parse_record stopped inside a quoted field ... */
    uint64_t quote_line; /* ... opened at this line */
    size_t quote_col;    /* ... as this field (1-based) */
    size_t quote_off;    /* ... at this byte of the record */
    csv_field *fields;
    size_t nfields, fields_cap;
    char *scratch;       /* unescaped quoted fields of the current record */
    wb_reader *wb;       /* a workbook's sheet instead of text (workbook.h) */
    const char *path;    /* while opening: a regular file's name, for a workbook */
    char name[256];
};

enum { ENC_UTF8, ENC_CP1251, ENC_UTF16LE, ENC_UTF16BE };
static const char *const enc_name[] = {"utf-8", "cp1251", "utf-16le", "utf-16be"};
static const char *const enc_iconv[] = {"UTF-8", "CP1251", "UTF-16LE", "UTF-16BE"};

/* the UTF-16 code unit at p (two bytes there) */
static unsigned unit16(int enc, const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return enc == ENC_UTF16BE ? (unsigned)u[0] << 8 | u[1] : (unsigned)u[1] << 8 | u[0];
}

uint64_t csv_line(const csv_reader *r) { return r->rec_line; }
char csv_delimiter(const csv_reader *r) { return r->delim; }
const char *csv_encoding(const csv_reader *r) { return enc_name[r->enc]; }
const char *csv_name(const csv_reader *r) { return r->name; }

void csv_close(csv_reader *r)
{
    if (!r) return;
    if (r->fd > 2) close(r->fd);
    if (r->cd != (iconv_t)-1) iconv_close(r->cd);
    wb_close(r->wb);
    free(r->buf);
    free(r->raw);
    free(r->fields);
    free(r->scratch);
    free(r);
}

static ssize_t src_read(csv_reader *r, char *dst, size_t cap)
{
    if (r->fd < 0) {
        size_t n = r->mem_len - r->mem_pos;
        if (n > cap) n = cap;
        memcpy(dst, r->mem + r->mem_pos, n);
        r->mem_pos += n;
        r->bytes_read += n;
        return (ssize_t)n;
    }
    for (;;) {
        ssize_t n = read(r->fd, dst, cap);
        if (n > 0) r->bytes_read += (uint64_t)n;
        if (n >= 0 || errno != EINTR) return n;
    }
}

uint64_t csv_bytes_read(const csv_reader *r) { return r->wb ? wb_bytes_read(r->wb) : r->bytes_read; }
uint64_t csv_size(const csv_reader *r) { return r->wb ? wb_size(r->wb) : r->size; }

/* Move unread text to the front and read more. Returns 0 or -1 (I/O). */
static int fill(csv_reader *r)
{
    if (r->pos) {
        memmove(r->buf, r->buf + r->pos, r->end - r->pos);
        r->end -= r->pos;
        r->pos = 0;
    }
    while (!r->eof && r->end < BUF_CAP) {
        if (r->enc == ENC_UTF8) {
            ssize_t n = src_read(r, r->buf + r->end, BUF_CAP - r->end);
            if (n < 0) return -1;
            if (n == 0) r->eof = 1;
            r->end += (size_t)n;
            return 0;
        }
        /* decoded text grows at most 3x (CP1251), 1.5x (UTF-16) */
        size_t room = (BUF_CAP - r->end) / 3;
        if (room <= r->raw_keep) return 0;
        if (room > RAW_CAP) room = RAW_CAP;
        ssize_t n = src_read(r, r->raw + r->raw_keep, room - r->raw_keep);
        if (n < 0) return -1;
        if (n == 0) {
            r->eof = 1;
            if (r->raw_keep) { /* an odd byte, or half a surrogate pair, at the end */
                r->cut_at_end = 1;
                errno = EILSEQ;
                return -1;
            }
            return 0;
        }
        char *in = r->raw, *out = r->buf + r->end;
        size_t inleft = r->raw_keep + (size_t)n, outleft = BUF_CAP - r->end;
        r->raw_keep = 0;
        if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
            if (errno == EINVAL) { /* a character cut by the read: the rest comes next */
                memmove(r->raw, in, inleft);
                r->raw_keep = inleft;
            } else {
                if (errno == EILSEQ) { /* where: lines before the bad byte */
                    r->end = BUF_CAP - outleft;
                    r->bad_line = r->line;
                    for (size_t i = r->pos; i < r->end; i++) r->bad_line += r->buf[i] == '\n';
                    r->bad_byte = (unsigned char)*in;
                    if (r->enc != ENC_CP1251 && inleft >= 2) r->bad_unit = unit16(r->enc, in);
                    errno = EILSEQ;
                }
                return -1;
            }
        }
        r->end = BUF_CAP - outleft;
        return 0;
    }
    return 0;
}

/* Delimiter detection over the first lines of the first block: the
 * candidate that occurs (outside quotes) the same number of times on every
 * sampled line wins, more occurrences first; else blanks, if the header
 * has several blank-separated words; else ','. */
static char detect_delimiter(const char *s, size_t len)
{
    static const char cand[4] = {',', ';', '\t', '|'};
    int counts[20][4];
    int nl = 0;
    size_t i = 0;
    while (i < len && nl < 20) {
        int c4[4] = {0, 0, 0, 0};
        int inq = 0, nonblank = 0;
        for (; i < len; i++) {
            char c = s[i];
            if (c == '"') inq = !inq;
            if (inq) continue;
            if (c == '\n') break;
            if (c != '\r' && c != ' ' && c != '\t') nonblank = 1;
            for (int k = 0; k < 4; k++) c4[k] += c == cand[k];
        }
        if (i >= len && nl > 0) break; /* a truncated last line is not a sample */
        i++;
        if (!nonblank) continue; /* blank lines are skipped when read, too */
        memcpy(counts[nl++], c4, sizeof c4);
    }
    if (nl == 0) return ',';
    int best = -1;
    /* from the first line, else past title lines (a report's name and
     * parameters above its header, as 1C writes them): from the first
     * sampled line after which a candidate keeps one count on 2+ lines */
    for (int from = 0; from < (nl > 1 ? nl - 1 : 1) && best < 0; from++) {
        for (int k = 0; k < 4; k++) {
            if (counts[from][k] == 0) continue;
            int same = 1;
            for (int l = from + 1; l < nl; l++) same &= counts[l][k] == counts[from][k];
            if (same && (best < 0 || counts[from][k] > counts[from][best])) best = k;
        }
        if (from == 0 && best < 0 && nl < 3) break; /* too few lines to pass any over */
    }
    if (best >= 0) return cand[best];
    for (int k = 0; k < 4; k++)
        if (counts[0][k] && (best < 0 || counts[0][k] > counts[0][best])) best = k;
    if (best >= 0) return cand[best];
    /* blank-separated: two or more words on the first line */
    int words = 0, inword = 0;
    for (size_t j = 0; j < len && s[j] != '\n'; j++) {
        int blank = s[j] == ' ' || s[j] == '\t' || s[j] == '\r';
        if (!blank && !inword) words++;
        inword = !blank;
    }
    return words >= 2 ? ' ' : ',';
}

/* The encoding --encoding names: *enc, *order_given for utf-16le/-be (the
 * byte order is then not guessed); "auto" or NULL leaves *auto_enc 1.
 * RMK_ERR_USAGE for a name not known. */
static rmk_status encoding_given(const char *encoding, int *enc, int *auto_enc, int *order_given,
                                 char *err, size_t errlen)
{
    *enc = ENC_UTF8, *auto_enc = 1, *order_given = 0;
    if (!encoding || strcmp(encoding, "auto") == 0) return RMK_OK;
    *auto_enc = 0;
    if (!strcasecmp(encoding, "cp1251") || !strcasecmp(encoding, "windows-1251"))
        *enc = ENC_CP1251;
    else if (!strcasecmp(encoding, "utf-16le") || !strcasecmp(encoding, "utf16le"))
        *enc = ENC_UTF16LE, *order_given = 1;
    else if (!strcasecmp(encoding, "utf-16be") || !strcasecmp(encoding, "utf16be"))
        *enc = ENC_UTF16BE, *order_given = 1;
    else if (!strcasecmp(encoding, "utf-16") || !strcasecmp(encoding, "utf16"))
        *enc = ENC_UTF16LE; /* the byte order mark or the NULs may say BE */
    else if (strcasecmp(encoding, "utf-8") && strcasecmp(encoding, "utf8")) {
        snprintf(err, errlen, "unknown encoding '%s' (expected utf-8, cp1251 or utf-16)",
                 encoding);
        return RMK_ERR_USAGE;
    }
    return RMK_OK;
}

/* The whole first block, raw, into buf[0, *got): a pipe hands over 64 KiB a
 * read, and a short read is not the end of the input (only a read of 0 is). */
static rmk_status read_first_block(csv_reader *r, size_t *got, char *err, size_t errlen)
{
    *got = 0;
    while (*got < RAW_CAP) {
        ssize_t n = src_read(r, r->buf + *got, RAW_CAP - *got);
        if (n < 0) {
            snprintf(err, errlen, "%s: cannot read: %s", r->name, strerror(errno));
            return RMK_ERR_IO;
        }
        if (n == 0) {
            r->eof = 1;
            break;
        }
        *got += (size_t)n;
    }
    return RMK_OK;
}

/* The encoding the first block (got bytes) says, from the one given; *skip
 * the bytes of a byte order mark.
 * UTF-16 (Excel's and 1C's "Unicode text"): a byte order mark, or without
 * one a NUL beside each ASCII character (digits, delimiters, line ends):
 * in the first 256 bytes, one side of the byte pairs a quarter NULs or
 * more and the other side at most half as many (U+0400, U+4E00 or a low
 * surrogate like U+DE00 put a NUL on the other side) — no 8-bit text has
 * that (a stray NUL is left to the fields' checks). A byte order mark is believed
 * whatever --encoding says, but for cp1251, where FF FE is text ("яю"). */
static int sniff_encoding(const csv_reader *r, size_t got, int enc, int auto_enc,
                          int order_given, size_t *skip)
{
    *skip = 0;
    size_t probe = got < 256 ? got & ~(size_t)1 : 256, nul[2] = {0, 0};
    for (size_t i = 0; i < probe; i++) nul[i & 1] += r->buf[i] == 0;
    int bom_le = got >= 2 && memcmp(r->buf, "\xFF\xFE", 2) == 0,
        bom_be = got >= 2 && memcmp(r->buf, "\xFE\xFF", 2) == 0;
    if (enc != ENC_CP1251 && (bom_le || bom_be)) {
        enc = bom_le ? ENC_UTF16LE : ENC_UTF16BE;
        *skip = 2;
    } else if (got >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) {
        *skip = 3; /* a UTF-8 BOM says UTF-8, whatever was detected */
        enc = ENC_UTF8;
    } else if (enc != ENC_CP1251 && !order_given && probe >= 8 && nul[1] >= probe / 8 &&
               nul[0] * 2 <= nul[1]) {
        enc = ENC_UTF16LE; /* "utf-8" given too: such a file is not UTF-8 */
    } else if (enc != ENC_CP1251 && !order_given && probe >= 8 && nul[0] >= probe / 8 &&
               nul[1] * 2 <= nul[0]) {
        enc = ENC_UTF16BE;
    } else if (auto_enc) {
        /* validate up to the last newline: a block may end mid-character */
        size_t upto = got;
        if (!r->eof) {
            while (upto && r->buf[upto - 1] != '\n') upto--;
            if (upto == 0) upto = got > 3 ? got - 3 : 0;
        }
        enc = utf8_valid((const unsigned char *)r->buf, upto) ? ENC_UTF8 : ENC_CP1251;
    }
    return enc;
}

/* Input other than UTF-8: the first block (got bytes, skip of them a byte
 * order mark) decoded into buf by iconv, block by block from then on; a
 * character cut by the block's end is kept for the next. */
static rmk_status decode_first_block(csv_reader *r, size_t got, size_t skip, char *err,
                                     size_t errlen)
{
    int enc = r->enc;
    r->cd = iconv_open("UTF-8", enc_iconv[enc]);
    r->raw = malloc(RAW_CAP);
    if (r->cd == (iconv_t)-1 || !r->raw) {
        snprintf(err, errlen, "%s: cannot convert from %s (iconv)", r->name, enc_name[enc]);
        return r->raw ? RMK_ERR_IO : RMK_ERR_NOMEM;
    }
    memcpy(r->raw, r->buf + skip, got - skip);
    char *in = r->raw, *out = r->buf;
    size_t inleft = got - skip, outleft = BUF_CAP;
    if (iconv(r->cd, &in, &inleft, &out, &outleft) == (size_t)-1) {
        if (errno == EINVAL && !r->eof) { /* a character cut by the block: kept */
            memmove(r->raw, in, inleft);
            r->raw_keep = inleft;
        } else {
            uint64_t line = 1;
            for (char *p = r->buf; p < out; p++) line += *p == '\n';
            if (errno == EINVAL)
                snprintf(err, errlen, "%s:%llu: the file ends inside a %s character", r->name,
                         (unsigned long long)line, enc_name[enc]);
            else if (enc == ENC_CP1251)
                snprintf(err, errlen, "%s:%llu: byte 0x%02X is not Windows-1251 text", r->name,
                         (unsigned long long)line, (unsigned char)*in);
            else
                snprintf(err, errlen, "%s:%llu: an unpaired surrogate 0x%04X is not %s text",
                         r->name, (unsigned long long)line,
                         inleft >= 2 ? unit16(enc, in) : (unsigned char)*in, enc_name[enc]);
            return RMK_ERR_DATA;
        }
    }
    r->end = BUF_CAP - outleft;
    return RMK_OK;
}

/* A workbook (its first got bytes in buf): its sheet's rows from now on,
 * the text reader's buffers unused. On failure r is closed. */
static csv_reader *open_workbook(csv_reader *r, int kind, size_t got, const char *sheet,
                                 rmk_status *st, char *err, size_t errlen)
{
    wb_source src = {.name = r->name, .path = r->path, .fd = r->fd, .head = r->buf,
                     .head_len = got, .head_eof = r->eof};
    if (r->fd < 0) src.mem = r->mem, src.mem_len = r->mem_len;
    else if (r->path) src.fd = -1;
    r->wb = wb_open(&src, kind, sheet, r->name, sizeof r->name, st, err, errlen);
    if (!r->wb) {
        csv_close(r);
        return NULL;
    }
    r->delim = ',';
    return r;
}

/* The buffers, the encoding and the delimiter, from the first block (or a
 * workbook, told by its first bytes). On failure r is closed, *st set and
 * err written. */
static csv_reader *open_common(csv_reader *r, const char *encoding, char delimiter,
                               const char *sheet, rmk_status *st, char *err, size_t errlen)
{
    r->cd = (iconv_t)-1;
    r->line = 1;
    r->buf = malloc(BUF_CAP + 1); /* + a sentinel after the text */
    r->scratch = malloc(CSV_RECORD_CAP);
    r->fields_cap = 64;
    r->fields = malloc(r->fields_cap * sizeof *r->fields);
    if (!r->buf || !r->scratch || !r->fields) {
        *st = RMK_ERR_NOMEM;
        snprintf(err, errlen, "%s: out of memory", r->name);
        csv_close(r);
        return NULL;
    }
    int enc, auto_enc, order_given;
    size_t got, skip;
    *st = encoding_given(encoding, &enc, &auto_enc, &order_given, err, errlen);
    if (*st == RMK_OK) *st = read_first_block(r, &got, err, errlen);
    int kind = *st == RMK_OK ? wb_magic(r->buf, got) : WB_NONE;
    if (kind != WB_NONE) return open_workbook(r, kind, got, sheet, st, err, errlen);
    if (*st == RMK_OK && sheet) {
        *st = RMK_ERR_USAGE;
        snprintf(err, errlen, "%s: --sheet %s: the file is not an Excel workbook (.xlsx, .xls)",
                 r->name, sheet);
    }
    if (*st == RMK_OK) {
        r->enc = sniff_encoding(r, got, enc, auto_enc, order_given, &skip);
        if (r->enc != ENC_UTF8) {
            *st = decode_first_block(r, got, skip, err, errlen);
        } else {
            r->pos = skip;
            r->end = got;
        }
    }
    if (*st != RMK_OK) {
        csv_close(r);
        return NULL;
    }
    if (delimiter == 0)
        delimiter = detect_delimiter(r->buf + r->pos, r->end - r->pos);
    r->delim = delimiter;
    r->stop[(unsigned char)'\n'] = r->stop[(unsigned char)'\r'] = 1;
    r->stop[(unsigned char)delimiter] = 1;
    if (delimiter == ' ') r->stop[(unsigned char)'\t'] = 1;
    return r;
}

csv_reader *csv_open(const char *path, const char *encoding, char delimiter, rmk_status *st,
                     char *err, size_t errlen)
{
    return csv_open_sheet(path, encoding, delimiter, NULL, st, err, errlen);
}

csv_reader *csv_open_sheet(const char *path, const char *encoding, char delimiter,
                           const char *sheet, rmk_status *st, char *err, size_t errlen)
{
    csv_reader *r = calloc(1, sizeof *r);
    if (!r) {
        *st = RMK_ERR_NOMEM;
        rmk_nomem(err, errlen);
        return NULL;
    }
    snprintf(r->name, sizeof r->name, "%s", strcmp(path, "-") ? path : "<stdin>");
    if (strcmp(path, "-") == 0) {
        r->fd = 0;
    } else {
        r->fd = open(path, O_RDONLY | O_CLOEXEC);
        if (r->fd < 0) {
            *st = RMK_ERR_NOINPUT;
            snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
            free(r);
            return NULL;
        }
#ifdef POSIX_FADV_SEQUENTIAL
        (void)posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
        struct stat sb;
        if (fstat(r->fd, &sb) == 0 && S_ISREG(sb.st_mode)) r->size = (uint64_t)sb.st_size, r->path = path;
    }
    return open_common(r, encoding, delimiter, sheet, st, err, errlen);
}

csv_reader *csv_open_mem(const char *data, size_t len, const char *name, const char *encoding,
                         char delimiter, rmk_status *st, char *err, size_t errlen)
{
    return csv_open_mem_sheet(data, len, name, encoding, delimiter, NULL, st, err, errlen);
}

csv_reader *csv_open_mem_sheet(const char *data, size_t len, const char *name,
                               const char *encoding, char delimiter, const char *sheet,
                               rmk_status *st, char *err, size_t errlen)
{
    csv_reader *r = calloc(1, sizeof *r);
    if (!r) {
        *st = RMK_ERR_NOMEM;
        rmk_nomem(err, errlen);
        return NULL;
    }
    snprintf(r->name, sizeof r->name, "%s", name);
    r->fd = -1;
    r->mem = data;
    r->mem_len = len;
    r->size = len;
    return open_common(r, encoding, delimiter, sheet, st, err, errlen);
}

enum { REC_OK, REC_MORE, REC_BAD_QUOTE, REC_TOO_MANY };

static int push_field(csv_reader *r, const char *p, size_t len)
{
    if (r->nfields == r->fields_cap) {
        if (r->fields_cap >= CSV_FIELD_CAP) return -1;
        size_t nc = r->fields_cap * 2;
        csv_field *f = realloc(r->fields, nc * sizeof *f);
        if (!f) return -2;
        r->fields = f;
        r->fields_cap = nc;
    }
    r->fields[r->nfields].p = p;
    r->fields[r->nfields].len = len;
    r->nfields++;
    return 0;
}

/* Parse one record at buf[pos]. On REC_OK sets *next to the first byte
 * after the record and *lines to the newlines it consumed. REC_MORE: the
 * record reaches the end of the buffer before input ended. */
static int parse_record(csv_reader *r, size_t *next, uint64_t *lines, int *pusherr)
{
    const char *b = r->buf, *p = b + r->pos, *e = b + r->end;
    const char d = r->delim;
    const int blanks = d == ' ';
    size_t sc = 0; /* scratch used */
    uint64_t nl = 0;
    r->nfields = 0;
    r->in_quote = 0;
    *pusherr = 0;
    if (blanks)
        while (p < e && (*p == ' ' || *p == '\t')) p++;
    for (;;) {
        const char *fs;
        size_t flen;
        if (p < e && *p == '"') {
            /* quoted field: "" is a quote; delimiters and newlines are text */
            const char *q = p + 1, *chunk = q;
            size_t fstart = sc;
            int copied = 0;
            r->in_quote = 1; /* where, for "never closed" */
            r->quote_line = r->line + nl;
            r->quote_col = r->nfields + 1;
            r->quote_off = (size_t)(p - (b + r->pos));
            for (;;) {
                if (q >= e) return r->eof ? REC_BAD_QUOTE : REC_MORE;
                if (*q == '"') {
                    if (q + 1 >= e && !r->eof) return REC_MORE;
                    if (q + 1 < e && q[1] == '"') {
                        size_t n = (size_t)(q + 1 - chunk);
                        if (sc + n > CSV_RECORD_CAP) return REC_TOO_MANY;
                        memcpy(r->scratch + sc, chunk, n);
                        sc += n;
                        copied = 1;
                        q += 2;
                        chunk = q;
                        continue;
                    }
                    break;
                }
                nl += *q == '\n';
                q++;
            }
            r->in_quote = 0;
            if (copied) {
                size_t n = (size_t)(q - chunk);
                if (sc + n > CSV_RECORD_CAP) return REC_TOO_MANY;
                memcpy(r->scratch + sc, chunk, n);
                sc += n;
                fs = r->scratch + fstart;
                flen = sc - fstart;
            } else {
                fs = p + 1;
                flen = (size_t)(q - fs);
            }
            p = q + 1;
            /* blanks after the closing quote are tolerated, then a separator */
            if (!blanks)
                while (p < e && (*p == ' ' || (*p == '\t' && d != '\t'))) p++;
            if (p < e && !(*p == d || *p == '\n' || *p == '\r' || (blanks && *p == '\t')))
                return REC_BAD_QUOTE;
        } else {
            /* buf[end] is a '\n' sentinel: the scan needs no bounds check */
            const unsigned char *stop = r->stop;
            fs = p;
            while (!stop[(unsigned char)*p]) p++;
            flen = (size_t)(p - fs);
        }
        if (p >= e && !r->eof) return REC_MORE;
        int pe = push_field(r, fs, flen);
        if (pe) {
            *pusherr = pe;
            return REC_TOO_MANY;
        }
        if (blanks) {
            while (p < e && (*p == ' ' || *p == '\t')) p++;
            if (p >= e && !r->eof) return REC_MORE;
            if (p < e && *p != '\n' && *p != '\r') continue;
        } else if (p < e && *p == d) {
            p++;
            continue;
        }
        /* end of record: \n, \r\n, lone \r, or end of input */
        if (p < e && *p == '\r') {
            if (p + 1 >= e && !r->eof) return REC_MORE;
            p++;
            if (p < e && *p == '\n') p++;
            nl++;
        } else if (p < e && *p == '\n') {
            p++;
            nl++;
        }
        *next = (size_t)(p - b);
        *lines = nl;
        return REC_OK;
    }
}

/* "FILE:LINE: quote opened at line N, column C is never closed": LINE the
 * record's, N and C (the field, 1-based) where its open quote is */
static void unclosed_quote(const csv_reader *r, char *err, size_t errlen)
{
    snprintf(err, errlen, "%s:%llu: quote opened at line %llu, column %zu is never closed", r->name,
             (unsigned long long)r->line, (unsigned long long)r->quote_line, r->quote_col);
}

int csv_next(csv_reader *r, const csv_field **fields, size_t *nfields, rmk_status *st,
             char *err, size_t errlen)
{
    if (r->wb) return wb_next(r->wb, fields, nfields, &r->rec_line, st, err, errlen);
    for (;;) {
        if (r->pos >= r->end) {
            if (r->eof) return 0;
            if (fill(r) < 0) goto io_error;
            continue;
        }
        size_t next;
        uint64_t lines;
        int pusherr;
        r->buf[r->end] = '\n'; /* the sentinel parse_record relies on */
        int rc = parse_record(r, &next, &lines, &pusherr);
        if (rc == REC_MORE) {
            if (r->end - r->pos >= CSV_RECORD_CAP) {
                *st = RMK_ERR_DATA;
                /* a quote left open takes the rest of the file: lines of it. One
                 * line of over 1 MiB in quotes is a field too long, closed or not */
                const char *q = r->buf + r->pos + r->quote_off;
                if (r->in_quote && memchr(q, '\n', (size_t)(r->buf + r->end - q)))
                    unclosed_quote(r, err, errlen);
                else
                    snprintf(err, errlen, "%s:%llu: record longer than %u bytes", r->name,
                             (unsigned long long)r->line, CSV_RECORD_CAP);
                return -1;
            }
            if (fill(r) < 0) goto io_error;
            continue;
        }
        if (rc == REC_BAD_QUOTE || rc == REC_TOO_MANY) {
            *st = pusherr == -2 ? RMK_ERR_NOMEM : RMK_ERR_DATA;
            r->rec_line = r->line;
            if (rc == REC_BAD_QUOTE && r->in_quote) /* the end of the input inside quotes */
                unclosed_quote(r, err, errlen);
            else if (rc == REC_BAD_QUOTE)
                snprintf(err, errlen, "%s:%llu:%zu: text after the closing quote of a quoted field",
                         r->name, (unsigned long long)r->line, r->nfields + 1);
            else
                snprintf(err, errlen, "%s:%llu: more than %u fields or bytes in a record",
                         r->name, (unsigned long long)r->line, CSV_FIELD_CAP);
            return -1;
        }
        r->rec_line = r->line;
        if (next - r->pos > CSV_RECORD_CAP) {
            *st = RMK_ERR_DATA;
            snprintf(err, errlen, "%s:%llu: record longer than %u bytes", r->name,
                     (unsigned long long)r->line, CSV_RECORD_CAP);
            return -1;
        }
        r->line += lines;
        r->pos = next;
        /* skip blank lines: one field, empty or blanks only */
        if (r->nfields == 1) {
            size_t k = 0;
            while (k < r->fields[0].len && (r->fields[0].p[k] == ' ' || r->fields[0].p[k] == '\t'))
                k++;
            if (k == r->fields[0].len) continue;
        }
        *fields = r->fields;
        *nfields = r->nfields;
        return 1;
    }
io_error:
    *st = RMK_ERR_IO;
    if (r->enc != ENC_UTF8 && errno == EILSEQ) {
        *st = RMK_ERR_DATA;
        if (r->cut_at_end) {
            uint64_t line = r->line;
            for (size_t i = r->pos; i < r->end; i++) line += r->buf[i] == '\n';
            snprintf(err, errlen, "%s:%llu: the file ends inside a %s character", r->name,
                     (unsigned long long)line, enc_name[r->enc]);
        } else if (r->enc == ENC_CP1251)
            snprintf(err, errlen, "%s:%llu: byte 0x%02X is not Windows-1251 text", r->name,
                     (unsigned long long)r->bad_line, r->bad_byte);
        else
            snprintf(err, errlen, "%s:%llu: an unpaired surrogate 0x%04X is not %s text", r->name,
                     (unsigned long long)r->bad_line, r->bad_unit, enc_name[r->enc]);
    } else
        snprintf(err, errlen, "%s: cannot read: %s", r->name, strerror(errno));
    return -1;
}
