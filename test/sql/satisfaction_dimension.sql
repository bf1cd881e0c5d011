-- dimension_state from wide and long survey rows; the weighted index and its breakdown.

-- Wide fixture, 1-5 scale, 3 dimensions, NULL = not answered:
--   response 1: {5, 4, 3}   2: {4, NULL, 2}   3: {3, 5, NULL}   4: {4, 3, 1}
-- by hand: dimension 1: 5, 4, 3, 4 -> n 4, mean 4, var_samp 2/3, min 3, max 5
--          dimension 2: 4, 5, 3    -> n 3, mean 4, var_samp 1
--          dimension 3: 3, 2, 1    -> n 3, mean 2, var_samp 1
-- The state's text form is (n sum m2 min max), m2 the sum of squared deviations.
CREATE TABLE sat_wide (id int, channel text, scores float8[]);
INSERT INTO sat_wide VALUES
    (1, 'chat', '{5, 4, 3}'), (2, 'chat', '{4, NULL, 2}'),
    (3, 'phone', '{3, 5, NULL}'), (4, 'phone', '{4, 3, 1}'), (5, 'phone', NULL);
SELECT dimension_agg(scores) FROM sat_wide;
SELECT dimension_counts(st) AS n, dimension_means(st) AS means,
       dimension_variances(st) AS variances, dimension_names(st) AS names
FROM (SELECT dimension_agg(scores) AS st FROM sat_wide) AS x;

-- Index on 0-100: scores 75, 75, 25 (mean rescaled by (mean - 1) / 4 * 100);
-- weights 2, 1, 1 -> (2 * 75 + 75 + 25) / 4 = 62.5
SELECT satisfaction_index(dimension_agg(scores), ARRAY[2, 1, 1]) AS weighted,
       satisfaction_index(dimension_agg(scores), ARRAY[1, 1, 1]) AS equal_weights,
       satisfaction_index(dimension_agg(scores), ARRAY[0, 0, 1]) AS third_only
FROM sat_wide;
-- Breakdown: weight shares 0.5, 0.25, 0.25; contributions 37.5 + 18.75 + 6.25 = 62.5.
-- CI: mean -/+ 1.959964 * stddev / sqrt(n); dimension 1: 4 -/+ 1.959964 * sqrt(2/3) / 2
SELECT dimension, n, mean, round(stddev::numeric, 12) AS stddev,
       round(ci_lower::numeric, 6) AS ci_lower, round(ci_upper::numeric, 6) AS ci_upper,
       weight, score, contribution
FROM satisfaction_breakdown((SELECT dimension_agg(scores) FROM sat_wide), ARRAY[2, 1, 1],
                            names => ARRAY['responsiveness', 'professionalism', 'attitude']);
SELECT round((4 - 1.959964 * sqrt(2 / 3.0) / 2)::numeric, 6) AS lower_by_hand,
       round((4 + 1.959964 * sqrt(2 / 3.0) / 2)::numeric, 6) AS upper_by_hand;
-- the contributions add up to the index
SELECT sum(contribution) AS sum_of_contributions
FROM satisfaction_breakdown((SELECT dimension_agg(scores) FROM sat_wide), ARRAY[2, 1, 1]);
-- other scales and levels: on 0-10 the same means score 40, 40, 20
SELECT dimension, score, round(ci_lower::numeric, 4) AS ci_lower_90
FROM satisfaction_breakdown((SELECT dimension_agg(scores) FROM sat_wide), ARRAY[1, 1, 1], 0, 10,
                            level => 0.9);
SELECT satisfaction_index(dimension_agg(scores), ARRAY[1, 1, 1], 0, 10) AS on_0_10 FROM sat_wide;

-- Per group; NULL arrays are skipped like other NULL inputs
SELECT channel, dimension_agg(scores), satisfaction_index(dimension_agg(scores), ARRAY[2, 1, 1])
FROM sat_wide GROUP BY channel ORDER BY channel;

