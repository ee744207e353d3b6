# Invoice ids lose their leading and trailing blanks (docs/input.md): " I1 "
# and "I1" are one purchase, so A has two purchases (I1, I2), not four.
cd "$TMPDIR"
printf 'customer,date,invoice,amount\nA,2026-01-05,I1,10\nA,2026-01-05, I1 ,5\nA,2026-02-01,"I2 ",3\nA,2026-02-01,"  I2",4\nB,2026-01-05,I9,1\n' > inv.csv
$RELMARK rfm inv.csv --as-of 2026-06-30 --format csv
$RELMARK rfm inv.csv --as-of 2026-06-30 --format csv --threads 1
$RELMARK stages inv.csv --as-of 2026-06-30 --format csv | cut -d, -f1,4
