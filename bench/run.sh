#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench/run.sh - time the same RFM job in relmark and its peers.
#
#   bash bench/run.sh            (what `make bench` runs)
#
# Knobs (environment):
#   RELMARK=build/relmark        relmark binary, relative to the repo root
#   BENCH_SIZES="1M 10M"         input sizes; N[k|M] rows, customers = rows/10
#   BENCH_SHAPES="numeric text"  invoice ids: numeric (254273, as the generator writes
#                                them) and text (INV-254273: the same file with a
#                                prefix, as 1C's and most exports' document numbers)
#   BENCH_RUNS=3                 timed runs per tool and size (median is kept)
#   BENCH_TOOLS="cat relmark relmark1 duckdb polars pandas"   subset / order of tools
#                                (relmark1 = relmark --threads 1; rate = relmark rate,
#                                 the client rating; stages, abcxyz, retention, cohorts = those
#                                 commands (month periods): timed against relmark rfm;
#                                 clv = the model fits and CLV: timed; stages_customers =
#                                 stages --customers with a generated file of every
#                                 customer (corporate); portfolio_clv = portfolio --value
#                                 clv --customers: both timed against relmark rfm; none
#                                 compared with the peers)
#   BENCH_PYTHON=/usr/bin/python3  interpreter with Debian's python3-pandas
#   BENCH_SEED=20240601          generator seed
#   CC=cc                        compiler for the generator
#
# Writes build/bench/: gen, tx_<size>.csv inputs (kept between runs),
# out/<size>/<tool>.csv outputs, results.md.  Exit status 1 if a tool failed
# or an output differs from the reference (relmark's, or DuckDB's when relmark
# is not built).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
RELMARK=${RELMARK:-build/relmark}
BENCH_SIZES=${BENCH_SIZES:-1M 10M}
BENCH_SHAPES=${BENCH_SHAPES:-numeric text}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_TOOLS=${BENCH_TOOLS:-cat relmark relmark1 rate stages stages_customers abcxyz portfolio portfolio_clv retention cohorts clv report duckdb polars pandas}
BENCH_PYTHON=${BENCH_PYTHON:-/usr/bin/python3}
BENCH_SEED=${BENCH_SEED:-20240601}
CC=${CC:-cc}
OUT=build/bench
TIME=/usr/bin/time

mkdir -p "$OUT"
status=0

die() { echo "bench: $*" >&2; exit 2; }
note() { echo "bench: $*" >&2; }

[[ $BENCH_RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"
[ -x "$TIME" ] || die "GNU time not found at $TIME (apt-get install time)"

# ---------------------------------------------------------------- tools
have_relmark=0
if [ -x "$RELMARK" ]; then have_relmark=1; else note "no relmark binary at $RELMARK: skipped, outputs are compared with DuckDB's"; fi

have_node=0
if command -v node >/dev/null && command -v npm >/dev/null; then
  have_node=1
  lock=bench/package-lock.json
  stamp=bench/node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ "$lock" -nt "$stamp" ] || [ bench/package.json -nt "$stamp" ]; then
    note "installing the peers' npm packages (npm ci --prefix bench)"
    npm ci --prefix bench --no-audit --no-fund >&2 || { note "npm ci failed: DuckDB and Polars skipped"; have_node=0; }
  fi
else
  note "node/npm not found: DuckDB and Polars skipped"
fi

have_pandas=0
if "$BENCH_PYTHON" -c 'import pandas' 2>/dev/null; then have_pandas=1; else note "$BENCH_PYTHON cannot import pandas (apt-get install python3-pandas): pandas skipped"; fi

# ------------------------------------------------------------ generator
if [ ! -x "$OUT/gen" ] || [ bench/gen.c -nt "$OUT/gen" ]; then
  $CC -O2 -Wall -Wextra -Werror -std=c11 -o "$OUT/gen" bench/gen.c
fi

size_rows() { # 1M -> 1000000, 100k -> 100000, 12345 -> 12345
  local s=$1
  case $s in
    *[kK]) echo $(( ${s%[kK]} * 1000 )) ;;
    *M) echo $(( ${s%M} * 1000000 )) ;;
    *) echo $(( s )) ;;
  esac
}

