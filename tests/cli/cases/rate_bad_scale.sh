$RELMARK rate rate_invoices.csv --scale rate_bad_scale.ini
