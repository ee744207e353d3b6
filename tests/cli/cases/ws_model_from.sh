# clv --model-from (docs/workspace.md, "Saved models"): the model stored
# with a snapshot scores without a fit, and gives the same numbers as the
# fit it came from: clv on the workspace as of the snapshot's date equals
# clv --model-from of that snapshot, in every format (CDNOW: BG/NBD and
# Gamma-Gamma both fitted; B2B: BG/NBD only). Then the errors: no snapshot,
# no snapshot of a date, a snapshot without a model, a text file.
mkdir "$TMPDIR/ws_model_from" && cd "$TMPDIR/ws_model_from" || exit 1
X=$OLDPWD/../../../examples
$RELMARK import cd.relmark "$X/cdnow/CDNOW_sample.txt" --no-header --map customer=2,date=3,amount=5 --quiet > /dev/null
$RELMARK clv cd.relmark --model-from cd.relmark
$RELMARK snapshot cd.relmark --as-of 1997-09-30
$RELMARK snapshot cd.relmark
for f in table csv json; do
    $RELMARK clv cd.relmark --format $f --quiet > fit.out
    $RELMARK clv cd.relmark --format $f --model-from cd.relmark --quiet > fixed.out
    cmp fit.out fixed.out && echo "cdnow latest, $f: the same ($(wc -l < fit.out) lines)"
done
$RELMARK clv cd.relmark --as-of 1997-09-30 --summary --quiet > fit.out
$RELMARK clv cd.relmark --as-of 1997-09-30 --summary --model-from cd.relmark@1997-09-30 > fixed.out
cmp fit.out fixed.out && echo "cdnow 1997-09-30 --summary: the same"
# a CSV scored with the workspace's model: the same as the workspace scored with it
$RELMARK clv cd.relmark --model-from cd.relmark --quiet > ws.out
$RELMARK clv "$X/cdnow/CDNOW_sample.txt" --no-header --map customer=2,date=3,amount=5 --model-from cd.relmark --quiet > csv.out
cmp ws.out csv.out && echo "the CSV scored with the stored model: the same as the workspace"
$RELMARK import b.relmark "$X/b2b/invoices.csv" --quiet > /dev/null
$RELMARK snapshot b.relmark --as-of 2025-12-31 > /dev/null
$RELMARK clv b.relmark --as-of 2025-12-31 --quiet > fit.out
$RELMARK clv b.relmark --as-of 2025-12-31 --model-from b.relmark@2025-12-31 > fixed.out
cmp fit.out fixed.out && echo "b2b 2025-12-31: the same ($(wc -l < fit.out) lines)"
# errors: no snapshot of that date, a text file, no file, a snapshot without a model, --holdout
$RELMARK clv cd.relmark --model-from cd.relmark@1997-01-01
cp "$X/cdnow/CDNOW_sample.txt" sample.txt
$RELMARK clv cd.relmark --model-from sample.txt
$RELMARK clv cd.relmark --model-from nothing.relmark
$RELMARK clv cd.relmark --model-from cd.relmark --holdout 1997-09-30
$RELMARK clv cd.relmark --model-from cd.relmark --whatif retention+5
$RELMARK import o.relmark "$OLDPWD/orders.csv" --quiet > /dev/null
$RELMARK snapshot o.relmark
$RELMARK clv o.relmark --model-from o.relmark
