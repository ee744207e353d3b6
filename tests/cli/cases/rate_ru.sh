$RELMARK rate rate_invoices.csv --customers rate_clients.csv --lang ru --format csv
