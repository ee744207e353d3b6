$RELMARK rfm bad_date.csv -o "$TMPDIR/atomic.csv"; echo "exit $?"; ls "$TMPDIR" | grep -c atomic
