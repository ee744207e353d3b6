$RELMARK feedback fbk_answers.csv --trend --format json
