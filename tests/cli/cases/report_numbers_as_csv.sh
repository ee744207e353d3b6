# The numbers in the report's ABC-XYZ, lifetime value, feedback, survey and
# orientation tables (each cell's data-v) are what the commands print with
# --format csv on the same input, digit for digit (docs/report.md); the
# Russian page carries the same numbers. The commands' notes on stderr are
# their own cases' business: left out here.
ex=../../../examples/b2b
inv=$ex/invoices.csv cl=$ex/clients.csv fb=$ex/feedback.csv sv=$ex/survey.csv
mkdir "$TMPDIR/report_numbers" && t=$TMPDIR/report_numbers || exit 1
$RELMARK report $inv --customers $cl --feedback $fb --survey $sv -o $t/en.html
$RELMARK report $inv --customers $cl --feedback $fb --survey $sv --lang ru -o $t/ru.html
# dv PAGE CAPTION: the data-v of each row of the table whose caption starts so
dv() {
    awk -v cap="<caption>$2" '
        index($0, cap) { on = 1; next }
        on && /<\/table>/ { on = 0 }
        on && /^<tr>/ {
            s = $0; row = ""; n = 0
            while (match(s, /data-v="[^"]*"/)) {
                row = row (n++ ? "," : "") substr(s, RSTART + 8, RLENGTH - 9)
                s = substr(s, RSTART + RLENGTH)
            }
            print row
        }' "$1"
}
# same NAME CAPTION: the table against the CSV on stdin
same() {
    cat > $t/csv
    dv $t/en.html "$2" > $t/page
    if [ -s $t/page ] && cmp -s $t/page $t/csv; then echo "$1: $(wc -l < $t/page) rows, the same"
    else echo "$1: differ"; diff $t/csv $t/page | head -n 20; fi
}
h=2025-06-30 # the check's calibration end: the last 12 months of 4 years
$RELMARK abcxyz $inv --summary --format csv 2>/dev/null | sed -n 2,10p | cut -d, -f3-6 | same "abcxyz cells" "The 9 cells"
$RELMARK abcxyz $inv --summary --format csv 2>/dev/null | sed -n '/^measure,/,$p' | sed 1d | cut -d, -f2 |
    same "abcxyz concentration" "Concentration of revenue"
$RELMARK clv $inv --summary --format csv 2>/dev/null | sed -n 2,6p | cut -d, -f2-3 | same "clv parameters" "BG/NBD purchase model"
$RELMARK clv $inv --holdout $h --summary --format csv 2>/dev/null | sed -n '/^x,/,$p' | sed 1d | cut -d, -f2-4 |
    same "clv holdout check" "Holdout check by calibration"
$RELMARK clv $inv --holdout $h --tracking --format csv 2>/dev/null | sed 1d | cut -d, -f2-3 | same "clv tracking" "Tracking"
$RELMARK feedback $fb --transactions $inv --customers $cl --trend --format csv 2>/dev/null | grep '^all,' | cut -d, -f3-10 |
    same "feedback trend" "NPS and satisfaction per period"
# all and the categories, then the segments; the groups only (the trend follows an empty line)
{ $RELMARK feedback $fb --transactions $inv --customers $cl --summary --by category --format csv 2>/dev/null | sed '1d; /^$/,$d'
  $RELMARK feedback $fb --transactions $inv --customers $cl --summary --by segment --format csv 2>/dev/null | sed '1,2d; /^$/,$d'
} | cut -d, -f3- | same "feedback groups" "NPS and satisfaction per group"
$RELMARK feedback $fb --transactions $inv --customers $cl --alert --format csv 2>/dev/null | sed 1d | cut -d, -f6,8,10,11,13 |
    same "feedback alerts" "Key clients whose latest score fell"
$RELMARK survey $sv --summary --format csv 2>/dev/null | sed 1d | cut -d, -f2- | same "survey components" "Components"
$RELMARK survey $sv --weak-only --format csv 2>/dev/null | sed 1d | cut -d, -f2-6,8 | same "survey weak" "Weak relationships"
$RELMARK portfolio $inv --customers $cl --feedback $fb --orientation --format csv 2>/dev/null | sed -n 2,7p | cut -d, -f2 |
    same "orientation facts" "The facts"
# every data-v of these sections, English against Russian
for p in en ru; do
    sed -n '/<section id="abcxyz">/,/<section id="orientation">/p; /<section id="orientation">/,/<\/section>/p' \
        $t/$p.html | grep -o 'data-v="[^"]*"' > $t/all.$p
done
cmp -s $t/all.en $t/all.ru && echo "en and ru: $(wc -l < $t/all.en) numbers, the same"
