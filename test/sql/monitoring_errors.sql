-- Every error of the monitoring functions and of the states outcome_state
-- and duration_outcome_state, with its SQLSTATE: arguments, malformed text
-- input (binary input: state_binary_input.sql, mutations:
-- state_input_fuzz.sql), merges of states that do not match, overflow.
\i test/sql/include/error_of.psql
SET intervalstyle = 'postgres';
-- an aggregate of a user's over duration_outcome_agg's transition
-- function, whose groups start from a state with edges of its own
CREATE AGGREGATE pg_temp.outcome_from_minute(interval, boolean, interval[]) (
    SFUNC = duration_outcome_state_accum, STYPE = duration_outcome_state,
    INITCOND = 'v1 edges=60 0/0 0/0');

SELECT q, pg_temp.error_of(q) AS error FROM (VALUES
    -- control limits: sigmas must be finite and positive (22023)
    ($$SELECT proportion_control_limits('v1 1/2', 'v1 1/2', 0)$$),
    ($$SELECT nps_control_limits('v1 9:1', 'v1 9:1', -3)$$),
    ($$SELECT rating_mean_control_limits('v1 4:2', 'v1 4:1', 'NaN')$$),
    ($$SELECT proportion_control_limits('v1 1/2', 'v1 1/2', 'Infinity')$$),
    -- trends: level, correction, lengths, duplicate times, values out of range
    ($$SELECT mann_kendall(ARRAY[1, 2, 3]::float8[], 1)$$),
    ($$SELECT mann_kendall(ARRAY[1, 2, 3]::float8[], 0.95, 'yue_wang')$$),
    ($$SELECT mann_kendall(ARRAY[1, 2, 3]::float8[], times => ARRAY[1, 2]::float8[])$$),
    ($$SELECT mann_kendall(ARRAY[1, 2, 3]::float8[], times => ARRAY[1, 1, 2]::float8[])$$),
    -- epoch seconds are told apart from their neighbours (6 digits printed
    -- 1.77267e+09 for each)
    ($$SELECT mann_kendall(ARRAY[1, 2, 3]::float8[], times => ARRAY[1772668800, 1772668801, 1772668800]::float8[])$$),
    ($$SELECT mann_kendall(ARRAY[1, 'NaN', 3]::float8[])$$),
    ($$SELECT mann_kendall(ARRAY['Infinity', 3]::float8[], times => ARRAY[1, 2]::float8[])$$),
    ($$SELECT mann_kendall(ARRAY[1, 2, 1e301]::float8[])$$),
    ($$SELECT mann_kendall(array_agg(i::float8)) FROM generate_series(1, 10001) i$$),
    -- a series or times of two dimensions, not read flattened
    ($$SELECT mann_kendall(ARRAY[[1, 10], [2, 12], [3, 11], [4, 15], [5, 14]]::float8[])$$),
    ($$SELECT mann_kendall(ARRAY[5, 6, 7, 8]::float8[], times => ARRAY[[1, 2], [3, 4]]::float8[])$$),
    ($$SELECT mann_kendall(ARRAY[[5, 6], [7, 8]]::float8[], times => ARRAY[1, 2, 3, 4]::float8[])$$),
    -- rankings: level, labels and states that do not pair up (a NULL state
    -- is a group without data: monitoring_ranking.sql)
    ($$SELECT proportion_ranking('{a}', ARRAY['v1 1/2'::proportion_state], 0)$$),
    ($$SELECT nps_ranking('{a,b}', ARRAY['v1 9:1'::rating_state])$$),
    ($$SELECT nps_ranking('{{a,b},{c,d}}', ARRAY['v1 9:1', 'v1 9:2', 'v1 9:3', 'v1 9:4']::rating_state[])$$),
    ($$SELECT proportion_ranking('{a,b,c,d}', ARRAY[['v1 1/2', 'v1 1/3'], ['v1 1/4', 'v1 1/5']]::proportion_state[])$$),
    ($$SELECT nps_prior(ARRAY[['v1 9:1'], ['v1 9:2']]::rating_state[])$$),
    -- outcomes: counts (22023), level
    ($$SELECT outcome_of(3, 2, 0, 1)$$),
    ($$SELECT outcome_of(-1, 2, 0, 1)$$),
    ($$SELECT outcome_association('v1 exposed=1/2 unexposed=1/2', 1.5)$$),
    ($$SELECT outcome_agg(x) FROM (VALUES ('v1 exposed=9223372036854775807/9223372036854775807 unexposed=0/0'::outcome_state),
                                          ('v1 exposed=1/1 unexposed=0/0')) AS v(x)$$),
    ($$SELECT 'v1 exposed=9223372036854775807/9223372036854775807 unexposed=0/0'::outcome_state
              + 'v1 exposed=0/1 unexposed=0/0'$$),
    ($$SELECT 'v1 exposed=1/5000000000000000000 unexposed=0/0'::outcome_state
              + 'v1 exposed=0/4300000000000000000 unexposed=7/9'$$),
    -- duration buckets: edges (none, too many, NULL, not increasing, the same
    -- to the microsecond though given as increasing seconds, negative,
    -- different between rows), durations, merges of other edges, level
    ($$SELECT duration_outcome_agg(interval '1 hour', true, ARRAY[]::interval[])$$),
    ($$SELECT duration_outcome_agg(interval '1 hour', true,
                                   (SELECT array_agg(make_interval(secs => i)) FROM generate_series(1, 1001) i))$$),
    ($$SELECT duration_outcome_agg(interval '1 hour', true, ARRAY[interval '1 day', NULL])$$),
    ($$SELECT duration_outcome_agg(interval '1 hour', true, ARRAY[[interval '1 day'], [interval '2 days']])$$),
    ($$SELECT duration_outcome_agg(3600, true, ARRAY[[86400, 172800]]::float8[])$$),
    ($$SELECT duration_outcome_agg(interval '1 hour', true, ARRAY[interval '2 days', interval '1 day'])$$),
    ($$SELECT duration_outcome_agg(interval '1 hour', true, ARRAY[interval '1 day', interval '1 day'])$$),
    ($$SELECT duration_outcome_agg(3600, true, ARRAY[86400, 86400.5, 3600]::float8[])$$),
    ($$SELECT duration_outcome_agg(3600, true, ARRAY[1.0000001, 1.0000002]::float8[])$$),
    ($$SELECT duration_outcome_agg(3600, true, ARRAY[2.0000001, 1.9999999]::float8[])$$),
    ($$SELECT duration_outcome_agg(interval '1 hour', true, ARRAY[interval '-1 day'])$$),
    ($$SELECT duration_outcome_agg(3600, true, ARRAY['NaN']::float8[])$$),
    ($$SELECT duration_outcome_agg(interval '1 hour', true, NULL::interval[])$$),
    ($$SELECT duration_outcome_agg(d, true, e) FROM (VALUES (interval '1 hour', ARRAY[interval '1 day']),
                                                            (interval '2 hours', ARRAY[interval '2 days'])) AS v(d, e)$$),
    -- constant edges other than a given state's: called directly (other
    -- edges, and as many at other durations), and in the aggregate above
    ($$SELECT duration_outcome_state_accum('v1 edges=60 0/0 1/1', 60.0::float8, true, '{30,90}'::float8[])$$),
    ($$SELECT duration_outcome_state_accum('v1 edges=60 0/0 1/1', 60.0::float8, true, '{90}'::float8[])$$),
    ($$SELECT duration_outcome_state_accum('v1 edges=60 0/0 1/1', interval '1 minute', true,
                                           ARRAY[interval '30 seconds', interval '90 seconds'])$$),
    ($$SELECT pg_temp.outcome_from_minute(interval '1 hour', true, ARRAY[interval '1 day'])$$),
    ($$SELECT pg_temp.outcome_from_minute(interval '1 hour', true, ARRAY[interval '1 day', interval '2 days'])$$),
    ($$SELECT duration_outcome_agg(interval '-1 hour', true, ARRAY[interval '1 day'])$$),
    ($$SELECT duration_outcome_agg(-5, true, ARRAY[86400]::float8[])$$),
    ($$SELECT duration_outcome_agg('Infinity'::float8, true, ARRAY[86400]::float8[])$$),
    ($$SELECT duration_outcome_agg(interval '1 month', true, ARRAY[interval '1 day'])$$),
    ($$SELECT 'v1 edges=3600 1/2 1/2'::duration_outcome_state + 'v1 edges=7200 1/2 1/2'$$),
    ($$SELECT duration_outcome_agg(x) FROM (VALUES ('v1 edges=3600 1/2 1/2'::duration_outcome_state),
                                                   ('v1 edges=3600,7200 1/2 1/2 0/0')) AS v(x)$$),
    ($$SELECT 'v1 edges=3600,7200 0/0 0/0 0/0'::duration_outcome_state + 'v1 edges=3600,10800 0/0 0/0 0/0'$$),
    ($$SELECT duration_outcome_agg(x) FROM (VALUES ('v1 edges=60,3600,7200 0/0 1/2 0/0 0/0'::duration_outcome_state),
                                                   ('v1 edges=60,3600,7201 0/0 1/2 0/0 0/0')) AS v(x)$$),
    ($$SELECT duration_outcome('v1 edges=3600 1/2 1/2', 0)$$),
    ($$SELECT duration_outcome_seconds('v1 edges=3600 1/2 1/2', 'NaN')$$)
) AS t(q);
-- whole, with its hint, which error_of leaves out
SELECT duration_outcome_state_accum('v1 edges=60 0/0 1/1', 60.0::float8, true, '{30,90}'::float8[]);

