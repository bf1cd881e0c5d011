#!/usr/bin/python3
"""Check svcquality's monitoring functions against SciPy, statsmodels and NumPy.

Run with Debian's /usr/bin/python3 (NumPy, SciPy, statsmodels) against the
database psql connects to (PGHOST etc.), with the extension installed.

Data is generated with a fixed seed.  For each function the same figures are
computed here from the raw data:

  *_control_limits     the baseline's rate, NPS (mean of -1/0/1 scores) or
                       mean and standard deviation by NumPy (np.std of the
                       scores; Kish's n when weighted), normal tails by SciPy
  mann_kendall         S from scipy.stats.kendalltau (tau-b times its
                       denominator) and by a double loop, the tie-corrected
                       variance, Sen's slope, its interval and intercept by
                       scipy.stats.theilslopes (also for 2,000 and 3,000
                       points, where the extension selects slopes in
                       passes); Hamed and Rao's correction with ranks from
                       scipy.stats.rankdata and autocorrelations from
                       statsmodels' acf
  *_prior, *_ranking   the method-of-moments beta and Dirichlet priors in
                       NumPy, beta posterior quantiles by scipy.stats.beta,
                       normal ones by scipy.stats.norm, ranks by
                       scipy.stats.rankdata
  outcome_association  statsmodels Table2x2 (risk ratio, odds ratio and
                       their intervals; the table plus 0.5 when a cell is
                       0), confint_proportions_2indep (Newcombe),
                       scipy.stats.chi2_contingency with and without Yates,
                       Fisher's p summed from hypergeometric probabilities
                       (log-gamma, scipy.special) and by
                       scipy.stats.fisher_exact
  duration_outcome*    buckets by np.searchsorted, Wilson intervals by
                       statsmodels proportion_confint, the Cochran-Armitage
                       z from statsmodels' linear-by-linear test (z^2 =
                       M^2 N / (N - 1)); merged states equal the state of
                       all rows

Figures agree to 1e-9 (relative to max(1, |reference|)); a figure that does
not exist must be NULL here and None, NaN or infinite there.  Prints TAP
lines "ok N - ..." with the worst differences; exits 1 on any failure.
"""
import math
import sys
import warnings

import numpy as np
from scipy import special, stats
from statsmodels.stats.contingency_tables import Table, Table2x2
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint
from statsmodels.tsa.stattools import acf

import crosscheck
from crosscheck import Batch, Tap, number_of, proportion_text, rating_text, sql_literal

warnings.simplefilter("ignore")  # degenerate tables make statsmodels divide by zero
TOLERANCE = 1e-9
LEVEL = 0.95
Z = stats.norm.ppf(0.5 + LEVEL / 2)
rng = np.random.default_rng(20261215)
tap = Tap()


def Checker():
    return crosscheck.Checker(tap, TOLERANCE)


def array_literal(values, kind="float8"):
    return "ARRAY[%s]::%s[]" % (",".join("NULL" if v is None else repr(float(v)) for v in values), kind)


def states_literal(texts, kind):
    return "ARRAY[%s]::%s[]" % (",".join("NULL" if t is None else sql_literal(t) for t in texts), kind)


def kish(weights):
    return math.fsum(weights) ** 2 / math.fsum(weights * weights)


def nps_scores(ratings):
    return np.where(ratings >= 9, 1.0, np.where(ratings <= 6, -1.0, 0.0))


# ---- control limits ----------------------------------------------------------

CONTROL_COLUMNS = ["estimate", "center", "lower", "upper", "stderr", "z", "p_value"]


def control_reference(estimate, center, sd, n, sigmas, floor, ceiling):
    """estimate, center, lower, upper, stderr, z, p and the flag."""
    if n == 0 or estimate is None:
        return [None, center, None, None, None, None, None], None
    se = sd / math.sqrt(n)
    lower, upper = max(floor, center - sigmas * se), min(ceiling, center + sigmas * se)
    z = (estimate - center) / se if se > 0 else None
    p = 2 * stats.norm.sf(abs(z)) if z is not None else None
    return [estimate, center, lower, upper, se, z, p], estimate < lower or estimate > upper


