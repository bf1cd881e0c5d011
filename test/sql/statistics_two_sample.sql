-- Two independent samples: proportions, CSAT, mean ratings, dimensions, NPS.
-- Every figure is set against a hand computation or a published value; the
-- suite statistics_crosscheck.sh checks the same functions against
-- statsmodels and SciPy on generated data.

-------------------------------------------------------------------------------
-- proportion_compare: Newcombe's hybrid score interval (method 10)
-------------------------------------------------------------------------------

-- Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10,
-- published to 4 decimals:
--   (a) 56/70 - 48/80: 0.0524 to 0.3339     (b) 9/10 - 3/10: 0.1705 to 0.8090
--   (d) 5/56 - 0/29: -0.0381 to 0.1926      (e) 0/10 - 0/20: -0.1611 to 0.2775
--   (f) 0/10 - 0/10: -0.2775 to 0.2775      (g) 10/10 - 0/20: 0.6791 to 1.0000
--   (h) 10/10 - 0/10: 0.6075 to 1.0000
SELECT example, round(difference::numeric, 4) AS difference,
       round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM (VALUES ('a', proportion_of(56, 70), proportion_of(48, 80)),
             ('b', proportion_of(9, 10), proportion_of(3, 10)),
             ('d', proportion_of(5, 56), proportion_of(0, 29)),
             ('e', proportion_of(0, 10), proportion_of(0, 20)),
             ('f', proportion_of(0, 10), proportion_of(0, 10)),
             ('g', proportion_of(10, 10), proportion_of(0, 20)),
             ('h', proportion_of(10, 10), proportion_of(0, 10))) AS v(example, a, b),
     proportion_compare(a, b);

-- The method by hand for (a): Wilson limits of each proportion (as
-- proportion_ci), then d -/+ the root of the squared distances.
WITH w AS (
    SELECT 56 / 70.0 AS p1, 48 / 80.0 AS p2, a.lower AS l1, a.upper AS u1, b.lower AS l2, b.upper AS u2
    FROM proportion_ci(proportion_of(56, 70)) AS a, proportion_ci(proportion_of(48, 80)) AS b)
SELECT abs(c.lower - ((p1 - p2) - sqrt((p1 - l1) ^ 2 + (u2 - p2) ^ 2))) < 1e-15 AS lower_by_hand,
       abs(c.upper - ((p1 - p2) + sqrt((u1 - p1) ^ 2 + (p2 - l2) ^ 2))) < 1e-15 AS upper_by_hand
FROM w, proportion_compare(proportion_of(56, 70), proportion_of(48, 80)) AS c;

-- Agresti, An Introduction to Categorical Data Analysis (2nd ed., 2007): the
-- Physicians' Health Study, myocardial infarction in 189 of 11034 on placebo
-- and 104 of 11037 on aspirin; difference 0.0077, relative risk 1.82.
-- Pooled z: p = 293/22071, z = d / sqrt(p (1 - p) (1/11034 + 1/11037));
-- z^2 = 25.01 is Pearson's chi-square of the 2x2 table.  Katz: log RR -/+
-- 1.959964 sqrt(1/189 - 1/11034 + 1/104 - 1/11037) = (1.4330, 2.3059).
SELECT round(difference::numeric, 4) AS difference, round(z::numeric, 6) AS z,
       round((z * z)::numeric, 2) AS chi_square, p_value < 1e-6 AS significant,
       round(risk_ratio::numeric, 4) AS risk_ratio,
       round(risk_ratio_lower::numeric, 4) AS rr_lower, round(risk_ratio_upper::numeric, 4) AS rr_upper
