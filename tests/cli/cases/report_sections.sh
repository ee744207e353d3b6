# the report of the B2B sample: its sections in order, every chart drawn
# from aggregates (each has marks), nothing fetched (the page's CSP), and
# the numbers' exact values in data-v
ex=$PWD/../../../examples/b2b
cd "$TMPDIR"
$RELMARK report "$ex/invoices.csv" --customers "$ex/clients.csv" --feedback "$ex/feedback.csv" \
    --survey "$ex/survey.csv" -o r.html
grep -o '<section id="[a-z]*"' r.html
echo "charts: $(grep -c '<svg class="chart"' r.html)"
grep -o "Content-Security-Policy\" content=\"[^\"]*\"" r.html
grep -c 'src=\|href="http' r.html
grep -o 'data-v="[^"]*">95.8%' r.html | head -n 1
