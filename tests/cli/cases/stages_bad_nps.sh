d=$PWD; cd "$TMPDIR"
printf 'customer_id,date,nps,satisfaction\nFR1,2026-05-01,9,\nFR2,2026-05-02,11,\n' > fb.csv
$RELMARK stages "$d/stages_tx.csv" --feedback fb.csv
