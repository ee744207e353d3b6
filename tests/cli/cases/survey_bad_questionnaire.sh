$RELMARK survey survey_wide.csv --questionnaire survey_bad.ini
