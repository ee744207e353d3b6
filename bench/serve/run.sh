#!/bin/sh
# SPDX-License-Identifier: MIT
# relmark serve under wrk (bench/README.md, "The API"): a workspace of a
# million customers (1,333,334 rows), GET /v1/customers/{id} of random
# customers for 10 s (2 threads, 32 connections), then POST /v1/transactions
# in batches of 1,000 new rows for 15 s (one connection). Needs wrk and curl.
set -e
R=${RELMARK:-$(pwd)/build/relmark}
t=$(mktemp -d)
here=$(cd "$(dirname "$0")" && pwd)
trap 'kill $pid 2>/dev/null; rm -rf "$t"' EXIT
awk 'BEGIN { print "customer_id,date,amount,invoice"
    for (i = 0; i < 1000000; i++) {
        printf "C%07d,2025-%02d-%02d,%d.%02d,I%07d\n", i, 1 + i % 12, 1 + i % 28, 10 + i % 997, i % 100, i
        if (i % 3 == 0) printf "C%07d,2026-%02d-%02d,%d.00,J%07d\n", i, 1 + i % 5, 1 + i % 27, 5 + i % 300, i } }' > "$t/tx.csv"
"$R" import "$t/b.relmark" "$t/tx.csv" --quiet
tok=$("$R" token add "$t/b.relmark" --name bench --scope admin)
"$R" serve "$t/b.relmark" --listen 127.0.0.1:0 --threads 2 2> "$t/err" &
pid=$!
until grep -q serving "$t/err"; do sleep 0.2; done
url=$(sed -n 's/^relmark: serving .* on //p' "$t/err")
wrk -t2 -c32 -d10s --latency -s "$here/get.lua" -H "Authorization: Bearer $tok" "$url"
TOK=$tok wrk -t1 -c1 -d15s --latency -s "$here/post.lua" "$url"
curl -s -H "Authorization: Bearer $tok" "$url/v1/metrics" | grep '^relmark_rows_ingested_total'
kill -TERM $pid; wait $pid
