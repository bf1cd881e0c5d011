-- timeline_set: the timelines of many cases from one pass over an event
-- table.  Every case must come out exactly as GROUP BY case + timeline_agg
-- makes it (byte for byte), whatever the order of the rows, the split into
-- partial sets or the plan.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
\i test/sql/include/error_of.psql
\i test/sql/include/plan_outline.psql

-- Refund 10: path 4, reviewed twice; refund 11: only requested; refund 7:
-- closed before it was requested.  Rows shuffled, one repeated, and rows
-- with a NULL id, stage or time (skipped).
CREATE TABLE ts_events (refund_id bigint, stage text, at timestamptz);
INSERT INTO ts_events VALUES
    (10, 'return_received', '2026-03-04 10:00+00'),
    (11, 'requested',       '2026-03-02 12:00+00'),
    (10, 'requested',       '2026-03-02 09:00+00'),
    (7,  'closed',          '2026-03-01 08:00+00'),
    (10, 'shipped',         '2026-03-01 09:00+00'),
    (10, 'responded',       '2026-03-02 10:00+00'),
    (10, 'received',        '2026-03-01 18:00+00'),
    (7,  'requested',       '2026-03-01 09:00+00'),
    (10, 'succeeded',       '2026-03-04 16:00+00'),
    (10, 'responded',       '2026-03-02 10:00+00'),
    (10, 'return_shipped',  '2026-03-03 09:00+00'),
    (10, 'responded',       '2026-03-03 11:00+00'),
    (NULL, 'requested',     '2026-03-02 09:00+00'),
    (12, NULL,              '2026-03-02 09:00+00'),
    (12, 'requested',       NULL);

-- the set: cases by ascending id, each with its events in time order
SELECT timeline_set_agg(refund_id, stage, at) FROM ts_events;
SELECT timeline_set_cases(timeline_set_agg(refund_id, stage, at)) AS cases FROM ts_events;

-- unnest: one row per case, the timeline timeline_agg makes
SELECT case_id, timeline FROM unnest((SELECT timeline_set_agg(refund_id, stage, at) FROM ts_events));
SELECT count(*) AS cases,
       count(*) FILTER (WHERE timeline_state_send(u.timeline) = timeline_state_send(g.t)) AS identical
FROM unnest((SELECT timeline_set_agg(refund_id, stage, at) FROM ts_events)) AS u
FULL JOIN (SELECT refund_id, timeline_agg(stage, at) AS t FROM ts_events
           WHERE refund_id IS NOT NULL GROUP BY refund_id HAVING timeline_agg(stage, at) IS NOT NULL) AS g
       ON g.refund_id = u.case_id;

-- the refund pivot, as the README shows it
SELECT case_id AS refund_id, refund_path(timeline), refund_completion_time(timeline) AS completion,
       refund_response_time(timeline) AS response
FROM unnest((SELECT timeline_set_agg(refund_id, stage, at) FROM ts_events));

-- no rows, or only skipped rows: NULL, like other aggregates; the empty set
-- is 'v1' and unnests to no rows
SELECT timeline_set_agg(refund_id, stage, at) IS NULL AS no_rows FROM ts_events WHERE false;
SELECT timeline_set_agg(refund_id, stage, at) IS NULL AS only_null_rows FROM ts_events WHERE refund_id IS NULL OR refund_id = 12;
SELECT 'v1'::timeline_set AS empty, timeline_set_cases('v1') AS cases,
       (SELECT count(*) FROM unnest('v1'::timeline_set)) AS rows;

-- Per group: one set per shop (several working sets at once in a hash
-- aggregate), the same cases as one set over everything
CREATE TABLE ts_refund_shop AS SELECT r AS refund_id, 'shop ' || (r % 3) AS shop FROM generate_series(1, 20) AS r;
SELECT shop, timeline_set_cases(timeline_set_agg(refund_id, stage, at)) AS cases,
       timeline_set_agg(refund_id, stage, at)
