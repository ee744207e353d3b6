# Output does not depend on RELMARK_HASH_SEED (docs/cli.md) nor on the
# locale: the same bytes under C, ru_RU.UTF-8 and de_DE.UTF-8 (whose decimal
# mark is a comma), for every command
d=$PWD; cd "$TMPDIR"
for l in ru_RU.utf8 de_DE.utf8; do locale -a | grep -qx "$l" || echo "locale $l is not installed (tools/install-deps.sh makes it)"; done
ex=$d/../../../examples/b2b
for cmd in "rfm $ex/invoices.csv" "rate $ex/invoices.csv --customers $ex/clients.csv" \
           "retention $ex/invoices.csv --by segment" "cohorts $ex/invoices.csv" \
           "stages $ex/invoices.csv --customers $ex/clients.csv --feedback $ex/feedback.csv" \
           "clv $ex/invoices.csv" "abcxyz $ex/invoices.csv --summary" \
           "portfolio $ex/invoices.csv --customers $ex/clients.csv" \
           "feedback $ex/feedback.csv --transactions $ex/invoices.csv --customers $ex/clients.csv"; do
    name=${cmd%% *}
    RELMARK_HASH_SEED=1 $RELMARK $cmd --format csv > seed1.csv 2> seed1.err
    RELMARK_HASH_SEED=987654321 $RELMARK $cmd --format csv > seed2.csv 2> seed2.err
    $RELMARK $cmd --format csv > random.csv 2> random.err
    LC_ALL=ru_RU.UTF-8 $RELMARK $cmd --format csv > ru.csv 2> ru.err
    LC_ALL=de_DE.UTF-8 $RELMARK $cmd > de.txt 2> de.err
    $RELMARK $cmd > c.txt 2> c.err
    same=yes
    for f in seed2.csv random.csv ru.csv; do cmp -s seed1.csv $f || same="no ($f)"; done
    for f in seed2.err random.err ru.err de.err; do cmp -s seed1.err $f || same="no ($f)"; done
    cmp -s c.txt de.txt || same="no (de.txt)"
    echo "$name: $(wc -l < seed1.csv) lines, the same: $same"
done
