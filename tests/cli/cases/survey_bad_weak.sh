$RELMARK survey survey_wide.csv --weak 120
