$RELMARK clv orders.csv --discount ten
