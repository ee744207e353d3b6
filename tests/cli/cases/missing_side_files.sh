# A missing --customers, --feedback, --scale or --segments file is exit 66
# (docs/cli.md, exit codes), for every command that takes it
$RELMARK rate orders.csv --customers no-such.csv; echo "exit $?"
$RELMARK stages orders.csv --customers no-such.csv; echo "exit $?"
$RELMARK portfolio orders.csv --customers no-such.csv; echo "exit $?"
$RELMARK stages orders.csv --feedback no-such.csv; echo "exit $?"
$RELMARK feedback no-such.csv; echo "exit $?"
$RELMARK rate orders.csv --scale no-such.ini; echo "exit $?"
$RELMARK rfm orders.csv --segments no-such.ini; echo "exit $?"
$RELMARK retention orders.csv --by segment --segments no-such.ini; echo "exit $?"
