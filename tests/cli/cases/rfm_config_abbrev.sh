$RELMARK rfm orders.csv --conf=config.ini | first 3
