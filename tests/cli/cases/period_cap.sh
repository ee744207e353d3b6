# retention and cohorts take at most 1200 periods (docs/retention.md): July
# 1926 .. June 2026 is exactly 1200 months and runs; June 1926 .. June 2026
# (1201) is refused with exit 65
cd "$TMPDIR"
printf 'customer,date,amount\nA,1926-07-15,1\nB,2026-06-15,2\n' > p1200.csv
printf 'customer,date,amount\nA,1926-06-15,1\nB,2026-06-15,2\n' > p1201.csv
$RELMARK retention p1200.csv --period month --format csv | sed -n '1,2p;$p'
$RELMARK retention p1201.csv --period month --format csv; echo "exit $?"
$RELMARK cohorts p1201.csv --period month --format csv 2>&1 >/dev/null | sed "s|$TMPDIR/||"
