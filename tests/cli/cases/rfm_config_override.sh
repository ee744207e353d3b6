$RELMARK rfm orders.csv --config config.ini --format table --ties keep
