# The lapse and former factors multiply in a wide type (50000 x 50000
# overflowed int: everyone became "former" with a rule of -1794967295.-9
# days); each factor is 1..100000
$RELMARK stages stages_tx.csv --as-of 2026-06-30 --lapse-factor 50000 --former-factor 50000 --format csv | cut -d, -f2 | sort | uniq -c
$RELMARK stages stages_tx.csv --as-of 2026-06-30 --lapse-days 30 --former-factor 5 --format csv | grep '^FO0,'
$RELMARK stages stages_tx.csv --as-of 2026-06-30 --former-factor 100001; echo "exit $?"
