$RELMARK rfm orders.csv --frobnicate
