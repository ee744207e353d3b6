$RELMARK clv orders.csv --whatif retention+10
