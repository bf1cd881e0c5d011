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
import time
import warnings

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

    def __init__(self, name, driver, scipy_fn, mp_fn=None, tol=TOL, measure=rel, request=None):
        self.name, self.driver, self.scipy_fn, self.mp_fn = name, driver, scipy_fn, mp_fn
        self.request = request or name
        self.tol, self.measure = tol, measure
        self.points = []

    def add(self, *args, exact_only=False):
        """exact_only: compare with mpmath alone (where SciPy is known to
        be off; its error there is still reported)."""
        self.points.append((args, self.driver.ask(self.request, *args), exact_only))

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


# ---- incomplete beta -------------------------------------------------------

def mp_beta(a, b, x, upper):
    """I_x(a, b) or its complement by mpmath (hypergeometric series) at 40
    digits; where mpmath gives up (both parameters large), a binomial sum
    for integer parameters, else None."""
    if min(a, b) >= 1000 and a == int(a) and b == int(b):
        return mp_beta_binomial(a, b, x, upper)
    try:
        a, b, x = mpmath.mpf(a), mpmath.mpf(b), mpmath.mpf(x)
        # mpmath's betainc(a, b, x, 1) is 1 - I_x: 0 for tiny tails; and
        # 1 - x is 1 at 40 digits for x below 1e-40
        if upper and x < 1e-30:
            return 1 - mpmath.betainc(a, b, 0, x, regularized=True)
        if upper:
            return mpmath.betainc(b, a, 0, 1 - x, regularized=True)
        return mpmath.betainc(a, b, 0, x, regularized=True)
    except (mpmath.libmp.NoConvergence, ValueError):
        return None


BETA_PARAMETERS = [1e-3, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 9.9, 10, 15, 50, 100, 1e3, 1e4, 1e5, 1e6, 1e8, 1e10]


def beta_points():
    for a in BETA_PARAMETERS:
        for b in BETA_PARAMETERS:
            if min(a, b) > 100 and max(a, b) > 1e4:
                continue        # mpmath cannot settle these in time: see check_beta_huge
            mean = a / (a + b)
            sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
            xs = {mean, mean * 0.5, mean * 0.9, 1e-300, 1e-10, 1e-3, 0.1, 0.5, 0.9, 0.999, 1 - 1e-12}
            xs.update(mean + k * sd for k in (-30, -10, -3, -1, 1, 3, 10, 30))
            for x in sorted(xs):
                if 0 < x < 1:
                    yield a, b, x


def check_beta(driver):
    lower = Comparison("beta_inc", driver, lambda a, b, x: st.beta.cdf(x, a, b),
                       lambda a, b, x: mp_beta(a, b, x, False))
    upper = Comparison("beta_inc_c", driver, lambda a, b, x: st.beta.sf(x, a, b),
                       lambda a, b, x: mp_beta(a, b, x, True))
    for a, b, x in beta_points():
        lower.add(a, b, x)
        upper.add(a, b, x)
    return [lower, upper]


def mp_beta_binomial(a, b, x, upper):
    """I_x(a, b) for integers a, b as a binomial tail at 60 digits:
    I_x(a, b) = P(Bin(a + b - 1, x) >= a), summed from j = a upwards (or
    its complement from a - 1 downwards) until the terms are negligible."""
    with mpmath.workdps(60):
        m, x = int(a + b - 1), mpmath.mpf(x)
        j = int(a) - 1 if upper else int(a)
        term = mpmath.exp(mpmath.loggamma(m + 1) - mpmath.loggamma(j + 1) - mpmath.loggamma(m - j + 1)
                          + j * mpmath.log(x) + (m - j) * mpmath.log1p(-x))
        ratio = x / (1 - x)      # term(j + 1) / term(j) = (m - j) / (j + 1) * ratio
        total, mode = mpmath.mpf(0), m * x
        while 0 <= j <= m:
            total += term
            if (j - mode) * (1 if upper else -1) < 0 and term < total * mpmath.mpf(10) ** -50:
                break
            if upper:
                term *= j / ((m - j + 1) * ratio)
                j -= 1
            else:
                term *= (m - j) / (j + 1) * ratio
                j += 1
        return +total


