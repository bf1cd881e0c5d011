-- Bad input to the NPS aggregates: a clear error with its SQLSTATE, never a crash.
\i test/sql/include/error_of.psql

-- Scores outside 0-10, fractional scores, NaN and infinities
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT nps(s) FROM (VALUES (9), (11)) t(s)'),
    ('SELECT nps(-1)'),
    ('SELECT nps(-1::smallint)'),
    ('SELECT nps(1000000000000::bigint)'),
    ('SELECT nps(9.5)'),
    ('SELECT nps(-0.5)'),
    ('SELECT nps(11.0)'),
    ('SELECT nps(100::numeric)'),
    ('SELECT nps(''NaN''::numeric)'),
    ('SELECT nps(''Infinity''::numeric)'),
    ('SELECT nps_agg(12)'),
    ('SELECT nps(12, 1.0)'),
    ('SELECT nps(9.25, 1.0)')
) AS t(q);

-- Weights must be finite and >= 0
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT nps(9, -1.0)'),
    ('SELECT nps(9, -0.000001)'),
    ('SELECT nps(9, ''NaN''::float8)'),
    ('SELECT nps(9, ''Infinity''::float8)'),
    ('SELECT nps(9::bigint, ''-Infinity''::float8)'),
    ('SELECT nps_agg(9::numeric, -2)')
) AS t(q);

-- Confidence levels must lie strictly between 0 and 1
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT nps_ci(''v1 0:1 9:1''::rating_state, 0)'),
    ('SELECT nps_ci(''v1 0:1 9:1''::rating_state, 1)'),
    ('SELECT nps_ci(''v1 0:1 9:1''::rating_state, 95)'),
    ('SELECT nps_ci(''v1 0:1 9:1''::rating_state, ''NaN'')'),
    ('SELECT nps_compare(''v1 9:1''::rating_state, ''v1 0:1''::rating_state, -0.5)'),
    ('SELECT nps_ci(''v1 0:1 9:1''::rating_state, 0.95, ''wilson'')'),
    ('SELECT nps_ci(''v1 0:1 9:1''::rating_state, 0.95, ''Wald'')')
) AS t(q);

-- Weighted and unweighted states do not mix; counts cannot overflow
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT ''v1 9:1''::rating_state + ''v1 weighted sumsq=1 9:1:1''::rating_state'),
    ('SELECT nps_agg(s) FROM (VALUES (''v1 9:1''::rating_state), (''v1 weighted sumsq=4 0:1:2'')) t(s)'),
    ('SELECT ''v1 0:9223372036854775807''::rating_state + ''v1 0:1''::rating_state'),
    ('SELECT ''v1 0:9223372036854775807''::rating_state + ''v1 1:1''::rating_state'),
    -- the detail names the counts added, in this order, and the limit
    ('SELECT ''v1 0:5000000000000000000''::rating_state + ''v1 9:4000000000000000000 10:300000000000000000''::rating_state'),
    ('SELECT rating_state_accum(''v1 9:1''::rating_state, 9, 1.0)'),
    ('SELECT rating_state_accum(''v1 weighted sumsq=1 9:1:1''::rating_state, 9)')
) AS t(q);
-- ... but an empty state takes either kind: the first row decides
SELECT rating_state_accum('v1'::rating_state, 9, 1.5::float8) AS weighted_from_empty,
       rating_state_accum('v1 weighted sumsq=0'::rating_state, 9) AS unweighted_from_empty;
-- sums of weights must stay finite
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT nps(s, 1e300) FROM (VALUES (9), (9)) t(s)'),
    ('SELECT nps(s, 1e308) FROM (VALUES (9), (9)) t(s)'),
    ('SELECT ''v1 weighted sumsq=1e308 9:1:1e154''::rating_state + ''v1 weighted sumsq=1e308 9:1:1e154'''),
    ('SELECT ''v1 weighted sumsq=1e308 9:1:1e154''::rating_state + ''v1 weighted sumsq=1e308 0:1:1e154''')
) AS t(q);
-- an empty state merges with either kind
SELECT 'v1'::rating_state + 'v1 weighted sumsq=1 9:1:1'::rating_state AS empty_plus_weighted,
       'v1 weighted sumsq=0'::rating_state + 'v1 9:2'::rating_state AS empty_weighted_plus_plain;

-- A failing statement leaves stored data untouched
CREATE TABLE nps_rollup (day date PRIMARY KEY, state rating_state NOT NULL);
INSERT INTO nps_rollup SELECT '2026-01-01', nps_agg(s) FROM (VALUES (9), (10), (6)) t(s);
INSERT INTO nps_rollup SELECT '2026-01-02', nps_agg(s) FROM (VALUES (9), (42)) t(s);
UPDATE nps_rollup SET state = state + 'v1 weighted sumsq=1 0:1:1' WHERE day = '2026-01-01';
BEGIN;
UPDATE nps_rollup SET state = state + 'v1 0:5';
INSERT INTO nps_rollup SELECT '2026-01-03', nps_agg(s) FROM (VALUES (3), (NULL), (-3)) t(s);
COMMIT;
SELECT day, state FROM nps_rollup ORDER BY day;
DROP TABLE nps_rollup;
