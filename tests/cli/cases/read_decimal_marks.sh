# issue 13, the decimal mark per column (docs/input.md, "Amounts"): Excel's
# "1,234" "12,000" beside "950" are thousands; a later "1 234,5" makes an
# earlier "1,234" a decimal comma; nothing to tell: exit 65 naming
# --decimal-mark, which forces it; a value against the column's mark is a
# bad row; currency signs and codes around a number are read
d=../../data/exports13
$RELMARK rfm $d/excel_thousands.csv --format csv; echo "exit $?"
$RELMARK rfm $d/decimal_comma_late.csv --format csv; echo "exit $?"
$RELMARK rfm $d/only_ambiguous.csv; echo "exit $?"
$RELMARK rfm $d/only_ambiguous.csv --decimal-mark , --format csv; echo "exit $?"
$RELMARK rfm $d/only_ambiguous.csv --decimal-mark . --format csv; echo "exit $?"
cat $d/only_ambiguous.csv | $RELMARK rfm - --format csv --decimal-mark comma; echo "exit $?"
$RELMARK rfm $d/only_ambiguous.csv --decimal-mark x; echo "exit $?"
$RELMARK rfm $d/currency.csv --format csv; echo "exit $?"
$RELMARK rfm $d/currency_rub.csv --format csv; echo "exit $?"
