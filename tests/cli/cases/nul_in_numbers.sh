# A NUL byte inside a number is an error with file:line:column, never a
# decimal mark (1<NUL>9 was read as 1.90): in the transactions' amount and
# cost, and in the customers file's scores
cd "$TMPDIR"
printf 'customer,date,amount\nA,2026-01-01,1\0009\n' > a.csv
$RELMARK rfm a.csv --format csv; echo "exit $?"
printf 'customer,date,amount,cost\nA,2026-01-01,10,4\0005\n' > c.csv
$RELMARK portfolio c.csv --as-of 2026-06-30 --format csv > /dev/null; echo "exit $?"
printf 'customer,date,amount\nA,2026-01-01,10\n' > t.csv
printf 'customer_id,name,relationship_strength\nA,a,4\0005\n' > cl.csv
$RELMARK portfolio t.csv --customers cl.csv --as-of 2026-06-30 --format csv > /dev/null; echo "exit $?"
