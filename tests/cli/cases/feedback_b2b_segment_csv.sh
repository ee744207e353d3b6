$RELMARK feedback ../../../examples/b2b/feedback.csv --transactions ../../../examples/b2b/invoices.csv --by segment --summary --format csv
