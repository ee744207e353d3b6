$RELMARK feedback fbk_answers.csv --alert
