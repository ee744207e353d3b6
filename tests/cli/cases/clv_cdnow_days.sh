$RELMARK clv ../../../examples/cdnow/CDNOW_sample.txt --no-header --map customer=2,date=3,amount=5 --as-of 1997-09-30 --unit day --horizon 6m --discount 0.15 --margin 30% | first 6
