$RELMARK survey ../../../examples/b2b/survey.csv --config survey_config.ini --excel
echo "rfm: $($RELMARK rfm orders.csv --config survey_config.ini | first 1)"
