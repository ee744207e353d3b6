#!/bin/sh
# SPDX-License-Identifier: MIT
# The dashboard of relmark serve (GET /, docs/api.md) in Debian's chromium,
# headless, every host but the loopback unresolvable, over a workspace of
# examples/b2b: the page with a card reached by its URL (#customer=ID, the
# token in the fragment), a list by segment, Russian labels, the page
# without a token, a refresh without reloading. A failure: any console
# message, any request of the page's to another origin, the token in a
# logged URL, a card or list that differs from the API's answer, the
# report's charts missing. Screenshots go to $B/dash-shots/ for a person to
# look at. Prints "dash: N passed, M failed".
B=${B:-build}
R=$(pwd)/$B/relmark
SHOTS=$B/dash-shots
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL dash: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else ko "$1: got '$2', expected '$3'"; fi; }
finish() { echo "dash: $pass passed, $fail failed"; [ "$fail" = 0 ]; exit $?; }
command -v chromium >/dev/null 2>&1 || { ko "chromium is not installed (sh tools/install-deps.sh)"; finish; }
PY=${PYTHON:-/usr/bin/python3}
$PY -c 'import PIL' 2>/dev/null || { ko "$PY with python3-pil is not installed"; finish; }
[ -x "$R" ] || { ko "$R: not built"; finish; }
t=$(mktemp -d) || exit 1
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$t"' EXIT
rm -rf "$SHOTS"
mkdir -p "$SHOTS"

ws=$t/b2b.relmark
ex=examples/b2b
"$R" import "$ws" $ex/invoices.csv --customers $ex/clients.csv --feedback $ex/feedback.csv > /dev/null 2>&1 || ko "import"
tok=$("$R" token add "$ws" --name dash --scope read) || ko "token add"
# two snapshots: the alerts list compares them
"$R" snapshot "$ws" --as-of 2025-12-31 > /dev/null 2>&1 || ko "snapshot"
"$R" snapshot "$ws" > /dev/null 2>&1 || ko "last snapshot"
: > "$t/err"
"$R" serve "$ws" --listen 127.0.0.1:0 --log "$t/log" 2> "$t/err" &
pid=$!
for i in $(seq 100); do
    url=$(sed -n 's/^relmark: serving .* on \(http:.*\)$/\1/p' "$t/err")
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { ko "the server did not start: $(cat "$t/err")"; finish; }

# chrome NAME BUDGET_MS URL [args]: the page, its DOM in $t/NAME.dom, its
# console in $t/NAME.log, its requests in $t/NAME.net
chrome() {
    name=$1 budget=$2 page=$3
    shift 3
    prof=$(mktemp -d "$t/prof.XXXXXX")
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-default-apps --disable-extensions --disable-domain-reliability \
        --disable-features=AutofillServerCommunication \
        --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" --user-data-dir="$prof" \
        --enable-logging=stderr --v=0 --log-net-log="$t/$name.net" --virtual-time-budget="$budget" \
        "$@" "$page" > "$t/$name.dom" 2> "$t/$name.log" || ko "$name: chromium failed: $(tail -n 3 "$t/$name.log")"
    rm -rf "$prof"
    if grep -q ':CONSOLE' "$t/$name.log"; then ko "$name: console: $(grep ':CONSOLE' "$t/$name.log" | head -n 3)"; else ok; fi
}
# requests NAME: the URLs asked for under the page's isolation key (its
# site, http://127.0.0.1), one a line; another origin's is "OUTSIDE url".
# The browser's own (updates, accounts) have another key; its form
# autofill, which would ask Google about the token field, is turned off
requests() {
    $PY - "$t/$1.net" "$url" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
origin = sys.argv[2]
names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
for e in log["events"]:
    p = e.get("params", {})
    if names.get(e["type"]) == "URL_REQUEST_START_JOB" and "http://127.0.0.1" in (p.get("network_isolation_key") or ""):
        u = p.get("url", "")
        print(u[len(origin):] if u.startswith(origin + "/") else "OUTSIDE " + u)
PY
}
api() { curl -s -H "Authorization: Bearer $tok" "$url/v1/$1"; }

