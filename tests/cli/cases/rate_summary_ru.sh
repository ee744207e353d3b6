$RELMARK rate rate_invoices.csv --customers rate_clients.csv --summary --lang ru
