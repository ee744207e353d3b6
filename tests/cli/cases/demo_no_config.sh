# demo takes no --config: the flag is a usage error (exit 64) and the file is
# not read -- before, it was loaded first, so a bad one said exit 78 with its
# line (found by fuzz_config) and a good one was applied, then refused.
cd "$TMPDIR" || exit 1
printf '[output]\nformat\n' > bad.ini
$RELMARK demo --config bad.ini -o demo_out; echo "exit $?"
printf '[output]\nlang = ru\n' > good.ini
$RELMARK demo --conf=good.ini -o demo_out; echo "exit $?"
echo "written: $(ls demo_out 2>/dev/null | wc -l)"
