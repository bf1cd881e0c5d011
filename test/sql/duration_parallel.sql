-- duration_state merges exactly: serial, parallel and merged plans give the
-- same state, bucket for bucket; merging is associative and commutative;
-- states live in tables and materialized views (the rollup pattern).
SET IntervalStyle = postgres;  -- intervals print as 1 day 02:00:00

-- 300000 handling times over 28 days and 5 channels, from hashes: mostly
-- minutes to hours, some zero, a few taking weeks, some NULL
CREATE TABLE dur_cases (id int, day date, channel text, handled interval);
INSERT INTO dur_cases
SELECT i, date '2026-01-01' + (i % 28), 'channel ' || (i % 5),
       CASE WHEN i % 23 = 0 THEN NULL
            WHEN i % 31 = 0 THEN interval '0'
            ELSE make_interval(secs => (abs(hashint4(i)) % 100000) * (1 + abs(hashint4(i + 7)) % 97) / 10.0) END
FROM generate_series(1, 300000) AS i;
ANALYZE dur_cases;

-- serial reference
SET max_parallel_workers_per_gather = 0;
CREATE TABLE dur_serial AS
SELECT channel, duration_agg(handled)::text AS st,
       duration_agg(extract(epoch FROM handled)::float8, 0.002)::text AS st_seconds
FROM dur_cases GROUP BY channel;

-- force a parallel plan
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT channel, duration_agg(handled) FROM dur_cases GROUP BY channel;
-- the workers really run: EXPLAIN ANALYZE reports two launched
CREATE FUNCTION pg_temp.workers_launched(query text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE plan jsonb;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, FORMAT JSON) ' || query INTO plan;
    RETURN jsonb_path_query_first(plan, 'strict $.**."Workers Launched"')::int;
END $$;
SELECT pg_temp.workers_launched('SELECT duration_agg(handled) FROM dur_cases') AS workers_launched;

CREATE TABLE dur_parallel AS
SELECT channel, duration_agg(handled)::text AS st,
       duration_agg(extract(epoch FROM handled)::float8, 0.002)::text AS st_seconds
FROM dur_cases GROUP BY channel;
SELECT count(*) AS channels,
       count(*) FILTER (WHERE s.st = p.st) AS same_interval_state,
       count(*) FILTER (WHERE s.st_seconds = p.st_seconds) AS same_seconds_state
FROM dur_serial s JOIN dur_parallel p USING (channel);
-- and the whole table, through a parallel Finalize Aggregate
SELECT duration_agg(handled)::text = (SELECT duration_agg(st::duration_state)::text FROM dur_serial)
       AS parallel_total_equals_merged_channels
FROM dur_cases;
RESET parallel_leader_participation;

-- Daily states merged give the state of all rows, in either plan
CREATE TABLE dur_daily AS
SELECT day, channel, duration_agg(handled) AS st FROM dur_cases GROUP BY day, channel;
SELECT count(*) AS channels, count(*) FILTER (WHERE m.st::text = s.st) AS merged_equals_direct
FROM (SELECT channel, duration_agg(st) AS st FROM dur_daily GROUP BY channel) AS m
JOIN dur_serial s USING (channel);
SET max_parallel_workers_per_gather = 0;
SELECT duration_agg(st)::text = (SELECT duration_agg(handled)::text FROM dur_cases) AS merged_serial
FROM dur_daily;
RESET max_parallel_workers_per_gather;

-- Merging in any order gives the same state: ascending, descending, by a
-- hash, and one channel's days merged first
SELECT count(DISTINCT st) AS distinct_results, count(*) AS orders FROM (
    SELECT duration_agg(st ORDER BY day, channel)::text AS st FROM dur_daily
    UNION ALL SELECT duration_agg(st ORDER BY day DESC, channel DESC)::text FROM dur_daily
    UNION ALL SELECT duration_agg(st ORDER BY hashtext(day::text || channel))::text FROM dur_daily
    UNION ALL SELECT duration_agg(st)::text FROM (
        SELECT duration_agg(st) AS st FROM dur_daily GROUP BY channel) AS c
    UNION ALL SELECT duration_agg(st)::text FROM (
        SELECT duration_agg(st) AS st FROM dur_daily GROUP BY day) AS d
) AS t;

