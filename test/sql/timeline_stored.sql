-- Functions that take a timeline a row read a stored one of up to 126 bytes
-- (1-byte header) from a copy on the stack, a longer one in place, and one
-- moved to the TOAST table after fetching it.  Over timelines of each kind,
-- every such function gives what it gives for the same timeline made in the
-- query (a 4-byte header, read in place), from its text form written when
-- it was built (not from the stored one: its output reads it as the others
-- do).  The timelines made in the query go straight to the functions: no
-- sort or CTE stores them in a tuple, which would give them 1-byte headers
-- again.  The two sides run in statements of
-- their own, with other timelines in between: the SLA metrics keep the
-- summaries of their last few timelines, whatever their headers, and would
-- otherwise answer the second side from the first.
CREATE TEMP TABLE tst_events AS
SELECT n, (ARRAY['new', 'open', 'customer_message', 'agent_reply', 'pending', 'requested',
                 'responded', 'agreed', 'succeeded', 'solved'])[1 + (k + n) % 10] AS stage,
       timestamptz '2026-03-02 08:00+00' + n * interval '1 hour' + k * interval '37 minutes' AS at
FROM generate_series(1, 40) AS n,
     generate_series(0, CASE WHEN n <= 20 THEN 1 + n % 3 WHEN n <= 36 THEN 10 + n ELSE 400 END) AS k;
CREATE TEMP TABLE tst_stored (n int, t timeline_state, src text);
-- out of line and uncompressed once a row outgrows 2 kB
ALTER TABLE tst_stored ALTER COLUMN t SET STORAGE EXTERNAL;
INSERT INTO tst_stored
SELECT n, timeline_agg(stage, at), timeline_agg(stage, at)::text FROM tst_events GROUP BY n;
SELECT count(*) FILTER (WHERE pg_column_size(t) <= 127) AS short_header,
       count(*) FILTER (WHERE pg_column_size(t) > 127 AND pg_column_size(t) < 2000) AS long_inline,
       count(*) FILTER (WHERE pg_column_size(t) >= 2000) AS toasted,
       (SELECT pg_relation_size(reltoastrelid) > 0 FROM pg_class WHERE oid = 'tst_stored'::regclass)
         AS toast_table_used,
       count(*) FILTER (WHERE pg_column_size(t) <= 127
                          AND pg_column_size(src::timeline_state) = pg_column_size(t) + 3)
         AS made_with_4_byte_header
FROM tst_stored;

-- every function of a timeline, as text, over a timeline t
CREATE FUNCTION pg_temp.results_query(t text) RETURNS text LANGUAGE sql AS $$
SELECT format($q$SELECT n, ARRAY[
    (%1$s)::text, timeline_state_send(%1$s)::text,
    timeline_first(%1$s, 'open')::text, timeline_last(%1$s, 'open')::text,
    timeline_reached(%1$s, 'solved')::text, timeline_count(%1$s, 'open')::text,
    timeline_stages(%1$s)::text,
    (SELECT array_agg(e::text ORDER BY e.at, e.stage) FROM timeline_events(%1$s) AS e)::text,
    timeline_duration(%1$s, 'new', 'solved')::text,
    timeline_duration(%1$s, ARRAY['new', 'open'], ARRAY['solved'])::text,
    timeline_duration(%1$s, 'new', 'solved', cal)::text,
    timeline_time_in(%1$s, 'open')::text,
    timeline_time_in(%1$s, ARRAY['open', 'pending'], timestamptz '2026-03-05 00:00+00')::text,
    timeline_time_in(%1$s, 'open', cal)::text,
    timeline_stage_at(%1$s, timestamptz '2026-03-03 12:00+00')::text,
    (SELECT array_agg(p::text ORDER BY p::text) FROM timeline_stage_periods(%1$s) AS p)::text,
    timeline_time_in_window(%1$s, '{open}', tstzrange('2026-03-02', '2026-03-04'))::text,
    timeline_time_in_window(%1$s, ARRAY['open', 'pending'], tstzrange('2026-03-02', '2026-03-04'))::text,
    sla_clock(%1$s, ARRAY['new'], ARRAY['solved'], ARRAY['pending'])::text,
    sla_clock_status(%1$s, ARRAY['new'], ARRAY['solved'], interval '24 hours')::text,
    sla_time(%1$s, 'first_reply', policy)::text, sla_met(%1$s, 'first_reply', policy)::text,
    sla_breach_at(%1$s, 'first_reply', policy)::text,
    sla_remaining(%1$s, 'resolution', policy, timestamptz '2026-03-03 12:00+00')::text,
    sla_time(%1$s, 'agent_work', policy, calendar => cal)::text,
    sla_stalled(%1$s, interval '2 hours', timestamptz '2026-03-03 12:00+00')::text,
    (SELECT array_agg(r::text ORDER BY r.pair) FROM sla_reply_pairs(%1$s, policy) AS r)::text,
    refund_path(%1$s)::text, refund_path(%1$s, vocabulary)::text,
    refund_response_time(%1$s)::text, refund_completion_time(%1$s, vocabulary)::text,
    refund_handling_time(%1$s, cal)::text, refund_completed(%1$s)::text,
    refund_intervened(%1$s)::text, refund_self_completed(%1$s, vocabulary)::text]::text[] AS r
FROM tst_stored,
     (VALUES ('v1 tz=Europe/Berlin mon-fri=09:00-17:00'::business_calendar,
              '{"first_reply": "2 hours", "resolution": "24 hours", "agent_work": "4 hours"}'::jsonb,
              '{"responded": ["agent_reply", "responded"], "succeeded": ["succeeded", "solved"]}'::jsonb))
       AS c(cal, policy, vocabulary)$q$, t) $$;
