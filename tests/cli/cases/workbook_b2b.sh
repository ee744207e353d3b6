# The b2b example (its first 3000 invoice lines, every client, feedback and
# survey answer) saved as workbooks by tests/data/workbooks/csv2xlsx.py: every
# reader -- transactions, customers, feedback, survey answers -- gives the same
# bytes as on the CSV files.
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
e=../../../examples/b2b
d="$TMPDIR/workbook_b2b"
mkdir -p "$d"
head -n 3001 $e/invoices.csv > "$d/invoices.csv"
cp $e/clients.csv $e/feedback.csv $e/survey.csv "$d/"
for f in invoices clients feedback survey; do
    $PY ../../data/workbooks/csv2xlsx.py "$d/$f.csv" "$d/$f.xlsx" Sheet1 || echo "$f: not converted"
done
same() { # same NAME ARGS... with @ for the file's extension
    a=$(echo "$*" | sed 's/@/csv/g'); b=$(echo "$*" | sed 's/@/xlsx/g')
    $RELMARK $a --format csv > "$d/a.out"; $RELMARK $b --format csv > "$d/b.out"
    cmp "$d/a.out" "$d/b.out" && echo "$1: identical, $(wc -l < "$d/a.out") lines"
}
same rate "$d/invoices.@" --customers "$d/clients.@" --as-of 2023-01-01
same stages "$d/invoices.@" --customers "$d/clients.@" --feedback "$d/feedback.@" --as-of 2023-01-01
same feedback "$d/feedback.@" --customers "$d/clients.@"
same survey "$d/survey.@"
same retention "$d/invoices.@"
rm -r "$d"
