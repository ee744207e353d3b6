$RELMARK rfm noheader.tsv --no-header --map customer=1,date=2,amount=3 --format csv
