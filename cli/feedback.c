/* SPDX-License-Identifier: MIT */
/* feedback.c — `relmark feedback`: NPS and satisfaction per client, RFM
 * segment and rating category, their trend per period, and the alert on key
 * clients whose latest score dropped (lecture §5, "real-time feedback
 * system" in its batch form; SPEC §3.8). The library computes; this file
 * formats, and owns the command's flags and its [feedback] config section. */
#include "cli.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
    "usage: relmark feedback FILE [options]\n"
    "\n"
    "NPS and satisfaction from a feedback file (FILE: customer_id, date, nps 0-10,\n"
    "satisfaction; one row per answer): per client its latest and previous answers,\n"
    "change, mean and NPS class; per group (all, rating category, RFM segment) the NPS\n"
    "(% promoters - % detractors) and mean satisfaction, with the trend per period;\n"
    "and the alert on key clients whose latest score dropped (lecture §5, the\n"
    "real-time feedback system). Definitions: docs/feedback.md.\n"
    "\n"
    "Inputs:\n"
    "  --transactions FILE  the transactions (as for relmark rfm): each respondent's RFM\n"
    "                      segment and rating category at the as-of date, which make\n"
    "                      key clients; read once ('-': stdin). Without it every\n"
    "                      respondent counts as a key client\n"
    "  --customers FILE    names, and the rating's clients file (relmark rate)\n"
    "  --scale FILE        the rating scale (relmark rate --help)\n"
    "  --segments MAP      rfm10 (default), relationship, none, or an INI file;\n"
    "                      --bins N --ties keep|split --monetary average|total as for rfm\n"
    "  --satisfaction-scale LO-HI   the satisfaction scale (default 1-5)\n"
    "  --as-of DATE        at the end of DATE (default: the latest transaction date,\n"
    "                      or without transactions the latest answer's date)\n"
    "Views:\n"
    "  (default)           one row per respondent\n"
    "  --summary           NPS and satisfaction per group over the latest answers,\n"
    "                      then the trend per period\n"
    "  --trend             the trend per period only\n"
    "  --alert             the key clients whose latest score dropped\n"
    "  --by segment|category|none   the groups besides all (default none)\n"
    "  --period month|quarter|year  of the trend (default quarter)\n"
    "Alert (also [feedback] in --config: drop, satisfaction_drop, key_groups,\n"
    "alert_days):\n"
    "  --drop N            latest NPS at least N points below the previous (default 3)\n"
    "  --satisfaction-drop N   latest satisfaction at least N below the previous (2)\n"
    "  --alert-days N      only latest answers of the N days ending with the as-of date\n"
    "                      (default: of any age)\n"
    "  --key-groups LIST   rating categories and segments of the key clients (default\n"
    "                      strategic_partner,regular,champions,loyal)\n"
    "  and always: a key client whose latest NPS is 0-6 after a previous 7-10\n"
    "{reading}\n"
    "  (--map and the rows' options are for the transactions; FILE is read by its header)\n"
    "Output: --format table|csv|json   --lang en|ru   --excel   --wide\n"
    "  -o, --output FILE   --config FILE ([input], [feedback], [output])   -h, --help\n"
    "CSV columns: customer_id, name, answers, nps_answers, nps, nps_date, previous_nps,\n"
    "previous_nps_date, nps_change, mean_nps, nps_class, satisfaction, satisfaction_date,\n"
    "previous_satisfaction, previous_satisfaction_date, satisfaction_change, segment,\n"
    "category, key_client, key_group, alert. --summary: group, name, respondents,\n"
    "promoters, passives, detractors, nps, satisfaction_respondents, satisfaction_mean;\n"
    "--trend: group, period, respondents, promoters, passives, detractors, nps,\n"
    "nps_change, satisfaction_respondents, satisfaction_mean, days, partial (a partial\n"
    "last period: its days up to the as-of date, 1); --alert: customer_id, name,\n"
    "key_group, segment, category, previous_nps, previous_nps_date, nps, nps_date,\n"
    "nps_change, previous_satisfaction, satisfaction, satisfaction_change, reason.\n"
    "\n"
    "Exit codes: 0 ok, 64 usage, 65 data error or no answer, 66 no input, 71 out of\n"
    "memory, 73 cannot create the output, 74 I/O, 78 config error.\n";