-- Malformed text input: 22P02, or 22023 for a value out of its range
SELECT q, pg_temp.error_of(format('SELECT %L::outcome_state', q)) AS error FROM (VALUES
    (''), ('v1'), ('v2 exposed=1/2 unexposed=1/2'), ('exposed=1/2 unexposed=1/2'),
    ('v1 exposed=1/2'), ('v1 unexposed=1/2 exposed=1/2'), ('v1 exposed=1/2 unexposed=1/2 more'),
    ('v1 exposed=3/2 unexposed=1/2'), ('v1 exposed=-1/2 unexposed=1/2'), ('v1 exposed=1/2 unexposed=1'),
    ('v1 exposed=1.5/2 unexposed=1/2'), ('v1 exposed=1/99999999999999999999 unexposed=1/2'),
    ('v1 exposed=1/2  unexposed=1/2')
) AS t(q);
SELECT q, pg_temp.error_of(format('SELECT %L::duration_outcome_state', q)) AS error FROM (VALUES
    (''), ('v1'), ('v1 edges='), ('v2 edges=3600 1/2 1/2'), ('v1 edges=3600 1/2'),
    ('v1 edges=3600 1/2 1/2 1/2'), ('v1 edges=7200,3600 1/2 1/2 1/2'), ('v1 edges=3600,3600 1/2 1/2 1/2'),
    ('v1 edges=-1 1/2 1/2'), ('v1 edges=1000000000001 1/2 1/2'), ('v1 edges=3600.0000001 1/2 1/2'),
    ('v1 edges=3600 3/2 1/2'), ('v1 edges=3600 -1/2 1/2'), ('v1 edges=3600 1/2 1/2 x'),
    ('v1 edges=3600, 1/2 1/2'), ('v1 edges=NaN 1/2 1/2'), ('v1 edges=3600 1/2 1/-2')
) AS t(q);
-- at most 1000 edges: 1001 are refused at the last (only the detail is
-- shown: the message quotes the whole input); 1000 read back
SELECT n, CASE e WHEN 'no error' THEN e ELSE left(e, 5) || ': ' || split_part(e, ' | ', 2) END AS result
FROM (VALUES (1000), (1001)) AS v(n),
     LATERAL (SELECT pg_temp.error_of(format('SELECT %L::duration_outcome_state',
                                             'v1 edges=' || (SELECT string_agg(i::text, ',') FROM generate_series(1, n) AS i)
                                             || repeat(' 0/1', n + 1))) AS e) AS x;
