$RELMARK rfm orders.csv --format csv > /dev/full
