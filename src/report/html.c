/* SPDX-License-Identifier: MIT */
/* html.c — the HTML report: one self-contained page (inline CSS and SVG,
 * no script, no font, no image, no request: the Content-Security-Policy
 * forbids any), readable on a phone, printable on A4; the shared pieces of
 * the section writers; the summary section. docs/report.md. */
#include "html.h"
#include "errmsg.h"
#include <errno.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

void h_esc(hw *w, const char *s) { svg_escape(w->f, s); }

char *h_date(int32_t day, char *buf)
{
    if (day == RMK_NO_DATE) buf[0] = 0;
    else rmk_date_format_iso(day, buf);
    return buf;
}

char *h_num(hw *w, double v, int decimals, char *buf, size_t len)
{
    return svg_num(v, decimals, w->ru, buf, len);
}

char *h_pct(hw *w, double fraction, char *buf, size_t len)
{
    char b[64];
    svg_num(fraction * 100, 1, w->ru, b, sizeof b);
    snprintf(buf, len, isfinite(fraction) ? "%s%%" : "%s", b);
    return buf;
}

void h_section(hw *w, const char *id, const char *title, const char *why)
{
    fprintf(w->f, "<section id=\"%s\">\n<h2>", id);
    h_esc(w, title);
    fputs("</h2>\n", w->f);
    if (why) h_p(w, "lecture", why);
}

void h_section_end(hw *w) { fputs("</section>\n", w->f); }

int h_note(hw *w, rpt_section s)
{
    if (!w->r->note[s][0]) return 0;
    h_p(w, "note", w->r->note[s]);
    return 1;
}

void h_p(hw *w, const char *cls, const char *text)
{
    if (cls) fprintf(w->f, "<p class=\"%s\">", cls);
    else fputs("<p>", w->f);
    h_esc(w, text);
    fputs("</p>\n", w->f);
}

void h_figure(hw *w, const char *key, const char *title, const char *guide)
{
    if (key) fprintf(w->f, "<figure data-chart=\"%s\">\n<figcaption><b>", key);
    else fputs("<figure>\n<figcaption><b>", w->f);
    h_esc(w, title);
    fputs("</b>", w->f);
    if (guide) {
        fputs("<span class=\"guide\">", w->f);
        h_esc(w, guide);
        fputs("</span>", w->f);
    }
    fputs("</figcaption>\n", w->f);
}

void h_figure_end(hw *w) { fputs("</figure>\n", w->f); }

void h_table(hw *w, const char *caption, const char *headers) { h_table_k(w, NULL, caption, headers); }

void h_table_k(hw *w, const char *key, const char *caption, const char *headers)
{
    if (key) fprintf(w->f, "<div class=\"scroll\"><table data-t=\"%s\">", key);
    else fputs("<div class=\"scroll\"><table>", w->f);
    if (caption) {
        fputs("<caption>", w->f);
        h_esc(w, caption);
        fputs("</caption>", w->f);
    }
    fputs("\n<thead><tr>", w->f);
    const char *p = headers;
    while (p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        char buf[256];
        snprintf(buf, sizeof buf, "%.*s", (int)n, p);
        fputs("<th>", w->f);
        h_esc(w, buf);
        fputs("</th>", w->f);
        p = bar ? bar + 1 : NULL;
    }
    fputs("</tr></thead>\n<tbody>\n", w->f);
}

void h_table_end(hw *w) { fputs("</tbody></table></div>\n", w->f); }
void h_tr(hw *w) { fputs("<tr>", w->f); }
void h_tr_end(hw *w) { fputs("</tr>\n", w->f); }

void h_td(hw *w, const char *text)
{
    fputs("<td>", w->f);
    h_esc(w, text);
    fputs("</td>", w->f);
}

void h_td_int(hw *w, long long v)
{
    char b[64];
    fprintf(w->f, "<td class=\"n\" data-v=\"%lld\">%s</td>", v, h_num(w, (double)v, 0, b, sizeof b));
}

void h_td_num(hw *w, double v, int decimals, int exact)
{
    char b[64];
    if (!isfinite(v)) {
        fputs("<td class=\"n\" data-v=\"\">\xE2\x80\x93</td>", w->f);
        return;
    }
    fprintf(w->f, "<td class=\"n\" data-v=\"%.*f\">%s</td>", exact < 0 ? decimals : exact, v,
            h_num(w, v, decimals, b, sizeof b));
}

