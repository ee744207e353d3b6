$RELMARK rfm noheader.tsv --no-header
