# Every label --lang translates has in CSV a stable key beside it (docs/cli.md,
# "Stable keys"): on the B2B sample, each command's CSV under --lang en and
# --lang ru -- per LABEL/KEY pair, the key column is the same in both while
# the labels differ (counted), in every table of the CSV that has both
b=../../../examples/b2b
inv=$b/invoices.csv cl=$b/clients.csv fb=$b/feedback.csv
check() { # check "LABEL/KEY ..." ARGS...
    pairs=$1; shift
    $RELMARK "$@" --format csv --quiet --lang en > "$TMPDIR/keys_en.csv"
    $RELMARK "$@" --format csv --quiet --lang ru > "$TMPDIR/keys_ru.csv"
    python3 - "$TMPDIR/keys_en.csv" "$TMPDIR/keys_ru.csv" "$pairs" "$1${2:+ $2}" <<'PY'
import csv, sys

def tables(path):  # the CSV's tables, one after a blank line
    out, cur = [], []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            if row: cur.append(row)
            elif cur: out.append(cur); cur = []
    return out + ([cur] if cur else [])

en, ru, what = tables(sys.argv[1]), tables(sys.argv[2]), sys.argv[4]
for pair in sys.argv[3].split():
    lab, key = pair.split("/")
    seen = 0
    for te, tr in zip(en, ru):
        h = te[0]
        if lab not in h or key not in h: continue
        seen += 1
        li, ki = h.index(lab), h.index(key)
        same = len(te) == len(tr) and all(a[ki] == b[ki] for a, b in zip(te[1:], tr[1:]))
        differ = sum(a[li] != b[li] for a, b in zip(te[1:], tr[1:]))
        print("%s: %s beside %s: %d rows, keys %s, %d labels translated"
              % (what, key, lab, len(te) - 1, "the same" if same else "DIFFER", differ))
    if not seen: print("%s: no table with %s and %s" % (what, lab, key))
PY
}
check "segment/segment_key" rfm $inv
check "name/key" rfm $inv --summary
check "payment/payment_key category/category_key previous_category/previous_category_key" \
    rate $inv --customers $cl --compare-to 2026-01-01
check "name/category" rate $inv --customers $cl --summary
check "name/stage marketing/phase marketing/marketing_key bond/bond_key name/group name/b2b_stage" \
    stages $inv --customers $cl --summary
check "rule/stage b2b_rule/b2b_stage" stages $inv --customers $cl
check "strategy/cell" portfolio $inv --customers $cl --summary
check "transaction/dimension relationship/dimension" portfolio $inv --customers $cl --orientation
check "name/group" feedback $fb --transactions $inv --customers $cl --summary --by segment
check "note/measure" clv $inv --whatif retention+5
