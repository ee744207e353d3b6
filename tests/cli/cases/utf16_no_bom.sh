# UTF-16 without a byte order mark (little- and big-endian, Latin and
# Cyrillic headers) is named as such instead of "no customer column found"
cd "$TMPDIR"
printf 'customer,date,amount\nA1,2024-01-01,5\n' | iconv -f utf-8 -t utf-16le > le.csv
$RELMARK rfm le.csv; echo "exit $?"
printf 'клиент,дата,сумма\nА1,2024-01-01,5\n' | iconv -f utf-8 -t utf-16be > be.csv
$RELMARK rfm be.csv; echo "exit $?"
