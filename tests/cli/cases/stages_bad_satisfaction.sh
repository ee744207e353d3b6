d=$PWD; cd "$TMPDIR"
printf 'customer_id;date;nps;satisfaction\nFR1;01.05.2026;;6\n' > fb.csv
$RELMARK stages "$d/stages_tx.csv" --feedback fb.csv
