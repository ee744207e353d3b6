$RELMARK cohorts --help
