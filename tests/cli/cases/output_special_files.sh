# -o onto a pipe writes into it (renaming a temporary file over it would
# replace the pipe with a file); onto a link, the link's target is replaced
# and the link stays; a dangling link's target is created
d=$PWD; cd "$TMPDIR"
mkfifo fifo
timeout 10 cat fifo > got.csv &  # no hang if the pipe is never opened
$RELMARK rfm "$d/orders.csv" --format csv -o fifo; echo "exit $?"
wait
[ -p fifo ] && echo "fifo is still a pipe"
head -2 got.csv
echo "temporary files left: $(ls | grep -c "\.tmp")"
echo old > target.csv
ln -s target.csv link.csv
$RELMARK rfm "$d/orders.csv" --format csv -o link.csv; echo "exit $?"
[ -L link.csv ] && echo "link.csv is still a link"
head -1 target.csv
ln -s new.csv dangling.csv
$RELMARK rfm "$d/orders.csv" --format csv -o dangling.csv; echo "exit $?"
[ -L dangling.csv ] && echo "dangling.csv is still a link"
head -1 new.csv
echo "temporary files left: $(ls | grep -c "\.tmp")"
ln -s /dev/null devlink
$RELMARK rfm "$d/orders.csv" --format csv -o devlink; echo "exit $?"
[ -L devlink ] && [ -c /dev/null ] && echo "devlink is still a link to the device"