FROM ts_events JOIN ts_refund_shop USING (refund_id)
GROUP BY shop ORDER BY shop;

-- A larger history: 3000 cases, 13 events each on average, ids spread so
-- that the table grows and probes; shuffled, with repeats of every 7th row.
CREATE TABLE ts_big (id bigint, stage text, at timestamptz);
INSERT INTO ts_big
SELECT c * 7919 % 100003 - 50000, 'stage ' || (e % 9),
       timestamptz '2026-01-01' + (c * 61 + e * e * 13) * interval '1 minute'
FROM generate_series(1, 3000) AS c, generate_series(1, (c % 25) + 1) AS e;
INSERT INTO ts_big SELECT * FROM ts_big WHERE (hashtext(stage || at) & 7) = 0;
CREATE TABLE ts_big_shuffled AS SELECT * FROM ts_big ORDER BY hashtext(id || stage || at);
CREATE TABLE ts_big_grouped AS SELECT id, timeline_agg(stage, at) AS t FROM ts_big GROUP BY id;

SELECT count(*) AS cases,
       count(*) FILTER (WHERE timeline_state_send(u.timeline) = timeline_state_send(g.t)) AS identical,
       bool_and(u.case_id > lag_id OR lag_id IS NULL) AS ascending_ids
FROM (SELECT *, lag(case_id) OVER (ORDER BY ordinality) AS lag_id
      FROM unnest((SELECT timeline_set_agg(id, stage, at) FROM ts_big_shuffled)) WITH ORDINALITY) AS u
FULL JOIN ts_big_grouped AS g ON g.id = u.case_id;

-- equal sets are equal values: the same events in another order give the
-- same bytes
SELECT (SELECT timeline_set_send(timeline_set_agg(id, stage, at)) FROM ts_big)
     = (SELECT timeline_set_send(timeline_set_agg(id, stage, at)) FROM ts_big_shuffled) AS same_bytes,
       (SELECT md5(timeline_set_agg(id, stage, at)::text) FROM ts_big)
     = (SELECT md5(timeline_set_agg(id, stage, at)::text) FROM ts_big_shuffled) AS same_text;

-- a case's room outside its slot holds 14 events, then 28, 56, ... 3584,
-- then the limit of 4096: cases that fill some of the rooms or pass one
-- by an event, the longest growing through every room, equal
-- timeline_agg's
CREATE TABLE ts_long AS
SELECT n AS id, 'stage ' || (e % 7) AS stage, timestamptz '2026-03-01' + e * interval '1 s' AS at
FROM unnest(ARRAY[14, 15, 28, 29, 56, 57, 3584, 3585, 4096]) AS n, generate_series(1, n) AS e;
SELECT g.id AS events, timeline_state_send(u.timeline) = timeline_state_send(g.t) AS equal_to_timeline_agg
FROM unnest((SELECT timeline_set_agg(id, stage, at) FROM ts_long)) AS u
FULL JOIN (SELECT id, timeline_agg(stage, at) AS t FROM ts_long GROUP BY id) AS g ON g.id = u.case_id
ORDER BY 1;

