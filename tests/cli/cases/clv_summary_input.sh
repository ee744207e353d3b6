# clv --summary-input: per-customer summaries as lifetimes and CLVTools write
# them (tests/data/clv_summary/README.md) fit to the parameters of the fit on
# the transactions (the summaries round t_x and T to 0.01 week and the mean
# to the cent: relative 5e-4), and to the published digits
S=../../data/clv_summary
$RELMARK clv ../../../examples/cdnow/CDNOW_sample.txt --no-header --map customer=2,date=3,amount=5 \
    --as-of 1997-09-30 --summary --format csv > "$TMPDIR/log.csv"
$RELMARK clv --summary-input $S/lifetimes_cdnow.csv --summary --format csv > "$TMPDIR/sum.csv"
awk -F, 'NR == FNR { if ($1 != "" && $1 != "parameter" && $1 != "log_likelihood") lg[$1] = $2; next }
         $1 in lg { d = ($2 - lg[$1]) / lg[$1]; if (d < 0) d = -d;
                     printf "%s summary %s transactions %s %s\n", $1, $2, lg[$1], d < 5e-4 ? "same" : "DIFFERS" }' \
    "$TMPDIR/log.csv" "$TMPDIR/sum.csv"
# CLVTools' names (Id, x, t.x, T.cal, Spending with NA) give the same bytes
$RELMARK clv --summary-input $S/clvtools_cdnow.csv --summary --format csv | cmp - "$TMPDIR/sum.csv" && echo "CLVTools-shaped: same summary"
$RELMARK clv --summary-input $S/clvtools_cdnow.csv --format csv > "$TMPDIR/c1.csv"
$RELMARK clv --summary-input $S/lifetimes_cdnow.csv --format csv | cmp - "$TMPDIR/c1.csv" && echo "CLVTools-shaped: same customers"
first 4 < "$TMPDIR/c1.csv"
# Pareto/NBD too; without monetary_value: P(alive) and expected purchases only
$RELMARK clv --summary-input $S/lifetimes_cdnow.csv --model paretonbd --summary | first 7
$RELMARK clv --summary-input ../../../examples/cdnow/cdnow_customers_summary.csv --format json 2>&1 | first 3
# refused: dates, swapped columns, a missing column, a customer twice
$RELMARK clv --summary-input $S/lifetimes_cdnow.csv --holdout 1997-06-30 2>&1; echo "exit $?"
printf 'id,frequency,recency,T\na,0,3.5,10\nb,1,2,10\n' > "$TMPDIR/swap.csv"
$RELMARK clv --summary-input "$TMPDIR/swap.csv" 2>&1; echo "exit $?"
printf 'id,frequency,T\na,0,10\n' > "$TMPDIR/miss.csv"
$RELMARK clv --summary-input "$TMPDIR/miss.csv" 2>&1 | sed "s|$TMPDIR/||"
printf 'id,frequency,recency,T\na,0,0,10\na,1,2,10\n' > "$TMPDIR/twice.csv"
$RELMARK clv --summary-input "$TMPDIR/twice.csv" 2>&1; echo "exit $?"
printf 'id,frequency,recency,T\na,0,0,10\nb,x,2,10\n' > "$TMPDIR/nan.csv"
$RELMARK clv --summary-input "$TMPDIR/nan.csv" 2>&1 | sed "s|$TMPDIR/||"
