-- Clocks that pause (sla_clock, sla_clock_status): hand-computed cases in
-- calendar time and in a Berlin team's working hours: pauses, a pause over a
-- weekend with the change to summer time, a pause over the Easter holidays,
-- reopening, an open case evaluated at an instant, events at the same
-- instant, a stop event before the start, breach instants.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- Berlin: 09:00-17:00 on weekdays; Good Friday 3 April and Easter Monday
-- 6 April 2026 are holidays.  Summer time starts on Sunday 29 March 2026
-- (02:00 CET becomes 03:00 CEST): 09:00 local is 08:00 UTC before it and
-- 07:00 UTC after it.
CREATE TABLE sc_calendar AS
SELECT 'v1 tz=Europe/Berlin mon-fri=09:00-17:00 holidays=2026-04-03,2026-04-06'::business_calendar AS cal;

CREATE TABLE sc_events (ticket int, stage text, at timestamptz);
INSERT INTO sc_events VALUES
    -- ticket 1: new Thursday 26 March 15:00 CET, waiting on the customer
    -- 16:00 to Friday 10:00, on hold from Friday 16:00 over the weekend (and
    -- the change to summer time) to Monday 30 March 10:00 CEST, solved at
    -- 12:00 CEST.  Messages and a priority change leave the status alone.
    (1, 'new',              '2026-03-26 15:00+01'), (1, 'customer_message', '2026-03-26 15:00+01'),
    (1, 'pending',          '2026-03-26 16:00+01'), (1, 'agent_reply',      '2026-03-26 16:00+01'),
    (1, 'open',             '2026-03-27 10:00+01'), (1, 'customer_message', '2026-03-27 10:00+01'),
    (1, 'priority:high',    '2026-03-27 11:00+01'),
    (1, 'on_hold',          '2026-03-27 16:00+01'),
    (1, 'open',             '2026-03-30 10:00+02'),
    (1, 'solved',           '2026-03-30 12:00+02'),
    -- ticket 2: new Wednesday 1 April 09:00 CEST, open at 11:00, waiting on
    -- the customer from Thursday 16:00 over Easter (Good Friday, the weekend,
    -- Easter Monday) to Tuesday 7 April 10:00, solved at 12:00, reopened
    -- Wednesday 8 April 09:30 and solved again at 10:15.
    (2, 'new',              '2026-04-01 09:00+02'), (2, 'open',    '2026-04-01 11:00+02'),
    (2, 'pending',          '2026-04-02 16:00+02'), (2, 'open',    '2026-04-07 10:00+02'),
    (2, 'solved',           '2026-04-07 12:00+02'), (2, 'open',    '2026-04-08 09:30+02'),
    (2, 'solved',           '2026-04-08 10:15+02'),
    -- ticket 3: a "solved" logged before the ticket was created; still open
    (3, 'solved',           '2026-03-02 08:00+00'), (3, 'new',     '2026-03-02 09:00+00'),
    (3, 'open',             '2026-03-02 09:30+00'), (3, 'pending', '2026-03-02 11:00+00'),
    -- ticket 4: events at the same instant.  At 10:00 "open" and "pending"
    -- (pending is last by name: the ticket is pending from 10:00); at 12:00
    -- "open" and "hold" (open is last: running).  The reply at 09:00 has the
    -- creation's instant, its name sorts before "new".
    (4, 'new',              '2026-03-02 09:00+00'), (4, 'agent_reply', '2026-03-02 09:00+00'),
    (4, 'open',             '2026-03-02 10:00+00'), (4, 'pending',     '2026-03-02 10:00+00'),
    (4, 'open',             '2026-03-02 11:00+00'), (4, 'open',        '2026-03-02 11:30+00'),
    (4, 'hold',             '2026-03-02 12:00+00'), (4, 'open',        '2026-03-02 12:00+00'),
    (4, 'solved',           '2026-03-02 13:00+00'),
    -- ticket 5: a status the clock does not know yet at its start: it runs
    (5, 'created',          '2026-03-02 09:00+00'), (5, 'pending', '2026-03-02 10:00+00'),
    (5, 'open',             '2026-03-02 10:30+00'), (5, 'solved',  '2026-03-02 11:00+00');
