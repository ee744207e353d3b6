# A key of a command's own config section must be an option of that command
# (or of one sharing the section) or a common option it honours
# (docs/cli.md, "Config file"): refused with FILE:LINE and exit 78, never set
# and ignored. The shared sections still take any command's key.
mkdir "$TMPDIR/ownsec" && cd "$TMPDIR/ownsec" || exit 1
d=$OLDPWD
printf '[input]\nskip-bad = no\n\n[stages]\nlapse-days = 200\nbins = 4\n' > bins.ini
$RELMARK stages "$d/orders.csv" --config bins.ini --quiet
echo "exit $?"
# stages does not honour --decimals: not in [stages] either
printf '[stages]\ndecimals = 3\n' > dec.ini
$RELMARK stages "$d/orders.csv" --config dec.ini --quiet
echo "exit $?"
# ... but [output] is read by every command: decimals there is for the others
printf '[output]\ndecimals = 3\n' > out.ini
$RELMARK stages "$d/orders.csv" --config out.ini --quiet --format csv | first 2
# cohorts' revenue in [retention], the section cohorts and retention share
printf '[retention]\nrevenue = yes\nperiod = quarter\n' > coh.ini
$RELMARK cohorts "$d/orders.csv" --config coh.ini --quiet --format csv | first 2
$RELMARK retention "$d/orders.csv" --config coh.ini --quiet --format csv | first 2
# a shared section: stages' key in [rfm] reaches stages, rfm takes it silently
printf '[rfm]\nlapse-days = 30\n' > shared.ini
$RELMARK rfm "$d/orders.csv" --config shared.ini --quiet --format csv | first 2
# another command's section is skipped, whatever it holds
printf '[clv]\nbins = 4\n' > other.ini
$RELMARK rfm "$d/orders.csv" --config other.ini --quiet --format csv | first 2
