$RELMARK rate rate_invoices.csv --customers rate_dup_clients.csv