def check_control_row(check, name, row, reference, flag, where):
    for column, ours, ref in zip(CONTROL_COLUMNS, row, reference):
        check.value("%s %s" % (name, column), ours, ref, where)
    ours_flag = None if row[7] is None else row[7] == "t"
    check.condition("%s out_of_control" % name, ours_flag == flag, (where, row[7], flag))


def check_control_limits():
    batch = Batch()
    cases = []
    for i in range(200):
        n0 = int(rng.choice([1, 10, 200, 5000]))
        p0 = float(rng.choice([0.0, 1.0, rng.uniform(0, 1), rng.uniform(0, 0.05)]))
        x0 = int(rng.binomial(n0, p0))
        n = int(rng.choice([0, 1, 4, 30, 300]))
        x = int(rng.binomial(n, min(1.0, max(0.0, p0 + rng.normal(0, 0.1)))))
        sigmas = float(rng.choice([3.0, 2.0, 1.5]))
        cases.append((x0, n0, x, n, sigmas))
        batch.add("p%d" % i, "SELECT * FROM proportion_control_limits(%s, %s, %r)"
                  % (sql_literal(proportion_text(x0, n0)), sql_literal(proportion_text(x, n)), sigmas))
    rating_cases = []
    for i in range(150):
        weighted = i % 3 == 0
        base = rng.integers(0, 11, int(rng.choice([1, 2, 20, 500])))
        period = np.clip(rng.integers(0, 11, int(rng.choice([1, 5, 60]))) + rng.integers(-2, 3), 0, 10)
        if i % 10 == 0:
            period = period[:0]
        wb = rng.choice([0.5, 1.0, 2.0, 3.25], len(base)) if weighted else None
        wp = rng.choice([0.5, 1.0, 2.0, 3.25], len(period)) if weighted and len(period) else None
        sigmas = float(rng.choice([3.0, 2.5]))
        rating_cases.append((base, wb, period, wp, sigmas))
        period_text = rating_text(period, wp) if len(period) else "v1"
        for kind in ("nps", "rating_mean"):
            batch.add("%s%d" % (kind, i), "SELECT * FROM %s_control_limits(%s, %s, %r)"
                      % (kind, sql_literal(rating_text(base, wb)), sql_literal(period_text), sigmas))
    result = batch.run()

    check = Checker()
    for i, (x0, n0, x, n, sigmas) in enumerate(cases):
        p0 = x0 / n0
        reference, flag = control_reference(x / n if n else None, p0, math.sqrt(p0 * (1 - p0)), n, sigmas, 0, 1)
        check_control_row(check, "p-chart", result["p%d" % i][0], reference, flag, (x0, n0, x, n, sigmas))
    for i, (base, wb, period, wp, sigmas) in enumerate(rating_cases):
        n = (kish(wp) if wp is not None else len(period)) if len(period) else 0
        # NPS: the -1/0/1 scores' mean and (population) standard deviation
        scores, pscores = nps_scores(base), nps_scores(period)
        center = 100 * np.average(scores, weights=wb)
        sd = 100 * math.sqrt(np.average((scores - center / 100) ** 2, weights=wb))
        estimate = 100 * np.average(pscores, weights=wp) if len(period) else None
        reference, flag = control_reference(estimate, center, sd, n, sigmas, -100, 100)
        check_control_row(check, "NPS", result["nps%d" % i][0], reference, flag, "case %d" % i)
        # mean: the baseline's sample standard deviation (Kish-scaled when weighted)
        row = result["rating_mean%d" % i][0]
        nb = kish(wb) if wb is not None else len(base)
        if nb <= 1:
            check.condition("mean chart without a baseline variance is NULL", all(v is None for v in row), i)
            continue
        mean = np.average(base, weights=wb)
        sd = math.sqrt(np.average((base - mean) ** 2, weights=wb) * nb / (nb - 1))
        estimate = np.average(period, weights=wp) if len(period) else None
        reference, flag = control_reference(estimate, mean, sd, n, sigmas, -math.inf, math.inf)
        check_control_row(check, "mean", row, reference, flag, "case %d" % i)
    check.report("proportion_, nps_, rating_mean_control_limits: NumPy moments, SciPy normal tails (%d + %d cases)"
                 % (len(cases), len(rating_cases)))


# ---- Mann-Kendall and Sen's slope ----------------------------------------------

TREND_COLUMNS = ["variance", "z", "p_value", "tau", "slope", "lower", "upper", "intercept"]


