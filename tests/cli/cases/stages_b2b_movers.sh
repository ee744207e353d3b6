$RELMARK stages ../../../examples/b2b/invoices.csv --customers ../../../examples/b2b/clients.csv --feedback ../../../examples/b2b/feedback.csv --migration --period 3m --movers --format csv
