# A failed -o write (the file-size limit reached) leaves neither the target
# nor a temporary file behind, and exits 74 (docs/cli.md, "-o"); a file it
# would have replaced is kept as it was. Only relmark runs under the limit.
cd "$TMPDIR"; mkdir dest
{ echo customer,date,amount; i=0; while [ $i -lt 300 ]; do echo "C$i,2026-01-$((i % 28 + 1)),$i.5"; i=$((i + 1)); done; } > many.csv
(trap '' XFSZ; ulimit -f 2; exec $RELMARK rfm many.csv --format csv -o dest/scores.csv 2> err.txt); echo "exit $?"
cat err.txt; ls -A dest; echo "(nothing left in dest/)"
echo previous > dest/scores.csv
(trap '' XFSZ; ulimit -f 2; exec $RELMARK rfm many.csv --format csv -o dest/scores.csv 2> err.txt); echo "exit $?"
ls -A dest; cat dest/scores.csv
