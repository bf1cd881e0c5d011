-- Bad input to the duration aggregates and functions: a clear error with
-- its SQLSTATE, never a crash.
SET IntervalStyle = postgres;  -- intervals print as 1 day 02:00:00
\i test/sql/include/error_of.psql

-- Durations must be finite, from 0 to 10^12 seconds; a negative one means
-- the end came before the start
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT duration_agg(d) FROM (VALUES (interval ''5 minutes''), (interval ''-00:05:00'')) t(d)'),
    ('SELECT duration_agg(''2026-03-01 10:00''::timestamptz - ''2026-03-01 12:30''::timestamptz)'),
    ('SELECT duration_agg(interval ''1 month -31 days'')'),
    ('SELECT duration_agg(interval ''-0.000001 seconds'')'),
    ('SELECT duration_agg(interval ''40000 years'')'),
    ('SELECT duration_agg(interval ''31689 years'')'),
    ('SELECT duration_agg(-1.5::float8)'),
    ('SELECT duration_agg(-0.0000001::float8)'),
    ('SELECT duration_agg(''NaN''::float8)'),
    ('SELECT duration_agg(''Infinity''::float8)'),
    ('SELECT duration_agg(''-Infinity''::float8)'),
    ('SELECT duration_agg(1e12::float8 + 1)'),
    ('SELECT duration_agg(-1::float8, 0.05)')
) AS t(q);
-- the limits themselves are fine: 31688 years of 365.25 days are
-- 31688 * 31557600 = 999997228800 seconds, just under 10^12
SELECT duration_max_seconds(duration_agg(interval '31688 years')) AS long_interval,
       duration_max_seconds(duration_agg(1e12::float8)) AS longest,
       duration_agg(-0.0::float8) AS negative_zero;

-- The accuracy must be from 0.0001 to 0.5, given, and the same on every row
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT duration_agg(1.0::float8, 0)'),
    ('SELECT duration_agg(1.0::float8, 0.00009)'),
    ('SELECT duration_agg(interval ''1 hour'', 0.51)'),
    ('SELECT duration_agg(interval ''1 hour'', ''NaN'')'),
    ('SELECT duration_agg(interval ''1 hour'', NULL)'),
    ('SELECT duration_agg(NULL::interval, NULL)'),
    ('SELECT duration_agg(x, a) FROM (VALUES (1.0::float8, 0.01::float8), (2.0, 0.02)) t(x, a)')
) AS t(q);

-- States of different accuracies do not merge (an empty state merges with any)
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT duration_agg(1.0::float8) + duration_agg(1.0::float8, 0.02)'),
    ('SELECT duration_agg(s) FROM (SELECT duration_agg(1.0::float8) UNION ALL SELECT duration_agg(2.0::float8, 0.001)) t(s)'),
    ('SELECT duration_state_combine(duration_agg(1.0::float8), duration_agg(1.0::float8, 0.5))'),
    ('SELECT duration_state_accum(duration_agg(1.0::float8, 0.02), 3.0::float8)'),
    ('SELECT duration_state_accum(duration_agg(1.0::float8), interval ''1 hour'', 0.02)'),
    -- accuracies that print alike to 6 digits are told apart: a real's 0.01
    -- is 0.009999999776482582 as a double
    ('SELECT duration_agg(1.0::float8, 0.01::real) + duration_agg(1.0::float8)'),
    ('SELECT duration_agg(x, a) FROM (VALUES (1.0::float8, 0.01::real), (2.0, 0.01::float8)) t(x, a)'),
    ('SELECT duration_compare(duration_agg(1.0::float8, 0.01::real), duration_agg(1.0::float8))')
) AS t(q);
-- and whatever extra_float_digits says (float8out's 0 gives 15 digits: 0.01)
SET extra_float_digits = 0;
SELECT pg_temp.error_of('SELECT duration_agg(1.0::float8, 0.01::real) + duration_agg(1.0::float8)') AS digits_0;
RESET extra_float_digits;
SELECT 'v1 accuracy=0.5 n=0 sum=0 min=0 max=0 zero=0'::duration_state + duration_agg(2.0::float8) AS empty_plus_other,
       duration_state_accum('v1 accuracy=0.5 n=0 sum=0 min=0 max=0 zero=0'::duration_state, 2.0::float8, 0.5) AS accum_direct;
-- Of two empty states the finer accuracy is kept, in either order, by the
-- merge aggregate as by +
SELECT (SELECT duration_agg(s ORDER BY o) FROM (VALUES (1, a), (2, b)) AS t(o, s)) AS merged,
       (SELECT duration_agg(s ORDER BY o DESC) FROM (VALUES (1, a), (2, b)) AS t(o, s)) AS merged_reversed,
       a + b AS plus, b + a AS plus_reversed
FROM (VALUES ('v1 accuracy=0.5 n=0 sum=0 min=0 max=0 zero=0'::duration_state,
              'v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0'::duration_state)) AS x(a, b);

-- Counts cannot overflow
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT ''v1 accuracy=0.01 n=9223372036854775807 sum=0 min=0 max=0 zero=9223372036854775807''::duration_state + ''v1 accuracy=0.01 n=1 sum=0 min=0 max=0 zero=1'''),
    ('SELECT duration_agg(s) FROM (VALUES (''v1 accuracy=0.01 n=9223372036854775807 sum=9223372036854775807 min=1 max=1 zero=0 0:9223372036854775807''::duration_state), (''v1 accuracy=0.01 n=1 sum=1 min=1 max=1 zero=0 0:1'')) t(s)'),
    ('SELECT ''v1 accuracy=0.01 n=5000000000000000000 sum=0 min=0 max=0 zero=5000000000000000000''::duration_state + ''v1 accuracy=0.01 n=4300000000000000000 sum=0 min=0 max=0 zero=4300000000000000000'''),
    ('SELECT duration_state_accum(''v1 accuracy=0.01 n=9223372036854775807 sum=0 min=0 max=0 zero=9223372036854775807'', 0.0::float8)'),
    ('SELECT duration_state_accum(''v1 accuracy=0.01 n=9223372036854775807 sum=9223372036854775807 min=1 max=1 zero=0 0:9223372036854775807'', interval ''1 s'')')
) AS t(q);

