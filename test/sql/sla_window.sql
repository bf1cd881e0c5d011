-- A case at an instant and within a window of time (timeline_stage_at,
-- timeline_stage_periods, timeline_time_in_window) and stalled
-- cases (sla_stalled): hand-computed cases, and the stage periods against
-- timeline_stage_at on every hour of generated cases.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- A ticket: new Monday 2 March 09:00 with the customer's message; reply and
-- pending at 09:30; the customer writes at 11:00 (open); pending again at
-- 14:00, an agent's note-like reply at 15:00 while pending; solved Tuesday
-- 10:00.
CREATE TABLE sw AS SELECT timeline_agg(stage, at) AS t FROM (VALUES
    ('new', timestamptz '2026-03-02 09:00Z'), ('customer_message', '2026-03-02 09:00Z'),
    ('agent_reply', '2026-03-02 09:30Z'), ('pending', '2026-03-02 09:30Z'),
    ('customer_message', '2026-03-02 11:00Z'), ('open', '2026-03-02 11:00Z'),
    ('pending', '2026-03-02 14:00Z'), ('agent_reply', '2026-03-02 15:00Z'),
    ('solved', '2026-03-03 10:00Z')) AS e(stage, at);
CREATE TABLE sw_statuses AS SELECT '{new,open,pending,on_hold,solved}'::text[] AS s;

-- The stage at an instant: that of the latest status event at or before it.
-- Without statuses every event counts: at 15:00 the latest is the reply.
SELECT at, timeline_stage_at(t, at, s) AS status, timeline_stage_at(t, at) AS latest_event
FROM sw, sw_statuses,
     unnest(ARRAY[timestamptz '2026-03-02 08:59Z', '2026-03-02 09:00Z', '2026-03-02 09:30Z',
                  '2026-03-02 10:00Z', '2026-03-02 12:00Z', '2026-03-02 15:00Z', '2026-03-05 00:00Z']) AS at
ORDER BY at;

-- Periods: with statuses the reply at 15:00 leaves the pending period
-- alone; the last period has no end (NULL), or ends at until.
SELECT p.* FROM sw, sw_statuses, timeline_stage_periods(t, statuses => s) AS p;
SELECT p.* FROM sw, sw_statuses, timeline_stage_periods(t, timestamptz '2026-03-02 12:00Z', s) AS p;
-- Without statuses every event is a stage: messages make periods of their
-- own (zero-length ones where they share the instant of a status).
SELECT p.* FROM sw, timeline_stage_periods(t) AS p;
-- until alone, by position, as timeline_time_in(t, stage, until) takes it
SELECT p.* FROM sw, timeline_stage_periods(t, timestamptz '2026-03-02 10:00Z') AS p;

-- Time in a stage within a window:
--   Monday [00:00, 24:00): pending 09:30-11:00 and 14:00-24:00 = 11:30;
--   without statuses the reply at 15:00 ends the second spell: 1:30 + 1:00;
--   [10:00, 10:30): 30 min; pending or on hold on Monday: 11:30 too;
--   solved on Thursday 5 March (long after the last event): 24h, pending 0;
--   everything until Monday 12:00 (no lower bound): 1:30; an empty window: 0;
--   working time (UTC, 09:00-17:00 on weekdays) in pending Monday to
--   Wednesday: 09:30-11:00, 14:00-17:00, Tuesday 09:00-10:00 = 5:30.
SELECT timeline_time_in_window(t, '{pending}', tstzrange('2026-03-02', '2026-03-03'), statuses => s) AS monday,
       timeline_time_in_window(t, '{pending}', tstzrange('2026-03-02', '2026-03-03')) AS monday_every_event,
       timeline_time_in_window(t, '{pending}', tstzrange('2026-03-02 10:00Z', '2026-03-02 10:30Z'), statuses => s) AS half_hour,
       timeline_time_in_window(t, ARRAY['pending', 'on_hold'], tstzrange('2026-03-02', '2026-03-03'), statuses => s) AS waiting,
       timeline_time_in_window(t, '{solved}', tstzrange('2026-03-05', '2026-03-06'), statuses => s) AS solved_thursday,
       timeline_time_in_window(t, '{pending}', tstzrange('2026-03-05', '2026-03-06'), statuses => s) AS pending_thursday,
       timeline_time_in_window(t, '{pending}', tstzrange(NULL, '2026-03-02 12:00Z'), statuses => s) AS until_noon,
       timeline_time_in_window(t, '{pending}', 'empty'::tstzrange, statuses => s) AS empty_window,
       timeline_time_in_window(t, '{pending}', tstzrange('2026-03-02', '2026-03-04'),
                               'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar, s) AS working_time
FROM sw, sw_statuses;

-- The stages are a list, and only a list: an untyped '{pending,on_hold}'
-- and a parameter a driver sends untyped are the two stages (11:30, as
-- waiting above; a text form beside it took them for one stage's name and
-- gave 00:00:00), a single stage is '{pending}' or ARRAY['pending'], and an
-- untyped 'pending' or a text value is an error, not a silent 00:00:00.
SELECT timeline_time_in_window(t, '{pending,on_hold}', tstzrange('2026-03-02', '2026-03-03'), statuses => s) AS untyped_list,
       timeline_time_in_window(t, ARRAY['pending'], tstzrange('2026-03-02', '2026-03-03'), statuses => s) AS one_stage
FROM sw, sw_statuses;
PREPARE sw_window AS
    SELECT timeline_time_in_window(t, $1, tstzrange('2026-03-02', '2026-03-03'), statuses => s) FROM sw, sw_statuses;
EXECUTE sw_window('{pending,on_hold}');
EXECUTE sw_window('pending');
DEALLOCATE sw_window;
SELECT timeline_time_in_window(t, 'pending', tstzrange('2026-03-02', '2026-03-03')) FROM sw;
SELECT timeline_time_in_window(t, 'pending'::text, tstzrange('2026-03-02', '2026-03-03')) FROM sw;

-- The window form has a name of its own, so 0.1.0's timeline_time_in(t,
-- stage, until, calendar) still takes an untyped until or NULL (a string
-- could also be read as a tstzrange). Every event is a stage there, so
-- pending is 09:30-11:00 and 14:00 to until, 14:30: 2:00; text[] too.
SELECT timeline_time_in(t, 'pending', '2026-03-02 14:30Z', 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar) AS untyped_until,
       timeline_time_in(t, ARRAY['pending'], '2026-03-02 14:30Z', 'v1 tz=UTC mon-fri=09:00-17:00') AS untyped_both,
       timeline_time_in(t, 'pending', NULL, 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar) IS NULL AS null_until
