$RELMARK feedback ../../../examples/b2b/feedback.csv --transactions ../../../examples/b2b/invoices.csv --alert --key-groups regular,strategic_partner
