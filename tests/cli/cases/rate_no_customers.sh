$RELMARK rate rate_invoices.csv --format csv
