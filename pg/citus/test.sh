#!/bin/sh
# SPDX-License-Identifier: MIT
# relmark's RFM query on a real Citus cluster (docs/postgres.md, "Citus"):
#
#   CITUS_SRC=DIR sh pg/citus/test.sh        (or: make test-citus CITUS_SRC=DIR)
#
# DIR is the source of Citus v13.2.2 (the last line for PostgreSQL 15), e.g.
# `git archive v13.2.2` of github.com/citusdata/citus. Citus is no Debian
# package, so this runs outside `make test`. The script builds Citus once into
# a cache ($RELMARK_CITUS_CACHE, default ~/.cache/relmark-citus-13.2.2) with
# the one compatibility fix Debian's PostgreSQL 15.20 needs, installs it and
# the relmark extension into PostgreSQL 15, starts a coordinator and two
# workers on loopback, distributes `orders` by customer_id (32 shards), and
# runs pg/sql/rfm.sql, clv_fit.sql, rating.sql and stages.sql with row gathering to the coordinator disabled
# (citus.coordinator_aggregation_strategy = disabled). It checks that the
# output equals `relmark rfm --format csv` byte for byte (CDNOW, docs/rfm.md's
# example, a generated file; ties keep and split; the relationship map) and
# that the plan runs relmark.customer_agg in the workers' tasks. It stops the
# cluster whatever happens. Needs root (installs into PostgreSQL's
# directories; the servers run as the user postgres) and build/relmark.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
cache=${RELMARK_CITUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/relmark-citus-13.2.2}
pass=0 fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
no() { echo "FAIL: $1"; fail=$((fail + 1)); }
end() { echo "citus: $pass passed, $fail failed"; [ "$fail" = 0 ]; exit; }

[ "$(id -u)" = 0 ] || { no "run as root: Citus and relmark install into $("$PG_CONFIG" --pkglibdir)"; end; }
id postgres >/dev/null 2>&1 || { no "no user postgres (Debian's postgresql-15 makes it)"; end; }
case $("$PG_CONFIG" --version 2>/dev/null) in
"PostgreSQL 15."*) ;;
*) no "$PG_CONFIG is not PostgreSQL 15's (postgresql-server-dev-15)"; end ;;
esac
bindir=$("$PG_CONFIG" --bindir)

