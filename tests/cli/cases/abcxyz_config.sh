# [abcxyz] applies to relmark abcxyz only: its bad months do not stop rfm
d=$PWD; cd "$TMPDIR"
printf '[abcxyz]\nabc = 50,90\nxyz = 20,40\nmonths = 24\nsummary = yes\n' > a.ini
$RELMARK abcxyz "$d/../../../examples/b2b/invoices.csv" --config a.ini --format csv
printf '[abcxyz]\nmonths = 1\n' > b.ini
$RELMARK rfm "$d/orders.csv" --config b.ini --format csv | first 2
$RELMARK abcxyz "$d/orders.csv" --config b.ini; echo "exit $?"
