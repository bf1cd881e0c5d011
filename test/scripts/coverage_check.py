#!/usr/bin/python3
"""Check that svcquality's confidence intervals cover as often as they promise.

Run with Debian's /usr/bin/python3 (NumPy, SciPy) against the database psql
connects to (PGHOST etc.), with the extension installed.  The crosscheck
suites check that each interval is computed as its formula says; this checks
the formula's purpose, so that a change of method that loses coverage fails.

Exact part, no random numbers: for a sample size n every outcome (every
count, every promoter/detractor split, every pair of counts) is computed
once in SQL, and the coverage at a true parameter is the sum of the exact
binomial or multinomial probabilities of the outcomes whose interval holds
it.  The guards are floors a little under the coverage measured when they
were set, on each sample size's grid (the TAP lines give the figures):

  proportion_ci (Wilson)         lowest where n p and n (1 - p) >= 5, and
                                 the mean over p = 0.01 .. 0.99
  nps_ci 'adjusted_wald'         lowest and mean over shares on a 0.05 grid,
                                 each share >= 0.05
  proportion_compare (Newcombe)  lowest over 100 pairs of rates, lowest for
                                 rates at most 0.5 apart, mean; 10 to 100 on
                                 each side, equal and 1:4
  nps_ci 'wald'                  no floor: it covers less than
                                 'adjusted_wald' where a share is near 1 and
                                 n is small (the advice of the NPS page to
                                 switch methods rests on it); at the page's
                                 fair setting, 50/30/20, at least 0.925

The same enumeration gives the figures the pages quote for weaknesses their
advice rests on, each asserted to stay so: Wilson under 95% where n p <= 1
(proportion.md), proportion_compare's pooled z rejecting more than 5% at a
rate of 1% on both sides of 30 and 120 trials where Fisher's exact p does
not, and Katz's risk ratio interval under 95% with 5-20 trials a side
(statistics.md).

Simulated part: duration_quantile_test's interval from order statistics is
distribution-free (statistics.md, "Each quantile"), so its coverage of a
log-normal quantile is at least 95% less the Monte Carlo error; REPLICATES
seeded samples per setting are built and tested in one query (setseed, no
parallel workers, so each run draws the same numbers).  rating_mean_ci's t
interval (satisfaction.md, "The mean rating and its interval") is exact
only for normal ratings: on ratings spread evenly over 1-5 or 0-10 it must
cover 95% within four Monte Carlo standard errors either way; on ratings
piled at the top it covers less, the figures satisfaction.md quotes, and
must fall under that band at the smallest size quoted; on every setting
the interval is NULL exactly for the flat samples.

satisfaction_breakdown's and gap_analysis's intervals use z for t, and
cover less than 95% (satisfaction.md quotes the figures): under 95% less
four Monte Carlo standard errors at the smallest size of each setting.

category_shares' interval of a weighted share uses Kish's effective size,
too narrow when the weights depend on the category (contacts.md quotes the
figures): 10% of rows in a category weighted 5 x lognormal(0, 1.5), the
rest 1, under 95% less four Monte Carlo standard errors from 10 to 400
rows; a sample without a row of the category counts as a miss.

Simulated size: rating_mean_compare's Welch t under the null, in the
settings statistics.md quotes (COMPARE_REPLICATES pairs each, the states
built from seeded multinomial counts): within four Monte Carlo standard
errors of 5% with 70% fives at 30 against 30 and 100 against 900, not
above that band at 50 against 50 with 90% tens, above it for a small side
against a large one with ratings piled at the top (the page's advice rests
on it); p NULL exactly when a side is flat.

rating_mean_vs_rest compares each group with its permutation distribution
(statistics.md, "Which group stands out?"); leagues of groups drawn from one
population, ratings piled at the top of the scale, must flag a group (Holm,
5%) in about 5% of leagues or fewer and each row must reject in about 5% of
tests.  Welch's t, used before, failed all three: 10.0%, 8.2% and 6.1% of rows, a group flagged in 41.9%, 15.4% and
9.5% of leagues.  Its p is exact where a side has at most 200 responses
(all here but the 500's rest), so rows reject under 5%, the sums being
discrete: the floor fails a test that stops rejecting.

Prints TAP lines naming function, setting, observed and bound; exits 1 on
any failure.
"""
import math
import sys

import numpy as np
from scipy import stats
from scipy.special import gammaln

from crosscheck import Tap, sql_rows

