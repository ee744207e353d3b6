# --period (the "relmark abcxyz invoices.csv --period month"): the
# XYZ cv over months (default), quarters or years of the window; the
# [abcxyz] key; a window that is not two or more whole periods
ex=../../../examples/b2b
$RELMARK abcxyz $ex/invoices.csv --period month --format csv | first 4
$RELMARK abcxyz $ex/invoices.csv --period quarter --format csv | first 4
$RELMARK abcxyz $ex/invoices.csv --period quarter --summary --format csv | first 10
printf '[abcxyz]\nperiod = year\nmonths = 36\n' > "$TMPDIR/a.ini"
$RELMARK abcxyz $ex/invoices.csv --config "$TMPDIR/a.ini" --summary --format json | first -c 130
$RELMARK abcxyz $ex/invoices.csv --period year; echo "exit $?"
$RELMARK abcxyz $ex/invoices.csv --period quarter --months 10; echo "exit $?"
