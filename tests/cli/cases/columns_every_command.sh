# The columns read (docs/cli.md, "The columns read"): the first key of the JSON
# of every view of every command that reads transactions, and a line of each
# --summary table -- on a Shopify-shaped orders export (customer=Email, date=
# 'Created at', amount=Total, invoice=Name: tests/data/exports13/README.md) and
# the B2B sample; null when no transactions were read
f=../../data/exports13/shopify_orders.csv
b=../../../examples/b2b
col() { sed -n '1s/^{"columns": \("[^"]*"\|null\), .*/\1/p'; }
for v in "rate" "rate --summary" "retention" "retention --by segment" "cohorts" "stages" \
    "stages --summary" "stages --migration" "stages --migration --movers" "abcxyz" "abcxyz --summary"; do
    printf '%s: ' "$v"; $RELMARK $v $f --format json --quiet | col
done
for v in "clv" "clv --summary" "clv --tracking" "clv --whatif retention+5"; do
    printf '%s: ' "$v"; $RELMARK $v $b/invoices.csv --format json --quiet | col
done
for v in "portfolio" "portfolio --summary" "portfolio --orientation"; do
    printf '%s: ' "$v"; $RELMARK $v $b/invoices.csv --customers $b/clients.csv --format json --quiet | col
done
for v in "" "--summary" "--trend" "--alert"; do
    printf 'feedback %s: ' "$v"; $RELMARK feedback $b/feedback.csv $v --format json --quiet | col
    printf 'feedback %s --transactions: ' "$v"
    $RELMARK feedback $b/feedback.csv $v --transactions $f --format json --quiet | col
done
printf 'clv --summary-input: '
$RELMARK clv --summary-input ../../../examples/cdnow/cdnow_customers_summary.csv --format json --quiet | col
# the summaries' tables: one line each (Russian too)
$RELMARK rate $f --summary --quiet | grep '^Columns: '
$RELMARK stages $f --summary --quiet --lang ru | grep '^Столбцы: '
$RELMARK abcxyz $f --summary --quiet | grep '^Columns: '
$RELMARK clv $b/invoices.csv --summary --quiet | grep '^Columns: '
$RELMARK portfolio $b/invoices.csv --customers $b/clients.csv --summary --quiet | grep '^Columns: '
$RELMARK feedback $b/feedback.csv --transactions $f --summary --quiet | grep '^Columns: '
