$RELMARK clv ../../../examples/cdnow/CDNOW_sample.txt --no-header --map customer=2,date=3,amount=5 --unit week --as-of 1997-09-30 --summary --format json
