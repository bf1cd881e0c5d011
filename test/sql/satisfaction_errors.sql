-- Bad input to the satisfaction functions: a clear error with its SQLSTATE, never a crash.
\i test/sql/include/error_of.psql

-- CSAT: scales must lie within the 0-10 of a rating_state; ratings must lie on the scale
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT csat(''v1 4:1''::rating_state, 1, 100)'),
    ('SELECT csat(''v1 4:1''::rating_state, -1, 5)'),
    ('SELECT csat(''v1 4:1''::rating_state, 5, 5)'),
    ('SELECT csat(''v1 4:1''::rating_state, 5, 1)'),
    ('SELECT csat(''v1 4:1''::rating_state, 1, 5, 6)'),
    ('SELECT csat(''v1 4:1''::rating_state, 1, 5, 0)'),
    ('SELECT csat(''v1 0:2 4:1''::rating_state)'),
    ('SELECT csat(s) FROM (VALUES (4), (0)) t(s)'),
    ('SELECT csat(s) FROM (VALUES (4), (7)) t(s)'),
    ('SELECT csat(s, 1.0) FROM (VALUES (6)) t(s)'),
    ('SELECT csat(11)'),
    ('SELECT csat(4.5)'),
    ('SELECT csat(4, -1.0)'),
    ('SELECT csat_ci(''v1 4:1''::rating_state, level => 1)'),
    ('SELECT csat_ci(''v1 9:1''::rating_state)'),
    ('SELECT rating_distribution(''v1 9:1''::rating_state)'),
    ('SELECT rating_distribution(''v1 4:1''::rating_state, 0, 11)')
) AS t(q);

-- rating_mean_ci: a level outside (0, 1) as nps_ci and csat_ci, checked
-- before the state is read (an empty state, which gives NULL, still errors)
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT rating_mean_ci(''v1 4:1 5:1''::rating_state, level => 1)'),
    ('SELECT rating_mean_ci(''v1 4:1 5:1''::rating_state, level => 0)'),
    ('SELECT rating_mean_ci(''v1 4:1 5:1''::rating_state, level => ''NaN'')'),
    ('SELECT rating_mean_ci(''v1''::rating_state, level => 95)')
) AS t(q);

-- The hint names what the caller can change: a state's scale, or, for the
-- one-step aggregate, which takes none, the two-step form that does
SELECT csat('v1 0:2 4:1'::rating_state);
SELECT csat(s) FROM (VALUES (4), (7)) t(s);

-- Wide scores: finite, one-dimensional, as many as the state has dimensions
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT dimension_agg(s) FROM (VALUES (ARRAY[1, ''NaN'']::float8[])) t(s)'),
    ('SELECT dimension_agg(s) FROM (VALUES (ARRAY[''Infinity'', 1]::float8[])) t(s)'),
    ('SELECT dimension_agg(s) FROM (VALUES (ARRAY[1, 2]::float8[]), (ARRAY[1, ''-Infinity'']::float8[])) t(s)'),
    ('SELECT dimension_agg(s) FROM (VALUES (ARRAY[1, 2, 3]::float8[]), (ARRAY[1, 2]::float8[])) t(s)'),
    ('SELECT dimension_agg(s) FROM (VALUES (ARRAY[[1, 2], [3, 4]]::float8[])) t(s)'),
    ('SELECT dimension_agg(s) FROM (VALUES (''{}''::float8[])) t(s)'),
    ('SELECT dimension_agg(s) FROM (VALUES (ARRAY[1e308]::float8[]), (ARRAY[-1e308]::float8[])) t(s)'),
    ('SELECT dimension_agg(array_fill(1::float8, ARRAY[101]))'),
    ('SELECT dimension_state_accum(''v1 (1 3 0 3 3)''::dimension_state, ARRAY[1, 2]::float8[])'),
    ('SELECT dimension_state_accum(''v1 "a" (1 3 0 3 3)''::dimension_state, ARRAY[1]::float8[])')
) AS t(q);

