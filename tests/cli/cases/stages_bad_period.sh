$RELMARK stages stages_tx.csv --period 5x
