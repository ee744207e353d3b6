# [feedback] of a config file: with drop 2, C (10 -> 8) alerts too and B's
# reason gains nps_drop; the period is month. Other commands ignore the section.
$RELMARK feedback fbk_answers.csv --config fbk_config.ini --alert
$RELMARK feedback fbk_answers.csv --config fbk_config.ini --trend
$RELMARK rfm orders.csv --config fbk_config.ini | first 3
