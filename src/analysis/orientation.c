/* SPDX-License-Identifier: MIT */
/* orientation.c — transaction versus relationship marketing (lecture §5,
 * SPEC §3.7): where the firm stands on the continuum, from measured facts
 * and from an optional self-assessment on the lecture's seven dimensions. */
#include "custfile.h"
#include "txn.h"
#include "feedback.h"
#include "book.h"
#include "inisrc.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const dim_key[RMK_ORIENT_DIMENSIONS] = {
    "marketing_function", "price_elasticity",     "quality",         "satisfaction_measurement",
    "information_system", "interdependence",      "internal_marketing"};
static const char *const dim_en[RMK_ORIENT_DIMENSIONS][3] = {
    {"Dominant marketing function", "marketing mix",
     "interactive marketing (supported by the marketing mix)"},
    {"Price elasticity", "customers more price-sensitive", "customers less price-sensitive"},
    {"Dominant quality dimension", "quality of output (technical quality)",
     "quality of interactions (functional quality)"},
    {"Measuring customer satisfaction", "monitoring market share (indirect)",
     "managing the customer base (direct)"},
    {"Customer information system", "customer satisfaction surveys", "real-time feedback system"},
    {"Interdependence of marketing, operations and personnel", "of little strategic importance",
     "of substantial strategic importance"},
    {"Role of internal marketing", "of little strategic importance",
     "of substantial strategic importance"}};
/* lecture-ru, "Сравнительная характеристика маркетинга сделок и маркетинга взаимоотношений" */
static const char *const dim_ru[RMK_ORIENT_DIMENSIONS][3] = {
    {"Доминирующая маркетинговая функция", "маркетинг-микс",
     "интерактивный маркетинг (поддерживаемый маркетинг-микс)"},
    {"Ценовая эластичность", "потребители более чувствительны к цене",
     "потребители менее чувствительны к цене"},
    {"Основной вид качества", "качество результата (техническое качество)",
     "качество отношений (функциональное качество)"},
    {"Измерение удовлетворенности", "контроль рыночной доли (косвенный подход)",
     "управление базой потребителей (прямой подход)"},
    {"Информационная система", "обследование удовлетворенности потребителей",
     "система обратной связи реального времени"},
    {"Взаимозависимость маркетинга, производства и персонала",
     "не имеет значения или небольшое стратегическое значение",
     "существенное стратегическое значение"},
    {"Роль внутреннего маркетинга", "не имеет значения или небольшое стратегическое значение",
     "существенное стратегическое значение"}};

const char *rmk_orientation_dimension(int d, const char *lang, const char **tr, const char **rel)
{
    if (d < 0 || d >= RMK_ORIENT_DIMENSIONS) return NULL;
    const char *const *t = lang && !strcmp(lang, "ru") ? dim_ru[d] : dim_en[d];
    if (tr) *tr = t[1];
    if (rel) *rel = t[2];
    return lang && !strcmp(lang, "key") ? dim_key[d] : t[0];
}

const char *rmk_orientation_position(double pct, const char *lang)
{
    int ru = lang && !strcmp(lang, "ru"), key = lang && !strcmp(lang, "key");
    if (!isfinite(pct)) return "";
    if (pct < 25) return key ? "transaction" : ru ? "маркетинг сделок" : "transaction marketing";
    if (pct < 50) return key ? "leaning_transaction" : ru ? "ближе к маркетингу сделок" : "leaning to transaction marketing";
    if (pct < 75) return key ? "leaning_relationship" : ru ? "ближе к маркетингу взаимоотношений" : "leaning to relationship marketing";
    return key ? "relationship" : ru ? "маркетинг взаимоотношений" : "relationship marketing";
}

typedef struct self_ctx {
    ini_src *src;
    rmk_orientation *o;
} self_ctx;

static int self_handler(void *user, const char *section, const char *name, const char *value)
{
    self_ctx *c = user;
    (void)section;
    if (c->src->err[0]) return 0;
    int d = -1;
    for (int i = 0; i < RMK_ORIENT_DIMENSIONS; i++)
        if (!strcmp(name, dim_key[i])) d = i;
    if (d < 0) {
        snprintf(c->src->err, sizeof c->src->err, "%s:%d: unknown dimension '%s' (expected "
                 "marketing_function, price_elasticity, quality, satisfaction_measurement, "
                 "information_system, interdependence or internal_marketing)", c->src->name,
                 c->src->line, name);
        return 0;
    }
    if (strlen(value) != 1 || value[0] < '1' || value[0] > '5') {
        snprintf(c->src->err, sizeof c->src->err, "%s:%d: %s = %s: expected 1 (transaction) .. 5 "
                 "(relationship)", c->src->name, c->src->line, name, value);
        return 0;
    }
    c->o->self_score[d] = value[0] - '0';
    return 1;
}

