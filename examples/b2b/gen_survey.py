#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_survey.py — the B2B sample's relationship-quality survey (survey.csv).

Answers of 60 of the distributor's clients to the shipped questionnaire
(data/survey/questionnaire.ini: 14 Likert items 1..5 in four components), in
the long form `customer_id,respondent,date,item,answer`, one June 2026 wave.
Deterministic: its own PRNG (splitmix64), no clock, no locale, standard
library only; the same inputs give the same bytes.

Who answers: every key account (the 7 largest shares of the last 12 months'
net sales) and 53 more clients of the NPS panel (feedback.csv), drawn by the
PRNG. Key accounts answer with 2-3 people (director, purchasing, logistics),
a fifth of the others with 2, the rest with 1.

What they answer: each client has a latent relationship quality q, built from
what the other files say about it: its latest NPS ((NPS - 7.5) / 2), +0.5 for
a key account, +0.3 with a structural bond, -0.8 when its last purchase is
more than 90 days before 2026-06-30, -0.4 for a chronic late payer (a third
or more of its invoices of the last year paid late: conflicts). Components
move with it: strategic value +0.4 for key accounts and structural bonds,
-0.3 for clients under 0.5 % of sales; evaluation -0.3 for late payers. An
answer is 3.95 + 0.8 x (q + component shift + respondent shift) + item noise
(sd 0.6), rounded and kept within 1..5; the reverse item psy_switch gets
6 - that. About 3 % of the answers are left empty (the row is kept).

Usage (from the repository root):
    python3 examples/b2b/gen_survey.py examples/b2b > examples/b2b/survey.csv
    python3 examples/b2b/gen_survey.py --wide examples/b2b > examples/b2b/survey-wide.csv
The second file holds the same answers in the wide form: customer_id,
respondent, date, then a column per item, a row per response.
"""
import csv
import math
import os
import sys

AS_OF = "2026-06-30"
WINDOW_START = "2025-07-01"
MASK = (1 << 64) - 1


class Rng:
    """splitmix64 (Steele, Lea & Flood 2014), as in gen.c."""

    def __init__(self, seed):
        self.s = seed & MASK

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def uniform(self):  # [0, 1)
        return (self.next() >> 11) / float(1 << 53)

    def below(self, n):
        return self.next() % n

    def normal(self):  # Irwin-Hall: the sum of 4 uniforms, scaled to sd 1
        return (sum(self.uniform() for _ in range(4)) - 2.0) * math.sqrt(3.0)


# the questionnaire's items by component (data/survey/questionnaire.ini)
COMPONENTS = [
    ("economic", ["eco_competitiveness", "eco_costs", "eco_quality"]),
    ("strategic", ["str_access", "str_resources", "str_competences", "str_strategies"]),
    ("psychological", ["psy_commitment", "psy_values", "psy_trust", "psy_switch"]),
    ("evaluation", ["ev_goals", "ev_conflicts", "ev_satisfaction"]),
]
REVERSE = {"psy_switch"}
ROLES = ["Директор", "Закупки", "Логистика"]
# working days of the wave (June 2026; 12 June is a holiday)
WAVE_DAYS = [d for d in range(1, 27) if d not in (6, 7, 12, 13, 14, 20, 21)]


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def main():
    args = [a for a in sys.argv[1:] if a != "--wide"]
    wide = "--wide" in sys.argv[1:]
    src = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    clients = {r["customer_id"]: r for r in read(os.path.join(src, "clients.csv"))}
    net, last, invoices, late = {}, {}, {}, {}
    for r in read(os.path.join(src, "invoices.csv")):
        c, d, amount = r["customer_id"], r["date"], float(r["amount"])
        if d >= WINDOW_START:
            net[c] = net.get(c, 0.0) + amount
        if amount >= 0:
            last[c] = max(last.get(c, ""), d)
            if d >= WINDOW_START and r["due_date"] and r["paid_date"] and r["invoice_id"] not in invoices.get(c, set()):
                invoices.setdefault(c, set()).add(r["invoice_id"])
                if r["paid_date"] > r["due_date"]:
                    late[c] = late.get(c, 0) + 1
    total = sum(v for v in net.values() if v > 0)
    share = {c: 100.0 * v / total for c, v in net.items()}
    key = set(sorted(share, key=lambda c: (-share[c], c))[:7])
    nps = {}
    for r in read(os.path.join(src, "feedback.csv")):  # by date: the last one wins
        if r["nps"]:
            nps[r["customer_id"]] = int(r["nps"])
    panel = sorted(nps)
    rng = Rng(20260630)
    others = [c for c in panel if c not in key]
    chosen = set(key)
    while len(chosen) < 60:
        chosen.add(others[rng.below(len(others))])

    responses = []  # (customer, respondent, date, [answer per item])
    for c in sorted(chosen):
        r = Rng(0x5EED0000 + int(c[1:]))  # a stream per client
        lapsed = last.get(c, "") < "2026-04-01"
        n_inv = len(invoices.get(c, ()))
        late_payer = n_inv >= 3 and 3 * late.get(c, 0) >= n_inv
        bond = clients.get(c, {}).get("structural_bond") == "true"
        q = (nps[c] - 7.5) / 2.0 + (0.5 if c in key else 0) + (0.3 if bond else 0)
        q += (-0.8 if lapsed else 0) + (-0.4 if late_payer else 0)
        shift = {
            "economic": 0.15 * r.normal(),
            "strategic": 0.15 * r.normal() + (0.4 if c in key or bond else 0)
            - (0.3 if share.get(c, 0) < 0.5 else 0),
            "psychological": 0.15 * r.normal(),
            "evaluation": 0.15 * r.normal() - (0.3 if late_payer else 0),
        }
        people = 2 + r.below(2) if c in key else (2 if r.uniform() < 0.2 else 1)
        first_day = r.below(len(WAVE_DAYS))  # the others answer on the next working days
        for p in range(people):
            person = 0.3 * r.normal()
            date = "2026-06-%02d" % WAVE_DAYS[min(first_day + p, len(WAVE_DAYS) - 1)]
            answers = []
            for comp, items in COMPONENTS:
                for item in items:
                    x = 3.95 + 0.8 * (q + shift[comp] + person) + 0.6 * r.normal()
                    a = min(5, max(1, int(math.floor(x + 0.5))))
                    if item in REVERSE:
                        a = 6 - a
                    empty = r.uniform() < 0.03
                    answers.append("" if empty else a)
            responses.append((c, ROLES[p], date, answers))

    items = [i for _, its in COMPONENTS for i in its]
    out = csv.writer(sys.stdout, lineterminator="\n")
    if wide:
        out.writerow(["customer_id", "respondent", "date"] + items)
        for c, who, date, answers in responses:
            out.writerow([c, who, date] + answers)
        return
    out.writerow(["customer_id", "respondent", "date", "item", "answer"])
    for c, who, date, answers in responses:
        for item, a in zip(items, answers):
            out.writerow([c, who, date, item, a])

if __name__ == "__main__":
    main()
