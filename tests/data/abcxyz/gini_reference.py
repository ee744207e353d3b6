#!/usr/bin/python3
"""Independent reference for `relmark abcxyz` (docs/abcxyz.md): revenue
concentration (top-20% share, Gini, HHI) and the ABC-XYZ cells of a
transactions file, computed with pandas and numpy, not with relmark's
formulas:

- Gini from its definition, the mean absolute difference over all pairs:
  G = sum_i sum_j |x_i - x_j| / (2 n^2 mean), with numpy broadcasting
  (relmark uses the rank formula (2 sum i x_(i) - (n+1) T) / (n T));
- HHI = sum of squared shares;
- the top 20%: the ceil(n / 5) largest revenues;
- ABC from pandas' cumsum over the ranked clients, XYZ from numpy's
  population standard deviation (ddof=0) of the 12 monthly nets.

Amounts are read as Decimal (exact), the window's months with the
month-end rule of relmark rate (docs/rating.md).

    /usr/bin/python3 tests/data/abcxyz/gini_reference.py examples/b2b/invoices.csv [OUT.csv]

Prints the figures that tests/unit/test_abcxyz.c checks
(test_abcxyz_b2b_reference); with OUT.csv also writes the rows as
`relmark abcxyz FILE --format csv` does (ROUND_HALF_UP on exact decimals;
ids sorted as Python strings, which is byte order for ASCII ids), so that
`cmp OUT.csv <(relmark abcxyz FILE --format csv)` checks every client."""
import calendar
import datetime as dt
import sys
from decimal import Decimal

import numpy as np
import pandas as pd


def add_months(d, n):
    """relmark's rmk_add_months: the day kept, clamped; a month end stays a month end."""
    last = d.day == calendar.monthrange(d.year, d.month)[1]
    t = d.year * 12 + d.month - 1 + n
    y, m = divmod(t, 12)
    m += 1
    ml = calendar.monthrange(y, m)[1]
    return dt.date(y, m, ml if last or d.day > ml else d.day)


def main(path, csv_out=None, months=12):
    df = pd.read_csv(path, dtype=str)
    df["day"] = pd.to_datetime(df["date"]).dt.date
    df["amt"] = df["amount"].map(Decimal)
    as_of = df["day"].max()
    bounds = [add_months(as_of, -(months - k)) for k in range(months)] + [as_of]
    win = df[(df["day"] > bounds[0]) & (df["day"] <= as_of)].copy()
    win["month"] = win["day"].map(lambda d: next(k for k in range(months) if d <= bounds[k + 1]))
    rev = win.groupby("customer_id")["amt"].sum()
    # ranked: revenue descending, ties by id ascending
    ranked = sorted(rev.items(), key=lambda kv: (-kv[1], kv[0]))
    pos = [(c, r) for c, r in ranked if r > 0]
    T = sum(r for _, r in pos)
    x = np.array([float(r) for _, r in pos])
    n = len(x)
    gini = np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean())
    hhi = float(((x / x.sum()) ** 2).sum())
    k = -(-n // 5)
    top = sum(r for _, r in pos[:k])
    print(f"as_of {as_of}  window ({bounds[0]}, {as_of}]  clients {len(rev)}  with revenue {n}")
    print(f"revenue {T}")
    print(f"top20 clients {k}  revenue {top}  share {float(top / T):.10f}")
    print(f"gini {gini:.10f}")
    print(f"hhi {hhi:.10f}  points {hhi * 10000:.6f}")
    # ABC: the cumulative share of the clients ranked above
    rk = pd.DataFrame(ranked, columns=["id", "rev"])
    above = rk["rev"].map(lambda r: max(r, Decimal(0))).cumsum().shift(fill_value=Decimal(0))
    rk["abc"] = [("A" if a < Decimal("0.80") * T else "B" if a < Decimal("0.95") * T else "C")
                 if r > 0 else "C" for a, r in zip(above, rk["rev"])]
    # XYZ: population SD / mean of the monthly nets, empty months 0
    mon = win.groupby(["customer_id", "month"])["amt"].sum().unstack(fill_value=Decimal(0))
    mon = mon.reindex(columns=range(months), fill_value=Decimal(0)).astype(float)
    cv = mon.std(axis=1, ddof=0) / mon.mean(axis=1)
    rk["cv"] = rk["id"].map(cv)
    rk["xyz"] = [("Z" if r <= 0 else "X" if c < 0.10 else "Y" if c <= 0.25 else "Z")
                 for c, r in zip(rk["cv"], rk["rev"])]
    cells = rk.groupby(["abc", "xyz"]).agg(clients=("id", "size"), revenue=("rev", "sum"))
    for (a, z), row in cells.iterrows():
        print(f"cell {a}{z} clients {row['clients']} revenue {row['revenue']}")
    if csv_out:  # relmark abcxyz --format csv, to compare with cmp
        with open(csv_out, "w") as f:
            f.write("customer_id,revenue,share,cumulative_share,abc,cv,xyz\n")
            cum = Decimal(0)
            q4 = Decimal("0.0001")
            for (cid, r), a, c, z in zip(ranked, rk["abc"], rk["cv"], rk["xyz"]):
                cum += max(r, Decimal(0))
                sh = (r / T).quantize(q4, rounding="ROUND_HALF_UP")
                cs = (cum / T).quantize(q4, rounding="ROUND_HALF_UP")
                cv = f"{c:.4f}" if r > 0 else ""
                f.write(f"{cid},{r:.2f},{sh},{cs},{a},{cv},{z}\n")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/b2b/invoices.csv",
         sys.argv[2] if len(sys.argv) > 2 else None)