# --- a card by its URL: the token in the fragment, the card, the report's charts
chrome card 6000 "$url/#token=$tok&customer=C0003" --dump-dom
check "card requests stay home" "$(requests card | grep -c '^OUTSIDE')" 0
check "card asked the API" "$(requests card | grep -c '^/v1/customers/C0003?lang=en$\|^/v1/report?lang=en$')" 2
check "card shown" "$($PY - "$t/card.dom" <<'PY'
import re, sys
h = open(sys.argv[1]).read()
m = re.search(r'<div id="card" class="card"[^>]*>(.*?)</div>', h, re.S)
print("none" if not m else re.sub(r"\|+", "|", re.sub(r"<[^>]+>", "|", m.group(1))).strip("|"))
PY
)" "$(api customers/C0003 | $PY -c '
import json, sys
d = json.load(sys.stdin)
r, f = d["rfm"], d["feedback"]
print("|".join(["C0003", "RFM", "%s · %d days since the last purchase · %d purchases · %s average purchase" %
    (r["code"], r["recency_days"], r["frequency"], format(round(r["monetary"], 2), ",.2f")),
    "Segment", d["segment"]["name"] + " — " + d["segment"]["action"], "Category", d["rating"]["category"],
    "Package", d["rating"]["package"], "Stage", d["stage"]["name"], "Bond level", str(d["stage"]["bond_level"]),
    "What to do"] + d["stage"]["actions"] + ["CLV", format(round(d["clv"]["clv"], 2), ",.2f"),
    "P(alive)", str(round(d["clv"]["p_alive"], 3)), "Last feedback",
    "NPS %d · satisfaction %d" % (f["nps"], f["satisfaction"])]))')"
check "the report's charts" "$(grep -o '<svg class="chart"' "$t/card.dom" | wc -l | awk '{print ($1 >= 10)}')" 1
check "the report's sections" "$(grep -o '<section id="[a-z]*"' "$t/card.dom" | sed 's/.*id="//; s/"//' | tr '\n' ' ')" \
    "search alertbox summary economics lifecycle retention rfm rating portfolio abcxyz clv feedback survey orientation "
check "alerts: the API's key clients, in its order" \
    "$(grep -o '<tbody id="alerts">.*</tbody>' "$t/card.dom" | grep -o '<tr><td>[^<]*' | sed 's/<tr><td>//' | tr '\n' ' ')" \
    "$(api 'alerts?limit=50' | $PY -c 'import json,sys; print(" ".join(a["customer_id"] for a in json.load(sys.stdin)["alerts"]), end=" ")')"
# the classes by their names (the config's names), never their keys: the
# first rows' group, what fell and the stages, worked from the API's keys
check "alerts: names, not keys" \
    "$(grep -o '<tbody id="alerts">.*</tbody>' "$t/card.dom" | grep -o '<tr><td>[^<]*</td><td>[^<]*</td><td>[^<]*</td><td>[^<]*' |
        head -n 3 | sed 's/<tr><td>//; s/<\/td><td>/|/g')" \
    "$(api 'alerts?limit=3' | $PY -c '
import json, sys
names = {"first_time": "First-time", "repeat": "Repeat", "client": "Client", "friend": "Reliable friend",
         "partner": "Partner", "passive": "Passive", "former": "Former", "potential": "Potential",
         "prospect": "Prospect", "non_prospect": "Non-prospect", "strategic_partner": "Strategic (key) partner",
         "regular": "Regular client", "champions": "Champions", "loyal": "Loyal"}
fell = {"category": "category", "stage": "stage", "abc": "ABC class"}
nm = lambda k: names[k] if k else "\u2014"
for a in json.load(sys.stdin)["alerts"]:
    print("|".join([a["customer_id"], nm(a["key_group"]), ", ".join(fell[x] for x in a["down"]),
                    nm(a["stage_from"]) + " \u2192 " + nm(a["stage_to"])]))')"
check "alerts: between the snapshots" "$(grep -c '<p id="alertspan">between the snapshots of 2025-12-31 and 2026-06-30 (' "$t/card.dom")" 1
check "the token never logged" "$(grep -c 'rmk_' "$t/log")" 0
check "the page logged without its fragment" "$(grep -c '"path":"/"' "$t/log")" 1

# --- a list by segment, in Russian
chrome list 6000 "$url/?lang=ru#token=$tok&segment=champions&customer=C0011" --dump-dom
check "list requests stay home" "$(requests list | grep -c '^OUTSIDE')" 0
check "list rows" "$(grep -o '<tbody id="list">.*</tbody>' "$t/list.dom" | grep -o '<tr[ >]' | wc -l)" \
    "$(api 'customers?segment=champions&limit=50' | $PY -c 'import json,sys; print(len(json.load(sys.stdin)["customers"]))')"
check "list row of the card selected" "$(grep -o '<tr class="sel"><td>[^<]*' "$t/list.dom")" '<tr class="sel"><td>C0011'
check "list labels ru" "$(grep -c '<dt>Последний отзыв</dt>' "$t/list.dom") $(grep -c '<h2>Сводка</h2>' "$t/list.dom")" "1 1"

# --- no token: the form, and nothing asked but the health
chrome none 4000 "$url/" --dump-dom
check "no token: the form" "$(grep -c '<form id="tokform" class=""' "$t/none.dom")" 1
check "no token: only the health" "$(requests none | tr '\n' ' ')" "/ /v1/health "

# --- refreshed without reloading: the page once, the health again after 30 s
# (counted in the server's log: the page's requests before and after)
pages() { grep -c "\"path\":\"$1\"" "$t/log"; }
p0=$(pages /) h0=$(pages /v1/health) c0=$(pages /v1/customers/C0003)
chrome refresh 40000 "$url/#token=$tok&customer=C0003" --dump-dom
check "refreshed without reloading" "$(($(pages /) - p0)) $(($(pages /v1/health) - h0)) $(($(pages /v1/customers/C0003) - c0))" "1 2 2"

# --- screenshots, to look at
chrome shot-en 6000 "$url/#token=$tok&customer=C0003" --window-size=1200,2400 --screenshot="$t/en.png"
chrome shot-ru 6000 "$url/?lang=ru#token=$tok&segment=champions&customer=C0011" --window-size=1200,2400 --screenshot="$t/ru.png"
chrome shot-phone 6000 "$url/#token=$tok&customer=C0003" --window-size=390,1500 --screenshot="$SHOTS/phone.png"
for n in en ru; do
    if $PY tests/report_check.py tiles "$t/$n.png" "$SHOTS/$n" > /dev/null; then ok; else ko "$n: no screenshot"; fi
done
[ -s "$SHOTS/phone.png" ] && ok || ko "no phone screenshot"
kill -TERM $pid; wait $pid; check "exit" $? 0
pid=
finish
