d=$PWD; cd "$TMPDIR"
printf '[bonds]\nchampoins = 3\n' > s.ini
$RELMARK stages "$d/stages_tx.csv" --config s.ini
