#!/bin/sh
# Runs every suite against one build tree ($B, default build): unit tests,
# CLI golden tests (incl. the CDNOW NTILE check), fuzz-corpus replays.
# Writes "PASSED FAILED" to $B/test-summary and prints the summary line.
B=${B:-build}
pass=0 fail=0
add() { # $1 = a line "...: N passed, M failed"
    p=$(echo "$1" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
    f=$(echo "$1" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))
}
echo "== $B: unit"
line=$("$B/unit" | tail -n 1) || true
echo "$line"; add "$line"
echo "== $B: cli"
line=$(RELMARK="$B/relmark" sh tests/cli/run.sh | tee /dev/stderr | tail -n 1) || true
add "$line"
echo "== $B: fuzz corpus replay"
for t in csv date money segmap readfile small_csv small_readfile; do
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
fi
echo "$pass $fail" > "$B/test-summary"
echo "$B: $pass passed, $fail failed"
[ "$fail" = 0 ]
