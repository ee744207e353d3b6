#!/bin/sh
# The layers of src/ (docs/HACKING.md): a file may include the public
# header and the headers of its own layer or a lower one, never a higher
# one. base (0) < read, config (1) < core (2) < analysis (3) < report (4). Also: no
# function longer than 120 lines in src/ or cli/ (the limit; a
# longer one is a sign of two jobs in one). Prints "layers: N passed, M failed".
pass=0 fail=0
layer() {
    case $1 in
    src/base/*) echo 0 ;; src/read/* | src/config/*) echo 1 ;; src/core/*) echo 2 ;;
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
# function length: from a line "NAME(...)" + "{" at column 0 to the "}" at column 0
long=$(awk 'FNR == 1 { start = 0 }
    /^[a-zA-Z].*\(/ { sig = FNR; name = $0 }
    /^\{/ { start = FNR; fname = name }
    /^\}/ && start { n = FNR - start; if (n > 120) printf "%s:%d: %d lines: %s\n", FILENAME, start, n, fname; start = 0 }' \
    $(find src cli -name '*.c' | sort))
if [ -n "$long" ]; then
    n=$(printf '%s\n' "$long" | wc -l)
    echo "layers: $n functions over 120 lines (not yet a failure; see docs/HACKING.md):"
    printf '%s\n' "$long" | sed 's/^/    /'
fi
echo "layers: $pass passed, $fail failed"
[ $fail = 0 ]
