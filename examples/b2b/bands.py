#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Count the clients of a generated B2B sample in each band of the lecture's client rating
scale (SPEC.md section 3.2), independently of relmark.

    python3 bands.py [--as-of YYYY-MM-DD] [--detail] DIR

DIR holds invoices.csv and clients.csv as written by gen.c. Money is summed in kopecks
(integers) and every band boundary is compared exactly, without floating point.
--detail prints one CSV line per client instead of the tables.
"""
import calendar
import csv
import datetime as dt
import sys
from collections import defaultdict


def add_months(d, k):
    """the same day k months later, clamped to the month's end"""
    mi = d.year * 12 + d.month - 1 + k
    y, m = divmod(mi, 12)
    m += 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def months_between(start, asof):
    """whole calendar months completed from start to the end of the as-of day"""
    end = asof + dt.timedelta(days=1)
    k = (end.year - start.year) * 12 + end.month - start.month + 1
    while k > 0 and add_months(start, k) > end:
        k -= 1
    return max(k, 0)


def kop(s):
    neg = s.startswith("-")
    r, _, k = s.lstrip("-").partition(".")
    v = int(r) * 100 + int((k + "00")[:2])
    return -v if neg else v


def date(s):
    return dt.date.fromisoformat(s) if s else None


def main(argv):
    asof = dt.date(2026, 6, 30)
    detail = False
    args = []
    i = 0
    while i < len(argv):
        if argv[i] == "--as-of":
            asof = dt.date.fromisoformat(argv[i + 1])
            i += 2
        elif argv[i] == "--detail":
            detail = True
            i += 1
        else:
            args.append(argv[i])
            i += 1
    if len(args) != 1:
        sys.exit(__doc__)
    d = args[0]

    ws = add_months(asof, -12) + dt.timedelta(days=1)  # window (as-of - 12 months, as-of]
    # quarters are counted from the window's start: its first three months and its last three
    # (not "as-of - 3 months": from 2026-06-30 that is 2026-03-30 and would take in March 31)
    q1_end = add_months(ws, 3) - dt.timedelta(days=1)  # first quarter: [ws, q1_end]
    q4_start = add_months(ws, 9)                        # last quarter: [q4_start, as-of]

    clients = {}
    with open(f"{d}/clients.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            clients[row["customer_id"]] = row

    inv = {}  # invoice_id -> [customer, date, total, due, paid, prepaid]
    with open(f"{d}/invoices.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            iid = row["invoice_id"]
            if iid not in inv:
                inv[iid] = [row["customer_id"], date(row["date"]), 0, date(row["due_date"]),
                            date(row["paid_date"]), row["prepaid"]]
            inv[iid][2] += kop(row["amount"])

    ids = sorted(set(clients) | {v[0] for v in inv.values()})
    win = defaultdict(int)
    q1 = defaultdict(int)
    q4 = defaultdict(int)
    first = {}
    pay = defaultdict(list)  # classes of the counted invoices in the window
    pay_data = defaultdict(bool)
    win_invoices = defaultdict(int)
    for iid, (c, day, amt, due, paid, pre) in inv.items():
        if day > asof:
            continue
        if amt >= 0 and (c not in first or day < first[c]):
            first[c] = day
        if day < ws:
            continue
        win[c] += amt
        if day <= q1_end:
            q1[c] += amt
        if day >= q4_start:
            q4[c] += amt
        if amt < 0:
            continue  # a credit note is not an invoice to be paid
        win_invoices[c] += 1
        if due is None and paid is None and pre == "":
            continue
        pay_data[c] = True
        if pre == "true" or (paid is not None and paid <= day):
            pay[c].append("prepaid")
        elif paid is not None and paid <= due:
            pay[c].append("on time")
        elif paid is not None or due < asof:
            pay[c].append("late")
        # else: unpaid and not yet due: pending, not counted
    total = sum(win.values())

    def share_band(c):
        w = win[c]
        for pts, lo in ((4, 20), (3, 10), (2, 5), (1, 3)):
            if 100 * w >= lo * total:
                return pts
        return 0

    def coop(c):
        starts = [x for x in (first.get(c), date(clients.get(c, {}).get("contract_start", "")))
                  if x is not None and x <= asof]
        return months_between(min(starts), asof) if starts else None

    def coop_band(m):
        return None if m is None else 4 if m >= 36 else 3 if m >= 24 else 2 if m >= 12 \
            else 1 if m >= 6 else 0

    def pay_class(c):
        if win_invoices[c] == 0:
            return "no invoice in window"
        if not pay_data[c]:
            return "unknown: no payment data"
        cls = pay[c]
        if not cls:
            return "no counted invoice (all pending)"
        if all(x == "prepaid" for x in cls):
            return "prepaid"
        if all(x != "late" for x in cls):
            return "on time"
        return "late"

    def growth_band(c):
        a, b = q1[c], q4[c]
        if a <= 0:
            return None  # unknown: no sales in the first quarter
        # (b/a)^(1/9) - 1 >= g  <=>  b * 10^9 >= a * (10 + 10 g)^9
        if b * 10 ** 9 >= a * 12 ** 9:
            return 3
        if b * 10 ** 9 >= a * 11 ** 9:
            return 1
        return 0

    pay_pts = {"prepaid": 2, "on time": 1}
    rows = []
    for c in ids:
        m = coop(c)
        pc = pay_class(c)
        g = growth_band(c)
        pts = share_band(c) + (coop_band(m) or 0) + pay_pts.get(pc, 0) + (g or 0)
        cat = "strategic partner" if pts >= 12 else "regular" if pts >= 9 else \
            "standard" if pts >= 5 else "occasional"
        rows.append((c, m, pc, g, pts, cat))

    if detail:
        print("customer_id,in_crm,window_kop,share_pts,months,coop_pts,payment,growth_pts,total,category")
        for c, m, pc, g, pts, cat in rows:
            print(f"{c},{int(c in clients)},{win[c]},{share_band(c)},{'' if m is None else m},"
                  f"{'' if m is None else coop_band(m)},{pc},{'' if g is None else g},{pts},{cat}")
        return

    n = len(rows)
    print(f"as-of {asof}, window {ws}..{asof}, first quarter {ws}..{q1_end}, "
          f"last quarter {q4_start}..{asof}")
    print(f"{n} customer ids ({len(clients)} in clients.csv, "
          f"{len([c for c in ids if c not in clients])} only in invoices.csv, "
          f"{len([c for c in clients if c not in first])} in clients.csv without a purchase); "
          f"{len([c for c in ids if win[c] != 0])} with sales in the window; "
          f"window turnover {total // 100:_} roubles\n".replace("_", " "))

    def table(title, labels, key):
        cnt = defaultdict(int)
        for r in rows:
            cnt[key(r)] += 1
        print(f"| {title} | points | clients |\n|---|---|---|")
        for lab, pts, k in labels:
            print(f"| {lab} | {pts} | {cnt[k]} |")
        print()

    table("Share of turnover", [("under 3 %", 0, 0), ("3 to 5 %", 1, 1), ("5 to 10 %", 2, 2),
                                ("10 to 20 %", 3, 3), ("20 % and above", 4, 4)],
          lambda r: share_band(r[0]))
    table("Months of cooperation", [("0-5 (under half a year)", 0, 0), ("6-11", 1, 1),
                                    ("12-23", 2, 2), ("24-35", 3, 3), ("36 and more", 4, 4),
                                    ("none (no purchase, no contract)", 0, None)],
          lambda r: coop_band(r[1]))
    table("Timeliness of payment", [("prepaid", 2, "prepaid"), ("on time", 1, "on time"),
                                    ("late", 0, "late"),
                                    ("unknown: no payment data", 0, "unknown: no payment data"),
                                    ("no counted invoice (all pending)", 0,
                                     "no counted invoice (all pending)"),
                                    ("no invoice in window", 0, "no invoice in window")],
          lambda r: r[2])
    table("Monthly sales growth", [("under 10 % (incl. negative)", 0, 0), ("10 to 20 %", 1, 1),
                                   ("20 % and above", 3, 3),
                                   ("unknown: no first-quarter sales", 0, None)],
          lambda r: r[3])
    table("Category (total points)", [("strategic partner (12+)", "", "strategic partner"),
                                      ("regular (9-11)", "", "regular"),
                                      ("standard (5-8)", "", "standard"),
                                      ("occasional (0-4)", "", "occasional")],
          lambda r: r[5])


if __name__ == "__main__":
    main(sys.argv[1:])
