-- Key-driver analysis: every error, with its SQLSTATE, and the data that
-- cannot be fitted (constant or collinear dimensions) named in the message.
\i test/sql/include/error_of.psql

-- Bad input to moment_agg (a column of a domain over text is named by its
-- domain; a VARIADIC array is not a list of columns)
CREATE DOMAIN pg_temp.de_label AS varchar;
SELECT pg_temp.error_of(q) AS result, q AS query FROM (VALUES
    ($$SELECT moment_agg('NaN'::float8, ARRAY[1, 2]::float8[])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 'Infinity']::float8[])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 'NaN']::float8[], ARRAY['speed', 'attitude'])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], -1.0)$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], 'Infinity'::float8)$$),
    ($$SELECT moment_agg(3, '{}'::float8[])$$),
    ($$SELECT moment_agg(3, ARRAY[[1, 2], [3, 4]]::float8[])$$),
    ($$SELECT moment_agg(3, array_fill(1.0::float8, ARRAY[64]))$$),
    ($$SELECT moment_agg(3, ARRAY[]::float8[], ARRAY[]::text[])$$),
    ($$SELECT moment_agg(3, array_fill(1.0::float8, ARRAY[64]), (SELECT array_agg('d' || i) FROM generate_series(1, 64) AS i))$$),
    ($$SELECT moment_agg(o, s) FROM (VALUES (3, ARRAY[1, 2]::float8[]), (4, ARRAY[1, 2, 3]::float8[])) AS t(o, s)$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], ARRAY['speed'])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], ARRAY['speed', 'speed'])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], ARRAY['speed', 'overall'])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], ARRAY['speed', NULL])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], ARRAY[['speed'], ['attitude']])$$),
    ($$SELECT moment_agg(1::bigint, 'speed', 4, ARRAY[['speed']], 'overall')$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], ARRAY['speed', ''])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], ARRAY['speed', repeat('x', 64)])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], NULL::text[])$$),
    ($$SELECT moment_agg(o, ARRAY[1, 2]::float8[], n) FROM (VALUES (3, ARRAY['a', 'b']), (4, ARRAY['a', 'c'])) AS t(o, n)$$),
    ($$SELECT moment_agg(3, ARRAY['speed', 'attitude'], 4, 'x'::text)$$),
    ($$SELECT moment_agg(3, ARRAY['speed', 'attitude'], 4)$$),
    ($$SELECT moment_agg(3, ARRAY['speed', 'attitude'], VARIADIC ARRAY[4, 5])$$),
    ($$SELECT moment_agg(3, ARRAY['speed'], VARIADIC ARRAY[4])$$),
    ($$SELECT moment_agg(3, ARRAY['speed'], 'x'::varchar::pg_temp.de_label)$$),
    ($$SELECT moment_agg(3, NULL::text[], 4, 5)$$),
    ($$SELECT moment_agg(3, ARRAY['speed'], 'Infinity'::float4)$$),
    ($$SELECT moment_agg(1::bigint, 'speed', 4, ARRAY['speed'], NULL)$$),
    ($$SELECT moment_agg(1::bigint, 'speed', 4, ARRAY['speed'], 'speed')$$),
    ($$SELECT moment_agg(i, d, s, ARRAY['speed'], 'overall') FROM (VALUES (1::bigint, 'speed', 4), (1, 'speed', 5)) AS t(i, d, s)$$),
    ($$SELECT moment_agg(1::bigint, 'speed', 'Infinity', ARRAY['speed'], 'overall')$$),
    ($$SELECT moment_agg(1e308, ARRAY[-1e308]::float8[]) FROM generate_series(1, 2)$$),
    ($$SELECT moment_agg(o, s) FROM (VALUES (1e308, ARRAY[1]::float8[]), (-1e308, ARRAY[2]::float8[])) AS t(o, s)$$),
    -- weights each finite whose sum is not (it left weight=Infinity, a state
    -- its own input refuses)
    ($$SELECT moment_agg(o, ARRAY[x], w) FROM (VALUES (1, 1, 1.7e308), (2, 2, 1.7e308)) AS t(o, x, w)$$)
) AS t(q);

-- A state with more than 100000 incomplete responses at once (answers of
-- responses interleaved in the worst way) stops with 54000 and a hint
SELECT pg_temp.error_of($$SELECT moment_agg(i, 'speed', 4, ARRAY['speed'], 'overall')
                          FROM generate_series(1, 100001) AS i$$) AS too_many_pending;
-- ... also when the rows come out of response order (ids falling), which
-- the aggregate holds in a table of pending responses by id
SELECT pg_temp.error_of($$SELECT moment_agg(-i, 'speed', 4, ARRAY['speed'], 'overall')
                          FROM generate_series(1, 100000) AS i$$) AS held_100000,
       pg_temp.error_of($$SELECT moment_agg(-i, 'speed', 4, ARRAY['speed'], 'overall')
                          FROM generate_series(1, 100001) AS i$$) AS held_100001;