# ------------------------------------------------------------- machine
model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -n1)
mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
header=$(
  echo "## relmark benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: ${model:-unknown CPU}, nproc $(nproc), $mem RAM, $(uname -sr)"
  if [ $have_relmark = 1 ]; then
    echo "- relmark: $({ "$RELMARK" --version 2>/dev/null || true; } | head -n1) ($RELMARK)"
  fi
  if [ $have_node = 1 ]; then
    echo "- node $(node --version), @duckdb/node-api $(node -p "require('./bench/node_modules/@duckdb/node-api/package.json').version"), nodejs-polars $(node -p "require('./bench/node_modules/nodejs-polars/package.json').version")"
  fi
  if [ $have_pandas = 1 ]; then
    echo "- $("$BENCH_PYTHON" -c 'import sys, pandas, numpy; print(f"python {sys.version.split()[0]}, pandas {pandas.__version__}, numpy {numpy.__version__}")')"
  fi
  echo "- method: median of $BENCH_RUNS runs (wall clock; peak RSS from GNU time), warm page cache, generator seed $BENCH_SEED"
)
echo "$header"
echo

# --------------------------------------------------------------- timing
# run_one NAME OUTFILE CMD... : one timed run; prints "wall_s cpu_s rss_kib"
run_one() {
  local name=$1 outfile=$2; shift 2
  local tf="$OUT/.time.$$" log="$OUT/.log.$$" t0 t1 rc=0
  rm -f "$outfile"
  t0=$(date +%s%N)
  "$TIME" -f '%e %M %U %S' -o "$tf" "$@" >"$log" 2>&1 || rc=$?
  t1=$(date +%s%N)
  if [ $rc != 0 ]; then
    note "$name failed (exit $rc):"
    head -n 20 "$log" | sed 's/^/    /' >&2
    rm -f "$tf" "$log"
    return 1
  fi
  # the last line of the -o file is ours (a command killed by a signal adds one)
  tail -n1 "$tf" | awk -v ns=$((t1 - t0)) '{printf "%.3f %.2f %d\n", ns/1e9, $3+$4, $2}'
  rm -f "$tf" "$log"
}

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

table="| tool | input | wall s (median) | cpu s | peak MiB | MB/s | × DuckDB time | × DuckDB memory |
|---|--:|--:|--:|--:|--:|--:|--:|"
checks=""
targets=""

