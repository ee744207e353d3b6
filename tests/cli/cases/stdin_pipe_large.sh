# A pipe hands over 64 KiB a read: a file of several hundred KiB read from
# standard input gives what the file gives (the first short read is not
# the end of the input), in UTF-8 and in UTF-16
cd "$TMPDIR"
{ echo 'customer,date,amount'; i=0; while [ $i -lt 30000 ]; do echo "C$((i % 997)),2024-0$((i % 9 + 1))-1$((i % 10)),$((i % 50)).25"; i=$((i + 1)); done; } > big.csv
wc -c < big.csv
$RELMARK rfm big.csv --format csv -o file.csv
cat big.csv | $RELMARK rfm - --format csv -o pipe.csv; echo "exit $?"
cmp file.csv pipe.csv && echo "rfm: the same"
$RELMARK rate big.csv --format csv -o rfile.csv
cat big.csv | $RELMARK rate - --format csv -o rpipe.csv; echo "exit $?"
cmp rfile.csv rpipe.csv && echo "rate: the same"
iconv -f utf-8 -t utf-16le big.csv | $RELMARK rfm - --format csv -o pipe16.csv; echo "exit $?"
cmp file.csv pipe16.csv && echo "rfm, UTF-16 through a pipe: the same"
