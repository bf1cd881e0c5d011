-- funnel_agg against plain SQL over 20,000 generated cases (stages reached,
-- mean rank of first reach, time per stage, transitions via lead(),
-- sequences); serial and parallel plans and merges of random splits give
-- the same state; the sequence summary beyond 1,000 distinct sequences
-- keeps its stated error bound; long sequences are truncated at 32 stages.
SET extra_float_digits = 0;
-- 20,000 cases, 1 to 10 events an hour or so apart (strictly increasing),
-- stages from 20 families of paths over 6 stages, with repeated events
CREATE TABLE fc_ev AS
SELECT c AS case_id,
       (ARRAY['new', 'open', 'pending', 'on_hold', 'solved', 'closed'])
           [1 + (k * (1 + c % 4) + (c % 5) * (k / 3)) % 6] AS stage,
       timestamptz '2026-01-01 00:00+00' + c * interval '1 minute'
           + (k * 3600 + (hashint4(c * 16 + k) & 4095) % 3600) * interval '1 second' AS at
FROM generate_series(1, 20000) c, generate_series(0, (hashint4(c) & 1023) % 10) k;
CREATE TABLE fc_tl AS SELECT case_id, timeline_agg(stage, at) AS t FROM fc_ev GROUP BY case_id;
ANALYZE fc_ev; ANALYZE fc_tl;

-- spells in plain SQL: a spell starts at an event of another stage than the
-- one before; it lasts to the next spell, the last one to the last event
CREATE TABLE fc_spell AS
WITH e AS (
    SELECT case_id, stage, at, lag(stage) OVER (PARTITION BY case_id ORDER BY at) AS prev,
           max(at) OVER (PARTITION BY case_id) AS last_at
    FROM fc_ev),
s AS (SELECT case_id, stage, at, last_at FROM e WHERE prev IS DISTINCT FROM stage)
SELECT case_id, stage, at AS start, coalesce(lead(at) OVER w, last_at) AS stop,
       lag(stage) OVER w AS prev, lead(stage) OVER w AS next
FROM s WINDOW w AS (PARTITION BY case_id ORDER BY at);

SET max_parallel_workers_per_gather = 0;
CREATE TABLE fc_f AS SELECT funnel_agg(t) AS f FROM fc_tl;
SELECT funnel_cases(f) AS cases, (SELECT count(*) FROM funnel_sequences(f, 1000)) AS sequences,
       (SELECT max(max_error) FROM funnel_sequences(f, 1000)) AS max_error
FROM fc_f;

-- stages reached, and the funnel's order (mean rank of first reach, then
-- more cases, then name)
WITH first AS (
    SELECT case_id, stage, row_number() OVER (PARTITION BY case_id ORDER BY min(start)) - 1 AS rank
    FROM fc_spell GROUP BY case_id, stage),
ref AS (
    SELECT stage, count(*) AS cases,
           row_number() OVER (ORDER BY avg(rank), count(*) DESC, stage COLLATE "C") AS position
    FROM first GROUP BY stage)
SELECT count(*) AS stages,
       count(*) FILTER (WHERE r.cases IS DISTINCT FROM s.cases OR r.position IS DISTINCT FROM s.position
                        OR s.share <> s.cases::float8 / 20000) AS mismatches
FROM funnel_stages((SELECT f FROM fc_f)) s FULL JOIN ref r USING (stage);

-- time per stage: each case's total in the stage, into duration_agg: the
-- same state bucket for bucket
WITH per_case AS (SELECT stage, case_id, sum(stop - start) AS spent FROM fc_spell GROUP BY stage, case_id),
ref AS (SELECT stage, duration_agg(spent)::text AS time FROM per_case GROUP BY stage)
SELECT count(*) AS stages, count(*) FILTER (WHERE r.time IS DISTINCT FROM s.time::text) AS mismatches
FROM funnel_stage_times((SELECT f FROM fc_f)) s FULL JOIN ref r USING (stage);

