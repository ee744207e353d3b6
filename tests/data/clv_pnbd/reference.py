#!/usr/bin/python3
"""Reference values for tests/unit/test_clv_pnbd.c — the Pareto/NBD model
(Schmittlein, Morrison & Colombo 1987) computed independently of relmark.

Run from the repository root with Debian's python3 (python3-mpmath 1.2.1,
python3-scipy 1.10.1):

    /usr/bin/python3 tests/data/clv_pnbd/reference.py            # the tables
    /usr/bin/python3 tests/data/clv_pnbd/reference.py --cdnow    # + the CDNOW fit

Per customer, in 60-digit arithmetic (mpmath):

  L = G(r+x) a^r b^s / G(r) { (a+T)^-(r+x) (b+T)^-s + s/(r+s+x) A0 }
  A0 = F(t_x) / (M+t_x)^(r+s+x) - F(T) / (M+T)^(r+s+x)
  F(t) = 2F1(r+s+x, s+1; r+s+x+1; (a-b)/(a+t)), M = a        if a >= b
         2F1(r+s+x, r+x; r+s+x+1; (b-a)/(b+t)), M = b        if a <  b

(Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related
expressions"), with mpmath.hyp2f1 evaluated as written (no Euler or other
transformation, unlike relmark), and checked against a second, independent
route: A0 = (r+s+x) * integral_{t_x}^{T} (a+u)^-(r+x) (b+u)^-(s+1) du by
mpmath.quad (the likelihood's definition: death at u between the last
purchase and T). The script stops if the two disagree beyond 1e-25
(relative). P(alive) = 1/(1 + s/(r+s+x) (a+T)^(r+x) (b+T)^s A0).

The conditional expectation E[X(T, T+t) | x, t_x, T] is computed from its
definition, not from SMC's closed form: given lambda and mu, the expected
purchases in (T, T+t] of a customer alive at T are (lambda/mu)(1 - e^-mu t);
weighting by the posterior, E = N / L with
  N = int int lambda^x e^-(lambda+mu)T (lambda/mu)(1 - e^-mu t) g(lambda) g(mu)
    = [G(r+x+1) a^r / (G(r) (a+T)^(r+x+1))] * int_0^inf e^-mu T (1-e^-mu t)/mu g(mu) dmu,
the mu integral by mpmath.quad; the script stops if it differs from SMC's
closed form, (r+x)(b+T)/((a+T)(s-1)) [1 - ((b+T)/(b+T+t))^(s-1)] P(alive),
beyond 1e-18 (relative; the quadrature's accuracy). E[X(t)] of a new
customer is the same with x = t_x = T = 0. The values are printed as C
rows for the test: ln L, ln P(alive) and ln E (logs, as P(alive) goes down
to e^-20000 at x = 5000), E[X(t)] plain. Where scipy.special.hyp2f1 (double
precision) gives a usable A0 its relative error is shown as a comment, for
information only (the test's copy leaves these comments out).

Takes about 45 s (the quadratures); with --cdnow about 4 minutes more.
reference.out beside this script is the output of the --cdnow run.

--cdnow: the sample of FHL 2005 (examples/cdnow/cdnow_customers_summary.csv,
2,357 customers, weeks): the log-likelihood at the published Pareto/NBD
estimates r = 0.55, alpha = 10.58, s = 0.61, beta = 11.67 (FHL 2005,
"Counting your customers the easy way", reported LL -9595.0), and an
independent maximum-likelihood fit (scipy.optimize, Nelder-Mead then
L-BFGS-B on log-parameters, with a double-precision likelihood through
scipy.special.hyp2f1), whose optimum is then evaluated in mpmath.
"""
import math
import sys
import mpmath as mp

mp.mp.dps = 60


def A0_hyp(r, a, s, b, x, tx, T):
    r, a, s, b, x, tx, T = map(mp.mpf, (r, a, s, b, x, tx, T))
    rsx = r + s + x
    if a >= b:
        q, M, d = s + 1, a, a - b
    else:
        q, M, d = r + x, b, b - a
    f = lambda t: mp.hyp2f1(rsx, q, rsx + 1, d / (M + t)) / (M + t) ** rsx
    return f(tx) - f(T)


def A0_quad(r, a, s, b, x, tx, T):
    r, a, s, b, x, tx, T = map(mp.mpf, (r, a, s, b, x, tx, T))
    if tx == T:
        return mp.mpf(0)
    p, q = r + x, s + 1
    # u = (a+t_x) e^y - a: the integrand in y decays like exp(-(p+q-1) y) at
    # most, smoothly; break points on that scale and on the scale where
    # (b+u) turns from ~(b+t_x) to ~(a+u)
    A = a + tx
    f = lambda y: mp.exp(-(p - 1) * y) * A ** (1 - p) * (b - a + A * mp.exp(y)) ** (-q)
    Y = mp.log((a + T) / A)
    pts = {mp.mpf(0), Y}
    for sc in (1 / (p + q - 1), 1 / (p - 1) if p > 1 else mp.mpf(1),
               mp.log(1 + (b + tx) / A) if b + tx < A else mp.mpf(1)):
        for k in (0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100):
            y = k * sc
            if 0 < y < Y:
                pts.add(y)
    # mpmath's quad stops on an absolute error: integrate f / f(0) (~1)
    f0 = f(mp.mpf(0))
    return (r + s + x) * f0 * mp.quad(lambda y: f(y) / f0, sorted(pts), maxdegree=14)


