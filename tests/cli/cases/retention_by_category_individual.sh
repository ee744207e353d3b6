# X9 is an individual: left out of the rating, so in the overall rows only
{ cat rate_clients.csv; echo 'X9,Сидоров С. С.,individual,,'; } > "$TMPDIR/clients.csv"
$RELMARK retention rate_invoices.csv --by category --customers "$TMPDIR/clients.csv" --period quarter --format json
