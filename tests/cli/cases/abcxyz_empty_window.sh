# no row in the window: nothing to analyse (65); only returns and zero
# amounts in the window: every client C and Z, concentration not defined
$RELMARK abcxyz ../../../examples/b2b/invoices.csv --as-of 2030-06-30; echo "exit $?"
d=$PWD; cd "$TMPDIR"
printf 'customer,date,amount\nA,2026-05-01,0\nB,2026-06-01,-20\n' > r.csv
$RELMARK abcxyz r.csv --summary
$RELMARK abcxyz r.csv --format csv
