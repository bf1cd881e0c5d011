-- Gap analysis, driver analysis, AHP weights, scorecards and the after-sales composite.

-- Gap: expectation vs perception, paired per dimension (NULL on either side drops the pair)
--   r1: E {4, 5} P {5, 3}   r2: E {3, 4} P {3, NULL}   r3: E {5, NULL} P {4, 4}   r4: E {4, 4} P {2, 4}
-- by hand: dimension 1 pairs (4,5) (3,3) (5,4) (4,2): gaps 1, 0, -1, -2 -> mean -0.5,
--   expectation 4, perception 3.5, var_samp 5/3, se = sqrt(5/3) / 2 = 0.645497,
--   95% CI -0.5 -/+ 1.959964 * 0.645497 = [-1.765151, 0.765151], p = 2 (1 - Phi(0.774597)) = 0.438578
-- dimension 2 pairs (5,3) (4,4): gaps -2, 0 -> mean -1, var_samp 2, se 1, CI [-2.959964, 0.959964],
--   p = 2 (1 - Phi(1)) = 0.317311
CREATE TABLE sat_gap (id int, expectation float8[], perception float8[]);
INSERT INTO sat_gap VALUES
    (1, '{4, 5}', '{5, 3}'), (2, '{3, 4}', '{3, NULL}'), (3, '{5, NULL}', '{4, 4}'), (4, '{4, 4}', '{2, 4}'),
    (5, NULL, '{1, 1}');
SELECT gap_agg(expectation, perception) FROM sat_gap;
SELECT dimension, n, expectation, perception, gap, round(stddev::numeric, 9) AS stddev,
       round(ci_lower::numeric, 6) AS ci_lower, round(ci_upper::numeric, 6) AS ci_upper,
       round(p_value::numeric, 6) AS p_value
FROM gap_analysis((SELECT gap_agg(expectation, perception) FROM sat_gap), ARRAY['reliability', 'attitude']);
-- the same from plain SQL over the differences
SELECT k AS dimension, count(d) AS n, avg(d) AS gap, round(stddev_samp(d)::numeric, 9) AS stddev
FROM sat_gap, generate_series(1, 2) AS k, LATERAL (SELECT perception[k] - expectation[k] AS d) AS x
GROUP BY k ORDER BY k;
-- other levels; a dimension without pairs; identical pairs have no spread (no
-- p-value, and no interval: a zero-width one would claim the gap is known)
SELECT dimension, round(ci_lower::numeric, 4) AS lower_80, round(ci_upper::numeric, 4) AS upper_80
FROM gap_analysis((SELECT gap_agg(expectation, perception) FROM sat_gap), level => 0.8);
SELECT * FROM gap_analysis('v1 gap (0) (2 3 3 2 2 2 0)');
-- merging: + and gap_agg(paired_state), the merge named like the builder
SELECT (SELECT gap_agg(expectation, perception) FROM sat_gap WHERE id <= 2)
     + (SELECT gap_agg(expectation, perception) FROM sat_gap WHERE id > 2) AS plus,
       (SELECT gap_agg(st) FROM (SELECT gap_agg(expectation, perception) AS st FROM sat_gap GROUP BY id) AS g) AS merged;
-- paired_agg, the 0.1.0 name of the merge, is its alias: the same state
SELECT gap_agg(st)::text = paired_agg(st)::text AS alias_gives_the_same,
       gap_agg(st)::text = (SELECT gap_agg(expectation, perception) FROM sat_gap)::text AS merged_equals_whole
FROM (SELECT gap_agg(expectation, perception) AS st FROM sat_gap GROUP BY id % 2) AS g;
DROP TABLE sat_gap;

