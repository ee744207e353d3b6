$RELMARK stages stages_tx.csv --as-of 2026-06-30 --lapse-days 100 --b2b --format json | grep -o '"customer_id": "[^"]*"\|"b2b_stage": .*'
