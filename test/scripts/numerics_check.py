#!/usr/bin/python3
"""Check the numerical core (src/numerics*.c) against SciPy, NumPy and mpmath.

Usage: numerics_check.py PATH_TO_numerics_test

Runs the standalone driver built from test/unit/numerics_test.c, sends it
every request at once, and compares the answers with independent
implementations: scipy.special / scipy.stats (Cephes and Boost inside),
numpy.linalg (LAPACK), and mpmath at 40 digits where SciPy itself is less
accurate than the tolerance.  Prints one TAP line per function, with the
worst error found and where, then a table of the worst errors.

Error measure for probabilities and other values: |ours - ref| / (|ref| +
1e-288), i.e. the relative error for values above 1e-288 (p-values down to
1e-300 are held to 1e-12 relative); the bound 1e-12 then also accepts an
absolute error below 1e-300 for values that underflow.  When SciPy and we
differ by more than 1e-13, the point is settled against mpmath at 40
digits (exact for the given double arguments) and the error reported is
ours against mpmath; how often that happened, and SciPy's own worst error
there, are printed too.
"""
import math
import subprocess
import sys

import mpmath
import numpy as np
import scipy.special as sc
import scipy.stats as st

mpmath.mp.dps = 40
TOL = 1e-12
ARBITRATE = 1e-13
TINY = 1e-288

results = []        # (name, passed, detail)


def rel(ours, ref):
    if math.isnan(ref) or math.isnan(ours):
        return 0.0 if math.isnan(ref) and math.isnan(ours) else math.inf
    if ours == ref:
        return 0.0
    return abs(ours - ref) / (abs(ref) + TINY)


class Driver:
    def __init__(self, path):
        self.path = path
        self.requests = []

    def ask(self, name, *args):
        """Queue a request; returns its index in the answers."""
        self.requests.append(name + " " + " ".join(repr(float(a)) for a in args))
        return len(self.requests) - 1

    def run(self):
        out = subprocess.run([self.path], input="\n".join(self.requests) + "\n",
                             capture_output=True, text=True, check=True).stdout
        self.answers = [[float(v) for v in line.split()] for line in out.splitlines()]
        assert len(self.answers) == len(self.requests), "driver answered %d of %d" % (
            len(self.answers), len(self.requests))

    def value(self, index):
        return self.answers[index][0]


class Comparison:
    """Collect (arguments, ours, SciPy's, mpmath thunk) for one function."""

    def __init__(self, name, driver, scipy_fn, mp_fn=None, tol=TOL, measure=rel):
        self.name, self.driver, self.scipy_fn, self.mp_fn = name, driver, scipy_fn, mp_fn
        self.tol, self.measure = tol, measure
        self.points = []

    def add(self, *args, exact_only=False):
        """exact_only: compare with mpmath alone (where SciPy is known to
        be off; its error there is still reported)."""
        self.points.append((args, self.driver.ask(self.name, *args), exact_only))

    def report(self):
        worst, where, arbitrated, scipy_worst = 0.0, None, 0, 0.0
        for args, index, exact_only in self.points:
            ours = self.driver.value(index)
            ref = float(self.scipy_fn(*args))
            err = self.measure(ours, ref)
            if (err > ARBITRATE or exact_only) and self.mp_fn is not None:
                exact = self.mp_fn(*args)
                if exact is not None:
                    arbitrated += 1
                    scipy_worst = max(scipy_worst, self.measure(ref, float(exact)))
                    err = self.measure(ours, float(exact))
            if not err <= worst:
                worst, where = err, args
        detail = "%d points, worst error %.2g" % (len(self.points), worst)
        if where is not None:
            detail += " at (%s)" % ", ".join("%.6g" % a for a in where)
        if arbitrated:
            detail += "; %d settled by mpmath (SciPy's error there up to %.2g)" % (
                arbitrated, scipy_worst)
        results.append((self.name, worst <= self.tol, detail, worst))


# ---- incomplete gamma -------------------------------------------------------

def mp_gamma_series(a, x):
    """P(a, x) by its power series (positive terms), for x < a."""
    term = total = mpmath.mpf(1)
    k = 0
    while term > total * mpmath.mpf(10) ** -62:
        k += 1
        term *= x / (a + k)
        total += term
    return mpmath.exp(a * mpmath.log(x) - x - mpmath.loggamma(a + 1)) * total


