$RELMARK feedback fbk_answers.csv --trend --period month --lang ru
