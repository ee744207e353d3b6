d=$PWD; cd "$TMPDIR"
printf 'customer_id,name,strategic_importance\nA,Alfa,7\n' > c.csv
$RELMARK portfolio "$d/pf_invoices.csv" --customers c.csv
