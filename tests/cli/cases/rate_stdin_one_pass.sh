# without --as-of the rating reads once: stdin works, and gives what the file gives
cat rate_invoices.csv | $RELMARK rate - --format csv > "$TMPDIR/a.csv"
$RELMARK rate rate_invoices.csv --format csv > "$TMPDIR/b.csv"
cmp "$TMPDIR/a.csv" "$TMPDIR/b.csv" && cat "$TMPDIR/a.csv"