FROM proportion_compare(proportion_of(189, 11034), proportion_of(104, 11037));
SELECT round(((189 / 11034.0 - 104 / 11037.0)
              / sqrt(293 / 22071.0 * (1 - 293 / 22071.0) * (1 / 11034.0 + 1 / 11037.0)))::numeric, 6) AS z_by_hand,
       round(exp(ln((189 / 11034.0) / (104 / 11037.0))
                 - 1.959963984540054 * sqrt(1 / 189.0 - 1 / 11034.0 + 1 / 104.0 - 1 / 11037.0))::numeric, 4) AS rr_lower_by_hand,
       round(exp(ln((189 / 11034.0) / (104 / 11037.0))
                 + 1.959963984540054 * sqrt(1 / 189.0 - 1 / 11034.0 + 1 / 104.0 - 1 / 11037.0))::numeric, 4) AS rr_upper_by_hand;
-- the two-sided p-value of z = 5.001388: 2 (1 - Phi(z)) = 5.6919e-07
SELECT round((p_value * 1e7)::numeric, 3) AS p_times_1e7
FROM proportion_compare(proportion_of(189, 11034), proportion_of(104, 11037));

-- Other levels: the interval widens with the level, the test does not change.
SELECT level, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper,
       round(risk_ratio_lower::numeric, 4) AS rr_lower, round(z::numeric, 6) AS z
FROM (VALUES (0.8), (0.95), (0.99)) AS l(level),
     proportion_compare(proportion_of(56, 70), proportion_of(48, 80), level);

-- Edge cases
-- identical groups: difference 0, z 0, p 1, risk ratio 1
SELECT difference, z, p_value, risk_ratio, round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM proportion_compare(proportion_of(30, 100), proportion_of(30, 100));
-- zero successes on both sides: no variance under the null, so z and p do
-- not exist; the interval does (example (e) above); no risk ratio (0/0)
SELECT difference, z, p_value, risk_ratio, risk_ratio_lower FROM proportion_compare(proportion_of(0, 10), proportion_of(0, 20));
-- all successes on both sides: likewise; the ratio is 1 with a zero-width
-- Katz interval (its variance 1/x - 1/n is 0 on both sides)
SELECT difference, z, p_value, risk_ratio, risk_ratio_lower, risk_ratio_upper
FROM proportion_compare(proportion_of(20, 20), proportion_of(10, 10));
-- zero successes on one side: a ratio of 0 (or none, 5/56 over 0/29), no Katz interval
SELECT risk_ratio, risk_ratio_lower, risk_ratio_upper, round(z::numeric, 6) AS z
FROM proportion_compare(proportion_of(0, 29), proportion_of(5, 56));
SELECT risk_ratio, risk_ratio_lower, risk_ratio_upper FROM proportion_compare(proportion_of(5, 56), proportion_of(0, 29));
-- n = 1 on each side: 1/1 - 0/1 with pooled p = 1/2, z = 1 / sqrt(1/4 * 2) = sqrt(2)
SELECT difference, round(z::numeric, 12) AS z, round(sqrt(2)::numeric, 12) AS sqrt_2,
       round(lower::numeric, 4) AS lower, upper
FROM proportion_compare(proportion_of(1, 1), proportion_of(0, 1));
-- a side without trials: no comparison
SELECT proportion_compare(proportion_of(0, 0), proportion_of(3, 10)) IS NULL AS empty_a,
       proportion_compare(proportion_of(3, 10), proportion_of(0, 0)) IS NULL AS empty_b;
-- the sign follows the order; p does not
SELECT (proportion_compare(a, b)).difference = -(proportion_compare(b, a)).difference AS opposite,
       (proportion_compare(a, b)).p_value = (proportion_compare(b, a)).p_value AS same_p,
       abs((proportion_compare(a, b)).lower + (proportion_compare(b, a)).upper) < 1e-15 AS mirrored
