$RELMARK survey survey_out_of_scale.csv
