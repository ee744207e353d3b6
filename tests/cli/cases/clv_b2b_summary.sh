$RELMARK clv ../../../examples/b2b/invoices.csv --unit month --summary
