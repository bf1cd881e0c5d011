#!/usr/bin/python3
"""Check svcquality's category statistics against SciPy and statsmodels.

Run with Debian's /usr/bin/python3 (NumPy, SciPy, statsmodels) against the
database psql connects to (PGHOST etc.), with the extension installed.

Over random pairs of category mixes (2 to 12 categories, counts from 0 to
400, some categories in one period only, some mixes tiny), each built in
SQL as two category_states:

  * category_shares: each share's interval against statsmodels'
    proportion_confint(method="wilson"), at 90%, 95% and 99%;
  * category_compare(a, b): each category's share(a) - share(b) and its
    interval against statsmodels' confint_proportions_2indep(a's count,
    a's total, b's count, b's total, method="newcomb", compare="diff"),
    Newcombe's hybrid score interval (method 10 of his 1998 paper);
  * category_mix_test: the statistic and p-value against SciPy's
    chi2_contingency without continuity correction, the smallest expected
    count and Cramer's V against the same table.

Compares to 1e-9 relative (absolute near 0).  Prints TAP lines and the worst
differences; exits 1 on any failure.
"""
import math
import subprocess
import sys

import numpy as np
from scipy.stats import chi2_contingency
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

TOLERANCE = 1e-9
number = 0
failures = 0


def report(ok, title, comments=()):
    global number, failures
    number += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", number, title))
    for line in comments:
        print("# " + line)
    if not ok:
        failures += 1


def sql_rows(sql):
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1"],
                         input=sql, capture_output=True, text=True, check=True)
    return [[None if v == "" else v for v in line.split("|")]
            for line in out.stdout.splitlines() if line]


def differs(ours, reference):
    """Relative difference, absolute below 1."""
    return abs(ours - reference) / max(1.0, abs(reference))


def state_literal(counts):
    entries = " ".join('"c%02d":%d' % (i, n) for i, n in enumerate(counts) if n > 0)
    return "'v1 %s'::category_state" % entries


def cases(rng):
    """Pairs (a, b) of count vectors over the same categories."""
    for case in range(300):
        k = int(rng.integers(2, 13))
        scale = [3, 20, 400][case % 3]
        a = rng.integers(0, scale + 1, size=k)
        b = rng.integers(0, scale + 1, size=k)
        # every category in at least one mix, each mix with rows
        for i in range(k):
            if a[i] + b[i] == 0:
                b[i] = 1
        if a.sum() == 0:
            a[0] = 1
        if b.sum() == 0:
            b[0] = 1
        yield a, b


def main():
    rng = np.random.default_rng(20260301)
    worst = {"wilson": 0.0, "newcombe": 0.0, "chi2": 0.0, "p": 0.0, "expected": 0.0, "v": 0.0}
    bad = {key: [] for key in worst}
    compared = {key: 0 for key in worst}
    all_cases = list(cases(rng))
    queries = []
    for n, (a, b) in enumerate(all_cases):
        level = [0.9, 0.95, 0.99][n % 3]
        state_a, state_b = state_literal(a), state_literal(b)
        queries.append("SELECT %d, 's', category, lower, upper FROM category_shares(%s, %r);"
                       % (n, state_a, level))
        queries.append("SELECT %d, 'c', category, lower, upper, difference FROM category_compare(%s, %s, %r);"
                       % (n, state_a, state_b, level))
        queries.append("SELECT %d, 't', chi_square, p_value, min_expected, cramers_v FROM category_mix_test(%s, %s);"
                       % (n, state_a, state_b))
    rows = sql_rows("\n".join(queries))
    for row in rows:
        n = int(row[0])
        a, b = all_cases[n]
        level = [0.9, 0.95, 0.99][n % 3]
        if row[1] == "s":
            i = int(row[2][1:])
            lo, hi = proportion_confint(a[i], a.sum(), alpha=1 - level, method="wilson")
            d = max(differs(float(row[3]), lo), differs(float(row[4]), hi))
            key = "wilson"
        elif row[1] == "c":
            i = int(row[2][1:])
            # a minus b: the share of the first state less that of the second
            lo, hi = confint_proportions_2indep(a[i], a.sum(), b[i], b.sum(),
                                                method="newcomb", compare="diff", alpha=1 - level)
            difference = a[i] / a.sum() - b[i] / b.sum()
            d = max(differs(float(row[3]), lo), differs(float(row[4]), hi),
                    differs(float(row[5]), difference))
            key = "newcombe"
        else:
            table = np.array([a, b])
            chi2, p, dof, expected = chi2_contingency(table, correction=False)
            total = table.sum()
            for key, ours, ref in (("chi2", row[2], chi2), ("p", row[3], p),
                                   ("expected", row[4], expected.min()),
                                   ("v", row[5], math.sqrt(chi2 / total))):
                d = differs(float(ours), ref)
                compared[key] += 1
                worst[key] = max(worst[key], d)
                if d > TOLERANCE:
                    bad[key].append("case %d: ours %s, reference %r" % (n, ours, ref))
            continue
        compared[key] += 1
        worst[key] = max(worst[key], d)
        if d > TOLERANCE:
            bad[key].append("case %d %s: ours %s %s, reference %r %r" % (n, row[2], row[3], row[4], lo, hi))
    titles = {
        "wilson": "category_shares intervals equal statsmodels' Wilson intervals",
        "newcombe": "category_compare(a, b) differences share(a) - share(b) and intervals equal "
                    "statsmodels' Newcombe (hybrid score) intervals of a - b",
        "chi2": "category_mix_test statistic equals SciPy's chi2_contingency (no correction)",
        "p": "category_mix_test p-value equals SciPy's",
        "expected": "category_mix_test smallest expected count equals SciPy's",
        "v": "category_mix_test Cramer's V equals sqrt(chi2 / N) of SciPy's statistic",
    }
    # every row that should be there was compared: shares of the categories
    # with rows in a, comparisons over the union, one test per case
    expected_rows = {
        "wilson": sum(int((a > 0).sum()) for a, _ in all_cases),
        "newcombe": sum(len(a) for a, _ in all_cases),
    }
    for key in ("chi2", "p", "expected", "v"):
        expected_rows[key] = len(all_cases)
    for key, title in titles.items():
        missing = ["compared %d values, expected %d" % (compared[key], expected_rows[key])] \
            if compared[key] != expected_rows[key] else []
        report(not bad[key] and not missing,
               "%s (%d values, worst relative difference %.1e)" % (title, compared[key], worst[key]),
               missing + bad[key][:5])
    print("1..%d" % number)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
