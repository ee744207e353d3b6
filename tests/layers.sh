#!/bin/sh
# SPDX-License-Identifier: MIT
# The layers of src/ (docs/HACKING.md): a file may include the public
# header and the headers of its own layer or a lower one, never a higher
# one. base (0) < read, store, config (1) < core (2) < analysis (3) < report (4). Also: no
# function longer than 120 lines in src/ (the issue's limit; a longer one is
# a sign of two jobs in one). Prints "layers: N passed, M failed".
pass=0 fail=0
layer() {
    case $1 in
    src/base/*) echo 0 ;; src/read/* | src/store/* | src/config/*) echo 1 ;; src/core/*) echo 2 ;;
    src/analysis/*) echo 3 ;; src/report/*) echo 4 ;; *) echo 9 ;;
    esac
}
for f in $(find src -name '*.[ch]' | sort); do
    lf=$(layer "$f")
    bad=
    [ "$lf" = 9 ] && bad="$bad (not in a layer's folder)"
    for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
        [ "$h" = relmark.h ] && continue
        hp=$(find src -name "$h" | head -n 1)
        if [ -z "$hp" ]; then bad="$bad $h (not found)"; continue; fi
        lh=$(layer "$hp")
        [ "$lh" -gt "$lf" ] && bad="$bad $hp"
    done
    if [ -n "$bad" ]; then fail=$((fail + 1)); echo "FAIL layers: $f includes a higher layer:$bad"
    else pass=$((pass + 1)); fi
done
# Function length: from a line "NAME(...)" + "{" at column 0 to the "}" at
# column 0. Over 120 lines in a file of src/ or cli/ fails (one check per
# file).
MAX_LINES=120
# every function over MAX_LINES in the files given: "file:line: N lines: signature"
long_functions() {
    awk -v max=$MAX_LINES 'FNR == 1 { start = 0 }
        /^[a-zA-Z].*\(/ { sig = FNR; name = $0 }
        /^\{/ { start = FNR; fname = name }
        /^\}/ && start { n = FNR - start; if (n > max) printf "%s:%d: %d lines: %s\n", FILENAME, start, n, fname; start = 0 }' "$@"
}
# the measure must see a planted function one line too long, or every file
# below would pass a check that cannot fail
planted=$(mktemp) || exit 1
{
    echo 'static int planted(int x)'
    echo '{'
    i=0
    while [ $i -lt $MAX_LINES ]; do echo '    x++;'; i=$((i + 1)); done
    echo '}'
} > "$planted"
if [ -n "$(long_functions "$planted")" ]; then pass=$((pass + 1))
else fail=$((fail + 1)); echo "FAIL layers: the length check misses a function of $((MAX_LINES + 1)) lines"; fi
rm -f "$planted"
long=$(long_functions $(find src cli -name '*.c' | sort))
for f in $(find src cli -name '*.c' | sort); do
    mine=$(printf '%s\n' "$long" | awk -F: -v f="$f" '$1 == f')
    if [ -n "$mine" ]; then
        fail=$((fail + 1))
        printf '%s\n' "$mine" | sed "s/^/FAIL layers: over $MAX_LINES lines (cut it along its seams): /"
    else
        pass=$((pass + 1))
    fi
done
echo "layers: $pass passed, $fail failed"
[ $fail = 0 ]
