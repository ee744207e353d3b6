$RELMARK retention orders.csv --by segment --bins 4
