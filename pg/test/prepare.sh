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
# the rating (sql/rating.sql) and the ladder (sql/stages.sql) on the B2B
# sample (examples/b2b: payment columns, clients, feedback), CDNOW and gen
B2=$top/examples/b2b
sed -e 's/^window_months.*/window_months = 18/' -e 's/^grace_days.*/grace_days = 7/' \
    "$top/data/rating/scale.ini" > "$D/scale18.ini"
"$R" rate "$B2/invoices.csv" --format csv > "$D/b2b_rate.csv" 2>/dev/null
"$R" rate "$B2/invoices.csv" --customers "$B2/clients.csv" --format csv > "$D/b2b_rate_clients.csv" 2>/dev/null
"$R" rate "$B2/invoices.csv" --customers "$B2/clients.csv" --as-of 2025-02-28 --lang ru --format csv \
    > "$D/b2b_rate_ru.csv" 2>/dev/null
"$R" rate "$B2/invoices.csv" --customers "$B2/clients.csv" --as-of 2024-12-15 --decimals 4 \
    --scale "$D/scale18.ini" --format csv > "$D/b2b_rate_scale18.csv" 2>/dev/null
"$R" rate "$B2/invoices.csv" --customers "$B2/clients.csv" --as-of 2025-03-31 --format csv \
    > "$D/b2b_rate_2025.csv" 2>/dev/null
"$R" rate "$D/gen.csv" --as-of 2026-06-30 --format csv > "$D/gen_rate.csv" 2>/dev/null
"$R" rate "$D/cdnow.csv" --as-of 1997-12-31 --format csv > "$D/cdnow_rate.csv" 2>/dev/null
# stages: the columns sql/stages.sql gives (not the rule's words, the
# segment, the bonds, the B2B stage)
cols() { python3 -c '
import csv, sys
w = csv.writer(sys.stdout, lineterminator="\n")
for r in csv.reader(sys.stdin):
    w.writerow([r[i] for i in (0, 1, 2, 4, 5, 6, 7, 8)])'; }
for d in 1998-06-30 1997-09-30 1997-02-15; do
    "$R" stages "$D/cdnow.csv" --as-of $d --format csv 2>/dev/null | cols > "$D/cdnow_stages_$d.csv"
done
"$R" stages "$D/gen.csv" --as-of 2026-06-30 --format csv 2>/dev/null | cols > "$D/gen_stages.csv"
for d in 2026-06-30 2025-03-31; do
    "$R" stages "$B2/invoices.csv" --customers "$B2/clients.csv" --feedback "$B2/feedback.csv" \
        --as-of $d --format csv 2>/dev/null | cols > "$D/b2b_stages_$d.csv"
done
"$R" stages "$B2/invoices.csv" --customers "$B2/clients.csv" --feedback "$B2/feedback.csv" \
    --as-of 2026-06-30 --b2b --lapse-days 60 --former-factor 3 --client-quarters 3 --friend-nps 8 \
    --format csv 2>/dev/null | cols > "$D/b2b_stages_opts.csv"
# a million rows over about 167,000 customers (sql/million.sql)
sh "$here/gen.sh" 1000000 200000 > "$D/gen1m.csv"
for t in keep split; do
    "$R" rfm "$D/gen1m.csv" --as-of 2026-06-30 --ties $t --format csv > "$D/gen1m_$t.csv" 2>/dev/null
done
"$R" stages "$D/gen1m.csv" --as-of 2026-06-30 --format csv 2>/dev/null | cols > "$D/gen1m_stages.csv"
"$R" rate "$D/gen1m.csv" --as-of 2026-06-30 --format csv > "$D/gen1m_rate.csv" 2>/dev/null
