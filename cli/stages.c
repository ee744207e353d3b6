/* SPDX-License-Identifier: MIT */
/* stages.c — `relmark stages`: the customer ladder, Grönroos phases, B2B
 * relationship stages, bond levels and migration (lecture §2 and §4; SPEC
 * §3.3-3.4). The library places the customers; this file formats. */
#include "cli.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: relmark stages FILE [options]\n"
    "\n"
    "Where each customer stands in its life cycle (lecture §2), with the rule that put\n"
    "it there: the ladder (potential, prospect, non-prospect, first-time, repeat,\n"
    "client, reliable friend, partner; passive and former off it), the Grönroos phase\n"
    "and the marketing it calls for, the B2B relationship stage of corporate customers\n"
    "with its measured indicators, and the recommended retention bond level (lecture §4).\n"
    "Rules and defaults: docs/stages.md.\n"
    "\n"
    "Inputs:\n"
    "  --customers FILE    customers file: status (lead, qualified, disqualified), type,\n"
    "                      referrals, structural_bond, contract_start; corporate clients\n"
    "                      are rated on the scale too (from the same one read)\n"
    "  --feedback FILE     customer_id, date, nps (0-10), satisfaction\n"
    "  --satisfaction-scale LO-HI   satisfaction scale of the feedback (default 1-5)\n"
    "  --scale FILE        the rating scale (relmark rate --help)\n"
    "  --segments MAP      RFM segments for bond levels: rfm10 (default), relationship,\n"
    "                      none, or an INI file\n"
    "  --b2b               treat every customer not marked individual as corporate\n"
    "  --as-of DATE        stages at the end of DATE (default: latest transaction date)\n"
    "Ladder rules (defaults from SPEC §3.3; also [stages] in --config):\n"
    "  --client-purchases N  purchases to be a client (3)\n"
    "  --client-quarters N   ... and quarters of the last 4 with a purchase (2)\n"
    "  --lapse-days N        passive beyond N days without a purchase (default: 3 x the\n"
    "                        median of the mean interval between purchase days, over the\n"
    "                        customers with purchases on two or more days)\n"
    "  --lapse-factor N      the multiple of that median (3)\n"
    "  --former-factor N     former beyond N x the lapse threshold (2)\n"
    "  --friend-nps N        a client with latest NPS >= N is a reliable friend (9)\n"
    "  --friend-referrals N  ... or with >= N referrals (1)\n"
    "  --b2b-early-months N, --b2b-early-purchases N   early stage below either (12, 3)\n"
    "  --b2b-long-months N, --b2b-long-purchases N     long-term at both (24, 12)\n"
    "  --b2b-final-decline N   final when 12-month sales fell by >= N% (50)\n"
    "Views:\n"
    "  (default)           one row per customer\n"
    "  --summary           customers per stage, phase, bond level, group, B2B stage\n"
    "                      (with --migration: the summary only)\n"
    "  --migration         stages now and --period earlier: the transition matrix\n"
    "  --movers            with --migration: the customers who changed stage\n"
    "  --period P          90d, 13w, 3m, 1y, month, quarter or year (default 3m)\n"
    "Chart: --plot NAME  the report's chart as an SVG instead (-o FILE.svg; the report's\n"
    "  defaults): ladder, migration, b2b\n"
    "{reading}\n"
    "Output: --format table|csv|json   --lang en|ru   --excel   --wide\n"
    "  -o, --output FILE   --config FILE ([input], [stages], [output])   -h, --help\n"
    "CSV columns: customer_id, stage, phase, rule, then purchases, first_purchase,\n"
    "last_purchase, recency_days, active_quarters, nps, satisfaction, referrals,\n"
    "structural_bond, segment, category, bond_level, b2b_stage, b2b_rule, tenure_months,\n"
    "interval_cv, amount_cv, active_months, volume_trend_pct. --migration: from_stage,\n"
    "to_stage, customers, share; --movers: customer_id, previous_stage, stage, movement, rule.\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or nothing to place, 66 no input,\n"
    "71 out of memory, 73 cannot create the output, 74 I/O, 78 config error.\n";

/* the migration period: month, quarter, year or N days, weeks, months or
 * years (90d, 13w, 3m, 1y), at most 100 years */