-- Merging.  Daily sets (a case's events spread over several days) merged
-- with timeline_set_agg(timeline_set) or + equal the set of all events,
-- for any split; merging is commutative and merging a set into itself
-- changes nothing.
CREATE TABLE ts_daily AS
SELECT date_trunc('day', at) AS day, timeline_set_agg(id, stage, at) AS cases
FROM ts_big GROUP BY 1;
SELECT count(*) > 10 AS several_days,
       md5(timeline_set_agg(cases)::text) = (SELECT md5(timeline_set_agg(id, stage, at)::text) FROM ts_big) AS merged_days_equal_whole
FROM ts_daily;
SELECT count(*) AS splits,
       count(*) FILTER (WHERE merged = (SELECT md5(timeline_set_agg(id, stage, at)::text) FROM ts_big)) AS equal_to_whole
FROM (SELECT k, md5(timeline_set_agg(part)::text) AS merged
      FROM (SELECT k, timeline_set_agg(id, stage, at) AS part
            FROM ts_big, generate_series(1, 12) AS k
            GROUP BY k, hashtext(stage || at::text || k) % (k + 1)) AS parts
      GROUP BY k) AS m;
SELECT (a + b)::text = (b + a)::text AS commutative, (a + a)::text = a::text AS idempotent,
       ((a + b) + a)::text = (a + b)::text AS absorbs
FROM (SELECT (SELECT timeline_set_agg(id, stage, at) FROM ts_big WHERE id < 0)::text AS a_text) AS x,
     LATERAL (SELECT a_text::timeline_set AS a,
                     (SELECT timeline_set_agg(id, stage, at) FROM ts_big WHERE id > -20000) AS b) AS y;
SELECT 'v1 5 (2026-03-01 10:00:00+00 "x")'::timeline_set + 'v1' AS plus_empty,
       'v1'::timeline_set + 'v1 3 (2026-03-01 10:00:00+00 "x")' AS empty_plus,
       'v1 5 (2026-03-01 10:00:00+00 "x")'::timeline_set
     + 'v1 5 (2026-03-01 09:00:00+00 "y"), 4 (2026-03-01 10:00:00+00 "x")' AS common_case;
-- a merge aggregate over more partial sets than it keeps unmerged (8)
SELECT md5(timeline_set_agg(part)::text) = (SELECT md5(timeline_set_agg(id, stage, at)::text) FROM ts_big) AS many_parts_equal_whole
FROM (SELECT timeline_set_agg(id, stage, at) AS part FROM ts_big GROUP BY id % 23) AS parts;
SELECT timeline_set_agg(s) IS NULL AS merge_no_rows FROM ts_daily, LATERAL (SELECT cases AS s) x WHERE false;
SELECT timeline_set_agg(s) AS merge_with_nulls
FROM (VALUES (NULL::timeline_set), ('v1 1 (2026-03-01 10:00:00+00 "x")'), (NULL)) AS v(s);
-- Merging a few stored sets is planned as the small merge it is: serial,
-- even where the table's size allows workers.  (With the combine function's
-- cost, which keeps the event aggregate serial, as its step, every stored
-- set counted as a million cases: the merge got workers and JIT, 0.35 s for
-- what takes 1.3 ms serially.)
SET min_parallel_table_scan_size = 0;
SELECT pg_temp.plan_outline('SELECT timeline_set_cases(timeline_set_agg(cases)) FROM ts_daily');
RESET min_parallel_table_scan_size;

-- Stored in a table and a materialized view, and read back unchanged
CREATE TABLE ts_stored (label text, cases timeline_set);
INSERT INTO ts_stored SELECT 'big', timeline_set_agg(id, stage, at) FROM ts_big;
CREATE MATERIALIZED VIEW ts_stored_mv AS
SELECT 'big' AS label, timeline_set_agg(id, stage, at) AS cases FROM ts_big_shuffled;
CREATE UNIQUE INDEX ON ts_stored_mv (label);
REFRESH MATERIALIZED VIEW CONCURRENTLY ts_stored_mv;
SELECT pg_column_size(s.cases) < octet_length(s.cases::text) AS compact,
       timeline_set_send(s.cases) = timeline_set_send(m.cases) AS table_equals_view,
       timeline_set_cases(s.cases) AS cases
FROM ts_stored AS s, ts_stored_mv AS m;