-- transitions with lead(): moves and the cases making them; starts and ends
WITH ref AS (
    SELECT stage AS from_stage, next AS to_stage, count(*) AS transitions, count(DISTINCT case_id) AS cases
    FROM fc_spell GROUP BY 1, 2
    UNION ALL
    SELECT NULL, stage, count(*), count(*) FROM fc_spell WHERE prev IS NULL GROUP BY 2)
SELECT count(*) AS rows, sum(r.transitions) AS moves,
       count(*) FILTER (WHERE r.transitions IS DISTINCT FROM s.transitions OR r.cases IS DISTINCT FROM s.cases) AS mismatches
FROM funnel_transitions((SELECT f FROM fc_f)) s
FULL JOIN ref r ON coalesce(r.from_stage, '-') = coalesce(s.from_stage, '-') AND coalesce(r.to_stage, '-') = coalesce(s.to_stage, '-');

-- sequences (fewer than 1,000 distinct: exact), and their order: by cases,
-- ties in the funnel's order of their stages
WITH ref AS (
    SELECT seq, count(*) AS cases
    FROM (SELECT case_id, array_agg(stage ORDER BY start) AS seq FROM fc_spell GROUP BY case_id) x GROUP BY seq)
SELECT count(*) AS sequences,
       count(*) FILTER (WHERE r.cases IS DISTINCT FROM s.cases OR s.max_error <> 0 OR s.truncated) AS mismatches
FROM funnel_sequences((SELECT f FROM fc_f), 1000) s FULL JOIN ref r ON r.seq = s.sequence;
SELECT bool_and(prev_cases >= cases) AS by_cases_descending
FROM (SELECT cases, lag(cases) OVER () AS prev_cases FROM funnel_sequences((SELECT f FROM fc_f), 1000)) x;

-- in working time: each case's timeline_time_in(t, stage, calendar) summed
-- the same way
CREATE TEMP TABLE fc_cal AS SELECT 'v1 tz=Europe/Paris mon-fri=09:00-18:00 holidays=2026-01-06'::business_calendar AS cal;
WITH ref AS (
    SELECT stage, duration_agg(timeline_time_in(t, stage, cal))::text AS time
    FROM fc_tl, fc_cal, LATERAL (SELECT DISTINCT stage FROM unnest(timeline_stages(t)) stage) st
    GROUP BY stage)
SELECT count(*) AS stages, count(*) FILTER (WHERE r.time IS DISTINCT FROM s.time::text) AS mismatches
FROM funnel_stage_times((SELECT funnel_agg(t, NULL, cal) FROM fc_tl, fc_cal)) s FULL JOIN ref r USING (stage);

-- Serial, parallel and merged: the same state
CREATE TABLE fc_given AS SELECT funnel_agg(t, ARRAY['new', 'open', 'solved']) AS f FROM fc_tl;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
\i test/sql/include/plan_outline.psql
SELECT pg_temp.plan_outline('SELECT funnel_agg(t) FROM fc_tl') AS plan;
SELECT funnel_agg(t)::text = (SELECT f::text FROM fc_f) AS parallel_equals_serial FROM fc_tl;
SELECT funnel_agg(t, ARRAY['new', 'open', 'solved'])::text = (SELECT f::text FROM fc_given)
       AS given_parallel_equals_serial FROM fc_tl;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
-- random splits into 2 to 40 parts, merged by the merge aggregate (in a
-- shuffled order) and by +: the one-pass state
SELECT parts, funnel_agg(p ORDER BY random())::text = (SELECT f::text FROM fc_f) AS merged_equals_one_pass
FROM (SELECT parts, funnel_agg(t) AS p
      FROM fc_tl, (VALUES (2), (7), (40)) n(parts) GROUP BY parts, (hashint4(case_id + parts) & 1023) % parts) x
GROUP BY parts ORDER BY parts;
SELECT ((SELECT funnel_agg(t) FROM fc_tl WHERE case_id % 3 = 0) + (SELECT funnel_agg(t) FROM fc_tl WHERE case_id % 3 <> 0))::text
       = (SELECT f FROM fc_f)::text AS plus_equals_one_pass;

