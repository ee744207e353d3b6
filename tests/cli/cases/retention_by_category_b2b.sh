$RELMARK retention ../../../examples/b2b/invoices.csv --by category --customers ../../../examples/b2b/clients.csv --period quarter --format csv
