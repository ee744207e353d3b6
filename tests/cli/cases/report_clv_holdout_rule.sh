# The lifetime-value model's check in the report (docs/report.md): the last
# 12 months are the holdout period when the data span 24 months or more,
# else the later half of the data. The B2B sample's invoices from 2024-06-25
# to 2026-06-30 span 24 whole months: the calibration ends on 2025-06-30
# (the half would be 2025-06-27, 367 days on). From 2024-07-02 they span 23:
# it ends 364 days (728 / 2) after the first day, on 2025-07-01 (the last 12
# months would start after 2025-06-30). The whole sample (4 years): 2025-06-30.
# (The date shows whether the check fit succeeds or says why it could not.)
ex=../../../examples/b2b
mkdir "$TMPDIR/report_holdout" && t=$TMPDIR/report_holdout || exit 1
for from in 2024-06-25 2024-07-02 2022-07-01; do
    awk -F, -v d=$from 'NR == 1 || $3 >= d' $ex/invoices.csv > $t/inv.csv
    $RELMARK report $t/inv.csv -o $t/r.html
    echo "from $from: $(sed -n '/<section id="clv">/,/<\/section>/p' $t/r.html |
        grep -o 'on the purchases up to [0-9-]*' | head -n 1)"
done