-- + is commutative and associative, and agrees with the merge aggregate
-- (a, b, c: weeks of channel 0; z: an empty state of another accuracy)
CREATE TABLE dur_weeks AS
SELECT (day - date '2026-01-01') / 7 AS week, duration_agg(st) AS st
FROM dur_daily WHERE channel = 'channel 0' GROUP BY 1;
SELECT (a + b)::text = (b + a)::text AS commutative,
       ((a + b) + c)::text = (a + (b + c))::text AS associative,
       ((a + b) + c)::text = ((c + a) + b)::text AS any_grouping,
       (a + b + c)::text = (SELECT duration_agg(st)::text FROM dur_weeks WHERE week < 3) AS plus_equals_merge,
       (a + z)::text = a::text AND (z + a)::text = a::text AS empty_is_neutral
FROM (SELECT (SELECT st FROM dur_weeks WHERE week = 0) AS a,
             (SELECT st FROM dur_weeks WHERE week = 1) AS b,
             (SELECT st FROM dur_weeks WHERE week = 2) AS c,
             'v1 accuracy=0.05 n=0 sum=0 min=0 max=0 zero=0'::duration_state AS z) AS x;

-- The rollup pattern: daily states in a table answer any range later; a
-- week is the merge of its days
SELECT channel, duration_count(duration_agg(st)) AS n,
       duration_count(duration_agg(st)) = (SELECT count(handled) FROM dur_cases c
                                           WHERE c.channel = d.channel
                                             AND c.day BETWEEN '2026-01-05' AND '2026-01-11') AS count_exact,
       duration_sum(duration_agg(st)) = (SELECT sum(handled) FROM dur_cases c
                                         WHERE c.channel = d.channel
                                           AND c.day BETWEEN '2026-01-05' AND '2026-01-11') AS sum_exact,
       duration_max(duration_agg(st)) = (SELECT max(handled) FROM dur_cases c
                                         WHERE c.channel = d.channel
                                           AND c.day BETWEEN '2026-01-05' AND '2026-01-11') AS max_exact
FROM dur_daily d WHERE day BETWEEN '2026-01-05' AND '2026-01-11'
GROUP BY channel ORDER BY channel;

-- A materialized view of daily states: refresh picks up new cases
CREATE MATERIALIZED VIEW dur_daily_mv AS
SELECT day, channel, duration_agg(handled) AS st FROM dur_cases GROUP BY day, channel;
CREATE UNIQUE INDEX ON dur_daily_mv (day, channel);
INSERT INTO dur_cases SELECT 0, '2026-01-01', 'channel 0', '30 days' FROM generate_series(1, 1000);
REFRESH MATERIALIZED VIEW CONCURRENTLY dur_daily_mv;
SELECT duration_count(m.st) - duration_count(d.st) AS added,
       duration_max(m.st) AS new_max
FROM dur_daily_mv m JOIN dur_daily d USING (day, channel)
WHERE day = '2026-01-01' AND channel = 'channel 0';
SELECT duration_agg(st)::text = (SELECT duration_agg(handled)::text FROM dur_cases) AS view_matches_table
FROM dur_daily_mv;

-- Many groups (hash aggregation): every group's state equals the merge of
-- its per-day states
SELECT count(*) AS groups, count(*) FILTER (WHERE d.st = m.st) AS identical
FROM (SELECT id % 5000 AS g, duration_agg(handled)::text AS st FROM dur_cases GROUP BY 1) AS d
JOIN (SELECT g, duration_agg(st)::text AS st
      FROM (SELECT id % 5000 AS g, day, duration_agg(handled) AS st FROM dur_cases GROUP BY 1, 2) AS x
      GROUP BY g) AS m USING (g);

-- Text round trips keep every state exactly (binary ones: duration_state_io)
SELECT count(*) AS states, count(*) FILTER (WHERE st::text::duration_state::text = st::text) AS text_round_trip
FROM dur_daily;

DROP MATERIALIZED VIEW dur_daily_mv;
DROP TABLE dur_cases, dur_serial, dur_parallel, dur_daily, dur_weeks;
