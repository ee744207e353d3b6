$RELMARK rfm blank_spaces.csv --format csv
