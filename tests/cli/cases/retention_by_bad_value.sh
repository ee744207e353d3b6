$RELMARK retention orders.csv --by region
