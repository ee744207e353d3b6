# zero and negative revenue, a client only before the window, ties by id,
# a row after the as-of date; the window is 2025-07-01 .. 2026-06-30
d=$PWD; cd "$TMPDIR"
printf 'customer,date,amount\nBIG,2026-01-15,600\nT2,2026-02-01,100\nT10,2026-03-01,100\nSMALL,2026-06-30,200\nZERO,2026-04-01,0\nNEG,2026-05-01,-30\nOLD,2025-06-30,500\nLATE,2026-07-01,1\n' > t.csv
$RELMARK abcxyz t.csv --as-of 2026-06-30 --format json
