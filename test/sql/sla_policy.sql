-- SLA metrics under a policy (sla_time, sla_met, sla_breach_at,
-- sla_remaining, sla_reply_pairs, sla_policy_targets, sla_vocabulary):
-- hand-computed cases.  Priorities changing during a case (re-evaluated, or
-- as at the start), every reply pair, reply waits ended by a solve, update
-- gaps, reopening, business time, a vocabulary of the CRM's own names.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

CREATE TABLE sp_policy AS SELECT '{
    "first_reply":     {"urgent": "1 hour", "high": "2 hours", "normal": "8 hours"},
    "next_reply":      {"urgent": "30 minutes", "normal": "4 hours"},
    "periodic_update": "6 hours",
    "requester_wait":  "16 hours",
    "agent_work":      {"urgent": "4 hours", "normal": "12 hours"},
    "resolution":      "40 hours",
    "default_priority": "normal"}'::jsonb AS p;
-- the same, with each case's priority as it was when its clock started
CREATE TABLE sp_initial AS SELECT p || '{"priority_mode": "initial"}' AS p FROM sp_policy;

SELECT * FROM sla_policy_targets((SELECT p FROM sp_policy));

CREATE TABLE sp_events (ticket int, stage text, at timestamptz);
INSERT INTO sp_events VALUES
    -- 10: normal (the default: no priority event), raised to urgent at 10:30
    (10, 'new', '2026-03-02 09:00Z'), (10, 'customer_message', '2026-03-02 09:00Z'),
    (10, 'priority:urgent', '2026-03-02 10:30Z'),
    (10, 'agent_reply', '2026-03-02 11:00Z'), (10, 'pending', '2026-03-02 11:00Z'),
    -- 11: urgent at creation, lowered to normal at 09:45
    (11, 'new', '2026-03-02 09:00Z'), (11, 'priority:urgent', '2026-03-02 09:00Z'),
    (11, 'priority:normal', '2026-03-02 09:45Z'), (11, 'agent_reply', '2026-03-02 11:00Z'),
    -- 12: raised to urgent while paused (agent work)
    (12, 'new', '2026-03-02 09:00Z'), (12, 'priority:normal', '2026-03-02 09:00Z'),
    (12, 'open', '2026-03-02 10:00Z'), (12, 'pending', '2026-03-02 12:00Z'),
    (12, 'priority:urgent', '2026-03-02 14:00Z'), (12, 'open', '2026-03-02 15:00Z'),
    (12, 'solved', '2026-03-02 17:00Z'),
    -- 13: raised to urgent while paused, past the urgent target already
    (13, 'new', '2026-03-02 09:00Z'), (13, 'pending', '2026-03-02 14:00Z'),
    (13, 'priority:urgent', '2026-03-02 15:00Z'), (13, 'open', '2026-03-02 16:00Z'),
    (13, 'solved', '2026-03-02 17:00Z');
CREATE TABLE sp AS SELECT ticket, timeline_agg(stage, at) AS t FROM sp_events GROUP BY ticket;

-- First reply, re-evaluated ("current", the default) and as at the start:
-- 10: 8h target until 10:30; then urgent, 1h, and the clock already stood at
--     1:30: breached at 10:30.  Replied at 11:00 (2h): 1h over the 1h target
--     in force.  As at the start: 8h, met, 6h left.
-- 11: 1h target until 09:45 (45 min used); then 8h: met, 6h left.  As at the
--     start (urgent, 1h): breached at 10:00, 1h over.
SELECT ticket, policy, sla_time(t, 'first_reply') AS first_reply,
       sla_met(t, 'first_reply', p) AS met, sla_breach_at(t, 'first_reply', p) AS breach_at,
       sla_remaining(t, 'first_reply', p) AS remaining
FROM sp, (SELECT 'current' AS policy, p FROM sp_policy UNION ALL SELECT 'initial', p FROM sp_initial) AS policies
WHERE ticket IN (10, 11) ORDER BY ticket, policy DESC;

