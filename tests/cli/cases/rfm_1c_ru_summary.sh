$RELMARK rfm export_1c.csv --lang ru --summary --segments relationship
