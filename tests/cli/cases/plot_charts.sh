# --plot NAME: each command's charts as standalone SVG documents (the
# report's, with only the analyses they need); each has drawn marks; a
# chart the inputs cannot give says why; an unknown name lists the known
ex=../../../examples/b2b
for k in "rfm heatmap" "rfm monetary" "rfm segments" "rfm revenue" "retention curve" "cohorts heatmap" \
         "stages ladder" "stages migration" "abcxyz matrix" "abcxyz revenue" "abcxyz lorenz" \
         "clv histogram" "clv palive" "clv expected" "clv calibration" "clv tracking"; do
    set -- $k
    rm -f "$TMPDIR/c.svg"
    $RELMARK $1 $ex/invoices.csv --plot $2 -o "$TMPDIR/c.svg"
    echo "$1 $2: $(head -c 38 "$TMPDIR/c.svg" | tr -d '\n') $(grep -c '</svg>' "$TMPDIR/c.svg") svg, $(grep -o 'class="mark"' "$TMPDIR/c.svg" | wc -l | awk '{print ($1 > 0) ? "marks" : "NO MARKS"}')"
done
for k in "stages b2b" "rate points" "rate revenue" "rate changes" "portfolio matrix" "portfolio budget"; do
    set -- $k
    rm -f "$TMPDIR/c.svg"
    $RELMARK $1 $ex/invoices.csv --customers $ex/clients.csv --plot $2 -o "$TMPDIR/c.svg"
    echo "$1 $2: $(grep -o 'class="mark"' "$TMPDIR/c.svg" | wc -l | awk '{print ($1 > 0) ? "marks" : "NO MARKS"}')"
done
$RELMARK rate $ex/invoices.csv --plot points -o "$TMPDIR/none.svg"; echo "exit $?"
[ -e "$TMPDIR/none.svg" ] && echo "written" || echo "nothing written"
$RELMARK rfm $ex/invoices.csv --plot pie; echo "exit $?"
$RELMARK rfm $ex/invoices.csv --plot heatmap --lang ru | grep -o 'Оценка частоты (F)' | head -n 1