FROM (VALUES (proportion_of(56, 70), proportion_of(48, 80))) AS t(a, b);
-- Rates within 10^-11 of 1 are worked with through their failures: 10 and 3
-- failures in 10^12 trials a side.  From the counts in numeric arithmetic
-- (scale 40): d = -7e-12; pooled z; Newcombe's limits from the Wilson
-- limits by their formula.  Computed from the rates these kept 5 digits of
-- d and z (-6.99996e-12); at 10^17 trials a side the pooled rate rounded to
-- 1, which left no z.
CREATE TEMP TABLE near_one (trials bigint, failures_a bigint, failures_b bigint);
INSERT INTO near_one VALUES (1000000000000, 10, 3), (100000000000000000, 10, 3), (1000000000000, 0, 3);
CREATE TEMP VIEW near_one_by_hand AS
WITH c AS (SELECT trials, failures_a, failures_b, trials::numeric(60, 40) AS n,
                  (trials - failures_a)::numeric(60, 40) AS xa, (trials - failures_b)::numeric(60, 40) AS xb,
                  1.959963984540054::numeric(60, 40) AS z FROM near_one),
     w AS (SELECT c.*, xa / n AS pa, xb / n AS pb, z * z / n AS z2n FROM c),
     l AS (SELECT w.*,
                  (pa + z2n / 2) / (1 + z2n) - z / (1 + z2n) * sqrt(pa * (1 - pa) / n + z2n / (4 * n)) AS la,
                  (pa + z2n / 2) / (1 + z2n) + z / (1 + z2n) * sqrt(pa * (1 - pa) / n + z2n / (4 * n)) AS ua,
                  (pb + z2n / 2) / (1 + z2n) - z / (1 + z2n) * sqrt(pb * (1 - pb) / n + z2n / (4 * n)) AS lb,
                  (pb + z2n / 2) / (1 + z2n) + z / (1 + z2n) * sqrt(pb * (1 - pb) / n + z2n / (4 * n)) AS ub,
                  (xa + xb) / (2 * n) AS pooled FROM w)
SELECT trials, failures_a, failures_b, pa - pb AS d,
       (pa - pb) / sqrt(pooled * (1 - pooled) * 2 / n) AS z,
       pa - pb - sqrt((pa - la) ^ 2 + (ub - pb) ^ 2) AS lower,
       pa - pb + sqrt((ua - pa) ^ 2 + (pb - lb) ^ 2) AS upper
FROM l;
SELECT h.trials, h.failures_a, h.failures_b, r.difference,
       abs(r.difference::numeric / h.d - 1) < 1e-14 AS d_ok,
       abs(r.z::numeric / h.z - 1) < 1e-13 AS z_ok,
       abs(r.lower::numeric / h.lower - 1) < 1e-13 AS lower_ok,
       abs(r.upper::numeric / h.upper - 1) < 1e-12 AS upper_ok
FROM near_one_by_hand h,
     proportion_compare(format('v1 %s/%s', h.trials - h.failures_a, h.trials)::proportion_state,
                        format('v1 %s/%s', h.trials - h.failures_b, h.trials)::proportion_state) AS r
ORDER BY h.trials, h.failures_a;
-- at a level so low that z is 0 (below about 1e-16) the interval is the
-- difference itself
SELECT difference, lower, upper FROM proportion_compare('v1 3/10', 'v1 5/10', 1e-17);
-- states from proportion_agg compare like counts
SELECT (proportion_compare(a, b)).difference = (proportion_compare(proportion_of(3, 5), proportion_of(1, 4))).difference AS from_aggregates
FROM (SELECT proportion_agg(x) FILTER (WHERE g = 1) AS a, proportion_agg(x) FILTER (WHERE g = 2) AS b
      FROM (VALUES (1, true), (1, true), (1, false), (1, true), (1, false), (1, NULL),
                   (2, false), (2, true), (2, false), (2, false)) AS r(g, x)) AS s;

-------------------------------------------------------------------------------
-- csat_compare: top-box shares as proportions, in percentage points
-------------------------------------------------------------------------------

