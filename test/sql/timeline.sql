-- Timelines: the events (stage, at) of a case, whatever order they arrive
-- in; stages, durations and time spent in stages, checked by hand.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- Ticket 1 (all times 2026-03-02 UTC unless said): opened 09:00, responded
-- 09:30, waiting on the customer 10:00-12:00 and 13:00-13:30, resolved
-- 15:00, reopened 03-03 09:00, resolved again 03-03 10:00.
-- Ticket 2 only opened.  Ticket 3 was resolved (08:00) before it was opened
-- (09:00): B precedes A.
CREATE TABLE tl_ticket_events (ticket int, stage text, at timestamptz);
INSERT INTO tl_ticket_events VALUES
    (1, 'opened',              '2026-03-02 09:00+00'),
    (1, 'responded',           '2026-03-02 09:30+00'),
    (1, 'waiting_on_customer', '2026-03-02 10:00+00'),
    (1, 'customer_replied',    '2026-03-02 12:00+00'),
    (1, 'waiting_on_customer', '2026-03-02 13:00+00'),
    (1, 'customer_replied',    '2026-03-02 13:30+00'),
    (1, 'resolved',            '2026-03-02 15:00+00'),
    (1, 'reopened',            '2026-03-03 09:00+00'),
    (1, 'resolved',            '2026-03-03 10:00+00'),
    (2, 'opened',              '2026-03-02 11:00+00'),
    (3, 'resolved',            '2026-03-02 08:00+00'),
    (3, 'opened',              '2026-03-02 09:00+00');

-- The state: events in time order, timestamps in UTC
SELECT ticket, timeline_agg(stage, at) FROM tl_ticket_events GROUP BY ticket ORDER BY ticket;

CREATE TABLE tl_tickets AS
SELECT ticket, timeline_agg(stage, at) AS t FROM tl_ticket_events GROUP BY ticket;

-- First and last occurrence, how often, whether reached, the order of stages
SELECT ticket,
       timeline_first(t, 'resolved') AS first_resolved, timeline_last(t, 'resolved') AS last_resolved,
       timeline_count(t, 'resolved') AS resolved_count,
       timeline_reached(t, 'reopened') AS reopened, timeline_reached(t, 'escalated') AS escalated,
       timeline_count(t, 'escalated') AS escalations, timeline_first(t, 'escalated') AS first_escalation
FROM tl_tickets ORDER BY ticket;
SELECT ticket, timeline_stages(t) FROM tl_tickets ORDER BY ticket;
SELECT e.* FROM tl_tickets, timeline_events(t) AS e WHERE ticket = 1;

-- Durations from the first A to the first B at or after it:
--   1: opened->responded 00:30; opened->resolved 09:00->15:00 = 06:00;
--      reopened->resolved 03-03 09:00->10:00 = 01:00 (the earlier resolved
--      does not follow the reopening); resolved->opened: no opened after
--      the first resolved, NULL; opened->opened 0
--   2: never resolved: NULL
--   3: resolved before opened: opened->resolved NULL, resolved->opened 01:00
SELECT ticket,
       timeline_duration(t, 'opened', 'responded') AS first_response,
       timeline_duration(t, 'opened', 'resolved') AS resolution,
       timeline_duration(t, 'reopened', 'resolved') AS after_reopening,
       timeline_duration(t, 'resolved', 'opened') AS resolved_to_opened,
       timeline_duration(t, 'opened', 'opened') AS zero,
       timeline_duration(t, 'opened', 'escalated') AS missing_to,
       timeline_duration(t, 'escalated', 'resolved') AS missing_from
FROM tl_tickets ORDER BY ticket;

-- Several stages on either side: first of any A, first of any B after it
--   1: first of responded/resolved after opened: responded at 09:30
--   3: first of opened/resolved = resolved 08:00; first opened at or after: 09:00
SELECT ticket,
       timeline_duration(t, ARRAY['opened'], ARRAY['resolved', 'responded']) AS first_touch,
       timeline_duration(t, ARRAY['opened', 'resolved'], ARRAY['opened']) AS any_to_opened,
       timeline_duration(t, ARRAY[]::text[], ARRAY['opened']) AS empty_from,
       timeline_duration(t, ARRAY['opened', NULL], ARRAY[NULL, 'resolved']) AS nulls_ignored
