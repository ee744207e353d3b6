#!/bin/sh
# CLI golden tests: each tests/cli/cases/NAME.sh is a shell snippet run in
# tests/cli/data with $RELMARK set; its stdout, stderr and exit code must
# equal NAME.out, NAME.err (absent = empty) and NAME.code (absent = 0).
# UPDATE=1 rewrites the expectations from the current binary (review the diff!).
here=$(cd "$(dirname "$0")" && pwd)
RELMARK=${RELMARK:-$here/../../build/relmark}
case $RELMARK in /*) ;; *) RELMARK=$(pwd)/$RELMARK ;; esac
export RELMARK LC_ALL=C
TMPDIR=$(mktemp -d)
export TMPDIR
pass=0 fail=0
for t in "$here"/cases/*.sh; do
    name=$(basename "$t" .sh)
    exp=${t%.sh}
    (cd "$here/data" && sh "$t") > "$TMPDIR/out" 2> "$TMPDIR/err"
    echo $? > "$TMPDIR/code"
    if [ "${UPDATE:-0}" = 1 ]; then
        cp "$TMPDIR/out" "$exp.out"
        if [ -s "$TMPDIR/err" ]; then cp "$TMPDIR/err" "$exp.err"; else rm -f "$exp.err"; fi
        if [ "$(cat "$TMPDIR/code")" != 0 ]; then cp "$TMPDIR/code" "$exp.code"; else rm -f "$exp.code"; fi
    fi
    [ -f "$exp.err" ] && experr="$exp.err" || experr=/dev/null
    expcode=0
    [ -f "$exp.code" ] && expcode=$(cat "$exp.code")
    ok=1
    cmp -s "$TMPDIR/out" "$exp.out" || { ok=0; echo "FAIL $name: stdout differs"; diff "$exp.out" "$TMPDIR/out" | head -10; }
    cmp -s "$TMPDIR/err" "$experr" || { ok=0; echo "FAIL $name: stderr differs"; diff "$experr" "$TMPDIR/err" | head -10; }
    [ "$(cat "$TMPDIR/code")" = "$expcode" ] || { ok=0; echo "FAIL $name: exit $(cat "$TMPDIR/code"), want $expcode"; }
    if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
rm -rf "$TMPDIR"
echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
