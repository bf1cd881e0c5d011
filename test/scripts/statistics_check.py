#!/usr/bin/python3
"""Check svcquality's comparison and testing functions against SciPy and statsmodels.

Run with Debian's /usr/bin/python3 (NumPy, SciPy, statsmodels) against the
database psql connects to (PGHOST etc.), with the extension installed.

Data is generated with a fixed seed: counts for rates, ratings for NPS, CSAT
and means (some weighted), scores for dimensions, durations in whole
microseconds.  For each function the same statistics are computed here from
the raw data by the libraries:

  proportion_compare   statsmodels confint_proportions_2indep (newcomb; log
                       ratio), proportions_ztest, SciPy chi2_contingency
  csat_compare         the same on the top-box counts (effective counts when
                       weighted)
  rating_mean_compare  SciPy ttest_ind(equal_var=False) on the raw ratings;
  dimension_compare    ttest_ind_from_stats with Kish's n when weighted
  rating_mean_ci       the NumPy mean and sample variance (weighted: Kish's
                       n, n - 1 df) with t as below, clipped to 0-10, and
                       SciPy's t.interval
  nps_compare, nps_test the NPS as the mean of -1/0/1 scores (NumPy), normal
                       tails from SciPy
  duration_quantile_*  order statistics of the sorted raw durations, ranks
                       from scipy.stats.binom, bucket edges from the
                       state's histogram; the MOVER combination
  duration_compare     mannwhitneyu (asymptotic, no continuity correction)
                       on the durations' buckets, DeLong's variance from
                       midranks (NumPy); the exact U of the raw durations
                       within the reported resolution error
  proportion_test      scipy.stats.binomtest and its exact interval
  *_homogeneity        chi2_contingency (without correction)
  *_heterogeneity      statsmodels combine_effects (Q, I^2, pooled estimate)
  *_pairwise, *_vs_rest, p_adjust
                       statsmodels multipletests (holm, fdr_bh, bonferroni)
  rating_mean_vs_rest  NumPy moments of the raw ratings of the group and of
                       the rest concatenated (weighted: Kish's n), SciPy's
                       gammainc/gammaincc for the Pearson type III tails;
                       a side all at an end of the scale by its count;
                       unweighted with a side of at most 200, the exact
                       distribution of that side's sum, each rating's
                       share of the draws from scipy.stats.hypergeom given
                       the draws left

Student t critical values are found by inverting scipy.stats.t.sf with
brentq: SciPy 1.10's t.ppf is off by up to 2e-9 (relative) for fractional
degrees of freedom, and by 4e-9 at 39 (rating_mean_ci's check), while t.sf
is accurate (checked against mpmath); rating_mean_ci is also held to
t.interval (t.ppf) within 1e-7.
I^2 is truncated at 0 as Higgins and Thompson define it (statsmodels 0.13's
i2 is not).

All SQL of a check runs in one psql session (class Batch), so the suite
takes seconds rather than minutes.

Figures agree to 1e-9 (relative to max(1, |reference|)); a figure that does
not exist must be NULL here and NaN or infinite there.  Prints TAP lines
"ok N - ..." with the worst differences; exits 1 on any failure.
"""
import gc
import math
import sys
import warnings
from fractions import Fraction

import numpy as np
from scipy import optimize, special, stats
from statsmodels.stats.meta_analysis import combine_effects
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

import crosscheck
from crosscheck import Batch, Tap, number_of, proportion_text, rating_text, sql_literal, sql_rows as psql_rows

warnings.simplefilter("ignore")  # statsmodels divides by zero on degenerate tables
TOLERANCE = 1e-9
LEVEL = 0.95
rng = np.random.default_rng(20261202)
tap = Tap()
report = tap.report


def sql_rows(sql):
    return psql_rows(sql, "|")


def t_critical(df, level=LEVEL):
    """The two-sided critical value of Student's t at the level, from t.sf."""
    tail = (1 - level) / 2
    high = 1e4
    while stats.t.sf(high, df) > tail:  # below 1 df near level 1
        high *= 1e4
    return optimize.brentq(lambda x: stats.t.sf(x, df) - tail, 0.0, high, xtol=1e-15, rtol=8.9e-16)


def Checker():
    return crosscheck.Checker(tap, TOLERANCE)


# ---- proportions --------------------------------------------------------------

def proportion_reference(x1, n1, x2, n2):
    """difference, z, p, lower, upper, rr, rr_lower, rr_upper by statsmodels."""
    low, upp = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=1 - LEVEL)
    z, p = proportions_ztest(np.array([x1, x2], dtype=float), np.array([n1, n2], dtype=float))
    rr = (x1 / n1) / (x2 / n2) if x2 > 0 else None
    rr_low = rr_upp = None
    if x1 > 0 and x2 > 0:
        rr_low, rr_upp = confint_proportions_2indep(x1, n1, x2, n2, method="log", compare="ratio",
                                                    alpha=1 - LEVEL)
    return [x1 / n1 - x2 / n2, z, p, low, upp, rr, rr_low, rr_upp]


PROPORTION_COLUMNS = ["difference", "z", "p_value", "lower", "upper", "risk_ratio", "rr_lower", "rr_upper"]


def proportion_cases():
    cases = [(56, 70, 48, 80), (9, 10, 3, 10), (6, 7, 2, 7), (5, 56, 0, 29), (0, 10, 0, 20),
             (10, 10, 0, 20), (1, 1, 0, 1), (20, 20, 10, 10), (189, 11034, 104, 11037), (0, 5, 3, 5)]
    for _ in range(300):
        n1, n2 = (int(v) for v in rng.choice([1, 2, 5, 20, 100, 1000, 100000, 10 ** 7], 2))
        p1, p2 = rng.uniform(0, 1, 2) ** rng.choice([1, 3])
        cases.append((int(rng.binomial(n1, p1)), n1, int(rng.binomial(n2, p2)), n2))
    return cases


def check_proportions():
    cases = proportion_cases()
    values = ",".join("(%d, %s, %s)" % (i, sql_literal(proportion_text(c[0], c[1])), sql_literal(proportion_text(c[2], c[3])))
                      for i, c in enumerate(cases))
    rows = sql_rows("SELECT v.i, c.* FROM (VALUES %s) AS v(i, a, b), proportion_compare(a::proportion_state, b::proportion_state) AS c ORDER BY v.i;" % values)
    check = Checker()
    for row in rows:
        case = cases[int(row[0])]
        reference = proportion_reference(*case)
        for name, ours, ref in zip(PROPORTION_COLUMNS, row[1:], reference):
            check.value(name, ours, ref, case)
        # z^2 is Pearson's chi-square of the 2x2 table (where it exists)
        table = np.array([[case[0], case[1] - case[0]], [case[2], case[3] - case[2]]])
        if row[2] is not None:
            chi2 = stats.chi2_contingency(table, correction=False)[0]
            check.value("z^2 = chi-square", float(row[2]) ** 2, chi2, case)
    check.report("proportion_compare: Newcombe, pooled z, Katz against statsmodels and chi2_contingency (%d cases)" % len(rows))


# ---- CSAT ---------------------------------------------------------------------

def kish(weights):
    return math.fsum(weights) ** 2 / math.fsum(weights * weights)


def csat_effective(ratings, weights, satisfied_from):
    """Satisfied and all responses as effective counts (Kish when weighted)."""
    if weights is None:
        return float((ratings >= satisfied_from).sum()), float(len(ratings))
    n = kish(weights)
    return math.fsum(weights[ratings >= satisfied_from]) / math.fsum(weights) * n, n


def random_weights(size, generator=None):
    return (generator or rng).choice([0.5, 1.0, 1.5, 2.0, 3.25], size)