-- Quantiles are fractions from 0 to 1 (checked even when the state is empty)
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT duration_quantile(duration_agg(1.0::float8), 1.5)'),
    ('SELECT duration_quantile(duration_agg(1.0::float8), -0.1)'),
    ('SELECT duration_quantile_seconds(duration_agg(1.0::float8), ''NaN'')'),
    ('SELECT duration_quantiles(duration_agg(1.0::float8), ''{0.5, 90}'')'),
    ('SELECT duration_quantiles_seconds(duration_agg(1.0::float8), ''{0.5, -Infinity}'')'),
    ('SELECT duration_quantile(''v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0'', 2)'),
    ('SELECT duration_quantiles(''v1 accuracy=0.01 n=0 sum=0 min=0 max=0 zero=0'', ''{2}'')')
) AS t(q);

-- SLA targets are durations too; histograms need 1 or more bins
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT duration_sla_share(duration_agg(1.0::float8), interval ''-1 hour'')'),
    ('SELECT duration_sla_bounds(duration_agg(1.0::float8), interval ''40000 years'')'),
    ('SELECT duration_sla_share_seconds(duration_agg(1.0::float8), ''NaN'')'),
    ('SELECT duration_sla_bounds_seconds(duration_agg(1.0::float8), -5)'),
    ('SELECT duration_histogram(duration_agg(1.0::float8), 0)'),
    ('SELECT duration_histogram_seconds(duration_agg(1.0::float8), -3)')
) AS t(q);

-- A sum beyond the interval range is an error as interval, fine in seconds
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT duration_sum(''v1 accuracy=0.01 n=1000000 sum=1000000000000000000 min=1000000000000 max=1000000000000 zero=0 1382:1000000'')')
) AS t(q);
SELECT duration_sum_seconds('v1 accuracy=0.01 n=1000000 sum=1000000000000000000 min=1000000000000 max=1000000000000 zero=0 1382:1000000') AS sum_seconds,
       duration_mean('v1 accuracy=0.01 n=1000000 sum=1000000000000000000 min=1000000000000 max=1000000000000 zero=0 1382:1000000') AS mean;

-- A failing statement leaves stored states untouched
CREATE TABLE dur_rollup (day date PRIMARY KEY, state duration_state NOT NULL);
INSERT INTO dur_rollup SELECT '2026-01-01', duration_agg(d)
FROM (VALUES (interval '3 minutes'), ('2 hours')) t(d);
INSERT INTO dur_rollup SELECT '2026-01-02', duration_agg(d)
FROM (VALUES (interval '3 minutes'), ('-2 hours')) t(d);
UPDATE dur_rollup SET state = state + duration_agg_other
FROM (SELECT duration_agg(interval '1 hour', 0.02) AS duration_agg_other) AS o;
SELECT day, state FROM dur_rollup ORDER BY day;
DROP TABLE dur_rollup;
