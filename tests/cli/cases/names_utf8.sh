# Names are printed in JSON, which is UTF-8 (issue 14): a name in the
# customers file with a NUL byte (it cut the name short) or bytes that are not
# UTF-8 (a file with a UTF-8 byte order mark is read as UTF-8, whatever comes
# later) is refused with FILE:LINE:COLUMN, exit 65 (the exit codes: .calls). An INI file (a segment
# map; the rating scale and the questionnaire alike) that is not UTF-8 text is
# refused at its line, and a segment's name or action longer than its room
# (127 and 255 bytes) is refused rather than cut -- in the middle of a letter
# of two bytes, which was no UTF-8 either: exit 78.
d=$PWD; cd "$TMPDIR"
printf 'customer,date,amount\nA,2026-01-05,10\nB,2026-02-01,20\nC,2025-09-01,5\nD,2025-06-01,7\nE,2025-01-01,9\n' > t.csv
printf 'customer_id,name\nA,Al\000pha\nB,Beta\n' > nul.csv
$RELMARK portfolio t.csv --customers nul.csv --format json 2>&1 | grep -av '^relmark: no client has' | grep -ao '^relmark.*\|"name": "[^"]*"'
printf '\357\273\277customer_id,name\nA,Alpha\nB,B\377ta\n' > bad.csv
$RELMARK portfolio t.csv --customers bad.csv --format json 2>&1 | grep -av '^relmark: no client has' | grep -ao '^relmark.*\|"name": "[^"]*"'
printf '\357\273\277customer_id,name\nA,Альфа\nB,Beta\n' > good.csv
$RELMARK portfolio t.csv --customers good.csv --format json 2>/dev/null | grep -ao '"name": "[^"]*"'
sed 's/^name_ru = Давние$/name_ru = Давн\xff\xfeие/' "$d/mymap.ini" > bad.ini
$RELMARK rfm t.csv --segments bad.ini --lang ru --format json 2>&1 | grep -ao '^relmark.*\|"segment": "[^"]*"' | sort | uniq -c
# 63 letters of two bytes (126 bytes) fit the name; 64 (128 bytes) do not
l63=$(printf 'Д%.0s' $(seq 63))
sed "s/^name_ru = Давние\$/name_ru = $l63/" "$d/mymap.ini" > fits.ini
$RELMARK rfm t.csv --segments fits.ini --lang ru --format json | grep -ac "$l63"
sed "s/^name_ru = Давние\$/name_ru = ${l63}Д/" "$d/mymap.ini" > long.ini
$RELMARK rfm t.csv --segments long.ini --lang ru --format json 2>&1 | grep -ao '^relmark.*\|"segment": "[^"]*"' | sort | uniq -c
# an action continued on indented lines is refused too when it passes 255
# bytes (its second line was dropped: the bytes of the summary's row say it)
{ sed -n '1,7p' "$d/mymap.ini"; echo "action = $l63"; echo "  $l63"; echo "  ДД"; sed -n '8,$p' "$d/mymap.ini"; } > cont.ini
$RELMARK rfm t.csv --segments cont.ini --summary 2>&1 |
    awk '/^relmark/ { print } /^Recent/ { print "the row of Recent:", length($0), "bytes" }'