# Intervals are closed; a limit that should land exactly on a true value of
# the grid must not miss it by a last bit of rounding.
SLACK = 1e-9
SIZES = [5, 10, 20, 30, 50, 100]
# Each floor sits a little under the lowest figure measured at this commit
# (in brackets), so that a change of method has to keep the coverage.
WILSON_RATES = np.round(np.arange(0.01, 1.0, 0.01), 2)
WILSON_FLOOR = 0.925  # [0.9290 at n=20, p=0.48]
WILSON_MEAN_FLOOR = 0.945  # [0.9492 at n=100]
# from n = 5, 10, 20 on
ADJUSTED_WALD_FLOORS = [(5, 0.89), (10, 0.925), (20, 0.935)]  # [0.8965, 0.9304, 0.9389]
ADJUSTED_WALD_MEAN_FLOOR = 0.945  # [0.9501 at n=100]
NEWCOMBE_SIDES = [(10, 10), (20, 20), (30, 30), (50, 50), (100, 100), (10, 40), (20, 80), (50, 200)]
NEWCOMBE_RATES = [0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99]
NEWCOMBE_FLOOR = 0.885  # [0.8908 at 20 and 80, p_a=0.99, p_b=0.01]
NEWCOMBE_NEAR_FLOOR = 0.925  # [0.9313 at 20 and 20]
NEWCOMBE_MEAN_FLOOR = 0.95  # [0.9539 at 50 and 200]
# (promoters, passives, detractors) and n where a share near 1 makes the
# Wald interval too narrow (zero-width when every response agrees)
WALD_WEAK = [((0.9, 0.05, 0.05), 20), ((0.05, 0.05, 0.9), 20), ((0.9, 0.05, 0.05), 10)]
REPLICATES = 10000
LOG_MEAN, LOG_SD = math.log(3600), 1.0
# rating_mean_ci: (low, high, share of high, the rest spread evenly below
# it), sample sizes, and None where the coverage must stay within 4 Monte
# Carlo standard errors of 95%, else the size at which it must fall under
# that band; the top-heavy settings are those of satisfaction.md
MEAN_CI_REPLICATES = 8000
MEAN_CI_SETTINGS = [((1, 5, 1 / 5), [10, 30], None), ((0, 10, 1 / 11), [10, 30], None),
                    ((1, 5, 0.7), [10, 30, 100], 10), ((0, 10, 0.9), [10, 30, 100, 400], 30)]
# satisfaction_breakdown's and gap_analysis's z intervals: settings (the
# first size must cover under 95% less 4 Monte Carlo standard errors)
Z_MEAN_REPLICATES = 4000
BREAKDOWN_SETTINGS = [((1, 5, 1 / 5), [10, 30]), ((1, 5, 0.8), [10, 30, 50, 100, 400])]
GAP_SIZES = [5, 10, 20, 50]
# category_shares' interval of a weighted share on Kish's effective size,
# contacts.md's setting: a share of rows in the category, its weights
# SCALE * lognormal(0, SIGMA), the other rows' 1; (rows, samples, whether
# the coverage must fall under 95% less 4 Monte Carlo standard errors),
# fewer samples at 2000 rows (4000 took 3 s)
CATEGORY_ROWS, CATEGORY_SCALE, CATEGORY_SIGMA = 0.1, 5, 1.5
CATEGORY_SIZES = [(10, 4000, True), (30, 4000, True), (100, 4000, True), (400, 4000, True), (2000, 1000, False)]
# rating_mean_vs_rest under the null: (scale, share of the top rating, the
# rest spread evenly below it), groups, leagues; ceilings just over the
# figures measured at this commit (in brackets), a floor under each row
# size so that a test which never rejects fails too
VS_REST_LEAGUES = 4000
VS_REST_SETTINGS = [((0, 10, 0.9), [30] * 10), ((0, 10, 0.9), [20, 50, 200, 500]), ((1, 5, 0.7), [30] * 5)]
VS_REST_ROW_BOUNDS = (0.02, 0.06)  # [0.0287, 0.0450, 0.0427]
VS_REST_FAMILY_CEILING = 0.06  # [0.0198, 0.0385, 0.0395]
# rating_mean_compare (Welch) under the null: (scale, size of a, size of b,
# what is asserted), the settings statistics.md quotes: "band", the share
# of p < 0.05 within 4 Monte Carlo standard errors of 5%; "calm", at most
# its top; "eager", above it (the advice to read a mean comparison only
# from about 100 a side, and to compare top-box shares when ratings pile
# at the top, rests on them)
COMPARE_REPLICATES = 8000
COMPARE_SETTINGS = [((1, 5, 0.7), 30, 30, "band"), ((1, 5, 0.7), 10, 90, "eager"), ((1, 5, 0.7), 30, 270, None),
                    ((1, 5, 0.7), 100, 900, "band"), ((0, 10, 0.9), 50, 50, "calm"),
                    ((0, 10, 0.9), 30, 270, "eager"), ((0, 10, 0.9), 100, 900, "eager")]
# Exactly computed figures of the pages, each a weakness their advice rests on:
# Wilson where n p <= 1 (proportion.md), as (p, n)
WILSON_LOW = [(0.01, 10), (0.01, 50), (0.01, 100), (0.99, 10), (0.99, 50), (0.99, 100), (0.05, 10), (0.05, 20)]
# Wald NPS (nps.md): shares, sizes, and whether Wald must cover less than
# 'adjusted_wald' there (else it must cover 0.925 or more)
NPS_DOCS = [((0.5, 0.3, 0.2), [20, 30, 50, 100], False), ((0.9, 0.05, 0.05), [30, 50, 100], True),
            ((0.97, 0.02, 0.01), [100, 400], True)]
