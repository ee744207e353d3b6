$RELMARK rfm orders.csv --summary
