# A data error never creates FILE, nor leaves a temporary file beside it
mkdir "$TMPDIR/atomic" && cd "$TMPDIR/atomic"
$RELMARK rfm "$OLDPWD/bad_date.csv" -o atomic.csv; echo "exit $?"; ls -A | wc -l
