-- The Mann-Kendall trend test with Sen's slope over a series of period
-- values.  Figures are set against hand computations; monitoring_crosscheck.sh
-- checks the same function against scipy.stats.kendalltau and theilslopes.

-- 1, 3, 2, 5, 4 at times 1..5 (no ties), by hand: of the 10 pairs, 8 rise
-- and 2 fall, S = 6, Var(S) = 5 (4) (15) / 18 = 16.6667, z = (6 - 1) /
-- sqrt(16.6667) = 1.2247, p = 0.2207, tau = 6/10.  The 10 slopes sorted:
-- -1, -1, 1/3, 1/2, 3/4, 1, 1, 4/3, 2, 3: Sen's slope (3/4 + 1) / 2 =
-- 0.875, intercept median(x) - 0.875 median(t) = 3 - 2.625 = 0.375.
-- Interval: C = 1.96 sqrt(16.6667) = 8.00, ranks round((10 - 8) / 2) - 1 =
-- 0 and round((10 + 8) / 2) = 9 (0-based): -1 and 3.
SELECT n, s, round(variance::numeric, 4) AS variance, round(z::numeric, 4) AS z,
       round(p_value::numeric, 4) AS p_value, tau, slope, lower, upper, intercept
FROM mann_kendall(ARRAY[1, 3, 2, 5, 4]::float8[]);
SELECT round((5 / sqrt(300 / 18.0))::numeric, 4) AS z_by_hand;

-- Ties: 2, 2, 3, 3, 3, 5: S = 6 + 2 + 3 = 11; tie groups of 2 and 3, so
-- Var(S) = (6 (5) (17) - 2 (1) (9) - 3 (2) (11)) / 18 = 426 / 18 = 23.6667,
-- z = 10 / sqrt(23.6667) = 2.0556; tau = 11 / 15.
SELECT n, s, round(variance::numeric, 4) AS variance, round(z::numeric, 4) AS z,
       round(p_value::numeric, 4) AS p_value, round(tau::numeric, 4) AS tau, slope
FROM mann_kendall(ARRAY[2, 2, 3, 3, 3, 5]::float8[]);
SELECT round((10 / sqrt(426 / 18.0))::numeric, 4) AS z_by_hand;

-- NULL elements are missing periods: they keep the others' positions, so
-- 1, NULL, 3 rises by 1 per period
SELECT n, s, slope, intercept FROM mann_kendall(ARRAY[1, NULL, 3]::float8[]);

-- (time, value) pairs in any order: weeks 0, 1, 3, 7 with values 10, 12, 16,
-- 24 (2 per week): slope 2 per unit of time, intercept 10
SELECT n, s, slope, lower, upper, intercept
FROM mann_kendall(ARRAY[24, 10, 16, 12]::float8[], times => ARRAY[7, 0, 3, 1]::float8[]);

-- One function: the second argument is always the level, so an untyped
-- '0.5' or a parameter sent untyped is the level (1, 3, 2, 5, 4 above:
-- C = 0.674 sqrt(16.6667) = 2.75, ranks round(7.25 / 2) - 1 = 3 and
-- round(12.75 / 2) = 6: 1/2 and 1), not times (a (times, series) form
-- took it for a malformed array); a NULL level gives NULL, as any NULL but
-- times; NULL times are positions; times by position come fourth.
SELECT lower, upper FROM mann_kendall(ARRAY[1, 3, 2, 5, 4]::float8[], '0.5');
PREPARE mk_level AS SELECT lower, upper FROM mann_kendall(ARRAY[1, 3, 2, 5, 4]::float8[], $1);
EXECUTE mk_level('0.5');
DEALLOCATE mk_level;
SELECT (mann_kendall(ARRAY[1, 3, 2, 5, 4]::float8[], NULL)).n IS NULL AS null_level,
       (mann_kendall(ARRAY[1, 3, 2, 5, 4]::float8[], 0.95, NULL)).n IS NULL AS null_correction,
       (mann_kendall(NULL, 0.95)).n IS NULL AS null_series,
       (mann_kendall(ARRAY[1, 3, 2, 5, 4]::float8[], times => NULL)).slope AS null_times_slope,
       (mann_kendall(ARRAY[24, 10, 16, 12]::float8[], 0.95, 'none', ARRAY[7, 0, 3, 1]::float8[])).slope AS times_fourth_slope;
-- the old positional (times, series) is no call at all, not a silent one
SELECT * FROM mann_kendall(ARRAY[7, 0, 3, 1]::float8[], ARRAY[24, 10, 16, 12]::float8[]);

