$RELMARK retention ../../../examples/cdnow/CDNOW_master.txt --format csv | cut -d, -f1-5 | cmp - ../../data/cdnow_retention_month.expected.csv && echo identical to the SQLite reference
