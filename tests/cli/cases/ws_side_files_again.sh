# relmark import of a transactions file imported before, now with a customers
# file naming clients without a purchase (docs/workspace.md): the rows are not
# read again, the clients are stored (this failed with "cannot store a
# customer" when the import's statements were prepared only for new rows)
mkdir "$TMPDIR/wsside" && cd "$TMPDIR/wsside" || exit 1
d=$OLDPWD
q() { python3 -c 'import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(str(v) for v in r))' "$@"; }
$RELMARK import w.relmark "$d/stages_tx.csv" 2>/dev/null | sed "s|$d/||"
$RELMARK import w.relmark "$d/stages_tx.csv" --customers "$d/stages_customers.csv" 2>/dev/null | sed "s|$d/||"
q w.relmark "SELECT customer, name, type, status FROM customers ORDER BY customer"
q w.relmark "SELECT count(*) FROM transactions"
# the workspace's stages equal the two files' stages
$RELMARK stages w.relmark --format csv > ws.csv
$RELMARK stages "$d/stages_tx.csv" --customers "$d/stages_customers.csv" --format csv > files.csv
cmp ws.csv files.csv && echo "stages: the same"
