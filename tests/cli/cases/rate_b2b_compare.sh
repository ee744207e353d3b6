$RELMARK rate ../../../examples/b2b/invoices.csv --customers ../../../examples/b2b/clients.csv --compare-to 2025-06-30 --summary --format csv
