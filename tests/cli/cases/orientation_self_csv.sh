d=$PWD; cd "$TMPDIR"
printf 'marketing_function = 4\nprice_elasticity = 3\nquality = 4\nsatisfaction_measurement = 2\ninformation_system = 2\ninterdependence = 5\ninternal_marketing = 3\n' > self.ini
printf 'customer_id,date,nps\nA,2026-05-01,9\nC,2026-06-01,10\nB,2025-01-01,3\n' > fb.csv
$RELMARK portfolio "$d/pf_invoices.csv" --customers "$d/pf_clients.csv" --as-of 2026-06-30 --feedback fb.csv --self self.ini --orientation --format csv
