# --sheet picks a sheet by name (any case; a hidden one too); without it the
# first visible worksheet is read. A sheet not there names the sheets; --sheet
# on a text file is refused.
w=../../data/workbooks
m="customer=Customer,date=Date,amount=Amount,invoice=Order"
$RELMARK rfm $w/refunds.csv --map "$m" --as-of 2024-06-01 --format csv > "$TMPDIR/workbook_sheet.csv"
$RELMARK rfm $w/orders.xlsx --sheet Refunds --map "$m" --as-of 2024-06-01 --format csv | cmp - "$TMPDIR/workbook_sheet.csv" && echo "xlsx --sheet Refunds: identical"
$RELMARK rfm $w/orders.xls --sheet refunds --map "$m" --as-of 2024-06-01 --format csv | cmp - "$TMPDIR/workbook_sheet.csv" && echo "xls --sheet refunds: identical"
cat "$TMPDIR/workbook_sheet.csv"
rm "$TMPDIR/workbook_sheet.csv"
$RELMARK rfm $w/orders.xlsx --sheet Returns --map "$m"; echo "exit $?"
$RELMARK rfm $w/orders.xls --sheet Returns --map "$m"; echo "exit $?"
$RELMARK rfm $w/orders.xlsx --sheet Notes; echo "exit $?"
$RELMARK rfm $w/orders.csv --sheet Orders; echo "exit $?"