CREATE TABLE sc AS SELECT ticket, timeline_agg(stage, at) AS t FROM sc_events GROUP BY ticket;

-- Ticket 1, agent work (runs in new and open; paused in pending and on hold):
--   calendar time: new 14:00-15:00Z (1h) + open Fri 09:00-15:00Z (6h) + open
--   Mon 08:00-10:00Z (2h) = 9h.  Check: 92h from Thu 14:00Z to Mon 10:00Z,
--   less pending 18h (Thu 15:00Z to Fri 09:00Z), less on hold Fri 15:00Z to
--   Mon 08:00Z, 65 hours since Sunday lost one: 9h.
--   business time: Thu 15-16, Fri 10-16, Mon 10-12 (local) = 1 + 6 + 2 = 9h.
-- Resolution (runs in every status until solved):
--   calendar time 92h (not 93: the night of 29 March has 23 hours);
--   business time: Thu 15-17 (2h) + Fri 09-17 (8h) + Mon 09-12 (3h) = 13h.
-- Requester wait (pauses only in pending):
--   calendar time 92 - 18 = 74h; business time 13h less pending Thu 16-17
--   and Fri 09-10 (2h) = 11h.
SELECT sla_clock(t, '{new}', '{solved}', paused => '{pending,on_hold}', running => '{new,open}') AS agent_work,
       sla_clock(t, '{new}', '{solved}', paused => '{pending,on_hold}', running => '{new,open}',
                 calendar => cal) AS agent_work_business,
       sla_clock(t, '{new}', '{solved}') AS resolution,
       sla_clock(t, '{new}', '{solved}', calendar => cal) AS resolution_business,
       sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open,on_hold}') AS requester_wait,
       sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open,on_hold}', NULL, cal) AS requester_wait_business
FROM sc, sc_calendar WHERE ticket = 1;

-- Ticket 2, agent work in business time: Wed 09-17 (8h) + Thu 09-16 (7h),
-- paused Thu 16:00 to Tue 10:00 (Thu 1h, Tue 1h of working time; Good
-- Friday and Easter Monday are holidays), Tue 10-12 (2h) = 17h at the
-- first solve; reopened Wed 09:30-10:15 (45 min): 17:45 with reopen.
-- In calendar time: Wed 07:00Z to Thu 14:00Z (31h) + Tue 08:00-10:00Z (2h)
-- = 33h; with the reopening 33:45.  The pending spell holds 2h of working
-- time, as timeline_time_in says too.
SELECT sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open}') AS first_cycle,
       sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open}', reopen => true) AS every_cycle,
       sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open}', calendar => cal) AS first_cycle_business,
       sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open}', calendar => cal, reopen => true) AS every_cycle_business,
       timeline_time_in(t, 'pending', cal) AS pending_business
FROM sc, sc_calendar WHERE ticket = 2;

-- Reopening needs the statuses: without running and paused stages nothing
-- tells a reopening, so the first solve stays final.
SELECT sla_clock(t, '{new}', '{solved}', reopen => true) AS no_statuses,
       sla_clock(t, '{new}', '{solved}', running => '{open}', reopen => true) AS open_reopens
FROM sc WHERE ticket = 2;
-- open_reopens: Wed 07:00Z to Tue 10:00Z (147h) + 45 min = 147:45

