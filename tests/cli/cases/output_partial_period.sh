# Issue 13 item 7 (tests/data/output/shopify_orders.csv, a Shopify order
# export ending on 14 June 2026): every table names its as-of date, and the
# last period, which the as-of date cuts short, is marked -- its days beside
# its label in a table, `days` and `partial` in CSV and JSON -- instead of
# reading as a churn spike. Worked by hand: June 2026 is 14 of 30 days,
# 2026-Q2 is 30 + 31 + 14 = 75 of 91, 2026 is 31+28+31+30+31+14 = 165 of 365.
o=../../data/output/shopify_orders.csv
m='customer=Email,date=Created at,amount=Total,invoice=Name'
$RELMARK retention $o --map "$m"
$RELMARK retention $o --map "$m" --format csv
$RELMARK retention $o --map "$m" --format json
$RELMARK retention $o --map "$m" --period quarter --lang ru
$RELMARK retention $o --map "$m" --period year --format csv
echo "-- the as-of date at the month's end: June is whole"
$RELMARK retention $o --map "$m" --as-of 2026-06-30 --format csv | tail -n 1
$RELMARK retention $o --map "$m" --as-of 2026-06-30 | tail -n 1
echo "-- cohorts: the diagonal is the partial month"
$RELMARK cohorts $o --map "$m"
$RELMARK cohorts $o --map "$m" --revenue --lang ru
$RELMARK cohorts $o --map "$m" --format csv
$RELMARK cohorts $o --map "$m" --format json | first 3
