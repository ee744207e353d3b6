$RELMARK survey survey_wide.csv
