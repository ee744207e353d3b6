#!/usr/bin/python3
"""ll_reference.py -- independent reference values for tests/unit/test_clv.c.

The BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way")
and Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV") formulas evaluated
the direct way, as printed in the papers (no logs, no log-sum-exp, no Euler
transformation of 2F1: mpmath's own hyp2f1), in 60-digit arithmetic, so that
neither the huge numbers of large x nor cancellation matter. Each value is
computed at two precisions (60 and 80 digits) and must agree to 1e-25.

Then, when scipy is there (Debian: python3-scipy), an independent
maximum-likelihood fit of both models to the CDNOW sample
(examples/cdnow/cdnow_customers_summary_with_transactions.csv) with
scipy.optimize (Nelder-Mead on the log-parameters, then BFGS polish), the
likelihood written again the direct way in numpy, for the digits of the fit.

Run from the repository root:  /usr/bin/python3 tests/data/clv/ll_reference.py
Output (the numbers the unit test holds): tests/data/clv/ll_reference.out
"""
import csv
import sys

import mpmath as mp


def bgnbd_ll(p, x, tx, T):
    r, al, a, b = [mp.mpf(v) for v in p]
    x, tx, T = mp.mpf(x), mp.mpf(tx), mp.mpf(T)
    # FHL 2005 eq. (6)
    L = (mp.beta(a, b + x) / mp.beta(a, b) * mp.gamma(r + x) * al ** r
         / (mp.gamma(r) * (al + T) ** (r + x)))
    if x > 0:
        L += (mp.beta(a + 1, b + x - 1) / mp.beta(a, b) * mp.gamma(r + x) * al ** r
              / (mp.gamma(r) * (al + tx) ** (r + x)))
    return mp.log(L)


def bgnbd_p_alive(p, x, tx, T):
    r, al, a, b = [mp.mpf(v) for v in p]
    x, tx, T = mp.mpf(x), mp.mpf(tx), mp.mpf(T)
    if x == 0:
        return mp.mpf(1)
    # Fader, Hardie & Lee (2008) "Computing P(alive) using the BG/NBD model"
    return 1 / (1 + a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x))


def _cond(r, al, a, b, t, x, tx, T):
    # FHL 2005 eq. (10), as printed
    z = t / (al + T + t)
    h = mp.hyp2f1(r + x, b + x, a + b + x - 1, z)
    num = (a + b + x - 1) / (a - 1) * (1 - ((al + T) / (al + T + t)) ** (r + x) * h)
    den = 1 + (a / (b + x - 1) * ((al + T) / (al + tx)) ** (r + x) if x > 0 else 0)
    return num / den


