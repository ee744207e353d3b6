/* SPDX-License-Identifier: MIT */
/*
 * gen.c - deterministic generator of a B2B sample for relmark: a distributor's invoices, its
 * clients file and its NPS survey answers, built so that every band of the lecture's client
 * rating scale, every stage of its customer ladder and every cell of its portfolio matrix is
 * populated (the clients file carries the portfolio parameters: margin, market share,
 * relationship costs and the managers' scores).
 *
 *   cc -O2 -Wall -Wextra -Werror -std=c11 -o gen gen.c
 *   ./gen [--clients N] [--seed S] [--as-of YYYY-MM-DD] OUTDIR
 *
 * Writes OUTDIR/invoices.csv, OUTDIR/clients.csv and OUTDIR/feedback.csv (see README.md here).
 * The output depends only on the arguments: own PRNG (splitmix64), integer arithmetic only
 * (money in kopecks, growth in basis points), no floating point, no locale, no clock.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int64_t i64;
typedef uint64_t u64;

/* ------------------------------------------------------------------ PRNG (splitmix64) */
typedef struct { u64 s; } rng_t;

static u64 rng_next(rng_t *r)
{
    u64 z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static u64 mix64(u64 z)
{
    rng_t r = { z };
    return rng_next(&r);
}

/* an independent stream per (purpose, index): results do not depend on generation order */
static rng_t stream(u64 seed, u64 purpose, u64 index)
{
    rng_t r;
    r.s = mix64(seed ^ mix64(purpose * 0x100000001b3ULL + 0x51ed270b27f3c1a5ULL) ^
                mix64(index + 0x2545f4914f6cdd1dULL));
    return r;
}

/* uniform in [0, n) for n > 0 (rejection sampling: no modulo bias) */
static i64 rnd(rng_t *r, i64 n)
{
    u64 un = (u64)n, lim = UINT64_MAX - UINT64_MAX % un, x;
    do x = rng_next(r); while (x >= lim);
    return (i64)(x % un);
}

/* uniform in [lo, hi] */
static i64 rr(rng_t *r, i64 lo, i64 hi) { return lo + rnd(r, hi - lo + 1); }

/* ------------------------------------------------------------------ dates (days since 1970-01-01) */
static i64 days_from_civil(i64 y, int m, int d)
{
    y -= m <= 2;
    i64 era = (y >= 0 ? y : y - 399) / 400;
    i64 yoe = y - era * 400;
    i64 doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    i64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(i64 z, int *y, int *m, int *d)
{
    z += 719468;
    i64 era = (z >= 0 ? z : z - 146096) / 146097;
    i64 doe = z - era * 146097;
    i64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    i64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    i64 mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(int y, int m)
{
    static const int n[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* months are numbered y*12 + (m-1) */
static int month_of(i64 day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    return y * 12 + m - 1;
}

static i64 month_first(int mi) { return days_from_civil(mi / 12, mi % 12 + 1, 1); }
static i64 month_last(int mi) { return month_first(mi + 1) - 1; }

/* the same day k months later (k may be negative), clamped to the month's end */
static i64 add_months(i64 day, int k)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    int mi = y * 12 + m - 1 + k;
    y = mi / 12;
    m = mi % 12 + 1;
    if (d > mdays(y, m)) d = mdays(y, m);
    return days_from_civil(y, m, d);
}

/* working day: Monday..Friday and not a Russian public holiday (fixed-date ones) */
static int workday(i64 day)
{
    int wd = (int)(((day % 7) + 7 + 4) % 7); /* 0 = Sunday; 1970-01-01 was a Thursday */
    if (wd == 0 || wd == 6) return 0;
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    if (m == 1 && d <= 8) return 0;
    if ((m == 2 && d == 23) || (m == 3 && d == 8) || (m == 5 && (d == 1 || d == 9)) ||
        (m == 6 && d == 12) || (m == 11 && d == 4))
        return 0;
    return 1;
}

static i64 work_fwd(i64 day)
{
    while (!workday(day)) day++;
    return day;
}

static i64 work_back(i64 day)
{
    while (!workday(day)) day--;
    return day;
}

static int parse_date(const char *s, i64 *out)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') return 0;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3) return 0;
    if (y < 1900 || y > 9000 || m < 1 || m > 12 || d < 1 || d > mdays(y, m)) return 0;
    *out = days_from_civil(y, m, d);
    return 1;
}

static void fmt_date(char *buf, i64 day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
}

/* ------------------------------------------------------------------ model */
enum arche {
    A_ANCHOR,     /* long-standing key accounts with designed shares of turnover */
    A_LONG,       /* long-standing (> 3 years), stable */
    A_MID,        /* 1 to 3 years, stable */
    A_GROWING,    /* sales up 5-40 % a month over the last year */
    A_FADING,     /* sales falling, still buying */
    A_STOPPED,    /* sales fell, stopped 3-9 months before the as-of date */
    A_CHURNED,    /* stopped more than a year before the as-of date */
    A_NEW6,       /* first purchase within the last 6 months */
    A_NEW12,      /* first purchase 6-12 months ago */
    A_OCCASIONAL, /* buys a few times a year */
    A_NEVER,      /* in the CRM with a contract, never bought */
    A_ONEOFF,     /* one or two purchases, missing from the CRM */
    A_COUNT
};

enum pay {
    P_PREPAY,   /* always pays in advance: prepaid = true, paid on or before the invoice date */
    P_PUNCTUAL, /* pays after the invoice, by the due date */
    P_MIXED,    /* prepays about 40 % of invoices, the rest on time */
    P_SOMELATE, /* about 15 % of invoices paid late */
    P_CHRONIC,  /* about 65 % of invoices paid late, a few never paid */
    P_NODATA,   /* the export carries no payment columns for this client */
    P_COUNT
};

typedef struct {
    int id;       /* number in customer_id C%04d */
    int arche;
    int pay;
    int terms;    /* payment terms, days */
    i64 start;    /* first purchase (designed) */
    i64 end;      /* last day it may buy */
    i64 contract; /* -1: empty */
    i64 lev_ref;  /* monthly sales level in kopecks at the first month of the window */
    int g_pre;    /* monthly growth, basis points, up to month g_from */
    int g_bp;     /* monthly growth, basis points, after month g_from */
    int g_from;
    int p_buy;    /* per-mille chance to buy in a month */
    int f10;      /* invoices per buying month, times 10 */
    int noise;    /* per-mille noise of the monthly amount */
    char name[200];
    const char *manager;
} client_t;

typedef struct {
    int cust;   /* index into clients */
    int credit; /* credit note */
    int nlines;
    int prepaid; /* 1 true, 0 false, -1 empty */
    i64 date, due, paid; /* due/paid -1: empty */
    i64 amount;          /* kopecks, negative for credit notes */
    u64 key;             /* random order within a day */
    int serial;          /* generation order, last tie-break */
    int number;
} inv_t;

static inv_t *invs;
static size_t ninv, capinv;

static inv_t *new_inv(void)
{
    if (ninv == capinv) {
        capinv = capinv ? capinv * 2 : 4096;
        invs = realloc(invs, capinv * sizeof *invs);
        if (!invs) {
            fprintf(stderr, "gen: out of memory\n");
            exit(1);
        }
    }
    inv_t *v = &invs[ninv];
    memset(v, 0, sizeof *v);
    v->serial = (int)ninv++;
    return v;
}

/* ------------------------------------------------------------------ names */
static const char *ROOT[] = {
    "Пром", "Техно", "Строй", "Агро", "Энерго", "Металл", "Авто", "Электро", "Сантех", "Хим",
    "Лес", "Нефте", "Газ", "Сиб", "Урал", "Волга", "Дон", "Кама", "Нева", "Балт", "Рос",
    "Евро", "Инж", "Мед", "Фарм", "Вест", "Норд", "Спец", "Гидро", "Тепло", "Стандарт",
    "Профи", "Кабель", "Полимер", "Тех", "Бизнес", "Мега", "Интер"
};
static const char *SUFF[] = {
    "снаб", "торг", "комплект", "сервис", "ресурс", "трейд", "маркет", "систем", "логистик",
    "холдинг", "монтаж", "инвест", "партнёр", "групп", "пром", "строй", "тех", "лайн", "опт",
    "поставка"
};
static const char *ADJ[] = {
    "Северный", "Южный", "Восточный", "Западный", "Центральный", "Первый", "Новый", "Большой",
    "Уральский", "Сибирский", "Волжский", "Балтийский", "Приокский", "Донской", "Невский",
    "Верхневолжский", "Среднерусский", "Региональный"
};
static const char *NOUN[] = {
    "альянс", "стандарт", "партнёр", "регион", "проект", "терминал", "ресурс", "двор", "путь",
    "мост", "союз", "капитал", "квартал", "берег", "завод", "элеватор", "комбинат"
};
static const char *CITY[] = {
    "Тверь", "Казань", "Самара", "Пермь", "Омск", "Тула", "Курск", "Рязань", "Орёл", "Вологда",
    "Ярославль", "Кострома", "Иваново", "Липецк", "Воронеж", "Брянск", "Калуга", "Смоленск"
};
/* surname (male, female), first names, patronymics */
static const char *SUR_M[] = {
    "Кузнецов", "Смирнов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
    "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов",
    "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров",
    "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв", "Сергеев"
};
static const char *NAME_M[] = { "Андрей", "Сергей", "Дмитрий", "Алексей", "Игорь", "Олег",
                                "Михаил", "Владимир", "Николай", "Павел", "Юрий", "Виктор" };
static const char *NAME_F[] = { "Елена", "Ольга", "Татьяна", "Наталья", "Ирина", "Светлана",
                                "Марина", "Анна", "Юлия", "Людмила", "Галина", "Екатерина" };
static const char *PATR_M[] = { "Александрович", "Викторович", "Сергеевич", "Иванович",
                                "Николаевич", "Петрович", "Михайлович", "Юрьевич" };
static const char *PATR_F[] = { "Александровна", "Викторовна", "Сергеевна", "Ивановна",
                                "Николаевна", "Петровна", "Михайловна", "Юрьевна" };
static const char *MANAGER[] = { "Соколова Анна", "Петров Игорь", "Морозова Елена",
                                 "Волков Дмитрий", "Лебедева Ольга", "Никитин Сергей" };

/* a date in years y0 .. y0+ny-1 (the random draws in a fixed order: C leaves the order in
 * which function arguments are evaluated unspecified, and gcc and clang differ) */
static i64 random_date(rng_t *r, int y0, int ny)
{
    int y = y0 + (int)rnd(r, ny);
    int m = 1 + (int)rnd(r, 12);
    int d = 1 + (int)rnd(r, 28);
    return days_from_civil(y, m, d);
}

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define PICK(r, a) ((a)[rnd((r), NELEM(a))])

/* root + suffix, rerolled when they repeat a stem or a letter (Металл+логистик);
 * every Cyrillic letter is two bytes in UTF-8 */
static void compound(rng_t *r, char *b, size_t n)
{
    for (;;) {
        const char *p = PICK(r, ROOT), *s = PICK(r, SUFF);
        size_t lp = strlen(p), ls = strlen(s);
        if (lp >= ls && !strncmp(p + 2, s + 2, ls - 2)) continue; /* Пром+пром, Техно+тех */
        if (lp >= 2 && !memcmp(p + lp - 2, s, 2)) continue;
        snprintf(b, n, "%s%s", p, s);
        return;
    }
}

static void brand(rng_t *r, char *b, size_t n)
{
    switch ((int)rnd(r, 10)) {
    case 0: case 1:
        {
            const char *adj = PICK(r, ADJ), *noun = PICK(r, NOUN);
            snprintf(b, n, "%s %s", adj, noun);
        }
        break;
    case 2:
        compound(r, b, n);
        snprintf(b + strlen(b), n - strlen(b), "-%s", PICK(r, CITY));
        break;
    default:
        compound(r, b, n);
        break;
    }
}

/* special: 1 = straight double quotes (needs CSV quoting), 2 = a comma in the name */
static void make_name(rng_t *r, char *out, size_t n, int big, int special)
{
    char b[120];
    if (special == 1) {
        compound(r, b, sizeof b);
        snprintf(out, n, "ООО \"%s\"", b);
        return;
    }
    if (special == 2) {
        compound(r, b, sizeof b);
        snprintf(out, n, "ООО «%s», филиал г. %s", b, PICK(r, CITY));
        return;
    }
    int k = (int)rnd(r, 100);
    if (big) k = 20 + k % 80; /* key accounts are never sole traders */
    if (k < 16) {             /* ИП */
        if (rnd(r, 3) == 0) {
            const char *s = PICK(r, SUR_M), *nm = PICK(r, NAME_F), *pt = PICK(r, PATR_F);
            snprintf(out, n, "ИП %sа %s %s", s, nm, pt);
        } else {
            const char *s = PICK(r, SUR_M), *nm = PICK(r, NAME_M), *pt = PICK(r, PATR_M);
            snprintf(out, n, "ИП %s %s %s", s, nm, pt);
        }
        return;
    }
    brand(r, b, sizeof b);
    if (k < 22) snprintf(out, n, "ООО «Торговый дом «%s»»", b);
    else if (k < 30) snprintf(out, n, "АО «%s»", b);
    else if (k < 32) snprintf(out, n, "ПАО «%s»", b);
    else if (k < 34) snprintf(out, n, "ЗАО «%s»", b);
    else snprintf(out, n, "ООО «%s»", b);
}

/* ------------------------------------------------------------------ generation */
static u64 g_seed;
static i64 g_asof, g_hist, g_ws; /* as-of, history start, window start (inclusive) */
static client_t *cl;
static int ncl;

static int pick_terms(rng_t *r)
{
    int k = (int)rnd(r, 100);
    return k < 30 ? 14 : k < 80 ? 30 : 45;
}

/* payment columns of one invoice */
static void pay_invoice(const client_t *c, rng_t *r, inv_t *v)
{
    if (c->pay == P_NODATA) {
        v->due = v->paid = -1;
        v->prepaid = -1;
        return;
    }
    v->due = v->date + c->terms;
    v->prepaid = 0;
    int mode; /* 0 prepay, 1 on time, 2 late, 3 never */
    int k = (int)rnd(r, 100);
    switch (c->pay) {
    case P_PREPAY: mode = 0; break;
    case P_MIXED: mode = k < 40 ? 0 : 1; break;
    case P_SOMELATE: mode = k < 85 ? 1 : 2; break;
    case P_CHRONIC: mode = k < 35 ? 1 : 2; break;
    default: mode = 1; break;
    }
    if (c->pay == P_CHRONIC && v->date > g_asof - 180 && rnd(r, 100) < 4) mode = 3;
    if (c->pay == P_SOMELATE && v->date > g_asof - 180 && rnd(r, 1000) < 8) mode = 3;
    switch (mode) {
    case 0:
        v->prepaid = 1;
        v->paid = work_back(v->date - rnd(r, 5));
        break;
    case 1:
        if (c->terms == 0) {
            v->paid = v->date; /* cash on delivery */
        } else {
            i64 p = v->due - rnd(r, c->terms * 2 / 3 + 1);
            if (p <= v->date) p = v->date + 1;
            i64 q = work_back(p);
            if (q <= v->date) q = work_fwd(p);
            if (q > v->due) q = p; /* no working day left: pays on a weekend by bank-client */
            v->paid = q;
        }
        break;
    case 2: {
        i64 lo = 1, hi = 20;
        if (c->pay == P_CHRONIC) {
            lo = 3;
            hi = c->arche == A_ANCHOR ? 30 : 45;
        }
        v->paid = work_fwd(v->due + rr(r, lo, hi));
        break;
    }
    default:
        v->paid = -1;
        break;
    }
    if (v->paid > g_asof) v->paid = -1; /* not paid yet at the as-of date */
}

static int pick_lines(rng_t *r, i64 amount)
{
    int k = (int)rnd(r, 100);
    int n = k < 34 ? 1 : k < 60 ? 2 : k < 80 ? 3 : k < 92 ? 4 : 5;
    if (amount < 1000000 && n > 2) n = 2; /* under 10 000 roubles: one or two lines */
    return n;
}

static void add_invoice(int ci, rng_t *r, i64 date, i64 amount)
{
    const client_t *c = &cl[ci];
    inv_t *v = new_inv();
    v->cust = ci;
    v->date = date;
    v->amount = amount;
    v->nlines = pick_lines(r, amount);
    v->key = rng_next(r);
    pay_invoice(c, r, v);
    /* a few credit notes (returns, price corrections) */
    if (c->arche != A_ONEOFF && rnd(r, 1000) < 3) {
        i64 d = work_fwd(date + rr(r, 5, 45));
        if (d <= g_asof) {
            i64 part = amount * rr(r, 3, 35) / 100 / 100 * 100; /* whole roubles */
            if (part > 0) {
                inv_t *w = new_inv();
                w->cust = ci;
                w->credit = 1;
                w->date = d;
                w->amount = -part;
                w->nlines = 1;
                w->key = rng_next(r);
                w->due = w->paid = -1;
                w->prepaid = c->pay == P_NODATA ? -1 : 0;
            }
        }
    }
}

/* a random working day in [lo, hi]; -1 if there is none */
static i64 random_workday(rng_t *r, i64 lo, i64 hi)
{
    for (int t = 0; t < 20; t++) {
        i64 d = rr(r, lo, hi);
        if (workday(d)) return d;
    }
    for (i64 d = lo; d <= hi; d++)
        if (workday(d)) return d;
    return -1;
}

static void gen_client(int ci)
{
    client_t *c = &cl[ci];
    if (c->arche == A_NEVER) return;
    rng_t r = stream(g_seed, 'V', (u64)c->id);
    if (c->arche == A_ONEOFF) {
        int n = 1 + (int)rnd(&r, 2);
        i64 d = c->start;
        for (int k = 0; k < n; k++) {
            add_invoice(ci, &r, d, rr(&r, 1500000, 30000000));
            d = work_fwd(d + rr(&r, 1, 20));
            if (d > g_asof) break;
        }
        return;
    }
    int m0 = month_of(c->start), m1 = month_of(c->end < g_asof ? c->end : g_asof);
    int mref = month_of(g_ws);
    /* level per month relative to the reference month */
    int lo_m = m0 < mref ? m0 : mref, hi_m = m1 > mref ? m1 : mref;
    int nm = hi_m - lo_m + 1;
    i64 *lev = malloc((size_t)nm * sizeof *lev);
    if (!lev) {
        fprintf(stderr, "gen: out of memory\n");
        exit(1);
    }
    lev[mref - lo_m] = c->lev_ref;
    for (int m = mref + 1; m <= hi_m; m++) {
        int g = m > c->g_from ? c->g_bp : c->g_pre;
        lev[m - lo_m] = lev[m - 1 - lo_m] * (10000 + g) / 10000;
    }
    for (int m = mref - 1; m >= lo_m; m--) {
        int g = m + 1 > c->g_from ? c->g_bp : c->g_pre;
        lev[m - lo_m] = lev[m + 1 - lo_m] * 10000 / (10000 + g);
    }
    for (int m = m0; m <= m1; m++) {
        i64 lo = month_first(m), hi = month_last(m);
        if (lo < c->start) lo = c->start;
        if (hi > c->end) hi = c->end;
        if (hi > g_asof) hi = g_asof;
        if (lo > hi) continue;
        int first = m == m0;
        if (!first && rnd(&r, 1000) >= c->p_buy) continue;
        i64 amt = lev[m - lo_m] * (1000 + rr(&r, -c->noise, c->noise)) / 1000;
        if (c->p_buy < 1000) amt = amt * 1000 / c->p_buy;
        i64 mlen = month_last(m) - month_first(m) + 1;
        amt = amt * (hi - lo + 1) / mlen;
        int k = c->f10 / 10 + (rnd(&r, 10) < c->f10 % 10);
        k = (int)(k * (800 + rnd(&r, 401)) / 1000);
        if (k < 1) k = 1;
        if (amt / k < 300000) k = (int)(amt / 300000); /* invoices of at least 3 000 roubles */
        if (k < 1) k = 1;
        if (k > 40) k = 40;
        i64 w[40], wsum = 0;
        for (int j = 0; j < k; j++) wsum += w[j] = 500 + rnd(&r, 1000);
        i64 left = amt;
        for (int j = 0; j < k; j++) {
            i64 a = j == k - 1 ? left : amt * w[j] / wsum;
            left -= a;
            i64 d = first && j == 0 ? c->start : random_workday(&r, lo, hi);
            if (d < 0) continue;
            if (a < 100000) a = 100000 + rnd(&r, 100000); /* at least 1 000 roubles */
            add_invoice(ci, &r, d, a);
        }
    }
    free(lev);
}

/* net sales of each client in the window, into ws[] */
static void window_sums(i64 *ws)
{
    for (int i = 0; i < ncl; i++) ws[i] = 0;
    for (size_t k = 0; k < ninv; k++)
        if (invs[k].date >= g_ws && invs[k].date <= g_asof) ws[invs[k].cust] += invs[k].amount;
}

static void scale_client(int ci, i64 ppm)
{
    for (size_t k = 0; k < ninv; k++) {
        if (invs[k].cust != ci) continue;
        i64 a = invs[k].amount * ppm / 1000000;
        if (invs[k].credit) a = a / 100 * 100;
        else if (a < 100000) a = 100000;
        invs[k].amount = a;
    }
}

static int cmp_inv(const void *a, const void *b)
{
    const inv_t *x = a, *y = b;
    if (x->date != y->date) return x->date < y->date ? -1 : 1;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->serial < y->serial ? -1 : x->serial > y->serial;
}

static void fmt_money(char *buf, size_t n, i64 kop)
{
    const char *sign = kop < 0 ? "-" : "";
    i64 a = kop < 0 ? -kop : kop;
    snprintf(buf, n, "%s%lld.%02lld", sign, (long long)(a / 100), (long long)(a % 100));
}

static void put_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"') fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

static FILE *open_tmp(const char *dir, const char *name, char *tmp, char *fin, size_t n)
{
    snprintf(fin, n, "%s/%s", dir, name);
    snprintf(tmp, n, "%s/%s.tmp", dir, name);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "gen: cannot write %s\n", tmp);
        exit(1);
    }
    return f;
}

static void close_tmp(FILE *f, const char *tmp, const char *fin)
{
    int err = ferror(f);
    if (fclose(f) != 0 || err || rename(tmp, fin) != 0) {
        fprintf(stderr, "gen: cannot write %s\n", fin);
        remove(tmp);
        exit(1);
    }
}

/* ------------------------------------------------------------------ CRM extras and surveys
 * Everything below is drawn from streams of its own ('R' referrals, 'P' prospects, 'S'
 * surveys, 'F' portfolio parameters), after the invoices are final: it changes no byte of
 * invoices.csv. */

/* what the invoices say about each client (credit notes left out) */
typedef struct {
    i64 first, last; /* first and last invoice day, -1: none */
    int act12;       /* months of the last 12 (calendar months ending with the as-of month) */
    int months;      /* whole months from the first invoice or the contract, if earlier */
} hist_t;

static void client_history(hist_t *h)
{
    int mnow = month_of(g_asof);
    unsigned *mask = calloc((size_t)ncl, sizeof *mask);
    if (!mask) {
        fprintf(stderr, "gen: out of memory\n");
        exit(1);
    }
    for (int i = 0; i < ncl; i++) h[i].first = h[i].last = -1;
    for (size_t k = 0; k < ninv; k++) {
        const inv_t *v = &invs[k];
        if (v->credit || v->date > g_asof) continue;
        hist_t *x = &h[v->cust];
        if (x->first < 0 || v->date < x->first) x->first = v->date;
        if (v->date > x->last) x->last = v->date;
        int back = mnow - month_of(v->date);
        if (back < 12) mask[v->cust] |= 1u << back;
    }
    for (int i = 0; i < ncl; i++) {
        h[i].act12 = 0;
        for (int b = 0; b < 12; b++) h[i].act12 += (mask[i] >> b) & 1;
        i64 s = h[i].first;
        if (cl[i].contract >= 0 && (s < 0 || cl[i].contract < s)) s = cl[i].contract;
        h[i].months = s < 0 ? 0 : mnow - month_of(s);
    }
    free(mask);
}

/* referrals: new clients this client brought in. Most have none; long-standing clients that
 * buy month after month are the likeliest to recommend the distributor. */
static int make_referrals(int ci, const hist_t *h)
{
    const client_t *c = &cl[ci];
    if (c->arche == A_NEVER || c->arche == A_ONEOFF) return 0;
    rng_t r = stream(g_seed, 'R', (u64)c->id);
    int p = 10 + (h->months >= 36 ? 90 : h->months >= 24 ? 60 : h->months >= 12 ? 30 : 0) +
            8 * h->act12; /* per mille */
    if (c->arche == A_ANCHOR) p += 150;
    if (h->act12 == 0) p /= 2;
    if (rnd(&r, 1000) >= p) return 0;
    int k = (int)rnd(&r, 100);
    return k < 65 ? 1 : k < 90 ? 2 : 3;
}

/* structural bonds (EDI, integrated supply): five of the key accounts - not the strategic
 * partner (anchor 1), which earned its place by growth, nor the small anchor 6 - and the two
 * largest long-standing companies (not sole traders) with a contract older than the history */
static void pick_bonds(int *bond, const i64 *ws)
{
    static const int anchor_bond[] = { 1, 0, 1, 1, 1, 1, 0 };
    for (int i = 0; i < ncl; i++) bond[i] = cl[i].arche == A_ANCHOR && anchor_bond[i];
    for (int n = 0; n < 2; n++) {
        int best = -1;
        for (int i = 0; i < ncl; i++)
            if (cl[i].arche == A_LONG && !bond[i] && cl[i].contract >= 0 &&
                cl[i].contract < g_hist && strncmp(cl[i].name, "ИП ", strlen("ИП ")) &&
                (best < 0 || ws[i] > ws[best]))
                best = i;
        if (best >= 0) bond[best] = 1;
    }
}

/* leads, qualified prospects and disqualified ones: CRM rows without a single invoice */
enum { S_LEAD, S_QUALIFIED, S_DISQUALIFIED, S_COUNT };
static const char *STATUS[S_COUNT] = { "lead", "qualified", "disqualified" };

typedef struct {
    int id, status;
    char name[200];
    const char *manager;
} prospect_t;

static prospect_t *make_prospects(int n_by[S_COUNT], int *np)
{
    int n = n_by[S_LEAD] + n_by[S_QUALIFIED] + n_by[S_DISQUALIFIED];
    prospect_t *p = calloc((size_t)n, sizeof *p);
    if (!p) {
        fprintf(stderr, "gen: out of memory\n");
        exit(1);
    }
    /* statuses interleaved by id, as a CRM assigns ids when the lead comes in */
    int left[S_COUNT] = { n_by[S_LEAD], n_by[S_QUALIFIED], n_by[S_DISQUALIFIED] };
    for (int k = 0; k < n; k++) {
        rng_t r = stream(g_seed, 'P', (u64)k);
        prospect_t *x = &p[k];
        x->id = ncl + 1 + k;
        int s = (int)rnd(&r, n - k), acc = 0; /* a random one of the statuses left */
        for (x->status = 0; x->status < S_COUNT; x->status++) {
            acc += left[x->status];
            if (s < acc) break;
        }
        left[x->status]--;
        for (int tries = 0;; tries++) {
            make_name(&r, x->name, sizeof x->name, 0, 0);
            int dup = 0;
            for (int o = 0; o < ncl && !dup; o++) dup = !strcmp(cl[o].name, x->name);
            for (int o = 0; o < k && !dup; o++) dup = !strcmp(p[o].name, x->name);
            if (!dup) break;
            if (tries > 1000) {
                snprintf(x->name + strlen(x->name), 20, " %d", x->id);
                break;
            }
        }
        /* a qualified prospect always has a sales manager working on it */
        x->manager = x->status == S_QUALIFIED || rnd(&r, 2) ? MANAGER[rnd(&r, NELEM(MANAGER))] : "";
    }
    *np = n;
    return p;
}

/* quarterly NPS survey: eight waves, in the month before the as-of month and every third month
 * back from it (fieldwork from the 10th to the month's end). A panel of clients is asked: every
 * key account, most managed clients, a few others; a client is asked while it buys. NPS 0-10;
 * the waves of every other quarter also ask satisfaction 1-5. */
#define NWAVE 8

typedef struct {
    i64 date;
    int id, nps, sat; /* -1: empty */
} answer_t;

static answer_t *answers;
static size_t nans, capans;

static void add_answer(i64 date, int id, int nps, int sat)
{
    if (nans == capans) {
        capans = capans ? capans * 2 : 1024;
        answers = realloc(answers, capans * sizeof *answers);
        if (!answers) {
            fprintf(stderr, "gen: out of memory\n");
            exit(1);
        }
    }
    answers[nans++] = (answer_t){ date, id, nps, sat };
}

static int clamp(int x, int lo, int hi) { return x < lo ? lo : x > hi ? hi : x; }

/* the NPS a client would give, before the wave's own noise */
static int base_nps(rng_t *r, const client_t *c)
{
    int t = (int)rnd(r, 100);
    int b = t < 17 ? 10 : t < 42 ? 9 : t < 70 ? 8 : t < 87 ? 7 : t < 94 ? 6 : t < 98 ? 5 : 4;
    switch (c->arche) {
    case A_GROWING: b++; break;
    case A_OCCASIONAL: b--; break;
    case A_STOPPED: b -= 2; break;
    case A_CHURNED: b -= 3; break;
    default: break;
    }
    if (c->pay == P_CHRONIC) b--; /* reminders and stopped shipments do not make fans */
    return clamp(b, 0, 10);
}

/* key accounts built to drop 3-5 points in the latest wave (anchor indexes): the late payer,
 * the one paying sometimes late and the declining one */
static int nps_drop(int ci) { return cl[ci].arche == A_ANCHOR && (ci == 2 || ci == 4 || ci == 5); }

static void survey_client(int ci, const hist_t *h, int referrals)
{
    const client_t *c = &cl[ci];
    if (c->arche == A_NEVER || c->arche == A_ONEOFF || h->first < 0) return;
    rng_t r = stream(g_seed, 'S', (u64)c->id);
    int panel = c->arche == A_ANCHOR ? 1000 : c->manager[0] ? 550 : 120;
    if (rnd(&r, 1000) >= panel) return;
    int drop = nps_drop(ci);
    int base = drop ? 9 : base_nps(&r, c);
    if (referrals > 0 && base < 8) base = 8; /* who recommends the firm does not run it down */
    int prev = -1;
    for (int k = NWAVE - 1; k >= 0; k--) { /* oldest wave first */
        int wm = month_of(g_asof) - 1 - 3 * k;
        i64 lo = month_first(wm) + 9, hi = month_last(wm);
        i64 day = random_workday(&r, lo, hi);
        int answers_it = rnd(&r, 1000) < (c->arche == A_ANCHOR ? 900 : 700);
        int noise = (int)rnd(&r, 4);
        int sat_q = k % 2 == 0 && rnd(&r, 100) < 85;
        int sat_noise = (int)rnd(&r, 10);
        int skip_nps = sat_q && rnd(&r, 100) < 4;
        int fall = (int)rr(&r, 3, 5);
        if (drop && k <= 1) answers_it = 1, skip_nps = 0;
        if (day < 0 || !answers_it || h->first >= lo || h->last < lo - 120) continue;
        int s = base + (noise == 0 ? -1 : noise == 3 ? 1 : 0);
        if (c->arche == A_FADING) s -= (NWAVE - 1 - k) * 4 / 10; /* sales fall, so does the score */
        if (c->arche == A_STOPPED) s -= (NWAVE - 1 - k) / 3;
        s = clamp(s, 0, 10);
        if (drop) s = k == 0 ? (prev < 0 ? 9 : prev) - fall : clamp(s, 8, 10);
        else if (prev >= 0 && s < prev - 2) s = prev - 2; /* no other sudden fall */
        int sat = -1;
        if (sat_q) {
            sat = s >= 9 ? 5 : s >= 7 ? 4 : s >= 5 ? 3 : s >= 3 ? 2 : 1;
            sat = clamp(sat + (sat_noise == 0 ? -1 : sat_noise == 1 ? 1 : 0), 1, 5);
        }
        add_answer(day, c->id, skip_nps ? -1 : s, sat);
        prev = s;
    }
}

static int cmp_answer(const void *a, const void *b)
{
    const answer_t *x = a, *y = b;
    if (x->date != y->date) return x->date < y->date ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* ------------------------------------------------------------------ portfolio parameters
 * The parameters for evaluating B2B clients (lecture §3, `relmark portfolio`), from a stream
 * of their own ('F'), drawn after the invoices, the referrals, the bonds and the surveys are
 * final: they change no byte of invoices.csv or feedback.csv, nor any earlier column of
 * clients.csv. Measured by the firm: profitability (margin, percent), the client's share of its
 * own market (percent) and the relationship costs (roubles a year); then the account manager's
 * scores 1..5, 5 being the best for the firm (management_complexity 5 = easy to manage). */
enum { PF_PROFIT, PF_SHARE, PF_COST, PF_IMPORTANCE, PF_POTENTIAL, PF_FIT, PF_STRENGTH, PF_VALUE,
       PF_GOALS, PF_EASE, PF_TECH, PF_COUNT };
#define PF_FIRST_SCORE PF_IMPORTANCE
static const char PF_HEADER[] = "profitability,market_share,relationship_cost,strategic_importance,"
                                "development_potential,specialisation_fit,relationship_strength,"
                                "relationship_value,goal_compatibility,management_complexity,"
                                "technology_protection";

typedef struct {
    i64 v[PF_COUNT]; /* tenths of a percent, tenths of a percent, roubles, then scores 1..5 */
    int has[PF_COUNT];
} pf_t;

/* what the portfolio parameters are drawn from, per client */
typedef struct {
    i64 net12; /* net sales of the 12 months to its last invoice (annualised for a client of
                  less than a year), kopecks */
    int inv12; /* invoices in the rating window */
    int nps;   /* latest NPS answer, -1: none */
    int role;  /* PR_* below */
} pf_in_t;

/* designed exceptions, so that every cell of the 3x3 matrix holds clients: newcomers that the
 * firm courts (attractive, relationship still weak) and small long-standing clients that are
 * loyal but bring little (weak, relationship strong) */
enum { PR_NONE, PR_COURTED, PR_LOYAL_SMALL };

/* size class 0..6 from a year's net sales (kopecks) */
static int size_class(i64 net)
{
    static const i64 lim[6] = { 15000000, 40000000, 90000000, 200000000, 500000000, 1500000000 };
    int s = 0;
    while (s < 6 && net >= lim[s]) s++;
    return s;
}

/* -1, 0 or +1 with down % and up % */
static int jitter(rng_t *r, int down, int up)
{
    int k = (int)rnd(r, 100);
    return k < down ? -1 : k >= 100 - up ? 1 : 0;
}

static int is_sole_trader(const char *name) { return !strncmp(name, "ИП ", strlen("ИП ")); }

static void pf_inputs(pf_in_t *in, const hist_t *h, const i64 *ws)
{
    for (int i = 0; i < ncl; i++) {
        in[i].net12 = in[i].inv12 = 0;
        in[i].nps = -1;
        in[i].role = PR_NONE;
    }
    for (size_t k = 0; k < ninv; k++) {
        const inv_t *v = &invs[k];
        const hist_t *x = &h[v->cust];
        if (v->date > g_asof) continue;
        if (x->last >= 0 && v->date > x->last - 365 && v->date <= x->last)
            in[v->cust].net12 += v->amount;
        if (!v->credit && v->date >= g_ws) in[v->cust].inv12++;
    }
    int *byid = malloc((size_t)(ncl + 1) * sizeof *byid);
    if (!byid) {
        fprintf(stderr, "gen: out of memory\n");
        exit(1);
    }
    for (int i = 0; i < ncl; i++) byid[cl[i].id] = i;
    for (int i = 0; i < ncl; i++) { /* a client of less than a year: its sales for a year */
        if (h[i].first < 0) continue;
        i64 from = h[i].first > h[i].last - 364 ? h[i].first : h[i].last - 364;
        i64 days = h[i].last - from + 1;
        if (days < 30) days = 30;
        if (days < 365) in[i].net12 = in[i].net12 * 365 / days;
    }
    for (size_t k = 0; k < nans; k++) /* by date: the last one wins */
        if (answers[k].nps >= 0) in[byid[answers[k].id]].nps = answers[k].nps;
    free(byid);
    /* courted newcomers: the biggest buyers among the clients of the last year (not sole
     * traders); loyal small clients: the smallest buyers among the long-standing ones with a
     * contract older than the history that bought in at least 9 of the last 12 months */
    int n_role = ncl / 75 < 2 ? 2 : ncl / 75;
    for (int n = 0; n < n_role; n++) {
        int best = -1;
        for (int i = 0; i < ncl; i++)
            if ((cl[i].arche == A_NEW6 || cl[i].arche == A_NEW12) && in[i].role == PR_NONE &&
                !is_sole_trader(cl[i].name) && (best < 0 || ws[i] > ws[best]))
                best = i;
        if (best >= 0) in[best].role = PR_COURTED;
    }
    for (int n = 0; n < n_role; n++) {
        int best = -1;
        for (int i = 0; i < ncl; i++)
            if (cl[i].arche == A_LONG && in[i].role == PR_NONE && cl[i].contract >= 0 &&
                cl[i].contract < g_hist && h[i].act12 >= 9 && (best < 0 || ws[i] < ws[best]))
                best = i;
        if (best >= 0) in[best].role = PR_LOYAL_SMALL;
    }
}

static void make_params(int ci, const hist_t *h, int referrals, int bond, const pf_in_t *in,
                        pf_t *p)
{
    const client_t *c = &cl[ci];
    int a = c->arche, sz = size_class(in->net12), mgr = c->manager[0] != 0;
    rng_t r = stream(g_seed, 'F', (u64)c->id);
    for (int k = 0; k < PF_COUNT; k++) p->has[k] = 1;

    /* profitability, tenths of a percent: thinner margins for big buyers, list prices for
     * occasional ones, introductory discounts for newcomers, the cost of money for late payers;
     * a few clients lose money (small orders served at a high cost, bad debts) */
    i64 pr = a == A_ANCHOR ? rr(&r, 100, 160) : a == A_OCCASIONAL ? rr(&r, 180, 350)
                                                                 : rr(&r, 140, 300) - 15 * sz;
    i64 intro = rr(&r, 0, 50);
    int loss_draw = (int)rnd(&r, 1000);
    i64 loss = rr(&r, -80, -5);
    if (a == A_GROWING || a == A_NEW6 || a == A_NEW12) pr -= intro;
    if (c->pay == P_CHRONIC) pr -= 60;
    else if (c->pay == P_SOMELATE) pr -= 20;
    if (pr < 40) pr = 40;
    int lossp = c->pay == P_CHRONIC || a == A_STOPPED ? 150 : a == A_FADING ? 100
              : a == A_OCCASIONAL ? 80 : 10; /* per mille */
    if (a != A_ANCHOR && loss_draw < lossp) pr = loss;
    p->v[PF_PROFIT] = pr;

    /* the client's share of its own market, tenths of a percent: by size; a sole trader holds
     * a sliver of a local market, growers are winning share */
    static const int shlo[7] = { 2, 5, 10, 20, 40, 60, 100 };
    static const int shhi[7] = { 20, 40, 60, 100, 150, 200, 300 };
    i64 sh = rr(&r, shlo[sz], shhi[sz]);
    i64 sh_key = rr(&r, 150, 400);
    if (a == A_ANCHOR) sh = sh_key;
    if (is_sole_trader(c->name)) sh = sh / 10 + 1;
    if (a == A_GROWING) sh = sh * 13 / 10;
    p->v[PF_SHARE] = sh > 400 ? 400 : sh;

    /* relationship costs, roubles a year: order handling per invoice, the account manager's
     * time (or the sales desk's), collection work with late payers, EDI upkeep for the
     * structural bonds, the key-account team; a client that no longer buys costs little */
    i64 per_inv = rr(&r, 1200, 2200);
    i64 base = mgr ? rr(&r, 40000, 90000) : rr(&r, 6000, 15000);
    i64 coll = rr(&r, 5000, 40000);
    i64 edi = rr(&r, 120000, 200000);
    i64 team = rr(&r, 250000, 450000);
    i64 cost = in->inv12 * per_inv + base;
    if (c->pay == P_CHRONIC) cost += coll;
    else if (c->pay == P_SOMELATE) cost += coll / 3;
    if (bond) cost += edi;
    if (a == A_ANCHOR) cost += team;
    if (in->inv12 == 0) cost = base / 4;
    p->v[PF_COST] = (cost + 50) / 100 * 100;

    /* manager scores */
    int j_imp = jitter(&r, 20, 20), j_pot = jitter(&r, 25, 25), j_fit = jitter(&r, 20, 20);
    int j_str = jitter(&r, 20, 20), j_val = jitter(&r, 20, 20), j_goal = jitter(&r, 25, 25);
    int j_ease = jitter(&r, 20, 20), t_tech = (int)rnd(&r, 100);
    int lapsed = a == A_FADING || a == A_STOPPED || a == A_CHURNED;
    int young = a == A_GROWING || a == A_NEW6 || a == A_NEW12;

    int m = h->months, steady = m >= 36 && h->act12 >= 11; /* a regular buyer for years */
    static const int imp_base[7] = { 1, 2, 2, 3, 3, 4, 5 };
    int imp = imp_base[sz] + (a == A_ANCHOR) + (young && sz >= 3) + steady - lapsed + j_imp;
    static const int pot_base[A_COUNT] = { 3, 3, 3, 4, 2, 1, 1, 4, 4, 2, 3, 1 };
    int pot = pot_base[a] + j_pot;
    int fit = 3 + (sz >= 4) - (a == A_OCCASIONAL) + j_fit;
    if (a == A_ANCHOR) { /* the key accounts, well known: potential by their trend, the core fit */
        pot = 3 + (c->g_bp >= 1000) - (c->g_bp < 0);
        fit = 5;
    }
    int str = (m < 12 ? 1 : m < 24 ? 2 : m < 36 ? 3 : 4) + steady;
    str += bond + (referrals > 0) - (a == A_OCCASIONAL) - (a == A_FADING || a == A_STOPPED) -
           2 * (a == A_CHURNED);
    if (in->nps >= 9) str++;
    else if (in->nps >= 0 && in->nps <= 6) str--;
    str = clamp(str + j_str, 1, 5);
    imp = clamp(imp, 1, 5);
    int val = clamp((str + imp + 1) / 2 + j_val, 1, 5);
    int goal = clamp(str + j_goal, 1, 5);
    int ease = 4 - 2 * (c->pay == P_CHRONIC) - (c->pay == P_SOMELATE) + (c->pay == P_PREPAY) -
               (a == A_ANCHOR) - (sz >= 5) + j_ease;
    int tech = 3 + bond +
               (t_tech < 8 ? -2 : t_tech < 25 ? -1 : t_tech < 65 ? 0 : t_tech < 92 ? 1 : 2);
    p->v[PF_IMPORTANCE] = imp;
    p->v[PF_POTENTIAL] = clamp(pot, 1, 5);
    p->v[PF_FIT] = clamp(fit, 1, 5);
    p->v[PF_STRENGTH] = str;
    p->v[PF_VALUE] = val;
    p->v[PF_GOALS] = goal;
    p->v[PF_EASE] = clamp(ease, 1, 5);
    p->v[PF_TECH] = clamp(tech, 1, 5);

    /* the designed exceptions */
    i64 x_pr = rr(&r, 180, 300), x_sh = rr(&r, 180, 350), x_fit = rr(&r, 4, 5);
    if (in->role == PR_COURTED) {
        p->v[PF_PROFIT] = x_pr;
        p->v[PF_SHARE] = x_sh;
        p->v[PF_IMPORTANCE] = p->v[PF_POTENTIAL] = 5;
        p->v[PF_FIT] = x_fit;
        p->v[PF_STRENGTH] = 1;
        p->v[PF_VALUE] = p->v[PF_GOALS] = p->v[PF_EASE] = p->v[PF_TECH] = 2;
    } else if (in->role == PR_LOYAL_SMALL) {
        p->v[PF_PROFIT] = x_pr / 6 + 10; /* 4..6 % */
        p->v[PF_SHARE] = x_sh / 40;      /* 0.4..0.8 % */
        p->v[PF_IMPORTANCE] = p->v[PF_POTENTIAL] = 1;
        p->v[PF_FIT] = 2;
        p->v[PF_STRENGTH] = p->v[PF_GOALS] = p->v[PF_EASE] = 5;
        p->v[PF_VALUE] = p->v[PF_TECH] = 4;
    }

    /* gaps: no margin for a client that never bought; a score or a market share the manager
     * has not filled in on about 3 % of the rows */
    int gap = (int)rnd(&r, 1000), which = (int)rnd(&r, 9);
    if (a == A_NEVER) p->has[PF_PROFIT] = 0;
    if (gap < 30 && in->role == PR_NONE)
        p->has[which == 0 ? PF_SHARE : PF_FIRST_SCORE + which - 1] = 0;
}

/* prospects: a lead has no assessment yet; a qualified prospect has the manager's first view of
 * its market share, importance, potential, fit and goals; a disqualified one was dropped for a
 * poor fit, so those scores are low */
static void make_prospect_params(const prospect_t *x, pf_t *p)
{
    rng_t r = stream(g_seed, 'F', (u64)x->id);
    for (int k = 0; k < PF_COUNT; k++) p->has[k] = 0;
    i64 sh = rr(&r, 5, 150);
    int imp = (int)rr(&r, 2, 4), pot = (int)rr(&r, 3, 5), fit = (int)rr(&r, 3, 4),
        goal = (int)rr(&r, 2, 4);
    int d_imp = (int)rr(&r, 1, 2), d_fit = (int)rr(&r, 1, 2), d_goal = (int)rr(&r, 1, 2);
    if (x->status == S_LEAD) return;
    p->has[PF_SHARE] = p->has[PF_IMPORTANCE] = p->has[PF_POTENTIAL] = p->has[PF_FIT] =
        p->has[PF_GOALS] = 1;
    p->v[PF_SHARE] = sh;
    if (x->status == S_QUALIFIED) {
        p->v[PF_IMPORTANCE] = imp;
        p->v[PF_POTENTIAL] = pot;
        p->v[PF_FIT] = fit;
        p->v[PF_GOALS] = goal;
    } else {
        p->v[PF_IMPORTANCE] = d_imp;
        p->v[PF_POTENTIAL] = 1;
        p->v[PF_FIT] = d_fit;
        p->v[PF_GOALS] = d_goal;
    }
}

static void put_params(FILE *f, const pf_t *p)
{
    for (int k = 0; k < PF_COUNT; k++) {
        fputc(',', f);
        if (!p->has[k]) continue;
        i64 v = p->v[k];
        if (k == PF_PROFIT || k == PF_SHARE)
            fprintf(f, "%s%lld.%lld", v < 0 ? "-" : "", (long long)((v < 0 ? -v : v) / 10),
                    (long long)((v < 0 ? -v : v) % 10));
        else
            fprintf(f, "%lld", (long long)v);
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: gen [--clients N] [--seed S] [--as-of YYYY-MM-DD] [--design] OUTDIR\n"
                    "  --clients N   clients in the CRM file, 40..5000 (default 300)\n"
                    "  --seed S      PRNG seed, unsigned integer (default 1)\n"
                    "  --as-of D     last day of the history (default 2026-06-30)\n"
                    "  --design      also write OUTDIR/design.csv: each customer's designed\n"
                    "                archetype, payment behaviour, terms and growth\n"
                    "writes OUTDIR/invoices.csv, OUTDIR/clients.csv and OUTDIR/feedback.csv\n");
    exit(2);
}

/* anchors: designed share of turnover (per ten thousand), growth in the window (bp/month),
 * growth before it, payment behaviour, terms, invoices a month (x10) */
static const struct {
    int share_bp, g_bp, g_pre, pay, terms, f10;
} ANCHOR[] = {
    { 2200, 80, 40, P_PUNCTUAL, 45, 110 },  /* >= 20 %: the distributor's biggest customer */
    { 1350, 2400, 60, P_PREPAY, 0, 90 },    /* 10-20 %, grew fast: strategic partner */
    { 1080, -150, 30, P_CHRONIC, 30, 80 },  /* 10-20 %, pays late */
    { 720, 1300, 20, P_PUNCTUAL, 30, 60 },  /* 5-10 %, growing 10-20 % */
    { 560, 50, 0, P_SOMELATE, 30, 50 },     /* 5-10 % */
    { 430, -400, 50, P_PUNCTUAL, 14, 40 },  /* 3-5 %, declining */
    { 340, 2200, 0, P_MIXED, 30, 40 },      /* 3-5 %, growing > 20 % */
};
#define NANCHOR NELEM(ANCHOR)

int main(int argc, char **argv)
{
    int nclients = 300;
    g_seed = 1;
    g_asof = days_from_civil(2026, 6, 30);
    const char *outdir = NULL;
    int design = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--clients") && i + 1 < argc) {
            char *e;
            long v = strtol(argv[++i], &e, 10);
            if (*e || v < 40 || v > 5000) usage();
            nclients = (int)v;
        } else if (!strcmp(a, "--seed") && i + 1 < argc) {
            char *e;
            const char *s = argv[++i];
            if (*s < '0' || *s > '9') usage();
            errno = 0;
            g_seed = strtoull(s, &e, 10);
            if (*e || errno) usage();
        } else if (!strcmp(a, "--as-of") && i + 1 < argc) {
            if (!parse_date(argv[++i], &g_asof)) usage();
        } else if (!strcmp(a, "--design")) {
            design = 1;
        } else if (a[0] == '-' || outdir) {
            usage();
        } else {
            outdir = a;
        }
    }
    if (!outdir) usage();

    g_hist = add_months(g_asof, -48) + 1; /* four years ending with the as-of day */
    g_ws = add_months(g_asof, -12) + 1;   /* rating window (as-of - 12 months, as-of] */
    int mref = month_of(g_ws);

    /* archetype counts (per mille of the CRM clients); the rest are long-standing stable */
    int n_oneoff = nclients / 75 < 3 ? 3 : nclients / 75;
    int cnt[A_COUNT] = { 0 };
    cnt[A_ANCHOR] = NANCHOR;
    cnt[A_NEVER] = n_oneoff;
    cnt[A_ONEOFF] = n_oneoff;
    static const int pm[A_COUNT] = { 0, 0, 150, 100, 70, 50, 50, 60, 60, 80, 0, 0 };
    int used = cnt[A_ANCHOR] + cnt[A_NEVER];
    for (int a = 0; a < A_COUNT; a++) {
        if (!pm[a]) continue;
        cnt[a] = (nclients * pm[a] + 500) / 1000;
        if (cnt[a] < 2) cnt[a] = 2;
        used += cnt[a];
    }
    cnt[A_LONG] = nclients - used;
    ncl = nclients + n_oneoff;
    cl = calloc((size_t)ncl, sizeof *cl);
    int *perm = malloc((size_t)ncl * sizeof *perm);
    if (!cl || !perm) {
        fprintf(stderr, "gen: out of memory\n");
        return 1;
    }
    {
        rng_t r = stream(g_seed, 'I', 0);
        for (int i = 0; i < ncl; i++) perm[i] = i + 1;
        for (int i = ncl - 1; i > 0; i--) {
            int j = (int)rnd(&r, i + 1), t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
    }

    /* ---- design every client */
    int slot = 0;
    int sub[A_COUNT] = { 0 }; /* index within the archetype */
    for (int a = 0; a < A_COUNT; a++) {
        for (int k = 0; k < cnt[a]; k++, slot++) {
            client_t *c = &cl[slot];
            rng_t r = stream(g_seed, 'C', (u64)slot);
            int j = sub[a]++;
            c->id = perm[slot];
            c->arche = a;
            c->end = g_asof;
            c->contract = -1;
            c->noise = 150;
            c->g_from = mref;
            /* heavy-tailed size: 10 000 roubles a month times 2^G, G geometric, capped */
            int G = 0;
            while (G < 6 && rnd(&r, 100) < 55) G++;
            c->lev_ref = (1000000LL << G) * (600 + rnd(&r, 901)) / 1000;
            c->p_buy = 450 + 90 * G + (int)rnd(&r, 201);
            if (c->p_buy > 1000) c->p_buy = 1000;
            c->f10 = 10 + 6 * G + (int)rnd(&r, 6);
            c->g_pre = c->g_bp = (int)rr(&r, -120, 150);
            /* payment behaviour */
            int p = (int)rnd(&r, 100);
            c->pay = p < 12 ? P_PREPAY : p < 55 ? P_PUNCTUAL : p < 60 ? P_MIXED
                   : p < 80 ? P_SOMELATE : p < 92 ? P_CHRONIC : P_NODATA;
            c->terms = c->pay == P_PREPAY ? 0 : pick_terms(&r);
            if (c->pay == P_CHRONIC && rnd(&r, 5) == 0) c->terms = 0; /* cash on delivery */
            switch (a) {
            case A_ANCHOR:
                c->start = g_hist + rnd(&r, 10);
                c->contract = random_date(&r, 2009, 12);
                c->lev_ref = 100000000; /* scaled to the designed share later */
                c->p_buy = 1000;
                c->noise = 60;
                c->g_bp = ANCHOR[j].g_bp;
                c->g_pre = ANCHOR[j].g_pre;
                c->pay = ANCHOR[j].pay;
                c->terms = ANCHOR[j].terms;
                c->f10 = ANCHOR[j].f10;
                break;
            case A_LONG:
                if (rnd(&r, 10) < 7) {
                    c->start = g_hist + rnd(&r, 60);
                    c->contract = random_date(&r, 2012, 10);
                } else {
                    c->start = rr(&r, g_hist + 60, g_asof - 1140);
                }
                break;
            case A_MID:
                c->start = j % 2 ? g_asof - rr(&r, 400, 700) : g_asof - rr(&r, 770, 1060);
                break;
            case A_GROWING: {
                c->start = g_asof - rr(&r, 420, 1400);
                if (G > 2) G = 2;
                c->lev_ref = (1000000LL << G) * (600 + rnd(&r, 901)) / 1000;
                c->p_buy = 1000;
                c->noise = 100;
                c->f10 = 20 + 5 * G + (int)rnd(&r, 6);
                c->g_pre = (int)rr(&r, 0, 100);
                int t = j % 10; /* a tenth modest, the rest 10-40 % a month */
                c->g_bp = t == 0 ? (int)rr(&r, 400, 800)
                        : t < 5 ? (int)rr(&r, 1150, 1750) : (int)rr(&r, 2250, 3800);
                c->g_from = mref - (int)rnd(&r, 3);
                break;
            }
            case A_FADING:
                c->start = rr(&r, g_hist, g_asof - 500);
                c->g_bp = -(int)rr(&r, 300, 1000);
                c->g_from = month_of(g_asof) - (int)rr(&r, 12, 18);
                c->p_buy = c->p_buy < 700 ? 700 : c->p_buy;
                break;
            case A_STOPPED:
                c->start = rr(&r, g_hist, g_asof - 600);
                c->g_bp = -(int)rr(&r, 200, 800);
                c->g_from = month_of(g_asof) - (int)rr(&r, 12, 20);
                c->end = g_asof - rr(&r, 95, 265);
                c->p_buy = c->p_buy < 700 ? 700 : c->p_buy;
                break;
            case A_CHURNED:
                c->end = g_asof - rr(&r, 390, 1000);
                c->start = rr(&r, g_hist, c->end - 180);
                break;
            case A_NEW6:
                c->start = g_asof - rr(&r, 10, 160);
                if (j == 0) { /* first order days ago, 45 days' terms: every invoice pending */
                    c->start = g_asof - rr(&r, 3, 12);
                    c->pay = P_PUNCTUAL;
                    c->terms = 45;
                }
                c->g_from = month_of(c->start);
                c->g_bp = (int)rr(&r, -200, 1500);
                if (G > 3) G = 3;
                c->lev_ref = (1000000LL << G) * (600 + rnd(&r, 901)) / 1000;
                break;
            case A_NEW12:
                c->start = g_asof - rr(&r, 200, 345);
                c->g_from = month_of(c->start);
                c->g_bp = (int)rr(&r, -200, 1500);
                if (G > 3) G = 3;
                c->lev_ref = (1000000LL << G) * (600 + rnd(&r, 901)) / 1000;
                break;
            case A_OCCASIONAL:
                c->start = rr(&r, g_hist, g_asof - 400);
                c->p_buy = (int)rr(&r, 120, 350);
                c->f10 = 10;
                if (G > 3) G = 3;
                c->lev_ref = (1000000LL << G) * (600 + rnd(&r, 901)) / 1000;
                break;
            case A_NEVER:
                c->start = c->end = -1;
                c->contract = g_asof - rr(&r, 5, 700);
                break;
            case A_ONEOFF:
                c->start = g_asof - rr(&r, 20, 1000);
                c->pay = rnd(&r, 2) ? P_PREPAY : P_NODATA;
                c->terms = 0;
                break;
            }
            if (c->start >= 0) {
                c->start = work_fwd(c->start);
                if (c->start > g_asof) c->start = work_back(g_asof);
            }
            /* contract start: usually on or before the first invoice, empty for some,
             * signed after a few trial orders for a few */
            if (a != A_ANCHOR && a != A_NEVER && a != A_ONEOFF && c->contract < 0) {
                int q = (int)rnd(&r, 100);
                if (q < 8) c->contract = -1;
                else if (q < 11 && a != A_NEW6 && a != A_NEW12)
                    c->contract = c->start + rr(&r, 10, 90);
                else c->contract = c->start - rr(&r, 0, a == A_NEW6 || a == A_NEW12 ? 15 : 40);
                if (c->contract > g_asof) c->contract = g_asof;
            }
            int special = slot == 40 ? 2 : (slot == 12 || slot == 77 || slot == 150) ? 1 : 0;
            for (int tries = 0;; tries++) {
                make_name(&r, c->name, sizeof c->name, a == A_ANCHOR, special);
                int dup = 0;
                for (int o = 0; o < slot && !dup; o++) dup = !strcmp(cl[o].name, c->name);
                if (!dup) break;
                if (tries > 1000) {
                    snprintf(c->name + strlen(c->name), 20, " %d", c->id);
                    break;
                }
            }
            c->manager = (a == A_ANCHOR || G >= 3 || rnd(&r, 2)) && a != A_ONEOFF
                             ? MANAGER[rnd(&r, NELEM(MANAGER))]
                             : "";
        }
    }

    /* ---- invoices of everyone but the anchors */
    for (int i = 0; i < ncl; i++)
        if (cl[i].arche != A_ANCHOR) gen_client(i);

    /* keep every non-anchor below 3 % of the turnover: cap at 7 % of the non-anchor window
     * turnover (which is about a third of the total) */
    i64 *ws = malloc((size_t)ncl * sizeof *ws);
    if (!ws) {
        fprintf(stderr, "gen: out of memory\n");
        return 1;
    }
    i64 tail = 0;
    for (int it = 0; it < 20; it++) {
        window_sums(ws);
        tail = 0;
        for (int i = 0; i < ncl; i++) tail += ws[i];
        int changed = 0;
        for (int i = 0; i < ncl; i++) {
            i64 cap = tail * 7 / 100;
            if (ws[i] > cap) {
                scale_client(i, cap * 1000000 / ws[i]);
                changed = 1;
            }
        }
        if (!changed) break;
    }

    /* ---- anchors, scaled so that their shares of the window turnover are as designed */
    int sum_bp = 0;
    for (int j = 0; j < NANCHOR; j++) sum_bp += ANCHOR[j].share_bp;
    i64 total = tail * 10000 / (10000 - sum_bp);
    for (int i = 0; i < ncl; i++)
        if (cl[i].arche == A_ANCHOR) gen_client(i);
    window_sums(ws);
    for (int i = 0, j = 0; i < ncl; i++) {
        if (cl[i].arche != A_ANCHOR) continue;
        i64 target = total / 10000 * ANCHOR[j++].share_bp;
        scale_client(i, target * 1000000 / ws[i]);
    }

    /* ---- order by date and number the documents */
    qsort(invs, ninv, sizeof *invs, cmp_inv);
    int nI = 0, nC = 0;
    for (size_t k = 0; k < ninv; k++) invs[k].number = invs[k].credit ? ++nC : ++nI;

    char tmp[4096], fin[4096], d1[16], d2[16], d3[16], money[32], idbuf[32];
    FILE *f = open_tmp(outdir, "invoices.csv", tmp, fin, sizeof tmp);
    fputs("customer_id,invoice_id,date,amount,due_date,paid_date,prepaid\n", f);
    for (size_t k = 0; k < ninv; k++) {
        const inv_t *v = &invs[k];
        rng_t r = stream(g_seed, v->credit ? 'N' : 'L', (u64)v->number);
        i64 w[5], wsum = 0;
        for (int j = 0; j < v->nlines; j++) wsum += w[j] = 200 + rnd(&r, 1000);
        fmt_date(d1, v->date);
        d2[0] = d3[0] = 0;
        if (v->due >= 0) fmt_date(d2, v->due);
        if (v->paid >= 0) fmt_date(d3, v->paid);
        const char *pp = v->prepaid < 0 ? "" : v->prepaid ? "true" : "false";
        if (v->credit) snprintf(idbuf, sizeof idbuf, "CN-%05d", v->number);
        else snprintf(idbuf, sizeof idbuf, "INV-%06d", v->number);
        i64 left = v->amount;
        for (int j = 0; j < v->nlines; j++) {
            i64 a = j == v->nlines - 1 ? left : v->amount * w[j] / wsum;
            left -= a;
            fmt_money(money, sizeof money, a);
            fprintf(f, "C%04d,%s,%s,%s,%s,%s,%s\n", cl[v->cust].id, idbuf, d1, money, d2, d3, pp);
        }
    }
    close_tmp(f, tmp, fin);

    /* ---- clients file, by id */
    int *byid = malloc((size_t)(ncl + 1) * sizeof *byid);
    if (!byid) {
        fprintf(stderr, "gen: out of memory\n");
        return 1;
    }
    for (int i = 0; i < ncl; i++) byid[cl[i].id] = i;
    hist_t *hist = malloc((size_t)ncl * sizeof *hist);
    int *refs = malloc((size_t)ncl * sizeof *refs), *bond = malloc((size_t)ncl * sizeof *bond);
    if (!hist || !refs || !bond) {
        fprintf(stderr, "gen: out of memory\n");
        return 1;
    }
    client_history(hist);
    window_sums(ws);
    for (int i = 0; i < ncl; i++) refs[i] = make_referrals(i, &hist[i]);
    pick_bonds(bond, ws);
    int n_by[S_COUNT] = { nclients / 60, nclients / 75, nclients / 100 }, nprosp;
    for (int s = 0; s < S_COUNT; s++)
        if (n_by[s] < 2) n_by[s] = 2;
    prospect_t *prosp = make_prospects(n_by, &nprosp);
    /* the survey answers before the clients file: the portfolio parameters use the latest NPS
     * (every stream is per client, so the order changes no draw) */
    for (int id = 1; id <= ncl; id++) survey_client(byid[id], &hist[byid[id]], refs[byid[id]]);
    qsort(answers, nans, sizeof *answers, cmp_answer);
    pf_in_t *pin = malloc((size_t)ncl * sizeof *pin);
    if (!pin) {
        fprintf(stderr, "gen: out of memory\n");
        return 1;
    }
    pf_inputs(pin, hist, ws);
    pf_t pf;
    f = open_tmp(outdir, "clients.csv", tmp, fin, sizeof tmp);
    fprintf(f, "customer_id,name,type,status,contract_start,manager,referrals,structural_bond,%s\n",
            PF_HEADER);
    for (int id = 1; id <= ncl; id++) {
        const client_t *c = &cl[byid[id]];
        if (c->arche == A_ONEOFF) continue;
        d1[0] = 0;
        if (c->contract >= 0) fmt_date(d1, c->contract);
        fprintf(f, "C%04d,", c->id);
        put_field(f, c->name);
        fprintf(f, ",corporate,,%s,", d1);
        put_field(f, c->manager);
        fprintf(f, ",%d,%s", refs[byid[id]], bond[byid[id]] ? "true" : "false");
        make_params(byid[id], &hist[byid[id]], refs[byid[id]], bond[byid[id]], &pin[byid[id]], &pf);
        put_params(f, &pf);
        fputc('\n', f);
    }
    for (int k = 0; k < nprosp; k++) {
        fprintf(f, "C%04d,", prosp[k].id);
        put_field(f, prosp[k].name);
        fprintf(f, ",corporate,%s,,", STATUS[prosp[k].status]);
        put_field(f, prosp[k].manager);
        fputs(",0,false", f);
        make_prospect_params(&prosp[k], &pf);
        put_params(f, &pf);
        fputc('\n', f);
    }
    close_tmp(f, tmp, fin);

    /* ---- survey answers, by date */
    f = open_tmp(outdir, "feedback.csv", tmp, fin, sizeof tmp);
    fputs("customer_id,date,nps,satisfaction\n", f);
    for (size_t k = 0; k < nans; k++) {
        const answer_t *a = &answers[k];
        fmt_date(d1, a->date);
        d2[0] = d3[0] = 0;
        if (a->nps >= 0) snprintf(d2, sizeof d2, "%d", a->nps);
        if (a->sat >= 0) snprintf(d3, sizeof d3, "%d", a->sat);
        fprintf(f, "C%04d,%s,%s,%s\n", a->id, d1, d2, d3);
    }
    close_tmp(f, tmp, fin);

    /* ---- on request, what each customer was designed to be */
    if (design) {
        static const char *AN[A_COUNT] = { "anchor", "long", "mid", "growing", "fading",
                                           "stopped", "churned", "new6", "new12", "occasional",
                                           "never", "oneoff" };
        static const char *PN[P_COUNT] = { "prepay", "punctual", "mixed", "sometimes_late",
                                           "chronic_late", "no_data" };
        f = open_tmp(outdir, "design.csv", tmp, fin, sizeof tmp);
        fputs("customer_id,archetype,payment,terms,growth_bp,in_crm,nps_drop\n", f);
        for (int id = 1; id <= ncl; id++) {
            const client_t *c = &cl[byid[id]];
            fprintf(f, "C%04d,%s,%s,%d,%d,%d,%d\n", c->id, AN[c->arche],
                    c->arche == A_NEVER ? "" : PN[c->pay], c->arche == A_NEVER ? 0 : c->terms,
                    c->g_bp, c->arche != A_ONEOFF, nps_drop(byid[id]));
        }
        for (int k = 0; k < nprosp; k++)
            fprintf(f, "C%04d,%s,,0,0,1,0\n", prosp[k].id, STATUS[prosp[k].status]);
        close_tmp(f, tmp, fin);
    }
    free(pin);
    free(answers);
    free(prosp);
    free(bond);
    free(refs);
    free(hist);
    free(byid);
    free(ws);
    free(perm);
    free(cl);
    free(invs);
    return 0;
}
