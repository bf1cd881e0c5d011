-- Cross-check on over a million generated events: every timeline function
-- and refund metric equals an independent plain-SQL computation for every
-- case; serial, parallel and merged aggregation give identical states.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- 200 000 cases of 3-8 events.  The first events are mostly shipping,
-- receipt and the request; the others are drawn from a list where some
-- stages repeat; times step
-- 2 hours with a jitter of up to 5 hours (so stages often come reversed)
-- and random microseconds, except in every 5th case, whose times are cut to
-- the hour so that different stages often share an instant (ties are
-- ordered by stage name); one event in 100 has a NULL stage or time; the
-- events of every 7th case are stored twice; rows are stored shuffled.
CREATE TABLE xc_events AS
SELECT c, c % 500 AS g, stage, at
FROM (SELECT c, k,
             CASE WHEN (hashint8(c * 97 + k) & 1023) < 10 THEN NULL
                  WHEN k = 1 THEN (ARRAY['shipped', 'shipped', 'received', 'requested'])[1 + (hashint8(c) & 3)]
                  WHEN k = 2 THEN (ARRAY['received', 'received', 'requested', 'responded'])[1 + (hashint8(c + 1) & 3)]
                  WHEN k = 3 AND (hashint8(c + 2) & 15) > 2 THEN 'requested'
                  ELSE (ARRAY['requested', 'responded', 'responded', 'waiting', 'waiting', 'agreed', 'refused',
                              'succeeded', 'succeeded', 'closed', 'shipped', 'shipped', 'received', 'received',
                              'return_requested', 'return_shipped', 'return_received', 'intervened', 'ruled',
                              'customer_replied'])[1 + (hashint8(c * 131 + k) & 2147483647) % 20] END AS stage,
             CASE WHEN (hashint8(c * 89 + k) & 1023) BETWEEN 10 AND 14 THEN NULL
                  WHEN c % 5 = 0
                  THEN date_trunc('hour', timestamptz '2026-01-01' + (c % 40000) * interval '1 minute'
                                          + k * interval '2 hours'
                                          + ((hashint8(c * 53 + k) & 2147483647) % 18000 - 9000) * interval '1 second')
                  ELSE timestamptz '2026-01-01' + (c % 40000) * interval '1 minute' + k * interval '2 hours'
                       + ((hashint8(c * 53 + k) & 2147483647) % 18000 - 9000) * interval '1 second'
                       + ((hashint8(c * 61 + k) & 2147483647) % 1000000) * interval '1 microsecond' END AS at
      FROM generate_series(1::bigint, 200000) AS c,
           generate_series(1, 8) AS k
      WHERE k <= 3 + (hashint8(c * 7) & 2147483647) % 6) AS e,
     generate_series(1, 2) AS copy
WHERE copy = 1 OR c % 7 = 0
ORDER BY hashint8(c * 1000003 + k * 17 + copy);
ANALYZE xc_events;
SELECT sum(n) AS events, count(DISTINCT c) AS cases,
       sum(n) FILTER (WHERE stage IS NULL OR at IS NULL) AS null_rows,
       sum(n) - count(*) AS repeated_rows
FROM (SELECT c, stage, at, count(*) AS n FROM xc_events GROUP BY c, stage, at) AS d;

-- Ours: one timeline per case
SET max_parallel_workers_per_gather = 0;
CREATE TABLE xc_ours AS SELECT c, timeline_agg(stage, at) AS t FROM xc_events GROUP BY c;

-- The reference works on the distinct events of each case, ordered by time
-- and, at the same instant, by stage name bytewise (as the timeline is)
CREATE TABLE xc_distinct AS
SELECT DISTINCT c, stage, at FROM xc_events WHERE stage IS NOT NULL AND at IS NOT NULL;
CREATE TABLE xc_ordered AS
SELECT c, stage, at,
       lead(at) OVER (PARTITION BY c ORDER BY at, stage COLLATE "C") AS next_at,
       min(at) FILTER (WHERE stage = 'requested') OVER (PARTITION BY c) AS requested_at,
       min(at) FILTER (WHERE stage = 'return_received') OVER (PARTITION BY c) AS return_received_at