/* The self-assessment file into o: RMK_OK, or an error with its message */
static rmk_status read_self(const char *self, rmk_orientation *o, char *err, size_t errlen)
{
    rmk_status st = RMK_OK;
    if (self) { /* the self-assessment first: a bad file costs no read */
        size_t len;
        char *text = ini_file_read(self, &len, &st, err, errlen);
        if (!text) return st;
        ini_src src = {self, text, len, 0, 0, 0, 0, ""};
        self_ctx c = {&src, o};
        ini_src_parse(&src, self_handler, &c);
        free(text);
        if (src.err[0]) {
            snprintf(err, errlen, "%s", src.err);
            return RMK_ERR_CONFIG;
        }
        int n = 0;
        double sum = 0;
        for (int d = 0; d < RMK_ORIENT_DIMENSIONS; d++)
            if (o->self_score[d]) n++, sum += o->self_score[d];
        if (n) {
            o->self_known = 1;
            o->self = (sum / n - 1) / 4 * 100;
        }
    }
    return st;
}

static void orientation_init(rmk_orientation *o)
{
    memset(o, 0, sizeof *o);
    o->repeat_revenue_pct = o->retention_pct = o->feedback_pct = o->manager_pct = NAN;
    o->measured = o->self = NAN;
}

rmk_status rmk_orientation_file(const char *path, const rmk_read_opts *ro, int32_t as_of,
                                const char *customers, const char *fbpath, const char *self,
                                rmk_orientation *o, char *err, size_t errlen)
{
    orientation_init(o);
    rmk_read_opts rdef;
    if (!ro) rmk_read_opts_init(&rdef), ro = &rdef;
    rmk_status st = read_self(self, o, err, errlen); /* a bad file costs no read */
    if (st) return st;
    rmk_read_opts rr = *ro;
    if (as_of != RMK_NO_DATE) rr.as_of = as_of;
    rmk_book_opts bo;
    rmk_book_opts_init(&bo);
    bo.need = RMK_BOOK_DAYS;
    bo.customers = customers;
    bo.feedback = fbpath;
    bo.sat_min = 0; /* only whether a client answered counts here */
    bo.sat_max = 100;
    rmk_book *book = NULL;
    st = rmk_book_read(path, &rr, &bo, &book, err, errlen);
    if (st == RMK_OK) st = rmk_orientation_run(book, as_of, self, o, err, errlen);
    rmk_book_free(book);
    return st;
}

rmk_status rmk_orientation_run(const rmk_book *book, int32_t as_of, const char *self,
                               rmk_orientation *o, char *err, size_t errlen)
{
    orientation_init(o);
    rmk_status st = read_self(self, o, err, errlen);
    if (st) return st;
    if (book_lacks(book, RMK_BOOK_DAYS, "the orientation", err, errlen)) return RMK_ERR_USAGE;
    const char *path = book->path;
    const history *hp = &book->h;
    const custfile *cf = book->cf;
    const feedback *fb = book->fb;
    rmk_agg_stats as;
    rmk_agg_get_stats(hp->ids, &as);
    o->as_of = as_of != RMK_NO_DATE ? as_of : as.last_day;
    if (o->as_of == RMK_NO_DATE) {
        snprintf(err, errlen, "%s: no transactions", path);
        return RMK_ERR_EMPTY;
    }
    int32_t y1 = rmk_add_months(o->as_of, -12), y0 = rmk_add_months(o->as_of, -24);
    __int128 rev = 0, rep = 0;
    size_t before = 0, retained = 0, active = 0, with_fb = 0, with_mgr = 0, in_file = 0;
    const agg_customer *ac = agg_customers(hp->ids);
    for (size_t c = 0; c < hp->customers; c++) {
        int days = 0, last = 0, prev = 0;
        __int128 net = 0;
        for (size_t i = hp->off[c]; i < hp->off[c + 1]; i++) {
            const hday *d = &hp->days[i];
            int act = (d->purchases & HDAY_ACTIVE) != 0;
            days += act;
            if (d->day > y1) net += d->net, last |= act;
            else if (d->day > y0) prev |= act;
        }
        rev += net;
        if (days >= 2) rep += net; /* a repeat client: purchases on two or more days */
        before += prev;
        retained += prev && last;
        if (!last) continue;
        active++;
        const char *id = agg_id(hp->ids, &ac[c]);
        if (fb) {
            const fb_customer *fc = feedback_find(fb, id, ac[c].id_len);
            int got = 0;
            for (size_t k = 0; fc && k < fc->count && !got; k++)
                got = feedback_scores(fb)[fc->first + k].day > y1;
            with_fb += got;
        }
        if (cf) {
            const cust_rec *rec = custfile_find(cf, id, ac[c].id_len);
            if (rec && rec->manager >= 0) in_file++, with_mgr += rec->manager == 1;
        }
    }
    if (rev > 0) o->repeat_revenue_pct = (double)rep / (double)rev * 100;
    if (before) o->retention_pct = (double)retained / (double)before * 100;
    if (fb && active) o->feedback_pct = (double)with_fb / (double)active * 100;
    if (cf && in_file) o->manager_pct = (double)with_mgr / (double)in_file * 100;
    double facts[4] = {o->repeat_revenue_pct, o->retention_pct, o->feedback_pct, o->manager_pct};
    int n = 0;
    double sum = 0;
    for (int i = 0; i < 4; i++)
        if (isfinite(facts[i])) n++, sum += facts[i];
    if (n) o->measured = sum / n;
    return RMK_OK;
}