-- Driver analysis: correlation of each dimension with overall satisfaction
--   overall 5: {5, 4, 2}   4: {4, 4, 3}   3: {3, 5, 4}   2: {2, 3, 5}   1: {1, NULL, 4}
-- by hand: dimension 1 equals overall: r = 1, mean 3.
--   dimension 2, pairs (5,4) (4,4) (3,5) (2,3): deviations from the means 3.5 and 4 give
--   cross 1, squares 5 and 2: r = 1 / sqrt(10) = 0.316228, mean 4.
--   dimension 3, 5 pairs: cross -6, squares 10 and 5.2: r = -6 / sqrt(52) = -0.832050, mean 3.6.
-- Importance: shares of the positive correlations, 1 / 1.316228 = 0.759747 and
-- 0.316228 / 1.316228 = 0.240253; dimension 3 gets 0.
-- Quadrant cross-hairs: mean r = (1 + 0.316228 - 0.832050) / 3 = 0.161393 and mean
-- performance (3 + 4 + 3.6) / 3 = 3.533333: dimension 1 is important but below par
-- ("concentrate here"), 2 important and above ("keep up the good work"), 3 less
-- important and above ("possible overkill")
CREATE TABLE sat_driver (overall float8, scores float8[]);
INSERT INTO sat_driver VALUES (5, '{5, 4, 2}'), (4, '{4, 4, 3}'), (3, '{3, 5, 4}'), (2, '{2, 3, 5}'),
                              (1, '{1, NULL, 4}'), (NULL, '{5, 5, 5}');
SELECT driver_agg(overall, scores) FROM sat_driver;
SELECT dimension, n, performance, round(correlation::numeric, 12) AS correlation,
       round(importance::numeric, 12) AS importance, quadrant
FROM driver_analysis((SELECT driver_agg(overall, scores) FROM sat_driver),
                     ARRAY['resolution', 'response speed', 'attitude']);
SELECT round(corr(overall, scores[1])::numeric, 12) AS r1, round(corr(overall, scores[2])::numeric, 12) AS r2,
       round(corr(overall, scores[3])::numeric, 12) AS r3,
       round((1 / (1 + corr(overall, scores[2])))::numeric, 12) AS importance1
FROM sat_driver;
SELECT (SELECT bool_and(abs(a - b) <= 1e-12 * abs(b))
        FROM unnest(driver_correlations(st), ARRAY[corr1, corr2, corr3]) AS u(a, b)) AS correlations_as_corr,
       round((driver_importance(st))[1]::numeric, 12) AS importance1, (driver_importance(st))[3] AS importance3
FROM (SELECT driver_agg(overall, scores) AS st, corr(overall, scores[1]) AS corr1,
             corr(overall, scores[2]) AS corr2, corr(overall, scores[3]) AS corr3 FROM sat_driver) AS x;
-- driver states merge with driver_agg(paired_state) (or the alias paired_agg);
-- a driver state does not merge with a gap state, whichever name merges them
SELECT (SELECT array_agg(n) FROM driver_analysis(driver_agg(st))) AS merged_pairs,
       driver_agg(st)::text = paired_agg(st)::text AS alias_gives_the_same,
       (SELECT bool_and(abs(a - b) <= 1e-12)
        FROM unnest(driver_correlations(driver_agg(st)),
                    driver_correlations((SELECT driver_agg(overall, scores) FROM sat_driver))) AS u(a, b))
           AS correlations_as_whole
FROM (SELECT driver_agg(overall, scores) AS st FROM sat_driver GROUP BY overall > 3) AS g;
SELECT driver_agg(st) FROM (VALUES ('v1 driver (1 5 5 0 0 0 0)'::paired_state), ('v1 gap (1 4 5 0 0 0 0)')) AS t(st);
-- importance weights feed the index: a driver-weighted satisfaction index.  By hand:
-- dimension means 3 and 4 score 50 and 75 on 1-5: (50 + 75 / sqrt(10)) / (1 + 1 / sqrt(10))
SELECT round(satisfaction_index(dimension_agg(scores), driver_importance(driver_agg(overall, scores)))::numeric, 9) AS driver_weighted_index,
       round(((50 + 75 / sqrt(10)) / (1 + 1 / sqrt(10)))::numeric, 9) AS by_hand
FROM sat_driver WHERE overall IS NOT NULL;
-- dimensions that do not vary have no correlation, importance or quadrant
SELECT * FROM driver_analysis('v1 driver (3 2 4 2 0 0 2) (3 2 3 2 2 1 2)');
SELECT driver_correlations('v1 driver (3 2 4 2 0 0 2) (1 2 3 0 0 0 0)') AS undefined,
       driver_importance('v1 driver (3 2 4 2 0 0 2) (3 2 3 2 2 -1 6)') AS no_positive_correlation;