# the job's target as a multiple of relmark rfm's time (issues 11 and 15)
job_target() {
  case $1 in clv) echo 2.00 ;; portfolio_clv) echo 1.30 ;; *) echo 1.50 ;; esac
}
inputs=""
for spec in $(for z in $BENCH_SIZES; do for h in $BENCH_SHAPES; do echo "$z:$h"; done; done); do
  size=${spec%%:*} shape=${spec#*:}
  rows=$(size_rows "$size") || die "bad size '$size'"
  [ "$rows" -gt 0 ] || die "bad size '$size'"
  custs=$(( rows / 10 > 0 ? rows / 10 : 1 ))
  csv=$OUT/tx_$size.csv
  if [ ! -s "$csv" ] || [ "$OUT/gen" -nt "$csv" ]; then
    note "generating $csv ($rows rows, $custs customers)"
    "$OUT/gen" "$rows" "$custs" "$BENCH_SEED" >"$csv.tmp"
    mv "$csv.tmp" "$csv"
  fi
  case $shape in
    numeric) ;;
    text) # the same rows, the invoice id (2nd field) a text: INV-<number>
      num=$csv csv=$OUT/tx_${size}_text.csv
      if [ ! -s "$csv" ] || [ "$num" -nt "$csv" ]; then
        note "writing $csv (text invoice ids)"
        awk 'BEGIN { FS = OFS = "," } NR > 1 { $2 = "INV-" $2 } { print }' "$num" >"$csv.tmp"
        mv "$csv.tmp" "$csv"
      fi ;;
    *) die "unknown shape '$shape' in BENCH_SHAPES (numeric, text)" ;;
  esac
  label=$size; [ "$shape" = numeric ] || label="$size $shape"
  inputs+="$label = $csv ($(stat -c %s "$csv") bytes); "
  clients=$OUT/clients_$size.csv # every customer, corporate, a third with a contract start
  if [ ! -s "$clients" ] || [ "$csv" -nt "$clients" ]; then
    awk -v n="$custs" 'BEGIN { print "customer_id,name,type,contract_start"
      for (i = 0; i < n; i++) printf "C%07d,Client %d,corporate,%s\n", i, i, (i % 3 ? "" : "2021-06-01") }' \
      >"$clients.tmp" && mv "$clients.tmp" "$clients"
  fi
  bytes=$(stat -c %s "$csv")
  odir=$OUT/out/$size/$shape
  mkdir -p "$odir"
  cat "$csv" >/dev/null # warm-up read: every tool then reads from the page cache

  declare -A wall=() cpu=() rss=() ok=()
  for tool in $BENCH_TOOLS; do
    out=$odir/$tool.csv
    case $tool in
      cat) # shellcheck disable=SC2016 # $1 is expanded by the inner sh
        cmd=(sh -c 'cat "$1" >/dev/null' sh "$csv") ;;
      relmark) [ $have_relmark = 1 ] || continue
        cmd=("$RELMARK" rfm "$csv" --ties split --format csv -o "$out") ;;
      relmark1) [ $have_relmark = 1 ] || continue
        cmd=("$RELMARK" rfm "$csv" --ties split --format csv --threads 1 -o "$out") ;;
      rate) [ $have_relmark = 1 ] || continue
        cmd=("$RELMARK" rate "$csv" --format csv -o "$out") ;;
      stages) [ $have_relmark = 1 ] || continue
        cmd=("$RELMARK" stages "$csv" --format csv -o "$out") ;;
      abcxyz) [ $have_relmark = 1 ] || continue
        cmd=("$RELMARK" abcxyz "$csv" --format csv -o "$out") ;;
      portfolio) [ $have_relmark = 1 ] || continue
        cmd=("$RELMARK" portfolio "$csv" --format csv -o "$out") ;;
      portfolio_clv) [ $have_relmark = 1 ] || continue
        cmd=("$RELMARK" portfolio "$csv" --customers "$clients" --value clv --format csv -o "$out") ;;
      stages_customers) [ $have_relmark = 1 ] || continue
        cmd=("$RELMARK" stages "$csv" --customers "$clients" --format csv -o "$out") ;;
      clv) [ $have_relmark = 1 ] || continue
        cmd=("$RELMARK" clv "$csv" --format csv -o "$out") ;;
      report) [ $have_relmark = 1 ] || continue # the whole HTML report: one read, every analysis
        cmd=("$RELMARK" report "$csv" -o "${out%.csv}.html") ;;
      retention|cohorts) [ $have_relmark = 1 ] || continue
        cmd=("$RELMARK" "$tool" "$csv" --period month --format csv -o "$out") ;;
      duckdb) [ $have_node = 1 ] || continue
        cmd=(node bench/duckdb_rfm.mjs "$csv" "$out") ;;
      polars) [ $have_node = 1 ] || continue
        cmd=(node bench/polars_rfm.mjs "$csv" "$out") ;;
      pandas) [ $have_pandas = 1 ] || continue
        cmd=("$BENCH_PYTHON" bench/pandas_rfm.py "$csv" "$out") ;;
      *) die "unknown tool '$tool' in BENCH_TOOLS" ;;
    esac
    note "$label: $tool x$BENCH_RUNS"
    ws=() cs=() ms=() failed=0
    for ((i = 1; i <= BENCH_RUNS; i++)); do
      if res=$(run_one "$tool" "$out" "${cmd[@]}"); then
        read -r w c m <<<"$res"
        ws+=("$w"); cs+=("$c"); ms+=("$m")
      else
        failed=1; status=1; break
      fi
    done
    if [ $failed = 1 ]; then ok[$tool]=FAILED; continue; fi
    wall[$tool]=$(printf '%s\n' "${ws[@]}" | median)
    cpu[$tool]=$(printf '%s\n' "${cs[@]}" | median)
    rss[$tool]=$(printf '%s\n' "${ms[@]}" | median)
    ok[$tool]=ok
  done

  # --- outputs must be byte-identical to the reference
  ref=""
  if [ "${ok[relmark]:-}" = ok ]; then ref=relmark
  elif [ "${ok[duckdb]:-}" = ok ]; then ref=duckdb; fi
  for tool in $BENCH_TOOLS; do
    [ "$tool" = cat ] && continue
    case $tool in rate|stages|stages_customers|abcxyz|portfolio|portfolio_clv|retention|cohorts|clv|report) continue ;; esac # other jobs: their own outputs
    [ "${ok[$tool]:-}" = ok ] || continue
    if [ -z "$ref" ] || [ "$tool" = "$ref" ]; then continue; fi
    if cmp -s "$odir/$ref.csv" "$odir/$tool.csv"; then
      checks+="- $label: $tool output identical to $ref ($(wc -l <"$odir/$tool.csv") lines)"$'\n'
    else
      status=1
      ok[$tool]=MISMATCH
      checks+="- **MISMATCH** $label: $tool output differs from $ref"$'\n'
      {
        echo "bench: MISMATCH at $label: $odir/$tool.csv differs from $odir/$ref.csv"
        { diff "$odir/$ref.csv" "$odir/$tool.csv" || true; } | head -n 20 | sed 's/^/    /'
      } >&2
    fi
  done

  # --- when relmark is the odd one out, say whether the peers agree together
  if [ "$ref" = relmark ]; then
    agree=() first=""
    for tool in $BENCH_TOOLS; do
      [ "${ok[$tool]:-}" = MISMATCH ] || continue
      if [ -z "$first" ]; then first=$tool; agree=("$tool")
      elif cmp -s "$odir/$first.csv" "$odir/$tool.csv"; then agree+=("$tool"); fi
    done
    if [ ${#agree[@]} -ge 2 ]; then
      checks+="- $label: note: ${agree[*]} agree with each other, so relmark's output is the odd one"$'\n'
    fi
  fi

  # --- table rows
  base=${wall[duckdb]:-}
  basem=${rss[duckdb]:-}
  # the issues' targets: every job within its multiple of rfm's time (job_target);
  # rfm within half of DuckDB's time and 0.3 of its memory (issue 15)
  for job in rate stages stages_customers abcxyz portfolio portfolio_clv retention cohorts clv; do
    if [ "${ok[$job]:-}" = ok ] && [ "${ok[relmark]:-}" = ok ]; then
      targets+=$(awk -v r="${wall[$job]}" -v f="${wall[relmark]}" -v s="$label" -v j="$job" -v g="$(job_target "$job")" \
        'BEGIN { t = r / f; printf "- %s: relmark %s %.2f x relmark rfm (target <= %.2f: %s)\n", s, j, t, g, (t <= g ? "met" : "NOT met") }')$'\n'
    fi
  done
  if [ -n "$base" ] && [ "${ok[relmark]:-}" = ok ]; then
    targets+=$(awk -v w="${wall[relmark]}" -v b="$base" -v m="${rss[relmark]}" -v bm="$basem" -v s="$label" \
      'BEGIN { t = w / b; r = m / bm;
               printf "- %s: relmark time %.2f x DuckDB (target <= 0.50: %s), peak memory %.2f x DuckDB (target <= 0.30: %s)\n",
                      s, t, (t <= 0.5 ? "met" : "NOT met"), r, (r <= 0.3 ? "met" : "NOT met") }')$'\n'
  fi
  for tool in $BENCH_TOOLS; do
    st=${ok[$tool]:-}
    [ -n "$st" ] || continue
    if [ "$st" = FAILED ]; then
      table+=$'\n'"| $tool | $label | FAILED | | | | | |"
      continue
    fi
    name=$tool
    [ "$tool" = cat ] && name='cat > /dev/null (read floor)'
    [ "$tool" = relmark1 ] && name='relmark --threads 1'
    [ "$tool" = rate ] && name='relmark rate (client rating, not RFM)'
    [ "$tool" = stages ] && name='relmark stages (life cycle, not RFM)'
    [ "$tool" = abcxyz ] && name='relmark abcxyz (ABC-XYZ, 12-month window, not RFM)'
    [ "$tool" = retention ] && name='relmark retention --period month'
    [ "$tool" = cohorts ] && name='relmark cohorts --period month'
    [ "$tool" = portfolio ] && name='relmark portfolio (measured parameters, revenue value)'
    [ "$tool" = portfolio_clv ] && name='relmark portfolio --customers --value clv (rating + CLV, one read)'
    [ "$tool" = stages_customers ] && name='relmark stages --customers (every customer in the file, rated)'
    [ "$tool" = clv ] && name='relmark clv (BG/NBD + Gamma-Gamma fits, CLV per customer)'
    [ "$st" = MISMATCH ] && name="$tool (**MISMATCH**)"
    row=$(awk -v w="${wall[$tool]}" -v c="${cpu[$tool]}" -v m="${rss[$tool]}" -v b="$bytes" -v base="$base" \
      -v basem="$basem" \
      'BEGIN {
         mbs = (w > 0) ? sprintf("%.0f", b / 1e6 / w) : "inf"
         rat = (base != "" && base > 0) ? sprintf("%.2f", w / base) : "-"
         ratm = (basem != "" && basem > 0) ? sprintf("%.2f", m / basem) : "-"
         printf "%.3f | %.2f | %.0f | %s | %s | %s", w, c, m / 1024, mbs, rat, ratm
       }')
    table+=$'\n'"| $name | $label | $row |"
  done
  unset wall cpu rss ok
done

[ -n "$checks" ] || checks="- no output check (fewer than two tools produced output)"$'\n'
{
  echo "$header"
  echo
  echo "$table"
  echo
  echo "Inputs: $inputs"
  echo
  echo "Output checks:"
  echo
  printf '%s' "$checks"
  echo
  echo "Targets:"
  echo
  printf '%s' "${targets:-- none measured (needs relmark and DuckDB)}"$'\n'
} >"$OUT/results.md"

echo "$table"
echo
printf '%s' "$checks"
echo
printf '%s' "${targets:-- targets not measured (needs relmark and DuckDB)}"$'\n'
echo
echo "(written to $OUT/results.md)"
exit $status
