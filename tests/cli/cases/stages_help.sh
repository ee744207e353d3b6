$RELMARK stages --help