def mk_reference(t, x, hamed_rao=False):
    """n, S and the columns of mann_kendall for points sorted by time."""
    n = len(x)
    pairs = n * (n - 1) // 2
    if pairs == 0:
        return n, 0, [None] * 8
    tau_b = stats.kendalltau(t, x).statistic
    ties = np.unique(x, return_counts=True)[1]
    tied_pairs = float(np.sum(ties * (ties - 1) / 2))
    s = tau_b * math.sqrt(pairs * (pairs - tied_pairs)) if tied_pairs < pairs else 0.0
    variance = (n * (n - 1) * (2 * n + 5) - float(np.sum(ties * (ties - 1) * (2 * ties + 5)))) / 18
    sen = stats.theilslopes(x, t, LEVEL)
    if hamed_rao and n >= 3:
        ranks = stats.rankdata(x - sen.slope * t)
        if np.ptp(ranks) > 0:
            r = acf(ranks, nlags=n - 1, fft=False)
            bound = stats.norm.ppf(0.975) / math.sqrt(n)
            k = np.arange(1, n - 2)
            significant = np.abs(r[k]) > bound
            factor = 1 + 2 / (n * (n - 1) * (n - 2)) * np.sum(((n - k) * (n - k - 1) * (n - k - 2) * r[k])[significant])
            variance *= factor
    z = p = None
    if variance > 0:
        z = (round(s) - np.sign(round(s))) / math.sqrt(variance)
        p = 2 * stats.norm.sf(abs(z))
    lower, upper = sen.low_slope, sen.high_slope
    if hamed_rao:
        # the interval at the corrected variance: Sen's ranks, as theilslopes
        slopes = np.sort([(x[j] - x[i]) / (t[j] - t[i]) for i in range(n) for j in range(i + 1, n)])
        c = Z * math.sqrt(variance) if variance >= 0 else math.nan
        lower = slopes[max(int(np.round((pairs - c) / 2)) - 1, 0)] if variance >= 0 else None
        upper = slopes[min(int(np.round((pairs + c) / 2)), pairs - 1)] if variance >= 0 else None
    return n, s, [variance, z, p, s / pairs, sen.slope, lower, upper, sen.intercept]


def trend_series():
    cases = []
    for i in range(120):
        n = int(rng.choice([1, 2, 3, 5, 12, 40, 150]))
        kind = i % 4
        if kind == 0:      # integers with ties and a trend
            x = np.round(rng.normal(0, 3, n) + rng.uniform(-0.2, 0.2) * np.arange(n))
        elif kind == 1:    # continuous, autocorrelated
            x = np.cumsum(rng.normal(0, 1, n)) * 0.3 + rng.normal(0, 1, n)
        elif kind == 2:    # weekly NPS-like values
            x = np.round(rng.normal(30, 8, n) + 0.1 * np.arange(n), 1)
        else:              # all equal
            x = np.full(n, 7.0)
        times = None
        if i % 3 == 0:
            times = np.sort(rng.choice(np.arange(1000), n, replace=False)) / 7.0
        cases.append((times, x))
    return cases


def check_trend():
    cases = trend_series()
    batch = Batch()
    for i, (times, x) in enumerate(cases):
        for correction in ("none", "hamed_rao"):
            if times is None:
                # NULL elements are missing periods: they keep their positions
                values = [None if (k % 7 == 3 and len(x) > 10) else v for k, v in enumerate(x)]
                batch.add("%d %s" % (i, correction), "SELECT * FROM mann_kendall(%s, %r, %s)"
                          % (array_literal(values), LEVEL, sql_literal(correction)))
            else:
                order = rng.permutation(len(x))    # any order: sorted by time inside
                batch.add("%d %s" % (i, correction), "SELECT * FROM mann_kendall(%s, %r, %s, %s)"
                          % (array_literal(x[order]), LEVEL, sql_literal(correction), array_literal(times[order])))
    result = batch.run()
    check = Checker()
    for i, (times, x) in enumerate(cases):
        if times is None:
            keep = [not (k % 7 == 3 and len(x) > 10) for k in range(len(x))]
            t = np.arange(1, len(x) + 1, dtype=float)[keep]
            xs = x[keep]
        else:
            t, xs = times, x
        for correction in ("none", "hamed_rao"):
            row = result["%d %s" % (i, correction)][0]
            n, s, reference = mk_reference(t, xs, correction == "hamed_rao")
            where = "case %d %s" % (i, correction)
            check.condition("n", int(row[0]) == n, where)
            check.value("S", row[1], s, where)
            check.value("S by a double loop", row[1],
                        sum(np.sign(xs[j] - xs[k]) for k in range(n) for j in range(k + 1, n)), where)
            for name, ours, ref in zip(TREND_COLUMNS, row[2:], reference):
                check.value(name, ours, ref, where)
    check.report("mann_kendall, both corrections, positions and times: kendalltau, theilslopes, rankdata, "
                 "statsmodels acf (%d series)" % len(cases))


