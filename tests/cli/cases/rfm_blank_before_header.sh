$RELMARK rfm blank_before_header.csv --format csv
