# --skip-bad: every command that reads transactions says how many rows it
# skipped and why the first one was bad (retention, cohorts and portfolio
# used to say nothing)
cd "$TMPDIR"
printf 'customer,date,amount\nA,2024-01-01,1\nB,bad,2\nC,2024-02-01,3\nA,2024-03-01,4\nC,2024-03-02,5\n' > t.csv
printf 'customer_id,name\nA,a\nC,c\n' > c.csv
for cmd in rfm rate retention cohorts stages abcxyz portfolio; do
    extra=; [ $cmd = portfolio ] && extra="--customers c.csv"
    printf '%s: ' $cmd
    $RELMARK $cmd t.csv $extra --skip-bad -o /dev/null 2>&1 | grep skipped || echo "(no note)"
done
