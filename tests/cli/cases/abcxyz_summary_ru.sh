$RELMARK abcxyz ../../../examples/b2b/invoices.csv --summary --lang ru
