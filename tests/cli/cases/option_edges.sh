# The bounds of the whole-number options (docs/cli.md): --decimals 0..4 and
# --bins 2..9 take their last values and refuse the next ones
$RELMARK rfm orders.csv --decimals 4 --format csv | sed -n 2p
$RELMARK rfm orders.csv --decimals 0 --format csv | sed -n 2p
$RELMARK rfm orders.csv --decimals 5 --format csv; echo "exit $?"
$RELMARK rfm orders.csv --bins 9 --format csv > /dev/null; echo "exit $?"
$RELMARK rfm orders.csv --bins 2 --format csv | sed -n 2p
$RELMARK rfm orders.csv --bins 10 --format csv; echo "exit $?"
$RELMARK rfm orders.csv --bins 1 --format csv; echo "exit $?"
