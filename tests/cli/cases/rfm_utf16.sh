# UTF-16 ("Unicode text" from Excel or 1C) is decoded: with a byte order mark
# (utf16.csv holds only "c,d": read, then no customer column, exit 64), the
# tab-separated Excel form, little- and big-endian without a mark, Cyrillic
# headers; a file cut inside a character is an error with its line
$RELMARK rfm utf16.csv; echo "exit $?"
cd "$TMPDIR"
printf 'Клиент\tДата\tСумма\nА1\t01.03.2024\t1 500,00\nБ2\t02.03.2024\t7,50\n' | iconv -f utf-8 -t utf-16 > excel.txt
$RELMARK rfm excel.txt --format csv; echo "exit $?"
printf 'customer,date,amount\nA1,2024-01-01,5\n' | iconv -f utf-8 -t utf-16le > le.csv
$RELMARK rfm le.csv --format csv; echo "exit $?"
printf 'клиент,дата,сумма\nА1,2024-01-01,5\n' | iconv -f utf-8 -t utf-16be > be.csv
$RELMARK rfm be.csv --format csv --encoding utf-16; echo "exit $?"
head -c 41 le.csv > cut.csv
$RELMARK rfm cut.csv; echo "exit $?"
