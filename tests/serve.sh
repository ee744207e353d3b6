#!/bin/sh
# SPDX-License-Identifier: MIT
# relmark serve (docs/api.md) driven with curl on an ephemeral loopback
# port: every endpoint and status, the tokens' scopes and revocation, the
# limits, malformed bodies, a batch failing mid-way leaving nothing, an
# idempotent re-post, a customer's answer changing right after its POST,
# TLS with a certificate made here, the log, SIGTERM finishing a request in
# flight. Needs curl, python3 (sqlite3, json) and openssl.
# Prints "serve: N passed, M failed".
B=${B:-build}
R=$(pwd)/$B/relmark
D=$(pwd)/tests/cli/data
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL serve: $*"; }
check() { if [ "$2" = "$3" ]; then ok; else ko "$1: got '$2', expected '$3'"; fi; }
finish() { echo "serve: $pass passed, $fail failed"; [ "$fail" = 0 ]; exit $?; }
for tool in curl python3 openssl; do
    command -v $tool >/dev/null || { ko "$tool is needed"; finish; }
done
[ -x "$R" ] || { ko "$R: not built"; finish; }
t=$(mktemp -d) || exit 1
pids=""
trap 'for p in $pids; do kill -9 $p 2>/dev/null; done; rm -rf "$t"' EXIT
# a value of a JSON document on stdin: j 'd["rfm"]["r"]'
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
q() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$@"; }
# start NAME [flags]: the server on a free port; its URL in $url, pid in $pid
start() {
    name=$1; shift
    : > "$t/$name.err"
    "$R" serve "$ws" --listen 127.0.0.1:0 "$@" 2> "$t/$name.err" &
    pid=$!
    pids="$pids $pid"
    for i in $(seq 50); do
        url=$(sed -n 's/^relmark: serving .* on \(http[s]*:.*\)$/\1/p' "$t/$name.err")
        [ -n "$url" ] && return 0
        sleep 0.1
    done
    ko "$name did not start: $(cat "$t/$name.err")"
    finish
}
# status BODYFILE [curl args]: the HTTP status; the body in BODYFILE
status() { out=$1; shift; curl -s -o "$out" -w '%{http_code}' "$@"; }

ws=$t/shop.relmark
"$R" import "$ws" "$D/rate_invoices.csv" --customers "$D/rate_clients.csv" --quiet > /dev/null || ko "import"
rtok=$("$R" token add "$ws" --name reader --scope read) || ko "token add read"
wtok=$("$R" token add "$ws" --name writer --scope write) || ko "token add write"
atok=$("$R" token add "$ws" --name boss --scope admin) || ko "token add admin"
check "token shape" "$(echo "$rtok" | grep -c '^rmk_[0-9a-f]\{64\}$')" 1
check "only the hash kept" "$(q "$ws" "SELECT count(*) FROM tokens WHERE hash = '$rtok' OR hash LIKE '%${rtok#rmk_}%'")" 0
check "token list" "$("$R" token list "$ws" 2>/dev/null | cut -f1,2 | tr '\t\n' ':,')" "name:scope,reader:read,writer:write,boss:admin,"
"$R" token add "$ws" --name reader --scope read > /dev/null 2>&1; check "a name in use" $? 64
"$R" token add "$ws" --name x --scope root > /dev/null 2>&1; check "a bad scope" $? 64
"$R" token revoke "$ws" --name nobody > /dev/null 2>&1; check "revoke unknown" $? 66
"$R" token frob "$ws" > /dev/null 2>&1; check "a bad action" $? 64
"$R" serve "$t/none.relmark" > /dev/null 2>&1; check "serve no workspace" $? 66
"$R" serve "$ws" --threads 0 > /dev/null 2>&1; check "serve --threads 0" $? 64
"$R" serve "$ws" --listen nowhere > /dev/null 2>&1; check "serve --listen bad" $? 64
"$R" serve "$ws" --cert x.pem > /dev/null 2>&1; check "serve --cert without --key" $? 64

start main --threads 2 --log "$t/log" --max-body 1048576
v1=$url/v1
RA="Authorization: Bearer $rtok" WA="Authorization: Bearer $wtok" AA="Authorization: Bearer $atok"

