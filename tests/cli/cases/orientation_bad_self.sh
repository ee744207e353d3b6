d=$PWD; cd "$TMPDIR"
printf 'quality = 4\nloyalty = 5\n' > self.ini
$RELMARK portfolio "$d/pf_invoices.csv" --orientation --self self.ini
