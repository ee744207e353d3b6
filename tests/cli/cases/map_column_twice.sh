# --map gives a column one role: two roles on one column (ids scored as
# amounts, exit 0 before) and an empty column name are usage errors (64)
$RELMARK rfm orders.csv --map customer=customer_id,amount=customer_id; echo "exit $?"
$RELMARK rfm orders.csv --map customer=1,amount=1; echo "exit $?"
$RELMARK rfm noheader.tsv --no-header --map customer=1,date=2,amount=1; echo "exit $?"
$RELMARK rfm orders.csv --map customer=; echo "exit $?"
$RELMARK rfm orders.csv --map amount=amount --format csv | sed -n 2p
