$RELMARK rfm orders.csv --segments overlap.ini
