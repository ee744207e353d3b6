# The feedback trend takes at most 1200 periods, the rule of retention and
# cohorts: answers from July 1926 to June 2026 (1200 months) run, from June
# 1926 (1201) stop with exit 65 -- a mistyped year is no 12,015-row trend
cd "$TMPDIR"
printf 'customer_id,date,nps\nA,1926-07-15,9\nB,2026-06-15,3\n' > f1200.csv
printf 'customer_id,date,nps\nA,1926-06-15,9\nB,2026-06-15,3\n' > f1201.csv
$RELMARK feedback f1200.csv --trend --period month --format csv | sed -n '1,2p;$p'
$RELMARK feedback f1201.csv --trend --period month --format csv; echo "exit $?"
$RELMARK feedback f1201.csv --period month --format csv > /dev/null; echo "exit $?"