def check_beta_huge(driver):
    """Both parameters large, where SciPy (Boost) is off by up to 1e-6 and
    mpmath's betainc does not converge: integer parameters against exact
    binomial sums at 60 digits, and I_1/2(a, a) = 1/2 up to 1e10."""
    lower = Comparison("beta_inc, both parameters large (binomial sums)", driver,
                       lambda a, b, x: st.beta.cdf(x, a, b), lambda a, b, x: mp_beta_binomial(a, b, x, False),
                       request="beta_inc")
    upper = Comparison("beta_inc_c, both parameters large (binomial sums)", driver,
                       lambda a, b, x: st.beta.sf(x, a, b), lambda a, b, x: mp_beta_binomial(a, b, x, True),
                       request="beta_inc_c")
    for a, b in ((3000, 3000), (5000, 80000), (20000, 30000), (1e5, 1e6)):
        mean = a / (a + b)
        sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
        for k in (-35, -5, -1, 0, 0.5, 3, 30):
            lower.add(a, b, mean + k * sd, exact_only=True)
            upper.add(a, b, mean + k * sd, exact_only=True)
    sym = Comparison("beta_inc, both parameters huge: I_1/2(a, a) = 1/2", driver,
                     lambda a: 0.5, None)
    for a in (2e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10):
        sym.points.append(((a,), driver.ask("beta_inc", a, a, 0.5), False))
    return [lower, upper, sym]


# ---- quantiles --------------------------------------------------------------

QUANTILE_PS = [1e-300, 1e-100, 1e-15, 1e-8, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975,
               1 - 1e-8, 1 - 1e-15]


def mp_inverse(function, target, start):
    """The root of function(x) = target near start, at 50 digits: a secant
    on log|x| against log function(x), which stays well scaled however
    far out in a tail the root is."""
    sign = 1 if start > 0 else -1
    try:
        with mpmath.workdps(50):
            u = mpmath.findroot(lambda u: mpmath.log(function(sign * mpmath.exp(u)) / target),
                                (mpmath.log(abs(start)), mpmath.log(abs(start)) + 1e-9),
                                solver="secant", tol=mpmath.mpf(10) ** -60, maxsteps=200)
            return sign * mpmath.exp(u)
    except (ValueError, ZeroDivisionError, mpmath.libmp.NoConvergence):
        return None


class QuantileComparison(Comparison):
    """Quantiles: settled by solving the tail equation at 40 digits from
    our answer: mp_tail(params..., x, upper) = target, through the smaller
    of the two tails (the other one, 1 - target, is exact in mpmath)."""

    def __init__(self, name, driver, scipy_fn, mp_tail, upper):
        def exact(target, *params):
            ours = self.answers[(target,) + params]
            if not (ours > 0 or ours < 0) or math.isinf(ours):
                return None
            target = mpmath.mpf(target)
            side = upper if target <= 0.5 else not upper
            goal = target if target <= 0.5 else 1 - target
            return mp_inverse(lambda x: mp_tail(*params, x, side), goal, ours)
        super().__init__(name, driver, scipy_fn, exact)
        self.answers = {}

    def report(self):
        for args, index, _ in self.points:
            self.answers[args] = self.driver.value(index)
        super().report()


def mp_t_tail(df, t, upper):
    """P(T <= t) (or P(T > t)) at 40 digits through the incomplete beta."""
    df, t = mpmath.mpf(df), mpmath.mpf(t)
    x = df / (df + t * t)
    beyond = mpmath.betainc(df / 2, mpmath.mpf(0.5), 0, x, regularized=True) / 2
    return beyond if (t < 0) != upper else 1 - beyond


def mp_f_upper_tail(d1, d2, f):
    d1, d2, f = mpmath.mpf(d1), mpmath.mpf(d2), mpmath.mpf(f)
    return mpmath.betainc(d2 / 2, d1 / 2, 0, d2 / (d1 * f + d2), regularized=True)