static int set_period(cli_opts *o, const char *name, const char *v, const char *where)
{
    char *end;
    long n = strtol(v, &end, 10);
    o->stage.compare_days = o->stage.compare_months = 0;
    if (!strcmp(v, "month")) o->stage.compare_months = 1;
    else if (!strcmp(v, "quarter")) o->stage.compare_months = 3;
    else if (!strcmp(v, "year")) o->stage.compare_months = 12;
    else if (isdigit((unsigned char)v[0]) && end != v && n > 0 && end[0] && !end[1] &&
             strchr("dwmy", end[0])) {
        if (end[0] == 'd' && n <= 36600) o->stage.compare_days = (int32_t)n;
        else if (end[0] == 'w' && n <= 5200) o->stage.compare_days = (int32_t)n * 7;
        else if (end[0] == 'm' && n <= 1200) o->stage.compare_months = (int)n;
        else if (end[0] == 'y' && n <= 100) o->stage.compare_months = (int)n * 12;
        else return cli_bad(where, name, v, "at most 100 years");
    } else
        return cli_bad(where, name, v,
                       "month, quarter, year, or N days/weeks/months/years (90d, 13w, 3m, 1y)");
    return 0;
}

/* the ladder's and the B2B stages' whole-number thresholds */
static int set_threshold(cli_opts *o, const char *name, const char *v, const char *where)
{
    static const char *const names[] = {"client-purchases", "client-quarters", "lapse-days",
                                        "lapse-factor",     "former-factor",   "friend-nps",
                                        "friend-referrals", "b2b-early-months",
                                        "b2b-early-purchases", "b2b-long-months",
                                        "b2b-long-purchases", "b2b-final-decline"};
    int *slots[] = {&o->stage.client_purchases, &o->stage.client_quarters, &o->stage.lapse_days,
                    &o->stage.lapse_factor,     &o->stage.former_factor,   &o->stage.friend_nps,
                    &o->stage.friend_referrals, &o->stage.b2b_early_months,
                    &o->stage.b2b_early_purchases, &o->stage.b2b_long_months,
                    &o->stage.b2b_long_purchases, &o->stage.b2b_final_decline};
    char *end;
    long n = strtol(v, &end, 10);
    if (*v == 0 || *end || n < 0 || n > 100000) return cli_bad(where, name, v, "a whole number 0-100000");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        const char *a = names[i], *b = name;
        while (*a && (*a == *b || (*a == '-' && *b == '_'))) a++, b++;
        if (!*a && !*b) *slots[i] = (int)n;
    }
    return 0;
}

#define THRESHOLD(n) CLI_VALUE_BY(n, set_threshold)
static const cli_option options[] = {
    CLI_OPT_CUSTOMERS, CLI_OPT_FEEDBACK, CLI_OPT_SATISFACTION_SCALE, CLI_OPT_SCALE, CLI_OPT_SEGMENTS,
    CLI_SWITCH_AT("b2b", b2b), CLI_OPT_SUMMARY, CLI_SWITCH_AT("migration", migration),
    CLI_SWITCH_AT("movers", movers), CLI_VALUE_BY("period", set_period),
    THRESHOLD("client-purchases"), THRESHOLD("client-quarters"), THRESHOLD("lapse-days"),
    THRESHOLD("lapse-factor"), THRESHOLD("former-factor"), THRESHOLD("friend-nps"),
    THRESHOLD("friend-referrals"), THRESHOLD("b2b-early-months"), THRESHOLD("b2b-early-purchases"),
    THRESHOLD("b2b-long-months"), THRESHOLD("b2b-long-purchases"), THRESHOLD("b2b-final-decline"),
    CLI_OPT_PLOT, {0}};

/* [bonds] GROUP = LEVEL: a rating category's or a segment's bond level */
static int bond_line(cli_opts *o, const char *group, const char *level, const char *where)
{
    const char *k = cli_keep(o, group, SIZE_MAX, where);
    if (!k) return -1;
    if ((strcmp(level, "1") && strcmp(level, "2") && strcmp(level, "3")) ||
        o->nbonds == sizeof o->bonds / sizeof o->bonds[0]) {
        cli_say("%s: [bonds] %s = %s: expected a level 1, 2 or 3 (at most %zu groups)", where, group,
                level, sizeof o->bonds / sizeof o->bonds[0]);
        return -1;
    }
    o->bonds[o->nbonds++] = (rmk_bond_rule){k, level[0] - '0'};
    return 0;
}

