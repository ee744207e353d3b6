$RELMARK survey ../../../examples/b2b/survey-wide.csv --format json --decimals 1
