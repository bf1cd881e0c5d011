-- Serial, parallel and merged plans give identical NPS results; states live in
-- tables and materialized views.

-- Weights are multiples of 1/4, so every sum of weights is exact and the
-- weighted results, too, are identical whatever the order of addition.
CREATE TABLE survey (id int, day date, channel text, score int, weight float8);
INSERT INTO survey
SELECT i, date '2026-01-01' + (i % 28), 'channel ' || (i % 5),
       CASE WHEN i % 17 = 0 THEN NULL
            ELSE (ARRAY[10, 10, 10, 9, 9, 9, 8, 8, 7, 6, 5, 3, 0])[1 + (i::bigint * 7919) % 13] END,
       0.5 + (i % 4) * 0.25
FROM generate_series(1, 300000) AS i;
ANALYZE survey;

-- serial reference
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_result AS
SELECT channel, nps_agg(score)::text AS st, nps(score) AS nps,
       nps_agg(score, weight)::text AS wst, nps(score, weight) AS wnps
FROM survey GROUP BY channel;

-- force a parallel plan
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT channel, nps_agg(score), nps(score), nps_agg(score, weight), nps(score, weight)
FROM survey GROUP BY channel;
EXPLAIN (COSTS OFF) SELECT nps(score) FROM survey;

-- the workers really run: two launched, each producing a partial state
\i test/sql/include/plan_outline.psql
SELECT * FROM pg_temp.plan_outline('SELECT nps(score) FROM survey');

CREATE TABLE parallel_result AS
SELECT channel, nps_agg(score)::text AS st, nps(score) AS nps,
       nps_agg(score, weight)::text AS wst, nps(score, weight) AS wnps
FROM survey GROUP BY channel;
SELECT count(*) AS channels,
       count(*) FILTER (WHERE s.st = p.st AND s.nps = p.nps) AS same_unweighted,
       count(*) FILTER (WHERE s.wst = p.wst AND s.wnps = p.wnps) AS same_weighted
FROM serial_result s JOIN parallel_result p USING (channel);
RESET parallel_leader_participation;

-- Merged daily states equal the aggregate over all rows, in either plan
CREATE TABLE daily_states AS
SELECT day, channel, nps_agg(score) AS st, nps_agg(score, weight) AS wst
FROM survey GROUP BY day, channel;
SELECT count(*) AS channels,
       count(*) FILTER (WHERE m.st::text = s.st AND m.wst::text = s.wst) AS merged_equals_direct
FROM (SELECT channel, nps_agg(st) AS st, nps_agg(wst) AS wst FROM daily_states GROUP BY channel) m
JOIN serial_result s USING (channel);
SET max_parallel_workers_per_gather = 0;
SELECT nps(nps_agg(st)) = (SELECT nps(score) FROM survey) AS merged_serial,
       nps_agg(st)::text = (SELECT nps_agg(score)::text FROM survey) AS same_state
FROM daily_states;
-- the + operator agrees with the merge aggregate
SELECT ((SELECT st FROM daily_states WHERE day = '2026-01-01' AND channel = 'channel 0')
      + (SELECT st FROM daily_states WHERE day = '2026-01-02' AND channel = 'channel 0'))::text
     = (SELECT nps_agg(st) FROM daily_states WHERE day <= '2026-01-02' AND channel = 'channel 0')::text
     AS plus_equals_merge;
RESET max_parallel_workers_per_gather;

-- GROUP BY with many groups agrees with the plain-SQL formula, group by group
SELECT count(*) AS groups,
       count(*) FILTER (WHERE ours IS NOT DISTINCT FROM plain) AS identical
FROM (SELECT id % 20000 AS g, nps(score) AS ours,
             100.0::float8 * (count(*) FILTER (WHERE score >= 9) - count(*) FILTER (WHERE score <= 6))::float8
                 / nullif(count(score), 0)::float8 AS plain
      FROM survey GROUP BY id % 20000) AS x;

-- A materialized view of daily states: refresh picks up new responses,
-- and any date range is answered by merging stored states
CREATE MATERIALIZED VIEW daily_nps AS
SELECT day, channel, nps_agg(score) AS st FROM survey GROUP BY day, channel;
CREATE UNIQUE INDEX ON daily_nps (day, channel);
SELECT channel, nps(nps_agg(st)) AS nps, nps_responses(nps_agg(st)) AS n
FROM daily_nps WHERE day BETWEEN '2026-01-01' AND '2026-01-07' GROUP BY channel ORDER BY channel;
INSERT INTO survey SELECT 0, '2026-01-01', 'channel 0', 10, 1 FROM generate_series(1, 1000);
REFRESH MATERIALIZED VIEW CONCURRENTLY daily_nps;
SELECT nps_responses(st) - (SELECT count(score) FROM survey
                            WHERE day = '2026-01-01' AND channel = 'channel 0' AND id > 0) AS added
FROM daily_nps WHERE day = '2026-01-01' AND channel = 'channel 0';
SELECT nps(nps_agg(st)) = (SELECT nps(score) FROM survey) AS view_matches_table FROM daily_nps;

DROP MATERIALIZED VIEW daily_nps;
DROP TABLE survey, serial_result, parallel_result, daily_states;
