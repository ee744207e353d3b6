$RELMARK clv ../../../examples/b2b/invoices.csv --whatif retention+5 --lang ru --acquisition-cost 5000
