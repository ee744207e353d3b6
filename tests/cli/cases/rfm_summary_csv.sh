$RELMARK rfm orders.csv --summary --format csv