def check_csat():
    cases = []
    for i in range(120):
        weighted = i % 3 == 0
        sizes = rng.choice([3, 10, 50, 400], 2)
        shift = rng.uniform(0, 1.5)
        a = np.clip(np.round(rng.normal(3.8, 1.1, sizes[0])), 1, 5).astype(int)
        b = np.clip(np.round(rng.normal(3.8 - shift, 1.1, sizes[1])), 1, 5).astype(int)
        wa = random_weights(len(a)) if weighted else None
        wb = random_weights(len(b)) if weighted else None
        cases.append((a, wa, b, wb))
    values = ",".join("(%d, %s, %s)" % (i, sql_literal(rating_text(c[0], c[1])), sql_literal(rating_text(c[2], c[3])))
                      for i, c in enumerate(cases))
    rows = sql_rows("SELECT v.i, c.* FROM (VALUES %s) AS v(i, a, b), csat_compare(a::rating_state, b::rating_state) AS c ORDER BY v.i;" % values)
    check = Checker()
    for row in rows:
        a, wa, b, wb = cases[int(row[0])]
        x1, n1 = csat_effective(a, wa, 4)
        x2, n2 = csat_effective(b, wb, 4)
        reference = proportion_reference(x1, n1, x2, n2)
        for k in (0, 3, 4):
            reference[k] *= 100
        for name, ours, ref in zip(PROPORTION_COLUMNS, row[1:], reference):
            check.value(name, ours, ref, "case %s" % row[0])
    check.report("csat_compare: top-box shares (Kish effective counts when weighted) against statsmodels (%d cases)" % len(rows))


# ---- means --------------------------------------------------------------------

def weighted_moments(x, w):
    """Mean, variance scaled by n_eff / (n_eff - 1), and n_eff."""
    if w is None:
        return x.mean(), (x.var(ddof=1) if len(x) > 1 else math.nan), float(len(x))
    mean = np.average(x, weights=w)
    n = kish(w)
    if len(x) and (x == x[0]).all():
        # equal ratings: their mean exactly, no variance (np.average can be a bit off)
        return float(x[0]), (0.0 if n > 1 else math.nan), n
    var = np.average((x - mean) ** 2, weights=w) * n / (n - 1) if n > 1 else math.nan
    return mean, var, n


def welch_reference(a, wa, b, wb):
    """difference, stderr, df, t, p, lower, upper."""
    m1, v1, n1 = weighted_moments(a, wa)
    m2, v2, n2 = weighted_moments(b, wb)
    if wa is None and wb is None and len(a) > 1 and len(b) > 1 and v1 + v2 > 0:
        t, p = stats.ttest_ind(a, b, equal_var=False)
    else:
        t, p = stats.ttest_ind_from_stats(m1, math.sqrt(v1), n1, m2, math.sqrt(v2), n2, equal_var=False)
    se = math.sqrt(v1 / n1 + v2 / n2)
    # a side whose answers are all equal has no t: its mean is not known
    # exactly, though SciPy would take it so
    if not (v1 > 0 and v2 > 0):
        return [m1 - m2, se, None, None, None, None, None]
    df = (v1 / n1 + v2 / n2) ** 2 / ((v1 / n1) ** 2 / (n1 - 1) + (v2 / n2) ** 2 / (n2 - 1))
    margin = t_critical(df) * se
    return [m1 - m2, se, df, t, p, m1 - m2 - margin, m1 - m2 + margin]


MEAN_COLUMNS = ["difference", "stderr", "df", "t", "p_value", "lower", "upper"]


def check_rating_means():
    cases = []
    for i in range(150):
        weighted = i % 3 == 0
        sizes = rng.choice([2, 3, 8, 40, 300, 3000], 2)
        a = rng.integers(0, 11, sizes[0])
        b = np.clip(rng.integers(0, 11, sizes[1]) + rng.integers(-2, 3), 0, 10)
        cases.append((a, random_weights(len(a)) if weighted else None, b, random_weights(len(b)) if weighted else None))
    cases.append((np.array([5, 5, 5]), None, np.array([4, 4]), None))
    cases.append((np.array([5, 5, 5]), None, np.array([4, 5]), None))
    values = ",".join("(%d, %s, %s)" % (i, sql_literal(rating_text(c[0], c[1])), sql_literal(rating_text(c[2], c[3])))
                      for i, c in enumerate(cases))
    rows = sql_rows("SELECT v.i, c.* FROM (VALUES %s) AS v(i, a, b), rating_mean_compare(a::rating_state, b::rating_state) AS c ORDER BY v.i;" % values)
    check = Checker()
    for row in rows:
        reference = welch_reference(*cases[int(row[0])])
        for name, ours, ref in zip(MEAN_COLUMNS, row[1:], reference):
            check.value(name, ours, ref, "case %s" % row[0])
    check.report("rating_mean_compare: Welch against scipy ttest_ind / ttest_ind_from_stats (%d cases)" % len(rows))


def mean_ci_reference(x, w, level):
    """rating_mean_ci: mean -/+ t se at n - 1 df (Kish's n when weighted),
    clipped to 0-10, and SciPy's t.interval unclipped; none without a
    positive variance."""
    m, v, n = weighted_moments(x, w)
    if not v > 0:
        return [None, None], [None, None]
    margin = t_critical(n - 1, level) * math.sqrt(v / n)
    return [max(0.0, m - margin), min(10.0, m + margin)], stats.t.interval(level, n - 1, loc=m, scale=math.sqrt(v / n))


def check_rating_mean_ci():
    # a generator of its own, so that the later checks draw as before
    own = np.random.default_rng(20261208)
    cases = []
    for i in range(240):
        size = int(own.choice([1, 2, 3, 5, 8, 40, 300, 3000]))
        if i % 2:
            x = own.integers(0, 11, size)
        else:  # top-heavy: flat samples (NULL) and intervals clipped at 10
            x = np.where(own.uniform(0, 1, size) < 0.9, 10, own.integers(0, 10, size))
        cases.append((x, random_weights(size, own) if i % 3 == 0 else None,
                      float(own.choice([0.5, 0.8, 0.95, 0.99, 0.999]))))
    # Kish's n below 2 (df under 1, both limits clipped), exactly 1 (one
    # weight 0: NULL), a weighted flat sample (NULL), one response (NULL)
    cases.append((np.array([5, 2]), np.array([3.0, 1.0]), 0.95))
    cases.append((np.array([4, 7]), np.array([2.0, 0.0]), 0.95))
    cases.append((np.array([4, 4, 4]), np.array([1.0, 2.0, 0.5]), 0.95))
    cases.append((np.array([6]), None, 0.95))
    values = ",".join("(%d, %s, %r)" % (i, sql_literal(rating_text(c[0], c[1])), c[2]) for i, c in enumerate(cases))
    rows = sql_rows("SELECT v.i, c.* FROM (VALUES %s) AS v(i, s, level), rating_mean_ci(s::rating_state, level) AS c ORDER BY v.i;" % values)
    check = Checker()
    for row in rows:
        x, w, level = cases[int(row[0])]
        reference, scipy_interval = mean_ci_reference(x, w, level)
        for name, ours, ref, by_ppf in zip(["lower", "upper"], row[1:], reference, scipy_interval):
            check.value(name, ours, ref, "case %s" % row[0])
            # t.interval's t.ppf keeps about 8 digits (see above)
            if ref is not None and 0.0 < ref < 10.0:
                check.condition("%s as t.interval" % name, abs(ref - by_ppf) <= 1e-7 * max(1.0, abs(ref)),
                                "case %s" % row[0])
    check.condition("a row per case", len(rows) == len(cases), "%d rows" % len(rows))
    nulls = sum(row[1] is None for row in rows)
    clipped = sum(row[1] == "0" or row[2] == "10" for row in rows)
    check.report("rating_mean_ci: t from t.sf and t.interval, Kish's n when weighted, clipped to 0-10 "
                 "(%d cases, %d NULL, %d clipped)" % (len(rows), nulls, clipped))


