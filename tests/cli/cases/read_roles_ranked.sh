# issue 13, column roles (docs/input.md, "Finding the columns"): the amount a
# user means wins over tax, shipping and discount columns; Shopify's orders
# export (Email, Created at, Total, Name); the line "columns: ..." on stderr
# of every read, --quiet without it; two equally good columns refused (64)
d=../../data/exports13
$RELMARK rfm $d/net_sales_tax.csv --format csv; echo "exit $?"
$RELMARK rfm $d/grand_total_shipping.csv --format csv; echo "exit $?"
$RELMARK rfm $d/shopify_orders.csv --format csv; echo "exit $?"
$RELMARK rfm $d/shopify_orders.csv --format csv --quiet; echo "exit $?"
$RELMARK rfm $d/two_amounts.csv; echo "exit $?"
$RELMARK rfm $d/two_amounts.csv --map "amount=Amount excl VAT" --format csv --quiet; echo "exit $?"
printf 'who,when\nA,2026-01-01\n' | $RELMARK rfm -; echo "exit $?"
printf 'InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,2,2026-01-01,3.50,A\n' | $RELMARK rfm -; echo "exit $?"
$RELMARK rfm $d/net_sales_tax.csv --summary --format json | first 2
