$RELMARK cohorts ../../../examples/cdnow/CDNOW_master.txt --format csv | cut -d, -f1-4 | cmp - ../../data/cdnow_cohorts_month.expected.csv && echo identical to the SQLite reference
