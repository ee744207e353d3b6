$RELMARK rfm orders.csv