/* --drop, --satisfaction-drop: whole points */
static int set_drop(cli_opts *o, const char *name, const char *v, const char *where)
{
    char *end;
    long x = strtol(v, &end, 10);
    int sat = name[0] == 's';
    if (*v < '0' || *v > '9' || *end || x < 1 || x > (sat ? 100 : 10))
        return cli_bad(where, sat ? "satisfaction-drop" : "drop", v,
                       sat ? "a whole number of satisfaction points, 1 or more"
                           : "a whole number of NPS points, 1-10");
    if (sat) o->fbk.a.sat_drop = (int)x;
    else o->fbk.a.drop = (int)x;
    return 0;
}

static int set_alert_days(cli_opts *o, const char *name, const char *v, const char *where)
{
    (void)name;
    char *end;
    long x = strtol(v, &end, 10);
    if (*v < '0' || *v > '9' || *end || x < 0 || x > 36500)
        return cli_bad(where, "alert-days", v, "a whole number of days, 1-36500 (0: answers of any age)");
    o->fbk.a.alert_days = (int)x;
    return 0;
}

static const cli_option options[] = {
    CLI_TEXT_AT("transactions", fbk.a.transactions), CLI_OPT_CUSTOMERS, CLI_OPT_SCALE,
    CLI_OPT_SEGMENTS, CLI_OPT_BINS, CLI_OPT_TIES, CLI_OPT_MONETARY, CLI_OPT_SATISFACTION_SCALE,
    CLI_OPT_SUMMARY, CLI_SWITCH_AT("trend", fbk.trend), CLI_SWITCH_AT("alert", fbk.alert), CLI_OPT_BY,
    CLI_OPT_PERIOD, CLI_VALUE_BY("drop", set_drop), CLI_VALUE_BY("satisfaction-drop", set_drop),
    CLI_TEXT_AT("key-groups", fbk.key_groups), CLI_VALUE_BY("alert-days", set_alert_days), {0}};

/* the trend's period: a quarter unless given */
static void init(cli_opts *o) { o->period = RMK_PERIOD_QUARTER; }

static int run(cli_ctx *c);

/* no money in its output (rates, counts, scores with fixed decimals:
 * docs/cli.md): --decimals is refused, not ignored */
static const char *const no_decimals[] = {"decimals", NULL};

const cli_command cli_feedback = {
    .common_not = no_decimals,
    .name = "feedback",
    .summary = {"NPS and satisfaction per client, segment and category, with trend;",
                "--alert: key clients whose latest score dropped"},
    .usage = usage_text,
    .file = "feedback",
    .options = options,
    .section = "feedback",
    .init = init,
    .run = run,
};

/* ---------------------------------------------------------- formatting */

static int ru(const cli_opts *o) { return !strcmp(o->lang, "ru"); }

/* tenths of a point as "12.3", "-0.5" */
static char *tenths(char *b, int t)
{
    int a = t < 0 ? -t : t;
    snprintf(b, 24, "%s%d.%d", t < 0 ? "-" : "", a / 10, a % 10);
    return b;
}

/* sum / n rounded half away from zero to 2 decimals (sum >= 0) */
static char *mean2(char *b, int64_t sum, size_t n)
{
    if (!n) {
        b[0] = 0;
        return b;
    }
    int neg = sum < 0;
    unsigned long long s = neg ? 0ULL - (unsigned long long)sum : (unsigned long long)sum;
    unsigned long long q = (s * 200ULL + n) / (2ULL * n);
    snprintf(b, 32, "%s%llu.%02llu", neg && q ? "-" : "", q / 100, q % 100);
    return b;
}

static char *num(char *b, long long v)
{
    snprintf(b, 24, "%lld", v);
    return b;
}

static char *date(char *b, int32_t d)
{
    if (d == RMK_NO_DATE) b[0] = 0;
    else rmk_date_format_iso(d, b);
    return b;
}