void h_td_money(hw *w, int64_t minor)
{
    char exact[64], b[64];
    rmk_money_format(minor, 2, '.', exact);
    /* minor units are 1/RMK_MONEY_SCALE of the currency unit */
    fprintf(w->f, "<td class=\"n\" data-v=\"%s\">%s</td>", exact,
            h_num(w, (double)minor / RMK_MONEY_SCALE, 2, b, sizeof b));
}

void h_td_exact(hw *w, const char *exact, const char *shown)
{
    fprintf(w->f, "<td class=\"n\" data-v=\"%s\">", exact);
    h_esc(w, shown);
    fputs("</td>", w->f);
}

void h_td_pct(hw *w, double fraction)
{
    char b[64];
    if (!isfinite(fraction)) {
        fputs("<td class=\"n\" data-v=\"\">\xE2\x80\x93</td>", w->f);
        return;
    }
    fprintf(w->f, "<td class=\"n\" data-v=\"%.4f\">%s%%</td>", fraction,
            h_num(w, fraction * 100, 1, b, sizeof b));
}

void h_td_ratio(hw *w, int64_t num, int64_t den)
{
    char exact[64], b[64];
    rmk_ratio_format(num, den, 2, '.', exact);
    fprintf(w->f, "<td class=\"n\" data-v=\"%s\">%s</td>", exact,
            h_num(w, (double)num / (double)den / RMK_MONEY_SCALE, 2, b, sizeof b));
}

void h_actions(hw *w, const char *title, size_t n, const char *const *groups, const char *const *actions)
{
    fputs("<div class=\"actions\"><h3>", w->f);
    h_esc(w, title);
    fputs("</h3>\n<dl>", w->f);
    for (size_t i = 0; i < n; i++) {
        if (!actions[i] || !actions[i][0]) continue;
        fputs("<dt>", w->f);
        h_esc(w, groups[i]);
        fputs("</dt><dd>", w->f);
        h_esc(w, actions[i]);
        fputs("</dd>\n", w->f);
    }
    fputs("</dl></div>\n", w->f);
}

/* ------------------------------------------------------------- summary */
void html_summary(hw *w)
{
    const rmk_report *r = w->r;
    char d1[16], d2[16], d3[16], b[64];
    h_section(w, "summary", HT(w, "Summary", "Сводка"), NULL);
    fputs("<div class=\"kpis\">", w->f);
#define KPI(label, value)                                                       \
    do {                                                                        \
        fputs("<div class=\"kpi\"><span>", w->f);                            \
        h_esc(w, label);                                                        \
        fputs("</span><b>", w->f);                                             \
        h_esc(w, value);                                                        \
        fputs("</b></div>", w->f);                                             \
    } while (0)
    KPI(HT(w, "Customers", "Клиенты"), h_num(w, (double)r->customers, 0, b, sizeof b));
    KPI(HT(w, "Net sales", "Чистые продажи"), h_num(w, (double)r->revenue / RMK_MONEY_SCALE, 2, b, sizeof b));
    KPI(HT(w, "As of", "На дату"), h_date(r->as_of, d1));
    if (r->econ_ok) KPI(HT(w, "Retention (12 months)", "Удержание (12 мес.)"),
                        (snprintf(b, sizeof b, "%s%%", h_num(w, r->econ.retention * 100, 1, d3, sizeof d3)), b));
#undef KPI
    fputs("</div>\n", w->f);
    h_table(w, HT(w, "What was read", "Что прочитано"), HT(w, "Item|Value", "Показатель|Значение"));
    h_tr(w), h_td(w, HT(w, "Transactions file", "Файл транзакций")), h_td(w, rmk_book_path(r->book)), h_tr_end(w);
    /* the roles' columns, as the CLI's note and JSON say them (docs/report.md) */
    h_tr(w), h_td(w, HT(w, "Columns read", "Прочитанные столбцы")), h_td(w, r->read.columns), h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Data period", "Период данных"));
    snprintf(b, sizeof b, "%s \xE2\x80\x94 %s", h_date(r->read.first_day, d1), h_date(r->read.last_day, d2));
    h_td(w, b), h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Rows read", "Строк прочитано")), h_td_int(w, (long long)r->read.rows), h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Rows skipped (malformed)", "Строк пропущено (ошибки)")),
        h_td_int(w, (long long)r->read.rows_skipped), h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Rows after the as-of date (ignored)", "Строк после даты отчёта (не учтены)")),
        h_td_int(w, (long long)r->read.rows_after_as_of), h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Return rows", "Строк возвратов")), h_td_int(w, (long long)r->read.returns), h_tr_end(w);
    h_tr(w), h_td(w, HT(w, "Customers with purchases", "Клиентов с покупками")),
        h_td_int(w, (long long)r->customers), h_tr_end(w);
    if (r->rfm && rmk_rfm_unscored(r->rfm)) {
        h_tr(w), h_td(w, HT(w, "Customers with returns only (not scored)", "Клиентов только с возвратами (без оценки)")),
            h_td_int(w, (long long)rmk_rfm_unscored(r->rfm)), h_tr_end(w);
    }
    h_table_end(w);
    if (r->read.first_error[0]) {
        char msg[700];
        snprintf(msg, sizeof msg, "%s %s", HT(w, "First skipped row:", "Первая пропущенная строка:"),
                 r->read.first_error);
        h_p(w, "note", msg);
    }
    h_section_end(w);
}

