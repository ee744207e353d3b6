$RELMARK --help
