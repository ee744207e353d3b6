#!/bin/sh
# SPDX-License-Identifier: MIT
# Installs the Debian 12 packages relmark's build and tests need, if missing.
# Run as root (or with sudo). With "bench" also the benchmark's peers' needs.
set -e
pkgs="build-essential pkg-config libinih-dev libnlopt-dev libxlsxwriter-dev clang libclang-rt-14-dev locales"
# Excel workbooks read as input: .xlsx with libzip and expat, .xls with FreeXL (docs/input.md)
pkgs="$pkgs libzip-dev libexpat1-dev libfreexl-dev"
# the workspace (docs/workspace.md): SQLite; the tests look inside with python3's sqlite3
pkgs="$pkgs libsqlite3-dev"
# relmark serve (docs/api.md): HTTP, JSON, the tokens' SHA-256; its tests drive it with curl,
# its benchmark with wrk; openssl makes the TLS test's certificate
pkgs="$pkgs libmicrohttpd-dev libjansson-dev nettle-dev curl wrk openssl"
# the report's tests: a real browser; Debian's python3 with PIL to cut its screenshots and
# openpyxl to read its workbook back
pkgs="$pkgs chromium python3 python3-pil python3-openpyxl"
# the PostgreSQL extension (pg/, docs/postgres.md): the server, to test in, and its headers
pkgs="$pkgs postgresql-15 postgresql-server-dev-15"
[ "${1:-}" = bench ] && pkgs="$pkgs python3-pandas time"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node and npm may come from elsewhere (NodeSource's nodejs bundles npm and
# conflicts with Debian's): only the commands matter
if [ "${1:-}" = bench ]; then
    command -v node >/dev/null 2>&1 || missing="$missing nodejs"
    command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
# the tests run a sample under these locales too (output must not depend on them)
locs=""
for l in ru_RU de_DE; do
    locale -a 2>/dev/null | grep -qx "$l.utf8" || locs="$locs $l"
done
[ -z "$missing" ] && [ -z "$locs" ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "relmark needs:$missing${locs:+ (locales:$locs)} -- run: sudo sh tools/install-deps.sh" >&2
    exit 1
fi
if [ -n "$missing" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
fi
for l in $locs; do localedef -i "$l" -f UTF-8 "$l.UTF-8"; done
