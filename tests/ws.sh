#!/bin/sh
# SPDX-License-Identifier: MIT
# The workspace's limits (docs/workspace.md, "Limits and bad input") that a
# golden cannot pin, their timing being the point: kill -9 at random moments
# of an import (the workspace is as before or as after, never between: PRAGMA
# integrity_check and the counts), two imports at once (the second waits,
# or fails clearly when another writer holds the file too long), a
# read-only workspace. Needs python3's sqlite3 module to look inside.
# Prints "ws: N passed, M failed".
B=${B:-build}
R=$(pwd)/$B/relmark
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL ws: $*"; }
[ -x "$R" ] || { ko "$R: not built"; echo "ws: $pass passed, $fail failed"; exit 1; }
command -v python3 >/dev/null && python3 -c 'import sqlite3' 2>/dev/null ||
    { ko "python3 with sqlite3 is needed to check the workspace"; echo "ws: $pass passed, $fail failed"; exit 1; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
# SQL on a workspace: one value per line
q() { python3 - "$1" "$2" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for row in c.execute(sys.argv[2]):
    print("|".join(str(v) for v in row))
EOF
}
# N rows of transactions from row K on: customer, date, amount, invoice
rows() {
    awk -v n="$1" -v k="$2" 'BEGIN { if (k == 0) print "customer_id,date,amount,invoice_id"
        for (i = k; i < k + n; i++)
            printf "C%05d,2025-%02d-%02d,%d.%02d,INV%07d\n", i % 7919, 1 + i % 12, 1 + i % 28, i % 997, i % 100, i / 3 }'
}
rows 2000 0 > "$t/small.csv"
rows 60000 0 > "$t/big.csv"

# --- kill -9 at random points of an import: before or after, never between
"$R" import "$t/base.relmark" "$t/small.csv" --quiet > /dev/null || ko "the first import failed"
before=$(q "$t/base.relmark" "SELECT count(*) FROM transactions")
cp "$t/base.relmark" "$t/full.relmark"
start=$(date +%s%N)
"$R" import "$t/full.relmark" "$t/big.csv" --quiet > /dev/null || ko "the big import failed"
took=$((($(date +%s%N) - start) / 1000000)) # ms
after=$(q "$t/full.relmark" "SELECT count(*) FROM transactions")
[ "$before" = 2000 ] && [ "$after" = 60000 ] && ok || ko "counts $before and $after, not 2000 and 60000"
mid=0
for seed in 1 2 3 4; do
    # a fresh copy each time, killed at a moment within 5% .. 85% of an import's time
    cp "$t/base.relmark" "$t/k.relmark"
    ms=$(awk -v s="$seed" -v t="$took" 'BEGIN { srand(s); printf "%d", (0.05 + rand() * 0.8) * t }')
    "$R" import "$t/k.relmark" "$t/big.csv" --quiet > /dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }')"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    integ=$(q "$t/k.relmark" "PRAGMA integrity_check")
    n=$(q "$t/k.relmark" "SELECT count(*) FROM transactions")
    imp=$(q "$t/k.relmark" "SELECT count(*) FROM imports")
    if [ "$integ" != ok ]; then ko "after a kill at $ms ms: integrity_check says $integ"
    elif [ "$n" = "$before" ] && [ "$imp" = 1 ]; then ok; mid=$((mid + 1))
    elif [ "$n" = "$after" ] && [ "$imp" = 2 ]; then ok
    else ko "after a kill at $ms ms: $n rows, $imp imports (not $before/1 or $after/2)"
    fi
    # whatever the kill did, an import now completes the workspace
    "$R" import "$t/k.relmark" "$t/big.csv" --quiet > /dev/null || ko "the import after a kill failed"
    [ "$(q "$t/k.relmark" "SELECT count(*) FROM transactions")" = "$after" ] && ok ||
        ko "after a kill and a new import: not $after rows"
