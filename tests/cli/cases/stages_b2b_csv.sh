$RELMARK stages ../../../examples/b2b/invoices.csv --customers ../../../examples/b2b/clients.csv --format csv | first 12