-- Long answers: names of 1 to 63 bytes, finite scores, at most 100 dimensions
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT dimension_agg('''', 3)'),
    ('SELECT dimension_agg(repeat(''x'', 64), 3)'),
    ('SELECT dimension_agg(''speed'', ''NaN'')'),
    ('SELECT dimension_agg(''d'' || i, 1) FROM generate_series(1, 101) i'),
    ('SELECT dimension_state_accum(''v1 (1 3 0 3 3)''::dimension_state, ''a'', 3)')
) AS t(q);
-- 63 bytes and 100 dimensions are fine
SELECT dimension_counts(dimension_agg(repeat('x', 63), 3)) AS name_of_63_bytes,
       (SELECT cardinality(dimension_names(dimension_agg('d' || i, 1))) FROM generate_series(1, 100) i) AS hundred_dimensions;

-- Merging: same form, same number of positional dimensions, counts in range
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT ''v1 (1 3 0 3 3)''::dimension_state + ''v1 "a" (1 3 0 3 3)''::dimension_state'),
    ('SELECT ''v1 (1 3 0 3 3) (0)''::dimension_state + ''v1 (1 3 0 3 3)''::dimension_state'),
    ('SELECT dimension_agg(s) FROM (VALUES (''v1 (1 3 0 3 3)''::dimension_state), (''v1 (0) (0)'')) t(s)'),
    ('SELECT ''v1 (9223372036854775807 1 0 1 1)''::dimension_state + ''v1 (1 1 0 1 1)''::dimension_state'),
    ('SELECT ''v1 (5000000000000000000 1 0 1 1)''::dimension_state + ''v1 (4300000000000000000 1 0 1 1)''::dimension_state'),
    ('SELECT ''v1 (1 1e308 0 1e308 1e308)''::dimension_state + ''v1 (1 -1e308 0 -1e308 -1e308)''::dimension_state'),
    -- named states of 60 dimensions each, none shared: 120 merged
    ('SELECT (SELECT dimension_agg(''a'' || i, 1) FROM generate_series(1, 60) i) + (SELECT dimension_agg(''b'' || i, 1) FROM generate_series(1, 60) i)'),
    ('SELECT dimension_agg(s) FROM (SELECT dimension_agg(''a'' || i, 1) FROM generate_series(1, 60) i UNION ALL SELECT dimension_agg(''b'' || i, 1) FROM generate_series(1, 60) i) t(s)')
) AS t(q);

-- Index and breakdown: weights, scales, names
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, 1, 1])'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1])'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[[1, 1]])'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, NULL])'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, -0.5])'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, ''NaN'']::float8[])'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[''Infinity'', 1]::float8[])'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[0, 0])'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, 1], 5, 1)'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, 1], 1, 1)'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, 1], ''NaN'', 5)'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, 1], 1, ''Infinity'')'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, 1], -1e308, 1e308)'),
    ('SELECT satisfaction_index(''v1 (2 10 32 1 9) (1 4 0 4 4)'', ARRAY[1, 1])'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3) (1 0 0 0 0)'', ARRAY[1, 1])'),
    ('SELECT satisfaction_index(''v1 (1 3 0 3 3)'', ''{"a": 1}''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3)'', ARRAY[1])'),
    ('SELECT satisfaction_breakdown(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, 1], names => ARRAY[''a''])'),
    ('SELECT satisfaction_breakdown(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, 1], names => ARRAY[''a'', NULL])'),
    ('SELECT satisfaction_breakdown(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, 1], names => ARRAY[[''a'', ''b'']])'),
    ('SELECT satisfaction_breakdown(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, 1], level => 0)'),
    ('SELECT satisfaction_breakdown(''v1 (1 3 0 3 3) (1 4 0 4 4)'', ARRAY[1, 1, 1])')
) AS t(q);
-- jsonb weights: an object of numbers, every dimension weighted, sensible keys
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', ''[1, 1]''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', ''3''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', ''{"a": 1}''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', ''{"a": 1, "B": 1}''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', ''{"a": 1, "b": "2"}''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', ''{"a": 1, "b": null}''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', ''{"a": 1, "b": [2]}''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', ''{"a": 1, "b": -2}''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', ''{"a": 0, "b": 0}''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', ''{"a": 1, "b": 1e400}''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', ''{"a": 1, "b": 1, "": 1}''::jsonb)'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 4 0 4 4)'', jsonb_build_object(''a'', 1, ''b'', 1, repeat(''x'', 64), 1))'),
    ('SELECT satisfaction_index(''v1 "a" (1 3 0 3 3) "b" (1 9 0 9 9)'', ''{"a": 1, "b": 1}''::jsonb)')
) AS t(q);

-- Gap and driver analysis
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT gap_agg(ARRAY[1, 2]::float8[], ARRAY[1, 2, 3]::float8[])'),
    ('SELECT gap_agg(e, p) FROM (VALUES (ARRAY[1, 2]::float8[], ARRAY[3, 4]::float8[]), (ARRAY[1]::float8[], ARRAY[2]::float8[])) t(e, p)'),
    ('SELECT gap_agg(ARRAY[1, ''NaN'']::float8[], ARRAY[3, 4]::float8[])'),
    ('SELECT gap_agg(''{}''::float8[], ''{}''::float8[])'),
    ('SELECT gap_agg(ARRAY[[1]]::float8[], ARRAY[[1]]::float8[])'),
    ('SELECT gap_agg(array_fill(1::float8, ARRAY[101]), array_fill(1::float8, ARRAY[101]))'),
    ('SELECT driver_agg(''NaN'', ARRAY[1, 2]::float8[])'),
    ('SELECT driver_agg(3, ARRAY[1, ''Infinity'']::float8[])'),
    ('SELECT driver_agg(o, s) FROM (VALUES (3, ARRAY[1, 2]::float8[]), (4, ARRAY[1]::float8[])) t(o, s)'),
    ('SELECT ''v1 gap (1 1 2 0 0 0 0)''::paired_state + ''v1 driver (1 1 2 0 0 0 0)''::paired_state'),
    ('SELECT ''v1 gap (1 1 2 0 0 0 0)''::paired_state + ''v1 gap (1 1 2 0 0 0 0) (0)''::paired_state'),
    ('SELECT ''v1 gap (9223372036854775807 1 2 0 0 0 0)''::paired_state + ''v1 gap (1 1 2 0 0 0 0)''::paired_state'),
    ('SELECT ''v1 gap (5000000000000000000 1 2 0 0 0 0)''::paired_state + ''v1 gap (4300000000000000000 1 2 0 0 0 0)''::paired_state'),
    ('SELECT paired_state_accum_driver(''v1 gap (1 1 2 0 0 0 0)''::paired_state, 3, ARRAY[1]::float8[])'),
    ('SELECT driver_analysis(''v1 gap (1 1 2 0 0 0 0)'')'),
    ('SELECT driver_correlations(''v1 gap (1 1 2 0 0 0 0)'')'),
    ('SELECT gap_analysis(''v1 driver (1 1 2 0 0 0 0)'')'),
    ('SELECT gap_analysis(''v1 gap (1 1 2 0 0 0 0)'', level => 1.5)'),
    ('SELECT gap_analysis(''v1 gap (1 1 2 0 0 0 0)'', ARRAY[''a'', ''b''])'),
    ('SELECT driver_analysis(''v1 driver (1 1 2 0 0 0 0)'', ARRAY[''a'', ''b''])'),
    -- a NULL name is 22004, as in satisfaction_breakdown and moment_agg
    ('SELECT gap_analysis(''v1 gap (1 1 2 0 0 0 0) (1 1 2 0 0 0 0)'', ARRAY[''a'', NULL])'),
    ('SELECT driver_analysis(''v1 driver (1 1 2 0 0 0 0) (1 1 2 0 0 0 0)'', ARRAY[NULL, ''b''])'),
    ('SELECT gap_analysis(''v1 gap (1 1 2 0 0 0 0) (1 1 2 0 0 0 0)'', ARRAY[[''a''], [''b'']])'),
    ('SELECT gap_agg(s) FROM (VALUES (''v1 driver (1 1 2 0 0 0 0)''::paired_state)) t(s)'),
    ('SELECT gap_agg(s) FROM (VALUES (''v1''::paired_state), (''v1 driver (1 1 2 0 0 0 0)''::paired_state), (NULL)) t(s)'),
    ('SELECT driver_agg(s) FROM (VALUES (''v1 gap (1 1 2 0 0 0 0)''::paired_state), (''v1 gap (1 1 2 0 0 0 0)''::paired_state)) t(s)'),
    ('SELECT driver_agg(s) FROM (VALUES (''v1 gap "a" (1 1 2 0 0 0 0)''::paired_state)) t(s)')
) AS t(q);
-- Each merge keeps states of its own kind, and passes an empty state, NULLs
-- and no rows; paired_agg, the 0.1.0 name of both, takes either kind.
SELECT gap_agg(g) AS gaps, driver_agg(d) AS drivers, paired_agg(d) AS by_the_alias,
       gap_agg(e) AS empty, driver_agg(n) AS all_null
FROM (VALUES ('v1 gap (1 1 2 0 0 0 0)'::paired_state, 'v1 driver (1 1 2 0 0 0 0)'::paired_state, 'v1'::paired_state, NULL::paired_state),
             ('v1', NULL, 'v1', NULL),
             ('v1 gap (1 3 3 0 0 0 0)', 'v1 driver (1 3 3 0 0 0 0)', NULL, NULL)) t(g, d, e, n);
SELECT gap_agg(s) AS named_gaps, driver_agg(s) FILTER (WHERE false) AS no_rows
FROM (VALUES ('v1 gap "a" (1 1 2 0 0 0 0)'::paired_state), ('v1 gap "b" (1 3 3 0 0 0 0)')) t(s);
SELECT pg_temp.error_of('SELECT driver_agg(o * 1e308, ARRAY[1]::float8[]) FROM (VALUES (1), (-1)) t(o)') AS co_moment_overflow;
-- named gap states: merged past 100 dimensions (60 each, none shared), and
-- sums that overflow when merged (1e308 twice)
SELECT pg_temp.error_of('SELECT (SELECT gap_agg(''a'' || i, 1, 2) FROM generate_series(1, 60) i) + (SELECT gap_agg(''b'' || i, 1, 2) FROM generate_series(1, 60) i)') AS named_120,
       pg_temp.error_of('SELECT gap_agg(''a'', 1e308, 1) + gap_agg(''a'', 1e308, 1)') AS named_overflow;
-- the transition functions called on an empty state start a new one: one
-- pair per dimension (n 1, the two scores, no spread)
SELECT paired_state_accum_gap('v1'::paired_state, ARRAY[1, 2]::float8[], ARRAY[2, 2.5]::float8[]) AS wide,
       paired_state_accum_gap('v1'::paired_state, 'attitude', 1, 2) AS long;
-- no state: no rows
SELECT (SELECT count(*) FROM gap_analysis(NULL)) AS gap_rows, (SELECT count(*) FROM driver_analysis(NULL)) AS driver_rows;

-- AHP: a square, positive, reciprocal matrix with a unit diagonal, at most 15 by 15
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT ahp_weights(ARRAY[1, 2, 3]::float8[])'),
    ('SELECT ahp_weights(''{}''::float8[])'),
    ('SELECT ahp_weights(ARRAY[[1, 2, 3], [0.5, 1, 2]]::float8[])'),
    ('SELECT ahp_weights(array_fill(1::float8, ARRAY[16, 16]))'),
    ('SELECT ahp_weights(ARRAY[[1, NULL], [0.5, 1]]::float8[])'),
    ('SELECT ahp_weights(ARRAY[[1, -2], [-0.5, 1]]::float8[])'),
    ('SELECT ahp_weights(ARRAY[[1, 0], [0, 1]]::float8[])'),
    ('SELECT ahp_weights(ARRAY[[1, ''NaN''], [1, 1]]::float8[])'),
    ('SELECT ahp_weights(ARRAY[[1, ''Infinity''], [0, 1]]::float8[])'),
    ('SELECT ahp_weights(ARRAY[[2, 2], [0.5, 1]]::float8[])'),
    ('SELECT ahp_weights(ARRAY[[1, 3], [0.5, 1]]::float8[])'),
    ('SELECT ahp_weights(ARRAY[[1, 3], [0.33, 1]]::float8[])')
) AS t(q);

-- Scorecards
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT metric_score(0.5, 1, 1)'),
    ('SELECT metric_score(0.5, ''NaN'', 1)'),
    ('SELECT metric_score(0.5, 0, ''Infinity'')'),
    ('SELECT metric_score(0.5, -1e308, 1e308)'),
    ('SELECT metric_score(''Infinity'', 0, 1)'),
    ('SELECT scorecard(ARRAY[80, 60]::float8[], ARRAY[1, 1, 1]::float8[])'),
    ('SELECT scorecard(ARRAY[80, ''NaN'']::float8[], ARRAY[1, 1]::float8[])'),
    ('SELECT scorecard(ARRAY[80, 60]::float8[], ARRAY[1, -1]::float8[])'),
    ('SELECT scorecard(ARRAY[80, 60]::float8[], ARRAY[0, 0]::float8[])'),
    ('SELECT scorecard(ARRAY[1.7e308, 1.7e308, 1.7e308]::float8[], ARRAY[1, 1, 1]::float8[])'),
    ('SELECT scorecard(ARRAY[[80, 60]]::float8[], ARRAY[1, 1]::float8[])')
) AS t(q);

-- Malformed text input of the state types is a clean 22P02 saying what and where
SELECT input, pg_temp.error_of(format('SELECT %L::dimension_state', input)) AS result FROM (VALUES
    (''), ('garbage'), ('v2 (1 1 0 1 1)'), ('v1 (1 1 0 1)'), ('v1 (1 1 0 1 1'), ('v1 (0 1)'),
    ('v1 (-1 1 0 1 1)'), ('v1 (1 NaN 0 1 1)'), ('v1 (1 1 inf 1 1)'), ('v1 (2 1 -1 1 1)'),
    ('v1 (2 1 0 3 1)'), ('v1 (1 1 0 1 1) "a" (1 1 0 1 1)'), ('v1 "a" (1 1 0 1 1) (1 1 0 1 1)'),
    ('v1 "a" (1 1 0 1 1) "a" (1 2 0 2 2)'), ('v1 "" (1 1 0 1 1)'), ('v1 "a (1 1 0 1 1)'),
    ('v1 (9223372036854775808 1 0 1 1)'),
    (format('v1 "%s" (1 1 0 1 1)', repeat('x', 64))),
    ('v1' || repeat(' (0)', 101))
) AS t(input);
SELECT input, pg_temp.error_of(format('SELECT %L::paired_state', input)) AS result FROM (VALUES
    (''), ('v1 (1 1 2 0 0 0 0)'), ('v1 gap'), ('v1 gap (1 1 2 0 0 0)'), ('v1 gap (0 1)'),
    ('v1 drive (1 1 2 0 0 0 0)'), ('v1 gap (2 1 2 -1 0 0 0)'), ('v1 gap (2 1 2 0 0 0 -1)'),
    ('v1 gap (-1 1 2 0 0 0 0)'), ('v1 gap (1 1 NaN 0 0 0 0)'), ('v3 gap (1 1 2 0 0 0 0)'),
    ('v1 gap' || repeat(' (0)', 101))
) AS t(input);

-- Malformed binary input is a clean 22P03, also when bytes are missing or
-- left over: craft the bytes, write them with COPY BINARY as bytea, and read
-- them back as the state type.
-- Header: version byte, kind byte, int16 count; then per dimension (named: a
-- length byte and the name) n as int8 and the sums as float8.  In version 1,
-- 0.1.0's, which input still reads: version 2 differs in its names alone
-- (satisfaction_state_io.sql).
CREATE FUNCTION pg_temp.dims(n bigint, VARIADIC sums float8[]) RETURNS bytea LANGUAGE sql AS
$$ SELECT int8send(n) || string_agg(float8send(x), ''::bytea ORDER BY i)
   FROM unnest(sums) WITH ORDINALITY AS u(x, i) $$;
CREATE TABLE sat_bad_bytes (type text, label text, b bytea);
INSERT INTO sat_bad_bytes VALUES
    ('dimension_state', 'fine, for reference', '\x01010001'::bytea || pg_temp.dims(1, 3, 0, 3, 3)),
    ('dimension_state', 'version 3', '\x03000000'),
    ('dimension_state', 'unknown kind', '\x01030001'),
    ('dimension_state', 'kind without dimensions', '\x01010000'),
    ('dimension_state', 'dimensions without kind', '\x01000001'),
    ('dimension_state', '101 dimensions', '\x01010065'),
    ('dimension_state', 'truncated', '\x0101000100'),
    ('dimension_state', 'trailing byte', '\x0100000000'),
    ('dimension_state', 'empty name', '\x0102000100'),
    ('dimension_state', 'name of 64 bytes', '\x0102000140'::bytea || convert_to(repeat('x', 64), 'UTF8') || pg_temp.dims(1, 3, 0, 3, 3)),
    ('dimension_state', 'name with zero byte', '\x01020001026100'::bytea || pg_temp.dims(1, 3, 0, 3, 3)),
    ('dimension_state', 'name not UTF8', '\x0102000101ff'::bytea || pg_temp.dims(1, 3, 0, 3, 3)),
    ('dimension_state', 'duplicate names', '\x010200020161'::bytea || pg_temp.dims(1, 3, 0, 3, 3) || '\x0161'::bytea || pg_temp.dims(1, 3, 0, 3, 3)),
    ('dimension_state', 'negative n', '\x01010001'::bytea || pg_temp.dims(-1, 0, 0, 0, 0)),
    ('dimension_state', 'no answers, nonzero mean', '\x01010001'::bytea || pg_temp.dims(0, 1, 0, 0, 0)),
    ('dimension_state', 'NaN mean', '\x01010001'::bytea || pg_temp.dims(1, 'NaN', 0, 3, 3)),
    ('dimension_state', 'min above max', '\x01010001'::bytea || pg_temp.dims(2, 3, 0, 4, 2)),
    ('paired_state', 'fine, for reference', '\x01010001'::bytea || pg_temp.dims(1, 3, 4, 0, 0, 0, 0)),
    ('paired_state', 'version 3', '\x03000000'),
    ('paired_state', 'unknown kind', '\x01040001'),
    ('paired_state', 'kind without dimensions', '\x01020000'),
    ('paired_state', 'negative m2', '\x01010001'::bytea || pg_temp.dims(2, 3, 4, -1, 0, 0, 0)),
    ('paired_state', 'infinite co-moment', '\x01010001'::bytea || pg_temp.dims(2, 3, 4, 1, 1, 'Infinity', 0)),
    ('paired_state', 'truncated', '\x01010001'::bytea || int8send(1));
CREATE FUNCTION pg_temp.read_binary(label text, type text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    path text := current_setting('data_directory') || '/svcquality_bad_state.bin';
    detail text;
    result text;
BEGIN
    EXECUTE format('COPY (SELECT b FROM sat_bad_bytes WHERE label = %L AND type = %L) TO %L (FORMAT binary)',
                   label, type, path);
    EXECUTE format('CREATE TEMP TABLE sat_read (st %s)', type);
    BEGIN
        EXECUTE format('COPY sat_read FROM %L (FORMAT binary)', path);
        SELECT 'no error: ' || st::text INTO result FROM sat_read;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
        result := SQLSTATE || ': ' || SQLERRM || coalesce(' | ' || nullif(detail, ''), '');
    END;
    DROP TABLE sat_read;
    RETURN result;
END $$;
SELECT type, label, pg_temp.read_binary(label, type) AS result FROM sat_bad_bytes;
DROP TABLE sat_bad_bytes;

-- A failing statement leaves stored states untouched
CREATE TABLE sat_store (k int PRIMARY KEY, st dimension_state);
INSERT INTO sat_store SELECT 1, dimension_agg(ARRAY[4, 5]::float8[]);
UPDATE sat_store SET st = st + 'v1 (1 3 0 3 3)';
INSERT INTO sat_store SELECT 2, dimension_agg(s) FROM (VALUES (ARRAY[4, 5]::float8[]), (ARRAY[1, 'NaN']::float8[])) t(s);
SELECT k, st FROM sat_store;
DROP TABLE sat_store;
