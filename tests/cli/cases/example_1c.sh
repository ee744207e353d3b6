# examples/1c/README.md: a 1C «Продажи» report (CP1251, title lines, a
# totals row, decimal commas, blanks grouping thousands), read as it is
cd ../../../examples/1c
$RELMARK rfm prodazhi.csv --lang ru; echo "exit $?"
$RELMARK rfm prodazhi.csv --lang ru --summary | first 8
