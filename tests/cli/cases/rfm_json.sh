$RELMARK rfm orders.csv --format json --ties split
