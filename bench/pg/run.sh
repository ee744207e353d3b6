#!/bin/sh
# SPDX-License-Identifier: MIT
# The PostgreSQL path against the CLI on the same rows (bench/README.md,
# "PostgreSQL"; issue 18 item 4):
#
#   sh bench/pg/run.sh [CSV] [ROUNDS]
#
# CSV: customer_id,invoice_id,date,amount (default build/bench/tx_10M.csv,
# `make bench`'s 10M-row file); ROUNDS: 3. Starts a PostgreSQL 15 cluster of
# its own in a temporary directory on 127.0.0.1 (as the user postgres when run
# as root), loads the rows into orders(customer_id, invoice_id, order_date,
# amount), then times, interleaved in each round: `relmark rfm CSV --format
# csv` (the CLI's whole job: read, score, write), pg/sql/rfm.sql with up to two
# parallel workers (scores identical to the CLI's), and the plain SQL RFM
# people write with ntile() (not identical: ntile ranks ties by their order,
# and it has no segments). Prints each round and the medians, and each one's
# ratio to the CLI in the same round. Needs build/relmark and the extension
# (make, make -C pg; installed here).
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
csv=${1:-$top/build/bench/tx_10M.csv}
rounds=${2:-3}
[ -s "$csv" ] || { echo "bench/pg: no $csv (make bench makes it, or give a CSV)" >&2; exit 66; }
csv=$(cd "$(dirname "$csv")" && pwd)/$(basename "$csv")
R=$top/build/relmark
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bindir=$("$PG_CONFIG" --bindir)
make -C "$top" build/relmark >/dev/null
make -C "$top/pg" PG_CONFIG="$PG_CONFIG" >/dev/null && make -C "$top/pg" PG_CONFIG="$PG_CONFIG" install >/dev/null

T=$(mktemp -d "${TMPDIR:-/tmp}/relmark-pgbench.XXXXXX")
chmod 755 "$T"
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then as_pg() { runuser -u postgres -- "$@"; }; fi
mkdir "$T/pg"
[ "$(id -u)" != 0 ] || chown postgres "$T/pg"
D=$T/pg/data
trap 'as_pg "$bindir/pg_ctl" -D "$D" -m immediate stop >/dev/null 2>&1; rm -rf "$T"' EXIT
as_pg "$bindir/initdb" -D "$D" -U postgres -A trust -E UTF8 --locale=C --no-sync >/dev/null
port=$((20000 + ($$ * 7) % 30000))
as_pg "$bindir/pg_ctl" -D "$D" -w -t 60 -l "$T/pg/server.log" -o "-c listen_addresses=127.0.0.1 -p $port \
 -c unix_socket_directories=$T/pg -c fsync=off -c shared_buffers=512MB -c work_mem=256MB \
 -c max_worker_processes=8 -c max_parallel_workers=4 -c max_parallel_workers_per_gather=2" start >/dev/null
q() { "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"; }
q -c "CREATE EXTENSION relmark" \
  -c "CREATE UNLOGGED TABLE orders (customer_id text, invoice_id text, order_date date, amount numeric)"
t0=$(date +%s%N)
q -c "\\copy orders FROM '$csv' WITH (FORMAT csv, HEADER)" -c "VACUUM ANALYZE orders"
echo "loaded $(q -At -c 'SELECT count(*) FROM orders') rows in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
as_of=$(q -At -c "SELECT max(order_date) FROM orders")

# the plain SQL RFM with ntile(): 5 groups, recency in days, frequency as
# distinct invoices, monetary as the average order value
cat > "$T/ntile.sql" <<SQL
\\pset format csv
WITH c AS (
    SELECT customer_id, DATE '$as_of' - max(order_date) AS recency_days,
           count(DISTINCT invoice_id) AS frequency, sum(amount) / count(DISTINCT invoice_id) AS monetary
    FROM orders GROUP BY customer_id
)
SELECT customer_id, recency_days, frequency, round(monetary, 2) AS monetary,
       ntile(5) OVER (ORDER BY recency_days DESC) AS r,
       ntile(5) OVER (ORDER BY frequency) AS f,
       ntile(5) OVER (ORDER BY monetary) AS m
FROM c ORDER BY customer_id;
SQL
ms() { s=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - s) / 1000000 )); }
cli= pgq= nt=
for i in $(seq 1 "$rounds"); do
    a=$(ms "$R" rfm "$csv" --as-of "$as_of" --format csv -o "$T/cli.csv")
    b=$(ms q -v as_of="$as_of" -f "$top/pg/sql/rfm.sql" -o "$T/pg.csv")
    c=$(ms q -f "$T/ntile.sql" -o "$T/ntile.csv")
    echo "round $i: relmark rfm $a ms, rfm.sql $b ms ($(echo "$b $a" | awk '{printf "%.2f", $1 / $2}')x), ntile SQL $c ms ($(echo "$c $a" | awk '{printf "%.2f", $1 / $2}')x)"
    cli="$cli $a" pgq="$pgq $b" nt="$nt $c"
done
cmp -s "$T/cli.csv" "$T/pg.csv" && echo "rfm.sql's output identical to relmark rfm's" || echo "rfm.sql's output DIFFERS from relmark rfm's"
med() { echo "$@" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
a=$(med $cli) b=$(med $pgq) c=$(med $nt)
echo "medians of $rounds: relmark rfm $a ms; rfm.sql $b ms ($(echo "$b $a" | awk '{printf "%.2f", $1 / $2}')x); ntile SQL $c ms ($(echo "$c $a" | awk '{printf "%.2f", $1 / $2}')x)"