def check_dimensions():
    """Three named dimensions per side, continuous scores, some missing."""
    names = ["clarity", "speed", "tone"]
    rows_a, rows_b, raw = [], [], {}
    for side, rows, size in (("a", rows_a, 60), ("b", rows_b, 45)):
        for name in names:
            if side == "b" and name == "speed":
                continue
            scores = rng.normal(3.5 if side == "a" else 3.2, 0.9, size) + rng.integers(0, 2)
            raw[(side, name)] = scores
            rows.extend("(%s, %r)" % (sql_literal(name), float(s)) for s in scores)
    out = sql_rows("""WITH a AS (SELECT dimension_agg(n, s) AS s FROM (VALUES %s) AS t(n, s)),
                           b AS (SELECT dimension_agg(n, s) AS s FROM (VALUES %s) AS t(n, s))
                      SELECT c.* FROM a, b, dimension_compare(a.s, b.s) AS c;""" % (",".join(rows_a), ",".join(rows_b)))
    check = Checker()
    check.condition("one row per name", [r[0] for r in out] == names, out)
    for row in out:
        name = row[0]
        if ("b", name) not in raw:
            check.condition("no comparison without answers", all(v is None for v in row[5:]), name)
            continue
        a, b = raw[("a", name)], raw[("b", name)]
        reference = welch_reference(a, None, b, None)
        for column, ours, ref in zip(MEAN_COLUMNS, row[5:], reference):
            check.value(column, ours, ref, name)
    check.report("dimension_compare: Welch per dimension against scipy ttest_ind")


# ---- NPS ----------------------------------------------------------------------

def nps_scores(ratings):
    return np.where(ratings >= 9, 1.0, np.where(ratings <= 6, -1.0, 0.0))


def nps_reference(ratings, adjusted):
    """NPS and its standard error in points: the mean and the standard error
    (ddof 0) of the -1/0/1 scores; adjusted: with 3/4 of a promoter, 3/4 of a
    detractor and 3/2 of a passive added."""
    scores = nps_scores(ratings)
    weights = np.ones(len(scores))
    if adjusted:
        scores = np.concatenate([scores, [1.0, -1.0, 0.0]])
        weights = np.concatenate([weights, [0.75, 0.75, 1.5]])
    n = weights.sum()
    mean = np.average(scores, weights=weights)
    return 100 * mean, 100 * math.sqrt(np.average((scores - mean) ** 2, weights=weights) / n)


def nps_test_columns(difference, sa, sb, z):
    """z, p and the interval of a difference; none when a side is unanimous
    (a standard error of 0 under Wald: its NPS is not known exactly)."""
    if not (sa > 0 and sb > 0):
        return [None] * 4
    se = math.hypot(sa, sb)
    return [difference / se, 2 * stats.norm.sf(abs(difference / se)),
            max(-200, difference - z * se), min(200, difference + z * se)]


def check_nps():
    cases = []
    for _ in range(150):
        sizes = rng.choice([1, 5, 30, 500, 5000], 2)
        cases.append((rng.integers(0, 11, sizes[0]), np.clip(rng.integers(0, 11, sizes[1]) + rng.integers(-2, 3), 0, 10)))
    cases.append((np.array([10] * 5), np.array([0] * 5)))
    values = ",".join("(%d, %s, %s)" % (i, sql_literal(rating_text(a)), sql_literal(rating_text(b))) for i, (a, b) in enumerate(cases))
    check = Checker()
    z = stats.norm.ppf((1 + LEVEL) / 2)
    for method in ("wald", "adjusted_wald"):
        rows = sql_rows("SELECT v.i, c.* FROM (VALUES %s) AS v(i, a, b), nps_compare(a::rating_state, b::rating_state, 0.95, '%s') AS c ORDER BY v.i;"
                        % (values, method))
        for row in rows:
            a, b = cases[int(row[0])]
            ca, sa = nps_reference(a, method != "wald")
            cb, sb = nps_reference(b, method != "wald")
            se = math.hypot(sa, sb)
            observed = nps_reference(a, False)[0] - nps_reference(b, False)[0]
            reference = [observed, se] + nps_test_columns(ca - cb, sa, sb, z)
            for name, ours, ref in zip(["difference", "stderr", "z", "p_value", "lower", "upper"], row[1:], reference):
                check.value("%s %s" % (method, name), ours, ref, "case %s" % row[0])
    check.report("nps_compare, wald and adjusted_wald: against -1/0/1 scores in NumPy, normal tails from SciPy")

    # one sample against a benchmark, every alternative
    targets = [float(t) for t in rng.uniform(-60, 80, len(cases))]
    check = Checker()
    for method in ("wald", "adjusted_wald"):
        for alternative in ("two_sided", "greater", "less"):
            rows = sql_rows("SELECT v.i, c.* FROM (VALUES %s) AS v(i, a, b, t), nps_test(a::rating_state, t, '%s', %r, '%s') AS c ORDER BY v.i;"
                            % (",".join("(%d, %s, NULL, %r)" % (i, sql_literal(rating_text(a)), targets[i]) for i, (a, b) in enumerate(cases)),
                               alternative, LEVEL, method))
            for row in rows:
                i = int(row[0])
                a = cases[i][0]
                center, se = nps_reference(a, method != "wald")
                zz = (center - targets[i]) / se if se > 0 else None
                if zz is None:
                    p = None
                elif alternative == "greater":
                    p = stats.norm.sf(zz)
                elif alternative == "less":
                    p = stats.norm.cdf(zz)
                else:
                    p = 2 * stats.norm.sf(abs(zz))
                one = stats.norm.ppf(LEVEL)
                two = stats.norm.ppf((1 + LEVEL) / 2)
                lower = -100.0 if alternative == "less" else max(-100, center - (two if alternative == "two_sided" else one) * se)
                upper = 100.0 if alternative == "greater" else min(100, center + (two if alternative == "two_sided" else one) * se)
                reference = [nps_reference(a, False)[0], se, zz, p, lower, upper]
                for name, ours, ref in zip(["estimate", "stderr", "z", "p_value", "lower", "upper"], row[1:], reference):
                    check.value("%s %s %s" % (method, alternative, name), ours, ref, "case %d" % i)
    check.report("nps_test, both methods, every alternative: against NumPy and SciPy's normal distribution")


# ---- one-sample rates ------------------------------------------------------------

def check_proportion_test():
    cases = [(682, 925, 0.75), (19, 20, 0.8), (0, 20, 0.1), (20, 20, 0.9), (1, 1, 0.5), (3, 10, 0.0), (3, 10, 1.0)]
    for _ in range(200):
        n = int(rng.choice([1, 3, 10, 50, 200, 5000, 10 ** 6]))
        p = float(rng.uniform(0.01, 0.99))
        target = float(np.clip(p + rng.normal(0, 0.05), 0, 1)) if rng.uniform() < 0.8 else float(rng.uniform())
        cases.append((int(rng.binomial(n, p)), n, target))
    values = ",".join("(%d, %s, %r)" % (i, sql_literal(proportion_text(x, n)), t) for i, (x, n, t) in enumerate(cases))
    check = Checker()
    for alternative in ("two_sided", "greater", "less"):
        rows = sql_rows("SELECT v.i, c.* FROM (VALUES %s) AS v(i, s, t), proportion_test(s::proportion_state, t, '%s') AS c ORDER BY v.i;"
                        % (values, alternative))
        for row in rows:
            x, n, target = cases[int(row[0])]
            greater = stats.binom.sf(x - 1, n, target)
            less = stats.binom.cdf(x, n, target)
            p = {"greater": greater, "less": less, "two_sided": min(1.0, 2 * min(greater, less))}[alternative]
            scipy_alternative = alternative.replace("_", "-")
            ci = stats.binomtest(x, n, min(max(target, 1e-12), 1 - 1e-12), alternative=scipy_alternative).proportion_ci(LEVEL, "exact")
            reference = [x / n, p, ci.low, ci.high]
            for name, ours, ref in zip(["estimate", "p_value", "lower", "upper"], row[1:], reference):
                check.value("%s %s" % (alternative, name), ours, ref, cases[int(row[0])])
    check.report("proportion_test, every alternative: scipy binom tails and binomtest's exact (Clopper-Pearson) interval")


