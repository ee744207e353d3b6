$RELMARK survey survey_wide.csv --skip-bad --lang ru
