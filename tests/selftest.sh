#!/bin/sh
# SPDX-License-Identifier: MIT
# The test runner's own holes, each planted on purpose: a runner that can
# miss a failure is no runner. Each check runs a piece of the runner on a
# planted fault and passes only when the runner reports the fault.
#   sh tests/selftest.sh        the runner holes (plain build)
#   sh tests/selftest.sh race   a data race under ThreadSanitizer ($B is the
#                               TSan tree; clang is the compiler)
# Prints "selftest: N passed, M failed".
B=${B:-build}
here=$(cd "$(dirname "$0")" && pwd)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL selftest: $1"; }
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT

# count LINES...: what tests/lib.sh makes of a suite: "PASS FAIL"
count() ( B=$d; pass=0 fail=0; . "$here/lib.sh"; run planted "$@" > /dev/null; echo "$pass $fail" )

if [ "${1:-}" = race ]; then
    # a data race in a suite that prints a passing line must fail it
    if clang -g -O1 -fsanitize=thread -o "$d/race" "$here/selftest/race.c" -lpthread 2> "$d/cc.err"; then
        r=$(count "$d/race")
        [ "${r#* }" != 0 ] && ok || ko "a ThreadSanitizer race counted as '$r' (passed failed)"
    else
        ko "cannot build the planted race: $(head -3 "$d/cc.err")"
    fi
    echo "selftest: $pass passed, $fail failed"
    [ $fail = 0 ]
    exit
fi

# 1. a planted golden mismatch fails under any UPDATE variable, and the
#    expected file is left as it was
mkdir -p "$d/cases"
echo '$RELMARK --version' > "$d/cases/planted.sh"
echo 'not what relmark prints' > "$d/cases/planted.out"
for u in 1 yes true 0 ''; do
    out=$(UPDATE=$u CASES_DIR="$d/cases" RELMARK="$B/relmark" sh "$here/cli/run.sh" 2>&1); rc=$?
    last=$(printf '%s\n' "$out" | tail -n 1)
    if [ $rc != 0 ] && [ "$last" = "cli: 0 passed, 1 failed" ] &&
       [ "$(cat "$d/cases/planted.out")" = 'not what relmark prints' ]; then ok
    else ko "UPDATE='$u': a golden mismatch gave exit $rc, '$last'"; fi
done

# 2. a relmark call that fails inside a pipe, before the case's last
#    command, fails the case though stdout, stderr and the case's status match
echo '$RELMARK --no-such-flag 2>/dev/null | cat; echo done' > "$d/cases/planted.sh"
echo done > "$d/cases/planted.out"
out=$(CASES_DIR="$d/cases" RELMARK="$B/relmark" sh "$here/cli/run.sh" 2>&1); rc=$?
[ $rc != 0 ] && printf '%s\n' "$out" | grep -q "exit codes 64 want" && ok ||
    ko "a failing relmark call in a pipe went unseen: $out"

# 3. rewriting goldens is never a test run: it does not say "passed"
cp "$d/cases/planted.out" "$d/want"
out=$(CASES_DIR="$d/cases" RELMARK="$B/relmark" sh "$here/cli/run.sh" --update 2>&1)
if printf '%s\n' "$out" | grep -q passed; then ko "the golden update printed 'passed': $out"
elif [ "$(cat "$d/cases/planted.calls" 2>/dev/null)" != 64 ]; then ko "the golden update did not record the call's code"
else ok; fi

# 4. a suite that exits non-zero fails though its line says 0 failed; a
#    suite that prints no summary line fails
printf '#!/bin/sh\necho "x: 3 passed, 0 failed"\nexit 66\n' > "$d/bad_exit"
printf '#!/bin/sh\necho "crashed before its summary"\n' > "$d/no_line"
chmod +x "$d/bad_exit" "$d/no_line"
r=$(count "$d/bad_exit"); [ "$r" = "3 1" ] && ok || ko "exit 66 with a passing line counted as '$r'"
r=$(count "$d/no_line"); [ "$r" = "0 1" ] && ok || ko "no summary line counted as '$r'"

# 5. install.sh fails when nm is missing or broken
for nm in "$d/no-such-nm" false; do
    out=$(NM=$nm B="$B" sh "$here/install.sh" 2>&1); rc=$?
    [ $rc != 0 ] && printf '%s\n' "$out" | grep -q "cannot list the exported symbols" && ok ||
        ko "install.sh with NM=$nm: exit $rc, $(printf '%s\n' "$out" | tail -n 1)"
done

# 6. no golden names this checkout's own path: it would pass here and fail
#    in any other clone (CI's)
top=$(cd "$here/.." && pwd)
bad=$(grep -l -F "$top" "$here"/cli/cases/*.out "$here"/cli/cases/*.err 2>/dev/null)
[ -z "$bad" ] && ok || ko "goldens that name $top: $bad"

# 7. the report's browser checks see a planted fault: a chart without a
#    drawn mark, a section missing, a table cell off by a cent, a request
#    of the page's in the browser's network log
PY=${PYTHON:-/usr/bin/python3}
cat > "$d/page.html" <<'HTML'
<section id="a"><svg class="chart"><title>empty</title><rect class="mark" x="1" y="1" width="0" height="5"/></svg>
<table data-t="t"><tbody><tr><td data-v="x">x</td><td data-v="1.00">1</td></tr></tbody></table></section>
HTML
printf 'k,v\nx,1.01\n' > "$d/t.csv"
$PY "$here/report_check.py" dom "$d/page.html" a > /dev/null && ko "a chart without a drawn mark passed" || ok
$PY "$here/report_check.py" dom "$d/page.html" a,b > /dev/null && ko "a missing section passed" || ok
$PY "$here/report_check.py" table "$d/page.html" t "$d/t.csv" "k=0,v=1" > /dev/null && ko "a table differing from its CSV passed" || ok
cat > "$d/net.json" <<'JSON'
{"constants": {"logEventTypes": {"URL_REQUEST_START_JOB": 7}},
 "events": [{"type": 7, "params": {"url": "file:///r.html", "network_isolation_key": "file://"}},
            {"type": 7, "params": {"url": "http://example.com/x.png", "network_isolation_key": "file:// file://"}}]}
JSON
$PY "$here/report_check.py" net "$d/net.json" file:///r.html > /dev/null && ko "a request of the page's passed" || ok

echo "selftest: $pass passed, $fail failed"
[ $fail = 0 ]
