$RELMARK rfm orders.csv --config config.ini
