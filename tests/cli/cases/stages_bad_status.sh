d=$PWD; cd "$TMPDIR"
printf 'customer_id,status\nA,maybe\n' > c.csv
$RELMARK stages "$d/stages_tx.csv" --customers c.csv