-- A weighted dimension without answers makes the index NULL; weight 0 leaves it out.
-- Chat has no answers for dimension 2 once response 1 is gone.
SELECT satisfaction_index(st, ARRAY[2, 1, 1]) AS weighted_unanswered,
       satisfaction_index(st, ARRAY[2, 0, 1]) AS left_out,
       abs(satisfaction_index(st, ARRAY[2, 0, 1]) - (2 * 75 + 25) / 3.0) < 1e-12 AS as_by_hand
FROM (SELECT dimension_agg(scores) AS st FROM sat_wide WHERE id = 2) AS x;
SELECT dimension, n, mean, stddev, weight, score, contribution
FROM satisfaction_breakdown((SELECT dimension_agg(scores) FROM sat_wide WHERE id = 2), ARRAY[2, 1, 1]);
-- one answer: a mean but no standard deviation or interval
SELECT dimension, n, mean, stddev, ci_lower, ci_upper
FROM satisfaction_breakdown((SELECT dimension_agg(scores) FROM sat_wide WHERE id = 1), ARRAY[1, 1, 1]);
-- an unweighted dimension may lie off the scale (an overall 0-10 item in the array, say)
SELECT satisfaction_index('v1 (2 8 2 3 5) (1 9 0 9 9)', ARRAY[1, 0]) AS off_scale_but_unweighted;
-- Dimensions of weight 0 in the breakdown: weight 0 and contribution 0 (the
-- contributions still add up to the index), their answers, mean, stddev and
-- interval as for any dimension, and a score only when answered on the scale.
--   1: 3, 5 on 1-5, weight 1: mean 4, stddev sqrt(2), 4 -/+ 1.959964 * sqrt(2) / sqrt(2),
--      score 75, contribution 75 = the index
--   2: 7, 9, weight 0, off the 1-5 scale (not checked): mean 8, score NULL, contribution 0
--   3: no answers, weight 0: n 0, mean, stddev, interval and score NULL, contribution 0
--   4: 2, 4, weight 0: mean 3, score 50, contribution 0
SELECT dimension, n, mean, round(stddev::numeric, 6) AS stddev, round(ci_lower::numeric, 6) AS ci_lower,
       round(ci_upper::numeric, 6) AS ci_upper, weight, score, contribution
FROM satisfaction_breakdown('v1 (2 8 2 3 5) (2 16 2 7 9) (0) (2 6 2 2 4)', ARRAY[1, 0, 0, 0]);
SELECT satisfaction_index(st, ARRAY[1, 0, 0, 0]) AS index,
       (SELECT sum(contribution) FROM satisfaction_breakdown(st, ARRAY[1, 0, 0, 0])) AS sum_of_contributions
FROM (VALUES ('v1 (2 8 2 3 5) (2 16 2 7 9) (0) (2 6 2 2 4)'::dimension_state)) AS t(st);
-- given a positive weight, the dimension without answers has a NULL contribution,
-- as the index is NULL; the off-scale one is an error
SELECT dimension, n, weight, score, contribution
FROM satisfaction_breakdown('v1 (2 8 2 3 5) (2 16 2 7 9) (0) (2 6 2 2 4)', ARRAY[1, 0, 1, 0]);
SELECT satisfaction_index('v1 (2 8 2 3 5) (2 16 2 7 9) (0) (2 6 2 2 4)', ARRAY[1, 0, 1, 0]) AS index;
SELECT dimension FROM satisfaction_breakdown('v1 (2 8 2 3 5) (2 16 2 7 9) (0) (2 6 2 2 4)', ARRAY[1, 1, 0, 0]);
-- named dimensions alike: a weight-0 key the state lacks is a row without answers
SELECT dimension, n, mean, weight, score, contribution
FROM satisfaction_breakdown('v1 "overall" (2 17 0.5 8 9) "speed" (2 9 0.5 4 5)',
                            '{"speed": 1, "overall": 0, "convenience": 0}'::jsonb);
-- only the ratios of the weights matter, however large or small they are: 62.5
-- as above, where sums of the raw weights would overflow or lose precision
SELECT satisfaction_index(st, ARRAY[2e307, 1e307, 1e307]) AS huge_weights,
       satisfaction_index(st, ARRAY[2e-300, 1e-300, 1e-300]) AS tiny_weights,
       (SELECT sum(contribution) FROM satisfaction_breakdown(st, ARRAY[1e308, 5e307, 5e307])) AS huge_breakdown
