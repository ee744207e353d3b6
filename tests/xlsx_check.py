# SPDX-License-Identifier: MIT
"""xlsx_check.py -- reads a workbook of `relmark report -o FILE.xlsx` back
with openpyxl and compares its cells with the CSV outputs of the commands
(tests/cli/cases/report_xlsx.sh makes them): every row of every
per-customer sheet, cell by cell, and the summary tables.

    python3 xlsx_check.py DIR WORKBOOK LANG

DIR holds the CSV files named below; a comparison runs when its files
are there. A cell equals its CSV text when:
empty <-> no cell; a number cell <-> the same number (the CSV's digits,
parsed); a date cell <-> the ISO date; a boolean <-> true/false; a text
cell <-> the same text. A text cell where the CSV column is a number, or a
number where it is text (an id, a code), is a difference. Prints one line
per table compared, or FAIL lines."""
import csv
import datetime
import os
import re
import sys
import zipfile

import openpyxl

D, BOOK, LANG = sys.argv[1], sys.argv[2], sys.argv[3]
RU = LANG == "ru"
wb = openpyxl.load_workbook(os.path.join(D, BOOK), read_only=False)
fails = 0


def fail(msg):
    global fails
    fails += 1
    if fails <= 20:
        print("FAIL", msg)


def T(en, ru):
    return ru if RU else en


def read_csv(name):
    """the CSV's tables: lists of rows, split at blank lines"""
    with open(os.path.join(D, name), newline="", encoding="utf-8") as f:
        tables, cur = [], []
        for row in csv.reader(f):
            if not row:
                if cur:
                    tables.append(cur)
                cur = []
            else:
                cur.append(row)
        if cur:
            tables.append(cur)
    return tables


def is_num(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def same(cell, text, textcol):
    """cell value from openpyxl, text from the CSV"""
    if text == "":
        return cell is None
    if cell is None:
        return False
    if isinstance(cell, bool):
        return text == ("true" if cell else "false")
    if isinstance(cell, datetime.datetime):
        return not textcol and cell.strftime("%Y-%m-%d") == text
    if isinstance(cell, (int, float)):
        return not textcol and is_num(text) and float(text) == float(cell)
    # text: must be the CSV's text (as Excel reads it: _xHHHH_ is U+HHHH),
    # and not a number the CSV has as one
    cell = re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), cell)
    # the CSV writes text that a spreadsheet would run as a formula with a
    # leading ' (docs/cli.md); the workbook's text cell needs none
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r" and cell == text[1:]:
        return True
    return cell == text and (textcol or not is_num(text))


def sheet_rows(name):
    """the data rows of a per-customer table, over its continuation sheets"""
    rows, part = [], 1
    while True:
        sn = name if part == 1 else "%s (%d)" % (name, part)
        if sn not in wb.sheetnames:
            break
        ws = wb[sn]
        if ws.freeze_panes != "B2" or not ws.auto_filter.ref:
            fail("%s: header not frozen or no autofilter" % sn)
        rows.extend(list(ws.iter_rows(min_row=2, values_only=True)))
        part += 1
    return rows


def compare(label, got, want, textcols, ncol=None):
    """got: rows of cells; want: CSV rows (no header)"""
    if len(got) != len(want):
        fail("%s: %d rows in the workbook, %d in the CSV" % (label, len(got), len(want)))
        return
    n = 0
    for i, (g, w) in enumerate(zip(got, want)):
        k = ncol if ncol is not None else len(w)
        for j in range(k):
            c = g[j] if j < len(g) else None
            if not same(c, w[j], j in textcols):
                fail("%s: row %d column %d: workbook %r, CSV %r" % (label, i + 1, j + 1, c, w[j]))
                return
            n += 1
    print("%s: %d rows, %d cells equal" % (label, len(got), n))


def per_customer(sheet, csvname, textkeys, ncol=None):
    t = read_csv(csvname)[0]
    head = t[0]
    cols = {j for j, k in enumerate(head) if k in textkeys}
    if 0 not in cols:
        fail("%s: the id column is not text" % sheet)
    rows = sheet_rows(sheet)
    # ids as text: every id cell a string, as written in the CSV
    for r in rows:
        if not isinstance(r[0], str):
            fail("%s: id %r is not text" % (sheet, r[0]))
            break
    compare("%s = %s" % (sheet, csvname), rows, t[1:], cols, ncol)
    return rows


def table(sheet, first_head, nth=1, need=True):
    """a small table of a sheet: the rows under the nth header row whose first
    cell is first_head, up to the first row without a first cell"""
    ws = wb[sheet]
    seen, out, on = 0, [], False
    for r in ws.iter_rows(values_only=True):
        if on:
            if r[0] is None:
                break
            out.append(r)
        elif r[0] == first_head:
            seen += 1
            on = seen == nth
    if not on and need:
        fail("%s: no table headed %r" % (sheet, first_head))
    return out


