#!/bin/sh
# SPDX-License-Identifier: MIT
# fault.sh — relmark when writing or reading fails (issue 14): the shim
# tests/fault/fault.c (LD_PRELOAD) makes the N-th write(2) of the -o file
# fail with ENOSPC or EIO, for every N of a run, or cuts every write and
# read short, or fails a read with EIO, or raises a signal mid-write. Each
# run must end as docs/cli.md says: exit 74 with "cannot write: <the
# error>", the old FILE intact and no temporary file left; short transfers
# change nothing; SIGINT, SIGTERM, SIGHUP leave no temporary file; after a
# kill -9 the leftover is removed by the next run writing the same FILE.
# Prints "fault: N passed, M failed".
B=${B:-build}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
R=$top/$B/relmark SHIM=$top/$B/fault.so
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL fault: $*"; }
for f in "$R" "$SHIM"; do
    [ -f "$f" ] || { echo "FAIL fault: $f: not built"; echo "fault: 0 passed, 1 failed"; exit 1; }
done
# a sanitized relmark: its runtime need not come first when the shim is preloaded
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cd "$d" || exit 1
mkdir out
# 60,000 customers: the CSV of rfm is about 3 MB, written in 1 MiB blocks
awk 'BEGIN { print "customer,date,amount"
    for (i = 0; i < 60000; i++)
        printf "C%06d,2026-%02d-%02d,%d.%02d\n", i, i % 12 + 1, i % 28 + 1, i % 997 + 1, i % 100 }' > in.csv
# shim ENV... -- relmark ARGS: relmark under the shim (ENV: NAME=VALUE...)
shim() {
    envs=
    while [ "$1" != -- ]; do envs="$envs $1"; shift; done
    shift
    env LD_PRELOAD="$SHIM" $envs "$R" "$@"
}
temps() { find out -name '.relmark-*' | wc -l | tr -d ' '; }

"$R" rfm in.csv --format csv -o ref.csv 2> /dev/null || ko "the reference run failed"
"$R" rfm in.csv --format json -o ref.json 2> /dev/null || ko "the reference JSON run failed"
shim FAULT_LOG=log -- rfm in.csv --format csv -o out/x.csv 2> /dev/null
cmp -s out/x.csv ref.csv && ok || ko "a run under the shim (no fault) differs from the reference"
writes=$(sed -n 's/^writes \([0-9]*\) .*/\1/p' log)
# the output is several writes, or the "every write" loop below tests little
[ "${writes:-0}" -ge 3 ] && ok || ko "the -o file took ${writes:-no} write calls, expected 3 or more"
rm -f out/x.csv

# every write failing in turn, with each error, in CSV and JSON
for fmt in csv json; do
    for err in ENOSPC EIO; do
        msg=$([ $err = EIO ] && echo "Input/output error" || echo "No space left on device")
        n=1
        while [ $n -le "${writes:-0}" ]; do
            echo old > out/s.$fmt
            shim FAULT_WRITE_AT=$n FAULT_ERRNO=$err -- rfm in.csv --format $fmt -o out/s.$fmt 2> err
            rc=$?
            what="$fmt, write $n fails with $err"
            [ $rc = 74 ] && ok || ko "$what: exit $rc, want 74"
            grep -q "^relmark: out/s.$fmt: cannot write: $msg\$" err && ok || ko "$what: stderr: $(cat err)"
            [ "$(cat out/s.$fmt)" = old ] && ok || ko "$what: the old file was changed"
            [ "$(temps)" = 0 ] && ok || ko "$what: a temporary file is left: $(ls -A out)"
            n=$((n + 1))
        done
    done
done

# short writes and reads (1..7 bytes a call): the same output
shim FAULT_SHORT=1 -- rfm in.csv --format csv -o out/short.csv 2> /dev/null; rc=$?
[ $rc = 0 ] && cmp -s out/short.csv ref.csv && ok || ko "short writes and reads: exit $rc or the output differs"
shim FAULT_SHORT=1 -- rfm in.csv --format json -o out/short.json 2> /dev/null; rc=$?
[ $rc = 0 ] && cmp -s out/short.json ref.json && ok || ko "short writes and reads, JSON: exit $rc or the output differs"

