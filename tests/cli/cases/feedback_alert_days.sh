# --alert-days N: only latest answers of the N days ending with the as-of
# date alert (the B2B sample: 5 alerts of any age, 4 within 90 days); the
# [feedback] key alert_days; bad values
ex=../../../examples/b2b
$RELMARK feedback $ex/feedback.csv --transactions $ex/invoices.csv --alert --alert-days 90 --format csv 2>/dev/null
$RELMARK feedback $ex/feedback.csv --transactions $ex/invoices.csv --alert --alert-days 90 --lang ru 2>/dev/null | first 1
printf '[feedback]\nalert = TRUE\nalert_days = 30\n' > "$TMPDIR/a.ini"   # switches in any case, as [input]'s
$RELMARK feedback $ex/feedback.csv --transactions $ex/invoices.csv --config "$TMPDIR/a.ini" --format json 2>/dev/null | first -c 120
$RELMARK feedback $ex/feedback.csv --alert --alert-days 0x; echo "exit $?"
$RELMARK feedback $ex/feedback.csv --alert --alert-days 36501; echo "exit $?"