done
# the test is void unless some kill landed during an import
[ "$mid" -ge 1 ] && ok || ko "no kill landed during an import (one took $took ms)"

cp "$t/full.relmark" "$t/two.relmark" # for two imports at once, below

# --- another writer holds the workspace: wait, then a clear error; nothing written
{ head -1 "$t/small.csv"; rows 10 200000; } > "$t/more.csv"
python3 - "$t/full.relmark" "$t/locked" <<'EOF' &
import sqlite3, sys, time, os
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
time.sleep(3)
c.execute("ROLLBACK")
EOF
holder=$!
i=0
while [ ! -f "$t/locked" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
"$R" import "$t/full.relmark" "$t/more.csv" --wait 1 > /dev/null 2> "$t/busy.err"
rc=$?
[ $rc = 74 ] && grep -q "busy" "$t/busy.err" && ok || ko "a busy workspace: exit $rc, $(cat "$t/busy.err")"
# a longer wait outlasts the holder: the import goes through
"$R" import "$t/full.relmark" "$t/more.csv" --wait 30 > "$t/waited.out" 2>&1 && ok ||
    ko "an import waiting for the holder failed: $(cat "$t/waited.out")"
wait $holder
[ "$(q "$t/full.relmark" "SELECT count(*) FROM transactions")" = $((after + 10)) ] && ok ||
    ko "after the busy import: not $((after + 10)) rows"

# --- two imports at once of overlapping files: each row once, no corruption
rows 3000 59000 > "$t/o.body"
{ head -1 "$t/small.csv"; cat "$t/o.body"; } > "$t/o1.csv"
{ head -1 "$t/small.csv"; tail -2500 "$t/o.body"; rows 500 62000; } > "$t/o2.csv"
"$R" import "$t/two.relmark" "$t/o1.csv" --quiet > /dev/null &
p1=$!
"$R" import "$t/two.relmark" "$t/o2.csv" --quiet > /dev/null &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
[ $r1 = 0 ] && [ $r2 = 0 ] && ok || ko "two imports at once: exits $r1 and $r2"
# o1 adds rows 60000..61999 (59000..59999 are known), o2 adds 62000..62499
n=$(q "$t/two.relmark" "SELECT count(*) FROM transactions")
integ=$(q "$t/two.relmark" "PRAGMA integrity_check")
[ "$n" = 62500 ] && [ "$integ" = ok ] && ok || ko "two imports at once: $n rows (not 62500), integrity $integ"

# --- a read-only workspace: reading works and gives the same; an import fails clearly
mkdir "$t/ro" && cp "$t/full.relmark" "$t/ro/w.relmark" && chmod 755 "$t" && chmod 555 "$t/ro" && chmod 444 "$t/ro/w.relmark"
as_other=
if [ "$(id -u)" = 0 ]; then # root writes anything: run as nobody
    command -v setpriv >/dev/null && as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ "$(id -u)" = 0 ] && [ -z "$as_other" ]; then
    ko "running as root without setpriv: the read-only case cannot run"
else
    "$R" rfm "$t/full.relmark" > "$t/rfm.csv" 2>/dev/null
    $as_other "$R" rfm "$t/ro/w.relmark" > "$t/rfm.ws" 2> "$t/ro.err"
    rc=$?
    [ $rc = 0 ] && cmp -s "$t/rfm.csv" "$t/rfm.ws" && ok || ko "reading a read-only workspace: exit $rc, $(cat "$t/ro.err")"
    $as_other "$R" import "$t/ro/w.relmark" "$t/more.csv" > /dev/null 2> "$t/ro.err"
    rc=$?
    [ $rc = 74 ] || [ $rc = 66 ] && grep -q "^relmark: .*w.relmark" "$t/ro.err" && ok ||
        ko "importing into a read-only workspace: exit $rc, $(cat "$t/ro.err")"
fi
chmod 755 "$t/ro"
echo "ws: $pass passed, $fail failed"
[ $fail = 0 ]