-- Parallel plans: partial sets from the workers, merged by the leader, give
-- the same set as the serial plan
CREATE TABLE ts_par AS SELECT * FROM ts_big_shuffled, generate_series(0, 9) AS copy;
UPDATE ts_par SET id = id + copy * 1000000;
ANALYZE ts_par;
SELECT md5(timeline_set_agg(id, stage, at)::text) AS serial_md5 FROM ts_par \gset
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET min_parallel_table_scan_size = 0;
-- the combine function is declared as costly as merging large sets, so
-- even with workers for free the planner keeps this table's aggregate serial ...
SELECT pg_temp.plan_outline('SELECT timeline_set_cases(timeline_set_agg(id, stage, at)) FROM ts_par');
-- ... unless function costs are set aside
SET cpu_operator_cost = 0;
SELECT pg_temp.plan_outline('SELECT timeline_set_cases(timeline_set_agg(id, stage, at)) FROM ts_par');
SELECT md5(timeline_set_agg(id, stage, at)::text) = :'serial_md5' AS parallel_equals_serial,
       timeline_set_cases(timeline_set_agg(id, stage, at)) AS cases
FROM ts_par;
SET parallel_leader_participation = off;
SELECT md5(timeline_set_agg(id, stage, at)::text) = :'serial_md5' AS workers_only_equals_serial FROM ts_par;
RESET parallel_leader_participation;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET min_parallel_table_scan_size;
RESET cpu_operator_cost;

-- A set larger than the caches (here 30,000 cases, a table of 64k slots)
-- adds events in batches: every case still equals timeline_agg of its
-- events, the count of cases is exact while events wait, and a set waiting
-- with events merges whole
SELECT count(*) AS cases,
       count(*) FILTER (WHERE timeline_state_send(u.timeline) = timeline_state_send(g.t)) AS identical
FROM unnest((SELECT timeline_set_agg(id, stage, at) FROM ts_par)) AS u
FULL JOIN (SELECT id, timeline_agg(stage, at) AS t FROM ts_par GROUP BY id) AS g ON g.id = u.case_id;
SELECT timeline_set_cases(timeline_set_agg(id, stage, at)) AS cases_while_waiting,
       md5((timeline_set_agg(id, stage, at) FILTER (WHERE id % 2 = 0)
            + timeline_set_agg(id, stage, at) FILTER (WHERE id % 2 <> 0))::text) = :'serial_md5' AS halves_plus_equal_whole
FROM ts_par;
-- a case's limit is checked when its events reach the table: 4097 events
-- of one case after 20,000 others
SELECT pg_temp.error_of($$SELECT timeline_set_agg(CASE WHEN s <= 20000 THEN s ELSE 0 END, 'a',
                                                  '2026-03-01'::timestamptz + s * interval '1 s')
                          FROM generate_series(1, 24097) s$$) AS too_many_events_batched;

-- As a window aggregate: the set so far, row by row
SELECT refund_id, stage, timeline_set_cases(timeline_set_agg(refund_id, stage, at) OVER (ORDER BY at, stage)) AS cases_so_far
FROM ts_events WHERE refund_id IS NOT NULL AND at IS NOT NULL AND stage IS NOT NULL
ORDER BY at, stage;

-- Called directly (not as an aggregate), the functions never change their arguments
SELECT timeline_set_accum(NULL, 1, 'a', '2026-03-01 10:00+00') AS from_null,
       timeline_set_accum('v1 1 (2026-03-01 09:00:00+00 "a")', 2, 'b', '2026-03-01 10:00+00') AS added,
       timeline_set_accum('v1 1 (2026-03-01 09:00:00+00 "a")', NULL, 'b', '2026-03-01 10:00+00') AS null_row,
       timeline_set_combine(NULL, 'v1 1 (2026-03-01 09:00:00+00 "a")') AS combine_null;
WITH s AS (SELECT 'v1 1 (2026-03-01 09:00:00+00 "a")'::timeline_set AS v)
SELECT timeline_set_accum(v, 1, 'b', '2026-03-01 10:00+00') AS accum, v AS unchanged FROM s;

