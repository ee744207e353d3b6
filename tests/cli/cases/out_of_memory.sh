# needs: unsanitized (a sanitizer reserves more address space than the limit)
# Running out of memory is exit 71 with "out of memory" (docs/cli.md), not a
# crash: a 300,000-customer file under a 40 MB address-space limit
cd "$TMPDIR"
awk 'BEGIN { print "customer,date,amount"; for (i = 0; i < 300000; i++) printf "C%d,2025-%02d-%02d,%d.50\n", i, i % 12 + 1, i % 28 + 1, i % 100 }' > big.csv
(ulimit -v 40000; $RELMARK rfm big.csv -o /dev/null 2>&1 | grep -o "out of memory")
(ulimit -v 40000; $RELMARK rate big.csv -o /dev/null 2>&1 | grep -o "out of memory")