static int run(cli_ctx *c);

/* no money in its output (rates, counts, scores with fixed decimals:
 * docs/cli.md): --decimals is refused, not ignored */
static const char *const no_decimals[] = {"decimals", NULL};

const cli_command cli_stages = {
    .common_not = no_decimals,
    .name = "stages",
    .summary = {"life cycle: ladder stage, Grönroos phase, B2B stage, bond level, migration", NULL},
    .usage = usage_text,
    .file = "transactions",
    .options = options,
    .section = "stages",
    .table = "bonds",
    .table_line = bond_line,
    .run = run,
};

static const char *stage_label(int s, const cli_opts *o, int key)
{
    if (s < 0) return "";
    return key ? rmk_stage_key((rmk_stage)s) : rmk_stage_name((rmk_stage)s, o->lang);
}

/* How a customer moved between the two dates. */
static const char *movement(int prev, rmk_stage cur, int R)
{
    if (prev < 0) return "";
    int p = rmk_stage_rung((rmk_stage)prev), c = rmk_stage_rung(cur);
    if (prev == (int)cur) return R ? "без изменений" : "same";
    if (p >= 0 && c < 0) return R ? "выпал" : "fell_off";
    if (p < 0 && c >= 0) return R ? "вернулся" : "returned";
    if (p < 0 && c < 0) /* passive <-> former */
        return cur == RMK_STAGE_FORMER ? (R ? "вниз" : "down") : (R ? "вверх" : "up");
    if (c > p) return R ? "вверх" : "up";
    if (c < p) return R ? "вниз" : "down";
    return R ? "без изменений" : "same";
}

static void fmt_cv(char *b, int known, double v)
{
    if (known) snprintf(b, 32, "%.4f", v);
    else b[0] = 0;
}