# --- health, auth
check "health" "$(status "$t/b" "$v1/health")" 200
check "health body" "$(j 'd["status"], d["customers"], d["as_of"], "computed_at" in d' < "$t/b")" "ok 7 2026-06-25 True"
check "no token" "$(status "$t/b" "$v1/segments")" 401
check "no token body" "$(j 'd["error"]["status"]' < "$t/b")" 401
check "a bad token" "$(status "$t/b" -H "Authorization: Bearer rmk_00" "$v1/segments")" 401
check "not bearer" "$(status "$t/b" -H "Authorization: Basic eDp5" "$v1/segments")" 401
check "read posts" "$(status "$t/b" -H "$RA" -X POST -d '{"rows":[]}' "$v1/transactions")" 403
check "403 body" "$(j 'd["error"]["status"]' < "$t/b")" 403
check "write rescores" "$(status "$t/b" -H "$WA" -X POST "$v1/rescore")" 403
check "unknown endpoint" "$(status "$t/b" -H "$RA" "$v1/nothing")" 404
check "outside /v1" "$(status "$t/b" "$url/index.html")" 404
# the dashboard: a page without data, served without a token
check "dashboard" "$(curl -s -D "$t/h" -o "$t/dash.html" -w '%{http_code}' "$url/")" 200
check "dashboard html" "$(grep -ci '^content-type: text/html' "$t/h") $(grep -c '</html>' "$t/dash.html")" "1 1"
check "dashboard policy" "$(grep -i '^content-security-policy:' "$t/h" | grep -c "default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]*=';.*connect-src 'self'.*frame-ancestors 'none'")" 1
check "dashboard no data" "$(grep -c 'K1\|rmk_' "$t/dash.html")" 0
check "dashboard no external" "$(grep -c 'src=\|href=\|url(' "$t/dash.html")" 0
check "dashboard ru" "$(curl -s "$url/?lang=ru" | grep -c 'Последний отзыв')" 1
check "dashboard POST" "$(status "$t/b" -X POST "$url/")" 405
check "wrong method" "$(status "$t/b" -H "$RA" -X DELETE "$v1/segments")" 405

# --- customers (K1: two invoices 2025-07-10 and 2026-05-10 in rate_invoices.csv)
check "customer" "$(status "$t/k1" -H "$RA" "$v1/customers/K1")" 200
check "customer card" "$(j 'd["customer_id"], d["rfm"]["frequency"], d["rfm"]["last_purchase"], d["rfm"]["recency_days"], d["segment_key"], d["stage"]["key"], d["rating"]["category_key"], d["as_of"]' < "$t/k1")" \
    "K1 2 2026-05-10 46 at_risk repeat regular 2026-06-25"
check "customer unknown" "$(status "$t/b" -H "$RA" "$v1/customers/NOBODY")" 404
check "ru labels" "$(curl -s -H "$RA" "$v1/customers/K1?lang=ru" | j 'd["stage"]["name"]')" "Повторно обратившийся"
check "page 1" "$(status "$t/p1" -H "$RA" "$v1/customers?limit=3")" 200
next=$(j 'd["next"]' < "$t/p1")
curl -s -H "$RA" "$v1/customers?limit=3&after=$next" > "$t/p2"
curl -s -H "$RA" "$v1/customers?limit=1000" > "$t/all"
check "pages in order" "$(python3 -c "
import json,sys
p1,p2,a=[json.load(open(f)) for f in sys.argv[1:]]
ids=[c['customer_id'] for c in p1['customers']+p2['customers']]
print(ids==[c['customer_id'] for c in a['customers']][:len(ids)], a['next'], len(a['customers']))" "$t/p1" "$t/p2" "$t/all")" "True None 7"
check "by segment" "$(curl -s -H "$RA" "$v1/customers?segment=at_risk" | j '[c["customer_id"] for c in d["customers"]]')" "['K1', 'P1']"
check "by stage" "$(curl -s -H "$RA" "$v1/customers?stage=potential" | j 'sorted(c["stage"]["key"] for c in d["customers"])')" "['potential', 'potential']"
check "bad limit" "$(status "$t/b" -H "$RA" "$v1/customers?limit=0")" 400
check "bad limit pointer" "$(j 'd["error"]["pointer"]' < "$t/b")" "/query/limit"
check "bad segment" "$(status "$t/b" -H "$RA" "$v1/customers?segment=nope")" 400
check "bad stage" "$(status "$t/b" -H "$RA" "$v1/customers?stage=nope")" 400
check "segments" "$(status "$t/b" -H "$RA" "$v1/segments")" 200
check "segments counts" "$(j 'sum(s["customers"] for s in d["segments"]), len(d["segments"])' < "$t/b")" "5 10"
check "report" "$(status "$t/b" -H "$RA" "$v1/report")" 200
check "report html" "$(grep -c '</html>' "$t/b")" 1