-- accepted forms read back to themselves
SELECT q, q::duration_outcome_state::text = q AS reads_back FROM (VALUES
    ('v1 edges=3600 0/0 0/0'), ('v1 edges=0.000001,1000000000000 1/2 0/0 5/9'),
    ('v1 edges=259200,345600 12/40 5/60 3/20')
) AS t(q);

-- Counts beyond the 64-bit range, in each of the 3 buckets of a state with
-- 2 edges (1 hour, 2 hours): a state whose trials there are the largest
-- possible (and its outcomes 0, or as many), merged with one that adds 1
-- there, fails (22003) in the merge aggregate and in +, and so does a row
-- added there; one less merges, to exactly that largest count (outcomes
-- too).  An outcome count cannot overflow alone, outcomes never exceeding
-- trials: every error here is a trials count's.
CREATE FUNCTION pg_temp.state_at(bucket int, outcomes_too boolean, n bigint) RETURNS duration_outcome_state
LANGUAGE sql AS $$
    SELECT ('v1 edges=3600,7200 ' || string_agg(CASE WHEN b = bucket
                                                    THEN (CASE WHEN outcomes_too THEN n ELSE 0 END) || '/' || n
                                                    ELSE '0/0' END, ' ' ORDER BY b))::duration_outcome_state
    FROM generate_series(1, 3) AS b
$$;
SELECT bucket, outcomes_too,
       (pg_temp.state_at(bucket, outcomes_too, 9223372036854775806) + pg_temp.state_at(bucket, outcomes_too, 1))::text
           = pg_temp.state_at(bucket, outcomes_too, 9223372036854775807)::text AS one_less_merges,
       pg_temp.error_of(format('SELECT duration_outcome_agg(x) FROM (VALUES (%L::duration_outcome_state), (%L)) AS v(x)',
                               pg_temp.state_at(bucket, outcomes_too, 9223372036854775807),
                               pg_temp.state_at(bucket, outcomes_too, 1))) AS merge_aggregate,
       pg_temp.error_of(format('SELECT %L::duration_outcome_state + %L',
                               pg_temp.state_at(bucket, outcomes_too, 9223372036854775807),
                               pg_temp.state_at(bucket, outcomes_too, 1))) AS plus,
       pg_temp.error_of(format('SELECT duration_outcome_state_accum(%L, %L::interval, %L, ''{1 hour, 2 hours}'')',
                               pg_temp.state_at(bucket, outcomes_too, 9223372036854775807),
                               (ARRAY['30 minutes', '90 minutes', '3 hours'])[bucket], outcomes_too)) AS row_added
FROM generate_series(1, 3) AS bucket, (VALUES (false), (true)) AS o(outcomes_too)
ORDER BY bucket, outcomes_too;
-- the detail names the counts added and the limit; where outcomes pass the
-- range too, the trials' counts
SELECT pg_temp.error_of($$SELECT 'v1 edges=3600,7200 0/0 4900000000000000000/5000000000000000000 0/0'::duration_outcome_state
                                 + 'v1 edges=3600,7200 0/0 4400000000000000000/4400000000000000000 0/0'$$) AS named_counts;