FROM tl_tickets ORDER BY ticket;

-- Time spent in stages, as the sum of spells (a spell ends at the next event
-- of another stage; one still open ends at the last event, or at until):
--   waiting_on_customer: 10:00-12:00 + 13:00-13:30 = 02:30
--   waiting or customer_replied (one spell 10:00-15:00) = 05:00
--   resolved: 15:00 -> reopened 03-03 09:00 = 18:00, then an open spell
--   until 03-03 12:00: 18:00 + (10:00-12:00) = 20:00; events after until are
--   ignored: until 03-02 14:00 leaves only the 10:00-12:00 and 13:00-13:30
--   waiting spells, 02:30, and 03-02 11:00 cuts the first one to 01:00
SELECT ticket,
       timeline_time_in(t, 'waiting_on_customer') AS waiting,
       timeline_time_in(t, ARRAY['waiting_on_customer', 'customer_replied']) AS with_customer,
       timeline_time_in(t, 'resolved') AS resolved,
       timeline_time_in(t, 'resolved', timestamptz '2026-03-03 12:00+00') AS resolved_until_noon,
       timeline_time_in(t, 'waiting_on_customer', timestamptz '2026-03-02 14:00+00') AS waiting_until_14,
       timeline_time_in(t, 'waiting_on_customer', timestamptz '2026-03-02 11:00+00') AS waiting_until_11,
       timeline_time_in(t, 'escalated') AS never
FROM tl_tickets ORDER BY ticket;
-- until before every event: nothing; an open spell starting exactly at until: zero;
-- without until, an open spell lasts until the last event (waiting 10:00, still
-- waiting at 11:00 -> 01:00)
SELECT timeline_time_in(t, 'opened', timestamptz '2026-03-01 00:00+00') AS before_all,
       timeline_time_in(t, 'opened', timestamptz '2026-03-02 11:00+00') AS at_start,
       timeline_time_in(t, 'opened', timestamptz '2026-03-02 11:30+00') AS open_half_hour
FROM tl_tickets WHERE ticket = 2;
SELECT timeline_time_in('v1 2026-03-02 09:00:00+00 "opened", 2026-03-02 10:00:00+00 "waiting", 2026-03-02 11:00:00+00 "waiting"', 'waiting') AS open_spell;

-- Durations are hours, minutes and seconds without a day part, so they
-- subtract cleanly; they equal timestamptz subtraction
SELECT timeline_duration(t, 'opened', 'reopened') AS opened_to_reopened,
       timeline_duration(t, 'opened', 'reopened')
           = timeline_first(t, 'reopened') - timeline_first(t, 'opened') AS equals_subtraction,
       timeline_duration(t, 'opened', 'reopened') - timeline_time_in(t, 'resolved') AS minus_time_resolved
FROM tl_tickets WHERE ticket = 1;

-- Named notation, with the names the manual writes (t, stage[s], from_stage[s],
-- to_stage[s], until, calendar), in any order.  Ticket 1 as above; on the
-- calendar Monday to Friday 09:00-17:00 UTC, opened 09:00 to resolved 15:00 on
-- Monday 03-02 is 06:00 of working time too
SELECT timeline_first(t => t, stage => 'resolved') AS first_resolved,
       timeline_last(stage => 'resolved', t => t) AS last_resolved,
       timeline_reached(t => t, stage => 'reopened') AS reopened,
       timeline_count(t => t, stage => 'resolved') AS resolved_count,
       timeline_stages(t => t) AS stages,
       (SELECT count(*) FROM timeline_events(t => t)) AS events