-- Text and binary forms
SELECT E'v1  5 ( 2026-03-01 10:00:00+00 "x" ,2026-03-01 09:00:00+00 "y"),\n 3 (2026-03-01 11:00:00+00 "a\\"b"), 5 (2026-03-01 10:00:00+00 "x")'::timeline_set AS any_order_and_repeats;
SELECT 'v1 -9223372036854775808 (0044-03-15 12:00:00+00 BC "ünïcödé"), 9223372036854775807 (2026-03-01 10:00:00.000001+00 "")'::timeline_set AS extremes;
SELECT timeline_set_send('v1 -1 (2000-01-01 00:00:00.000001+00 "ab"), 2 (2000-01-01 00:00:00+00 "c")') AS binary_form;
CREATE TABLE ts_io (cases timeline_set);
INSERT INTO ts_io SELECT cases FROM ts_daily;
INSERT INTO ts_io VALUES ('v1'), ('v1 -9223372036854775808 (0044-03-15 12:00:00+00 BC "ünïcödé")');
CREATE TABLE ts_io_binary (cases timeline_set);
DO $$
DECLARE path text := current_setting('data_directory') || '/svcquality_timeline_set.bin';
BEGIN
    EXECUTE format('COPY ts_io TO %L (FORMAT binary)', path);
    EXECUTE format('COPY ts_io_binary FROM %L (FORMAT binary)', path);
END $$;
SELECT count(*) AS sets, count(*) FILTER (WHERE a.cases::text = b.cases::text) AS identical,
       count(*) FILTER (WHERE a.cases::text::timeline_set::text = a.cases::text) AS text_round_trip
FROM (SELECT cases, row_number() OVER () AS i FROM ts_io) a
JOIN (SELECT cases, row_number() OVER () AS i FROM ts_io_binary) b USING (i);

-- Merging sets checks for interrupts per case, so a cancel or a statement
-- timeout stops a merge of millions of cases part way (a merge takes about
-- half a second per million cases).  The cancel is sent from inside the
-- expression, right before the merge, so that it lands during the merge
-- whatever the machine's speed: a merge that ran to its end would assign
-- its result before the next statement noticed the cancel.  Whatever was
-- prepared when the cancel came must not be trusted later: the same sets
-- used again give what a fresh computation gives.
CREATE TABLE ts_cancel_events AS
SELECT d, c AS refund_id, 'stage ' || ((c + d) % 7) AS stage,
       '2026-03-01'::timestamptz + ((c % 500) * 10 + d) * interval '1 minute' AS at
FROM generate_series(1, 10) AS d, generate_series(d * 1000, d * 1000 + 10000) AS c;
CREATE TABLE ts_cancel_sets AS
SELECT d, timeline_set_agg(refund_id, stage, at) AS cases FROM ts_cancel_events GROUP BY d;
CREATE FUNCTION pg_temp.plus_cancelled(a timeline_set, b timeline_set, OUT merge text, OUT then_as_fresh boolean)
LANGUAGE plpgsql AS $f$
DECLARE
    merged timeline_set;
BEGIN
    BEGIN
        merged := CASE WHEN pg_cancel_backend(pg_backend_pid()) THEN a + b END;
        PERFORM 1;              -- the cancel is noticed here at the latest
        merge := 'not stopped';
    EXCEPTION WHEN query_canceled THEN
        merge := CASE WHEN merged IS NULL THEN 'stopped during the merge' ELSE 'merged, then stopped' END;
    END;
    then_as_fresh := timeline_set_send(a + b) =
        (SELECT timeline_set_send(timeline_set_agg(refund_id, stage, at)) FROM ts_cancel_events WHERE d IN (1, 2));
END $f$;
-- (sets made here, in memory: fetching a stored one may notice the cancel)
SELECT * FROM pg_temp.plus_cancelled((SELECT timeline_set_agg(refund_id, stage, at) FROM ts_cancel_events WHERE d = 1),
                                     (SELECT timeline_set_agg(refund_id, stage, at) FROM ts_cancel_events WHERE d = 2));
