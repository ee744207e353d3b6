$RELMARK rfm orders.csv --conf=config.ini | head -3
