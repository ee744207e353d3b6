# --by category against an independent count with awk (no relmark retention
# code): each client's category from relmark rate (the grouping's definition),
# then per category and quarter: active = clients with a row >= 0 there,
# retained = active there and in the quarter before, rates = retained / the
# quarter before's active, rounded half away from zero to 4 decimals.
inv=../../../examples/b2b/invoices.csv cl=../../../examples/b2b/clients.csv
$RELMARK rate $inv --customers $cl --format csv 2>/dev/null | cut -d, -f1,11 > "$TMPDIR/cat.csv"
awk -F, 'function frac(n, d) { q = int((n * 20000 + d) / (2 * d)); return sprintf("%d.%04d", int(q / 10000), q % 10000) }
  FNR == 1 { next }
  NR == FNR { cat[$1] = $2; next }
  $4 + 0 >= 0 { split($3, d, "-"); p = d[1] * 4 + int((d[2] - 1) / 3); act[$1, p] = 1; seen[$1] = 1
                if (lo == "" || p < lo) lo = p; if (hi == "" || p > hi) hi = p }
  END { print "group,period,active,retained,retention_rate,churn_rate"
        ng = split("all strategic_partner regular standard occasional", gs, " ")
        for (i = 1; i <= ng; i++) for (p = lo; p <= hi; p++) {
            a = r = pa = 0
            for (c in seen) if (gs[i] == "all" || cat[c] == gs[i]) {
                a += ((c, p) in act); pa += ((c, p - 1) in act); r += ((c, p) in act) && ((c, p - 1) in act) }
            lab = sprintf("%d-Q%d", int(p / 4), p % 4 + 1)
            if (p == lo) print gs[i] "," lab "," a ",,,"
            else print gs[i] "," lab "," a "," r "," (pa ? frac(r, pa) "," frac(pa - r, pa) : ",") } }' \
    "$TMPDIR/cat.csv" $inv > "$TMPDIR/awk.csv"
$RELMARK retention $inv --by category --customers $cl --period quarter --format csv | cut -d, -f1-6 > "$TMPDIR/relmark.csv"
cmp "$TMPDIR/awk.csv" "$TMPDIR/relmark.csv" && echo "identical: $(wc -l < "$TMPDIR/awk.csv") lines"
