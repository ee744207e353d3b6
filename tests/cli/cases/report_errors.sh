# the report's refusals: a missing file, an unknown language, no customer
cd "$TMPDIR"
printf 'customer,date,amount\nA,2026-01-05,10\n' > t.csv
printf 'customer,date,amount\n' > empty.csv
$RELMARK report missing.csv -o r.html
$RELMARK report t.csv --lang de -o r.html
$RELMARK report empty.csv -o r.html
$RELMARK report t.csv --customers missing-clients.csv -o r.html
ls -a | grep -c "html\|relmark-" || echo "nothing written"
