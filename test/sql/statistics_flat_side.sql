-- A side whose answers are all equal (sample variance 0; under Wald, a
-- unanimous NPS sample, standard error 0) against a side that varies.  The
-- flat side's mean is not known exactly, so these tests would take the other
-- side's error alone and reject far too often: every comparison of means and
-- every Wald NPS comparison gives no test and no interval then (as with both
-- sides flat), and the one-sample intervals of satisfaction_breakdown and
-- gap_analysis are NULL rather than of zero width.  rating_mean_vs_rest is
-- the exception: it takes its variance from the group and the rest merged,
-- which a flat group does not make 0.

-------------------------------------------------------------------------------
-- means: rating_mean_compare, dimension_compare, gap_compare
-------------------------------------------------------------------------------

-- 30 fives against 270 ratings of 1-5: t was 8.77 on 269 df (p = 2e-16),
-- from the 270's error alone; the plug-in standard error stays
SELECT round(difference::numeric, 6) AS difference, round(stderr::numeric, 6) AS stderr, df, t, p_value, lower, upper
FROM rating_mean_compare('v1 5:30', 'v1 1:5 2:5 3:15 4:55 5:190');
-- either order, weighted too (the weighted flat side's mean is exactly 5)
SELECT v.i, c.t IS NULL AS no_t, c.p_value IS NULL AS no_p, c.lower IS NULL AS no_interval
FROM (VALUES (1, 'v1 1:5 2:5 3:15 4:55 5:190'::rating_state, 'v1 5:30'::rating_state),
             (2, 'v1 weighted sumsq=4.5 5:3:3.5', 'v1 weighted sumsq=6 4:1:1 5:2:3')) AS v(i, a, b),
     rating_mean_compare(a, b) AS c;
-- two sides of two different answers each still have a test
SELECT round(difference::numeric, 6) AS difference, round(t::numeric, 6) AS t, round(df::numeric, 6) AS df
FROM rating_mean_compare('v1 4:1 5:9', 'v1 4:9 5:1');
-- dimension_compare: the flat dimension has no test, the other one has
SELECT dimension, n_a, n_b, difference, round(stderr::numeric, 6) AS stderr, df, t IS NOT NULL AS has_t,
       p_value IS NOT NULL AS has_p, lower IS NOT NULL AS has_interval
FROM dimension_compare((SELECT dimension_agg(s) FROM (VALUES ('{5, 1}'::float8[]), ('{5, 2}'), ('{5, 3}')) AS t(s)),
                       (SELECT dimension_agg(s) FROM (VALUES ('{4, 1}'::float8[]), ('{5, 3}'), ('{3, 2}')) AS t(s)));
-- gap_compare: group a's gaps are all 1 (t was -2.74 on 5 df, p = 0.04);
-- stderr is b's alone, sqrt(0.8 / 6) = 0.365148
SELECT dimension, difference, round(stderr::numeric, 6) AS stderr, df, t, p_value, lower, upper
FROM gap_compare((SELECT gap_agg(ARRAY[e]::float8[], ARRAY[e + 1]::float8[]) FROM generate_series(1, 4) AS e),
                 (SELECT gap_agg(ARRAY[e]::float8[], ARRAY[e + 1 + e % 3]::float8[]) FROM generate_series(1, 6) AS e));

-------------------------------------------------------------------------------
-- NPS under Wald: nps_compare (0.1.0's three arguments and with a method)
-------------------------------------------------------------------------------

-- 5 promoters against a mixed 10: z was 2.90 (p = 0.004) from the 10's error alone
SELECT difference, round(stderr::numeric, 6) AS stderr, z, p_value, lower, upper
FROM nps_compare('v1 10:5', 'v1 0:3 8:2 10:5');
SELECT difference, z, p_value, lower, upper FROM nps_compare('v1 0:3 8:2 10:5', 'v1 8:4', 0.95, 'wald');
-- the adjusted method gives the unanimous side a standard error: a test
SELECT difference, round(z::numeric, 6) AS z, round(p_value::numeric, 6) AS p_value,
       round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper
FROM nps_compare('v1 10:5', 'v1 0:3 8:2 10:5', 0.95, 'adjusted_wald');
-- one response is unanimous too
SELECT z IS NULL AS no_z FROM nps_compare('v1 9:1', 'v1 0:3 8:2 10:5');

-------------------------------------------------------------------------------
-- many groups: the flat group leaves the family, the others keep theirs
-------------------------------------------------------------------------------

SELECT label_a, label_b, round(difference::numeric, 6) AS difference, t IS NOT NULL AS has_t, p_holm IS NOT NULL AS in_family
FROM rating_mean_pairwise('{flat,x,y}', ARRAY['v1 5:30', 'v1 3:10 4:10 5:10', 'v1 2:5 4:10 5:15']::rating_state[]);
-- rating_mean_vs_rest: the flat group has a test and an interval too (its
-- rest varies), from the variance of all 120 responses; only a whole
-- without variance has none, and sides that are each flat have no interval
-- (it would have no width)
SELECT label, round(stderr::numeric, 6) AS stderr, round(z::numeric, 6) AS z, p_holm IS NOT NULL AS in_family,
       round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM rating_mean_vs_rest('{flat,x,y}', ARRAY['v1 5:30', 'v1 3:10 4:10 5:10', 'v1 2:5 4:10 5:15']::rating_state[]);
SELECT label, difference, stderr, z, p_value, lower, upper
FROM rating_mean_vs_rest('{a,b}', ARRAY['v1 5:30', 'v1 5:20']::rating_state[]);
SELECT label, difference, round(stderr::numeric, 6) AS stderr, round(z::numeric, 6) AS z, p_value IS NOT NULL AS has_p,
       lower, upper
FROM rating_mean_vs_rest('{a,b}', ARRAY['v1 5:30', 'v1 4:20']::rating_state[]);
-- a flat group at the top of a nearly flat whole is the likeliest outcome
-- there: 5 tens against 9999 tens and a five got p = 0.025 from the Pearson
-- curve alone (it puts the mass at z = 0.045, above the group's 0.022); the
-- exact p is 1.  10 tens against 240 tens and 30 lower: the curve gave
-- p = 0.301; the exact p is twice the chance of 10 tens in 10 of 280,
-- 2 * SciPy's hypergeom.pmf(10, 280, 250, 10) = 0.631346
SELECT label, round(z::numeric, 6) AS z, round(skewness::numeric, 6) AS skewness, round(p_value::numeric, 6) AS p_value
FROM rating_mean_vs_rest('{flat,rest}', ARRAY['v1 10:5', 'v1 5:1 10:9999']::rating_state[]);
SELECT label, round(z::numeric, 6) AS z, round(p_value::numeric, 6) AS p_value
FROM rating_mean_vs_rest('{flat,rest}', ARRAY['v1 10:10', 'v1 0:3 1:3 2:3 3:3 4:3 5:3 6:3 7:3 8:3 9:3 10:240']::rating_state[]);
-- weighted, the same: the curve, its lower tail 1 and its upper tail at
-- least half the chance that the 5 drawn are all tens (for weighted
-- states the product's middle factor to the 5th power: 0.49975); the
-- curve's own upper tail is 0.987 (the skewness negative, its gamma
-- mirrored), so p = 1, the rest's row too (statistics_check.py's
-- reference; without the mirroring p would be 0.9995, without the atom
-- 0.025).  At the bottom, mirrored.  Weights other than 1 (the five at 2,
-- the tens at 1.5): p = 1, the curve alone 0.045
SELECT label, round(z::numeric, 6) AS z, round(skewness::numeric, 6) AS skewness, round(p_value::numeric, 6) AS p_value
FROM rating_mean_vs_rest('{flat,rest}', ARRAY['v1 weighted sumsq=5 10:5:5', 'v1 weighted sumsq=10000 5:1:1 10:9999:9999']::rating_state[]);
SELECT label, round(z::numeric, 6) AS z, round(skewness::numeric, 6) AS skewness, round(p_value::numeric, 6) AS p_value
FROM rating_mean_vs_rest('{flat,rest}', ARRAY['v1 weighted sumsq=5 0:5:5', 'v1 weighted sumsq=10000 0:9999:9999 5:1:1']::rating_state[]);
SELECT label, round(z::numeric, 6) AS z, round(skewness::numeric, 6) AS skewness, round(p_value::numeric, 6) AS p_value
FROM rating_mean_vs_rest('{flat,rest}', ARRAY['v1 weighted sumsq=11.25 10:5:7.5', 'v1 weighted sumsq=10003 5:1:2 10:9999:9999']::rating_state[]);
SELECT label_a, label_b, z IS NOT NULL AS has_z, p_holm IS NOT NULL AS in_family
FROM nps_pairwise('{unanimous,x,y}', ARRAY['v1 10:30', 'v1 0:5 8:10 10:15', 'v1 3:10 7:5 9:15']::rating_state[]);
SELECT label, z IS NOT NULL AS has_z, p_holm IS NOT NULL AS in_family
FROM nps_vs_rest('{unanimous,x,y}', ARRAY['v1 10:30', 'v1 0:5 8:10 10:15', 'v1 3:10 7:5 9:15']::rating_state[]);
SELECT label, z IS NOT NULL AS has_z
FROM nps_vs_rest('{unanimous,x,y}', ARRAY['v1 10:30', 'v1 0:5 8:10 10:15', 'v1 3:10 7:5 9:15']::rating_state[],
                 0.95, 'adjusted_wald');

-------------------------------------------------------------------------------
-- one sample: satisfaction_breakdown and gap_analysis (0.1.0)
-------------------------------------------------------------------------------

-- dimension 1 all fives: its interval was [5, 5]
SELECT dimension, n, mean, stddev, round(ci_lower::numeric, 6) AS ci_lower, round(ci_upper::numeric, 6) AS ci_upper, score
FROM satisfaction_breakdown((SELECT dimension_agg(s) FROM (VALUES ('{5, 1}'::float8[]), ('{5, 2}'), ('{5, 3}')) AS t(s)),
                            ARRAY[1, 1]);
-- gaps all 1: the interval was [1, 1]; the p-value was already NULL
SELECT dimension, n, gap, round(stddev::numeric, 6) AS stddev, round(ci_lower::numeric, 6) AS ci_lower,
       round(ci_upper::numeric, 6) AS ci_upper, round(p_value::numeric, 6) AS p_value
FROM gap_analysis((SELECT gap_agg(ARRAY[e, e]::float8[], ARRAY[e + 1, e + e % 3]::float8[]) FROM generate_series(1, 4) AS e));