# proportion_compare's pooled z at a rate of 1% on both sides, 30 against
# 120 trials (statistics.md): above 5%, Fisher's exact p at or under it
SPARSE_COMPARE = (0.01, 30, 120)
# Katz's risk ratio interval at 95% against 80% (statistics.md): under 95%
# from 5 to 20 trials a side
KATZ = (0.95, 0.8, [5, 10, 20])

tap = Tap()


def interval_rows(sql):
    """The rows of sql as a float array; NULL becomes NaN."""
    return np.array([[np.nan if v is None else float(v) for v in row] for row in sql_rows(sql, "|")])


def covered(lower, upper, truth):
    return (lower <= truth + SLACK * max(1.0, abs(truth))) & (truth - SLACK * max(1.0, abs(truth)) <= upper)


def lowest(results):
    """results: (coverage, setting) pairs; the lowest as (coverage, "(setting)")."""
    coverage, setting = min(results)
    return coverage, " (%s)" % setting


def mean(results):
    return sum(c for c, _ in results) / len(results), ""


def guard(title, bounds, rows, expected_rows):
    """bounds: (what, (observed, where), floor); ok when each observed >= its floor
    and the query gave one interval per outcome."""
    parts, problems = [], []
    for what, (observed, where), floor in bounds:
        parts.append("%s %.4f%s >= %.3f" % (what, observed, where, floor))
        if not observed >= floor:
            problems.append("%s %.4f%s is under %.3f" % (what, observed, where, floor))
    if rows != expected_rows:
        problems.append("%d intervals computed, %d outcomes expected" % (rows, expected_rows))
    tap.report(not problems, "%s: %s" % (title, "; ".join(parts)), problems)


# ---- proportion_ci: Wilson -------------------------------------------------------

def wilson_limits(n):
    """Per count k: k, lower, upper."""
    return interval_rows("SELECT k, ci.lower, ci.upper FROM generate_series(0, %d) AS k, "
                         "proportion_ci(proportion_of(k, %d)) AS ci ORDER BY k;" % (n, n))


def check_wilson():
    for n in SIZES:
        rows = wilson_limits(n)
        k, lower, upper = rows[:, 0], rows[:, 1], rows[:, 2]
        results = [(float(stats.binom.pmf(k, n, p)[covered(lower, upper, p)].sum()), "p=%.2f" % p) for p in WILSON_RATES]
        bounds = [("mean over p = 0.01..0.99", mean(results), WILSON_MEAN_FLOOR)]
        normal = [(c, s) for (c, s), p in zip(results, WILSON_RATES) if min(n * p, n * (1 - p)) >= 5 - SLACK]
        if normal:
            bounds.append(("lowest where np, n(1-p) >= 5", lowest(normal), WILSON_FLOOR))
        guard("proportion_ci (Wilson) n=%d" % n, bounds, len(rows), n + 1)


def check_wilson_low():
    """Where about one success or failure is expected Wilson covers less than
    95% (proportion.md sends a guarantee to Clopper-Pearson)."""
    for p, n in WILSON_LOW:
        rows = wilson_limits(n)
        coverage = float(stats.binom.pmf(rows[:, 0], n, p)[covered(rows[:, 1], rows[:, 2], p)].sum())
        tap.report(coverage < 0.95, "proportion_ci (Wilson) n=%d, p=%.2f: coverage %.4f < 0.95" % (n, p, coverage))


# ---- nps_ci: Wald and adjusted Wald -------------------------------------------------

def nps_limits(n):
    """Per split: promoters, detractors, Wald lower, upper, adjusted lower, upper."""
    return interval_rows(
        "SELECT p, d, w.lower, w.upper, a.lower, a.upper "
        "FROM generate_series(0, %d) AS p, generate_series(0, %d - p) AS d, "
        "LATERAL (SELECT format('v1 0:%%s 7:%%s 10:%%s', d, %d - p - d, p)::rating_state AS s) AS st, "
        "nps_ci(st.s) AS w, nps_ci(st.s, method => 'adjusted_wald') AS a ORDER BY p, d;" % (n, n, n))


def nps_coverage(n, rows, shares, lower_column):
    """Coverage at shares (promoters, passives, detractors, all > 0) of the
    interval whose limits are columns lower_column and lower_column + 1."""
    promoters, detractors = rows[:, 0], rows[:, 1]
    passives = n - promoters - detractors
    p, a, d = shares
    log_pmf = (gammaln(n + 1) - gammaln(promoters + 1) - gammaln(passives + 1) - gammaln(detractors + 1)
               + promoters * math.log(p) + passives * math.log(a) + detractors * math.log(d))
    truth = 100 * (p - d)
    return float(np.exp(log_pmf)[covered(rows[:, lower_column], rows[:, lower_column + 1], truth)].sum())


