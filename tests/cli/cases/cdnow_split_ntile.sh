$RELMARK rfm ../../../examples/cdnow/CDNOW_master.txt --ties split --format csv | cut -d, -f1-9 | cmp - ../../data/cdnow_rfm_split.expected.csv && echo identical to the SQLite NTILE reference
