-- Bad input to the SLA functions: a clear error with its SQLSTATE naming
-- the value, never a crash.
\i test/sql/include/error_of.psql
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';

-- Policies: an object of metrics (a target, or an object of priorities and
-- targets) and options.  22023 for a wrong shape, an unknown key or a bad
-- target (negative, zero, with days or months) or an empty priority name;
-- 22P02 for a target that is not an interval, 22015 for one beyond the
-- range of an interval (as the cast).  Each names the key.
SELECT policy, pg_temp.error_of(format('SELECT * FROM sla_policy_targets(%L)', policy)) AS result FROM (VALUES
    ('[]'), ('"first_reply"'), ('3'), ('null'), ('{"first_reply": 3600}'), ('{"first_reply": ["1 hour"]}'),
    ('{"first_reply": null}'), ('{"first_reply": {"urgent": 3600}}'), ('{"first_reply": {"urgent": {"a": 1}}}'),
    ('{"first_reply": "4 hourz"}'), ('{"first_reply": {"urgent": "soon"}}'),
    ('{"first_reply": "-1 hour"}'), ('{"first_reply": {"urgent": "0"}}'), ('{"first_reply": "2 days"}'),
    ('{"resolution": "1 mon"}'), ('{"resolution": "1 day -20 hours"}'), ('{"resolution": "99999999999 hours"}'),
    ('{"first_response": "1 hour"}'), ('{"calendar": "v1 tz=UTC"}'), ('{"First_reply": "1 hour"}'),
    ('{"priority_mode": "latest"}'), ('{"priority_mode": true}'), ('{"reopen": "restart"}'),
    ('{"priority_prefix": ""}'), ('{"priority_prefix": 1}'), ('{"default_priority": ["normal"]}'),
    ('{"stages": "solved"}'), ('{"stages": ["solved"]}'), ('{"stages": null}'), ('{"stages": {"resolved": "done"}}'),
    ('{"stages": {"solved": 1}}'), ('{"stages": {"solved": ["done", ["closed"]]}}'),
    ('{"stages": {"pending": "waiting", "on_hold": "waiting"}}'),
    ('{"stages": {"agent_reply": "open"}}'), ('{"first_reply": {"": "1 hour"}}'),
    ('{"priority_prefix": "p"}'), ('{"priority_prefix": "P-", "stages": {"solved": ["done", "P-closed"]}}'),
    -- accepted: targets in hours, minutes and seconds, however written
    ('{"first_reply": "90 minutes", "next_reply": "1:30", "resolution": "PT40H", "agent_work": "1 hour 30 minutes 15.5 seconds"}')
) AS t(policy);
-- IntervalStyle does not change what a policy means: sql_standard would read
-- '-0 1:00' as minus one hour; a policy reads it as +1 hour everywhere.
SET IntervalStyle = 'sql_standard';
SELECT target FROM sla_policy_targets('{"resolution": "-0 1:00"}');
SET IntervalStyle = 'postgres';
-- a role left out of "stages" keeps its default names: open's "closed" is
-- also solved's, and the hint says how to free it
SELECT * FROM sla_policy_targets('{"stages": {"open": "closed"}}');
-- one event given two roles on purpose (a customer reply that reopens the
-- ticket): the hint keeps it the message and logs the status beside it, as
-- docs/sla.md's "Policies" does
SELECT * FROM sla_policy_targets('{"stages": {"customer_message": "customer_replied", "open": ["open", "customer_replied"]}}');
-- two statuses given one name need names of their own (no second row at
-- one instant makes a ticket both pending and on hold); a message given the
-- name the open role keeps by default frees it by giving open too
SELECT * FROM sla_policy_targets('{"stages": {"pending": "waiting", "on_hold": "waiting"}}');
SELECT * FROM sla_policy_targets('{"stages": {"agent_reply": "open"}}');
-- at most 64 priorities over all metrics together: 64 are read, the 65th
-- is refused and named (jsonb reads "resolution" before "first_reply", the
-- shorter key first, and "p64" last of its priorities)
SELECT count(*) AS priorities
FROM sla_policy_targets(jsonb_build_object('first_reply',
    (SELECT jsonb_object_agg('p' || i, '1 hour') FROM generate_series(1, 64) AS i)));
SELECT pg_temp.error_of(format('SELECT * FROM sla_policy_targets(%L)', jsonb_build_object(
    'first_reply', (SELECT jsonb_object_agg('p' || i, '1 hour') FROM generate_series(1, 64) AS i),
    'resolution', '{"p65": "8 hours"}'::jsonb))) AS result;

