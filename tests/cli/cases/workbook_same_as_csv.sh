# A Shopify-like orders export saved by Excel as .xlsx (1900 and 1904 date
# systems) and as .xls, from a file, standard input and a FIFO: rfm and rate
# print the very bytes they print for the same sheet saved as CSV
# (tests/data/workbooks/README.md).
w=../../data/workbooks
m="customer=Email,date=Created at,amount=Total,invoice=Name"
mkdir -p "$TMPDIR/workbook_same"
for cmd in rfm rate; do
    $RELMARK $cmd $w/orders.csv --map "$m" --as-of 2024-06-01 --format csv > "$TMPDIR/workbook_same/csv"
    for f in orders.xlsx orders_1904.xlsx orders.xls; do
        $RELMARK $cmd $w/$f --map "$m" --as-of 2024-06-01 --format csv | cmp - "$TMPDIR/workbook_same/csv" && echo "$cmd $f: identical"
        $RELMARK $cmd - --map "$m" --as-of 2024-06-01 --format csv < $w/$f | cmp - "$TMPDIR/workbook_same/csv" && echo "$cmd - < $f: identical"
    done
    mkfifo "$TMPDIR/workbook_same/fifo"
    cat $w/orders.xlsx > "$TMPDIR/workbook_same/fifo" &
    $RELMARK $cmd "$TMPDIR/workbook_same/fifo" --map "$m" --as-of 2024-06-01 --format csv | cmp - "$TMPDIR/workbook_same/csv" && echo "$cmd FIFO: identical"
    wait
    rm "$TMPDIR/workbook_same/fifo"
    cat "$TMPDIR/workbook_same/csv"
done
rm -r "$TMPDIR/workbook_same"
