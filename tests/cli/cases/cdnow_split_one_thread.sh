$RELMARK rfm ../../../examples/cdnow/CDNOW_master.txt --ties split --format csv --threads 1 | cut -d, -f1-9 | cmp - ../../data/cdnow_rfm_split.expected.csv && echo one thread: identical too
