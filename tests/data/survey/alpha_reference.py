#!/usr/bin/env python3
"""alpha_reference.py — an independent computation of relmark survey's
summary (Cronbach's alpha, respondents, mean index per component) for a
long-form answers file, with pandas and numpy. It shares no code with
relmark: the questionnaire is read with configparser, the answers with
pandas, alpha is the textbook formula over numpy's sample variances.

    python3 tests/data/survey/alpha_reference.py \
        data/survey/questionnaire.ini examples/b2b/survey.csv

Definitions (docs/survey.md):
- a response = the rows with the same customer_id, respondent and date;
- reverse items are flipped first: x -> min + max - x;
- index of a component in a response = (mean of its answered items - min)
  / (max - min) x 100; a client's index = the mean over its responses
  that answered the component; mean_index = the mean over clients;
- alpha over the responses that answered every item of the component:
  k / (k - 1) x (1 - sum of item variances / variance of the row totals),
  sample variances (ddof = 1); only for k >= 3.
The output is what tests/unit/test_survey.c pastes (17 significant digits).
"""
import configparser
import sys

import numpy as np
import pandas as pd


def main(qpath, apath):
    cp = configparser.ConfigParser(inline_comment_prefixes=(";",), interpolation=None)
    cp.read(qpath, encoding="utf-8")
    lo, hi = cp.getint("scale", "min"), cp.getint("scale", "max")
    comps = []
    for sec in cp.sections():
        if sec.startswith("component "):
            items = [t for t in cp.get(sec, "items").replace(",", " ").split()]
            comps.append((sec[len("component "):], items))
    reverse = {sec[len("item "):] for sec in cp.sections()
               if sec.startswith("item ") and cp.get(sec, "reverse", fallback="false") == "true"}

    df = pd.read_csv(apath, dtype={"customer_id": str, "respondent": str, "date": str, "item": str},
                     keep_default_na=False)
    df = df[df["answer"].astype(str) != ""].copy()
    df["answer"] = df["answer"].astype(int)
    flip = df["item"].isin(reverse)
    df.loc[flip, "answer"] = lo + hi - df.loc[flip, "answer"]
    wide = df.pivot_table(index=["customer_id", "respondent", "date"], columns="item",
                          values="answer", aggfunc="first")

    print("component items respondents mean_index alpha alpha_respondents")
    for key, items in comps:
        x = wide.reindex(columns=items)
        answered = x.notna().sum(axis=1)
        resp_index = ((x - lo) / (hi - lo) * 100).mean(axis=1, skipna=True)[answered > 0]
        client_index = resp_index.groupby(level="customer_id").mean()
        complete = x.dropna()
        k, n = len(items), len(complete)
        if k >= 3 and n >= 2:
            item_var = complete.var(axis=0, ddof=1).to_numpy().sum()
            total_var = np.var(complete.sum(axis=1).to_numpy(), ddof=1)
            alpha = k / (k - 1) * (1 - item_var / total_var)
        else:
            alpha = float("nan")
        print("%s %d %d %.17g %.17g %d" % (key, k, int((answered > 0).sum()), client_index.mean(),
                                           alpha, n))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