FROM xc_distinct;
CREATE TABLE xc_plain AS
SELECT c,
       min(at) FILTER (WHERE stage = 'requested') AS first_requested,
       max(at) FILTER (WHERE stage = 'responded') AS last_responded,
       count(*) FILTER (WHERE stage = 'responded') AS responses,
       bool_or(stage = 'ruled') AS ruled,
       -- duration(requested, succeeded): first success at or after the first request
       min(at) FILTER (WHERE stage = 'succeeded' AND at >= requested_at) - requested_at AS to_success,
       min(at) FILTER (WHERE stage IN ('succeeded', 'closed') AND at >= requested_at) - requested_at AS completion,
       min(at) FILTER (WHERE stage IN ('responded', 'agreed', 'refused') AND at >= requested_at) - requested_at AS response,
       -- time in stages: each event in the set counts until the next event (telescoping spells)
       coalesce(sum(next_at - at) FILTER (WHERE stage = 'waiting'), interval '0') AS waiting,
       coalesce(sum(next_at - at) FILTER (WHERE stage IN ('waiting', 'customer_replied')), interval '0') AS with_customer,
       -- paths: shipped/received at or before the first request, any return stage
       CASE WHEN requested_at IS NULL THEN NULL
            WHEN coalesce(min(at) FILTER (WHERE stage IN ('shipped', 'received')) <= requested_at, false) IS FALSE THEN 1
            WHEN coalesce(min(at) FILTER (WHERE stage = 'received') <= requested_at, false) IS FALSE THEN 2
            WHEN bool_or(stage IN ('return_requested', 'return_shipped', 'return_received')) THEN 4
            ELSE 3 END AS path,
       -- completed: a success or close at or after the first request
       coalesce(bool_or(stage IN ('succeeded', 'closed') AND at >= requested_at), false) AS completed,
       bool_or(stage IN ('succeeded', 'closed')) AS succeeded_or_closed,
       bool_or(stage = 'intervened') AS intervened,
       min(return_received_at) AS return_received_at,
       requested_at
FROM xc_ordered GROUP BY c, requested_at;
-- handling: paths 1-3 from the request, path 4 from the return's receipt or
-- the request, whichever came later (none without a receipt), to the first
-- agreed/refused/succeeded at or after that
CREATE TABLE xc_handling AS
SELECT p.c, min(d.at) - s.start_at AS handling
FROM xc_plain p
CROSS JOIN LATERAL (SELECT CASE WHEN p.path <> 4 THEN p.requested_at
                                WHEN p.return_received_at < p.requested_at THEN p.requested_at
                                ELSE p.return_received_at END AS start_at) AS s
JOIN xc_distinct d USING (c)
WHERE p.path IS NOT NULL AND d.stage IN ('agreed', 'refused', 'succeeded') AND d.at >= s.start_at
GROUP BY p.c, s.start_at;
-- time in waiting up to a cut-off 9 hours after each case's base time: events
-- after it are dropped and the last event before it counts up to it
CREATE TABLE xc_until AS
SELECT c, coalesce(sum(coalesce(next_at, cutoff) - at) FILTER (WHERE stage = 'waiting'), interval '0') AS waiting_until
FROM (SELECT c, stage, at, cutoff, lead(at) OVER (PARTITION BY c ORDER BY at, stage COLLATE "C") AS next_at
      FROM (SELECT d.*, timestamptz '2026-01-01' + (c % 40000) * interval '1 minute' + interval '9 hours' AS cutoff
            FROM xc_distinct d) AS x
      WHERE at <= cutoff) AS y
GROUP BY c;
-- stages in the order first reached
CREATE TABLE xc_stages AS
SELECT c, array_agg(stage ORDER BY first_at, stage COLLATE "C") AS stages
FROM (SELECT c, stage, min(at) AS first_at FROM xc_distinct GROUP BY c, stage) AS s GROUP BY c;

-- Every case, every function: the number of cases where ours differs (all 0)
SELECT count(*) AS cases,
       count(*) FILTER (WHERE timeline_first(o.t, 'requested') IS DISTINCT FROM p.first_requested) AS first_differs,
       count(*) FILTER (WHERE timeline_last(o.t, 'responded') IS DISTINCT FROM p.last_responded) AS last_differs,
       count(*) FILTER (WHERE timeline_count(o.t, 'responded') <> p.responses) AS count_differs,
       count(*) FILTER (WHERE timeline_reached(o.t, 'ruled') <> p.ruled) AS reached_differs,
       count(*) FILTER (WHERE timeline_stages(o.t) IS DISTINCT FROM s.stages) AS stages_differ,
       count(*) FILTER (WHERE timeline_duration(o.t, 'requested', 'succeeded') IS DISTINCT FROM p.to_success) AS duration_differs,
       count(*) FILTER (WHERE timeline_duration(o.t, ARRAY['requested'], ARRAY['succeeded', 'closed'])
                              IS DISTINCT FROM p.completion) AS duration_array_differs,
       count(*) FILTER (WHERE timeline_time_in(o.t, 'waiting') <> p.waiting) AS time_in_differs,
       count(*) FILTER (WHERE timeline_time_in(o.t, ARRAY['waiting', 'customer_replied']) <> p.with_customer) AS time_in_array_differs,
       count(*) FILTER (WHERE timeline_time_in(o.t, 'waiting', timestamptz '2026-01-01' + (o.c % 40000) * interval '1 minute' + interval '9 hours')
                              <> coalesce(u.waiting_until, interval '0')) AS time_in_until_differs
