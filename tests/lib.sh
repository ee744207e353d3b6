# SPDX-License-Identifier: MIT
# Sourced by the test scripts: count suites' results into $pass and $fail.
# Every suite ends with a line "...: N passed, M failed"; a suite that prints
# no such line, or exits non-zero (a sanitizer report at exit, a crash, a
# lost status) counts one failure more -- a check that cannot run is never
# a pass.
pass=${pass:-0} fail=${fail:-0}
add() { # $1 = a line "...: N passed, M failed"
    p=$(echo "$1" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\1/p')
    f=$(echo "$1" | sed -n 's/.* \([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed.*/\2/p')
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))
}
# run NAME CMD...: runs a suite with its stderr in $B/NAME.stderr, prints and
# adds its summary line, and counts its exit status
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
# run_shown NAME CMD...: the same with the suite's whole output shown
run_shown() {
    name=$1; shift
    "$@" > "$B/$name.out" 2>&1; rc=$?
    cat "$B/$name.out"
    line=$(tail -n 1 "$B/$name.out")
    add "$line"
    if [ $rc != 0 ]; then fail=$((fail + 1)); echo "FAIL $name: exit $rc"; fi
}
