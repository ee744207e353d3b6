$RELMARK rfm orders.csv --segments mymap.ini --lang ru --format csv