def parts(r, a, s, b, x, tx, T):
    """ln L, P(alive), ln of the prefactor, A0 (mpf)"""
    A0 = A0_hyp(r, a, s, b, x, tx, T)
    A0q = A0_quad(r, a, s, b, x, tx, T)
    if A0 != 0 or A0q != 0:
        rel = abs(A0 - A0q) / abs(A0q)
        if rel > mp.mpf('1e-25'):
            sys.exit(f"hyp2f1 and quad disagree: {r} {a} {s} {b} {x} {tx} {T}: {rel}")
    r, a, s, b, x, tx, T = map(mp.mpf, (r, a, s, b, x, tx, T))
    lpre = mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(a) + s * mp.log(b)
    u = (a + T) ** (-(r + x)) * (b + T) ** (-s)
    v = s / (r + s + x) * A0
    return lpre + mp.log(u + v), u / (u + v), lpre, A0


def expected_def(r, a, s, b, x, tx, T, t):
    """E[X(T, T+t) | x, t_x, T] from the definition (see the top)"""
    ll, _, _, _ = parts(r, a, s, b, x, tx, T)
    r, a, s, b, x, tx, T, t = map(mp.mpf, (r, a, s, b, x, tx, T, t))
    llam = mp.loggamma(r + x + 1) - mp.loggamma(r) + r * mp.log(a) - (r + x + 1) * mp.log(a + T)
    g = lambda mu: mp.exp(s * mp.log(b) + (s - 1) * mp.log(mu) - b * mu - mp.loggamma(s))
    fm = lambda mu: mp.exp(-mu * T) * (-mp.expm1(-mu * t)) / mu * g(mu)
    sc = 1 / (b + T)
    pts = [0] + [k * sc for k in (0.01, 0.1, 1, 10, 100)] + [mp.inf]
    f0 = max(fm(u) for u in pts[1:-1])  # quad's tolerance is absolute: scale to ~1
    I = f0 * mp.quad(lambda u: fm(u) / f0, pts)
    return mp.exp(llam - ll) * I


def expected_smc(r, a, s, b, x, tx, T, t):
    """SMC's closed form, only to show that it agrees"""
    _, pa, _, _ = parts(r, a, s, b, x, tx, T)
    r, a, s, b, x, tx, T, t = map(mp.mpf, (r, a, s, b, x, tx, T, t))
    if s == 1:
        f = mp.log(1 + t / (b + T))
    else:
        f = (1 - ((b + T) / (b + T + t)) ** (s - 1)) / (s - 1)
    return (r + x) * (b + T) / (a + T) * f * pa


def scipy_A0(r, a, s, b, x, tx, T):
    try:
        from scipy.special import hyp2f1
    except ImportError:
        return None
    rsx = r + s + x
    if a >= b:
        q, M, d = s + 1, a, a - b
    else:
        q, M, d = r + x, b, b - a
    f = lambda t: hyp2f1(rsx, q, rsx + 1, d / (M + t)) / (M + t) ** rsx
    try:
        return f(tx) - f(T)
    except (OverflowError, ZeroDivisionError):
        return None


# parameter sets {r, alpha, s, beta}
PARAMS = [
    ("cdnow (a < b)", (0.5534, 10.5802, 0.6061, 11.6562)),
    ("a > b", (0.5, 12.0, 0.8, 3.0)),
    ("a = b", (1.2, 5.0, 0.7, 5.0)),
    ("a > b, s = 1", (0.8, 7.0, 1.0, 3.0)),
    ("a >> b, z near 1", (0.9, 500.0, 1.5, 0.05)),
    ("a < b, r = 2", (2.0, 0.5, 0.3, 40.0)),
    ("a >> b, s = 2, long T", (0.25, 2000.0, 2.0, 0.001)),
]
# histories (x, t_x, T)
HIST = [
    (0, 0, 38.86),
    (2, 30.43, 38.86),
    (1, 1.71, 38.86),
    (7, 29.43, 35.0),
    (3, 10.0, 10.0),      # t_x = T
    (0, 0, 0),            # T = 0
    (50, 200.0, 1000.0),  # long T
    (5000, 500.0, 520.0), # large x
    (5000, 1.0, 10000.0), # large x, long T
    (200, 0.01, 2.0),     # many purchases early: z near 1 with large x
    (5000, 0.02, 30.0),
]
HORIZON = 52.0