# --- transactions: stored at once, the customer's answer changes at once
n0=$(q "$ws" "SELECT count(*) FROM transactions")
body='{"rows":[{"customer_id":"K1","date":"2026-06-20","amount":"100.50","invoice":"API-1"},{"customer_id":"NEW","date":"2026-06-21","amount":5}]}'
check "post" "$(status "$t/b" -H "$WA" -X POST -d "$body" "$v1/transactions")" 200
check "post counts" "$(j 'd["rows"], d["added"], d["known"], d["rejected"], d["as_of"]' < "$t/b")" "2 2 0 0 2026-06-25"
check "stored" "$(q "$ws" "SELECT count(*) FROM transactions")" $((n0 + 2))
check "K1 at once" "$(curl -s -H "$RA" "$v1/customers/K1" | j 'd["rfm"]["frequency"], d["rfm"]["last_purchase"], d["rfm"]["recency_days"], d["rfm"]["updated"]')" \
    "3 2026-06-20 5 True"
check "a new customer" "$(curl -s -H "$RA" "$v1/customers/NEW" | j 'd["rfm"]["frequency"], d["rfm"]["recency_days"], d["stage"]')" "1 4 None"
check "re-post" "$(status "$t/b" -H "$WA" -X POST -d "$body" "$v1/transactions")" 200
check "re-post known" "$(j 'd["added"], d["known"]' < "$t/b")" "0 2"
check "re-post stores nothing" "$(q "$ws" "SELECT count(*) FROM transactions")" $((n0 + 2))
check "K1 still 3" "$(curl -s -H "$RA" "$v1/customers/K1" | j 'd["rfm"]["frequency"]')" 3
# a batch whose third row is bad: nothing of it stored
bad='{"rows":[{"customer_id":"K2","date":"2026-06-22","amount":"7"},{"customer_id":"Z9","date":"2026-06-22","amount":"8"},{"customer_id":"K2","date":"2026-02-30","amount":"9"}]}'
check "bad row" "$(status "$t/b" -H "$WA" -X POST -d "$bad" "$v1/transactions")" 422
check "bad row named" "$(j 'd["rejected"]["index"], d["rejected"]["field"], d["error"]["pointer"], d["added"]' < "$t/b")" "2 date /rows/2/date 0"
check "nothing half-applied" "$(q "$ws" "SELECT count(*) FROM transactions")" $((n0 + 2))
check "Z9 not created" "$(status "$t/b" -H "$RA" "$v1/customers/Z9")" 404
check "bad amount" "$(status "$t/b" -H "$WA" -X POST -d '{"rows":[{"customer_id":"K2","date":"2026-06-22","amount":"1O"}]}' "$v1/transactions")" 422
check "bad amount field" "$(j 'd["rejected"]["field"]' < "$t/b")" amount

# --- feedback: the feedback file's fields and checks, one transaction, shown from the next rescore
fb='{"rows":[{"customer_id":"K1","date":"2026-06-01","nps":9,"satisfaction":4},{"customer_id":"K1","date":"2026-06-03","nps":"6"},{"customer_id":"P1","date":"2026-06-02","satisfaction":2}]}'
check "feedback" "$(status "$t/b" -H "$WA" -X POST -d "$fb" "$v1/feedback")" 200
check "feedback counts" "$(j 'd["rows"], d["added"], d["known"], d["as_of"]' < "$t/b")" "3 3 0 2026-06-25"
check "feedback stored" "$(q "$ws" "SELECT group_concat(customer || ':' || day || ':' || ifnull(nps, '-') || ':' || ifnull(sat, '-'), ' ') FROM (SELECT * FROM feedback ORDER BY id)")" \
    "K1:20605:9:4 K1:20607:6:- P1:20606:-:2"