-- ... while the same rows in response order keep at most one pending
SELECT (moment_summary(moment_agg(i / 2, CASE WHEN i % 2 = 0 THEN 'speed' ELSE 'overall' END, 4,
                                  ARRAY['speed'], 'overall'))).*
FROM generate_series(0, 200001) AS i;

-- Gap states of positional dimensions: weights and names are lists
-- without NULLs (22004, as for moment_agg's names)
SELECT pg_temp.error_of(q) AS result, q AS query FROM (VALUES
    ($$SELECT * FROM gap_overall('v1 gap (1 4 5 0 0 0 0) (1 5 3 0 0 0 0)', ARRAY[1, NULL])$$),
    ($$SELECT * FROM gap_overall('v1 gap (1 4 5 0 0 0 0) (1 5 3 0 0 0 0)', ARRAY[[1, 1]])$$),
    ($$SELECT * FROM gap_compare('v1 gap (1 4 5 0 0 0 0) (1 5 3 0 0 0 0)', 'v1 gap (1 4 5 0 0 0 0) (1 5 3 0 0 0 0)', ARRAY['speed', NULL])$$),
    ($$SELECT * FROM gap_compare('v1 gap (1 4 5 0 0 0 0) (1 5 3 0 0 0 0)', 'v1 gap (1 4 5 0 0 0 0) (1 5 3 0 0 0 0)', ARRAY[['speed', 'ease']])$$)
) AS t(q);

-- Merging states that do not match
SELECT pg_temp.error_of(q) AS result, q AS query FROM (VALUES
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[]) + moment_agg(3, ARRAY[1, 2, 3]::float8[])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[]) + moment_agg(3, ARRAY[1, 2]::float8[], ARRAY['a', 'b'])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], ARRAY['a', 'b']) + moment_agg(3, ARRAY[1, 2]::float8[], ARRAY['a', 'c'])$$),
    ($$SELECT moment_agg(3, ARRAY[1, 2]::float8[], ARRAY['a', 'b']) + moment_agg(1::bigint, 'a', 2, ARRAY['a', 'b'], 'y')$$),
    ($$SELECT moment_state_accum(moment_agg(3, ARRAY[1, 2]::float8[]), 1::bigint, 'a', 2, ARRAY['a', 'b'], 'overall')$$)
) AS t(q);

-- Means or co-moments that leave the double range when merged (22003): means
-- 1e308 and -1e308 (their difference overflows), weights 1e308 each (their
-- sum does), by + and by the merge aggregate
SELECT pg_temp.error_of(q) AS result, q AS query FROM (VALUES
    ($$SELECT 'v1 dimensions=1 n=2 weight=2 incomplete=0 mean=(1e308 1) comoment=(1 0 1)'::moment_state
              + 'v1 dimensions=1 n=2 weight=2 incomplete=0 mean=(-1e308 1) comoment=(1 0 1)'$$),
    ($$SELECT 'v1 dimensions=1 n=2 weight=1e308 incomplete=0 mean=(1 1) comoment=(1 0 1)'::moment_state
              + 'v1 dimensions=1 n=2 weight=1e308 incomplete=0 mean=(1 1) comoment=(1 0 1)'$$),
    ($$SELECT moment_agg(s) FROM (VALUES ('v1 dimensions=1 n=2 weight=2 incomplete=0 mean=(1e308 1) comoment=(1 0 1)'::moment_state),
                                         ('v1 dimensions=1 n=2 weight=2 incomplete=0 mean=(-1e308 1) comoment=(1 0 1)')) AS t(s)$$)
) AS t(q);

-- Counts beyond the 64-bit range (22003): merged responses or incomplete
-- ones, a row added to a full state, pending responses counted as
-- incomplete; the detail names the counts added and the limit
SELECT pg_temp.error_of(q) AS result, q AS query FROM (VALUES
    ($$SELECT 'v1 dimensions=1 n=5000000000000000000 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0)'::moment_state
              + 'v1 dimensions=1 n=4300000000000000000 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0)'$$),
    ($$SELECT moment_agg(s) FROM (VALUES ('v1 dimensions=1 n=0 weight=0 incomplete=5000000000000000000 mean=(0 0) comoment=(0 0 0)'::moment_state),
                                         ('v1 dimensions=1 n=0 weight=0 incomplete=4300000000000000000 mean=(0 0) comoment=(0 0 0)')) AS t(s)$$),
    ($$SELECT moment_state_accum('v1 dimensions=1 n=9223372036854775807 weight=0 incomplete=0 mean=(0 0) comoment=(0 0 0)', 3, ARRAY[4]::float8[])$$),
    ($$SELECT moment_state_accum('v1 dimensions=1 n=0 weight=0 incomplete=9223372036854775807 mean=(0 0) comoment=(0 0 0)', 3, ARRAY[NULL]::float8[])$$),
    ($$SELECT moment_summary('v1 dimensions=("a") overall="y" n=1 weight=1 incomplete=9223372036854775807 mean=(3 4) comoment=(0 0 0) pending=((7 5 _))')$$),
    ($$SELECT moment_state_final('v1 dimensions=("a") overall="y" n=1 weight=1 incomplete=9223372036854775807 mean=(3 4) comoment=(0 0 0) pending=((7 5 _))')$$)
) AS t(q);

