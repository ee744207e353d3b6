$RELMARK stages stages_tx.csv --customers stages_customers.csv --feedback stages_feedback.csv --as-of 2026-06-30 --lapse-days 100 --summary --format json
