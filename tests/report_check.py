#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks of a relmark report page as a browser saw it (tests/report.sh).

  report_check.py dom DOM.html SECTIONS       every section id present; every
                                              chart has drawn marks
  report_check.py net NETLOG.json PAGE_URL    the page requested nothing
  report_check.py table DOM.html KEY CSV COLS  the table data-t=KEY's data-v
                                              cells equal the CSV's columns
  report_check.py tiles PNG PREFIX            a tall screenshot cut into
                                              PREFIX-N.png of 1400 rows (to
                                              look at), blank bottom dropped

COLS: comma-separated "csvcolumn=tablecolumn" (0-based table column), the
first pair is the key both rows are matched by; a CSV filter "col=value"
may follow after a '|' (e.g. "key=0,customers=1|section=segment").
Prints one line per failure and exits 1 when any.
"""
import csv
import json
import sys
from html.parser import HTMLParser


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sections = []
        self.charts = []        # per chart: [title, marks drawn]
        self.in_chart = 0
        self.tables = {}        # data-t -> rows of data-v (or text) cells
        self.table = None
        self.row = None
        self.cell = None
        self.in_td = False
        self.text = ""
        self.title_next = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and "id" in a:
            self.sections.append(a["id"])
        if tag == "svg" and "chart" in (a.get("class") or "").split():
            self.charts.append(["", 0])
            self.in_chart = 1
            self.title_next = True
            return
        if self.in_chart and "mark" in (a.get("class") or "").split():
            drawn = False
            if tag == "rect":
                drawn = float(a.get("width", 0)) > 0 and float(a.get("height", 0)) > 0
            elif tag == "circle":
                drawn = float(a.get("r", 0)) > 0
            elif tag == "path":
                drawn = len((a.get("d") or "").split()) >= 4
            elif tag in ("line", "polygon", "polyline"):
                drawn = True
            if drawn:
                self.charts[-1][1] += 1
        if tag == "table" and "data-t" in a:
            self.table = self.tables.setdefault(a["data-t"], [])
        if tag == "tr" and self.table is not None:
            self.row = []
        if tag == "td" and self.row is not None:
            self.cell = a.get("data-v")
            self.in_td = True
            self.text = ""

    def handle_data(self, data):
        if self.title_next and self.in_chart:
            self.charts[-1][0] += data
        if self.in_td:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "title":
            self.title_next = False
        if tag == "svg":
            self.in_chart = 0
        if tag == "td" and self.row is not None:
            self.row.append(self.cell if self.cell is not None else self.text.strip())
            self.cell = None
            self.in_td = False
        if tag == "tr" and self.row is not None:
            if self.row:
                self.table.append(self.row)
            self.row = None
        if tag == "table":
            self.table = None


def load(path):
    d = Dom()
    with open(path, encoding="utf-8") as f:
        d.feed(f.read())
    return d


def check_dom(path, sections):
    d, bad = load(path), []
    for s in sections.split(","):
        if s not in d.sections:
            bad.append(f"{path}: no section '{s}'")
    if not d.charts:
        bad.append(f"{path}: no chart at all")
    for title, marks in d.charts:
        if marks == 0:
            bad.append(f"{path}: chart '{title}' has no drawn mark")
    return bad, f"{len(d.sections)} sections, {len(d.charts)} charts"


def check_net(path, page):
    with open(path) as f:
        log = json.load(f)
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    bad = []
    for e in log["events"]:
        p = e.get("params", {})
        # the page's own requests carry its file:// isolation key; the
        # browser's background ones (updates, accounts) another
        if names.get(e["type"]) == "URL_REQUEST_START_JOB" and "file://" in p.get("network_isolation_key", ""):
            if p.get("url") != page:
                bad.append(f"{page}: requested {p.get('url')}")
    return bad, "no request"


def check_table(path, key, csv_path, cols):
    spec, _, filt = cols.partition("|")
    pairs = [c.split("=") for c in spec.split(",")]
    fcol, _, fval = filt.partition("=")
    rows = load(path).tables.get(key)
    if rows is None:
        return [f"{path}: no table data-t={key}"], ""
    with open(csv_path, encoding="utf-8-sig") as f:
        want = [r for r in csv.DictReader(f) if not fcol or r[fcol] == fval]
    k_csv, k_tab = pairs[0][0], int(pairs[0][1])
    by_key = {r[k_tab]: r for r in rows}
    bad = []
    if len(want) != len(rows):
        bad.append(f"{key}: {len(rows)} rows in the page, {len(want)} in {csv_path}")
    for w in want:
        r = by_key.get(w[k_csv])
        if r is None:
            bad.append(f"{key}: no row '{w[k_csv]}'")
            continue
        for c, t in pairs[1:]:
            if r[int(t)] != w[c]:
                bad.append(f"{key} '{w[k_csv]}' {c}: page {r[int(t)]!r}, CSV {w[c]!r}")
    return bad, f"{len(want)} rows equal"


def tiles(png, prefix):
    from PIL import Image  # Debian python3-pil
    im = Image.open(png).convert("RGB")
    w, h = im.size
    # the page ends at the last row that is not all white
    bbox = Image.eval(im, lambda v: 255 - v).getbbox()
    end = bbox[3] if bbox else 0
    n = 0
    for top in range(0, end, 1400):
        n += 1
        im.crop((0, top, w, min(top + 1400, end))).save(f"{prefix}-{n}.png")
    return ([] if n else [f"{png}: blank"]), f"{n} tiles"


def main():
    what = sys.argv[1]
    if what == "tiles":
        bad, ok = tiles(sys.argv[2], sys.argv[3])
    elif what == "dom":
        bad, ok = check_dom(sys.argv[2], sys.argv[3])
    elif what == "net":
        bad, ok = check_net(sys.argv[2], sys.argv[3])
    else:
        bad, ok = check_table(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5])
    for b in bad[:20]:
        print("FAIL", b)
    if not bad:
        print("ok", ok)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