-- a: 50 of 60 rated 4-5, b: 30 of 50.  Unweighted, it is proportion_compare
-- of 50/60 and 30/50 with the difference and its interval times 100.
SELECT round(c.difference::numeric, 6) AS difference, round(p.difference::numeric * 100, 6) AS from_counts,
       c.z = p.z AS same_z, c.p_value = p.p_value AS same_p,
       abs(c.lower - 100 * p.lower) < 1e-12 AS same_lower, abs(c.upper - 100 * p.upper) < 1e-12 AS same_upper,
       c.risk_ratio = p.risk_ratio AS same_ratio, c.risk_ratio_lower = p.risk_ratio_lower AS same_ratio_lower
FROM csat_compare('v1 1:2 2:3 3:5 4:20 5:30', 'v1 1:5 2:5 3:10 4:20 5:10') AS c,
     proportion_compare(proportion_of(50, 60), proportion_of(30, 50)) AS p;
-- 0-10 scale with 9-10 satisfied: a has 3 of 4 (9, 10, 9, 2), b 1 of 4
SELECT round(difference::numeric, 6) AS difference, round(z::numeric, 6) AS z,
       round((50 / sqrt(0.5 * 0.5 * (1 / 4.0 + 1 / 4.0)) / 100)::numeric, 6) AS z_by_hand
FROM csat_compare('v1 2:1 9:2 10:1', 'v1 3:1 5:2 9:1', 0, 10, 9);
-- Weighted: Kish's effective counts.  Weights 2 on 5, 1 on 3 and 1 on 4:
-- share 3/4 by weight, n_eff = 16 / 6; b: 4 and 2 with weight 1, share 1/2,
-- n_eff = 2.  z = 0.25 / sqrt(p (1 - p) (6/16 + 1/2)), p = (2 + 1) / (16/6 + 2)
SELECT round(difference::numeric, 6) AS difference, round(z::numeric, 6) AS z,
       round((0.25 / sqrt((3 / (16 / 6.0 + 2)) * (1 - 3 / (16 / 6.0 + 2)) * (6 / 16.0 + 0.5)))::numeric, 6) AS z_by_hand
FROM csat_compare((SELECT rating_agg(r, w) FROM (VALUES (5, 2.0), (3, 1.0), (4, 1.0)) AS t(r, w)),
                  (SELECT rating_agg(r, 1.0) FROM (VALUES (4), (2)) AS t(r)));
-- a weighted state compares with an unweighted one: each side stands alone
SELECT difference, round(z::numeric, 6) AS z
FROM csat_compare('v1 weighted sumsq=6 3:1:1 4:1:1 5:1:2', 'v1 2:1 4:1');
-- weighted states where everyone is satisfied, whose effective counts the
-- weights' rounding could leave an ulp off n_eff: as with counts, no z and
-- no p, a difference of 0 and a risk ratio of 1 with a zero-width interval
SELECT difference, z, p_value, risk_ratio, risk_ratio_lower, risk_ratio_upper
FROM csat_compare('v1 weighted sumsq=123.77 4:17:39.1', 'v1 weighted sumsq=84.26 4:20:33.800000000000004');
-- no responses on a side: NULL; ratings off the scale: the error csat gives
SELECT csat_compare('v1', 'v1 5:3') IS NULL AS empty_side;

-------------------------------------------------------------------------------
-- rating_mean_compare: Welch's t
-------------------------------------------------------------------------------

-- a = {5, 4, 4, 3} (mean 4, var 2/3), b = {2, 3, 4} (mean 3, var 1):
-- v = 2/3/4 + 1/3 = 1/6 + 1/3 = 1/2, se = sqrt(1/2), t = sqrt(2),
-- df = (1/2)^2 / ((1/6)^2 / 3 + (1/3)^2 / 2) = 0.25 / (1/108 + 1/18) = 27/7
SELECT difference, round(stderr::numeric, 12) AS stderr, round(sqrt(0.5)::numeric, 12) AS se_by_hand,
       round(df::numeric, 12) AS df, round(27 / 7.0, 12) AS df_by_hand,
       round(t::numeric, 12) AS t, round(sqrt(2)::numeric, 12) AS t_by_hand,
       round(p_value::numeric, 6) AS p_value, round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM rating_mean_compare('v1 3:1 4:2 5:1', 'v1 2:1 3:1 4:1');
