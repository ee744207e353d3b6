$RELMARK rfm orders.csv --decimals 0 --format csv