def nps_shares():
    """Every (promoters, passives, detractors) on a 0.05 grid, each share at least 0.05."""
    steps = range(1, 19)
    return [(i / 20, (20 - i - j) / 20, j / 20) for i in steps for j in steps if i + j <= 19]


def check_nps():
    """Returns the limits by n, for check_nps_docs."""
    grid = nps_shares()
    limits = {}
    for n in SIZES:
        rows = limits[n] = nps_limits(n)
        results = [(nps_coverage(n, rows, s, 4), "shares %.2f/%.2f/%.2f" % s) for s in grid]
        floor = [f for size, f in ADJUSTED_WALD_FLOORS if n >= size][-1]
        guard("nps_ci 'adjusted_wald' n=%d, %d promoter/passive/detractor shares on a 0.05 grid, each >= 0.05"
              % (n, len(grid)),
              [("lowest", lowest(results), floor), ("mean", mean(results), ADJUSTED_WALD_MEAN_FLOOR)],
              len(rows), (n + 1) * (n + 2) // 2)
    for shares, n in WALD_WEAK:
        wald = nps_coverage(n, limits[n], shares, 2)
        adjusted = nps_coverage(n, limits[n], shares, 4)
        tap.report(wald < adjusted, "nps_ci 'wald' n=%d, shares %.2f/%.2f/%.2f: coverage %.4f < 'adjusted_wald' %.4f"
                   % ((n,) + shares + (wald, adjusted)))
    return limits


def check_nps_docs(limits):
    """The settings of nps.md: Wald fair at 50/30/20, short of 'adjusted_wald'
    with few detractors (the page's advice to switch rests on it)."""
    for shares, sizes, short in NPS_DOCS:
        for n in sizes:
            if n not in limits:
                limits[n] = nps_limits(n)
            wald = nps_coverage(n, limits[n], shares, 2)
            adjusted = nps_coverage(n, limits[n], shares, 4)
            title = "nps_ci n=%d, shares %.2f/%.2f/%.2f: 'wald' coverage %.4f" % ((n,) + shares + (wald,))
            if short:
                tap.report(wald < adjusted, title + " < 'adjusted_wald' %.4f" % adjusted)
            else:
                tap.report(wald >= 0.925, title + " >= 0.925 ('adjusted_wald' %.4f)" % adjusted)


# ---- proportion_compare: Newcombe ---------------------------------------------------

def newcombe_limits(na, nb):
    """Per pair of counts: x, y, lower, upper of the difference."""
    return interval_rows("SELECT x, y, c.lower, c.upper FROM generate_series(0, %d) AS x, generate_series(0, %d) AS y, "
                         "proportion_compare(proportion_of(x, %d), proportion_of(y, %d)) AS c ORDER BY x, y;"
                         % (na, nb, na, nb))


def check_newcombe():
    for na, nb in NEWCOMBE_SIDES:
        rows = newcombe_limits(na, nb)
        x, y, lower, upper = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]
        results, near = [], []
        for p1 in NEWCOMBE_RATES:
            for p2 in NEWCOMBE_RATES:
                mass = stats.binom.pmf(x, na, p1) * stats.binom.pmf(y, nb, p2)
                result = (float(mass[covered(lower, upper, p1 - p2)].sum()), "p_a=%.2f p_b=%.2f" % (p1, p2))
                results.append(result)
                if abs(p1 - p2) <= 0.5 + SLACK:
                    near.append(result)
        guard("proportion_compare (Newcombe) n_a=%d n_b=%d, %d pairs of rates" % (na, nb, len(results)),
              [("lowest", lowest(results), NEWCOMBE_FLOOR),
               ("lowest where |p_a - p_b| <= 0.5", lowest(near), NEWCOMBE_NEAR_FLOOR),
               ("mean", mean(results), NEWCOMBE_MEAN_FLOOR)],
              len(rows), (na + 1) * (nb + 1))


def check_sparse_compare():
    """proportion_compare's pooled z wants about 5 expected successes a side;
    at 1% on both sides of 30 and 120 trials it rejects too often, Fisher's
    exact p does not (statistics.md).  Exact: every pair of counts."""
    rate, na, nb = SPARSE_COMPARE
    rows = interval_rows("SELECT x, y, coalesce(c.p_value < 0.05, false)::int, "
                         "       coalesce(f.fisher_p_value < 0.05, false)::int "
                         "FROM generate_series(0, %d) AS x, generate_series(0, %d) AS y, "
                         "proportion_compare(proportion_of(x, %d), proportion_of(y, %d)) AS c, "
                         "outcome_association(outcome_of(x, %d, y, %d)) AS f ORDER BY x, y;"
                         % (na, nb, na, nb, na, nb))
    mass = stats.binom.pmf(rows[:, 0], na, rate) * stats.binom.pmf(rows[:, 1], nb, rate)
    z_size, fisher_size = float(mass @ rows[:, 2]), float(mass @ rows[:, 3])
    tap.report(len(rows) == (na + 1) * (nb + 1) and z_size > 0.05 and fisher_size <= 0.05,
               "proportion_compare n_a=%d n_b=%d, both rates %.2f: pooled z rejects at 5%% with probability "
               "%.4f > 0.05, Fisher's exact p %.4f <= 0.05" % (na, nb, rate, z_size, fisher_size))