static void print_rows(out *w, const cli_opts *o, const rmk_stages *x, int migration)
{
    int R = !strcmp(o->lang, "ru");
    int K = w->fmt != FMT_TABLE; /* machine keys outside tables */
    const rmk_scale *scale = rmk_stages_scale(x);
    const rmk_segmap *map = rmk_stages_segments(x);
    if (w->fmt == FMT_TABLE) {
        static const char *keys[9] = {"customer_id", "stage", "phase", "purchases", "recency_days",
                                      "bond_level", "b2b_stage", "previous_stage", "rule"};
        static const char *lab_ru[9] = {"клиент", "стадия", "фаза", "покупок", "давность_дней",
                                        "уровень_связи", "стадия_B2B", "была", "правило"};
        int nc = migration ? 9 : 8;
        const char *k8[9], *l8[9];
        for (int i = 0, j = 0; i < 9; i++) {
            if (!migration && i == 7) continue;
            k8[j] = keys[i];
            l8[j++] = R ? lab_ru[i] : keys[i];
        }
        out_table_begin(w, nc, k8, l8, migration ? "sssnnnsss" : "sssnnnss");
        for (size_t i = 0; i < rmk_stages_count(x); i++) {
            const rmk_staged_customer *c = rmk_stages_at(x, i);
            char pu[32], re[32] = "", bl[8], rule[400];
            snprintf(pu, sizeof pu, "%lld", (long long)c->purchases);
            if (c->recency_days >= 0) snprintf(re, sizeof re, "%d", c->recency_days);
            snprintf(bl, sizeof bl, "%d", c->bond_level);
            rmk_stages_rule(x, i, o->lang, rule, sizeof rule);
            const char *row[9] = {c->customer_id, stage_label(c->stage, o, 0),
                                  rmk_phase_name(rmk_stage_phase(c->stage), o->lang), pu, re, bl,
                                  rmk_b2b_stage_name(c->b2b_stage, o->lang),
                                  stage_label(c->previous_stage, o, 0), rule};
            if (!migration) row[7] = rule;
            out_table_row(w, row);
        }
        out_table_end(w);
        return;
    }
    static const char *keys[25] = {
        "customer_id", "stage", "phase", "rule", "purchases", "first_purchase", "last_purchase",
        "recency_days", "active_quarters", "nps", "satisfaction", "referrals", "structural_bond",
        "segment", "category", "bond_level", "b2b_stage", "b2b_rule", "tenure_months", "interval_cv",
        "amount_cv", "active_months", "volume_trend_pct", "previous_stage", "movement"};
    int nc = migration ? 25 : 23;
    out_table_begin(w, nc, keys, keys, "ssssnssnnnnnnssnssnnnnnss");
    for (size_t i = 0; i < rmk_stages_count(x); i++) {
        const rmk_staged_customer *c = rmk_stages_at(x, i);
        char pu[32], fp[16] = "", lp[16] = "", re[32] = "", aq[24], np[24] = "", sa[24] = "",
             rf[32] = "", sb[8] = "", bl[24], rule[400], brule[400], tm[24] = "", icv[32],
             acv[32], am[24] = "", tr[32] = "";
        int corp = c->b2b_stage != RMK_B2B_NONE;
        out_int(pu, c->purchases);
        if (c->first_purchase != RMK_NO_DATE) rmk_date_format_iso(c->first_purchase, fp);
        if (c->last_purchase != RMK_NO_DATE) rmk_date_format_iso(c->last_purchase, lp);
        if (c->recency_days >= 0) out_int(re, c->recency_days);
        out_int(aq, c->active_quarters);
        if (c->nps >= 0) out_int(np, c->nps);
        if (c->satisfaction >= 0) out_int(sa, c->satisfaction);
        if (c->referrals >= 0) out_int(rf, c->referrals);
        if (c->structural_bond >= 0) snprintf(sb, sizeof sb, "%s", c->structural_bond ? "true" : "false");
        out_int(bl, c->bond_level);
        rmk_stages_rule(x, i, o->lang, rule, sizeof rule);
        rmk_stages_b2b_rule(x, i, o->lang, brule, sizeof brule);
        fmt_cv(icv, corp && c->b2b.interval_cv_known, c->b2b.interval_cv);
        fmt_cv(acv, corp && c->b2b.amount_cv_known, c->b2b.amount_cv);
        if (corp) {
            out_int(tm, c->b2b.tenure_months);
            out_int(am, c->b2b.active_months);
            if (c->b2b.trend_known) snprintf(tr, sizeof tr, "%.2f", c->b2b.trend_pct);
        }
        const char *row[25] = {
            c->customer_id, stage_label(c->stage, o, K), rmk_phase_key(rmk_stage_phase(c->stage)),
            rule, pu, fp, lp, re, aq, np, sa, rf, sb,
            c->segment >= 0 && map ? rmk_segmap_key(map, c->segment) : "",
            c->category >= 0 && scale ? rmk_scale_category_key(scale, c->category) : "", bl,
            rmk_b2b_stage_key(c->b2b_stage), brule, tm, icv, acv, am, tr,
            stage_label(c->previous_stage, o, 1), movement(c->previous_stage, c->stage, 0)};
        out_table_row(w, row);
    }
    out_table_end(w);
}

static void share(char *b, size_t num, size_t den)
{
    if (!den) {
        b[0] = 0;
        return;
    }
    unsigned long long q = ((unsigned long long)num * 20000ULL + den) / (2ULL * den);
    snprintf(b, 32, "%llu.%04llu", q / 10000, q % 10000);
}

/* each group's bond level: the rating categories, then the segments (a
 * kind no customer is grouped by left out). -1 out of memory (w->failed). */
