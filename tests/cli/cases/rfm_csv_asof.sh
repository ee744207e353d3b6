$RELMARK rfm orders.csv --format csv --as-of 2026-06-29
