$RELMARK rfm orders.csv --excel --format json
