#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the suites named in $SUITES (default: all) against one build tree ($B,
# default build): unit tests, CLI golden tests (incl. the CDNOW NTILE check),
# allocation failures, fuzz-corpus replays; on the plain build also the
# install, the C programs of docs/library.md and the runner's own self-test.
# Writes "PASSED FAILED" to $SUMMARY (default $B/test-summary) and prints
# the summary line. `run.sh --list` prints the default suites of $B (make
# test runs each of them as a target of its own).
B=${B:-build}
here=$(dirname "$0")
. "$here/lib.sh"
plain="unit cli oom replay fault hostile ws serve serve_kill"
[ "$B" = build ] && plain="$plain install docs selftest layers mutations report dash pg" # a sanitized library needs its runtime
if [ "${1:-}" = --list ]; then echo $plain; exit 0; fi
SUITES=${SUITES:-$plain}
SUMMARY=${SUMMARY:-$B/test-summary}
mkdir -p "$(dirname "$SUMMARY")"
for s in $SUITES; do
    echo "== $B: $s"
    t0=$(date +%s)
    case $s in
    unit)
        run unit "$B/unit"
        # a TEST() not listed in tests.def never runs: two did, unseen
        def=$(mktemp)
        sed -n 's/^X(\(.*\))$/\1/p' tests/unit/tests.def | sort > "$def"
        missing=$(grep -ho '^TEST([a-z0-9_]*)' tests/unit/test_*.c | sed 's/^TEST(\(.*\))$/\1/' | sort |
            comm -23 - "$def" | tr '\n' ' ')
        rm -f "$def"
        if [ -z "$missing" ]; then
            echo "unit: every TEST() is in tests/unit/tests.def"; pass=$((pass + 1))
        else
            echo "FAIL unit: not in tests/unit/tests.def (never run): $missing"; fail=$((fail + 1))
        fi ;;
    cli) RELMARK="$B/relmark" run_shown cli sh "$here/cli/run.sh" ;;
    oom) run oom "$B/oom" tests/cli/data/orders.csv tests/cli/data/rate_invoices.csv tests/cli/data/rate_clients.csv ;;
    replay)
        for t in csv date money segmap readfile scale feedback survey custfile xlsx config colrole small_csv small_readfile; do
            corpus=$t
            case $t in readfile|small_*) corpus=csv ;; esac
            if out=$("$B/replay_$t" "fuzz/corpus/$corpus" 2>&1); then
                echo "replay_$t: $out"; pass=$((pass + 1))
            else
                echo "FAIL replay_$t: $out"; fail=$((fail + 1))
            fi
        done ;;
    fault) B="$B" run_shown fault sh "$here/fault.sh" ;; # write(2), read(2) failing: tests/fault/
    hostile) B="$B" run_shown hostile sh "$here/hostile.sh" ;; # tests/data/hostile against every command
    install) B="$B" run_shown install sh "$here/install.sh" ;;
    docs) B="$B" run_shown docs sh "$here/docs.sh" ;;
    selftest) B="$B" run_shown selftest sh "$here/selftest.sh" ;;
    layers) run_shown layers sh "$here/layers.sh" ;;
    report) B="$B" run_shown report sh "$here/report.sh" ;; # the HTML report in chromium
    dash) B="$B" run_shown dash sh "$here/dash.sh" ;; # relmark serve's dashboard in chromium
    mutations) run mutations perl tools/mutate.pl --check tests/mutations.txt ;; # the list fits the tree
    pg) B="$B" run_shown pg sh "$here/pg.sh" ;; # the PostgreSQL extension in a cluster of its own
    race) B="$B" run_shown race sh "$here/selftest.sh" race ;;
    ws) B="$B" run_shown ws sh "$here/ws.sh" ;; # the workspace: kill -9, two imports, read-only
    serve) B="$B" run_shown serve sh "$here/serve.sh" ;; # relmark serve driven with curl
    serve_kill) B="$B" run_shown serve_kill sh "$here/serve_kill.sh" ;; # SIGKILL and SIGTERM under load
    *) echo "FAIL: unknown suite $s"; fail=$((fail + 1)) ;;
    esac
    echo "-- $B: $s took $(($(date +%s) - t0)) s" # wall time, for docs/HACKING.md's table
done
echo "$pass $fail" > "$SUMMARY"
echo "$B ($SUITES): $pass passed, $fail failed"
[ "$fail" = 0 ]
