#!/usr/bin/python3
"""se_reference.py -- the standard errors of the CDNOW fits, independently.

For tests/unit/test_clv.c (test_clv_standard_errors): the BG/NBD,
Gamma-Gamma and Pareto/NBD log-likelihoods of the CDNOW summary
(examples/cdnow/cdnow_customers_summary_with_transactions.csv, 2,357
customers, weeks; zbar the mean repeat value) written the direct way, as
printed in the papers (FHL 2005 eq. 6; FHL 2005 "RFM and CLV" appendix;
Fader & Hardie's Pareto/NBD note, with mpmath's own hyp2f1), in 40-digit
arithmetic. At the optimum relmark's fits reach (the points below, as the
fits print them with %.17g) it prints the log-likelihood, its gradient
(central differences, step 1e-12 of each parameter: ~0 at a maximum) and
the standard errors: the square roots of the diagonal of the inverse of
minus the Hessian (central differences, same steps). The fits' standard
errors come from their analytic Hessians (BG/NBD, Gamma-Gamma) or from
differences of their analytic gradients (Pareto/NBD); these are the
numbers they must match.

Run from the repository root:  /usr/bin/python3 tests/data/clv/se_reference.py
(about a minute). Output: se_reference.out.
"""
import csv

import mpmath as mp

mp.mp.dps = 40

FITS = {
    "bgnbd": ["0.24259290720446339", "4.4135315612053478", "0.79288614809878433",
              "2.4257534364936757"],
    "gg": ["6.2488024897081704", "3.7445884532878639", "15.447748009467961"],
    "pnbd": ["0.5532755086895158", "10.577612238681679", "0.60621356867411724",
             "11.667911237921308"],
}


def read():
    tri, spend = {}, []
    with open("examples/cdnow/cdnow_customers_summary_with_transactions.csv") as f:
        for d in csv.DictReader(f):
            k = (d["x"], d["t_x"], d["T"])
            tri[k] = tri.get(k, 0) + 1
            if float(d["x"]) >= 1:
                spend.append((mp.mpf(d["x"]), mp.mpf(d["zbar"])))
    return [tuple(mp.mpf(v) for v in k) + (n,) for k, n in tri.items()], spend


def bgnbd(p, tri):
    r, al, a, b = p
    s = 0
    for x, tx, T, n in tri:
        A = mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(al) - mp.log(mp.beta(a, b))
        L = mp.exp(A + mp.log(mp.beta(a, b + x)) - (r + x) * mp.log(al + T))
        if x > 0:
            L += mp.exp(A + mp.log(mp.beta(a + 1, b + x - 1)) - (r + x) * mp.log(al + tx))
        s += n * mp.log(L)
    return s


def gg(p, spend):
    pp, q, g = p
    s = 0
    for x, m in spend:
        px = pp * x
        s += (mp.loggamma(px + q) - mp.loggamma(px) - mp.loggamma(q) + q * mp.log(g)
              + (px - 1) * mp.log(m) + px * mp.log(x) - (px + q) * mp.log(g + x * m))
    return s


def pnbd(p, tri):
    r, a, s, b = p
    tot = 0
    for x, tx, T, n in tri:
        rsx = r + s + x
        if a >= b:
            q, M, d = s + 1, a, a - b
        else:
            q, M, d = r + x, b, b - a
        f = lambda t: mp.hyp2f1(rsx, q, rsx + 1, d / (M + t)) / (M + t) ** rsx
        lpre = mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(a) + s * mp.log(b)
        u = (a + T) ** (-(r + x)) * (b + T) ** (-s)
        tot += n * (lpre + mp.log(u + s / rsx * (f(tx) - f(T))))
    return tot


def report(name, ll, point):
    p = [mp.mpf(v) for v in point]
    k = len(p)
    h = [mp.mpf("1e-12") * v for v in p]

    def at(d):
        return ll([p[i] + d[i] * h[i] for i in range(k)])

    f0 = at([0] * k)
    g, H = [], [[0] * k for _ in range(k)]
    for i in range(k):
        e = [0] * k
        e[i] = 1
        fp = at(e)
        e[i] = -1
        fm = at(e)
        g.append((fp - fm) / (2 * h[i]))
        H[i][i] = (fp - 2 * f0 + fm) / h[i] ** 2
        for j in range(i):
            acc = 0
            for si in (1, -1):
                for sj in (1, -1):
                    e = [0] * k
                    e[i], e[j] = si, sj
                    acc += si * sj * at(e)
            H[i][j] = H[j][i] = acc / (4 * h[i] * h[j])
    C = mp.matrix([[-H[i][j] for j in range(k)] for i in range(k)]) ** -1
    print("%s: LL %s" % (name, mp.nstr(f0, 20)))
    print("  gradient " + " ".join(mp.nstr(v, 4) for v in g))
    print("  se       " + " ".join(mp.nstr(mp.sqrt(C[i, i]), 12) for i in range(k)))


def main():
    tri, spend = read()
    print("CDNOW summary: %d triples, %d customers with a repeat purchase" % (len(tri), len(spend)))
    report("BG/NBD", lambda p: bgnbd(p, tri), FITS["bgnbd"])
    report("Gamma-Gamma", lambda p: gg(p, spend), FITS["gg"])
    report("Pareto/NBD", lambda p: pnbd(p, tri), FITS["pnbd"])


if __name__ == "__main__":
    main()
