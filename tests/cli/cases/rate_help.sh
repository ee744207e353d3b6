$RELMARK rate --help