-- Agent work (runs in new and open, paused in pending and on hold):
-- 12: 09:00-12:00 (3h), paused; urgent (4h) at 14:00, under it; runs again
--     at 15:00 and reaches 4h at 16:00: breached at 16:00; solved at 17:00
--     with 5h, 1h over.  As at the start (normal, 12h): met, 7h left.
-- 13: 09:00-14:00 (5h), paused; urgent at 15:00, 4h, already past: breached
--     at 15:00, while paused; solved at 17:00 with 6h.  As at the start: met.
SELECT ticket, policy, sla_time(t, 'agent_work') AS agent_work,
       sla_met(t, 'agent_work', p) AS met, sla_breach_at(t, 'agent_work', p) AS breach_at,
       sla_remaining(t, 'agent_work', p) AS remaining
FROM sp, (SELECT 'current' AS policy, p FROM sp_policy UNION ALL SELECT 'initial', p FROM sp_initial) AS policies
WHERE ticket IN (12, 13) ORDER BY ticket, policy DESC;

-- Every reply pair.  Ticket 20 (urgent): created with the customer's
-- message at 09:00, first reply 09:20; messages at 10:00 and 10:10 (one
-- wait, from 10:00), reply 10:50; a message and a reply at 12:00 (answered
-- at once); a "thanks" at 13:00 and the ticket solved at 13:30 without a
-- reply; reopened by a message at 15:00, reply 15:40, solved 16:00.
INSERT INTO sp_events VALUES
    (20, 'new', '2026-03-02 09:00Z'), (20, 'customer_message', '2026-03-02 09:00Z'),
    (20, 'priority:urgent', '2026-03-02 09:00Z'), (20, 'agent_reply', '2026-03-02 09:20Z'),
    (20, 'customer_message', '2026-03-02 10:00Z'), (20, 'customer_message', '2026-03-02 10:10Z'),
    (20, 'agent_reply', '2026-03-02 10:50Z'),
    (20, 'customer_message', '2026-03-02 12:00Z'), (20, 'agent_reply', '2026-03-02 12:00Z'),
    (20, 'customer_message', '2026-03-02 13:00Z'), (20, 'solved', '2026-03-02 13:30Z'),
    (20, 'customer_message', '2026-03-02 15:00Z'), (20, 'open', '2026-03-02 15:00Z'),
    (20, 'agent_reply', '2026-03-02 15:40Z'), (20, 'solved', '2026-03-02 16:00Z');
INSERT INTO sp SELECT ticket, timeline_agg(stage, at) FROM sp_events WHERE ticket = 20 GROUP BY ticket;

-- Waits: 1 09:00-09:20 (first reply: no next_reply target); 2 10:00-10:50,
-- 50 min against 30: breached at 10:30; 3 12:00-12:00, 0; 4 13:00 ended by
-- the solve at 13:30 without a reply: 30 min, reaching the target exactly
-- when it stopped: met; 5 15:00-15:40: breached at 15:30.
SELECT w.* FROM sp, sp_policy, sla_reply_pairs(t, p) AS w WHERE ticket = 20;

-- Per case: next reply, the longest wait (50 min), the earliest breach
-- (10:30), not met, the least time left (30 - 50 = -20 min); first reply
-- 20 min, met; update gaps between replies 09:20-10:50 (1:30), 10:50-12:00
-- (1:10), 12:00 to the solve at 13:30 (1:30), 15:40 to the solve at 16:00
-- (0:20): longest 1:30, met (6h), 4:30 left.  The status clocks count
-- 09:00-13:30 and, reopened, 15:00-16:00: 5:30; agent work (urgent, 4h)
-- reached 4h at 13:00.  With "reopen": "ignore", only the first cycle,
-- 09:00-13:30: 4:30.
SELECT metric, sla_time(t, metric, p) AS time, sla_met(t, metric, p) AS met,
       sla_breach_at(t, metric, p) AS breach_at, sla_remaining(t, metric, p) AS remaining,
       sla_time(t, metric, p || '{"reopen": "ignore"}') AS time_first_cycle
FROM sp, sp_policy,
     unnest(ARRAY['first_reply', 'next_reply', 'periodic_update', 'requester_wait',
                  'agent_work', 'resolution']) AS metric
