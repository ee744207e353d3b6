$RELMARK survey ../../../examples/b2b/survey.csv --summary --lang ru --questionnaire ../../../examples/survey/questionnaire-ru.ini
