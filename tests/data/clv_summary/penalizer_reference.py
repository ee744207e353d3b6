#!/usr/bin/python3
"""penalizer_reference.py -- independent values for `relmark clv --penalizer`.

The penalised fits of docs/clv.md ("Penalizer"), written again from the
papers' formulas with numpy/scipy (Debian: python3-numpy, python3-scipy), not
from relmark's code: the objective

    -(sum_i LL_i) / n + L * sum_k (c_k p_k)^2

is lifetimes' (lifetimes/fitters/beta_geo_fitter.py and gamma_gamma_fitter.py:
"penalizer_coef: The coefficient applied to an l2 norm on the parameters";
their _negative_log_likelihood returns -ll.sum() / weights.sum() +
penalizer_coef * sum(params ** 2), params = exp(log_params)), with lifetimes'
time scaling: the times divided by the longest T (lifetimes/utils.py
_scale_time), so the penalty sees alpha / max T (c = 1 / max T for alpha,
1 for r, a, b and for the Gamma-Gamma p, q, gamma).

It is minimised over the log-parameters by Nelder-Mead from several starts,
polished by BFGS, on lifetimes_cdnow.csv (the CDNOW sample, weeks), and prints
the parameters (8 significant digits) and the log-likelihood without the
penalty at that optimum. Run from the repository root:

    /usr/bin/python3 tests/data/clv_summary/penalizer_reference.py \
        > tests/data/clv_summary/penalizer_reference.out
"""
import csv

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln

rows = list(csv.DictReader(open("tests/data/clv_summary/lifetimes_cdnow.csv")))
x = np.array([float(r["frequency"]) for r in rows])
tx = np.array([float(r["recency"]) for r in rows])
T = np.array([float(r["T"]) for r in rows])
m = np.array([float(r["monetary_value"]) for r in rows])
n = len(rows)
tmax = T.max()


def bgnbd_ll(p):
    r, al, a, b = p
    # Fader, Hardie & Lee (2005), eq. (6), in logs
    base = gammaln(r + x) - gammaln(r) + r * np.log(al)
    l1 = betaln(a, b + x) - betaln(a, b) - (r + x) * np.log(al + T)
    l2 = np.where(x > 0,
                  betaln(a + 1, b + np.maximum(x, 1) - 1) - betaln(a, b)
                  - (r + x) * np.log(al + tx), -np.inf)
    return base + np.logaddexp(l1, l2)


def gg_ll(p, xs, ms):
    pp, q, g = p
    # Fader, Hardie & Lee (2005), "RFM and CLV", the density of the mean
    return (gammaln(pp * xs + q) - gammaln(pp * xs) - gammaln(q) + q * np.log(g)
            + (pp * xs - 1) * np.log(ms) + pp * xs * np.log(xs)
            - (pp * xs + q) * np.log(g + ms * xs))


def fit(obj, starts):
    best = None
    for s in starts:
        res = minimize(obj, np.log(s), method="Nelder-Mead",
                       options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 40000, "maxfev": 40000})
        res = minimize(obj, res.x, method="BFGS", options={"gtol": 1e-10})
        if best is None or res.fun < best.fun:
            best = res
    return np.exp(best.x)


def bg_obj(L):
    c = np.array([1, 1 / tmax, 1, 1])
    def f(th):
        p = np.exp(th)
        return -bgnbd_ll(p).sum() / n + L * ((c * p) ** 2).sum()
    return f


rep = x > 0
def gg_obj(L):
    xs, ms = x[rep], m[rep]
    def f(th):
        p = np.exp(th)
        return -gg_ll(p, xs, ms).sum() / rep.sum() + L * (p ** 2).sum()
    return f


for L in (0.0, 0.01, 0.1):
    p = fit(bg_obj(L), [(0.25, 4.4, 0.8, 2.4), (1, 1, 1, 1), (0.3, 5, 0.3, 0.7)])
    print("bgnbd", L, " ".join("%.8g" % v for v in p), "%.6f" % bgnbd_ll(p).sum())
for L in (0.0, 0.01, 0.1):
    p = fit(gg_obj(L), [(6, 4, 15), (1, 1, 1), (3, 3, 10)])
    print("gg", L, " ".join("%.8g" % v for v in p), "%.6f" % gg_ll(p, x[rep], m[rep]).sum())
