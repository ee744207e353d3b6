# A workspace of schema 1 (before snapshots; docs/workspace.md, "Schema
# versions"): made here from a new one by dropping what schema 2 added and
# setting user_version back to 1. Read-only, every command reads it as
# before and it stays at 1 (history: no snapshot); the first writable open
# (snapshot) migrates it to 2 in one transaction, the header on disk (not
# only in the WAL); then history and snapshots work, the rows as before.
mkdir "$TMPDIR/ws_migrate" && cd "$TMPDIR/ws_migrate" || exit 1
d=$OLDPWD
py() { python3 -c "$@"; }
ver() { od -A n -t u1 -j 60 -N 4 v1.relmark | tr -s ' ' | sed 's/^ //'; }
$RELMARK import v1.relmark "$d/orders.csv" --quiet > /dev/null
$RELMARK rfm v1.relmark --quiet > before.txt
py 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("DROP VIEW snapshot_classes; DROP TABLE snapshot_params; DROP TABLE snapshot_models;"
                " DROP TABLE snapshot_customers; DROP TABLE snapshots;"
                " UPDATE meta SET value = \"1\" WHERE key = \"schema\"; PRAGMA user_version = 1;")
c.close()' v1.relmark
echo "user_version bytes on disk: $(ver)"
$RELMARK rfm v1.relmark --quiet | cmp - before.txt && echo "rfm on schema 1: as before"
$RELMARK report v1.relmark -o r.html --quiet && echo "report on schema 1: written"
$RELMARK history v1.relmark
$RELMARK clv v1.relmark --model-from v1.relmark
echo "after the read-only runs: $(ver)"
$RELMARK snapshot v1.relmark --as-of 2026-05-31
echo "after snapshot: $(ver) (on disk, no WAL needed)"
py 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print("schema", c.execute("SELECT value FROM meta WHERE key = \"schema\"").fetchone()[0],
      "user_version", c.execute("PRAGMA user_version").fetchone()[0],
      "tables", ",".join(r[0] for r in c.execute("SELECT name FROM sqlite_schema WHERE name LIKE \"snapshot%\" ORDER BY name")))' v1.relmark
$RELMARK snapshot v1.relmark --quiet
$RELMARK history v1.relmark --format csv | first 6
$RELMARK rfm v1.relmark --quiet | cmp - before.txt && echo "rfm on schema 2: as before"
