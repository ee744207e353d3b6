$RELMARK portfolio pf_invoices.csv --customers pf_clients.csv --as-of 2026-06-30 --orientation
