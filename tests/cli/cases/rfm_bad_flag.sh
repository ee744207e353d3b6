$RELMARK rfm orders.csv --ties sometimes
