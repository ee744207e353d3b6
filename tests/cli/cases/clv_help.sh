$RELMARK clv --help
