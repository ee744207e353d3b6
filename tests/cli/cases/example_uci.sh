# examples/uci/README.md: the UCI "Online Retail" shape (InvoiceNo,
# Quantity x UnitPrice, US dates with times, cancellations C..., guest rows)
cd ../../../examples/uci
$RELMARK rfm online_retail.csv --map amount=Quantity*UnitPrice --date-format mm/dd/yyyy; echo "exit $?"
$RELMARK rfm online_retail.csv; echo "exit $?"
