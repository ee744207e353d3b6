# Issue 13 item 10 (tables): thousands grouped in tables only -- ',' in
# English, U+00A0 NO-BREAK SPACE in Russian (shown here as '_') -- and a table
# on standard output fitted to COLUMNS, the columns left out named; --wide,
# -o FILE, CSV and JSON keep every column. tests/data/output/1c_sales_cp1251.csv
# is a 1C report (cp1251, ';', amounts in the millions with a decimal comma).
c=../../data/output/1c_sales_cp1251.csv
$RELMARK rfm $c
$RELMARK rfm $c --lang ru | sed 's/\xc2\xa0/_/g'
echo "-- COLUMNS=50: the first columns that fit, and the others named"
COLUMNS=50 $RELMARK rfm $c
COLUMNS=50 $RELMARK rfm $c --lang ru | sed 's/\xc2\xa0/_/g'
echo "-- COLUMNS=5: the id column at least"
COLUMNS=5 $RELMARK rfm $c
echo "-- --wide: every column"
$RELMARK rfm $c > "$TMPDIR/all.txt"
COLUMNS=50 $RELMARK rfm $c --wide | cmp - "$TMPDIR/all.txt" && echo "--wide: the whole table"
COLUMNS=50 $RELMARK rfm $c -o "$TMPDIR/o.txt" && cmp "$TMPDIR/o.txt" "$TMPDIR/all.txt" && echo "-o FILE: the whole table"
COLUMNS=junk $RELMARK rfm $c | cmp - "$TMPDIR/all.txt" && echo "COLUMNS not a number: ignored"
echo "-- CSV and JSON: never grouped, never fitted"
COLUMNS=20 $RELMARK rfm $c --format csv --lang ru
COLUMNS=20 $RELMARK rfm $c --format json | first 2
