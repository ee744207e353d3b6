# A quote never closed in a big file used to be reported as "record longer
# than 1048576 bytes" (the quote took the rest of the file); it is said as
# it is, with where it opened (docs/input.md, "Quoting"), exit 65
d=$PWD; cd "$TMPDIR"
# 1.3 MB after the open quote: past the record cap of 1 MiB
{ echo customer,date,amount; echo A,2026-01-05,10; echo 'B,2026-01-06,"12'
  awk 'BEGIN { for (i = 0; i < 70000; i++) print "C" i ",2026-01-07,30" }'; } > big.csv
wc -c < big.csv
$RELMARK rfm big.csv; echo "exit $?"
printf 'customer,date,amount\nA,2026-01-05,"10\n' > end.csv
$RELMARK rfm end.csv; echo "exit $?"
printf 'customer,date,amount\nA,2026-01-05,"10"0\n' > after.csv
$RELMARK rfm after.csv; echo "exit $?"