FROM tl_tickets WHERE ticket = 1;
SELECT timeline_duration(t => t, from_stage => 'opened', to_stage => 'resolved') AS resolution,
       timeline_duration(t, to_stages => ARRAY['resolved'], from_stages => ARRAY['reopened']) AS after_reopening,
       timeline_time_in(t => t, until => timestamptz '2026-03-02 11:00+00', stage => 'waiting_on_customer') AS waiting_until_11,
       timeline_time_in(t => t, stages => ARRAY['waiting_on_customer', 'customer_replied']) AS with_customer,
       timeline_duration(t => t, from_stage => 'opened', to_stage => 'resolved',
                         calendar => 'v1 tz=UTC mon-fri=09:00-17:00') AS working_resolution,
       timeline_time_in(calendar => 'v1 tz=UTC mon-fri=09:00-17:00', stage => 'waiting_on_customer', t => t) AS working_waiting
FROM tl_tickets WHERE ticket = 1;

-- Order does not matter; repeated events count once; NULL rows are skipped
SELECT count(DISTINCT st) AS distinct_states, min(st) = (SELECT t::text FROM tl_tickets WHERE ticket = 1) AS same
FROM (SELECT timeline_agg(stage, at ORDER BY md5(stage || at)) ::text AS st FROM tl_ticket_events WHERE ticket = 1
      UNION ALL SELECT timeline_agg(stage, at ORDER BY at DESC)::text FROM tl_ticket_events WHERE ticket = 1
      UNION ALL SELECT timeline_agg(stage, at ORDER BY stage DESC, at)::text FROM tl_ticket_events WHERE ticket = 1
      UNION ALL SELECT timeline_agg(stage, at)::text
                FROM (SELECT * FROM tl_ticket_events WHERE ticket = 1
                      UNION ALL SELECT * FROM tl_ticket_events WHERE ticket = 1
                      UNION ALL SELECT 1, NULL, now() UNION ALL SELECT 1, 'opened', NULL
                      UNION ALL SELECT 1, NULL, NULL) AS doubled) AS orders;
-- events at the same instant are ordered by stage name (bytewise), so the
-- result does not depend on arrival order either
SELECT timeline_agg(stage, at) AS tied
FROM (VALUES ('b', '2026-03-02 09:00+00'::timestamptz), ('a', '2026-03-02 09:00+00'), ('B', '2026-03-02 09:00+00')) AS v(stage, at);
SELECT timeline_agg(stage, at) AS tied
FROM (VALUES ('B', '2026-03-02 09:00+00'::timestamptz), ('a', '2026-03-02 09:00+00'), ('b', '2026-03-02 09:00+00')) AS v(stage, at);
-- a B tied with A counts as "at or after" A
SELECT timeline_duration('v1 2026-03-02 09:00:00+00 "a", 2026-03-02 09:00:00+00 "b"', 'b', 'a') AS tied_duration;

-- An aggregate over no rows, or only NULLs, is NULL; functions of NULL are NULL
SELECT timeline_agg(stage, at) IS NULL AS no_rows FROM tl_ticket_events WHERE false;
SELECT timeline_agg(stage, at) IS NULL AS only_nulls FROM (VALUES (NULL::text, now()), ('x', NULL)) AS v(stage, at);
SELECT timeline_duration(NULL, 'a', 'b') AS null_state, timeline_duration(t, NULL, 'resolved') AS null_stage,
       timeline_time_in(t, 'resolved', NULL::timestamptz) AS null_until, timeline_stages(NULL) AS null_stages
FROM tl_tickets WHERE ticket = 1;
-- the empty timeline (text input 'v1'): nothing reached, NULL durations, zero time in stages
SELECT timeline_stages('v1') AS stages, timeline_reached('v1', 'a') AS reached,
       timeline_duration('v1', 'a', 'b') AS duration, timeline_time_in('v1', 'a') AS time_in,
       (SELECT count(*) FROM timeline_events('v1')) AS events;

-- Time zones: instants, not wall-clock readings.  The same events written
-- with other offsets give the same state, printed in UTC whatever TimeZone
-- says; across the DST change in New York (2026-03-08 02:00 EST -> 03:00
-- EDT), 01:30 EST to 03:30 EDT is one hour.
SET TimeZone = 'America/New_York';
SELECT timeline_agg(stage, at) AS in_new_york,
       timeline_agg(stage, at)::text = (SELECT timeline_agg(stage, (at AT TIME ZONE 'Asia/Shanghai') AT TIME ZONE 'Asia/Shanghai')::text
                                        FROM tl_ticket_events WHERE ticket = 3) AS same_in_shanghai