/* ---------------------------------------------------------------- page */
static const char css[] =
    ":root{--fg:#1b1b1b;--mute:#5a5a5a;--line:#d8d8d8;--bg:#fff;--acc:#0072B2}"
    "*{box-sizing:border-box}"
    "body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;"
    "color:var(--fg);background:var(--bg)}"
    "header{padding:20px 24px 8px;border-bottom:3px solid var(--acc)}"
    "header h1{margin:0;font-size:1.6em}header p{margin:4px 0;color:var(--mute)}"
    "nav{padding:8px 24px;border-bottom:1px solid var(--line);font-size:.9em;position:sticky;top:0;"
    "background:var(--bg);z-index:1;white-space:nowrap;overflow-x:auto}"
    "nav a{color:var(--acc);text-decoration:none;margin-right:14px}"
    "main{max-width:980px;margin:0 auto;padding:0 24px 40px}"
    "section{padding:12px 0 18px;border-bottom:1px solid var(--line)}"
    "h2{font-size:1.3em;margin:14px 0 6px}h3{font-size:1.05em;margin:14px 0 4px}"
    "p.lecture{color:var(--mute);margin:0 0 10px;max-width:75ch}"
    "p.note{background:#fff6e0;border-left:4px solid #E69F00;padding:8px 12px;margin:10px 0}"
    "figure{margin:14px 0}figcaption b{display:block}figcaption .guide{display:block;color:var(--mute);font-size:.9em}"
    "svg.chart{width:100%;height:auto;display:block;max-width:760px}"
    "svg text{font:11px system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;fill:#333}"
    "svg .axis{font-weight:600}svg .grid{stroke:#e6e6e6;stroke-width:1}svg .diag{stroke:#999;stroke-dasharray:4 4}"
    "svg .cell{font-size:10px;fill:#111}svg .cell.dark{fill:#fff}svg .val{fill:#333}"
    ".scroll{overflow-x:auto;margin:8px 0}"
    "table{border-collapse:collapse;font-size:.88em;min-width:40%}"
    "caption{text-align:left;font-weight:600;padding:4px 0}"
    "th,td{border-bottom:1px solid var(--line);padding:3px 10px 3px 0;text-align:left;vertical-align:top}"
    "th{font-weight:600;border-bottom:2px solid #bbb}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".kpis{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}"
    ".kpi{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:150px}"
    ".kpi span{display:block;color:var(--mute);font-size:.85em}.kpi b{font-size:1.3em}"
    ".actions dl{margin:4px 0}.actions dt{font-weight:600;margin-top:6px}.actions dd{margin:0 0 0 16px}"
    "footer{color:var(--mute);font-size:.85em;padding:16px 24px}"
    "@media (max-width:600px){main{padding:0 10px 30px}header,nav{padding-left:10px;padding-right:10px}"
    "body{font-size:14px}}"
    "@media print{@page{size:A4;margin:14mm}nav{display:none}body{font-size:10.5pt}"
    "section{break-inside:auto;border:0}figure,table,.kpis{break-inside:avoid}"
    "h2{break-after:avoid}.scroll{overflow:visible}main{max-width:none;padding:0}}";

typedef struct section_writer {
    rpt_section s;
    const char *id, *en, *ru;
    void (*write)(hw *w);
} section_writer;