WHERE ticket = 20;
-- A constant metric is read once per query; a metric that changes between
-- the evaluations of one expression (a PL/pgSQL variable) is read each time
CREATE FUNCTION pg_temp.met_of(t timeline_state, metric text, p jsonb) RETURNS boolean
LANGUAGE plpgsql AS $$ BEGIN RETURN sla_met(t, metric, p); END $$;
SELECT metric, pg_temp.met_of(t, metric, p) IS NOT DISTINCT FROM sla_met(t, metric, p) AS same_in_plpgsql,
       sla_met(t, metric, p) AS met
FROM sp, sp_policy,
     unnest(ARRAY['first_reply', 'next_reply', 'agent_work', 'resolution', 'first_reply']) AS metric
WHERE ticket = 20;

-- An open wait at an instant: at 10:20 the customer has waited 20 min
-- (10 left, undecided); at 10:40, 40 min: breached at 10:30.
SELECT as_of, sla_time(t, 'next_reply', p, as_of) AS waited, sla_met(t, 'next_reply', p, as_of) AS met,
       sla_breach_at(t, 'next_reply', p, as_of) AS breach_at,
       sla_remaining(t, 'next_reply', p, as_of) AS remaining
FROM sp, sp_policy, unnest(ARRAY[timestamptz '2026-03-02 10:20Z', '2026-03-02 10:40Z']) AS as_of
WHERE ticket = 20 ORDER BY as_of;
SELECT w.* FROM sp, sp_policy, sla_reply_pairs(t, p, timestamptz '2026-03-02 10:40Z') AS w WHERE ticket = 20;
-- Without as_of, a wait still open has no time: the case's next reply time
-- is NULL, and the pair has no reply and no time.
SELECT sla_time(t, 'next_reply') AS next_reply, (SELECT count(*) FROM sla_reply_pairs(t)) AS pairs,
       (SELECT row(reply_at, waited) FROM sla_reply_pairs(t) WHERE pair = 2) AS last_pair
FROM (SELECT timeline_agg(stage, at) AS t FROM sp_events
      WHERE ticket = 20 AND at <= '2026-03-02 10:40Z') AS open_case;

-- In business time (Berlin, 09:00-17:00 on weekdays): ticket 21, urgent,
-- first exchange Friday 27 March 10:00-10:05 CET; the customer writes again
-- Friday 16:30 CET (15:30Z), the reply comes Monday 30 March 09:30 CEST
-- (07:30Z), after the weekend and the change to summer time.  Waited: Fri
-- 16:30-17:00 and Mon 09:00-09:30, 1h of working time (64h of calendar
-- time); the 30 min target ran out Friday at 17:00 CET = 16:00Z.
INSERT INTO sp_events VALUES
    (21, 'new', '2026-03-27 10:00+01'), (21, 'customer_message', '2026-03-27 10:00+01'),
    (21, 'priority:urgent', '2026-03-27 10:00+01'), (21, 'agent_reply', '2026-03-27 10:05+01'),
    (21, 'customer_message', '2026-03-27 16:30+01'), (21, 'agent_reply', '2026-03-30 09:30+02');
INSERT INTO sp SELECT ticket, timeline_agg(stage, at) FROM sp_events WHERE ticket = 21 GROUP BY ticket;
SELECT w.pair, w.message_at, w.reply_at, w.waited, w.breach_at,
       (SELECT waited FROM sla_reply_pairs(t, p) WHERE pair = w.pair) AS waited_calendar_time
FROM sp, sp_policy,
     sla_reply_pairs(t, p, calendar => 'v1 tz=Europe/Berlin mon-fri=09:00-17:00'::business_calendar) AS w
WHERE ticket = 21;