static int print_groups(out *w, const cli_opts *o, const rmk_stages *x)
{
    int R = !strcmp(o->lang, "ru");
    size_t n = rmk_stages_count(x);
    const rmk_scale *scale = rmk_stages_scale(x);
    const rmk_segmap *map = rmk_stages_segments(x);
    int ncat = scale ? rmk_scale_category_count(scale) : 0, nseg = map ? rmk_segmap_count(map) : 0;
    if (!(ncat + nseg)) return 0;
    size_t *gc = calloc((size_t)(ncat + nseg), sizeof *gc);
    if (!gc) {
        w->failed = 1;
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const rmk_staged_customer *c = rmk_stages_at(x, i);
        if (c->category >= 0 && c->category < ncat) gc[c->category]++;
        else if (c->segment >= 0 && c->segment < nseg) gc[ncat + c->segment]++;
    }
    if (w->fmt == FMT_JSON) fputs(", \"groups\": ", w->f);
    else if (w->fmt == FMT_CSV) fputs("\n", w->f);
    else out_text(w, R ? "\nУровень связей по группам (категория рейтинга, иначе RFM-сегмент):\n"
                       : "\nBond level per group (rating category, else RFM segment):\n");
    static const char *gk[5] = {"kind", "group", "name", "customers", "bond_level"};
    static const char *gl[5] = {"вид", "группа", "название", "клиентов", "уровень"};
    out_table_begin(w, 5, gk, R ? gl : gk, "sssnn");
    size_t incat = 0, inseg = 0;
    for (int g = 0; g < ncat + nseg; g++) *(g < ncat ? &incat : &inseg) += gc[g];
    for (int g = 0; g < ncat + nseg; g++) {
        if (g < ncat ? !incat : !inseg) continue; /* a kind no customer is grouped by */
        const char *key = g < ncat ? rmk_scale_category_key(scale, g) : rmk_segmap_key(map, g - ncat);
        const char *name = g < ncat ? rmk_scale_category_name(scale, g, o->lang)
                                    : rmk_segmap_name(map, g - ncat, o->lang);
        char c[32], lv[16];
        snprintf(c, sizeof c, "%zu", gc[g]);
        snprintf(lv, sizeof lv, "%d", rmk_stages_group_bond(x, key));
        const char *kind = g < ncat ? (R && w->fmt == FMT_TABLE ? "категория" : "category")
                                    : (R && w->fmt == FMT_TABLE ? "сегмент" : "segment");
        const char *row[5] = {kind, key, name, c, lv};
        out_table_row(w, row);
    }
    out_table_end(w);
    free(gc);
    return 0;
}

/* the B2B stages of the nb2b corporate customers (b2b[s] in stage s) */
static void print_b2b(out *w, const cli_opts *o, const size_t b2b[5], size_t nb2b)
{
    int R = !strcmp(o->lang, "ru");
    if (w->fmt == FMT_JSON) fputs(", \"b2b_stages\": ", w->f);
    else if (w->fmt == FMT_CSV) fputs("\n", w->f);
    else out_text(w, R ? "\nСтадии отношений с корпоративными клиентами:\n"
                       : "\nB2B relationship stages of corporate customers:\n");
    static const char *k3[4] = {"b2b_stage", "name", "customers", "share"};
    static const char *l3[4] = {"стадия_B2B", "название", "клиентов", "доля"};
    out_table_begin(w, 4, k3, R ? l3 : k3, "ssnn");
    for (int s = 0; s < 5; s++) {
        char c[32], sh[32];
        snprintf(c, sizeof c, "%zu", b2b[s]);
        share(sh, b2b[s], nb2b);
        const char *row[4] = {rmk_b2b_stage_key((rmk_b2b_stage)s),
                              rmk_b2b_stage_name((rmk_b2b_stage)s, o->lang), c, sh};
        out_table_row(w, row);
    }
    out_table_end(w);
}

