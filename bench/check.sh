#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/check.sh - correctness check of the benchmark peers (and of relmark,
# when built) against the slow exact reference bench/ref_rfm.py.
#
#   bash bench/check.sh
#
# Inputs: bench/testdata/*.csv (hand-written edge cases) plus generated files
# (CHECK_ROWS, default 100000 rows / rows/10 customers, and a few tiny ones).
# Every tool's output must be byte-identical to the reference.  Knobs:
# RELMARK, BENCH_PYTHON, CC, CHECK_ROWS (as in run.sh).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
RELMARK=${RELMARK:-build/relmark}
BENCH_PYTHON=${BENCH_PYTHON:-/usr/bin/python3}
CHECK_ROWS=${CHECK_ROWS:-100000}
CC=${CC:-cc}
OUT=build/bench/check
mkdir -p "$OUT"

if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  npm ci --prefix bench --no-audit --no-fund >&2
fi
$CC -O2 -Wall -Wextra -Werror -std=c11 -o "$OUT/gen" bench/gen.c

inputs=(bench/testdata/*.csv)
"$OUT/gen" "$CHECK_ROWS" $(( CHECK_ROWS / 10 )) 7 >"$OUT/gen_big.csv"; inputs+=("$OUT/gen_big.csv")
"$OUT/gen" 1000 1000 11 >"$OUT/gen_sparse.csv"; inputs+=("$OUT/gen_sparse.csv")  # ~1 invoice each
"$OUT/gen" 0 1 >"$OUT/gen_empty.csv"; inputs+=("$OUT/gen_empty.csv")           # header only
for n in 1 2 3 4 5 6 7 8 9 10 11 12; do                                         # NTILE with few customers
  "$OUT/gen" $((2 * n + 1)) "$n" $((100 + n)) >"$OUT/gen_tiny$n.csv"
  inputs+=("$OUT/gen_tiny$n.csv")
done

tools=(pandas duckdb polars)
[ -x "$RELMARK" ] && tools+=(relmark) || echo "check: no relmark at $RELMARK: checking the peers only" >&2

pass=0 fail=0
for in in "${inputs[@]}"; do
  name=$(basename "$in" .csv)
  "$BENCH_PYTHON" bench/ref_rfm.py "$in" "$OUT/$name.ref.csv"
  for t in "${tools[@]}"; do
    o=$OUT/$name.$t.csv
    rm -f "$o"
    if [ "$t" = relmark ] && [ "$name" = gen_empty ]; then
      # nothing to score: relmark says so and exits 65 (docs/cli.md) where
      # the peers write a bare header
      rc=0; "$RELMARK" rfm "$in" --ties split --format csv -o "$o" 2>/dev/null || rc=$?
      if [ $rc = 65 ] && [ ! -e "$o" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: relmark on $in: exit $rc, want 65 and no output" >&2; fi
      continue
    fi
    case $t in
      pandas) "$BENCH_PYTHON" bench/pandas_rfm.py "$in" "$o" ;;
      duckdb) node bench/duckdb_rfm.mjs "$in" "$o" ;;
      polars) node bench/polars_rfm.mjs "$in" "$o" ;;
      relmark) "$RELMARK" rfm "$in" --ties split --format csv -o "$o" ;;
    esac || true
    if [ -f "$o" ] && cmp -s "$OUT/$name.ref.csv" "$o"; then
      pass=$((pass + 1))
    else
      fail=$((fail + 1))
      echo "FAIL: $t on $in" >&2
      if [ -f "$o" ]; then
        { diff "$OUT/$name.ref.csv" "$o" || true; } | head -n 10 | sed 's/^/    /' >&2
      fi
    fi
  done
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
