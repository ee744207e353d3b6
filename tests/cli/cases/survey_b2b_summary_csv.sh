$RELMARK survey ../../../examples/b2b/survey.csv --summary --format csv
