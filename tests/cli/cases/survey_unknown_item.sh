$RELMARK survey survey_unknown_item.csv --format csv
