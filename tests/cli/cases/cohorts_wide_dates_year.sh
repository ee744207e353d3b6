$RELMARK cohorts wide_dates.csv --period year --format csv | tail -2
