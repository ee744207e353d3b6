$RELMARK retention orders.csv --by segment --format csv