FROM tl_ticket_events WHERE ticket = 3;
SELECT timeline_duration(timeline_agg(stage, at), 'opened', 'resolved') AS across_dst,
       timeline_first(timeline_agg(stage, at), 'resolved') AS resolved_local
FROM (VALUES ('opened', '2026-03-08 01:30'::timestamptz), ('resolved', '2026-03-08 03:30')) AS v(stage, at);
SET TimeZone = 'Asia/Kolkata';
SELECT t AS same_text_in_kolkata, timeline_first(t, 'opened') AS opened_local FROM tl_tickets WHERE ticket = 3;
SET TimeZone = 'UTC';

-- Text and binary forms round-trip exactly; names are quoted with \" and \\
CREATE TABLE tl_io (t timeline_state);
INSERT INTO tl_io SELECT t FROM tl_tickets;
INSERT INTO tl_io VALUES ('v1'),
    (E'v1 2026-03-02 09:00:00.000001+00 "say \\"hi\\"", 0044-03-15 12:00:00+00 BC "back\\\\slash", 294276-12-31 23:59:59.999999+00 "end", 4713-11-24 00:00:00+00 BC "start"'),
    (E'v1 2026-03-02 09:00:00+00 "ünïcödé", 2026-03-02 09:00:00+00 "", 2026-03-02 09:00:00+00 "a b, c"');
-- a state with 60 stages of up to 41 bytes and 3000 events (it grows
-- several times while aggregating)
INSERT INTO tl_io
SELECT timeline_agg(repeat(chr(65 + s % 60 % 26), 1 + s % 60 % 40) || s % 60,
                    timestamptz '2026-01-01' + s * interval '1 minute 7.25 seconds')
FROM generate_series(1, 3000) AS s;
SELECT t::text::timeline_state::text = t::text AS text_round_trip, length(t::text) AS text_length,
       cardinality(timeline_stages(t)) AS stages, (SELECT count(*) FROM timeline_events(t)) AS events
FROM tl_io;
SELECT t FROM tl_io WHERE t::text LIKE '%BC%' OR t::text LIKE '%ünïcödé%';
SELECT e.* FROM tl_io, timeline_events(t) AS e WHERE t::text LIKE '%BC%';
-- binary through COPY BINARY
CREATE TABLE tl_io_binary (t timeline_state);
DO $$
DECLARE path text := current_setting('data_directory') || '/svcquality_timeline_state.bin';
BEGIN
    EXECUTE format('COPY tl_io TO %L (FORMAT binary)', path);
    EXECUTE format('COPY tl_io_binary FROM %L (FORMAT binary)', path);
END $$;
SELECT count(*) AS states, count(*) FILTER (WHERE a.t::text = b.t::text) AS identical
FROM (SELECT t, row_number() OVER () AS i FROM tl_io) a
JOIN (SELECT t, row_number() OVER () AS i FROM tl_io_binary) b USING (i);
-- the binary form: version 1, stage count, then int32 length + name per stage,
-- int32 event count, then int64 time + stage byte per event
SELECT timeline_state_send('v1 2000-01-01 00:00:00.000001+00 "ab"') AS binary_form;
-- text input accepts events in any order and repeated; spaces are free
SELECT E'v1  2026-03-02 10:00:00+00 "b" ,2026-03-02 09:00:00+00 "a",\n 2026-03-02 10:00:00+00 "b"'::timeline_state AS any_order;

-- Merging: the + operator and timeline_agg(timeline_state) give the same
-- state as aggregating all events at once, whatever the split
-- (the two parts share the responded, resolved and reopened events)
SELECT x::text = (SELECT t::text FROM tl_tickets WHERE ticket = 1) AS plus_overlapping_equals_whole,
       (SELECT count(*) FROM timeline_events(x)) AS events