def check_katz():
    """Katz's log interval of the risk ratio is a large-sample one: short of
    95% with few trials a side (statistics.md).  Exact: every pair of counts;
    a NULL interval does not cover."""
    p1, p2, sizes = KATZ
    for n in sizes:
        rows = interval_rows("SELECT x, y, c.risk_ratio_lower, c.risk_ratio_upper "
                             "FROM generate_series(0, %d) AS x, generate_series(0, %d) AS y, "
                             "proportion_compare(proportion_of(x, %d), proportion_of(y, %d)) AS c ORDER BY x, y;"
                             % (n, n, n, n))
        mass = stats.binom.pmf(rows[:, 0], n, p1) * stats.binom.pmf(rows[:, 1], n, p2)
        coverage = float(mass[covered(rows[:, 2], rows[:, 3], p1 / p2)].sum())
        tap.report(len(rows) == (n + 1) ** 2 and coverage < 0.95,
                   "proportion_compare risk ratio (Katz) n=%d a side, %.2f against %.2f: coverage %.4f < 0.95"
                   % (n, p1, p2, coverage))


# ---- duration_quantile_test: order statistics ---------------------------------------

def quantile_coverage(n, fraction):
    """Samples, coverage of the true log-normal quantile by the two-sided
    interval (a NULL limit, too few durations for it, is unbounded), and the
    share of samples with such a limit."""
    truth = math.exp(LOG_MEAN + LOG_SD * stats.norm.ppf(fraction))
    sql = ("SET max_parallel_workers_per_gather = 0; SELECT setseed(0.%d%d);"
           "WITH d AS (SELECT r, exp(%r + %r * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) AS x "
           "           FROM generate_series(1, %d) AS r, generate_series(1, %d) AS i), "
           "t AS (SELECT duration_quantile_test_seconds(duration_agg(x), %r, %r) AS t FROM d GROUP BY r) "
           "SELECT count(*), avg((coalesce((t).lower <= %r, true) AND coalesce(%r <= (t).upper, true))::int), "
           "       avg(((t).lower IS NULL OR (t).upper IS NULL)::int) FROM t;"
           % (n, round(fraction * 100), LOG_MEAN, LOG_SD, REPLICATES, n, fraction, truth, truth, truth))
    samples, coverage, unbounded = [row for row in sql_rows(sql, "|") if len(row) == 3][0]
    return int(samples), float(coverage), float(unbounded)


def check_quantiles():
    floor = 0.95 - 4 * math.sqrt(0.95 * 0.05 / REPLICATES)
    for n in [5, 20, 100]:
        for fraction in [0.5, 0.9]:
            samples, coverage, unbounded = quantile_coverage(n, fraction)
            tap.report(samples == REPLICATES and coverage >= floor,
                       "duration_quantile_test n=%d q=%.1f, log-normal: coverage %.4f >= 0.95 - 4 MCSE = %.4f "
                       "(%d samples, %.0f%% with a limit unbounded)" % (n, fraction, coverage, floor, samples, 100 * unbounded))


# ---- rating_mean_ci: Student's t ----------------------------------------------------

def piled_rating(scale):
    """SQL for a rating drawn from u uniform on [0, 1): scale is (low, high,
    share of high), the rest spread evenly over low .. high - 1, so that the
    share 1 / (high - low + 1) spreads every rating evenly."""
    low, high, top = scale
    return "CASE WHEN u < %r THEN %d ELSE %d + floor((u - %r) / (1 - %r) * %d)::int END" % (top, high, low, top, top, high - low)


def true_mean(scale):
    low, high, top = scale
    return top * high + (1 - top) * (low + high - 1) / 2


