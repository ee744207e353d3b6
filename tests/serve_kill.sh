#!/bin/sh
# SPDX-License-Identifier: MIT
# relmark serve killed and restarted under load (issue 17, "no lost
# acknowledged row"; docs/api.md, "Operations"): two clients post batches of
# transactions in a loop (tests/serve_client.py), the server gets SIGKILL at
# a random moment, is restarted on the same workspace, and every batch
# acknowledged with 2xx must be there whole (counted by its invoices, and a
# re-post of it all `known` by the row key), every other batch whole or
# absent. Three rounds. Then SIGTERM under load: the uploads in flight are
# answered and stored, the acknowledged batches are there, exit 0.
# Needs python3 (sqlite3, http.client) and curl. Prints "serve_kill: N passed, M failed".
B=${B:-build}
R=$(pwd)/$B/relmark
D=$(pwd)/tests/cli/data
C=$(pwd)/tests/serve_client.py
ROWS=20 # rows of a batch
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL serve_kill: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else ko "$1: got '$2', expected '$3'"; fi; }
finish() { echo "serve_kill: $pass passed, $fail failed"; [ "$fail" = 0 ]; exit $?; }
for tool in curl python3; do
    command -v $tool >/dev/null || { ko "$tool is needed"; finish; }
done
[ -x "$R" ] || { ko "$R: not built"; finish; }
t=$(mktemp -d) || exit 1
pids=""
trap 'for p in $pids; do kill -9 $p 2>/dev/null; done; rm -rf "$t"' EXIT
start() {
    : > "$t/err"
    "$R" serve "$ws" --listen 127.0.0.1:0 --threads 2 2> "$t/err" &
    pid=$!
    pids="$pids $pid"
    for i in $(seq 100); do
        url=$(sed -n 's/^relmark: serving .* on \(http:.*\)$/\1/p' "$t/err")
        [ -n "$url" ] && return 0
        sleep 0.1
    done
    ko "the server did not start: $(cat "$t/err")"
    finish
}
# verify PREFIX...: each client's batches in the workspace: "acked whole,
# others whole or absent" as "A B" (A acknowledged batches all whole: 1;
# B batches half applied: 0)
verify() {
    python3 - "$ws" "$ROWS" "$t" "$@" <<'PY'
import sqlite3, sys, re
ws, rows, t = sys.argv[1], int(sys.argv[2]), sys.argv[3]
db = sqlite3.connect(ws)
whole, half, acked_n = 1, 0, 0
for prefix in sys.argv[4:]:
    count = {}
    for inv, n in db.execute("SELECT invoice, count(*) FROM transactions WHERE invoice LIKE ? GROUP BY invoice",
                             (prefix + "-%",)):
        b = int(inv.split("-")[1])
        count[b] = count.get(b, 0) + n
    acked = [int(l) for l in open("%s/%s.acks" % (t, prefix))]
    acked_n += len(acked)
    whole &= all(count.get(b, 0) == rows for b in acked)
    half += sum(1 for b, n in count.items() if n != rows)
print(whole, half, "acked" if acked_n else "none-acked")
print("serve_kill: %d batches acknowledged" % acked_n, file=sys.stderr)
PY
}
ws=$t/shop.relmark
"$R" import "$ws" "$D/rate_invoices.csv" --quiet > /dev/null 2>&1 || ko "import"
tok=$("$R" token add "$ws" --name load --scope write) || ko "token add"

for round in 1 2 3; do
    start
    python3 "$C" "$url" "$tok" "K${round}a" $ROWS 20 "$t/K${round}a.acks" > /dev/null &
    c1=$!
    python3 "$C" "$url" "$tok" "K${round}b" $ROWS 20 "$t/K${round}b.acks" > /dev/null &
    c2=$!
    # the load running (a batch acknowledged to each, at most 20 s), then a random moment
    for i in $(seq 200); do
        [ -s "$t/K${round}a.acks" ] && [ -s "$t/K${round}b.acks" ] && break
        sleep 0.1
    done
    sleep "$(python3 -c 'import random; print(round(random.uniform(0.05, 1.2), 2))')"
    kill -KILL "$pid"
    wait "$c1"; check "round $round client a" $? 0
    wait "$c2"; check "round $round client b" $? 0
    wait "$pid" 2>/dev/null
    start
    check "round $round restarted" "$(curl -s -o /dev/null -w '%{http_code}' "$url/v1/health")" 200
    check "round $round acknowledged whole, none half" "$(verify "K${round}a" "K${round}b")" "1 0 acked"
    # the last acknowledged batch of client a posted again: every row known by its key
    last=$(tail -n 1 "$t/K${round}a.acks")
    body=$(python3 -c "
import json,sys
n,p,rows=int(sys.argv[1]),sys.argv[2],int(sys.argv[3])
print(json.dumps({'rows':[{'customer_id':'L%d'%((n*7+i)%41),'date':'2026-06-%02d'%(1+i%28),'amount':'%d.%02d'%(10+i,n%100),'invoice':'%s-%d-%d'%(p,n,i)} for i in range(rows)]}))" "$last" "K${round}a" $ROWS)
    check "round $round re-post known" "$(curl -s -H "Authorization: Bearer $tok" -X POST -d "$body" "$url/v1/transactions" | \
        python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["added"], d["known"])')" "0 $ROWS"
    kill -KILL "$pid"; wait "$pid" 2>/dev/null
done

# SIGTERM under load: three slow uploads in flight and a client in a loop
start
python3 "$C" "$url" "$tok" T $ROWS 20 "$t/T.acks" > /dev/null &
c1=$!
python3 -c 'import json; print(json.dumps({"rows":[{"customer_id":"S%d" % i,"date":"2026-06-01","amount":1,"invoice":"SLOW-%d" % i} for i in range(1500)]}))' > "$t/slow.json"
for k in 1 2 3; do
    sed "s/SLOW-/SLOW$k-/g" "$t/slow.json" > "$t/slow$k.json"
    curl -s -o "$t/slow$k.out" -w '%{http_code}' -H "Authorization: Bearer $tok" -X POST --limit-rate 40K \
        --data-binary @"$t/slow$k.json" "$url/v1/transactions" > "$t/slow$k.code" &
    eval "s$k=\$!"
done
sleep 0.6
kill -TERM "$pid"
wait "$pid"; check "SIGTERM exit" $? 0
wait "$c1"; check "SIGTERM loop client" $? 0
for k in 1 2 3; do
    eval "wait \$s$k"
    check "SIGTERM upload $k answered" "$(cat "$t/slow$k.code")" 200
    check "SIGTERM upload $k stored" "$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"SELECT count(*) FROM transactions WHERE invoice LIKE 'SLOW$k-%'\").fetchone()[0])" "$ws")" 1500
done
check "SIGTERM acknowledged whole, none half" "$(verify T)" "1 0 acked"
finish
