# A data error never creates FILE, nor leaves a temporary file beside it
mkdir "$TMPDIR/atomic" && cp bad_date.csv "$TMPDIR/atomic/" && cd "$TMPDIR/atomic"
$RELMARK rfm bad_date.csv -o atomic.csv; echo "exit $?"; ls -A
