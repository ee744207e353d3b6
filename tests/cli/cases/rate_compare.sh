$RELMARK rate rate_invoices.csv --customers rate_clients.csv --as-of 2026-06-30 --compare-to 2025-12-31 --summary
