# -o FILE.xlsx (any case): the workbook replaces FILE whole (written beside
# it, then renamed); a FIFO or device gets a copy (the zip writer seeks);
# nothing is left behind when the report fails or the directory is missing.
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
data=$(pwd)
d=$TMPDIR/report_xlsx_output
mkdir -p $d
$RELMARK report no-such-file.csv -o $d/failed.xlsx
cd $d
sheets() { $PY -c 'import openpyxl, sys; print(sys.argv[1] + ":", ", ".join(openpyxl.load_workbook(sys.argv[1]).sheetnames))' "$1"; }
echo 'not a workbook' > old.xlsx
$RELMARK report $data/orders.csv -o old.xlsx
sheets old.xlsx
$RELMARK report $data/orders.csv -o UPPER.XLSX
sheets UPPER.XLSX
mkfifo pipe.xlsx
cat pipe.xlsx > copy.xlsx &
$RELMARK report $data/orders.csv -o pipe.xlsx
wait
sheets copy.xlsx
$RELMARK report $data/orders.csv -o missing/r.xlsx
ls -A
