$RELMARK retention orders.csv --by segment --period quarter --lang ru
