d=$PWD; cd "$TMPDIR"
printf '[portfolio]\nstrength.relationship_strength = 60\nstrength.cooperation = 30\n' > w.ini
$RELMARK portfolio "$d/pf_invoices.csv" --customers "$d/pf_clients.csv" --config w.ini
