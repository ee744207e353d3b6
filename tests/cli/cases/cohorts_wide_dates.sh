$RELMARK cohorts wide_dates.csv