def check_trend_large():
    """Series long enough that the slopes are selected in passes."""
    check = Checker()
    for n, kind in ((2000, "continuous"), (3000, "ties"), (1449, "continuous")):
        if kind == "ties":
            x = rng.integers(0, 6, n).astype(float)  # most slopes tie, many at 0
        else:
            x = rng.normal(0, 1, n) + 0.001 * np.arange(n)
        batch = Batch()
        batch.add("r", "SELECT * FROM mann_kendall(%s, %r)" % (array_literal(x), LEVEL))
        row = batch.run()["r"][0]
        t = np.arange(1, n + 1, dtype=float)
        sen = stats.theilslopes(x, t, LEVEL)
        where = "n = %d (%s)" % (n, kind)
        for name, ours, ref in zip(["slope", "lower", "upper", "intercept"], row[6:],
                                   [sen.slope, sen.low_slope, sen.high_slope, sen.intercept]):
            check.value(name, ours, ref, where)
        check.value("tau", row[5], stats.kendalltau(t, x).statistic *
                    math.sqrt(1 - np.sum([c * (c - 1) / 2 for c in np.unique(x, return_counts=True)[1]]) /
                              (n * (n - 1) / 2)), where)
    check.report("mann_kendall of 1,449 to 3,000 points (slopes selected in passes, ties): theilslopes")


# ---- rankings ----------------------------------------------------------------------

def mom_prior(counts):
    """pooled shares, rho (NaN when not fitted), strength; counts: k x c."""
    n = counts.sum(axis=1)
    counts, n = counts[n > 0], n[n > 0]
    k, N = len(n), n.sum()
    pooled = counts.sum(axis=0) / N if k else np.full(counts.shape[1], np.nan)
    D = N - np.sum(n ** 2) / N - (k - 1) if k else 0.0
    if k < 2 or not D > 0:
        return pooled, math.nan, math.nan
    V = np.sum(pooled * (1 - pooled))
    S = np.sum(n[:, None] * (counts / n[:, None] - pooled) ** 2)
    rho = (S / V - (k - 1)) / D if V > 0 else 0.0
    if rho >= 1:
        return pooled, math.nan, math.nan
    if rho <= 0:
        return pooled, 0.0, math.inf
    return pooled, rho, 1 / rho - 1


def ranks_reference(bounds):
    """rank (min method, best first) and percentile of the finite bounds."""
    bounds = np.asarray(bounds, dtype=float)
    ok = np.isfinite(bounds)
    ranks = np.full(len(bounds), np.nan)
    pct = np.full(len(bounds), np.nan)
    if ok.any():
        ranks[ok] = stats.rankdata(-bounds[ok], method="min")
        k = ok.sum()
        if k > 1:
            worse = np.array([np.sum(bounds[ok] < b) for b in bounds[ok]])
            pct[ok] = 100 * worse / (k - 1)
    return ranks, pct


def nan_to_none(v):
    return None if v is None or not math.isfinite(v) else float(v)


