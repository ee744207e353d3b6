$RELMARK rfm short_year.csv
