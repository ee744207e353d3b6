# --penalizer L on a lifetimes-shaped summary: relmark's parameters against an
# independent scipy fit of the same penalised objective
# (tests/data/clv_summary/penalizer_reference.py and .out), and the log-likelihood
# without the penalty at that maximum; relative 1e-5
ref=../../data/clv_summary/penalizer_reference.out
for L in 0.0 0.01 0.1; do
    $RELMARK clv --summary-input ../../data/clv_summary/lifetimes_cdnow.csv --summary --penalizer $L \
        --format json > "$TMPDIR/pen.json"
    tr '{},' '\n\n\n' < "$TMPDIR/pen.json" | awk -v L=$L -v ref=$ref '
        BEGIN { while ((getline line < ref) > 0) { split(line, f, " ");
                    if (f[2] + 0 != L + 0) continue;
                    if (f[1] == "bgnbd") { want["r"] = f[3]; want["alpha"] = f[4]; want["a"] = f[5]; want["b"] = f[6]; want["ll_bgnbd"] = f[7] }
                    else { want["p"] = f[3]; want["q"] = f[4]; want["gamma"] = f[5]; want["ll_gg"] = f[6] } } }
        { gsub(/[" ]/, ""); split($0, kv, ":"); if (kv[1] in want) got[kv[1]] = kv[2]
          if (kv[1] == "log_likelihood") got[nll++ ? "ll_gg" : "ll_bgnbd"] = kv[2] }
        END { split("r alpha a b ll_bgnbd p q gamma ll_gg", ks, " ");
              for (i = 1; i <= 9; i++) { k = ks[i]; d = (got[k] - want[k]) / want[k]; if (d < 0) d = -d;
                  printf "L %s %s %.4f (scipy %.4f) %s\n", L, k, got[k], want[k], d < 1e-5 ? "agrees" : "DIFFERS" } }'
done
# a penalty that is no number, or negative, is refused
$RELMARK clv --summary-input ../../data/clv_summary/lifetimes_cdnow.csv --penalizer -1 2>&1
echo "exit $?"