def check_beta_inverse(driver):
    lower = QuantileComparison("beta_inc_inv", driver, lambda p, a, b: st.beta.ppf(p, a, b),
                               mp_beta, False)
    upper = QuantileComparison("beta_inc_c_inv", driver, lambda q, a, b: st.beta.isf(q, a, b),
                               mp_beta, True)
    for a in (0.1, 0.5, 1, 3, 20, 1e3):
        for b in (0.1, 0.5, 1, 4, 50, 1e4):
            for p in QUANTILE_PS[2:]:
                lower.points.append(((p, a, b), driver.ask("beta_inc_inv", a, b, p), False))
                upper.points.append(((p, a, b), driver.ask("beta_inc_c_inv", a, b, p), False))
    return [lower, upper]


def check_t(driver):
    dfs = [0.1, 0.5, 1, 2, 3.5, 10, 30, 100, 1e3, 1e5, 1e7, 1e10]
    ts = [0, 1e-8, 0.1, 0.5, 1, 1.96, 2.5, 5, 10, 30, 100, 1e4, 1e10, 1e100]
    two = Comparison("t_two_sided_p", driver, lambda t, df: 2 * sc.stdtr(df, -abs(t)),
                     lambda t, df: 2 * mp_t_tail(df, -abs(t), False))
    for df in dfs:
        for t in ts:
            for signed in (t, -t) if t else (t,):
                two.add(signed, df)
    quantile = QuantileComparison("t_quantile", driver, lambda p, df: sc.stdtrit(df, p),
                                  mp_t_tail, False)
    upper_q = QuantileComparison("t_upper_quantile", driver, lambda q, df: -sc.stdtrit(df, q),
                                 mp_t_tail, True)
    # the level's two-sided critical value: P(T > t) = (1 - level) / 2
    critical = QuantileComparison("t_critical_value", driver, lambda l, df: -sc.stdtrit(df, (1 - l) / 2),
                                  lambda df, t, upper: 2 * mp_t_tail(df, t, upper) if upper
                                  else 2 * mp_t_tail(df, t, False) - 1, False)
    for df in dfs:
        for p in QUANTILE_PS[2:]:
            if p == 0.5:
                continue
            quantile.points.append(((p, df), driver.ask("t_quantile", p, df), False))
            if p > 0.5:
                critical.points.append(((p, df), driver.ask("t_critical_value", p, df), False))
            upper_q.points.append(((p, df), driver.ask("t_upper_quantile", p, df), False))
    return [two, quantile, upper_q, critical]


def check_chisq_f(driver):
    chi_upper = Comparison("chisq_upper_tail", driver, lambda x, df: sc.chdtrc(df, x),
                           lambda x, df: mp_gamma(df / 2, x / 2, True))
    for df in (0.1, 1, 2, 3, 7.5, 30, 100, 1000, 1e4):
        for x in (1e-10, 0.01, 0.5, 1, df * 0.5, df, df * 1.5, df + 10 * math.sqrt(2 * df), 3 * df + 100, 1400):
            chi_upper.add(x, df)
    f_upper = Comparison("f_upper_tail", driver, lambda f, a, b: sc.fdtrc(a, b, f),
                         lambda f, a, b: mp_f_upper_tail(a, b, f))
    for d1 in (0.5, 1, 3, 10, 64):
        for d2 in (1, 5, 30, 1000, 1e6):
            for f in (1e-6, 0.1, 0.5, 1, 2, 4, 10, 100, 1e4):
                f_upper.add(f, d1, d2)
    return [chi_upper, f_upper]


# ---- ends of the domains ---------------------------------------------------

