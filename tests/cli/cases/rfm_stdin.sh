cat orders.csv | $RELMARK rfm - --format csv --as-of 2026-06-01