def check_rate_rankings():
    batch = Batch()
    cases = []
    for i in range(80):
        k = int(rng.choice([1, 2, 3, 8, 30]))
        sizes = rng.choice([0, 1, 4, 20, 150, 2000], k)
        mean = rng.uniform(0.05, 0.95)
        spread = float(rng.choice([0.0, 0.02, 0.1, 0.3]))
        rates = np.clip(rng.normal(mean, spread, k), 0, 1)
        x = rng.binomial(sizes, rates)
        if i % 10 == 0:
            x = sizes.copy()             # all successes
        if i % 10 == 1:
            x = np.zeros_like(sizes)     # no successes
        if i % 10 == 2 and k > 1:
            x, sizes = np.full(k, 3), np.full(k, 9)  # identical groups
        higher = i % 4 != 3
        cases.append((x, sizes, higher))
        texts = [proportion_text(a, b) if not (j == 1 and i % 5 == 0) else None for j, (a, b) in enumerate(zip(x, sizes))]
        states = states_literal(texts, "proportion_state")
        labels = "ARRAY[%s]" % ",".join(sql_literal("g%d" % j) for j in range(k))
        batch.add("prior%d" % i, "SELECT * FROM proportion_prior(%s)" % states)
        batch.add("rank%d" % i, "SELECT * FROM proportion_ranking(%s, %s, %r, %s)" % (labels, states, LEVEL, higher))
    result = batch.run()
    check = Checker()
    for i, (x, sizes, higher) in enumerate(cases):
        where = "case %d" % i
        missing = [j == 1 and i % 5 == 0 for j in range(len(x))]
        x = np.where(missing, 0, x)
        sizes = np.where(missing, 0, sizes)
        counts = np.column_stack([x, sizes - x]).astype(float)
        pooled, rho, strength = mom_prior(counts)
        prior = result["prior%d" % i][0]
        check.condition("groups", int(prior[0]) == int(np.sum(sizes > 0)), where)
        alpha = beta = math.nan
        if math.isfinite(strength):
            alpha, beta = pooled[0] * strength, pooled[1] * strength
        elif strength == math.inf:
            alpha = 0.0 if pooled[0] == 0 else math.inf
            beta = 0.0 if pooled[1] == 0 else math.inf
        sd = math.sqrt(rho * pooled[0] * pooled[1]) if not math.isnan(rho) else math.nan
        for name, ours, ref in zip(["mean", "between_sd", "strength", "alpha", "beta"], prior[1:],
                                   [pooled[0] if len(pooled) else None, sd, strength, alpha, beta]):
            if ref is not None and math.isinf(ref):
                check.condition("%s is Infinity" % name, ours == "Infinity", (where, ours))
            else:
                check.value(name, ours, nan_to_none(ref), where)
        # posteriors, bounds, ranks
        post = []
        for a_, n_ in zip(x, sizes):
            if math.isnan(strength):
                post.append((math.nan, math.nan, math.nan))
            elif math.isinf(strength):
                post.append((pooled[0],) * 3)
            else:
                a, b = alpha + a_, beta + n_ - a_
                post.append((a / (a + b), stats.beta.ppf((1 - LEVEL) / 2, a, b), stats.beta.isf((1 - LEVEL) / 2, a, b)))
        bounds = [(p[1] if higher else -p[2]) if n_ > 0 else math.nan for p, n_ in zip(post, sizes)]
        ranks, pct = ranks_reference(bounds)
        rows = result["rank%d" % i]
        check.condition("one row per group", len(rows) == len(x), where)
        for j, row in enumerate(rows):
            check.condition("label and counts", row[0] == "g%d" % j and int(row[1]) == x[j] and int(row[2]) == sizes[j],
                            (where, row[:3]))
            check.value("estimate", row[3], x[j] / sizes[j] if sizes[j] else None, where)
            for name, ours, ref in zip(["shrunken", "lower", "upper"], row[4:7], post[j]):
                check.value(name, ours, nan_to_none(ref), where)
            check.value("rank", row[7], nan_to_none(ranks[j]), where)
            check.value("percentile", row[8], nan_to_none(pct[j]), where)
    check.report("proportion_prior, proportion_ranking: method-of-moments beta prior in NumPy, scipy.stats.beta "
                 "quantiles, rankdata (%d cases)" % len(cases))


