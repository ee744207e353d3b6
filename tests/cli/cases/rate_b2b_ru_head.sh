$RELMARK rate ../../../examples/b2b/invoices.csv --customers ../../../examples/b2b/clients.csv --lang ru | first 8