FROM (SELECT (SELECT timeline_agg(stage, at) FROM tl_ticket_events WHERE ticket = 1 AND stage < 's')
           + (SELECT timeline_agg(stage, at) FROM tl_ticket_events WHERE ticket = 1 AND stage >= 'p') AS x) AS m;
SELECT count(*) AS splits,
       count(*) FILTER (WHERE merged = (SELECT t::text FROM tl_tickets WHERE ticket = 1)) AS equal_to_whole
FROM (SELECT k, timeline_agg(part)::text AS merged
      FROM (SELECT k, timeline_agg(stage, at) AS part
            FROM tl_ticket_events, generate_series(1, 5) AS k
            WHERE ticket = 1
            GROUP BY k, hashtext(stage || at::text || k) % (k + 1)) AS parts
      GROUP BY k) AS m;
SELECT 'v1'::timeline_state + 'v1 2026-03-02 09:00:00+00 "a"' AS empty_plus,
       'v1 2026-03-02 09:00:00+00 "a"'::timeline_state + 'v1' AS plus_empty;
-- merging 4000 one-event states one after the other (the merged state
-- grows many times) gives the state of the 4000 events aggregated at once
SELECT count(*) AS parts,
       timeline_agg(part)::text = (SELECT timeline_agg('s' || i % 50, timestamptz '2026-01-01' + i * interval '1 minute')::text
                                   FROM generate_series(1, 4000) AS i) AS same_as_direct
FROM (SELECT timeline_agg('s' || i % 50, timestamptz '2026-01-01' + i * interval '1 minute') AS part
      FROM generate_series(1, 4000) AS i GROUP BY i) AS p;

-- Equal events give byte-identical states, padding included: record *=
-- compares values as bytes, as REFRESH MATERIALIZED VIEW CONCURRENTLY does.
-- The odd cases' longer names leave other bytes in the memory that the even
-- cases' states are built in.
CREATE TABLE tl_bytes AS
SELECT c, timeline_agg(CASE WHEN c % 2 = 0 THEN (ARRAY['abc', 'de'])[1 + k % 2] ELSE repeat('z', c % 30 + 1) || k END,
                       timestamptz '2026-01-01' + k * interval '1 hour') AS t
FROM generate_series(1, 300) AS c, generate_series(1, 5) AS k GROUP BY c;
SELECT count(*) AS pairs, count(*) FILTER (WHERE NOT a *= b) AS differing_bytes
FROM (SELECT t FROM tl_bytes WHERE c % 2 = 0 UNION ALL SELECT t::text::timeline_state FROM tl_bytes WHERE c % 2 = 0
      UNION ALL SELECT t + t FROM tl_bytes WHERE c % 2 = 0) AS a,
     (SELECT t FROM tl_bytes WHERE c % 2 = 0) AS b;

-- Rollups: per-day partial timelines in a table, merged per ticket later
CREATE TABLE tl_daily AS
SELECT ticket, at::date AS day, timeline_agg(stage, at) AS t FROM tl_ticket_events GROUP BY 1, 2;
SELECT ticket, count(*) AS days, timeline_agg(t)::text = (SELECT t::text FROM tl_tickets x WHERE x.ticket = d.ticket) AS same,
       timeline_duration(timeline_agg(t), 'opened', 'resolved') AS resolution
FROM tl_daily d GROUP BY ticket ORDER BY ticket;

-- As a window aggregate: the timeline so far, row by row
SELECT stage, at, timeline_duration(timeline_agg(stage, at) OVER w, 'opened', 'resolved') AS resolution_so_far,
       cardinality(timeline_stages(timeline_agg(stage, at) OVER w)) AS stages_so_far
FROM tl_ticket_events WHERE ticket = 1 WINDOW w AS (ORDER BY at) ORDER BY at;

DROP TABLE tl_ticket_events, tl_tickets, tl_io, tl_io_binary, tl_daily, tl_bytes;
RESET TimeZone;
RESET DateStyle;
RESET IntervalStyle;
