-- Control limits of one period against a baseline: p-chart, NPS chart and
-- x-bar chart of the mean rating.  Figures are set against published
-- examples and hand computations; monitoring_crosscheck.sh checks the same
-- functions against NumPy and SciPy on generated data.

-------------------------------------------------------------------------------
-- proportion_control_limits: the p-chart
-------------------------------------------------------------------------------

-- Montgomery, Introduction to Statistical Quality Control (6th ed., 2009),
-- Example 7.1 (frozen orange juice cans): 30 samples of 50 cans, 347
-- nonconforming in all, p = 347/1500 = 0.2313, limits 0.2313 -/+ 3
-- sqrt(0.2313 (0.7687) / 50): UCL 0.4102, LCL 0.0524.  Samples 15 (21 of
-- 50) and 23 (24 of 50) are beyond the UCL; sample 1 (12 of 50) is not.
SELECT sample, round(center::numeric, 4) AS center, round(lower::numeric, 4) AS lcl,
       round(upper::numeric, 4) AS ucl, estimate, out_of_control
FROM (VALUES (1, 12), (15, 21), (23, 24)) AS s(sample, nonconforming),
     proportion_control_limits(proportion_of(347, 1500), proportion_of(nonconforming, 50));

-- by hand: stderr sqrt(p (1 - p) / n), z = (x/n - p) / stderr, two-sided p
SELECT abs(stderr - sqrt(347 / 1500.0 * (1 - 347 / 1500.0) / 50)) < 1e-15 AS stderr_by_hand,
       abs(z - (21 / 50.0 - 347 / 1500.0) / sqrt(347 / 1500.0 * (1 - 347 / 1500.0) / 50)) < 1e-12 AS z_by_hand,
       round(z::numeric, 4) AS z, round((p_value * 1e3)::numeric, 4) AS p_times_1e3
FROM proportion_control_limits(proportion_of(347, 1500), proportion_of(21, 50));

-- the limits scale with the period's size: 2 sigma, sizes 10 to 10,000; the
-- lower limit is clipped to 0 for small periods
SELECT n, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper, out_of_control
FROM (VALUES (10), (100), (1000), (10000)) AS v(n),
     proportion_control_limits(proportion_of(1, 10), proportion_of(n / 5, n), 2);

-- which team's week is out of line: one query over a rollup
CREATE TEMP TABLE weekly (team text, week int, resolved proportion_state);
INSERT INTO weekly VALUES
    ('north', 1, proportion_of(80, 100)), ('north', 2, proportion_of(78, 100)), ('north', 3, proportion_of(55, 100)),
    ('south', 1, proportion_of(16, 20)), ('south', 2, proportion_of(12, 20)), ('south', 3, proportion_of(17, 20));
WITH baseline AS (SELECT team, proportion_agg(resolved) AS b FROM weekly WHERE week < 3 GROUP BY team)
SELECT w.team, w.week, round(c.estimate::numeric, 2) AS rate, round(c.lower::numeric, 4) AS lower,
       round(c.upper::numeric, 4) AS upper, c.out_of_control
FROM weekly w JOIN baseline USING (team), LATERAL proportion_control_limits(b, w.resolved) AS c
ORDER BY w.team, w.week;

-- edge cases: an empty period has only the center (limits depend on its
-- size), neither an estimate nor a flag; a
-- baseline of all successes (or none) has zero-width limits, so any period
-- off the center is out of control and z does not exist; an empty baseline
-- gives NULL
SELECT estimate, center, lower, upper, stderr, z, p_value, out_of_control
FROM proportion_control_limits(proportion_of(30, 100), proportion_of(0, 0));
SELECT estimate, center, lower, upper, stderr, z, p_value, out_of_control
FROM proportion_control_limits(proportion_of(50, 50), proportion_of(9, 10));
SELECT estimate, center, lower, upper, stderr, z, p_value, out_of_control
FROM proportion_control_limits(proportion_of(50, 50), proportion_of(10, 10));
SELECT estimate, center, lower, upper, stderr, z, p_value, out_of_control
FROM proportion_control_limits(proportion_of(0, 0), proportion_of(1, 2));
-- a baseline rate within 10^-11 of 1 (10 failures in 10^12): its spread
-- sqrt(p (1 - p)) takes 1 - p from the failures; against numeric (scale 40)
SELECT abs(stderr::numeric / sqrt(0.99999999999::numeric(60, 40) * 0.00000000001 / 100000) - 1) < 1e-14 AS stderr_ok
FROM proportion_control_limits('v1 999999999990/1000000000000', 'v1 99990/100000');
-- and a period near 1 against it: z from the failure rates (10^-4 against
-- 10^-11), against numeric; from the rates themselves it kept 9 digits
SELECT abs(z::numeric / ((0.00000000001::numeric(60, 40) - 0.0001)
                          / sqrt(0.99999999999::numeric(60, 40) * 0.00000000001 / 100000)) - 1) < 1e-14 AS z_ok
