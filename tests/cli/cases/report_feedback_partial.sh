# The report's feedback trend marks a partial last period as feedback --trend
# and the report's retention section do (docs/feedback.md, "Trend";
# docs/report.md): the B2B answers and invoices cut at 2026-05-29 leave
# 2026-Q2 with 59 of its 91 days -- its label starred in the charts and the
# table, said in words; the workbook's trend has the CLI's days and partial.
# Without --as-of the report's date is the latest purchase, 2026-06-30: Q2
# is whole, nothing starred.
mkdir "$TMPDIR/rptpartial" && cd "$TMPDIR/rptpartial" || exit 1
E=$OLDPWD/../../../examples/b2b
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
s="$E/invoices.csv --feedback $E/feedback.csv --quiet"
$RELMARK report $s --as-of 2026-05-29 -o cut.html
sed -n 's/.*\(\* 2026-Q2 is a partial period: [^<]*answers[^<]*\).*/\1/p' cut.html
echo "starred table cells: $(grep -o '<td>2026-Q2\*</td>' cut.html | wc -l)"
$RELMARK feedback $E/feedback.csv --transactions $E/invoices.csv --as-of 2026-05-29 --trend --format csv --quiet | tail -1
$RELMARK report $s --as-of 2026-05-29 -o cut.xlsx
$PY - cut.xlsx <<'PYEOF'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], read_only=True)["Feedback summary"]
rows = [[c for c in r] for r in ws.iter_rows(values_only=True)]
at = next(i for i, r in enumerate(rows) if r and r[0] == "Group" and r[1] == "Period")
print(rows[at][10:12])
trend = [r for r in rows[at + 1:] if r and r[0] == "all"]
print(trend[-1][:2], trend[-1][10:12])
PYEOF
$RELMARK report $s -o whole.html
echo "starred without --as-of: $(grep -c '2026-Q2\*' whole.html)"
