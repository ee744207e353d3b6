#!/usr/bin/python3
"""Independent check of `relmark feedback --trend --format csv` (group all).

Reads a feedback file (customer_id, date, nps, satisfaction; one row per
answer) with pandas and computes, per calendar quarter from the first
answer's to the last answer's:
  - respondents: clients with an NPS answer in the quarter, each counted once
    with its latest answer there (by date, then by row order in the file);
  - promoters (9-10), passives (7-8), detractors (0-6) among those answers;
  - nps = 100 * (promoters - detractors) / respondents, rounded half away
    from zero to 1 decimal, in integer arithmetic (no binary floating point);
  - nps_change = this quarter's nps - the previous quarter's (both rounded),
    empty when either has no respondent;
  - satisfaction_respondents and satisfaction_mean (2 decimals, half away
    from zero) the same way over the satisfaction answers.
Writes the CSV to stdout, with the header relmark uses.

    /usr/bin/python3 tests/data/feedback/nps_reference.py examples/b2b/feedback.csv \
        > tests/data/feedback/b2b_nps_quarterly.expected.csv
"""
import sys

import pandas as pd


def round_div(num, den, scale):
    """num/den * scale rounded half away from zero, as an integer."""
    sign = -1 if num < 0 else 1
    q = (2 * scale * abs(num) + den) // (2 * den)
    return sign * q


def tenths(t):
    return ("-" if t < 0 else "") + "%d.%d" % (abs(t) // 10, abs(t) % 10)


def main(path):
    df = pd.read_csv(path, dtype={"customer_id": str}, keep_default_na=True)
    df["row"] = range(len(df))
    df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
    df["quarter"] = df["date"].dt.to_period("Q")
    first, last = df["quarter"].min(), df["quarter"].max()
    quarters = pd.period_range(first, last, freq="Q")

    def latest(col):
        s = df.dropna(subset=[col]).sort_values(["customer_id", "quarter", "date", "row"])
        s = s.groupby(["customer_id", "quarter"], as_index=False).tail(1)
        return s.assign(v=s[col].astype(int))

    nps = latest("nps")
    sat = latest("satisfaction")
    assert nps["v"].between(0, 10).all()
    nps["cls"] = pd.cut(nps["v"], bins=[-1, 6, 8, 10], labels=["d", "p", "P"])

    print("group,period,respondents,promoters,passives,detractors,nps,nps_change,"
          "satisfaction_respondents,satisfaction_mean")
    prev = None
    for q in quarters:
        n = nps[nps["quarter"] == q]
        counts = n["cls"].value_counts()
        pro, pas, det = int(counts.get("P", 0)), int(counts.get("p", 0)), int(counts.get("d", 0))
        resp = pro + pas + det
        assert resp == len(n)
        t = round_div(pro - det, resp, 1000) if resp else None
        change = tenths(t - prev) if t is not None and prev is not None else ""
        s = sat[sat["quarter"] == q]
        sn, ssum = len(s), int(s["v"].sum())
        mean = ""
        if sn:
            m = round_div(ssum, sn, 100)
            mean = "%d.%02d" % (m // 100, m % 100)
        label = "%d-Q%d" % (q.year, q.quarter)
        print(",".join(str(x) for x in ["all", label, resp, pro, pas, det,
                                        tenths(t) if t is not None else "", change, sn, mean]))
        prev = t


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/b2b/feedback.csv")
