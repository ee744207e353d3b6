$RELMARK stages - --customers stages_customers.csv < stages_tx.csv
