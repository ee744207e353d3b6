$RELMARK retention returns_only.csv
