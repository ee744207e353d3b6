$RELMARK rfm ../../../examples/cdnow/CDNOW_master.txt --summary
