d=$PWD; cd "$TMPDIR"
printf '[feedback]\ndrop = eleven\n' > bad.ini
$RELMARK feedback "$d/fbk_answers.csv" --config bad.ini
