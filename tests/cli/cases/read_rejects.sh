# issue 13, rejected rows (docs/input.md, "--skip-bad"): the bad rows
# counted per reason; --rejects FILE gets every row left out as bad, guest
# or totals row as CSV line,reason,row
d=../../data/exports13
$RELMARK rfm $d/bad_rows.csv; echo "exit $?"
$RELMARK rfm $d/bad_rows.csv --skip-bad --rejects "$TMPDIR/rej.csv" --format csv; echo "exit $?"
cat "$TMPDIR/rej.csv"
$RELMARK rfm $d/bad_rows.csv --skip-bad --rejects /nonexistent/dir/rej.csv; echo "exit $?"
