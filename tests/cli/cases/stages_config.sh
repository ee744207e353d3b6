d=$PWD; cd "$TMPDIR"
printf '[stages]\nlapse_days = 100\nclient_quarters = 1\n[bonds]\nfriends = 3\n' > s.ini
$RELMARK stages "$d/stages_tx.csv" --as-of 2026-06-30 --segments relationship --config s.ini --format json | grep -o '"customer_id": "[^"]*", "stage": "[^"]*"\|"segment": "[^"]*", "category": "[^"]*", "bond_level": [0-9]*'