static char *opt_num(char *b, int v)
{
    if (v < 0) b[0] = 0;
    else snprintf(b, 24, "%d", v);
    return b;
}

static char *change(char *b, int latest, int previous)
{
    if (latest < 0 || previous < 0) b[0] = 0;
    else snprintf(b, 24, "%d", latest - previous);
    return b;
}

/* the reasons as keys ("nps_drop new_detractor") or in words */
static char *reasons(char *b, size_t cap, const rmk_feedback_client *c, int words, int R)
{
    size_t u = 0;
    b[0] = 0;
    if (c->alert & RMK_ALERT_NPS_DROP) {
        if (!words) u += (size_t)snprintf(b + u, cap - u, "nps_drop");
        else
            u += (size_t)snprintf(b + u, cap - u, R ? "NPS упал на %d (%d → %d)"
                                                    : "NPS fell %d points (%d → %d)",
                                  c->previous_nps - c->nps, c->previous_nps, c->nps);
    }
    if ((c->alert & RMK_ALERT_SAT_DROP) && u < cap) {
        const char *s = u ? (words ? "; " : " ") : "";
        if (!words) u += (size_t)snprintf(b + u, cap - u, "%ssatisfaction_drop", s);
        else
            u += (size_t)snprintf(b + u, cap - u,
                                  R ? "%sудовлетворённость упала на %d (%d → %d)"
                                    : "%ssatisfaction fell %d points (%d → %d)",
                                  s, c->previous_satisfaction - c->satisfaction,
                                  c->previous_satisfaction, c->satisfaction);
    }
    if ((c->alert & RMK_ALERT_DETRACTOR) && u < cap) {
        const char *s = u ? (words ? "; " : " ") : "";
        if (!words) snprintf(b + u, cap - u, "%snew_detractor", s);
        else snprintf(b + u, cap - u, R ? "%sстал критиком" : "%sbecame a detractor", s);
    }
    return b;
}

static const char *segment_key(const rmk_feedback *x, int s)
{
    const rmk_segmap *m = rmk_feedback_segments(x);
    return m && s >= 0 ? rmk_segmap_key(m, s) : "";
}

static const char *category_key(const rmk_feedback *x, int c)
{
    const rmk_scale *s = rmk_feedback_scale(x);
    return s && c >= 0 ? rmk_scale_category_key(s, c) : "";
}

static const char *group_name(const rmk_feedback *x, const rmk_feedback_group *g, const char *lang)
{
    int R = lang && !strcmp(lang, "ru");
    if (g->kind == RMK_FEEDBACK_CATEGORY)
        return rmk_scale_category_name(rmk_feedback_scale(x), g->index, lang);
    if (g->kind == RMK_FEEDBACK_SEGMENT)
        return rmk_segmap_name(rmk_feedback_segments(x), g->index, lang);
    return R ? "Все ответившие" : "All respondents";
}

/* the groups shown: all, then those of --by */
static int shown(const rmk_feedback_group *g, int by)
{
    return g->kind == RMK_FEEDBACK_ALL ||
           (by == CLI_BY_CATEGORY && g->kind == RMK_FEEDBACK_CATEGORY) ||
           (by == CLI_BY_SEGMENT && g->kind == RMK_FEEDBACK_SEGMENT);
}

/* ---------------------------------------------------------------- views */

