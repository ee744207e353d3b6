#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Slow, literal reference implementation of the relmark RFM job.

    /usr/bin/python3 bench/ref_rfm.py INPUT.csv OUTPUT.csv

Pure Python, exact arithmetic everywhere (int and fractions.Fraction), written
to follow the definition in bench/README.md word for word rather than to be
fast.  It is not a benchmark peer: check.sh uses it to verify the peers (and
relmark) on small inputs.  Deliberately shares no code with the peers.
"""
import csv
import datetime
import sys
from fractions import Fraction


def parse_amount(text):
    """Exact amount as a Fraction of currency units (up to 4 decimals)."""
    neg = text.startswith("-")
    body = text[1:] if neg else text
    whole, _, frac = body.partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 4 or \
            (_ and not frac):
        raise ValueError(f"bad amount {text!r}")
    value = Fraction(int(whole)) + (Fraction(int(frac), 10 ** len(frac)) if frac else 0)
    return -value if neg else value


def ntile5(n):
    """NTILE(5) bucket (1..5) of each position 0..n-1, per SQL."""
    q, k = divmod(n, 5)
    out = []
    for bucket in range(1, 6):
        size = q + 1 if bucket <= k else q
        out.extend([bucket] * size)
    return out


def segment(r, f):
    table = [
        ("Champions", {5}, {4, 5}),
        ("Loyal", {3, 4}, {4, 5}),
        ("Potential loyalists", {4, 5}, {2, 3}),
        ("New", {5}, {1}),
        ("Promising", {4}, {1}),
        ("Need attention", {3}, {3}),
        ("About to sleep", {3}, {1, 2}),
        ("At risk", {1, 2}, {3, 4}),
        ("Can't lose them", {1, 2}, {5}),
        ("Hibernating", {1, 2}, {1, 2}),
    ]
    hits = [name for name, rs, fs in table if r in rs and f in fs]
    assert len(hits) == 1, (r, f, hits)
    return hits[0]


def money(x):
    """Exactly 2 decimals, half away from zero."""
    cents = abs(x) * 100
    whole = int(cents)  # floor of a non-negative Fraction
    if cents - whole >= Fraction(1, 2):
        whole += 1
    sign = "-" if x < 0 and whole > 0 else ""
    return f"{sign}{whole // 100}.{whole % 100:02d}"


def main():
    src, out = sys.argv[1], sys.argv[2]
    as_of = None
    cust = {}
    with open(src, newline="") as fh:
        rd = csv.reader(fh)
        header = next(rd, None)
        assert header == ["customer_id", "invoice_id", "date", "amount"], header
        for cid, inv, date, amount in rd:
            d = datetime.date.fromisoformat(date)
            a = parse_amount(amount)
            as_of = d if as_of is None else max(as_of, d)
            c = cust.setdefault(cid, {"invoices": set(), "last": None, "net": Fraction(0)})
            c["net"] += a
            if a >= 0:
                c["invoices"].add(inv)
                c["last"] = d if c["last"] is None else max(c["last"], d)

    rows = []
    for cid, c in cust.items():
        if not c["invoices"]:
            continue
        freq = len(c["invoices"])
        rows.append({
            "id": cid,
            "recency": (as_of - c["last"]).days,
            "frequency": freq,
            "net": c["net"],
            "monetary": c["net"] / freq,
        })

    n = len(rows)
    tiles = ntile5(n)
    byte = lambda row: row["id"].encode()  # noqa: E731  byte order
    orders = {
        "r": sorted(rows, key=lambda row: (row["recency"], byte(row))),
        "f": sorted(rows, key=lambda row: (-row["frequency"], byte(row))),
        "m": sorted(rows, key=lambda row: (-row["monetary"], byte(row))),
    }
    for name, order in orders.items():
        for pos, row in enumerate(order):
            row[name] = 6 - tiles[pos]

    with open(out, "w", newline="") as fh:
        fh.write("customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment,segment_key\n")
        for row in sorted(rows, key=byte):
            fh.write(",".join([
                row["id"], str(row["recency"]), str(row["frequency"]), money(row["monetary"]),
                str(row["r"]), str(row["f"]), str(row["m"]),
                f"{row['r']}{row['f']}{row['m']}", segment(row["r"], row["f"]),
                segment(row["r"], row["f"]).lower().replace("'", "").replace(" ", "_"),
            ]) + "\n")


if __name__ == "__main__":
    main()