INF, NAN = math.inf, math.nan
DOMAIN_CASES = [
    # invalid arguments give NaN
    ("gamma_p", (-1, 1), NAN), ("gamma_q", (1, -1), NAN), ("gamma_p", (NAN, 1), NAN),
    ("gamma_p", (INF, 1), NAN), ("beta_inc", (1, 1, 1.5), NAN), ("beta_inc", (0, 1, 0.5), NAN),
    ("beta_inc_c", (1, -2, 0.5), NAN), ("t_two_sided_p", (1, 0), NAN),
    ("t_two_sided_p", (NAN, 3), NAN), ("chisq_upper_tail", (1, -3), NAN),
    ("f_upper_tail", (1, 2, 0), NAN), ("f_upper_tail", (1, -1, 3), NAN),
    ("normal_quantile", (-0.1,), NAN), ("normal_quantile", (NAN,), NAN),
    ("t_quantile", (1.1, 3), NAN), ("beta_inc_inv", (1, 1, -0.5), NAN),
    ("normal_critical_value", (1,), NAN), ("t_critical_value", (0, 5), NAN),
    # the ends of the support and of the probability range
    ("gamma_p", (1, 0), 0.0), ("gamma_q", (1, 0), 1.0), ("gamma_p", (2.5, INF), 1.0),
    ("gamma_q", (2.5, INF), 0.0), ("beta_inc", (2, 3, 0), 0.0), ("beta_inc", (2, 3, 1), 1.0),
    ("beta_inc_c", (2, 3, 1), 0.0), ("beta_inc_c", (2, 3, 0), 1.0),
    ("t_two_sided_p", (INF, 5), 0.0), ("t_two_sided_p", (-INF, 5), 0.0),
    ("t_two_sided_p", (0, 5), 1.0), ("t_quantile", (0.5, 3), 0.0), ("t_quantile", (0, 3), -INF),
    ("t_quantile", (1, 3), INF), ("chisq_upper_tail", (-1, 3), 1.0),
    ("f_upper_tail", (INF, 2, 3), 0.0), ("f_upper_tail", (-2, 2, 3), 1.0),
    ("normal_quantile", (0,), -INF), ("normal_quantile", (1,), INF), ("normal_cdf", (-INF,), 0.0),
    ("beta_inc_inv", (2, 3, 0), 0.0), ("beta_inc_inv", (2, 3, 1), 1.0),
    # exact values: the uniform, the exponential, the Cauchy, chi-square with 2 df
    ("beta_inc", (1, 1, 0.375), 0.375), ("gamma_q", (1, 3), math.exp(-3)),
    ("t_two_sided_p", (1, 1), 0.5), ("t_quantile", (0.75, 1), 1.0),
    ("chisq_upper_tail", (4, 2), math.exp(-2)),
    ("t_two_sided_p", (1.5, INF), float(2 * sc.ndtr(-1.5))),
]


def check_domains(driver):
    asked = [(name, args, expected, driver.ask(name, *args)) for name, args, expected in DOMAIN_CASES]

    def report():
        wrong = []
        for name, args, expected, index in asked:
            got = driver.value(index)
            same = (math.isnan(got) and math.isnan(expected)) or got == expected or (
                math.isfinite(expected) and abs(got - expected) <= 4e-16 * abs(expected))
            if not same:
                wrong.append("%s%r = %r, not %r" % (name, args, got, expected))
        results.append(("invalid arguments give NaN; ends of domains and exact values", not wrong,
                        "%d cases%s" % (len(asked), "; wrong: " + "; ".join(wrong) if wrong else ""), 0.0))
    return report


# ---- linear algebra ---------------------------------------------------------

def matrix_args(*arrays):
    return [float(v) for a in arrays for v in np.ravel(a)]


def spd(rng, n, condition):
    """A random symmetric positive definite matrix with the given 2-norm
    condition number."""
    q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    values = np.logspace(0, -math.log10(condition), n) * rng.uniform(0.5, 2)
    return (q * values) @ q.T


class LinalgCheck:
    """Worst of a named error over several matrices."""

    def __init__(self, name, tol):
        self.name, self.tol, self.worst, self.where, self.count = name, tol, 0.0, None, 0

    def add(self, err, where):
        self.count += 1
        if not err <= self.worst:
            self.worst, self.where = err, where

    def report(self):
        results.append((self.name, self.worst <= self.tol, "%d cases, worst error %.2g (%s)" % (
            self.count, self.worst, self.where), self.worst))