static void print_summary(out *w, const cli_opts *o, const rmk_stages *x)
{
    int R = !strcmp(o->lang, "ru");
    size_t n = rmk_stages_count(x), cnt[RMK_STAGE_COUNT] = {0}, lvl[4] = {0}, b2b[5] = {0};
    size_t nb2b = 0;
    for (size_t i = 0; i < n; i++) {
        const rmk_staged_customer *c = rmk_stages_at(x, i);
        cnt[c->stage]++;
        lvl[c->bond_level]++;
        if (c->b2b_stage != RMK_B2B_NONE) b2b[c->b2b_stage]++, nb2b++;
    }
    char d[16], t[64];
    rmk_date_format_iso(rmk_stages_as_of(x), d);
    rmk_lapse l;
    rmk_stages_lapse(x, 0, &l);
    if (l.fixed) snprintf(t, sizeof t, R ? "%lld дн. (задан)" : "%lld days (fixed)", (long long)l.num);
    else if (l.repeat_customers)
        snprintf(t, sizeof t, R ? "%.1f дн. = %d x медиана %.1f" : "%.1f days = %d x median %.1f",
                 (double)o->stage.lapse_factor * (double)l.num / (double)l.den, o->stage.lapse_factor,
                 (double)l.num / (double)l.den);
    else snprintf(t, sizeof t, R ? "нет (нет повторных клиентов)" : "none (no repeat customers)");
    out_text(w, R ? "Стадии %zu клиентов на %s; порог ухода: %s\n\n"
                  : "Stages of %zu customers as of %s; lapse threshold: %s\n\n", n, d, t);
    cli_text_columns(w, o, 1);
    if (w->fmt == FMT_JSON) {
        fputs("{", w->f);
        cli_json_columns(w, o);
        fprintf(w->f, "\"as_of\": \"%s\", \"customers\": %zu, \"lapse_threshold_days\": ", d, n);
        if (l.fixed || l.repeat_customers)
            fprintf(w->f, "%.4f", (double)(l.fixed ? 1 : o->stage.lapse_factor) * (double)l.num / (double)l.den);
        else fputs("null", w->f);
        fprintf(w->f, ", \"lapse_median_customers\": %zu, \"stages\": ", l.repeat_customers);
    }
    /* CSV, JSON: the marketing's stable key last (docs/cli.md, "Stable keys") */
    static const char *sk[7] = {"stage", "name", "customers", "share", "phase", "marketing", "marketing_key"};
    static const char *sl[7] = {"стадия", "название", "клиентов", "доля", "фаза", "маркетинг", "маркетинг_ключ"};
    out_table_begin(w, w->fmt == FMT_TABLE ? 6 : 7, sk, R ? sl : sk, "ssnnsss");
    for (int s = 0; s < RMK_STAGE_COUNT; s++) {
        char c[32], sh[32];
        snprintf(c, sizeof c, "%zu", cnt[s]);
        share(sh, cnt[s], n);
        rmk_phase p = rmk_stage_phase((rmk_stage)s);
        const char *row[7] = {rmk_stage_key((rmk_stage)s), rmk_stage_name((rmk_stage)s, o->lang), c,
                              sh, w->fmt == FMT_TABLE ? rmk_phase_name(p, o->lang) : rmk_phase_key(p),
                              rmk_phase_marketing(p, o->lang), rmk_phase_marketing_key(p)};
        out_table_row(w, row);
    }
    out_table_end(w);
    /* bond levels, with the lecture's columns */
    if (w->fmt == FMT_JSON) fputs(", \"bond_levels\": ", w->f);
    else if (w->fmt == FMT_CSV) fputs("\n", w->f);
    else out_text(w, R ? "\nРекомендуемый уровень связей (лекция §4):\n"
                       : "\nRecommended retention bond level (lecture §4):\n");
    static const char *bk[9] = {"bond_level", "customers", "bond", "orientation", "customisation",
                                "mix_element", "differentiation", "measures", "bond_key"};
    static const char *bl_ru[9] = {"уровень", "клиентов", "тип_связи", "ориентация",
                                   "приспособление_услуг", "элемент_комплекса",
                                   "потенциал_дифференциации", "меры", "тип_связи_ключ"};
    out_table_begin(w, w->fmt == FMT_TABLE ? 8 : 9, bk, R ? bl_ru : bk, "nnsssssss");
    for (int v = 1; v <= 3; v++) {
        rmk_bond_info bi;
        rmk_bond_describe(v, o->lang, &bi);
        char lv[16], c[32];
        snprintf(lv, sizeof lv, "%d", v);
        snprintf(c, sizeof c, "%zu", lvl[v]);
        const char *row[9] = {lv, c, bi.bond, bi.orientation, bi.customisation, bi.mix_element,
                              bi.differentiation, bi.measures, rmk_bond_key(v)};
        out_table_row(w, row);
    }
    out_table_end(w);
    if (print_groups(w, o, x)) return;
    if (nb2b) print_b2b(w, o, b2b, nb2b);
    if (w->fmt == FMT_JSON) fputs("}\n", w->f);
}