FROM (SELECT dimension_agg(scores) AS st FROM sat_wide) AS x;

-- Long form: the same answers, one row per (dimension, score)
CREATE TABLE sat_long (id int, dimension text, score int);
INSERT INTO sat_long
SELECT id, (ARRAY['responsiveness', 'professionalism', 'attitude'])[k], scores[k]
FROM sat_wide, generate_series(1, 3) AS k WHERE scores[k] IS NOT NULL;
SELECT dimension_agg(dimension, score) FROM sat_long;
SELECT dimension_names(st), dimension_counts(st), dimension_means(st)
FROM (SELECT dimension_agg(dimension, score) AS st FROM sat_long) AS x;
-- same index as the wide form
SELECT satisfaction_index(dimension_agg(dimension, score),
                          '{"responsiveness": 2, "professionalism": 1, "attitude": 1}'::jsonb) AS long_index
FROM sat_long;
SELECT dimension, n, mean, weight, contribution
FROM satisfaction_breakdown((SELECT dimension_agg(dimension, score) FROM sat_long),
                            '{"responsiveness": 2, "professionalism": 1, "attitude": 1}'::jsonb);
SELECT satisfaction_index(dimension_agg(dimension, score),
                          '{"responsiveness": 1e308, "professionalism": 5e307, "attitude": 5e307}'::jsonb) AS huge_weights
FROM sat_long;
-- a weight key the state lacks is a dimension without answers: NULL index when
-- weighted, shown with n = 0 in the breakdown; weight 0 leaves it out
SELECT satisfaction_index(st, '{"responsiveness": 2, "professionalism": 1, "attitude": 1, "convenience": 1}'::jsonb) AS weighted_missing,
       satisfaction_index(st, '{"responsiveness": 2, "professionalism": 1, "attitude": 1, "convenience": 0}'::jsonb) AS zero_missing
FROM (SELECT dimension_agg(dimension, score) AS st FROM sat_long) AS x;
SELECT dimension, n, mean, weight, contribution
FROM satisfaction_breakdown((SELECT dimension_agg(dimension, score) FROM sat_long),
                            '{"responsiveness": 2, "professionalism": 1, "attitude": 1, "convenience": 1}'::jsonb);
-- names are compared byte for byte and kept sorted; any characters are allowed
SELECT dimension_agg(d, s) FROM (VALUES ('b', 1), ('A', 2), ('a', 3), ('服务态度', 4),
                                        ('say "hi"', 5), ('back\slash', 1)) AS t(d, s);
SELECT st::text::dimension_state::text = st::text AS round_trip, dimension_names(st)
FROM (SELECT dimension_agg(d, s) AS st FROM (VALUES ('say "hi"', 5), ('back\slash', 1), ('服务态度', 4)) AS t(d, s)) AS x;
-- NULL dimension or score skips the row
SELECT dimension_agg(d, s) FROM (VALUES ('a', NULL), (NULL, 3), ('a', 4)) AS t(d, s);

-- Merging: the + operator and dimension_agg(dimension_state) agree with the whole
SELECT (SELECT dimension_agg(scores) FROM sat_wide WHERE channel = 'chat')
     + (SELECT dimension_agg(scores) FROM sat_wide WHERE channel = 'phone') AS plus,
       (SELECT dimension_agg(st) FROM (SELECT dimension_agg(scores) AS st FROM sat_wide GROUP BY channel) AS g) AS merged;
SELECT dimension_agg(st) AS merged_long
FROM (SELECT id, dimension_agg(dimension, score) AS st FROM sat_long GROUP BY id) AS g;
-- an empty state merges with either form
SELECT 'v1'::dimension_state + 'v1 (1 3 0 3 3)' AS empty_plus_positional,
       'v1 "a" (1 3 0 3 3)'::dimension_state + 'v1' AS named_plus_empty;
