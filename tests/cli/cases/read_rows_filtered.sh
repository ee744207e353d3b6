# issue 13, the rows a user meant (docs/input.md, "Rows left out"):
# --exclude refunded and voided orders, --include one currency, --id-case
# lower (Anna@x.com = anna@x.com = ANNA@X.COM), --from; guest rows (an empty
# customer id) left out with one note, never an error
d=../../data/exports13
$RELMARK rfm $d/shopify_orders.csv --format csv --id-case lower \
    --exclude "Financial Status=refunded,voided" --include Currency=USD; echo "exit $?"
$RELMARK rfm $d/shopify_orders.csv --format csv --from 2026-05-01; echo "exit $?"
$RELMARK rfm $d/shopify_orders.csv --include "Colour=red"; echo "exit $?"
$RELMARK rfm $d/shopify_orders.csv --exclude Currency; echo "exit $?"
$RELMARK rfm $d/shopify_orders.csv --id-case upper; echo "exit $?"
