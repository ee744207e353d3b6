# Ids in the workbook are text, whatever they look like: leading zeros stay,
# "1e5" is no number, text that looks like a formula (=, +, -, @ first) is
# text and never a formula, control characters and a literal "_x0041_"
# read back as written (tests/xlsx_check.py compares with relmark rfm).
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
check=$(pwd)/../../xlsx_check.py
d=$TMPDIR/report_xlsx_ids
mkdir -p $d
cd $d
printf 'customer_id,date,amount\n00001,2024-01-05,10.00\n=1+2,2024-02-01,20\n+SUM(A1:A2),2024-02-03,5\n-3,2024-03-01,7\n@cmd,2024-03-02,8\n1e5,2024-03-03,9\n00001,2024-04-01,11\n"a\001b\tc",2024-04-02,3\n_x0041_,2024-04-03,4\n"x""y",2024-04-04,5\n=1+2,2024-05-01,6\n' > ids.csv
$RELMARK rfm ids.csv --format csv -o rfm.csv
$RELMARK report ids.csv -o ids.xlsx
$PY $check . ids.xlsx en
