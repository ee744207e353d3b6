d=$PWD; cd "$TMPDIR"
printf 'customer_id,date,nps,satisfaction\nA,2026-05-01,9,\nB,2026-05-02,7.5,\n' > fb.csv
$RELMARK feedback fb.csv