static const section_writer sections[] = {
    {RPT_SUMMARY, "summary", "Summary", "Сводка", html_summary},
    {RPT_ECONOMICS, "economics", "Economics", "Экономика", html_economics},
    {RPT_LIFECYCLE, "lifecycle", "Life cycle", "Жизненный цикл", html_lifecycle},
    {RPT_RETENTION, "retention", "Retention", "Удержание", html_retention},
    {RPT_RFM, "rfm", "RFM", "RFM", html_rfm},
    {RPT_RATING, "rating", "Rating", "Рейтинг", html_rating},
    {RPT_PORTFOLIO, "portfolio", "Portfolio", "Портфель", html_portfolio},
    {RPT_ABCXYZ, "abcxyz", "ABC-XYZ", "ABC-XYZ", html_abcxyz},
    {RPT_CLV, "clv", "Lifetime value", "Пожизненная ценность", html_clv},
    {RPT_FEEDBACK, "feedback", "Feedback", "Обратная связь", html_feedback},
    {RPT_SURVEY, "survey", "Relationship quality", "Качество отношений", html_survey},
    {RPT_ORIENTATION, "orientation", "Orientation", "Ориентация", html_orientation},
};
#define NSECTIONS (sizeof sections / sizeof sections[0])

/* ------------------------------------------------------- single charts */
/* The charts rmk_report_chart draws, by the key their writer gives
 * h_figure, and the section whose analyses they need (docs/report.md). */
static const struct {
    const char *key;
    rpt_section s;
} charts[] = {
    {"economics-whatif", RPT_ECONOMICS},  {"economics-tenure", RPT_ECONOMICS},
    {"stages-ladder", RPT_LIFECYCLE},     {"stages-migration", RPT_LIFECYCLE},
    {"stages-b2b", RPT_LIFECYCLE},        {"retention-curve", RPT_RETENTION},
    {"cohorts-heatmap", RPT_RETENTION},   {"rfm-heatmap", RPT_RFM},
    {"rfm-monetary", RPT_RFM},            {"rfm-segments", RPT_RFM},
    {"rfm-revenue", RPT_RFM},             {"rate-points", RPT_RATING},
    {"rate-revenue", RPT_RATING},         {"rate-changes", RPT_RATING},
    {"portfolio-matrix", RPT_PORTFOLIO},  {"portfolio-budget", RPT_PORTFOLIO},
    {"abcxyz-matrix", RPT_ABCXYZ},        {"abcxyz-revenue", RPT_ABCXYZ},
    {"abcxyz-lorenz", RPT_ABCXYZ},        {"clv-histogram", RPT_CLV},
    {"clv-palive", RPT_CLV},              {"clv-expected", RPT_CLV},
    {"clv-calibration", RPT_CLV},         {"clv-tracking", RPT_CLV},
    {"feedback-nps", RPT_FEEDBACK},       {"survey-components", RPT_SURVEY},
    {"survey-index", RPT_SURVEY},         {"orientation-continuum", RPT_ORIENTATION},
};
#define NCHARTS (sizeof charts / sizeof charts[0])

/* the page's chart styles, for an SVG that stands alone */
static const char svg_style[] =
    "<style>text{font:11px system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',"
    "sans-serif;fill:#333}.axis{font-weight:600}.grid{stroke:#e6e6e6;stroke-width:1}"
    ".diag{stroke:#999;stroke-dasharray:4 4}.cell{font-size:10px;fill:#111}.cell.dark{fill:#fff}"
    ".val{fill:#333}</style><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>";

/* the <svg> after the figure of key in the page text, as one document */
static rmk_status extract_chart(const char *page, const char *key, const char *why, FILE *f, char *err,
                                size_t errlen)
{
    char mark[96];
    snprintf(mark, sizeof mark, "data-chart=\"%s\"", key);
    const char *fig = strstr(page, mark), *svg = fig ? strstr(fig, "<svg class=\"chart\"") : NULL;
    const char *fig_end = fig ? strstr(fig, "</figure>") : NULL;
    const char *end = svg ? strstr(svg, "</svg>") : NULL;
    if (!svg || !end || (fig_end && svg > fig_end)) {
        snprintf(err, errlen, "chart %s: nothing to draw%s%s", key, why[0] ? ": " : " in these data",
                 why);
        return RMK_ERR_DATA;
    }
    const char *open_end = strchr(svg, '>') + 1;
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
    fwrite(svg, 1, (size_t)(open_end - svg), f);
    fputs(svg_style, f);
    fwrite(open_end, 1, (size_t)(end + 6 - open_end), f);
    fputc('\n', f);
    if (fflush(f) || ferror(f)) {
        snprintf(err, errlen, "chart %s: cannot write: %s", key, strerror(errno));
        return RMK_ERR_IO;
    }
    return RMK_OK;
}

