$RELMARK clv ../../../examples/cdnow/CDNOW_sample.txt --no-header --map customer=2,date=3,amount=5 --as-of 1997-09-30 --model paretonbd --summary --format json