def simulated_coverage(seed, replicates, n, draws, aggregate, interval, truth, uniforms="random() AS u",
                       mean_of=None):
    """Samples, intervals, coverage of truth among the samples with an
    interval, and flat samples without one; seeded, one query.  draws: the
    columns x (and y) from the uniforms per row; aggregate: the state of a
    sample and whether it is flat; interval: a FROM item of s.s with
    columns lower and upper.  With mean_of, an expression of the columns of
    aggregate, its mean over the samples follows."""
    sql = ("SET max_parallel_workers_per_gather = 0; SELECT setseed(%s);"
           "WITH u AS (SELECT r, %s FROM generate_series(1, %d) AS r, generate_series(1, %d) AS i), "
           "x AS (SELECT r, %s FROM u), "
           "s AS (SELECT r, %s FROM x GROUP BY r), "
           "c AS (SELECT s.flat, ci.lower, ci.upper, %s AS m FROM s, %s AS ci) "
           "SELECT count(*), count(lower), avg((lower <= %r AND %r <= upper)::int), "
           "       count(*) FILTER (WHERE flat AND lower IS NULL AND upper IS NULL), avg(m) FROM c;"
           % (seed, uniforms, replicates, n, draws, aggregate, mean_of or "NULL::float8", interval, truth, truth))
    samples, intervals, coverage, flat, mean = [row for row in sql_rows(sql, "|") if len(row) == 5][0]
    result = int(samples), int(intervals), float(coverage), int(flat)
    return result if mean_of is None else result + (float(mean),)


def rating_coverage(scale, n, replicates, aggregate, interval):
    """simulated_coverage of the true mean for ratings piled as scale; the same
    draws for the same scale and n."""
    return simulated_coverage("0.%d%d%d" % (scale[1], round(scale[2] * 100), n), replicates, n,
                              "%s AS x" % piled_rating(scale), aggregate + " AS s, min(x) = max(x) AS flat",
                              interval, true_mean(scale))


def mean_ci_coverage(scale, n):
    return rating_coverage(scale, n, MEAN_CI_REPLICATES, "rating_agg(x)", "rating_mean_ci(s.s)")


def rating_spread(scale):
    low, high, top = scale
    return ("%d-%d spread evenly" % (low, high) if abs(top * (high - low + 1) - 1) < SLACK
            else "%d-%d with %.0f%% at %d" % (low, high, 100 * top, high))


def check_mean_ci():
    noise = 4 * math.sqrt(0.95 * 0.05 / MEAN_CI_REPLICATES)
    for scale, sizes, short in MEAN_CI_SETTINGS:
        spread = rating_spread(scale)
        for n in sizes:
            samples, intervals, coverage, flat = mean_ci_coverage(scale, n)
            title = ("rating_mean_ci n=%d, %s: coverage %.4f of %d samples with an interval (%.1f%% flat, no interval)"
                     % (n, spread, coverage, intervals, 100 * flat / samples))
            # an interval for every sample but the flat ones
            ok = samples == MEAN_CI_REPLICATES and intervals + flat == samples
            if short is None:
                ok = ok and abs(coverage - 0.95) <= noise
                title += " within 0.95 +/- 4 MCSE = %.4f .. %.4f" % (0.95 - noise, 0.95 + noise)
            elif n == short:
                # the advice of satisfaction.md to prefer csat_ci there rests on it
                ok = ok and coverage < 0.95 - noise
                title += " < 0.95 - 4 MCSE = %.4f" % (0.95 - noise)
            tap.report(ok, title)


# ---- z intervals of means: satisfaction_breakdown, gap_analysis -----------------------

def check_z_means():
    """z in place of t: narrow for few answers (satisfaction.md quotes these
    figures); under 95% less 4 Monte Carlo standard errors at the smallest
    size of each setting, and NULL exactly for the flat samples."""
    floor = 0.95 - 4 * math.sqrt(0.95 * 0.05 / Z_MEAN_REPLICATES)
    for scale, sizes in BREAKDOWN_SETTINGS:
        for n in sizes:
            result = rating_coverage(scale, n, Z_MEAN_REPLICATES, "dimension_agg(ARRAY[x::float8])",
                                     "LATERAL (SELECT ci_lower AS lower, ci_upper AS upper "
                                     "FROM satisfaction_breakdown(s.s, ARRAY[1::float8]))")
            z_mean_report("satisfaction_breakdown n=%d, %s" % (n, rating_spread(scale)), result, n == sizes[0], floor)
    for n in GAP_SIZES:
        # expectation and perception each uniform on 1-7, so the true gap is 0
        result = simulated_coverage("0.7%02d" % n, Z_MEAN_REPLICATES, n,
                                    "1 + floor(7 * u) AS x, 1 + floor(7 * v) AS y",
                                    "gap_agg(ARRAY[x], ARRAY[y]) AS s, min(y - x) = max(y - x) AS flat",
                                    "LATERAL (SELECT ci_lower AS lower, ci_upper AS upper FROM gap_analysis(s.s))", 0.0,
                                    "random() AS u, random() AS v")
        z_mean_report("gap_analysis n=%d pairs, expectation and perception uniform on 1-7" % n, result,
                      n == GAP_SIZES[0], floor)


def z_mean_report(title, result, short, floor):
    samples, intervals, coverage, flat = result
    title += ": coverage %.4f of %d samples with an interval (%.1f%% flat, no interval)" % (
        coverage, intervals, 100 * flat / samples)
    ok = samples == Z_MEAN_REPLICATES and intervals + flat == samples
    if short:
        ok = ok and coverage < floor
        title += " < 0.95 - 4 MCSE = %.4f" % floor
    tap.report(ok, title)


