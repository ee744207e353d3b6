cat rate_invoices.csv | $RELMARK rate -