FROM sw;

-- Stalled: open at the instant, latest event longer ago than the idle time.
--   Monday 13:59: open, latest event 11:00 (2:59 ago): stalled for 2h, not 3h;
--   Monday 16:00: pending, latest event 15:00: not stalled for 2h;
--   Monday 22:00: 7h since 15:00, but 2h of working time (15:00-17:00);
--   Tuesday 12:00: solved: never stalled; before the creation: no status.
SELECT sla_stalled(t, '2 hours', timestamptz '2026-03-02 13:59Z') AS at_13_59_2h,
       sla_stalled(t, '3 hours', timestamptz '2026-03-02 13:59Z') AS at_13_59_3h,
       sla_stalled(t, '2 hours', timestamptz '2026-03-02 16:00Z') AS at_16_2h,
       sla_stalled(t, '3 hours', timestamptz '2026-03-02 22:00Z') AS at_22_3h,
       sla_stalled(t, '3 hours', timestamptz '2026-03-02 22:00Z',
                   calendar => 'v1 tz=UTC mon-fri=09:00-17:00'::business_calendar) AS at_22_3h_working,
       sla_stalled(t, '0', timestamptz '2026-03-03 12:00Z') AS solved,
       sla_stalled(t, '0', timestamptz '2026-03-01 12:00Z') AS before_creation,
       sla_stalled(NULL, '1 hour', now()) IS NULL AS null_timeline
FROM sw;

-- NULLs: a NULL timeline or instant gives NULL (no rows for periods).
SELECT timeline_stage_at(NULL, now()) IS NULL AS null_timeline,
       timeline_stage_at(t, NULL) IS NULL AS null_instant,
       timeline_time_in_window(t, '{pending}', NULL::tstzrange) IS NULL AS null_window,
       (SELECT count(*) FROM timeline_stage_periods(NULL)) AS periods_of_null
FROM sw;

-- The periods agree with timeline_stage_at at every hour over 2 000
-- generated cases of 1 to 12 events (statuses and messages, some at the same
-- instant): the stage at each hour from the period covering it (entered at
-- or before, left after) equals timeline_stage_at.  This is how the manual
-- counts the cases in each stage at the end of each day.
CREATE TABLE sw_cases AS
SELECT c, timeline_agg(stage, at) AS t
FROM (SELECT c, (ARRAY['new', 'open', 'pending', 'on_hold', 'solved', 'customer_message',
                       'agent_reply', 'open', 'pending'])[1 + (hashint4(c * 31 + k) & 2147483647) % 9] AS stage,
             timestamptz '2026-03-02' + ((hashint4(c * 17 + k) & 2147483647) % 48) * interval '1 hour' AS at
      FROM generate_series(1, 2000) AS c, generate_series(1, 12) AS k
      WHERE k <= 1 + (hashint4(c) & 2147483647) % 12) AS e
GROUP BY c;
SELECT count(*) AS case_hours,
       count(*) FILTER (WHERE stage_at IS NOT NULL) AS with_a_stage,
       count(*) FILTER (WHERE stage_at IS DISTINCT FROM from_periods) AS differ
FROM (SELECT c.c, h, timeline_stage_at(c.t, h, s) AS stage_at,
             (SELECT p.stage FROM timeline_stage_periods(c.t, statuses => s) AS p
              WHERE p.entered_at <= h AND (p.left_at > h OR p.left_at IS NULL)) AS from_periods
      FROM sw_cases AS c, sw_statuses,
           generate_series(timestamptz '2026-03-01 23:00Z', '2026-03-04 01:00Z', '1 hour') AS h) AS x;
