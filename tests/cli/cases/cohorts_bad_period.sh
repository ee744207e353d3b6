$RELMARK cohorts orders.csv --period week