# ---- category_shares: a weighted share on Kish's effective size -------------------------

def category_coverage(n, replicates):
    """simulated_coverage of the true weighted share of category 'a' by its
    row of category_shares; a sample without a row of 'a' has no such row,
    so no interval ("flat" there)."""
    weight = "%r * exp(%r * sqrt(-2 * ln(1 - v)) * cos(2 * pi() * w))" % (CATEGORY_SCALE, CATEGORY_SIGMA)
    mean_weight = CATEGORY_SCALE * math.exp(CATEGORY_SIGMA ** 2 / 2)
    truth = CATEGORY_ROWS * mean_weight / (CATEGORY_ROWS * mean_weight + 1 - CATEGORY_ROWS)
    return simulated_coverage("0.15%d" % n, replicates, n,
                              "CASE WHEN u < %r THEN 'a' ELSE 'b' END AS x, CASE WHEN u < %r THEN %s ELSE 1 END AS y"
                              % (CATEGORY_ROWS, CATEGORY_ROWS, weight),
                              "category_agg(x, y) AS s, NOT bool_or(x = 'a') AS flat, "
                              "sum(y) ^ 2 / sum(y ^ 2) AS n_eff",
                              "LATERAL (SELECT max(lower) AS lower, max(upper) AS upper "
                              "FROM category_shares(s.s) WHERE category = 'a')", truth,
                              "random() AS u, random() AS v, random() AS w", "n_eff"), truth


def check_category_weighted():
    """Kish's effective size is first order: with weights tied to the
    category the interval is too narrow (contacts.md quotes these figures,
    and its advice to read such an interval as a lower bound on the
    uncertainty rests on them).  A sample without a row of the category is
    a miss: category_shares has no row of it to cover."""
    for n, replicates, short in CATEGORY_SIZES:
        (samples, intervals, coverage, empty, n_eff), truth = category_coverage(n, replicates)
        held = coverage * intervals / samples
        title = ("category_shares, weighted, n=%d, %.0f%% of rows in a category weighted %g x lognormal(0, %g), "
                 "share %.4f: coverage %.4f of %d samples, mean effective n %.1f (%.1f%% without the category, "
                 "counted as misses; %.4f of the others)"
                 % (n, 100 * CATEGORY_ROWS, CATEGORY_SCALE, CATEGORY_SIGMA, truth, held, samples, n_eff,
                    100 * empty / samples, coverage))
        # an interval for every sample with a row of the category
        ok = samples == replicates and intervals + empty == samples
        if short:
            floor = 0.95 - 4 * math.sqrt(0.95 * 0.05 / replicates)
            ok = ok and held < floor
            title += " < 0.95 - 4 MCSE = %.4f" % floor
        tap.report(ok, title)


# ---- rating_mean_compare: Welch's size under the null ---------------------------------

def piled_counts(rng, scale, n, replicates):
    """Per sample the counts of each rating low .. high, drawn as piled_rating's
    ratings are (the multinomial counts, not the ratings one by one)."""
    low, high, top = scale
    shares = [(1 - top) / (high - low)] * (high - low) + [top]
    return rng.multinomial(n, shares, size=replicates)