-- the interval is 1 -/+ t_crit sqrt(1/2) with t_crit the 0.975 quantile of t
-- on 27/7 df, 2.8175 (scipy.stats.t.ppf(0.975, 27/7) = 2.81747...); the
-- p-value above is 2 P(T > sqrt 2) = 0.232703 (2 scipy.stats.t.sf(sqrt 2, 27/7))
SELECT round(((upper - lower) / 2 / stderr)::numeric, 4) AS t_critical,
       abs((upper + lower) / 2 - difference) < 1e-15 AS centred
FROM rating_mean_compare('v1 3:1 4:2 5:1', 'v1 2:1 3:1 4:1');
-- identical groups: difference and t 0, p 1
SELECT difference, t, p_value FROM rating_mean_compare('v1 3:1 4:2 5:1', 'v1 3:1 4:2 5:1');
-- zero variance on both sides: the difference and a zero standard error,
-- nothing else exists
SELECT * FROM rating_mean_compare('v1 5:10', 'v1 4:7');
-- zero variance on one side: that side's mean is not known exactly either,
-- so no t (statistics_flat_side has more); the plug-in standard error stays
SELECT * FROM rating_mean_compare('v1 5:10', 'v1 4:1 5:1');
-- n = 1 on a side: no variance there, so only the difference
SELECT * FROM rating_mean_compare('v1 5:1', 'v1 3:1 4:2 5:1');
-- no responses on a side: NULL
SELECT rating_mean_compare('v1', 'v1 4:3') IS NULL AS empty_side;
-- Weighted: mean and variance as rating_mean and rating_stddev, n = Kish's n_eff.
-- a: weights 2, 1, 1 on 5, 3, 4: mean 4.25, n_eff 16/6
SELECT round(difference::numeric, 12) AS difference, round((rating_mean(a) - rating_mean(b))::numeric, 12) AS by_accessors,
       round(stderr::numeric, 12) AS stderr,
       round(sqrt(rating_stddev(a) ^ 2 / nps_effective_n(a) + rating_stddev(b) ^ 2 / nps_effective_n(b))::numeric, 12) AS se_by_accessors
FROM (SELECT rating_agg(r, w) AS a FROM (VALUES (5, 2.0), (3, 1.0), (4, 1.0)) AS t(r, w)) x,
     (SELECT rating_agg(r, w) AS b FROM (VALUES (2, 1.0), (3, 3.0), (4, 1.0), (5, 0.5)) AS t(r, w)) y,
     rating_mean_compare(a, b);

-------------------------------------------------------------------------------
-- dimension_compare: Welch's t per dimension
-------------------------------------------------------------------------------

-- positional: dimension 1 as above ({5,4,4,3} vs {2,3,4}); dimension 2 only in a
SELECT dimension, n_a, n_b, mean_a, mean_b, difference, round(stderr::numeric, 12) AS stderr,
       round(df::numeric, 12) AS df, round(t::numeric, 12) AS t, round(p_value::numeric, 6) AS p_value
FROM dimension_compare((SELECT dimension_agg(s) FROM (VALUES ('{5, 1}'::float8[]), ('{4, 2}'), ('{4, NULL}'), ('{3, 3}')) AS t(s)),
                       (SELECT dimension_agg(s) FROM (VALUES ('{2}'::float8[]), ('{3}'), ('{4}')) AS t(s)));
-- it agrees with rating_mean_compare on the same answers
SELECT (SELECT t FROM dimension_compare('v1 (4 16 2 3 5)', 'v1 (3 9 2 2 4)'))
     = (SELECT t FROM rating_mean_compare('v1 3:1 4:2 5:1', 'v1 2:1 3:1 4:1')) AS same_t;