# ---- durations ---------------------------------------------------------------------

def random_durations(size, scale_seconds, zeros=0.0):
    """Whole microseconds, lognormal, with a share of exact zeros."""
    seconds = rng.lognormal(math.log(scale_seconds), 1.0, size)
    us = np.round(seconds * 1e6).astype(np.int64)
    us[rng.uniform(size=size) < zeros] = 0
    return us


class Durations:
    """Duration states of raw microseconds, built once in a temporary table."""

    def __init__(self):
        self.rows = []

    def add(self, name, us, accuracy=None):
        values = ",".join(repr(v / 1e6) for v in us.tolist())
        extra = "" if accuracy is None else ", %r" % accuracy
        self.rows.append("INSERT INTO stat_durations SELECT %s, duration_agg(x%s) FROM unnest('{%s}'::float8[]) AS x;"
                         % (sql_literal(name), extra, values))
        return "(SELECT s FROM stat_durations WHERE name = %s)" % sql_literal(name)

    def setup(self):
        return "\n".join(["CREATE TEMP TABLE stat_durations (name text, s duration_state);"] + self.rows)


def histogram_query(state):
    return "SELECT * FROM duration_histogram_seconds(%s)" % state


def histogram(rows):
    """Bins (lower, upper] in seconds with counts, one per bucket."""
    return [(float(r[0]), float(r[1]), int(r[2])) for r in rows]


def rank_range(bins, rank, smallest, largest):
    """The shortest and longest duration the value at rank can be."""
    if rank <= 1:
        return smallest, smallest
    if rank >= sum(c for _, _, c in bins):
        return largest, largest
    cumulative = 0
    for low, high, count in bins:
        cumulative += count
        if cumulative >= rank:
            if high == 0:
                return 0.0, 0.0
            return max(low + 1e-6, smallest), min(high, largest)
    raise AssertionError("rank beyond the histogram")


def quantile_limits(us, bins, q, alpha_lower, alpha_upper):
    """The quantile's distribution-free limits (lower 0 / upper None when
    unbounded), and whether they contain the raw order statistics."""
    n = len(us)
    ks = np.arange(-1, n)
    lower_rank = int(ks[stats.binom.cdf(ks, n, q) <= alpha_lower].max()) + 1 if alpha_lower > 0 else 0
    ranks = np.arange(1, n + 2)
    upper_rank = int(ranks[stats.binom.sf(ranks - 1, n, q) <= alpha_upper].min()) if alpha_upper > 0 else n + 1
    smallest, largest = us.min() / 1e6, us.max() / 1e6
    lower = rank_range(bins, lower_rank, smallest, largest)[0] if lower_rank >= 1 else 0.0
    upper = rank_range(bins, upper_rank, smallest, largest)[1] if upper_rank <= n else None
    ordered = np.sort(us) / 1e6
    contains = ((lower_rank < 1 or lower <= ordered[lower_rank - 1]) and
                (upper_rank > n or ordered[upper_rank - 1] <= upper))
    return lower, upper, contains


def check_duration_quantiles():
    durations = Durations()
    cases = []
    for i in range(40):
        a = random_durations(int(rng.choice([1, 5, 12, 60, 400])), 3600, zeros=0.1 if i % 4 == 0 else 0.0)
        b = random_durations(int(rng.choice([1, 5, 12, 60, 400])), 3600 * rng.uniform(0.5, 2))
        q = float(rng.choice([0.5, 0.8, 0.9, 0.95]))
        cases.append((a, b, q, durations.add("a%d" % i, a), durations.add("b%d" % i, b)))
    batch = Batch(durations.setup())
    for i, (a, b, q, sa, sb) in enumerate(cases):
        batch.add("c%d" % i, "SELECT c.*, duration_quantile_seconds(%s, %r), duration_quantile_seconds(%s, %r) "
                  "FROM duration_quantile_compare_seconds(%s, %s, %r) AS c" % (sa, q, sb, q, sa, sb, q))
        batch.add("ha%d" % i, histogram_query(sa))
        batch.add("hb%d" % i, histogram_query(sb))
    result = batch.run()
    check = Checker()
    alpha = (1 - LEVEL) / 2
    for i, (a, b, q, _, _) in enumerate(cases):
        row = result["c%d" % i][0]
        la, ua, ca = quantile_limits(a, histogram(result["ha%d" % i]), q, alpha, alpha)
        lb, ub, cb = quantile_limits(b, histogram(result["hb%d" % i]), q, alpha, alpha)
        qa, qb = float(row[5]), float(row[6])
        d = qa - qb
        lower = d - math.hypot(qa - la, ub - qb) if ub is not None else None
        upper = d + math.hypot(ua - qa, qb - lb) if ua is not None else None
        for name, ours, ref in zip(["quantile_a", "quantile_b", "difference", "lower", "upper"], row[:5],
                                   [qa, qb, d, lower, upper]):
            check.value(name, ours, ref, "case %d" % i)
        check.condition("limits contain the order statistics", ca and cb, "case %d" % i)
    check.report("duration_quantile_compare: order-statistic ranks from scipy.stats.binom, bucket edges, MOVER (%d cases)"
                 % len(cases))


def bucket_ids(us, bins):
    """The bucket of each duration: the histogram bin holding it (zero: its own)."""
    uppers = np.array([high for _, high, _ in bins])
    return np.searchsorted(uppers, us / 1e6 - 1e-7, side="left")


def delong_interval(x, y):
    """theta and its logit-scale interval with DeLong's variance, from midranks."""
    na, nb = len(x), len(y)
    pooled = stats.rankdata(np.concatenate([x, y]))
    place_a = (pooled[:na] - stats.rankdata(x)) / nb
    place_b = 1 - (pooled[na:] - stats.rankdata(y)) / na
    theta = place_a.mean()
    if na < 2 or nb < 2 or theta in (0.0, 1.0):
        return theta, None, None
    var = place_a.var(ddof=1) / na + place_b.var(ddof=1) / nb
    if not var > 0:
        return theta, None, None
    logit = math.log(theta / (1 - theta))
    margin = stats.norm.ppf((1 + LEVEL) / 2) * math.sqrt(var) / (theta * (1 - theta))
    return theta, 1 / (1 + math.exp(-(logit - margin))), 1 / (1 + math.exp(-(logit + margin)))


