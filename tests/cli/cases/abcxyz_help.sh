$RELMARK abcxyz --help
