# Config values as docs/cli.md states them: on/off keys in any case of Latin
# or Cyrillic letters (да, Да, ДА, нет, НЕТ ...), anything else refused
# (exit 78, never read as off); the as_of alias of as-of; several --config
# files read in order, a later one overriding an earlier, flags over both.
d=$PWD; cd "$TMPDIR"
for v in да Да ДА дА YES On 1 true нет Нет НЕТ no OFF 0 False; do
    printf '[rfm]\nsummary = %s\n' "$v" > s.ini
    printf '%s: ' "$v"; $RELMARK rfm "$d/orders.csv" --config s.ini --format csv | sed -n 1p
done
for v in maybe д 2 yess; do
    printf '[rfm]\nsummary = %s\n' "$v" > s.ini
    $RELMARK rfm "$d/orders.csv" --config s.ini --format csv; echo "exit $?"
done
printf '[rfm]\nas_of = 2026-03-31\n' > a.ini
$RELMARK rfm "$d/orders.csv" --config a.ini --summary | sed -n 1p
printf '[rfm]\nas-of = 2026-01-31\nbins = 3\nties = split\n' > one.ini
printf '[rfm]\nbins = 4\n' > two.ini
$RELMARK rfm "$d/orders.csv" --config one.ini --config two.ini --summary | sed -n 1p
$RELMARK rfm "$d/orders.csv" --config two.ini --config one.ini --summary | sed -n 1p
$RELMARK rfm "$d/orders.csv" --bins 2 --config one.ini --config two.ini --summary | sed -n 1p
