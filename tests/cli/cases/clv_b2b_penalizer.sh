# the advice of the message of clv_b2b_summary: with --penalizer the
# Gamma-Gamma fit of the B2B sample (p running to infinity without it) stays finite
$RELMARK clv ../../../examples/b2b/invoices.csv --unit month --summary --penalizer 0.001 | first 14