def have(*names):
    """a comparison runs when the test made its CSV files"""
    return all(os.path.exists(os.path.join(D, n)) for n in names)


# ---------------------------------------------------------- per customer
for sheet, name, text, ncol in (
        ("RFM", "rfm.csv", {"customer_id", "rfm", "segment", "segment_key"}, None),
        ("CLV", "clv.csv", {"customer_id"}, None),
        ("ABC-XYZ", "abcxyz.csv", {"customer_id", "abc", "xyz"}, None),
        (T("Stages", "Стадии"), "stages.csv", {"customer_id", "stage", "phase", "rule", "segment", "category",
                                             "b2b_stage", "b2b_rule"}, 23),
        (T("Rating", "Рейтинг"), "rate.csv", {"customer_id", "payment", "category", "package", "payment_key",
                                             "category_key"}, None),
        (T("Portfolio", "Портфель"), "portfolio.csv", {"customer_id", "name", "category", "cell", "missing"}, None),
        (T("Feedback", "Обратная связь"), "feedback.csv", {"customer_id", "name", "nps_class", "segment",
                                                          "category", "key_group", "alert"}, None),
        (T("Survey", "Анкета"), "survey.csv", {"customer_id", "weak_in"}, None)):
    if have(name):
        per_customer(sheet, name, text, ncol)

if have("movers.csv"):  # the stage 3 months earlier and the movement
    movers = {r[0]: r for r in read_csv("movers.csv")[0][1:]}
    n = 0
    for r in sheet_rows(T("Stages", "Стадии")):
        m = movers.get(r[0])
        want = (m[1], m[3]) if m else (r[1], "same")
        if (r[23], r[24]) != want:
            fail("Stages: %s moved %r, movers say %r" % (r[0], (r[23], r[24]), want))
            break
        n += 1
    print("Stages: %d previous stages and movements agree with --migration --movers (%d movers)"
          % (n, len(movers)))


# ------------------------------------------------------- summary tables
def retention():
    ret = read_csv("retention.csv")[0]
    compare("Retention = retention.csv", table(T("Retention", "Удержание"), T("Period", "Период")),
            ret[1:], {0})
    coh = read_csv("cohorts.csv")[0][1:]
    head = T("Cohort (first purchase)", "Когорта (первая покупка)")
    tri, rev = table(T("Cohorts", "Когорты"), head), table(T("Cohorts", "Когорты"), head, 2)
    got, want = [], []
    for cohort, k, cust, money, *_ in coh:  # then days and partial
        i = [r[0] for r in tri].index(cohort)
        got.append((tri[i][2 + int(k)], rev[i][2 + int(k)]))
        want.append((cust, money))
    compare("Cohorts (both triangles) = cohorts.csv", got, want, set())


def rfm():
    summ = read_csv("rfm_summary.csv")[0][1:]
    sheet = T("RFM segments", "RFM-сегменты")
    cut = table(sheet, T("Score", "Оценка"))
    got, want = [], []
    for r in summ:
        if r[0].startswith("cutoff_"):
            k = "rfm".index(r[0][-1])
            row = cut[[c[0] for c in cut].index(int(r[1]))]
            got.append((row[0], row[1 + 3 * k], row[2 + 3 * k], row[3 + 3 * k]))
            want.append((r[1], r[2], r[4], r[5]))
    compare("RFM cut-offs = rfm --summary", got, want, set())
    seg = table(sheet, T("Segment", "Сегмент"))
    compare("RFM segments = rfm --summary", [(s[0], s[1], s[2], s[4], s[5], s[6]) for s in seg],
            [(r[9], r[2], r[3], r[6], r[7], r[8]) for r in summ if r[0] == "segment"], {0})
    compare("RFM codes = rfm --summary", table(sheet, "RFM"),
            [(r[1], r[2], r[3], r[6], r[7], r[8]) for r in summ if r[0] == "code"], {0})


def value():
    abc = read_csv("abcxyz_summary.csv")
    sheet = T("ABC-XYZ matrix", "Матрица ABC-XYZ")
    compare("ABC-XYZ cells = abcxyz --summary", table(sheet, "ABC"), abc[0][1:], {0, 1})
    compare("ABC-XYZ concentration = abcxyz --summary",
            [r[1:2] for r in table(sheet, T("Measure", "Показатель"))], [r[1:] for r in abc[1][1:]], set())
    ll = T("log-likelihood", "логарифм правдоподобия")
    clvs = read_csv("clv_summary.csv")
    for i, t in enumerate(clvs):
        compare("CLV parameters = clv --summary (%d)" % (i + 1),
                [r[:3] for r in table(T("CLV model", "Модель CLV"), T("Parameter", "Параметр"), i + 1)],
                [[ll if r[0] == "log_likelihood" else r[0]] + r[1:] for r in t[1:]], {0})
    wi = read_csv("whatif.csv")
    sheet = T("Economics", "Экономика удержания")
    eco = table(sheet, T("Measure", "Показатель"))
    compare("Economics CLV = clv --whatif", [r[1:2] for r in eco[5:8]], [r[1:2] for r in wi[0][1:]], set())
    compare("Economics tenure = clv --whatif", table(sheet, T("Tenure year", "Год")), wi[1][1:], set())
    compare("Economics industries = clv --whatif", table(sheet, T("Industry", "Отрасль")), wi[2][1:], {0})