# 1. Citus, built once
if [ ! -f "$cache/built" ]; then
    [ -n "${CITUS_SRC:-}" ] && [ -x "$CITUS_SRC/configure" ] ||
        { no "give CITUS_SRC=DIR, the source of Citus v13.2.2 (no build in $cache yet)"; end; }
    grep -q "AC_INIT(\[Citus\], \[13\.2\." "$CITUS_SRC/configure.ac" ||
        { no "$CITUS_SRC is not Citus 13.2 (configure.ac)"; end; }
    rm -rf "$cache/src" && mkdir -p "$cache" && cp -a "$CITUS_SRC" "$cache/src" || { no "copy to $cache"; end; }
    # PostgreSQL 15.20's commands/dbcommands.h declares have_createdb_privilege(),
    # which Citus 13.2.2 also defines for PostgreSQL 15 as a static function:
    # rename Citus's copy (unused then) and take the server's declaration
    perl -0pi -e 's/static inline bool\nhave_createdb_privilege\(void\)/static inline bool\ncitus_unused_have_createdb_privilege(void)/;
                  s/(#include "catalog\/pg_authid.h"\n)/$1#include "commands\/dbcommands.h"\n/' \
        "$cache/src/src/include/pg_version_compat.h"
    echo "building Citus in $cache/src (a few minutes; log $cache/build.log)"
    if (cd "$cache/src" && ./configure PG_CONFIG="$PG_CONFIG" && make -j"$(nproc)") >"$cache/build.log" 2>&1; then
        touch "$cache/built"
    else
        tail -n 20 "$cache/build.log"; no "the Citus build (needs libcurl4-openssl-dev liblz4-dev libzstd-dev libkrb5-dev)"; end
    fi
fi
make -C "$cache/src" install >"$cache/install.log" 2>&1 && ok "Citus 13.2.2 installed" ||
    { tail -n 20 "$cache/install.log"; no "make install of Citus"; end; }
make -C "$top" build/relmark build/librelmark.a >/dev/null &&
    make -C "$top/pg" PG_CONFIG="$PG_CONFIG" >/dev/null 2>&1 &&
    make -C "$top/pg" PG_CONFIG="$PG_CONFIG" install >/dev/null 2>&1 && ok "relmark and its extension built and installed" ||
    { no "make -C pg install"; end; }

# 2. three servers on loopback, in a temporary directory
T=$(mktemp -d "${TMPDIR:-/tmp}/relmark-citus.XXXXXX")
chmod 755 "$T"
as_pg() { runuser -u postgres -- "$@"; }
nodes="c w1 w2"
stop() {
    for n in $nodes; do as_pg "$bindir/pg_ctl" -D "$T/$n/data" -m immediate stop >/dev/null 2>&1; done
    rm -rf "$T"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
base=$((21000 + ($$ * 7) % 20000))
i=0
for n in $nodes; do
    mkdir "$T/$n" && chown postgres "$T/$n"
    as_pg "$bindir/initdb" -D "$T/$n/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$T/$n/initdb.log" 2>&1 ||
        { cat "$T/$n/initdb.log"; no "initdb $n"; end; }
    port=$((base + i))
    as_pg "$bindir/pg_ctl" -D "$T/$n/data" -w -t 60 -l "$T/$n/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$T/$n -c fsync=off -c shared_preload_libraries=citus -c max_connections=60" \
        start >/dev/null 2>&1 || { tail -n 20 "$T/$n/server.log"; no "start $n on port $port"; end; }
    eval "port_$n=$port"
    i=$((i + 1))
done
ok "a coordinator (port $port_c) and two workers ($port_w1, $port_w2) on 127.0.0.1"
# psql on a node: -X no psqlrc, stop at the first error
on() { n=$1; shift; eval "p=\$port_$n"; PGOPTIONS="-c citus.coordinator_aggregation_strategy=disabled" \
    "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$p" -U postgres -d postgres "$@"; }
for n in $nodes; do on "$n" -c "CREATE EXTENSION citus" || { no "CREATE EXTENSION citus on $n"; end; }; done
on c -c "SELECT citus_set_coordinator_host('127.0.0.1', $port_c)" \
    -c "SELECT citus_add_node('127.0.0.1', $port_w1)" -c "SELECT citus_add_node('127.0.0.1', $port_w2)" >/dev/null &&
    on c -c "CREATE EXTENSION relmark" && ok "the cluster: citus on every node, relmark created through the coordinator" ||
    { no "cluster setup"; end; }
workers=$(on c -At -c "SELECT count(*) FROM pg_dist_node WHERE noderole = 'primary' AND groupid > 0")
[ "$workers" = 2 ] && ok "pg_dist_node: 2 workers" || no "pg_dist_node: $workers workers"

# 3. the rows and the CLI's answers (the regression tests' own: pg/test/prepare.sh)
D=$T/data
sh "$top/pg/test/prepare.sh" "$top/build/relmark" "$D" || { no "pg/test/prepare.sh"; end; }
chmod -R a+rX "$D"
for n in cdnow:1998-06-30 orders:2026-06-30 gen:2026-06-30; do
    name=${n%%:*} as_of=${n#*:}
    on c -c "DROP TABLE IF EXISTS orders" \
        -c "CREATE TABLE orders (customer_id text, invoice_id text, order_date date, amount numeric)" \
        -c "SELECT create_distributed_table('orders', 'customer_id', shard_count := 32)" >/dev/null \
        -c "\\copy orders FROM '$D/$name.csv' WITH (FORMAT csv, HEADER)" -c "ANALYZE orders" ||
        { no "$name: a distributed table"; continue; }
    placed=$(on c -At -c "SELECT count(DISTINCT nodeport) FROM citus_shards WHERE table_name = 'orders'::regclass")
    [ "$placed" = 2 ] && ok "$name: orders in 32 shards on both workers" || no "$name: shards on $placed nodes"
    for run in keep:rfm10 split:rfm10 keep:relationship; do
        ties=${run%:*} seg=${run#*:}
        want=$D/${name}_$ties.csv
        [ "$seg" = relationship ] && { [ "$name" = gen ] || continue; want=$D/gen_rel.csv; }
        got=$T/got_${name}_${ties}_$seg.csv
        if on c -v as_of="$as_of" -v ties="$ties" -v segments="$seg" -f "$top/pg/sql/rfm.sql" -o "$got" 2>"$T/err"; then
            cmp -s "$got" "$want" && ok "$name, ties $ties, $seg: equal to relmark rfm ($(($(wc -l < "$want") - 1)) customers)" ||
                { diff "$got" "$want" | head -n 6; no "$name, ties $ties, $seg: differs from relmark rfm"; }
        else
            cat "$T/err"; no "$name, ties $ties, $seg: rfm.sql failed"
        fi
    done
    [ "$name" = cdnow ] || continue
    # the CLV fit (pg/sql/clv_fit.sql): summaries per customer in the workers,
    # their bytea states combined on the coordinator, the fit there
    for run in bgnbd:week:0 paretonbd:month:0 bgnbd:week:0.001; do
        model=${run%%:*}
        rest=${run#*:}
        unit=${rest%%:*}
        pen=${rest#*:}
        want=$D/cdnow_clv_bgnbd.json
        [ "$model" = paretonbd ] && want=$D/cdnow_clv_pnbd.json
        [ "$pen" = 0 ] || want=$D/cdnow_clv_pen.json
        got=$T/got_clv_${model}_${unit}_$pen.json
        if on c -v as_of=1997-09-30 -v model="$model" -v unit="$unit" -v penalizer="$pen" \
            -f "$top/pg/sql/clv_fit.sql" -o "$got" 2>"$T/err"; then
            sh "$top/pg/test/clv_same.sh" "$got" "$want" >"$T/diff" &&
                ok "cdnow: the CLV fit ($model, $unit, penalizer $pen) equal to relmark clv" ||
                { cat "$T/diff"; no "cdnow: the CLV fit ($model, $unit, penalizer $pen) differs"; }
        else
            cat "$T/err"; no "cdnow: clv_fit.sql ($model) failed"
        fi
    done
    cplan=$T/clv_plan.txt
    if on c -v as_of=1997-09-30 -v explain='EXPLAIN (COSTS OFF, VERBOSE)' -f "$top/pg/sql/clv_fit.sql" \
        -o "$cplan" 2>"$T/err"; then
        cp "$cplan" "$cache/last_clv_plan.txt"
        grep -A3 'Task Count: 32' "$cplan" | grep -qE 'Query: .*relmark\.clv_customer_agg\(' &&
            ok "the CLV plan: relmark.clv_customer_agg runs in the workers' tasks" ||
            { head -n 60 "$cplan"; no "clv_customer_agg is not in the tasks"; }
        # the summaries' bytea states: partial in the workers, combined on the coordinator
        grep -qE "worker_partial_agg\('relmark\.clv_summaries\(" "$cplan" &&
            grep -qE 'relmark\.clv_fit\(coord_combine_agg\(' "$cplan" &&
            ok "the CLV plan: clv_summaries partial in the workers, combined on the coordinator" ||
            { head -n 60 "$cplan"; no "clv_summaries is not split between workers and coordinator"; }
    else
        cat "$T/err"; no "EXPLAIN of clv_fit.sql"
    fi
done

# 5. the rating and the ladder (pg/sql/rating.sql, stages.sql) on the B2B
# sample: invoices, clients, feedback and the rating distributed by
# customer_id and co-located, so the per-client sums and states and the joins
# run in the shards' tasks; feedback keeps the file's order in seq
B2=$top/examples/b2b
cl="customer_id text, name text, type text, status text, contract_start date, manager text,
    referrals bigint, structural_bond boolean, profitability numeric, market_share numeric,
    relationship_cost numeric, strategic_importance int, development_potential int,
    specialisation_fit int, relationship_strength int, relationship_value int,
    goal_compatibility int, management_complexity int, technology_protection int"
rt="customer_id text, share_pct text, share_points int, cooperation_months int,
    cooperation_points int, payment text, payment_points int, growth_pct text,
    growth_points int, total int, category text, package text, payment_key text, category_key text"
if on c -c "DROP TABLE IF EXISTS invoices, clients, feedback, feedback_file, rated CASCADE" \
    -c "CREATE TABLE invoices (customer_id text, invoice_id text, invoice_date date, amount numeric, due_date date, paid_date date, prepaid boolean)" \
    -c "SELECT create_distributed_table('invoices', 'customer_id', shard_count := 32)" \
    -c "CREATE TABLE clients ($cl)" \
    -c "SELECT create_distributed_table('clients', 'customer_id', colocate_with := 'invoices')" \
    -c "CREATE TABLE feedback (customer_id text, answered_on date, nps int, satisfaction int, seq bigint)" \
    -c "SELECT create_distributed_table('feedback', 'customer_id', colocate_with := 'invoices')" \
    -c "CREATE TABLE rated ($rt)" \
    -c "SELECT create_distributed_table('rated', 'customer_id', colocate_with := 'invoices')" \
    -c "CREATE TABLE feedback_file (customer_id text, answered_on date, nps int, satisfaction int, seq bigint GENERATED ALWAYS AS IDENTITY)" \
    -c "\\copy invoices FROM '$B2/invoices.csv' WITH (FORMAT csv, HEADER)" \
    -c "\\copy clients FROM '$B2/clients.csv' WITH (FORMAT csv, HEADER)" \
    -c "\\copy feedback_file (customer_id, answered_on, nps, satisfaction) FROM '$B2/feedback.csv' WITH (FORMAT csv, HEADER)" \
    -c "INSERT INTO feedback SELECT * FROM feedback_file" \
    -c "CREATE VIEW b2b_orders AS SELECT customer_id, invoice_id, invoice_date AS order_date, amount FROM invoices" \
    >/dev/null 2>"$T/err"; then
    ok "b2b: invoices, clients, feedback in 32 co-located shards"
    got=$T/got_b2b_rate.csv
    if on c -v clients=clients -f "$top/pg/sql/rating.sql" -o "$got" 2>"$T/err"; then
        cmp -s "$got" "$D/b2b_rate_clients.csv" &&
            ok "b2b: rating.sql equal to relmark rate --customers ($(($(wc -l < "$got") - 1)) clients)" ||
            { diff "$got" "$D/b2b_rate_clients.csv" | head -n 6; no "b2b: rating.sql differs from relmark rate"; }
    else
        cat "$T/err"; no "b2b: rating.sql failed"
    fi
    on c -c "\\copy rated FROM '$got' WITH (FORMAT csv, HEADER)" >/dev/null 2>&1 || no "b2b: the rating loaded"
    got=$T/got_b2b_stages.csv
    if on c -v as_of=2026-06-30 -v orders=b2b_orders -v clients=clients -v feedback=feedback \
        -v rating=rated -f "$top/pg/sql/stages.sql" -o "$got" 2>"$T/err"; then
        cmp -s "$got" "$D/b2b_stages_2026-06-30.csv" &&
            ok "b2b: stages.sql equal to relmark stages --customers --feedback ($(($(wc -l < "$got") - 1)) customers)" ||
            { diff "$got" "$D/b2b_stages_2026-06-30.csv" | head -n 6; no "b2b: stages.sql differs from relmark stages"; }
    else
        cat "$T/err"; no "b2b: stages.sql failed"
    fi
    rplan=$T/rating_plan.txt
    if on c -v clients=clients -v explain='EXPLAIN (COSTS OFF, VERBOSE)' -f "$top/pg/sql/rating.sql" \
        -o "$rplan" 2>"$T/err" &&
        on c -v as_of=2026-06-30 -v orders=b2b_orders -v clients=clients -v feedback=feedback \
            -v rating=rated -v explain='EXPLAIN (COSTS OFF, VERBOSE)' -f "$top/pg/sql/stages.sql" \
            >>"$rplan" 2>>"$T/err"; then
        cp "$rplan" "$cache/last_rating_plan.txt"
        grep -A3 'Task Count: 32' "$rplan" | grep -qE 'Query: .*relmark\.invoice_payment\(' &&
            ok "the rating plan: the per-client sums and payment classes run in the workers' tasks" ||
            { head -n 60 "$rplan"; no "the rating's sums are not in the tasks"; }
        grep -A3 'Task Count: 32' "$rplan" | grep -qE 'Query: .*relmark\.clv_customer_agg\(' &&
            ok "the ladder plan: the per-customer states run in the workers' tasks" ||
            { head -n 60 "$rplan"; no "the ladder's states are not in the tasks"; }
    else
        cat "$T/err"; no "EXPLAIN of rating.sql and stages.sql"
    fi
else
    cat "$T/err"; no "b2b: distributed tables"
fi

# 4. what runs where: the per-customer aggregate in the workers' tasks (the
# table is distributed by customer_id, so GROUP BY customer_id goes down
# whole), nothing gathered row by row
plan=$T/plan.txt
on c -v as_of=2026-06-30 -v explain='EXPLAIN (COSTS OFF, VERBOSE)' -f "$top/pg/sql/rfm.sql" -o "$plan" 2>"$T/err" ||
    { cat "$T/err"; no "EXPLAIN of rfm.sql"; end; }
cp "$plan" "$cache/last_plan.txt" # kept to read: what ran where
grep -q 'Custom Scan (Citus Adaptive)' "$plan" && grep -q 'Task Count: 32' "$plan" &&
    ok "the plan: a distributed scan in 32 tasks" || { head -n 40 "$plan"; no "the plan has no 32-task distributed scan"; }
# the tasks' remote query (shown for one task) computes customer_agg
grep -A3 'Task Count: 32' "$plan" | grep -qE 'Query: .*relmark\.customer_agg\(' &&
    ok "the plan: relmark.customer_agg runs in the workers' tasks" || { head -n 60 "$plan"; no "customer_agg is not in the tasks"; }
end