# a read failing: 74, "cannot read", nothing written
for n in 1 2; do
    echo old > out/r.csv
    shim FAULT_READ_AT=$n -- rfm in.csv --format csv -o out/r.csv 2> err; rc=$?
    [ $rc = 74 ] && grep -q "^relmark: in.csv: cannot read: Input/output error\$" err && ok ||
        ko "read $n fails: exit $rc, stderr: $(cat err)"
    [ "$(cat out/r.csv)" = old ] && [ "$(temps)" = 0 ] && ok || ko "read $n fails: the file changed or a temporary file is left"
done

# a real full device, written in place
"$R" rfm in.csv --format csv -o /dev/full 2> err; rc=$?
[ $rc = 74 ] && grep -q "cannot write: No space left on device" err && ok || ko "-o /dev/full: exit $rc, $(cat err)"

# signals mid-write (the second write): the old FILE intact, no temporary file
for s in INT:130 TERM:143 HUP:129; do
    sig=${s%:*} want=${s#*:}
    echo old > out/sig.csv
    # default dispositions: a suite started in the background (nohup, `&` in a
    # script) inherits SIGINT and SIGHUP ignored, which relmark rightly keeps
    env --default-signal=INT,TERM,HUP LD_PRELOAD="$SHIM" FAULT_WRITE_AT=2 FAULT_SIGNAL=$sig \
        "$R" rfm in.csv --format csv -o out/sig.csv 2> /dev/null
    rc=$?
    [ $rc = "$want" ] && ok || ko "SIG$sig mid-write: exit $rc, want $want"
    [ "$(cat out/sig.csv)" = old ] && ok || ko "SIG$sig mid-write: the old file was changed"
    [ "$(temps)" = 0 ] && ok || ko "SIG$sig mid-write: a temporary file is left: $(ls -A out)"
done
# a signal ignored when relmark starts (nohup, a background job) stays ignored:
# the write fails with the shim's error instead, and is cleaned up as any
(trap '' INT; shim FAULT_WRITE_AT=2 FAULT_SIGNAL=INT -- rfm in.csv --format csv -o out/sig.csv 2> /dev/null)
rc=$?
[ $rc = 74 ] && [ "$(temps)" = 0 ] && ok || ko "an ignored SIGINT mid-write: exit $rc, $(temps) temporary files"

# kill -9 mid-write leaves the temporary file; it is recognisable as FILE's:
# a run writing another file leaves it, the next run writing FILE removes it
echo old > out/k.csv
shim FAULT_WRITE_AT=2 FAULT_SIGNAL=KILL -- rfm in.csv --format csv -o out/k.csv 2> /dev/null
rc=$?
[ $rc = 137 ] && [ "$(temps)" = 1 ] && [ "$(cat out/k.csv)" = old ] && ok ||
    ko "kill -9 mid-write: exit $rc, $(temps) temporary files, want 137 and 1"
"$R" rfm in.csv --format csv -o out/other.csv 2> /dev/null
[ "$(temps)" = 1 ] && ok || ko "a run writing another file removed the leftover of k.csv (or made one)"
"$R" rfm in.csv --format csv -o out/k.csv 2> /dev/null; rc=$?
[ $rc = 0 ] && [ "$(temps)" = 0 ] && cmp -s out/k.csv ref.csv && ok ||
    ko "the next run writing k.csv: exit $rc, $(temps) temporary files left"
# ... but not a leftover of a run still going (its process alive, its lock held)
shim FAULT_WRITE_AT=2 FAULT_SIGNAL=KILL -- rfm in.csv --format csv -o out/k.csv 2> /dev/null
left=$(find out -name '.relmark-*')
sleep 1000 & keep=$!
sed_pid=$(echo "$left" | sed -n 's/.*\.relmark-[0-9a-f]*-\([0-9]*\)-.*/\1/p')
mv "$left" "$(echo "$left" | sed "s/-$sed_pid-/-$keep-/")" # as if that process wrote it
"$R" rfm in.csv --format csv -o out/k.csv 2> /dev/null
[ "$(temps)" = 1 ] && ok || ko "the temporary file of a live process was removed"
kill $keep; wait $keep 2> /dev/null
"$R" rfm in.csv --format csv -o out/k.csv 2> /dev/null
[ "$(temps)" = 0 ] && ok || ko "the leftover of a process gone was not removed"

echo "fault: $pass passed, $fail failed"
[ $fail = 0 ]