def check_linalg(driver):
    rng = np.random.default_rng(20261201)
    cases = []
    for n in (1, 2, 3, 5, 8, 16, 32, 64):
        for condition in (1.0, 1e3, 1e8):
            a = spd(rng, n, condition)
            a = (a + a.T) / 2
            b = rng.standard_normal(n)
            cases.append((n, condition, a, b, {
                "chol": driver.ask("cholesky", n, SQ_COLLINEAR, *matrix_args(a)),
                "solve": driver.ask("cholesky_solve", n, *matrix_args(a, b)),
                "eigen": driver.ask("eigen", n, *matrix_args(a)),
                "sqrt": driver.ask("power", n, 0.5, 1e-14, *matrix_args(a)),
                "isqrt": driver.ask("power", n, -0.5, 1e-14, *matrix_args(a)),
            }))
    # indefinite and collinear matrices must be refused, at the right column
    refusals = []
    for n in (3, 8, 20):
        x = rng.standard_normal((200, n))
        k = n // 2
        x[:, k] = x[:, :k] @ rng.standard_normal(k)          # collinear column k
        c = np.corrcoef(x, rowvar=False)
        refusals.append(("collinear column %d of %d" % (k, n), k + 1,
                         driver.ask("cholesky", n, SQ_COLLINEAR, *matrix_args(c))))
        d = spd(rng, n, 10.0)
        d[n - 1, n - 1] = -1.0
        refusals.append(("negative last diagonal, n = %d" % n, n,
                         driver.ask("cholesky", n, SQ_COLLINEAR, *matrix_args(d))))
    return lambda: report_linalg(driver, cases, refusals)


SQ_COLLINEAR = 1e-10


def report_linalg(driver, cases, refusals):
    checks = {name: LinalgCheck(name, tol) for name, tol in [
        ("cholesky factor vs numpy (relative to max |L|)", 1e-12),
        ("cholesky solve vs numpy (relative, / condition number)", 1e-13),
        ("eigenvalues vs numpy eigvalsh (relative to the norm)", 1e-12),
        ("eigenvectors: reconstruction and orthogonality (relative)", 1e-12),
        ("square root: (A^1/2)^2 = A and A^-1/2 A^1/2 = I (relative)", 1e-10)]}
    c = list(checks.values())
    for n, condition, a, b, asked in cases:
        where = "n = %d, condition %.0e" % (n, condition)
        status, *l = driver.answers[asked["chol"]]
        l = np.array(l).reshape(n, n)
        ref = np.linalg.cholesky(a)
        c[0].add(np.abs(l - ref).max() / np.abs(ref).max() if status == 0 else math.inf, where)
        status, *x = driver.answers[asked["solve"]]
        ref = np.linalg.solve(a, b)
        c[1].add(np.linalg.norm(np.array(x) - ref) / np.linalg.norm(ref) / condition, where)
        status, *ev = driver.answers[asked["eigen"]]
        values, vectors = np.array(ev[:n]), np.array(ev[n:]).reshape(n, n)
        norm = np.linalg.norm(a, 2)
        c[2].add(np.abs(values - np.linalg.eigvalsh(a)).max() / norm, where)
        c[3].add(max(np.abs((vectors * values) @ vectors.T - a).max() / norm,
                     np.abs(vectors.T @ vectors - np.eye(n)).max()), where)
        status, *root = driver.answers[asked["sqrt"]]
        status2, *iroot = driver.answers[asked["isqrt"]]
        root, iroot = np.array(root).reshape(n, n), np.array(iroot).reshape(n, n)
        c[4].add(max(np.abs(root @ root - a).max() / norm,
                     np.abs(iroot @ root - np.eye(n)).max() / math.sqrt(condition)), where)
    for check in c:
        check.report()
    wrong = [(what, expected, driver.answers[index][0]) for what, expected, index in refusals
             if driver.answers[index][0] != expected]
    results.append(("cholesky refuses collinear and indefinite matrices at the failing column",
                    not wrong, "%d cases%s" % (len(refusals), "; wrong: %s" % wrong if wrong else ""), 0.0))


