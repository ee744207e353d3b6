$RELMARK rfm orders.csv --bins 3 --segments rfm10
