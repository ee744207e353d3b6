#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""RFM scoring with pandas -- peer implementation for the relmark benchmark.

    /usr/bin/python3 bench/pandas_rfm.py INPUT.csv OUTPUT.csv

Computes exactly the job defined in bench/README.md ("The job") and writes the
same bytes relmark writes.  Exactness notes:

* amounts: read as float64 with the correctly rounded parser
  (float_precision="round_trip") and immediately converted to int64
  ten-thousandths with rint(x * 10^4).  This is exact for any amount with at
  most 4 decimals and |amount| < 10^11; both conditions are checked for every
  row (units / 10^4 must give back the parsed double), so a row that would not
  convert exactly aborts the run.  All sums are int64 -- no float summing.
* monetary order: net/frequency is compared exactly as the pair
  (floor(net / frequency), (net mod frequency) / frequency); the second member
  is a double in [0, 1) that orders remainders exactly as long as
  frequency < 2^26 (checked).
* monetary text: integer round-half-away-from-zero of net / (100 * frequency).
"""
import sys

import numpy as np
import pandas as pd

SEGMENT = [[""] * 6 for _ in range(6)]  # SEGMENT[r][f]
for r in range(1, 6):
    for f in range(1, 6):
        if r == 5 and f >= 4:
            s = "Champions"
        elif r in (3, 4) and f >= 4:
            s = "Loyal"
        elif r >= 4 and f in (2, 3):
            s = "Potential loyalists"
        elif r == 5 and f == 1:
            s = "New"
        elif r == 4 and f == 1:
            s = "Promising"
        elif r == 3 and f == 3:
            s = "Need attention"
        elif r == 3 and f <= 2:
            s = "About to sleep"
        elif r <= 2 and f == 5:
            s = "Can't lose them"
        elif r <= 2 and f >= 3:
            s = "At risk"
        else:
            s = "Hibernating"
        SEGMENT[r][f] = s
SEGMENT_FLAT = np.array([SEGMENT[i // 6][i % 6] for i in range(36)], dtype=object)
# the stable key beside the label (docs/rfm.md): lower case, no apostrophe, _ for blanks
SEGMENT_KEY_FLAT = np.array([s.lower().replace("'", "").replace(" ", "_") if s else s
                             for s in SEGMENT_FLAT], dtype=object)


def scores(order, n):
    """score = 6 - NTILE(5) for rows visited in `order` (best first)."""
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(n, dtype=np.int64)
    q, k = divmod(n, 5)
    big = k * (q + 1)  # rows in the k groups of size q+1
    grp = np.where(pos < big, pos // (q + 1), k + (pos - big) // max(q, 1))
    return 5 - grp


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: pandas_rfm.py INPUT.csv OUTPUT.csv")
    src, out = sys.argv[1], sys.argv[2]

    df = pd.read_csv(
        src,
        dtype={"customer_id": str, "invoice_id": str, "date": str, "amount": np.float64},
        na_filter=False,
        float_precision="round_trip",
        engine="c",
    )
    x = df["amount"].to_numpy()
    units = np.rint(x * 10000.0).astype(np.int64)
    if len(x) and (np.abs(x).max() >= 1e11 or not np.array_equal(units / 10000.0, x)):
        sys.exit("pandas_rfm: an amount has more than 4 decimals or is too large")
    df["units"] = units
    df["day"] = pd.to_datetime(df["date"], format="%Y-%m-%d").to_numpy().astype(
        "datetime64[D]").astype(np.int64)
    as_of = df["day"].max() if len(df) else 0

    net = df.groupby("customer_id", sort=False)["units"].sum()
    buys = df[df["units"] >= 0]
    per = buys.groupby("customer_id", sort=False).agg(
        frequency=("invoice_id", "nunique"), last=("day", "max"))
    res = per.join(net.rename("net"), how="inner").sort_index()
    # byte order of ASCII ids == Python's code point order used by sort_index

    n = len(res)
    ids = res.index.to_numpy()
    freq = res["frequency"].to_numpy(np.int64)
    netv = res["net"].to_numpy(np.int64)
    rec = (as_of - res["last"].to_numpy(np.int64)).astype(np.int64)
    if n and freq.max() >= 1 << 26:
        sys.exit("pandas_rfm: frequency too large for the exact monetary order")

    tie = np.arange(n)  # rows are in customer_id order: tie-break key
    quot = np.floor_divide(netv, freq)
    frac = (netv - quot * freq) / freq
    r = scores(np.lexsort((tie, rec)), n)
    f = scores(np.lexsort((tie, -freq)), n)
    m = scores(np.lexsort((tie, -frac, -quot)), n)

    cents = (np.abs(netv) + 50 * freq) // (100 * freq)
    sign = np.where((netv < 0) & (cents > 0), "-", "")
    monetary = (pd.Series(sign, dtype=object)
                + pd.Series(cents // 100).astype(str) + "."
                + pd.Series(cents % 100).astype(str).str.zfill(2))

    outdf = pd.DataFrame({
        "customer_id": ids,
        "recency_days": rec,
        "frequency": freq,
        "monetary": monetary.to_numpy(),
        "r": r,
        "f": f,
        "m": m,
        "rfm": (pd.Series(r).astype(str) + pd.Series(f).astype(str)
                + pd.Series(m).astype(str)).to_numpy(),
        "segment": SEGMENT_FLAT[r * 6 + f] if n else np.array([], dtype=object),
        "segment_key": SEGMENT_KEY_FLAT[r * 6 + f] if n else np.array([], dtype=object),
    })
    outdf.to_csv(out, index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
