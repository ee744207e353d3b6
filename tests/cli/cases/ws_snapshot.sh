# relmark snapshot and history (docs/workspace.md, "Snapshots", "History")
# on the B2B example with its client list (so every classification is
# filled): each error in the order a user meets them (no snapshot, one
# snapshot, an unknown date, --from not before --to, an unknown customer),
# a snapshot of the same date replaced in one piece (the rows counted), then
# history in every format and in Russian, and a customer's path. The
# matrices and the moved-down rule are hand-checked in
# tests/unit/test_ws_history.c; here the commands and their output.
mkdir "$TMPDIR/ws_snapshot" && cd "$TMPDIR/ws_snapshot" || exit 1
E=$OLDPWD/../../../examples/b2b
py() { python3 -c "$@"; }
$RELMARK import w.relmark "$E/invoices.csv" --customers "$E/clients.csv" --quiet > /dev/null
$RELMARK history w.relmark
$RELMARK history w.relmark --customer C0001
$RELMARK snapshot w.relmark --as-of 2025-12-31
$RELMARK history w.relmark
$RELMARK snapshot w.relmark
# the same date again: replaced, not added; every snapshot's rows = its count
$RELMARK snapshot w.relmark --quiet
py 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for r in c.execute("SELECT date(as_of * 86400, \"unixepoch\"), customers, (SELECT count(*) FROM snapshot_customers sc"
                   " WHERE sc.snapshot_id = s.id), (SELECT count(*) FROM snapshot_models m WHERE m.snapshot_id = s.id)"
                   " FROM snapshots s ORDER BY as_of"):
    print("snapshot %s: %d customers, %d rows, %d model(s)" % r)
print(c.execute("SELECT count(*) FROM snapshot_classes WHERE customer = \"C0001\"").fetchone()[0], "rows of C0001 in the view")' w.relmark
$RELMARK history w.relmark | first 60
$RELMARK history w.relmark --format csv | first 12
$RELMARK history w.relmark --format json | first -c 400
$RELMARK history w.relmark --format json | python3 -c 'import json, sys
h = json.load(sys.stdin)
print(h["from"], h["to"], len(h["migration"]), "cells,", len(h["moved_down"]), "moved down,",
      sum(int(m["key_client"]) for m in h["moved_down"]), "key")'
$RELMARK history w.relmark --lang ru | first 14
$RELMARK history w.relmark --from 2025-12-31 --to 2026-06-30 --format csv -o h.csv
$RELMARK history w.relmark --format csv | cmp - h.csv && echo "-o h.csv: the same as stdout"
$RELMARK history w.relmark --customer C0119
$RELMARK history w.relmark --customer C0119 --format csv
$RELMARK history w.relmark --customer C0119 --format json
$RELMARK history w.relmark --customer C0119 --lang ru
# errors: a date without a snapshot, the order, a customer it never saw, --customer with a date
$RELMARK history w.relmark --from 2024-01-01
$RELMARK history w.relmark --from 2026-06-30 --to 2025-12-31
$RELMARK history w.relmark --customer NOBODY
$RELMARK history w.relmark --customer C0001 --to 2026-06-30
$RELMARK history w.relmark --format xml
# a snapshot needs a customer with a purchase by its date; nothing is stored then
$RELMARK snapshot w.relmark --as-of 2001-01-01
py 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM snapshots").fetchone()[0], "snapshots still")' w.relmark
