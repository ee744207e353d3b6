# a partial last period of the trend is marked as retention marks it
# (docs/feedback.md, "Trend"): the B2B answers stop on 2026-05-29, so 2026-Q2
# has 59 of its 91 days (partial 1), 2026-05 29 of 31; a full last period
# (--as-of the quarter's end) is not partial; the table shows the days by the label
$RELMARK feedback ../../../examples/b2b/feedback.csv --trend --format csv | first 2
$RELMARK feedback ../../../examples/b2b/feedback.csv --trend --format csv | tail -n 2
$RELMARK feedback ../../../examples/b2b/feedback.csv --trend --period month --format json | tail -n 2
$RELMARK feedback ../../../examples/b2b/feedback.csv --trend --as-of 2026-06-30 --format csv | tail -n 1
$RELMARK feedback ../../../examples/b2b/feedback.csv --trend | tail -n 1
$RELMARK feedback ../../../examples/b2b/feedback.csv --trend --period year --lang ru | tail -n 1