static void print_clients(out *w, const cli_opts *o, const rmk_feedback *x)
{
    int R = ru(o);
    if (w->fmt == FMT_TABLE) {
        static const char *k[11] = {"customer_id", "answers", "nps", "nps_date", "previous_nps",
                                    "change", "mean_nps", "class", "satisfaction", "key_group",
                                    "alert"};
        static const char *l[11] = {"клиент", "ответов", "NPS", "дата_NPS", "прежний_NPS",
                                    "изменение", "средний_NPS", "группа_NPS", "удовлетворённость",
                                    "ключевая_группа", "сигнал"};
        out_table_begin(w, 11, k, R ? l : k, "snnsnnnsnss");
        for (size_t i = 0; i < rmk_feedback_count(x); i++) {
            const rmk_feedback_client *c = rmk_feedback_at(x, i);
            char an[24], np[24], nd[16], pn[24], ch[24], mn[32], sa[24], al[400];
            const char *row[11] = {
                c->customer_id, num(an, (long long)c->answers), opt_num(np, c->nps),
                date(nd, c->nps_day), opt_num(pn, c->previous_nps),
                change(ch, c->nps, c->previous_nps), mean2(mn, c->nps_sum, c->nps_answers),
                c->nps_class >= 0 ? rmk_nps_class_name((rmk_nps_class)c->nps_class, o->lang) : "",
                opt_num(sa, c->satisfaction), c->key_group,
                reasons(al, sizeof al, c, 1, R)};
            out_table_row(w, row);
        }
        out_table_end(w);
        return;
    }
    static const char *k[21] = {
        "customer_id", "name", "answers", "nps_answers", "nps", "nps_date", "previous_nps",
        "previous_nps_date", "nps_change", "mean_nps", "nps_class", "satisfaction",
        "satisfaction_date", "previous_satisfaction", "previous_satisfaction_date",
        "satisfaction_change", "segment", "category", "key_client", "key_group", "alert"};
    out_table_begin(w, 21, k, k, "ssnnnsnsnnsnsnsnssnss");
    for (size_t i = 0; i < rmk_feedback_count(x); i++) {
        const rmk_feedback_client *c = rmk_feedback_at(x, i);
        char an[24], nn[24], np[24], nd[16], pn[24], pd[16], ch[24], mn[32], sa[24], sd[16],
            ps[24], psd[16], sch[24], al[128];
        const char *row[21] = {
            c->customer_id, c->name, num(an, (long long)c->answers),
            num(nn, (long long)c->nps_answers), opt_num(np, c->nps), date(nd, c->nps_day),
            opt_num(pn, c->previous_nps), date(pd, c->previous_nps_day),
            change(ch, c->nps, c->previous_nps), mean2(mn, c->nps_sum, c->nps_answers),
            c->nps_class >= 0 ? rmk_nps_class_key((rmk_nps_class)c->nps_class) : "",
            opt_num(sa, c->satisfaction), date(sd, c->satisfaction_day),
            opt_num(ps, c->previous_satisfaction), date(psd, c->previous_satisfaction_day),
            change(sch, c->satisfaction, c->previous_satisfaction), segment_key(x, c->segment),
            category_key(x, c->category), c->key ? "true" : "false", c->key_group,
            reasons(al, sizeof al, c, 0, 0)};
        out_table_row(w, row);
    }
    out_table_end(w);
}

static void stats_cells(const rmk_nps_stats *s, char (*b)[32])
{
    num(b[0], (long long)s->respondents);
    num(b[1], (long long)s->promoters);
    num(b[2], (long long)s->passives);
    num(b[3], (long long)s->detractors);
    if (s->nps_known) tenths(b[4], s->nps_tenths);
    else b[4][0] = 0;
    num(b[5], (long long)s->sat_respondents);
    mean2(b[6], s->sat_sum, s->sat_respondents);
}

static void print_groups(out *w, const cli_opts *o, const rmk_feedback *x)
{
    int R = ru(o);
    static const char *k[9] = {"group", "name", "respondents", "promoters", "passives",
                               "detractors", "nps", "satisfaction_respondents",
                               "satisfaction_mean"};
    static const char *l[9] = {"группа", "название", "ответили", "промоутеры", "нейтралы",
                               "критики", "NPS", "оценили_удовл", "удовлетворённость"};
    out_table_begin(w, 9, k, R ? l : k, "ssnnnnnnn");
    for (size_t g = 0; g < rmk_feedback_groups(x); g++) {
        const rmk_feedback_group *gr = rmk_feedback_group_at(x, g);
        if (!shown(gr, o->by)) continue;
        char b[7][32];
        stats_cells(&gr->latest, b);
        const char *row[9] = {gr->key, group_name(x, gr, o->lang), b[0], b[1], b[2], b[3], b[4],
                              b[5], b[6]};
        out_table_row(w, row);
    }
    out_table_end(w);
}