def mp_gamma_fraction(a, x):
    """Q(a, x) by Legendre's continued fraction (modified Lentz), x >= a."""
    tiny = mpmath.mpf(10) ** -200
    b = x + 1 - a
    c, d = 1 / tiny, 1 / b
    h = d
    i = 0
    while True:
        i += 1
        an = -i * (i - a)
        b += 2
        d = an * d + b
        c = b + an / c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < mpmath.mpf(10) ** -60:
            return mpmath.exp(a * mpmath.log(x) - x - mpmath.loggamma(a)) * h


def mp_gamma_quadrature(a, x, upper):
    """P or Q for large a by quadrature: with t = a (1 + s),
    Q = a^a e^-a / Gamma(a) int_mu^inf exp(a (log(1 + s) - s)) ds / (1 + s),
    mu = x/a - 1 (P: from -1 to mu), by Gauss-Legendre on pieces over which
    the exponent changes by at most 1/2, until it is 120 below its top."""
    mu = x / a - 1
    phi = lambda s: a * (mpmath.log1p(s) - s)
    f = lambda s: mpmath.exp(phi(s)) / (1 + s)
    direction = 1 if upper else -1
    top = phi(max(mu, 0) if upper else min(mu, 0))
    edges = [mu]
    s = mu
    while (direction * s < 0 or phi(s) > top - 120) and s > -1:
        step = 0.5 / max(a * abs(s) / (1 + s), mpmath.sqrt(a))
        s = max(s + direction * step, mpmath.mpf(-1))
        edges.append(s)
    if not upper:
        edges.reverse()
    scale = mpmath.exp(a * mpmath.log(a) - a - mpmath.loggamma(a))
    return scale * mpmath.quad(f, edges, method="gauss-legendre")


def mp_gamma(a, x, upper):
    """P(a, x) or Q(a, x) at 60 digits: the series of P for x < a, the
    continued fraction of Q for x >= a, the other as 1 minus it (both exact
    enough at 60 digits: the complement is then at least 1/3); quadrature
    for a > 1e5, where those need too many terms."""
    with mpmath.workdps(60):
        a, x = mpmath.mpf(a), mpmath.mpf(x)
        if a > 1e5:
            with mpmath.workdps(30):
                return mp_gamma_quadrature(a, x, upper)
        if x < a:
            p = mp_gamma_series(a, x)
            return 1 - p if upper else p
        q = mp_gamma_fraction(a, x)
        return q if upper else 1 - q


GAMMA_A = [1e-10, 1e-6, 1e-3, 0.01, 0.1, 0.3, 0.5, 0.77, 0.999, 1, 1.5, 2, 3.7, 5,
           9.99, 10, 15.5, 19.99, 20, 20.01, 33, 50, 100, 123.4, 300, 1000, 4321,
           1e4, 1e5]
# SciPy 1.10's gammainc is off by up to 900% near x = a for a this large
# (2.8e-8 for 2.87e-7 at a = 1e10, x = a - 5 sqrt(a)): these are checked
# against mpmath quadrature only, on fewer points (0.3 s each).
GAMMA_HUGE_A = [3e5, 1e7, 1e10]


def gamma_points():
    for a in GAMMA_A:
        xs = set()
        for lam in np.concatenate([np.logspace(-12, 3, 40), [0.5, 0.6, 0.65, 0.7, 0.8, 0.9,
                                                             0.99, 1, 1.01, 1.1, 1.3, 1.4, 1.5, 2]]):
            xs.add(a * lam)
        for k in np.linspace(-45, 45, 37):
            xs.add(a + k * math.sqrt(a))
        for x in (1e-300, 1e-100, 1e-10, 0.1, 1, 1.1, 5, 100, 700, 750):
            xs.add(x)
        for x in sorted(xs):
            if x > 0 and math.isfinite(x):
                yield a, float(x)


