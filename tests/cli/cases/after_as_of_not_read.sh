# Rows dated after --as-of are counted and left out before their amount is
# read (docs/input.md): a bad amount there is no error, in every reader.
cd "$TMPDIR"
printf 'customer,date,amount\nA,2026-01-05,10\nB,2026-02-05,20\nA,2026-07-01,12x\nC,2026-08-01,\n' > late.csv
$RELMARK rfm late.csv --as-of 2026-06-30 --format csv
$RELMARK rfm late.csv --as-of 2026-06-30 --summary --format csv | sed -n 1,2p
$RELMARK rate late.csv --as-of 2026-06-30 --format csv | cut -d, -f1,2
$RELMARK retention late.csv --as-of 2026-06-30 --format csv > /dev/null; echo "retention: exit $?"
$RELMARK stages late.csv --as-of 2026-06-30 --format csv | cut -d, -f1,2
$RELMARK rfm late.csv --format csv; echo "without --as-of: exit $?"
