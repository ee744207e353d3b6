$RELMARK feedback fbk_answers.csv --by segment