def check_mann_whitney():
    durations = Durations()
    cases = []
    for i in range(40):
        accuracy = float(rng.choice([0.01, 0.05, 0.2]))
        a = random_durations(int(rng.choice([1, 3, 20, 150, 1000])), 3600, zeros=0.2 if i % 5 == 0 else 0.0)
        b = random_durations(int(rng.choice([2, 20, 150, 1000])), 3600 * rng.uniform(0.6, 1.6),
                             zeros=0.1 if i % 5 == 0 else 0.0)
        cases.append((a, b, durations.add("a%d" % i, a, accuracy), durations.add("b%d" % i, b, accuracy)))
    batch = Batch(durations.setup())
    for i, (_, _, sa, sb) in enumerate(cases):
        batch.add("c%d" % i, "SELECT * FROM duration_compare(%s, %s)" % (sa, sb))
        batch.add("h%d" % i, histogram_query("%s + %s" % (sa, sb)))
    result = batch.run()
    check = Checker()
    for i, (a, b, _, _) in enumerate(cases):
        row = [number_of(v) for v in result["c%d" % i][0]]
        bins = histogram(result["h%d" % i])
        ba, bb = bucket_ids(a, bins), bucket_ids(b, bins)
        mw = stats.mannwhitneyu(ba, bb, use_continuity=False, alternative="two-sided", method="asymptotic")
        theta, lower, upper = delong_interval(ba, bb)
        single_bucket = len(np.unique(np.concatenate([ba, bb]))) == 1
        check.value("U", row[1], float(mw.statistic), "case %d" % i)
        check.value("probability_longer", row[0], theta, "case %d" % i)
        check.value("p_value", row[3], None if single_bucket else float(mw.pvalue), "case %d" % i)
        check.value("lower", row[4], lower, "case %d" % i)
        check.value("upper", row[5], upper, "case %d" % i)
        exact = stats.mannwhitneyu(a, b, method="asymptotic").statistic / (len(a) * len(b))
        check.condition("exact theta within resolution_error", abs(exact - row[0]) <= row[6] + 1e-12,
                        "case %d: exact %r, ours %r, bound %r" % (i, exact, row[0], row[6]))
    check.report("duration_compare: U and p against scipy mannwhitneyu on the buckets, DeLong from midranks, "
                 "the raw U within the bound (%d cases)" % len(cases))


def check_duration_quantile_test():
    durations = Durations()
    cases = []
    for i in range(40):
        us = random_durations(int(rng.choice([1, 10, 80, 600])), 3600)
        q = float(rng.choice([0.5, 0.8, 0.9]))
        target = float(np.quantile(us, q) / 1e6 * rng.uniform(0.7, 1.4))
        cases.append((us, q, target, durations.add("d%d" % i, us)))
    alternatives = ("two_sided", "greater", "less")
    batch = Batch(durations.setup())
    for i, (_, q, target, state) in enumerate(cases):
        batch.add("h%d" % i, histogram_query(state))
        batch.add("b%d" % i, "SELECT * FROM duration_sla_bounds_seconds(%s, %r)" % (state, target))
        for alternative in alternatives:
            batch.add("t%d %s" % (i, alternative), "SELECT * FROM duration_quantile_test_seconds(%s, %r, %r, '%s')"
                      % (state, q, target, alternative))
    result = batch.run()
    check = Checker()
    alpha = 1 - LEVEL
    for i, (us, q, target, _) in enumerate(cases):
        n = len(us)
        bounds = result["b%d" % i][0]
        k_lower, k_upper = round(float(bounds[0]) * n), round(float(bounds[1]) * n)
        k_exact = int((us <= round(target * 1e6)).sum())
        check.condition("exact count within the bounds", k_lower <= k_exact <= k_upper, "case %d" % i)
        bins = histogram(result["h%d" % i])
        for alternative in alternatives:
            row = result["t%d %s" % (i, alternative)][0]
            greater = stats.binom.cdf(k_upper, n, q)
            less = stats.binom.sf(k_lower - 1, n, q)
            p = {"greater": greater, "less": less, "two_sided": min(1.0, 2 * min(greater, less))}[alternative]
            below = alpha / 2 if alternative == "two_sided" else alpha if alternative == "greater" else 0.0
            above = alpha / 2 if alternative == "two_sided" else alpha if alternative == "less" else 0.0
            lower, upper, contains = quantile_limits(us, bins, q, below, above)
            where = "case %d %s" % (i, alternative)
            check.value("p_value", row[2], p, where)
            check.value("lower", row[3], lower, where)
            check.value("upper", row[4], upper, where)
            check.condition("limits contain the order statistics", contains, where)
            exact_p = {"greater": stats.binom.cdf(k_exact, n, q), "less": stats.binom.sf(k_exact - 1, n, q)}.get(alternative)
            if exact_p is not None:
                check.condition("conservative p", float(row[2]) >= exact_p - 1e-12, where)
    check.report("duration_quantile_test: binomial tails at the bucket bounds, conservative against the exact count "
                 "(%d cases)" % len(cases))


# ---- many groups --------------------------------------------------------------------

def multiple_tests(p_values, method):
    """statsmodels' adjusted p-values.  Its 'holm' runs a full garbage
    collection on every call (0.4 s here), which is switched off meanwhile."""
    collect = gc.collect
    gc.collect = lambda *args: 0
    try:
        return multipletests(p_values, method=method)[1]
    finally:
        gc.collect = collect


def adjusted(p_values, method):
    """statsmodels' adjusted p-values over the non-missing ones."""
    present = [i for i, p in enumerate(p_values) if p is not None]
    result = [None] * len(p_values)
    if present:
        adj = multiple_tests([p_values[i] for i in present], method)
        for i, v in zip(present, adj):
            result[i] = float(v)
    return result


def check_p_adjust():
    cases = []
    for i in range(100):
        size = int(rng.choice([1, 2, 5, 15, 60]))
        p = rng.uniform(0, 1, size) ** rng.choice([1, 4])
        if i % 4 == 0:
            p[rng.integers(0, size)] = p[0]  # ties
        cases.append(p)
    methods = (("holm", "holm"), ("bh", "fdr_bh"), ("bonferroni", "bonferroni"))
    batch = Batch()
    for i, p in enumerate(cases):
        literal = "'{%s}'::float8[]" % ",".join(repr(float(v)) for v in p)
        for ours, _ in methods:
            batch.add("%d %s" % (i, ours), "SELECT unnest(p_adjust(%s, '%s'))" % (literal, ours))
    result = batch.run()
    check = Checker()
    for i, p in enumerate(cases):
        for ours, reference in methods:
            rows = result["%d %s" % (i, ours)]
            check.condition("one p-value per input", len(rows) == len(p), "case %d" % i)
            for row, ref in zip(rows, multiple_tests(p, reference)):
                check.value(ours, row[0], float(ref), "case %d" % i)
    check.report("p_adjust: holm, bh, bonferroni against statsmodels multipletests (%d arrays)" % len(cases))


def group_rates(k):
    n = rng.choice([0, 1, 10, 100, 2000], k, p=[0.05, 0.05, 0.3, 0.4, 0.2])
    p = rng.uniform(0.05, 0.5) + rng.normal(0, 0.05, k)
    return [(int(rng.binomial(int(ni), float(np.clip(pi, 0, 1)))), int(ni)) for ni, pi in zip(n, p)]


def check_family(check, name, rows, references, p_index, leading):
    """Rows of a *_pairwise or *_vs_rest call against the references, with
    the family's Holm and BH adjusted p-values inserted after the p-value;
    leading: the columns before the comparison's."""
    p_values = [r[p_index] if r[p_index] is not None and math.isfinite(r[p_index]) else None for r in references]
    check.condition("%s: one row per comparison" % name, len(rows) == len(references), name)
    for row, reference, holm, bh in zip(rows, references, adjusted(p_values, "holm"), adjusted(p_values, "fdr_bh")):
        expected = reference[:p_index + 1] + [holm, bh] + reference[p_index + 1:]
        for column, (ours, ref) in enumerate(zip(row[leading:], expected)):
            check.value("%s column %d" % (name, leading + column + 1), ours, ref, name)