-- a correlation that is 0 up to rounding gives no importance: the overall
-- scores 4 3 2 2 1 3 and the scores 1 3 2 4 1 3 have a covariance of
-- exactly 0 (sums 15 and 14, sum of products 35 = 15 * 14 / 6), which
-- the co-moments leave at 1.7e-17 in r; with a second dimension of a
-- positive correlation, that one takes all the importance
SELECT (driver_correlations(s))[1] < 1e-15 AS zero_up_to_rounding, driver_importance(s) AS importance
FROM (SELECT driver_agg(o, ARRAY[x]) AS s
      FROM (VALUES (4.0, 1.0), (3, 3), (2, 2), (2, 4), (1, 1), (3, 3)) t(o, x)) q;
SELECT driver_importance(driver_agg(o, ARRAY[x, o])) AS importance
FROM (VALUES (4.0, 1.0), (3, 3), (2, 2), (2, 4), (1, 1), (3, 3)) t(o, x);
-- co-moments whose product m2_x * m2_y would underflow or overflow:
-- r = c_xy / (sqrt(m2_x) sqrt(m2_y)) = 0, 1e-200 / (1e-100 * 2e-100) = 0.5 and 1e200 / (1e100 * 2e100) = 0.5
-- (three pairs each, m2_d = m2_x + m2_y - 2 c_xy, as input requires)
SELECT driver_correlations('v1 driver (3 0 0 1e-200 4e-200 0 5e-200) (3 0 0 1e-200 4e-200 1e-200 3e-200) (3 0 0 1e200 4e200 1e200 3e200)') AS r;
-- driver_correlations and driver_importance name the state state, as
-- driver_analysis does: named notation gives what the positional call gives
SELECT driver_importance(state => s) AS importance,
       (driver_correlations(state => s), driver_importance(state => s))
       IS NOT DISTINCT FROM (driver_correlations(s), driver_importance(s)) AS named_as_positional
FROM (SELECT driver_agg(overall, scores) AS s FROM sat_driver) AS q;
DROP TABLE sat_driver;

