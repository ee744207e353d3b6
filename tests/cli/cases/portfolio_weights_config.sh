d=$PWD; cd "$TMPDIR"
printf '[portfolio]\nattractiveness.sales_volume = 50\nattractiveness.profitability = 50\n' > w.ini
$RELMARK portfolio "$d/pf_invoices.csv" --customers "$d/pf_clients.csv" --as-of 2026-06-30 --value revenue --config w.ini --format csv | cut -d, -f1,4,5,6