def bgnbd_expected(p, t, x, tx, T):
    r, al, a, b = [mp.mpf(v) for v in p]
    t, x, tx, T = mp.mpf(t), mp.mpf(x), mp.mpf(tx), mp.mpf(T)
    if a == 1:  # removable singularity: the mean of a -> 1 from both sides
        e = mp.mpf(10) ** (-(mp.mp.dps // 2))
        return (_cond(r, al, a + e, b, t, x, tx, T) + _cond(r, al, a - e, b, t, x, tx, T)) / 2
    return _cond(r, al, a, b, t, x, tx, T)


def bgnbd_expected_new(p, t):
    # FHL 2005 eq. (9): (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]
    r, al, a, b = [mp.mpf(v) for v in p]
    t = mp.mpf(t)
    f = lambda a: (a + b - 1) / (a - 1) * (1 - (al / (al + t)) ** r
                                           * mp.hyp2f1(r, b, a + b - 1, t / (al + t)))
    if a == 1:  # removable singularity, as above
        e = mp.mpf(10) ** (-(mp.mp.dps // 2))
        return (f(a + e) + f(a - e)) / 2
    return f(a)


def gg_ll(p, x, m):
    pp, q, g = [mp.mpf(v) for v in p]
    x, m = mp.mpf(x), mp.mpf(m)
    # density of mbar: G(px+q)/(G(px)G(q)) g^q m^(px-1) x^(px) / (g + x m)^(px+q)
    f = (mp.gamma(pp * x + q) / (mp.gamma(pp * x) * mp.gamma(q)) * g ** q * m ** (pp * x - 1)
         * x ** (pp * x) / (g + x * m) ** (pp * x + q))
    return mp.log(f)


def gg_expected(p, x, m):
    pp, q, g = [mp.mpf(v) for v in p]
    return (g + x * mp.mpf(m)) * pp / (pp * x + q - 1)


def both(f, *args):
    mp.mp.dps = 60
    v1 = f(*args)
    mp.mp.dps = 80
    v2 = f(*args)
    assert abs(v1 - v2) <= mp.mpf(10) ** -25 * max(1, abs(v2)), (f.__name__, args, v1, v2)
    return v2


BG = {
    "cdnow": (0.243, 4.414, 0.793, 2.426),
    "p2": (2.5, 30.0, 0.3, 8.0),
    "p3": (0.05, 0.2, 5.0, 0.7),
    "a1": (0.5, 10.0, 1.0, 3.0),     # a = 1: the removable singularity of eq. (10)
    "abneg": (1.0, 5.0, 0.4, 0.3),   # a + b - 1 < 0
}
LL_CASES = [  # (params, x, t_x, T)
    ("cdnow", 0, 0, 38.86), ("cdnow", 2, 30.43, 38.86), ("cdnow", 1, 1.71, 38.86),
    ("cdnow", 25, 38.5, 38.86), ("cdnow", 5000, 2999.5, 3000), ("cdnow", 0, 0, 3000),
    ("cdnow", 1, 0, 10), ("cdnow", 7, 7, 7),
    ("p2", 0, 0, 38.86), ("p2", 3, 20, 52), ("p2", 5000, 2990, 3000), ("p2", 120, 100, 365),
    ("p3", 0, 0, 1), ("p3", 1, 0.5, 1), ("p3", 40, 3, 900),
    ("abneg", 0, 0, 12), ("abneg", 4, 11, 12),
]
PRED_CASES = [  # (params, t, x, t_x, T)
    ("cdnow", 39, 2, 30.43, 38.86), ("cdnow", 39, 0, 0, 38.86), ("cdnow", 1, 2, 30.43, 38.86),
    ("cdnow", 39, 25, 38.5, 38.86), ("cdnow", 39, 5000, 2999.5, 3000),
    ("cdnow", 39, 5000, 2000, 3000), ("cdnow", 5000, 2, 30.43, 38.86),
    ("cdnow", 100000, 2, 30.43, 38.86),
    ("p2", 52, 3, 20, 52), ("p2", 52, 120, 100, 365), ("p3", 10, 1, 0.5, 1),
    ("a1", 39, 2, 30, 38), ("a1", 39, 0, 0, 38), ("abneg", 24, 0, 0, 12),
    ("abneg", 24, 4, 11, 12),
]
NEW_CASES = [("cdnow", 39), ("cdnow", 78), ("cdnow", 1000), ("p2", 52), ("a1", 39),
             ("abneg", 12), ("p3", 0.5)]
GG = {"cdnow": (6.25, 3.74, 15.44), "g2": (0.5, 1.5, 100.0)}
GG_CASES = [("cdnow", 1, 11.77), ("cdnow", 2, 22.35), ("cdnow", 50, 100.0),
            ("cdnow", 5000, 35.5), ("g2", 3, 0.01), ("g2", 1, 1000)]


def main():
    out = []
    out.append("/* BG/NBD log-likelihood: {r, alpha, a, b}, x, t_x, T, ll */")
    for k, x, tx, T in LL_CASES:
        out.append("{{%s}, %r, %r, %r, %s}," % (", ".join(repr(v) for v in BG[k]), x, tx, T,
                                                mp.nstr(both(bgnbd_ll, BG[k], x, tx, T), 17)))
    out.append("/* BG/NBD: {r, alpha, a, b}, t, x, t_x, T, P(alive), E[Y(t) | x, t_x, T] */")
    for k, t, x, tx, T in PRED_CASES:
        out.append("{{%s}, %r, %r, %r, %r, %s, %s}," % (
            ", ".join(repr(v) for v in BG[k]), t, x, tx, T,
            mp.nstr(both(bgnbd_p_alive, BG[k], x, tx, T), 17),
            mp.nstr(both(bgnbd_expected, BG[k], t, x, tx, T), 17)))
    out.append("/* BG/NBD: {r, alpha, a, b}, t, E[X(t)] */")
    for k, t in NEW_CASES:
        out.append("{{%s}, %r, %s}," % (", ".join(repr(v) for v in BG[k]), t,
                                         mp.nstr(both(bgnbd_expected_new, BG[k], t), 17)))
    out.append("/* Gamma-Gamma: {p, q, gamma}, x, mbar, ll, E[M | x, mbar] */")
    for k, x, m in GG_CASES:
        out.append("{{%s}, %r, %r, %s, %s}," % (", ".join(repr(v) for v in GG[k]), x, m,
                                                 mp.nstr(both(gg_ll, GG[k], x, m), 17),
                                                 mp.nstr(both(gg_expected, GG[k], x, m), 17)))
    print("\n".join(out))
    sys.stdout.flush()
    fit_cdnow()


def fit_cdnow():
    try:
        import numpy as np
        from scipy import optimize, special
    except ImportError:
        print("/* scipy not available: no reference fit */")
        return
    rows = list(csv.DictReader(open("examples/cdnow/cdnow_customers_summary_with_transactions.csv")))
    x = np.array([float(r["x"]) for r in rows])
    tx = np.array([float(r["t_x"]) for r in rows])
    T = np.array([float(r["T"]) for r in rows])
    z = np.array([float(r["zbar"]) for r in rows])

    def bg_nll(th):
        r, al, a, b = np.exp(th)
        # eq. (6) with scipy's betaln/gammaln, the two terms summed as numbers
        c = special.gammaln(r + x) - special.gammaln(r) + r * np.log(al) - special.betaln(a, b)
        t1 = np.exp(c + special.betaln(a, b + x) - (r + x) * np.log(al + T))
        with np.errstate(divide="ignore", invalid="ignore"):
            t2 = np.where(x > 0, np.exp(c + special.betaln(a + 1, np.maximum(b + x - 1, 1e-300))
                                        - (r + x) * np.log(al + tx)), 0.0)
        return -np.sum(np.log(t1 + t2))

    def gg_nll(th):
        p, q, g = np.exp(th)
        k = x > 0
        xs, m = x[k], z[k]
        return -np.sum(special.gammaln(p * xs + q) - special.gammaln(p * xs) - special.gammaln(q)
                       + q * np.log(g) + (p * xs - 1) * np.log(m) + p * xs * np.log(xs)
                       - (p * xs + q) * np.log(g + xs * m))

    def fit(nll, th0):
        res = optimize.minimize(nll, th0, method="Nelder-Mead",
                                options={"xatol": 1e-12, "fatol": 1e-12, "maxiter": 100000,
                                         "maxfev": 100000})
        res = optimize.minimize(nll, res.x, method="BFGS", options={"gtol": 1e-9})
        return np.exp(res.x), -res.fun

    def se(nll, p):
        # central-difference Hessian of -LL in the parameters, mpmath-free, relative step 1e-4
        n = len(p)
        f = lambda q: nll(np.log(q))
        h = 1e-4 * p
        H = np.zeros((n, n))
        for i in range(n):
            for j in range(n):
                def g(di, dj):
                    q = p.copy()
                    q[i] += di * h[i]
                    q[j] += dj * h[j]
                    return f(q)
                H[i, j] = (g(1, 1) - g(1, -1) - g(-1, 1) + g(-1, -1)) / (4 * h[i] * h[j])
        return np.sqrt(np.diag(np.linalg.inv(H)))

    p, ll = fit(bg_nll, np.log([1.0, 1.0, 1.0, 1.0]))
    print("/* scipy fit, BG/NBD: r alpha a b = %s; LL = %.10f; se = %s */" % (
        " ".join("%.10f" % v for v in p), ll, " ".join("%.6f" % v for v in se(bg_nll, p))))
    k = x > 0
    p, ll = fit(gg_nll, np.log([1.0, 1.0, 1.0]))
    print("/* scipy fit, Gamma-Gamma (%d customers): p q gamma = %s; LL = %.10f; se = %s */" % (
        int(k.sum()), " ".join("%.10f" % v for v in p), ll,
        " ".join("%.6f" % v for v in se(gg_nll, p))))


if __name__ == "__main__":
    main()
