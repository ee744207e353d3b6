$RELMARK rfm nosuchfile.csv
