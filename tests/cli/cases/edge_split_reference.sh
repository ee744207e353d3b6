$RELMARK rfm ../../../bench/testdata/edge.csv --ties split --format csv 2>/dev/null | cut -d, -f1-9 | cmp - ../../data/edge_rfm_split.expected.csv && echo identical to the exact Python reference