-- Equal values do not vary, whatever rounding the sums carry (7 times
-- -999.6 sums to -6997.200000000001, whose seventh is not -999.6, and
-- Youngs and Cramer's update took that for a deviation): a constant
-- overall score or dimension has no correlation, importance or quadrant,
-- and equal expectations and perceptions a gap of stddev 0 without a
-- p-value, built in one pass or merged.
-- Of these 195 runs, the old code correlated 173 driver states and gave
-- 140 gap states a stddev made of rounding.
CREATE TEMP TABLE sat_equal AS
SELECT x, n, (SELECT driver_agg(x + 0 * g, ARRAY[x + 0 * g, g]) FROM generate_series(1, n) AS g) AS overall_equal,
       (SELECT driver_agg(g, ARRAY[x + 0 * g, g]) FROM generate_series(1, n) AS g) AS scores_equal,
       (SELECT gap_agg(ARRAY[x + 0 * g, x + 0 * g], ARRAY[3.3 + 0 * g, g]) FROM generate_series(1, n) AS g) AS pairs
FROM (VALUES (-999.6::float8), (0.1), (3.3), (7.7), (1e-5)) AS xs(x), generate_series(2, 40) AS n;
SELECT count(*) AS cases,
       count(*) FILTER (WHERE (driver_correlations(overall_equal))[1] IS NOT NULL
                           OR (driver_correlations(overall_equal))[2] IS NOT NULL
                           OR (driver_correlations(overall_equal + overall_equal))[2] IS NOT NULL) AS overall_correlated,
       count(*) FILTER (WHERE (driver_correlations(scores_equal))[1] IS NOT NULL
                           OR (driver_correlations(scores_equal + scores_equal))[1] IS NOT NULL) AS equal_correlated,
       count(*) FILTER (WHERE driver_importance(scores_equal) IS DISTINCT FROM ARRAY[NULL, 1]::float8[]
                           OR (driver_correlations(scores_equal))[2] <> 1) AS varying_off
FROM sat_equal;
SELECT count(*) AS cases, count(*) FILTER (WHERE a.stddev <> 0 OR a.p_value IS NOT NULL) AS equal_spread,
       count(*) FILTER (WHERE m.stddev <> 0 OR m.p_value IS NOT NULL) AS merged_spread,
       count(*) FILTER (WHERE c.t IS NOT NULL OR c.p_value IS NOT NULL) AS compared,
       count(*) FILTER (WHERE abs(v.stddev - sqrt(v.n * (v.n + 1) / 12.0)) > 1e-12 * v.stddev) AS varying_off
FROM sat_equal, gap_analysis(pairs) AS a, gap_analysis(pairs + pairs) AS m,
     gap_compare(pairs, pairs + pairs) AS c, gap_analysis(pairs) AS v
WHERE a.dimension = '1' AND m.dimension = '1' AND c.dimension = '1' AND v.dimension = '2';
DROP TABLE sat_equal;
SELECT * FROM driver_analysis((SELECT driver_agg(3.3 + 0 * g, ARRAY[-999.6 + 0 * g, g])
                               FROM generate_series(1, 7) AS g));
-- states read as text with that rounding in their co-moments (as 0.1.0
-- wrote them, and input accepts) read the same
SELECT * FROM driver_analysis('v1 driver (7 23.1 -6997.200000000001 7.212442562020679e-31 1.96947764893578e-26 -7.693272066155391e-29 1.984936317493711e-26) (7 23.1 28 7.212442562020679e-31 28 -3.552713678800501e-15 28.000000000000007)');
SELECT dimension, n, stddev, ci_lower IS NULL AND ci_upper IS NULL AS no_interval, p_value
FROM gap_analysis('v1 gap (7 -6997.200000000001 23.1 1.96947764893578e-26 7.212442562020679e-31 -7.693272066155391e-29 1.984936317493711e-26)');
SELECT dimension, round(difference::numeric, 9) AS difference, t, df, p_value
FROM gap_compare('v1 gap (7 -6997.200000000001 23.1 1.96947764893578e-26 7.212442562020679e-31 -7.693272066155391e-29 1.984936317493711e-26)',
                 'v1 gap (2 -1999.2 6.6 0 0 0 0)');

-- AHP weights.  Saaty's textbook matrix: weights 0.648, 0.230, 0.122, lambda_max 3.0037, CR 0.003
SELECT array_agg(round(w::numeric, 4)) AS weights, round(lambda_max::numeric, 4) AS lambda_max,
       round(consistency_index::numeric, 4) AS ci, round(consistency_ratio::numeric, 4) AS cr, consistent
FROM ahp_weights(ARRAY[[1, 3, 5], [1/3., 1, 2], [1/5., 1/2., 1]]), unnest(weights) AS w
GROUP BY 2, 3, 4, 5;
-- a perfectly consistent matrix (2:1 at each step) gives exactly 4/7, 2/7, 1/7 and CR 0
SELECT array_agg(round(w::numeric, 12)) AS weights, round(4 / 7.0, 12) AS four_sevenths,
       round(lambda_max::numeric, 12) AS lambda_max, round(consistency_ratio::numeric, 12) AS cr, consistent
FROM ahp_weights(ARRAY[[1, 2, 4], [0.5, 1, 2], [0.25, 0.5, 1]]), unnest(weights) AS w
GROUP BY 3, 4, 5, 2;
-- one and two dimensions are always consistent; decimals for reciprocals are accepted less than 1% off
SELECT weights, lambda_max, consistency_ratio, consistent FROM ahp_weights(ARRAY[[1]]::float8[]);
SELECT weights, consistency_ratio, consistent FROM ahp_weights(ARRAY[[1, 3], [1/3., 1]]);
SELECT array_agg(round(w::numeric, 3)) AS weights FROM ahp_weights(ARRAY[[1, 3], [0.333, 1]]), unnest(weights) AS w;
-- contradictory judgments (a > b > c > a): CR far above 0.1, reported as a warning and consistent = false
SELECT array_agg(round(w::numeric, 4)) AS weights, round(consistency_ratio::numeric, 3) AS cr, consistent
FROM ahp_weights(ARRAY[[1, 5, 1/5.], [1/5., 1, 5], [5, 1/5., 1]]), unnest(weights) AS w GROUP BY 2, 3;

-- metric_score: 0 at worst, 100 at best, clipped; best < worst means lower is better
SELECT v AS dispute_rate, round(metric_score(v, 0.05, 0.01)::numeric, 6) AS lower_is_better
FROM (VALUES (0.06), (0.05), (0.03), (0.01), (0.0)) AS t(v);
SELECT v AS self_completion, round(metric_score(v, 0.6, 0.95)::numeric, 6) AS higher_is_better
FROM (VALUES (0.5), (0.6), (0.7), (0.95), (1.0)) AS t(v);
-- references far apart: halfway is 50; 1e307 of 1.6e308 is 6.25 (100 * 1e307 alone would overflow)
SELECT metric_score(5, -1e307, 1e307) AS halfway, round(metric_score(1e307, 0, 1.6e308)::numeric, 6) AS near_worst;
-- scorecard: weighted mean; role scorecards at 50/50 and 70/30
SELECT scorecard(ARRAY[80, 60], ARRAY[50, 50]) AS refund_processing,
       scorecard(ARRAY[80, 60], ARRAY[70, 30]) AS refund_review,
       scorecard(ARRAY[80, NULL], ARRAY[1, 0]) AS zero_weight_null,
       scorecard(ARRAY[80, NULL], ARRAY[1, 1]) AS weighted_null,
       scorecard(ARRAY[80, 60], ARRAY[1e308, 1e308]) AS huge_weights;

-- The after-sales composite (28-day window, 1:1:1) with plain SQL around metric_score:
-- each sub-metric scored between the category's industry average (0) and the
-- platinum value (100), the composite at 1:1:1, and the lead percentage as the
-- share of same-category peers with a lower composite (percent_rank).
CREATE TABLE sat_shops (shop text, category text, dispute_rate float8, completion_hours float8, self_completion float8);
INSERT INTO sat_shops VALUES
    ('A', 'apparel', 0.010, 30, 0.95), ('B', 'apparel', 0.020, 48, 0.90), ('C', 'apparel', 0.025, 55, 0.85),
    ('D', 'apparel', 0.040, 72, 0.70), ('E', 'apparel', 0.050, 90, 0.65),
    ('F', 'toys', 0.020, 40, 0.85), ('G', 'toys', 0.010, 50, 0.95);
CREATE TABLE sat_platinum (category text, dispute_rate float8, completion_hours float8, self_completion float8);
INSERT INTO sat_platinum VALUES ('apparel', 0.01, 36, 0.95), ('toys', 0.01, 36, 0.95);
-- by hand, apparel averages: dispute 0.029, hours 59, self-completion 0.81.
--   B: dispute (0.029 - 0.02) / (0.029 - 0.01) = 47.37, hours (59 - 48) / (59 - 36) = 47.83,
--      self (0.90 - 0.81) / (0.95 - 0.81) = 64.29 -> composite 53.16; it beats C, D, E: lead 3/4 = 75%
--   C: 21.05, 17.39, 28.57 -> 22.34, beats D and E: lead 50%
--   D, E are below average on every sub-metric: composite 0, tied, lead 0%: flagged
--   A is at platinum on all three.  Toys: averages 0.015, 45, 0.9; F scores 0, 55.56, 0.
WITH scored AS (
    SELECT s.shop, s.category,
           metric_score(s.dispute_rate, avg(s.dispute_rate) OVER w, p.dispute_rate) AS dispute,
           metric_score(s.completion_hours, avg(s.completion_hours) OVER w, p.completion_hours) AS completion,
           metric_score(s.self_completion, avg(s.self_completion) OVER w, p.self_completion) AS self_completion
    FROM sat_shops AS s JOIN sat_platinum AS p USING (category)
    WINDOW w AS (PARTITION BY s.category)),
composite AS (
    SELECT *, scorecard(ARRAY[dispute, completion, self_completion], ARRAY[1, 1, 1]) AS composite
    FROM scored)
SELECT shop, category, round(dispute::numeric, 2) AS dispute, round(completion::numeric, 2) AS completion,
       round(self_completion::numeric, 2) AS self_completion, round(composite::numeric, 2) AS composite,
       round((100 * percent_rank() OVER (PARTITION BY category ORDER BY composite))::numeric, 1) AS lead_pct,
       100 * percent_rank() OVER (PARTITION BY category ORDER BY composite) < 30 AS needs_attention,
       least(dispute, completion, self_completion) = 100 AS platinum
FROM composite ORDER BY category, shop;
DROP TABLE sat_shops, sat_platinum;