check "feedback an import row" "$(q "$ws" "SELECT file || ' ' || feedback_file || ' ' || rows || ' ' || added FROM imports ORDER BY id DESC LIMIT 1")" "batch batch 3 3"
check "feedback re-post" "$(status "$t/b" -H "$WA" -X POST -d "$fb" "$v1/feedback")" 200
check "feedback re-post known" "$(j 'd["added"], d["known"]' < "$t/b")" "0 3"
check "feedback re-post stores nothing" "$(q "$ws" "SELECT count(*) FROM feedback")" 3
check "feedback card until the rescore" "$(curl -s -H "$RA" "$v1/customers/K1" | j 'd["feedback"]')" None
fpost() { status "$t/b" -H "$WA" -X POST --data-binary "$1" "$v1/feedback"; }
check "feedback read token" "$(status "$t/b" -H "$RA" -X POST -d "$fb" "$v1/feedback")" 403
check "feedback bad nps" "$(fpost '{"rows":[{"customer_id":"K2","date":"2026-06-05","nps":7},{"customer_id":"K2","date":"2026-06-06","nps":11}]}')" 422
check "feedback bad nps named" "$(j 'd["rejected"]["index"], d["rejected"]["field"], d["error"]["pointer"], d["added"]' < "$t/b")" "1 nps /rows/1/nps 0"
check "feedback nps 7.5" "$(fpost '{"rows":[{"customer_id":"K2","date":"2026-06-05","nps":7.5}]}')" 422
check "feedback satisfaction off the scale" "$(fpost '{"rows":[{"customer_id":"K2","date":"2026-06-05","satisfaction":6}]}')" 422
check "feedback satisfaction named" "$(j 'd["rejected"]["field"]' < "$t/b")" satisfaction
check "feedback bad date" "$(fpost '{"rows":[{"customer_id":"K2","date":"2026-02-30","nps":7}]}')" 422
check "feedback bad date named" "$(j 'd["error"]["pointer"]' < "$t/b")" /rows/0/date
check "feedback no score" "$(fpost '{"rows":[{"customer_id":"K2","date":"2026-06-05","nps":null}]}')" 422
check "feedback nothing half-applied" "$(q "$ws" "SELECT count(*) FROM feedback")" 3
check "feedback no failed import row" "$(q "$ws" "SELECT count(*) FROM imports WHERE feedback_file = 'batch'")" 2
check "feedback unknown field" "$(fpost '{"rows":[{"customer_id":"K2","date":"2026-06-05","nps":7,"amount":1}]}')" 400
check "feedback unknown field pointer" "$(j 'd["error"]["pointer"]' < "$t/b")" /rows/0/amount
check "feedback date required" "$(fpost '{"rows":[{"customer_id":"K2","nps":7}]}')" 400
check "feedback date pointer" "$(j 'd["error"]["pointer"]' < "$t/b")" /rows/0/date
check "feedback not rows" "$(fpost '{"answers":[]}')" 400
# the writer connection is the server's, whichever kind of batch came before
check "transactions after feedback" "$(status "$t/b" -H "$WA" -X POST -d '{"rows":[{"customer_id":"K1","date":"2026-06-24","amount":"3.00","invoice":"AF1"}]}' "$v1/transactions")" 200
check "transactions after feedback stored" "$(q "$ws" "SELECT count(*) FROM transactions WHERE invoice = 'AF1'")" 1

# --- malformed bodies and limits
post() { status "$t/b" -H "$WA" -X POST --data-binary "$1" "$v1/transactions"; }
check "malformed" "$(post '{"rows":[{"customer_id":')" 400
check "malformed says where" "$(j '"line 1" in d["error"]["message"]' < "$t/b")" True
check "no body" "$(post '')" 400
check "not rows" "$(post '[1]')" 400
check "extra key" "$(post '{"rows":[],"x":1}')" 400
check "a row not an object" "$(post '{"rows":[1]}')" 400
check "its pointer" "$(j 'd["error"]["pointer"]' < "$t/b")" "/rows/0"
check "unknown field" "$(post '{"rows":[{"customer_id":"a","date":"2026-01-01","amount":1,"colour":"red"}]}')" 400
check "unknown field pointer" "$(j 'd["error"]["pointer"]' < "$t/b")" "/rows/0/colour"
check "missing field" "$(post '{"rows":[{"customer_id":"a","amount":1}]}')" 400
check "missing field pointer" "$(j 'd["error"]["pointer"]' < "$t/b")" "/rows/0/date"
check "object as a cell" "$(post '{"rows":[{"customer_id":{"a":1},"date":"2026-01-01","amount":1}]}')" 400
check "duplicate key" "$(post '{"rows":[{"customer_id":"a","customer_id":"b","date":"2026-01-01","amount":1}]}')" 400
check "too deep" "$(post '{"rows":[[[[[[[[[[[1]]]]]]]]]]]}')" 400
check "too deep pointer" "$(j 'd["error"]["pointer"].startswith("/rows/0/0")' < "$t/b")" True
python3 -c 'print("{\"rows\":[" + ",".join(["{}"] * 10001) + "]}")' > "$t/many.json"
check "too many rows" "$(status "$t/b" -H "$WA" -X POST --data-binary @"$t/many.json" "$v1/transactions")" 413
head -c 1100000 /dev/zero | tr '\0' ' ' > "$t/huge.json"
check "body too big" "$(status "$t/b" -H "$WA" -X POST --data-binary @"$t/huge.json" "$v1/transactions")" 413
check "NUL in a string" "$(post '{"rows":[{"customer_id":"a\u0000b","date":"2026-01-01","amount":1}]}')" 400
long=$(python3 -c 'print("a" * 3000)')
check "path too long" "$(status "$t/b" -H "$RA" "$v1/customers/$long")" 414
longq=$(python3 -c 'print("a" * 40000)')
check "request line too long" "$(status "$t/b" "$v1/health?x=$longq" | cut -c1-2)" 41
check "headers too long" "$(status "$t/b" -H "X-Big: $longq" "$v1/health")" 431
check "still serving" "$(status "$t/b" "$v1/health")" 200

