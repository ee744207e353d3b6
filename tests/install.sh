#!/bin/sh
# SPDX-License-Identifier: MIT
# make install into a scratch DESTDIR; a program builds against the
# installed header with pkg-config, static and shared; the shared library
# exports nothing but rmk_*. Prints "install: N passed, M failed".
B=${B:-build}
d=$(mktemp -d)
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL install: $1"; }
make --no-print-directory -s install B="$B" DESTDIR="$d" PREFIX=/usr/local >/dev/null 2>&1 && ok || ko "make install"
cat > "$d/p.c" <<'C'
#include <relmark.h>
#include <stdio.h>
int main(void)
{
    rmk_agg *a = rmk_agg_new();
    int ok = a && rmk_agg_add(a, "x", 1, NULL, 0, 20000, 10000, NULL, 0) == RMK_OK;
    rmk_agg_free(a);
    printf("%s %d\n", RELMARK_VERSION, ok);
    return !ok;
}
C
pc="$d/usr/local/lib/pkgconfig"
flags=$(PKG_CONFIG_PATH=$pc pkg-config --cflags relmark | sed "s|/usr/local|$d/usr/local|g")
libs=$(PKG_CONFIG_PATH=$pc pkg-config --libs relmark | sed "s|/usr/local|$d/usr/local|g")
static=$(PKG_CONFIG_PATH=$pc pkg-config --static --libs relmark | sed "s|/usr/local|$d/usr/local|g")
cc $flags "$d/p.c" $libs -o "$d/p_shared" 2>/dev/null && LD_LIBRARY_PATH="$d/usr/local/lib" "$d/p_shared" >/dev/null && ok || ko "shared build"
cc $flags "$d/p.c" -static-libgcc "$d/usr/local/lib/librelmark.a" $(echo "$static" | sed 's/-L[^ ]*//; s/-lrelmark//') -o "$d/p_static" 2>/dev/null && "$d/p_static" >/dev/null && ok || ko "static build"
# the exported symbols: nm must run and list the library's own, or the check
# fails (a check that cannot run is not a pass)
NM=${NM:-nm}
if syms=$("$NM" -D --defined-only "$d/usr/local/lib/librelmark.so" 2>&1) &&
   printf '%s\n' "$syms" | grep -q ' T rmk_agg_new$'; then
    extra=$(printf '%s\n' "$syms" | awk '{print $3}' | grep -v '^rmk_' | grep -v '^_' || true)
    [ -z "$extra" ] && ok || ko "exports other than rmk_*: $extra"
else
    ko "cannot list the exported symbols with $NM: $(printf '%s' "$syms" | head -c 200)"
fi
[ -x "$d/usr/local/bin/relmark" ] && "$d/usr/local/bin/relmark" --version >/dev/null && ok || ko "installed relmark"
# the installed demo finds its samples in PREFIX/share/relmark/examples
(cd "$d" && LD_LIBRARY_PATH="$d/usr/local/lib" "$d/usr/local/bin/relmark" demo -o demo >/dev/null) &&
    [ -s "$d/demo/b2b.html" ] && ok || ko "installed relmark demo"
# make, then make install with another PREFIX: the .pc names the install's
# prefix, not the build's (the tree above was built with the default)
d2=$(mktemp -d)
make --no-print-directory -s install B="$B" DESTDIR="$d2" PREFIX=/opt/relmark-test >/dev/null 2>&1 &&
    [ "$(sed -n 's/^prefix=//p' "$d2/opt/relmark-test/lib/pkgconfig/relmark.pc")" = /opt/relmark-test ] &&
    [ "$(echo $(PKG_CONFIG_PATH="$d2/opt/relmark-test/lib/pkgconfig" pkg-config --cflags relmark))" = -I/opt/relmark-test/include ] &&
    ok || ko "make install PREFIX=/opt/relmark-test: the .pc does not name that prefix"
rm -rf "$d" "$d2"
echo "install: $pass passed, $fail failed"
[ $fail = 0 ]
