$RELMARK rfm slashed.csv --date-format dd/mm/yyyy --format csv
