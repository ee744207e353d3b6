$RELMARK survey ../../../examples/b2b/survey.csv --lang ru
