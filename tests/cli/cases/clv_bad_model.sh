$RELMARK clv orders.csv --model weibull