-- Evaluated up to an instant (ticket 2, reopen): before the start, at the
-- start, in the first pause, while stopped, in the reopened spell, after.
--   2026-04-01 06:00Z: not started: NULL
--   2026-04-01 07:00Z: started, 0
--   2026-04-03 12:00Z: paused since Thu 14:00Z: 31h (calendar), 15h (business)
--   2026-04-07 20:00Z: stopped at 10:00Z: 33h, 17h
--   2026-04-08 08:00Z: reopened 07:30Z: 33:30, business 17:30
--   2026-04-09 00:00Z: 33:45, 17:45
SELECT as_of,
       sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open}', as_of, reopen => true) AS calendar_time,
       sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open}', as_of, cal, true) AS business_time
FROM sc, sc_calendar,
     unnest(ARRAY[timestamptz '2026-04-01 06:00Z', '2026-04-01 07:00Z', '2026-04-03 12:00Z',
                  '2026-04-07 20:00Z', '2026-04-08 08:00Z', '2026-04-09 00:00Z']) AS as_of
WHERE ticket = 2 ORDER BY as_of;

-- Ticket 3: the "solved" before the creation is ignored, so the clock has
-- not stopped: NULL without as_of.  At 12:00Z it ran 09:00-11:00Z (new,
-- open) and is paused (pending) since: 2h.  Resolution (no pause) at 12:00Z: 3h.
SELECT sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open}') AS agent_work,
       sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open}', timestamptz '2026-03-02 12:00Z') AS agent_work_at_noon,
       sla_clock(t, '{new}', '{solved}', as_of => timestamptz '2026-03-02 12:00Z') AS resolution_at_noon,
       sla_clock(t, '{open}', '{new}') AS stop_only_before_start
FROM sc WHERE ticket = 3;

-- Ticket 4, events at the same instant:
--   first reply: the reply at 09:00 has the creation's instant: 0, although
--   "agent_reply" sorts before "new" (every event at the start's instant
--   counts as after the start);
--   agent work: 09:00-10:00 new (1h); at 10:00 "open" then "pending": pending
--   until 11:00; open 11:00-12:00 (the repeated "open" at 11:30 changes
--   nothing) (1h); at 12:00 "hold" then "open": running 12:00-13:00 (1h) = 3h;
--   with "hold" a paused status and the same instants: 3h as well, since
--   "open" is the last event at 12:00.
SELECT sla_clock(t, '{new}', '{agent_reply}') AS first_reply,
       sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open}') AS agent_work,
       sla_clock(t, '{new}', '{solved}', '{pending,hold}', '{new,open}') AS agent_work_with_hold,
       timeline_stage_at(t, timestamptz '2026-03-02 10:00Z', '{new,open,pending,hold,solved}') AS at_10,
       timeline_stage_at(t, timestamptz '2026-03-02 12:00Z', '{new,open,pending,hold,solved}') AS at_12
FROM sc WHERE ticket = 4;

-- Ticket 5: no status yet at the start ("created" is none): the clock runs
-- 09:00-10:00, pauses 10:00-10:30, runs 10:30-11:00: 1:30.
SELECT sla_clock(t, '{created}', '{solved}', '{pending}', '{open}') AS clock FROM sc WHERE ticket = 5;

-- Against a target (sla_clock_status).  Ticket 1, agent work, 8 hours: 1h
-- on Thursday and 6h on Friday make 7h; paused over the weekend; the 8th
-- hour ends Monday 11:00 CEST = 09:00Z, the same in both times (every
-- running span lies in working hours).  Solved at 10:00Z: breached, 1h over.
-- 9 hours: met, 0 remaining (the clock reached it exactly when it stopped).
-- 10 hours: met, 1h remaining.
SELECT target, s.*
FROM sc, sc_calendar,
     unnest(ARRAY[interval '8 hours', '9 hours', '10 hours']) AS target,
     sla_clock_status(t, '{new}', '{solved}', target, '{pending,on_hold}', '{new,open}', calendar => cal) AS s
WHERE ticket = 1 ORDER BY target;