-- Beyond 1,000 distinct sequences: 30,000 random walks of 1 to 8 spells
-- over 6 stages.  Every count kept is a lower bound within max_error of the
-- truth, and every sequence with more than max_error cases is kept
-- (Misra-Gries); also after merging parts.
CREATE TABLE fc_walk AS
SELECT c AS case_id, timeline_agg((ARRAY['a', 'b', 'c', 'd', 'e', 'f'])[1 + (hashint4(c * 8 + k) & 1023) % 6],
                                  timestamptz '2026-01-01' + k * interval '1 hour') AS t
FROM generate_series(1, 30000) c, generate_series(0, (hashint4(c) & 1023) % 8) k GROUP BY c;
CREATE TABLE fc_walk_ref AS
SELECT seq, count(*) AS cases
FROM (SELECT case_id, array_agg(stage ORDER BY at) AS seq
      FROM (SELECT case_id, stage, at, lag(stage) OVER (PARTITION BY case_id ORDER BY at) AS prev
            FROM fc_walk, timeline_events(t)) e
      WHERE prev IS DISTINCT FROM stage GROUP BY case_id) x GROUP BY seq;
SELECT count(*) AS distinct_sequences FROM fc_walk_ref;
-- Which sequences a summary keeps depends on the order cases arrive in: the
-- orders are fixed, so that the counts below do not vary from run to run.
CREATE TABLE fc_walk_f AS
SELECT 'one pass' AS how, funnel_agg(t ORDER BY case_id) AS f FROM fc_walk
UNION ALL
SELECT 'merged 5 parts', funnel_agg(p ORDER BY part)
FROM (SELECT case_id % 5 AS part, funnel_agg(t ORDER BY case_id) AS p FROM fc_walk GROUP BY 1) x;
WITH kept AS (SELECT how, s.* FROM fc_walk_f, funnel_sequences(f, 1000) s)
SELECT how, count(*) AS kept, min(k.max_error) > 0 AS approximate, max(k.max_error) AS max_error,
       count(*) FILTER (WHERE k.cases > coalesce(r.cases, 0) OR r.cases > k.cases + k.max_error) AS outside_bound,
       (SELECT count(*) FROM fc_walk_ref r2
        WHERE r2.cases > max(k.max_error)
          AND NOT EXISTS (SELECT 1 FROM kept k2 WHERE k2.how = k.how AND k2.sequence = r2.seq)) AS frequent_missing
FROM kept k LEFT JOIN fc_walk_ref r ON r.seq = k.sequence
GROUP BY how ORDER BY how;
-- the most frequent ones, exact counts beside the kept ones
SELECT s.sequence, s.cases, s.max_error, r.cases AS true_cases
FROM funnel_sequences((SELECT f FROM fc_walk_f WHERE how = 'one pass'), 3) WITH ORDINALITY s
JOIN fc_walk_ref r ON r.seq = s.sequence ORDER BY s.ordinality;
SELECT seq, cases FROM fc_walk_ref ORDER BY cases DESC LIMIT 3;
-- the other counts stay exact
SELECT count(*) FILTER (WHERE s.cases <> r.cases) AS reached_mismatches
FROM funnel_stages((SELECT f FROM fc_walk_f WHERE how = 'one pass')) s
JOIN (SELECT stage, count(DISTINCT case_id) AS cases FROM fc_walk, timeline_events(t) GROUP BY stage) r USING (stage);

-- A case with 40 spells: its sequence keeps the first 32 stages, truncated
SELECT array_length(sequence, 1) AS kept, sequence[1:4] AS starts, truncated, cases
FROM funnel_sequences((SELECT funnel_agg(t) FROM (
    SELECT timeline_agg(CASE WHEN k % 2 = 0 THEN 'x' ELSE 'y' END, timestamptz '2026-01-01' + k * interval '1 min') AS t
    FROM generate_series(0, 39) k) x));