-- Metrics: the six names, exactly
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT sla_time(''v1''::timeline_state, ''first_response'')'),
    ('SELECT sla_met(''v1''::timeline_state, ''FIRST_REPLY'', ''{}'')'),
    ('SELECT sla_breach_at(''v1''::timeline_state, '''', ''{}'')'),
    ('SELECT sla_remaining(''v1''::timeline_state, ''resolution '', ''{}'')'),
    ('SELECT sla_time(''v1''::timeline_state, ''resolution'')')
) AS t(q);

-- Clocks: a status cannot both run and pause a clock; targets must be
-- positive hours, minutes and seconds; instants must be finite (22008)
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT sla_clock(''v1''::timeline_state, ''{new}'', ''{solved}'', ''{pending,open}'', ''{new,open}'')'),
    ('SELECT sla_clock(''v1''::timeline_state, ''{new}'', ''{solved}'', ''{pending}'', ''{new,open}'', ''infinity'')'),
    ('SELECT sla_clock_status(''v1''::timeline_state, ''{new}'', ''{solved}'', ''-1 hour'')'),
    ('SELECT sla_clock_status(''v1''::timeline_state, ''{new}'', ''{solved}'', ''0'')'),
    ('SELECT sla_clock_status(''v1''::timeline_state, ''{new}'', ''{solved}'', ''1 day'')'),
    ('SELECT sla_time(''v1''::timeline_state, ''resolution'', as_of => ''-infinity'')'),
    ('SELECT sla_met(''v1''::timeline_state, ''resolution'', ''{}'', ''infinity'')'),
    ('SELECT * FROM sla_reply_pairs(''v1''::timeline_state, as_of => ''infinity'')'),
    ('SELECT * FROM timeline_stage_periods(''v1''::timeline_state, until => ''infinity'')'),
    ('SELECT sla_stalled(''v1''::timeline_state, ''-1 hour'', now())'),
    ('SELECT sla_stalled(''v1''::timeline_state, ''3 days'', now())'),
    ('SELECT sla_stalled(''v1''::timeline_state, ''1 hour'', ''infinity'')'),
    -- a bad policy is an error even where the metric would not read it
    ('SELECT sla_time(''v1''::timeline_state, ''resolution'', ''{"first_reply": "soon"}'')')
) AS t(q);
-- a clock running longer than 2^63 microseconds in two pieces (from the
-- first timestamp to 100000-01-01, and from 100001-01-01 to 294276-12-31):
-- 22008; a clock with no timeline: NULL
SELECT pg_temp.error_of($$SELECT sla_clock_status('v1 4714-11-24 00:00:00+00 BC "open", 100000-01-01 00:00:00+00 "closed", 100001-01-01 00:00:00+00 "open", 294276-12-31 00:00:00+00 "closed"',
                                                  '{open}', '{done}', '1 hour', '{closed}', '{open}')$$) AS two_long_pieces,
       sla_clock_status(NULL::timeline_state, '{open}', '{done}', '1 hour') IS NULL AS no_timeline;

-- Windows must end: time in a stage the case is still in would be infinite
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT timeline_time_in_window(''v1''::timeline_state, ''{open}'', tstzrange(''2026-03-02'', NULL))'),
    ('SELECT timeline_time_in_window(''v1''::timeline_state, ARRAY[''open''], tstzrange(''2026-03-02'', ''infinity''))'),
    ('SELECT timeline_time_in_window(''v1''::timeline_state, ''{open}'', tstzrange(''2026-03-03'', ''2026-03-02''))'),
    ('SELECT timeline_time_in_window(''v1''::timeline_state, ''{open}'', tstzrange(''-infinity'', ''2026-03-02''))')
) AS t(q);

-- Stage and status lists are lists: a 2-D array is an error (22023) naming
-- the argument
SELECT q AS query, pg_temp.error_of(q) AS result FROM (VALUES
    ('SELECT sla_clock(''v1 2026-03-02 09:00:00+00 "new"''::timeline_state, ''{{new}}'', ''{solved}'')'),
    ('SELECT sla_clock(''v1 2026-03-02 09:00:00+00 "new"''::timeline_state, ''{new}'', ''{solved}'', paused => ''{{pending},{hold}}'')'),
    -- both lists bad: the first in argument order is named
    ('SELECT sla_clock(''v1 2026-03-02 09:00:00+00 "new"''::timeline_state, ''{new}'', ''{solved}'', ''{{pending},{hold}}'', ''{{open},{work}}'')'),
    ('SELECT sla_clock_status(''v1 2026-03-02 09:00:00+00 "new"''::timeline_state, ''{new}'', ''{{solved}}'', ''1 hour'')'),
    ('SELECT timeline_stage_at(''v1 2026-03-02 09:00:00+00 "new"''::timeline_state, ''2026-03-03'', ''{{new}}'')'),
    ('SELECT * FROM timeline_stage_periods(''v1 2026-03-02 09:00:00+00 "new"''::timeline_state, statuses => ''{{new}}'')'),
    ('SELECT timeline_time_in_window(''v1 2026-03-02 09:00:00+00 "new"''::timeline_state, ARRAY[[''new'']], tstzrange(''2026-03-02'', ''2026-03-03''))')
) AS t(q);

-- Working time through a calendar: its errors (the deadline of a target
-- that a calendar without working hours never reaches is no breach)
SELECT sla_clock_status(t, '{new}', '{solved}', '1 hour', calendar => 'v1 tz=UTC'::business_calendar) AS no_working_hours
FROM (SELECT timeline_agg(stage, at) AS t FROM (VALUES ('new', timestamptz '2026-03-02 09:00Z'),
      ('solved', '2026-03-09 09:00Z')) AS e(stage, at)) AS x;
