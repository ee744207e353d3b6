# The life cycle with a customers file (which rates the clients) reads its
# input once: standard input gives what the file gives
$RELMARK stages stages_tx.csv --customers stages_customers.csv --as-of 2026-06-30 --format csv > "$TMPDIR/file.csv"
$RELMARK stages - --customers stages_customers.csv --as-of 2026-06-30 --format csv < stages_tx.csv > "$TMPDIR/stdin.csv"
cmp "$TMPDIR/file.csv" "$TMPDIR/stdin.csv" && echo "stdin: the same"
cat "$TMPDIR/stdin.csv"