-- Over a rollup: the weekly NPS of a team, in week order
CREATE TEMP TABLE weekly_nps (week int, nps float8);
INSERT INTO weekly_nps VALUES (1, 31), (2, 28), (3, 35), (4, 33), (5, 38), (6, 36), (7, 41), (8, 40);
SELECT n, s, round(z::numeric, 4) AS z, round(p_value::numeric, 4) AS p_value, slope, lower, upper
FROM (SELECT array_agg(nps ORDER BY week) AS series FROM weekly_nps) AS w, mann_kendall(series);

-- Hamed and Rao's correction: a series with strong autocorrelation gets a
-- larger variance than without the correction (935: 20 (19) (45) / 18 = 950
-- less 270 / 18 for the ties)
SELECT c.correction, round(m.variance::numeric, 2) AS variance, round(m.z::numeric, 4) AS z
FROM (VALUES ('none'), ('hamed_rao')) AS c(correction),
     mann_kendall(ARRAY[1, 2, 3, 4, 5, 6, 5, 4, 3, 4, 5, 6, 7, 8, 9, 8, 7, 8, 9, 10]::float8[], 0.95, c.correction) AS m;

-- A short zig-zag can take Hamed and Rao's factor below 0: here -0.114,
-- which would make Var(S) = (2250 - 18 - 66) / 18 = 120.33 (ties of 2 and
-- 3) a variance of -13.72.  No variance exists then, so the variance, z, p
-- and the slope's interval are NULL; S and the slope stay
SELECT n, s, variance, z, p_value, slope, lower, upper
FROM mann_kendall(ARRAY[6, 5, 6, 8, 2, 8, 0, 8, 1, 4]::float8[], 0.95, 'hamed_rao');
SELECT n, s, round(variance::numeric, 4) AS variance FROM mann_kendall(ARRAY[6, 5, 6, 8, 2, 8, 0, 8, 1, 4]::float8[]);

-- Edge cases: one point and no points have no pairs: n, S = 0 and nothing
-- else; all values equal: S = 0, variance 0, slope 0, no z
SELECT * FROM mann_kendall(ARRAY[5]::float8[]);
SELECT * FROM mann_kendall(ARRAY[]::float8[]);
SELECT n, s, variance, z, p_value, tau, slope, lower, upper, intercept FROM mann_kendall(ARRAY[7, 7, 7, 7]::float8[]);
-- two points: one pair, variance 2 (1) (9) / 18 = 1, z = (1 - 1) / 1 = 0
SELECT n, s, variance, round(z::numeric, 4) AS z, slope, intercept FROM mann_kendall(ARRAY[1, 4]::float8[]);
-- Beyond 2^20 pairs the slopes are not sorted at once: Sen's slope and the
-- ends of its interval are found in passes over the pairs that sample the
-- slopes, split them around two pivots and keep the part holding the rank.
-- Two series of 1500 points (1,124,250 pairs), a trend of 0.01 a step and
-- noise from a hash, give the slopes that sorting them all in SQL puts at
-- the ranks sought: the two middle ones, round((N - C) / 2) - 1 and
-- round((N + C) / 2) with C = 1.959964 sqrt(Var S).  In the first series
-- each rank falls between the first pass's pivots, in the second below the
-- lower one (found with a model of the passes), the two ways to a second
-- step
CREATE TEMP TABLE mk_series AS
SELECT seed, i, (hashint4(i * seed) & 1048575)::float8 / 1048576 * 5 + i * 0.01::float8 AS x
FROM (VALUES (1), (4)) AS v(seed), generate_series(1, 1500) AS i;
WITH mk AS (
    SELECT seed, m.* FROM (SELECT seed, array_agg(x ORDER BY i) AS xs FROM mk_series GROUP BY seed) AS a, mann_kendall(xs) AS m
), sorted AS (
    SELECT a.seed, array_agg((b.x - a.x) / (b.i - a.i) ORDER BY (b.x - a.x) / (b.i - a.i)) AS slopes
    FROM mk_series AS a JOIN mk_series AS b ON b.seed = a.seed AND b.i > a.i
    GROUP BY a.seed
), ranks AS (
    SELECT mk.*, cardinality(slopes) AS pairs, slopes, 1.959963984540054 * sqrt(variance) AS c
    FROM mk JOIN sorted USING (seed)
)
SELECT seed, pairs, slope = (slopes[(pairs - 1) / 2 + 1] + slopes[pairs / 2 + 1]) / 2 AS slope_exact,
       lower = slopes[greatest(round((pairs - c) / 2) - 1, 0)::int + 1] AS lower_exact,
       upper = slopes[least(round((pairs + c) / 2), pairs - 1)::int + 1] AS upper_exact
FROM ranks ORDER BY seed;
DROP TABLE mk_series;
