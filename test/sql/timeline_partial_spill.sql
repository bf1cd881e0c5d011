-- Partial timeline states on their way from parallel workers to the leader:
-- the workers sort them by group before a Gather Merge, and with a small
-- work_mem the sort writes them to a temporary file.  A state in an
-- aggregate keeps room to grow; that room must hold defined bytes (zeros),
-- or the file gets whatever was in memory.  valgrind (test/valgrind.sh, and
-- the subset in test/suites/valgrind.sh) reports such a write as an error;
-- here the merged timelines must also equal the serial ones.
SET work_mem = '64kB';
CREATE TABLE tps_events AS
SELECT c, c % 50 AS g,
       (ARRAY['new', 'open', 'pending', 'solved', 'agent_reply', 'customer_message',
              'priority:high'])[1 + (hashint8(c * 131 + k) & 2147483647) % 7] AS stage,
       timestamptz '2026-01-01' + (c % 4000) * interval '1 minute' + k * interval '2 hours' AS at
FROM generate_series(1::bigint, 3000) AS c, generate_series(1, 6) AS k
ORDER BY hashint8(c * 1000003 + k * 17);
ANALYZE tps_events;
CREATE TABLE tps_serial AS SELECT g, timeline_agg(stage, at) AS t FROM tps_events GROUP BY g;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT g, timeline_agg(stage, at) FROM tps_events GROUP BY g;
CREATE TABLE tps_parallel AS SELECT g, timeline_agg(stage, at) AS t FROM tps_events GROUP BY g;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE timeline_state_send(s.t) = timeline_state_send(p.t)) AS same_in_parallel
FROM tps_serial s JOIN tps_parallel p USING (g);
RESET parallel_leader_participation;
RESET min_parallel_table_scan_size;
RESET parallel_tuple_cost;
RESET parallel_setup_cost;
RESET max_parallel_workers_per_gather;
RESET work_mem;
DROP TABLE tps_events, tps_serial, tps_parallel;
