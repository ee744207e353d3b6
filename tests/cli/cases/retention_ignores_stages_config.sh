d=$PWD; cd "$TMPDIR"
printf '[stages]\nperiod = 90d\nlapse_days = 30\n[retention]\nperiod = year\n' > s.ini
$RELMARK retention "$d/orders.csv" --config s.ini --format csv
