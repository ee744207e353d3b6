#!/bin/sh
# Runs every suite against one build tree ($B, default build): unit tests,
# CLI golden tests (incl. the CDNOW NTILE check), fuzz-corpus replays; on the
# plain build also the install and the C programs of docs/library.md.
# Writes "PASSED FAILED" to $B/test-summary and prints the summary line.
B=${B:-build}
pass=0 fail=0
add() { # $1 = a line "...: N passed, M failed"
    p=$(echo "$1" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
    f=$(echo "$1" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))
}
# run NAME CMD...: runs a suite, prints its summary line and adds it; a suite
# that exits non-zero (a sanitizer report at exit, a crash) counts one failure
# more even when its own line says 0 failed
run() {
    name=$1; shift
    out=$("$@" 2>"$B/$name.stderr"); rc=$?
    line=$(printf '%s\n' "$out" | tail -n 1)
    echo "$line"; add "$line"
    if [ $rc != 0 ]; then
        fail=$((fail + 1))
        echo "FAIL $name: exit $rc"; tail -n 20 "$B/$name.stderr"
    fi
}
echo "== $B: unit"
run unit "$B/unit"
echo "== $B: cli"
line=$(RELMARK="$B/relmark" sh tests/cli/run.sh | tee /dev/stderr | tail -n 1) || true
add "$line"
echo "== $B: allocation failures"
run oom "$B/oom" tests/cli/data/orders.csv tests/cli/data/rate_invoices.csv tests/cli/data/rate_clients.csv
echo "== $B: fuzz corpus replay"
for t in csv date money segmap readfile scale feedback survey small_csv small_readfile; do
    corpus=$t
    case $t in readfile|small_*) corpus=csv ;; esac
    if out=$("$B/replay_$t" "fuzz/corpus/$corpus" 2>&1); then
        echo "replay_$t: $out"; pass=$((pass + 1))
    else
        echo "FAIL replay_$t: $out"; fail=$((fail + 1))
    fi
done
if [ "$B" = build ]; then # the plain build only: a sanitized library needs its runtime
    echo "== $B: install"
    line=$(B="$B" sh tests/install.sh | tail -n 1) || true
    echo "$line"; add "$line"
    echo "== $B: the programs of docs/library.md"
    line=$(B="$B" sh tests/docs.sh | tee /dev/stderr | tail -n 1) || true
    add "$line"
fi
echo "$pass $fail" > "$B/test-summary"
echo "$B: $pass passed, $fail failed"
[ "$fail" = 0 ]
