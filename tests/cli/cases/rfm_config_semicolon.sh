$RELMARK rfm slashed.csv --config semicolon.ini --date-format dd/mm/yyyy
