$RELMARK feedback fbk_answers.csv --alert --satisfaction-drop x