-- The merge aggregate's set, cancelled while it is measured (its partial
-- sets merged), then while it is written, and used again after each: a
-- final function gets the set the aggregate keeps, in its working form,
-- and a copy of it into a variable is its flat form, written.
-- Of 10 sets, 8 are folded into its table and 2 wait to be merged with it.
CREATE FUNCTION pg_temp.flat_after_cancels(s timeline_set) RETURNS timeline_set LANGUAGE plpgsql AS $f$
DECLARE
    n bigint;
    copy timeline_set;
BEGIN
    BEGIN
        n := CASE WHEN pg_cancel_backend(pg_backend_pid()) THEN timeline_set_cases(s) END;
        PERFORM 1;
    EXCEPTION WHEN query_canceled THEN
        RAISE NOTICE 'counting the cases: %', CASE WHEN n IS NULL THEN 'stopped' ELSE 'ran to its end' END;
    END;
    RAISE NOTICE 'cases: %', timeline_set_cases(s);
    BEGIN
        copy := CASE WHEN pg_cancel_backend(pg_backend_pid()) THEN s END;
        PERFORM 1;
    EXCEPTION WHEN query_canceled THEN
        RAISE NOTICE 'writing the set: %', CASE WHEN copy IS NULL THEN 'stopped' ELSE 'ran to its end' END;
    END;
    RETURN s;
END $f$;
CREATE AGGREGATE pg_temp.merge_cancelled(timeline_set) (
    SFUNC = timeline_set_merge, STYPE = timeline_set, FINALFUNC = pg_temp.flat_after_cancels);
SELECT timeline_set_send(pg_temp.merge_cancelled(cases ORDER BY d)) =
       (SELECT timeline_set_send(timeline_set_agg(refund_id, stage, at)) FROM ts_cancel_events) AS as_fresh,
       (SELECT count(DISTINCT refund_id) FROM ts_cancel_events) AS fresh_cases
FROM ts_cancel_sets;

-- An error part way through measuring (a case whose two timelines have 80
-- stages together, after 199 cases merged) leaves the preparation
-- unfinished: it is thrown away, and measuring again meets the same error.
CREATE FUNCTION pg_temp.cases_twice(s timeline_set) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    errors text[];
BEGIN
    FOR i IN 1..2 LOOP
        BEGIN
            PERFORM timeline_set_cases(s);
        EXCEPTION WHEN program_limit_exceeded THEN
            errors := errors || (SQLSTATE || ': ' || SQLERRM);
        END;
    END LOOP;
    RETURN array_to_string(errors, E'\n');
END $f$;
CREATE AGGREGATE pg_temp.merge_cases_twice(timeline_set) (
    SFUNC = timeline_set_merge, STYPE = timeline_set, FINALFUNC = pg_temp.cases_twice);
SELECT pg_temp.merge_cases_twice(s ORDER BY k) AS errors
FROM (SELECT k, timeline_set_agg(c, CASE WHEN c < 200 THEN 'x' ELSE prefix || n END,
                                 '2026-03-01'::timestamptz + (k * 100 + n) * interval '1 minute')
      FROM (VALUES (1, 'a'), (2, 'b')) AS p(k, prefix), generate_series(1, 200) AS c, generate_series(1, 40) AS n
      WHERE c = 200 OR n = 1
      GROUP BY k) AS sets(k, s);

-- The same for events still waiting in a batch (a set of more than 4096
-- cases adds them 64 at a time): the 65th stage of case 999999 fails the
-- batch, and the next reading of the set meets the error again instead of
-- losing the events after it (10 cases) and keeping 64 of the case's stages.
CREATE AGGREGATE pg_temp.accum_cases_twice(bigint, text, timestamptz) (
    SFUNC = timeline_set_accum, STYPE = timeline_set, FINALFUNC = pg_temp.cases_twice);
