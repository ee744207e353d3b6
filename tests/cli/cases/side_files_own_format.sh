# The customers and feedback files detect their own delimiter and encoding:
# --delimiter ';' and --encoding cp1251 describe the transactions only (a
# UTF-8, comma-separated client list beside a 1C export); the Cyrillic
# name comes through as written
d=$PWD; cd "$TMPDIR"
ex=$d/../../../examples/b2b
sed 's/,/;/g' "$ex/invoices.csv" | iconv -f utf-8 -t cp1251 > inv.csv
printf 'customer_id,name\nC0001,Ромашка ООО\n' > clients.csv
printf 'customer_id,date,nps\nC0001,2026-05-01,9\n' > fb.csv
$RELMARK portfolio inv.csv --customers clients.csv --delimiter ';' --encoding cp1251 --format csv 2>/dev/null | grep '^C0001,' | cut -d, -f1-3
$RELMARK stages inv.csv --customers clients.csv --feedback fb.csv --delimiter ';' --encoding cp1251 --format csv 2>/dev/null | grep -c '^C0001,'
$RELMARK rate inv.csv --customers "$ex/clients.csv" --delimiter ';' --encoding cp1251 --summary 2>/dev/null | first 1