DO $$ BEGIN EXECUTE 'CREATE TEMP TABLE tst_from_stored AS ' || pg_temp.results_query('t'); END $$;
-- other timelines through the SLA metrics' memory of recent summaries
SELECT count(sla_time(x.t, 'first_reply') IS NULL) AS other_timelines
FROM (SELECT n, timeline_agg(stage, at + interval '1 minute') AS t FROM tst_events WHERE n <= 8 GROUP BY n) AS x;
DO $$ BEGIN EXECUTE 'CREATE TEMP TABLE tst_from_made AS ' || pg_temp.results_query('src::timeline_state'); END $$;
SELECT count(*) AS timelines, cardinality(min(s.r)) AS functions,
       count(*) FILTER (WHERE s.r = m.r) AS all_alike,
       (SELECT count(*) FROM tst_from_stored, unnest(r) AS x WHERE x IS NOT NULL) AS results_not_null,
       (SELECT count(*) FROM tst_from_stored, unnest(r) AS x) AS results
FROM tst_from_stored s JOIN tst_from_made m USING (n);
-- the first result that differs, if any
SELECT n, i, s.r[i] AS from_stored, m.r[i] AS made_in_query
FROM tst_from_stored s JOIN tst_from_made m USING (n), generate_subscripts(s.r, 1) AS i
WHERE s.r[i] IS DISTINCT FROM m.r[i] ORDER BY n, i LIMIT 1;

-- the aggregates over stored timelines (no ORDER BY, see above)
SELECT funnel_cases((SELECT funnel_agg(t) FROM tst_stored)) AS cases,
       (SELECT funnel_agg(t) FROM tst_stored)::text
       = (SELECT funnel_agg(src::timeline_state) FROM tst_stored)::text AS funnel_alike,
       (SELECT funnel_agg(t, ARRAY['new', 'open', 'solved'],
                          'v1 tz=Europe/Berlin mon-fri=09:00-17:00'::business_calendar) FROM tst_stored)::text
       = (SELECT funnel_agg(src::timeline_state, ARRAY['new', 'open', 'solved'],
                            'v1 tz=Europe/Berlin mon-fri=09:00-17:00'::business_calendar) FROM tst_stored)::text
         AS business_funnel_alike,
       (SELECT timeline_agg(t) FROM tst_stored)::text
       = (SELECT timeline_agg(src::timeline_state) FROM tst_stored)::text AS merge_alike,
       (SELECT timeline_count(timeline_agg(t), 'open') FROM tst_stored)
       = (SELECT count(*) FROM tst_events WHERE stage = 'open') AS merge_as_plain_sql,
       (SELECT (a.t + b.t)::text = (a.src::timeline_state + b.src::timeline_state)::text
        FROM tst_stored a, tst_stored b WHERE a.n = 1 AND b.n = 2) AS plus_alike;
