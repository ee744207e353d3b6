# --config refuses, with FILE:LINE and exit 78 before anything is read, what
# inih would misread silently (docs/cli.md, "Config file"): a line over 198
# bytes (inih splits it and reads its tail as a setting of its own: here
# format=json and a truncated output name), CR-only line ends (the
# settings run into one line), a NUL byte (it cuts a value short) and a
# directory. A line of 198 bytes, CRLF line ends and a last line without
# its LF are read.
d=$PWD; mkdir "$TMPDIR/config_bad" && cd "$TMPDIR/config_bad" || exit 1
n190=$(printf 'x%.0s' $(seq 190))
printf '[output]\noutput = %sformat=json\n' "$n190" > long.ini
$RELMARK rfm "$d/orders.csv" --config long.ini; echo "exit $?"
echo "files written: $(ls | grep -c xxx)"
# 198 bytes: "output = " (9) and a name of 189; 199 bytes: one more
n189=$(printf 'y%.0s' $(seq 189))
printf '[output]\r\nformat = csv\r\noutput = %s' "$n189" > fits.ini
$RELMARK rfm "$d/orders.csv" --config fits.ini 2>/dev/null; echo "exit $?, $(head -1 $n189)"
printf '[output]\nformat = csv\noutput = %sz\n' "$n189" > over.ini
$RELMARK rfm "$d/orders.csv" --config over.ini; echo "exit $?"
printf '[output]\rformat = json\rlang = ru\r' > cr.ini
$RELMARK rfm "$d/orders.csv" --config cr.ini; echo "exit $?"
printf '[output]\r\nformat = json\r\nlang = ru\rformat = csv\r\n' > mixed.ini
$RELMARK rfm "$d/orders.csv" --config mixed.ini; echo "exit $?"
printf '[output]\nformat = csv\nlang = ru\000en\n' > nul.ini
$RELMARK rfm "$d/orders.csv" --config nul.ini; echo "exit $?"
# the first problem is the one reported: a line that is no setting before a NUL
printf '[output]\nformat\nlang = ru\000en\n' > two.ini
$RELMARK rfm "$d/orders.csv" --config two.ini; echo "exit $?"
mkdir dir.ini
$RELMARK rfm "$d/orders.csv" --config dir.ini; echo "exit $?"
$RELMARK rfm "$d/orders.csv" --config missing.ini; echo "exit $?"