rmk_status rmk_report_chart(const rmk_book *book, const rmk_report_opts *o, const char *chart, FILE *f,
                            char *err, size_t errlen)
{
    char ebuf[256];
    if (!err || !errlen) err = ebuf, errlen = sizeof ebuf;
    err[0] = 0;
    size_t k = 0;
    while (k < NCHARTS && (!chart || strcmp(chart, charts[k].key))) k++;
    if (k == NCHARTS || !f) {
        size_t u = (size_t)snprintf(err, errlen, "chart '%s': expected one of", chart ? chart : "");
        for (size_t i = 0; i < NCHARTS && u < errlen; i++)
            u += (size_t)snprintf(err + u, errlen - u, " %s", charts[i].key);
        return RMK_ERR_USAGE;
    }
    rmk_report *r = NULL;
    rmk_status st = report_build(book, o, 1u << charts[k].s, &r, err, errlen);
    if (st != RMK_OK) return st;
    char *page = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&page, &len);
    if (!m) {
        rmk_report_free(r);
        rmk_nomem(err, errlen);
        return RMK_ERR_NOMEM;
    }
    hw w = {m, r, r->ru};
    for (size_t i = 0; i < NSECTIONS; i++)
        if (sections[i].s == charts[k].s) sections[i].write(&w);
    int bad = fclose(m) != 0;
    st = bad || !page ? rmk_nomem(err, errlen)
                      : extract_chart(page, chart, r->note[charts[k].s], f, err, errlen);
    free(page);
    rmk_report_free(r);
    return st;
}

const char *rmk_report_css(void) { return css; }

rmk_status rmk_report_html_lang(const rmk_report *r, const char *lang, FILE *f, char *err, size_t errlen)
{
    if (!r || !lang || (strcmp(lang, "en") && strcmp(lang, "ru"))) return rmk_report_html(r, f, err, errlen);
    /* a shallow copy read only while writing: the labels are chosen then */
    rmk_report t = *r;
    t.ru = !strcmp(lang, "ru");
    t.lang = t.ru ? "ru" : "en";
    return rmk_report_html(&t, f, err, errlen);
}

rmk_status rmk_report_html(const rmk_report *r, FILE *f, char *err, size_t errlen)
{
    char ebuf[256];
    if (!err || !errlen) err = ebuf, errlen = sizeof ebuf;
    err[0] = 0;
    if (!r || !f) {
        snprintf(err, errlen, "report: no report or no file");
        return RMK_ERR_USAGE;
    }
    hw w = {f, r, r->ru};
    char d[16];
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               /* nothing may be fetched: a report mailed or opened from disk
                * shows the same, and leaks nothing */
               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
               "style-src 'unsafe-inline'; img-src data:\">\n<title>",
            r->lang);
    h_esc(&w, HT(&w, "Relationship report", "Отчёт об отношениях с клиентами"));
    fprintf(f, " \xE2\x80\x94 %s</title>\n<style>%s</style>\n</head>\n<body>\n<header><h1>", h_date(r->as_of, d), css);
    h_esc(&w, HT(&w, "Relationship report", "Отчёт об отношениях с клиентами"));
    fputs("</h1><p>", f);
    h_esc(&w, rmk_book_path(r->book));
    fprintf(f, " \xC2\xB7 %s %s</p></header>\n<nav>", HT(&w, "as of", "на"), h_date(r->as_of, d));
    for (size_t i = 0; i < NSECTIONS; i++) {
        fprintf(f, "<a href=\"#%s\">", sections[i].id);
        h_esc(&w, r->ru ? sections[i].ru : sections[i].en);
        fputs("</a>", f);
    }
    fputs("</nav>\n<main>\n", f);
    for (size_t i = 0; i < NSECTIONS; i++) sections[i].write(&w);
    fprintf(f, "</main>\n<footer>relmark %s \xC2\xB7 ", RELMARK_VERSION);
    h_esc(&w, HT(&w, "every figure is defined in relmark's docs/",
                 "каждый показатель определён в документации relmark (docs/)"));
    fputs("</footer>\n</body>\n</html>\n", f);
    if (fflush(f) || ferror(f)) {
        snprintf(err, errlen, "report: cannot write: %s", strerror(errno));
        return RMK_ERR_IO;
    }
    return RMK_OK;
}
