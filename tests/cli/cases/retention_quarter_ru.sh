$RELMARK retention ../../../examples/b2b/invoices.csv --period quarter --lang ru