FROM proportion_control_limits('v1 999999999990/1000000000000', 'v1 99990/100000');
-- n = 1: limits 0.5 -/+ 3 (0.5) clipped to [0, 1]: never out of control
SELECT estimate, center, lower, upper, stderr, z, out_of_control
FROM proportion_control_limits(proportion_of(5, 10), proportion_of(1, 1));

-------------------------------------------------------------------------------
-- nps_control_limits: the NPS chart
-------------------------------------------------------------------------------

-- Baseline: 50 promoters, 30 passives, 20 detractors: NPS 30, scores +1/0/-1
-- with mean 0.3 and variance 0.5 + 0.2 - 0.09 = 0.61 (per response); for a
-- week of 25 responses the limits are 30 -/+ 3 (100 sqrt(0.61 / 25)) =
-- 30 -/+ 46.8615: [-16.8615, 76.8615].  A week of 25 with 5 promoters and 15
-- detractors (NPS -40) is out of control; one with 15 and 5 (NPS 40) is not.
SELECT round(center::numeric, 4) AS center, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper,
       estimate, round(z::numeric, 4) AS z, out_of_control
FROM (VALUES ('v1 9:5 7:5 0:15'::rating_state), ('v1 9:15 7:5 0:5')) AS w(week),
     nps_control_limits('v1 10:50 8:30 6:20', week);
SELECT round((30 + 3 * 100 * sqrt(0.61 / 25))::numeric, 4) AS upper_by_hand,
       round(((-40 - 30) / (100 * sqrt(0.61 / 25)))::numeric, 4) AS z_by_hand;
-- weighted periods count Kish's effective n: 4 responses of weights 1, 1, 1, 3
-- have n_eff = 36 / 12 = 3, so the stderr is 100 sqrt(0.61 / 3); NPS
-- (2 - 1) / 6 = 16.67
SELECT abs(stderr - 100 * sqrt(0.61 / 3)) < 1e-12 AS kish_n, estimate
FROM (SELECT nps_agg(s, w) AS week FROM (VALUES (10, 1.0), (9, 1.0), (0, 1.0), (8, 3.0)) AS r(s, w)) AS p,
     nps_control_limits('v1 10:50 8:30 6:20', week);
-- a baseline of 10^12 promoters and 10 detractors: 100 sqrt(p + d - (p -
-- d)^2) without its cancellation; against numeric (scale 40)
WITH s AS (SELECT 1000000000000 / 1000000000010::numeric(60, 40) AS p, 10 / 1000000000010::numeric(60, 40) AS d)
SELECT abs(c.stderr::numeric / (100 * sqrt((p + d - (p - d) ^ 2) / 100)) - 1) < 1e-14 AS stderr_ok
FROM s, nps_control_limits('v1 10:1000000000000 0:10', 'v1 10:99 0:1') AS c;
-- edge cases: a baseline of promoters only has no spread; an empty baseline
-- gives NULL
SELECT estimate, center, lower, upper, stderr, z, out_of_control FROM nps_control_limits('v1 10:4', 'v1 10:1 0:1');
SELECT estimate, center, lower, upper, out_of_control FROM nps_control_limits('v1', 'v1 10:1');

-------------------------------------------------------------------------------
-- rating_mean_control_limits: the x-bar chart of the mean rating
-------------------------------------------------------------------------------

-- Baseline ratings 3, 4, 4, 5, 5, 5, 2, 4 (1-5): mean 4, sample variance
-- (1 + 0 + 0 + 1 + 1 + 1 + 4 + 0) / 7 = 8/7; a period of 4 ratings has
-- limits 4 -/+ 3 sqrt(8/7 / 4) = 4 -/+ 1.6036.  Mean 2.25 is out of control.
SELECT center, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper,
       estimate, round(stderr::numeric, 6) AS stderr, out_of_control
FROM (VALUES ('v1 2:1 3:2 1:1'::rating_state), ('v1 4:2 5:2')) AS p(period),
     rating_mean_control_limits('v1 2:1 3:1 4:3 5:3', period);
SELECT round(sqrt(8 / 7.0 / 4)::numeric, 6) AS stderr_by_hand;
-- one baseline rating has no variance: NULL
SELECT estimate, center, lower, upper, out_of_control FROM rating_mean_control_limits('v1 4:1', 'v1 4:3');
-- a weighted baseline with n_eff 1.8 (weights 1 and 0.5 on ratings 3 and 5:
-- 2.25 / 1.25) has one: mean 11/3, variance (1 (4/9) + 0.5 (16/9)) / 1.5 x
-- 1.8 / 0.8 = 2, so a period of three 4s has a stderr of sqrt(2 / 3)
SELECT round(center::numeric, 6) AS center, round(stderr::numeric, 6) AS stderr,
       round(sqrt(2 / 3.0)::numeric, 6) AS stderr_by_hand
FROM rating_mean_control_limits('v1 weighted sumsq=1.25 3:1:1 5:1:0.5', 'v1 4:3');
