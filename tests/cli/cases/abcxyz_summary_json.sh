$RELMARK abcxyz ../../../examples/b2b/invoices.csv --summary --format json