def lifecycle():
    stg = read_csv("stages_summary.csv")
    life = T("Life cycle", "Жизненный цикл")
    compare("Life cycle stages = stages --summary", [r[:4] for r in table(life, T("Stage", "Стадия"))],
            [r[:4] for r in stg[0][1:]], {0, 1})
    compare("Life cycle bond levels = stages --summary", table(life, T("Level", "Уровень")), stg[1][1:],
            {2, 3, 4, 5, 6, 7, 8})
    b2b = [t for t in stg if t[0][0] == "b2b_stage"]
    if b2b:
        compare("Life cycle B2B stages = stages --summary", table(life, T("B2B stage", "Стадия B2B")),
                b2b[0][1:], {0, 1})
    mig = read_csv("migration.csv")[0][1:]
    mat = table(life, T("From \\ to", "Была \\ стала"))
    keys = [r[0] for r in mat]
    compare("Life cycle migration = stages --migration",
            [(a, b, mat[keys.index(a)][1 + keys.index(b)]) for a, b, _, _ in mig],
            [(a, b, c) for a, b, c, _ in mig], {0, 1})
    print("Life cycle migration: %d empty cells" % sum(1 for r in mat for c in r[1:-1] if c == 0))


def clients():
    rs = read_csv("rate_summary.csv")[0][1:]
    compare("Rating categories = rate --summary",
            [r[:5] for r in table(T("Rating categories", "Категории рейтинга"), T("Category", "Категория"))],
            rs, {0, 1})
    ps = read_csv("portfolio_summary.csv")[0][1:]
    got = table(T("Portfolio matrix", "Матрица портфеля"), T("Attractiveness", "Привлекательность"))
    compare("Portfolio matrix = portfolio --summary", [r[3:8] for r in got], [r[3:8] for r in ps], set())
    orient = read_csv("orientation.csv")
    compare("Orientation = portfolio --orientation",
            [r[1:2] for r in table(T("Orientation", "Ориентация"), T("Measure", "Показатель"))],
            [r[1:2] for r in orient[0][1:-1]], set())


def voice():
    ss = read_csv("survey_summary.csv")[0][1:]
    compare("Survey components = survey --summary",
            [(r[0],) + r[2:6] for r in table(T("Survey summary", "Итоги анкеты"), T("Component", "Компонент"))],
            ss, {0})
    fsheet = T("Feedback summary", "Итоги обратной связи")
    for n, what in ((1, "groups"), (2, "trend")):
        want = []
        for name in ("feedback_by_category.csv", "feedback_by_segment.csv"):
            want += [r for r in read_csv(name)[n - 1][1:] if r[0] != "all" or not want]
        got = table(fsheet, T("Group", "Группа"), n)
        if n == 1:
            got, want = [(r[0],) + r[2:] for r in got], [[r[0]] + r[2:] for r in want]
        # every column of the trend, its days and partial (a partial last period) too
        compare("Feedback %s = feedback --summary --by category, segment" % what, got, want, {0, 1 if n == 2 else 0})
    al = read_csv("feedback_alert.csv")[0][1:]
    got = table(fsheet, T("Customer ID", "Клиент")) if al else []
    compare("Feedback alerts = feedback --alert", got, al, {0, 1, 2, 3, 4, 15})


for part, files in ((retention, ("retention.csv", "cohorts.csv")), (rfm, ("rfm_summary.csv",)),
                    (value, ("abcxyz_summary.csv", "clv_summary.csv", "whatif.csv")),
                    (lifecycle, ("stages_summary.csv", "migration.csv")),
                    (clients, ("rate_summary.csv", "portfolio_summary.csv", "orientation.csv")),
                    (voice, ("survey_summary.csv", "feedback_by_category.csv", "feedback_alert.csv"))):
    if have(*files):
        part()

if T("Summary", "Сводка") in wb.sheetnames:  # what the report could not show, and why
    for r in table(T("Summary", "Сводка"), T("Section", "Раздел"), need=False):
        print("no data: %s: %s" % r[:2])

# no formula anywhere: formula-like text is text
with zipfile.ZipFile(os.path.join(D, BOOK)) as z:
    f = sum(z.read(n).count(b"<f>") for n in z.namelist() if n.startswith("xl/worksheets/"))
    charts = sum(1 for n in z.namelist() if n.startswith("xl/charts/chart"))
print("formulas: %d; native charts: %d; sheets: %s" % (f, charts, ", ".join(wb.sheetnames)))
if f:
    fail("the workbook holds formulas")
print("%s: %s" % (BOOK, "FAILED" if fails else "ok"))
sys.exit(1 if fails else 0)
