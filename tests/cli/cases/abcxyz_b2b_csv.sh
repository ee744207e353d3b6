$RELMARK abcxyz ../../../examples/b2b/invoices.csv --format csv
