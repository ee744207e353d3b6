# relmark report takes no flag it does not honour (docs/cli.md, "relmark
# report"): the tables' output flags are refused by getopt (exit 64, each
# named, "Try 'relmark report --help'"), its --help does not list them, and
# the page is written to no -o on a refusal; a shared config file's [output]
# keys for the other commands still load (the report writes its page).
mkdir "$TMPDIR/rptflags" && cd "$TMPDIR/rptflags" || exit 1
d=$OLDPWD
for f in "--format csv" --excel --wide "--decimals 0" "--form=json" "--dec 3"; do
    $RELMARK report "$d/orders.csv" $f -o r.html --quiet
done
ls
$RELMARK report --help | grep -cE -- '--(format|excel|wide|decimals)([^a-z-]|$)'
printf '[output]\nformat = csv\ndecimals = 0\nwide = on\n' > shared.ini
$RELMARK report "$d/orders.csv" --config shared.ini -o r.html --quiet
grep -c '<html' r.html
# the commands without money in their output refuse --decimals the same way
# (cohorts, with --revenue, takes it), and their --help does not name it
for c in retention stages feedback cohorts; do
    $RELMARK $c "$d/orders.csv" --decimals 0 --quiet >/dev/null
    echo "$c: --help names --decimals $($RELMARK $c --help | grep -c -- '--decimals')"
done
