$RELMARK rfm --help
