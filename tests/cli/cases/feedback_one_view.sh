$RELMARK feedback fbk_answers.csv --summary --alert
