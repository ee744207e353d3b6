# rfm --cuts: user cut-points per measure at their boundaries (tests/data/rfm_cuts/README.md
# gives each expected score from docs/rfm.md, "Cut-points")
D=../../data/rfm_cuts/orders.csv
M="customer=Email,date=Created at,amount=Total,invoice=Name"
$RELMARK rfm $D --as-of 2026-06-30 --map "$M" --segments none --format csv \
    --cuts r=30,90,180,365 --cuts f=2,3,5,10 --cuts m=10,20,40,80
# one measure cut, the others in equal groups; several in one value (a config file's)
$RELMARK rfm $D --as-of 2026-06-30 --map "$M" --segments none --format csv --cuts "r=30,90,180,365" | first 4
printf '[rfm]\ncuts = r=30,90,180,365; f=2,3,5,10\n' > "$TMPDIR/cuts.ini"
$RELMARK rfm $D --as-of 2026-06-30 --map "$M" --segments none --summary --config "$TMPDIR/cuts.ini" | first 10
# with --bins 3: two cut-points; refused: a count that is not bins - 1, values not rising, no measure
$RELMARK rfm $D --as-of 2026-06-30 --map "$M" --segments none --format csv --bins 3 --cuts r=90,365 | first 3
$RELMARK rfm $D --as-of 2026-06-30 --map "$M" --cuts r=30,90,180 2>&1
$RELMARK rfm $D --as-of 2026-06-30 --map "$M" --cuts f=2,2,5,10 2>&1
$RELMARK rfm $D --as-of 2026-06-30 --map "$M" --cuts 30,90,180,365 2>&1
