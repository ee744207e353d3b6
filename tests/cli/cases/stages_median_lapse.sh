$RELMARK stages stages_tx.csv --as-of 2026-06-30 --segments relationship --format csv
