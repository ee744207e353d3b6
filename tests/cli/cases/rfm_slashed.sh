$RELMARK rfm slashed.csv
