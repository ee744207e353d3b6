$RELMARK feedback --help
