# mean_value from the exact repeat-day sum, rounded half away from zero: every
# CDNOW repeat buyer's mean equals the published zbar (examples/cdnow, 2
# decimals); customer 0001's 44.69 over 2 repeat days is 22.345 -> 22.35
$RELMARK clv ../../../examples/cdnow/CDNOW_sample.txt --no-header --map customer=2,date=3,amount=5 \
    --as-of 1997-09-30 --format csv > "$TMPDIR/zbar.csv"
tr -d '\r' < ../../../examples/cdnow/cdnow_customers_summary_with_transactions.csv |
    awk -F, 'NR == FNR { if (FNR > 1) z[$1 + 0] = $5; next }
             FNR > 1 && $2 > 0 { n++; if (z[$1 + 0] != $5) { bad++; print "differs:", $1, $5, z[$1 + 0] } }
             $1 == "0001" { print "0001 mean_value", $5 }
             END { print n, "repeat buyers,", bad + 0, "means differ from zbar" }' - "$TMPDIR/zbar.csv"
