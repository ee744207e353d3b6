#!/bin/sh
# SPDX-License-Identifier: MIT
# valgrind.sh — `make test-valgrind` (docs/HACKING.md): the unit tests and a
# sample of the CLI goldens under valgrind's memcheck -- uninitialised
# reads, invalid accesses and definite or indirect leaks -- in the plain
# build, which the sanitizers do not see. A valgrind error makes relmark exit
# 99 (a golden's .calls differs) and prints its report on stderr (a golden's
# .err differs). Slow (about 20x): kept out of make test.
# Prints "valgrind: N passed, M failed".
B=${B:-build}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --track-origins=yes"
command -v valgrind > /dev/null || { echo "FAIL valgrind: valgrind is not installed"; echo "valgrind: 0 passed, 1 failed"; exit 1; }
pass=0 fail=0
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
# valgrind as run here must see a planted leak and a planted read of
# uninitialised memory, or every check below could pass unseen
cat > "$d/planted.c" <<'C'
#include <stdlib.h>
int main(int c, char **v)
{
    int *p = malloc(64 * sizeof *p); /* never freed: a leak */
    p[0] = c;
    if (c > 1) return p[1] ? 3 : 4; /* p[1] never set */
    p = 0;
    return v[0][0] == 0;
}
C
if ${CC:-cc} -g -O0 -o "$d/planted" "$d/planted.c" 2> "$d/cc.err"; then
    for a in "" x; do
        $VG "$d/planted" $a > /dev/null 2>&1
        rc=$?
        if [ $rc = 99 ]; then pass=$((pass + 1))
        else fail=$((fail + 1)); echo "FAIL valgrind: a planted ${a:+uninitialised read}${a:-leak} exited $rc, not 99"; fi
    done
else
    fail=$((fail + 1)); echo "FAIL valgrind: cannot build the planted faults: $(head -3 "$d/cc.err")"
fi
# the unit tests: memcheck's verdict (exit 99) counts. A value that differs
# only under valgrind is named, not counted: valgrind's CPU rounds some
# floating-point steps otherwise (x87 long double in 64 bits, for one), and a
# fit may move in the 14th digit (test_clv_newton_not_below_the_old_fit:
# 1.4e-10 in a log-likelihood of -9595); the values are make test's to pin
out=$(cd "$top" && $VG "$B/unit" 2> "$d/unit.err"); rc=$?
line=$(printf '%s\n' "$out" | tail -n 1)
echo "$line"
if [ $rc = 99 ] || ! echo "$line" | grep -q '^unit: [0-9]* passed'; then
    fail=$((fail + 1)); echo "FAIL valgrind: unit tests: exit $rc"; head -40 "$d/unit.err"
else
    pass=$((pass + 1))
    grep '^FAIL ' "$d/unit.err" | sed 's/^FAIL /valgrind: differs under valgrind only (not a memory error): /'
fi
# a sample of the goldens: every command and format, the error paths, the
# readers' hostile inputs; relmark run by valgrind through a wrapper
cat > "$d/relmark" <<W
#!/bin/sh
exec $VG "$top/$B/relmark" "\$@"
W
chmod +x "$d/relmark"
CASES="rfm_table rfm_json rfm_summary_csv rfm_excel rfm_utf16 rfm_bad_cp1251 rfm_skip_bad rfm_config
rate_csv rate_json rate_b2b_summary retention_table retention_json cohorts_table stages_table
stages_csv stages_summary_json feedback_table feedback_json abcxyz_json abcxyz_b2b_csv clv_b2b_summary
portfolio_csv portfolio_json survey_b2b_json survey_b2b_summary_csv config_bad_files names_utf8
csv_formula_cells unclosed_quote nul_byte_ids nul_in_numbers table_control_chars output_names_and_modes
map_column_twice first_error_wins"
out=$(RELMARK="$d/relmark" sh "$here/cli/run.sh" $CASES 2>&1); rc=$?
printf '%s\n' "$out" | grep -v '^cli: '
line=$(printf '%s\n' "$out" | tail -n 1)
echo "$line"
p=$(echo "$line" | sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
f=$(echo "$line" | sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
pass=$((pass + ${p:-0})); fail=$((fail + ${f:-1}))
[ $rc = 0 ] || [ "${f:-1}" != 0 ] || fail=$((fail + 1))
echo "valgrind: $pass passed, $fail failed"
[ $fail = 0 ]
