# Issue 13 item 8: every translated label in CSV and JSON has a stable key
# beside it, the same whatever --lang (tests/data/output: a Shopify export,
# a 1C report, a firm's own segment map whose section names are the keys);
# --excel --lang ru writes Russian column headers, plain CSV keeps the keys.
o=../../data/output/shopify_orders.csv c=../../data/output/1c_sales_cp1251.csv
m='customer=Email,date=Created at,amount=Total,invoice=Name'
$RELMARK rfm $o --map "$m" --format csv --lang ru
$RELMARK rfm $o --map "$m" --format csv | cut -d, -f10 > "$TMPDIR/en.keys"
$RELMARK rfm $o --map "$m" --format csv --lang ru | cut -d, -f10 | cmp - "$TMPDIR/en.keys" && echo "segment_key: the same in en and ru"
$RELMARK rfm $o --map "$m" --format json --lang ru | first 2
echo "-- the summary: key is the segment's key, name its name"
$RELMARK rfm $o --map "$m" --summary --format csv --lang ru | grep '^segment,'
echo "-- a firm's own map: the keys are its section names"
$RELMARK rfm $c --segments ../../data/output/segments.ini --format csv --lang ru
$RELMARK rfm $c --segments ../../data/output/segments.ini --format json | first 2
echo "-- rate: payment_key and category_key"
$RELMARK rate $c --format csv --lang ru
echo "-- --excel --lang ru: Russian headers; --excel alone: the keys"
$RELMARK rfm $o --map "$m" --excel --lang ru | head -n 1
$RELMARK rfm $o --map "$m" --excel | head -n 1
$RELMARK rate $c --excel --lang ru | head -n 1
$RELMARK retention $o --map "$m" --excel --lang ru | head -n 1
