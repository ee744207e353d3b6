$RELMARK portfolio ../../../examples/b2b/invoices.csv --customers ../../../examples/b2b/clients.csv --summary --value revenue --budget 1200000
