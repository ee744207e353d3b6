$RELMARK rfm returns_only.csv
