# retention --by reads its input once (the customer book): standard input
# gives what the file gives, by segment and by category
for by in segment category; do
    $RELMARK retention orders.csv --by $by --format csv > "$TMPDIR/file.csv" 2> "$TMPDIR/file.err"
    cat orders.csv | $RELMARK retention - --by $by --format csv > "$TMPDIR/stdin.csv" 2> "$TMPDIR/stdin.err"
    cmp "$TMPDIR/file.csv" "$TMPDIR/stdin.csv" && cmp "$TMPDIR/file.err" "$TMPDIR/stdin.err" && echo "$by: the same"
done
cat orders.csv | $RELMARK retention - --by segment
