/* SPDX-License-Identifier: MIT */
/* html.h — internal: the HTML report's writer and its pieces, shared by the
 * section files (html_*.c). Every number in a table cell also carries its
 * exact value in data-v (as the CSV output writes it), so a test can
 * compare the page with the CLI's CSV whatever the display format. */
#ifndef RMK_HTML_H
#define RMK_HTML_H
#include "report.h"
#include "svg.h"

typedef struct hw {
    FILE *f;
    const rmk_report *r;
    int ru;
} hw;

#define HT(w, en, ru_) ((w)->ru ? (ru_) : (en))

void h_esc(hw *w, const char *s);
/* <section id=KEY><h2>TITLE</h2><p class="lecture">WHY</p> */
void h_section(hw *w, const char *id, const char *title, const char *why);
void h_section_end(hw *w);
/* the section's note (why it is empty or what file would add it) when it
 * has one: writes it and returns 1 */
int h_note(hw *w, rpt_section s);
void h_p(hw *w, const char *cls, const char *text);
/* a chart's frame: its key (a name for rmk_report_chart, docs/report.md;
 * NULL: none), its title, a one-line reading guide; the chart follows */
void h_figure(hw *w, const char *key, const char *title, const char *guide);
void h_figure_end(hw *w);
/* a table: caption, then header cells separated by '|' */
void h_table(hw *w, const char *caption, const char *headers);
/* the same with a key in data-t, by which tests find the table */
void h_table_k(hw *w, const char *key, const char *caption, const char *headers);
void h_table_end(hw *w);
void h_tr(hw *w);
void h_tr_end(hw *w);
void h_td(hw *w, const char *text);
void h_td_int(hw *w, long long v);
/* a number shown with `decimals`, data-v with `exact` decimals (or the
 * shown ones when exact < 0) */
void h_td_num(hw *w, double v, int decimals, int exact);
/* money in minor units (1/RMK_MONEY_SCALE): shown and exact with 2 decimals */
void h_td_money(hw *w, int64_t minor);
/* the exact rational num/den minor units, shown and exact with 2 decimals
 * (rounded half away from zero, as the CSV outputs) */
void h_td_ratio(hw *w, int64_t num, int64_t den);
/* a number whose exact text (data-v) the caller formats as the command's
 * CSV does (its own rounding), shown as `shown` */
void h_td_exact(hw *w, const char *exact, const char *shown);
/* a fraction 0..1 shown as a percentage with one decimal; data-v the
 * fraction with 4 decimals (as the CSV outputs) */
void h_td_pct(hw *w, double fraction);
/* the actions per group: a definition list */
void h_actions(hw *w, const char *title, size_t n, const char *const *groups,
               const char *const *actions);
char *h_date(int32_t day, char *buf); /* ISO date or "" */
char *h_num(hw *w, double v, int decimals, char *buf, size_t len);
/* a fraction 0..1 for people: "12.3%" ("12,3%" in Russian); "–" for NaN */
char *h_pct(hw *w, double fraction, char *buf, size_t len);

/* the sections */
void html_summary(hw *w);
void html_economics(hw *w);
void html_lifecycle(hw *w);
void html_retention(hw *w);
void html_rfm(hw *w);
void html_rating(hw *w);
void html_portfolio(hw *w);
void html_abcxyz(hw *w);
void html_clv(hw *w);
void html_feedback(hw *w);
void html_survey(hw *w);
void html_orientation(hw *w);
#endif