def check_subsets(driver):
    """R^2 of every subset of predictors by sweeps, against least squares
    on the data themselves (numpy lstsq), including collinear predictors."""
    rng = np.random.default_rng(7)
    asked = []
    for p, collinear in ((3, False), (6, False), (10, False), (6, True)):
        n = 300
        mix = rng.standard_normal((p, p)) * 0.6 + np.eye(p)
        x = rng.standard_normal((n, p)) @ mix               # correlated predictors
        if collinear:
            x[:, 4] = x[:, 0] - 2 * x[:, 1]                 # exactly in the span of 0 and 1
        y = x @ rng.standard_normal(p) + rng.standard_normal(n) * 2
        data = np.column_stack([x, y])
        corr = np.corrcoef(data, rowvar=False)
        asked.append((p, collinear, data, driver.ask("subset_r2", p, SQ_COLLINEAR, *matrix_args(corr))))
    # OLS by sweeping the cross-product matrix, with an intercept column
    x = np.column_stack([np.ones(50), rng.standard_normal((50, 3))])
    y = x @ np.array([1.0, 2.0, -1.0, 0.5]) + rng.standard_normal(50)
    cross = np.column_stack([x, y]).T @ np.column_stack([x, y])
    ols = driver.ask("sweep_all", 5, 0.0, *matrix_args(cross))
    return lambda: report_subsets(driver, asked, x, y, ols)


def report_subsets(driver, asked, x, y, ols):
    worst, where, count = 0.0, None, 0
    for p, collinear, data, index in asked:
        status, *r2 = driver.answers[index]
        for mask in range(1 << p):
            cols = [k for k in range(p) if mask >> k & 1]
            yc = data[:, p] - data[:, p].mean()
            if cols:
                xc = data[:, cols] - data[:, cols].mean(axis=0)
                coef = np.linalg.lstsq(xc, yc, rcond=None)[0]
                ref = 1 - np.sum((yc - xc @ coef) ** 2) / np.sum(yc ** 2)
            else:
                ref = 0.0
            err = abs(r2[mask] - ref) if status == 0 else math.inf
            count += 1
            if not err <= worst:
                worst, where = err, "p = %d%s, subset %s" % (p, " collinear" if collinear else "", cols)
    results.append(("subset R^2 by Gray-code sweeps vs numpy lstsq (absolute)", worst <= 1e-12,
                    "%d subsets, worst error %.2g (%s)" % (count, worst, where), worst))
    # ordinary least squares by sweeping every predictor of [X'X X'y; y'X y'y]
    status, *swept = driver.answers[ols]
    swept = np.array(swept).reshape(5, 5)
    coef, rss = np.linalg.lstsq(x, y, rcond=None)[:2]
    inverse = np.linalg.inv(x.T @ x)
    err = max(np.abs(swept[:4, 4] - coef).max() / np.abs(coef).max(),
              abs(swept[4, 4] - rss[0]) / rss[0],
              np.abs(-swept[:4, :4] - inverse).max() / np.abs(inverse).max())
    results.append(("least squares by sweeps: coefficients, RSS, (X'X)^-1 vs numpy (relative)",
                    status == 0 and err <= 1e-12, "worst error %.2g" % err, err))


def main():
    warnings.simplefilter("ignore")     # SciPy's warnings at the ends of domains
    started = time.time()
    driver = Driver(sys.argv[1])
    check_temme_table()
    comparisons = []
    comparisons += check_normal(driver)
    comparisons += check_gamma(driver)
    comparisons += check_beta(driver)
    comparisons += check_beta_huge(driver)
    comparisons += check_beta_inverse(driver)
    comparisons += check_t(driver)
    comparisons += check_chisq_f(driver)
    domain_report = check_domains(driver)
    linalg_report = check_linalg(driver)
    subsets_report = check_subsets(driver)
    driver.run()
    for c in comparisons:
        begun = time.time()
        c.report()
        if time.time() - begun > 2:
            print("# %s took %.1f s" % (c.name, time.time() - begun))
    domain_report()
    linalg_report()
    subsets_report()
    failed = 0
    for number, (name, passed, detail, _) in enumerate(results, 1):
        print("%s %d - %s: %s" % ("ok" if passed else "not ok", number, name, detail))
        failed += not passed
    print("# %.1f s" % (time.time() - started))
    print("1..%d" % len(results))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