def fmt(v):
    """20 significant digits; 0 for the rounding noise of an exact 0"""
    if abs(v) < mp.mpf('1e-40'):
        return "0.0"
    return mp.nstr(v, 20, min_fixed=-30, max_fixed=30)


def tables():
    print("/* generated by tests/data/clv_pnbd/reference.py (mpmath %s) */" % mp.__version__)
    print("/* {r, alpha, s, beta}, x, t_x, T, ln L, ln P(alive), ln E[X(T, T+52) | x, t_x, T] */")
    for name, p in PARAMS:
        print("    /* %s */" % name)
        for (x, tx, T) in HIST:
            ll, pa, _, A0 = parts(*p, x, tx, T)
            e = expected_def(*p, x, tx, T, HORIZON)
            es = expected_smc(*p, x, tx, T, HORIZON)
            if abs(e - es) > mp.mpf('1e-18') * abs(es) and es != 0:
                sys.exit(f"expectation: definition {e} vs SMC {es}")
            note = ""
            sa = scipy_A0(*p, x, tx, T)
            if A0 != 0:
                if sa is None or not math.isfinite(sa) or sa <= 0:
                    note = " /* scipy hyp2f1: unusable (%r) */" % (sa,)
                else:
                    note = " /* scipy hyp2f1: A0 rel. err %.1e */" % float(abs(sa - A0) / A0)
            print("    {{%r, %r, %r, %r}, %r, %r, %r, %s, %s, %s},%s" % (
                *p, float(x), float(tx), float(T), fmt(ll), fmt(mp.log(pa)), fmt(mp.log(e)),
                note))
    print("/* {r, alpha, s, beta}, t, E[X(t)] (new customer) */")
    for name, p in PARAMS:
        for t in (1.0, 39.0, 78.0, 1000.0):
            e = expected_def(*p, 0, 0, 0, t)
            print("    {{%r, %r, %r, %r}, %r, %s}," % (*p, t, mp.nstr(e, 20)))


def cdnow():
    import csv
    rows = []
    with open("examples/cdnow/cdnow_customers_summary.csv") as f:
        for d in csv.DictReader(f):
            rows.append((float(d["frequency"]), float(d["recency"]), float(d["T"])))
    groups = {}
    for t in rows:
        groups[t] = groups.get(t, 0) + 1
    print("CDNOW: %d customers, %d distinct (x, t_x, T)" % (len(rows), len(groups)))

    def ll_mp(p):
        tot = mp.mpf(0)
        for (x, tx, T), n in groups.items():
            tot += n * parts(*p, x, tx, T)[0]
        return tot

    pub = (0.55, 10.58, 0.61, 11.67)
    print("LL at the published point %r: %s" % (pub, mp.nstr(ll_mp(pub), 15)))

    import numpy as np
    from scipy.special import hyp2f1, gammaln
    from scipy.optimize import minimize
    X = np.array([k[0] for k in groups]); TX = np.array([k[1] for k in groups])
    TT = np.array([k[2] for k in groups]); N = np.array(list(groups.values()), float)

    def nll(th):
        r, a, s, b = np.exp(th)
        rsx = r + s + X
        if a >= b:
            q, M, d = s + 1, a, a - b
        else:
            q, M, d = r + X, b, b - a
        f1 = hyp2f1(rsx, q, rsx + 1, d / (M + TX)) / (M + TX) ** rsx
        f2 = hyp2f1(rsx, q, rsx + 1, d / (M + TT)) / (M + TT) ** rsx
        A0 = f1 - f2
        l = (gammaln(r + X) - gammaln(r) + r * np.log(a) + s * np.log(b)
             + np.log((a + TT) ** (-(r + X)) * (b + TT) ** (-s) + s / rsx * A0))
        v = -np.sum(N * l)
        return v if np.isfinite(v) else 1e300

    best = None
    for start in ([0, 0, 0, 0], np.log([0.5, 5, 0.5, 10]), np.log([1, 20, 1, 20])):
        r1 = minimize(nll, start, method="Nelder-Mead",
                      options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000, "maxfev": 40000})
        r2 = minimize(nll, r1.x, method="L-BFGS-B", options={"ftol": 1e-15, "gtol": 1e-10})
        x = r2.x if r2.fun <= r1.fun else r1.x
        f = min(r1.fun, r2.fun)
        if best is None or f < best[1]:
            best = (x, f)
    p = tuple(float(v) for v in np.exp(best[0]))
    print("scipy optimum r, alpha, s, beta = %.10g %.10g %.10g %.10g" % p)
    print("LL there (scipy, double) = %.12f" % -best[1])
    print("LL there (mpmath)        = %s" % mp.nstr(ll_mp(p), 15))


if __name__ == "__main__":
    tables()
    if "--cdnow" in sys.argv:
        cdnow()