def check_proportion_groups():
    cases = []
    batch = Batch()
    for i in range(40):
        groups = group_rates(int(rng.choice([1, 2, 3, 6])))
        states = "ARRAY[%s]::proportion_state[]" % ",".join(sql_literal(proportion_text(x, n)) for x, n in groups)
        labels = "ARRAY[%s]" % ",".join("'g%d'" % j for j in range(len(groups)))
        batch.add("h%d" % i, "SELECT * FROM proportion_homogeneity(%s)" % states)
        batch.add("p%d" % i, "SELECT * FROM proportion_pairwise(%s, %s)" % (labels, states))
        batch.add("r%d" % i, "SELECT * FROM proportion_vs_rest(%s, %s)" % (labels, states))
        cases.append(groups)
    result = batch.run()
    check = Checker()
    for i, groups in enumerate(cases):
        row = result["h%d" % i][0]
        used = [(x, n) for x, n in groups if n > 0]
        table = np.array([[x, n - x] for x, n in used], dtype=float).reshape(-1, 2)
        if len(used) >= 2 and (table.sum(axis=0) > 0).all():
            chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
            check.value("homogeneity chi-square", row[1], chi2, "case %d" % i)
            check.value("homogeneity p", row[3], p, "case %d" % i)
            check.condition("homogeneity df", int(row[2]) == dof, "case %d" % i)
        else:
            check.condition("no homogeneity test", row[1] is None and row[3] is None, "case %d" % i)
        k = len(groups)
        pairs = [(a, b) for a in range(k) for b in range(a + 1, k)]
        rows = result.get("p%d" % i, [])
        check.condition("pairs in order", [(r[0], r[1]) for r in rows] == [("g%d" % a, "g%d" % b) for a, b in pairs],
                        "case %d" % i)
        references = [proportion_reference(*groups[a], *groups[b])[:5] if groups[a][1] and groups[b][1] else [None] * 5
                      for a, b in pairs]
        check_family(check, "pairwise case %d" % i, rows, references, 2, 2)
        references = []
        for j, (x, n) in enumerate(groups):
            rx = sum(g[0] for m, g in enumerate(groups) if m != j)
            rn = sum(g[1] for m, g in enumerate(groups) if m != j)
            estimates = [x / n if n else None, rx / rn if rn else None]
            references.append(estimates + (proportion_reference(x, n, rx, rn)[:5] if n and rn else [None] * 5))
        check_family(check, "vs_rest case %d" % i, result["r%d" % i], references, 4, 1)
    check.report("proportion_homogeneity, _pairwise, _vs_rest: chi2_contingency, statsmodels, multipletests (%d cases)"
                 % len(cases))


EXACT_MAX_SIDE = 200
# below it the gamma form loses z in x = a + z sqrt(a): the normal tails
PEARSON3_MIN_SKEWNESS = 1e-6


def exact_tails(whole, side):
    """P(S <= s) and P(S >= s) for S the sum of len(side) ratings drawn
    without replacement from whole, s that of side: rating by rating, how
    many of the draws left take it is hypergeometric among the responses
    not yet taken (another factorisation than the C code's)."""
    m = len(side)
    counts = np.bincount(whole.astype(int), minlength=11)
    left_in_whole = len(whole)
    # left[u]: the chances, by sum so far, of u draws still to make
    left = {m: np.zeros(10 * m + 1)}
    left[m][0] = 1.0
    for rating, count in enumerate(counts):
        if count == 0:
            continue
        following = {}
        for u, sums in left.items():
            ts = np.arange(0, min(u, count) + 1)
            chances = stats.hypergeom.pmf(ts, left_in_whole, count, u)
            for t, chance in zip(ts, chances):
                if chance > 0:
                    moved = following.setdefault(u - t, np.zeros(10 * m + 1))
                    moved[rating * t:] += chance * sums[:len(sums) - rating * t]
        left = following
        left_in_whole -= count
    sums = left[0]
    s = int(round(side.sum()))
    return math.fsum(sums[:s + 1]), math.fsum(sums[s:])


def vs_rest_reference(r, w, rest, rest_w):
    """rating_mean_vs_rest's columns for ratings r against the rest, from the
    whole (r and rest concatenated) as a permutation would see it."""
    m1, v1, n1 = weighted_moments(r, w)
    m2, v2, n2 = weighted_moments(rest, rest_w)
    n = n1 + n2
    d = m1 - m2
    if w is None:
        whole = np.concatenate([r, rest])
        s2 = whole.var(ddof=1) if n > 1 else math.nan
        mu3 = stats.moment(whole, 3)
    else:
        mu = (n1 * m1 + n2 * m2) / n
        central = [np.average((x - mu) ** 3, weights=wx) for x, wx in ((r, w), (rest, rest_w))]
        # each side's own third moment about the whole's mean, in the sides' effective sizes
        mu3 = (n1 * central[0] + n2 * central[1]) / n
        second = [np.average((x - mu) ** 2, weights=wx) for x, wx in ((r, w), (rest, rest_w))]
        s2 = (n1 * second[0] + n2 * second[1]) / (n - 1) if n > 1 else math.nan
    se = math.sqrt(s2 * (1 / n1 + 1 / n2)) if n > 1 else math.nan
    if not (n > 2 and s2 > 0):
        return [d, se, None, None, None, None, None]
    z = d / se
    kappa2 = n1 * n2 * s2 / n
    # kappa2 ** 1.5 underflows for weights some 1e300 apart: no skewness
    g = n1 * mu3 * (n - n1) * (n - 2 * n1) / ((n - 1) * (n - 2)) / kappa2 ** 1.5 if kappa2 ** 1.5 > 0 else math.inf
    if not math.isfinite(g):
        g = None
    if g is None:
        below, above = math.nan, math.nan
    elif abs(g) < PEARSON3_MIN_SKEWNESS:
        below, above = stats.norm.cdf(z), stats.norm.sf(z)
    else:
        a = 4 / g ** 2
        x = a + math.copysign(1, g) * z * math.sqrt(a)
        below, above = (0.0, 1.0) if x <= 0 else (special.gammainc(a, x), special.gammaincc(a, x))
        if g < 0:
            below, above = above, below
    # a side all at the whole's top or bottom rating: the largest (smallest)
    # difference, whose chance (all m of a side among the k at that rating:
    # SciPy's hypergeometric, or for weighted states the middle factor of
    # its product to the m-th power) half bounds its tail, the other being 1
    whole = np.concatenate([r, rest])
    top, bottom = whole.max(), whole.min()

    def effective(values, weights, n_side, rating):
        weights = np.ones(len(values)) if weights is None else weights
        return n_side * math.fsum(weights[values == rating]) / math.fsum(weights)

    def half_atom(values, n_side, rating):
        if not (values == rating).all():
            return 0.0
        k = effective(r, w, n1, rating) + effective(rest, rest_w, n2, rating)
        if w is None and min(n_side, n - k) <= 10000:
            return 0.5 * stats.hypergeom.pmf(n_side, n, k, n_side)
        return 0.5 * math.exp(n_side * math.log1p(-(n - k) / (n - (n_side - 1) / 2)))
    highest = max(half_atom(r, n1, top), half_atom(rest, n2, bottom))
    lowest = max(half_atom(r, n1, bottom), half_atom(rest, n2, top))
    if g is not None and highest > 0:
        below, above = 1.0, max(above, highest)
    if g is not None and lowest > 0:
        below, above = max(below, lowest), 1.0
    if w is None and min(n1, n2, n - max(np.bincount(whole.astype(int)))) <= EXACT_MAX_SIDE:
        # exact when at most EXACT_MAX_SIDE of the smaller side can be other
        # than the whole's most common rating; the group's mean falls as the
        # rest's sum rises
        if n1 <= n2:
            below, above = exact_tails(whole, r)
        else:
            above, below = exact_tails(whole, rest)
    p = None if math.isnan(below) else min(1.0, 2 * min(below, above))
    c = stats.norm.isf((1 - LEVEL) / 2)
    within = (n1 - 1) * v1 + (n2 - 1) * v2 if n1 > 1 and n2 > 1 else None
    if within is None:
        within = sum(nx * np.average((x - mx) ** 2, weights=wx) for x, wx, mx, nx in ((r, w, m1, n1), (rest, rest_w, m2, n2)))
    if n - 1 > c * c and within > 0:
        margin = c * math.sqrt((1 / n1 + 1 / n2) * within / (n - 1 - c * c))
        return [d, se, z, g, p, d - margin, d + margin]
    return [d, se, z, g, p, None, None]


