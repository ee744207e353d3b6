# On a terminal (script(1) gives one), the commands that read large files
# show "relmark: reading FILE: N%" on stderr and clear the line at the end;
# every command reads its input once (the customer book), so no "(pass 2)"
# ever appears; off a terminal nothing is shown (every other case)
cd "$TMPDIR"
yes 'C1,2024-01-01,1.00' | head -n 3600000 > big.csv   # 68 MB: above the 64 MiB quiet limit
sed -i '1i customer,date,amount' big.csv
for cmd in rfm rate; do
    script -qec "$RELMARK $cmd big.csv --format csv -o out.csv" /dev/null > tty.txt
    printf '%s: ' "$cmd"
    tr '\r' '\n' < tty.txt | grep -q 'relmark: reading big.csv: [0-9]*%' && printf 'percent shown; '
    tr '\r' '\n' < tty.txt | grep -q '(pass 2)' && printf 'a second pass; '
    grep -q "$(printf '\033')\[K" tty.txt && printf 'line cleared'
    echo
done
$RELMARK rate big.csv --format csv -o out.csv 2> err.txt; echo "off a terminal: $(wc -c < err.txt) bytes on stderr"
