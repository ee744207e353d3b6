# Every command (and the report) reads a workspace in place of FILE with the
# results of the files it was imported from (docs/workspace.md): stdout byte
# for byte and the exit status, for the command lines of
# one_read_every_input.sh. A workspace imported with --customers (and
# --feedback) stands for those options, so each line runs on the workspace
# that holds the side files the CSV line names.
d=$PWD; ex=$d/../../../examples/b2b
mkdir "$TMPDIR/wsevery" && cd "$TMPDIR/wsevery" || exit 1
inv=$ex/invoices.csv cl=$ex/clients.csv fb=$ex/feedback.csv
$RELMARK import p.relmark "$inv" --quiet > /dev/null
$RELMARK import c.relmark "$inv" --customers "$cl" --quiet > /dev/null
$RELMARK import f.relmark "$inv" --customers "$cl" --feedback "$fb" --quiet > /dev/null
n=0
while IFS='|' read -r csv ws; do
    [ -z "$ws" ] && continue
    csv=$(eval "echo \"$csv\"")
    n=$((n + 1))
    $RELMARK $csv --format csv > out.csv 2> err.csv; echo $? > rc.csv
    $RELMARK $ws --format csv > out.ws 2> err.ws; echo $? > rc.ws
    same=yes
    cmp -s out.csv out.ws || same="no: stdout differs"
    cmp -s rc.csv rc.ws || same="no: exit $(cat rc.ws), not $(cat rc.csv)"
    echo "$ws: exit $(cat rc.ws), $(wc -l < out.ws) lines, as on the CSV: $same"
done <<LIST
rfm \$inv|rfm p.relmark
rfm \$inv --summary|rfm p.relmark --summary
rate \$inv|rate p.relmark
rate \$inv --customers \$cl --compare-to 2025-12-31 --summary|rate c.relmark --compare-to 2025-12-31 --summary
retention \$inv --period quarter|retention p.relmark --period quarter
retention \$inv --by segment|retention p.relmark --by segment
retention \$inv --by category --customers \$cl|retention c.relmark --by category
cohorts \$inv --period quarter|cohorts p.relmark --period quarter
stages \$inv|stages p.relmark
stages \$inv --customers \$cl --feedback \$fb --migration --period quarter|stages f.relmark --migration --period quarter
stages \$inv --b2b --segments relationship|stages p.relmark --b2b --segments relationship
clv \$inv|clv p.relmark
clv \$inv --whatif retention+5|clv p.relmark --whatif retention+5
abcxyz \$inv --summary|abcxyz p.relmark --summary
portfolio \$inv --customers \$cl|portfolio c.relmark
portfolio \$inv --customers \$cl --value clv --budget 100000|portfolio c.relmark --value clv --budget 100000
portfolio \$inv --orientation --customers \$cl --feedback \$fb|portfolio f.relmark --orientation
feedback \$fb --customers \$cl|feedback f.relmark
feedback \$fb --transactions \$inv --customers \$cl|feedback f.relmark --transactions f.relmark
rfm \$inv --as-of 2025-06-30|rfm p.relmark --as-of 2025-06-30
clv \$inv --as-of 2025-06-30 --from 2023-01-11|clv p.relmark --as-of 2025-06-30 --from 2023-01-11
LIST
echo "$n command lines"
# the report: the same page but for the input's name
$RELMARK report "$inv" --customers "$cl" --feedback "$fb" -o r.csv.html
$RELMARK report f.relmark -o r.ws.html
sed -i "s|$inv|INPUT|g" r.csv.html
sed -i "s|f\\.relmark|INPUT|g" r.ws.html
cmp -s r.csv.html r.ws.html && echo "report: the same page" || echo "report: the pages differ"
