$RELMARK rfm orders.csv --summary --format json --segments relationship
