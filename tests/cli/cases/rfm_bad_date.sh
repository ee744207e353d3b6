$RELMARK rfm bad_date.csv
