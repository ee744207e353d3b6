#!/bin/sh
# SPDX-License-Identifier: MIT
# The report in a real browser (docs/report.md): Debian's chromium, headless,
# with every host unresolvable, loads each report from disk. A failure: any
# console message (a blocked request is one: the page's
# Content-Security-Policy forbids every fetch), any request of the page's
# other than the page itself (from the browser's network log), a section
# missing, a chart with no drawn mark, or a table whose numbers differ from
# the CLI's CSV for the same input. Screenshots of every section (both
# languages, and a phone-width one) go to $B/report-shots/ for a person to
# look at. Prints "report: N passed, M failed".
B=${B:-build}
R=${RELMARK:-$B/relmark}
here=$(dirname "$0")
OUT=$B/report-test
SHOTS=$B/report-shots
rm -rf "$OUT" "$SHOTS"
mkdir -p "$OUT" "$SHOTS"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { fail=$((fail + 1)); echo "FAIL report: $*"; }
command -v chromium >/dev/null 2>&1 || { no "chromium is not installed (sh tools/install-deps.sh)"; echo "report: $pass passed, $fail failed"; exit 1; }
# Debian's python3 (its python3-pil), not another one first on PATH
PY=${PYTHON:-/usr/bin/python3}
$PY -c 'import PIL' 2>/dev/null || { no "$PY with python3-pil is not installed (sh tools/install-deps.sh)"; echo "report: $pass passed, $fail failed"; exit 1; }

SECTIONS=summary,economics,lifecycle,retention,rfm,rating,portfolio,abcxyz,clv,feedback,survey,orientation
# a fresh profile, no background traffic of the browser's own
chrome() {
    prof=$(mktemp -d "$OUT/prof.XXXXXX")
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-default-apps --disable-extensions --disable-domain-reliability \
        --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$prof" "$@"
    rc=$?
    rm -rf "$prof"
    return $rc
}

# check NAME: the page $OUT/NAME.html in the browser
check() {
    name=$1 page=$OUT/$1.html
    url="file://$(cd "$OUT" && pwd)/$name.html"
    if ! chrome --enable-logging=stderr --v=0 --log-net-log="$OUT/$name.net.json" \
        --dump-dom "$url" >"$OUT/$name.dom.html" 2>"$OUT/$name.browser.log"; then
        no "$name: chromium failed"; tail -n 5 "$OUT/$name.browser.log"; return
    fi
    if grep -q ':CONSOLE' "$OUT/$name.browser.log"; then
        no "$name: console message: $(grep ':CONSOLE' "$OUT/$name.browser.log" | head -n 3)"
    else ok; fi
    if $PY "$here/report_check.py" net "$OUT/$name.net.json" "$url"; then ok; else no "$name: network"; fi
    if $PY "$here/report_check.py" dom "$OUT/$name.dom.html" "$SECTIONS"; then ok; else no "$name: page"; fi
    # the HTML stays small whatever the customers: aggregates only
    size=$(wc -c <"$page")
    if [ "$size" -lt 3000000 ]; then ok; else no "$name: $size bytes"; fi
}

# shots NAME: the whole page, cut into tiles to look at; the top at a
# phone's width
shots() {
    name=$1
    url="file://$(cd "$OUT" && pwd)/$name.html"
    if chrome --window-size=1000,60000 --screenshot="$OUT/$name.png" "$url" >/dev/null 2>&1 &&
        $PY "$here/report_check.py" tiles "$OUT/$name.png" "$SHOTS/$name"; then ok
    else no "$name: no screenshot"; fi
    if chrome --window-size=390,1500 --screenshot="$SHOTS/$name-phone.png" "$url" >/dev/null 2>&1; then ok
    else no "$name: no phone screenshot"; fi
}

# table NAME KEY CSV COLS: the page's table equals the CLI's CSV
table() {
    if $PY "$here/report_check.py" table "$OUT/$1.dom.html" "$2" "$3" "$4"; then ok; else no "$1: table $2"; fi
}

ex=examples/b2b
"$R" report $ex/invoices.csv --customers $ex/clients.csv --feedback $ex/feedback.csv \
    --survey $ex/survey.csv -o "$OUT/b2b.html" 2>"$OUT/b2b.err" || no "b2b: relmark report failed: $(cat "$OUT/b2b.err")"
"$R" report $ex/invoices.csv --customers $ex/clients.csv --feedback $ex/feedback.csv \
    --survey $ex/survey.csv --lang ru -o "$OUT/b2b-ru.html" 2>/dev/null || no "b2b-ru: relmark report failed"
"$R" report examples/cdnow/CDNOW_master.txt -o "$OUT/cdnow.html" 2>/dev/null || no "cdnow: relmark report failed"
for n in b2b b2b-ru cdnow; do check $n; done
shots b2b
shots b2b-ru

# the numbers equal the commands' CSV (b2b spans 4 years: quarters)
"$R" retention $ex/invoices.csv --period quarter --format csv >"$OUT/retention.csv"
table b2b retention "$OUT/retention.csv" "period=0,active=1,retained=2,retention_rate=3,churn_rate=4"
table b2b-ru retention "$OUT/retention.csv" "period=0,active=1,retained=2,retention_rate=3,churn_rate=4"
"$R" rfm $ex/invoices.csv --summary --format csv >"$OUT/rfm-summary.csv"
table b2b rfm-segments "$OUT/rfm-summary.csv" \
    "name=0,customers=1,share=2,recency_days=4,frequency=5,monetary=6|section=segment"
"$R" cohorts examples/cdnow/CDNOW_master.txt --format csv >"$OUT/cohorts.csv"
table cdnow cohort-sizes "$OUT/cohorts.csv" "cohort=0,customers=1|period=0"
"$R" retention examples/cdnow/CDNOW_master.txt --format csv >"$OUT/cdnow-retention.csv"
table cdnow retention "$OUT/cdnow-retention.csv" "period=0,active=1,retained=2,retention_rate=3,churn_rate=4"

echo "report: $pass passed, $fail failed"
[ "$fail" = 0 ]
