cd "$TMPDIR"
# two clients' credits near the int64 limit land in one cell while a sale
# before them keeps the firm's total in range (found by fuzz_readfile):
# refused, never a wrapped sum
printf 'customer_id,date,amount,invoice\nC,2026-01-04,922337203685477.5807,3\nA,2026-01-02,-922337203685477.5807,1\nB,2026-01-03,-4,2\n' > o.csv
$RELMARK portfolio o.csv --quiet
