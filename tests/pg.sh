#!/bin/sh
# SPDX-License-Identifier: MIT
# The PostgreSQL extension (pg/, docs/postgres.md): builds and installs it,
# starts a PostgreSQL 15 cluster of its own in a temporary directory on
# loopback (as the user postgres when run as root: the server refuses root),
# runs `make -C pg installcheck` (pg_regress: the functions, edge rows,
# forced parallel plans, CDNOW and a generated file byte for byte against the
# CLI) and stops the cluster, whatever happens. Skips, with a line saying so,
# only when PostgreSQL 15's server or headers are not installed -- and never
# under CI, whose .ci/run installs them.
B=${B:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
pass=0 fail=0
ok() { echo "ok: $1"; pass=$((pass + 1)); }
no() { echo "FAIL: $1"; fail=$((fail + 1)); }
end() { echo "pg: $pass passed, $fail failed"; [ "$fail" = 0 ]; exit; }

PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
[ -x "$PG_CONFIG" ] || PG_CONFIG=$(command -v pg_config || true)
bindir=$([ -n "$PG_CONFIG" ] && "$PG_CONFIG" --bindir 2>/dev/null)
pgxs=$([ -n "$PG_CONFIG" ] && "$PG_CONFIG" --pgxs 2>/dev/null)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ] || [ ! -x "$bindir/pg_ctl" ] || [ ! -f "$pgxs" ]; then
    if [ "${CI:-}" = true ]; then
        no "PostgreSQL 15 is not installed, and CI must run this suite (tools/install-deps.sh installs it)"
        end
    fi
    echo "pg: SKIPPED: PostgreSQL 15 (postgresql-15, postgresql-server-dev-15) is not installed; sudo sh tools/install-deps.sh installs it"
    end
fi
case $("$PG_CONFIG" --version) in
"PostgreSQL 15."*) ;;
*) no "pg_config is $("$PG_CONFIG" --version), the extension is for PostgreSQL 15"; end ;;
esac

T=$(mktemp -d "${TMPDIR:-/tmp}/relmark-pg.XXXXXX")
as_pg() { "$@"; }
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || { no "running as root needs the user postgres (Debian's postgresql-15 makes it)"; rm -rf "$T"; end; }
    chmod 755 "$T"
    as_pg() { runuser -u postgres -- "$@"; }
fi
# the server's directory (data, log, socket) belongs to the user it runs as
mkdir "$T/pg"
[ "$(id -u)" != 0 ] || chown postgres "$T/pg"
D=$T/pg/data
stop() {
    as_pg "$bindir/pg_ctl" -D "$D" -m immediate stop >/dev/null 2>&1
    rm -rf "$T"
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log=$T/build.log
if make -C "$top/pg" PG_CONFIG="$PG_CONFIG" >"$log" 2>&1 && make -C "$top/pg" PG_CONFIG="$PG_CONFIG" install >>"$log" 2>&1; then
    ok "make -C pg && make -C pg install"
else
    tail -n 20 "$log"; no "make -C pg install (as a user who may write $("$PG_CONFIG" --pkglibdir))"; end
fi

if as_pg "$bindir/initdb" -D "$D" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$T/initdb.log" 2>&1; then
    ok "initdb"
else
    cat "$T/initdb.log"; no initdb; end
fi
# a free port on loopback: the first that the server starts on
started=
for try in 1 2 3 4 5; do
    port=$((20000 + ($$ * 7 + try * 7919) % 30000))
    if as_pg "$bindir/pg_ctl" -D "$D" -w -t 60 -l "$T/pg/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$T/pg -c fsync=off -c max_worker_processes=8 -c max_parallel_workers=4" \
        start >/dev/null 2>&1; then
        started=1; break
    fi
done
if [ -n "$started" ]; then ok "a cluster on 127.0.0.1:$port"; else tail -n 20 "$T/pg/server.log"; no "pg_ctl start"; end; fi

out=$(PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres make -C "$top/pg" PG_CONFIG="$PG_CONFIG" installcheck 2>&1)
rc=$?
printf '%s\n' "$out" | grep -E '^(ok|not ok|test) |^ *[a-z_]+ +\.\.\. ' | sed 's/^/  /'
n_ok=$(printf '%s\n' "$out" | grep -cE '\.\.\. ok|^ok ')
n_bad=$(printf '%s\n' "$out" | grep -cE '\.\.\. FAILED|^not ok ')
pass=$((pass + n_ok)); fail=$((fail + n_bad))
if [ $rc != 0 ]; then
    [ -f "$top/pg/test/out/regression.diffs" ] && head -n 60 "$top/pg/test/out/regression.diffs"
    printf '%s\n' "$out" | tail -n 15
    no "make -C pg installcheck (exit $rc)"
elif [ "$n_ok" = 0 ]; then
    no "make -C pg installcheck ran no test"
fi
end
