$RELMARK rfm bad_date.csv --skip-bad --format csv --threads 1
