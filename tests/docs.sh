#!/bin/sh
# SPDX-License-Identifier: MIT
# The C programs of docs/library.md (each ```c block that opens with
# "/* NAME.c") build with the page's static link line, and every session the
# page shows ("    $ ./NAME ARGS" and the lines under it) prints what it
# shows. Prints "docs: N passed, M failed".
B=${B:-build}
page=docs/library.md
d=$(mktemp -d)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL docs: $1"; }
awk -v d="$d" '
    /^```c$/ { inb = 1; name = ""; next }
    /^```$/ && inb { inb = 0; if (name != "") close(d "/" name); next }
    inb && name == "" && match($0, /^\/\* [a-z_0-9]+\.c/) {
        name = substr($0, 4, RLENGTH - 3); print name >> (d "/programs") }
    inb && name != "" { print > (d "/" name) }
    /^    \$ \.\// { n++; c = substr($0, 7); print c > (d "/cmd" n); close(d "/cmd" n)
                     printf "" > (d "/want" n); sess = 1; next }
    sess && /^    / && !/^    \$ / { print substr($0, 5) >> (d "/want" n); next }
    { sess = 0 }
' "$page"
[ -s "$d/programs" ] || ko "no program found in $page"
# the link line the page gives, with this tree's build directory
libs=$(sed -n 's|^    cc -Iinclude prog.c build/librelmark.a \(.*\)$|\1|p' "$page" | head -n 1)
[ -n "$libs" ] || ko "no static link line in $page"
for c in $(cat "$d/programs" 2>/dev/null); do
    if cc -std=c11 -Wall -Wextra -Werror -Iinclude "$d/$c" "$B/librelmark.a" $libs \
          -o "$d/${c%.c}" 2> "$d/cc.err"; then ok; else ko "$c does not build: $(head -3 "$d/cc.err")"; fi
done
i=1
while [ -f "$d/cmd$i" ]; do
    cmd=$(sed "s|^\./|$d/|" "$d/cmd$i")
    sh -c "$cmd" > "$d/got$i" 2>&1
    if cmp -s "$d/got$i" "$d/want$i"; then ok; else
        ko "session '$(cat "$d/cmd$i")' prints otherwise:"; diff "$d/want$i" "$d/got$i" | head -8
    fi
    i=$((i + 1))
done
rm -rf "$d"
# every source file says its licence (LICENSE; tools/spdx.py adds the line)
if [ -d .git ] || git rev-parse --git-dir >/dev/null 2>&1; then
    if out=$(python3 tools/spdx.py --check 2>&1); then ok; else ko "no SPDX line in: $(echo "$out" | head -5 | tr '\n' ' ')"; fi
fi
echo "docs: $pass passed, $fail failed"
[ $fail = 0 ]