-- an empty state has no answers for any weighted dimension, in either form
SELECT satisfaction_index('v1', ARRAY[1, 1]) AS positional_weights,
       satisfaction_index('v1', '{"speed": 1}'::jsonb) AS named_weights;
SELECT dimension, n, mean, weight, contribution FROM satisfaction_breakdown('v1', ARRAY[3, 1]);
SELECT dimension, n, mean, weight, contribution FROM satisfaction_breakdown('v1', '{"speed": 1}'::jsonb);
-- NULL arguments of the breakdown give no rows, except names (optional)
SELECT count(*) AS rows_for_null_state FROM satisfaction_breakdown(NULL, ARRAY[1]);
SELECT count(*) AS rows_for_null_level FROM satisfaction_breakdown('v1 (1 3 0 3 3)', ARRAY[1], level => NULL);
SELECT count(*) AS rows_for_null_names FROM satisfaction_breakdown('v1 (1 3 0 3 3)', ARRAY[1], names => NULL);
-- a stored rollup answers any date range
CREATE TABLE sat_rollup (day int, st dimension_state);
INSERT INTO sat_rollup SELECT id, dimension_agg(scores) FROM sat_wide GROUP BY id;
SELECT satisfaction_index(dimension_agg(st), ARRAY[2, 1, 1]) AS from_rollup FROM sat_rollup;
DROP TABLE sat_rollup;

-- Text form: documented, exact, strict
SELECT 'v1'::dimension_state AS empty,
       '  v1 (2 9 0.5 4 5)(0)  '::dimension_state AS spacing,
       'v1 "z" (1 2 0 2 2) "a" (0)'::dimension_state AS any_order;
-- awkward floats survive text and binary round trips
CREATE TABLE sat_io AS
SELECT dimension_agg(ARRAY[x, x * pi(), 1e-300 * x, 1e150 + x]) AS st
FROM generate_series(1, 7) AS x
UNION ALL SELECT dimension_agg('dim ' || (x % 3), x / 7.0) FROM generate_series(1, 20) AS x
UNION ALL SELECT 'v1'::dimension_state;
SELECT st::text::dimension_state::text = st::text AS text_round_trip FROM sat_io;
-- the text forms do not depend on extra_float_digits (0 rounds float8 output to
-- 15 digits; postgres_fdw and Citus ship states as text under any setting)
CREATE TABLE sat_io_paired AS
SELECT gap_agg(ARRAY[x * pi(), 1e-300 * x], ARRAY[x / 7.0, 1e150 + x]) AS st FROM generate_series(1, 7) AS x
UNION ALL SELECT driver_agg(x * pi(), ARRAY[x / 7.0]) FROM generate_series(1, 7) AS x;
SELECT (SELECT string_agg(st::text, ' | ' ORDER BY st::text) FROM sat_io) AS dimension_texts,
       (SELECT string_agg(st::text, ' | ' ORDER BY st::text) FROM sat_io_paired) AS paired_texts \gset
SET extra_float_digits = 0;
SELECT (SELECT string_agg(st::text, ' | ' ORDER BY st::text) FROM sat_io) = :'dimension_texts' AS dimension_same_text,
       (SELECT string_agg(st::text, ' | ' ORDER BY st::text) FROM sat_io_paired) = :'paired_texts' AS paired_same_text,
       (SELECT bool_and(st::text::paired_state::text = st::text) FROM sat_io_paired) AS paired_round_trip;
RESET extra_float_digits;
DROP TABLE sat_io_paired;
CREATE TABLE sat_io_binary (st dimension_state);
DO $$
DECLARE path text := current_setting('data_directory') || '/svcquality_dimension_state.bin';
BEGIN
    EXECUTE format('COPY sat_io TO %L (FORMAT binary)', path);
    EXECUTE format('COPY sat_io_binary FROM %L (FORMAT binary)', path);
