d=$PWD; cd "$TMPDIR"
printf '[bonds]\nfriends = 4\n' > s.ini
$RELMARK stages "$d/stages_tx.csv" --config s.ini