FROM xc_ours o JOIN xc_plain p USING (c) JOIN xc_stages s USING (c) LEFT JOIN xc_until u USING (c);
SELECT count(*) AS cases,
       count(*) FILTER (WHERE refund_path_number(refund_path(o.t)) IS DISTINCT FROM p.path) AS path_differs,
       count(*) FILTER (WHERE refund_completion_time(o.t) IS DISTINCT FROM p.completion) AS completion_differs,
       count(*) FILTER (WHERE refund_response_time(o.t) IS DISTINCT FROM p.response) AS response_differs,
       count(*) FILTER (WHERE refund_handling_time(o.t) IS DISTINCT FROM h.handling) AS handling_differs,
       count(*) FILTER (WHERE refund_completed(o.t) <> p.completed OR refund_intervened(o.t) <> p.intervened) AS flags_differ,
       count(*) FILTER (WHERE refund_self_completed(o.t) IS DISTINCT FROM CASE WHEN p.completed THEN NOT p.intervened END) AS self_differs,
       count(*) FILTER (WHERE refund_intervened_self_completed(o.t) IS DISTINCT FROM
                              CASE WHEN p.completed AND p.intervened THEN NOT p.ruled END) AS intervened_self_differs
FROM xc_ours o JOIN xc_plain p USING (c) LEFT JOIN xc_handling h USING (c);
-- the data exercise what they should: paths, missing and reversed stages,
-- stages sharing an instant
SELECT count(*) FILTER (WHERE path IS NULL) AS no_request, count(*) FILTER (WHERE path = 1) AS path_1,
       count(*) FILTER (WHERE path = 2) AS path_2, count(*) FILTER (WHERE path = 3) AS path_3,
       count(*) FILTER (WHERE path = 4) AS path_4,
       count(*) FILTER (WHERE requested_at IS NOT NULL AND succeeded_or_closed AND NOT completed) AS ended_only_before_request,
       count(*) FILTER (WHERE path = 4 AND return_received_at < requested_at) AS return_before_request,
       count(*) FILTER (WHERE responses > 1) AS repeated_responses,
       count(*) FILTER (WHERE waiting > interval '0') AS with_waiting,
       (SELECT count(*) FROM xc_ordered WHERE next_at = at) AS tied_events
FROM xc_plain;

-- Text and binary round trips of all states
SELECT count(*) FILTER (WHERE t::text::timeline_state::text <> t::text) AS text_round_trip_differs,
       count(*) FILTER (WHERE timeline_state_send(t) <> timeline_state_send(t::text::timeline_state)) AS binary_differs
FROM xc_ours;

-- Parallel aggregation: partial states built by the workers and merged by
-- the combine function equal the serial ones.  500 groups of some 2 200
-- distinct events each (g = c % 500), so that the planner aggregates in the
-- workers and the merges are large.
CREATE TABLE xc_serial AS SELECT g, timeline_agg(stage, at) AS t FROM xc_events GROUP BY g;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT g, timeline_agg(stage, at) FROM xc_events GROUP BY g;
CREATE TABLE xc_parallel AS SELECT g, timeline_agg(stage, at) AS t FROM xc_events GROUP BY g;
SELECT count(*) AS groups, min((SELECT count(*) FROM timeline_events(s.t))) AS fewest_events,
       count(*) FILTER (WHERE s.t::text = p.t::text) AS same_in_parallel
FROM xc_serial s JOIN xc_parallel p USING (g);
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;

-- Merged partial timelines (by the hour of the event) equal the direct ones
CREATE TABLE xc_hourly AS
SELECT c, date_trunc('hour', at) AS hour, timeline_agg(stage, at) AS t FROM xc_events GROUP BY 1, 2;
SELECT count(*) AS cases, count(*) FILTER (WHERE m.t::text IS NOT DISTINCT FROM o.t::text) AS same_merged
FROM (SELECT c, timeline_agg(t) AS t FROM xc_hourly GROUP BY c) AS m JOIN xc_ours o USING (c);

RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP TABLE xc_events, xc_ours, xc_distinct, xc_ordered, xc_plain, xc_handling, xc_until, xc_stages,
           xc_serial, xc_parallel, xc_hourly;
RESET TimeZone;
RESET DateStyle;
RESET IntervalStyle;
