# The numbers of the report's economics, life-cycle, rating and portfolio
# tables (their data-v) equal the CSV of the command each section names in
# docs/report.md, on the same input: the B2B sample with every side file,
# and CDNOW without (its earlier year short, no corporate clients).
ex=../../../examples/b2b
d=$TMPDIR/report_sections_csv
mkdir -p "$d"
$RELMARK report $ex/invoices.csv --customers $ex/clients.csv --feedback $ex/feedback.csv -o "$d/r.html" 2>/dev/null
# tab CAPTION [FIELDS]: the data-v of the table so captioned, a row a line
tab() {
    awk -v cap="<caption>$1</caption>" '
        index($0, "<caption>") { on = index($0, cap) > 0; next }
        on && /<\/table>/ { on = 0 }
        on && /<tr>/ && !/<thead>/ { s = $0; out = ""
            while (match(s, /data-v="[^"]*"/)) { out = out (out == "" ? "" : ",") substr(s, RSTART + 8, RLENGTH - 9); s = substr(s, RSTART + RLENGTH) }
            print out }' "$d/${html:-r}.html" | cut -d, -f"${2:-1-}"
}
# blk N FIELDS: fields of the N-th table of a stacked CSV, its header left out
blk() { awk -v n="$1" 'BEGIN { b = 1 } /^$/ { b++; next } b == n' | sed 1d | cut -d, -f"$2"; }
same() { if diff "$d/a" "$d/b" > "$d/diff"; then echo "$1: same ($(wc -l < "$d/a") rows)"; else echo "$1: DIFFERENT"; cat "$d/diff"; fi; }

$RELMARK clv $ex/invoices.csv --whatif retention+5 --format csv > "$d/w.csv"
tab "Retention and lifetime value" | sed -n '6p;8p;9p' > "$d/a"; blk 1 2 < "$d/w.csv" > "$d/b"; same "economics: clv, clv_plus5, change_pct"
tab "Profit by tenure year (mean per customer)" > "$d/a"; blk 2 1-3 < "$d/w.csv" > "$d/b"; same "economics: profit by tenure"
tab "The lecture&#39;s table and this firm" > "$d/a"; blk 3 2 < "$d/w.csv" > "$d/b"; same "economics: industries"

st="$RELMARK stages $ex/invoices.csv --customers $ex/clients.csv --feedback $ex/feedback.csv --format csv"
$st --summary > "$d/s.csv" 2>/dev/null
tab Stages 1-2 > "$d/a"; blk 1 3-4 < "$d/s.csv" > "$d/b"; same "life cycle: stages"
tab "Recommended bond level" > "$d/a"; blk 2 1-2 < "$d/s.csv" > "$d/b"; same "life cycle: bond levels"
tab "Bond level per group (rating category, else RFM segment)" > "$d/a"; blk 3 4-5 < "$d/s.csv" > "$d/b"; same "life cycle: groups"
tab "B2B relationship stages of corporate customers" > "$d/a"; blk 4 3-4 < "$d/s.csv" > "$d/b"; same "life cycle: B2B stages"
$st --migration 2>/dev/null | blk 1 3-4 > "$d/b"; tab "Transitions (the non-empty cells)" > "$d/a"; same "life cycle: migration"
# moves: as the JSON's up, down, fell_off, returned, same
moves='s/.*"up": \([0-9]*\), "down": \([0-9]*\), "fell_off": \([0-9]*\), "returned": \([0-9]*\), "same": \([0-9]*\).*/\1,\2,\3,\4,\5/p'
$st --migration --format json 2>/dev/null | sed -n "$moves" > "$d/b"
tab "Movement between the two dates" | paste -sd, > "$d/a"; same "life cycle: moves"

$RELMARK rate $ex/invoices.csv --customers $ex/clients.csv --summary --compare-to 2026-03-31 --format csv > "$d/t.csv" 2>/dev/null
tab Categories 1-3 > "$d/a"; blk 1 3-5 < "$d/t.csv" > "$d/b"; same "rating: categories"
tab "Direction of the changes" | paste -sd, > "$d/a"
blk 2 5 < "$d/t.csv" | sort | uniq -c | awk '{ n[$2] = $1 } END { printf "%d,%d,%d\n", n["up"], n["down"], n["new"] }' > "$d/b"
same "rating: changes up, down, new"

$RELMARK portfolio $ex/invoices.csv --customers $ex/clients.csv --summary --budget 100 --value revenue --format csv 2>/dev/null | blk 1 4-8 > "$d/b"
tab "The cells of the matrix" > "$d/a"; same "portfolio: cells"

cd=../../../examples/cdnow/CDNOW_master.txt html=c
$RELMARK report $cd -o "$d/c.html"
# the notes of these sections: the short earlier year, no client list
awk '/<section id=/ { on = /id="(economics|lifecycle|rating|portfolio)"/ } on && /class="note"/' "$d/c.html"
$RELMARK clv $cd --whatif retention+5 --format csv 2>/dev/null | blk 1 2 > "$d/b"
tab "Retention and lifetime value" | sed -n '6p;8p;9p' > "$d/a"; same "cdnow economics: clv, clv_plus5, change_pct"
$RELMARK stages $cd --summary --format csv | blk 1 3-4 > "$d/b"; tab Stages 1-2 > "$d/a"; same "cdnow life cycle: stages"
$RELMARK stages $cd --migration --format csv | blk 1 3-4 > "$d/b"; tab "Transitions (the non-empty cells)" > "$d/a"
same "cdnow life cycle: migration"
$RELMARK stages $cd --migration --format json | sed -n "$moves" > "$d/b"
tab "Movement between the two dates" | paste -sd, > "$d/a"; same "cdnow life cycle: moves"
