# bad thresholds: usage errors (64) before the file is read
for v in 95,80 80,80 0,95 80,101 80 80,95,99 abc 80.123,95 -5,95; do
    $RELMARK abcxyz ../../../examples/b2b/invoices.csv --abc "$v"; echo "exit $?"
done
for v in 25,10 10 0,25 10,1001; do
    $RELMARK abcxyz ../../../examples/b2b/invoices.csv --xyz "$v"; echo "exit $?"
done
for v in 1 121 x 12m; do
    $RELMARK abcxyz ../../../examples/b2b/invoices.csv --months "$v"; echo "exit $?"
done