def check_nps_rankings():
    batch = Batch()
    cases = []
    for i in range(60):
        k = int(rng.choice([1, 2, 4, 12, 40]))
        groups = []
        for j in range(k):
            size = int(rng.choice([0, 1, 4, 30, 400]))
            shift = rng.normal(0, float(rng.choice([0, 1, 2])))
            ratings = np.clip(np.round(rng.normal(7.5 + shift, 2, size)), 0, 10).astype(int)
            weights = rng.choice([0.5, 1.0, 2.0], size) if i % 3 == 0 and size else None
            groups.append((ratings, weights))
        if i % 10 == 0:
            groups.append((np.array([10, 10, 9, 10]), None))  # 4 surveys, all promoters
        cases.append(groups)
        texts = [rating_text(r, w) if len(r) else "v1" for r, w in groups]
        states = states_literal(texts, "rating_state")
        labels = "ARRAY[%s]" % ",".join(sql_literal("g%d" % j) for j in range(len(groups)))
        batch.add("prior%d" % i, "SELECT * FROM nps_prior(%s)" % states)
        batch.add("rank%d" % i, "SELECT * FROM nps_ranking(%s, %s, %r)" % (labels, states, LEVEL))
    result = batch.run()
    check = Checker()
    for i, groups in enumerate(cases):
        where = "case %d" % i
        counts, n = [], []
        for r, w in groups:
            if not len(r):
                counts.append([0.0, 0.0, 0.0])
                n.append(0.0)
                continue
            neff = kish(w) if w is not None else float(len(r))
            shares = [np.average(r >= 9, weights=w), np.average((r >= 7) & (r <= 8), weights=w),
                      np.average(r <= 6, weights=w)]
            counts.append([s * neff for s in shares])
            n.append(neff)
        counts, n = np.array(counts), np.array(n)
        pooled, rho, strength = mom_prior(counts)
        prior = result["prior%d" % i][0]
        p, d = pooled[0], pooled[2]
        sd = 100 * math.sqrt(rho * (p + d - (p - d) ** 2)) if not math.isnan(rho) else math.nan
        for name, ours, ref in zip(["nps", "between_sd", "strength", "promoter", "passive", "detractor"], prior[1:],
                                   [100 * (p - d), sd, strength, p, pooled[1], d]):
            if math.isinf(ref):
                check.condition("%s is Infinity" % name, ours == "Infinity", (where, ours))
            else:
                check.value(name, ours, nan_to_none(ref), where)
        post = []
        for c, n_ in zip(counts, n):
            if math.isnan(strength):
                post.append((math.nan,) * 3)
            elif math.isinf(strength):
                post.append((100 * (p - d),) * 3)
            else:
                a = pooled * strength + c
                a0 = strength + n_
                m = (a[0] - a[2]) / a0
                s = math.sqrt(max(0.0, ((a[0] + a[2]) / a0 - m * m) / (a0 + 1)))
                post.append((100 * m, 100 * max(-1, m - Z * s), 100 * min(1, m + Z * s)))
        bounds = [q[1] if n_ > 0 else math.nan for q, n_ in zip(post, n)]
        ranks, pct = ranks_reference(bounds)
        rows = result["rank%d" % i]
        for j, row in enumerate(rows):
            check.value("effective_n", row[1], n[j], where)
            raw = 100 * np.average(nps_scores(groups[j][0]), weights=groups[j][1]) if n[j] > 0 else None
            check.value("estimate", row[2], raw, where)
            for name, ours, ref in zip(["shrunken", "lower", "upper"], row[3:6], post[j]):
                check.value(name, ours, nan_to_none(ref), where)
            check.value("rank", row[6], nan_to_none(ranks[j]), where)
            check.value("percentile", row[7], nan_to_none(pct[j]), where)
    check.report("nps_prior, nps_ranking: method-of-moments Dirichlet prior in NumPy, normal posterior bounds, "
                 "rankdata (%d cases)" % len(cases))


# ---- 2x2 outcome tables ----------------------------------------------------------------

OUTCOME_COLUMNS = ["risk_exposed", "risk_unexposed", "risk_difference", "risk_difference_lower",
                   "risk_difference_upper", "risk_ratio", "rr_lower", "rr_upper", "odds_ratio", "or_lower", "or_upper",
                   "chi_square", "p_value", "fisher_p_value"]


def log_choose(n, k):
    return special.gammaln(n + 1) - special.gammaln(k + 1) - special.gammaln(n - k + 1)


def fisher_reference(a, b, c, d):
    """Two-sided: tables no more probable than the observed (1e-7 relative),
    from the hypergeometric probabilities by log-gamma (scipy.special; far
    quicker than scipy.stats.hypergeom over 10^5 tables)."""
    N, r1, c1 = a + b + c + d, a + b, a + c
    support = np.arange(max(0, c1 - (N - r1)), min(r1, c1) + 1, dtype=float)
    log_pmf = log_choose(c1, support) + log_choose(N - c1, r1 - support) - log_choose(N, r1)
    observed = log_choose(c1, a) + log_choose(N - c1, r1 - a) - log_choose(N, r1)
    pmf = np.exp(log_pmf)
    return min(1.0, math.fsum(pmf[log_pmf <= observed + math.log1p(1e-7)]))


