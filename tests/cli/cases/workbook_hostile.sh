# Damaged and hostile workbooks: each a DATA error (exit 65) naming the file
# and the sheet, part or cell; never a crash (tests/data/workbooks/README.md).
w=../../data/workbooks
for f in bomb_claimed bad_xml no_sheet_part no_workbook huge_dimension bad_shared_index \
         entity_bomb rows_backwards truncated; do
    $RELMARK rfm $w/$f.xlsx --no-header --map customer=1,date=2,amount=3; echo "$f: exit $?"
done
head -c 4000 $w/orders.xls | $RELMARK rfm -; echo "truncated xls: exit $?"
