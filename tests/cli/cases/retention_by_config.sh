printf '[retention]\nby = segment\nperiod = year\n' > "$TMPDIR/by.ini"
$RELMARK retention orders.csv --config "$TMPDIR/by.ini" --format csv
