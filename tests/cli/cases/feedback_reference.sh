# the trend per quarter against tests/data/feedback/nps_reference.py (pandas),
# whose output on the B2B sample is kept as the expected file; the two last
# columns, days and partial (docs/feedback.md), are feedback_trend_partial's
$RELMARK feedback ../../../examples/b2b/feedback.csv --trend --format csv > "$TMPDIR/fbk_ref.csv"
cut -d, -f1-10 "$TMPDIR/fbk_ref.csv" | cmp - ../../data/feedback/b2b_nps_quarterly.expected.csv && echo identical to the pandas reference