SELECT pg_temp.accum_cases_twice(case_id, stage, at ORDER BY k, case_id, at) AS errors
FROM (SELECT 1, c::bigint, 's', '2026-03-01'::timestamptz + c * interval '1 s' FROM generate_series(1, 5000) AS c
      UNION ALL
      SELECT 2, 999999, 'st' || n, '2026-03-02'::timestamptz + n * interval '1 s' FROM generate_series(1, 65) AS n
      UNION ALL
      SELECT 3, 1000000 + n, 's', '2026-03-03' FROM generate_series(1, 10) AS n) AS ev(k, case_id, stage, at);

-- Errors: each with its SQLSTATE, naming what is wrong
SELECT input, pg_temp.error_of(format('SELECT %L::timeline_set', input)) AS error
FROM (VALUES ('v2'), ('1 (2026-03-01 10:00:00+00 "x")'), ('v1 5'), ('v1 5 ()'),
             ('v1 5 (2026-03-01 10:00:00+00 "x"'), ('v1 5 (2026-03-01 10:00:00+02 "x")'),
             ('v1 5 (2026-03-01 10:00:00+00 "x") 6 (2026-03-01 10:00:00+00 "x")'),
             ('v1 x (2026-03-01 10:00:00+00 "x")'), ('v1 99999999999999999999 (2026-03-01 10:00:00+00 "x")'),
             ('v1 5 (2026-02-30 10:00:00+00 "x")')) AS bad(input);
SELECT pg_temp.error_of($$SELECT timeline_set_agg(1, repeat('s', 256), now())$$) AS stage_too_long,
       pg_temp.error_of($$SELECT timeline_set_agg(1, 'a', 'infinity')$$) AS infinite_time,
       pg_temp.error_of($$SELECT timeline_set_agg(c, 'stage ' || s, '2026-03-01'::timestamptz + s * interval '1 s')
                          FROM generate_series(1, 2) c, generate_series(1, 65) s$$) AS too_many_stages;
SELECT pg_temp.error_of($$SELECT timeline_set_agg(c, 'stage ' || c, '2026-03-01'::timestamptz)
                          FROM generate_series(1, 256) c$$) AS too_many_names_in_set,
       pg_temp.error_of($$SELECT timeline_set_agg(1, 'a', '2026-03-01'::timestamptz + s * interval '1 s')
                          FROM generate_series(1, 4097) s$$) AS too_many_events;
-- the limit on names holds however the set is made: merged sets are held to it too
SELECT pg_temp.error_of($$SELECT (SELECT timeline_set_agg(c, 'a' || c, '2026-03-01') FROM generate_series(1, 200) c)
                               + (SELECT timeline_set_agg(c, 'b' || c, '2026-03-01') FROM generate_series(1, 200) c)$$)
       AS too_many_names_merged;
-- an error leaves the stored data as it was
BEGIN;
INSERT INTO ts_stored SELECT 'broken', timeline_set_agg(1, s::text, 'infinity') FROM generate_series(1, 3) s;
ROLLBACK;
SELECT label, timeline_set_cases(cases) FROM ts_stored ORDER BY label;

-- timeline_set_cases names the set state, as unnest(timeline_set) does
SELECT label, timeline_set_cases(state => cases) AS named FROM ts_stored ORDER BY label;

-- An aggregate of the transition function with a starting state (INITCOND)
-- starts from it: case 17 requested gets closed, case 18 is new
CREATE AGGREGATE pg_temp.set_from_17(bigint, text, timestamptz) (
    SFUNC = timeline_set_accum, STYPE = timeline_set, INITCOND = 'v1 17 (2026-03-01 10:00:00+00 "requested")');
SELECT pg_temp.set_from_17(c, s, t)
FROM (VALUES (17::bigint, 'closed', timestamptz '2026-03-01 12:00+00'), (18, 'requested', '2026-03-02 09:00+00')) AS v(c, s, t);

DROP MATERIALIZED VIEW ts_stored_mv;
DROP TABLE ts_events, ts_refund_shop, ts_big, ts_big_shuffled, ts_big_grouped, ts_daily,
    ts_stored, ts_par, ts_io, ts_io_binary, ts_cancel_events, ts_cancel_sets;
