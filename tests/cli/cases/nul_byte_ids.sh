# A NUL byte in an id would cut it short: "A<NUL>x" and "A<NUL>y" would print,
# and match the customers file, as "A". Refused, with file:line:column, in
# the transactions, the customers file and the feedback file
d=$PWD; cd "$TMPDIR"
printf 'customer,date,amount\nB,2024-01-01,3\nA\000x,2024-01-01,5\nA\000y,2024-01-02,7\n' > t.csv
$RELMARK rfm t.csv --format csv; echo "exit $?"
$RELMARK rfm t.csv --format csv --skip-bad; echo "exit $?"
$RELMARK rate t.csv --format csv --skip-bad | cut -d, -f1; echo "exit $?"
printf 'customer,date,amount\nB,2024-01-01,3\n' > ok.csv
printf 'customer_id,name\nB,Bee\nA\000x,Broken\n' > c.csv
$RELMARK rate ok.csv --customers c.csv; echo "exit $?"
printf 'customer_id,date,nps\nA\000x,2024-01-01,9\n' > f.csv
$RELMARK feedback f.csv; echo "exit $?"
