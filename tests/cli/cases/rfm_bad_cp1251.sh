$RELMARK rfm bad_cp1251.csv