END $$;
SELECT count(*) AS states, count(*) FILTER (WHERE a.st::text = b.st::text) AS identical
FROM (SELECT st, row_number() OVER () AS i FROM sat_io) AS a
JOIN (SELECT st, row_number() OVER () AS i FROM sat_io_binary) AS b USING (i);
-- binary form: version byte 2, kind byte (0 empty, 1 positional, 2 named), int16 count
SELECT substr(dimension_state_send(st), 1, 4) AS header FROM sat_io;
DROP TABLE sat_io, sat_io_binary;

-- Score arrays not stored inline read the same as inline ones: a PL/pgSQL
-- variable (held as an expanded array) and a column value moved out of line
-- by TOAST (300 scores, stored uncompressed).
CREATE FUNCTION pg_temp.from_variable() RETURNS text LANGUAGE plpgsql AS $$
DECLARE a float8[] := '{4, 5}';
BEGIN
    a := a || 3::float8;
    RETURN concat_ws(' | ', dimension_state_accum(NULL, a), paired_state_accum_gap(NULL, a, a),
                     paired_state_accum_driver(NULL, 5, a), scorecard(a, ARRAY[1, 1, 2]));
END $$;
SELECT pg_temp.from_variable() = concat_ws(' | ', dimension_state_accum(NULL, '{4, 5, 3}'),
           paired_state_accum_gap(NULL, '{4, 5, 3}', '{4, 5, 3}'), paired_state_accum_driver(NULL, 5, '{4, 5, 3}'),
           scorecard('{4, 5, 3}', ARRAY[1, 1, 2])) AS same_as_inline,
       pg_temp.from_variable() AS from_variable;
CREATE TABLE sat_toasted (scores float8[]);
ALTER TABLE sat_toasted ALTER scores SET STORAGE external;
INSERT INTO sat_toasted SELECT array_agg(i % 5 + 1 ORDER BY i) FROM generate_series(1, 300) AS i;
-- the scores cycle through 2, 3, 4, 5, 1: their mean is 3
SELECT pg_column_size(scores) > 2000 AS out_of_line,
       scorecard(scores, array_fill(1::float8, ARRAY[300])) AS equal_weights
FROM sat_toasted;
DROP TABLE sat_toasted;

-- Equal scores: the mean is the score and the variance 0, whatever rounding
-- the sum carries (7 times -999.6 sums to -6997.200000000001, whose
-- seventh is not -999.6), built in one pass or merged; a state read as
-- text with rounding in its m2 (as 0.1.0 could write it) reads 0 too.
-- The old code was off in 173 and 146 of the 195 single passes.
SELECT count(*) AS cases, count(*) FILTER (WHERE v[1] <> 0) AS nonzero_variances,
       count(*) FILTER (WHERE m[1] <> x) AS means_off,
       count(*) FILTER (WHERE merged_v[1] <> 0 OR merged_m[1] <> x) AS merged_off
FROM (SELECT x, dimension_variances(st) AS v, dimension_means(st) AS m,
             dimension_variances(st + st) AS merged_v, dimension_means(st + st) AS merged_m
      FROM (VALUES (-999.6::float8), (0.1), (3.3), (7.7), (1e-5)) AS xs(x), generate_series(2, 40) AS n,
           LATERAL (SELECT dimension_agg(ARRAY[x + 0 * g]) AS st FROM generate_series(1, n) AS g) AS s) AS t;
SELECT dimension_variances(s), dimension_means(s), (satisfaction_breakdown(s, ARRAY[1::float8], -1000, 0)).stddev
FROM (SELECT 'v1 (7 -6997.200000000001 1.96947764893578e-26 -999.6 -999.6)'::dimension_state AS s) AS t;

-- The readers name the state state, as satisfaction_index does: named
-- notation finds them and gives what the positional call gives
SELECT dimension_names(state => st) AS names, dimension_counts(state => st) AS counts,
       (dimension_names(state => st), dimension_counts(state => st), dimension_means(state => st),
        dimension_variances(state => st))
       IS NOT DISTINCT FROM
       (dimension_names(st), dimension_counts(st), dimension_means(st), dimension_variances(st)) AS named_as_positional
FROM (SELECT dimension_agg(dimension, score::float8) AS st FROM sat_long) AS x;

DROP TABLE sat_wide, sat_long;