static void print_trend(out *w, const cli_opts *o, const rmk_feedback *x)
{
    int R = ru(o);
    /* CSV, JSON: each period's days up to the as-of date and whether it is
     * partial; a table shows a partial period's days beside its label, as
     * retention does (docs/feedback.md, "Trend") */
    static const char *k[12] = {"group", "period", "respondents", "promoters", "passives",
                                "detractors", "nps", "nps_change", "satisfaction_respondents",
                                "satisfaction_mean", "days", "partial"};
    static const char *l[10] = {"группа", "период", "ответили", "промоутеры", "нейтралы",
                                "критики", "NPS", "изменение_NPS", "оценили_удовл",
                                "удовлетворённость"};
    out_table_begin(w, w->fmt == FMT_TABLE ? 10 : 12, k, R ? l : k, "ssnnnnnnnnnn");
    for (size_t g = 0; g < rmk_feedback_groups(x); g++) {
        const rmk_feedback_group *gr = rmk_feedback_group_at(x, g);
        if (!shown(gr, o->by)) continue;
        rmk_nps_stats prev;
        memset(&prev, 0, sizeof prev);
        for (size_t i = 0; i < rmk_feedback_periods(x); i++) {
            rmk_nps_stats s;
            rmk_feedback_group_period(x, g, i, &s);
            char b[7][32], lab[64], ch[32] = "", days[16], part[4];
            stats_cells(&s, b);
            if (s.nps_known && prev.nps_known) tenths(ch, s.nps_tenths - prev.nps_tenths);
            int covered, n, partial = rmk_feedback_partial(x, i, &covered, &n);
            rmk_feedback_period_label(x, i, lab);
            out_int(days, covered);
            snprintf(part, sizeof part, "%d", partial);
            if (partial && w->fmt == FMT_TABLE)
                snprintf(lab + strlen(lab), 48, R ? " (%d из %d дн.)" : " (%d of %d days)", covered, n);
            const char *row[12] = {w->fmt == FMT_TABLE ? group_name(x, gr, o->lang) : gr->key,
                                   lab, b[0], b[1], b[2], b[3], b[4], ch, b[5], b[6], days, part};
            out_table_row(w, row);
            prev = s;
        }
    }
    out_table_end(w);
}

static void print_alerts(out *w, const cli_opts *o, const rmk_feedback *x)
{
    int R = ru(o);
    if (w->fmt == FMT_TABLE) {
        static const char *k[10] = {"customer_id", "name", "group", "previous_nps", "previous_date",
                                    "nps", "date", "change", "satisfaction", "reason"};
        static const char *l[10] = {"клиент", "название", "группа", "прежний_NPS", "дата_прежнего",
                                    "NPS", "дата", "изменение", "удовлетворённость", "причина"};
        out_table_begin(w, 10, k, R ? l : k, "sssnsnsnss");
    } else {
        static const char *k[16] = {"customer_id", "name", "key_group", "segment", "category",
                                    "previous_nps", "previous_nps_date", "nps", "nps_date",
                                    "nps_change", "previous_satisfaction",
                                    "previous_satisfaction_date", "satisfaction",
                                    "satisfaction_date", "satisfaction_change", "reason"};
        out_table_begin(w, 16, k, k, "sssssnsnsnnsnsns");
    }
    for (size_t i = 0; i < rmk_feedback_count(x); i++) {
        const rmk_feedback_client *c = rmk_feedback_at(x, i);
        if (!c->alert) continue;
        char pn[24], pd[16], np[24], nd[16], ch[24], ps[24], psd[16], sa[24], sd[16], sch[24],
            why[400], sat[64] = "";
        opt_num(pn, c->previous_nps);
        date(pd, c->previous_nps_day);
        opt_num(np, c->nps);
        date(nd, c->nps_day);
        change(ch, c->nps, c->previous_nps);
        opt_num(ps, c->previous_satisfaction);
        date(psd, c->previous_satisfaction_day);
        opt_num(sa, c->satisfaction);
        date(sd, c->satisfaction_day);
        change(sch, c->satisfaction, c->previous_satisfaction);
        if (w->fmt == FMT_TABLE) {
            if (c->previous_satisfaction >= 0) snprintf(sat, sizeof sat, "%s → %s", ps, sa);
            else snprintf(sat, sizeof sat, "%s", sa);
            const rmk_feedback_group *gr = NULL;
            const char *gname = c->key_group;
            for (size_t g = 0; g < rmk_feedback_groups(x) && !gr; g++) {
                const rmk_feedback_group *t = rmk_feedback_group_at(x, g);
                if (t->kind != RMK_FEEDBACK_ALL && !strcmp(t->key, c->key_group) &&
                    ((t->kind == RMK_FEEDBACK_CATEGORY && t->index == c->category) ||
                     (t->kind == RMK_FEEDBACK_SEGMENT && t->index == c->segment)))
                    gr = t;
            }
            if (gr) gname = group_name(x, gr, o->lang);
            else if (!strcmp(c->key_group, "all")) gname = R ? "все" : "all";
            const char *row[10] = {c->customer_id, c->name, gname, pn, pd, np, nd, ch, sat,
                                   reasons(why, sizeof why, c, 1, R)};
            out_table_row(w, row);
        } else {
            const char *row[16] = {c->customer_id, c->name, c->key_group, segment_key(x, c->segment),
                                   category_key(x, c->category), pn, pd, np, nd, ch, ps, psd, sa,
                                   sd, sch, reasons(why, sizeof why, c, 0, 0)};
            out_table_row(w, row);
        }
    }
    out_table_end(w);
}

