# -o FILE: a 250-byte file name works (the temporary file has a short name of
# its own); a replaced file keeps its permission bits but never setuid,
# setgid or sticky; -o '' is a usage error before any work
mkdir "$TMPDIR/names" && cd "$TMPDIR/names"
d=$OLDPWD
long=$(printf 'n%.0s' $(seq 246)).csv
$RELMARK rfm "$d/orders.csv" --format csv -o "$long" 2>/dev/null; echo "exit $?, $(wc -l < "$long") lines in a ${#long}-byte name"
echo old > s.csv; chmod 6755 s.csv
$RELMARK rfm "$d/orders.csv" --format csv -o s.csv 2>/dev/null; echo "exit $?"; stat -c %a s.csv
$RELMARK rfm "$d/orders.csv" -o ''; echo "exit $?"
printf '[output]\noutput = ""\n' > e.ini
$RELMARK rfm "$d/orders.csv" --config e.ini; echo "exit $?"
ls -A | grep -c relmark-
