$RELMARK rfm utf16.csv