def outcome_reference(a, n1, c, n2, yates):
    b, d = n1 - a, n2 - c
    out = [a / n1 if n1 else None, c / n2 if n2 else None] + [None] * 12
    if n1 and n2:
        out[2] = a / n1 - c / n2
        out[3], out[4] = confint_proportions_2indep(a, n1, c, n2, method="newcomb", compare="diff", alpha=1 - LEVEL)
        table = np.array([[a, b], [c, d]], dtype=float)
        # Table2x2 replaces zero cells by 0.5 (in place): give it copies, and
        # take the ratios themselves from the counts
        out[5] = (a / n1) / (c / n2) if c else None
        if a and c:
            out[6], out[7] = Table2x2(table.copy(), shift_zeros=False).riskratio_confint(alpha=1 - LEVEL)
        out[8] = a * d / (b * c) if b * c else None
        shifted = table + 0.5 if (table == 0).any() else table.copy()
        out[9], out[10] = Table2x2(shifted).oddsratio_confint(alpha=1 - LEVEL)
    if n1 and n2 and a + c and b + d:
        chi2, p = stats.chi2_contingency(np.array([[a, b], [c, d]]), correction=yates)[:2]
        out[11], out[12] = chi2, p
        out[13] = fisher_reference(a, b, c, d)
    return out


def check_outcomes():
    cases = [(54, 120, 31, 180), (0, 10, 5, 10), (3, 3, 0, 7), (0, 5, 0, 5), (5, 5, 5, 5), (1, 1, 0, 1),
             (7, 12, 0, 0), (0, 0, 0, 0), (1, 4, 3, 4), (2, 4, 2, 4)]
    for _ in range(250):
        n1, n2 = (int(v) for v in rng.choice([1, 3, 10, 40, 300, 5000, 100000], 2))
        p1, p2 = rng.uniform(0, 1, 2) ** rng.choice([1, 2, 4])
        cases.append((int(rng.binomial(n1, p1)), n1, int(rng.binomial(n2, p2)), n2))
    batch = Batch()
    for i, (a, n1, c, n2) in enumerate(cases):
        for yates in (False, True):
            batch.add("%d %s" % (i, yates), "SELECT * FROM outcome_association(outcome_of(%d, %d, %d, %d), %r, %s)"
                      % (a, n1, c, n2, LEVEL, yates))
    result = batch.run()
    check = Checker()
    fisher_worst = 0.0
    for i, (a, n1, c, n2) in enumerate(cases):
        for yates in (False, True):
            row = result["%d %s" % (i, yates)][0]
            reference = outcome_reference(a, n1, c, n2, yates)
            for name, ours, ref in zip(OUTCOME_COLUMNS, row, reference):
                check.value(name + (" (Yates)" if yates and name in ("chi_square", "p_value") else ""), ours,
                            nan_to_none(ref), (a, n1, c, n2))
            if row[13] is not None:
                scipy_p = stats.fisher_exact([[a, n1 - a], [c, n2 - c]])[1]
                fisher_worst = max(fisher_worst, abs(float(row[13]) - scipy_p))
    check.condition("fisher_exact agrees to 1e-9", fisher_worst <= 1e-9, fisher_worst)
    check.report("outcome_association: statsmodels Table2x2 and Newcombe, chi2_contingency with and without Yates, "
                 "Fisher from log-gamma hypergeometric sums (scipy.stats.fisher_exact within %.2g) (%d tables)" % (fisher_worst, len(cases)))


# ---- outcome rate by duration bucket -----------------------------------------------------

