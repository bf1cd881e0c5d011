#!/usr/bin/python3
"""Coefficients of Temme's uniform asymptotic expansion of the incomplete
gamma function, derived here in exact rational arithmetic.

    Q(a, x) = erfc(eta sqrt(a/2)) / 2 + exp(-a eta^2/2) / sqrt(2 pi a)
              * sum_k C_k(eta) a^-k,
    eta^2 / 2 = mu - log(1 + mu),  mu = x/a - 1,  sign(eta) = sign(mu).

Derivation (Temme 1979, "The asymptotic expansion of the incomplete gamma
functions", SIAM J. Math. Anal. 10): with t = a(1 + mu),
Q = sqrt(a/2pi)/Gamma*(a) * int_eta^inf exp(-a s^2/2) f(s) ds, f = s/mu(s);
integrating by parts repeatedly gives h_0 = (f - f(0))/eta,
h_{k+1} = (h_k' - h_k'(0))/eta, and C_k = sum_j g_j h_{k-j}, where
1/Gamma*(a) ~ sum_j g_j a^-j (Stirling's series).  Each C_k is kept as a
Taylor polynomial in eta, truncated where its tail on |eta| <= ETA_MAX is
below 1e-17 a^k at the smallest a the expansion is used for (A_MIN).

Run with --c to print the C table used by src/numerics_gamma.c; without
arguments it prints the coefficients as Python floats, one polynomial per
line (the numerics suite compares them with the C table).
"""
import sys
from fractions import Fraction as F
from math import comb

DEGREE = 40        # working length of the power series
TERMS = 11         # C_0 .. C_10
ETA_MAX = 0.4
A_MIN = 20


def mul(a, b):
    r = [F(0)] * DEGREE
    for i, x in enumerate(a):
        if x:
            for j in range(DEGREE - i):
                r[i + j] += x * b[j]
    return r


def reciprocal(a):
    r = [F(0)] * DEGREE
    r[0] = 1 / a[0]
    for n in range(1, DEGREE):
        r[n] = -sum(a[k] * r[n - k] for k in range(1, n + 1)) / a[0]
    return r


def sqrt_series(a):
    """Square root of a series with constant term 1."""
    r = [F(0)] * DEGREE
    r[0] = F(1)
    for n in range(1, DEGREE):
        r[n] = (a[n] - sum(r[k] * r[n - k] for k in range(1, n))) / 2
    return r


def compose(f, g):
    """f(g(x)) for g without constant term."""
    r = [F(0)] * DEGREE
    power = [F(1)] + [F(0)] * (DEGREE - 1)
    for k in range(DEGREE):
        if k:
            power = mul(power, g)
        if f[k]:
            for i in range(DEGREE):
                r[i] += f[k] * power[i]
    return r


def coefficients():
    # eta(mu) = mu sqrt(2 sum_{k>=2} (-1)^k mu^(k-2) / k)
    g = [F(2 * (-1) ** k, k + 2) for k in range(DEGREE)]
    eta = [F(0)] + sqrt_series(g)[:DEGREE - 1]
    # series reversion: mu(eta)
    mu = [F(0)] * DEGREE
    mu[1] = F(1)
    for n in range(2, DEGREE):
        mu[n] = -compose(eta, mu)[n]
    f = reciprocal(mu[1:] + [F(0)])      # eta / mu
    h = []
    fk = f
    for _ in range(TERMS):
        hk = fk[1:] + [F(0)]
        h.append(hk)
        fk = [hk[i + 1] * (i + 1) for i in range(DEGREE - 1)] + [F(0)]
    # 1/Gamma*(a) = exp(-sum_m B_2m / (2m (2m-1)) a^(1-2m))
    bern = [F(1)] + [F(0)] * (2 * TERMS + 2)
    for m in range(1, len(bern)):
        bern[m] = -sum(comb(m + 1, k) * bern[k] for k in range(m)) / (m + 1)
    stirling = [F(0)] * TERMS
    for m in range(1, TERMS):
        if 2 * m - 1 < TERMS:
            stirling[2 * m - 1] = bern[2 * m] / (2 * m * (2 * m - 1))
    inv_gamma_star = [F(1)] + [F(0)] * (TERMS - 1)
    for n in range(1, TERMS):
        inv_gamma_star[n] = -sum(k * stirling[k] * inv_gamma_star[n - k]
                                 for k in range(1, n + 1)) / n
    table = []
    for k in range(TERMS):
        c = [sum(inv_gamma_star[j] * h[k - j][i] for j in range(k + 1))
             for i in range(DEGREE)]
        d = DEGREE - 1
        while d > 0 and sum(abs(c[i]) * F(ETA_MAX) ** i
                            for i in range(d, DEGREE)) < F(1, 10 ** 17) * A_MIN ** k:
            d -= 1
        table.append([float(x) for x in c[:d + 1]])
    return table


def main():
    table = coefficients()
    if sys.argv[1:] == ["--c"]:
        for k, c in enumerate(table):
            print("static const double temme_c%d[] = {" % k)
            for i in range(0, len(c), 3):
                print("\t" + ", ".join("%.17g" % x for x in c[i:i + 3]) + ",")
            print("};")
    else:
        for c in table:
            print(" ".join(repr(x) for x in c))


if __name__ == "__main__":
    main()
