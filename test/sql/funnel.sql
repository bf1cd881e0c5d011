-- funnel_agg over timelines, checked by hand on four cases: the funnel and
-- its Wilson intervals, the time in each stage, the transitions, the
-- sequences (ties in the funnel's order), a given stage list, working time
-- of a calendar, and the merge aggregate and +.
SET extra_float_digits = 0;
CREATE TEMP TABLE ev (case_id int, stage text, at timestamptz);
INSERT INTO ev VALUES
    -- case 1: new 1 h, open 2 h, solved
    (1, 'new', '2026-01-05 00:00+00'), (1, 'open', '2026-01-05 01:00+00'), (1, 'solved', '2026-01-05 03:00+00'),
    -- case 2: new 30 min, open 30 min, pending 1 h, open again 2 h, solved
    (2, 'new', '2026-01-05 00:00+00'), (2, 'open', '2026-01-05 00:30+00'), (2, 'pending', '2026-01-05 01:00+00'),
    (2, 'open', '2026-01-05 02:00+00'), (2, 'solved', '2026-01-05 04:00+00'),
    -- case 3: new twice (one spell of 20 min), then open, still open
    (3, 'new', '2026-01-05 00:00+00'), (3, 'new', '2026-01-05 00:10+00'), (3, 'open', '2026-01-05 00:20+00'),
    -- case 4: one event
    (4, 'new', '2026-01-05 00:00+00');
CREATE TEMP TABLE tl AS SELECT case_id, timeline_agg(stage, at) AS t FROM ev GROUP BY case_id;
CREATE TEMP TABLE f AS SELECT funnel_agg(t) AS f FROM tl;

SELECT funnel_cases(f) FROM f;
-- order by mean rank of first reach: new 0/4, open 3/3 = 1, pending 2/1 = 2,
-- solved (2 + 3)/2 = 2.5.  Shares 4/4, 3/4, 1/4, 2/4.
SELECT position, stage, cases, share, round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM funnel_stages((SELECT f FROM f));
-- Wilson by hand, z = 1.959963984540054 (95 %): 4 of 4 gives
-- lower = n / (n + z^2) = 4 / 7.841459 = 0.510109; the others from the
-- formula (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n) in SQL:
WITH z(z) AS (SELECT 1.959963984540054::float8), s AS (SELECT * FROM funnel_stages((SELECT f FROM f)))
SELECT stage,
       abs(lower - (share + z*z/8 - z * sqrt(share * (1 - share) / 4 + z*z/64)) / (1 + z*z/4)) < 1e-12 AS lower_ok,
       abs(upper - (share + z*z/8 + z * sqrt(share * (1 - share) / 4 + z*z/64)) / (1 + z*z/4)) < 1e-12 AS upper_ok
FROM s, z ORDER BY position;
-- at 80 %: 3 of 4, z = 1.2815515655446004
SELECT stage, round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM funnel_stages((SELECT f FROM f), 0.8) WHERE stage = 'open';

-- time in each stage, one duration per case that reached it:
-- new 3600 + 1800 + 1200 + 0 = 6600 s; open 7200 + (1800 + 7200) + 0 = 16200 s;
-- pending 3600 s; solved 0 + 0 (the last spell ends at the last event)
SET IntervalStyle = postgres;
SELECT position, stage, duration_count(time) AS cases, duration_sum(time) AS total,
       duration_min(time) AS min, duration_max(time) AS max
FROM funnel_stage_times((SELECT f FROM f));
-- the per-stage states are duration_states like duration_agg's, bucket for bucket
SELECT (SELECT time::text FROM funnel_stage_times((SELECT f FROM f)) WHERE stage = 'new') =
       duration_agg(x)::text AS new_time_is_duration_agg
FROM (VALUES (interval '1 hour'), ('30 min'), ('20 min'), ('0')) v(x);

-- moves: starts (from NULL), moves between stages, ends (to NULL)
SELECT * FROM funnel_transitions((SELECT f FROM f));

-- sequences, all with one case: ties in the funnel's order, a prefix first
SELECT * FROM funnel_sequences((SELECT f FROM f));
SELECT * FROM funnel_sequences((SELECT f FROM f), 2);
SELECT count(*) AS none FROM funnel_sequences((SELECT f FROM f), 0);

-- the text form
SELECT f::text FROM f;

-- A given list: its order, other events ignored (case 2's pending does not
-- end its open spell: open 30 min + 1 h + 2 h = 12600 s), a stage no case
-- reached ('closed') listed with 0 cases
CREATE TEMP TABLE g AS SELECT funnel_agg(t, ARRAY['new', 'open', 'solved', 'closed']) AS f FROM tl;
SELECT position, stage, cases, share FROM funnel_stages((SELECT f FROM g));
SELECT stage, duration_count(time) AS cases, duration_sum(time) AS total FROM funnel_stage_times((SELECT f FROM g));
SELECT * FROM funnel_transitions((SELECT f FROM g));
-- two sequences of 1 case tie: new before new > open
SELECT * FROM funnel_sequences((SELECT f FROM g));
-- a case with no event of the list counts as a case that reached nothing
SELECT funnel_cases(f), (SELECT array_agg(cases ORDER BY position) FROM funnel_stages(f)) AS reached
FROM (SELECT funnel_agg(t, ARRAY['closed']) AS f FROM tl) s;
SELECT * FROM funnel_sequences((SELECT funnel_agg(t, ARRAY['closed']) FROM tl));
-- a NULL list counts every stage: the funnel of every stage seen
SELECT funnel_agg(t, NULL::text[])::text = (SELECT f::text FROM f) AS null_list_is_every_stage FROM tl;

-- Working time of a calendar (Mon-Fri 09:00-17:00 UTC): a case new from
-- Friday 16:00 to Monday 10:00 (2 working hours), open to Monday 10:30
CREATE TEMP TABLE bev AS
SELECT timeline_agg(stage, at) AS t FROM (VALUES
    ('new', timestamptz '2026-01-09 16:00+00'), ('open', '2026-01-12 10:00+00'), ('solved', '2026-01-12 10:30+00')) v(stage, at);
SELECT stage, duration_sum(time) AS working FROM funnel_stage_times(
    (SELECT funnel_agg(t, NULL, 'v1 tz=UTC mon-fri=09:00-17:00') FROM bev));
SELECT stage, duration_sum(time) AS calendar FROM funnel_stage_times((SELECT funnel_agg(t) FROM bev));

-- Merging: the merge aggregate and + give the funnel of all the cases
SELECT funnel_agg(p)::text = (SELECT f::text FROM f) AS merge_agg_equals_one_pass
FROM (SELECT funnel_agg(t) AS p FROM tl GROUP BY case_id % 2) s;
SELECT ((SELECT funnel_agg(t) FROM tl WHERE case_id <= 2) + (SELECT funnel_agg(t) FROM tl WHERE case_id > 2))::text
       = (SELECT f::text FROM f) AS plus_equals_one_pass;
-- NULL timelines are skipped; no rows give NULL
SELECT funnel_agg(t)::text = (SELECT f::text FROM f) AS nulls_skipped
FROM (SELECT t FROM tl UNION ALL SELECT NULL) s;
SELECT funnel_agg(t) IS NULL AS no_rows_null FROM tl WHERE false;
-- as a window aggregate: the running funnel, and a moving frame of two cases
-- (case 1 alone; 1+2 both reach new, open and solved, 2 pending; 2+3 both new and
-- open, one pending and one solved; 3+4 both new, one open)
SELECT case_id, running, (SELECT array_agg(stage || ' ' || cases ORDER BY position) FROM funnel_stages(w)) AS last_two
FROM (SELECT case_id, funnel_cases(funnel_agg(t) OVER (ORDER BY case_id)) AS running,
             funnel_agg(t) OVER (ORDER BY case_id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS w
      FROM tl) x
ORDER BY case_id;

-- The empty timeline (no events) is a case with no stage
SELECT funnel_agg(t)::text FROM (VALUES ('v1'::timeline_state), ('v1')) s(t);

-- jsonb of the whole
SELECT jsonb_pretty(funnel_json(f)) FROM g;

-- Every reader names its funnel state, as the other families' readers do:
-- state => f reads what the positional call reads
SELECT funnel_cases(state => f) = funnel_cases(f) AS cases,
       (SELECT array_agg(r::text) FROM funnel_stages(state => f, level => 0.8) AS r)
       = (SELECT array_agg(r::text) FROM funnel_stages(f, 0.8) AS r) AS stages,
       (SELECT array_agg(r::text) FROM funnel_stage_times(state => f) AS r)
       = (SELECT array_agg(r::text) FROM funnel_stage_times(f) AS r) AS stage_times,
       (SELECT array_agg(r::text) FROM funnel_transitions(state => f) AS r)
       = (SELECT array_agg(r::text) FROM funnel_transitions(f) AS r) AS transitions,
       (SELECT array_agg(r::text) FROM funnel_sequences(state => f, top => 2) AS r)
       = (SELECT array_agg(r::text) FROM funnel_sequences(f, 2) AS r) AS sequences,
       funnel_json(state => f, level => 0.8) = funnel_json(f, 0.8) AS json
FROM g;

-- Consecutive cases with the same stage dictionary share its map: cases
-- whose dictionaries alternate (the same names in another order, a long
-- dictionary of over 256 bytes, a given stage list skipping some) give the
-- funnel that merging one funnel per case gives
CREATE TEMP TABLE memo_tl AS
SELECT n, t::timeline_state AS t
FROM (VALUES
    (1, 'v1 2026-03-02 01:00:00+00 "new", 2026-03-02 02:00:00+00 "open", 2026-03-02 05:00:00+00 "solved"'),
    (2, 'v1 2026-03-02 01:00:00+00 "open", 2026-03-02 02:00:00+00 "new", 2026-03-02 03:00:00+00 "solved"'),
    (3, 'v1 2026-03-02 01:00:00+00 "new", 2026-03-02 04:00:00+00 "open", 2026-03-02 05:00:00+00 "solved"'),
    (4, 'v1 2026-03-02 01:00:00+00 "' || repeat('n', 200) || '", 2026-03-02 02:00:00+00 "' || repeat('o', 100) || '", 2026-03-02 03:00:00+00 "open"'),
    (5, 'v1 2026-03-02 01:00:00+00 "new", 2026-03-02 01:30:00+00 "open", 2026-03-02 09:00:00+00 "solved"'),
    (6, 'v1 2026-03-02 01:00:00+00 "' || repeat('n', 200) || '", 2026-03-02 02:00:00+00 "' || repeat('o', 100) || '", 2026-03-02 06:00:00+00 "open"'),
    (7, 'v1 2026-03-02 01:00:00+00 "open", 2026-03-02 03:00:00+00 "new", 2026-03-02 04:00:00+00 "solved"')) AS v(n, t);
SELECT (SELECT funnel_agg(t ORDER BY n) FROM memo_tl)::text
       = (SELECT funnel_agg(f ORDER BY n) FROM (SELECT n, funnel_agg(t) AS f FROM memo_tl GROUP BY n) AS per_case)::text
       AS all_stages_alike,
       (SELECT funnel_agg(t, ARRAY['new', 'solved'] ORDER BY n) FROM memo_tl)::text
       = (SELECT funnel_agg(f ORDER BY n) FROM (SELECT n, funnel_agg(t, ARRAY['new', 'solved']) AS f
                                                 FROM memo_tl GROUP BY n) AS per_case)::text
       AS given_stages_alike;
SELECT left(stage, 8) AS stage, length(stage) AS bytes, cases
FROM funnel_stages((SELECT funnel_agg(t ORDER BY n) FROM memo_tl)) ORDER BY position;

-- A stored timeline of up to 126 bytes has a 1-byte header and is read from
-- a copy on the stack, a longer one in place: on both sides of that limit,
-- funnel_agg and the merge aggregate timeline_agg over a table give what
-- they give over the same timelines made in the query from their text
-- (4-byte headers)
CREATE TEMP TABLE header_tl AS
SELECT n, src::timeline_state AS t, src
FROM (SELECT n, 'v1 2026-03-02 01:00:00+00 "' || repeat('a', n) || '", 2026-03-02 02:00:00+00 "'
                || repeat('b', 40) || '"' AS src
      FROM generate_series(40, 60) AS n) AS s;
SELECT count(*) FILTER (WHERE pg_column_size(t) <= 127) AS short_header,
       max(pg_column_size(t)) FILTER (WHERE pg_column_size(t) <= 127) AS largest_short,
       count(*) FILTER (WHERE pg_column_size(t) > 127) AS long_header,
       count(*) FILTER (WHERE pg_column_size(src::timeline_state) = pg_column_size(t) + 3)
         AS made_with_4_byte_header
FROM header_tl;
-- no ORDER BY in the aggregates: sorting their input would store the
-- timelines made in the query in tuples, with 1-byte headers again
SELECT funnel_cases((SELECT funnel_agg(t) FROM header_tl)) AS cases,
       (SELECT funnel_agg(t) FROM header_tl)::text
       = (SELECT funnel_agg(src::timeline_state) FROM header_tl)::text AS funnel_alike,
       (SELECT timeline_agg(t) FROM header_tl)::text
       = (SELECT timeline_agg(src::timeline_state) FROM header_tl)::text AS merge_alike;
