$RELMARK clv ../../../examples/cdnow/CDNOW_sample.txt --no-header --map customer=2,date=3,amount=5 --holdout 1997-09-30 --model paretonbd --format csv | first 6
