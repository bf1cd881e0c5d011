-- Functions that take a timeline a row read a stored one of up to 126 bytes
-- (1-byte header) from a copy on the stack, a longer one in place, and one
-- moved to the TOAST table after fetching it.  Over timelines of each kind,
-- every such function gives what it gives for the same timeline made in the
-- query (a 4-byte header, read in place).  The timelines made in the query
-- go straight to the functions: no sort or CTE stores them in a tuple, which
-- would give them 1-byte headers again.
CREATE TABLE ts_events AS
SELECT n, (ARRAY['new', 'open', 'customer_message', 'agent_reply', 'pending', 'requested',
                 'responded', 'agreed', 'succeeded', 'solved'])[1 + (k + n) % 10] AS stage,
       timestamptz '2026-03-02 08:00+00' + n * interval '1 hour' + k * interval '37 minutes' AS at
FROM generate_series(1, 40) AS n,
     generate_series(0, CASE WHEN n <= 20 THEN 1 + n % 3 WHEN n <= 36 THEN 10 + n ELSE 400 END) AS k;
CREATE TABLE ts_stored (n int, t timeline_state);
-- out of line and uncompressed once a row outgrows 2 kB
ALTER TABLE ts_stored ALTER COLUMN t SET STORAGE EXTERNAL;
INSERT INTO ts_stored SELECT n, timeline_agg(stage, at) FROM ts_events GROUP BY n;
SELECT count(*) FILTER (WHERE pg_column_size(t) <= 127) AS short_header,
       count(*) FILTER (WHERE pg_column_size(t) > 127 AND pg_column_size(t) < 2000) AS long_inline,
       count(*) FILTER (WHERE pg_column_size(t) >= 2000) AS toasted,
       (SELECT pg_relation_size(reltoastrelid) > 0 FROM pg_class WHERE oid = 'ts_stored'::regclass)
         AS toast_table_used,
       count(*) FILTER (WHERE pg_column_size(t) <= 127
                          AND pg_column_size(t::text::timeline_state) = pg_column_size(t) + 3)
         AS made_with_4_byte_header
FROM ts_stored;

-- input/output and the accessors of timeline.sql
SELECT count(*) AS timelines,
       count(*) FILTER (WHERE t::text = (t::text::timeline_state)::text) AS text_alike,
       count(*) FILTER (WHERE timeline_state_send(t) = timeline_state_send(t::text::timeline_state))
         AS send_alike,
       count(*) FILTER (WHERE timeline_first(t, 'open') IS NOT DISTINCT FROM
                              timeline_first(t::text::timeline_state, 'open')
                          AND timeline_last(t, 'open') IS NOT DISTINCT FROM
                              timeline_last(t::text::timeline_state, 'open')
                          AND timeline_reached(t, 'solved') = timeline_reached(t::text::timeline_state, 'solved')
                          AND timeline_count(t, 'open') = timeline_count(t::text::timeline_state, 'open'))
         AS accessors_alike,
       count(*) FILTER (WHERE timeline_stages(t) = timeline_stages(t::text::timeline_state)
                          AND (SELECT array_agg(e ORDER BY e.at, e.stage) FROM timeline_events(t) AS e)
                              = (SELECT array_agg(e ORDER BY e.at, e.stage)
                                 FROM timeline_events(t::text::timeline_state) AS e))
         AS stages_and_events_alike,
       count(*) FILTER (WHERE timeline_first(t, 'open') IS NOT NULL) AS reached_open
FROM ts_stored;
SELECT count(*) FILTER (WHERE timeline_duration(t, 'new', 'solved') IS NOT DISTINCT FROM
                              timeline_duration(t::text::timeline_state, 'new', 'solved')
                          AND timeline_duration(t, ARRAY['new', 'open'], ARRAY['solved'])
                              IS NOT DISTINCT FROM
                              timeline_duration(t::text::timeline_state, ARRAY['new', 'open'], ARRAY['solved'])
                          AND timeline_time_in(t, 'open') = timeline_time_in(t::text::timeline_state, 'open')
                          AND timeline_time_in(t, ARRAY['open', 'pending'], timestamptz '2026-03-05 00:00+00')
                              = timeline_time_in(t::text::timeline_state, ARRAY['open', 'pending'],
                                                 timestamptz '2026-03-05 00:00+00'))
         AS durations_alike,
       count(*) FILTER (WHERE timeline_duration(t, 'new', 'solved') IS NOT NULL) AS durations_found
FROM ts_stored;

-- the SLA functions
SELECT count(*) FILTER (WHERE timeline_stage_at(t, timestamptz '2026-03-03 12:00+00') IS NOT DISTINCT FROM
                              timeline_stage_at(t::text::timeline_state, timestamptz '2026-03-03 12:00+00')
                          AND (SELECT array_agg(p ORDER BY p) FROM timeline_stage_periods(t) AS p)
                              = (SELECT array_agg(p ORDER BY p)
                                 FROM timeline_stage_periods(t::text::timeline_state) AS p)
                          AND timeline_time_in(t, 'open', tstzrange('2026-03-02', '2026-03-04'))
                              = timeline_time_in(t::text::timeline_state, 'open',
                                                 tstzrange('2026-03-02', '2026-03-04')))
         AS statuses_alike,
       count(*) FILTER (WHERE sla_clock(t, ARRAY['new'], ARRAY['solved'], ARRAY['pending'])
                              IS NOT DISTINCT FROM
                              sla_clock(t::text::timeline_state, ARRAY['new'], ARRAY['solved'], ARRAY['pending'])
                          AND sla_time(t, 'first_reply') IS NOT DISTINCT FROM
                              sla_time(t::text::timeline_state, 'first_reply')
                          AND sla_stalled(t, interval '2 hours', timestamptz '2026-03-03 12:00+00')
                              = sla_stalled(t::text::timeline_state, interval '2 hours',
                                            timestamptz '2026-03-03 12:00+00'))
         AS clocks_alike,
       count(*) FILTER (WHERE sla_time(t, 'first_reply') IS NOT NULL) AS replied
FROM ts_stored;

-- the refund functions
SELECT count(*) FILTER (WHERE refund_path(t) IS NOT DISTINCT FROM refund_path(t::text::timeline_state)
                          AND refund_response_time(t) IS NOT DISTINCT FROM
                              refund_response_time(t::text::timeline_state)
                          AND refund_completion_time(t) IS NOT DISTINCT FROM
                              refund_completion_time(t::text::timeline_state)
                          AND refund_completed(t) = refund_completed(t::text::timeline_state))
         AS refunds_alike,
       count(*) FILTER (WHERE refund_response_time(t) IS NOT NULL) AS responded
FROM ts_stored;

-- the aggregates over stored timelines (no ORDER BY, see above)
SELECT funnel_cases((SELECT funnel_agg(t) FROM ts_stored)) AS cases,
       (SELECT funnel_agg(t) FROM ts_stored)::text
       = (SELECT funnel_agg(t::text::timeline_state) FROM ts_stored)::text AS funnel_alike,
       (SELECT timeline_agg(t) FROM ts_stored)::text
       = (SELECT timeline_agg(t::text::timeline_state) FROM ts_stored)::text AS merge_alike,
       (SELECT timeline_count(timeline_agg(t), 'open') FROM ts_stored)
       = (SELECT count(*) FROM ts_events WHERE stage = 'open') AS merge_as_plain_sql;
DROP TABLE ts_events, ts_stored;