static const char *period_key(rmk_period p)
{
    return p == RMK_PERIOD_MONTH ? "month" : p == RMK_PERIOD_YEAR ? "year" : "quarter";
}

static const char *period_word(rmk_period p, int R)
{
    if (R) return p == RMK_PERIOD_MONTH ? "по месяцам" : p == RMK_PERIOD_YEAR ? "по годам" : "по кварталам";
    return p == RMK_PERIOD_MONTH ? "per month" : p == RMK_PERIOD_YEAR ? "per year" : "per quarter";
}

/* "strategic_partner,regular" -> keys (in buf, a copy of the list) */
static int split_keys(char *buf, const char **keys, size_t cap, size_t *n)
{
    *n = 0;
    for (char *p = buf; *p;) {
        while (*p == ',' || *p == ' ' || *p == '\t') *p++ = 0;
        if (!*p) break;
        if (*n == cap) return -1;
        keys[(*n)++] = p;
        while (*p && *p != ',' && *p != ' ' && *p != '\t') p++;
    }
    return 0;
}

/* the views and the inputs that do not go together: 0 or the exit code */
static int check(const cli_ctx *c)
{
    const cli_opts *o = c->o;
    if (o->summary + o->fbk.trend + o->fbk.alert > 1)
        return cli_error(CLI_EX_USAGE, "--summary, --trend and --alert are different views; give one");
    if (o->by != CLI_BY_NONE && !o->fbk.a.transactions)
        return cli_error(CLI_EX_USAGE, "--by %s needs --transactions FILE (segments and categories come "
                                       "from the transactions)",
                         o->by == CLI_BY_SEGMENT ? "segment" : "category");
    if (o->by == CLI_BY_SEGMENT && o->segments && !strcmp(o->segments, "none"))
        return cli_error(CLI_EX_USAGE, "--by segment needs a segment map, not --segments none");
    if (o->fbk.a.transactions && !strcmp(c->path, "-") && !strcmp(o->fbk.a.transactions, "-"))
        return cli_error(CLI_EX_USAGE, "FILE and --transactions cannot both be stdin");
    return 0;
}

/* --key-groups into keys[64] (pointing into *buf, the caller's to free):
 * 0 or the exit code */
