# An unknown command is exit 64; a mistyped one (at most two edits, a swap
# of two letters counts one) gets the nearest command suggested
$RELMARK frobnicate
$RELMARK rmf orders.csv
$RELMARK cohort orders.csv
$RELMARK stgaes orders.csv
$RELMARK help stages | sed -n 1p
