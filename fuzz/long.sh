#!/bin/sh
# SPDX-License-Identifier: MIT
# long.sh — `make fuzz-long` (fuzz/README.md): each target named runs for
# FUZZ_SECONDS (1800 unless given: issue 14 asks 30 minutes a parser target)
# with the checked-in corpus as seeds; what it found that adds coverage is
# merged into fuzz/corpus/<corpus> (review and commit it: `make test` replays
# it), and a crash, leak, timeout or out-of-memory input is kept in
# build/fuzz/findings/<target>/ and fails the run. One summary line a target,
# also in build/fuzz/long.log. The targets are built by make first.
#   sh fuzz/long.sh csv money ...
S=${FUZZ_SECONDS:-1800}
cd "$(dirname "$0")/.." || exit 1
mkdir -p build/fuzz/findings
log=build/fuzz/long.log
echo "fuzz-long $(date -u +%Y-%m-%dT%H:%MZ): ${S} s a target: $*" >> "$log"
bad=0
for t in "$@"; do
    corpus=$t
    [ "$t" = readfile ] && corpus=csv # the reading targets share the CSV corpus
    dict=
    [ -f "fuzz/$corpus.dict" ] && dict=-dict=fuzz/$corpus.dict
    new=build/fuzz/long_$t found=build/fuzz/findings/$t
    mkdir -p "$new" "$found"
    before=$(ls "fuzz/corpus/$corpus" | wc -l)
    # new inputs go to the first directory, never into the checked-in corpus
    "build/fuzz/fuzz_$t" -max_total_time="$S" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$found/" $dict "$new" "fuzz/corpus/$corpus" \
        > "build/fuzz/long_$t.log" 2>&1
    rc=$?
    # what adds coverage to the checked-in corpus, by libFuzzer's merge
    "build/fuzz/fuzz_$t" -merge=1 -max_len=4096 -timeout=10 "fuzz/corpus/$corpus" "$new" \
        > "build/fuzz/merge_$t.log" 2>&1 || { [ $rc = 0 ] && rc=1; }
    after=$(ls "fuzz/corpus/$corpus" | wc -l)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "build/fuzz/long_$t.log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "build/fuzz/long_$t.log" | tail -n 1)
    findings=$(ls "$found" | wc -l)
    line="fuzz_$t: ${S} s, ${runs:-?} runs, ${cov:-cov: ?}, corpus $corpus $before -> $after, findings $findings (exit $rc)"
    echo "$line" | tee -a "$log"
    if [ "$findings" != 0 ] || [ $rc != 0 ]; then
        bad=$((bad + 1))
        ls "$found" | sed 's/^/    /'
        grep -m 5 'ERROR\|SUMMARY' "build/fuzz/long_$t.log" | sed 's/^/    /'
    fi
done
echo "fuzz-long: $# targets, $bad with findings" | tee -a "$log"
[ $bad = 0 ]
