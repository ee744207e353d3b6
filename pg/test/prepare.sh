#!/bin/sh
# SPDX-License-Identifier: MIT
# The rows the regression tests load and the CLI's answers on them:
#   sh test/prepare.sh RELMARK DIR
# DIR/NAME.csv (customer_id,invoice_id,order_date,amount) and
# DIR/NAME_keep.csv, DIR/NAME_split.csv: `relmark rfm --format csv` on them.
set -eu
R=$1 D=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
mkdir -p "$D"
# CDNOW (whitespace-separated, YYYYMMDD, no invoices): one purchase per day
tr -d '\r' < "$top/examples/cdnow/CDNOW_master.txt" |
    awk 'NR > 1 && NF == 4 { printf "%s,,%s-%s-%s,%s\n", $1, substr($2,1,4), substr($2,5,2), substr($2,7,2), $4 }' \
    | { echo customer_id,invoice_id,order_date,amount; cat; } > "$D/cdnow.csv"
# docs/rfm.md's worked example
# (its "1,234.56" written 1234.56: PostgreSQL's numeric has no thousands separators)
{ echo customer_id,invoice_id,order_date,amount; tail -n +2 "$top/tests/cli/data/orders.csv" | sed 's/"1,234.56"/1234.56/'; } > "$D/orders.csv"
# generated: invoices numeric, text, padded, with leading zeros, empty;
# several lines per invoice, returns, zero amounts, 4 decimals, rows after
# the as-of date, returns-only customers, ids beyond ASCII; shuffled so one
# customer's rows land in several parallel workers
sh "$here/gen.sh" 60000 > "$D/gen.csv"
for n in cdnow:1998-06-30 orders:2026-06-30 gen:2026-06-30; do
    name=${n%%:*} as_of=${n#*:}
    for t in keep split; do
        "$R" rfm "$D/$name.csv" --as-of "$as_of" --ties $t --format csv > "$D/${name}_$t.csv" 2>/dev/null
    done
done
"$R" rfm "$D/gen.csv" --as-of 2026-06-30 --segments relationship --format csv > "$D/gen_rel.csv" 2>/dev/null
# the CLV fits (sql/clv_fit.sql) on CDNOW, calibration to 1997-09-30
"$R" clv "$D/cdnow.csv" --as-of 1997-09-30 --summary --format json > "$D/cdnow_clv_bgnbd.json" 2>/dev/null
"$R" clv "$D/cdnow.csv" --as-of 1997-09-30 --model paretonbd --unit month --summary --format json \
    > "$D/cdnow_clv_pnbd.json" 2>/dev/null
"$R" clv "$D/cdnow.csv" --as-of 1997-09-30 --penalizer 0.001 --summary --format json \
    > "$D/cdnow_clv_pen.json" 2>/dev/null