# --- rescore (admin), metrics, revocation
check "rescore" "$(status "$t/b" -H "$AA" -X POST "$v1/rescore")" 200
check "rescore customers" "$(j 'd["customers"]' < "$t/b")" 8
check "feedback card after the rescore" "$(curl -s -H "$RA" "$v1/customers/K1" | j 'd["feedback"]["nps"], d["feedback"]["satisfaction"]')" "6 4"
check "feedback card of P1" "$(curl -s -H "$RA" "$v1/customers/P1" | j 'd["feedback"]["nps"], d["feedback"]["satisfaction"]')" "None 2"
check "NEW placed after rescore" "$(curl -s -H "$RA" "$v1/customers/NEW" | j 'd["stage"]["key"], d["rfm"]["updated"]')" "first_time False"
check "metrics" "$(status "$t/m" -H "$RA" "$v1/metrics")" 200
check "metrics requests" "$(grep -c '^relmark_requests_total{endpoint="transactions",status="422"} 2$' "$t/m")" 1
check "metrics feedback" "$(grep -c '^relmark_requests_total{endpoint="feedback",status="200"} 2$' "$t/m")" 1
check "metrics rows" "$(grep '^relmark_rows_ingested_total' "$t/m")" "relmark_rows_ingested_total 3"
check "metrics histogram" "$(grep -c '^relmark_request_seconds_bucket{le="+Inf"}' "$t/m")" 1
check "metrics rescore" "$(grep -c '^relmark_last_rescore_timestamp_seconds [1-9]' "$t/m")" 1
"$R" token revoke "$ws" --name reader > /dev/null || ko "revoke"
sleep 1.2
check "revoked" "$(status "$t/b" -H "$RA" "$v1/segments")" 401
check "others live" "$(status "$t/b" -H "$AA" "$v1/segments")" 200

# --- SIGTERM: a slow upload in flight is answered, then exit 0
python3 -c 'import json; print(json.dumps({"rows":[{"customer_id":"S%d" % i,"date":"2026-06-01","amount":1} for i in range(1500)]}))' > "$t/slow.json"
curl -s -o "$t/slow.out" -w '%{http_code}' -H "$WA" -X POST --limit-rate 40K --data-binary @"$t/slow.json" "$v1/transactions" > "$t/slow.code" &
cpid=$!
sleep 0.5
kill -TERM "$pid"
wait "$cpid"
wait "$pid"; check "SIGTERM exit" $? 0
check "in flight answered" "$(cat "$t/slow.code")" 200
check "in flight stored" "$(j 'd["added"]' < "$t/slow.out")" 1500
check "log lines" "$(python3 -c "
import json,sys
lines=[json.loads(l) for l in open(sys.argv[1])]
print(all({'time','method','path','status','seconds'} <= set(l) for l in lines), lines[-1]['path'], lines[-1]['status'])" "$t/log")" \
    "True /v1/transactions 200"

# --- --quiet: no line at start
"$R" serve "$ws" --listen 127.0.0.1:0 --quiet 2> "$t/quiet.err" &
qpid=$!
pids="$pids $qpid"
sleep 1
kill -TERM $qpid; wait $qpid; check "--quiet exit" $? 0
check "--quiet says nothing" "$(cat "$t/quiet.err")" ""

# --- TLS with a self-signed certificate made here
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$t/key.pem" -out "$t/cert.pem" -days 1 \
    -subj /CN=127.0.0.1 > /dev/null 2>&1 || ko "openssl"
