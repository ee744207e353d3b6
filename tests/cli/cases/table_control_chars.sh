# A table is for a terminal: ESC, BEL and the other control characters in
# ids (and names, maps) are shown as '?', never sent to the terminal (a
# title-setting OSC, a screen clear); CSV keeps the bytes, JSON escapes them
cd "$TMPDIR"
printf 'customer,date,amount\nA\033]0;pwned\007B,2026-01-01,5\nC\033[2J,2026-01-02,6\n' > esc.csv
$RELMARK rfm esc.csv
$RELMARK rfm esc.csv --format json | od -c | grep -c '033'
$RELMARK rfm esc.csv --format csv | od -c | grep -c '033'
