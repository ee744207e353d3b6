# profitability measured from the invoices' cost or margin columns (the
# customers file's for clients without them): the hand-worked case of
# tests/unit/test_portfolio.c (A 40 %, B 10 %, C 75 %, D the file's 35 %,
# E 25 % from its margin cell), then a cost that is no money
cd "$TMPDIR"
printf 'customer,date,amount,Себестоимость,margin\nA,2026-01-10,1000,600,\nA,2026-02-10,1000,,\nB,2026-01-10,500,450,\nB,2026-03-01,-100,-90,\nC,2026-01-10,800,200,\nD,2026-01-10,300,,\nE,2026-01-10,1200,1,300\nF,2025-01-10,100,50,\n' > inv.csv
printf 'customer_id,name,profitability\nA,a,10\nB,b,50\nC,c,\nD,d,35\nE,e,\nF,f,\n' > cl.csv
$RELMARK portfolio inv.csv --customers cl.csv --as-of 2026-06-30 --value revenue --format csv | cut -d, -f1,12
printf 'customer,date,amount,cost\nA,2026-01-10,10,ten\n' > bad.csv
$RELMARK portfolio bad.csv --customers cl.csv; echo "exit $?"
$RELMARK rfm bad.csv --format csv; echo "exit $?"