static int key_groups(const cli_opts *o, char **buf, const char **keys, size_t *nkeys)
{
    *nkeys = 0;
    if (!o->fbk.key_groups) return 0;
    *buf = strdup(o->fbk.key_groups);
    if (!*buf) return cli_error(CLI_EX_OSERR, "out of memory");
    if (split_keys(*buf, keys, 64, nkeys) || *nkeys == 0)
        return cli_error(CLI_EX_USAGE, "--key-groups %s: expected 1 to 64 rating categories or segments, "
                                       "separated by commas", o->fbk.key_groups);
    return 0;
}

/* never dropped silently: who is known to one file only */
static void notes(const cli_ctx *c, const rmk_feedback_stats *s)
{
    const cli_opts *o = c->o;
    cli_note_skipped(s->rows_skipped, c->path, s->first_error);
    cli_note_skipped(s->tx_rows_skipped, o->fbk.a.transactions, s->tx_first_error);
    cli_note(s->without_transactions, "respondent",
             "without transactions (no segment; not a key client unless by rating category)");
    cli_note(s->transactions_without_answer, "customer",
             "with transactions but no answer in the feedback file");
    cli_note(s->not_in_customers_file, "respondent", "not in the customers file (no name)");
    cli_note(s->customers_without_answer, "customer", "in the customers file without an answer");
    cli_note(s->without_nps, "respondent", "with satisfaction answers only (no NPS)");
    if (s->all_key && (o->fbk.alert || (!o->summary && !o->fbk.trend)))
        cli_tell("no --transactions: no segments or categories to pick key clients by, so every "
                "respondent is considered");
}

/* --alert: its header and the key clients whose latest score dropped */
static void view_alerts(out *w, const cli_opts *o, const rmk_feedback *x, const rmk_feedback_stats *s)
{
    int R = ru(o);
    rmk_feedback_opts fo = o->fbk.a; /* drop, sat_drop, alert_days as given */
    char d[16], within[96] = "", days[16] = "null";
    rmk_date_format_iso(rmk_feedback_as_of(x), d);
    if (fo.alert_days) {
        snprintf(within, sizeof within, R ? "; ответы за последние %d дн." : "; answers of the last %d days",
                 fo.alert_days);
        snprintf(days, sizeof days, "%d", fo.alert_days);
    }
    out_text(w, R ? "Сигналы на %s: %zu из %zu ключевых клиентов (NPS упал на %d и более, "
                    "удовлетворённость на %d и более, или клиент стал критиком%s)\n\n"
                  : "Alerts as of %s: %zu of %zu key clients (NPS down %d points or more, "
                    "satisfaction down %d or more, or a new detractor%s)\n\n",
             d, s->alerts, s->key_clients, fo.drop, fo.sat_drop, within);
    out_json(w, "{");
    cli_json_columns(w, o);
    out_json(w, "\"as_of\": \"%s\", \"drop\": %d, \"satisfaction_drop\": %d, "
                "\"alert_days\": %s, \"key_clients\": %zu, \"all_key\": %s, \"alerts\": ",
             d, fo.drop, fo.sat_drop, days, s->key_clients, s->all_key ? "true" : "false");
    print_alerts(w, o, x);
    out_json(w, "}\n");
}

/* --summary (the groups, then the trend) or --trend */
static void view_trend(out *w, const cli_opts *o, const rmk_feedback *x, const rmk_feedback_stats *s,
                       const char *nps)
{
    int R = ru(o);
    char d[16];
    rmk_date_format_iso(rmk_feedback_as_of(x), d);
    rmk_period per = rmk_feedback_period(x);
    if (o->summary) {
        out_text(w, R ? "NPS %zu ответивших на %s (последние ответы): %s\n\n"
                      : "NPS of %zu respondents as of %s (latest answers): %s\n\n",
                 s->respondents, d, nps);
                      cli_text_columns(w, o, 1);
        out_json(w, "{");
        cli_json_columns(w, o);
        out_json(w, "\"as_of\": \"%s\", \"period\": \"%s\", \"respondents\": %zu, \"groups\": ", d,
                 period_key(per), s->respondents);
        print_groups(w, o, x);
        out_json(w, ", \"trend\": ");
        if (w->fmt == FMT_CSV) fputs(o->excel ? "\r\n" : "\n", w->f);
        out_text(w, R ? "\nДинамика %s (последний ответ клиента в периоде):\n"
                      : "\nTrend %s (each client's latest answer in the period):\n",
                 period_word(per, R));
    } else {
        out_text(w, R ? "Динамика NPS %s на %s (последний ответ клиента в периоде)\n\n"
                      : "NPS trend %s as of %s (each client's latest answer in the period)\n\n",
                 period_word(per, R), d);
        out_json(w, "{");
        cli_json_columns(w, o);
        out_json(w, "\"as_of\": \"%s\", \"period\": \"%s\", \"trend\": ", d, period_key(per));
    }
    print_trend(w, o, x);
    out_json(w, "}\n");
}

