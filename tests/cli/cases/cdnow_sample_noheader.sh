$RELMARK rfm ../../../examples/cdnow/CDNOW_sample.txt --no-header --map customer=2,date=3,amount=5 --summary --format csv | first 12
