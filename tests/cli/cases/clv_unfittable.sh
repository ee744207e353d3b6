printf 'customer,date,amount\nA,2026-01-01,5\nB,2026-01-02,5\nC,2026-01-03,7\n' > "$TMPDIR/u.csv"
$RELMARK clv "$TMPDIR/u.csv" 2>&1 | sed "s|$TMPDIR/||"
