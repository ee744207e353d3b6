$RELMARK rfm dayfirst.csv