-- A solve fulfils the first reply: ticket 22 (urgent), created with a
-- message at 09:00 and solved at 09:40 without a reply, is reopened by a
-- message at 11:00 that waits until the reply at 12:30.  The first reply
-- took 40 min (met); the second wait is a next reply of 1h30 against 30
-- min, breached at 11:30.  Ticket 23: an agent reply logged at 08:00,
-- before the creation at 09:00, is not the first reply; the wait from 09:00
-- to the reply at 09:30 is the first reply's, and there is no next reply.
INSERT INTO sp_events VALUES
    (22, 'new', '2026-03-02 09:00Z'), (22, 'customer_message', '2026-03-02 09:00Z'),
    (22, 'priority:urgent', '2026-03-02 09:00Z'), (22, 'solved', '2026-03-02 09:40Z'),
    (22, 'customer_message', '2026-03-02 11:00Z'), (22, 'open', '2026-03-02 11:00Z'),
    (22, 'agent_reply', '2026-03-02 12:30Z'), (22, 'solved', '2026-03-02 13:00Z'),
    (23, 'agent_reply', '2026-03-02 08:00Z'), (23, 'new', '2026-03-02 09:00Z'),
    (23, 'customer_message', '2026-03-02 09:00Z'), (23, 'priority:urgent', '2026-03-02 09:00Z'),
    (23, 'agent_reply', '2026-03-02 09:30Z');
INSERT INTO sp SELECT ticket, timeline_agg(stage, at) FROM sp_events WHERE ticket IN (22, 23) GROUP BY ticket;
SELECT ticket, w.* FROM sp, sp_policy, sla_reply_pairs(t, p) AS w WHERE ticket IN (22, 23) ORDER BY ticket, pair;
-- As it stood at an instant: events after as_of have not happened.  Ticket
-- 24 was solved at 08:00 (a stray event) and created at 12:00; at 11:00 it
-- had no creation, so the solve ended the first reply and the message at
-- 09:00, answered at 10:00, was a next reply (1 hour, within the 4 hours of
-- the default priority, normal); with the creation, every wait before it
-- is the first reply's, and there is no next reply.
INSERT INTO sp SELECT 24, timeline_agg(stage, at) FROM (VALUES
    ('solved', timestamptz '2026-03-02 08:00Z'), ('customer_message', '2026-03-02 09:00Z'),
    ('agent_reply', '2026-03-02 10:00Z'), ('new', '2026-03-02 12:00Z')) AS e(stage, at);
SELECT as_of, w.*, sla_time(t, 'next_reply', p, as_of) AS next_reply, sla_met(t, 'next_reply', p, as_of) AS met
FROM sp, sp_policy, (VALUES (timestamptz '2026-03-02 11:00Z'), (NULL)) AS a(as_of), sla_reply_pairs(t, p, as_of) AS w
WHERE ticket = 24 ORDER BY as_of NULLS LAST;
SELECT ticket, metric, sla_time(t, metric, p) AS time, sla_met(t, metric, p) AS met,
       sla_breach_at(t, metric, p) AS breach_at
FROM sp, sp_policy, unnest(ARRAY['first_reply', 'next_reply']) AS metric
WHERE ticket IN (22, 23) ORDER BY ticket, metric;

-- A reply and a solve at one instant: the reply answered the wait, whether
-- the solve's name sorts after the reply's (solved) or before it (Done).
SELECT solved_as, w.pair, w.reply_at, w.waited
FROM (VALUES ('solved'), ('Done')) AS v(solved_as),
     LATERAL (SELECT timeline_agg(stage, at) AS t FROM (VALUES
         ('new', timestamptz '2026-03-02 09:00Z'), ('customer_message', '2026-03-02 09:00Z'),
         ('agent_reply', '2026-03-02 10:00Z'), (v.solved_as, '2026-03-02 10:00Z')) AS e(stage, at)) AS x,
     sla_reply_pairs(t, jsonb_build_object('stages', jsonb_build_object('solved', v.solved_as))) AS w
ORDER BY solved_as DESC;

-- Priorities: one the policy does not name has no target (NULL verdicts);
-- a target given as a single string applies to every priority; without a
-- default priority a case without a priority event has none either.
SELECT sla_met(t, 'first_reply', p) AS unnamed_priority,
       sla_met(t, 'periodic_update', p) AS every_priority,
       sla_met(t, 'first_reply', p - 'default_priority') AS no_default
FROM sp_policy, (SELECT timeline_agg(stage, at) AS t FROM (VALUES
    ('new', timestamptz '2026-03-02 09:00Z'), ('priority:p9', '2026-03-02 09:00Z'),
    ('agent_reply', '2026-03-02 09:30Z'), ('agent_reply', '2026-03-02 10:00Z'),
    ('solved', '2026-03-02 10:30Z')) AS e(stage, at)) AS x;
