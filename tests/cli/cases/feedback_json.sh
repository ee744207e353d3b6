$RELMARK feedback fbk_answers.csv --format json
