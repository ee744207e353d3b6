$RELMARK rfm export_1c.csv --excel -o "$TMPDIR/x.csv" && od -c "$TMPDIR/x.csv" | first 2 && tail -n 2 "$TMPDIR/x.csv"
