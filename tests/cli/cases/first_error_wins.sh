# Of two bad rows the first in the file is reported, whichever part of the
# reading finds it: a customer id that is not UTF-8 (found when aggregating)
# on line 5 comes before an impossible date (found when parsing) on line 8,
# with one thread or two, in every command
cd "$TMPDIR"
printf 'customer,date,amount\nA,2026-01-01,1\nB,2026-01-02,2\nC,2026-01-03,3\n\377\376,2026-01-04,4\nD,2026-01-05,5\nE,2026-01-06,6\nF,2026-02-30,7\nG,2026-01-08,8\n' > two.csv
for cmd in rfm rate retention stages clv abcxyz portfolio; do
    for t in 1 2; do
        $RELMARK $cmd two.csv --encoding utf-8 --threads $t 2>&1 >/dev/null | sed "s|^relmark: ||"
    done
done
