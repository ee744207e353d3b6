$RELMARK retention orders.csv --format json --period year
