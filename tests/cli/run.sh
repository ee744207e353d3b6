#!/bin/sh
# SPDX-License-Identifier: MIT
# CLI golden tests: each tests/cli/cases/NAME.sh is a shell snippet run in
# tests/cli/data with $RELMARK set; its stdout, stderr and exit code must
# equal NAME.out, NAME.err (absent = empty) and NAME.code (absent = 0), and
# the exit code of EVERY relmark call it makes, in the order the calls end,
# must equal NAME.calls -- so a call inside a pipe or before `;` cannot fail
# unseen. $RELMARK is a wrapper that records each call's code.
#
# The cases may use `first N` (or `first -c N`) in place of `head`: it prints
# the first N lines (bytes) and then the line count and a digest of the whole
# output, so the rest is pinned too, and it reads to the end, so relmark
# never meets a closed pipe.
#
#   sh tests/cli/run.sh            compare (the test)
#   sh tests/cli/run.sh --update [NAME...]
#                                  rewrite the expectations from the current
#                                  binary (make goldens-update); never a test:
#                                  review the diff, then run the test
here=$(cd "$(dirname "$0")" && pwd)
mode=test
if [ "${1:-}" = --update ]; then mode=update; shift; fi
[ -n "${UPDATE+set}" ] && echo "tests/cli/run.sh: UPDATE is ignored; goldens are rewritten only by make goldens-update" >&2
REAL=${RELMARK:-$here/../../build/relmark}
case $REAL in /*) ;; *) REAL=$(pwd)/$REAL ;; esac
[ -x "$REAL" ] || { echo "cli: $REAL: not built"; echo "cli: 0 passed, 1 failed"; exit 1; }
TMPDIR=$(mktemp -d)
w=$(mktemp -d) # the wrapper and the codes live outside the cases' $TMPDIR
export TMPDIR LC_ALL=C
unset COLUMNS # tables are fitted to it (docs/cli.md, "Tables"): a case sets it itself
cat > "$w/relmark" <<EOF
#!/bin/sh
"$REAL" "\$@"
rc=\$?
echo \$rc >> "$w/calls"
exit \$rc
EOF
chmod +x "$w/relmark"
cat > "$w/prelude.sh" <<'EOF'
first() { # first N | first -c N: the head of stdin, then its size and digest
    local _f _t
    if [ "$1" = -c ]; then _f="head -c $2"; else _f="head -n $1"; fi
    _t=$(mktemp); cat > "$_t"; $_f "$_t"
    [ "$1" = -c ] && echo
    printf '[... %s lines, %s bytes in all, sha256 %s]\n' "$(wc -l < "$_t" | tr -d ' ')" \
        "$(wc -c < "$_t" | tr -d ' ')" "$(sha256sum < "$_t" | cut -c1-16)"
    rm -f "$_t"
}
EOF
RELMARK=$w/relmark
export RELMARK
pass=0 fail=0 changed=0 skipped=0
# a case that says "# needs: unsanitized" (an address-space limit, say) is
# skipped -- and counted as skipped, not passed -- on a sanitizer's build;
# one that says "# needs: root", when not run as root
sanitized=
grep -aq '__asan_init\|__tsan_init\|__ubsan_handle' "$REAL" && sanitized=yes
cases=${CASES_DIR:-$here/cases} # another directory only for the runner's self-test
if [ $# -gt 0 ]; then
    set -- $(for n in "$@"; do echo "$cases/${n%.sh}.sh"; done)
else
    set -- "$cases"/*.sh
fi
for t in "$@"; do
    [ -f "$t" ] || { echo "FAIL $t: no such case"; fail=$((fail + 1)); continue; }
    name=$(basename "$t" .sh)
    exp=${t%.sh}
    if [ -n "$sanitized" ] && grep -q '^# needs: unsanitized' "$t"; then
        skipped=$((skipped + 1)); echo "skip $name: needs an unsanitized build"; continue
    fi
    # "# needs: root": the case makes files of another user (chown); skipped,
    # and counted as skipped, when the tests do not run as root
    if [ "$(id -u)" != 0 ] && grep -q '^# needs: root' "$t"; then
        skipped=$((skipped + 1)); echo "skip $name: needs root"; continue
    fi
    : > "$w/calls"
    (cd "$here/data" && sh -c '. "$1"; . "$2"' case "$w/prelude.sh" "$t") > "$TMPDIR/out" 2> "$TMPDIR/err"
    echo $? > "$TMPDIR/code"
    if [ $mode = update ]; then
        for f in out err code calls; do
            case $f in out) new=$TMPDIR/out ;; calls) new=$w/calls ;; *) new=$TMPDIR/$f ;; esac
            keep=1
            case $f in
            err) [ -s "$new" ] || keep=0 ;;
            code) [ "$(cat "$new")" != 0 ] || keep=0 ;;
            calls) [ -s "$new" ] || keep=0 ;;
            esac
            if [ $keep = 1 ]; then
                cmp -s "$new" "$exp.$f" || { cp "$new" "$exp.$f"; changed=$((changed + 1)); echo "rewrote $name.$f"; }
            elif [ -f "$exp.$f" ]; then
                rm -f "$exp.$f"; changed=$((changed + 1)); echo "removed $name.$f"
            fi
        done
        continue
    fi
    [ -f "$exp.err" ] && experr="$exp.err" || experr=/dev/null
    [ -f "$exp.calls" ] && expcalls="$exp.calls" || expcalls=/dev/null
    expcode=0
    [ -f "$exp.code" ] && expcode=$(cat "$exp.code")
    ok=1
    cmp -s "$TMPDIR/out" "$exp.out" || { ok=0; echo "FAIL $name: stdout differs"; diff "$exp.out" "$TMPDIR/out" | head -10; }
    cmp -s "$TMPDIR/err" "$experr" || { ok=0; echo "FAIL $name: stderr differs"; diff "$experr" "$TMPDIR/err" | head -10; }
    [ "$(cat "$TMPDIR/code")" = "$expcode" ] || { ok=0; echo "FAIL $name: exit $(cat "$TMPDIR/code"), want $expcode"; }
    cmp -s "$w/calls" "$expcalls" || { ok=0; echo "FAIL $name: relmark's exit codes $(tr '\n' ' ' < "$w/calls")want $(tr '\n' ' ' < "$expcalls")"; }
    if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
rm -rf "$TMPDIR" "$w"
if [ $mode = update ]; then
    echo "cli goldens: $changed files rewritten or removed -- NOT a test run: review git diff tests/cli/cases, then make test"
    exit 0
fi
[ $skipped = 0 ] || echo "cli: $skipped skipped on this build (see above)"
echo "cli: $pass passed, $fail failed"
[ $fail = 0 ]
