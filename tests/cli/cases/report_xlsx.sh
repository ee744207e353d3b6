# The report as a workbook (-o FILE.xlsx), read back with openpyxl
# (tests/xlsx_check.py): every per-customer sheet equals the command's CSV
# output cell by cell -- ids as text, numbers as numbers with the CSV's
# rounding, dates as dates -- and so do the summary tables; no cell is a
# formula; in English and in Russian.
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
E=../../../examples/b2b
csvs() { # DIR LANG: the commands' CSV outputs the workbook must equal
    d=$1 l="--lang $2 --format csv"
    $RELMARK rfm $E/invoices.csv $l -o $d/rfm.csv
    $RELMARK rfm $E/invoices.csv --summary $l -o $d/rfm_summary.csv
    $RELMARK clv $E/invoices.csv $l -o $d/clv.csv 2>/dev/null
    $RELMARK clv $E/invoices.csv --summary $l -o $d/clv_summary.csv 2>/dev/null
    $RELMARK clv $E/invoices.csv --whatif retention+5 $l -o $d/whatif.csv
    $RELMARK abcxyz $E/invoices.csv $l -o $d/abcxyz.csv 2>/dev/null
    $RELMARK abcxyz $E/invoices.csv --summary $l -o $d/abcxyz_summary.csv 2>/dev/null
    $RELMARK retention $E/invoices.csv --period quarter $l -o $d/retention.csv
    $RELMARK cohorts $E/invoices.csv --period quarter $l -o $d/cohorts.csv
    s="$E/invoices.csv --customers $E/clients.csv --feedback $E/feedback.csv"
    $RELMARK stages $s $l -o $d/stages.csv 2>/dev/null
    $RELMARK stages $s --summary $l -o $d/stages_summary.csv 2>/dev/null
    $RELMARK stages $s --migration $l -o $d/migration.csv 2>/dev/null
    $RELMARK stages $s --migration --movers $l -o $d/movers.csv 2>/dev/null
    $RELMARK rate $E/invoices.csv --customers $E/clients.csv $l -o $d/rate.csv 2>/dev/null
    $RELMARK rate $E/invoices.csv --customers $E/clients.csv --summary $l -o $d/rate_summary.csv 2>/dev/null
    $RELMARK portfolio $E/invoices.csv --customers $E/clients.csv --budget 100 --value revenue $l -o $d/portfolio.csv 2>/dev/null
    $RELMARK portfolio $E/invoices.csv --customers $E/clients.csv --summary --budget 100 --value revenue $l -o $d/portfolio_summary.csv 2>/dev/null
    $RELMARK portfolio $s --orientation $l -o $d/orientation.csv
    f="$E/feedback.csv --transactions $E/invoices.csv --customers $E/clients.csv"
    $RELMARK feedback $f $l -o $d/feedback.csv 2>/dev/null
    $RELMARK feedback $f --summary --by category $l -o $d/feedback_by_category.csv 2>/dev/null
    $RELMARK feedback $f --summary --by segment $l -o $d/feedback_by_segment.csv 2>/dev/null
    $RELMARK feedback $f --alert $l -o $d/feedback_alert.csv 2>/dev/null
    $RELMARK survey $E/survey.csv $l -o $d/survey.csv 2>/dev/null
    $RELMARK survey $E/survey.csv --summary $l -o $d/survey_summary.csv 2>/dev/null
}
for lang in en ru; do
    d=$TMPDIR/report_xlsx/$lang
    mkdir -p $d
    csvs $d $lang
    $RELMARK report $E/invoices.csv --customers $E/clients.csv --feedback $E/feedback.csv \
        --survey $E/survey.csv --lang $lang -o $d/b2b.xlsx 2>/dev/null
    $PY ../../xlsx_check.py $d b2b.xlsx $lang
    ls -A $d | grep relmark || echo "no temporary file left"
done
