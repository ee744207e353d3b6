#!/bin/sh
# SPDX-License-Identifier: MIT
# hostile.sh — the hostile-input corpus (tests/data/hostile, issue 14) run
# against every command that reads each kind of input: for every line of
# tests/data/hostile/cases.txt, every command of the input's role must exit
# with the status given and say the message given. A run that exits 0 is
# run in each format (table, csv, --excel, json; report: HTML) and what it wrote is
# checked (tests/hostile_check.py): JSON that parses and is UTF-8, no CSV
# cell that a spreadsheet would run as a formula, no control character in a
# table, no markup from the data in HTML. A crash (a signal, a sanitizer's
# report) is a failure whatever the status expected.
# Prints "hostile: N passed, M failed".
B=${B:-build}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
R=$top/$B/relmark H=$here/data/hostile
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3 # the system's: the checker needs nothing else
pass=0 fail=0
ko() { fail=$((fail + 1)); echo "FAIL hostile: $*"; }
[ -x "$R" ] || { echo "FAIL hostile: $R: not built"; echo "hostile: 0 passed, 1 failed"; exit 1; }
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cd "$d" || exit 1

# the inputs too big to keep
make_input() {
    case $1 in
    field_10mb) { echo customer,date,amount; printf 'A,2024-01-01,"'; head -c 10485760 /dev/zero | tr '\0' x
                  printf '"\n'; } > field_10mb.csv ;;
    columns_100k) awk 'BEGIN { printf "customer,date,amount"; for (i = 0; i < 100000; i++) printf ",c%d", i
                  print ""; print "A,2024-01-01,5" }' > columns_100k.csv ;;
    quote_open_big) { echo customer,date,amount; echo A,2024-01-05,10; echo 'B,2024-01-06,"12'
                  awk 'BEGIN { for (i = 0; i < 70000; i++) print "C" i ",2024-01-07,30" }'; } > quote_open_big.csv ;;
    cr_only_big) awk 'BEGIN { ORS = "\r"; print "customer,date,amount"
                  for (i = 0; i < 60000; i++) print "K" i % 700 "," 2024 + i % 2 "-0" 1 + i % 9 "-1" i % 10 "," i % 97 + 1 }' > cr_only_big.csv ;;
    config_dir) mkdir -p config_dir ;;
    esac
}

# the command lines of a role, one a line, @ for the input (base files: a
# benign input of each other kind, so that only the hostile one is at fault)
roles() {
    base=$H/base.csv fbk=$H/fbk_base.csv ans=$H/ans_base.csv
    case $1 in
    # clv too: base.csv's customers buy and drop out as BG/NBD has it, so the
    # fit identifies the model (docs/clv.md refuses data that do not, exit 65)
    tx) printf '%s\n' "rfm @" "rate @" "retention @" "cohorts @" "stages @" "abcxyz @" "clv @" \
            "portfolio @" "report @" "feedback $fbk --transactions @" ;;
    customers) printf '%s\n' "rate $base --customers @" "stages $base --customers @" \
            "portfolio $base --customers @" "retention $base --by category --customers @" \
            "feedback $fbk --transactions $base --customers @" "report $base --customers @" ;;
    feedback) printf '%s\n' "feedback @" "feedback @ --transactions $base" "stages $base --feedback @" \
            "portfolio $base --orientation --feedback @" "report $base --feedback @" ;;
    answers) printf '%s\n' "survey @" "report $base --survey @ --as-of 2026-12-31" ;;
    # not demo: it takes no --config and reads no file (exit 64: cases/demo_no_config)
    config) printf '%s\n' "rfm $base --config @" "rate $base --config @" "retention $base --config @" \
            "cohorts $base --config @" "stages $base --config @" "abcxyz $base --config @" \
            "clv $base --config @" "portfolio $base --config @" "report $base --config @" \
            "feedback $fbk --config @" "survey $ans --config @" ;;
    segments) printf '%s\n' "rfm $base --segments @" "retention $base --by segment --segments @" \
            "stages $base --segments @" "feedback $fbk --transactions $base --segments @" ;;
    scale) printf '%s\n' "rate $base --scale @" "stages $base --scale @" \
            "retention $base --by category --scale @" "feedback $fbk --transactions $base --scale @" ;;
    questionnaire) printf '%s\n' "survey $ans --questionnaire @" \
            "report $base --survey $ans --questionnaire @ --as-of 2026-12-31" ;;
    *) return 1 ;;
    esac
}

