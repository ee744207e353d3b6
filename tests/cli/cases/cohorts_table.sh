$RELMARK cohorts ../../../examples/b2b/invoices.csv --period year