static void print_migration(out *w, const cli_opts *o, const rmk_stages *x)
{
    int R = !strcmp(o->lang, "ru");
    size_t m[RMK_STAGE_COUNT][RMK_STAGE_COUNT] = {{0}}, from[RMK_STAGE_COUNT] = {0};
    size_t up = 0, down = 0, fell = 0, back = 0, same = 0;
    for (size_t i = 0; i < rmk_stages_count(x); i++) {
        const rmk_staged_customer *c = rmk_stages_at(x, i);
        m[c->previous_stage][c->stage]++;
        from[c->previous_stage]++;
        const char *mv = movement(c->previous_stage, c->stage, 0);
        if (!strcmp(mv, "up")) up++;
        else if (!strcmp(mv, "down")) down++;
        else if (!strcmp(mv, "fell_off")) fell++;
        else if (!strcmp(mv, "returned")) back++;
        else same++;
    }
    char d0[16], d1[16];
    rmk_date_format_iso(rmk_stages_compare_date(x), d0);
    rmk_date_format_iso(rmk_stages_as_of(x), d1);
    out_text(w, R ? "Миграция по лестнице с %s по %s: вверх %zu, вниз %zu, выпали %zu, вернулись %zu, "
                    "без изменений %zu\n(строки: стадия на %s; столбцы: на %s)\n\n"
                  : "Ladder migration from %s to %s: up %zu, down %zu, fell off %zu, returned %zu, "
                    "same %zu\n(rows: stage on %s; columns: on %s)\n\n",
             d0, d1, up, down, fell, back, same, d0, d1);
    if (w->fmt == FMT_TABLE) {
        const char *head[RMK_STAGE_COUNT + 2];
        char types[RMK_STAGE_COUNT + 3];
        head[0] = R ? "была\\стала" : "from\\to";
        types[0] = 's';
        for (int s = 0; s < RMK_STAGE_COUNT; s++) head[s + 1] = rmk_stage_key((rmk_stage)s), types[s + 1] = 'n';
        head[RMK_STAGE_COUNT + 1] = R ? "всего" : "total";
        types[RMK_STAGE_COUNT + 1] = 'n';
        types[RMK_STAGE_COUNT + 2] = 0;
        out_table_begin(w, RMK_STAGE_COUNT + 2, head, head, types);
        char cell[RMK_STAGE_COUNT + 1][32];
        for (int a = 0; a < RMK_STAGE_COUNT; a++) {
            const char *row[RMK_STAGE_COUNT + 2];
            row[0] = rmk_stage_key((rmk_stage)a);
            for (int b = 0; b < RMK_STAGE_COUNT; b++) {
                snprintf(cell[b], 32, "%zu", m[a][b]);
                row[b + 1] = cell[b];
            }
            snprintf(cell[RMK_STAGE_COUNT], 32, "%zu", from[a]);
            row[RMK_STAGE_COUNT + 1] = cell[RMK_STAGE_COUNT];
            out_table_row(w, row);
        }
        out_table_end(w);
        return;
    }
    if (w->fmt == FMT_JSON) {
        fputs("{", w->f);
        cli_json_columns(w, o);
        fprintf(w->f, "\"from\": \"%s\", \"to\": \"%s\", \"up\": %zu, \"down\": %zu, \"fell_off\": %zu, "
                      "\"returned\": %zu, \"same\": %zu, \"transitions\": ",
                d0, d1, up, down, fell, back, same);
    }
    static const char *k[4] = {"from_stage", "to_stage", "customers", "share"};
    out_table_begin(w, 4, k, k, "ssnn");
    for (int a = 0; a < RMK_STAGE_COUNT; a++)
        for (int b = 0; b < RMK_STAGE_COUNT; b++) {
            if (!m[a][b]) continue;
            char c[32], sh[32];
            snprintf(c, sizeof c, "%zu", m[a][b]);
            share(sh, m[a][b], from[a]);
            const char *row[4] = {rmk_stage_key((rmk_stage)a), rmk_stage_key((rmk_stage)b), c, sh};
            out_table_row(w, row);
        }
    out_table_end(w);
    if (w->fmt == FMT_JSON) fputs("}\n", w->f);
}

