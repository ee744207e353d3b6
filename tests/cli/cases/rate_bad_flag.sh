$RELMARK rate rate_bad_flag.csv
