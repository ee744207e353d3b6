$RELMARK rfm orders.csv -o /nonexistent-dir/x.csv
