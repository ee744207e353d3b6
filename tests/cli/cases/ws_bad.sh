# A workspace's bad input (docs/workspace.md, "Limits and bad input"): a
# corrupt file, another application's SQLite file, a workspace of a newer
# schema -- each refused, named, by a command and by import, and nothing
# written; the reading options that describe a text refused with a
# workspace; a side file the workspace does not hold; a text file as the
# WORKSPACE of import.
mkdir "$TMPDIR/wsbad" && cd "$TMPDIR/wsbad" || exit 1
d=$OLDPWD
py() { python3 -c "$@"; }
$RELMARK import good.relmark "$d/orders.csv" --quiet > /dev/null
# corrupt: the header kept, the pages after it overwritten
cp good.relmark corrupt.relmark
py 'import sys
f = open(sys.argv[1], "r+b"); f.seek(100); f.write(b"\xa5" * 9000); f.close()' corrupt.relmark
$RELMARK rfm corrupt.relmark
$RELMARK import corrupt.relmark "$d/orders.csv"
cmp -s corrupt.relmark good.relmark || echo "the corrupt file is left as it was: $(py 'import sys
print(open(sys.argv[1], "rb").read(9100)[100:9100] == b"\xa5" * 9000)' corrupt.relmark)"
# another application's SQLite file
py 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE t(x)"); c.commit()' foreign.db
$RELMARK rfm foreign.db
$RELMARK import foreign.db "$d/orders.csv"
$RELMARK rate "$d/rate_invoices.csv" --customers foreign.db
py 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM sqlite_schema").fetchone()[0], "table(s), as before")' foreign.db
# a newer schema
cp good.relmark newer.relmark
py 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version = 3"); c.commit()' newer.relmark
$RELMARK rfm newer.relmark
$RELMARK import newer.relmark "$d/orders.csv"
$RELMARK snapshot newer.relmark
$RELMARK history newer.relmark
$RELMARK clv good.relmark --model-from newer.relmark
# the options that describe a text apply at the import
$RELMARK rfm good.relmark --map customer=1,date=3,amount=4
$RELMARK rfm good.relmark --include "invoice_id=1001"
$RELMARK rfm good.relmark --id-case lower
# a side file the workspace does not hold
$RELMARK rate good.relmark --customers good.relmark
# a text file is no workspace to import into
cp "$d/orders.csv" text.csv
$RELMARK import text.csv "$d/orders.csv"
cmp -s text.csv "$d/orders.csv" && echo "text.csv is unchanged"
# a workspace is a file: standard input is none
$RELMARK import - "$d/orders.csv"