start tls --cert "$t/cert.pem" --key "$t/key.pem"
case $url in https://*) ok ;; *) ko "TLS url $url" ;; esac
check "TLS health" "$(status "$t/b" --cacert "$t/cert.pem" "$url/v1/health")" 200
check "TLS token" "$(status "$t/b" --cacert "$t/cert.pem" -H "$AA" "$url/v1/segments")" 200
check "plain to TLS" "$(status "$t/b" "http://${url#https://}/v1/health")" 000
kill -TERM "$pid"; wait "$pid"; check "TLS exit" $? 0

# --- a feedback file imported later replaces the file's answers, keeps the posted ones
"$R" import "$ws" "$D/rate_invoices.csv" --feedback "$D/stages_feedback.csv" > /dev/null 2>&1 || ko "import feedback"
check "posted answers kept" "$(q "$ws" "SELECT count(*) FROM feedback f JOIN imports i ON i.id = f.import_id WHERE i.file = 'batch'")" 3
check "the file's and the posted" "$("$R" feedback "$ws" --format csv 2>/dev/null | python3 -c "
import csv,sys
for r in csv.DictReader(sys.stdin):
    if r['customer_id'] in ('FR2', 'K1'): print(r['customer_id'], r['answers'], r['nps'], r['satisfaction'])")" "FR2 2 8 4
K1 2 6 4"

# --- alerts: the key clients who moved down between the snapshots, by relmark history's rules
ws=$t/b2b.relmark E=$(pwd)/examples/b2b
"$R" import "$ws" "$E/invoices.csv" --customers "$E/clients.csv" --quiet > /dev/null || ko "alerts: import"
AR="Authorization: Bearer $("$R" token add "$ws" --name r --scope read)"
start alerts0
check "alerts without snapshots" "$(status "$t/b" -H "$AR" "$url/v1/alerts")" 404
check "alerts say why" "$(j '"relmark snapshot" in d["error"]["message"]' < "$t/b")" True
kill -TERM "$pid"; wait "$pid"
"$R" snapshot "$ws" --as-of 2025-12-31 > /dev/null 2>&1 || ko "alerts: snapshot"
"$R" snapshot "$ws" > /dev/null 2>&1 || ko "alerts: last snapshot"
"$R" history "$ws" --format json > "$t/h.json" 2> /dev/null || ko "alerts: history"
movers() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print([m['customer_id'] for m in d['moved_down'] if $1])" "$t/h.json"; }
start alerts
check "alerts" "$(status "$t/b" -H "$AR" "$url/v1/alerts?limit=1000")" 200
check "alerts between the last two" "$(j 'd["from"], d["to"]' < "$t/b")" "2025-12-31 2026-06-30"
check "alerts are history's key clients, in its order" "$(j '[a["customer_id"] for a in d["alerts"]]' < "$t/b")" "$(movers 'm["key_client"]')"
check "alerts key only" "$(j 'all(a["key_client"] and a["key_group"] for a in d["alerts"]) and d["total"] > 0' < "$t/b")" True
check "alerts what fell" "$(j 'sorted(set(x for a in d["alerts"] for x in a["down"])) <= ["abc", "category", "stage"]' < "$t/b")" True
check "alerts all" "$(status "$t/b" -H "$AR" "$url/v1/alerts?all=1&limit=1000")" 200
check "alerts all are history's movers" "$(j '[a["customer_id"] for a in d["alerts"]]' < "$t/b")" "$(movers 'True')"
check "alerts limit" "$(curl -s -H "$AR" "$url/v1/alerts?all=1&limit=2" | j 'len(d["alerts"]), d["total"] > 2')" "2 True"
check "alerts since the first" "$(curl -s -H "$AR" "$url/v1/alerts?since=2026-01-15" | j 'd["from"]')" 2025-12-31
check "alerts since the last" "$(curl -s -H "$AR" "$url/v1/alerts?since=2026-12-01" | j 'd["from"], d["total"]')" "2026-06-30 0"
check "alerts before any snapshot" "$(status "$t/b" -H "$AR" "$url/v1/alerts?since=2020-01-01")" 404
check "alerts bad since" "$(status "$t/b" -H "$AR" "$url/v1/alerts?since=2026-13-01")" 400
check "alerts bad since pointer" "$(j 'd["error"]["pointer"]' < "$t/b")" /query/since
check "alerts bad all" "$(status "$t/b" -H "$AR" "$url/v1/alerts?all=yes")" 400
check "alerts need a token" "$(status "$t/b" "$url/v1/alerts")" 401
kill -TERM "$pid"; wait "$pid"; check "alerts exit" $? 0
finish
