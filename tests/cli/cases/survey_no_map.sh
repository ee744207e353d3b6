# survey finds its columns by the header: --map, --no-header and --threads
# (flags for transactions files) are refused, not silently ignored
$RELMARK survey ../../../examples/b2b/survey.csv --map customer=1; echo "exit $?"
$RELMARK survey ../../../examples/b2b/survey.csv --no-header; echo "exit $?"