def compare_size(scale, na, nb):
    """Share of p < 0.05 among the samples with a p-value, and per sample the
    p-value (NaN for NULL) and whether a and b are flat (every rating equal)
    and t taking b's error alone, the test 0.1.0 made of a flat a.  The
    states are built from seeded multinomial counts: drawing 1000 ratings per
    sample one by one in SQL cost 6 s."""
    low, high, top = scale
    rng = np.random.default_rng([high, round(top * 100), na, nb])
    values = np.arange(low, high + 1)
    sides = [piled_counts(rng, scale, n, COMPARE_REPLICATES) for n in (na, nb)]
    texts = [["v1 " + " ".join("%d:%d" % (v, c) for v, c in zip(values, counts) if c) for counts in side]
             for side in sides]
    sql = ("SELECT s.i, c.p_value FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS s(a, b, i), "
           "rating_mean_compare(s.a::rating_state, s.b::rating_state) AS c ORDER BY s.i;"
           % tuple("ARRAY[%s]" % ",".join("'%s'" % t for t in side) for side in texts))
    rows = interval_rows(sql)
    # psql prints a row of one NULL as an empty line, so the ordinal is kept
    # to check that each sample has its row
    p_value = rows[:, 1] if np.array_equal(rows[:, 0], np.arange(1, COMPARE_REPLICATES + 1)) else np.array([])
    flat_a, flat_b = [side.max(axis=1) == n for side, n in zip(sides, (na, nb))]
    means = [side @ values / n for side, n in zip(sides, (na, nb))]
    var_b = (sides[1] @ values ** 2 - nb * means[1] ** 2) / (nb - 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        alone = np.abs(means[0] - means[1]) / np.sqrt(var_b / nb)
    return p_value, flat_a, flat_b, alone, means[0] > means[1]


def check_compare_size():
    noise = 4 * math.sqrt(0.05 * 0.95 / COMPARE_REPLICATES)
    for scale, na, nb, claim in COMPARE_SETTINGS:
        low, high, top = scale
        p_value, flat_a, flat_b, alone, a_higher = compare_size(scale, na, nb)
        tested = ~np.isnan(p_value)
        size = float(np.mean(p_value[tested] < 0.05))
        rejected = tested & (np.nan_to_num(p_value, nan=1) < 0.05)
        flat = flat_a | flat_b
        only_a = flat_a & ~flat_b
        # p < 0.005 for t with b's error alone
        passed = int(np.sum(alone[only_a] > stats.t.isf(0.0025, nb - 1)))
        title = ("rating_mean_compare %d against %d, %d-%d with %.0f%% at %d: p < 0.05 in %.4f of %d comparisons "
                 "with a p-value, a's mean the higher in %.0f%% of those (of %d; %d with a flat side, p NULL; a "
                 "alone flat in %.1f%%, and then t with b's error alone p < 0.005 in %d of %d)"
                 % (na, nb, low, high, 100 * top, high, size, tested.sum(), 100 * a_higher[rejected].mean(),
                    len(p_value), flat.sum(), 100 * only_a.mean(), passed, only_a.sum()))
        ok = len(p_value) == COMPARE_REPLICATES and np.array_equal(~tested, flat)
        if claim == "band":
            ok = ok and abs(size - 0.05) <= noise
            title += " within 0.05 +/- 4 MCSE = %.4f .. %.4f" % (0.05 - noise, 0.05 + noise)
        elif claim == "calm":
            ok = ok and size <= 0.05 + noise
            title += " <= 0.05 + 4 MCSE = %.4f" % (0.05 + noise)
        elif claim == "eager":
            ok = ok and size > 0.05 + noise
            title += " > 0.05 + 4 MCSE = %.4f" % (0.05 + noise)
        tap.report(ok, title)


# ---- rating_mean_vs_rest: size under the null ----------------------------------------

def vs_rest_size(scale, sizes):
    """Rows, share of rows with p < 0.05, leagues, share of leagues where
    Holm flags a group; seeded, one query."""
    high = scale[1]
    sql = ("SET max_parallel_workers_per_gather = 0; SELECT setseed(0.%d%d%d);"
           "WITH u AS (SELECT l, g, random() AS u "
           "           FROM generate_series(1, %d) AS l, generate_series(1, %d) AS g, "
           "                generate_series(1, ('{%s}'::int[])[g]) AS i), "
           "r AS (SELECT l, g, %s AS x FROM u), "
           "s AS (SELECT l, g, nps_agg(x) AS s FROM r GROUP BY l, g), "
           "v AS (SELECT l, t.* FROM (SELECT l, array_agg(g::text ORDER BY g) AS labels, array_agg(s ORDER BY g) AS states "
           "                          FROM s GROUP BY l) AS a, rating_mean_vs_rest(labels, states) AS t), "
           "f AS (SELECT l, bool_or(p_holm < 0.05) AS flagged FROM v GROUP BY l) "
           "SELECT (SELECT count(*) FROM v), (SELECT avg((p_value < 0.05)::int) FROM v), "
           "       (SELECT count(*) FROM f), (SELECT avg(flagged::int) FROM f);"
           % (high, len(sizes), sizes[0], VS_REST_LEAGUES, len(sizes), ",".join(map(str, sizes)),
              piled_rating(scale)))
    rows, row_size, leagues, family = [row for row in sql_rows(sql, "|") if len(row) == 4][0]
    return int(rows), float(row_size), int(leagues), float(family)


def check_vs_rest_size():
    floor, ceiling = VS_REST_ROW_BOUNDS
    for scale, sizes in VS_REST_SETTINGS:
        rows, row_size, leagues, family = vs_rest_size(scale, sizes)
        groups = "%d groups of %d" % (len(sizes), sizes[0]) if len(set(sizes)) == 1 else "groups of %s" % sizes
        tap.report(rows == VS_REST_LEAGUES * len(sizes) and floor <= row_size <= ceiling
                   and family <= VS_REST_FAMILY_CEILING,
                   "rating_mean_vs_rest %s, %d-%d with %.0f%% at %d: rows p < 0.05 %.4f in [%.2f, %.2f] "
                   "(%d rows); Holm flags a group in %.4f <= %.2f of %d leagues"
                   % (groups, scale[0], scale[1], 100 * scale[2], scale[1], row_size, floor, ceiling, rows,
                      family, VS_REST_FAMILY_CEILING, leagues))


def main():
    check_wilson()
    check_wilson_low()
    check_nps_docs(check_nps())
    check_newcombe()
    check_sparse_compare()
    check_katz()
    check_quantiles()
    check_mean_ci()
    check_z_means()
    check_category_weighted()
    check_compare_size()
    check_vs_rest_size()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
