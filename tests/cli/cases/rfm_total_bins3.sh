$RELMARK rfm orders.csv --monetary total --bins 3 --format csv