def check_gamma(driver):
    p = Comparison("gamma_p", driver, sc.gammainc, lambda a, x: mp_gamma(a, x, False))
    q = Comparison("gamma_q", driver, sc.gammaincc, lambda a, x: mp_gamma(a, x, True))
    for a, x in gamma_points():
        p.add(a, x)
        q.add(a, x)
    for a in GAMMA_HUGE_A:
        for k in (-37, -8, -1, 0, 0.5, 3, 30):
            x = a + k * math.sqrt(a)
            p.add(a, x, exact_only=k <= 0)
            q.add(a, x, exact_only=k >= 0)
    return [p, q]


def check_temme_table():
    """The C table of Temme's coefficients is what the derivation gives."""
    import os
    import re
    here = os.path.dirname(os.path.abspath(__file__))
    source = open(os.path.join(here, "../../src/numerics_gamma.c")).read()
    c_table = [[float(v) for v in re.findall(r"[-+0-9.e]+", body)]
               for body in re.findall(r"temme_c\d+\[\] = \{([^}]*)\}", source)]
    derived = subprocess.run([sys.executable, os.path.join(here, "numerics_temme_coefficients.py")],
                             capture_output=True, text=True, check=True).stdout
    derived = [[float(v) for v in line.split()] for line in derived.splitlines()]
    results.append(("Temme coefficient table", c_table == derived and len(c_table) == 11,
                    "%d polynomials in src/numerics_gamma.c equal the derivation" % len(c_table), 0.0))


# ---- normal -----------------------------------------------------------------

def mp_normal_upper(z):
    return mpmath.erfc(mpmath.mpf(z) / mpmath.sqrt(2)) / 2


def mp_normal_quantile(p, upper=False):
    """Solve the tail equation at 40 digits, from SciPy's answer."""
    p = mpmath.mpf(p)
    if upper:
        return mpmath.findroot(lambda z: mp_normal_upper(z) - p, float(sc.ndtri(1 - float(p))) if p > 1e-300 else 37)
    tail = min(p, 1 - p)
    z = mpmath.findroot(lambda z: mp_normal_upper(z) - tail, -float(sc.ndtri(float(tail))))
    return -z if p < 0.5 else z


def check_normal(driver):
    zs = sorted(set([0.0, 1e-300, 1e-10, 0.1, 0.5, 1, 1.96, 2.5, 3, 5, 8, 10, 20, 30, 37, 37.5, 38]
                    + list(np.linspace(-9, 9, 73))))
    zs = sorted(set(zs + [-z for z in zs]))
    ps = sorted(set(list(np.logspace(-300, -1, 120)) + [0.2, 0.3, 0.4, 0.45, 0.5 - 1e-9, 0.5, 0.6, 0.9, 0.99,
                                                      1 - 1e-10, 1 - 1e-15]))
    cdf = Comparison("normal_cdf", driver, sc.ndtr, lambda z: mp_normal_upper(-z))
    upper = Comparison("normal_upper_tail", driver, lambda z: sc.ndtr(-z), mp_normal_upper)
    two = Comparison("normal_two_sided_p", driver, lambda z: 2 * sc.ndtr(-abs(z)),
                     lambda z: 2 * mp_normal_upper(abs(z)))
    quantile = Comparison("normal_quantile", driver, sc.ndtri, mp_normal_quantile)
    upper_q = Comparison("normal_upper_quantile", driver, lambda q: -sc.ndtri(q),
                         lambda q: -mp_normal_quantile(q))
    critical = Comparison("normal_critical_value", driver, lambda l: -sc.ndtri((1 - l) / 2),
                          lambda l: -mp_normal_quantile((1 - mpmath.mpf(l)) / 2))
    for z in zs:
        cdf.add(z)
        upper.add(z)
        two.add(z)
    for p in ps:
        quantile.add(p)
        upper_q.add(p)
        if p > 0.5:
            critical.add(p)
    return [cdf, upper, two, quantile, upper_q, critical]


def main():
    driver = Driver(sys.argv[1])
    check_temme_table()
    comparisons = []
    comparisons += check_normal(driver)
    comparisons += check_gamma(driver)
    driver.run()
    for c in comparisons:
        c.report()
    failed = 0
    for number, (name, passed, detail, _) in enumerate(results, 1):
        print("%s %d - %s: %s" % ("ok" if passed else "not ok", number, name, detail))
        failed += not passed
    print("1..%d" % len(results))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