def check_duration_outcomes():
    cases = []
    for i in range(40):
        size = int(rng.choice([0, 1, 30, 500, 4000]))
        days = rng.exponential(3, size)
        seconds = np.round(days * 86400 * 1e6) / 1e6
        churn = rng.uniform(size=size) < np.clip(0.05 + 0.04 * days + rng.uniform(-0.05, 0.05), 0, 1)
        k = int(rng.choice([1, 3, 6]))
        edges = np.sort(rng.choice(np.arange(1, 12), k, replace=False)) * 86400.0
        cases.append((seconds, churn, edges))
    setup = []
    for i, (seconds, churn, edges) in enumerate(cases):
        setup.append("CREATE TABLE d%d (s float8, o boolean);" % i)
        if len(seconds):
            setup.append("INSERT INTO d%d VALUES %s;" % (i, ",".join("(%r, %s)" % (float(s), bool(o))
                                                                      for s, o in zip(seconds, churn))))
    batch = Batch("\n".join(setup))
    for i, (seconds, churn, edges) in enumerate(cases):
        state = "(SELECT duration_outcome_agg(s, o, %s) FROM d%d)" % (array_literal(edges), i)
        intervals = "ARRAY[%s]" % ",".join("make_interval(secs => %r)" % e for e in edges)
        istate = "(SELECT duration_outcome_agg(make_interval(secs => s), o, %s) FROM d%d)" % (intervals, i)
        merged = ("(SELECT duration_outcome_agg(st) FROM (SELECT duration_outcome_agg(s, o, %s) AS st FROM d%d "
                  "GROUP BY o, s > 86400) x)" % (array_literal(edges), i))
        batch.add("rows%d" % i, "SELECT * FROM duration_outcome_seconds(%s, %r)" % (state, LEVEL))
        batch.add("trend%d" % i, "SELECT * FROM duration_outcome_trend(%s)" % state)
        batch.add("same%d" % i, "SELECT %s::text = %s::text, %s::text = %s::text" % (state, istate, state, merged))
    result = batch.run()
    check = Checker()
    for i, (seconds, churn, edges) in enumerate(cases):
        where = "case %d" % i
        if not len(seconds):
            check.condition("no rows: NULL state", result.get("rows%d" % i) is None, where)
            continue
        bucket = np.searchsorted(edges, seconds, side="right")
        trials = np.bincount(bucket, minlength=len(edges) + 1)
        outcomes = np.bincount(bucket, weights=churn, minlength=len(edges) + 1)
        rows = result["rows%d" % i]
        check.condition("a row per bucket", len(rows) == len(edges) + 1, where)
        for b, row in enumerate(rows):
            check.value("from", row[1], edges[b - 1] if b else 0.0, where)
            check.value("to", row[2], edges[b] if b < len(edges) else None, where)
            check.condition("counts", int(row[3]) == outcomes[b] and int(row[4]) == trials[b], (where, b))
            if trials[b]:
                low, upp = proportion_confint(outcomes[b], trials[b], alpha=1 - LEVEL, method="wilson")
                reference = [outcomes[b] / trials[b], low, upp]
            else:
                reference = [None] * 3
            for name, ours, ref in zip(["rate", "lower", "upper"], row[5:8], reference):
                check.value(name, ours, ref, where)
        trend = result["trend%d" % i][0]
        used = trials > 0
        check.condition("buckets with trials", int(trend[0]) == used.sum(), where)
        if used.sum() >= 2 and 0 < outcomes.sum() < trials.sum():
            table = np.column_stack([outcomes[used], trials[used] - outcomes[used]])
            scores = np.arange(1, len(trials) + 1)[used]
            m2 = Table(table, shift_zeros=False).test_ordinal_association(row_scores=scores, col_scores=np.array([1, 0]))
            N = trials.sum()
            z = m2.zscore * math.sqrt(N / (N - 1))
            slope = np.polyfit(scores, outcomes[used] / trials[used], 1, w=np.sqrt(trials[used]))[0]
            for name, ours, ref in zip(["slope", "z", "p"], trend[1:], [slope, z, 2 * stats.norm.sf(abs(z))]):
                check.value("trend " + name, ours, ref, where)
        check.condition("interval and seconds states equal; merged state equals the whole",
                        result["same%d" % i][0] == ["t", "t"], where)
    check.report("duration_outcome_agg, duration_outcome_seconds, duration_outcome_trend: searchsorted buckets, "
                 "Wilson by statsmodels, Cochran-Armitage from statsmodels' linear-by-linear test, merges (%d cases)"
                 % len(cases))


def main():
    check_control_limits()
    check_trend()
    check_trend_large()
    check_rate_rankings()
    check_nps_rankings()
    check_outcomes()
    check_duration_outcomes()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