-- named: by name, every name of either side in order; one answer on a side: no t
SELECT dimension, n_a, n_b, mean_a, mean_b, difference, t
FROM dimension_compare('v1 "speed" (4 16 2 3 5) "tone" (1 4 0 4 4)', 'v1 "clarity" (2 7 0.5 3 4) "tone" (3 9 2 2 4)');
-- an empty state on one side gives a row per dimension of the other
SELECT dimension, n_a, n_b, difference FROM dimension_compare('v1', 'v1 "tone" (3 9 2 2 4)');
SELECT count(*) AS rows_of_two_empty FROM dimension_compare('v1', 'v1');

-------------------------------------------------------------------------------
-- nps_compare with a method
-------------------------------------------------------------------------------

-- 'wald' is nps_compare(a, b, level) exactly
SELECT nps_compare(a, b, 0.95, 'wald') = nps_compare(a, b) AS wald_is_default,
       nps_compare(a, b, 0.9, 'wald') = nps_compare(a, b, 0.9) AS with_level,
       nps_compare(a, b, level => 0.95, method => 'adjusted_wald') = nps_compare(a, b) AS adjusted_differs
FROM (VALUES ('v1 10:300 8:125 0:75'::rating_state, 'v1 10:260 8:140 0:100'::rating_state)) AS t(a, b);
-- Adjusted Wald (Rocks 2016) on each side: 3/4 more promoters and detractors,
-- 3 more responses.  a: 12 promoters, 5 passives, 3 detractors of 20 ->
-- p = 12.75/23, d = 3.75/23; b: 10, 6, 4 -> p = 10.75/23, d = 4.75/23.
-- The difference stays the observed 45 - 30 = 15; the rest uses the
-- adjusted shares: center 100 (2/23 + 1/23) = 300/23.
SELECT difference, round(stderr::numeric, 9) AS stderr, round(z::numeric, 9) AS z,
       round(lower::numeric, 9) AS lower, round(upper::numeric, 9) AS upper
FROM nps_compare('v1 0:3 8:5 10:12', 'v1 0:4 8:6 10:10', 0.95, 'adjusted_wald');
SELECT round(se::numeric, 9) AS se_by_hand, round((300 / 23.0 / se)::numeric, 9) AS z_by_hand,
       round((300 / 23.0 - 1.959963984540054 * se)::numeric, 9) AS lower_by_hand
FROM (SELECT 100 * sqrt((16.5 / 23 - (9 / 23.0) ^ 2) / 23 + (15.5 / 23 - (6 / 23.0) ^ 2) / 23) AS se) AS x;
-- unanimous samples: Wald has no z; the adjusted shares do
SELECT w.z AS wald_z, round(a.z::numeric, 6) AS adjusted_z, round(a.p_value::numeric, 6) AS adjusted_p
FROM nps_compare('v1 10:5', 'v1 0:5', 0.95, 'wald') AS w, nps_compare('v1 10:5', 'v1 0:5', 0.95, 'adjusted_wald') AS a;
-- an empty side: NULL
SELECT nps_compare('v1', 'v1 9:3', 0.95, 'adjusted_wald') IS NULL AS empty_side;
-- three arguments are always nps_compare(a, b, level), also with an untyped
-- level (a quoted literal, or a parameter a driver sends untyped), which 0.1.0
-- had; a third argument of text would otherwise take them
SELECT nps_compare('v1 9:5 0:2', 'v1 9:2 0:5', '0.9') = nps_compare('v1 9:5 0:2', 'v1 9:2 0:5', 0.9) AS quoted_level;
PREPARE untyped_level AS SELECT p_value FROM nps_compare($1, $2, $3);
EXECUTE untyped_level('v1 9:5 0:2', 'v1 9:2 0:5', '0.9');
DEALLOCATE untyped_level;
-- and a method alone is not a level
SELECT nps_compare('v1 9:5', 'v1 0:5', 'adjusted_wald');
