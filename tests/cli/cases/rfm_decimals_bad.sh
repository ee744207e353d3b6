$RELMARK rfm orders.csv --decimals 9
