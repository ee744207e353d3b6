$RELMARK rfm ../../../examples/cdnow/CDNOW_master.txt --ties split --format csv | cmp - ../../data/cdnow_rfm_split.expected.csv && echo identical to the SQLite NTILE reference
