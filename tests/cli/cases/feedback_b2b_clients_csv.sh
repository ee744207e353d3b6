$RELMARK feedback ../../../examples/b2b/feedback.csv --transactions ../../../examples/b2b/invoices.csv --customers ../../../examples/b2b/clients.csv --format csv | first 8
