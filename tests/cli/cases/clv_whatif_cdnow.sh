$RELMARK clv ../../../examples/cdnow/CDNOW_master.txt --whatif retention+5 --margin 30%
