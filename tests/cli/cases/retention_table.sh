$RELMARK retention orders.csv