def check_rating_groups():
    cases = []
    batch = Batch()
    # after the random cases, groups whose ratings are all at an end of the
    # scale, against a top-heavy or a nearly flat rest (weighted too)
    top_heavy = np.array([10] * 90 + list(range(10)))
    ends_rng = np.random.default_rng(20261207)
    ends = [[np.full(30, 10), top_heavy], [np.full(5, 10), np.array([10] * 999 + [5])],
            [np.zeros(3, int), top_heavy, np.full(10, 10)], [np.array([10, 10, 10]), np.array([3, 3, 3, 3])],
            # just short of the top: exact for a side up to 200, the curve beyond
            [np.array([10] * 29 + [9]), top_heavy], [np.array([10] * 299 + [9]), np.array([10] * 900 + list(range(10)) * 10)]]
    for i in range(40 + 2 * len(ends)):
        if i < 40:
            k = int(rng.choice([1, 2, 3, 5]))
            weighted = i % 4 == 0
            groups = []
            for _ in range(k):
                ratings = np.clip(rng.integers(0, 11, int(rng.choice([2, 8, 60, 700]))) + rng.integers(-2, 3), 0, 10)
                groups.append((ratings, random_weights(len(ratings)) if weighted else None))
        else:
            # weights of their own, so that the later checks draw as before
            drawn = ends[(i - 40) // 2]
            k = len(drawn)
            groups = [(r, ends_rng.uniform(0.2, 5, len(r)) if i % 2 else None) for r in drawn]
        states = "ARRAY[%s]::rating_state[]" % ",".join(sql_literal(rating_text(r, w)) for r, w in groups)
        labels = "ARRAY[%s]" % ",".join("'g%d'" % j for j in range(k))
        batch.add("m%d" % i, "SELECT * FROM nps_mix_homogeneity(%s)" % states)
        batch.add("q%d" % i, "SELECT * FROM rating_mean_heterogeneity(%s)" % states)
        batch.add("p%d" % i, "SELECT * FROM rating_mean_pairwise(%s, %s)" % (labels, states))
        batch.add("r%d" % i, "SELECT * FROM rating_mean_vs_rest(%s, %s)" % (labels, states))
        cases.append(groups)
    result = batch.run()
    check = Checker()
    for i, groups in enumerate(cases):
        k = len(groups)
        table = []
        for r, w in groups:
            w = np.ones(len(r)) if w is None else w
            n = kish(w)
            total = math.fsum(w)
            table.append([math.fsum(w[r >= 9]) / total * n, math.fsum(w[(r >= 7) & (r <= 8)]) / total * n,
                          math.fsum(w[r <= 6]) / total * n])
        table = np.array(table)
        table = table[:, table.sum(axis=0) > 0]
        row = result["m%d" % i][0]
        if k >= 2 and table.shape[1] >= 2:
            chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
            check.value("mix chi-square", row[1], chi2, "case %d" % i)
            check.value("mix p", row[3], p, "case %d" % i)
            check.condition("mix df", int(row[2]) == dof, "case %d" % i)
        else:
            check.condition("no mix test", row[1] is None, "case %d" % i)
        moments = [weighted_moments(r.astype(float), w) for r, w in groups]
        row = result["q%d" % i][0]
        if k >= 2 and all(v > 0 for _, v, _ in moments):
            combined = combine_effects(np.array([m for m, _, _ in moments]), np.array([v / n for _, v, n in moments]))
            check.value("means Q", row[2], combined.q, "case %d" % i)
            check.value("means pooled", row[1], combined.mean_effect_fe, "case %d" % i)
            check.value("means I^2", row[5], 100 * max(0.0, combined.i2), "case %d" % i)
            check.value("means p", row[4], stats.chi2.sf(combined.q, k - 1), "case %d" % i)
        else:
            check.condition("no Q", row[2] is None, "case %d" % i)
        pairs = [(a, b) for a in range(k) for b in range(a + 1, k)]
        references = [welch_reference(groups[a][0].astype(float), groups[a][1], groups[b][0].astype(float), groups[b][1])
                      for a, b in pairs]
        check_family(check, "means pairwise case %d" % i, result.get("p%d" % i, []), references, 4, 2)
        references = []
        for j, (r, w) in enumerate(groups):
            others = [(g.astype(float), gw) for m, (g, gw) in enumerate(groups) if m != j]
            mean = np.average(r, weights=w)
            if others:
                rest = np.concatenate([g for g, _ in others])
                rest_w = None if w is None else np.concatenate([gw for _, gw in others])
                references.append([mean, np.average(rest, weights=rest_w)]
                                  + vs_rest_reference(r.astype(float), w, rest, rest_w))
            else:
                references.append([mean, None] + [None] * 7)
        check_family(check, "means vs_rest case %d" % i, result["r%d" % i], references, 6, 1)
    check.report("nps_mix_homogeneity, rating_mean_heterogeneity, _pairwise, _vs_rest: chi2_contingency, "
                 "combine_effects, Welch, permutation moments, multipletests (%d cases)" % len(cases))


def check_rating_vs_rest_curve():
    """rating_mean_vs_rest where the Pearson curve decides, against SciPy's
    pearson3 at the skewness reported (itself the normal below a skewness
    of 1.6e-5): symmetric wholes whose skewness is a rounding residue,
    which once gave p = 1 whatever z, and skewed weighted ones.  Relative
    to p, as these p are small."""
    cases = ["'v1 4:100 6:200','v1 4:400 6:300'", "'v1 1:120 5:181','v1 1:480 5:419'",
             "'v1 0:140 10:161','v1 0:560 10:539'",
             "'v1 weighted sumsq=30 4:10:10 6:20:20','v1 weighted sumsq=70 4:40:40 6:30:30'",
             "'v1 weighted sumsq=9 2:1:1 9:8:8','v1 weighted sumsq=160 2:30:30 9:50:50 10:20:20'",
             "'v1 weighted sumsq=12 0:3:3 10:9:9','v1 weighted sumsq=100 3:10:10 10:90:90'"]
    batch = Batch()
    for i, case in enumerate(cases):
        batch.add("c%d" % i, "SELECT z, skewness, p_value FROM rating_mean_vs_rest('{g,rest}', ARRAY[%s]::rating_state[])"
                  % case)
    result = batch.run()
    check = Checker()
    for i in range(len(cases)):
        for row in result["c%d" % i]:
            z, g, p = (float(v) for v in row)
            # SciPy 1.10's pearson3.sf is 1e-5 off at 5e-12; -Z has skewness -g
            reference = min(1.0, 2 * min(stats.pearson3.cdf(z, g), stats.pearson3.cdf(-z, -g)))
            check.condition("p relative to pearson3", abs(p - reference) <= 1e-9 * reference,
                            "case %d: ours %r, reference %r" % (i, p, reference))
    # the weighted cases of statistics_groups.sql and statistics_flat_side.sql
    # (rating, count, weight of each response), against vs_rest_reference:
    # a flat side at an end of the scale, the curve mirrored for a negative
    # skewness, and skewed with weights other than 1
    weighted = [([(10, 5, 1.0)], [(5, 1, 1.0), (10, 9999, 1.0)]), ([(0, 5, 1.0)], [(0, 9999, 1.0), (5, 1, 1.0)]),
                ([(10, 5, 1.5)], [(5, 1, 2.0), (10, 9999, 1.0)]),
                ([(9, 1, 2.0), (10, 29, 1.0)], [(r, 3, 1.0) for r in range(10)] + [(10, 240, 2.0)])]

    def expanded(entries):
        return (np.array([r for r, c, _ in entries for _ in range(c)], float),
                np.array([w for _, c, w in entries for _ in range(c)]))

    def weighted_text(entries):
        return "v1 weighted sumsq=%r %s" % (math.fsum(c * w * w for _, c, w in entries),
                                            " ".join("%d:%d:%r" % (r, c, c * w) for r, c, w in sorted(entries)))
    batch = Batch()
    for i, (group, rest) in enumerate(weighted):
        batch.add("w%d" % i, "SELECT * FROM rating_mean_vs_rest('{g,rest}', ARRAY[%s, %s]::rating_state[])"
                  % (sql_literal(weighted_text(group)), sql_literal(weighted_text(rest))))
    result = batch.run()
    for i, (group, rest) in enumerate(weighted):
        (r, w), (o, ow) = expanded(group), expanded(rest)
        references = [[np.average(r, weights=w), np.average(o, weights=ow)] + vs_rest_reference(r, w, o, ow),
                      [np.average(o, weights=ow), np.average(r, weights=w)] + vs_rest_reference(o, ow, r, w)]
        check_family(check, "weighted case %d" % i, result["w%d" % i], references, 6, 1)
    # weights 1e300 apart: the skewness overflows, and with it p is NULL
    for row in sql_rows("SELECT z, skewness, p_value FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 weighted sumsq=3 "
                        "0:1:1e-300 10:3:3','v1 weighted sumsq=2 0:1:1e-300 10:2:2']::rating_state[])"):
        check.condition("skewness and p NULL", row[0] is not None and row[1] is None and row[2] is None, repr(row))
    check.report("rating_mean_vs_rest by the curve: p against scipy.stats.pearson3 (%d cases), "
                 "weighted regression cases against the reference, no skewness where it overflows" % len(cases))


def check_rating_vs_rest_flat():
    """rating_mean_vs_rest's exact p for wholes of two ratings, the smaller
    side past EXACT_MAX_SIDE but the rarer rating few: the count of the
    rarer rating on the smaller side is SciPy's hypergeometric, or with
    10^18 responses (beyond SciPy) in exact fractions of binomials."""
    # (low rating, high rating, group's low and high counts, rest's)
    cases = [(0, 10, 3, 298, 1, 699), (0, 10, 2, 298, 1, 699), (0, 10, 5, 2995, 10, 6990),
             (3, 4, 150, 1000, 40, 3000), (1, 5, 600, 20, 1400, 60), (0, 10, 1, 2999, 0, 7000),
             (0, 10, 5, 100, 15, 10 ** 18), (0, 10, 1, 104, 19, 10 ** 18)]
    batch = Batch()
    for i, (lo, hi, g_lo, g_hi, r_lo, r_hi) in enumerate(cases):
        batch.add("f%d" % i, "SELECT label, p_value FROM rating_mean_vs_rest('{g,rest}', ARRAY['v1 %d:%d %d:%d', "
                  "'v1 %d:%d %d:%d']::rating_state[])" % (lo, g_lo, hi, g_hi, lo, r_lo, hi, r_hi))
    result = batch.run()
    check = Checker()
    for i, (lo, hi, g_lo, g_hi, r_lo, r_hi) in enumerate(cases):
        n, k, m = g_lo + g_hi + r_lo + r_hi, g_lo + r_lo, g_lo + g_hi
        # the group's mean falls as its count of the lower rating rises
        if n < 10 ** 9:
            below, above = stats.hypergeom.sf(g_lo - 1, n, k, m), stats.hypergeom.cdf(g_lo, n, k, m)
        else:
            chances = [Fraction(math.comb(k, t) * math.comb(n - k, m - t), math.comb(n, m)) for t in range(k + 1)]
            below, above = float(sum(chances[g_lo:])), float(sum(chances[:g_lo + 1]))
        reference = min(1.0, 2 * min(below, above))
        for label, p in result["f%d" % i]:
            # relative, some p being tiny
            check.condition("p", abs(float(p) - reference) <= 1e-9 * reference,
                            "case %d %s: ours %s, reference %r" % (i, label, p, reference))
    check.report("rating_mean_vs_rest, exact past %d on the smaller side where the whole is nearly flat: "
                 "scipy.stats.hypergeom (%d cases)" % (EXACT_MAX_SIDE, len(cases)))


def check_nps_groups():
    cases = []
    batch = Batch()
    for i in range(30):
        k = int(rng.choice([2, 3, 5]))
        groups = [np.clip(rng.integers(0, 11, int(rng.choice([5, 40, 400]))) + rng.integers(-3, 3), 0, 10) for _ in range(k)]
        states = "ARRAY[%s]::rating_state[]" % ",".join(sql_literal(rating_text(r)) for r in groups)
        labels = "ARRAY[%s]" % ",".join("'g%d'" % j for j in range(k))
        for method in ("wald", "adjusted_wald"):
            batch.add("q%d %s" % (i, method), "SELECT * FROM nps_heterogeneity(%s, '%s')" % (states, method))
            batch.add("p%d %s" % (i, method), "SELECT * FROM nps_pairwise(%s, %s, %r, '%s')" % (labels, states, LEVEL, method))
            batch.add("r%d %s" % (i, method), "SELECT * FROM nps_vs_rest(%s, %s, %r, '%s')" % (labels, states, LEVEL, method))
        cases.append(groups)
    result = batch.run()
    check = Checker()
    z = stats.norm.ppf((1 + LEVEL) / 2)

    def compared(a, b, method):
        ca, sa = nps_reference(a, method != "wald")
        cb, sb = nps_reference(b, method != "wald")
        return [nps_reference(a, False)[0] - nps_reference(b, False)[0], math.hypot(sa, sb)] + \
            nps_test_columns(ca - cb, sa, sb, z)

    for i, groups in enumerate(cases):
        k = len(groups)
        for method in ("wald", "adjusted_wald"):
            figures = [nps_reference(r, method != "wald") for r in groups]
            row = result["q%d %s" % (i, method)][0]
            if all(se > 0 for _, se in figures):
                combined = combine_effects(np.array([c for c, _ in figures]), np.array([se * se for _, se in figures]))
                check.value("%s Q" % method, row[2], combined.q, "case %d" % i)
                check.value("%s pooled" % method, row[1], combined.mean_effect_fe, "case %d" % i)
                check.value("%s I^2" % method, row[5], 100 * max(0.0, combined.i2), "case %d" % i)
                check.value("%s p" % method, row[4], stats.chi2.sf(combined.q, k - 1), "case %d" % i)
            else:
                check.condition("no Q with a zero standard error", row[2] is None, "case %d" % i)
            pairs = [(a, b) for a in range(k) for b in range(a + 1, k)]
            check_family(check, "%s pairwise case %d" % (method, i), result["p%d %s" % (i, method)],
                         [compared(groups[a], groups[b], method) for a, b in pairs], 3, 2)
            references = []
            for j in range(k):
                rest = np.concatenate([g for m, g in enumerate(groups) if m != j])
                references.append([nps_reference(groups[j], False)[0], nps_reference(rest, False)[0]] +
                                  compared(groups[j], rest, method))
            check_family(check, "%s vs_rest case %d" % (method, i), result["r%d %s" % (i, method)], references, 5, 1)
    check.report("nps_heterogeneity, nps_pairwise, nps_vs_rest (both methods): combine_effects, NumPy, multipletests "
                 "(%d cases)" % len(cases))


def main():
    check_proportions()
    check_csat()
    check_rating_means()
    check_rating_mean_ci()
    check_dimensions()
    check_nps()
    check_proportion_test()
    check_duration_quantiles()
    check_mann_whitney()
    check_duration_quantile_test()
    check_p_adjust()
    check_proportion_groups()
    check_rating_groups()
    check_rating_vs_rest_curve()
    check_rating_vs_rest_flat()
    check_nps_groups()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
