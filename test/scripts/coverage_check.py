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
                                 switch methods rests on it)

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

Simulated size: rating_mean_vs_rest compares each group with its
permutation distribution (statistics.md, "Which group stands out?"); leagues
of groups drawn from one population, ratings piled at the top of the scale,
must flag a group (Holm, 5%) in about 5% of leagues or fewer and each row
must reject in about 5% of tests.  Welch's t, used before, failed all
three: 10.0%, 8.2% and 6.1% of rows, a group flagged in 41.9%, 15.4% and
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
# rating_mean_vs_rest under the null: (scale, share of the top rating, the
# rest spread evenly below it), groups, leagues; ceilings just over the
# figures measured at this commit (in brackets), a floor under each row
# size so that a test which never rejects fails too
VS_REST_LEAGUES = 4000
VS_REST_SETTINGS = [((0, 10, 0.9), [30] * 10), ((0, 10, 0.9), [20, 50, 200, 500]), ((1, 5, 0.7), [30] * 5)]
VS_REST_ROW_BOUNDS = (0.02, 0.06)  # [0.0287, 0.0455, 0.0427]
VS_REST_FAMILY_CEILING = 0.06  # [0.0198, 0.0393, 0.0395]

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


def mean_ci_coverage(scale, n):
    """Samples, intervals, coverage of the true mean among the samples with an
    interval, and flat samples (every rating equal) without one; seeded, one query."""
    high, top = scale[1], scale[2]
    truth = true_mean(scale)
    sql = ("SET max_parallel_workers_per_gather = 0; SELECT setseed(0.%d%d%d);"
           "WITH u AS (SELECT r, random() AS u FROM generate_series(1, %d) AS r, generate_series(1, %d) AS i), "
           "x AS (SELECT r, %s AS x FROM u), "
           "s AS (SELECT r, rating_agg(x) AS s, min(x) = max(x) AS flat FROM x GROUP BY r), "
           "c AS (SELECT s.flat, ci.* FROM s, rating_mean_ci(s.s) AS ci) "
           "SELECT count(*), count(lower), avg((lower <= %r AND %r <= upper)::int), "
           "       count(*) FILTER (WHERE flat AND lower IS NULL AND upper IS NULL) FROM c;"
           % (high, round(top * 100), n, MEAN_CI_REPLICATES, n, piled_rating(scale), truth, truth))
    samples, intervals, coverage, flat = [row for row in sql_rows(sql, "|") if len(row) == 4][0]
    return int(samples), int(intervals), float(coverage), int(flat)


def check_mean_ci():
    noise = 4 * math.sqrt(0.95 * 0.05 / MEAN_CI_REPLICATES)
    for scale, sizes, short in MEAN_CI_SETTINGS:
        low, high, top = scale
        spread = ("%d-%d spread evenly" % (low, high) if abs(top * (high - low + 1) - 1) < SLACK
                  else "%d-%d with %.0f%% at %d" % (low, high, 100 * top, high))
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
    check_nps()
    check_newcombe()
    check_quantiles()
    check_mean_ci()
    check_vs_rest_size()
    return tap.finish()


if __name__ == "__main__":
    sys.exit(main())
