$RELMARK retention --help
