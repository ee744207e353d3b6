# Rows cut short before the optional columns (due_date, paid_date, cost:
# trailing empty cells some exporters leave out) read them as empty; a row
# cut before a core column is still an error
cd "$TMPDIR"
printf 'customer,date,amount,due_date,paid_date,cost\nA,2026-01-10,100,2026-02-01,2026-01-20,60\nB,2026-01-10,100\nC,2026-01-10,100,2026-02-01\n' > t.csv
printf 'customer_id,name,profitability\nA,a,\nB,b,20\nC,c,30\n' > c.csv
$RELMARK rate t.csv --as-of 2026-03-01 --format csv | cut -d, -f1,6
$RELMARK portfolio t.csv --customers c.csv --format csv 2>/dev/null | cut -d, -f1,12
printf 'customer,date,amount,cost\nA,2026-01-10\n' > short.csv
$RELMARK portfolio short.csv --customers c.csv; echo "exit $?"