# one run: label, expected exit, message, format, command line (words)
n=0
: > checks
one() {
    what=$1 want=$2 msg=$3 fmt=$4; shift 4
    n=$((n + 1))
    case $1 in
    report|demo) "$R" "$@" -o "out$n.html" > /dev/null 2> err; rc=$?; fmt=html; out=out$n.html ;;
    *) if [ $fmt = excel ]; then "$R" "$@" --excel > "out$n.csv" 2> err; rc=$?; fmt=csv
       else "$R" "$@" --format "$fmt" > "out$n.$fmt" 2> err; rc=$?; fi
       out=out$n.$fmt ;;
    esac
    if [ $rc -ge 128 ] || grep -q 'Sanitizer\|runtime error' err; then
        ko "$what: crashed (exit $rc): $(grep -m 3 . err)"; return
    fi
    ok=1
    [ "$rc" = "$want" ] || { ok=0; ko "$what: exit $rc, want $want: $(grep -a -m 1 '^relmark' err)"; }
    if [ "$msg" != - ] && ! grep -aqE "^relmark: .*$msg" err; then
        ok=0; ko "$what: stderr has no /$msg/: $(grep -a -m 2 . err)"
    fi
    [ $ok = 1 ] && pass=$((pass + 1))
    # an exit 0 run: what it wrote, checked at the end in one go
    [ "$rc" = 0 ] && [ "$want" = 0 ] && echo "$fmt $out $what" >> checks
    [ "$rc" = 0 ] || rm -f "$out"
}

grep -v '^#' "$H/cases.txt" | grep . > cases
while IFS='|' read -r input role want msg; do
    case $input in
    @*) input=${input#@}; make_input "$input"
        [ -e "$input.csv" ] && path=$d/$input.csv || path=$d/$input ;;
    *) path=$H/$input ;;
    esac
    roles "$role" > lines || { ko "$input: unknown role $role"; continue; }
    while read -r line; do
        cmd=$(echo "$line" | sed "s|@|$path|")
        label="$input: relmark $(echo "$line" | sed "s|$H/||g")"
        if [ "$want" = 0 ]; then
            for fmt in table csv excel json; do
                one "$label --format $fmt" "$want" "$msg" $fmt $cmd
                case $cmd in report*|demo*) break ;; esac
            done
        else
            one "$label" "$want" "$msg" csv $cmd
        fi
    done < lines
    rm -f "$d/$input.csv"; [ -d "$d/$input" ] && rmdir "$d/$input"
done < cases

# the checker must see a planted fault of each kind, or the checks below
# could pass whatever relmark writes
printf '{"a": "\377"}' > p.json; printf 'id,n\n=1+2,3\n' > p.csv; printf 'A\033[2J\n' > p.table
printf '<p><script>alert(1)</script>' > p.html; printf '[1, 2]' > q.json; printf "id\n'=1,5\n-5x\n" > q.csv
printf 'json p.json planted\ncsv p.csv planted\ntable p.table planted\nhtml p.html planted\n' > planted
printf 'json q.json clean\ncsv q.csv clean\n' >> planted
if "$PY" "$here/hostile_check.py" < planted | grep -q '^checked 6 outputs, 4 bad$'; then pass=$((pass + 1))
else ko "the output checker misses a planted fault or flags a clean output: $("$PY" "$here/hostile_check.py" < planted 2>&1)"; fi

# what the exit 0 runs wrote
if [ -s checks ]; then
    out=$("$PY" "$here/hostile_check.py" < checks 2>&1); rc=$?
    printf '%s\n' "$out" | grep -v '^checked ' | sed 's/^/FAIL hostile: /'
    c=$(printf '%s\n' "$out" | sed -n 's/^checked \([0-9]*\) outputs, \([0-9]*\) bad$/\1 \2/p')
    if [ -z "$c" ] || [ $rc != 0 ] && [ "${c#* }" = 0 ]; then
        ko "the output checker did not run: $out"
    else
        pass=$((pass + ${c% *} - ${c#* })); fail=$((fail + ${c#* }))
    fi
fi
echo "hostile: $pass passed, $fail failed"
[ $fail = 0 ]
