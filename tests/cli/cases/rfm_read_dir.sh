$RELMARK rfm .
