$RELMARK rfm agg_errors.csv --encoding utf-8 --skip-bad --format csv
