# issue 13, reports as they are (docs/input.md, "Title lines and totals"):
# the 1C report's title lines above its header are passed over, its totals
# row (Итого, no date) left out with a note; --skip-lines N chooses; a
# totals row "Total" in an English export too; the latest date far beyond
# the rest (a mistyped year) is named with its line
d=../../data/exports13
ex=../../../examples/1c
$RELMARK rfm $ex/prodazhi.csv --format csv; echo "exit $?"
$RELMARK rfm $ex/prodazhi.csv --format csv --skip-lines 4 --quiet; echo "exit $?"
$RELMARK rfm $ex/prodazhi.csv --skip-lines 0; echo "exit $?"
$RELMARK rfm $ex/prodazhi.csv --skip-lines x; echo "exit $?"
printf 'Sales by customer\nCustomer,Date,Amount\nA,2026-01-02,5.00\nB,2026-01-03,7.00\nTotal,,12.00\n' | $RELMARK rfm - --format csv; echo "exit $?"
$RELMARK rfm $d/typo_year.csv --format csv; echo "exit $?"
$RELMARK rfm $d/typo_year.csv --format csv --as-of 2024-05-31; echo "exit $?"