/* what the view prints: the analysis and its counts */
typedef struct answered {
    const rmk_feedback *x;
    rmk_feedback_stats s;
} answered;

static void view(out *w, const cli_opts *o, const void *arg)
{
    const answered *a = arg;
    const rmk_feedback_group *all = rmk_feedback_group_at(a->x, 0);
    char nps[32] = "-", d[16];
    if (all->latest.nps_known) tenths(nps, all->latest.nps_tenths);
    rmk_date_format_iso(rmk_feedback_as_of(a->x), d);
    if (o->fbk.alert) {
        view_alerts(w, o, a->x, &a->s);
    } else if (o->summary || o->fbk.trend) {
        view_trend(w, o, a->x, &a->s, nps);
    } else {
        out_text(w, ru(o) ? "Обратная связь %zu клиентов на %s; NPS по последним ответам: %s\n\n"
                          : "Feedback of %zu clients as of %s; NPS over the latest answers: %s\n\n",
                 a->s.respondents, d, nps);
        out_json(w, "{");
        cli_json_columns(w, o);
        out_json(w, "\"as_of\": \"%s\", \"clients\": ", d);
        print_clients(w, o, a->x);
        out_json(w, "}\n");
    }
}

/* Reads the answers (and the transactions, the customers file) into x:
 * 0 or the exit code */
static int analyse(cli_ctx *c, rmk_scale *scale, rmk_segmap *map, const char **keys, size_t nkeys,
                   rmk_feedback **x)
{
    const cli_opts *o = c->o;
    rmk_feedback_opts fo = o->fbk.a;
    fo.as_of = o->as_of;
    fo.customers = o->customers;
    fo.scale = scale;
    fo.segments = map;
    fo.bins = o->bins;
    fo.ties = o->ties;
    fo.monetary = o->monetary;
    fo.sat_min = o->stage.sat_min;
    fo.sat_max = o->stage.sat_max;
    fo.period = (rmk_period)o->period;
    if (nkeys) {
        fo.key_groups = keys;
        fo.nkey_groups = nkeys;
    }
    /* the transactions are the large file, when given: the one named */
    cli_read_begin(c, fo.transactions ? fo.transactions : c->path);
    return cli_read_end(c, rmk_feedback_file(c->path, &c->o->read, &fo, x, c->err, sizeof c->err), c->err);
}

static int run(cli_ctx *c)
{
    rmk_scale *scale = NULL;
    rmk_segmap *map = NULL;
    rmk_feedback *x = NULL;
    char *keybuf = NULL;
    const char *keys[64];
    size_t nkeys = 0;
    rmk_status st = RMK_OK;
    int rc = check(c);
    if (!rc) rc = key_groups(c->o, &keybuf, keys, &nkeys);
    if (!rc) rc = cli_open_scale(c->o, &scale);
    if (!rc) map = cli_open_map(c->o, &st); /* also to check --key-groups without transactions */
    if (!rc && st != RMK_OK) rc = rmk_status_exit_code(st);
    if (!rc) rc = analyse(c, scale, map, keys, nkeys, &x);
    if (!rc) {
        answered a = {x, {0}};
        rmk_feedback_get_stats(x, &a.s);
        notes(c, &a.s);
        rc = cli_print(c, view, &a);
    }
    free(keybuf);
    rmk_feedback_free(x);
    rmk_segmap_free(map);
    rmk_scale_free(scale);
    return rc;
}
