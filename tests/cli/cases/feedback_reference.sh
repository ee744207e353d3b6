# the trend per quarter against tests/data/feedback/nps_reference.py (pandas),
# whose output on the B2B sample is kept as the expected file
$RELMARK feedback ../../../examples/b2b/feedback.csv --trend --format csv | cmp - ../../data/feedback/b2b_nps_quarterly.expected.csv && echo identical to the pandas reference
