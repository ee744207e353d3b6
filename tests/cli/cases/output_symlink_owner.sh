# needs: root
# -o FILE follows a symbolic link only as the kernel's fs.protected_symlinks
# would, whatever the sysctl says (docs/cli.md, "Links"): a link in a sticky,
# world-writable directory is followed only when it belongs to the user
# running relmark or to the directory's owner. A link planted by another
# user (/tmp/report.csv -> /etc/passwd) is refused, exit 73, and nothing is
# written through it or left beside it. Run as root, the links of "nobody".
d=$PWD; mkdir "$TMPDIR/symlink_owner" && cd "$TMPDIR/symlink_owner" || exit 1
mkdir sticky && chmod 1777 sticky
echo untouched > victim.txt
ln -s ../victim.txt sticky/report.csv && chown -h nobody sticky/report.csv
$RELMARK rfm "$d/orders.csv" --format csv -o sticky/report.csv; echo "exit $?"
echo "victim.txt: $(cat victim.txt)"
[ -L sticky/report.csv ] && echo "sticky/report.csv is still nobody's link: $(stat -c %U sticky/report.csv)"
# a dangling link and a link to a device, of another user: refused too
ln -s ../created.txt sticky/new.csv && chown -h nobody sticky/new.csv
$RELMARK rfm "$d/orders.csv" --format csv -o sticky/new.csv; echo "exit $?"
[ -e created.txt ] && echo "created.txt was created" || echo "created.txt was not created"
ln -s /dev/null sticky/null.csv && chown -h nobody sticky/null.csv
$RELMARK rfm "$d/orders.csv" --format csv -o sticky/null.csv; echo "exit $?"
# a link of mine leading to nobody's link in the sticky directory: refused at the second link
ln -s sticky/report.csv chain.csv
$RELMARK rfm "$d/orders.csv" --format csv -o chain.csv; echo "exit $?"
echo "victim.txt: $(cat victim.txt)"
# followed: my own link in nobody's sticky directory; nobody's link there;
# nobody's link in a directory that is not sticky
mkdir owned && chmod 1777 owned && chown nobody owned
echo old > mine.txt; ln -s ../mine.txt owned/mine.csv
echo old > owned.txt; ln -s ../owned.txt owned/r.csv && chown -h nobody owned/r.csv
mkdir open && chmod 0777 open
echo old > open.txt; ln -s ../open.txt open/r.csv && chown -h nobody open/r.csv
for l in owned/mine.csv owned/r.csv open/r.csv; do
    $RELMARK rfm "$d/orders.csv" --format csv -o $l 2>/dev/null; echo "$l: exit $?"
    [ -L $l ] && echo "$l is still a link; its target: $(head -1 $(readlink -f $l))"
done
echo "temporary files left: $(find . -name '.relmark-*' | wc -l)"
