$RELMARK rfm agg_errors.csv --encoding utf-8