SELECT sla_met(t, 'first_reply', p - 'default_priority') AS no_priority
FROM sp_policy, (SELECT timeline_agg(stage, at) AS t FROM (VALUES
    ('new', timestamptz '2026-03-02 09:00Z'), ('agent_reply', '2026-03-02 09:30Z')) AS e(stage, at)) AS x;

-- Priority events at the instants a clock starts and stops: those at the
-- start count as after it, those at the stop as after the stop.  First
-- reply at 10:30 with urgent logged at that instant: stopped under normal
-- (8 hours), met with 6:30 left; urgent logged at 09:00 with the creation
-- and the reply: the urgent hour, 1:00 left.
SELECT v.label, sla_time(t, 'first_reply', p) AS time, sla_met(t, 'first_reply', p) AS met,
       sla_remaining(t, 'first_reply', p) AS remaining
FROM sp_policy, (VALUES
    ('urgent at the stop', ARRAY['new', 'agent_reply', 'priority:urgent'], ARRAY['09:00', '10:30', '10:30']),
    ('urgent at a stop at the start', ARRAY['new', 'priority:urgent', 'agent_reply'], ARRAY['09:00', '09:00', '09:00'])
) AS v(label, stages, times),
     LATERAL (SELECT timeline_agg(stage, ('2026-03-02 ' || at || 'Z')::timestamptz) AS t
              FROM unnest(v.stages, v.times) AS e(stage, at)) AS x
ORDER BY v.label;
-- A clock breached under urgent at 10:00 and then lowered to normal: met
-- stays false with its breach, and the time left is the target in force at
-- the end, normal's 8 hours, less the 2:40 run: 5:20.
SELECT sla_time(t, 'first_reply', p) AS time, sla_met(t, 'first_reply', p) AS met,
       sla_breach_at(t, 'first_reply', p) AS breach_at, sla_remaining(t, 'first_reply', p) AS remaining
FROM sp_policy, (SELECT timeline_agg(stage, at) AS t FROM (VALUES
    ('new', timestamptz '2026-03-02 09:00Z'), ('priority:urgent', '2026-03-02 09:00Z'),
    ('priority:normal', '2026-03-02 10:40Z'), ('agent_reply', '2026-03-02 11:40Z')) AS e(stage, at)) AS x;
-- Clocks without a target under their priority: sla_time counts every
-- clock, the verdicts only those with a target.  Next-reply targets for
-- urgent only, no default: the 8-hour wait from 10:00 has none, the
-- 10-minute wait after urgent at 18:10 has one: time 8:00 (the longest),
-- met (the one with a target), 0:50 left.
SELECT sla_time(t, 'next_reply', q) AS time, sla_met(t, 'next_reply', q) AS met,
       sla_breach_at(t, 'next_reply', q) AS breach_at, sla_remaining(t, 'next_reply', q) AS remaining
FROM (VALUES ('{"next_reply": {"urgent": "1 hour"}}'::jsonb)) AS c(q),
     (SELECT timeline_agg(stage, at) AS t FROM (VALUES
    ('new', timestamptz '2026-03-02 09:00Z'), ('agent_reply', '2026-03-02 09:10Z'),
    ('customer_message', '2026-03-02 10:00Z'), ('agent_reply', '2026-03-02 18:00Z'),
    ('priority:urgent', '2026-03-02 18:10Z'), ('customer_message', '2026-03-02 18:20Z'),
    ('agent_reply', '2026-03-02 18:30Z')) AS e(stage, at)) AS x;

-- A CRM's own names: statuses NEW, OPEN or REOPENED, WAITING, DONE;
-- messages IN and OUT; priorities "P=1", "P=2".  Ticket: NEW 09:00 (P=2),
-- OUT 09:40, WAITING 10:00, IN and REOPENED 13:00, OUT 13:10, DONE 14:00.
-- First reply 40 min against P=2's 1h: met; agent work 09:00-10:00 and
-- 13:00-14:00, 2h; next reply 10 min.
CREATE TABLE sp_crm AS SELECT '{
    "stages": {"new": "NEW", "open": ["OPEN", "REOPENED"], "pending": "WAITING", "solved": "DONE",
               "customer_message": "IN", "agent_reply": "OUT"},
    "priority_prefix": "P=",
    "first_reply": {"1": "15 minutes", "2": "1 hour"}}'::jsonb AS p;