-- Data that cannot be fitted: a constant dimension or overall score, a
-- dimension that is a linear combination of others (named, with the others)
CREATE TABLE de_data (overall float8, scores float8[]);
INSERT INTO de_data
SELECT 1 + i % 5, ARRAY[1 + i % 3, 1 + i % 4, 1 + (i * 7) % 5, 2 + i % 3 + i % 4, 4]
FROM generate_series(1, 60) AS i;
SELECT pg_temp.error_of(q) AS result, q AS query FROM (VALUES
    ($$SELECT * FROM driver_regression((SELECT moment_agg(overall, scores, ARRAY['speed', 'attitude', 'ease', 'both', 'constant']) FROM de_data))$$),
    ($$SELECT * FROM driver_report((SELECT moment_agg(overall, scores[1:4], ARRAY['speed', 'attitude', 'ease', 'both']) FROM de_data))$$),
    ($$SELECT * FROM driver_relative_weights((SELECT moment_agg(overall, ARRAY[scores[1], scores[1]], ARRAY['speed', 'speed again']) FROM de_data))$$),
    ($$SELECT * FROM driver_shapley((SELECT moment_agg(4, scores[1:3]) FROM de_data))$$),
    ($$SELECT * FROM driver_fit((SELECT moment_agg(overall, ARRAY[scores[1], 2 * scores[1] + 1]) FROM de_data))$$)
) AS t(q);
-- the same state without the offending dimensions fits; correlations never
-- fail (NULL where a variable does not vary)
SELECT round(r2::numeric, 6) AS r2
FROM driver_fit((SELECT moment_agg(overall, scores[1:3]) FROM de_data));
SELECT variable1, variable2, correlation, p_value
FROM moment_correlations((SELECT moment_agg(overall, ARRAY[scores[1], scores[5]]) FROM de_data))
WHERE correlation IS NULL;

-- Arguments
SELECT pg_temp.error_of(q) AS result, q AS query FROM (VALUES
    ($$SELECT * FROM driver_report((SELECT moment_agg(overall, scores[1:3]) FROM de_data), alpha => 0)$$),
    ($$SELECT * FROM driver_report((SELECT moment_agg(overall, scores[1:3]) FROM de_data), alpha => 1)$$),
    ($$SELECT * FROM driver_report((SELECT moment_agg(overall, scores[1:3]) FROM de_data), method => 'dominance')$$),
    ($$SELECT * FROM driver_regression((SELECT moment_agg(overall, scores[1:3]) FROM de_data), level => 1)$$)
) AS t(q);

-- Shapley values are exact up to 20 dimensions; beyond, 54000 and a hint.
-- 21 independent dimensions: relative weights still work.
CREATE TABLE de_wide AS
SELECT (SELECT sum(x) FROM unnest(s) AS x) + (hashint4(i) & 7) AS overall, s AS scores
FROM (SELECT i, ARRAY(SELECT ((hashint4(i * 31 + k) & 2147483647) % 9)::float8
                      FROM generate_series(1, 21) AS k) AS s
      FROM generate_series(1, 400) AS i) AS g;
SELECT pg_temp.error_of($$SELECT * FROM driver_shapley((SELECT moment_agg(overall, scores) FROM de_wide))$$) AS shapley_21;
SELECT pg_temp.error_of($$SELECT * FROM driver_report((SELECT moment_agg(overall, scores) FROM de_wide), method => 'shapley')$$) AS report_21;
SELECT count(*) AS dimensions, round(sum(raw_weight)::numeric, 12) = round(r2::numeric, 12) AS weights_add_up
FROM driver_relative_weights((SELECT moment_agg(overall, scores) FROM de_wide)),
     driver_fit((SELECT moment_agg(overall, scores) FROM de_wide))
GROUP BY r2;
-- 20 dimensions: the Shapley values add up to R^2
SELECT count(*) AS dimensions, round(sum(shapley)::numeric, 12) = round(r2::numeric, 12) AS shapley_adds_up
FROM driver_shapley((SELECT moment_agg(overall, scores[1:20]) FROM de_wide)),
     driver_fit((SELECT moment_agg(overall, scores[1:20]) FROM de_wide))
GROUP BY r2;

DROP TABLE de_data, de_wide;
