# The workbook of transactions alone (CDNOW's sample; ids with leading
# zeros): no rating, portfolio, feedback or survey sheet, the summary says
# which file would add each; the sheets there equal the commands' CSV
# outputs (tests/xlsx_check.py).
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
check=$(pwd)/../../xlsx_check.py
d=$TMPDIR/report_xlsx_cdnow
mkdir -p $d
cp ../../../examples/cdnow/CDNOW_sample.txt $d/cdnow.txt
cd $d
m="--no-header --map customer=2,date=3,amount=5"
l="--format csv"
$RELMARK rfm cdnow.txt $m $l -o rfm.csv
$RELMARK rfm cdnow.txt $m --summary $l -o rfm_summary.csv
$RELMARK clv cdnow.txt $m $l -o clv.csv 2>/dev/null
$RELMARK clv cdnow.txt $m --summary $l -o clv_summary.csv 2>/dev/null
$RELMARK clv cdnow.txt $m --whatif retention+5 $l -o whatif.csv 2>/dev/null
$RELMARK abcxyz cdnow.txt $m $l -o abcxyz.csv 2>/dev/null
$RELMARK abcxyz cdnow.txt $m --summary $l -o abcxyz_summary.csv 2>/dev/null
$RELMARK retention cdnow.txt $m --period month $l -o retention.csv
$RELMARK cohorts cdnow.txt $m --period month $l -o cohorts.csv
$RELMARK stages cdnow.txt $m $l -o stages.csv
$RELMARK stages cdnow.txt $m --summary $l -o stages_summary.csv
$RELMARK stages cdnow.txt $m --migration $l -o migration.csv
$RELMARK stages cdnow.txt $m --migration --movers $l -o movers.csv
$RELMARK report cdnow.txt $m -o cdnow.xlsx
$PY $check . cdnow.xlsx en