SELECT * FROM sla_vocabulary((SELECT p FROM sp_crm));
SELECT sla_met(t, 'first_reply', p) AS first_reply_met, sla_remaining(t, 'first_reply', p) AS first_reply_left,
       sla_time(t, 'agent_work', p) AS agent_work, sla_time(t, 'next_reply', p) AS next_reply
FROM sp_crm, (SELECT timeline_agg(stage, at) AS t FROM (VALUES
    ('NEW', timestamptz '2026-03-02 09:00Z'), ('P=2', '2026-03-02 09:00Z'), ('OUT', '2026-03-02 09:40Z'),
    ('WAITING', '2026-03-02 10:00Z'), ('IN', '2026-03-02 13:00Z'), ('REOPENED', '2026-03-02 13:00Z'),
    ('OUT', '2026-03-02 13:10Z'), ('DONE', '2026-03-02 14:00Z')) AS e(stage, at)) AS x;

-- NULLs: a NULL timeline, metric or (for verdicts) policy gives NULL; a NULL
-- policy in sla_time, sla_reply_pairs and sla_vocabulary is the default one;
-- no rows for a NULL timeline.
SELECT sla_time(NULL, 'first_reply') IS NULL AS null_timeline,
       sla_time(t, NULL) IS NULL AS null_metric,
       sla_time(t, 'first_reply', NULL) = sla_time(t, 'first_reply') AS null_policy_is_default,
       sla_met(t, 'first_reply', NULL) IS NULL AS null_policy_met,
       sla_breach_at(t, 'first_reply', NULL) IS NULL AS null_policy_breach,
       sla_remaining(t, 'first_reply', NULL) IS NULL AS null_policy_remaining,
       (SELECT count(*) FROM sla_reply_pairs(NULL)) AS pairs_of_null
FROM sp WHERE ticket = 20;
SELECT count(*) AS pairs_with_default_policy FROM sp, sla_reply_pairs(t, NULL) WHERE ticket = 20;
SELECT (SELECT count(*) FROM sla_vocabulary(NULL)) AS roles_of_null_policy,
       (SELECT array_agg(role || ' ' || stages::text ORDER BY role) FROM sla_vocabulary(NULL)) =
       (SELECT array_agg(role || ' ' || stages::text ORDER BY role) FROM sla_vocabulary())
           AS null_policy_vocabulary_is_default;

-- A metric asked again with other arguments in the same row (a summary is
-- kept across calls: each must be told apart by its calendar and as_of).
-- Ticket 21's one wait after the first reply, Friday 16:30 CET to Monday
-- 09:30 CEST: 64h of calendar time; 1h of Berlin 09:00-17:00 hours; 45 min
-- of 09:00-16:45 hours (16:30-16:45 and 09:00-09:30), whose 30 min target
-- runs out Monday at 09:15 CEST (07:15Z).  At Friday 16:40 CET under those
-- hours: 10 min waited, undecided.
SELECT sla_time(t, 'next_reply', p) AS calendar_time,
       sla_time(t, 'next_reply', p, calendar => 'v1 tz=Europe/Berlin mon-fri=09:00-17:00') AS working_time,
       sla_time(t, 'next_reply', p, calendar => 'v1 tz=Europe/Berlin mon-fri=09:00-16:45') AS shorter_days,
       sla_breach_at(t, 'next_reply', p, calendar => 'v1 tz=Europe/Berlin mon-fri=09:00-16:45') AS breach_at,
       sla_time(t, 'next_reply', p) AS calendar_time_again,
       sla_time(t, 'next_reply', p, '2026-03-27 16:40+01', 'v1 tz=Europe/Berlin mon-fri=09:00-16:45') AS by_16_40,
       sla_met(t, 'next_reply', p, '2026-03-27 16:40+01', 'v1 tz=Europe/Berlin mon-fri=09:00-16:45') AS met_by_16_40
FROM sp, sp_policy WHERE ticket = 21;
