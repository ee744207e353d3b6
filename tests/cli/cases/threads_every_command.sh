# --threads 1 (read and compute in one thread) gives the same output as the
# default two threads, for every command that reads transactions
ex=../../../examples/b2b
for args in "rate $ex/invoices.csv --customers $ex/clients.csv" \
            "stages $ex/invoices.csv --customers $ex/clients.csv" \
            "portfolio $ex/invoices.csv --customers $ex/clients.csv" \
            "abcxyz $ex/invoices.csv" "retention $ex/invoices.csv --period quarter" \
            "cohorts $ex/invoices.csv --period quarter" "clv $ex/invoices.csv" \
            "feedback $ex/feedback.csv --transactions $ex/invoices.csv"; do
    set -- $args
    $RELMARK "$@" --format csv > "$TMPDIR/two" 2>&1
    $RELMARK "$@" --format csv --threads 1 > "$TMPDIR/one" 2>&1
    if cmp -s "$TMPDIR/one" "$TMPDIR/two"; then echo "$1: same ($(wc -l < "$TMPDIR/one") lines)"
    else echo "$1: DIFFERENT"; fi
done
$RELMARK rate $ex/invoices.csv --threads 3; echo "exit $?"
