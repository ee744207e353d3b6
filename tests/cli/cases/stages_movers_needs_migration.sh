$RELMARK stages stages_tx.csv --movers