static void print_movers(out *w, const cli_opts *o, const rmk_stages *x)
{
    int R = !strcmp(o->lang, "ru"), K = w->fmt != FMT_TABLE;
    static const char *k[5] = {"customer_id", "previous_stage", "stage", "movement", "rule"};
    static const char *l[5] = {"клиент", "была", "стала", "движение", "правило"};
    out_table_begin(w, 5, k, R && !K ? l : k, "sssss");
    for (size_t i = 0; i < rmk_stages_count(x); i++) {
        const rmk_staged_customer *c = rmk_stages_at(x, i);
        if (c->previous_stage == (int)c->stage) continue;
        char rule[400];
        rmk_stages_rule(x, i, o->lang, rule, sizeof rule);
        const char *row[5] = {c->customer_id, stage_label(c->previous_stage, o, K),
                              stage_label(c->stage, o, K), movement(c->previous_stage, c->stage, R && !K),
                              rule};
        out_table_row(w, row);
    }
    out_table_end(w);
}

/* never dropped silently: who is known to one file only */
static void notes(const rmk_stages *x)
{
    rmk_stages_stats stats;
    rmk_stages_get_stats(x, &stats);
    cli_note_skipped(stats.rows_skipped, NULL, stats.first_error);
    cli_note(stats.not_in_customers_file, "customer", "with transactions but not in the customers file");
    cli_note(stats.without_transactions, "customer", "in the customers file without transactions");
    cli_note(stats.feedback_only, "customer", "only in the feedback file (left out)");
}

static void view(out *w, const cli_opts *o, const void *x)
{
    char d[16];
    if (o->movers) {
        out_json(w, "{");
        cli_json_columns(w, o);
        out_json(w, "\"as_of\": \"%s\", \"movers\": ", rmk_date_format_iso(rmk_stages_as_of(x), d));
        print_movers(w, o, x);
        out_json(w, "}\n");
    } else if (o->migration && !o->summary) {
        print_migration(w, o, x);
    } else if (o->summary) {
        print_summary(w, o, x);
    } else {
        out_json(w, "{");
        cli_json_columns(w, o);
        out_json(w, "\"as_of\": \"%s\", \"customers\": ", rmk_date_format_iso(rmk_stages_as_of(x), d));
        print_rows(w, o, x, o->migration);
        out_json(w, "}\n");
    }
}

/* Places the customers of FILE (x): 0 or the exit code. */
static int place(cli_ctx *c, rmk_scale *scale, rmk_segmap *map, rmk_stages **x)
{
    const cli_opts *o = c->o;
    rmk_stage_opts so = o->stage;
    so.as_of = o->as_of;
    so.customers = o->customers;
    so.scale = scale;
    so.segments = map;
    so.b2b_all = o->b2b;
    so.rate = o->customers || o->scale || o->b2b;
    if (o->nbonds) {
        so.bonds = o->bonds;
        so.nbonds = o->nbonds;
    }
    if (!o->migration) so.compare_days = so.compare_months = 0;
    else if (!so.compare_days && !so.compare_months) so.compare_months = 3;
    cli_read_begin(c, c->path);
    return cli_read_end(c, rmk_stages_file(c->path, &c->o->read, &so, x, c->err, sizeof c->err), c->err);
}

static int run(cli_ctx *c)
{
    if (c->o->movers && !c->o->migration)
        return cli_error(CLI_EX_USAGE, "--movers lists the customers of --migration; give both");
    rmk_scale *scale = NULL;
    rmk_segmap *map = NULL;
    rmk_stages *x = NULL;
    rmk_status st = RMK_OK;
    int rc = cli_open_scale(c->o, &scale);
    if (!rc) map = cli_open_map(c->o, &st);
    if (!rc && st != RMK_OK) rc = rmk_status_exit_code(st);
    if (!rc) rc = place(c, scale, map, &x);
    if (!rc) {
        notes(x);
        if (c->o->movers || (!c->o->migration && !c->o->summary)) /* the others' titles have it */
            c->as_of = rmk_stages_as_of(x);
        rc = rmk_stages_count(x) ? cli_print(c, view, x)
                                 : cli_error(CLI_EX_DATA, "%s: no customer to place", c->path);
    }
    rmk_stages_free(x);
    rmk_segmap_free(map);
    rmk_scale_free(scale);
    return rc;
}
