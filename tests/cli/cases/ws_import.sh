# relmark import (docs/workspace.md): the counts it prints; re-importing the
# same file adds nothing (its digest); an overlapping export adds only its
# new rows (the row key); an export without invoice ids, whose equal lines
# stay rows of their own; a bad row fails the import and stores nothing, --skip-bad
# rejects it; the workspace read back gives the CSV's results.
mkdir "$TMPDIR/wsimport" && cd "$TMPDIR/wsimport" || exit 1
d=$OLDPWD
q() { python3 -c 'import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(str(v) for v in r))' "$@"; }
$RELMARK import w.relmark "$d/orders.csv" 2>/dev/null | sed "s|$d/||"
# the same file again: not read
$RELMARK import w.relmark "$d/orders.csv" 2>/dev/null | sed "s|$d/||"
# the same rows from standard input (no digest): every row known
$RELMARK import w.relmark - < "$d/orders.csv" 2>/dev/null
# an overlapping export, another layout (semicolons, columns swapped): the
# first 10 rows again and two new
{ echo "date;customer_id;amount;invoice_id"
  sed -n '2,11p' "$d/orders.csv" | awk -F, '{ printf "%s;%s;%s;%s\n", $3, $1, $4, $2 }'
  echo "2026-06-30;C01;30.00;1001"
  echo "2026-06-30;C09;5.00;1099"; } > later.csv
$RELMARK import w.relmark later.csv 2>/dev/null
q w.relmark "SELECT count(*), sum(amount) FROM transactions"
q w.relmark "SELECT import_id, count(*) FROM transactions GROUP BY import_id"
q w.relmark "SELECT id, rows, added, known, rejected, left_out, digest IS NULL FROM imports"
q w.relmark "SELECT customer, invoice, date, amount FROM sales WHERE customer = 'C01' ORDER BY id"
q w.relmark "PRAGMA application_id"
q w.relmark "PRAGMA user_version"
q w.relmark "PRAGMA journal_mode"
# rfm on the workspace: as on the two files read together
{ cat "$d/orders.csv"; echo "C01,1001,2026-06-30,30.00"; echo "C09,1099,2026-06-30,5.00"; } > both.csv
$RELMARK rfm both.csv --format csv > a.csv 2>/dev/null
$RELMARK rfm w.relmark --format csv > b.csv
cmp a.csv b.csv && echo "rfm: the workspace's result is the files' result"
# without invoice ids: equal rows of a day are told apart by their occurrence
printf 'customer,date,amount\nA,2026-01-05,10\nA,2026-01-05,10\nB,2026-01-06,12\n' > noinv1.csv
printf 'customer,date,amount\nA,2026-01-05,10\nA,2026-01-05,10\nA,2026-01-05,10\nB,2026-01-07,3\n' > noinv2.csv
$RELMARK import n.relmark noinv1.csv 2>/dev/null
$RELMARK import n.relmark noinv2.csv 2>/dev/null
# a row that differs from a stored one by its amount only is a new row
printf 'customer,date,amount\nB,2026-01-06,99\n' > noinv3.csv
$RELMARK import n.relmark noinv3.csv 2>/dev/null
q n.relmark "SELECT customer, invoice IS NULL, date, amount FROM sales ORDER BY id"
# empty invoice cells: as in the file
printf 'customer,invoice,date,amount\nA,,2026-01-05,10\nA,,2026-01-05,5\nA,7,2026-01-05,3\nB,,2026-01-06,12\nB,,2026-02-06,12\n' > einv.csv
$RELMARK import e.relmark einv.csv 2>/dev/null
$RELMARK rfm einv.csv --format csv > a.csv 2>/dev/null
$RELMARK rfm e.relmark --format csv > b.csv
cmp a.csv b.csv && echo "rfm with empty invoice cells: the workspace's result is the file's"
# a bad row fails the import, nothing is stored; --skip-bad rejects it
$RELMARK import b.relmark "$d/bad_date.csv" 2>&1 | sed "s|$d/||"
q b.relmark "SELECT count(*) FROM transactions UNION ALL SELECT count(*) FROM imports"
$RELMARK import b.relmark "$d/bad_date.csv" --skip-bad --quiet | sed "s|$d/||"
$RELMARK import b.relmark "$d/bad_date.csv" --skip-bad 2>&1 | sed "s|$d/||"
# no such file: the workspace is created, nothing imported
$RELMARK import b.relmark nosuch.csv
q b.relmark "SELECT count(*) FROM imports"
