$RELMARK portfolio --help