-- Resolution of ticket 1 against 12 working hours: Thu 15-17 (2h) and Fri
-- 09-17 (8h) make 10h; the weekend (with the night of the time change) is
-- not working time; Monday 09:00-11:00 CEST adds the last 2h: breach at
-- 11:00 CEST = 09:00Z.  In calendar time 12 hours from Thu 14:00Z: Fri 02:00Z.
SELECT sla_clock_status(t, '{new}', '{solved}', '12 hours', calendar => cal) AS business,
       sla_clock_status(t, '{new}', '{solved}', '12 hours') AS calendar_time
FROM sc, sc_calendar WHERE ticket = 1;

-- An open case at an instant (ticket 3, agent work, target 3h): at 12:00Z
-- the clock ran 2h and is paused: not breached, undecided (NULL), 1h left.
-- At 10:30Z: 1:30 ran, 1:30 left.  Resolution against 2h30: reached at
-- 11:30Z (no pause), so breached at 12:00Z, 30 min overdue.
SELECT sla_clock_status(t, '{new}', '{solved}', '3 hours', '{pending}', '{new,open}', timestamptz '2026-03-02 12:00Z') AS at_noon,
       sla_clock_status(t, '{new}', '{solved}', '3 hours', '{pending}', '{new,open}', timestamptz '2026-03-02 10:30Z') AS at_10_30,
       sla_clock_status(t, '{new}', '{solved}', '2:30', as_of => timestamptz '2026-03-02 12:00Z') AS resolution,
       sla_clock_status(t, '{new}', '{solved}', '2:30') AS resolution_without_as_of,
       sla_clock_status(t, '{new}', '{solved}', '1:30') AS breached_without_as_of
FROM sc WHERE ticket = 3;
-- Without as_of the clock has not stopped: no time, no remaining time.  A
-- target of 2:30 is reached at 11:30Z, after the last event (11:00Z): no
-- breach is known, no verdict.  A target of 1:30 was reached at 10:30Z,
-- before the last event: breached, whatever comes later.

-- A reopening: ticket 2, agent work against 17:30 of working time.  At the
-- first solve (Tue 10:00Z) the clock stood at 17h: met then.  Reopened
-- Wed 07:30Z, it reaches 17:30 at 08:00Z and is solved at 08:15Z: breached
-- at 08:00Z, 15 min over.  Without reopen the first solve is final: met.
SELECT sla_clock_status(t, '{new}', '{solved}', '17:30', '{pending}', '{new,open}', calendar => cal, reopen => true) AS every_cycle,
       sla_clock_status(t, '{new}', '{solved}', '17:30', '{pending}', '{new,open}', calendar => cal) AS first_cycle,
       sla_clock_status(t, '{new}', '{solved}', '17:30', '{pending}', '{new,open}',
                        timestamptz '2026-04-07 20:00Z', cal, true) AS between_cycles
FROM sc, sc_calendar WHERE ticket = 2;

-- NULLs: a NULL timeline, stage list or target gives NULL; optional
-- arguments given as NULL take their defaults (no pause, no as_of, calendar
-- time, no reopening).
SELECT sla_clock(NULL, '{new}', '{solved}') IS NULL AS null_timeline,
       sla_clock(t, NULL, '{solved}') IS NULL AS null_start,
       sla_clock(t, '{new}', NULL) IS NULL AS null_stop,
       sla_clock(t, '{new}', '{solved}', NULL, NULL, NULL, NULL, NULL) = sla_clock(t, '{new}', '{solved}') AS defaults,
       sla_clock_status(t, '{new}', '{solved}', NULL) IS NULL AS null_target,
       sla_clock(t, '{new}', '{solved}', ARRAY[NULL, 'pending'], '{new,open}')
           = sla_clock(t, '{new}', '{solved}', '{pending}', '{new,open}') AS null_elements_ignored
FROM sc WHERE ticket = 1;
-- A timeline without the stages: NULL (never started), not an error.
SELECT sla_clock('v1'::timeline_state, '{new}', '{solved}') AS empty,
       sla_clock_status('v1'::timeline_state, '{new}', '{solved}', '1 hour') AS empty_status;
