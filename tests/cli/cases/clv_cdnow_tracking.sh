$RELMARK clv ../../../examples/cdnow/CDNOW_sample.txt --no-header --map customer=2,date=3,amount=5 --holdout 1997-09-30 --tracking --format csv | sed -n '1,3p;38,41p;77,80p'
