$RELMARK feedback fbk_answers.csv --drop 0
